#!/usr/bin/env python3
"""Helpers of harness/bench/bench.sh (issue 8's benchmark). Standard library only (PyYAML when present).

  bench.py cells MATRIX SCENARIO_DIR OUT_DIR   the cell list (cells.txt) and host list (hosts.txt) of the matrix
  bench.py stamp                               copies stdin to stdout, each line prefixed by its arrival time (ns)
  bench.py summary OUT_DIR                     reads every round's results and prints the comparison

Where Crosshost's results are read (run A) is in the CROSSHOST_* constants below: the field names of
harness/src/main/resources/io/crosshost/report/results.schema.json (schemaVersion 1). Adjust them there if the
schema changes.
"""
import glob
import json
import math
import os
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
CROSSHOST_STATUS = "status"                   # cell: PASS, FAIL, ...
CROSSHOST_STARTED = "startedAt"               # cell: ISO-8601 instant, UTC
CROSSHOST_DURATION = "durationMs"             # cell: milliseconds
CROSSHOST_PROGRESS = re.compile(r"^\[\d+/\d+\]")  # the CLI's progress line on stderr, first printed after the first cell

SEP = "\x1f"


# ------------------------------------------------------------------------------------------------- cells
def load_yaml(path):
    try:
        import yaml  # PyYAML, when installed
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except ImportError:
        return load_bench_yaml(path)


def load_bench_yaml(path):
    """Without PyYAML: reads exactly the shapes of harness/bench/*.yaml (flow mappings, JSON-style strings)."""
    text = open(path, encoding="utf-8").read()
    doc = {}

    def scalar(v):
        v = v.strip()
        return json.loads(v) if v.startswith('"') else v

    for m in re.finditer(r"^(\w+):\s*(.*)$", text, re.M):
        key, value = m.group(1), m.group(2)
        if key == "hosts":
            doc[key] = [dict(name=a, endpoint=b, concurrency=int(c)) for a, b, c in
                        re.findall(r"\{name: ([^,]+), endpoint: ([^,]+), concurrency: (\d+)\}", value)]
        elif key == "images":
            doc[key] = [dict(name=a, ref=b) for a, b in re.findall(r"\{name: ([^,]+), ref: ([^,}]+)", value)]
        elif key == "tags":
            doc[key] = [t.strip() for t in value.strip("[]").split(",")]
        elif key == "run" or key == "id" or key == "title":
            doc[key] = scalar(value)
        elif key == "expect":
            c = re.search(r'contains: ("(?:[^"\\]|\\.)*")', value)
            doc[key] = {"exit_code": 0, "stdout": {"contains": json.loads(c.group(1))}} if c else {"exit_code": 0}
    return doc


