#!/usr/bin/env python3
"""Median wall times of glossa commands, in ms (the edit benchmark's clock).

  timeit.py RUNS NAME -- CMD... [-- UNDO...]

Runs CMD (and then UNDO, when given, timed apart) RUNS times and prints
"NAME median_ms [undo_median_ms]". A failing command fails the run.
time(1) counts in 10 ms steps and a shell timer adds its own forks; this
starts the process directly and reads a monotonic clock around it.
"""
import statistics
import subprocess
import sys
import time


def once(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t1 = time.perf_counter()
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    return (t1 - t0) * 1000


runs = int(sys.argv[1])
name = sys.argv[2]
rest = sys.argv[4:]
if "--" in rest:
    i = rest.index("--")
    cmd, undo = rest[:i], rest[i + 1:]
else:
    cmd, undo = rest, None
a, b = [], []
for _ in range(runs):
    a.append(once(cmd))
    if undo:
        b.append(once(undo))
out = [name, "%.1f" % statistics.median(a)]
if undo:
    out.append("%.1f" % statistics.median(b))
print(" ".join(out))
