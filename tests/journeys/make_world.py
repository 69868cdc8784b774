#!/usr/bin/python3
"""make_world.py - small worlds with a known effect, for testing `valuemap journeys`.

Each person has a record in three departments (health -> agency nhs, dwp, justice -> moj) and
a latent need u ~ N(0, 1). Events of each department arrive as a Poisson process over the
observed span, at a daily rate base * exp(need_effect * u) (x 1.3 for women in nhs), each costing
a fixed mean amount (gamma-distributed). A share of people start mental-health treatment
(MH_TREATMENT_START, the comparison event) on a random date; some of them take up IPS
(IPS_START, the treated event) 30 to 180 days later, with probability logistic(a + b * u): with
b = 0 there is no confounding, with b > 0 the people who take it up need more and cost more, so
the naive comparison is biased while a difference in differences is not (need is constant in
time). After IPS the rate of department a in relative year k is multiplied by 1 + m[a][k], so
the true effect on the treated is the mean over treated people of m * rate * days * cost.

Writes into OUT: <id>.yaml, <id>.csv, <id>_events.csv for each department, clusters.csv (the
true clusters: no linkage needed), journeys.yaml and truth.json ({"effects": [{agency, year,
effect}]}). Relative years use calendar anniversaries, 29 February -> 1 March.
"""
import argparse
import datetime as dt
import json
import math
import os

import numpy as np

DEPARTMENTS = [  # id, agency, base events a year, mean cost, multipliers by relative year 0..3
    ("health", "nhs", 2.0, 400.0, [0.30, 0.10, 0.0, 0.0]),
    ("dwp", "dwp", 3.0, 900.0, [-0.10, -0.25, -0.30, -0.30]),
    ("justice", "moj", 0.6, 1500.0, [0.0, -0.20, -0.25, -0.25]),
]
FROM, TO = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
PRE, POST = 2, 4


def anniversary(index, k):
    year = index.year + k
    try:
        return dt.date(year, index.month, index.day)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--people", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--confounding", type=float, default=0.0, help="b in logistic(a + b u)")
    p.add_argument("--need-effect", type=float, default=0.5)
    p.add_argument("--bootstrap", type=int, default=200)
    p.add_argument("--match", default="weighting")
    p.add_argument("--estimate", default="did")
    p.add_argument("--covariates", default="age, sex, index_year")
    p.add_argument("--threads-seed", type=int, default=7, help="the journeys file's seed")
    p.add_argument("--out", required=True)
    return p.parse_args()


def make_people(rng, n, b):
    need = rng.normal(size=n)
    female = rng.random(n) < 0.5
    dob = [dt.date(1955, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 40 * 365, n)]
    mh = rng.random(n) < 0.6
    start_span = (dt.date(2020, 6, 30) - dt.date(2017, 3, 1)).days
    mh_date = [dt.date(2017, 3, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, start_span, n)]
    takes_up = mh & (rng.random(n) < 1 / (1 + np.exp(-(-0.8 + b * need))))
    ips_date = [d + dt.timedelta(days=int(g)) for d, g in zip(mh_date, rng.integers(30, 181, n))]
    return need, female, dob, mh, mh_date, takes_up, ips_date


def rate_multiplier(mult, index, day):
    if index is None or day < index:
        return 1.0
    for k in range(POST):
        if day < anniversary(index, k + 1):
            return 1.0 + mult[k]
    return 1.0


def person_events(rng, rate_day, mult, index):
    """Event dates by thinning a Poisson process at the largest rate."""
    span = (TO - FROM).days + 1
    top = rate_day * max(1.0, 1.0 + max(mult))
    days = np.sort(rng.uniform(0, span, rng.poisson(top * span)))
    out = []
    for d in days:
        day = FROM + dt.timedelta(days=int(d))
        if rng.random() < rate_day * rate_multiplier(mult, index, day) / top:
            out.append(day)
    return out


def truth_of(people, used):
    need, female = people[0], people[1]
    ips_date = people[6]
    effects = []
    for _, agency, base, cost, mult in DEPARTMENTS:
        for k in range(POST):
            total = 0.0
            for i in used:
                rate = rate_of(base, agency, need[i], female[i])
                days = (anniversary(ips_date[i], k + 1) - anniversary(ips_date[i], k)).days
                total += mult[k] * rate * days * cost
            effects.append({"agency": agency, "year": k, "effect": total / len(used)})
    return effects


