#!/usr/bin/env bash
# Durable atomic replaces: safefs (AtomicWriter in process, default durability: fsync file + fsync directory)
# against the C baseline (open O_EXCL, write, fsync, rename, fsync dir: nothing else), the Python seed pattern and
# npm write-file-atomic, on the same filesystem, alternated over several rounds; then the wall time of one
# `bin/safefs write` of a small file. Prints a table and the ratio safefs/C.
#
# usage: bench/atomic/run.sh [ROUNDS] [COUNT] [SIZE]      (defaults 5, 1000, 4096)
# env:   BENCH_DIR (where the data goes, default /tmp), PEERS_HOME (default ~/.cache/safefs-peers),
#        PEERS_SRC (the peers' scripts, default ../shared/peers), STARTUP_RUNS (default 40),
#        CHUNK (replaces per alternation, default 100), WARMUP (safefs replaces before timing, default 2000)
set -euo pipefail
SAFEFS_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
ROUNDS=${1:-5} COUNT=${2:-1000} SIZE=${3:-4096} STARTUP_RUNS=${STARTUP_RUNS:-40}
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/safefs-peers}
if [ -z "${PEERS_SRC:-}" ]; then
  for d in "$SAFEFS_HOME/../shared/peers" "$SAFEFS_HOME/../../shared/peers" /work/shared/peers; do
    if [ -f "$d/atomic_c.c" ]; then PEERS_SRC=$(cd "$d" && pwd); break; fi
  done
fi
if [ ! -x "$PEERS_HOME/atomic_c" ] || [ -z "${PEERS_SRC:-}" ]; then
  echo "bench: the peers are missing: run ../shared/peers/setup.sh first (or set PEERS_HOME / PEERS_SRC)" >&2
  exit 1
fi

# shellcheck source=bin/jdk.sh
. "$SAFEFS_HOME/bin/jdk.sh"
safefs_find_jdk
JAVA="$SAFEFS_JAVA_HOME/bin/java"
"$SAFEFS_HOME/bin/safefs" --version >/dev/null   # builds the jar (and its AOT cache) when sources changed
JAR="$SAFEFS_HOME/safefs-cli/target/safefs.jar"

work=$(mktemp -d "${BENCH_DIR:-/tmp}/safefs-bench-atomic.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$SAFEFS_JAVA_HOME/bin/javac" -nowarn -cp "$JAR" -d "$work/classes" "$SAFEFS_HOME/bench/atomic/AtomicBench.java"
echo "bench: $ROUNDS rounds of $COUNT durable replaces of $SIZE bytes, in $work ($(df -PT "$work" | awk 'NR==2 {print $2}'))"

# python and node are timed from outside, minus their own start-up (the same command with COUNT 0), so that only
# the replaces count. safefs and C alternate in chunks of CHUNK replaces: one safefs JVM (warmed up, its start-up
# excluded: the in-process library case) is asked for a chunk, then the C baseline runs one (its exec time, ~1 ms,
# subtracted), and so on; on a shared machine the disk is too noisy to compare runs made seconds apart.
CHUNK=${CHUNK:-100}
CHUNKS=$(((COUNT + CHUNK - 1) / CHUNK))
peer() { # name count dir -> runs the peer
  case $1 in
    c) "$PEERS_HOME/atomic_c" "$3" "$2" "$SIZE" ;;
    python) python3 "$PEERS_SRC/atomic_py_seed.py" "$3" "$2" "$SIZE" ;;
    node) PEERS_HOME="$PEERS_HOME" node "$PEERS_SRC/atomic_node.js" "$3" "$2" "$SIZE" ;;
  esac
}
secs() { python3 -c "import sys; print(sum(float(x) for x in sys.argv[1:]))" "$@"; }
timed_rate() { # name -> prints replaces per second
  local name=$1 d0="$work/$1-0" d="$work/$1-n" t0 t1 t2 t3
  mkdir -p "$d0" "$d"
  t0=$EPOCHREALTIME; peer "$name" 0 "$d0"; t1=$EPOCHREALTIME
  t2=$EPOCHREALTIME; peer "$name" "$COUNT" "$d"; t3=$EPOCHREALTIME
  rm -rf "$d0" "$d"
  python3 -c "import sys; n,a,b,c,d=map(float,sys.argv[1:]); print(f'{n/((d-c)-(b-a)):.1f}')" \
      "$COUNT" "$t0" "$t1" "$t2" "$t3"
}

