#!/usr/bin/env bash
# MCP server throughput: the same client (official TypeScript SDK) and the same call mix (../shared/peers/
# mcp_bench.mjs: write_file, read_text_file, edit_file, list_directory, get_file_info) against the official
# filesystem server (no fsync) and safefs serve (fsync of file and directory on every write, every change recorded
# in the journal), alternating, in one run. Prints calls/s of each and the ratio.
# usage: bench/mcp/run.sh [CALLS] [ROUNDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS_HOME="$(cd "$HERE/../.." && pwd)"
PEERS="${SAFEFS_PEERS:-$HOME/.cache/safefs-peers}"
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

best_official=0; best_safefs=0
for i in $(seq "$ROUNDS"); do
  o=$(run official "$WORK/official" node "$OFFICIAL" "$WORK/official")
  s=$(run safefs "$WORK/safefs" "$SAFEFS_HOME/bin/safefs" serve --state "$WORK/state" "$WORK/safefs")
  echo "round $i: official ${o} calls/s, safefs serve ${s} calls/s"
  [ "${o:-0}" -gt "$best_official" ] && best_official=$o
  [ "${s:-0}" -gt "$best_safefs" ] && best_safefs=$s
done
ratio=$(awk -v s="$best_safefs" -v o="$best_official" 'BEGIN { printf "%.2f", (o > 0 ? s / o : 0) }')
echo "best of $ROUNDS x $CALLS calls: official $best_official calls/s (no fsync), safefs serve $best_safefs calls/s" \
  "(fsync file+dir, journal on): ratio ${ratio}x"
