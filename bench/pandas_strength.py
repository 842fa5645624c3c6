#!/usr/bin/env python3
"""pandas as a comparator of `muster strength LOG --on DAY --by country` on a
plain log (bench/README.md, "What the comparators simplify"): the sum of
arrivals minus departures dated up to DAY, by country, where not zero.

    python3 bench/pandas_strength.py LOG DAY

Prints `country,n` lines in country order on standard output, and on standard
error `engine_seconds S`: the time from before read_csv to the answer in hand,
the interpreter's start-up and pandas' import excluded.
"""
import sys
import time

import pandas as pd


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: pandas_strength.py LOG DAY", file=sys.stderr)
        return 2
    log, day = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    rows = pd.read_csv(log, usecols=["kind", "date", "country", "count"],
                       dtype={"kind": "category", "date": str, "country": str,
                              "count": "int64"},
                       engine="c", keep_default_na=False)
    seen = rows[rows["date"] <= day]
    signed = seen["count"].where(seen["kind"] == "arrival", -seen["count"])
    sums = signed.groupby(seen["country"]).sum()
    sums = sums[sums != 0].sort_index()
    t1 = time.perf_counter()
    sys.stdout.write("".join(f"{c},{n}\n" for c, n in sums.items()))
    print(f"engine_seconds {t1 - t0}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
