"""The interpreter beside CPython on scalar code, side by side in one run.

Runs each pair (bench/interp/NAME.dl with dlrepl, bench/interp/NAME.py with
python3) in turn, REPS times, and prints the median wall time and peak memory
(max RSS) of each, and CPython's time over dlrepl's (above 1: dlrepl is
faster). Both outputs must agree. Usage:
  python3 bench/interp_table.py path/to/dlrepl [REPS] [PYTHON]
"""
import os
import resource
import statistics
import subprocess
import sys
import time

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "interp")
dlrepl = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
python = sys.argv[3] if len(sys.argv) > 3 else "python3"
tasks = [("loop", "s = s + i * 2, 1M times"), ("fib", "recursive fib(24)"),
         ("windows", "makemore windows, 232k")]


def run(cmd):
    """Wall seconds, peak RSS in MB and stdout of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    out = p.stdout.read()
    err = p.stderr.read()
    p.stdout.close()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.strip()}")
    return wall, usage.ru_maxrss / 1024, out.strip()


print(f"interpreter vs CPython ({subprocess.run([python, '-V'], capture_output=True, text=True).stdout.strip()}),"
      f" medians of {reps} runs, interleaved")
print(f"{'task':<34} {'dlrepl s':>9} {'python s':>9} {'dlrepl MB':>10} {'python MB':>10} {'py/dl':>6}")
for name, what in tasks:
    ours, theirs = [], []
    for _ in range(reps):
        ours.append(run([dlrepl, "run", os.path.join(here, name + ".dl")]))
        theirs.append(run([python, os.path.join(here, name + ".py")]))
    if ours[0][2] != theirs[0][2]:
        sys.exit(f"{name}: dlrepl printed {ours[0][2]!r}, python {theirs[0][2]!r}")
    dl = statistics.median(r[0] for r in ours)
    py = statistics.median(r[0] for r in theirs)
    dm = statistics.median(r[1] for r in ours)
    pm = statistics.median(r[1] for r in theirs)
    print(f"{name + ' (' + what + ')':<34} {dl:>9.3f} {py:>9.3f} {dm:>10.1f} {pm:>10.1f} {py / dl:>6.2f}")
