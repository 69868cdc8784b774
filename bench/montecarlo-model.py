#!/usr/bin/python3
"""montecarlo-model.py - writes a large synthetic model for the Monte Carlo benchmark.

usage: montecarlo-model.py INTERVENTIONS OUT.yaml [SEED] [--closed-form] [--effects N]
                           [--costs N] [--heavy] [--options N] [--horizon N]

Every intervention has one uncertain cost (PERT), a participant count, and two effects whose
change (normal), deadweight (beta), drop-off (uniform) and outcome values (lognormal, gamma,
triangular) are uncertain, over 8 agencies and 24 outcomes, a 10-year horizon. A few named
shared parameters with correlations take part too. The figures are made up.

--closed-form swaps the kinds whose quantile needs a table (PERT, beta) for ones with a closed
form (triangular, uniform) over similar ranges, to show what inverse CDFs cost.

Other shapes (issue 16, session 4: so that the benchmark is not tuned to one shape):
--effects N, --costs N   effects and costs per intervention (default 2 and 1): with few
                         interventions, many inputs each
--heavy                  changes, costs and deadweights drawn from PERT, gamma and lognormal
                         (and beta) of shapes that all differ (a mode placed at random in
                         each PERT's range, a random sd for each gamma and beta): one quantile
                         table per input, none shared
--options N              N options (the shortlist), each a random half of the interventions
--horizon N              the horizon (default 10); durations run up to half of it
"""
import random
import sys

def share(rnd, closed, heavy):
    """A deadweight: beta with sd 0.05, or a uniform of the same mean and sd."""
    mean = rnd.uniform(0.1, 0.5)
    if closed:
        return "{dist: uniform, min: %.3f, max: %.3f}" % (mean - 0.087, mean + 0.087)
    if heavy:
        return "{dist: beta, mean: %.4f, sd: %.4f}" % (mean, rnd.uniform(0.02, 0.08))
    return "{dist: beta, mean: %.3f, sd: 0.05}" % mean


def change(rnd, heavy, n, mean):
    """An effect's change: normal, or with --heavy normal, gamma or PERT by turn."""
    if not heavy or n % 3 == 0:
        return "{dist: normal, mean: %.4f, sd: %.4f}" % (mean, mean / 4)
    if n % 3 == 1:
        return "{dist: gamma, mean: %.5f, sd: %.5f}" % (mean, mean * rnd.uniform(0.1, 0.5))
    low, high = mean * 0.5, mean * rnd.uniform(1.5, 3)
    return "{dist: pert, min: %.5f, mode: %.5f, max: %.5f}" % (low, rnd.uniform(low, high), high)


def cost(rnd, closed, heavy, n, amount):
    """A cost's amount: PERT (triangular with --closed-form); with --heavy a PERT of its own
    shape, or a lognormal or gamma by turn."""
    kind = "triangular" if closed else "pert"
    mode = amount
    if heavy and n % 3 == 1:
        return "{dist: lognormal, mean: %.2f, sd: %.2f}" % (amount, amount * rnd.uniform(0.1, 0.4))
    if heavy and n % 3 == 2:
        return "{dist: gamma, mean: %.2f, sd: %.2f}" % (amount, amount * rnd.uniform(0.1, 0.4))
    if heavy:
        mode = rnd.uniform(amount * 0.8, amount * 1.6)
    return "{dist: %s, min: %.2f, mode: %.2f, max: %.2f}" % (kind, amount * 0.8, mode, amount * 1.6)


def flag(args, name, default):
    if name in args:
        at = args.index(name)
        value = int(args[at + 1])
        del args[at:at + 2]
        return value
    return default


def main():
    args = sys.argv[1:]
    closed = "--closed-form" in args
    heavy = "--heavy" in args
    args = [a for a in args if a not in ("--closed-form", "--heavy")]
    effects = flag(args, "--effects", 2)
    costs = flag(args, "--costs", 1)
    options = flag(args, "--options", 0)
    horizon = flag(args, "--horizon", 10)
    count, path = int(args[0]), args[1]
    rnd = random.Random(int(args[2]) if len(args) > 2 else 1)
    agencies = ["dhsc", "dwp", "moj", "dfe", "mhclg", "hmrc", "ho", "individuals"]
    out = [f"appraisal: {{name: benchmark, base_year: 2024, horizon: {horizon}, discount: stpr}}",
           "parameters:",
           "  uptake: {dist: normal, mean: 1.0, sd: 0.1}",
           "  wage: {dist: lognormal, mean: 12000, sd: 3000}",
           "  reoffend: {dist: beta, mean: 0.3, sd: 0.08}",
           "correlations:",
           "  - {between: [uptake, wage], rho: 0.3}",
           "",
           "agencies:"]
    for a in agencies:
        gov = ", government: false" if a == "individuals" else ""
        out.append(f"  - {{id: {a}{gov}}}")
    out.append("outcomes:")
    kinds = ["{dist: lognormal, mean: %g, sd: %g}", "{dist: gamma, mean: %g, sd: %g}",
             "{dist: triangular, min: %g, mode: %g, max: %g}"]
    for o in range(24):
        mean = rnd.uniform(500, 9000)
        k = o % 3
        if k == 2:
            value = kinds[2] % (mean * 0.6, mean, mean * 1.5)
        else:
            value = kinds[k] % (mean, mean * 0.25)
        if o == 0:
            value = "{param: wage}"
        ben = rnd.sample(agencies[:7], 2)
        out.append(f"  - {{id: o{o}, value: {value}, kind: fiscal, cashable: {str(o % 2 == 0).lower()}, "
                   f"confidence: {1 + o % 4}, beneficiaries: {{{ben[0]}: 0.7, {ben[1]}: 0.3}}}}")
    out.append("interventions:")
    for i in range(count):
        drawn = [(rnd.choice(agencies[:7]), rnd.uniform(500, 5000)) for c in range(costs)]
        out.append(f"  - id: i{i}")
        out.append(f"    participants: {rnd.randint(100, 5000)}")
        items = [f"{{agency: {payer}, amount: {cost(rnd, closed, heavy, i + c, amount)}, "
                 f"per: participant, years: [0, 1], confidence: 2}}"
                 for c, (payer, amount) in enumerate(drawn)]
        out.append(f"    costs: [{', '.join(items)}]")
        out.append("    effects:")
        for e in range(effects):
            mean = rnd.uniform(0.02, 0.3)
            o = rnd.randrange(24)
            deadweight = "{param: reoffend}" if e == 1 and i % 10 == 0 else share(rnd, closed, heavy)
            out.append(f"      - {{outcome: o{o}, change: {change(rnd, heavy and not closed, i + e, mean)}, "
                       f"start: {rnd.randint(0, 2)}, duration: {rnd.randint(2, max(6, horizon // 2))}, "
                       f"drop_off: {{dist: uniform, min: 0.05, max: 0.3}}, deadweight: {deadweight}}}")
    if options:
        out.append("options:")
        for n in range(options):
            members = sorted(rnd.sample(range(count), max(1, count // 2)))
            out.append(f"  - {{id: option{n}, interventions: [{', '.join(f'i{m}' for m in members)}]}}")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")

main()
