# Start to ready (from exec to "Bootkeeper is ready") and idle memory: a fresh appliance with an
# empty images directory, its resident set size IDLE_SECS after ready with no traffic at all.
# Sourced by run-all.sh.

IDLE_SECS=${IDLE_SECS:-10}

case_start() {
  local round load rss
  for round in $(seq "$REPEAT"); do
    new_round_dir
    mkdir -p "$ROUND_DIR/images"
    load=$(bk_load)
    start_appliance "$ROUND_DIR" "$ROUND_DIR/images" || continue
    rec start.ready bootkeeper "$READY_MS" "$load"
    sleep "$IDLE_SECS"
    rss=$(bk_rss_mib "$SERVER_PID")
    rec start.rss bootkeeper "$rss" "$(bk_load)"
    say "start: ready after $READY_MS ms, $rss MiB resident ${IDLE_SECS} s later (load $load)"
    bk_stop "$SERVER_PID"
  done
}
