# HTTP: one GET of a big file (curl), a small static file under load (wrk), both against a fresh
# appliance and a fresh nginx (sendfile on) serving the same folder; and the per-MAC iPXE script
# an iPXE client fetches, rendered by the appliance for a host created through its API (wrk,
# requests per second and p99 at saturation; no peer renders it), and its p99 at a fixed offered
# rate (h2load --rps), beside nginx's p99 for the small static file at that same rate. Sourced by
# run-all.sh.

HTTP_BIG_MIB=${HTTP_BIG_MIB:-256}
HTTP_WRK_SECS=${HTTP_WRK_SECS:-10}
HTTP_MAC=52:54:00:12:34:56
# The offered rate of the paced runs, spread over HTTP_PACED_CONNS keep-alive connections.
HTTP_PACED_RATE=${HTTP_PACED_RATE:-20000}
HTTP_PACED_CONNS=20

http_nginx_start() { # images-dir
  mkdir -p "$ROUND_DIR/nginx"
  cat >"$ROUND_DIR/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $ROUND_DIR/nginx/nginx.pid;
error_log $ROUND_DIR/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $ROUND_DIR/nginx/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  # Its default (1,000) closes a keep-alive connection after 1,000 requests: h2load does not
  # reconnect, and wrk pays a new connection for it, which the appliance never asks of a client.
  keepalive_requests 1000000;
  client_body_temp_path $ROUND_DIR/nginx/body;
  server {
    listen $BK_SERVER_IP:8080;
    location /images/ { alias $1/; }
  }
}
CONF
  bk_start_ref "$ROUND_DIR" "$ROUND_DIR/nginx/out.log" nginx -c "$ROUND_DIR/nginx/nginx.conf" \
    -p "$ROUND_DIR/nginx"
  bk_wait_tcp 8080
}

# One download; records MiB/s, or FAIL unless it is a complete 200.
http_big() { # server
  local load out code size speed
  load=$(bk_load)
  out=$(bk_cli curl -s --max-time 300 -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' \
    "http://$BK_SERVER_IP:8080/images/big.bin" || true)
  read -r code size speed <<<"$out"
  if [[ $code == 200 && $size == $((HTTP_BIG_MIB << 20)) ]]; then
    speed=$(awk -v s="$speed" 'BEGIN {printf "%.0f\n", s / 1048576}')
  else
    speed=FAIL
  fi
  rec http.big "$1" "$speed" "$load"
  say "http one ${HTTP_BIG_MIB} MiB GET $1: $speed MiB/s (load $load)"
}

# wrk -t2 -c20 with latency; records req/s and p99 (ms) under the key, FAIL for any error or a
# status other than 200.
http_wrk() { # key server url
  local key=$1 server=$2 url=$3 load out rps p99
  load=$(bk_load)
  out=$ROUND_DIR/wrk.out
  bk_cli timeout $((HTTP_WRK_SECS + 30)) wrk -t2 -c20 -d"${HTTP_WRK_SECS}s" --latency "$url" \
    >"$out" 2>&1 || true
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f\n", $2}' "$out")
  p99=$(awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f\n", v * f}' "$out")
  if [[ -z $rps ]] || grep -qE '^ *(Non-2xx|Socket errors)' "$out"; then
    say "wrk against $url reported errors:"
    sed 's/^/    /' "$out" >&2
    rps=FAIL p99=FAIL
  fi
  rec "$key" "$server" "$rps" "$load"
  rec "$key.p99" "$server" "$p99" "$load"
  say "$key $server: $rps req/s, p99 $p99 ms (load $load)"
}

# h2load at HTTP_PACED_RATE requests per second offered (each of HTTP_PACED_CONNS connections
# paced at its share), HTTP_WRK_SECS long; records the rate served and the p99 (ms) of every
# request's time to its complete response, FAIL for any error or a status other than 200. Latency
# at a fixed rate, not at saturation: at saturation the queue in front of the server (wrk keeps
# every connection busy) is what p99 measures, for nginx as much as for the appliance.
http_paced() { # key server url
  local key=$1 server=$2 url=$3 load out log rate p99
  load=$(bk_load)
  out=$ROUND_DIR/h2load.out log=$ROUND_DIR/h2load.log
  bk_cli timeout $((HTTP_WRK_SECS + 30)) h2load --h1 -t1 -c"$HTTP_PACED_CONNS" \
    --rps=$((HTTP_PACED_RATE / HTTP_PACED_CONNS)) -D "$HTTP_WRK_SECS" --log-file="$log" "$url" \
    >"$out" 2>&1 || true
  rate=$(awk -v s="$HTTP_WRK_SECS" 'END {if (NR) printf "%.0f\n", NR / s}' "$log" 2>/dev/null)
  p99=$(awk '{print $3}' "$log" 2>/dev/null | sort -n |
    awk '{v[NR] = $1} END {if (NR) printf "%.2f\n", v[int(NR * 0.99 + 0.999)] / 1000}')
  if [[ -z $rate ]] || awk '$2 != 200 {bad = 1} END {exit !bad}' "$log" ||
    ! grep -qE '^requests: .* 0 failed, 0 errored' "$out"; then
    say "h2load against $url reported errors:"
    sed 's/^/    /' "$out" >&2
    rate=FAIL p99=FAIL
  fi
  rec "$key" "$server" "$rate" "$load"
  rec "$key.p99" "$server" "$p99" "$load"
  say "$key $server: $rate req/s served of $HTTP_PACED_RATE offered, p99 $p99 ms (load $load)"
}

# A Linux profile and a host booting it, as an admin creates them, with the first-start token.
http_create_host() { # log
  local token api=http://$BK_SERVER_IP:8080/api/v1
  token=$(bk_first_token "$1")
  bk_cli curl -sf --max-time 30 -X POST "$api/profiles" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench-linux","kind":"linux",
      "kernel":"bench/vmlinuz","initrds":["bench/initrd.img"],"cmdline":"console=ttyS0 quiet"}' \
    >/dev/null &&
    bk_cli curl -sf --max-time 30 -X PUT "$api/hosts/$HTTP_MAC" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"profile":"bench-linux","hostname":"bench-1"}' \
      >/dev/null
}

