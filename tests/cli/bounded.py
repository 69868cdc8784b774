#!/usr/bin/env python3
"""bounded.py OUT ERR COMMAND...: runs COMMAND with its stdout in OUT and its stderr in ERR and
prints "STATUS PEAK_MB": its exit status and its peak resident memory (getrusage of the child).
A hang guard, never a timing test: the command is killed after 600 s (status 124)."""
import resource
import subprocess
import sys

out, err, command = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, "wb") as o, open(err, "wb") as e:
    try:
        status = subprocess.run(command, stdout=o, stderr=e, timeout=600).returncode
    except subprocess.TimeoutExpired:
        status = 124
print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
