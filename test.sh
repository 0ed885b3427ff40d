#!/usr/bin/env bash
# Runs the whole test suite (unit tests, plus the tests on ../shared data when it is present): the core, then the
# Spark integration in spark/ (a separate Maven project that uses the core as installed in the local repository).
# Maven fetches every dependency from Maven Central; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true

# The HTML report's browser test needs headless Chromium (Debian's package). As root (CI) it is installed here;
# elsewhere, or without a package mirror, that one test skips with its reason (in CI, CI=true, it fails instead).
if ! command -v chromium >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
    || echo "test.sh: could not install chromium; the browser test will be skipped (and fail when CI=true)" >&2
fi

mvn -B -ntp verify "$@"
mvn -B -ntp -q install -DskipTests
exec mvn -B -ntp -f spark/pom.xml verify
