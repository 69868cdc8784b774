#!/usr/bin/python3
"""Checks a `valuemap synth` output folder against what docs/synth.md promises, independently
of the C code: every record in truth.csv and nowhere else, postcodes in UK form, names from
the shipped tables, each department's share of the population (computed here by numerical
integration over the latent need), dates in each department's format, and the bias of the
naive comparison (treated minus comparison cost in each relative year, computed here from the
events) lying above the true effect.

usage: synth_check.py DIR ROOT PEOPLE     prints TAP lines "ok"/"not ok" without a plan
"""
import csv
import datetime
import json
import math
import os
import re
import sys

DIR, ROOT, PEOPLE = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = 0


def ok(condition, text):
    global count
    count += 1
    print(("ok" if condition else "not ok") + f" {count} - {text}")


def rows(name):
    with open(os.path.join(DIR, name), newline="") as f:
        return list(csv.DictReader(f))


def logistic_mean(a, b):
    """E[logistic(a + b z)] for z ~ N(0, 1), by the trapezoid rule on [-8, 8]."""
    n, lo, hi = 4000, -8.0, 8.0
    h = (hi - lo) / n
    total = 0.0
    for i in range(n + 1):
        z = lo + i * h
        w = 0.5 if i in (0, n) else 1.0
        total += w * math.exp(-z * z / 2) / math.sqrt(2 * math.pi) / (1 + math.exp(-(a + b * z)))
    return total * h


truth = rows("truth.csv")
ids = {"health": "patient_id", "dwp": "CLAIM_REF", "justice": "offender_id"}
records = {d: rows(f"datasets/{d}.csv") for d in ids}
truth_keys = {(t["dataset"], t["record_id"]) for t in truth}
record_keys = {(d, r[ids[d]]) for d in ids for r in records[d]}
ok(len(truth) == len(truth_keys) == len(record_keys) and truth_keys == record_keys,
   "truth.csv lists every record once, and nothing else")
person = {(t["dataset"], t["record_id"]): int(t["person_id"]) for t in truth}

postcode = re.compile(r"^[A-Z]{1,2}[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$")
codes = [r["postcode"] for r in records["health"]] + [r["POSTCODE"] for r in records["dwp"]] + \
        [r["postcode"] for r in records["justice"]]
bad = [c for c in codes if c and not postcode.match(c)]
ok(not bad, f"every postcode has the UK form ({len(codes)} checked)")

nino = re.compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
ninos = [r["NINO"] for r in records["dwp"] if r["NINO"]]
ok(ninos and all(nino.match(n) and n[:2] not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")
                 for n in ninos), "National Insurance numbers have the published form")
share = len(ninos) / len(records["dwp"])
ok(abs(share - 0.75) < 0.05, f"NINO present on {share:.3f} of dwp records (0.75 promised)")

ok(all(re.match(r"^\d\d/\d\d/\d{4}$", r["date_of_birth"]) for r in records["health"]
       if r["date_of_birth"]), "health dates are dd/mm/yyyy")
ok(all(re.match(r"^\d{4}-\d\d-\d\d$", r["DOB"]) for r in records["dwp"] if r["DOB"]),
   "dwp dates are yyyy-mm-dd")
ok(all(re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", r["date_of_birth"]) for r in records["justice"]
       if r["date_of_birth"]), "justice dates are d/m/yyyy")
ok(any(re.match(r"^\d/", r["date_of_birth"]) for r in records["justice"]),
   "justice dates drop leading zeros")
ok({r["sex"] for r in records["health"]} == {"Male", "Female"}, "health codes sex Male/Female")
ok({r["SEX"] for r in records["dwp"]} == {"1", "2"}, "dwp codes sex 1/2")
ok(all(r["FORENAME"] == r["FORENAME"].upper() and r["SURNAME"] == r["SURNAME"].upper()
       for r in records["dwp"]), "dwp names are upper case")
ok(all(re.match(r"^[A-Z' -]+(, .+)?$", r["name"]) for r in records["justice"]),
   "justice names are 'SURNAME, Forename'")

