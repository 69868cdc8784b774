"""An independent implementation of DESIGN.md's appraisal arithmetic, for checking valuemap.

Written from the contract's formulas directly (discount factors as products of band rates,
real prices through the deflator, optimism bias, effects with drop-off and the three
reductions, beneficiary shares), sharing no code with the C implementation. It reads the same
JSON models the C code reads and returns the numbers summary.json holds.

Readings of points the contract leaves open, as docs/methodology.md states them:
payback needs a positive cumulative cost; an intervention that pays nothing inside the
horizon adds nothing; outcome
kind defaults to fiscal; the matrix shares all kinds of benefit by payers' shares of pv_cost.
"""

STPR = [0.035, 0.030, 0.025, 0.020, 0.015, 0.010]
HEALTH = [0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043]
BAND_ENDS = [30, 75, 125, 200, 300]
DEFAULT_OB = [0.0, 0.05, 0.10, 0.15, 0.25, 0.40]


def rate(schedule, year):
    if isinstance(schedule, (int, float)):
        return float(schedule)
    table = STPR if schedule == "stpr" else HEALTH
    band = sum(1 for end in BAND_ENDS if year > end)
    return table[band]


def discount_factors(schedule, horizon):
    factors, d = [], 1.0
    for t in range(horizon):
        if t > 0:
            d = d / (1.0 + rate(schedule, t))
        factors.append(d)
    return factors


def mean_of(x):
    """A number, or the mean of a distribution written as a mapping."""
    if not isinstance(x, dict):
        return float(x)
    kind = x["dist"]
    if kind in ("normal", "lognormal", "gamma"):
        return float(x["mean"])
    if kind == "uniform":
        return (x["min"] + x["max"]) / 2.0
    if kind == "triangular":
        return (x["min"] + x["mode"] + x["max"]) / 3.0
    if kind == "pert":
        return (x["min"] + 4.0 * x["mode"] + x["max"]) / 6.0
    if kind == "beta":
        if "alpha" in x:
            return x["alpha"] / (x["alpha"] + x["beta"])
        return float(x["mean"])
    raise ValueError(kind)


FIELDS = ["pv_cost", "pv_benefit", "pv_benefit_fiscal", "pv_benefit_cashable",
          "pv_benefit_economic", "pv_benefit_social"]


def options(model, totals, pv, agencies):
    """Each option's totals over its interventions, each agency's net within it, and ranks by
    NPSV (the do-minimum, NPSV 0, competing) and by BCR (options with a cost only): 1 + the
    number strictly better."""
    result = {}
    for o in model.get("options", []):
        members = set(o["interventions"])
        t = totals([key for key in pv if key[0] in members])
        t["agencies"] = {}
        for k in agencies:
            cells = [pv[key] for key in pv if key[0] in members and key[1] == k]
            benefit = sum(c["pv_benefit_fiscal"] + c["pv_benefit_economic"] +
                          c["pv_benefit_social"] for c in cells)
            t["agencies"][k] = benefit - sum(c["pv_cost"] for c in cells)
        result[o["id"]] = t
    npsvs = [t["npsv"] for t in result.values()] + [0.0]
    bcrs = [t["bcr"] for t in result.values() if t["bcr"] is not None]
    for t in result.values():
        t["rank_npsv"] = 1 + sum(1 for v in npsvs if v > t["npsv"])
        t["rank_bcr"] = None if t["bcr"] is None else 1 + sum(1 for v in bcrs if v > t["bcr"])
    return result


