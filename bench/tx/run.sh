#!/usr/bin/env bash
# A 10-file transaction of 4 KB files versus 10 separate durable atomic writes (AtomicWriter), same run,
# interleaved, several rounds; prints the ratio (must be at most 1.2) and, for scale, the C baseline's time for
# 10 durable atomic replaces.
# usage: bench/tx/run.sh [ROUNDS] [BATCHES_PER_ROUND]   (work under /tmp, deleted afterwards)
set -euo pipefail
SAFEFS_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
. "$SAFEFS_HOME/bin/jdk.sh"
safefs_find_jdk || exit 1
JAVA="$SAFEFS_JAVA_HOME/bin/java"
ROUNDS="${1:-7}"
BATCHES="${2:-20}"
CLASSES="$SAFEFS_HOME/safefs-core/target/classes"
if [ ! -d "$CLASSES/dev/safefs/tx" ] || [ -n "$(find "$SAFEFS_HOME/safefs-core/src/main" -newer "$CLASSES" -name '*.java' -print -quit)" ]; then
  (cd "$SAFEFS_HOME" && JAVA_HOME="$SAFEFS_JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp -Dstyle.color=never -pl safefs-core compile)
fi
WORK="$(mktemp -d /tmp/safefs-txbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "safefs tx bench: $ROUNDS rounds x $BATCHES batches, 10 files of 4 KB, in $WORK ($(df -T "$WORK" | awk 'NR==2{print $2}'))"
PEER="${PEERS_HOME:-$HOME/.cache/safefs-peers}/atomic_c"
if [ -x "$PEER" ]; then
  mkdir -p "$WORK/c"
  "$PEER" "$WORK/c" 20 4096 # warm-up
  start=$(date +%s%N)
  "$PEER" "$WORK/c" $((10 * BATCHES)) 4096
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v b="$BATCHES" 'BEGIN{printf "C baseline (atomic_c), 10 durable replaces: %.2f ms\n", ns/1e6/b}'
fi
set +e
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CLASSES" "$SAFEFS_HOME/bench/tx/TxBench.java" "$WORK" "$ROUNDS" "$BATCHES"
rc=$?
exit $rc
