#!/usr/bin/env python3
"""Helpers of harness/bench/bench.sh (issue 8's benchmark). Standard library only.

  bench.py cells LISTING OUT_DIR             the cell list (cells.txt), host list (hosts.txt) and image list
                                             (images.txt) from LISTING, the output of crosshost list --json
  bench.py a1 LISTING A1_DIR N W             run A1's matrix and scenario copies: D's W warm-up and N timed
                                             cells per host, in D's order, one cell at a time
  bench.py stamp                             copies stdin to stdout, each line prefixed by its arrival time (ns)
  bench.py cpusample FILE [SECONDS]          appends "<ns> <busy jiffies>" of /proc/stat every 0.1 s until killed
  bench.py perfprocs                         perf script --show-task-events -F comm,pid,tid on stdin: samples per
                                             process, all threads summed
  bench.py summary OUT_DIR                   reads every round's results and prints the comparison

Which cells a matrix has, and in which order, is the harness's own answer (crosshost list --json); this script
times processes and shell loops and reads what Crosshost wrote. Where Crosshost's results are read (runs A, A1) is
in the CROSSHOST_* constants below: the field names of harness/src/main/resources/io/crosshost/report/
results.schema.json (schemaVersion 1). Adjust them there if the schema changes.
"""
import bisect
import glob
import json
import math
import os
import random
import re
import statistics
import sys
import time
from datetime import datetime

# --- Crosshost's results (run A): results.json, or the results.jsonl journal when results.json is missing ---
CROSSHOST_RESULTS = "results.json"            # <reports>/<run id>/results.json
CROSSHOST_JOURNAL = "results.jsonl"           # <reports>/<run id>/results.jsonl, one {"type": ..., "<type>": {...}} a line
CROSSHOST_CELLS = "cells"                     # results.json: the array of cells
CROSSHOST_HOST = "host"                       # cell: host name
CROSSHOST_SCENARIO = "scenario"               # cell: scenario id (run A1 tells its warm-up cells from the timed ones)
CROSSHOST_STATUS = "status"                   # cell: PASS, FAIL, ...
CROSSHOST_STARTED = "startedAt"               # cell: ISO-8601 instant, UTC
CROSSHOST_DURATION = "durationMs"             # cell: milliseconds
CROSSHOST_PROGRESS = re.compile(r"^\[\d+/\d+\]")  # the CLI's progress line on stderr, first printed after the first cell

SEP = "\x1f"


