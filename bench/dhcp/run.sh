#!/bin/bash
# DHCP benchmark: perfdhcp DORA exchanges against dnsmasq and Bootkeeper, same network, one run.
# Two namespaces joined by a veth: bkb-srv (198.18.0.1, runs the server under test) and bkb-cli
# (198.18.0.10, runs perfdhcp, which acts as a relay agent: giaddr = its address, replies come
# back unicast to port 67). Pool: 198.18.1.0-198.19.254.254 (about 130k addresses) so no run
# exhausts it. A sniffer on the client side counts ACKs and addresses ACKed to two MACs.
#
# Leases (STORE): "durable" (the default) keeps them on disk on both sides: dnsmasq with its lease
# file, Bootkeeper with its JDBC store on an H2 file database (WRITE_DELAY=0, as the appliance), and
# then kills Bootkeeper with -9 in the middle of a run and checks that every lease it ACKed is in
# the database afterwards. "memory": dnsmasq --leasefile-ro against Bootkeeper's in-memory store.
#
# Usage: [STORE=durable|memory] bench/dhcp/run.sh [seconds-per-step] [rates...]
#        (default: 8 s at 1000 4000 8000/s)
# Needs root, perfdhcp (Debian kea-admin), dnsmasq (dnsmasq-base), python3, a JDK, Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-8}
shift || true
RATES=${*:-1000 4000 8000}
STORE=${STORE:-durable}
SRV=bkb-srv$$
CLI=bkb-cli$$
TMP=$(mktemp -d /tmp/bk-dhcp-bench.XXXXXX)
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$CLI" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

command -v perfdhcp >/dev/null || { echo "perfdhcp missing: apt-get install kea-admin" >&2; exit 1; }
command -v dnsmasq >/dev/null || { echo "dnsmasq missing: apt-get install dnsmasq-base" >&2; exit 1; }

mvn -o -q -B test-compile -Dspotless.apply.skip=true >/dev/null
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" >/dev/null
CP="target/classes:target/test-classes:$(cat "$TMP/cp.txt")"

ip netns add "$SRV"
ip netns add "$CLI"
ip link add s0 netns "$SRV" type veth peer name c0 netns "$CLI"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" addr add 198.18.0.1/15 dev s0
ip -n "$CLI" addr add 198.18.0.10/15 dev c0
ip -n "$SRV" link set s0 up
ip -n "$CLI" link set c0 up
sleep 1

run_perf() { # name rate
  local name=$1 rate=$2
  ip netns exec "$CLI" python3 bench/dhcp/sniff_acks.py c0 $((SECS + 3)) > "$TMP/sniff.out" &
  local sp=$!
  sleep 0.5
  ip netns exec "$CLI" perfdhcp -4 -l c0 -r "$rate" -R 1000000 -p "$SECS" -d 2 198.18.0.1 > "$TMP/perf.out" 2>&1 || true
  wait "$sp" || true
  local sent recv drops
  sent=$(awk '/^\*\*\*Statistics for: DISCOVER-OFFER/{f=1} f&&/^sent packets:/{print $3; exit}' "$TMP/perf.out")
  local req_sent ack_recv
  req_sent=$(awk '/^\*\*\*Statistics for: REQUEST-ACK/{f=1} f&&/^sent packets:/{print $3; exit}' "$TMP/perf.out")
  ack_recv=$(awk '/^\*\*\*Statistics for: REQUEST-ACK/{f=1} f&&/^received packets:/{print $3; exit}' "$TMP/perf.out")
  drops=$(awk '/^\*\*\*Statistics for: DISCOVER-OFFER/{f=1} f&&/^drops:/{print $2; exit}' "$TMP/perf.out")
  local rdrops
  rdrops=$(awk '/^\*\*\*Statistics for: REQUEST-ACK/{f=1} f&&/^drops:/{print $2; exit}' "$TMP/perf.out")
  local dora
  dora=$(awk -v a="${ack_recv:-0}" -v s="$SECS" 'BEGIN{printf "%.0f", a/s}')
  printf "%-10s rate=%-6s discovers=%-7s acks=%-7s DORA/s=%-6s drops(DO/RA)=%s/%s %s\n" \
    "$name" "$rate" "${sent:-?}" "${ack_recv:-?}" "$dora" "${drops:-?}" "${rdrops:-?}" "$(cat "$TMP/sniff.out")" | tee -a "$TMP/results"
  echo "$name $rate $dora" >> "$TMP/dora"
}

