#!/usr/bin/env bash
# Runs the whole test suite (unit tests, plus the tests on ../shared data when it is present).
# Everything is fetched from Maven Central by Maven itself; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
exec mvn -B -ntp verify "$@"
