#!/usr/bin/env python3
"""crash_append.py MUSTER [SEED]: `muster append` killed with SIGKILL.

Rows of about 100 bytes, 120 KB (one user cell) and 5 MB (45 user cells of
120 KB: an argument holds at most 128 KiB) are appended and killed at random
moments: half after a random delay within the time an append takes, half
aimed at the moment the file starts to grow (its size polled; the kill sent
as soon as it changes). After each kill:

- `muster check` and `muster strength` read the log (exit 0: never refused);
- every acknowledged row is there once (each row is an arrival of 1 to a
  mission of its own, so `strength --by mission` shows each row's mission at
  1; 2 would be a row doubled), and what was read before is read again (a
  killed row that was read stays; one that was not never appears);
- the next append succeeds (and is acknowledged).

Prints the counts; exits 1 on the first failure (docs/durability.md).
"""
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time

muster = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 23)
CELL = 120_000
BIG_CELLS = 45
columns = ["id", "kind", "date", "mission", "country", "component", "count", "low", "high",
           "status", "recorded", "supersedes", "source", "note"] + [f"x_c{i}" for i in range(1, BIG_CELLS + 1)]
header = ",".join(columns) + "\n"

# 45 arguments of 120 KB: more than the default 2 MB of arguments (a quarter
# of the stack limit), so the stack limit is raised for the children.
try:
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    want = 64 << 20
    if hard == resource.RLIM_INFINITY or hard >= want:
        resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
except (ValueError, OSError):
    pass

work = tempfile.mkdtemp(prefix="muster-crash-")
log = os.path.join(work, "log.csv")
journal = log + ".muster-append"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    print(f"(the log is kept in {work})", file=sys.stderr)
    sys.exit(1)


def row_args(name, size):
    args = [muster, "append", log, "--kind", "arrival", "--date", "2025-01-18", "--mission", name,
            "--country", "KEN", "--component", "police", "--count", "1", "--id", name.lower(),
            "--source", "crash test"]
    if size == "100 B":
        args += ["--x", "c1=" + "s" * 20]
    elif size == "120 KB":
        args += ["--x", "c1=" + "m" * CELL]
    else:
        for i in range(1, BIG_CELLS + 1):
            args += ["--x", f"c{i}=" + chr(ord("a") + i % 26) * CELL]
    return args


def run(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def missions():
    """The missions the log holds, each with its strength, as muster reads it."""
    r = run([muster, "check", log])
    if r.returncode != 0:
        fail(f"check refused the log (exit {r.returncode}): {r.stderr[:500]}")
    r = run([muster, "strength", log, "--on", "2025-12-31", "--by", "mission", "--format", "csv"])
    if r.returncode != 0:
        fail(f"strength refused the log (exit {r.returncode}): {r.stderr[:500]}")
    out = {}
    for line in r.stdout.splitlines()[1:]:
        name, estimate = line.split(",")[:2]
        out[name] = int(estimate)
    return out


counts = {"kills": 0, "aimed": 0, "random": 0, "killed mid-row": 0, "killed rows kept": 0,
          "acknowledged": 0, "refused": 0, "lost": 0, "doubled": 0, "next append failed": 0}
by_size = {}
acked = set()
seen = {}  # mission -> strength, as last read
serial = 0


def fresh_log():
    global acked, seen
    with open(log, "w") as f:
        f.write(header)
    if os.path.exists(journal):
        os.remove(journal)
    acked, seen = set(), {}


def verify(killed_name):
    global seen
    now = missions()
    for name, n in now.items():
        if n != 1:
            counts["doubled"] += 1
            fail(f"mission {name} at {n}: a row doubled")
    for name in acked:
        if name not in now:
            counts["lost"] += 1
            fail(f"acknowledged row {name} lost")
    for name in seen:
        if name not in now:
            fail(f"row {name} was read before and is gone now")
    extra = set(now) - set(seen) - acked - ({killed_name} if killed_name else set())
    if extra:
        fail(f"rows that were never appended: {sorted(extra)}")
    seen = now


def append_next():
    """A small append that must succeed."""
    global serial
    serial += 1
    name = f"N{serial}"
    r = run(row_args(name, "100 B"))
    if r.returncode != 0 or not r.stdout.startswith(name.lower() + " "):
        counts["next append failed"] += 1
        fail(f"the append after a kill failed (exit {r.returncode}): {r.stderr[:500]}")
    acked.add(name)
    counts["acknowledged"] += 1


def duration(size):
    """How long one whole append of `size` takes here (seconds)."""
    global serial
    serial += 1
    name = f"C{serial}"
    t0 = time.monotonic()
    r = run(row_args(name, size))
    took = time.monotonic() - t0
    if r.returncode != 0:
        fail(f"an append of {size} failed (exit {r.returncode}): {r.stderr[:500]}")
    acked.add(name)
    counts["acknowledged"] += 1
    verify(None)
    return took


def trial(size, aimed, span):
    global serial
    serial += 1
    name = f"T{serial}"
    args = row_args(name, size)
    before = os.stat(log).st_size
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if aimed:
        deadline = time.monotonic() + 30
        while p.poll() is None and os.stat(log).st_size == before and time.monotonic() < deadline:
            pass
    else:
        time.sleep(rng.uniform(0, span))
    try:
        p.send_signal(signal.SIGKILL)
    except ProcessLookupError:
        pass
    out, _ = p.communicate()
    counts["kills"] += 1
    counts["aimed" if aimed else "random"] += 1
    by_size[size] = by_size.get(size, 0) + 1
    if p.returncode == 0:
        if not out.startswith(name.lower() + " "):
            fail(f"exit 0 without the acknowledgement: {out!r}")
        acked.add(name)
        counts["acknowledged"] += 1
    # A row cut short on disk: a journal records a shorter length.
    try:
        with open(journal) as f:
            text = f.read()
        if text.startswith("muster-append v1 length="):
            length = int(text[len("muster-append v1 length="):].split()[0])
            if os.stat(log).st_size > length:
                counts["killed mid-row"] += 1
    except (OSError, ValueError):
        pass
    verify(name)
    if name in seen and p.returncode != 0:
        counts["killed rows kept"] += 1
    append_next()  # verified with the next kill


plan = [("100 B", 90), ("120 KB", 80), ("5 MB", 30)]
start = time.monotonic()
phase_took = {}
for size, kills in plan:
    t_phase = time.monotonic()
    fresh_log()
    span = duration(size) * 1.2
    for k in range(kills):
        if size == "5 MB" and os.stat(log).st_size > (6 << 20):
            verify(None)
            fresh_log()
        trial(size, aimed=(k % 2 == 0), span=span)
    phase_took[size] = time.monotonic() - t_phase
verify(None)
took = time.monotonic() - start

print(f"kills: {counts['kills']} ({counts['aimed']} aimed at the file's first growth, "
      f"{counts['random']} at random moments); by row size: " +
      ", ".join(f"{s} {n}" for s, n in by_size.items()))
print(f"killed with part of the row written: {counts['killed mid-row']}; "
      f"killed after the row was complete (kept, not acknowledged): {counts['killed rows kept']}")
print(f"logs refused: {counts['refused']}; acknowledged rows lost: {counts['lost']}, "
      f"doubled: {counts['doubled']}; next appends failed: {counts['next append failed']} "
      f"(of {counts['acknowledged']} acknowledged appends); {took:.1f} s (" +
      ", ".join(f"{s} {t:.1f} s" for s, t in phase_took.items()) + ")")
subprocess.run(["rm", "-rf", work])
