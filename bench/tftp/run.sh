#!/usr/bin/env bash
# Bootkeeper TFTP vs tftpd-hpa, dnsmasq and atftpd, side by side on 127.0.0.1, in one run.
# Usage (from anywhere): bench/tftp/run.sh
# Env: STORM_CLIENTS (200), REPEAT (5), CASES (default "single window delay storm": pick a subset)
# Needs: tftpd-hpa, dnsmasq-base, atftp, curl, python3, a JDK 17 and Maven. atftpd is taken with
# `apt-get download` and unpacked into bench/work (its package would start a service).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
# dnsmasq's TFTP always listens on port 69, so the whole run happens in a private network
# namespace (its own loopback), created here and deleted on exit.
if [ "${1:-}" != "--inside" ]; then
  NS=bk-tftp-bench-$$
  # Build and fetch what the run needs while the network is still there.
  mkdir -p "$REPO/bench/work"
  (cd "$REPO" && mvn -o -q -B test-compile >/dev/null)
  [ -s "$REPO/bench/work/cp.txt" ] && [ "$REPO/bench/work/cp.txt" -nt "$REPO/pom.xml" ] ||
    (cd "$REPO" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$REPO/bench/work/cp.txt" >/dev/null)
  if [ ! -x "$REPO/bench/work/atftpd/usr/sbin/atftpd" ]; then
    (cd "$REPO/bench/work" && apt-get download atftpd >/dev/null 2>&1 && dpkg-deb -x atftpd_*.deb atftpd)
  fi
  ip netns add "$NS"
  trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
  ip netns exec "$NS" ip link set lo up
  # tftpd-hpa resolves its -a address with AI_ADDRCONFIG, which fails (exit 66) in a namespace
  # that has only a loopback: give it a veth pair with a TEST-NET address.
  ip netns exec "$NS" ip link add bkv0 type veth peer name bkv1
  ip netns exec "$NS" ip addr add 198.18.0.1/30 dev bkv0
  ip netns exec "$NS" ip link set bkv0 up
  ip netns exec "$NS" ip link set bkv1 up
  ip netns exec "$NS" env CASES="${CASES:-}" REPEAT="${REPEAT:-}" STORM_CLIENTS="${STORM_CLIENTS:-}" "$REPO/bench/tftp/run.sh" --inside
  exit $?
fi
WORK=$REPO/bench/work/tftp
STORM_CLIENTS=${STORM_CLIENTS:-200}
[ -n "$STORM_CLIENTS" ] || STORM_CLIENTS=200
REPEAT=${REPEAT:-5}
[ -n "$REPEAT" ] || REPEAT=5
CASES=${CASES:-single window delay storm}
[ -n "$CASES" ] || CASES="single window delay storm"
want() { [[ " $CASES " == *" $1 "* ]]; }
mkdir -p "$WORK"
ROOT=$(mktemp -d /tmp/bk-tftp-bench.XXXXXX)
OUT=$(mktemp -d /tmp/bk-tftp-out.XXXXXX)
chmod 755 "$ROOT"
RESULTS=$WORK/results.tsv
: > "$RESULTS"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  grep STATS "$WORK/bootkeeper.log" | sed 's/^/Bootkeeper /' || true
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$ROOT" "$OUT"
}
trap cleanup EXIT

