#!/usr/bin/env bash
# Build step of `mvn package`: puts the network boot loaders into the appliance itself, so that its
# first start can place them in the images directory before the first machine asks (nothing is
# downloaded at run time). They come from images/fetch-bootloaders.sh (Debian's packages, with
# their sha256 in bootloaders.manifest) and are kept in CACHE until that script changes.
#
# Where the loaders cannot be had (no apt-get, no package lists, no network) the build goes on
# without them: the appliance then says at start which are missing and the command that adds them.
#
# Usage: bundle-bootloaders.sh OUT CACHE
set -uo pipefail
OUT=${1:?usage: bundle-bootloaders.sh OUT CACHE}
CACHE=${2:?usage: bundle-bootloaders.sh OUT CACHE}
SCRIPT=images/fetch-bootloaders.sh

rm -rf "$OUT"
if [[ ${BOOTKEEPER_SKIP_BOOTLOADERS:-} == 1 ]]; then
  echo "bundle-bootloaders: skipped (BOOTKEEPER_SKIP_BOOTLOADERS=1)"
  exit 0
fi
stamp=$(sha256sum "$SCRIPT" | cut -d' ' -f1)
if [[ ! -f $CACHE/.stamp || $(cat "$CACHE/.stamp") != "$stamp" ]]; then
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  if ! "$SCRIPT" "$CACHE" >"$CACHE.log" 2>&1; then
    cat "$CACHE.log" >&2
    echo "[WARNING] bundle-bootloaders: no boot loaders bundled (see above); the appliance will" \
      "name the missing ones at start" >&2
    rm -rf "$CACHE"
    exit 0
  fi
  echo "$stamp" >"$CACHE/.stamp"
fi
mkdir -p "$OUT"
cp -R "$CACHE/." "$OUT/"
rm -f "$OUT/.stamp"
echo "bundle-bootloaders: $(grep -vc '^#' "$OUT/bootloaders.manifest") boot loaders bundled"
