#!/usr/bin/env bash
# Issue 8's benchmark: the same 240 cells (harness/bench/matrix.yaml: 20 scenarios x 4 images x 3 lab hosts) run
#   A  ./crosshost run --matrix harness/bench/matrix.yaml (2 cells at a time per host, all hosts at once)
#   B  a sequential shell loop of docker -H HOST run --rm --network none IMAGE sh -c CMD
#   C  the same docker runs through one xargs -P 2 per host, all hosts at once (A's concurrency)
#   D  the lower bound of one cell: docker-java create/start/wait/logs/remove, sequential, N cells per host
# then prints the wall times, A/B and A/C, A's time to first cell and peak RSS, and A's per-cell overhead over D.
# Not part of CI. Needs the lab (harness/lab/lab.sh up), Java 17, Maven, python3, GNU time. See README.md here.
#
#   harness/bench/bench.sh [--rounds N] [--d-cells N] [--skip A|B|C|D]... [--out DIR]
#
# --rounds N    rounds of A, B, C, D (default 2); odd rounds run A B C D, even rounds D C B A. A round is
#               only started when the last one says it still fits in the time budget (BENCH_BUDGET_S, 540 s),
#               and no run goes past BENCH_DEADLINE_S (590 s) from the start: the whole stays under 10 minutes.
# --d-cells N   timed cells per host for D (default 40; after 3 untimed warm-up cells per host)
# --skip X      leave run X out (repeatable)
# --out DIR     where every run's raw data goes (default: a new /tmp/crosshost-bench.XXXXXX, kept)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
export DOCKER=${DOCKER:-/usr/bin/docker}
# The command run A times; another one only to test this script's A path (it must take run's options and write
# <reports>/<run id>/results.json or results.jsonl as the real one does).
crosshost=${CROSSHOST:-$root/crosshost}
rounds=2
d_cells=40
d_warmup=3
out=
skip=" "
budget=${BENCH_BUDGET_S:-540}
deadline=${BENCH_DEADLINE_S:-590}
# Each run is killed past these, or at the deadline, so that a hung host cannot hold the benchmark past its
# 10 minutes.
timeout_a=${BENCH_TIMEOUT_A_S:-240}
timeout_b=${BENCH_TIMEOUT_B_S:-240}
timeout_c=${BENCH_TIMEOUT_C_S:-150}
timeout_d=${BENCH_TIMEOUT_D_S:-150}

while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --d-cells) d_cells=$2; shift 2 ;;
    --skip) skip="$skip$2 "; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

