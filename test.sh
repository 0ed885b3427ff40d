#!/usr/bin/env bash
# Runs the whole test suite (unit tests, plus the tests on ../shared data when it is present): the core, then the
# Spark integration in spark/ (a separate Maven project that uses the core as installed in the local repository).
# Everything is fetched from Maven Central by Maven itself; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
mvn -B -ntp verify "$@"
mvn -B -ntp -q install -DskipTests
exec mvn -B -ntp -f spark/pom.xml verify
