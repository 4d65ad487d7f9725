#!/usr/bin/env bash
# Ops benchmarks, safefs and the peers side by side in one run, ratios printed at the end:
#   1. purge of *.log older than 30 days over a 1,000,000-file mktree.py tree: dry run vs `find -name '*.log'
#      -mtime +30`, apply vs `find ... -delete` (the removed logs are recreated between runs, untimed);
#   2. 4 processes appending with flock + fsync per record: safefs vs the Python seed pattern (append_py_seed.py);
#   3. 16 threads of one JVM: group commit vs fsync per record.
# usage: bench/ops/run.sh            (FILES=1000000 DATA=/tmp/safefs-ops-bench PEERS_DIR=../shared/peers)
# The data lives under $DATA and is deleted at the end (KEEP_DATA=1 keeps it).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
FILES="${FILES:-1000000}"
DATA="${DATA:-/tmp/safefs-ops-bench}"
PEERS_DIR="${PEERS_DIR:-$ROOT/../shared/peers}"
ROUNDS="${ROUNDS:-3}"
APPENDS="${APPENDS:-2000}"

. "$ROOT/bin/jdk.sh"
safefs_find_jdk
JAVA="$SAFEFS_JAVA_HOME/bin/java"
"$ROOT/bin/safefs" --version >/dev/null   # builds the jar when the sources changed
JAR="$ROOT/safefs-cli/target/safefs.jar"

