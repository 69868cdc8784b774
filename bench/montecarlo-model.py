#!/usr/bin/python3
"""montecarlo-model.py - writes a large synthetic model for the Monte Carlo benchmark.

usage: montecarlo-model.py INTERVENTIONS OUT.yaml [SEED] [--closed-form]

Every intervention has one uncertain cost (PERT), a participant count, and two effects whose
change (normal), deadweight (beta), drop-off (uniform) and outcome values (lognormal, gamma,
triangular) are uncertain, over 8 agencies and 24 outcomes, a 10-year horizon. A few named
shared parameters with correlations take part too. The figures are made up.

--closed-form swaps the kinds whose quantile needs a table (PERT, beta) for ones with a closed
form (triangular, uniform) over similar ranges, to show what inverse CDFs cost.
"""
import random
import sys

def share(rnd, closed):
    """A deadweight: beta with sd 0.05, or a uniform of the same mean and sd."""
    mean = rnd.uniform(0.1, 0.5)
    if closed:
        return "{dist: uniform, min: %.3f, max: %.3f}" % (mean - 0.087, mean + 0.087)
    return "{dist: beta, mean: %.3f, sd: 0.05}" % mean


def main():
    closed = "--closed-form" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--closed-form"]
    count, path = int(args[0]), args[1]
    rnd = random.Random(int(args[2]) if len(args) > 2 else 1)
    agencies = ["dhsc", "dwp", "moj", "dfe", "mhclg", "hmrc", "ho", "individuals"]
    out = ["appraisal: {name: benchmark, base_year: 2024, horizon: 10, discount: stpr}",
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
        payer = rnd.choice(agencies[:7])
        cost = rnd.uniform(500, 5000)
        out.append(f"  - id: i{i}")
        out.append(f"    participants: {rnd.randint(100, 5000)}")
        kind = "triangular" if closed else "pert"
        out.append(f"    costs: [{{agency: {payer}, amount: {{dist: {kind}, min: {cost * 0.8:.2f}, "
                   f"mode: {cost:.2f}, max: {cost * 1.6:.2f}}}, per: participant, years: [0, 1], confidence: 2}}]")
        out.append("    effects:")
        for e in range(2):
            change = rnd.uniform(0.02, 0.3)
            o = rnd.randrange(24)
            deadweight = "{param: reoffend}" if e == 1 and i % 10 == 0 else share(rnd, closed)
            out.append(f"      - {{outcome: o{o}, change: {{dist: normal, mean: {change:.4f}, sd: {change / 4:.4f}}}, "
                       f"start: {rnd.randint(0, 2)}, duration: {rnd.randint(2, 6)}, "
                       f"drop_off: {{dist: uniform, min: 0.05, max: 0.3}}, deadweight: {deadweight}}}")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")

main()
