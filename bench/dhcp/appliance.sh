#!/bin/bash
# DHCP benchmark of the packaged appliance from a cold start, alone: the dhcp case of
# bench/run-all.sh (bench/cases/dhcp.sh says what it measures), without the kill -9 check.
# For every round the appliance is started fresh and perfdhcp begins the moment it logs
# "Bootkeeper is ready"; dnsmasq serves the same network in the same run.
#
# Usage: [SECS=10] [CLIENTS=200] [REPEAT=3] [JFR=file.jfr] [JAR=other/quarkus-run.jar]
#        [SKIP_BUILD=1] bench/dhcp/appliance.sh [rates...]     (default rates: 500 1000 2000 4000)
# JFR: a flight recording (profile settings) of each Bootkeeper round into that file; the last
# round's stays.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $# -gt 0 ]] && export DHCP_RATES="$*"
[[ -n ${SECS:-} ]] && export DHCP_SECS=$SECS
[[ -n ${CLIENTS:-} ]] && export DHCP_CLIENTS=$CLIENTS
[[ -n ${JFR:-} ]] &&
  export BK_JAVA_OPTS="-XX:StartFlightRecording=filename=$(realpath -m "$JFR"),settings=profile,dumponexit=true"
CASES=dhcp DHCP_DURABLE=0 exec bench/run-all.sh
