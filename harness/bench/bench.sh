#!/usr/bin/env bash
# Issue 8's benchmark: the same 240 cells (harness/bench/matrix.yaml: 20 scenarios x 4 images x 3 lab hosts) run
#   A   ./crosshost run --matrix harness/bench/matrix.yaml (2 cells at a time per host, all hosts at once)
#   B   a sequential shell loop of docker -H HOST run --rm --network none IMAGE sh -c CMD (podman --remote --url HOST
#       run ... for the Podman host)
#   C   the same runs through one xargs -P 2 per host, all hosts at once (A's concurrency)
#   D   the lower bound of one cell: docker-java create/start/wait/logs/remove, sequential, N cells per host
# and, at D's concurrency,
#   A1  ./crosshost run on D's cells, one cell at a time: one run per host, host after host, D's warm-up first
# and, once, when harness/bench/synthetic.sh exists,
#   S   harness/bench/synthetic.sh --out ROUND/S: 10,000 cells on a SYNTHETIC host (the harness's own costs)
# then prints the wall times and the machine's CPU seconds of each run, A/B and A/C, A's time to first cell and
# peak RSS, Crosshost's per-cell overhead over D (A1 minus D), and issue 8's targets, met or missed.
# The cells and their order are the harness's: ./crosshost list --json (bench.py turns them into the runs' inputs).
# Not part of CI. Needs the lab (harness/lab/lab.sh up), Java 17, Maven, python3, GNU time. See README.md here.
#
#   harness/bench/bench.sh [--rounds N] [--d-cells N] [--skip A|A1|B|C|D|S]... [--perf] [--out DIR]
#
# --rounds N    rounds of the runs (default 2); odd rounds run A B C D A1 (and S in round 1), even rounds
#               A1 D C B A. A round is only started when the last one says it still fits in the time budget
#               (BENCH_BUDGET_S, 540 s), and no run goes past BENCH_DEADLINE_S (590 s) from the start: the whole
#               stays under 10 minutes.
# --d-cells N   timed cells per host for D and A1 (default 40; after one untimed warm-up cell per image and host)
# --skip X      leave run X out (repeatable)
# --perf        in round 1, perf record -a -F 199 during A and during C; prints who used the CPU (needs perf)
# --out DIR     where every run's raw data goes (default: a new /tmp/crosshost-bench.XXXXXX, kept)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
export DOCKER=${DOCKER:-/usr/bin/docker}
export PODMAN=${PODMAN:-/usr/bin/podman}
# The command run A times; another one only to test this script's A path (it must take run's options and write
# <reports>/<run id>/results.json or results.jsonl as the real one does).
crosshost=${CROSSHOST:-$root/crosshost}
rounds=2
d_cells=40
out=
skip=" "
perf=
budget=${BENCH_BUDGET_S:-540}
deadline=${BENCH_DEADLINE_S:-590}
# Each run is killed past these, or at the deadline, so that a hung host cannot hold the benchmark past its
# 10 minutes.
timeout_a=${BENCH_TIMEOUT_A_S:-240}
timeout_b=${BENCH_TIMEOUT_B_S:-240}
timeout_c=${BENCH_TIMEOUT_C_S:-150}
timeout_d=${BENCH_TIMEOUT_D_S:-150}
timeout_a1=${BENCH_TIMEOUT_A1_S:-}   # per host; default below, from --d-cells
timeout_s=${BENCH_TIMEOUT_S_S:-150}
# S calls harness/bench/synthetic.sh; BENCH_SYNTHETIC=/path/to/cmd only to test this script's S path with a stub.
synthetic=${BENCH_SYNTHETIC:-$here/synthetic.sh}

while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --d-cells) d_cells=$2; shift 2 ;;
    --skip) skip="$skip$2 "; shift 2 ;;
    --perf) perf=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

