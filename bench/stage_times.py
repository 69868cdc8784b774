#!/usr/bin/env python3
"""bench/stage_times.py COMMAND...: runs COMMAND (a `valuemap link` with VALUEMAP_PROGRESS=1,
under mpirun or not), timestamps each progress step it writes on stderr ("\\r\\033[Kvaluemap
link: STEP"), and prints the seconds each step took, then any other stderr lines (the
VALUEMAP_MPI_STATS bytes per rank) and the wall time. Timings only: never used by tests."""
import re
import subprocess
import sys
import time

start = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
steps, other = [], []
pieces, started = [b""], [0.0]  # stderr cut at \r and \n; when each piece began
while True:
    chunk = proc.stderr.read1(4096)
    if not chunk:
        break
    now = time.monotonic() - start
    for i, part in enumerate(re.split(rb"[\r\n]", chunk)):
        if i:  # a \r or \n: a new piece begins now (a step starts when its text does)
            pieces.append(b"")
            started.append(now)
        pieces[-1] += part
for t, piece in zip(started, pieces):
    line = re.sub(rb"\x1b\[K", b"", piece).decode(errors="replace").strip()
    if line.startswith("valuemap link: "):
        steps.append((t, line[len("valuemap link: "):]))
    elif line:
        other.append(line)
proc.wait()
end = time.monotonic() - start
# a step's time runs to the next step; reading, blocking etc. merged by their first word(s)
merged = {}
for i, (t, step) in enumerate(steps):
    name = re.sub(r"^(scoring pairs): rule .*", r"\1", step)
    name = re.sub(r"^reading .*", "reading and standardising", name)
    name = re.sub(r"^blocking .*", "blocking", name)
    following = steps[i + 1][0] if i + 1 < len(steps) else end
    merged[name] = merged.get(name, 0) + following - t
head = steps[0][0] if steps else end
print(f"  start (MPI and the program): {head:.1f} s")
for name, seconds in merged.items():
    print(f"  {name}: {seconds:.1f} s")
for line in other:
    if "MPI rank" in line or "error" in line:
        print(f"  {line}")
print(f"  wall: {end:.1f} s (exit {proc.returncode})")