SECONDS=0
out=${out:-$(mktemp -d /tmp/crosshost-bench.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export BENCH_LABEL="crosshost-bench-$(date +%s)-$$"
matrix=$here/matrix.yaml
scenarios=$here/scenarios
say() { printf '%s\n' "$*" | tee -a "$out/summary.txt"; }
log() { printf '[bench %3ds] %s\n' "$SECONDS" "$*" >&2; }
skipped() { [[ $skip == *" $1 "* ]]; }
now_ns() { echo "${EPOCHREALTIME/./}000"; }
limit() { local left=$(( deadline - SECONDS )); echo $(( $1 < left ? $1 : (left > 1 ? left : 1) )); }

# --------------------------------------------------------------------------------------------- preflight
for tool in "$DOCKER" python3 java mvn xargs timeout; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 2; }
done
if ! /usr/bin/time -v true >/dev/null 2>&1; then
  log "installing Debian's time package for /usr/bin/time -v"
  apt-get install -y -qq time >/dev/null || { echo "bench.sh: /usr/bin/time -v is missing: apt-get install time" >&2; exit 2; }
fi

python3 "$here/bench.py" cells "$matrix" "$scenarios" "$out" >"$out/cells-count.txt"
mapfile -t hosts < "$out/hosts.txt"
mapfile -t images < "$out/images.txt"
endpoints=()
for h in "${hosts[@]}"; do
  IFS=$'\x1f' read -r name endpoint _ <<<"$h"
  endpoints+=("$endpoint")
  "$DOCKER" -H "$endpoint" version >/dev/null 2>&1 \
    || { echo "bench.sh: host $name does not answer at $endpoint; start the lab: harness/lab/lab.sh up" >&2; exit 2; }
  for i in "${images[@]}"; do
    ref=${i#*$'\x1f'}
    "$DOCKER" -H "$endpoint" image inspect "$ref" >/dev/null 2>&1 \
      || { echo "bench.sh: image $ref is not on host $name; build the lab's images: harness/lab/lab.sh up" >&2; exit 2; }
  done
done

# Every container B, C and D start carries the label crosshost.bench=$BENCH_LABEL and --rm or a remove; this
# sweeps what an interrupted run leaves. (A's containers carry crosshost's own labels and its sweeper.)
cleanup() {
  for e in "${endpoints[@]}"; do
    "$DOCKER" -H "$e" ps -aq --filter "label=crosshost.bench=$BENCH_LABEL" 2>/dev/null \
      | xargs -r "$DOCKER" -H "$e" rm -f >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------------------------- header
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
virt=$(systemd-detect-virt 2>/dev/null || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ] && commit="$commit+dirty"
: >"$out/summary.txt"
say "Crosshost benchmark (issue 8), $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine: $(hostname), $cpu, nproc $(nproc), $mem RAM, $os, kernel $(uname -r)${virt:+, virt $virt}"
say "java: $(java -version 2>&1 | head -1); docker client $("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null)"
for h in "${hosts[@]}"; do
  IFS=$'\x1f' read -r name endpoint conc <<<"$h"
  say "host $name: $("$DOCKER" -H "$endpoint" version --format '{{(index .Server.Components 0).Name}} {{(index .Server.Components 0).Version}}, API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}}, kernel {{.Server.KernelVersion}}' 2>/dev/null), concurrency $conc"
done
say "$(cat "$out/cells-count.txt"); commit $commit; raw data in $out"
say ""

# ------------------------------------------------------------------------------------- build (not timed)
crosshost_ok=
if ! skipped A; then
  log "building ./crosshost (not timed)"
  if "$crosshost" --help >"$out/crosshost-build.log" 2>&1; then
    crosshost_ok=1
  else
    say "A: SKIPPED: ./crosshost does not build or start on this checkout (see $out/crosshost-build.log:"
    say "   $(sed 's/\x1b\[[0-9;]*m//g' "$out/crosshost-build.log" | grep -m1 -E '\.java.*(ERROR|error)|ERROR.*\.java|error:' | cut -c1-200)); no numbers for A"
    say ""
  fi
fi
if ! skipped D; then
  log "resolving docker-java's classpath for D (not timed)"
  mvn -B -q -f "$root/harness/pom.xml" dependency:build-classpath -DincludeScope=runtime \
      -Dmdep.outputFile="$out/classpath.txt" >"$out/classpath.log" 2>&1 \
    || { echo "bench.sh: mvn dependency:build-classpath failed; see $out/classpath.log" >&2; exit 2; }
fi

# ---------------------------------------------------------------------------------------------- the runs
run_a() { # $1: round dir
  local d=$1/A rc=0 t0 stamper
  mkdir -p "$d/reports"
  if [ -z "$crosshost_ok" ]; then echo "skipped: ./crosshost did not build" >"$d/skipped"; return; fi
  log "A: ./crosshost run (240 cells)"
  t0=$(now_ns); echo "$t0" >"$d/launch_ns"
  # time(1) outside timeout(1): its Maximum resident set size is the largest of its descendants, the JVM (the
  # crosshost script execs java). stderr goes through a time stamper: the first progress line gives A's time to
  # first cell a second way.
  /usr/bin/time -v -o "$d/time.txt" timeout "$(limit "$timeout_a")" \
      "$crosshost" run --matrix "$matrix" --scenarios "$scenarios" --reports "$d/reports" \
      >"$d/stdout.txt" 2> >(python3 "$here/bench.py" stamp >"$d/stderr.tsv") || rc=$?
  stamper=$!
  now_ns >"$d/end_ns"
  echo "$rc" >"$d/rc"
  wait "$stamper" 2>/dev/null || true
  log "A: exit $rc in $(( ($(cat "$d/end_ns") - t0) / 1000000 )) ms"
}

run_b() {
  local d=$1/B t0 t1
  mkdir -p "$d"
  log "B: sequential docker run loop (240 cells)"
  t0=$(now_ns)
  timeout "$(limit "$timeout_b")" bash -c 'while IFS= read -r cell; do "$0" "$cell"; done <"$1"' \
      "$here/run-cell.sh" "$out/cells.txt" >"$d/cells.tsv" 2>"$d/stderr.txt" || log "B: stopped (exit $?)"
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000000 )) >"$d/wall_ms"
  log "B: $(( (t1 - t0) / 1000000 )) ms"
}

