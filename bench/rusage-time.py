#!/usr/bin/env python3
"""rusage-time.py OUT CMD...: runs CMD (stdout to /dev/null, stderr inherited) and writes one line to OUT,
"wall_s max_rss_kb cpu_s", as GNU time -v would but to the microsecond: time's own figures are in hundredths of a
second, which on a half-second run is a step of 1.5 %, too coarse for ratios held to 1.03. The command's exit code
is passed on."""
import os
import subprocess
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
with open(out, "w") as f:
    # wait4 reports the child and every descendant it waited for, as time does; ru_maxrss is in kB on Linux.
    f.write(f"{wall:.6f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.6f}\n")
sys.exit(os.waitstatus_to_exitcode(status))
