#!/usr/bin/env python3
"""Writes a large random appraisal model (JSON) on stdout for benchmarks.
usage: make_model.py INTERVENTIONS AGENCIES HORIZON [SEED]"""
import json
import random
import sys

n_iv, n_ag, horizon = (int(x) for x in sys.argv[1:4])
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
agencies = [{"id": f"a{k}"} for k in range(n_ag)]
outcomes = []
for n in range(40):
    chosen = rng.sample(range(n_ag), 3)
    outcomes.append({"id": f"o{n}", "value": rng.uniform(100, 20000), "kind": "fiscal",
                     "price_year": 2013, "confidence": rng.randint(1, 6),
                     "beneficiaries": {f"a{chosen[0]}": 0.5, f"a{chosen[1]}": 0.3,
                                       f"a{chosen[2]}": 0.2}})
interventions = []
for n in range(n_iv):
    interventions.append({
        "id": f"i{n}", "participants": rng.randint(10, 5000),
        "costs": [{"agency": f"a{rng.randrange(n_ag)}", "amount": rng.uniform(100, 5000),
                   "per": "participant", "years": [0, 1, 2]}],
        "effects": [{"outcome": f"o{rng.randrange(40)}", "change": rng.uniform(0, 0.5),
                     "start": rng.randint(0, 5), "duration": rng.randint(5, horizon - 5),
                     "drop_off": rng.uniform(0, 0.3), "deadweight": rng.uniform(0, 0.5)}
                    for _ in range(5)]})
json.dump({"appraisal": {"name": "bench", "base_year": 2024, "horizon": horizon},
           "deflator": {"2013": 73.4795, "2024": 100}, "agencies": agencies,
           "outcomes": outcomes, "interventions": interventions}, sys.stdout)
