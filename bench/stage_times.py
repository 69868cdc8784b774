#!/usr/bin/env python3
"""bench/stage_times.py [--json FILE] COMMAND...: runs COMMAND (a `valuemap link` with VALUEMAP_PROGRESS=1,
under mpirun or not), timestamps each progress step it writes on stderr ("\\r\\033[Kvaluemap
link: STEP"), and prints the wall seconds each step took and the CPU seconds the valuemap
processes (every rank) used in it (from /proc, sampled as each step begins), then any other
stderr lines (the VALUEMAP_MPI_STATS bytes per rank) and the wall time. On a shared machine
the CPU seconds say how the work splits better than wall time. With --json FILE it also writes
the same figures to FILE (steps with wall and CPU seconds, the stats lines, wall, exit status)
for bench/mpi_table.py. Timings only, never tests."""
import json
import os
import re
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root):
    """utime + stime of every process named valuemap below `root`."""
    parent, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        parent[int(entry)] = int(fields[1])
        if name == "valuemap":
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / TICK
    total = 0.0
    for pid, seconds in cpu.items():
        p = pid
        while p in parent and p != root and p > 1:
            p = parent[p]
        total += seconds if p == root or pid == root else 0
    return total


args, json_path = sys.argv[1:], None
if args[:1] == ["--json"]:
    json_path, args = args[1], args[2:]
start = time.monotonic()
proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
steps, other = [], []
latest, pieces, started, cpu = 0.0, [b""], [0.0], [0.0]  # stderr cut at \r, \n; each piece's start
while True:
    chunk = proc.stderr.read1(4096)
    if not chunk:
        break
    now = time.monotonic() - start
    latest = max(latest, cpu_seconds(proc.pid))  # 0 once the processes have ended
    for i, part in enumerate(re.split(rb"[\r\n]", chunk)):
        if i:  # a \r or \n: a new piece begins now (a step starts when its text does)
            pieces.append(b"")
            started.append(now)
            cpu.append(latest)
        pieces[-1] += part
last_cpu = latest  # the last sample: the ranks' stats lines come just before they end
for t, c, piece in zip(started, cpu, pieces):
    line = re.sub(rb"\x1b\[K", b"", piece).decode(errors="replace").strip()
    if line.startswith("valuemap link: "):
        steps.append((t, line[len("valuemap link: "):], c))
    elif line:
        other.append(line)
proc.wait()
end = time.monotonic() - start
# a step's time runs to the next step; reading, blocking etc. merged by their first word(s)
merged, merged_cpu = {}, {}
for i, (t, step, c) in enumerate(steps):
    name = re.sub(r"^(scoring pairs): rule .*", r"\1", step)
    name = re.sub(r"^reading .*", "reading and standardising", name)
    name = re.sub(r"^blocking .*", "blocking", name)
    following = steps[i + 1][0] if i + 1 < len(steps) else end
    merged[name] = merged.get(name, 0) + following - t
    cpu_after = steps[i + 1][2] if i + 1 < len(steps) else last_cpu
    merged_cpu[name] = merged_cpu.get(name, 0) + cpu_after - c
head = steps[0][0] if steps else end
print(f"  start (MPI and the program): {head:.1f} s")
for name, seconds in merged.items():
    print(f"  {name}: {seconds:.1f} s wall, {merged_cpu[name]:.1f} s CPU over all ranks")
for line in other:
    if "MPI rank" in line or "error" in line:
        print(f"  {line}")
print(f"  wall: {end:.1f} s (exit {proc.returncode})")
if json_path:
    with open(json_path, "w") as out:
        json.dump({"start": head, "wall": end, "exit": proc.returncode,
                   "steps": [[name, merged[name], merged_cpu[name]] for name in merged],
                   "stats": [line for line in other if "MPI rank" in line]}, out, indent=1)
