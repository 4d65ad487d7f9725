#!/usr/bin/env bash
# safefs find vs GNU find and fd on a 1,000,000-file mktree.py tree (10,100 directories), warm cache.
# usage: bench/find/run.sh [--clean]   (the tree is made once under /tmp and reused; --clean deletes it at the end)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS="$HERE/../../bin/safefs"
MKTREE=${MKTREE:-$HERE/../../../shared/peers/mktree.py}   # shared/ beside the checkout
TREE=${SAFEFS_BENCH_TREE:-/tmp/safefs-bench/tree1m}
. "$HERE/../lib-timing.sh"
for tool in find fdfind python3 bc; do
  command -v $tool >/dev/null || { echo "missing: $tool (install findutils, fd-find, python3, bc)" >&2; exit 1; }
done
if [ ! -f "$TREE.complete" ]; then
  echo "making $TREE (1,000,000 files; takes a few minutes, once)" >&2
  rm -rf "$TREE"
  python3 "$MKTREE" "$TREE" 1000000 >/dev/null
  touch "$TREE.complete"
fi
"$SAFEFS" --version >/dev/null            # build the jar first, outside the timings
find "$TREE" >/dev/null                   # warm the dentry cache

n_safefs=$("$SAFEFS" find "$TREE" --glob '*.csv' | wc -l)
n_find=$(find "$TREE" -name '*.csv' | wc -l)
n_fd=$(fdfind -u -g '*.csv' "$TREE" | wc -l)
echo "matches: safefs $n_safefs, find $n_find, fd $n_fd"
[ "$n_safefs" = "$n_find" ] && [ "$n_fd" = "$n_find" ] || { echo "result counts differ" >&2; exit 1; }

bench_add "safefs find --glob '*.csv'" "$SAFEFS" find "$TREE" --glob '*.csv'
bench_add "find -name '*.csv'" find "$TREE" -name '*.csv'
bench_add "fdfind -u -g '*.csv'" fdfind -u -g '*.csv' "$TREE"
bench_run
bench_table
echo "safefs/find: $(bench_ratio "safefs find --glob '*.csv'" "find -name '*.csv'")x wall, $(bench_cpu_ratio "safefs find --glob '*.csv'" "find -name '*.csv'")x cpu   (target <= 1.0)"
echo "safefs/fd:   $(bench_ratio "safefs find --glob '*.csv'" "fdfind -u -g '*.csv'")x wall, $(bench_cpu_ratio "safefs find --glob '*.csv'" "fdfind -u -g '*.csv'")x cpu   (target < 1.0)"
if [ "${1:-}" = "--clean" ]; then rm -rf "$TREE" "$TREE.complete"; fi
