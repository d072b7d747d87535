#!/usr/bin/env bash
# Builds the test guest for the end-to-end PXE boot suite: Debian's kernel (vmlinuz) and a small
# initramfs (busybox-static + the NIC modules QEMU's e1000 and virtio-net need). The packages are
# taken with `apt-get download` and unpacked with `dpkg-deb`: nothing is installed on this machine.
#
# The guest's /init prints its kernel command line as "BOOTKEEPER-CMDLINE: ..." on the serial port,
# brings up eth0 with DHCP, downloads bk_stage3=<url> over HTTP, checks it against bk_sha256=<hex>,
# prints "BOOTKEEPER-RESULT: OK token=<bk_token>" (or "BOOTKEEPER-RESULT: FAIL <why>") and powers
# the machine off.
#
# Usage: build-guest.sh OUTDIR     writes OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/guest.manifest
# Needs: apt-get, dpkg-deb, tar, gzip and current package lists (`apt-get update`).
set -euo pipefail

OUT=${1:?usage: build-guest.sh OUTDIR}
MODULES=(e1000 virtio_pci virtio_net)

for tool in apt-get apt-cache dpkg-deb tar gzip sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-guest: '$tool' is missing" >&2; exit 1; }
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bootkeeper-guest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs"
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then
  # apt downloads as its unprivileged _apt user when it can write the target folder.
  chmod 755 "$WORK"
  chown _apt "$WORK/debs"
fi

# linux-image-amd64 is a metapackage: the kernel is in the versioned package it depends on.
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[[ -n $KPKG ]] || { echo "build-guest: no linux-image-amd64 in the package lists; run 'apt-get update'" >&2; exit 1; }
echo "build-guest: downloading $KPKG busybox-static"
if ! (cd "$WORK/debs" && apt-get download -q "$KPKG" busybox-static >"$WORK/apt.log" 2>&1); then
  cat "$WORK/apt.log" >&2
  echo "build-guest: apt-get download failed; run 'apt-get update' (as root) and try again" >&2
  exit 1
fi

mkdir -p "$WORK/kernel" "$WORK/busybox"
dpkg-deb -x "$WORK"/debs/busybox-static_*.deb "$WORK/busybox"
# Only the kernel and the network/virtio modules: the full package unpacks to 400 MB.
dpkg-deb --fsys-tarfile "$WORK"/debs/"$KPKG"_*.deb |
  tar -x -C "$WORK/kernel" --wildcards './boot/vmlinuz-*' \
    './lib/modules/*/kernel/drivers/net/*' './lib/modules/*/kernel/drivers/virtio/*' \
    './lib/modules/*/kernel/net/core/*'

# Module dependencies, read from each module's .modinfo "depends=" (the package has no
# modules.dep: depmod writes it at install time). Dependencies are loaded first.
declare -A SEEN
ORDER=()
modfile() { find "$WORK/kernel/lib/modules" -name "$1.ko" -o -name "${1//_/-}.ko" | head -n 1; }
add_module() {
  local name=$1 file deps d
  [[ -n ${SEEN[$name]:-} ]] && return
  SEEN[$name]=1
  file=$(modfile "$name")
  [[ -n $file ]] || { echo "build-guest: module $name is not in $KPKG" >&2; exit 1; }
  deps=$(tr '\0' '\n' <"$file" | sed -n 's/^depends=//p' | head -n 1)
  for d in ${deps//,/ }; do add_module "$d"; done
  ORDER+=("$name")
}
for m in "${MODULES[@]}"; do add_module "$m"; done

ROOT=$WORK/root
mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,lib/modules,etc}
cp "$WORK/busybox/bin/busybox" "$ROOT/bin/busybox"
ln -s busybox "$ROOT/bin/sh"
for m in "${ORDER[@]}"; do cp "$(modfile "$m")" "$ROOT/lib/modules/$m.ko"; done
printf '%s\n' "${ORDER[@]}" >"$ROOT/lib/modules/load-order"

