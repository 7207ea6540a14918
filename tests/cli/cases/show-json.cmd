faketime -f '2026-05-10 09:00:00' $PT -d ../../data show III.2 --format json
