#!/usr/bin/env bash
# safefs grep -F -l vs ripgrep (and grep -r) over 1 GB of text in 50,000 files (mktree.py --content 20000), warm.
# Two literals: one absent (every byte is scanned) and one on the first line of every file.
# usage: bench/grep/run.sh [--clean]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS="$HERE/../../bin/safefs"
MKTREE=${MKTREE:-$HERE/../../../shared/peers/mktree.py}   # shared/ beside the checkout
TREE=${SAFEFS_BENCH_TEXT:-/tmp/safefs-bench/text1g}
. "$HERE/../lib-timing.sh"
for tool in rg grep python3 bc; do
  command -v $tool >/dev/null || { echo "missing: $tool (install ripgrep, grep, python3, bc)" >&2; exit 1; }
done
if [ ! -f "$TREE.complete" ]; then
  echo "making $TREE (50,000 files of 20,000 bytes)" >&2
  rm -rf "$TREE"
  python3 "$MKTREE" "$TREE" 50000 --content 20000 >/dev/null
  touch "$TREE.complete"
fi
"$SAFEFS" --version >/dev/null
cat "$(find "$TREE" -type f | head -1)" >/dev/null
rg -l xylophone "$TREE" >/dev/null || true  # warm the page cache
echo "data: $(du -sh "$TREE" | cut -f1) in $(find "$TREE" -type f | wc -l) files"

for lit in xylophone lambda; do
  a=$({ "$SAFEFS" grep -F -l "$lit" "$TREE" || true; } | sort | md5sum)   # exit 1: nothing matched
  b=$({ rg -F -l "$lit" "$TREE" || true; } | sort | md5sum)
  [ "$a" = "$b" ] || { echo "results differ for $lit" >&2; exit 1; }
done

bench_add "safefs grep -F -l xylophone" "$SAFEFS" grep -F -l xylophone "$TREE"
bench_add "rg -F -l xylophone" rg -F -l xylophone "$TREE"
bench_add "grep -rlF xylophone" grep -rlF xylophone "$TREE"
bench_add "safefs grep -F -l lambda" "$SAFEFS" grep -F -l lambda "$TREE"
bench_add "rg -F -l lambda" rg -F -l lambda "$TREE"
bench_run
bench_table
echo "safefs/rg, absent literal (full scan):  $(bench_ratio "safefs grep -F -l xylophone" "rg -F -l xylophone")x wall, $(bench_cpu_ratio "safefs grep -F -l xylophone" "rg -F -l xylophone")x cpu   (target <= 1.5)"
echo "safefs/rg, literal in every file:       $(bench_ratio "safefs grep -F -l lambda" "rg -F -l lambda")x wall, $(bench_cpu_ratio "safefs grep -F -l lambda" "rg -F -l lambda")x cpu"
echo "safefs/grep -r, absent literal:         $(bench_ratio "safefs grep -F -l xylophone" "grep -rlF xylophone")x wall, $(bench_cpu_ratio "safefs grep -F -l xylophone" "grep -rlF xylophone")x cpu"
if [ "${1:-}" = "--clean" ]; then rm -rf "$TREE" "$TREE.complete"; fi
