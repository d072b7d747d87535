# TFTP: one client fetching a 64 MiB file at blksize 512 and 1468 (curl), at blksize 1468 lock-step
# and with windowsize 16 (atftp), against a fresh appliance and a fresh atftpd; then storms of
# 50 and 200 clients at once, 32 MiB each (curl, blksize 1468), against a fresh appliance and a
# fresh tftpd-hpa: aggregate MiB/s, failures, p95 of the clients' times. Sourced by run-all.sh.

TFTP_SINGLE_MIB=${TFTP_SINGLE_MIB:-64}
TFTP_STORM_MIB=${TFTP_STORM_MIB:-32}
TFTP_STORMS=${TFTP_STORMS-50 200}
# The storm's clients all come from the client namespace's one address, where a real storm comes
# from one address per machine: the appliance's per-address shares (8 transfers, 50 requests/s by
# default) would turn most of them away. These keys give each client its own share, as separate
# machines would have; every other limit stays at its default.
TFTP_ONE_ADDRESS_KEYS=(-Dbootkeeper.tftp.max-transfers-per-client=500
  -Dbootkeeper.tftp.max-queued-per-client=1000 -Dbootkeeper.tftp.requests-per-second-per-client=1000
  -Dbootkeeper.tftp.request-burst-per-client=1000)

tftp_atftpd() {
  local atftpd=$BK_REPO/bench/work/atftpd/usr/sbin/atftpd
  bk_start_ref "$ROUND_DIR" "$ROUND_DIR/atftpd.out" "$atftpd" --daemon --no-fork --port 69 \
    --bind-address "$BK_SERVER_IP" --user root --group root --maxthread 1000 \
    --logfile "$ROUND_DIR/atftpd.log" "$ROUND_DIR/images"
}

tftp_hpa() {
  bk_start_ref "$ROUND_DIR" "$ROUND_DIR/tftpd-hpa.log" in.tftpd -L -u root \
    -s "$ROUND_DIR/images" -a "$BK_SERVER_IP:69"
}

# Neither reference server says when it listens: wait until a missing file gets an error back.
tftp_wait_ready() {
  local _
  for _ in $(seq $((BK_READY_TIMEOUT * 5))); do
    local rc=0
    bk_cli curl -s --max-time 1 -o /dev/null "tftp://$BK_SERVER_IP/no-such-file" || rc=$?
    # 68: the server answered "file not found"; 28 (timeout) or 7: nothing listens yet.
    [[ $rc == 68 ]] && return 0
    sleep 0.2
  done
  echo "no TFTP server answers on $BK_SERVER_IP" >&2
  return 1
}

# One download of f64 by curl or atftp; prints MiB/s, or FAIL unless the copy is complete.
tftp_curl() { # blksize
  local out
  out=$(bk_cli curl -s --max-time 300 --tftp-blksize "$1" -o /dev/null \
    -w '%{size_download} %{speed_download}' "tftp://$BK_SERVER_IP/f64" || true)
  awk -v want=$((TFTP_SINGLE_MIB << 20)) '$1 == want {printf "%.1f\n", $2 / 1048576; ok = 1}
    END {if (!ok) print "FAIL"}' <<<"$out"
}
tftp_atftp() { # option...
  local t0 t1 args=() o
  for o in "$@"; do args+=(--option "$o"); done
  rm -f "$ROUND_DIR/atftp.out"
  t0=$(date +%s%N)
  bk_cli timeout 300 atftp "${args[@]}" -g -r f64 -l "$ROUND_DIR/atftp.out" "$BK_SERVER_IP" 69 \
    >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  if cmp -s "$ROUND_DIR/atftp.out" "$FILES/f64"; then
    awk -v mib="$TFTP_SINGLE_MIB" -v ns=$((t1 - t0)) 'BEGIN {printf "%.1f\n", mib / (ns / 1e9)}'
  else
    echo FAIL
  fi
  rm -f "$ROUND_DIR/atftp.out"
}

tftp_single() { # key server command...
  local key=$1 server=$2 load v
  shift 2
  load=$(bk_load)
  v=$("$@")
  rec "$key" "$server" "$v" "$load"
  say "$key $server: $v MiB/s (load $load)"
}

