#!/usr/bin/env python3
"""Recreates the *.log files of a mktree.py tree (same names, 40 days old) after a purge removed them.
usage: restore_logs.py ROOT FILES [FANOUT]"""
import os, sys, time
root, total = sys.argv[1], int(sys.argv[2])
fanout = int(sys.argv[3]) if len(sys.argv) > 3 else 100
old = time.time() - 40 * 86400
made = 0
d = 0
n = 0
while made < total:
    sub = os.path.join(root, f"d{d // fanout:04d}", f"s{d % fanout:03d}")
    for j in range(min(fanout, total - made)):
        i = made
        if i % 7 == 0:
            p = os.path.join(sub, f"file{i:07d}.log")
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.close(fd)
            os.utime(p, (old, old))
            n += 1
        made += 1
    d += 1
print(f"restored {n} .log files under {root}")
