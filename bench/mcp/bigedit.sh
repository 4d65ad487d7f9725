#!/usr/bin/env bash
# edit_file on a big file: the official filesystem server (no fsync) and safefs serve (durable, journal on), the same
# client and edits (bigedit.mjs: a 27 MB file, one line changed per call), alternating in one run.
# usage: bench/mcp/bigedit.sh [EDITS] [ROUNDS]
set -euo pipefail
EDITS="${1:-8}"
ROUNDS="${2:-3}"
. "$(dirname "${BASH_SOURCE[0]}")/common.sh" bigedit
cp "$HERE/bigedit.mjs" "$PEERS/safefs-bigedit.mjs"   # beside the peers' node_modules, where its imports resolve
run() { # dir cmd...
  local dir=$1; shift
  rm -rf "$dir" "$WORK/state"; mkdir -p "$dir"
  (cd "$PEERS" && node safefs-bigedit.mjs "$dir" "$EDITS" -- "$@")
}
for i in $(seq "$ROUNDS"); do
  echo "round $i: official: $(run "$WORK/o" node "$OFFICIAL" "$WORK/o")"
  echo "round $i: safefs:   $(run "$WORK/s" "$SAFEFS_HOME/bin/safefs" serve --state "$WORK/state" "$WORK/s")"
done
