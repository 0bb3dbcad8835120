#!/usr/bin/env bash
# Issue 5's render budget: a nightly page of 10,000 cells (ten nights of history) paints its grid in under 3 s from
# navigation start, judged by the fastest of N loads in headless Chromium (default 5). Runs the test class
# io.crosshost.report.ReportRenderBenchmark, whose name keeps it out of `mvn verify`; prints every load. Not part of CI.
# Needs Java 17, Maven and chromium (lab.sh up / .ci/run install it).
#
#   harness/bench/report-render.sh [--loads N]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
loads=5
while [ $# -gt 0 ]; do
  case "$1" in
    --loads) loads=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "report-render.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
mvn -B -q -pl harness test -Dtest=ReportRenderBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcrosshost.bench.loads="$loads" -Dsurefire.printSummary=true \
  | grep -E '10,000 cells|Tests run|FAIL|ERROR' || true
# The verdict is the test's: grep's || true above only keeps a quiet run from looking like a failure of this script.
test -z "$(grep -l -E '(failures|errors)="[1-9]' harness/target/surefire-reports/TEST-io.crosshost.report.ReportRenderBenchmark.xml)"
