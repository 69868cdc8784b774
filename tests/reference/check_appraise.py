#!/usr/bin/env python3
"""Appraises random models with valuemap and with the independent reference implementation
and compares every figure of summary.json (relative agreement 1e-9). Prints TAP.

usage: check_appraise.py VALUEMAP [COUNT] [FIRST_SEED]
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from appraise_ref import appraise  # noqa: E402
from random_models import make_model  # noqa: E402

NUMERIC = ["pv_cost", "pv_benefit", "pv_benefit_fiscal", "pv_benefit_cashable",
           "pv_benefit_economic", "pv_benefit_social", "npsv", "net_fiscal", "bcr", "fiscal_roi"]


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def compare_totals(where, got, want, problems):
    for f in NUMERIC:
        if not close(got.get(f), want[f]):
            problems.append(f"{where}.{f}: valuemap {got.get(f)!r}, reference {want[f]!r}")
    if got.get("payback_year") != want["payback_year"]:
        problems.append(f"{where}.payback_year: valuemap {got.get('payback_year')!r}, "
                        f"reference {want['payback_year']!r}")


def check(valuemap, seed, workdir):
    model = make_model(seed)
    path = os.path.join(workdir, f"model-{seed}.json")
    with open(path, "w") as f:
        json.dump(model, f)
    out = os.path.join(workdir, f"out-{seed}")
    run = subprocess.run([valuemap, "appraise", path, "--out", out, "--quiet"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [f"exit {run.returncode}: {run.stderr.strip()}"]
    got = json.load(open(os.path.join(out, "summary.json")))
    want = appraise(model)
    problems = []
    compare_totals("totals", got["totals"], want["totals"], problems)
    for item in got["interventions"]:
        compare_totals(f"interventions.{item['id']}", item, want["interventions"][item["id"]], problems)
        if item["collaboration_gap"] != want["interventions"][item["id"]]["collaboration_gap"]:
            problems.append(f"interventions.{item['id']}.collaboration_gap differs")
    for item in got["agencies"]:
        compare_totals(f"agencies.{item['id']}", item, want["agencies"][item["id"]], problems)
    for cell in got["matrix"]:
        key = (cell["payer"], cell["beneficiary"])
        if not close(cell["pv"], want["matrix"][key]):
            problems.append(f"matrix{key}: valuemap {cell['pv']!r}, reference {want['matrix'][key]!r}")
    if len(got["matrix"]) != len(want["matrix"]):
        problems.append("matrix has the wrong number of cells")
    compare_flows(os.path.join(out, "flows.csv"), want["flows"], problems)
    compare_options(got.get("options", []), want["options"], problems)
    return problems


def compare_options(got, want, problems):
    """options[]: the do-minimum first, then each option's totals, agency nets and ranks."""
    if want and (not got or got[0]["id"] != "do_minimum"):
        problems.append("options[] does not open with the do-minimum")
        return
    got = {o["id"]: o for o in got[1:]}
    if list(got) != list(want):
        problems.append(f"options: valuemap {list(got)}, reference {list(want)}")
        return
    for key, w in want.items():
        g = got[key]
        compare_totals(f"options.{key}", g, w, problems)
        for field in ("rank_npsv", "rank_bcr"):
            if g[field] != w[field]:
                problems.append(f"options.{key}.{field}: valuemap {g[field]}, reference {w[field]}")
        for a in g["agencies"]:
            if not close(a["net"], w["agencies"][a["id"]]):
                problems.append(f"options.{key}.agencies.{a['id']}.net differs")


def compare_flows(path, want, problems):
    """Every row of flows.csv: its real amount, its discount factor D(year) under the schedule
    of its outcome (or the appraisal's, for a cost), and pv = real * D."""
    seen = set()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["intervention"], int(row["year"]), row["agency"], row["kind"],
                   row["cashable"] == "true", row["outcome"])
            seen.add(key)
            if key not in want:
                problems.append(f"flows.csv row {key} is not in the reference")
                continue
            real, d = want[key]
            got_real, got_d, got_pv = (float(row[c]) for c in ("real", "discount_factor", "pv"))
            if not (close(got_real, real) and close(got_d, d) and close(got_pv, real * d)):
                problems.append(f"flows.csv {key}: valuemap real {got_real!r} D {got_d!r} pv "
                                f"{got_pv!r}, reference {real!r} {d!r} {real * d!r}")
    for key in want:
        if key not in seen:
            problems.append(f"flows.csv lacks the row {key}")


def main():
    valuemap = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    failed = 0
    with tempfile.TemporaryDirectory() as workdir:
        for n, seed in enumerate(range(first, first + count), 1):
            problems = check(valuemap, seed, workdir)
            if problems:
                failed += 1
                print(f"not ok {n} - random model seed {seed}")
                for p in problems[:10]:
                    print(f"#   {p}")
            else:
                print(f"ok {n} - random model seed {seed} agrees with the reference")
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
