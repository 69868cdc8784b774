#!/usr/bin/python3
"""montecarlo-numpy.py - the same Monte Carlo as `valuemap appraise --draws`, written the
straightforward vectorised NumPy way, for the benchmark (bench/montecarlo.sh) and as an
independent cross-check of valuemap's figures.

usage: montecarlo-numpy.py MODEL.yaml OUT_DIR DRAWS SEED   (OUT_DIR "-": write nothing)

Prints "simulate SECONDS write SECONDS cpu SECONDS" on stderr: sampling, arithmetic and
summaries, then writing the files (wall clock), then the CPU time of the simulation alone
(process_time: comparable on a busy machine, where wall clock is not).

Each uncertain input becomes an array of DRAWS values from NumPy's own generators (normal,
lognormal, gamma, beta, uniform, triangular; PERT as a scaled beta), clamped to the range of
its use; correlated named parameters (normal or lognormal only here) come from correlated
normal scores (Cholesky). The appraisal is evaluated over all draws at once with the
arithmetic of DESIGN.md, and the outputs are written as valuemap writes them: draws.csv (one
row per draw) and uncertainty.json (mean, sd, p05, p50, p95, prob_positive of npsv, bcr and
net_fiscal for the totals and each agency, and the EVPI).
"""
import json
import math
import sys
import time

import numpy as np
import yaml

STPR = [(30, 0.035), (75, 0.030), (125, 0.025), (200, 0.020), (300, 0.015)]
HEALTH = [(30, 0.015), (75, 0.0129), (125, 0.0107), (200, 0.0086), (300, 0.0064)]
DEFAULT_OB = [0.0, 0.05, 0.10, 0.15, 0.25, 0.40]


def discount_table(spec, horizon):
    def rate(year):
        if not isinstance(spec, str):
            return float(spec)
        bands, last = (STPR, 0.010) if spec == "stpr" else (HEALTH, 0.0043)
        return next((r for top, r in bands if year <= top), last)
    d = [1.0]
    for t in range(1, horizon):
        d.append(d[-1] / (1 + rate(t)))
    return np.array(d)


class Sampler:
    def __init__(self, model, draws, seed):
        self.rng = np.random.default_rng(seed)
        self.draws = draws
        self.columns = []   # (label, values) in the order valuemap lists them
        self.named = {}
        self.correlated = self.correlated_scores(model)
        for name, dist in (model.get("parameters") or {}).items():
            self.named[name] = self.sample(dist, name, -math.inf, math.inf, named=True)
            self.columns.append((name, self.named[name]))

    def correlated_scores(self, model):
        pairs = model.get("correlations") or []
        names = [n for n in (model.get("parameters") or {})
                 if any(n in c["between"] for c in pairs)]
        if not names:
            return {}
        r = np.eye(len(names))
        for c in pairs:
            a, b = (names.index(x) for x in c["between"])
            r[a, b] = r[b, a] = c["rho"]
        z = np.linalg.cholesky(r) @ self.rng.standard_normal((len(names), self.draws))
        return dict(zip(names, z))

    def sample(self, d, label, lo, hi, named=False):
        rng, n, kind = self.rng, self.draws, d["dist"]
        z = self.correlated.get(label) if named else None
        if kind == "normal":
            x = d["mean"] + d["sd"] * (z if z is not None else rng.standard_normal(n))
        elif kind == "lognormal":
            s2 = math.log1p((d["sd"] / d["mean"]) ** 2)
            mu = math.log(d["mean"]) - s2 / 2
            x = np.exp(mu + math.sqrt(s2) * (z if z is not None else rng.standard_normal(n)))
        elif kind == "gamma":
            x = rng.gamma((d["mean"] / d["sd"]) ** 2, d["sd"] ** 2 / d["mean"], n)
        elif kind == "beta":
            if "alpha" in d:
                a, b = d["alpha"], d["beta"]
            else:
                c = d["mean"] * (1 - d["mean"]) / d["sd"] ** 2 - 1
                a, b = d["mean"] * c, (1 - d["mean"]) * c
            x = rng.beta(a, b, n)
        elif kind == "uniform":
            x = rng.uniform(d["min"], d["max"], n)
        elif kind == "triangular":
            x = rng.triangular(d["min"], d["mode"], d["max"], n)
        else:  # pert
            w = d["max"] - d["min"]
            x = d["min"] + w * rng.beta(1 + 4 * (d["mode"] - d["min"]) / w,
                                        1 + 4 * (d["max"] - d["mode"]) / w, n)
        return np.clip(x, lo, hi)

    def quantity(self, value, label, lo=-math.inf, hi=math.inf):
        if isinstance(value, dict) and "param" in value:
            return np.clip(self.named[value["param"]], lo, hi)
        if isinstance(value, dict):
            x = self.sample(value, label, lo, hi)
            self.columns.append((label, x))
            return x
        return float(value)


