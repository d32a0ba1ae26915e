#!/usr/bin/env bash
# The benchmark (not a test): dlrepl beside PyTorch (CPU, eager) and JAX (CPU,
# jit) on the same tasks, data and hyperparameters, interleaved in one run:
# sgemm GFLOPS, the digits MLP, the mini-LeNet and makemore's MLP at 1 and 2
# threads, quiet and with a core busy (samples/s, accuracy or held-out loss,
# peak memory), the char LSTM, the char GRU and the tiny GPT (quiet, or busy too with
# BENCH_BUSY=all), start-up, and the notebook screen's frame time and
# overhead; the interpreter against CPython (bench/interp_table.py: a scalar
# loop, fib(24), makemore's windows).
#
# Two builds of the engine, so a kernel change is never tuned to one kind of
# CPU: native (.build, for this machine's CPU) and AVX2 (.build-avx2, DLKernel
# compiled for $AVX2_CPU, default haswell: AVX2 + FMA and 16 ymm registers,
# what most laptops have). Each prints the instruction set its kernel was built
# for. On a machine without AVX-512 the two are the same kind.
#
# Usage: bench/run.sh [REPS]     (builds release; makes the peers' venv once)
#   BENCH_SECTIONS  which parts, of "sgemm train record interp screen" (default all)
#   BENCH_BUILDS    which builds, of "native avx2" (default both)
#   BENCH_TASKS     training rows only, e.g. "char LSTM,tiny GPT" (train_table.py)
#   SGEMM_SIZES     matrix sizes for sgemm (default "64 256 1024")
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-3}"
sections="${BENCH_SECTIONS:-sgemm train record interp screen}"
builds="${BENCH_BUILDS:-native avx2}"
avx2_cpu="${AVX2_CPU:-haswell}"
sizes="${SGEMM_SIZES:-64 256 1024}"
has() { case " $1 " in *" $2 "*) return 0 ;; *) return 1 ;; esac; }

# build <name> <product>: builds one product of one build; prints nothing on stdout.
dir_of() { if [ "$1" = native ]; then echo .build; else echo .build-avx2; fi; }
build() {
  if [ "$1" = native ]; then
    swift build -c release --product "$2" >&2
  else
    DLREPL_TARGET_CPU="$avx2_cpu" swift build -c release --product "$2" --scratch-path .build-avx2 >&2
  fi
}
for b in $builds; do
  if has "$sections" sgemm; then build "$b" dlbench; fi
  if has "$sections" train; then build "$b" dlrepl; fi
done
if has "$sections" interp || has "$sections" screen; then build native dlrepl; fi
if has "$sections" screen; then build native framebench; fi
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

cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
isa="AVX2"; grep -qw avx512f /proc/cpuinfo && isa="AVX-512"
echo "machine: $cpu, $(nproc) CPUs, widest vectors $isa"
for b in $builds; do
  echo "  $b build ($(dir_of "$b")): DLKernel for $([ "$b" = native ] && echo native || echo "$avx2_cpu")"
done
echo

if has "$sections" sgemm; then
  for b in $builds; do
    # shellcheck disable=SC2086
    "$(dir_of "$b")/release/dlbench" $sizes > "$tmp/ours-$b"
    echo "  $b build kernel: $(awk '/^isa/ {sub(/^isa /, ""); print; exit}' "$tmp/ours-$b")"
  done
  # shellcheck disable=SC2086
  if [ "$python" != "-" ]; then "$python" bench/sgemm_peers.py $sizes > "$tmp/peers"; else : > "$tmp/peers"; fi
  peers="$(awk '{print $1}' "$tmp/peers" | sort -u | tr '\n' ' ')"
  echo "sgemm, float32 square n×n @ n×n, GFLOPS (median of 5 runs of ~60 ms);"
  echo "dlrepl/best peer is against NumPy and PyTorch (JAX's XLA is shown, not counted)"
  printf '%-6s %-8s' n threads
  for b in $builds; do printf ' %8s' "$b"; done
  for p in $peers; do printf ' %8s' "$p"; done
  for b in $builds; do printf '  %9s' "$b/best"; done; printf '\n'
  grep '^sgemm' "$tmp/ours-$(echo "$builds" | awk '{print $1}')" | while read -r _ n t _; do
    printf '%-6s %-8s' "$n" "$t"
    for b in $builds; do
      printf ' %8s' "$(awk -v n="$n" -v t="$t" '$1=="sgemm" && $2==n && $3==t {print $4}' "$tmp/ours-$b")"
    done
    best=0
    for p in $peers; do
      v="$(awk -v p="$p" -v n="$n" -v t="$t" '$1==p && $2==n && $3==t {print $4}' "$tmp/peers")"
      printf ' %8s' "${v:--}"
      [ -n "$v" ] && [ "$p" != jax ] && [ "$v" -gt "$best" ] && best="$v"
    done
    for b in $builds; do
      ours="$(awk -v n="$n" -v t="$t" '$1=="sgemm" && $2==n && $3==t {print $4}' "$tmp/ours-$b")"
      if [ "$best" -gt 0 ]; then printf '  %8s%%' "$((100 * ours / best))"; fi
    done
    printf '\n'
  done
  echo
  echo "toy products through the kernel (µs per call):"
  for b in $builds; do
    grep '^toy' "$tmp/ours-$b" | awk -v b="$b" '{printf "  %-7s %-16s %s\n", b, $2, $3}'
  done
  echo
fi

if has "$sections" train; then
  echo "training, medians of $reps runs (quiet: every program on as many cores as threads;"
  echo "busy: both cores, another process spinning on core 1)"
  list=""
  for b in $builds; do list="$list${list:+,}$b=$(dir_of "$b")/release/dlrepl"; done
  python3 bench/train_table.py "$list" "$python" "$reps"
  echo
fi

if has "$sections" record; then
  echo "layer recording (fit's h.layers), CPU time with record on vs off"
  echo "  $(bench/record_overhead.sh 5)"
  echo
fi

if has "$sections" interp; then
  python3 bench/interp_table.py .build/release/dlrepl "$reps"
  echo
fi

if has "$sections" screen; then
  echo "notebook screen"
  echo "  $(.build/release/framebench | tail -1)"
  if command -v tmux >/dev/null; then echo "  $(bench/tui_overhead.sh)"; fi
fi
