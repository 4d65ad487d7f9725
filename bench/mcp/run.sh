#!/usr/bin/env bash
# MCP server throughput: the same client (official TypeScript SDK) and the same call mix (../shared/peers/
# mcp_bench.mjs: write_file, read_text_file, edit_file, list_directory, get_file_info) against the official
# filesystem server (no fsync) and safefs serve (fsync of file and directory on every write, every change recorded
# in the journal), alternating, in one run. Prints calls/s of each and the ratio.
# usage: bench/mcp/run.sh [CALLS] [ROUNDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS_HOME="$(cd "$HERE/../.." && pwd)"
PEERS="${PEERS_HOME:-$HOME/.cache/safefs-peers}"
BENCH="$PEERS/mcp_bench.mjs"
[ -f "$BENCH" ] || BENCH="$SAFEFS_HOME/../shared/peers/mcp_bench.mjs"
OFFICIAL="$PEERS/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"
CALLS="${1:-2000}"
ROUNDS="${2:-3}"
WORK="$(mktemp -d /tmp/safefs-mcp-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
"$SAFEFS_HOME/bin/safefs" --version >/dev/null   # build once, outside the timings

run() { # name dir cmd...
  local name=$1 dir=$2; shift 2
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$PEERS" && node "$BENCH" "$dir" "$CALLS" -- "$@") | sed -n 's/.*calls_per_s=\([0-9]*\).*/\1/p'
}

# The disk's durable-write cost in the same run, for context: the C baseline (open, write, fsync, rename, fsync dir).
durable_c() {
  if [ -x "$PEERS/atomic_c" ]; then
    mkdir -p "$WORK/c"
    local t0 t1
    t0=$(date +%s%N); "$PEERS/atomic_c" "$WORK/c" 400 1100; t1=$(date +%s%N)
    awk -v n=400 -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }'
  else
    echo "n/a"
  fi
}

# The journal's floor in the same run: safefs's recorded replace as bare system calls in C (recorded_floor.c: the
# replace plus the before-content's link, the record, and their flushes, with no hashing, locking or JVM).
RECORDED="$WORK/recorded_floor"
cc -O2 -pthread -o "$RECORDED" "$HERE/recorded_floor.c" 2>/dev/null || RECORDED=""
recorded_c() {
  if [ -n "$RECORDED" ]; then
    rm -rf "$WORK/rc"
    "$RECORDED" "$WORK/rc" 400 | sed -n 's/.*per_s=\([0-9]*\).*/\1/p'
  else
    echo "n/a"
  fi
}

# The per-call floor: the same client calling safefs serve's cheapest tool (floor.mjs), no file touched.
FLOOR="$PEERS/safefs-floor.mjs"   # beside the peers' node_modules, where its imports resolve
cp "$HERE/floor.mjs" "$FLOOR"
floor_calls() { # dir
  mkdir -p "$1"
  (cd "$PEERS" && node "$FLOOR" "$CALLS" -- "$SAFEFS_HOME/bin/safefs" serve --no-journal "$1") |
    sed -n 's/.*calls_per_s=\([0-9]*\).*/\1/p'
}

best_official=0; best_safefs=0; best_nojournal=0; best_floor=0; best_c=0; best_rc=0
for i in $(seq "$ROUNDS"); do
  o=$(run official "$WORK/official" node "$OFFICIAL" "$WORK/official")
  s=$(run safefs "$WORK/safefs" "$SAFEFS_HOME/bin/safefs" serve --state "$WORK/state" "$WORK/safefs")
  n=$(run safefs-nj "$WORK/safefs-nj" "$SAFEFS_HOME/bin/safefs" serve --no-journal "$WORK/safefs-nj")
  c=$(durable_c)
  rc=$(recorded_c)
  f=$(floor_calls "$WORK/floor")
  echo "round $i: official ${o} calls/s | safefs serve ${s} calls/s | safefs serve --no-journal ${n} calls/s" \
    "| C durable replaces ${c}/s | C recorded replaces ${rc}/s | safefs serve's cheapest call ${f} calls/s"
  [ "${o:-0}" -gt "$best_official" ] && best_official=$o
  [ "${s:-0}" -gt "$best_safefs" ] && best_safefs=$s
  [ "${n:-0}" -gt "$best_nojournal" ] && best_nojournal=$n
  [ "${f:-0}" -gt "$best_floor" ] && best_floor=$f
  [ "$c" != n/a ] && [ "${c:-0}" -gt "$best_c" ] && best_c=$c
  [ "$rc" != n/a ] && [ "${rc:-0}" -gt "$best_rc" ] && best_rc=$rc
done
ratio() { awk -v s="$1" -v o="$best_official" 'BEGIN { printf "%.2f", (o > 0 ? s / o : 0) }'; }
echo "best of $ROUNDS x $CALLS calls: official $best_official calls/s (no fsync)"
echo "  safefs serve (fsync file+dir on every write, journal on): $best_safefs calls/s, ratio $(ratio "$best_safefs")x"
echo "  safefs serve --no-journal (fsync file+dir on every write): $best_nojournal calls/s," \
  "ratio $(ratio "$best_nojournal")x"
if [ "$best_floor" -gt 0 ] && [ "$best_c" -gt 0 ]; then
  # the mix is sequential and 2 of its 5 calls are durable replaces: a server whose every call cost no more than its
  # cheapest one, plus a C durable replace for each of those two, takes 5 cheapest calls + 2 C replaces per 5 calls
  floor=$(awk -v f="$best_floor" -v c="$best_c" 'BEGIN { printf "%.0f", 5 / (5 / f + 2 / c) }')
  echo "floor: cheapest call $best_floor calls/s, C durable replaces $best_c/s: calls costing no more than the" \
    "cheapest one plus a C durable replace per write make $floor calls/s, ratio $(ratio "$floor")x (before any journal)"
fi
if [ "$best_floor" -gt 0 ] && [ "$best_rc" -gt 0 ]; then
  # the same with the journal: each of the two changes a C recorded replace (record and before-content durable)
  jfloor=$(awk -v f="$best_floor" -v c="$best_rc" 'BEGIN { printf "%.0f", 5 / (5 / f + 2 / c) }')
  echo "floor with the journal: C recorded replaces $best_rc/s: calls costing no more than the cheapest one plus a" \
    "C recorded replace per write make $jfloor calls/s, ratio $(ratio "$jfloor")x"
fi