http_round() {
  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/big.bin" "$FILES/small.cfg"
  http_nginx_start "$ROUND_DIR/images" && http_big nginx
  bk_stop "$SERVER_PID"
  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/big.bin" "$FILES/small.cfg"
  if start_appliance "$ROUND_DIR" "$ROUND_DIR/images"; then
    http_big bootkeeper
    bk_stop "$SERVER_PID"
  fi

  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/small.cfg"
  http_nginx_start "$ROUND_DIR/images" &&
    http_wrk http.small nginx "http://$BK_SERVER_IP:8080/images/small.cfg"
  bk_stop "$SERVER_PID"
  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/small.cfg"
  if start_appliance "$ROUND_DIR" "$ROUND_DIR/images"; then
    http_wrk http.small bootkeeper "http://$BK_SERVER_IP:8080/images/small.cfg"
    bk_stop "$SERVER_PID"
  fi

  new_round_dir
  mkdir -p "$ROUND_DIR/images/bench"
  bk_images_dir "$ROUND_DIR/images/bench" "$FILES/vmlinuz" "$FILES/initrd.img"
  start_appliance "$ROUND_DIR" "$ROUND_DIR/images" || return 0
  local url="http://$BK_SERVER_IP:8080/boot/$HTTP_MAC.ipxe"
  if http_create_host "$ROUND_DIR/bootkeeper.log" &&
    bk_cli curl -sf --max-time 30 "$url" | grep -q "bench/vmlinuz"; then
    http_wrk http.mac bootkeeper "$url"
  else
    say "could not create the host, or $url does not boot its profile"
    rec http.mac bootkeeper FAIL "$(bk_load)"
  fi
  bk_stop "$SERVER_PID"

  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$FILES/small.cfg"
  http_nginx_start "$ROUND_DIR/images" &&
    http_paced http.small.paced nginx "http://$BK_SERVER_IP:8080/images/small.cfg"
  bk_stop "$SERVER_PID"
  new_round_dir
  mkdir -p "$ROUND_DIR/images/bench"
  bk_images_dir "$ROUND_DIR/images/bench" "$FILES/vmlinuz" "$FILES/initrd.img"
  start_appliance "$ROUND_DIR" "$ROUND_DIR/images" || return 0
  if http_create_host "$ROUND_DIR/bootkeeper.log"; then
    http_paced http.mac.paced bootkeeper "$url"
  else
    say "could not create the host for the paced run"
    rec http.mac.paced bootkeeper FAIL "$(bk_load)"
  fi
  bk_stop "$SERVER_PID"
}

case_http() {
  bk_need nginx nginx-light
  bk_need wrk wrk
  bk_need h2load nghttp2-client
  bk_need curl curl
  [[ -f $FILES/big.bin ]] || make_file "$FILES/big.bin" "$HTTP_BIG_MIB"
  # About the size of a boot menu or a pxelinux config.
  [[ -f $FILES/small.cfg ]] || head -c 1500 /dev/urandom | base64 -w 100 | head -c 1468 >"$FILES/small.cfg"
  [[ -f $FILES/vmlinuz ]] || make_file "$FILES/vmlinuz" 1
  [[ -f $FILES/initrd.img ]] || make_file "$FILES/initrd.img" 1
  chmod 644 "$FILES"/*
  local round
  for round in $(seq "$REPEAT"); do http_round; done
}
