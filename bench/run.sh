#!/usr/bin/env bash
# The benchmark (not a test): dlrepl beside PyTorch (CPU, eager) and JAX (CPU,
# jit) on the same tasks, data and hyperparameters, interleaved in one run:
# sgemm GFLOPS, the digits MLP and the mini-LeNet at 1 and 2 threads, quiet
# and with a core busy (samples/s, accuracy, peak memory), start-up, and the
# notebook screen's frame time and overhead; the interpreter against CPython
# (bench/interp_table.py: a scalar loop, fib(24), makemore's windows).
# Usage: bench/run.sh [REPS]     (builds release; makes the peers' venv once)
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-3}"
swift build -c release --product dlbench >&2
swift build -c release --product dlrepl >&2
swift build -c release --product framebench >&2
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# The peers live in a virtual environment of their own (.bench-venv, ignored by git).
venv=".bench-venv"
python="-"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch, jax' 2>/dev/null; then
  echo "making $venv with numpy, torch 2.13.0+cpu and jax 0.10.2 (once) ..." >&2
  if python3 -m venv "$venv" >"$tmp/venv.log" 2>&1 &&
     "$venv/bin/pip" install -q numpy torch==2.13.0+cpu 'jax[cpu]==0.10.2' >>"$tmp/venv.log" 2>&1; then
    python="$venv/bin/python"
  else
    echo "the peers could not be installed, so dlrepl is measured alone; pip said:" >&2
    tail -5 "$tmp/venv.log" >&2
  fi
else
  python="$venv/bin/python"
fi

.build/release/dlbench > "$tmp/ours"
if [ "$python" != "-" ]; then "$python" bench/sgemm_peers.py > "$tmp/peers"; else : > "$tmp/peers"; fi
peers="$(awk '{print $1}' "$tmp/peers" | sort -u | tr '\n' ' ')"
echo "sgemm, float32 square n×n @ n×n, GFLOPS (median of 5 runs of ~60 ms)"
printf '%-6s %-8s %8s' n threads dlrepl
for p in $peers; do printf ' %8s' "$p"; done; printf '   %s\n' "dlrepl/best peer"
grep '^sgemm' "$tmp/ours" | while read -r _ n t ours; do
  printf '%-6s %-8s %8s' "$n" "$t" "$ours"
  best=0
  for p in $peers; do
    v="$(awk -v p="$p" -v n="$n" -v t="$t" '$1==p && $2==n && $3==t {print $4}' "$tmp/peers")"
    printf ' %8s' "${v:--}"
    [ -n "$v" ] && [ "$v" -gt "$best" ] && best="$v"
  done
  [ "$best" -gt 0 ] && printf '   %s%%' "$((100 * ours / best))"
  printf '\n'
done
echo
echo "toy products through the kernel (µs per call):"
grep '^toy' "$tmp/ours" | awk '{printf "  %-16s %s\n", $2, $3}'
echo
echo "training, medians of $reps runs (busy: another process spins on core 1)"
python3 bench/train_table.py .build/release/dlrepl "$python" "$reps"
echo
echo "layer recording (fit's h.layers), CPU time with record on vs off"
echo "  $(bench/record_overhead.sh 5)"
echo
python3 bench/interp_table.py .build/release/dlrepl "$reps"
echo
echo "notebook screen"
echo "  $(.build/release/framebench | tail -1)"
if command -v tmux >/dev/null; then echo "  $(bench/tui_overhead.sh)"; fi
