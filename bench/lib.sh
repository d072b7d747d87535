# Sourced by the benchmark scripts: the test network, the packaged appliance started as a user
# starts it, reference servers, and the small sums every benchmark needs.
#
# The network: two namespaces joined by a veth, "server" (198.18.0.1/24 on s0) where the server
# under test runs, alone, on its standard ports, and "client" (198.18.0.10/24 on c0) where the
# clients run. Both live only as long as the script (bk_cleanup deletes them).

BK_SERVER_IP=198.18.0.1
BK_CLIENT_IP=198.18.0.10
BK_SRV_NS=
BK_CLI_NS=
# Every server a benchmark starts, so that bk_cleanup can stop what a failed run left behind.
BK_SERVER_PIDS=()
# How long a server may take to report ready or to open its port (a loaded machine is slow).
BK_READY_TIMEOUT=${BK_READY_TIMEOUT:-180}

bk_load() { cut -d' ' -f1 /proc/loadavg; }

# Median of the numbers given (the mean of the middle two for an even count); "-" for none.
bk_median() {
  printf '%s\n' "$@" | grep -E '^-?[0-9.]+$' | sort -g |
    awk '{a[NR] = $1} END {
      if (NR == 0) print "-"
      else if (NR % 2) print a[(NR + 1) / 2]
      else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

bk_need() { # command package...
  local cmd=$1
  shift
  command -v "$cmd" >/dev/null || {
    echo "missing $cmd (Debian: $*)" >&2
    exit 1
  }
}

# Builds the packaged appliance once, unless SKIP_BUILD=1.
bk_build() {
  if [[ ${SKIP_BUILD:-} != 1 ]]; then
    echo "== building target/quarkus-app (SKIP_BUILD=1 reuses it)" >&2
    mvn -B -q -DskipTests package -Dspotless.apply.skip=true >/dev/null
  fi
  [[ -f target/quarkus-app/quarkus-run.jar ]] || {
    echo "no target/quarkus-app/quarkus-run.jar" >&2
    exit 1
  }
}

bk_net_up() { # server-namespace client-namespace
  BK_SRV_NS=$1
  BK_CLI_NS=$2
  ip netns add "$BK_SRV_NS"
  ip netns add "$BK_CLI_NS"
  ip link add s0 netns "$BK_SRV_NS" type veth peer name c0 netns "$BK_CLI_NS"
  ip -n "$BK_SRV_NS" link set lo up
  ip -n "$BK_CLI_NS" link set lo up
  ip -n "$BK_SRV_NS" addr add "$BK_SERVER_IP/24" dev s0
  ip -n "$BK_CLI_NS" addr add "$BK_CLIENT_IP/24" dev c0
  ip -n "$BK_SRV_NS" link set s0 up
  ip -n "$BK_CLI_NS" link set c0 up
  # A veth carries packets once both ends report the carrier (state UP).
  local _
  for _ in $(seq 50); do
    ip -n "$BK_SRV_NS" -o link show s0 | grep -q "state UP" &&
      ip -n "$BK_CLI_NS" -o link show c0 | grep -q "state UP" && return 0
    sleep 0.1
  done
  echo "the test network did not come up" >&2
  return 1
}

# Stops every server still running, then deletes the namespaces. For `trap ... EXIT`.
bk_cleanup() {
  local p
  for p in "${BK_SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${BK_SERVER_PIDS[@]}"; do bk_stop "$p" 10 || true; done
  [[ -n $BK_SRV_NS ]] && ip netns del "$BK_SRV_NS" 2>/dev/null
  [[ -n $BK_CLI_NS ]] && ip netns del "$BK_CLI_NS" 2>/dev/null
  return 0
}

bk_srv() { ip netns exec "$BK_SRV_NS" "$@"; }
bk_cli() { ip netns exec "$BK_CLI_NS" "$@"; }

# SIGTERM, and SIGKILL after a grace period: a server that hangs on stop must not hang the run.
bk_stop() { # pid [grace-seconds]
  local pid=$1 grace=${2:-30} _
  if ! kill "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    bk_forget "$pid"
    return 0
  fi
  for _ in $(seq $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  (pid $pid did not stop within ${grace} s of SIGTERM: killed)" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  bk_forget "$pid"
}

# Once reaped, a PID may be given to another process: it must never be signalled again.
bk_forget() { # pid
  local p keep=()
  for p in "${BK_SERVER_PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  BK_SERVER_PIDS=("${keep[@]}")
}

# Starts a reference server in the server namespace from the given directory; sets SERVER_PID.
bk_start_ref() { # dir log command...
  local dir=$1 log=$2
  shift 2
  (cd "$dir" && exec ip netns exec "$BK_SRV_NS" "$@") >"$log" 2>&1 &
  SERVER_PID=$!
  BK_SERVER_PIDS+=("$SERVER_PID")
}

# Waits until a TCP port of the server accepts connections from the client namespace.
bk_wait_tcp() { # port
  local _
  for _ in $(seq $((BK_READY_TIMEOUT * 10))); do
    bk_cli bash -c "exec 3<>/dev/tcp/$BK_SERVER_IP/$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $BK_SERVER_IP:$1 after $BK_READY_TIMEOUT s" >&2
  return 1
}

# Waits until a UDP port is bound in the server namespace.
bk_wait_udp() { # port
  local _
  for _ in $(seq $((BK_READY_TIMEOUT * 10))); do
    [[ -n $(bk_srv ss -Hunl "sport = :$1") ]] && return 0
    sleep 0.1
  done
  echo "nothing listens on UDP port $1 after $BK_READY_TIMEOUT s" >&2
  return 1
}

# The packaged appliance as a user starts it: `java -jar quarkus-run.jar` in a fresh working
# directory with a fresh data directory, the default configuration plus the test network's keys
# (server address, images directory, and what the caller adds). Returns once it logs
# "Bootkeeper is ready"; sets SERVER_PID and READY_MS (from exec to that line).
bk_start_appliance() { # run-dir images-dir [-Dkey=value...]
  local run=$1 images=$2 t0 t1 _
  shift 2
  mkdir -p "$run/data"
  local jar=${JAR:-$BK_REPO/target/quarkus-app/quarkus-run.jar}
  t0=$(date +%s%N)
  # BK_JAVA_OPTS: for profiling only (a flight recording); figures are taken without it.
  # shellcheck disable=SC2086
  (cd "$run" && exec ip netns exec "$BK_SRV_NS" java ${BK_JAVA_OPTS:-} \
    -Dbootkeeper.data-dir="$run/data" -Dbootkeeper.images-dir="$images" \
    -Dbootkeeper.server-address="$BK_SERVER_IP" "$@" -jar "$jar") >"$run/bootkeeper.log" 2>&1 &
  SERVER_PID=$!
  BK_SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq $((BK_READY_TIMEOUT * 50))); do
    grep -q "Bootkeeper is ready" "$run/bootkeeper.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.02
  done
  t1=$(date +%s%N)
  if ! grep -q "Bootkeeper is ready" "$run/bootkeeper.log"; then
    echo "Bootkeeper did not report ready within $BK_READY_TIMEOUT s; its log:" >&2
    tail -40 "$run/bootkeeper.log" >&2
    bk_stop "$SERVER_PID" 5
    return 1
  fi
  READY_MS=$(((t1 - t0) / 1000000))
}

# The API token a first start prints once, from the appliance's log.
bk_first_token() { # log
  grep -A2 "It is shown only this once" "$1" | tail -1 | tr -d ' \r'
}

# Resident memory of a process in MiB (VmRSS).
bk_rss_mib() { # pid
  awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"
}

# Hard links of prepared files into a new images directory, so that every run starts with a fresh
# one (the appliance installs its boot loaders there) without copying gigabytes.
bk_images_dir() { # dir file...
  local dir=$1
  shift
  mkdir -p "$dir"
  chmod 755 "$dir"
  local f
  for f in "$@"; do ln "$f" "$dir/$(basename "$f")"; done
}
