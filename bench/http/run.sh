#!/usr/bin/env bash
# Downloads of one 256 MiB file over loopback, from Bootkeeper's machine-facing HTTP side (the
# packaged jar) and from nginx (sendfile on) serving the same folder: one download at a time, and
# 50 at once. Prints MiB/s (median of the rounds) and Bootkeeper/nginx ratios, and the CPU time
# each server spent per GiB sent, which a busy shared machine disturbs much less than MiB/s.
# Usage: bench/http/run.sh [size-MiB] [rounds] [parallel]   (needs curl and nginx-light)
# BK_SKIP_BUILD=1 reuses target/quarkus-app from an earlier build.
# WARMUP (20): untimed single-download rounds per server before the timed ones, after
# WARMUP_REQUESTS (2000) untimed HEAD requests.
set -euo pipefail

SIZE_MIB=${1:-256}
ROUNDS=${2:-5}
PAR=${3:-50}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bk-http-bench.XXXXXX)
NGINX_PORT=$((21000 + RANDOM % 4000))
BK_PORT=$((NGINX_PORT + 1))
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for bin in curl nginx java mvn; do
  command -v "$bin" >/dev/null || { echo "missing $bin (Debian: curl, nginx-light, default-jdk, maven)" >&2; exit 1; }
done

cd "$REPO"
if [[ -z ${BK_SKIP_BUILD:-} ]]; then
  mvn -o -q -B package -DskipTests
fi

# nginx's workers run as nobody when started by root: they must be able to read the folder.
chmod 755 "$WORK"
mkdir -p "$WORK/images" "$WORK/data" "$WORK/nginx"
FILE=$WORK/images/big.bin
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$FILE"
chmod 644 "$FILE"
cat "$FILE" >/dev/null # both servers read from the page cache
BYTES=$(stat -c %s "$FILE")

cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $WORK/nginx/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  client_body_temp_path $WORK/nginx/body;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /images/ { alias $WORK/images/; }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!
PIDS+=($NGINX_PID)

java ${BK_JAVA_OPTS:-} -Dbootkeeper.images-dir="$WORK/images" -Dbootkeeper.data-dir="$WORK/data" \
  -Dquarkus.http.port="$BK_PORT" -Dquarkus.http.host=127.0.0.1 -Dbootkeeper.nbd.enabled=false \
  -Dbootkeeper.server-address=127.0.0.1 -jar target/quarkus-app/quarkus-run.jar >"$WORK/bk.log" 2>&1 &
BK_PID=$!
PIDS+=($BK_PID)

wait_up() { # port name
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null --head "http://127.0.0.1:$1/images/big.bin" && return 0
    sleep 0.1
  done
  echo "$2 did not start" >&2
  [[ $2 == bootkeeper ]] && cat "$WORK/bk.log" >&2
  exit 1
}
wait_up "$NGINX_PORT" nginx
wait_up "$BK_PORT" bootkeeper