mkdir -p "$DATA"
[ "${KEEP_DATA:-0}" = 1 ] || trap 'rm -rf "$DATA"' EXIT
TREE="$DATA/tree"

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
min() { printf '%s\n' "$@" | sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if [ ! -f "$DATA/tree.done" ]; then
  echo "making the $FILES-file tree under $TREE (minutes)..." >&2
  python3 "$PEERS_DIR/mktree.py" "$TREE" "$FILES" >/dev/null
  touch "$DATA/tree.done"
fi
LOGS=$(( (FILES + 6) / 7 ))

# ---- 1. purge, dry run
find "$TREE" -name '*.log' -mtime +30 >/dev/null   # warm the caches
safefs_dry=(); find_dry=()
for _ in $(seq "$ROUNDS"); do
  a=$(now); n_find=$(find "$TREE" -name '*.log' -mtime +30 | wc -l); b=$(now); find_dry+=("$(secs "$a" "$b")")
  a=$(now); n_safefs=$("$ROOT/bin/safefs" purge "$TREE" --older-than 30d --glob '*.log' 2>/dev/null | wc -l); b=$(now)
  safefs_dry+=("$(secs "$a" "$b")")
  [ "$n_find" = "$LOGS" ] && [ "$n_safefs" = "$LOGS" ] || { echo "count mismatch: find $n_find safefs $n_safefs want $LOGS" >&2; exit 1; }
done
a=$(now); n_py=$(python3 "$PEERS_DIR/purge_py_seed.py" "$TREE" 30); b=$(now); py_dry=$(secs "$a" "$b")
[ "$n_py" = "$LOGS" ] || { echo "python seed counted $n_py, want $LOGS" >&2; exit 1; }

# ---- 1b. purge, apply (alternating; the logs are recreated between runs, untimed)
safefs_apply=(); find_apply=()
for r in $(seq 2); do
  for who in safefs find; do
    sync; find "$TREE" -name '*.txt' -newer "$DATA/tree.done" >/dev/null 2>&1 || true
    a=$(now)
    if [ "$who" = safefs ]; then
      "$ROOT/bin/safefs" purge "$TREE" --older-than 30d --glob '*.log' --apply 2>/dev/null
    else
      find "$TREE" -name '*.log' -mtime +30 -delete
    fi
    b=$(now)
    left=$(find "$TREE" -name '*.log' | wc -l)
    [ "$left" = 0 ] || { echo "$who left $left logs" >&2; exit 1; }
    if [ "$who" = safefs ]; then safefs_apply+=("$(secs "$a" "$b")"); else find_apply+=("$(secs "$a" "$b")"); fi
    python3 "$HERE/restore_logs.py" "$TREE" "$FILES" >/dev/null
  done
done

# ---- 2. four processes, flock + fsync per record
mkdir -p "$DATA/classes"
"$SAFEFS_JAVA_HOME/bin/javac" -q -cp "$JAR" -d "$DATA/classes" "$HERE/AppendBench.java" 2>/dev/null \
  || "$SAFEFS_JAVA_HOME/bin/javac" -cp "$JAR" -d "$DATA/classes" "$HERE/AppendBench.java"
JB=("$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$JAR:$DATA/classes" AppendBench)
# fsync latency drifts with the machine's other I/O: rounds alternate, and each side keeps its best
want=$((4 * APPENDS))
py_rates=(); jv_rates=(); jv_inprocs=()
for _ in $(seq "$ROUNDS"); do
  rm -f "$DATA/py.log" "$DATA/jv.log"
  a=$(now)
  for i in 1 2 3 4; do python3 "$PEERS_DIR/append_py_seed.py" "$DATA/py.log" "$APPENDS" "py$i" & done; wait
  b=$(now); py_t=$(secs "$a" "$b")
  a=$(now)
  for i in 1 2 3 4; do "${JB[@]}" "$DATA/jv.log" "$APPENDS" "jv$i" 1 record 2>"$DATA/jv$i.rate" & done; wait
  b=$(now); jv_t=$(secs "$a" "$b")
  [ "$(wc -l <"$DATA/py.log")" = "$want" ] && [ "$(wc -l <"$DATA/jv.log")" = "$want" ] || { echo "append count mismatch" >&2; exit 1; }
  py_rates+=("$(awk -v n="$want" -v t="$py_t" 'BEGIN { printf "%.0f", n / t }')")
  jv_rates+=("$(awk -v n="$want" -v t="$jv_t" 'BEGIN { printf "%.0f", n / t }')")
  # the appending phase alone (the JVM start excluded): all records over the slowest process's appending time
  jv_inprocs+=("$(cat "$DATA"/jv?.rate | awk -v n="$want" '{ if ($5 > t) t = $5 } END { printf "%.0f", n / t }')")
done
max() { printf '%s\n' "$@" | sort -g | tail -1; }
py_rate=$(max "${py_rates[@]}"); jv_rate=$(max "${jv_rates[@]}"); jv_inproc=$(max "${jv_inprocs[@]}")

# ---- 3. sixteen threads in one JVM: fsync per record vs group commit
# the rates of the appending itself (AppendBench's own clock): both runs then compare the same thing
rec_rates=(); grp_rates=()
for _ in $(seq "$ROUNDS"); do
  rm -f "$DATA/rec.log" "$DATA/grp.log"
  "${JB[@]}" "$DATA/rec.log" 250 rec 16 record 2>"$DATA/rec.rate"
  "${JB[@]}" "$DATA/grp.log" 2000 grp 16 group 2>"$DATA/grp.rate"
  [ "$(wc -l <"$DATA/rec.log")" = 4000 ] && [ "$(wc -l <"$DATA/grp.log")" = 32000 ] || { echo "thread append count mismatch" >&2; exit 1; }
  rec_rates+=("$(awk '{ printf "%.0f", $2 / $5 }' "$DATA/rec.rate")")
  grp_rates+=("$(awk '{ printf "%.0f", $2 / $5 }' "$DATA/grp.rate")")
done
rec_rate=$(max "${rec_rates[@]}"); grp_rate=$(max "${grp_rates[@]}")

sd=$(min "${safefs_dry[@]}"); fd=$(min "${find_dry[@]}")
sa=$(min "${safefs_apply[@]}"); fa=$(min "${find_apply[@]}")
echo
echo "ops benchmarks ($FILES files, $LOGS old *.log; best of $ROUNDS dry / 2 apply / $ROUNDS append runs; whole processes, JVM start included)"
printf '%-58s %10s %10s %8s\n' "benchmark" "safefs" "peer" "ratio"
printf '%-58s %9ss %9ss %7sx\n' "purge dry run vs find -name '*.log' -mtime +30" "$sd" "$fd" "$(ratio "$sd" "$fd")"
printf '%-58s %9ss %9ss %7sx\n' "purge --apply vs find ... -delete" "$sa" "$fa" "$(ratio "$sa" "$fa")"
printf '%-58s %9ss %9ss %7sx\n' "purge dry run vs Python seed (purge_py_seed.py)" "$sd" "$py_dry" "$(ratio "$sd" "$py_dry")"
printf '%-58s %8s/s %8s/s %7sx\n' "4 processes x $APPENDS appends, fsync each vs Python seed" "$jv_rate" "$py_rate" "$(ratio "$jv_rate" "$py_rate")"
printf '%-58s %8s/s %8s/s %7sx\n' "  same, safefs appending phase only (JVM start excluded)" "$jv_inproc" "$py_rate" "$(ratio "$jv_inproc" "$py_rate")"
printf '%-58s %8s/s %8s/s %7sx\n' "16 threads, group commit vs fsync per record (appending)" "$grp_rate" "$rec_rate" "$(ratio "$grp_rate" "$rec_rate")"
printf '%-58s %8s/s %8s/s %7sx\n' "16 threads, group commit vs 4 processes fsync per record" "$grp_rate" "$jv_inproc" "$(ratio "$grp_rate" "$jv_inproc")"
echo "(time ratios: lower is better for safefs; rate ratios: higher is better)"
echo "raw: safefs dry ${safefs_dry[*]}; find dry ${find_dry[*]}; safefs apply ${safefs_apply[*]}; find apply ${find_apply[*]}"
echo "raw rates: 4 procs safefs ${jv_rates[*]} (appending phase ${jv_inprocs[*]}); python ${py_rates[*]}; 16 threads group ${grp_rates[*]}; per record ${rec_rates[*]}"
