#!/usr/bin/env bash
# What fit's layer recording (h.layers: activation and gradient histograms
# and log10 upd/W per layer) costs on the moons MLP: the same fit with
# record: true and record: false, interleaved, REPS runs each (default 5).
# CPU time (user + sys, from wait4) rather than wall time, so the other
# programs that share the machine shift both sides less; start-up is
# measured with epochs: 0 and taken off both.
# Usage: bench/record_overhead.sh [REPS] [DLREPL]
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"
bin="${2:-.build/release/dlrepl}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for mode in true false; do
  sed "s/record: true/record: $mode/" bench/record_overhead.dl > "$tmp/$mode.dl"
done
sed "s/epochs: 150/epochs: 0/" bench/record_overhead.dl > "$tmp/zero.dl"
python3 - "$bin" "$tmp" "$reps" <<'PY'
import os, subprocess, statistics, sys
binary, tmp, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
def cpu(mode):
    p = subprocess.Popen([binary, "run", f"{tmp}/{mode}.dl"], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    assert status == 0, f"{mode}: exit status {status}"
    return usage.ru_utime + usage.ru_stime
times = {"true": [], "false": [], "zero": []}
for _ in range(reps):
    for mode in times: times[mode].append(cpu(mode))
med = {m: statistics.median(t) for m, t in times.items()}
on, off = med["true"] - med["zero"], med["false"] - med["zero"]
print(f"moons MLP 2-16-16-1, 150 epochs (4800 steps): record on {on * 1000:.0f} ms, off {off * 1000:.0f} ms of CPU, "
      f"overhead {100 * (on / off - 1):+.1f}% (medians of {reps}; start-up, {med['zero'] * 1000:.0f} ms, taken off)")
PY
