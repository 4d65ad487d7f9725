#!/usr/bin/env bash
# Exact single edit near the end of a 1 GB file with the heap capped at 64 MB (safefs patch streams: constant
# memory, one read pass, compare-and-swap), side by side with cp of the same file, in one run: durable (the default:
# fsync of the temp and the directory) against cp + sync, and with --no-fsync (atomic, not power-safe) against cp,
# which does not sync either; and the floor of any atomic replace of the file (floor.py: copy, rename, close) in the
# same rounds.
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
SUM=$(sha256sum <"$BIG")
"$SAFEFS" --version >/dev/null   # build once, outside the timings

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

cp_times=() ; cps_times=() ; fl_times=() ; ed_times=() ; nf_times=() ; rss=() ; start_times=()
for ((r = 1; r <= ROUNDS; r++)); do
  t0=$(now); cp "$BIG" "$WORK/copy"; t1=$(now)
  cp_times+=("$(echo "$t1 - $t0" | bc)")
  rm -f "$WORK/copy"
  t0=$(now); cp "$BIG" "$WORK/copy"; sync "$WORK/copy"; t1=$(now)
  cps_times+=("$(echo "$t1 - $t0" | bc)")
  rm -f "$WORK/copy"
  # the floor of any atomic replace of the file (copy, rename, close; no search, no JVM): see floor.py
  t0=$(now); python3 "$HERE/floor.py" "$BIG" 2>/dev/null; t1=$(now)
  fl_times+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); "$SAFEFS" --version >/dev/null; t1=$(now)   # the JVM start alone, for reference
  start_times+=("$(echo "$t1 - $t0" | bc)")
  for mode in durable no-fsync; do
    if [ $mode = durable ]; then old="UNIQUE-NEEDLE-LINE 42"; new="EDITED-NEEDLE-LINE 42"; flag=(); else
      old="EDITED-NEEDLE-LINE 42"; new="UNIQUE-NEEDLE-LINE 42"; flag=(--no-fsync); fi
    t0=$(now)
    SAFEFS_JAVA_OPTS="-Xmx64m ${SAFEFS_JAVA_OPTS:-}" /usr/bin/time -f '%M' -o "$WORK/rss" \
        "$SAFEFS" patch "$BIG" --old "$old" --new "$new" "${flag[@]}" >"$WORK/out"
    t1=$(now)
    if [ $mode = durable ]; then ed_times+=("$(echo "$t1 - $t0" | bc)"); else nf_times+=("$(echo "$t1 - $t0" | bc)"); fi
    rss+=("$(cat "$WORK/rss")")
    grep -q "exact" "$WORK/out"
  done
done
# every round edited the line and edited it back: the file is the original, byte for byte
[ "$(sha256sum <"$BIG")" = "$SUM" ] || { echo "the file is not the original after the round trips" >&2; exit 1; }

cp_m=$(printf '%s\n' "${cp_times[@]}" | median)
cps_m=$(printf '%s\n' "${cps_times[@]}" | median)
fl_m=$(printf '%s\n' "${fl_times[@]}" | median)
ed_m=$(printf '%s\n' "${ed_times[@]}" | median)
nf_m=$(printf '%s\n' "${nf_times[@]}" | median)
st_m=$(printf '%s\n' "${start_times[@]}" | median)
printf 'file: %d bytes, %d rounds, medians (seconds)\n' "$SIZE" "$ROUNDS"
printf '%-50s %8.2f\n' "cp" "$cp_m" "cp + sync (durable)" "$cps_m" \
    "floor: minimal atomic replace (floor.py, no JVM)" "$fl_m" \
    "safefs patch --old --new --no-fsync (-Xmx64m)" "$nf_m" "safefs patch --old --new (-Xmx64m, durable)" "$ed_m" \
    "  JVM start alone (safefs --version)" "$st_m"
printf 'rounds: cp %s | cp+sync %s | floor %s | safefs --no-fsync %s | safefs durable %s\n' "${cp_times[*]}" \
    "${cps_times[*]}" "${fl_times[*]}" "${nf_times[*]}" "${ed_times[*]}"
printf 'safefs max RSS: %s KB per run (heap capped at 64 MB)\n' "${rss[*]}"
printf 'ratio safefs --no-fsync / cp:   %.2f (goal <= 2)\n' "$(echo "$nf_m / $cp_m" | bc -l)"
printf 'ratio safefs durable / cp+sync: %.2f (goal <= 2)\n' "$(echo "$ed_m / $cps_m" | bc -l)"
printf 'ratio safefs durable / cp:      %.2f\n' "$(echo "$ed_m / $cp_m" | bc -l)"
printf 'ratio floor / cp:               %.2f (what no atomic replace of the file can go under)\n' \
    "$(echo "$fl_m / $cp_m" | bc -l)"
printf 'ratio floor / fastest cp round: %.2f\n' \
    "$(echo "$fl_m / $(printf '%s\n' "${cp_times[@]}" | sort -g | head -1)" | bc -l)"
