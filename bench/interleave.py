#!/usr/bin/env python3
# Interleaved timing: each of N rounds runs every command once (so that a slow
# moment of a shared machine weighs on all alike), then prints per command the
# median and minimum wall time and CPU time (user + system of the child).
#   bench/interleave.py N "command A" "command B" ...
import subprocess, sys, time, statistics, resource
n=int(sys.argv[1]); cmds=sys.argv[2:]
t={c:[] for c in cmds}
for i in range(n):
    for c in cmds:
        r0=resource.getrusage(resource.RUSAGE_CHILDREN)
        s=time.perf_counter(); subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); e=time.perf_counter()
        r1=resource.getrusage(resource.RUSAGE_CHILDREN)
        t[c].append((e-s, r1.ru_utime-r0.ru_utime + r1.ru_stime-r0.ru_stime))
for c in cmds:
    w=[x[0] for x in t[c]]; u=[x[1] for x in t[c]]
    print(f"wall median {statistics.median(w):.3f} min {min(w):.3f} | cpu median {statistics.median(u):.3f} min {min(u):.3f} | {c[:80]}")