timeout_a1=${timeout_a1:-$(( 60 + 2 * d_cells ))}
SECONDS=0
out=${out:-$(mktemp -d /tmp/crosshost-bench.XXXXXX)}
# An earlier benchmark's rounds in the same directory would be read as this one's (its reports folders are globbed).
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "bench: --out $out is not empty; give a new or empty directory" >&2; exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
export BENCH_LABEL="crosshost-bench-$(date +%s)-$$"
matrix=$here/matrix.yaml
scenarios=$here/scenarios
# Run AN's matrix: the same, with network: disabled for every cell (an opt-in of the matrix format).
{ sed 's/^name: bench$/name: bench-network-disabled/' "$matrix"; echo 'defaults: {network: disabled}'; } >"$out/matrix-network-disabled.yaml"
say() { printf '%s\n' "$*" | tee -a "$out/summary.txt"; }
log() { printf '[bench %3ds] %s\n' "$SECONDS" "$*" >&2; }
skipped() { [[ $skip == *" $1 "* ]]; }
now_ns() { echo "${EPOCHREALTIME/./}000"; }
limit() { local left=$(( deadline - SECONDS )); echo $(( $1 < left ? $1 : (left > 1 ? left : 1) )); }
# The whole machine's busy CPU so far, in USER_HZ jiffies: user+nice+system+irq+softirq+steal of /proc/stat.
cpu_mark() { echo "$(now_ns) $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat)" >"$1"; }

# --------------------------------------------------------------------------------------------- preflight
for tool in "$DOCKER" python3 java mvn xargs timeout; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 2; }
done
if [ -n "$perf" ] && ! perf version >/dev/null 2>&1; then
  echo "bench.sh: --perf needs perf (Debian: apt-get install linux-perf)" >&2; exit 2
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
  log "installing Debian's time package for /usr/bin/time -v"
  apt-get install -y -qq time >/dev/null || { echo "bench.sh: /usr/bin/time -v is missing: apt-get install time" >&2; exit 2; }
fi

# The cells, in plan order, are the harness's own (crosshost list --json: its loader and planner, no host contacted);
# the crosshost script builds the jar first when it is stale (not timed). Without a harness there is no benchmark.
log "listing the matrix's cells: $root/crosshost list --json (builds the harness when needed; not timed)"
if ! "$root/crosshost" list --json --matrix "$matrix" --scenarios "$scenarios" >"$out/cells.json" 2>"$out/list.log"; then
  echo "bench.sh: $root/crosshost list --json failed, so there are no cells to run; see $out/list.log:" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$out/list.log" | grep -m3 -E 'ERROR|error:|problem' >&2 || tail -3 "$out/list.log" >&2
  exit 2