echo "== preparing files and servers"
head -c $((64 << 20)) /dev/urandom > "$ROOT/f64"
head -c $((32 << 20)) /dev/urandom > "$ROOT/f32"
head -c $((8 << 20)) /dev/urandom > "$ROOT/f8"
chmod 644 "$ROOT"/*

ATFTPD=$REPO/bench/work/atftpd/usr/sbin/atftpd

BK=16901 HPA=16902 DNSMASQ=69 ATFTPD_PORT=16904
java -cp "$REPO/target/classes:$REPO/target/test-classes:$(cat "$REPO/bench/work/cp.txt")" \
  -Xms1g -Xmx2g dev.bootkeeper.tftp.BenchMain "$ROOT" $BK > "$WORK/bootkeeper.log" 2>&1 &
PIDS+=($!)
in.tftpd -L -u root -s "$ROOT" -a 127.0.0.1:$HPA &
PIDS+=($!)
dnsmasq --no-daemon --conf-file=/dev/null --port=0 --enable-tftp --tftp-root="$ROOT" \
  --listen-address=127.0.0.1 --bind-interfaces --tftp-max=1000 \
  --user=root --pid-file="$WORK/dnsmasq.pid" --log-facility="$WORK/dnsmasq.log" &
PIDS+=($!)
"$ATFTPD" --daemon --no-fork --port $ATFTPD_PORT --bind-address 127.0.0.1 --user root --group root \
  --maxthread 1000 --logfile "$WORK/atftpd.log" "$ROOT" &
PIDS+=($!)
for i in $(seq 1 100); do grep -q READY "$WORK/bootkeeper.log" && break; sleep 0.2; done

sleep 1
for p in "${PIDS[@]}"; do kill -0 "$p" || { echo "a server failed to start (pid $p)"; exit 1; }; done
SERVERS="bootkeeper:$BK tftpd-hpa:$HPA dnsmasq:$DNSMASQ atftpd:$ATFTPD_PORT"
now() { date +%s.%N; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }

# one client; prints MiB/s or FAIL
curl_get() { # port file blksize
  local t0 t1 size
  t0=$(now)
  size=$(curl -s --max-time 300 -w '%{size_download}' -o /dev/null "tftp://127.0.0.1:$1/$2" --tftp-blksize "$3" || true)
  t1=$(now)
  [ "$size" = "$(stat -c %s "$ROOT/$2")" ] || { echo FAIL; return; }
  python3 -c "print(f'{$size/1048576/($t1-$t0):.2f}')"
}
atftp_get() { # host port file [options...]
  local host=$1 port=$2 file=$3 t0 t1; shift 3
  rm -f "$OUT/a"
  t0=$(now)
  timeout 300 atftp "$@" -g -r "$file" -l "$OUT/a" "$host" "$port" >/dev/null 2>&1 || true
  t1=$(now)
  cmp -s "$OUT/a" "$ROOT/$file" || { echo FAIL; return; }
  python3 -c "print(f'{$(stat -c %s "$ROOT/$file")/1048576/($t1-$t0):.2f}')"
}
median() { python3 -c "import sys,statistics; v=[x for x in sys.argv[1:] if x!='FAIL']; print(f'{statistics.median(map(float,v)):.2f}' if len(v)==len(sys.argv)-1 else 'FAIL')" "$@"; }

echo "== warm-up (three fetches per server: fills caches, lets the JIT compile)"
for i in 1 2 3; do for s in $SERVERS; do curl_get "${s#*:}" f64 1468 >/dev/null; done; done

# Each repetition visits every server in turn, so load from other processes on the machine
# spreads over all of them; the median of the repetitions is reported.
measure() { # case-name command-prefix...
  local case=$1; shift
  declare -A got
  for i in $(seq 1 "$REPEAT"); do
    for s in $SERVERS; do got[${s%%:*}]+="$("$@" "${s#*:}") "; done
  done
  for s in $SERVERS; do
    m=$(median ${got[${s%%:*}]})
    record "$case" "${s%%:*}" "$m"
    echo "  $case ${s%%:*}: $m MiB/s (${got[${s%%:*}]})"
  done
}
curl_512() { curl_get "$1" f64 512; }
curl_1468() { curl_get "$1" f64 1468; }
atftp_lockstep() { atftp_get 127.0.0.1 "$1" f64 --option "blksize 1468"; }
atftp_window16() { atftp_get 127.0.0.1 "$1" f64 --option "blksize 1468" --option "windowsize 16"; }

if want single; then
  echo "== single client, 64 MiB, curl (median of $REPEAT)"
  measure single-blksize-512 curl_512
  measure single-blksize-1468 curl_1468
fi
if want window; then
  echo "== atftp 64 MiB at blksize 1468: windowsize 16 vs lock-step, bare loopback"
  measure bare-lockstep atftp_lockstep
  measure bare-window16 atftp_window16
fi

RELAY_PORT=16910
want delay && echo "== atftp 8 MiB at blksize 1468 through a userspace relay adding 1 ms each way"
want delay && for s in $SERVERS; do
  java "$REPO/bench/tftp/UdpDelayRelay.java" $RELAY_PORT "${s#*:}" 1000 > "$WORK/relay.log" 2>&1 &
  RP=$!
  for i in $(seq 1 100); do grep -q RELAY "$WORK/relay.log" && break; sleep 0.2; done
  # Lock-step once (it takes 15 s, and only the 4x ratio needs it); windowsize 16 REPEAT times,
  # median, since the relay's timing varies from run to run.
  m=$(atftp_get 127.0.0.1 $RELAY_PORT f8 --option "blksize 1468")
  record "delay-lockstep" "${s%%:*}" "$m"
  echo "  ${s%%:*} lockstep: $m MiB/s"
  got=""
  for i in $(seq 1 "$REPEAT"); do
    got+="$(atftp_get 127.0.0.1 $RELAY_PORT f8 --option "blksize 1468" --option "windowsize 16") "
  done
  m=$(median $got)
  record "delay-window16" "${s%%:*}" "$m"
  echo "  ${s%%:*} window16: $m MiB/s ($got)"
  kill $RP; wait $RP 2>/dev/null || true
done

want storm && echo "== storm: $STORM_CLIENTS concurrent curl clients, 32 MiB each, blksize 1468"
want storm && for s in $SERVERS; do
  rm -f "$OUT"/storm.*
  t0=$(now)
  SP=()
  for i in $(seq 1 "$STORM_CLIENTS"); do
    (curl -s --max-time 600 -w '%{size_download} %{time_total}\n' -o /dev/null \
      "tftp://127.0.0.1:${s#*:}/f32" --tftp-blksize 1468 > "$OUT/storm.$i" 2>&1
     echo "rc=$?" >> "$OUT/storm.$i") &
    SP+=($!)
  done
  wait "${SP[@]}" || true
  t1=$(now)
  read -r agg fails p50 p95 < <(python3 - "$OUT" "$STORM_CLIENTS" "$t0" "$t1" <<'PY'
import sys, glob, statistics
out, n, t0, t1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
times, fails = [], 0
for f in glob.glob(out + "/storm.*"):
    lines = open(f).read().split()
    ok = len(lines) >= 3 and lines[0] == str(32 << 20) and lines[-1] == "rc=0"
    if ok: times.append(float(lines[1]))
    else: fails += 1
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")
print(f"{len(times) * 32 / (t1 - t0):.1f} {fails} {p(0.5):.1f} {p(0.95):.1f}")
PY
)
  record storm-aggregate "${s%%:*}" "$agg"; record storm-failures "${s%%:*}" "$fails"
  record storm-p50 "${s%%:*}" "$p50"; record storm-p95 "${s%%:*}" "$p95"
  echo "  ${s%%:*}: aggregate $agg MiB/s, failures $fails, p50 ${p50}s, p95 ${p95}s"
done

echo
echo "== summary (MiB/s unless noted; ratio = Bootkeeper / best peer, or / the named peer)"
python3 - "$RESULTS" <<'PY'
import sys, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    case, server, value = line.rstrip("\n").split("\t")
    rows.setdefault(case, {})[server] = value
servers = ["bootkeeper", "tftpd-hpa", "dnsmasq", "atftpd"]
print(f"{'case':24}" + "".join(f"{s:>12}" for s in servers) + f"{'ratio':>10}")
def num(v):
    try: return float(v)
    except ValueError: return None
for case, vals in rows.items():
    bk = num(vals.get("bootkeeper", ""))
    peers = [num(vals.get(s, "")) for s in servers[1:]]
    peers = [p for p in peers if p is not None]
    lower_is_better = case.startswith("storm-p") or case == "storm-failures"
    ratio = ""
    if bk is not None and peers and case != "storm-failures":
        best = min(peers) if lower_is_better else max(peers)
        ratio = f"{(best / bk if lower_is_better else bk / best):.2f}x" if bk and best else ""
    print(f"{case:24}" + "".join(f"{vals.get(s, '-'):>12}" for s in servers) + f"{ratio:>10}")
def get(case, server):
    return num(rows.get(case, {}).get(server, ""))
print()
for label, a, b in [("bare: window16 / atftpd window16", get("bare-window16", "bootkeeper"), get("bare-window16", "atftpd")),
                    ("delay: window16 / lock-step (Bootkeeper)", get("delay-window16", "bootkeeper"), get("delay-lockstep", "bootkeeper")),
                    ("delay: window16 / atftpd window16", get("delay-window16", "bootkeeper"), get("delay-window16", "atftpd"))]:
    if a and b: print(f"{label:44} {a / b:.2f}x")
PY