names = set()
for f in ("uk_first_names_male.csv", "uk_first_names_female.csv"):
    with open(os.path.join(ROOT, "data", "names", f), newline="") as fh:
        names |= {r["name"] for r in csv.DictReader(fh)}
firsts = [r["forename"] for r in records["health"] if r["forename"]]
shipped = sum(n in names for n in firsts) / len(firsts)
ok(0.85 < shipped < 0.99, f"{shipped:.3f} of health forenames are the tables' own (the rest "
   "nicknames, variants, typos)")

# Shares: people with at least one record, against the documented logistic(a + b * need),
# health also holding everyone in mental-health treatment (logistic(-3.6 + need)).
expected = {"health": None, "dwp": logistic_mean(-1.0, 0.8), "justice": logistic_mean(-3.0, 0.9)}
p_mh = logistic_mean(-3.6, 1.0)
expected["health"] = 0.92 + 0.08 * p_mh
for d in ids:
    people = {person[(d, r[ids[d]])] for r in records[d]}
    got = len(people) / PEOPLE
    sd = math.sqrt(expected[d] * (1 - expected[d]) / PEOPLE)
    ok(abs(got - expected[d]) < 4 * sd + 0.002,
       f"{d} holds {got:.4f} of people (expected {expected[d]:.4f})")
    dup = 1 - len(people) / len(records[d])
    promised = {"health": 0.05, "dwp": 0.02, "justice": 0.08}[d]
    ok(abs(dup - promised / (1 + promised)) < 0.02,
       f"{d}: {dup:.3f} of records are duplicates (rate {promised})")


def parse(text, fmt):
    return datetime.datetime.strptime(text, fmt).date()


# The naive comparison: mean cost per person of each cohort in relative years 1..3 (index:
# the first IPS_START, or MH_TREATMENT_START for the never treated), from the events alone.
fmts = {"health": ("patient_id", "event_date", "event_code", "cost_gbp", "%d/%m/%Y"),
        "dwp": ("CLAIM_REF", "PAYMENT_DATE", "PAYMENT_TYPE", "AMOUNT", "%Y-%m-%d"),
        "justice": ("offender_id", "hearing_date", "hearing_type", "cost", "%d/%m/%Y")}
deflator = {2015: 75.1536, 2016: 76.4554, 2017: 77.6367, 2018: 79.1606, 2019: 81.1085,
            2020: 85.2137, 2021: 85.6358, 2022: 90.5005, 2023: 96.2507, 2024: 100.0}
events = {}
for d, (rid, date, typ, cost, fmt) in fmts.items():
    events[d] = [(person[(d, e[rid])], parse(e[date], fmt), e[typ], float(e[cost]))
                 for e in rows(f"datasets/{d}_events.csv")]
treated, comparison = {}, {}
for p, day, typ, _ in events["health"]:
    if typ == "IPS_START":
        treated[p] = min(day, treated.get(p, day))
    if typ == "MH_TREATMENT_START":
        comparison[p] = min(day, comparison.get(p, day))
comparison = {p: d for p, d in comparison.items() if p not in treated}
effects = json.load(open(os.path.join(DIR, "truth.json")))["effects"]
truth_effect = {(e["agency"], e["year"]): e["effect"] for e in effects}


def year_of(index, day):
    k = day.year - index.year - ((day.month, day.day) < (index.month, index.day))
    return k


agency = {"health": "nhs", "dwp": "dwp", "justice": "moj"}
for d in ids:
    sums = {}
    for p, day, _, c in events[d]:
        if d == "dwp":
            c = c * 100.0 / deflator[day.year]
        for group, index in (("t", treated.get(p)), ("c", comparison.get(p))):
            if index:
                k = year_of(index, day)
                sums[(group, k)] = sums.get((group, k), 0.0) + c
    for k in (1, 2, 3):
        naive = sums.get(("t", k), 0) / len(treated) - sums.get(("c", k), 0) / len(comparison)
        ok(naive > truth_effect[(agency[d], k)],
           f"{agency[d]} year {k}: naive {naive:.0f} lies above the true effect "
           f"{truth_effect[(agency[d], k)]:.0f}")