cat >"$ROOT/etc/udhcpc.script" <<'SCRIPT'
#!/bin/sh
# busybox udhcpc hook: configure the address it got (no routes or DNS needed on the test link).
case "$1" in
  bound|renew)
    /bin/busybox ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up
    echo "$ip" >/tmp/ip
    ;;
esac
SCRIPT

cat >"$ROOT/init" <<'SCRIPT'
#!/bin/sh
# Bootkeeper end-to-end test guest. Everything it prints goes to the first serial port.
bb=/bin/busybox
$bb mount -t devtmpfs devtmpfs /dev
exec >/dev/ttyS0 2>&1 </dev/null
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
say() { echo "BOOTKEEPER-$1 (t=$($bb cut -d' ' -f1 /proc/uptime)s)"; }
result() {
  echo "BOOTKEEPER-RESULT: $*"
  $bb sync
  $bb poweroff -f
}
CMDLINE=$($bb cat /proc/cmdline)
echo "BOOTKEEPER-CMDLINE: $CMDLINE"
for word in $CMDLINE; do
  case "$word" in
    bk_token=*) TOKEN=${word#bk_token=} ;;
    bk_stage3=*) STAGE3=${word#bk_stage3=} ;;
    bk_sha256=*) SHA256=${word#bk_sha256=} ;;
  esac
done
[ -n "$TOKEN" ] || result "FAIL no bk_token= on the kernel command line"
for m in $($bb cat /lib/modules/load-order); do
  $bb insmod "/lib/modules/$m.ko" || echo "insmod $m failed"
done
n=0
while [ ! -e /sys/class/net/eth0 ] && [ $n -lt 50 ]; do $bb sleep 0.2; n=$((n + 1)); done
[ -e /sys/class/net/eth0 ] || result "FAIL no eth0 after loading $($bb cat /lib/modules/load-order)"
$bb ip link set eth0 up
say "NET: eth0 $($bb cat /sys/class/net/eth0/address) up, DHCP"
$bb udhcpc -i eth0 -f -q -n -t 10 -T 2 -s /etc/udhcpc.script || result "FAIL no DHCP lease in the initramfs"
say "NET: eth0 has $($bb cat /tmp/ip)"
[ -n "$STAGE3" ] || result "FAIL no bk_stage3= on the kernel command line"
# busybox-static 1.35's wget crashes with -T: the timeout comes from the timeout applet instead.
$bb timeout 60 $bb wget -q -O /tmp/stage3 "$STAGE3" || result "FAIL download of $STAGE3"
GOT=$($bb sha256sum /tmp/stage3 | $bb cut -d' ' -f1)
say "STAGE3: $($bb wc -c </tmp/stage3) bytes sha256=$GOT"
[ "$GOT" = "$SHA256" ] || result "FAIL stage 3 sha256 $GOT, expected $SHA256"
result "OK token=$TOKEN"
SCRIPT
chmod 0755 "$ROOT/init" "$ROOT/etc/udhcpc.script"

# cpio newc with the guest's own busybox: no cpio needed on this machine.
(cd "$ROOT" && find . | sort | "$WORK/busybox/bin/busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
  gzip -9n >"$OUT/initrd.img.tmp"
cp "$WORK"/kernel/boot/vmlinuz-* "$OUT/vmlinuz.tmp"
mv -f "$OUT/initrd.img.tmp" "$OUT/initrd.img"
mv -f "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
{
  echo "kernel	$KPKG	$(dpkg-deb -f "$WORK"/debs/"$KPKG"_*.deb Version)"
  echo "busybox	busybox-static	$(dpkg-deb -f "$WORK"/debs/busybox-static_*.deb Version)"
  echo "modules	${ORDER[*]}"
} >"$OUT/guest.manifest"
echo "build-guest: $OUT/vmlinuz ($(stat -c %s "$OUT/vmlinuz") bytes), $OUT/initrd.img ($(stat -c %s "$OUT/initrd.img") bytes), modules: ${ORDER[*]}"