# One single-client case against a fresh atftpd, then a fresh appliance.
tftp_single_fresh() { # key command...
  local key=$1
  shift
  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/f64"
  tftp_atftpd
  tftp_wait_ready && tftp_single "$key" atftpd "$@"
  bk_stop "$SERVER_PID"
  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/f64"
  start_appliance "$ROUND_DIR" "$ROUND_DIR/images" || return 0
  tftp_single "$key" bootkeeper "$@"
  bk_stop "$SERVER_PID"
}

tftp_single_round() {
  tftp_single_fresh tftp.512 tftp_curl 512
  tftp_single_fresh tftp.1468 tftp_curl 1468
  tftp_single_fresh tftp.atftp1468 tftp_atftp "blksize 1468"
  tftp_single_fresh tftp.w16 tftp_atftp "blksize 1468" "windowsize 16"
}

# CLIENTS curl downloads at once; records aggregate MiB/s, failures, p95 seconds.
tftp_storm() { # clients server
  local n=$1 server=$2 load t0 t1
  load=$(bk_load)
  mkdir -p "$ROUND_DIR/storm"
  t0=$(date +%s%N)
  # One shell in the client namespace starts them all: one namespace entry, not one per client.
  bk_cli bash -c 'for i in $(seq "$1"); do
      curl -s --max-time 600 --tftp-blksize 1468 -o /dev/null \
        -w "%{size_download} %{time_total}\n" "tftp://$2/f32" >"$3/$i" 2>/dev/null &
    done
    wait' storm "$n" "$BK_SERVER_IP" "$ROUND_DIR/storm"
  t1=$(date +%s%N)
  # Sorted by time: the p95 is the ceil(0.95 * n)-th complete download.
  read -r agg fails p95 < <(cat "$ROUND_DIR"/storm/[0-9]* | sort -g -k2 | awk -v n="$n" \
    -v want=$((TFTP_STORM_MIB << 20)) -v mib="$TFTP_STORM_MIB" -v ns=$((t1 - t0)) '
    $1 == want {ok++; t[ok] = $2}
    END {
      p95 = ok ? sprintf("%.1f", t[int(0.95 * ok + 0.999)]) : "-"
      printf "%.1f %d %s\n", ok * mib / (ns / 1e9), n - ok, p95
    }')
  rec "tftp.storm$n" "$server" "$agg" "$load"
  rec "tftp.storm$n.fail" "$server" "$fails" "$load"
  rec "tftp.storm$n.p95" "$server" "$p95" "$load"
  say "tftp storm of $n $server: $agg MiB/s, $fails failed, p95 ${p95} s (load $load)"
}

tftp_storm_round() {
  local n
  for n in $TFTP_STORMS; do
    new_round_dir
    bk_images_dir "$ROUND_DIR/images" "$FILES/f32"
    tftp_hpa
    tftp_wait_ready && tftp_storm "$n" tftpd-hpa
    bk_stop "$SERVER_PID"
    new_round_dir
    bk_images_dir "$ROUND_DIR/images" "$FILES/f32"
    start_appliance "$ROUND_DIR" "$ROUND_DIR/images" "${TFTP_ONE_ADDRESS_KEYS[@]}" || continue
    tftp_storm "$n" bootkeeper
    bk_stop "$SERVER_PID"
  done
}

case_tftp() {
  bk_need in.tftpd tftpd-hpa
  bk_need atftp atftp
  bk_need curl curl
  if [[ ! -x $BK_REPO/bench/work/atftpd/usr/sbin/atftpd ]]; then
    # The atftpd package conflicts with tftpd-hpa and would start a service: unpack it instead.
    mkdir -p "$BK_REPO/bench/work"
    (cd "$BK_REPO/bench/work" && apt-get download atftpd >/dev/null 2>&1 &&
      dpkg-deb -x atftpd_*.deb atftpd)
  fi
  [[ -f $FILES/f64 ]] || make_file "$FILES/f64" "$TFTP_SINGLE_MIB"
  [[ -f $FILES/f32 ]] || make_file "$FILES/f32" "$TFTP_STORM_MIB"
  local round
  for round in $(seq "$REPEAT"); do
    tftp_single_round
    tftp_storm_round
  done
}
