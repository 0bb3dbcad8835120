#!/usr/bin/env bash
# Issue 15's diff budget: `crosshost diff A B` of two runs of 10,000 cells whose 20 images (500 packages each) all
# moved (100 packages upgraded, 10 added, 10 removed per image, 500 regressions), in under 5 s and 512 MiB.
#
#   harness/bench/drift-bench.sh [--runs N] [--out DIR]
#
# drift-runs.py writes the two results.json (about 8 MiB each); farm-bench (on PATH) times the whole diff process
# from outside, JVM start included, with the heap capped at 512 MiB (-Xmx512m: a run over it fails, it cannot go
# slow instead); the figures to quote are its medians of wall seconds, CPU seconds and peak MiB. Also times the same
# diff without the inventories (the files with "inventories" left out: what the diff cost before issue 15), side by
# side (farm-bench --vs), so a loaded machine still gives a fair ratio. Not part of CI. Needs python3 and farm-bench.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=5
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "drift-bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
out=${out:-$(mktemp -d /tmp/crosshost-drift-bench.XXXXXX)}
python3 "$here/drift-runs.py" "$out"
# The same two nights without their inventories: the yardstick.
for n in 1 2; do
  mkdir -p "$out/bare-$n"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("inventories"); json.dump(d, open(sys.argv[2], "w"))' \
    "$out/night-$n/results.json" "$out/bare-$n/results.json"
done
# Once untimed: ./crosshost builds its jar when the sources are newer, and the output is kept for a look.
"$root/crosshost" diff "$out/night-1" "$out/night-2" > "$out/diff.txt" || true
grep -c 'likely causes' "$out/diff.txt" | sed 's/^/regressions with likely causes: /'
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the timing"
CROSSHOST_JAVA_OPTS=-Xmx512m farm-bench -n "$runs" --timeout 600 --vs "$root/crosshost diff $out/bare-1 $out/bare-2" \
  -- "$root/crosshost" diff "$out/night-1" "$out/night-2"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the timing; data in $out"
