#!/usr/bin/python3
"""Reads files of `valuemap encode` for the CLI tests (format in docs/privacy.md).

usage: pprl_files.py dice A.enc ID_A B.enc ID_B   Dice of two records' encodings
       pprl_files.py fill A.enc                    share of bits set over all encodings
       pprl_files.py same A.enc ID_A ID_B          exit 0 when two records encode the same
       pprl_files.py contains FILE HEX             exit 0 when FILE holds these bytes
"""
import struct
import sys


def read(path):
    data = open(path, "rb").read()
    at = data.index(b"\n\n") + 2
    header = dict(line.split(" ", 1) for line in data[:at - 2].decode().split("\n"))
    bits, n = int(header["bits"]), int(header["records"])
    rows = {}
    for _ in range(n):
        length = struct.unpack_from("<H", data, at)[0]
        rid = data[at + 2:at + 2 + length].decode()
        at += 2 + length + 32
        rows[rid] = int.from_bytes(data[at:at + bits // 8], "little")
        at += bits // 8
    assert at == len(data)
    return rows, bits


def dice(a, b):
    return 2 * bin(a & b).count("1") / (bin(a).count("1") + bin(b).count("1"))


def main():
    what = sys.argv[1]
    if what == "dice":
        a, b = read(sys.argv[2])[0], read(sys.argv[4])[0]
        print("%.4f" % dice(a[sys.argv[3]], b[sys.argv[5]]))
    elif what == "fill":
        rows, bits = read(sys.argv[2])
        print("%.4f" % (sum(bin(v).count("1") for v in rows.values()) / (bits * len(rows))))
    elif what == "same":
        rows = read(sys.argv[2])[0]
        sys.exit(0 if rows[sys.argv[3]] == rows[sys.argv[4]] else 1)
    elif what == "contains":
        sys.exit(0 if bytes.fromhex(sys.argv[3]) in open(sys.argv[2], "rb").read() else 1)


if __name__ == "__main__":
    main()
