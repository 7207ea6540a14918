# show's reports line is as of today: the clock is pinned.
faketime -f '2026-05-10 09:00:00' $PT -d ../../data show II.3
