# Side-by-side wall-clock timing for the bench scripts: every command runs ROUNDS times, interleaved with the others
# (so noise from the shared machine hits all alike), and the median is kept.
# usage: . bench/lib-timing.sh; bench_add NAME CMD...; bench_run; bench_median NAME; bench_ratio A B
ROUNDS=${ROUNDS:-5}
declare -a BENCH_NAMES=()
declare -A BENCH_CMDS=()
declare -A BENCH_TIMES=()

bench_add() {
  local name=$1; shift
  BENCH_NAMES+=("$name")
  BENCH_CMDS[$name]=$(printf '%q ' "$@")
}

bench_run() {
  local r name t0 t1
  for ((r = 0; r < ROUNDS; r++)); do
    for name in "${BENCH_NAMES[@]}"; do
      t0=$EPOCHREALTIME
      eval "${BENCH_CMDS[$name]}" >/dev/null 2>&1 || true
      t1=$EPOCHREALTIME
      BENCH_TIMES[$name]+="$(echo "$t1 - $t0" | bc -l) "
    done
  done
}

bench_median() {
  echo "${BENCH_TIMES[$1]}" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}'
}

bench_table() {
  local name
  printf '%-34s %9s   %s\n' "command" "median s" "(all rounds)"
  for name in "${BENCH_NAMES[@]}"; do
    printf '%-34s %9s   %s\n' "$name" "$(bench_median "$name")" "${BENCH_TIMES[$name]}"
  done
}

bench_ratio() {
  echo "scale=2; $(bench_median "$1") / $(bench_median "$2")" | bc -l | sed 's/^\./0./'
}
