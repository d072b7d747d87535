# DHCP, full mode: perfdhcp -4 as DHCP_CLIENTS broadcast clients (no relay agent) at each offered
# rate of DHCP_RATES for DHCP_SECS seconds, against a fresh appliance and a fresh dnsmasq on the
# same /24 (pool 198.18.0.20-250, 231 addresses), from the moment each is ready. Then, once, the
# kill -9 check: every lease the appliance ACKed before it was killed is that MAC's lease after a
# restart.
# Sourced by run-all.sh (needs lib.sh, rec, ROUND_DIR).

DHCP_RATES=${DHCP_RATES:-500 1000 2000 4000}
DHCP_SECS=${DHCP_SECS:-10}
DHCP_CLIENTS=${DHCP_CLIENTS:-200}
DHCP_KEYS=(-Dbootkeeper.dhcp.mode=full -Dbootkeeper.dhcp.interface=s0
  -Dbootkeeper.dhcp.subnet=198.18.0.0/24 -Dbootkeeper.dhcp.range=198.18.0.20-198.18.0.250)

# Runs perfdhcp and records DORA/s (ACKs per second), lost % (DISCOVERs without an ACK) and the
# average DISCOVER->OFFER delay in ms.
dhcp_perf() { # server rate
  local server=$1 rate=$2 out=$ROUND_DIR/perfdhcp.out load
  load=$(bk_load)
  bk_cli timeout $((DHCP_SECS + 30)) perfdhcp -4 -l c0 -r "$rate" -R "$DHCP_CLIENTS" \
    -p "$DHCP_SECS" -d 2 >"$out" 2>&1 || true
  read -r dora loss delay < <(awk -v secs="$DHCP_SECS" '
    /^\*\*\*Statistics for: DISCOVER-OFFER/ {s = "do"} /^\*\*\*Statistics for: REQUEST-ACK/ {s = "ra"}
    s == "do" && /^sent packets:/ {disc = $3}
    s == "do" && /^avg delay:/ {delay = $3}
    s == "ra" && /^received packets:/ {acks = $3}
    END {
      if (disc == "") disc = 0; if (acks == "") acks = 0; if (delay == "") delay = "-"
      printf "%.0f %.1f %s\n", acks / secs, (disc > 0 ? 100 * (disc - acks) / disc : 100), delay
    }' "$out")
  rec "dhcp.$rate.dora" "$server" "$dora" "$load"
  rec "dhcp.$rate.loss" "$server" "$loss" "$load"
  rec "dhcp.$rate.do" "$server" "$delay" "$load"
  say "dhcp $rate/s $server: $dora DORA/s, $loss% lost, D->O $delay ms (load $load)"
}

dhcp_dnsmasq() { # rate
  new_round_dir
  bk_start_ref "$ROUND_DIR" "$ROUND_DIR/dnsmasq.log" dnsmasq --no-daemon --port=0 \
    --conf-file=/dev/null --interface=s0 --bind-interfaces --no-ping \
    --dhcp-leasefile="$ROUND_DIR/dnsmasq.leases" --quiet-dhcp --log-facility=/dev/null \
    --dhcp-range=198.18.0.20,198.18.0.250,255.255.255.0,1h
  # dnsmasq has no ready line: it is ready once its socket is bound.
  bk_wait_udp 67 && dhcp_perf dnsmasq "$1"
  bk_stop "$SERVER_PID"
}

dhcp_bootkeeper() { # rate
  new_round_dir
  mkdir -p "$ROUND_DIR/images"
  start_appliance "$ROUND_DIR" "$ROUND_DIR/images" "${DHCP_KEYS[@]}" || return 0
  dhcp_perf bootkeeper "$1"
  dhcp_events_stored
  [[ ${DHCP_THREAD_CPU:-0} == 1 ]] && dhcp_thread_cpu "$SERVER_PID"
  bk_stop "$SERVER_PID"
}

# Diagnosis, not a figure (DHCP_THREAD_CPU=1): CPU seconds of the appliance's busiest threads
# since its start, grouped by name without trailing digits (dhcp-worker-1..8 as one).
dhcp_thread_cpu() { # pid
  local tick
  tick=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"
  done | awk -F'\t' -v tick="$tick" '{sub(/-?[0-9]+$/, "", $1); cpu[$1] += $2}
    END {for (n in cpu) if (cpu[n] / tick >= 0.1) printf "%.1f %s\n", cpu[n] / tick, n}' |
    sort -rn | head -12 | tr '\n' ';' | sed 's/^/    thread CPU s: /; s/;$/\n/'
}

# Every boot event of the storm must reach the store: waits (at most 180 s) until none is queued
# or in the overflow file, then says how long that took after perfdhcp ended and how many were
# dropped (bootkeeper_events_dropped_total, the issue's "no lost event").
dhcp_events_stored() {
  local t0 metrics waiting dropped i
  t0=$(date +%s%N)
  for i in $(seq 360); do
    metrics=$(bk_srv curl -s --max-time 5 http://127.0.0.1:8080/q/metrics || true)
    waiting=$(awk '/^bootkeeper_events_overflow / {printf "%.0f", $2}' <<<"$metrics")
    dropped=$(awk '/^bootkeeper_events_dropped_total / {printf "%.0f", $2}' <<<"$metrics")
    [[ ${waiting:-1} == 0 ]] && break
    sleep 0.5
  done
  say "  boot events: overflow file empty $(((($(date +%s%N) - t0) / 1000000))) ms after the storm," \
    "${waiting:-?} waiting, ${dropped:-?} dropped"
}

# The last address ACKed to each MAC, from the frames the client side sees (perfdhcp does not say).
dhcp_sniff_acks() { # seconds out-file ready-file
  bk_cli python3 "$BK_REPO/bench/dhcp/sniff_acks.py" --ready "$3" c0 "$1" "$2"
}

# kill -9 in the middle of a storm, restart on the same data directory, then every address the
# appliance ACKed must be that MAC's lease, as its API lists them.
dhcp_durability() {
  local rate=${DHCP_RATES%% *} dir sniff perf acked lost stored
  new_round_dir
  dir=$ROUND_DIR
  mkdir -p "$dir/images"
  start_appliance "$dir" "$dir/images" "${DHCP_KEYS[@]}" || return 0
  local victim=$SERVER_PID
  dhcp_sniff_acks $((DHCP_SECS + 3)) "$dir/acked" "$dir/sniffing" >"$dir/sniff.out" 2>&1 &
  sniff=$!
  local _
  for _ in $(seq 300); do [[ -e $dir/sniffing ]] && break; sleep 0.1; done
  bk_cli timeout $((DHCP_SECS + 30)) perfdhcp -4 -l c0 -r "$rate" -R "$DHCP_CLIENTS" \
    -p "$DHCP_SECS" -d 2 >"$dir/perfdhcp.out" 2>&1 &
  perf=$!
  sleep $((DHCP_SECS / 2))
  kill -9 "$victim"
  wait "$victim" 2>/dev/null || true
  bk_forget "$victim"
  wait "$perf" 2>/dev/null || true
  wait "$sniff" || true
  mv "$dir/bootkeeper.log" "$dir/bootkeeper-killed.log"
  start_appliance "$dir" "$dir/images" "${DHCP_KEYS[@]}" || return 0
  : >"$dir/stored"
  local page
  for page in $(seq 0 9); do
    bk_cli curl -sf --max-time 30 \
      "http://$BK_SERVER_IP:8080/api/v1/leases?size=1000&page=$page" >"$dir/leases.json" || break
    python3 -c 'import json, sys
for l in json.load(open(sys.argv[1]))["items"]:
    if l["mac"]: print(l["mac"].lower(), l["ip"])' "$dir/leases.json" >>"$dir/stored"
    [[ $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' \
      "$dir/leases.json") -lt 1000 ]] && break
  done
  bk_stop "$SERVER_PID"
  acked=$(wc -l <"$dir/acked")
  stored=$(wc -l <"$dir/stored")
  lost=$(sort "$dir/acked" | comm -23 - <(sort "$dir/stored") | wc -l)
  rec dhcp.durable.acked bootkeeper "$acked" "$(bk_load)"
  rec dhcp.durable.lost bootkeeper "$lost" "$(bk_load)"
  say "dhcp kill -9 after $((DHCP_SECS / 2)) s at $rate/s: $acked leases ACKed, $stored stored, lost: $lost"
}

case_dhcp() {
  bk_need perfdhcp kea-admin
  bk_need dnsmasq dnsmasq-base
  local round rate
  for round in $(seq "$REPEAT"); do
    for rate in $DHCP_RATES; do
      dhcp_dnsmasq "$rate"
      dhcp_bootkeeper "$rate"
    done
  done
  [[ ${DHCP_DURABLE:-1} == 1 ]] && dhcp_durability
  return 0
}
