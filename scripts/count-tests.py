#!/usr/bin/env python3
"""Counts the TAP results ("ok N", "not ok N") of every test run in meson's JSON logs and
prints the closing line CI reads, "check: N passed, N failed, N skipped", after every failure:
its 'not ok' line with the '#' lines that follow it, or, for a test that failed or timed out
without one, its last lines. A test executable that failed without TAP output counts as one
failure; a skipped test (TAP "1..0 # SKIP why", or "ok N # SKIP why") is counted and its
reason printed, never silently left out. Exits 1 when anything failed."""
import json
import re
import sys

passed = failed = skipped = 0
reasons = set()
failures = []  # what failed, printed last so that the tail of a CI log names it
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
        skips = re.findall(r"^(?:ok \d+.*?|1\.\.0\s*)#\s*SKIP\b\s*(.*)$", out, re.M | re.I)
        for why in skips:
            reasons.add(f"{run.get('name', '?')}: {why.strip()}")
        skipped += len(skips)
        oks = len(re.findall(r"^ok \d+", out, re.M)) - sum(
            1 for line in out.splitlines() if re.match(r"^ok \d+.*#\s*SKIP", line, re.I))
        bads = len(re.findall(r"^not ok \d+", out, re.M))
        if run.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bads == 0:
            bads = 1
            tail = [line for line in out.splitlines() if line.strip()][-5:]
            failures.append(f"{path}: {run.get('name', '?')}: {run.get('result')}, no TAP failure;"
                            " its last lines:")
            failures.extend(f"    {line[:300]}" for line in tail)
        lines = out.splitlines()
        for i, line in enumerate(lines):
            if not re.match(r"^not ok \d+", line):
                continue
            failures.append(f"{path}: {run.get('name', '?')}: {line[:300]}")
            # the diagnostics TAP puts after it (or, as tap.sh's run does, before the next
            # test line): the lines starting with '#' that follow, at most 8
            notes = []
            for after in lines[i + 1:]:
                if not after.startswith("#") or len(notes) == 8:
                    break
                notes.append(f"    {after[:300]}")
            failures.extend(notes)
        passed += oks
        failed += bads
for why in sorted(reasons):
    print(f"skipped: {why}")
for line in failures:
    print(f"failed: {line}")
print(f"check: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