mkdir -p "$work/c0" "$work/c" "$work/safefs"
c_start=()   # the C baseline's own exec time, for the subtraction
for ((i = 0; i < 5; i++)); do t0=$EPOCHREALTIME; peer c 0 "$work/c0"; t1=$EPOCHREALTIME; c_start+=("$t0" "$t1"); done
c_start=$(python3 -c "import statistics, sys; v=list(map(float, sys.argv[1:]))
print(statistics.median(v[i + 1] - v[i] for i in range(0, len(v), 2)))" "${c_start[@]}")

coproc SAFEFS { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR:$work/classes" AtomicBench "$work/safefs" - "$SIZE" \
    "${WARMUP:-2000}"; }
read -r ready <&"${SAFEFS[0]}"
[ "$ready" = ready ] || { echo "bench: the safefs benchmark JVM did not start" >&2; exit 1; }
safefs_chunk() { echo "$CHUNK" >&"${SAFEFS[1]}"; read -r s <&"${SAFEFS[0]}"; echo "$s"; }
c_chunk() { local t0 t1; t0=$EPOCHREALTIME; peer c "$CHUNK" "$work/c"; t1=$EPOCHREALTIME
  python3 -c "import sys; a,b,s=map(float,sys.argv[1:]); print(b-a-s)" "$t0" "$t1" "$c_start"; }

: > "$work/rates"
for ((r = 0; r < ROUNDS; r++)); do
  s_times=() c_times=()
  for ((k = 0; k < CHUNKS; k++)); do
    if (((k + r) % 2 == 0)); then s_times+=("$(safefs_chunk)"); c_times+=("$(c_chunk)")
    else c_times+=("$(c_chunk)"); s_times+=("$(safefs_chunk)"); fi
  done
  n=$((CHUNKS * CHUNK))
  s_rate=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / sum(map(float, sys.argv[2:])):.1f}')" "$n" "${s_times[@]}")
  c_rate=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / sum(map(float, sys.argv[2:])):.1f}')" "$n" "${c_times[@]}")
  if ((r % 2 == 0)); then py_rate=$(timed_rate python); node_rate=$(timed_rate node)
  else node_rate=$(timed_rate node); py_rate=$(timed_rate python); fi
  printf '%s safefs %s\n%s c %s\n%s python %s\n%s node %s\n' "$r" "$s_rate" "$r" "$c_rate" "$r" "$py_rate" \
      "$r" "$node_rate" >> "$work/rates"
  echo "round $((r + 1)): safefs $s_rate/s  C $c_rate/s  python $py_rate/s  node $node_rate/s"
done
exec {SAFEFS[1]}>&-
wait "$SAFEFS_PID" 2>/dev/null || true

# The wall time of one short CLI command, launcher included.
printf 'hello, durable world\n' > "$work/small.txt"
startup_times="$work/startup.txt"
: > "$startup_times"
for ((i = 0; i < 3; i++)); do "$SAFEFS_HOME/bin/safefs" write "$work/small" < "$work/small.txt"; done  # warm-up
for ((i = 0; i < STARTUP_RUNS; i++)); do
  t0=$EPOCHREALTIME
  "$SAFEFS_HOME/bin/safefs" write "$work/small" < "$work/small.txt"
  t1=$EPOCHREALTIME
  echo "$t0 $t1" >> "$startup_times"
done

python3 - "$work/rates" "$startup_times" "$COUNT" "$SIZE" <<'EOF'
import statistics, sys
rates, startup, count, size = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
by = {}
rounds = {}
for line in open(rates):
    r, name, rate = line.split()
    by.setdefault(name, []).append(float(rate))
    rounds.setdefault(r, {})[name] = float(rate)
print()
print(f"durable atomic replaces of {size} bytes ({count} per run, {len(rounds)} rounds, median of rounds;")
print("'vs C' is the median of the per-round ratios: each round's runs are close in time, so the disk's mood is shared)")
print(f"{'':28} {'replaces/s':>11} {'min':>9} {'max':>9} {'vs C':>7}")
labels = {"safefs": "safefs AtomicWriter (Java)", "c": "C baseline (atomic_c)",
          "python": "Python seed pattern", "node": "npm write-file-atomic"}
for name in ["safefs", "c", "python", "node"]:
    v = by.get(name, [])
    if v:
        m = statistics.median(v)
        ratio = statistics.median(rr[name] / rr["c"] for rr in rounds.values() if name in rr and "c" in rr)
        print(f"{labels[name]:28} {m:11.0f} {min(v):9.0f} {max(v):9.0f} {ratio:6.2f}x")
per_round = [rr["safefs"] / rr["c"] for rr in rounds.values() if "safefs" in rr and "c" in rr]
print(f"safefs/C per round: {' '.join(f'{x:.2f}' for x in per_round)}; "
      f"median {statistics.median(per_round):.2f}x (must be >= 0.90)")
print("(Python and write-file-atomic do not fsync the directory: a weaker durability than safefs and C.)")
ts = sorted((float(b) - float(a)) * 1000 for a, b in (l.split() for l in open(startup)))
p90 = ts[min(len(ts) - 1, int(round(0.9 * len(ts))) - 1)]
print()
print(f"bin/safefs write of a small file, {len(ts)} runs: median {statistics.median(ts):.1f} ms, "
      f"p90 {p90:.1f} ms, min {ts[0]:.1f} ms (median must be <= 80 ms)")
EOF
