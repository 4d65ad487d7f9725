#!/usr/bin/env bash
# MCP server throughput: the same client (official TypeScript SDK) and the same call mix (../shared/peers/
# mcp_bench.mjs: write_file, read_text_file, edit_file, list_directory, get_file_info) against the official
# filesystem server (no fsync) and safefs serve (fsync of file and directory on every write, every change recorded
# in the journal), alternating, in one run. Prints calls/s of each and the ratio. Beside them, in every round, the
# ceiling: bare_server.c serving the same mix in C, with no journal, the cheapest journal, and safefs's journal.
# usage: bench/mcp/run.sh [CALLS] [ROUNDS]
set -euo pipefail
CALLS="${1:-2000}"
ROUNDS="${2:-3}"
. "$(dirname "${BASH_SOURCE[0]}")/common.sh" mcp-bench
BENCH="$PEERS/mcp_bench.mjs"
[ -f "$BENCH" ] || BENCH="$SAFEFS_HOME/../shared/peers/mcp_bench.mjs"

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
floor_calls() { # dir [server command...]: safefs serve's by default
  local dir=$1; shift
  mkdir -p "$dir"
  [ $# -gt 0 ] || set -- "$SAFEFS_HOME/bin/safefs" serve --no-journal "$dir"
  (cd "$PEERS" && node "$FLOOR" "$CALLS" -- "$@") | sed -n 's/.*calls_per_s=\([0-9]*\).*/\1/p'
}

# The ceiling: bare_server.c, a C server for the mix's five tools that checks nothing and answers with the least JSON
# the client takes, run with the same client and mix: what any server could reach here with each write protocol.
BARE="$WORK/bare_server"
cc -O2 -pthread -o "$BARE" "$HERE/bare_server.c" 2>/dev/null || BARE=""
bare() { # name args...
  local name=$1; shift
  if [ -n "$BARE" ]; then run "$name" "$WORK/$name" "$BARE" "$@"; else echo 0; fi
}

best_official=0; best_safefs=0; best_nojournal=0; best_floor=0; best_c=0; best_rc=0
best_bare=0; best_barelog=0; best_barerec=0; best_bound=0; best_boundnj=0
# The bare server's mix (with the cheapest journal, or none), each call costing what safefs serve's cheapest call
# costs more than the bare server's (the JVM and the SDK's least per-call cost): calls/s, from the bare server's mix
# and the two cheapest calls.
bound() { awk -v b="$1" -v f="$2" -v fb="$3" 'BEGIN {
  if (b > 0 && f > 0 && fb > 0) printf "%.0f", 5 / (5 / b + 5 * (1 / f - 1 / fb)); else print 0 }'; }
best() { local v=${2:-0}; [ "$v" = n/a ] && return 0; [ "$v" -gt "${!1}" ] && printf -v "$1" %s "$v"; return 0; }
for i in $(seq "$ROUNDS"); do
  o=$(run official "$WORK/official" node "$OFFICIAL" "$WORK/official")
  s=$(run safefs "$WORK/safefs" "$SAFEFS_HOME/bin/safefs" serve --state "$WORK/state" "$WORK/safefs")
  n=$(run safefs-nj "$WORK/safefs-nj" "$SAFEFS_HOME/bin/safefs" serve --no-journal "$WORK/safefs-nj")
  b=$(bare bare)
  rm -rf "$WORK/bare-state"; bl=$(bare bare-log --log "$WORK/bare-state")
  rm -rf "$WORK/bare-state"; br=$(bare bare-rec --recorded "$WORK/bare-state")
  c=$(durable_c)
  rc=$(recorded_c)
  f=$(floor_calls "$WORK/floor")
  fb=0; [ -n "$BARE" ] && fb=$(floor_calls "$WORK/floor-bare" "$BARE")
  bd=$(bound "${bl:-0}" "${f:-0}" "${fb:-0}")
  bdn=$(bound "${b:-0}" "${f:-0}" "${fb:-0}")
  echo "round $i: official ${o} calls/s | safefs serve ${s} | safefs serve --no-journal ${n}" \
    "| bare C server: no journal ${b}, log journal ${bl}, safefs's journal ${br}" \
    "| C durable replaces ${c}/s | C recorded replaces ${rc}/s | cheapest call: safefs serve ${f}, bare ${fb}" \
    "calls/s | bound ${bd} calls/s ($(awk -v s="$bd" -v o="$o" 'BEGIN { printf "%.2f", (o > 0 ? s / o : 0) }')x)," \
    "with no journal ${bdn} ($(awk -v s="$bdn" -v o="$o" 'BEGIN { printf "%.2f", (o > 0 ? s / o : 0) }')x)"
  best best_official "$o"; best best_safefs "$s"; best best_nojournal "$n"; best best_floor "$f"
  best best_bare "$b"; best best_barelog "$bl"; best best_barerec "$br"; best best_c "$c"; best best_rc "$rc"
  best best_bound "$bd"; best best_boundnj "$bdn"
done
ratio() { awk -v s="$1" -v o="$best_official" 'BEGIN { printf "%.2f", (o > 0 ? s / o : 0) }'; }
echo "best of $ROUNDS x $CALLS calls: official $best_official calls/s (no fsync)"
echo "  safefs serve (fsync file+dir on every write, journal on): $best_safefs calls/s, ratio $(ratio "$best_safefs")x"
echo "  safefs serve --no-journal (fsync file+dir on every write): $best_nojournal calls/s," \
  "ratio $(ratio "$best_nojournal")x"
if [ -n "$BARE" ]; then
  echo "ceiling (bare_server.c: the same mix served in C with no checks and the least JSON, fsync of file and dir):"
  echo "  no journal: $best_bare calls/s, ratio $(ratio "$best_bare")x"
  echo "  the cheapest undo journal (one preallocated log, old content inlined, flushed beside the temp):" \
    "$best_barelog calls/s, ratio $(ratio "$best_barelog")x"
  echo "  safefs's journal protocol (recorded.h): $best_barerec calls/s, ratio $(ratio "$best_barerec")x"
  echo "bound for a server on the JVM and the MCP Java SDK: the cheapest journal's ceiling with every call costing" \
    "what serve's cheapest call costs over the bare server's: $best_bound calls/s, ratio $(ratio "$best_bound")x;" \
    "the same with no journal: $best_boundnj calls/s, ratio $(ratio "$best_boundnj")x"
fi
