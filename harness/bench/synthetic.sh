#!/usr/bin/env bash
# The SYNTHETIC run of issue 8: what Crosshost itself costs for a large matrix, with no container anywhere.
#
#   harness/bench/synthetic.sh [--cells N] [--out DIR] [--hosts H] [--concurrency C] [--engines E]
#
# A fake Docker Engine API (synthetic-engine.py: answers at once, runs nothing, E processes) serves H hosts on H
# Unix sockets (in a short /tmp directory: socket paths are limited to 107 bytes); a generated matrix of H hosts x 20 images x as many scenarios as N cells need (10 x 20 x 50 = 10,000
# by default) runs through `./crosshost run` under /usr/bin/time -v. Measured: wall time, the JVM's peak RSS, the
# time the final reports took (the harness prints it), time to first cell, cells/s and the cells by status, which
# must all be PASS. Written to DIR/synthetic.json; the summary is printed on stdout. Not part of CI.
# Exit 0 when the run is valid (finished, all PASS, no call the fake engine does not know), whether or not the
# targets were met (synthetic.json's targetsMet says); 1 when it is not valid, 2 for bad arguments.
# CROSSHOST_JAVA_OPTS is passed to the JVM by ./crosshost, e.g. CROSSHOST_JAVA_OPTS=-Xmx256m.
#
# Costs measured here are the harness's and the fake engine's (Python, on the same 2 cores): a real engine's
# container costs (200-600 ms a cell in the lab) are absent, so the numbers are an upper bound on what the harness
# can push through, never a forecast of a real run's wall time.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
cells=10000
out=
hosts=10
concurrency=4
engines=2
# The run is ended after this long whatever it does (it takes about a minute on 2 cores).
deadline_s=${SYNTHETIC_DEADLINE_S:-600}

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --cells) cells=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "synthetic.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$cells" "$hosts" "$concurrency" "$engines"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "synthetic.sh: counts are positive integers (got '$n')" >&2; exit 2; }
done
for tool in python3 java mvn; do
  command -v "$tool" >/dev/null || { echo "synthetic.sh: $tool is missing" >&2; exit 2; }
done
if ! /usr/bin/time -v true >/dev/null 2>&1; then
  apt-get install -y -qq time >/dev/null 2>&1 || { echo "synthetic.sh: /usr/bin/time -v is missing: apt-get install time" >&2; exit 2; }
fi
[ -n "$out" ] || out=$(mktemp -d /tmp/crosshost-synthetic.XXXXXX)
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Unix socket paths are limited to 107 bytes: the sockets go in a short directory of their own.
sockets=$(mktemp -d /tmp/xh-synth.XXXXXX)

engine_pids=()
run_pid=
cleanup() {
  # Nothing is left running: the harness (if a signal or the deadline cut it short), then the engines.
  if [ -n "$run_pid" ] && kill -0 -- "-$run_pid" 2>/dev/null; then
    kill -TERM -- "-$run_pid" 2>/dev/null || true
    for _ in $(seq 75); do kill -0 -- "-$run_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$run_pid" 2>/dev/null || true
  fi
  for p in "${engine_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${engine_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$sockets"
}
trap cleanup EXIT
trap 'echo "synthetic.sh: interrupted; stopping the run and the engines" >&2; exit 130' INT
trap 'echo "synthetic.sh: terminated; stopping the run and the engines" >&2; exit 143' TERM

echo "SYNTHETIC host (harness costs only, no containers): $cells cells requested, out $out"

# --- the matrix and scenarios -----------------------------------------------------------------------------------
python3 - "$out" "$sockets" "$cells" "$hosts" "$concurrency" >"$out/layout.txt" <<'PY'
import math, os, sys
out, sockets, cells, hosts, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
hosts = min(hosts, cells)
images = min(20, math.ceil(cells / hosts))
scenarios = math.ceil(cells / (hosts * images))
os.makedirs(out + "/scenarios", exist_ok=True)
for old in os.listdir(out + "/scenarios"):
    os.remove(out + "/scenarios/" + old)
