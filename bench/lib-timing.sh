# Side-by-side timing for the bench scripts: every command runs ROUNDS times, interleaved with the others (so noise
# from the shared machine hits all alike); the medians of wall time and of CPU time (user + system) are kept. On a
# loaded machine the CPU times are the steadier figure.
# usage: . bench/lib-timing.sh; bench_add NAME CMD...; bench_run; bench_table; bench_ratio A B; bench_cpu_ratio A B
ROUNDS=${ROUNDS:-5}
declare -a BENCH_NAMES=()
declare -A BENCH_CMDS=()
declare -A BENCH_TIMES=()
declare -A BENCH_CPU=()
BENCH_TMP=$(mktemp)
trap 'rm -f "$BENCH_TMP"' EXIT

bench_add() {
  local name=$1; shift
  BENCH_NAMES+=("$name")
  BENCH_CMDS[$name]=$(printf '%q ' "$@")
}

bench_run() {
  local r name wall user sys
  for ((r = 0; r < ROUNDS; r++)); do
    for name in "${BENCH_NAMES[@]}"; do
      /usr/bin/time -o "$BENCH_TMP" -f '%e %U %S' bash -c "${BENCH_CMDS[$name]} >/dev/null 2>&1" || true
      read -r wall user sys < <(tail -1 "$BENCH_TMP")
      BENCH_TIMES[$name]+="$wall "
      BENCH_CPU[$name]+="$(echo "$user + $sys" | bc -l) "
    done
  done
}

median() {
  tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'
}

bench_median() {
  echo "${BENCH_TIMES[$1]}" | median
}

bench_cpu_median() {
  echo "${BENCH_CPU[$1]}" | median
}

bench_table() {
  local name
  printf '%-42s %8s %8s   %s\n' "command" "wall s" "cpu s" "(wall of each round)"
  for name in "${BENCH_NAMES[@]}"; do
    printf '%-42s %8s %8s   %s\n' "$name" "$(bench_median "$name")" "$(bench_cpu_median "$name")" \
      "${BENCH_TIMES[$name]}"
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

ratio() {
  echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'
}

bench_ratio() {
  ratio "$(bench_median "$1")" "$(bench_median "$2")"
}

bench_cpu_ratio() {
  ratio "$(bench_cpu_median "$1")" "$(bench_cpu_median "$2")"
}
