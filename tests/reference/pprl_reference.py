#!/usr/bin/python3
"""An independent encoder following docs/privacy.md ("The construction"), for known-answer
tests: the bytes `valuemap encode` must write for a fixed key.

usage: pprl_reference.py KEYFILE CSV DATASET_ID HARDENING OUT
CSV has the header id,first_name,last_name,dob,sex,postcode,town,id_number with values already
in standard form (lower-case ASCII names, dob YYYY-MM-DD, postcode 'SW1A 1AA', sex m/f), so
that valuemap's standardisation leaves them as they are. Uses only hmac and hashlib.
"""
import csv
import hashlib
import hmac
import math
import os
import re
import struct
import sys

FIELDS = ["first_name", "middle_name", "last_name", "full_name", "dob", "sex", "postcode",
          "address", "town", "phone", "email", "id_number"]
WEIGHT = {"first_name": 4, "middle_name": 1, "last_name": 4, "full_name": 0, "dob": 4,
          "sex": 1, "postcode": 2, "address": 3, "town": 2, "phone": 3, "email": 3,
          "id_number": 3}
BITS, TAPS, EXPAND, FLIP = 1024, 2, 2, 0.02
# Nickname groups are link's data: group n is line n of the table in src/link/nicknames.c.
TABLE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "link",
                          "nicknames.c")).read()
GROUPS = [line.split() for line in re.findall(r'^\t"([a-z ]+)",$', TABLE, re.M)]


def nickname_groups(name):
    return [g for g, names in enumerate(GROUPS) if name in names][:2]


def hkdf(ikm, info, length=32):
    prk = hmac.new(b"valuemap-pprl-v1", ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info.encode() + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def mac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def mac64(key, data):
    return struct.unpack("<Q", mac(key, data)[:8])[0]


def bigrams(v):
    p = "_" + v + "_"
    return [p[i:i + 2] for i in range(len(p) - 1)]


def positional(v):
    return ["%d:%s" % (i, c) for i, c in enumerate(v[:32])]


def tokens(field, v):
    if not v:
        return []
    if field == "dob":
        d = v.replace("-", "")
        month, day = int(d[4:6]), int(d[6:8])
        t = ["y" + d[:4], "m" + d[4:6], "d" + d[6:8],
             "s%04d" % (month * 100 + day if month < day else day * 100 + month)] + positional(d)
    elif field == "sex":
        t = [v]
    elif field == "postcode":
        compact = v.replace(" ", "")
        t = ["=" + compact] + positional(compact)
        if " " in v:
            out, inward = v.split(" ")
            t += ["o=" + out, "s=" + out + inward[0]]
    elif field in ("phone", "id_number"):
        t = (["=" + v] if len(v) + 1 < 21 else []) + positional(v)
    else:
        t = bigrams(v)
    if field == "first_name":
        t += ["g%d" % g for g in nickname_groups(v)]
    seen = []
    for x in t:
        if x not in seen:
            seen.append(x)
    return seen


def soundex(name):
    code = "01230120022455012623010202"
    out, last = "", None
    for ch in name.lower():
        if not ("a" <= ch <= "z") or len(out) == 4:
            continue
        d = code[ord(ch) - 97]
        if not out:
            out = ch.upper()
        elif d != "0" and d != last:
            out += d
        if ch not in "hw":
            last = d
    return out.ljust(4, "0") if out else ""


def clk(row, fields, keys):
    bits = 0
    total = sum(WEIGHT[f] for f in fields)
    for f in fields:
        t = tokens(f, row[f])
        if not t:
            continue
        budget = math.floor(BITS * math.log(2) * WEIGHT[f] / total + 0.5)
        k = min(max(-(-budget // len(t)), 1), 64)
        for tok in t:
            words = b""
            j = 0
            while len(words) < 2 * k:
                words += mac(keys["field:" + f], tok.encode() + bytes([0, j]))
                j += 1
            for i in range(k):
                bits |= 1 << (struct.unpack(">H", words[2 * i:2 * i + 2])[0] & (BITS - 1))
    return bits


def harden(bits, how, row_index, keys):
    if how == "none":
        return bits, BITS
    if how == "xor-fold":
        half = BITS // 2
        return (bits ^ (bits >> half)) & ((1 << half) - 1), half
    if how == "blip":
        below = math.floor(FLIP * 65536 + 0.5)
        for block in range(BITS // 16):
            m = mac(keys["blip"], struct.pack("<QI", row_index, block))
            for w in range(16):
                if struct.unpack(">H", m[2 * w:2 * w + 2])[0] < below:
                    bits ^= 1 << (block * 16 + w)
        return bits, BITS
    out = 0
    for j in range(BITS * EXPAND):
        m = mac(keys["diffusion"], struct.pack(">I", j))
        b = 0
        for t in range(TAPS):
            b ^= bits >> (struct.unpack(">H", m[2 * t:2 * t + 2])[0] & (BITS - 1)) & 1
        out |= b << j
    return out, BITS * EXPAND


def block_tokens(row, keys):
    first, last = soundex(row["first_name"]), soundex(row["last_name"])
    dob = row["dob"].replace("-", "")
    texts = [
        "sl:%s|%s" % (last, dob[:4]) if last and dob else None,
        "sfl:%s|%s" % (first, last) if first and last else None,
        "pc:%s|%s" % (row["postcode"].split(" ")[0], last[0]) if row["postcode"] and last else None,
        "dob:" + dob if dob else None,
    ]
    out = []
    for t in texts:
        v = mac64(keys["block"], t.encode()) if t else 0
        out.append(v if v or not t else 1)
    return out


def settings_text(fields, how):
    s = "format=1 bits=%d hardening=%s" % (BITS, how)
    if how == "diffusion":
        s += " taps=%d expand=%d" % (TAPS, EXPAND)
    if how == "blip":
        s += " flip=%.4f" % FLIP
    return s + " block_tokens=4 fields=" + ",".join(f for f in FIELDS if f in fields)


def main():
    keyfile, path, dataset, how, out = sys.argv[1:6]
    key = bytes.fromhex(open(keyfile).read().strip())
    keys = {"field:" + f: hkdf(key, "field:" + f) for f in FIELDS}
    for purpose in ("block", "diffusion", "blip", "shuffle"):
        keys[purpose] = hkdf(key, purpose)
    rows = list(csv.DictReader(open(path, newline="")))
    fields = [f for f in FIELDS if f in rows[0]]
    settings = settings_text(fields, how)
    body, order = [], sorted(range(len(rows)), key=lambda r: (mac64(keys["shuffle"], struct.pack("<Q", r)), r))
    out_bits = BITS
    for r in range(len(rows)):
        bits, out_bits = harden(clk(rows[r], fields, keys), how, r, keys)
        rid = rows[r]["id"].encode()
        body.append(struct.pack("<H", len(rid)) + rid +
                    struct.pack("<4Q", *block_tokens(rows[r], keys)) +
                    bits.to_bytes(out_bits // 8, "little"))
    header = ("valuemap-encoded 1\ndataset %s\nsettings %s\nsettings_sha256 %s\nbits %d\n"
              "records %d\n\n" % (dataset, settings, hashlib.sha256(settings.encode()).hexdigest(),
                                  out_bits, len(rows)))
    with open(out, "wb") as f:
        f.write(header.encode() + b"".join(body[r] for r in order))


if __name__ == "__main__":
    main()
