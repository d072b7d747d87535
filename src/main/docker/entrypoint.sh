#!/bin/sh
# Starts Bootkeeper in its container: seeds the images volume with the boot loaders shipped in the
# image (never overwriting the operator's files), picks the H2 or PostgreSQL build, and hands over
# to the JVM as PID 1's child-free replacement so signals reach it.
#
# Environment:
#   BOOTKEEPER_DATABASE   h2 (default) or postgresql (then set QUARKUS_DATASOURCE_JDBC_URL,
#                         QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD)
#   JAVA_OPTS             extra JVM options, e.g. -Xmx512m
#   BOOTKEEPER_HOME       where the application lives (default /opt/bootkeeper)
#   BOOTKEEPER_DRY_RUN    when set, print the command instead of running it (used by the tests)
set -eu

HOME_DIR=${BOOTKEEPER_HOME:-/opt/bootkeeper}
DATA_DIR=${BOOTKEEPER_DATA_DIR:-/data}
IMAGES_DIR=${BOOTKEEPER_IMAGES_DIR:-/images}

if [ -d "$HOME_DIR/bootloaders" ] && [ -w "$IMAGES_DIR" ]; then
  # -n: a loader the operator put there (another version, a signed build) always wins.
  cp -Rn "$HOME_DIR/bootloaders/." "$IMAGES_DIR/"
fi

case "${BOOTKEEPER_DATABASE:-h2}" in
  h2) APP="$HOME_DIR/app/quarkus-run.jar"; PROFILE_OPT="" ;;
  postgresql) APP="$HOME_DIR/app-pg/quarkus-run.jar"; PROFILE_OPT="-Dquarkus.profile=pg" ;;
  *) echo "BOOTKEEPER_DATABASE must be h2 or postgresql, not '${BOOTKEEPER_DATABASE}'" >&2; exit 64 ;;
esac

set -- java ${JAVA_OPTS:-} $PROFILE_OPT \
  -Dbootkeeper.data-dir="$DATA_DIR" -Dbootkeeper.images-dir="$IMAGES_DIR" \
  -jar "$APP" "$@"
if [ -n "${BOOTKEEPER_DRY_RUN:-}" ]; then
  echo "$@"
  exit 0
fi
exec "$@"
