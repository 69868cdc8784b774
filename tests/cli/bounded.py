#!/usr/bin/env python3
"""bounded.py OUT ERR COMMAND...: runs COMMAND with its stdout in OUT and its stderr in ERR and
prints "STATUS PEAK_MB": its exit status and its peak resident memory (getrusage of the child).
A hang guard, never a timing test: the command may use at most CPU_SECONDS of CPU time
(killed past it: a negative status). CPU seconds, not wall-clock ones, so that a busy machine
cannot trip it (the slowest case, a million columns linked, needs 5.5 s of CPU under
AddressSanitizer). A hang that blocks without spinning is left to meson's per-test timeout."""
import resource
import subprocess
import sys

CPU_SECONDS = 120


def limit_cpu():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


out, err, command = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, "wb") as o, open(err, "wb") as e:
    status = subprocess.run(command, stdout=o, stderr=e, preexec_fn=limit_cpu).returncode
print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
