#!/usr/bin/env python3
"""starvation.py MUSTER [READERS=8] [APPENDS=50] [ROWS=100000] [same|copy]: are appends starved?

A log of ROWS rows (`muster generate --rows ROWS --seed 1 --plain`); READERS
processes loop `muster strength LOG --on 2010-06-30` on it while APPENDS
`muster append`s run one after the other. Prints each append's wall time
(process start to exit: the wait for the lock plus the append itself), the
time of one append with no reader, the median and the worst, and how many
reads the readers finished meanwhile. docs/durability.md has the figures.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

muster = sys.argv[1]
readers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
appends = int(sys.argv[3]) if len(sys.argv) > 3 else 50
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
readers_on_copy = len(sys.argv) > 5 and sys.argv[5] == "copy"

work = tempfile.mkdtemp(prefix="muster-starve-")
log = os.path.join(work, "log.csv")
with open(log, "w") as f:
    subprocess.run([muster, "generate", "--rows", str(rows), "--seed", "1", "--plain"], stdout=f,
                   check=True)


def append(i):
    t0 = time.monotonic()
    r = subprocess.run([muster, "append", log, "--kind", "arrival", "--date", "2025-12-31",
                        "--mission", "MSS", "--country", "KEN", "--component", "police", "--count",
                        "1", "--source", "starvation bench", "--id", f"starve-{i}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"append {i} failed: {r.stderr}")
    return took


alone = min(append(f"alone-{k}") for k in range(3))
read_log = log
if readers_on_copy:
    read_log = os.path.join(work, "copy.csv")
    subprocess.run(["cp", log, read_log], check=True)

loop = f'n=0; while [ ! -e "{work}/stop" ]; do "{muster}" strength "{read_log}" --on 2010-06-30 > /dev/null || exit 1; n=$((n+1)); done; echo $n'
procs = [subprocess.Popen(["bash", "-c", loop], stdout=subprocess.PIPE, text=True) for _ in range(readers)]
waits = []
try:
    time.sleep(2)  # the readers are all reading
    for i in range(appends):
        waits.append(append(i))
        print(f"append {i + 1:2d}: {waits[-1]:.3f} s", flush=True)
finally:  # the readers stop even where this script is stopped
    open(os.path.join(work, "stop"), "w").close()
reads = 0
for p in procs:
    out, _ = p.communicate()
    if p.returncode != 0:
        sys.exit("a reader failed")
    reads += int(out.strip() or 0)
subprocess.run(["rm", "-rf", work])
print(f"{readers} readers looping{' on a copy' if readers_on_copy else ''}, {appends} appends to a log of {rows} rows: "
      f"alone {alone:.3f} s; with the readers median {statistics.median(waits):.3f} s, "
      f"worst {max(waits):.3f} s; {reads} reads finished meanwhile")