run_c() {
  local d=$1/C t0 t1 h name conc
  mkdir -p "$d"
  log "C: xargs -P per host, all hosts at once (240 cells)"
  t0=$(now_ns)
  local pids=()
  for h in "${hosts[@]}"; do
    IFS=$'\x1f' read -r name _ conc <<<"$h"
    # One xargs per host at the matrix's concurrency for that host, as A schedules it.
    awk -F'\x1f' -v h="$name" '$2 == h' "$out/cells.txt" \
      | timeout "$(limit "$timeout_c")" xargs -d '\n' -n 1 -P "$conc" "$here/run-cell.sh" >"$d/cells-$name.tsv" 2>>"$d/stderr.txt" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || log "C: an xargs stopped (exit $?)"; done
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000000 )) >"$d/wall_ms"
  log "C: $(( (t1 - t0) / 1000000 )) ms"
}

run_d() {
  local d=$1/D rc=0
  mkdir -p "$d"
  log "D: docker-java lower bound, $d_cells cells per host after $d_warmup warm-up cells"
  timeout "$(limit "$timeout_d")" java -cp "$(cat "$out/classpath.txt")" "$here/LowerBound.java" \
      --cells "$out/cells.txt" --per-host "$d_cells" --warmup "$d_warmup" --label "$BENCH_LABEL" \
      --out "$d/lowerbound.json" >"$d/stdout.txt" 2>"$d/stderr.txt" || rc=$?
  [ "$rc" = 0 ] || log "D: exit $rc (see $d/stderr.txt)"
  grep '^D ' "$d/stderr.txt" >&2 || true
}

# Warm-up, once: every image once on every host (page cache, image layers, the engines' first-container costs)
# and the docker-java classes, untimed.
log "warm-up: one container per host and image"
warm_pids=()
for h in "${hosts[@]}"; do
  IFS=$'\x1f' read -r name endpoint _ <<<"$h"
  (for i in "${images[@]}"; do
     "$DOCKER" -H "$endpoint" run --rm --network none --label "crosshost.bench=$BENCH_LABEL" "${i#*$'\x1f'}" sh -c true
   done) &
  warm_pids+=($!)
done
for p in "${warm_pids[@]}"; do wait "$p" || { echo "bench.sh: warm-up failed" >&2; exit 2; }; done

# What else the machine is doing when a run starts: the 1-minute load, Maven or test JVMs that are not ours, and lab
# containers that are not ours. Another session using the lab makes every number here slower; the summary says so.
busy_check() { # $1: file
  local foreign=0 e jvms
  for e in "${endpoints[@]}"; do
    foreign=$(( foreign + $("$DOCKER" -H "$e" ps -q --filter status=running 2>/dev/null | wc -l) ))
  done
  jvms=$(pgrep -fc 'java .*(plexus-classworlds|surefirebooter)' 2>/dev/null || true)
  printf 'load1=%s containers=%s jvms=%s\n' "$(cut -d' ' -f1 /proc/loadavg)" "$foreign" "${jvms:-0}" >"$1"
}

round_s=0
for r in $(seq 1 "$rounds"); do
  if [ "$r" -gt 1 ] && [ $(( SECONDS + round_s )) -gt "$budget" ]; then
    say "(rounds $r..$rounds left out: another round of about ${round_s}s would pass the ${budget}s budget)"
    break
  fi
  start=$SECONDS
  rd=$out/round-$r
  mkdir -p "$rd"
  if [ $(( r % 2 )) = 1 ]; then order="A B C D"; else order="D C B A"; fi
  log "round $r: $order"
  for x in $order; do
    skipped "$x" && continue
    if [ $(( deadline - SECONDS )) -lt 20 ]; then say "($x of round $r left out: the ${deadline}s deadline is near)"; continue; fi
    busy_check "$rd/busy-$x.txt"
    case $x in A) run_a "$rd" ;; B) run_b "$rd" ;; C) run_c "$rd" ;; D) run_d "$rd" ;; esac
  done
  round_s=$(( SECONDS - start ))
done

python3 "$here/bench.py" summary "$out" | tee -a "$out/summary.txt"
say "total benchmark time: ${SECONDS}s; raw data and summary.txt in $out"
