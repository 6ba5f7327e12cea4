"""Writes one workload's row into the benchmark table of a Markdown file (BENCHMARKS.md), between the markers
<!-- bench-vs-pytorch rows: begin --> and <!-- bench-vs-pytorch rows: end -->, replacing the row of the same workload
and thread count: each side's speed over the rounds, the median ratio (> 1: ae4j is faster) and the rounds' span,
with the date, commit and CPU. Called by scripts/bench-vs-pytorch --record FILE.

    python3 scripts/bench/record_row.py FILE THREADS OURS_JSON THEIRS_JSON [OURS_JSON THEIRS_JSON ...]
"""
import json, os, statistics, subprocess, sys, datetime
path, threads, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
pairs = [(json.loads(a), json.loads(b)) for a, b in zip(rest[0::2], rest[1::2])]
def value(side):
    for key, unit in (("samples_per_s", "samples/s"), ("seconds_per_epoch", "s per epoch"), ("seconds", "s")):
        if key in side:
            return side[key], unit, key == "samples_per_s"
ours = [value(o) for o, _ in pairs]
theirs = [value(t) for _, t in pairs]
faster = ours[0][2]
ratios = [(o[0] / t[0]) if faster else (t[0] / o[0]) for o, t in zip(ours, theirs)]
span = lambda xs: f"{min(xs):,.4g}" if min(xs) == max(xs) else f"{min(xs):,.4g}–{max(xs):,.4g}"
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
workload = pairs[0][0]["workload"]
row = (f"| `{workload}` | {threads} | {span([o[0] for o in ours])} {ours[0][1]} | {span([t[0] for t in theirs])} {theirs[0][1]} "
       f"({pairs[0][1]['framework']}) | **{statistics.median(ratios):.2f} ×** ({span([round(r, 2) for r in ratios])}) "
       f"| {len(pairs)} | {datetime.date.today().isoformat()} | {commit}{'+' if dirty else ''} | {os.cpu_count()} × {cpu} |")
begin, end = "<!-- bench-vs-pytorch rows: begin -->", "<!-- bench-vs-pytorch rows: end -->"
text = open(path).read()
if begin not in text or end not in text:
    sys.exit(f"bench-vs-pytorch: {path} has no '{begin}' … '{end}' table to record into")
head, rest = text.split(begin, 1)
body, tail = rest.split(end, 1)
lines = [l for l in body.strip("\n").split("\n") if l.strip()]
header, rows = lines[:2], lines[2:]
key = f"| `{workload}` | {threads} |"
rows = [r for r in rows if not r.startswith(key)] + [row]
rows.sort(key=lambda r: (r.split("|")[1], int(r.split("|")[2])))
open(path + ".tmp", "w").write(head + begin + "\n" + "\n".join(header + rows) + "\n" + end + tail)
os.replace(path + ".tmp", path)
print(f"recorded in {path}: {row}")
