#!/usr/bin/env python3
"""Counts the TAP results ("ok N", "not ok N") of every test run in meson's JSON logs and
prints the closing line CI reads: "check: N passed, N failed". A test executable that
failed without TAP output counts as one failure. Exits 1 when anything failed."""
import json
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        print(f"count-tests: {path}: missing (the build did not run its tests)")
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        run = json.loads(line)
        out = run.get("stdout", "") or ""
        oks = len(re.findall(r"^ok \d+", out, re.M))
        bads = len(re.findall(r"^not ok \d+", out, re.M))
        if run.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bads == 0:
            bads = 1
        passed += oks
        failed += bads
print(f"check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
