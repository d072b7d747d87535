#!/usr/bin/env bash
# Builds the test guest for the end-to-end PXE boot suite: Debian's kernel (vmlinuz) and a small
# initramfs (busybox-static + the NIC modules QEMU's e1000 and virtio-net need). The packages are
# taken with `apt-get download` and unpacked with `dpkg-deb`: nothing is installed on this machine.
#
# The guest's /init prints its kernel command line as "BOOTKEEPER-CMDLINE: ..." on the serial port,
# brings up eth0 with DHCP, fetches its stage 3, prints "BOOTKEEPER-RESULT: OK token=<bk_token>"
# (or "BOOTKEEPER-RESULT: FAIL <why>") and powers the machine off. The stage 3 is either
#  - bk_stage3=<url>: downloaded over HTTP and checked against bk_sha256=<hex>, or
#  - archiso_nbd_srv=<address>: read as SystemRescue's initramfs (archiso) reads it: the NBD export
#    "archiso" (or archiso_nbd_name=) attached as /dev/nbd0 with Debian's nbd-client, its volume
#    label checked against archisolabel=, the ISO mounted, and <archisobasedir>/x86_64/airootfs.sfs
#    inside it checked against bk_sha256=<hex>.
# The NBD client is a second initramfs, nbd.img (nbd-client, the libraries it links and the nbd and
# isofs modules, 4 MB): appended to initrd.img (`cat initrd.img nbd.img`, the kernel unpacks
# concatenated archives in turn) it makes an initramfs that boots over NBD; the other boots of the
# suite load initrd.img alone and stay small.
#
# Usage: build-guest.sh OUTDIR     writes OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/nbd.img and
#                                  OUTDIR/guest.manifest
# Needs: apt-get, dpkg-deb, tar, gzip and current package lists (`apt-get update`).
set -euo pipefail

OUT=${1:?usage: build-guest.sh OUTDIR}
MODULES=(e1000 virtio_pci virtio_net)
NBD_MODULES=(nbd isofs)
# The libraries Debian's nbd-client links, directly or through GnuTLS and libnl (checked below with
# the packaged loader's --list: a new nbd-client that needs another library stops the build).
NBD_LIB_PACKAGES=(libc6 libgnutls30 libnl-3-200 libnl-genl-3-200 libp11-kit0 libidn2-0 libunistring2
  libtasn1-6 libnettle8 libhogweed6 libgmp10 libffi8)

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
echo "build-guest: downloading $KPKG busybox-static nbd-client ${NBD_LIB_PACKAGES[*]}"
if ! (cd "$WORK/debs" && apt-get download -q "$KPKG" busybox-static nbd-client \
  "${NBD_LIB_PACKAGES[@]}" >"$WORK/apt.log" 2>&1); then
  cat "$WORK/apt.log" >&2
  echo "build-guest: apt-get download failed; run 'apt-get update' (as root) and try again" >&2
  exit 1
fi

mkdir -p "$WORK/kernel" "$WORK/busybox" "$WORK/nbd-client" "$WORK/libs"
dpkg-deb -x "$WORK"/debs/busybox-static_*.deb "$WORK/busybox"
dpkg-deb -x "$WORK"/debs/nbd-client_*.deb "$WORK/nbd-client"
for p in "${NBD_LIB_PACKAGES[@]}"; do dpkg-deb -x "$WORK"/debs/"$p"_*.deb "$WORK/libs"; done
# Only the kernel and the modules the guest loads: the full package unpacks to 400 MB.
dpkg-deb --fsys-tarfile "$WORK"/debs/"$KPKG"_*.deb |
  tar -x -C "$WORK/kernel" --wildcards './boot/vmlinuz-*' \
    './lib/modules/*/kernel/drivers/net/*' './lib/modules/*/kernel/drivers/virtio/*' \
    './lib/modules/*/kernel/net/core/*' './lib/modules/*/kernel/drivers/block/nbd.ko' \
    './lib/modules/*/kernel/drivers/cdrom/*' './lib/modules/*/kernel/fs/isofs/*'

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
BASE_ORDER=("${ORDER[@]}")
ORDER=()
for m in "${NBD_MODULES[@]}"; do add_module "$m"; done
NBD_ORDER=("${ORDER[@]}")

ROOT=$WORK/root
mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,lib/modules,etc}
cp "$WORK/busybox/bin/busybox" "$ROOT/bin/busybox"
ln -s busybox "$ROOT/bin/sh"
for m in "${BASE_ORDER[@]}"; do cp "$(modfile "$m")" "$ROOT/lib/modules/$m.ko"; done
printf '%s\n' "${BASE_ORDER[@]}" >"$ROOT/lib/modules/load-order"

# The NBD stage 3's initramfs: nbd-client where archiso's hook finds it, each library it loads in
# the loader's default path (there is no ld.so.cache), the loader where the binary names it.
NBD_ROOT=$WORK/nbd-root
mkdir -p "$NBD_ROOT"/{sbin,lib64,lib/modules,lib/x86_64-linux-gnu,mnt}
cp "$WORK/nbd-client/sbin/nbd-client" "$NBD_ROOT/sbin/nbd-client"
LOADER=$WORK/libs/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
"$LOADER" --inhibit-cache --library-path "$WORK/libs/lib/x86_64-linux-gnu:$WORK/libs/usr/lib/x86_64-linux-gnu" \
  --list "$NBD_ROOT/sbin/nbd-client" >"$WORK/nbd-client.libs"