echo "== dnsmasq $(dnsmasq --version | head -1 | awk '{print $3}')"
if [[ $STORE == durable ]]; then DNSMASQ_LEASES=--dhcp-leasefile=$TMP/dnsmasq.leases; else DNSMASQ_LEASES=--leasefile-ro; fi
echo "== leases: $STORE"
ip netns exec "$SRV" dnsmasq --no-daemon --port=0 --conf-file=/dev/null --interface=s0 \
  --bind-interfaces --no-ping "$DNSMASQ_LEASES" --dhcp-lease-max=1000000 --quiet-dhcp --log-facility=/dev/null \
  --dhcp-range=198.18.1.0,198.19.254.254,255.254.0.0,1h --pid-file="$TMP/dnsmasq.pid" \
  > "$TMP/dnsmasq.out" 2>&1 &
PIDS+=($!)
sleep 1
for r in $RATES; do run_perf dnsmasq "$r"; done
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
sleep 1

echo "== Bootkeeper (java $(java -version 2>&1 | head -1 | awk -F'"' '{print $2}'))"
BK_STORE=()
[[ $STORE == durable ]] && BK_STORE=("store=$TMP/bk-leases")
start_bootkeeper() {
  rm -f "$TMP/stdin"
  mkfifo "$TMP/stdin"
  ip netns exec "$SRV" java -Xmx512m -cp "$CP" dev.bootkeeper.dhcp.DhcpTestServerMain mode=full \
    server=198.18.0.1 subnet=198.18.0.0/15 range=198.18.1.0-198.19.254.254 lease=3600 workers=2 \
    "${BK_STORE[@]}" < "$TMP/stdin" > "$TMP/bk.out" 2>&1 &
  BK_PID=$!
  PIDS+=($BK_PID)
  exec 9>"$TMP/stdin"
  for _ in $(seq 100); do grep -q READY "$TMP/bk.out" && break; sleep 0.2; done
  grep -q READY "$TMP/bk.out" || { cat "$TMP/bk.out"; exit 1; }
}
start_bootkeeper
# JIT warm-up, not counted.
ip netns exec "$CLI" perfdhcp -4 -l c0 -r 2000 -R 1000000 -p 5 -b mac=02:ee:00:00:00:00 198.18.0.1 >/dev/null 2>&1 || true
for r in $RATES; do run_perf bootkeeper "$r"; done
exec 9>&-
sleep 1

if [[ $STORE == durable ]]; then
  # Crash check: a run at CRASH_RATE, Bootkeeper killed with -9 half-way. Every address it
  # ACKed (the last ACK per MAC the sniffer saw) must be that MAC's lease in the database after.
  wait "$BK_PID" 2>/dev/null || true
  start_bootkeeper
  # At the lowest rate: the check is about durability, and a just-restarted (cold) JVM flooded at
  # the top rate ACKs too few clients for the check to say much.
  CRASH_RATE=${CRASH_RATE:-${RATES%% *}}
  ip netns exec "$CLI" python3 bench/dhcp/sniff_acks.py c0 $((SECS + 3)) "$TMP/acked" > "$TMP/sniff.out" &
  SNIFF=$!
  sleep 0.5
  ip netns exec "$CLI" perfdhcp -4 -l c0 -r "$CRASH_RATE" -R 1000000 -p "$SECS" -d 2 \
    -b mac=02:cc:00:00:00:00 198.18.0.1 > "$TMP/perf-crash.out" 2>&1 &
  PERF=$!
  sleep $((SECS / 2))
  kill -9 "$BK_PID"
  wait "$PERF" 2>/dev/null || true
  wait "$SNIFF" || true
  java -cp "$CP" dev.bootkeeper.dhcp.H2LeaseDatabase "$TMP/bk-leases" > "$TMP/stored"
  acked=$(wc -l < "$TMP/acked")
  lost=$(sort "$TMP/acked" | comm -23 - <(sort "$TMP/stored") | wc -l)
  echo "kill -9 at rate $CRASH_RATE after $((SECS / 2)) s: $acked leases ACKed ($(cat "$TMP/sniff.out")), $(wc -l < "$TMP/stored") in the database, lost: $lost" | tee -a "$TMP/results"
fi

echo "== ratio Bootkeeper / dnsmasq (DORA/s)"
for r in $RATES; do
  d=$(awk -v r="$r" '$1=="dnsmasq" && $2==r {print $3}' "$TMP/dora")
  b=$(awk -v r="$r" '$1=="bootkeeper" && $2==r {print $3}' "$TMP/dora")
  awk -v r="$r" -v d="$d" -v b="$b" 'BEGIN{printf "rate %-6s dnsmasq %-6s bootkeeper %-6s ratio %.2fx\n", r, d, b, (d>0? b/d : 0)}'
done