class Appraisal:
    def __init__(self, model, sampler):
        a = model["appraisal"]
        self.m, self.s = model, sampler
        self.horizon = a["horizon"]
        self.price_base = a.get("price_base", a["base_year"])
        self.deflator = model.get("deflator") or {}
        self.ob = model.get("optimism_bias", DEFAULT_OB)
        self.d = discount_table(a.get("discount", "stpr"), self.horizon)
        self.agencies = [x["id"] for x in model["agencies"]]
        self.government = {x["id"]: x.get("government", True) for x in model["agencies"]}
        n, k = sampler.draws, len(self.agencies)
        self.cost = np.zeros((k, n))
        self.fiscal = np.zeros((k, n))
        self.other = np.zeros((k, n))
        self.outcomes = {}
        for o in model.get("outcomes") or []:
            self.outcomes[o["id"]] = (o, sampler.quantity(o["value"], f"outcomes.{o['id']}.value"))

    def real(self, item):
        year = item.get("price_year", self.price_base)
        return 1.0 if year == self.price_base else \
            self.deflator[self.price_base] / self.deflator[year]

    def add_cost(self, iv, n, c, participants):
        label = f"interventions.{iv['id']}.costs[{n}]"
        amount = self.s.quantity(c["amount"], label + ".amount", 0)
        if "optimism_bias" in c:
            ob = self.s.quantity(c["optimism_bias"], label + ".optimism_bias", 0, 10)
        else:
            ob = self.ob[c["confidence"] - 1] if "confidence" in c else 0.0
        amount = amount * self.real(c) * (1 + ob)
        if c["per"] == "participant":
            amount = amount * participants
        weight = sum(self.d[y] for y in c.get("years", [0]) if y < self.horizon)
        self.cost[self.agencies.index(c["agency"])] += amount * weight

    def add_effect(self, iv, n, e, participants):
        label = f"interventions.{iv['id']}.effects[{n}]"
        o, value = self.outcomes[e["outcome"]]
        change = self.s.quantity(e["change"], label + ".change")
        share = {key: self.s.quantity(e.get(key, 0), f"{label}.{key}", 0, 1)
                 for key in ("drop_off", "deadweight", "displacement", "attribution")}
        grade = e.get("confidence", o.get("confidence", 0))
        unit = value * self.real(o) * (1 - (self.ob[grade - 1] if grade else 0))
        net = (1 - share["deadweight"]) * (1 - share["displacement"]) * (1 - share["attribution"])
        d = discount_table(o["discount"], self.horizon) if "discount" in o else self.d
        start = e.get("start", 0)
        keep = 1 - share["drop_off"]
        years = range(start, min(start + e.get("duration", 1), self.horizon))
        pv = sum(np.power(keep, t - start) * d[t] for t in years)
        benefit = participants * change * pv * net * unit
        shares = o.get("beneficiaries") or {o["beneficiary"]: 1.0}
        for agency, part in shares.items():
            target = self.fiscal if o.get("kind") == "fiscal" else self.other
            target[self.agencies.index(agency)] += benefit * part

    def run(self):
        for iv in self.m["interventions"]:
            participants = self.s.quantity(iv["participants"],
                                           f"interventions.{iv['id']}.participants", 0)
            for n, c in enumerate(iv.get("costs") or []):
                self.add_cost(iv, n, c, participants)
            if not iv.get("costs"):
                continue
            for n, e in enumerate(iv.get("effects") or []):
                self.add_effect(iv, n, e, participants)


def stats(x):
    x = x[~np.isnan(x)]
    p05, p50, p95 = np.percentile(x, [5, 50, 95])
    return {"mean": x.mean(), "sd": x.std(ddof=1), "p05": p05, "p50": p50, "p95": p95,
            "prob_positive": (x > 0).mean()}


def evpi(x):
    return max(0.0, np.maximum(x, 0).mean() - max(0.0, x.mean()))


def main():
    path, out, draws, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(path) as f:
        model = yaml.safe_load(f)
    started = time.perf_counter()
    cpu_started = time.process_time()
    sampler = Sampler(model, draws, seed)
    a = Appraisal(model, sampler)
    a.run()
    benefit = a.fiscal + a.other
    totals = {"npsv": benefit.sum(0) - a.cost.sum(0),
              "net_fiscal": a.fiscal.sum(0) - a.cost.sum(0)}
    with np.errstate(divide="ignore", invalid="ignore"):
        totals["bcr"] = np.where(a.cost.sum(0) != 0, benefit.sum(0) / a.cost.sum(0), np.nan)
    result = {"totals": {m: stats(v) for m, v in totals.items()}, "agencies": []}
    result["totals"]["evpi"] = evpi(totals["npsv"])
    net_fiscal = a.fiscal - a.cost
    for k, agency in enumerate(a.agencies):
        with np.errstate(divide="ignore", invalid="ignore"):
            bcr = np.where(a.cost[k] != 0, benefit[k] / a.cost[k], np.nan)
        item = {"id": agency, "npsv": stats(benefit[k] - a.cost[k]),
                "net_fiscal": stats(net_fiscal[k]), "evpi": evpi(net_fiscal[k])}
        if not np.isnan(bcr).all():
            item["bcr"] = stats(bcr)
        result["agencies"].append(item)
    simulated = time.perf_counter()
    cpu = time.process_time() - cpu_started
    if out == "-":
        print(f"simulate {simulated - started:.3f} write 0 cpu {cpu:.3f}", file=sys.stderr)
        return
    with open(f"{out}/uncertainty.json", "w") as f:
        json.dump(result, f, indent=1, default=float)
    columns = [x for _, x in sampler.columns] + [totals["npsv"], totals["bcr"],
                                                 totals["net_fiscal"]] + list(net_fiscal)
    header = ",".join(["draw"] + [l for l, _ in sampler.columns] +
                      ["npsv", "bcr", "net_fiscal"] + [f"net_fiscal.{a}" for a in a.agencies])
    table = np.column_stack([np.arange(draws)] + [np.broadcast_to(c, (draws,)) for c in columns])
    np.savetxt(f"{out}/draws.csv", table, fmt="%.17g", delimiter=",", header=header, comments="")
    print(f"simulate {simulated - started:.3f} write {time.perf_counter() - simulated:.3f} "
          f"cpu {cpu:.3f}",
          file=sys.stderr)


main()
