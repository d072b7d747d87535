#!/usr/bin/env bash
# Every benchmark of the packaged appliance, with the reference servers side by side in the same
# run, as one command. Prints the table (what | Bootkeeper | best peer | ratio | target | met?) and
# writes it, with the command, the JDK, the core count and the load at every figure, between the
# run-all markers of bench/RESULTS.md.
#
# Every Bootkeeper figure comes from `java -jar target/quarkus-app/quarkus-run.jar` started fresh
# for that one measurement (new working and data directories, default configuration plus the test
# network's keys), measured from the moment it logs "Bootkeeper is ready", with no warm-up traffic.
# The reference servers are started fresh the same way. Servers and clients run in two network
# namespaces made for the run (198.18.0.0/15 only), so nothing meets the host's own ports.
#
# Usage: [CASES="dhcp nbd http tftp start"] [REPEAT=3] [QUICK=1] [SKIP_BUILD=1] bench/run-all.sh
#   CASES        which benchmarks (default all; see bench/cases/*.sh for what each measures)
#   REPEAT       rounds per figure, the median is reported (default 3; 5 for figures to keep)
#   QUICK=1      a smoke test: 1 round, small files, short runs (never written to RESULTS.md)
#   SKIP_BUILD=1 use target/quarkus-app as built; JAR=path runs another build
#   WRITE_RESULTS=1|0  write bench/RESULTS.md (default: only for a full, non-QUICK run)
#   KEEP=1       keep the run's directory (logs of every server) in /tmp
#   BK_JAVA_OPTS JVM options for the appliance, to profile it (e.g. a flight recording)
# Sizes and durations: DHCP_RATES, DHCP_SECS, DHCP_CLIENTS, DHCP_DURABLE=0, DHCP_THREAD_CPU=1, NBD_MIB,
# HTTP_BIG_MIB, HTTP_WRK_SECS, HTTP_PACED_RATE, TFTP_SINGLE_MIB, TFTP_STORM_MIB, TFTP_STORMS,
# IDLE_SECS.
# Needs root, a JDK 17, Maven, python3 and the Debian packages kea-admin (perfdhcp), dnsmasq-base,
# libnbd-bin, nbdkit, nginx-light, wrk, nghttp2-client (h2load), curl, tftpd-hpa, atftp (atftpd
# is unpacked into bench/work, its package would conflict with tftpd-hpa).
set -euo pipefail
cd "$(dirname "$0")/.."
BK_REPO=$PWD
ALL_CASES="dhcp nbd http tftp start"
COMMAND="$(for v in CASES REPEAT QUICK SKIP_BUILD JAR BK_JAVA_OPTS DHCP_RATES DHCP_SECS DHCP_CLIENTS DHCP_DURABLE \
  NBD_MIB HTTP_BIG_MIB HTTP_WRK_SECS HTTP_PACED_RATE TFTP_SINGLE_MIB TFTP_STORM_MIB TFTP_STORMS IDLE_SECS; do
  if [[ -n ${!v:-} ]]; then printf '%s=%q ' "$v" "${!v}"; fi
done)bench/run-all.sh"

if [[ ${QUICK:-} == 1 ]]; then
  : "${REPEAT:=1}" "${DHCP_SECS:=3}" "${DHCP_RATES:=500 4000}" "${NBD_MIB:=64}" "${HTTP_BIG_MIB:=32}"
  : "${HTTP_WRK_SECS:=3}" "${TFTP_SINGLE_MIB:=8}" "${TFTP_STORM_MIB:=2}" "${IDLE_SECS:=3}"