# CPU ticks (user + system) used so far by a process tree: the process, its threads, its children.
ticks() { # pid
  local t=0 task f
  for pid in "$1" $(pgrep -P "$1" || true); do
    for task in /proc/"$pid"/task/*; do
      read -r -a f <"$task/stat" 2>/dev/null || continue
      t=$((t + f[13] + f[14]))
    done
  done
  echo "$t"
}
HZ=$(getconf CLK_TCK)

# Runs N downloads at once; prints the aggregate MiB/s and the server's CPU seconds per GiB sent.
# Every download must be complete.
rate() { # port parallel server-pid
  local t0 t1 c0 c1 i ok
  rm -f "$WORK"/dl.*
  c0=$(ticks "$3")
  t0=$(date +%s.%N)
  local curls=()
  for i in $(seq 1 "$2"); do
    curl -s -o /dev/null -w '%{http_code} %{size_download}\n' \
      "http://127.0.0.1:$1/images/big.bin" >"$WORK/dl.$i" &
    curls+=($!)
  done
  for i in "${curls[@]}"; do wait "$i" || true; done
  t1=$(date +%s.%N)
  c1=$(ticks "$3")
  ok=$(cat "$WORK"/dl.* | grep -c "^200 $BYTES\$" || true)
  if [[ $ok -ne $2 ]]; then
    echo "only $ok of $2 downloads from port $1 were complete" >&2
    exit 1
  fi
  echo "$t0 $t1 $c0 $c1" | awk -v b="$BYTES" -v n="$2" -v hz="$HZ" \
    '{printf "%.0f %.3f\n", b * n / 1048576 / ($2 - $1), ($4 - $3) / hz / (b * n / 1073741824)}'
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# Warm-up, not timed, the same for both servers: the page cache, connection setup and, for the
# JVM, the JIT (a cold JVM spends a core on compiling during its first few thousand requests, which
# is start-up cost, not serving speed). WARMUP_REQUESTS HEAD requests (the request path without
# the body: ten per connection, so accepting is warmed up too), then WARMUP rounds of one download
# and one of PAR at once. With 10 requests of warm-up, each request still took 5-15 ms to its
# first byte (interpreted code), 4-10% of a 256 MiB download; after 1,500 it took under 2 ms.
warm_requests() { # port
  local urls=() i
  for i in $(seq 1 10); do urls+=("http://127.0.0.1:$1/images/big.bin"); done
  for i in $(seq 1 $((${WARMUP_REQUESTS:-2000} / 10))); do
    curl -s --head "${urls[@]}" >/dev/null
  done
}
warm_requests "$BK_PORT"
warm_requests "$NGINX_PORT"
for _ in $(seq 1 "${WARMUP:-20}"); do
  out=$(rate "$BK_PORT" 1 "$BK_PID"); out=$(rate "$NGINX_PORT" 1 "$NGINX_PID")
done
out=$(rate "$BK_PORT" "$PAR" "$BK_PID"); out=$(rate "$NGINX_PORT" "$PAR" "$NGINX_PID")

declare -a BK1 NG1 BKN NGN BK1C NG1C BKNC NGNC
for r in $(seq 1 "$ROUNDS"); do
  out=$(rate "$BK_PORT" 1 "$BK_PID"); read -r m c <<<"$out"; BK1+=("$m"); BK1C+=("$c")
  out=$(rate "$NGINX_PORT" 1 "$NGINX_PID"); read -r m c <<<"$out"; NG1+=("$m"); NG1C+=("$c")
  out=$(rate "$BK_PORT" "$PAR" "$BK_PID"); read -r m c <<<"$out"; BKN+=("$m"); BKNC+=("$c")
  out=$(rate "$NGINX_PORT" "$PAR" "$NGINX_PID"); read -r m c <<<"$out"; NGN+=("$m"); NGNC+=("$c")
  echo "round $r: 1 download: bootkeeper ${BK1[-1]} nginx ${NG1[-1]} MiB/s;" \
    "$PAR at once: bootkeeper ${BKN[-1]} nginx ${NGN[-1]} MiB/s"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

med() { printf '%s\n' "$@" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
b1=$(med "${BK1[@]}"); n1=$(med "${NG1[@]}"); bn=$(med "${BKN[@]}"); nn=$(med "${NGN[@]}")
b1c=$(med "${BK1C[@]}"); n1c=$(med "${NG1C[@]}"); bnc=$(med "${BKNC[@]}"); nnc=$(med "${NGNC[@]}")
echo
echo "HTTP download of a ${SIZE_MIB} MiB file over loopback, median of $ROUNDS rounds"
printf '%-22s %12s %12s %7s   %14s %14s\n' "" "Bootkeeper" "nginx" "ratio" "BK CPU s/GiB" "nginx CPU s/GiB"
printf '%-22s %6s MiB/s %6s MiB/s %7s   %14s %14s\n' "1 download" "$b1" "$n1" "$(ratio "$b1" "$n1")" "$b1c" "$n1c"
printf '%-22s %6s MiB/s %6s MiB/s %7s   %14s %14s\n' "$PAR at once" "$bn" "$nn" "$(ratio "$bn" "$nn")" "$bnc" "$nnc"
echo "target: Bootkeeper at least 0.90x nginx's MiB/s"
