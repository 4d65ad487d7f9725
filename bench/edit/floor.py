#!/usr/bin/env python3
"""The floor of an atomic replace of FILE by a copy of itself: only the system calls no such replace can avoid.

copy_file_range(2) in 16 MB runs into a temp beside FILE, the writeback of each run started (sync_file_range(2),
as safefs does; without it ext4 starts all of it at the rename over FILE), rename(2) over FILE, close(2) of the
replaced file (which frees its blocks). No search, no hashing, no fsync, no JVM: what `safefs patch --no-fsync`
cannot go under. The content is unchanged, so the benchmark's checksum of FILE still holds.
usage: floor.py FILE      (prints the seconds of each step on stderr)
"""
import ctypes
import os
import sys
import time

RUN = 16 << 20
SYNC_FILE_RANGE_WRITE = 2
libc = ctypes.CDLL(None, use_errno=True)
libc.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]

path = sys.argv[1]
tmp = os.path.join(os.path.dirname(os.path.abspath(path)), "." + os.path.basename(path) + ".floor-tmp")
t0 = time.monotonic()
src = os.open(path, os.O_RDONLY)
dst = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, os.fstat(src).st_mode & 0o7777)
size = os.fstat(src).st_size
off = 0
while off < size:
    n = os.copy_file_range(src, dst, min(RUN, size - off), off)
    if n <= 0:
        sys.exit("copy_file_range stopped at %d of %d bytes" % (off, size))
    libc.sync_file_range(dst, off, n, SYNC_FILE_RANGE_WRITE)
    off += n
t1 = time.monotonic()
os.rename(tmp, path)
t2 = time.monotonic()
os.close(dst)
os.close(src)  # the last reference to the replaced file: its blocks are freed here
t3 = time.monotonic()
print("copy %.3f rename %.3f close %.3f" % (t1 - t0, t2 - t1, t3 - t2), file=sys.stderr)