while read -r soname arrow path _; do
  [[ $soname == linux-vdso.so.* ]] && continue
  if [[ $arrow != "=>" || $path != "$WORK/libs/"* ]]; then
    echo "build-guest: nbd-client needs $soname, found in none of ${NBD_LIB_PACKAGES[*]}" >&2
    exit 1
  fi
  if [[ $soname == /lib64/* ]]; then
    cp -L "$path" "$NBD_ROOT$soname"
  else
    cp -L "$path" "$NBD_ROOT/lib/x86_64-linux-gnu/$soname"
  fi
done <"$WORK/nbd-client.libs"
for m in "${NBD_ORDER[@]}"; do cp "$(modfile "$m")" "$NBD_ROOT/lib/modules/$m.ko"; done
printf '%s\n' "${NBD_ORDER[@]}" >"$NBD_ROOT/lib/modules/nbd.load-order"

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
    archiso_nbd_srv=*) NBD_SRV=${word#archiso_nbd_srv=} ;;
    archiso_nbd_name=*) NBD_NAME=${word#archiso_nbd_name=} ;;
    archisobasedir=*) BASEDIR=${word#archisobasedir=} ;;
    archisolabel=*) LABEL=${word#archisolabel=} ;;
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

# Stage 3 as archiso's NBD hook reads it: "nbd-client <archiso_nbd_srv> -N archiso /dev/nbd0", the
# whole ISO as a block device, <archisobasedir>/<arch>/airootfs.sfs inside its filesystem.
nbd_stage3() {
  [ -x /sbin/nbd-client ] || result "FAIL archiso_nbd_srv= but no nbd-client (initrd.img without nbd.img)"
  for m in $($bb cat /lib/modules/nbd.load-order); do
    $bb insmod "/lib/modules/$m.ko" || echo "insmod $m failed"
  done
  export=${NBD_NAME:-archiso}
  $bb timeout 60 /sbin/nbd-client "$NBD_SRV" -N "$export" /dev/nbd0 ||
    result "FAIL nbd-client $NBD_SRV -N $export"
  sectors=$($bb cat /sys/block/nbd0/size)
  [ "$sectors" -gt 0 ] || result "FAIL /dev/nbd0 has no size after nbd-client"
  # The primary volume descriptor is sector 16 (2048-byte sectors); its volume identifier is the
  # 32 bytes at offset 40, padded with spaces: the label archiso finds the ISO by.
  got_label=$($bb dd if=/dev/nbd0 bs=1 skip=32808 count=32 2>/dev/null | $bb sed 's/ *$//')
  say "STAGE3: NBD export $export from $NBD_SRV, $((sectors / 2)) KiB, volume label $got_label"
  [ -z "$LABEL" ] || [ "$got_label" = "$LABEL" ] ||
    result "FAIL NBD export $export has the label $got_label, archisolabel=$LABEL"
  $bb mount -t iso9660 -o ro /dev/nbd0 /mnt || result "FAIL mount of /dev/nbd0 as ISO 9660"
  rootfs=${BASEDIR:-arch}/$($bb uname -m)/airootfs.sfs
  [ -f "/mnt/$rootfs" ] || result "FAIL no $rootfs in the ISO read over NBD"
  GOT=$($bb sha256sum "/mnt/$rootfs" | $bb cut -d' ' -f1)
  say "STAGE3: $rootfs over NBD, $($bb wc -c <"/mnt/$rootfs") bytes sha256=$GOT"
  $bb umount /mnt
  /sbin/nbd-client -d /dev/nbd0 >/dev/null 2>&1
}

http_stage3() {
  [ -n "$STAGE3" ] || result "FAIL no bk_stage3= on the kernel command line"
  # busybox-static 1.35's wget crashes with -T: the timeout comes from the timeout applet instead.
  $bb timeout 60 $bb wget -q -O /tmp/stage3 "$STAGE3" || result "FAIL download of $STAGE3"
  GOT=$($bb sha256sum /tmp/stage3 | $bb cut -d' ' -f1)
  say "STAGE3: $($bb wc -c </tmp/stage3) bytes sha256=$GOT"
}

if [ -n "$NBD_SRV" ]; then nbd_stage3; else http_stage3; fi
[ "$GOT" = "$SHA256" ] || result "FAIL stage 3 sha256 $GOT, expected $SHA256"
result "OK token=$TOKEN"
SCRIPT
chmod 0755 "$ROOT/init" "$ROOT/etc/udhcpc.script"

# cpio newc with the guest's own busybox: no cpio needed on this machine.
cpio_gz() {
  (cd "$1" && find . | sort | "$WORK/busybox/bin/busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
    gzip -9n >"$2"
}
cpio_gz "$ROOT" "$OUT/initrd.img.tmp"
cpio_gz "$NBD_ROOT" "$OUT/nbd.img.tmp"
cp "$WORK"/kernel/boot/vmlinuz-* "$OUT/vmlinuz.tmp"
mv -f "$OUT/initrd.img.tmp" "$OUT/initrd.img"
mv -f "$OUT/nbd.img.tmp" "$OUT/nbd.img"
mv -f "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
{
  echo "kernel	$KPKG	$(dpkg-deb -f "$WORK"/debs/"$KPKG"_*.deb Version)"
  echo "busybox	busybox-static	$(dpkg-deb -f "$WORK"/debs/busybox-static_*.deb Version)"
  echo "nbd-client	nbd-client	$(dpkg-deb -f "$WORK"/debs/nbd-client_*.deb Version)"
  echo "modules	${BASE_ORDER[*]}"
  echo "nbd-modules	${NBD_ORDER[*]}"
} >"$OUT/guest.manifest"
size() { stat -c %s "$1"; }
echo "build-guest: $OUT/vmlinuz ($(size "$OUT/vmlinuz") bytes), $OUT/initrd.img ($(size "$OUT/initrd.img") bytes, modules: ${BASE_ORDER[*]}), $OUT/nbd.img ($(size "$OUT/nbd.img") bytes, modules: ${NBD_ORDER[*]})"
