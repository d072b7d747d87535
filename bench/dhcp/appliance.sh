#!/bin/bash
# DHCP benchmark of the packaged appliance as a user runs it, from a cold start: for every round
# Bootkeeper (`java -jar target/quarkus-app/quarkus-run.jar`, fresh data directory, default
# configuration plus the keys a test network needs) is started fresh, and perfdhcp begins the
# moment it logs "Bootkeeper is ready" -- a boot storm after a power cut. dnsmasq serves the same
# network in the same run, also started fresh for each round.
#
# Two namespaces joined by a veth: bka-srv (198.18.0.1/24, the server under test) and bka-cli
# (198.18.0.10, perfdhcp as 200 broadcast clients, no relay agent between them; perfdhcp still
# fills in giaddr with its own address, so both servers answer it unicast on port 67).
# Pool: 198.18.0.20-198.18.0.250 (231 addresses).
#
# Usage: [SECS=10] [CLIENTS=200] [JFR=file.jfr] [JAR=other/quarkus-run.jar] [SKIP_BUILD=1]
#        bench/dhcp/appliance.sh [rates...]
#        (default rates: 500 1000 2000 DORA/s offered)
# JFR: records a flight recording of the first Bootkeeper round into that file (profile settings).
# Needs root, perfdhcp (Debian kea-admin), dnsmasq (dnsmasq-base), a JDK, Maven. Builds once.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATES=${*:-500 1000 2000}
SECS=${SECS:-10}
CLIENTS=${CLIENTS:-200}
SRV=bka-srv$$
CLI=bka-cli$$
TMP=$(mktemp -d /tmp/bk-appliance-bench.XXXXXX)
SERVER_PID=

cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$CLI" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

command -v perfdhcp >/dev/null || { echo "perfdhcp missing: apt-get install kea-admin" >&2; exit 1; }
command -v dnsmasq >/dev/null || { echo "dnsmasq missing: apt-get install dnsmasq-base" >&2; exit 1; }

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  mvn -B -q -DskipTests package -Dspotless.apply.skip=true >/dev/null
fi
JAR=${JAR:-$PWD/target/quarkus-app/quarkus-run.jar}

ip netns add "$SRV"
ip netns add "$CLI"
ip link add s0 netns "$SRV" type veth peer name c0 netns "$CLI"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" addr add 198.18.0.1/24 dev s0
ip -n "$SRV" link set s0 up
# perfdhcp binds its socket to an address of the interface; outside the pool.
ip -n "$CLI" addr add 198.18.0.10/24 dev c0
ip -n "$CLI" link set c0 up
sleep 1

load() { awk '{print $1}' /proc/loadavg; }

# perfdhcp's figures: DORA/s (ACKs / seconds), loss % (DISCOVERs without an ACK), avg D->O ms.
perf() { # name rate
  local name=$1 rate=$2 out=$TMP/perf-$1-$2.out l
  l=$(load)
  ip netns exec "$CLI" timeout $((SECS + 20)) perfdhcp -4 -l c0 -r "$rate" -R "$CLIENTS" \
    -p "$SECS" -d 2 > "$out" 2>&1 || true
  awk -v name="$name" -v rate="$rate" -v secs="$SECS" -v load="$l" '
    /^\*\*\*Statistics for: DISCOVER-OFFER/ {s="do"} /^\*\*\*Statistics for: REQUEST-ACK/ {s="ra"}
    s=="do" && /^sent packets:/ {disc=$3}
    s=="do" && /^avg delay:/ {delay=$3}
    s=="ra" && /^received packets:/ {acks=$3}
    END {
      if (disc == "") disc = 0; if (acks == "") acks = 0; if (delay == "") delay = "-"
      loss = disc > 0 ? 100 * (disc - acks) / disc : 100
      printf "%s %s %.0f %.1f %s %s\n", name, rate, acks / secs, loss, delay, load
    }' "$out" >> "$TMP/figures"
  tail -1 "$TMP/figures" | awk '{printf "  %-10s offered %5s/s: %6s DORA/s, %5s%% lost, D->O avg %s ms (load %s)\n", $1, $2, $3, $4, $5, $6}'
}