NEED_EFFECT = 0.5


def rate_of(base, agency, need, female):
    return base / 365.25 * math.exp(NEED_EFFECT * need) * (1.3 if agency == "nhs" and female else 1.0)


def observed(index):
    return anniversary(index, -PRE) >= FROM and anniversary(index, POST) <= TO + dt.timedelta(days=1)


def write_department(out, rng, people, dep):
    did, agency, base, cost, mult = dep
    need, female, dob, mh, mh_date, takes_up, ips_date = people
    prefix = did[0].upper()
    with open(os.path.join(out, did + ".csv"), "w") as f:
        f.write("ref,forename,surname,birth,gender\n")
        for i in range(len(need)):
            f.write(f"{prefix}{i:07d},Ann{i},Smith{i},{dob[i]:%d/%m/%Y},{'F' if female[i] else 'M'}\n")
    with open(os.path.join(out, did + "_events.csv"), "w") as f:
        f.write("ref,when,code,cost\n")
        for i in range(len(need)):
            index = ips_date[i] if takes_up[i] else None
            for day in person_events(rng, rate_of(base, agency, need[i], female[i]), mult, index):
                f.write(f"{prefix}{i:07d},{day:%d/%m/%Y},VISIT,{rng.gamma(4.0, cost / 4.0):.2f}\n")
            if did == "health" and mh[i]:
                f.write(f"{prefix}{i:07d},{mh_date[i]:%d/%m/%Y},MH_TREATMENT_START,0\n")
            if did == "health" and takes_up[i]:
                f.write(f"{prefix}{i:07d},{ips_date[i]:%d/%m/%Y},IPS_START,0\n")
    with open(os.path.join(out, did + ".yaml"), "w") as f:
        f.write(f"dataset: {{id: {did}, path: {did}.csv, record_id: ref}}\n"
                "fields:\n  first_name: forename\n  last_name: surname\n"
                "  dob: {column: birth, format: \"%d/%m/%Y\"}\n  sex: gender\n"
                f"events:\n  path: {did}_events.csv\n  record_id: ref\n"
                "  date: {column: when, format: \"%d/%m/%Y\"}\n  type: code\n  cost: cost\n"
                f"  price_year: 2024\n  agency: {agency}\n")


def main():
    global NEED_EFFECT
    a = parse()
    NEED_EFFECT = a.need_effect
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    people = make_people(rng, a.people, a.confounding)
    for dep in DEPARTMENTS:
        write_department(a.out, rng, people, dep)
    with open(os.path.join(a.out, "clusters.csv"), "w") as f:
        f.write("dataset,record_id,cluster_id\n")
        for did, *_ in DEPARTMENTS:
            for i in range(a.people):
                f.write(f"{did},{did[0].upper()}{i:07d},{i + 1}\n")
    with open(os.path.join(a.out, "journeys.yaml"), "w") as f:
        f.write("journeys:\n  name: IPS in a test world\n  clusters: clusters.csv\n"
                "  datasets: [health.yaml, dwp.yaml, justice.yaml]\n  price_base: 2024\n"
                "cohorts:\n  treated: {dataset: health, type: IPS_START}\n"
                "  comparison: {dataset: health, type: MH_TREATMENT_START}\n"
                "window:\n  observed: {from: 2015-01-01, to: 2024-12-31}\n"
                f"  pre: {PRE}\n  post: {POST}\n"
                f"match:\n  method: {a.match}\n  covariates: [{a.covariates}]\n"
                f"estimate:\n  method: {a.estimate}\n  bootstrap: {a.bootstrap}\n"
                f"  level: 0.95\n  seed: {a.threads_seed}\n")
    takes_up, ips_date = people[5], people[6]
    used = [i for i in range(a.people) if takes_up[i] and observed(ips_date[i])]
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump({"effects": truth_of(people, used), "treated": len(used)}, f, indent=1)


if __name__ == "__main__":
    main()
