#!/usr/bin/env bash
# Boot time and resident memory of the vehicle and depot distributions.
#
#   bench/boot.sh [RUNS]      (after: mvn -B -ntp -DskipTests package)
#
# For each profile and run: start bin/edgeway in a fresh home ("cold": empty bundle cache) and again in the same
# home ("warm": cache filled), read the launcher's "ready in N ms" (process start to every component active or
# satisfied), and read VmRSS of the JVM 10 s after start. The baseline, measured in the same run, is the same JVM
# with the same options printing the launcher's --version: the cost of starting Java itself.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
PROFILES=(vehicle depot)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

start_once() { # dist home -> prints "MS RSS_KB WALL_MS": the ready line's ms, VmRSS of the JVM 10 s after start,
               # and the ms from starting the script to seeing the ready line (measured outside, polled every 100 ms
               # so that the polling does not steal CPU from the boot it measures)
  local dist=$1 home=$2 out
  out=$(mktemp)
  local t0 t1
  t0=$(date +%s%N)
  "$dist/bin/edgeway" --home "$home" >"$out" 2>&1 </dev/null &
  local pid=$! start=$SECONDS
  until grep -q " ready in " "$out"; do
    if ! kill -0 "$pid" 2>/dev/null || (( SECONDS - start > 60 )); then
      echo "edgeway did not become ready:" >&2; cat "$out" >&2; kill -9 "$pid" 2>/dev/null || true; exit 1
    fi
    sleep 0.1
  done
  t1=$(date +%s%N)
  sleep 10
  local rss_kb
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$(sed -n 's/.* ready in \([0-9]*\) ms.*/\1/p' "$out") $rss_kb $(( (t1 - t0) / 1000000 ))"
  rm -f "$out"
}

baseline_ms() { # JVM start with the distribution's options, running the launcher's --version
  local dist=$1 t0 t1
  t0=$(date +%s%N); "$dist/bin/edgeway" --version >/dev/null; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

echo "| profile | cold boot ms (wall) | warm boot ms (wall) | JVM baseline ms | warm / baseline | RSS after 10 s MB |"
echo "|---|---|---|---|---|---|"
for profile in "${PROFILES[@]}"; do
  dist="distrib/$profile/target/edgeway-$profile"
  [[ -x "$dist/bin/edgeway" ]] || { echo "missing $dist: run mvn -B -ntp -DskipTests package" >&2; exit 1; }
  cold=(); warm=(); base=(); rss=(); coldwall=(); warmwall=()
  for ((i = 0; i < RUNS; i++)); do
    home=$(mktemp -d)
    read -r ms _ wall < <(start_once "$dist" "$home"); cold+=("$ms"); coldwall+=("$wall")
    read -r ms kb wall < <(start_once "$dist" "$home"); warm+=("$ms"); rss+=("$kb"); warmwall+=("$wall")
    base+=("$(baseline_ms "$dist")")
    rm -rf "$home"
  done
  c=$(printf '%s\n' "${cold[@]}" | median); w=$(printf '%s\n' "${warm[@]}" | median)
  b=$(printf '%s\n' "${base[@]}" | median); r=$(printf '%s\n' "${rss[@]}" | median)
  cw=$(printf '%s\n' "${coldwall[@]}" | median); ww=$(printf '%s\n' "${warmwall[@]}" | median)
  awk -v p="$profile" -v c="$c" -v w="$w" -v cw="$cw" -v ww="$ww" -v b="$b" -v r="$r" \
    'BEGIN { printf "| %s | %d (%d) | %d (%d) | %d | %.1f | %.0f |\n", p, c, cw, w, ww, b, w / b, r / 1024 }'
done