dnsmasq_round() { # rate
  rm -f "$TMP/dnsmasq.leases"
  ip netns exec "$SRV" dnsmasq --no-daemon --port=0 --conf-file=/dev/null --interface=s0 \
    --bind-interfaces --no-ping --dhcp-leasefile="$TMP/dnsmasq.leases" --quiet-dhcp \
    --log-facility=/dev/null --dhcp-range=198.18.0.20,198.18.0.250,255.255.255.0,1h \
    > "$TMP/dnsmasq.out" 2>&1 &
  SERVER_PID=$!
  sleep 0.5
  perf dnsmasq "$1"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

# SIGTERM, and -9 after 30 s: a stop that hangs must not hang the benchmark.
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "  (did not stop within 30 s of SIGTERM: killed)"
    kill -9 "$SERVER_PID"
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

bootkeeper_round() { # rate [jfr-file]
  local data=$TMP/bk-data jfr=() t0 t1
  rm -rf "$data"; mkdir -p "$data/images"
  [[ -n ${2:-} ]] && jfr=("-XX:StartFlightRecording=filename=$2,settings=profile,dumponexit=true")
  t0=$(date +%s%N)
  ip netns exec "$SRV" java "${jfr[@]}" \
    -Dbootkeeper.data-dir="$data" -Dbootkeeper.images-dir="$data/images" \
    -Dbootkeeper.server-address=198.18.0.1 -Dbootkeeper.dhcp.mode=full \
    -Dbootkeeper.dhcp.interface=s0 -Dbootkeeper.dhcp.subnet=198.18.0.0/24 \
    -Dbootkeeper.dhcp.range=198.18.0.20-198.18.0.250 -jar "$JAR" > "$TMP/bk.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    grep -q "Bootkeeper is ready" "$TMP/bk.out" && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  t1=$(date +%s%N)
  grep -q "Bootkeeper is ready" "$TMP/bk.out" || { tail -30 "$TMP/bk.out"; exit 1; }
  local ready_ms=$(((t1 - t0) / 1000000))
  echo "$rate_ready $1 $ready_ms $(load)" >> "$TMP/ready"
  echo "  bootkeeper started, ready after $ready_ms ms (load $(load))"
  perf bootkeeper "$1"
  stop_server

  [[ -z ${KEEP_LOG:-} ]] || cp "$TMP/bk.out" "$KEEP_LOG-$1.log"
}

rate_ready=ready
echo "== $(date -u +%FT%TZ), $(nproc) cores, load $(cat /proc/loadavg | cut -d' ' -f1-3)"
echo "== dnsmasq $(dnsmasq --version | head -1 | awk '{print $3}'), Bootkeeper on $(java -version 2>&1 | head -1)"
first=1
for r in $RATES; do
  echo "== offered $r DORA/s, $CLIENTS clients, $SECS s"
  dnsmasq_round "$r"
  if [[ $first == 1 && -n ${JFR:-} ]]; then bootkeeper_round "$r" "$JFR"; else bootkeeper_round "$r"; fi
  first=0
done

echo "== side by side (each Bootkeeper round from a fresh start)"
printf "%-8s | %-28s | %-34s | %-6s | %s\n" offered "dnsmasq DORA/s lost D->O ms" \
  "Bootkeeper DORA/s lost D->O ms" ratio "ready ms"
for r in $RATES; do
  d=($(awk -v r="$r" '$1=="dnsmasq" && $2==r' "$TMP/figures"))
  b=($(awk -v r="$r" '$1=="bootkeeper" && $2==r' "$TMP/figures"))
  ready=$(awk -v r="$r" '$2==r {print $3}' "$TMP/ready")
  ratio=$(awk -v d="${d[2]}" -v b="${b[2]}" 'BEGIN{printf "%.2fx", (d > 0 ? b / d : 0)}')
  printf "%-8s | %6s %5s%% %9s (l %s) | %6s %5s%% %9s (l %s) | %-6s | %s\n" "$r" \
    "${d[2]}" "${d[3]}" "${d[4]}" "${d[5]}" "${b[2]}" "${b[3]}" "${b[4]}" "${b[5]}" "$ratio" "$ready"
done
