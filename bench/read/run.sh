#!/usr/bin/env bash
# safefs read of lines 40,000,000-40,000,050 of a 5.76 GB text file (80,000,000 lines of 72 bytes) with the heap
# capped at 64 MB, warm cache; throughput = bytes before the window / wall time. Peers: sed and tail+head.
# usage: bench/read/run.sh [--clean]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS="$HERE/../../bin/safefs"
FILE=${SAFEFS_BENCH_BIGFILE:-/tmp/safefs-bench/big5g.txt}
. "$HERE/../lib-timing.sh"
if [ ! -f "$FILE.complete" ]; then
  echo "making $FILE (5.76 GB)" >&2
  mkdir -p "$(dirname "$FILE")"
  seq -f 'line %012.0f the quick brown fox jumps over the lazy dog again and' 1 80000000 > "$FILE"
  touch "$FILE.complete"
fi
"$SAFEFS" --version >/dev/null
cat "$FILE" >/dev/null   # warm the page cache (the machine has the memory for it)

expected=$(sed -n '40000000,40000050p;40000051q' "$FILE" | md5sum)
actual=$(SAFEFS_JAVA_OPTS=-Xmx64m "$SAFEFS" read "$FILE" --offset 40000000 --limit 51 2>/dev/null | md5sum)
[ "$expected" = "$actual" ] || { echo "safefs read gave other lines than sed" >&2; exit 1; }

export SAFEFS_JAVA_OPTS=-Xmx64m
bench_add "safefs read --offset 40000000 --limit 51" "$SAFEFS" read "$FILE" --offset 40000000 --limit 51
bench_add "sed -n '40000000,40000050p;40000051q'" sed -n '40000000,40000050p;40000051q' "$FILE"
bench_add "tail -n +40000000 | head -n 51" sh -c "tail -n +40000000 '$FILE' | head -n 51"
bench_run
bench_table
bytes=$((39999999 * 72))
t=$(bench_median "safefs read --offset 40000000 --limit 51")
echo "safefs read: $(echo "scale=2; $bytes / $t / 1000000000" | bc -l) GB/s over the $(echo "scale=2; $bytes/1000000000" | bc) GB before the window, heap -Xmx64m (target >= 1.5)"
echo "safefs/sed: $(bench_ratio "safefs read --offset 40000000 --limit 51" "sed -n '40000000,40000050p;40000051q'")x wall, $(bench_cpu_ratio "safefs read --offset 40000000 --limit 51" "sed -n '40000000,40000050p;40000051q'")x cpu"
if [ "${1:-}" = "--clean" ]; then rm -f "$FILE" "$FILE.complete"; fi
