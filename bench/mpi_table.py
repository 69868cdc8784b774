#!/usr/bin/env python3
"""bench/mpi_table.py OUT PEOPLE NAME=LABEL...: the summary table of bench/mpi_scale.sh's runs.

Reads OUT/PEOPLE-NAME-runR/ for every R (stages.json from bench/stage_times.py --json,
time.RANK from /usr/bin/time: "peak-KB user-s system-s", load: /proc/loadavg before and
after) and prints one Markdown table, a column per NAME (in the order given; the first is the
reference) and a column per other NAME with its ratio to the reference. Times are the best
run with the spread (min-max) beside it; on a shared machine the CPU seconds per rank survive
load better than wall time. Also compares each run's clusters.csv, pairs.csv and
linkmodel.json with the reference's first run. Timings only, never tests."""
import filecmp
import glob
import json
import os
import re
import sys

OUTPUTS = ("clusters.csv", "pairs.csv", "linkmodel.json")
STATS = re.compile(r"MPI rank (\d+) of \d+ sent (\d+) bytes, held (\d+) records of its own"
                   r" and at most (\d+) of others'")


def load_run(path):
    """One run's figures: wall, steps {name: (wall, cpu)}, ranks {r: (MB, cpu, sent, own, visit)}."""
    with open(os.path.join(path, "stages.json")) as f:
        stages = json.load(f)
    ranks = {}
    for t in glob.glob(os.path.join(path, "time.*")):
        kb, user, system = open(t).read().split()[:3]
        ranks[int(t.rsplit(".", 1)[1])] = [int(kb) / 1024, float(user) + float(system), 0, 0, 0]
    for line in stages["stats"]:
        m = STATS.search(line)
        if m and int(m.group(1)) in ranks:
            ranks[int(m.group(1))][2:] = [int(m.group(2)), int(m.group(3)), int(m.group(4))]
    loads = [float(x.split()[0]) for x in open(os.path.join(path, "load")).read().splitlines()
             if x.strip()]
    return {"wall": stages["wall"], "exit": stages["exit"], "loads": loads, "ranks": ranks,
            "steps": {name: (wall, cpu) for name, wall, cpu in stages["steps"]}}


def spread(values, digits=1):
    """'best (max worst)' of a list of seconds."""
    lo, hi = min(values), max(values)
    if len(values) == 1 or round(lo, digits) == round(hi, digits):
        return f"{lo:.{digits}f}"
    return f"{lo:.{digits}f} (max {hi:.{digits}f})"


def per_rank(runs, index, scale=1.0, fmt="{:.1f}", pick=min):
    """One figure per rank (best over runs by `pick`), joined by commas in rank order."""
    ranks = sorted(runs[0]["ranks"])
    return ", ".join(fmt.format(pick(r["ranks"][k][index] for r in runs) / scale) for k in ranks)


def rank_range(runs, index):
    """Each rank's least-most over runs (peak memory moves a little from run to run)."""
    cells = []
    for k in sorted(runs[0]["ranks"]):
        lo, hi = (f(r["ranks"][k][index] for r in runs) for f in (min, max))
        cells.append(f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}")
    return ", ".join(cells)


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"


def main():
    out, people, configs = sys.argv[1], sys.argv[2], [c.split("=", 1) for c in sys.argv[3:]]
    runs = {}
    for name, _ in configs:
        paths = sorted(glob.glob(os.path.join(out, f"{people}-{name}-run*")),
                       key=lambda p: int(p.rsplit("run", 1)[1]))
        runs[name] = [load_run(p) | {"path": p} for p in paths
                      if os.path.exists(os.path.join(p, "stages.json"))]
    configs = [(n, label) for n, label in configs if runs[n]]
    if not configs:
        sys.exit("bench/mpi_table.py: no runs found")
    ref = configs[0][0]
    others = configs[1:]
    head = ["", *[label for _, label in configs], *[f"{label} / {configs[0][1]}" for _, label in others]]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))

    def row(title, cell, best=None):
        """cell(runs) -> text; best(runs) -> number for the ratio columns."""
        cells = [cell(runs[n]) for n, _ in configs]
        if best:
            cells += [ratio(best(runs[n]), best(runs[ref])) for n, _ in others]
        else:
            cells += [""] * len(others)
        print(f"| {title} | " + " | ".join(cells) + " |")

    def busiest(r):
        return max(v[1] for v in r["ranks"].values())

    row("runs (interleaved)", lambda rs: str(len(rs)))
    row("wall (s), best (max)", lambda rs: spread([r["wall"] for r in rs]),
        lambda rs: min(r["wall"] for r in rs))
    row("CPU of the busiest rank (s)", lambda rs: spread([busiest(r) for r in rs]),
        lambda rs: min(busiest(r) for r in rs))
    row("CPU per rank, best of each (s)", lambda rs: per_rank(rs, 1))
    row("CPU of all ranks (s)", lambda rs: spread([sum(v[1] for v in r["ranks"].values()) for r in rs]),
        lambda rs: min(sum(v[1] for v in r["ranks"].values()) for r in rs))
    names = []
    for n, _ in configs:
        for r in runs[n]:
            names += [s for s in r["steps"] if s not in names]
    # under MPI the training is part of pass one, shown as blocking: a row adds the two up
    both = [s for s in names if s == "blocking" or s.startswith("training")]
    for step in names + (["blocking + training"] if len(both) == 2 else []):
        parts = both if step == "blocking + training" else [step]

        def best(rs, parts=parts, i=1):
            have = [sum(r["steps"].get(p, (0, 0))[i] for p in parts) for r in rs
                    if any(p in r["steps"] for p in parts)]
            return min(have) if have else None

        def cell(rs, best=best):
            return "-" if best(rs) is None else f"{best(rs, i=0):.1f} / {best(rs):.1f}"
        row(f"{step}: wall / CPU of all ranks (s), best", cell, best)
    row("peak memory per rank (MB), least-most (ratio: most)", lambda rs: rank_range(rs, 0),
        lambda rs: max(max(v[0] for v in r["ranks"].values()) for r in rs))
    row("bytes sent per rank (MB)", lambda rs: per_rank(rs, 2, 1e6, pick=max))
    row("records held per rank: own + most visiting at once",
        lambda rs: "; ".join(f"{rs[0]['ranks'][k][3]:,} + {rs[0]['ranks'][k][4]:,}"
                             for k in sorted(rs[0]["ranks"])) if len(rs[0]["ranks"]) > 1 else "all")
    reference = os.path.join(runs[ref][0]["path"], "link")

    def same(rs):
        ok = sum(all(filecmp.cmp(os.path.join(reference, f), os.path.join(r["path"], "link", f),
                                 shallow=False) for f in OUTPUTS) for r in rs)
        return f"{ok} of {len(rs)} runs" + ("" if ok == len(rs) else " (DIFFERS)")
    row(f"{', '.join(OUTPUTS)}: same bytes as the first '{configs[0][1]}' run", same)
    row("exit statuses", lambda rs: ", ".join(sorted({str(r["exit"]) for r in rs})))
    row("load average (1 min) at the runs' start and end",
        lambda rs: "{:.1f}-{:.1f}".format(min(x for r in rs for x in r["loads"]),
                                          max(x for r in rs for x in r["loads"])))


if __name__ == "__main__":
    main()
