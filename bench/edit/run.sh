#!/usr/bin/env bash
# Exact single edit near the end of a 1 GB file with the heap capped at 64 MB (safefs patch streams: constant
# memory, one read pass, compare-and-swap, durable), side by side with cp of the same file, in one run.
# Usage: bench/edit/run.sh [SIZE_MB] [ROUNDS]     (defaults: 1000 MB, 3 rounds; data under $TMPDIR or /tmp)
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
SAFEFS="$HERE/../../bin/safefs"
SIZE_MB="${1:-1000}"
ROUNDS="${2:-3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/safefs-bench-edit.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
BIG="$WORK/big.txt"

# Data: base64 lines (no '-', no space), a unique line 100 KB before the end.
set +o pipefail   # the last head closes the pipe early on purpose
head -c $((SIZE_MB * 1000000 * 3 / 4)) /dev/urandom | base64 -w 100 | head -c $((SIZE_MB * 1000000 - 100000)) >"$BIG"
set -o pipefail
printf '\nUNIQUE-NEEDLE-LINE 42\n' >>"$BIG"
head -c 75000 /dev/urandom | base64 -w 100 >>"$BIG"
SIZE=$(stat -c %s "$BIG")
sleep 2.5   # a file at rest: one modified within 2 s of an edit is re-hashed at commit (racy-stat rule)
"$SAFEFS" --version >/dev/null   # build once, outside the timings

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

cp_times=() ; cps_times=() ; ed_times=() ; rss=() ; start_times=()
for ((r = 1; r <= ROUNDS; r++)); do
  t0=$(now); cp "$BIG" "$WORK/copy"; t1=$(now)
  cp_times+=("$(echo "$t1 - $t0" | bc)")
  rm -f "$WORK/copy"
  t0=$(now); cp "$BIG" "$WORK/copy"; sync "$WORK/copy"; t1=$(now)
  cps_times+=("$(echo "$t1 - $t0" | bc)")
  rm -f "$WORK/copy"
  if ((r % 2)); then old="UNIQUE-NEEDLE-LINE 42"; new="EDITED-NEEDLE-LINE 42"; else old="EDITED-NEEDLE-LINE 42"; new="UNIQUE-NEEDLE-LINE 42"; fi
  t0=$(now); "$SAFEFS" --version >/dev/null; t1=$(now)   # the JVM start alone, for reference
  start_times+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now)
  SAFEFS_JAVA_OPTS="-Xmx64m ${SAFEFS_JAVA_OPTS:-}" /usr/bin/time -f '%M' -o "$WORK/rss" \
      "$SAFEFS" patch "$BIG" --old "$old" --new "$new" >"$WORK/out"
  t1=$(now)
  ed_times+=("$(echo "$t1 - $t0" | bc)")
  rss+=("$(cat "$WORK/rss")")
  grep -q "exact" "$WORK/out"
done
# the edit really happened, once, near the end, and the size moved by nothing (same length texts)
[ "$(stat -c %s "$BIG")" = "$SIZE" ]
tail -c 300000 "$BIG" | grep -c -- "-NEEDLE-LINE 42" | grep -qx 1

cp_m=$(printf '%s\n' "${cp_times[@]}" | median)
cps_m=$(printf '%s\n' "${cps_times[@]}" | median)
ed_m=$(printf '%s\n' "${ed_times[@]}" | median)
st_m=$(printf '%s\n' "${start_times[@]}" | median)
printf 'file: %d bytes, %d rounds, medians (seconds)\n' "$SIZE" "$ROUNDS"
printf '%-44s %8.2f\n' "cp" "$cp_m" "cp + sync (durable, like safefs)" "$cps_m" \
    "safefs patch --old --new (-Xmx64m, durable)" "$ed_m" "  of which JVM start (safefs --version)" "$st_m"
printf 'safefs max RSS: %s KB per run (heap capped at 64 MB)\n' "${rss[*]}"
printf 'ratio safefs / cp:        %.2f (goal <= 2)\n' "$(echo "$ed_m / $cp_m" | bc -l)"
printf 'ratio safefs / cp + sync: %.2f\n' "$(echo "$ed_m / $cps_m" | bc -l)"
printf 'ratio without the JVM start, safefs / cp: %.2f\n' "$(echo "($ed_m - $st_m) / $cp_m" | bc -l)"
