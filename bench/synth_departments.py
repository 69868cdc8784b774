#!/usr/bin/python3
"""Three synthetic departments that hold overlapping people in different layouts and codings,
with typos, nicknames, swapped day and month, moved postcodes and some duplicates inside
each: a stand-in for real extracts. Writes three CSVs, their dataset specs and truth.csv
(dataset,record_id,person_id).

usage: synth_departments.py PEOPLE SEED OUTDIR
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth_people import FIRST, NICK, postcode, surnames, typo  # noqa: E402

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def person(rng, names):
    return {"first": rng.choice(FIRST), "last": rng.choice(names),
            "dob": (rng.randint(1930, 2010), rng.randint(1, 12), rng.randint(1, 28)),
            "sex": rng.choice("MF"), "pc": postcode(rng)}


def noisy(rng, p):
    q = dict(p)
    r = rng.random()
    if r < 0.15:
        q["first"] = NICK.get(q["first"], typo(rng, q["first"]))
    elif r < 0.3:
        q["last"] = typo(rng, q["last"])
    elif r < 0.4 and q["dob"][2] <= 12:
        y, m, d = q["dob"]
        q["dob"] = (y, d, m)
    elif r < 0.5:
        q["pc"] = postcode(rng)
    elif r < 0.55:
        q["first"] = ""
    return q


def health(q):  # forename,surname,dd/mm/yyyy,1/2,postcode with a space
    y, m, d = q["dob"]
    return [q["first"].title(), q["last"].title(), f"{d:02d}/{m:02d}/{y}",
            "1" if q["sex"] == "M" else "2", q["pc"]]


def work(q):  # "SURNAME, Forename", ISO date, M/F, postcode lower case without the space
    y, m, d = q["dob"]
    name = f"{q['last'].upper()}, {q['first'].title()}" if q["first"] else q["last"].upper()
    return [name, f"{y}-{m:02d}-{d:02d}", q["sex"], q["pc"].replace(" ", "").lower()]


def justice(q):  # "Forename Surname", "3 Mar 1981", Male/Female, postcode
    y, m, d = q["dob"]
    return [f"{q['first'].title()} {q['last'].title()}".strip(), f"{d} {MONTHS[m - 1]} {y}",
            "Male" if q["sex"] == "M" else "Female", q["pc"]]


LAYOUTS = {
    "health": (["nhs_ref", "forename", "surname", "birth_date", "gender", "post_code"], health,
               ",", "  first_name: forename\n  last_name: surname\n"
               "  dob: {column: birth_date, format: \"%d/%m/%Y\"}\n"
               "  sex: {column: gender, values: {\"1\": M, \"2\": F}}\n  postcode: post_code\n"),
    "work": (["claim", "name", "born", "sex", "postcode"], work, ";",
             "  full_name: name\n  dob: born\n  sex: sex\n  postcode: postcode\n"),
    "justice": (["case_id", "defendant", "dob", "gender", "pc"], justice, ",",
                "  full_name: defendant\n  dob: dob\n  sex: gender\n  postcode: pc\n"),
}


def write(out, dept, rows, header, delimiter, fields):
    import csv
    with open(os.path.join(out, dept + ".csv"), "w", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(out, dept + ".yaml"), "w") as f:
        f.write(f"dataset:\n  id: {dept}\n  path: {dept}.csv\n  record_id: {header[0]}\n"
                f"  delimiter: \"{delimiter}\"\nfields:\n{fields}")


def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    names = surnames(rng, 5000)
    people = [person(rng, names) for _ in range(n)]
    truth = ["dataset,record_id,person_id\n"]
    for dept, (header, layout, delimiter, fields) in LAYOUTS.items():
        rows = []
        for pid, p in enumerate(people):
            copies = (rng.random() < 0.6) + (rng.random() < 0.05)
            for _ in range(copies):
                rid = f"{dept[0].upper()}{len(rows) + 1:06d}"
                rows.append([rid] + layout(noisy(rng, p)))
                truth.append(f"{dept},{rid},{pid}\n")
        rng.shuffle(rows)
        write(out, dept, rows, header, delimiter, fields)
    with open(os.path.join(out, "truth.csv"), "w") as f:
        f.writelines(truth)


if __name__ == "__main__":
    main()
