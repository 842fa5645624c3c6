"""The Python module against the library in C++, both in one process and one
run (issue 27's targets; figures, not assertions):

- read_log of a 10^6-row log (muster generate --rows 1000000) against the
  C++ read_log of the same file;
- Log.strength(by="country") on it, once read, against the same query in
  C++ (a Timeline of the view built, then strength_by country), by section
  5 (parts_only=True) and by section 8 (the default): the first ask of a
  view builds its index in both; the module keeps the index for the next
  ask of that view (the best of three more asks also shown);
- series of 10^5 rows into a DataFrame (target: under 50 ms).

The C++ side is muster._native._time_in_cpp: the library's calls timed in
C++ with the GIL released, nothing of Python in between.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_module.py build/src/cli/muster [ROWS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import muster
from muster import _native


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main() -> int:
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/muster"
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    repeat = int(os.environ.get("REPEAT", "5"))
    on = "2015-06-30"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "generated.csv")
        with open(path, "wb") as f:
            subprocess.run([cli, "generate", "--rows", str(rows)], stdout=f, check=True)
        print(f"log: muster generate --rows {rows:,} ({os.path.getsize(path) / 1e6:.0f} MB); best and median of {repeat}")
        for parts_only in (True, False):
            label = "section 5 (parts_only=True)" if parts_only else "section 8 (default)"
            cpp_read, cpp_query = [], []
            py_read, py_query, py_again = [], [], []
            for _ in range(repeat):  # alternate the two sides, so that neither has the warmer cache
                r, q = _native._time_in_cpp(path, on, parts_only)
                cpp_read.append(r)
                cpp_query.append(q)
                t = time.perf_counter()
                log = muster.read_log(path)
                py_read.append(time.perf_counter() - t)
                t = time.perf_counter()
                log.strength(on, by="country", parts_only=parts_only)
                py_query.append(time.perf_counter() - t)
                # Asked again, the view's index is kept; the library builds the
                # merged tracks of every country at the second such ask
                # (Index::country_tracks_pay): the third and later show what a
                # notebook pays per ask.
                for _ in range(3):
                    t = time.perf_counter()
                    df = log.strength(on, by="country", parts_only=parts_only)
                    py_again.append(time.perf_counter() - t)
                del log
            print(f"\n{label}:")
            for name, c, p in (("read_log", cpp_read, py_read), ("strength by country", cpp_query, py_query)):
                print(f"  {name:<22} C++ {min(c) * 1e3:9.1f} ms (median {statistics.median(c) * 1e3:9.1f})   "
                      f"Python {min(p) * 1e3:9.1f} ms (median {statistics.median(p) * 1e3:9.1f})   "
                      f"ratio {min(p) / min(c):5.3f}")
            print(f"  strength asked again (index kept)  Python {min(py_again) * 1e3:9.3f} ms; "
                  f"{len(df)} groups")

        log = muster.read_log(path)
        # About 10^5 rows: every day of a span, by country.
        groups = len(log.strength(on, parts_only=True))
        days = max(1, 100_000 // max(groups, 1))
        start = "2010-01-01"
        end = str((__import__("datetime").date(2010, 1, 1) + __import__("datetime").timedelta(days=days - 1)))
        log.series(start, start, step="day", parts_only=True)  # the view's index built once
        df_holder = {}

        def run():
            df_holder["df"] = log.series(start, end, step="day", parts_only=True)

        b, m = best(run, repeat)
        print(f"\nseries {start} to {end} by day, by country: {len(df_holder['df']):,} rows into a DataFrame in "
              f"{b * 1e3:.1f} ms (median {m * 1e3:.1f}; target under 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