# ------------------------------------------------------------------------------------------------- cells
def bench_cells(listing_file):
    """The planned cells, in plan order, from `crosshost list --json` (the harness's own planner and loader): each
    must be one step that exits 0 and prints at most one given text, which is what B, C and D check."""
    with open(listing_file, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    for c in cells:
        step = c["steps"][0] if len(c["steps"]) == 1 else None
        why = ("the matrix skips it" if c["skipReason"] else "it has several steps" if step is None
               else "it expects an exit code other than 0" if step["exitCodes"] != [0]
               else "it expects more than one stdout text" if len(step["stdoutContains"]) > 1
               else "a field holds a newline or \\x1f" if any(ch in s for s in cell_fields(c) for ch in (SEP, "\n"))
               else None)
        if why:
            sys.exit(f"bench.py: cell {c['id']}: {why}; B, C and D cannot run it as Crosshost does")
    return cells


def cell_fields(c):
    return [c["host"]["name"], c["host"]["endpoint"], c["image"]["name"], c["image"]["reference"], c["scenario"],
            "".join(c["steps"][0]["stdoutContains"])] + c["command"]


def cmd_cells(listing_file, out_dir):
    """cells.txt (run-cell.sh's and LowerBound.java's input: index, then cell_fields), hosts.txt and images.txt."""
    cells = bench_cells(listing_file)
    hosts = {c["host"]["name"]: c["host"] for c in cells}
    images = {c["image"]["name"]: c["image"] for c in cells}
    with open(os.path.join(out_dir, "cells.txt"), "w", encoding="utf-8") as f:
        f.writelines(SEP.join([str(i)] + cell_fields(c)) + "\n" for i, c in enumerate(cells))
    with open(os.path.join(out_dir, "hosts.txt"), "w", encoding="utf-8") as f:
        f.writelines(SEP.join([h["name"], h["endpoint"], str(h["concurrency"])]) + "\n" for h in hosts.values())
    with open(os.path.join(out_dir, "images.txt"), "w", encoding="utf-8") as f:
        f.writelines(SEP.join([m["name"], m["reference"]]) + "\n" for m in images.values())
    print(f"{len(cells)} cells: {len({c['scenario'] for c in cells})} scenarios x {len(images)} images x "
          f"{len(hosts)} hosts")


def cmd_a1(listing_file, a1_dir, per_host, warmup):
    """Run A1's inputs: the cells D runs on each host, in D's order, as a matrix Crosshost runs one cell at a time.

    D takes each host's cells in plan order (scenario, then image), cycling: W untimed warm-up cells, then N timed
    ones. A Crosshost cell is a (scenario, image, host) triple and runs once, so every position of that sequence
    becomes its own copy of the cell's scenario, id <w|t><position>.i<image index>.<scenario id>, and the matrix
    excludes each copy from every image but its own (one exclusion per image; excluded cells never reach a host). In
    file order, Crosshost's plan is then exactly D's sequence. JSON is YAML: both files are written as JSON.
    """
    per_host, warmup = int(per_host), int(warmup)
    cells = bench_cells(listing_file)
    hosts = {c["host"]["name"]: c["host"] for c in cells}
    images = list({c["image"]["name"]: c["image"] for c in cells}.values())
    index = {m["name"]: i for i, m in enumerate(images)}
    sequences = {h: [c for c in cells if c["host"]["name"] == h] for h in hosts}
    pairs = [(c["scenario"], c["image"]["name"]) for c in sequences[next(iter(hosts))]]
    if any([(c["scenario"], c["image"]["name"]) for c in seq] != pairs for seq in sequences.values()):
        sys.exit("bench.py a1: the hosts do not have the same cells in the same order; A1's one matrix cannot give "
                 "each host D's sequence")
    copies = []
    for kind, count in (("w", warmup), ("t", per_host)):
        for i in range(count):
            c = sequences[next(iter(hosts))][i % len(pairs)]
            step, m = c["steps"][0], index[c["image"]["name"]]
            copy = {"id": f"{kind}{i:04d}.i{m}.{c['scenario']}",
                    "title": f"A1 {'warm-up' if kind == 'w' else 'timed'} cell {i} on {images[m]['name']}: {c['scenario']}"}
            copy.update({"run": step["shell"]} if step["shell"] is not None else {"argv": step["argv"]})
            copy["expect"] = {"exit_code": step["exitCodes"]}
            if step["stdoutContains"]:
                copy["expect"]["stdout"] = {"contains": step["stdoutContains"]}
            copies.append(copy)
    doc = {"name": "bench-a1",
           "hosts": [{"name": h["name"], "endpoint": h["endpoint"], "concurrency": 1} for h in hosts.values()],
           "images": [{k: v for k, v in (("name", m["name"]), ("ref", m["reference"]), ("platform", m["platform"]),
                                         ("pull", m["pull"])) if v is not None} for m in images],
           "exclude": [{"scenarios": f"?????.i{m}.*",
                        "images": [img["name"] for j, img in enumerate(images) if j != m],
                        "reason": f"A1 runs this copy only on image {images[m]['name']}, as D does"}
                       for m in range(len(images))]}
    os.makedirs(os.path.join(a1_dir, "scenarios"), exist_ok=True)
    with open(os.path.join(a1_dir, "matrix.yaml"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    with open(os.path.join(a1_dir, "scenarios", "a1.yaml"), "w", encoding="utf-8") as f:
        json.dump({"scenarios": copies}, f, indent=1)
        f.write("\n")
    print(f"A1: {warmup} warm-up + {per_host} timed cells per host, D's cells in D's order, "
          f"{len(copies)} scenario copies x {len(images)} images ({len(copies) * (len(images) - 1)} excluded)")


def cmd_cpusample(path, interval="0.1"):
    """Machine-wide busy jiffies (user+nice+system+irq+softirq+steal of /proc/stat's cpu line) with the time,
    every interval seconds until killed: bench.py cuts the CPU of a window inside a run (A1's, D's timed cells)."""
    interval = float(interval)
    with open(path, "a", encoding="utf-8") as out:
        while True:
            out.write(f"{time.time_ns()}\t{busy_jiffies()}\n")
            out.flush()
            time.sleep(interval)


def busy_jiffies():
    with open("/proc/stat", encoding="ascii") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
    return v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)


def cmd_perfprocs():
    """perf script --show-task-events -F comm,pid,tid on stdin (in time order): the samples per process, all its
    threads summed, named by what the process last exec'd before the sample (PERF_RECORD_COMM exec); a process
    that exec'd before perf started is named by its main thread, else by the thread sampled."""
    current, main_name, unnamed, by_name = {}, {}, [], {}
    ev = re.compile(r"PERF_RECORD_COMM exec: (.+):(\d+)/(\d+)\s*$")
    line_re = re.compile(r"^\s*(.*?)\s+(\d+)/(\d+)\s*(.*)$")
    total = 0
    for line in sys.stdin:
        m = line_re.match(line.rstrip("\n"))
        if not m:
            continue
        comm, pid, tid, rest = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        if rest:
            e = ev.search(rest)
            if e:
                current[int(e.group(2))] = e.group(1)
            continue
        total += 1
        if pid == tid:
            main_name.setdefault(pid, comm)
        if pid == 0:
            name = "swapper"
        else:
            name = current.get(pid)
        if name is None:
            unnamed.append((pid, comm))
        else:
            by_name[name] = by_name.get(name, 0) + 1
    for pid, comm in unnamed:
        name = main_name.get(pid, comm)
        by_name[name] = by_name.get(name, 0) + 1
    print(f"total\t{total}")
    for name, n in sorted(by_name.items(), key=lambda kv: -kv[1]):
        print(f"{name}\t{n}")


def cmd_stamp():
    for line in sys.stdin:
        sys.stdout.write(f"{time.time_ns()}\t{line}")
        sys.stdout.flush()


# ------------------------------------------------------------------------------------------------ summary
def median(xs):
    return statistics.median(xs) if xs else None


def p95(xs):
    """Nearest rank."""
    if not xs:
        return None
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def read_text(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return default


def instant_ns(text):
    # Java's Instant.toString(): 2025-01-02T03:04:05.123456789Z; Python before 3.11 wants at most 6 digits.
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:\.(\d+))?Z$", text)
    if not m:
        raise ValueError(f"not an instant: {text}")
    base = datetime.fromisoformat(m.group(1) + "+00:00")
    frac = (m.group(2) or "").ljust(9, "0")[:9]
    return int(base.timestamp()) * 1_000_000_000 + int(frac)


def crosshost_cells(reports_dir):
    """Run A's cells from results.json, or from the journal when the run wrote no results.json."""
    for path in sorted(glob.glob(os.path.join(reports_dir, "*", CROSSHOST_RESULTS))):
        if os.path.islink(os.path.dirname(path)):
            continue  # reports/latest
        with open(path, encoding="utf-8") as f:
            return json.load(f)[CROSSHOST_CELLS], path
    for path in sorted(glob.glob(os.path.join(reports_dir, "*", CROSSHOST_JOURNAL))):
        if os.path.islink(os.path.dirname(path)):
            continue
        cells = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a cut last line
                if entry.get("type") == "cell":
                    cells.append(entry["cell"])
        return cells, path
    return [], None


def shell_cells(path):
    """Runs B and C: run-cell.sh lines (index host image scenario exit ok ms)."""
    cells = []
    for f in sorted(glob.glob(path)):
        for line in open(f, encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) == 7:
                cells.append(dict(host=p[1], ok=p[5] == "1", ms=float(p[6])))
    return cells


def fmt_ms(x):
    return "-" if x is None else f"{x:.0f}"


def fmt_s(ms):
    return "-" if ms is None else f"{ms / 1000:.1f} s"


def fmt_d(x):
    return "-" if x is None else f"{x:+.0f} ms"


class Cpu:
    """Machine-wide busy CPU seconds: before/after marks of each run ("<ns> <jiffies>" files) and the sampler's
    time series (cpu-samples.tsv), from which the CPU of any window inside a run is interpolated."""

    def __init__(self, out_dir):
        self.hz = int(read_text(os.path.join(out_dir, "user_hz"), "100"))
        self.samples = []
        path = os.path.join(out_dir, "cpu-samples.tsv")
        if os.path.isfile(path):
            for line in open(path, encoding="ascii", errors="replace"):
                p = line.split()
                if len(p) == 2 and p[0].isdigit() and p[1].isdigit():
                    self.samples.append((int(p[0]), int(p[1])))
            self.samples.sort()

    def marks(self, d):
        """(CPU seconds, wall seconds) between d/cpu_start and d/cpu_end, or None."""
        a, b = read_text(os.path.join(d, "cpu_start")), read_text(os.path.join(d, "cpu_end"))
        if not a or not b:
            return None
        (t0, j0), (t1, j1) = (tuple(int(x) for x in v.split()) for v in (a, b))
        return (j1 - j0) / self.hz, (t1 - t0) / 1e9

    def at(self, t):
        s = self.samples
        i = bisect.bisect_left(s, (t, -1))
        if i == 0 or i == len(s):
            return None  # outside the sampled time
        (ta, ja), (tb, jb) = s[i - 1], s[i]
        return ja + (jb - ja) * (t - ta) / max(1, tb - ta)

    def window(self, t0, t1):
        """CPU seconds between two wall-clock instants (ns), or None."""
        a, b = self.at(t0), self.at(t1)
        return None if a is None or b is None else (b - a) / self.hz


def interval(xa, xd, stat, n=2000, seed=8):
    """A 90 % bootstrap interval of stat(xa) - stat(xd): how far the difference moves with which cells happened
    to be drawn (Podman's cell times spread over 150-1000 ms, so 40 cells leave its median uncertain)."""
    rnd = random.Random(seed)
    diffs = sorted(stat(rnd.choices(xa, k=len(xa))) - stat(rnd.choices(xd, k=len(xd))) for _ in range(n))
    return diffs[int(0.05 * n)], diffs[int(0.95 * n) - 1]


def mean(xs):
    return sum(xs) / len(xs)


def slots(starts_ms, end_ms):
    """Start-to-start times of consecutive cells (the last: its start to its end): they sum to the span."""
    st = sorted(starts_ms)
    return [b - a for a, b in zip(st, st[1:])] + ([end_ms - st[-1]] if st else [])


def perf_lines(d, label):
    """perf's breakdown of a run, from d/perf-comm.txt (perf report --sort comm) and d/perf-procs.txt (bench.py
    perfprocs), as shares of the busy samples: those of the idle task (swapper) are left out and given apart."""
    lines = []
    comm = read_text(os.path.join(d, "perf-comm.txt"))
    if comm is None:
        return lines
    top = []
    for line in comm.splitlines():
        m = re.match(r"^\s+([\d.]+)%\s+(.+?)\s*$", line)
        if m:
            top.append((float(m.group(1)), m.group(2)))
    idle = sum(x for x, n in top if n == "swapper")
    busy = [(x, n) for x, n in top if n != "swapper"]
    scale = 100 / max(1e-9, sum(x for x, _ in busy))
    samples = re.search(r"# Samples: (\S+)", comm)
    lines.append(f"    {label}: {samples.group(1) if samples else '?'} samples, {idle:.1f} % idle (swapper); of the busy ones:")
    lines.append("      by thread name (perf report --sort comm): "
                 + ", ".join(f"{n} {x * scale:.1f} %" for x, n in busy[:12]))
    procs = read_text(os.path.join(d, "perf-procs.txt"), "")
    counts = [l.split("\t") for l in procs.splitlines() if "\t" in l]
    rest = [(n, int(c)) for n, c in counts if n not in ("total", "swapper")]
    busy_n = sum(c for _, c in rest)
    if busy_n:
        java = sum(c for n, c in rest if n == "java")
        lines.append("      by process, threads summed (bench.py perfprocs): "
                     + ", ".join(f"{n} {100 * c / busy_n:.1f} %" for n, c in rest[:10])
                     + (f"; every JVM's threads together (java): {100 * java / busy_n:.1f} %" if java else ""))
    return lines


def cmd_summary(out_dir):
    hosts = [l.split(SEP)[0] for l in open(os.path.join(out_dir, "hosts.txt"), encoding="utf-8").read().splitlines()]
    total = sum(1 for l in open(os.path.join(out_dir, "cells.txt"), encoding="utf-8") if l.strip())
    nproc = int(read_text(os.path.join(out_dir, "nproc"), str(os.cpu_count() or 1)))
    cpu = Cpu(out_dir)
    rounds = sorted(glob.glob(os.path.join(out_dir, "round-*")))
    # walls: ms per counted round; cells: per-cell figures; cpu: CPU s per counted round; ncells: cells per round
    runs = {k: dict(walls=[], cells=[], notes=[], cpu=[], ncells=[], whole=[]) for k in ("A", "AN", "A1", "B", "C", "D")}
    a_ttfc, a_first_start, a_progress, a_rss, a_rc = [], [], [], [], []
    d_per_host = {h: [] for h in hosts}
    d_slots = {h: [] for h in hosts}
    d_span = {h: [0.0, 0] for h in hosts}  # ms, cells
    a1_per_host = {h: [] for h in hosts}
    a1_slots = {h: [] for h in hosts}
    a1_span = {h: [0.0, 0] for h in hosts}
    d_failed = 0
    perf = []
    synthetic = []

    for r in rounds:
        rname = os.path.basename(r)
        # A, and AN (A with network: disabled); TTFC, RSS, exit codes and perf are A's
        for key in ("A", "AN"):
          a = os.path.join(r, key)
          if os.path.isdir(a):
              skipped = read_text(os.path.join(a, "skipped"))
              if skipped:
                  runs[key]["notes"].append(skipped)
              else:
                  rc = read_text(os.path.join(a, "rc"))
                  if key == "A":
                      a_rc.append(rc)
                  launch = int(read_text(os.path.join(a, "launch_ns")))
                  end = int(read_text(os.path.join(a, "end_ns")))
                  cells, src = crosshost_cells(os.path.join(a, "reports"))
                  if rc not in ("0", "1") or not cells:
                      runs[key]["notes"].append(f"{rname}: ./crosshost exited {rc} with {len(cells)} cells "
                                                f"recorded; see {a}/stdout.txt and {a}/stderr.tsv; not counted")
                  else:
                      runs[key]["walls"].append((end - launch) / 1e6)
                      runs[key]["ncells"].append(len(cells))
                      m = cpu.marks(a)
                      if m:
                          runs[key]["cpu"].append(m[0])
                      for c in cells:
                          runs[key]["cells"].append(dict(host=c[CROSSHOST_HOST], ok=c[CROSSHOST_STATUS] == "PASS",
                                                         ms=c[CROSSHOST_DURATION]))
                      timed = [(instant_ns(c[CROSSHOST_STARTED]), c[CROSSHOST_DURATION]) for c in cells
                               if c.get(CROSSHOST_STARTED) and c.get(CROSSHOST_DURATION) is not None]
                      if timed and key == "A":
                          a_first_start.append((min(s for s, _ in timed) - launch) / 1e6)
                          a_ttfc.append((min(s + d * 1_000_000 for s, d in timed) - launch) / 1e6)
                      stderr_lines = open(os.path.join(a, "stderr.tsv"), encoding="utf-8", errors="replace") if key == "A" else []
                      for line in stderr_lines:
                          ts, _, text = line.partition("\t")
                          if CROSSHOST_PROGRESS.match(re.sub(r"^(\r|\x1b\[[0-9;]*[A-Za-z])*", "", text)):
                              a_progress.append((int(ts) - launch) / 1e6)
                              break
                      tv = read_text(os.path.join(a, "time.txt"), "") if key == "A" else ""
                      m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
                      if m:
                          a_rss.append(int(m.group(1)))
              if key == "A":
                  perf += perf_lines(a, f"{rname} A")
        # A1: one crosshost run per host; only the timed copies (t....) count, the warm-up copies (w....) do not
        a1 = os.path.join(r, "A1")
        if os.path.isdir(a1):
            skipped = read_text(os.path.join(a1, "skipped"))
            if skipped:
                runs["A1"]["notes"].append(skipped)
            else:
                wall = cpu_s = 0.0
                ok = True
                n_round, cells_round = 0, []
                spans = {}
                for h in hosts:
                    hd = os.path.join(a1, h)
                    rc = read_text(os.path.join(hd, "rc"))
                    cells, _ = crosshost_cells(os.path.join(hd, "reports"))
                    timed = [c for c in cells if str(c.get(CROSSHOST_SCENARIO, "")).startswith("t")
                             and c.get(CROSSHOST_STATUS) != "SKIP" and c.get(CROSSHOST_STARTED)
                             and c.get(CROSSHOST_DURATION) is not None]
                    want = int(read_text(os.path.join(a1, "cells_per_host"), "0"))
                    if rc not in ("0", "1") or not timed or len(timed) != want:
                        runs["A1"]["notes"].append(f"{rname}: host {h}: ./crosshost exited {rc} with {len(timed)} of "
                                                   f"{want} timed cells; see {hd}/stderr.txt; round not counted")
                        ok = False
                        break
                    starts = [instant_ns(c[CROSSHOST_STARTED]) for c in timed]
                    t0 = min(starts)
                    t1 = max(s + c[CROSSHOST_DURATION] * 1_000_000 for s, c in zip(starts, timed))
                    spans[h] = (t0, t1, [(s - t0) / 1e6 for s in starts], timed)
                if ok:
                    for h, (t0, t1, starts_ms, timed) in spans.items():
                        w = cpu.window(t0, t1)
                        cpu_s = None if (w is None or cpu_s is None) else cpu_s + w
                        wall += (t1 - t0) / 1e6
                        n_round += len(timed)
                        a1_per_host[h] += [c[CROSSHOST_DURATION] for c in timed]
                        a1_slots[h] += slots(starts_ms, (t1 - t0) / 1e6)
                        a1_span[h][0] += (t1 - t0) / 1e6
                        a1_span[h][1] += len(timed)
                        for c in timed:
                            cells_round.append(dict(host=h, ok=c[CROSSHOST_STATUS] == "PASS", ms=c[CROSSHOST_DURATION]))
                    runs["A1"]["walls"].append(wall)
                    runs["A1"]["ncells"].append(n_round)
                    runs["A1"]["cells"] += cells_round
                    if cpu_s is not None:
                        runs["A1"]["cpu"].append(cpu_s)
                    m = cpu.marks(a1)
                    if m:
                        runs["A1"]["whole"].append(m)
        # B and C
        for k in "BC":
            d = os.path.join(r, k)
            if os.path.isdir(d):
                wall = read_text(os.path.join(d, "wall_ms"))
                cells = shell_cells(os.path.join(d, "cells*.tsv"))
                if wall is None or len(cells) != total:
                    runs[k]["notes"].append(f"{rname}: {len(cells)} of {total} cells ran; not counted")
                    continue
                runs[k]["walls"].append(float(wall))
                runs[k]["cells"].extend(cells)
                runs[k]["ncells"].append(len(cells))
                m = cpu.marks(d)
                if m:
                    runs[k]["cpu"].append(m[0])
                if k == "C":
                    perf += perf_lines(d, f"{rname} C")
        # D
        dj = os.path.join(r, "D", "lowerbound.json")
        if os.path.isfile(dj):
            doc = json.load(open(dj, encoding="utf-8"))
            # D's wall is its timed cells only (no JVM start, no warm-up cells), and it runs fewer cells than A-C.
            runs["D"]["walls"].append(float(sum(h["wallMs"] for h in doc["hosts"])))
            runs["D"]["ncells"].append(sum(len(h["cellsMs"]) for h in doc["hosts"]))
            cpu_s = 0.0
            for h in doc["hosts"]:
                d_per_host.setdefault(h["host"], []).extend(h["cellsMs"])
                d_failed += h["failed"]
                for ms in h["cellsMs"]:
                    runs["D"]["cells"].append(dict(host=h["host"], ok=True, ms=ms))
                if "cellsStartMs" in h:
                    d_slots.setdefault(h["host"], []).extend(slots(h["cellsStartMs"], h["wallMs"]))
                d_span.setdefault(h["host"], [0.0, 0])
                d_span[h["host"]][0] += h["wallMs"]
                d_span[h["host"]][1] += len(h["cellsMs"])
                w = cpu.window(h["startEpochNs"], h["endEpochNs"]) if "startEpochNs" in h else None
                cpu_s = None if (w is None or cpu_s is None) else cpu_s + w
            if cpu_s is not None:
                runs["D"]["cpu"].append(cpu_s)
            m = cpu.marks(os.path.join(r, "D"))
            if m:
                runs["D"]["whole"].append(m)
        elif os.path.isdir(os.path.join(r, "D")):
            runs["D"]["notes"].append(f"{rname}: no lowerbound.json; see {r}/D/stderr.txt")
        # S: the synthetic run (another script; its figures as it writes them)
        sd = os.path.join(r, "S")
        if os.path.isdir(sd):
            sk = read_text(os.path.join(sd, "skipped"))
            doc = None
            try:
                doc = json.load(open(os.path.join(sd, "synthetic.json"), encoding="utf-8"))
            except (OSError, ValueError) as e:
                err = str(e)
            if sk:
                synthetic.append((rname, None, sk, None))
            elif doc is None:
                synthetic.append((rname, None, f"synthetic.sh exited {read_text(os.path.join(sd, 'rc'))} and wrote no "
                                               f"readable synthetic.json ({err}); see {sd}/stderr.txt", None))
            else:
                synthetic.append((rname, doc, None, cpu.marks(sd)))

    busy = []
    for r in rounds:
        for f in sorted(glob.glob(os.path.join(r, "busy-*.txt"))):
            kv = dict(x.split("=", 1) for x in read_text(f, "").split())
            x = os.path.basename(f)[5:-4]
            if os.path.exists(os.path.join(r, x, "skipped")):
                continue
            # The 1-minute load is not a test: it still holds the previous run's own containers (C and A start 6 at
            # once). It is shown, but only somebody else's containers or Maven/test JVMs make a run "not quiet".
            if int(kv.get("containers", 0)) > 0 or int(kv.get("jvms", 0)) > 0:
                busy.append(f"{os.path.basename(r)} {x}: {kv.get('containers')} other containers running on the lab, "
                            f"{kv.get('jvms')} Maven/test JVMs (load {kv.get('load1')})")

    def per_host(cells, h):
        return [c["ms"] for c in cells if c["host"] == h]

    def cpu_per_cell(k):
        run = runs[k]
        if not run["cpu"] or not run["ncells"]:
            return None
        return median([c / n for c, n in zip(run["cpu"], run["ncells"])])

    def cores(k):
        run = runs[k]
        if not run["cpu"] or not run["walls"]:
            return None
        return median([c / (w / 1000) for c, w in zip(run["cpu"], run["walls"]) if w > 0])

    print()
    print(f"== Results: {len(rounds)} round(s); wall and CPU are medians over rounds; per-cell times pool all rounds ==")
    print()
    print("  A   crosshost run, 2 cells at a time per host, all hosts at once")
    print("  AN  A with the matrix's defaults.network: disabled (no engine network sandbox; not the same containers as")
    print("      B and C, whose docker run --network none has one): what that opt-in saves")
    print("  A1  crosshost run, 1 cell at a time, one run per host, host after host: D's cells in D's order, after D's")
    print("      warm-up cells (the first cells of each run, not counted); wall and CPU: its timed cells only")
    print("  B   docker run --rm, one cell after another (shell loop)")
    print("  C   docker run --rm, xargs -P 2 per host, all hosts at once")
    print("  D   docker-java create/start/wait/logs/remove, one cell after another, host after host; wall and CPU: its")
    print("      timed cells only")
    print(f"  CPU: the whole machine's busy CPU seconds (/proc/stat: user+nice+system+irq+softirq+steal; engines, runc,")
    print(f"       shims, JVMs, CLIs, anything else running) over the run; cores: CPU s / wall s, of nproc {nproc}")
    print()
    head = f"  {'run':<4}{'wall':>9}{'cells':>7}{'pass':>6}{'CPU s':>8}{'CPU s/cell':>11}{'cores':>7}"
    for h in hosts:
        head += f"  {h + ' med/p95 ms':>24}"
    print(head)
    for k in ("A", "AN", "A1", "B", "C", "D"):
        run = runs[k]
        wall = median(run["walls"])
        cells = run["cells"]
        n_rounds = max(1, len(run["walls"]))
        cps, crs = cpu_per_cell(k), cores(k)
        line = f"  {k:<4}{fmt_s(wall):>9}{len(cells) // n_rounds if cells else 0:>7}" \
               f"{sum(c['ok'] for c in cells) // n_rounds if cells else 0:>6}" \
               f"{'-' if not run['cpu'] else format(median(run['cpu']), '.1f'):>8}" \
               f"{'-' if cps is None else format(cps, '.3f'):>11}{'-' if crs is None else format(crs, '.2f'):>7}"
        for h in hosts:
            xs = per_host(cells, h)
            line += f"  {fmt_ms(median(xs)) + ' / ' + fmt_ms(p95(xs)):>24}"
        if not run["walls"] and not run["notes"]:
            line = f"  {k:<4}not run"
        print(line)
        for note in dict.fromkeys(run["notes"]):
            print(f"       {k}: {note}")
    for k in ("A1", "D"):
        if runs[k]["whole"]:
            c, w = median([x[0] for x in runs[k]["whole"]]), median([x[1] for x in runs[k]["whole"]])
            what = "3 JVMs' start, warm-up cells and reports" if k == "A1" else "the JVM's start and source compile, warm-up cells"
            print(f"       {k} whole run ({what}): {w:.1f} s wall, {c:.1f} CPU s")
    if d_failed:
        print(f"  D: {d_failed} cells did NOT pass (see D/stderr.txt)")
    for k in ("A1", "B", "C"):
        bad = sum(1 for c in runs[k]["cells"] if not c["ok"])
        if bad:
            print(f"  {k}: {bad} cells did NOT pass (see {k}/stderr.txt)")
    if busy:
        print()
        print("  WARNING: the machine was not quiet when these runs started; their numbers are slower than they should be:")
        for line in busy:
            print(f"    {line}")
    print()
    a, b, c = (median(runs[k]["walls"]) for k in "ABC")
    overhead_a, overhead_b = {}, {}
    if a is not None:
        print(f"  A/B = {a / b:.2f}" if b else "  A/B = - (no B)")
        print(f"  A/C = {a / c:.2f}" if c else "  A/C = - (no C)")
        an = median(runs["AN"]["walls"])
        if an is not None and b and c:
            print(f"  AN/B = {an / b:.2f}, AN/C = {an / c:.2f}, AN/A = {an / a:.2f} (network: disabled; not like for like with B, C)")
        print(f"  A time to first cell (launch -> first cell finished, results journal): "
              f"{fmt_s(median(a_ttfc))}; first cell started {fmt_s(median(a_first_start))}; "
              f"first progress line on stderr {fmt_s(median(a_progress))}")
        if a_rss:
            print(f"  A peak RSS (/usr/bin/time -v, Maximum resident set size): {max(a_rss) / 1024:.0f} MiB")
        if any(rc != "0" for rc in a_rc):
            print(f"  A exit codes: {', '.join(a_rc)} (1: some cell did not pass; see the run's summary.md)")
    else:
        print("  A: no numbers (" + ("; ".join(dict.fromkeys(runs["A"]["notes"])) or "not run") + ")")
        if b and c:
            print(f"  C/B = {c / b:.2f}")
    print()

    # Per-cell overhead over D at the same concurrency: A1 and D both run one cell at a time, host after host.
    if any(a1_per_host.values()) and any(d_per_host.values()):
        print("  Crosshost's per-cell overhead over D at the same concurrency (A1 minus D: the same cells, one at a time):")
        print("    (a) cell time: A1's durationMs vs D's create..remove")
        for h in hosts:
            xa, xd = a1_per_host.get(h, []), d_per_host.get(h, [])
            if xa and xd:
                lo, hi = interval(xa, xd, median)
                overhead_a[h] = (median(xa) - median(xd), lo, hi)
                print(f"      {h:<14} median {overhead_a[h][0]:+.0f} ms ({median(xa):.0f} vs {median(xd):.0f}; 90 % interval "
                      f"{lo:+.0f}..{hi:+.0f}), p95 {p95(xa) - p95(xd):+.0f} ms ({p95(xa):.0f} vs {p95(xd):.0f})")
        print("    (b) wall per cell: first timed cell's start to last one's end, / cells (what the harness does between")
        print("        cells counts too); start-to-start times of consecutive cells (they add up to that span), median, p95")
        for h in hosts:
            sa, sd = a1_span.get(h, [0, 0]), d_span.get(h, [0, 0])
            if sa[1] and sd[1]:
                wa, wd = sa[0] / sa[1], sd[0] / sd[1]
                overhead_b[h] = (wa - wd, None, None)
                line = f"      {h:<14} per cell {wa - wd:+.0f} ms ({wa:.0f} vs {wd:.0f}"
                xa, xd = a1_slots.get(h, []), d_slots.get(h, [])
                if xa and xd:
                    lo, hi = interval(xa, xd, mean)
                    overhead_b[h] = (wa - wd, lo, hi)
                    line += f"; 90 % interval {lo:+.0f}..{hi:+.0f}"
                line += ")"
                if xa and xd:
                    line += (f"; start to start: median {median(xa) - median(xd):+.0f} ms ({median(xa):.0f} vs "
                             f"{median(xd):.0f}), p95 {p95(xa) - p95(xd):+.0f} ms ({p95(xa):.0f} vs {p95(xd):.0f})")
                print(line)
        print()
    elif runs["A1"]["notes"]:
        print("  A1: no numbers (" + "; ".join(dict.fromkeys(runs["A1"]["notes"])) + ")")
        print()
    if a is not None and any(d_per_host.values()):
        print("  Contention, not harness overhead: A (6 cells at once on this machine) minus D (one at a time), next to")
        print("  what the same change of concurrency costs the docker CLI (C minus B), per cell:")
        for h in hosts:
            xa, xd = per_host(runs["A"]["cells"], h), d_per_host.get(h, [])
            xc, xb = per_host(runs["C"]["cells"], h), per_host(runs["B"]["cells"], h)
            if xa and xd:
                line = f"    {h:<14} A - D: median {median(xa) - median(xd):+.0f} ms, p95 {p95(xa) - p95(xd):+.0f} ms"
                if xc and xb:
                    line += f";  C - B: median {median(xc) - median(xb):+.0f} ms, p95 {p95(xc) - p95(xb):+.0f} ms"
                print(line)
        print()

    # What bounds the wall times: the machine's CPU.
    if cpu_per_cell("A") is not None or cpu_per_cell("C") is not None:
        print(f"  Machine CPU (nproc {nproc}):")
        for k in ("A", "AN", "A1", "B", "C", "D"):
            if cpu_per_cell(k) is not None:
                print(f"    {k:<3} {cpu_per_cell(k):.3f} CPU s per cell, {cores(k):.2f} of {nproc} cores busy over {fmt_s(median(runs[k]['walls']))}")
        bound = [k for k in ("A", "B", "C") if cores(k) is not None and cores(k) >= 0.85 * nproc]
        if bound:
            print(f"    {' and '.join(bound)} {'is' if len(bound) == 1 else 'are'} CPU-bound (85 % or more of the machine's "
                  f"cores busy): wall time is about cells x CPU per cell / cores busy.")
        ca, cb, cc, ca1, cd = (cpu_per_cell(k) for k in ("A", "B", "C", "A1", "D"))
        if ca1 is not None and cd is not None:
            print(f"    A1 - D: {ca1 - cd:+.3f} CPU s per cell ({ca1:.3f} vs {cd:.3f}): what Crosshost adds to the machine's CPU per "
                  f"cell over docker-java's minimum, one cell at a time")
        used = [(cpu_per_cell(k), k) for k in ("B", "C", "D") if cpu_per_cell(k) is not None]

        def least(need):
            if not used or need >= min(used)[0]:
                return ""
            return f", less than any client here used (least: {min(used)[1]}, {min(used)[0]:.3f})"

        if a and c and ca and cc:
            need = 0.8 * c / 1000 * nproc / total
            print(f"    A/C = {a / c:.2f} in wall time, {ca / cc:.2f} in CPU per cell ({ca:.3f} vs {cc:.3f} s); on {nproc} cores "
                  f"A/C <= 0.8 needs A at or under {need:.3f} CPU s per cell"
                  + least(need))
        if a and b and ca:
            floor = total * ca / nproc
            need = 0.35 * b / 1000 * nproc / total
            print(f"    A's floor with all {nproc} cores busy at its CPU per cell: {floor:.1f} s, A/B {floor * 1000 / b:.2f} at best; "
                  f"A/B <= 0.35 needs A at or under {need:.3f} CPU s per cell" + (f" (B uses {cb:.3f})" if cb else "")
                  + least(need))
        print()
    if perf:
        print("  Who used the CPU: perf record -a -F 199 during A and C (round 1):")
        for line in perf:
            print(line)
        print()

    # S: the synthetic 10,000-cell run
    s_rss = s_write = None
    if synthetic:
        for rname, doc, note, marks in synthetic:
            if doc is None:
                print(f"  S  SYNTHETIC host (harness costs only): not run: {note}")
                continue
            label = "" if doc.get("synthetic") is True else "  (WARNING: synthetic.json does not say synthetic: true)"
            if doc.get("valid") is False:
                label += "  (WARNING: synthetic.json says the run is not valid; see its stdout.txt)"
            s_rss, s_write = doc.get("peakRssMiB"), doc.get("reportWriteMs")
            print(f"  S  SYNTHETIC host (harness costs only), {rname}: {doc.get('cells')} cells, passed {doc.get('passed')}, "
                  f"wall {doc.get('wallS')} s, time to first cell {doc.get('ttfcS')} s{label}")
            print(f"     peak RSS {s_rss} MiB (target <= 512 MiB), report writing "
                  f"{'-' if s_write is None else format(float(s_write) / 1000, '.2f')} s (target <= 10 s)"
                  + (f"; {marks[0]:.1f} CPU s over {marks[1]:.1f} s" if marks else ""))
    else:
        print("  S  SYNTHETIC host (harness costs only): not run (--skip S)")
    print()

    # The targets of issue 8
    rows = []

    def row(name, value, shown, target, ok, noisy=False):
        rows.append((name, shown if value is not None else "not measured", target,
                     "-" if value is None or ok is None else ("met" if ok else "MISSED")
                     + (" (the 90 % interval straddles the target)" if noisy else "")))

    row("A/B (wall)", a / b if a and b else None, f"{a / b:.2f}" if a and b else "", "<= 0.35", a and b and a / b <= 0.35)
    row("A/C (wall)", a / c if a and c else None, f"{a / c:.2f}" if a and c else "", "<= 0.8", a and c and a / c <= 0.8)
    for key, table in (("(a) cell time median", overhead_a), ("(b) wall per cell", overhead_b)):
        for h in hosts:
            v, lo, hi = table.get(h, (None, None, None))
            shown = fmt_d(v) + (f" ({lo:+.0f}..{hi:+.0f})" if lo is not None else "")
            row(f"overhead over D, {key}, {h}", v, shown, "<= 30 ms", v is not None and v <= 30,
                lo is not None and lo <= 30 < hi)
    t = median(a_ttfc)
    row("time to first cell (A)", t, fmt_s(t), "<= 3 s", t is not None and t <= 3000)
    rss = max(a_rss) / 1024 if a_rss else None
    row("peak RSS (A, 240 cells)", rss, f"{rss:.0f} MiB" if rss else "", "none (512 MiB is for 10,000)", None)
    row("peak RSS, 10,000 cells, SYNTHETIC host", s_rss, f"{s_rss} MiB", "<= 512 MiB",
        s_rss is not None and float(s_rss) <= 512)
    row("report writing, 10,000 cells, SYNTHETIC host", s_write,
        f"{float(s_write) / 1000:.1f} s" if s_write is not None else "", "<= 10 s",
        s_write is not None and float(s_write) <= 10000)
    print("  Targets (issue 8):")
    w = max(len(r[0]) for r in rows)
    wm = max(12, max(len(r[1]) for r in rows))
    print(f"    {'':<{w}}  {'measured':>{wm}}  {'target':<30}")
    for name, shown, target, verdict in rows:
        print(f"    {name:<{w}}  {shown:>{wm}}  {target:<30}{verdict}")
    print("    (overhead rows: A1 minus D, with a 90 % bootstrap interval in brackets)")
    print()


def main(argv):
    if len(argv) == 4 and argv[1] == "cells":
        cmd_cells(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "a1":
        cmd_a1(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 2 and argv[1] == "stamp":
        cmd_stamp()
    elif len(argv) in (3, 4) and argv[1] == "cpusample":
        cmd_cpusample(*argv[2:])
    elif len(argv) == 2 and argv[1] == "perfprocs":
        cmd_perfprocs()
    elif len(argv) == 3 and argv[1] == "summary":
        cmd_summary(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
