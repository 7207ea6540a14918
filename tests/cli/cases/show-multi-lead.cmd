faketime -f '2026-05-10 09:00:00' $PT -d ../../data show v.9
