"""Random valid appraisal models (JSON), for checking valuemap against appraise_ref.py.

They vary everything the contract lets vary: agencies in and out of government, outcome kinds,
cashable flags, grades or none, per-outcome discounts, price years, costs per participant or in
total in several years (some beyond the horizon), effects with every reduction, distributions
in place of numbers, and horizons long enough to cross discount bands.
"""
import random

DEFLATOR = {2010: 69.1217, 2013: 73.4795, 2016: 76.4554, 2019: 81.1085, 2022: 90.5005,
            2024: 100.0}


def number(rng, low, high, bounded=False):
    x = rng.uniform(low, high)
    if rng.random() < 0.15:
        width = (high - low) / 10
        lo, hi = max(low, x - width), min(high, x + width) if bounded else x + width
        kind = rng.choice(["triangular", "pert", "uniform"] if bounded else
                          ["normal", "triangular", "pert", "uniform", "gamma", "lognormal"])
        if kind in ("normal", "gamma", "lognormal"):
            return {"dist": kind, "mean": x if x > 0 else abs(x) + 1, "sd": width + 0.01}
        if kind == "uniform":
            return {"dist": "uniform", "min": lo, "max": hi if hi > lo else lo + 1e-3}
        return {"dist": kind, "min": lo, "mode": min(max(x, lo), hi), "max": hi if hi > lo else lo + 1e-3}
    return x


def share(rng, limit=0.6):
    if rng.random() < 0.3:
        return 0
    return number(rng, 0, limit, bounded=True)


def shares(rng, ids):
    chosen = rng.sample(ids, rng.randint(1, len(ids)))
    if len(chosen) == 1 and rng.random() < 0.5:
        return {"beneficiary": chosen[0]}
    weights = [rng.random() + 0.05 for _ in chosen]
    total = sum(weights)
    parts = [round(w / total, 6) for w in weights]
    parts[-1] = round(1 - sum(parts[:-1]), 9)
    return {"beneficiaries": dict(zip(chosen, parts))}


def make_model(seed):
    rng = random.Random(seed)
    base = rng.choice([2016, 2019, 2022, 2024])
    price_base = rng.choice([base, 2024, 2022])
    horizon = rng.choice([1, 3, 10, 10, 20, 35, 60, 90, 130])
    discount = rng.choice(["stpr", "stpr", "health", round(rng.uniform(0, 0.08), 4)])
    agencies = [{"id": f"a{k}", "name": f"Agency {k}", "government": k == 0 or rng.random() < 0.8}
                for k in range(rng.randint(1, 6))]
    gov = [a["id"] for a in agencies if a["government"]]
    all_ids = [a["id"] for a in agencies]
    outcomes = []
    for n in range(rng.randint(1, 6)):
        kind = rng.choice(["fiscal", "fiscal", "economic", "social"])
        o = {"id": f"o{n}", "value": number(rng, -500, 20000), "kind": kind}
        if rng.random() < 0.7:
            o["price_year"] = rng.choice(list(DEFLATOR))
        if kind == "fiscal":
            o["cashable"] = rng.random() < 0.5
        if rng.random() < 0.6:
            o["confidence"] = rng.randint(1, 6)
        if rng.random() < 0.25:
            o["discount"] = rng.choice(["health", "stpr", 0.015])
        o.update(shares(rng, gov if kind == "fiscal" else all_ids))
        outcomes.append(o)
    interventions = []
    for n in range(rng.randint(1, 5)):
        costs = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            c = {"agency": rng.choice(all_ids), "amount": number(rng, 0, 5000),
                 "per": rng.choice(["participant", "total"])}
            if rng.random() < 0.6:
                c["years"] = sorted(rng.sample(range(horizon + 3), rng.randint(1, min(4, horizon + 3))))
            if rng.random() < 0.5:
                c["price_year"] = rng.choice(list(DEFLATOR))
            r = rng.random()
            if r < 0.4:
                c["confidence"] = rng.randint(1, 6)
            elif r < 0.6:
                c["optimism_bias"] = round(rng.uniform(0, 0.66), 3)
            costs.append(c)
        effects = []
        for _ in range(rng.randint(0, 4)):
            e = {"outcome": rng.choice(outcomes)["id"], "change": number(rng, -0.2, 1.5)}
            if rng.random() < 0.7:
                e["start"] = rng.randint(0, horizon + 1)
            if rng.random() < 0.7:
                e["duration"] = rng.randint(1, horizon + 3)
            for key in ("drop_off", "deadweight", "displacement", "attribution"):
                if rng.random() < 0.5:
                    e[key] = share(rng)
            if rng.random() < 0.3:
                e["confidence"] = rng.randint(1, 6)
            effects.append(e)
        interventions.append({"id": f"i{n}", "participants": rng.choice([1, 50, 1000, 12345]),
                              "costs": costs, "effects": effects})
    model = {"appraisal": {"name": f"random {seed}", "base_year": base, "horizon": horizon,
                           "discount": discount},
             "deflator": {str(y): v for y, v in DEFLATOR.items()},
             "agencies": agencies, "outcomes": outcomes, "interventions": interventions}
    if price_base != base:
        model["appraisal"]["price_base"] = price_base
    if rng.random() < 0.3:
        model["optimism_bias"] = [round(rng.uniform(0, 0.5), 3) for _ in range(6)]
    # A shortlist made without the generator (so the models above stay as they were): every
    # intervention alone, the even-numbered ones together, and all of them.
    ids = [iv["id"] for iv in interventions]
    if ids:
        model["options"] = ([{"id": f"only_{i}", "interventions": [i]} for i in ids] +
                            [{"id": "even", "interventions": ids[::2]},
                             {"id": "all", "interventions": ids}])
    return model