payload = "synthetic payload " + "0123456789abcdef" * 12  # ~200 bytes: about what a small real command prints

def q(s):  # a YAML double-quoted string
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

# Five kinds of scenario, so that every expectation the checks support is exercised, all meant to PASS on the
# synthetic engine, which prints what `echo` says and exits with what `exit` says (see synthetic-engine.py).
for n in range(1, scenarios + 1):
    sid = "synth-%03d" % n
    kind = n % 5
    if kind == 0:
        body = ("run: %s\nexpect: {exit_code: 0, stdout: {contains: [%s, %s]}}\n"
                % (q("echo synthetic scenario %d && echo %s" % (n, payload)), q("synthetic scenario %d" % n), q(payload)))
    elif kind == 1:
        body = ("run: %s\nexpect: {stdout: {contains: %s}, stderr: {contains: %s, not_contains: %s}}\n"
                % (q("echo ok %d; echo warning %d >&2" % (n, n)), q("ok %d" % n), q("warning %d" % n), q("error")))
    elif kind == 2:
        body = ("run: %s\nexpect: {exit_code: [3], stdout: {matches: %s}}\n"
                % (q("echo value=%d; exit 3" % n), q("^value=\\d+$")))
    elif kind == 3:
        body = ("argv: [echo, synthetic, %s]\nexpect: {stdout: {equals: %s}}\n" % (q(str(n)), q("synthetic %d" % n)))
    else:
        body = ("run: %s\nexpect: {exit_code: 0, stdout: {contains: [%s, %s], not_contains: %s}}\n"
                % (q("echo line one %d\necho line two %d" % (n, n)), q("line one %d" % n), q("line two %d" % n), q("Traceback")))
    with open("%s/scenarios/%s.yaml" % (out, sid), "w") as f:
        f.write("id: %s\ntitle: %s\ntags: [synthetic]\n%s" % (sid, q("SYNTHETIC scenario %d (kind %d)" % (n, kind)), body))
with open(out + "/matrix.yaml", "w") as f:
    f.write("# SYNTHETIC: written by harness/bench/synthetic.sh; the hosts are synthetic-engine.py, no container runs.\n")
    f.write("name: synthetic\nhosts:\n")
    for h in range(1, hosts + 1):
        f.write("  - {name: synth-%02d, endpoint: unix://%s/h%02d.sock, concurrency: %d}\n" % (h, sockets, h, concurrency))
    f.write("images:\n")
    for i in range(1, images + 1):
        f.write("  - {name: image-%02d, ref: synthetic.test/image-%02d:latest, pull: never}\n" % (i, i))
    f.write("scenarios: {tags: [synthetic]}\ndefaults: {timeout: 30s, retries: 0}\n")
print(hosts, images, scenarios, hosts * images * scenarios)
PY
read -r n_hosts n_images n_scenarios n_cells <"$out/layout.txt"
echo "SYNTHETIC matrix: $n_hosts hosts x $n_images images x $n_scenarios scenarios = $n_cells cells, concurrency $concurrency per host, $engines engine process(es)"

