#!/usr/bin/env bash
# Sequential read of a 512 MiB export with nbdcopy, over 1 and over 8 connections, from
# `nbdkit file` and from Bootkeeper's NBD server (buffered and zero-copy reads), on loopback.
# Usage: [WARMUP=10] bench/nbd/run.sh [size-MiB] [rounds]   (run from anywhere; needs libnbd-bin,
# nbdkit)
set -euo pipefail

SIZE_MIB=${1:-512}
ROUNDS=${2:-3}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bk-nbd-bench.XXXXXX)
NBDKIT_PORT=$((20000 + RANDOM % 5000))
BK_PORT=$((NBDKIT_PORT + 1))
BKZ_PORT=$((NBDKIT_PORT + 2))
PIDS=()

cleanup() {
  if [[ -f $WORK/nbdkit.pid ]]; then kill "$(cat "$WORK/nbdkit.pid")" 2>/dev/null || true; fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for bin in nbdcopy nbdkit java mvn; do
  command -v "$bin" >/dev/null || { echo "missing $bin (Debian: libnbd-bin, nbdkit)" >&2; exit 1; }
done

cd "$REPO"
mvn -o -q -B test-compile
mvn -o -q -B dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"

mkdir -p "$WORK/images"
IMG=$WORK/images/sysresccd.iso
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$IMG"
cat "$IMG" > /dev/null # both servers read from the page cache

nbdkit -P "$WORK/nbdkit.pid" -i 127.0.0.1 -p "$NBDKIT_PORT" -r file "$IMG"
start_bootkeeper() { # port zero-copy
  java ${BK_JAVA_OPTS:-} -cp "$CP" dev.bootkeeper.nbd.NbdBenchMain "$WORK/images" sysresccd.iso "$1" "$2" \
    > "$WORK/bk-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q listening "$WORK/bk-$1.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "Bootkeeper did not start:" >&2; cat "$WORK/bk-$1.log" >&2; exit 1
}
start_bootkeeper "$BK_PORT" false
start_bootkeeper "$BKZ_PORT" true
for _ in $(seq 1 50); do [[ -f $WORK/nbdkit.pid ]] && break; sleep 0.1; done

copy_rate() { # port connections -> MiB/s of one copy
  local t0 t1
  t0=$(date +%s.%N)
  timeout 300 nbdcopy --connections="$2" "nbd://127.0.0.1:$1/archiso" null:
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk -v s="$SIZE_MIB" '{print s / ($2 - $1)}'
}

# Rounds interleave the servers, so load from elsewhere on the machine hits all of them alike;
# each server's best round counts.
measure() { # connections -> "nbdkit bootkeeper bootkeeper-zero-copy" MiB/s
  local k=0 b=0 z=0
  for _ in $(seq 1 "$ROUNDS"); do
    k=$(awk -v a="$k" -v r="$(copy_rate "$NBDKIT_PORT" "$1")" 'BEGIN{print (r > a ? r : a)}')
    b=$(awk -v a="$b" -v r="$(copy_rate "$BK_PORT" "$1")" 'BEGIN{print (r > a ? r : a)}')
    z=$(awk -v a="$z" -v r="$(copy_rate "$BKZ_PORT" "$1")" 'BEGIN{print (r > a ? r : a)}')
  done
  echo "$k $b $z"
}

# Unmeasured copies first (WARMUP of each connection count per server), so the JVM is warm like
# the long-running service it is: after a single copy C2 was still compiling the 8-connection
# paths, and its compiler threads took a third of the samples of the measured rounds.
WARMUP=${WARMUP:-10}
for port in "$NBDKIT_PORT" "$BK_PORT" "$BKZ_PORT"; do
  for _ in $(seq 1 "$WARMUP"); do
    for conns in 1 8; do
      timeout 300 nbdcopy --connections="$conns" "nbd://127.0.0.1:$port/archiso" null:
    done
  done
done

echo "nbdcopy sequential read of $SIZE_MIB MiB to null:, best of $ROUNDS, loopback"
printf '%-12s %14s %20s %22s %10s %10s\n' connections "nbdkit MiB/s" "Bootkeeper MiB/s" \
  "Bootkeeper zc MiB/s" ratio "ratio zc"
for conns in 1 8; do
  read -r k b z < <(measure "$conns")
  awk -v c="$conns" -v k="$k" -v b="$b" -v z="$z" \
    'BEGIN { printf "%-12s %14.0f %20.0f %22.0f %9.2fx %9.2fx\n", c, k, b, z, b / k, z / k }'
done