fi
REPEAT=${REPEAT:-3}
CASES=${CASES:-$ALL_CASES}
source bench/lib.sh
for c in bench/cases/*.sh; do source "$c"; done
for c in $CASES; do
  [[ " $ALL_CASES " == *" $c "* ]] || {
    echo "unknown case $c (cases: $ALL_CASES)" >&2
    exit 2
  }
done
[[ $EUID == 0 ]] || {
  echo "needs root (network namespaces)" >&2
  exit 1
}
bk_need java default-jdk-headless
bk_need python3 python3

TMP=$(mktemp -d /tmp/bk-run-all.XXXXXX)
# nginx's workers run as nobody: they must reach the files.
chmod 755 "$TMP"
FILES=$TMP/files
RAW=$TMP/raw.tsv
mkdir -p "$FILES"
: >"$RAW"
finish() {
  bk_cleanup
  if [[ ${KEEP:-} == 1 ]]; then
    # The big files, and their hard links in the runs' images directories, go; the logs stay.
    find "$TMP/runs" -type f -links +1 -delete 2>/dev/null || true
    rm -rf "$FILES"
    echo "logs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

say() { echo "  $*"; }
# One figure of one round, with the 1-minute load when it began.
rec() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${3:-FAIL}" "$4" >>"$RAW"; }
ROUNDS=0
new_round_dir() {
  ROUNDS=$((ROUNDS + 1))
  ROUND_DIR=$TMP/runs/$(printf %03d "$ROUNDS")
  mkdir -p "$ROUND_DIR"
}
make_file() { # path MiB
  head -c $(($2 << 20)) /dev/urandom >"$1"
  chmod 644 "$1"
}
# The appliance, fresh; every start's time to ready is a figure too.
start_appliance() { # run-dir images-dir [-Dkey=value...]
  bk_start_appliance "$@" || return 1
  rec ready bootkeeper "$READY_MS" "$(bk_load)"
  say "Bootkeeper ready after $READY_MS ms"
}

bk_build
bk_net_up "bkr-s$$" "bkr-c$$"
T0=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $(date -u +%FT%TZ), $(nproc) cores, load $LOAD_START, net.core.rmem_max $(cat /proc/sys/net/core/rmem_max), cases: $CASES, $REPEAT round(s)"
CASE_MINUTES=
for c in $CASES; do
  echo "== $c"
  t=$(date +%s)
  "case_$c"
  CASE_MINUTES+="$c $(awk -v s=$(($(date +%s) - t)) 'BEGIN {printf "%.1f", s / 60}'), "
done

META=$TMP/meta.json
python3 - "$META" <<PY
import json, sys
json.dump({
    "date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
    "command": """$COMMAND""",
    "jdk": """$(java -version 2>&1 | sed -n 2p)""",
    "cores": "$(nproc)",
    "rmem_max": "$(cat /proc/sys/net/core/rmem_max)",
    "cpu": """$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)""",
    "repeat": "$REPEAT",
    "load_start": "$LOAD_START",
    "load_end": "$(cut -d' ' -f1-3 /proc/loadavg)",
    "case_minutes": "${CASE_MINUTES%, }",
    "minutes": "$(awk -v s=$(($(date +%s) - T0)) 'BEGIN {printf "%.1f", s / 60}')",
    "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)')",
    "dhcp_clients": "$DHCP_CLIENTS", "dhcp_secs": "$DHCP_SECS", "nbd_mib": "$NBD_MIB",
    "http_big_mib": "$HTTP_BIG_MIB", "http_wrk_secs": "$HTTP_WRK_SECS",
    "http_paced_rate": "$HTTP_PACED_RATE",
    "tftp_single_mib": "$TFTP_SINGLE_MIB", "tftp_storm_mib": "$TFTP_STORM_MIB", "idle_secs": "$IDLE_SECS",
}, open(sys.argv[1], "w"), indent=1)
PY

WRITE=${WRITE_RESULTS:-}
if [[ -z $WRITE ]]; then
  WRITE=0
  [[ ${QUICK:-} != 1 && $CASES == "$ALL_CASES" ]] && WRITE=1
fi
echo
if [[ $WRITE == 1 ]]; then
  python3 bench/report.py "$RAW" "$META" bench/RESULTS.md
  echo "(written to bench/RESULTS.md)"
else
  python3 bench/report.py "$RAW" "$META"
  echo "(not written to bench/RESULTS.md: WRITE_RESULTS=1 to write it)"
fi