# --- the engines --------------------------------------------------------------------------------------------------
# Each socket is its own host; the sockets are dealt to E processes so that the fake engine is not one GIL.
for e in $(seq 0 $((engines - 1))); do
  args=()
  for h in $(seq 1 "$n_hosts"); do
    if [ $(((h - 1) % engines)) -eq "$e" ]; then args+=(--socket "$(printf '%s/h%02d.sock' "$sockets" "$h")"); fi
  done
  [ ${#args[@]} -gt 0 ] || continue
  python3 "$here/synthetic-engine.py" "${args[@]}" --stats "$out/engine-$e.json" 2>"$out/engine-$e.log" &
  engine_pids+=($!)
done
for h in $(seq 1 "$n_hosts"); do
  sock=$(printf '%s/h%02d.sock' "$sockets" "$h")
  for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || { echo "synthetic.sh: the synthetic engine did not open $sock; see $out/engine-*.log" >&2; exit 1; }
done

# --- the run ------------------------------------------------------------------------------------------------------
# Built first, untimed: ./crosshost runs Maven when the jar is stale, and Maven's memory must not count as the JVM's.
"$root/crosshost" --version >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; echo "synthetic.sh: ./crosshost does not build" >&2; exit 1; }
rm -rf "$out/reports"
load_start=$(cut -d' ' -f1 /proc/loadavg)
start_ms=$(date +%s%3N)
# Its own process group (setsid keeps the pid: a background job is no group leader), so that the clean-up can end
# the harness and anything under it by that one id; timeout ends a run that hangs.
setsid /usr/bin/time -v -o "$out/time.txt" timeout --foreground -k 30 "$deadline_s" "$root/crosshost" run --matrix "$out/matrix.yaml" \
  --scenarios "$out/scenarios" --reports "$out/reports" >"$out/run.out" 2>"$out/run.err" &
run_pid=$!
rc=0
wait "$run_pid" || rc=$?
end_ms=$(date +%s%3N)
run_pid=
for p in "${engine_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
for p in "${engine_pids[@]}"; do wait "$p" 2>/dev/null || true; done
engine_pids=()

# --- the figures --------------------------------------------------------------------------------------------------
python3 - "$out" "$start_ms" "$end_ms" "$rc" "$n_cells" "$cells" "$n_hosts" "$n_images" "$n_scenarios" "$concurrency" "$engines" "$load_start" <<'PY'
import datetime, glob, json, os, re, sys
out = sys.argv[1]
start_ms, end_ms, rc, n_cells, requested = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
n_hosts, n_images, n_scenarios, concurrency, engines = (int(x) for x in sys.argv[7:12])
load_start = float(sys.argv[12])

def iso_ms(text):
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t.timestamp() * 1000

time_txt = open(out + "/time.txt").read() if os.path.exists(out + "/time.txt") else ""
m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_txt)
peak_rss_mib = round(int(m.group(1)) / 1024, 1) if m else None
m = re.search(r"User time \(seconds\): ([\d.]+)", time_txt)
user_s = float(m.group(1)) if m else None
m = re.search(r"System time \(seconds\): ([\d.]+)", time_txt)
sys_s = float(m.group(1)) if m else None
err = open(out + "/run.err", errors="replace").read()
m = re.search(r"reports of (\d+) cells written in (\d+) ms", err)
report_ms = int(m.group(2)) if m else None

results = None
latest = out + "/reports/latest/results.json"
if os.path.exists(latest):
    results = json.load(open(latest))
by_status, ttfc_s, first_start, last_end = {}, None, None, None
if results:
    for c in results["cells"]:
        by_status[c["status"]] = by_status.get(c["status"], 0) + 1
        s = iso_ms(c["startedAt"])
        e = s + c["durationMs"]
        first_start = s if first_start is None else min(first_start, s)
        last_end = e if last_end is None else max(last_end, e)
    ttfc_s = round((min(iso_ms(c["startedAt"]) + c["durationMs"] for c in results["cells"]) - start_ms) / 1000, 2) if results["cells"] else None
    durations = sorted(c["durationMs"] for c in results["cells"])
else:
    durations = []
wall_s = round((end_ms - start_ms) / 1000, 2)
# A cross-check of the harness's own figure from the files' times: the journal's last line is written just before
# the reports, each of which is renamed into place when complete, in this order.
files_ms = {}
run_dir = out + "/reports/latest"
if os.path.exists(run_dir + "/index.html"):
    previous = os.stat(run_dir + "/results.jsonl").st_mtime_ns
    for name in ("results.json", "junit.xml", "summary.md", "index.html"):
        t = os.stat(run_dir + "/" + name).st_mtime_ns
        files_ms[name] = round((t - previous) / 1e6)
        previous = t
passed = by_status.get("PASS", 0)
engine = {}
for f in sorted(glob.glob(out + "/engine-*.json")):
    for k, v in json.load(open(f))["requests"].items():
        engine[k] = engine.get(k, 0) + v
