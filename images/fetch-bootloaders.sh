#!/usr/bin/env bash
# Puts the network boot loaders Bootkeeper hands out into an images directory, taken from
# Debian's packages with `apt-get download` + `dpkg-deb -x` in a temporary folder: nothing is
# installed on this machine. Safe to run again: files already up to date are left alone.
#
# Usage: images/fetch-bootloaders.sh [DEST]     (DEST defaults to the folder of this script)
# Needs: apt-get and dpkg-deb (Debian or Ubuntu), and current package lists (`apt-get update`).
# Works as root or as any user who can write DEST.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DEST=${1:-$HERE}
PACKAGES=(pxelinux syslinux-common syslinux-efi ipxe grub-efi-amd64-bin
  shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed)
# GRUB modules copied for `insmod http` (Debian's grubnetx64.efi has tftp built in, not http),
# with everything they depend on according to moddep.lst.
GRUB_MODULES=(http)

for tool in apt-get dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || { echo "fetch-bootloaders: '$tool' is missing (Debian/Ubuntu only)" >&2; exit 1; }
done
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
[[ -w $DEST ]] || { echo "fetch-bootloaders: cannot write to $DEST" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bootkeeper-loaders.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs"
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then
  # apt downloads as its unprivileged _apt user when it can write the target folder.
  chmod 755 "$WORK"
  chown _apt "$WORK/debs"
fi

echo "fetch-bootloaders: downloading ${PACKAGES[*]}"
if ! (cd "$WORK/debs" && apt-get download -q "${PACKAGES[@]}" >"$WORK/apt.log" 2>&1); then
  cat "$WORK/apt.log" >&2
  echo "fetch-bootloaders: apt-get download failed; run 'apt-get update' (as root) and try again" >&2
  exit 1
fi

declare -A VERSION
for deb in "$WORK"/debs/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  VERSION[$pkg]=$(dpkg-deb -f "$deb" Version)
  mkdir -p "$WORK/root/$pkg"
  dpkg-deb -x "$deb" "$WORK/root/$pkg"
done

# A path inside an unpacked package, following its symlinks inside that package
# (Debian's /usr/lib/ipxe/ipxe.efi is a link to /boot/ipxe.efi).
inside() { # pkg path
  local root=$WORK/root/$1 p=$2 n=0 target
  while [[ -L $root$p ]]; do
    target=$(readlink "$root$p")
    if [[ $target == /* ]]; then p=$target; else p=$(dirname "$p")/$target; fi
    n=$((n + 1))
    ((n < 10)) || { echo "fetch-bootloaders: symlink loop at $1:$2" >&2; exit 1; }
  done
  [[ -f $root$p ]] || { echo "fetch-bootloaders: $1 has no $2 (package layout changed?)" >&2; exit 1; }
  printf '%s\n' "$root$p"
}

MANIFEST_LINES=()
NEW=0 UPDATED=0 SAME=0
put() { # dest-name pkg path-in-package
  local name=$1 pkg=$2 src
  src=$(inside "$pkg" "$3")
  mkdir -p "$(dirname "$DEST/$name")"
  if [[ -f $DEST/$name ]] && cmp -s "$src" "$DEST/$name"; then
    SAME=$((SAME + 1))
  else
    if [[ -f $DEST/$name ]]; then UPDATED=$((UPDATED + 1)); echo "  updated   $name"; else NEW=$((NEW + 1)); echo "  added     $name"; fi
    cp "$src" "$DEST/$name.tmp.$$"
    chmod 0644 "$DEST/$name.tmp.$$"
    mv -f "$DEST/$name.tmp.$$" "$DEST/$name"
  fi
  MANIFEST_LINES+=("$name	$pkg	${VERSION[$pkg]}	$(sha256sum "$DEST/$name" | cut -d' ' -f1)")
}

# BIOS: pxelinux (TFTP), lpxelinux (TFTP + HTTP) and their modules, all from one syslinux build.
put pxelinux.0 pxelinux /usr/lib/PXELINUX/pxelinux.0
put lpxelinux.0 pxelinux /usr/lib/PXELINUX/lpxelinux.0
for m in ldlinux.c32 menu.c32 libutil.c32 libcom32.c32; do
  put "$m" syslinux-common "/usr/lib/syslinux/modules/bios/$m"
done
# syslinux for x86-64 UEFI in its own folder: its menu.c32 is another build with the same name.
put efi64/syslinux.efi syslinux-efi /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi
for m in ldlinux.e64 menu.c32 libutil.c32 libcom32.c32; do
  put "efi64/$m" syslinux-common "/usr/lib/syslinux/modules/efi64/$m"
done
# iPXE: BIOS on the ROM's UNDI driver, UEFI with own drivers, UEFI on the firmware's SNP driver.
put undionly.kpxe ipxe /usr/lib/ipxe/undionly.kpxe
put ipxe.efi ipxe /usr/lib/ipxe/ipxe.efi
put snponly.efi ipxe /usr/lib/ipxe/snponly.efi
# GRUB: Debian's netboot image (prefix /grub) and the modules `insmod http` loads from
# /grub/x86_64-efi/, from the same build.
put grubnetx64.efi grub-efi-amd64-bin /usr/lib/grub/x86_64-efi/monolithic/grubnetx64.efi
GRUB_LIB=/usr/lib/grub/x86_64-efi
MODDEP=$(inside grub-efi-amd64-bin "$GRUB_LIB/moddep.lst")
declare -A WANT
queue=("${GRUB_MODULES[@]}")
while ((${#queue[@]})); do
  m=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${WANT[$m]:-} ]] && continue
  WANT[$m]=1
  read -r -a deps <<<"$(awk -v m="$m" -F': *' '$1 == m { print $2 }' "$MODDEP")"
  queue+=("${deps[@]}")
done
for m in $(printf '%s\n' "${!WANT[@]}" | sort); do
  put "grub/x86_64-efi/$m.mod" grub-efi-amd64-bin "$GRUB_LIB/$m.mod"
done
for l in moddep.lst command.lst fs.lst crypto.lst terminal.lst; do
  put "grub/x86_64-efi/$l" grub-efi-amd64-bin "$GRUB_LIB/$l"
done
# Secure Boot: Microsoft-signed shim, which loads \grubx64.efi from its own folder (so Debian's
# signed network GRUB is served under that name) and MokManager when it cannot verify. Signed GRUB
# loads no module from disk, so it needs none of the modules above.
put shimx64.efi shim-signed /usr/lib/shim/shimx64.efi.signed
put mmx64.efi shim-helpers-amd64-signed /usr/lib/shim/mmx64.efi.signed
put grubx64.efi grub-efi-amd64-signed /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed

{
  echo "# Boot loaders in this folder: file, Debian package, package version, sha256."
  echo "# Written by fetch-bootloaders.sh; run it again to refresh."
  printf '%s\n' "${MANIFEST_LINES[@]}"
} >"$DEST/bootloaders.manifest.tmp.$$"
mv -f "$DEST/bootloaders.manifest.tmp.$$" "$DEST/bootloaders.manifest"

for p in "${PACKAGES[@]}"; do echo "  from $p ${VERSION[$p]}"; done
echo "fetch-bootloaders: $NEW added, $UPDATED updated, $SAME unchanged in $DEST (list: bootloaders.manifest)"
