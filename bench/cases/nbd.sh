# NBD: nbdcopy of the whole export to null:, with nbdcopy's default connections and with one
# (-C 1), from a fresh appliance (the file is its archiso export) and from `nbdkit -r file`.
# Sourced by run-all.sh.

NBD_MIB=${NBD_MIB:-512}

# MiB/s of one copy; FAIL when nbdcopy fails.
nbd_copy() { # connections-flag...
  local t0 t1
  t0=$(date +%s%N)
  bk_cli timeout 300 nbdcopy "$@" "nbd://$BK_SERVER_IP/archiso" null: >/dev/null 2>&1 || {
    echo FAIL
    return
  }
  t1=$(date +%s%N)
  awk -v mib="$NBD_MIB" -v ns=$((t1 - t0)) 'BEGIN {printf "%.0f\n", mib / (ns / 1e9)}'
}

nbd_measure() { # key server connections-flag...
  local key=$1 server=$2 load v
  shift 2
  load=$(bk_load)
  v=$(nbd_copy "$@")
  rec "$key" "$server" "$v" "$load"
  say "$key $server: $v MiB/s (load $load)"
}

nbd_round() { # key connections-flag...
  local key=$1
  shift
  new_round_dir
  bk_start_ref "$ROUND_DIR" "$ROUND_DIR/nbdkit.log" nbdkit -f -r -i "$BK_SERVER_IP" -p 10809 \
    file "$NBD_FILE"
  bk_wait_tcp 10809 && nbd_measure "$key" nbdkit "$@"
  bk_stop "$SERVER_PID"

  new_round_dir
  bk_images_dir "$ROUND_DIR/images" "$NBD_FILE"
  start_appliance "$ROUND_DIR" "$ROUND_DIR/images" || return 0
  nbd_measure "$key" bootkeeper "$@"
  bk_stop "$SERVER_PID"
}

case_nbd() {
  bk_need nbdcopy libnbd-bin
  bk_need nbdkit nbdkit
  # The appliance exports bootkeeper.nbd.archiso-image (sysresccd.iso by default) as "archiso".
  NBD_FILE=$FILES/sysresccd.iso
  [[ -f $NBD_FILE ]] || make_file "$NBD_FILE" "$NBD_MIB"
  local round
  for round in $(seq "$REPEAT"); do
    nbd_round nbd.default
    nbd_round nbd.c1 -C 1
  done
}