unknown = engine.get("unknown", 0)
summary = {
    "synthetic": True,
    "note": "SYNTHETIC host (harness costs only, no containers): a fake Docker API that runs nothing",
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "nproc": os.cpu_count(),
    # The machine is shared: a busy start (other sessions' builds and containers) slows every figure but RSS.
    "loadAvg1mAtStart": load_start,
    "cells": n_cells, "requestedCells": requested,
    "hosts": n_hosts, "images": n_images, "scenarios": n_scenarios, "concurrencyPerHost": concurrency, "engineProcesses": engines,
    "exitCode": rc,
    "javaOpts": os.environ.get("CROSSHOST_JAVA_OPTS", ""),
    "wallS": wall_s,
    "peakRssMiB": peak_rss_mib,
    "jvmCpuS": round(user_s + sys_s, 2) if user_s is not None else None,
    "reportWriteMs": report_ms,
    "reportFilesMs": files_ms,
    "ttfcS": ttfc_s,
    "cellsPerS": round(n_cells / wall_s, 1) if wall_s else None,
    "cellPhaseS": round((last_end - first_start) / 1000, 2) if first_start is not None else None,
    "cellMedianMs": durations[len(durations) // 2] if durations else None,
    "cellP95Ms": durations[int(len(durations) * 0.95)] if durations else None,
    "passed": passed,
    "byStatus": by_status,
    "engineRequests": engine,
    "targets": {"peakRssMiB": 512, "reportWriteMs": 10000},
}
# Valid: the run finished, every cell passed and the engine was asked nothing it does not know. The targets are
# reported, not enforced: a benchmark that misses one still has figures worth reading (bench.sh reads them).
summary["valid"] = bool(rc == 0 and passed == n_cells and unknown == 0 and results is not None)
summary["targetsMet"] = {"peakRssMiB": peak_rss_mib is not None and peak_rss_mib <= 512,
                         "reportWriteMs": report_ms is not None and report_ms <= 10000}
summary["ok"] = summary["valid"] and all(summary["targetsMet"].values())
json.dump(summary, open(out + "/synthetic.json", "w"), indent=2)

def fmt(v, unit=""):
    return "?" if v is None else "%s%s" % (v, unit)
print()
print("SYNTHETIC host (harness costs only, no containers)")
print("  %d cells (%d hosts x %d images x %d scenarios), %d per host at once, nproc %s, load %.2f at the start"
      % (n_cells, n_hosts, n_images, n_scenarios, concurrency, os.cpu_count(), load_start))
print("  wall            %s (exit code %d)" % (fmt(wall_s, " s"), rc))
print("  cells/s         %s" % fmt(summary["cellsPerS"]))
print("  time to first   %s" % fmt(ttfc_s, " s"))
print("  peak RSS (JVM)  %s   target <= 512 MiB" % fmt(peak_rss_mib, " MiB"))
print("  reports written %s   target <= 10000 ms for 10,000 cells (%s)" % (fmt(report_ms, " ms"),
      ", ".join("%s %d ms" % kv for kv in files_ms.items()) or "no reports"))
print("  JVM CPU         %s user+sys" % fmt(summary["jvmCpuS"], " s"))
print("  per cell        median %s, p95 %s (create to remove, on the synthetic engine)" % (fmt(summary["cellMedianMs"], " ms"), fmt(summary["cellP95Ms"], " ms")))
print("  by status       %s" % (", ".join("%s %d" % kv for kv in sorted(by_status.items())) or "none"))
print("  engine requests %s%s" % (sum(engine.values()), " (%d unknown: see engine-*.log)" % unknown if unknown else ""))
missed = [k for k, met in summary["targetsMet"].items() if not met]
print("  %s, %s; %s/synthetic.json" % ("all PASS" if summary["valid"] else "NOT VALID (see run.err, engine-*.log)",
                                      "targets met" if not missed else "target missed: " + ", ".join(missed), out))
sys.exit(0 if summary["valid"] else 1)
PY