fi
python3 "$here/bench.py" cells "$out/cells.json" "$out" >"$out/cells-count.txt"
mapfile -t hosts < "$out/hosts.txt"
mapfile -t images < "$out/images.txt"
# D's and A1's untimed warm-up: one cell per image on each host (in matrix order, the first cells are the first
# scenario on every image), so that Crosshost's once-per-image preparation is not inside the timed cells.
d_warmup=${#images[@]}
if ! skipped A1; then
  mkdir -p "$out/a1"
  python3 "$here/bench.py" a1 "$out/cells.json" "$out/a1" "$d_cells" "$d_warmup" >"$out/a1/count.txt"
fi
getconf CLK_TCK >"$out/user_hz"
nproc >"$out/nproc"
endpoints=()
podman_endpoints=()
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
  # B and C talk to a Podman host with its own remote client, as a user of that host would (run-cell.sh).
  if "$DOCKER" -H "$endpoint" version --format '{{(index .Server.Components 0).Name}}' 2>/dev/null | grep -qi podman; then
    [ -x "$PODMAN" ] || { echo "bench.sh: host $name is Podman, and B and C need its remote client: apt-get install podman" >&2; exit 2; }
    podman_endpoints+=("$endpoint")
  fi
done
export PODMAN_ENDPOINTS="${podman_endpoints[*]}"

# Every container B, C and D start carries the label crosshost.bench=$BENCH_LABEL and --rm or a remove; this
# sweeps what an interrupted run leaves. (A's containers carry crosshost's own labels and its sweeper.)
sampler=
perf_pid=
cleanup() {
  [ -z "$perf_pid" ] || { kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid" 2>/dev/null; } || true
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
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
say "java: $(java -version 2>&1 | head -1); docker client $("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null)${PODMAN_ENDPOINTS:+; $("$PODMAN" --version 2>/dev/null) (--remote, B and C on Podman)}"
for h in "${hosts[@]}"; do
  IFS=$'\x1f' read -r name endpoint conc <<<"$h"
  say "host $name: $("$DOCKER" -H "$endpoint" version --format '{{(index .Server.Components 0).Name}} {{(index .Server.Components 0).Version}}, API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}}, kernel {{.Server.KernelVersion}}' 2>/dev/null), concurrency $conc"
done
say "$(cat "$out/cells-count.txt"); commit $commit; raw data in $out"
say ""

# ------------------------------------------------------------------------------------- build (not timed)
crosshost_ok=
if ! skipped A || ! skipped A1; then
  log "starting $crosshost --help (not timed)"
  if "$crosshost" --help >"$out/crosshost-build.log" 2>&1; then
    crosshost_ok=1
  else
    say "A, A1: SKIPPED: ./crosshost does not build or start on this checkout (see $out/crosshost-build.log:"
    say "   $(sed 's/\x1b\[[0-9;]*m//g' "$out/crosshost-build.log" | grep -m1 -E '\.java.*(ERROR|error)|ERROR.*\.java|error:' | cut -c1-200)); no numbers for A and A1"
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
run_a() { # $1: round dir [$2: run name, $3: matrix]
  local d=$1/${2:-A} rc=0 t0 stamper name=${2:-A} m=${3:-$matrix}
  mkdir -p "$d/reports"
  if [ -z "$crosshost_ok" ]; then echo "skipped: ./crosshost did not build" >"$d/skipped"; return; fi
  log "$name: ./crosshost run (240 cells, $(basename "$m"))"
  perf_start "$d"
  cpu_mark "$d/cpu_start"
  t0=$(now_ns); echo "$t0" >"$d/launch_ns"
  # time(1) outside timeout(1): its Maximum resident set size is the largest of its descendants, the JVM (the
  # crosshost script execs java). stderr goes through a time stamper: the first progress line gives A's time to
  # first cell a second way. (The stamper's redirection is on a brace group so that this shell starts it and $!
  # is its pid; on a plain command the child would start it and $! would still be the previous background job.)
  { /usr/bin/time -v -o "$d/time.txt" timeout "$(limit "$timeout_a")" \
      "$crosshost" run --matrix "$m" --scenarios "$scenarios" --reports "$d/reports" \
      >"$d/stdout.txt" || rc=$?; } 2> >(python3 "$here/bench.py" stamp >"$d/stderr.tsv")
  stamper=$!
  now_ns >"$d/end_ns"
  cpu_mark "$d/cpu_end"
  echo "$rc" >"$d/rc"
  wait "$stamper" 2>/dev/null || true
  perf_stop "$d"
  log "$name: exit $rc in $(( ($(cat "$d/end_ns") - t0) / 1000000 )) ms"
}

# A1: Crosshost on D's cells at D's concurrency. Crosshost runs every host of a matrix at once, so one cell at a
# time on the machine, host after host as D, takes one run per host: --host NAME of a generated matrix whose hosts
# have concurrency 1 and whose scenarios are copies of D's cells in D's order, its warm-up cells first (bench.py a1).
# Each run pays its JVM start, host facts and image preparation before its warm-up cells; bench.py counts only the
# timed cells after them, as D does.
run_a1() {
  local d=$1/A1 h name rc
  mkdir -p "$d"
  if [ -z "$crosshost_ok" ]; then echo "skipped: ./crosshost did not build" >"$d/skipped"; return; fi
  echo "$d_cells" >"$d/cells_per_host"
  log "A1: ./crosshost run --host NAME, one cell at a time, $d_warmup warm-up + $d_cells cells per host"
  cpu_mark "$d/cpu_start"
  for h in "${hosts[@]}"; do
    IFS=$'\x1f' read -r name _ <<<"$h"
    mkdir -p "$d/$name/reports"
    rc=0
    now_ns >"$d/$name/launch_ns"
    timeout "$(limit "$timeout_a1")" "$crosshost" run --matrix "$out/a1/matrix.yaml" --scenarios "$out/a1/scenarios" \
        --host "$name" --reports "$d/$name/reports" >"$d/$name/stdout.txt" 2>"$d/$name/stderr.txt" || rc=$?
    now_ns >"$d/$name/end_ns"
    echo "$rc" >"$d/$name/rc"
    log "A1: $name: exit $rc in $(( ($(cat "$d/$name/end_ns") - $(cat "$d/$name/launch_ns")) / 1000000 )) ms"
  done
  cpu_mark "$d/cpu_end"
}

run_b() {
  local d=$1/B t0 t1
  mkdir -p "$d"
  log "B: sequential docker run loop (240 cells)"
  cpu_mark "$d/cpu_start"
  t0=$(now_ns)
  timeout "$(limit "$timeout_b")" bash -c 'while IFS= read -r cell; do "$0" "$cell"; done <"$1"' \
      "$here/run-cell.sh" "$out/cells.txt" >"$d/cells.tsv" 2>"$d/stderr.txt" || log "B: stopped (exit $?)"
  t1=$(now_ns)
  cpu_mark "$d/cpu_end"
  echo $(( (t1 - t0) / 1000000 )) >"$d/wall_ms"
  log "B: $(( (t1 - t0) / 1000000 )) ms"
}

run_c() {
  local d=$1/C t0 t1 h name conc
  mkdir -p "$d"
  log "C: xargs -P per host, all hosts at once (240 cells)"
  perf_start "$d"
  cpu_mark "$d/cpu_start"
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
  cpu_mark "$d/cpu_end"
  perf_stop "$d"
  echo $(( (t1 - t0) / 1000000 )) >"$d/wall_ms"
  log "C: $(( (t1 - t0) / 1000000 )) ms"
}

run_d() {
  local d=$1/D rc=0
  mkdir -p "$d"
  log "D: docker-java lower bound, $d_cells cells per host after $d_warmup warm-up cells"
  cpu_mark "$d/cpu_start"
  timeout "$(limit "$timeout_d")" java -cp "$(cat "$out/classpath.txt")" "$here/LowerBound.java" \
      --cells "$out/cells.txt" --per-host "$d_cells" --warmup "$d_warmup" --label "$BENCH_LABEL" \
      --out "$d/lowerbound.json" >"$d/stdout.txt" 2>"$d/stderr.txt" || rc=$?
  cpu_mark "$d/cpu_end"
  [ "$rc" = 0 ] || log "D: exit $rc (see $d/stderr.txt)"
  grep '^D ' "$d/stderr.txt" >&2 || true
}

# S: the harness's own costs on 10,000 cells of a SYNTHETIC host, by harness/bench/synthetic.sh (another script; it
# writes ROUND/S/synthetic.json). Once, in round 1.
run_s() {
  local d=$1/S rc=0 t0
  mkdir -p "$d"
  if [ ! -x "$synthetic" ]; then
    echo "harness/bench/synthetic.sh is absent or not executable" >"$d/skipped"
    log "S: not run: harness/bench/synthetic.sh is absent or not executable"
    return
  fi
  log "S: harness/bench/synthetic.sh --out $d (SYNTHETIC host, 10,000 cells)"
  cpu_mark "$d/cpu_start"
  t0=$(now_ns)
  timeout "$(limit "$timeout_s")" "$synthetic" --out "$d" >"$d/stdout.txt" 2>"$d/stderr.txt" || rc=$?
  echo $(( ($(now_ns) - t0) / 1000000 )) >"$d/wall_ms"
  cpu_mark "$d/cpu_end"
  echo "$rc" >"$d/rc"
  log "S: exit $rc in $(cat "$d/wall_ms") ms"
}

# --perf: who uses the CPU during A and C (round 1 only): perf record on all cores at 199 Hz, then perf's own
# breakdown by thread name and bench.py's by process (all threads summed). Neither report is timed.
perf_start() { # $1: run dir
  [ -n "$perf" ] && [ "$round" = 1 ] || return 0
  perf record -a -F 199 -q -o "$1/perf.data" >"$1/perf.log" 2>&1 &
  perf_pid=$!
  sleep 0.5
}
perf_stop() {
  [ -n "$perf_pid" ] || return 0
  kill -INT "$perf_pid" 2>/dev/null || true
  local i
  for i in $(seq 50); do kill -0 "$perf_pid" 2>/dev/null || break; sleep 0.2; done
  kill -TERM "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  perf_pid=
  perf report -i "$1/perf.data" --sort comm --stdio >"$1/perf-comm.txt" 2>>"$1/perf.log" || true
  perf script -i "$1/perf.data" --show-task-events -F comm,pid,tid 2>>"$1/perf.log" \
    | python3 "$here/bench.py" perfprocs >"$1/perf-procs.txt" || true
}

# Warm-up, once: every image once on every host (page cache, image layers, the engines' first-container costs)
# and the docker-java classes, untimed.
log "warm-up: one container per host and image"
warm_pids=()
for h in "${hosts[@]}"; do
  IFS=$'\x1f' read -r name endpoint _ <<<"$h"
  cli=("$DOCKER" -H "$endpoint")
  [[ " $PODMAN_ENDPOINTS " == *" $endpoint "* ]] && cli=("$PODMAN" --remote --url "$endpoint")
  (for i in "${images[@]}"; do
     "${cli[@]}" run --rm --network none --label "crosshost.bench=$BENCH_LABEL" "${i#*$'\x1f'}" sh -c true
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

# The machine's busy CPU, sampled for the whole benchmark: bench.py cuts A1's and D's timed windows from it.
python3 "$here/bench.py" cpusample "$out/cpu-samples.tsv" &
sampler=$!

round_s=0
once_s=0
for r in $(seq 1 "$rounds"); do
  round=$r
  if [ "$r" -gt 1 ] && [ $(( SECONDS + round_s )) -gt "$budget" ]; then
    say "(rounds $r..$rounds left out: another round of about ${round_s}s would pass the ${budget}s budget)"
    break
  fi
  start=$SECONDS
  rd=$out/round-$r
  mkdir -p "$rd"
  # A1 next to D, which it is compared with (the machine's speed drifts over minutes); every order reversed in even
  # rounds, so that a drift weighs on both sides of each comparison.
  # AN: A with the matrix's defaults.network disabled (not the same containers as B and C: no engine network
  # sandbox), next to A, for what that opt-in saves.
  if [ $(( r % 2 )) = 1 ]; then order="A AN B C D A1"; else order="A1 D C B AN A"; fi
  [ "$r" = 1 ] && order="$order S"
  log "round $r: $order"
  for x in $order; do
    skipped "$x" && continue
    if [ $(( deadline - SECONDS )) -lt 20 ]; then say "($x of round $r left out: the ${deadline}s deadline is near)"; continue; fi
    busy_check "$rd/busy-$x.txt"
    x_start=$SECONDS
    case $x in A) run_a "$rd" ;; AN) run_a "$rd" AN "$out/matrix-network-disabled.yaml" ;; A1) run_a1 "$rd" ;; B) run_b "$rd" ;; C) run_c "$rd" ;; D) run_d "$rd" ;; S) run_s "$rd" ;; esac
    [ "$x" != S ] || once_s=$(( once_s + SECONDS - x_start ))
  done
  # What the next round will take: this one less what runs only once (S).
  round_s=$(( SECONDS - start - once_s ))
  once_s=0
done

sleep 0.3  # a sample after the last run's end
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=
python3 "$here/bench.py" summary "$out" | tee -a "$out/summary.txt"
say "total benchmark time: ${SECONDS}s; raw data and summary.txt in $out"
