# The set-up the MCP benchmarks share (sourced, with the scratch directory's name as $1): where safefs and the peers
# are, the official server, a scratch directory removed on exit, and safefs built once, outside the timings.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAFEFS_HOME="$(cd "$HERE/../.." && pwd)"
PEERS="${PEERS_HOME:-$HOME/.cache/safefs-peers}"
OFFICIAL="$PEERS/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"
WORK="$(mktemp -d "/tmp/safefs-$1.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$SAFEFS_HOME/bin/safefs" --version >/dev/null