def appraise(model):
    ap = model["appraisal"]
    horizon = ap["horizon"]
    base = ap.get("price_base", ap["base_year"])
    deflator = {int(k): float(v) for k, v in model.get("deflator", {}).items()}
    ob_table = model.get("optimism_bias", DEFAULT_OB)
    main_d = discount_factors(ap.get("discount", "stpr"), horizon)
    agencies = [a["id"] for a in model["agencies"]]
    outcomes = {o["id"]: o for o in model.get("outcomes", [])}

    def real(amount, price_year):
        if price_year is None or price_year == base:
            return amount
        return amount * deflator[base] / deflator[price_year]

    # pv[(i, k)][field]; yearly[(i, k)] = list of [cost_pv, fiscal_pv]
    pv = {}
    yearly = {}
    # flows.csv rows: (intervention, year, agency, kind, cashable, outcome) -> [real, D(year)]
    flows = {}

    def add(i, k, field, year, value, d, outcome="", cashable=False):
        if field != "pv_benefit_cashable":
            kind = "cost" if field == "pv_cost" else field[len("pv_benefit_"):]
            row = flows.setdefault((i, year, k, kind, cashable, outcome), [0.0, d[year]])
            row[0] += value
        cell = pv.setdefault((i, k), dict.fromkeys(FIELDS, 0.0))
        cell[field] += value * d[year]
        years = yearly.setdefault((i, k), [[0.0, 0.0] for _ in range(horizon)])
        if field == "pv_cost":
            years[year][0] += value * d[year]
        elif field in ("pv_benefit_fiscal",):
            years[year][1] += value * d[year]

    ids = []
    for iv in model["interventions"]:
        i = iv["id"]
        ids.append(i)
        costs = [c for c in iv.get("costs") or [] if any(y < horizon for y in c.get("years", [0]))]
        if not costs:
            continue  # nothing paid inside the horizon: the intervention adds nothing
        participants = mean_of(iv["participants"])
        for c in costs:
            if "optimism_bias" in c:
                ob = mean_of(c["optimism_bias"])
            elif "confidence" in c:
                ob = ob_table[c["confidence"] - 1]
            else:
                ob = 0.0
            amount = real(mean_of(c["amount"]), c.get("price_year")) * (1 + ob)
            if c["per"] == "participant":
                amount *= participants
            for y in c.get("years", [0]):
                if y < horizon:
                    add(i, c["agency"], "pv_cost", y, amount, main_d)
        for e in iv.get("effects") or []:
            o = outcomes[e["outcome"]]
            grade = e.get("confidence", o.get("confidence"))
            ob = ob_table[grade - 1] if grade else 0.0
            d = discount_factors(o["discount"], horizon) if "discount" in o else main_d
            value = real(mean_of(o["value"]), o.get("price_year")) * (1 - ob)
            start = e.get("start", 0)
            keep = 1 - mean_of(e.get("drop_off", 0))
            reduce = ((1 - mean_of(e.get("deadweight", 0))) * (1 - mean_of(e.get("displacement", 0)))
                      * (1 - mean_of(e.get("attribution", 0))))
            shares = o.get("beneficiaries") or {o["beneficiary"]: 1.0}
            kind = o.get("kind", "fiscal")
            for t in range(start, min(start + e.get("duration", 1), horizon)):
                units = participants * mean_of(e["change"]) * keep ** (t - start)
                benefit = units * reduce * value
                for k, share in shares.items():
                    amount = benefit * share
                    cashable = o.get("cashable", False)
                    if kind == "fiscal":
                        add(i, k, "pv_benefit_fiscal", t, amount, d, o["id"], cashable)
                        if cashable:
                            add(i, k, "pv_benefit_cashable", t, amount, d)
                    else:
                        add(i, k, "pv_benefit_" + kind, t, amount, d, o["id"])

    def totals(cells):
        t = dict.fromkeys(FIELDS, 0.0)
        years = [[0.0, 0.0] for _ in range(horizon)]
        for key in cells:
            for f in FIELDS:
                if f != "pv_benefit":
                    t[f] += pv[key][f]
            for y in range(horizon):
                years[y][0] += yearly[key][y][0]
                years[y][1] += yearly[key][y][1]
        t["pv_benefit"] = t["pv_benefit_fiscal"] + t["pv_benefit_economic"] + t["pv_benefit_social"]
        t["npsv"] = t["pv_benefit"] - t["pv_cost"]
        t["net_fiscal"] = t["pv_benefit_fiscal"] - t["pv_cost"]
        has = t["pv_cost"] != 0
        t["bcr"] = t["pv_benefit"] / t["pv_cost"] if has else None
        t["fiscal_roi"] = t["pv_benefit_fiscal"] / t["pv_cost"] if has else None
        t["payback_year"] = None
        if has:
            cum_c = cum_b = 0.0
            for y in range(horizon):
                cum_c += years[y][0]
                cum_b += years[y][1]
                if cum_c > 0 and cum_b >= cum_c:
                    t["payback_year"] = y
                    break
        return t

    result = {"totals": totals(list(pv)), "interventions": {}, "agencies": {}, "matrix": {},
              "flows": {key: row for key, row in flows.items() if row[0] != 0}}
    for i in ids:
        t = totals([key for key in pv if key[0] == i])
        fiscal = [pv[key]["pv_benefit_fiscal"] for key in pv if key[0] == i]
        cost = t["pv_cost"]
        t["collaboration_gap"] = bool(cost > 0 and sum(fiscal) >= cost and
                                      all(b < cost for b in fiscal))
        result["interventions"][i] = t
    for k in agencies:
        result["agencies"][k] = totals([key for key in pv if key[1] == k])
    result["options"] = options(model, totals, pv, agencies)
    for payer in agencies:
        for ben in agencies:
            total = 0.0
            for i in ids:
                cost = sum(pv[key]["pv_cost"] for key in pv if key[0] == i)
                if cost == 0:
                    continue
                paid = pv.get((i, payer), {}).get("pv_cost", 0.0)
                got = pv.get((i, ben))
                benefit = 0.0 if got is None else (got["pv_benefit_fiscal"] + got["pv_benefit_economic"]
                                                  + got["pv_benefit_social"])
                total += benefit * paid / cost
            result["matrix"][(payer, ben)] = total
    return result