def cmd_cells(matrix_file, scenario_dir, out_dir):
    matrix = load_yaml(matrix_file)
    want_tags = set((matrix.get("scenarios") or {}).get("tags") or [])
    scenarios = []
    for path in sorted(glob.glob(os.path.join(scenario_dir, "*.yaml"))):
        s = load_yaml(path)
        if want_tags and not want_tags & set(s.get("tags") or []):
            continue
        contains = ((s.get("expect") or {}).get("stdout") or {}).get("contains", "")
        for field in (s["id"], s["run"], contains):
            if any(ch in str(field) for ch in (SEP, "\n")):
                sys.exit(f"bench.py: {path}: a field holds a newline or \\x1f, which the cell list cannot carry")
        scenarios.append((s["id"], s["run"], contains))
    hosts, images = matrix["hosts"], matrix["images"]
    lines = []
    # Matrix order: scenario, then image, then host; a sequential run thus visits the hosts in turn.
    for sid, run, contains in scenarios:
        for img in images:
            for h in hosts:
                lines.append(SEP.join([str(len(lines)), h["name"], h["endpoint"], img["name"], img["ref"], sid,
                                       contains, run]))
    with open(os.path.join(out_dir, "cells.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out_dir, "hosts.txt"), "w", encoding="utf-8") as f:
        for h in hosts:
            f.write(SEP.join([h["name"], h["endpoint"], str(h.get("concurrency", 1))]) + "\n")
    with open(os.path.join(out_dir, "images.txt"), "w", encoding="utf-8") as f:
        for img in images:
            f.write(SEP.join([img["name"], img["ref"]]) + "\n")
    print(f"{len(lines)} cells: {len(scenarios)} scenarios x {len(images)} images x {len(hosts)} hosts")


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


def cmd_summary(out_dir):
    hosts = [l.split(SEP)[0] for l in open(os.path.join(out_dir, "hosts.txt"), encoding="utf-8").read().splitlines()]
    total = sum(1 for l in open(os.path.join(out_dir, "cells.txt"), encoding="utf-8") if l.strip())
    rounds = sorted(glob.glob(os.path.join(out_dir, "round-*")))
    runs = {k: dict(walls=[], cells=[], notes=[]) for k in "ABCD"}
    a_ttfc, a_first_start, a_progress, a_rss, a_rc = [], [], [], [], []
    d_per_host = {h: [] for h in hosts}
    d_failed = 0

    for r in rounds:
        # A
        a = os.path.join(r, "A")
        if os.path.isdir(a):
            skipped = read_text(os.path.join(a, "skipped"))
            if skipped:
                runs["A"]["notes"].append(skipped)
            else:
                rc = read_text(os.path.join(a, "rc"))
                a_rc.append(rc)
                launch = int(read_text(os.path.join(a, "launch_ns")))
                end = int(read_text(os.path.join(a, "end_ns")))
                cells, src = crosshost_cells(os.path.join(a, "reports"))
                if rc not in ("0", "1") or not cells:
                    runs["A"]["notes"].append(f"{os.path.basename(r)}: ./crosshost exited {rc} with {len(cells)} cells "
                                              f"recorded; see {a}/stdout.txt and {a}/stderr.tsv; not counted")
                else:
                    runs["A"]["walls"].append((end - launch) / 1e6)
                    for c in cells:
                        runs["A"]["cells"].append(dict(host=c[CROSSHOST_HOST], ok=c[CROSSHOST_STATUS] == "PASS",
                                                       ms=c[CROSSHOST_DURATION]))
                    timed = [(instant_ns(c[CROSSHOST_STARTED]), c[CROSSHOST_DURATION]) for c in cells
                             if c.get(CROSSHOST_STARTED) and c.get(CROSSHOST_DURATION) is not None]
                    if timed:
                        a_first_start.append((min(s for s, _ in timed) - launch) / 1e6)
                        a_ttfc.append((min(s + d * 1_000_000 for s, d in timed) - launch) / 1e6)
                    for line in open(os.path.join(a, "stderr.tsv"), encoding="utf-8", errors="replace"):
                        ts, _, text = line.partition("\t")
                        if CROSSHOST_PROGRESS.match(re.sub(r"^(\r|\x1b\[[0-9;]*[A-Za-z])*", "", text)):
                            a_progress.append((int(ts) - launch) / 1e6)
                            break
                    tv = read_text(os.path.join(a, "time.txt"), "")
                    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
                    if m:
                        a_rss.append(int(m.group(1)))
        # B and C
        for k in "BC":
            d = os.path.join(r, k)
            if os.path.isdir(d):
                wall = read_text(os.path.join(d, "wall_ms"))
                cells = shell_cells(os.path.join(d, "cells*.tsv"))
                if wall is None or len(cells) != total:
                    runs[k]["notes"].append(f"{os.path.basename(r)}: {len(cells)} of {total} cells ran; not counted")
                    continue
                runs[k]["walls"].append(float(wall))
                runs[k]["cells"].extend(cells)
        # D
        dj = os.path.join(r, "D", "lowerbound.json")
        if os.path.isfile(dj):
            doc = json.load(open(dj, encoding="utf-8"))
            # D's wall is its timed cells only (no JVM start, no warm-up cells), and it runs fewer cells than A-C.
            runs["D"]["walls"].append(float(sum(h["wallMs"] for h in doc["hosts"])))
            for h in doc["hosts"]:
                d_per_host.setdefault(h["host"], []).extend(h["cellsMs"])
                d_failed += h["failed"]
                for ms in h["cellsMs"]:
                    runs["D"]["cells"].append(dict(host=h["host"], ok=True, ms=ms))
        elif os.path.isdir(os.path.join(r, "D")):
            runs["D"]["notes"].append(f"{os.path.basename(r)}: no lowerbound.json; see {r}/D/stderr.txt")

    busy = []
    for r in rounds:
        for f in sorted(glob.glob(os.path.join(r, "busy-*.txt"))):
            kv = dict(x.split("=", 1) for x in read_text(f, "").split())
            x = os.path.basename(f)[5:6]
            if os.path.exists(os.path.join(r, x, "skipped")):
                continue
            # The 1-minute load is not a test: it still holds the previous run's own containers (C and A start 6 at
            # once). It is shown, but only somebody else's containers or Maven/test JVMs make a run "not quiet".
            if int(kv.get("containers", 0)) > 0 or int(kv.get("jvms", 0)) > 0:
                busy.append(f"{os.path.basename(r)} {x}: {kv.get('containers')} other containers running on the lab, "
                            f"{kv.get('jvms')} Maven/test JVMs (load {kv.get('load1')})")

    def per_host(cells, h):
        return [c["ms"] for c in cells if c["host"] == h]

    print()
    print(f"== Results: {len(rounds)} round(s); wall time is the median over rounds; per-cell figures pool all rounds ==")
    print()
    print("  A  crosshost run, 2 cells at a time per host, all hosts at once")
    print("  B  docker run --rm, one cell after another (shell loop)")
    print("  C  docker run --rm, xargs -P 2 per host, all hosts at once")
    print(f"  D  docker-java create/start/wait/logs/remove, one cell after another, host after host")
    print()
    head = f"  {'run':<4}{'wall':>9}{'cells':>7}{'pass':>6}"
    for h in hosts:
        head += f"  {h + ' med/p95 ms':>24}"
    print(head)
    for k in "ABCD":
        run = runs[k]
        wall = median(run["walls"])
        cells = run["cells"]
        n_rounds = max(1, len(run["walls"]))
        line = f"  {k:<4}{fmt_s(wall):>9}{len(cells) // n_rounds if cells else 0:>7}" \
               f"{sum(c['ok'] for c in cells) // n_rounds if cells else 0:>6}"
        for h in hosts:
            xs = per_host(cells, h)
            line += f"  {fmt_ms(median(xs)) + ' / ' + fmt_ms(p95(xs)):>24}"
        if k == "D" and cells:
            line += f"   ({len(cells) // n_rounds} cells per round, {len(cells) // n_rounds // max(1, len(hosts))} per host)"
        if not run["walls"] and not run["notes"]:
            line = f"  {k:<4}not run"
        print(line)
        for note in dict.fromkeys(run["notes"]):
            print(f"       {k}: {note}")
    if d_failed:
        print(f"  D: {d_failed} cells did NOT pass (see D/stderr.txt)")
    for k in "BC":
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
    if a is not None:
        print(f"  A/B = {a / b:.2f}" if b else "  A/B = - (no B)")
        print(f"  A/C = {a / c:.2f}" if c else "  A/C = - (no C)")
        print(f"  A time to first cell (launch -> first cell finished, results journal): "
              f"{fmt_s(median(a_ttfc))}; first cell started {fmt_s(median(a_first_start))}; "
              f"first progress line on stderr {fmt_s(median(a_progress))}")
        if a_rss:
            print(f"  A peak RSS (/usr/bin/time -v, Maximum resident set size): {max(a_rss) / 1024:.0f} MiB")
        if any(rc != "0" for rc in a_rc):
            print(f"  A exit codes: {', '.join(a_rc)} (1: some cell did not pass; see the run's summary.md)")
        print()
        print("  Crosshost per-cell overhead over D (A's cell durationMs minus D's cell time), per host:")
        for h in hosts:
            xa, xd = per_host(runs["A"]["cells"], h), d_per_host.get(h, [])
            if xa and xd:
                print(f"    {h:<14} median {median(xa) - median(xd):+.0f} ms ({median(xa):.0f} vs {median(xd):.0f}), "
                      f"p95 {p95(xa) - p95(xd):+.0f} ms ({p95(xa):.0f} vs {p95(xd):.0f})")
        print("    (A runs 6 cells at once on this machine, D one at a time; what that concurrency alone costs the docker")
        print("     CLI, C minus B per cell, is below: compare A with C for the same concurrency)")
        for h in hosts:
            xc, xb = per_host(runs["C"]["cells"], h), per_host(runs["B"]["cells"], h)
            if xc and xb:
                print(f"    {h:<14} C - B: median {median(xc) - median(xb):+.0f} ms, p95 {p95(xc) - p95(xb):+.0f} ms")
    else:
        print("  A: no numbers (" + ("; ".join(dict.fromkeys(runs["A"]["notes"])) or "not run") + ")")
        if b and c:
            print(f"  C/B = {c / b:.2f}")
    print()


def main(argv):
    if len(argv) >= 2 and argv[1] == "cells" and len(argv) == 5:
        cmd_cells(argv[2], argv[3], argv[4])
    elif len(argv) == 2 and argv[1] == "stamp":
        cmd_stamp()
    elif len(argv) == 3 and argv[1] == "summary":
        cmd_summary(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
