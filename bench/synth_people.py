#!/usr/bin/python3
"""A synthetic people file for speed: N records, about a fifth of them duplicates with typos,
swapped day and month, nicknames and moved postcodes. Deterministic for a given seed.

usage: synth_people.py N SEED OUT.csv    (columns: id,person,first_name,last_name,dob,sex,postcode)
"""
import random
import sys

FIRST = ("james john robert michael william david richard joseph thomas charles mary patricia "
         "jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret "
         "sandra ashley kimberly emily donna michelle oliver george harry jack jacob noah "
         "charlie muhammad thomas oscar william james leo alfie henry joshua freddie archie "
         "olivia amelia isla ava mia ivy lily isabella rosie sophia grace freya evie ella "
         "aisha fatima omar ali yusuf zara priya arjun ravi anita chen wei li mei").split()
NICK = {"william": "bill", "robert": "bob", "margaret": "peggy", "elizabeth": "liz",
        "richard": "dick", "james": "jim", "thomas": "tom", "michael": "mike"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def surnames(rng, n):
    syll = ["son", "ley", "ton", "ham", "field", "ford", "well", "wood", "man", "er", "by",
            "ridge", "worth", "ing", "all", "stone", "brook", "hill", "more", "land"]
    heads = ["smi", "john", "wil", "bro", "tay", "dav", "eva", "tho", "rob", "wal", "wri",
             "gre", "hal", "har", "cla", "jac", "lew", "mor", "kha", "pat", "sin", "ahm",
             "kno", "bar", "cor", "dun", "fle", "gar", "hol", "kin", "lan", "mas", "nor"]
    return sorted({rng.choice(heads) + rng.choice(syll) + rng.choice(["", "s", "e"])
                 for _ in range(n)})


def postcode(rng):
    area = rng.choice(["SW", "SE", "N", "E", "W", "M", "B", "LS", "L", "G", "EH", "CF", "BS",
                       "NE", "S", "NG", "LE", "CV", "OX", "CB"])
    return f"{area}{rng.randint(1, 29)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" \
           f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(len(s) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return s[:i] + rng.choice(LETTERS) + s[i + 1:]
    if kind == 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:]


def duplicate(rng, p):
    first, last, (y, m, d), sex, pc = p
    r = rng.random()
    if r < 0.25:
        first = NICK.get(first, typo(rng, first))
    elif r < 0.5:
        last = typo(rng, last)
    elif r < 0.6 and d <= 12:
        m, d = d, m
    elif r < 0.75:
        pc = postcode(rng)
    elif r < 0.85:
        first = ""
    return first, last, (y, m, d), sex, pc


def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    names = surnames(rng, 20000)
    people = []
    rows = []
    while len(rows) < n:
        if people and rng.random() < 0.2:
            pid = rng.randrange(len(people))
            person = duplicate(rng, people[pid])
        else:
            pid = len(people)
            person = (rng.choice(FIRST), rng.choice(names),
                      (rng.randint(1930, 2010), rng.randint(1, 12), rng.randint(1, 28)),
                      rng.choice("MF"), postcode(rng))
            people.append(person)
        first, last, (y, m, d), sex, pc = person
        rows.append(f"{len(rows)},{pid},{first},{last},{d:02d}/{m:02d}/{y},{sex},{pc}\n")
    with open(out, "w") as f:
        f.write("id,person,first_name,last_name,dob,sex,postcode\n")
        f.writelines(rows)


if __name__ == "__main__":
    main()
