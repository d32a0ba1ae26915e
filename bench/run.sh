#!/usr/bin/env bash
# The benchmark (not a test): sgemm GFLOPS of our kernel next to NumPy's (and
# JAX's when installed), measured in this run, and the wall time of `dlrepl -e '1'`.
# Usage: bench/run.sh            (builds release first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dlbench >&2
swift build -c release --product dlrepl >&2
swift build -c release --product framebench >&2
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
.build/release/dlbench > "$tmp/ours"
python3 bench/sgemm_peers.py > "$tmp/peers"
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
echo "digits MLP 64-128-10, Adam 1e-3, batch 32, 30 epochs, 2 threads (median of 3 runs each)"
for _ in 1 2 3; do .build/release/dlrepl run bench/digits_mlp.dl | tail -1; done > "$tmp/digits"
for _ in 1 2 3; do taskset -c 0,1 python3 bench/digits_peers.py 2; done >> "$tmp/digits" 2>/dev/null
printf '  %-10s %14s %10s\n' peer samples/s accuracy
for p in dlrepl pytorch jax-jit numpy; do
  if [ "$p" = dlrepl ]; then rows="$(awk '$1=="dlrepl" {print $2, $5}' "$tmp/digits")"; else rows="$(awk -v p="$p" '$1==p {print $2, $3}' "$tmp/digits")"; fi
  [ -z "$rows" ] && continue
  echo "$rows" | sort -n | awk -v p="$p" 'NR==2 || (NR==1 && last=="") {r=$1; a=$2} {last=$0} END {printf "  %-10s %14d %10s\n", p, r, a}'
done
echo
echo "digits MLP, dlrepl alone, by thread count, quiet and with a spinning process on core 1 (median of 3)"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '  %-8s %12s %12s %8s\n' threads quiet busy busy/quiet
for threads in 1 2; do
  quiet="$(for _ in 1 2 3; do DLREPL_THREADS=$threads .build/release/dlrepl run bench/digits_mlp.dl | tail -1 | awk '{print $2}'; done | median)"
  taskset -c 1 sh -c 'while :; do :; done' & spinner=$!
  busy="$(for _ in 1 2 3; do DLREPL_THREADS=$threads .build/release/dlrepl run bench/digits_mlp.dl | tail -1 | awk '{print $2}'; done | median)"
  kill "$spinner"
  printf '  %-8s %12s %12s %7s%%\n' "$threads" "$quiet" "$busy" "$((100 * busy / quiet))"
done
echo
echo "notebook screen"
echo "  $(.build/release/framebench | tail -1)"
if command -v tmux >/dev/null; then echo "  $(bench/tui_overhead.sh)"; fi
echo
echo "startup: wall time of dlrepl -e '1'"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 ".build/release/dlrepl -e 1" 2>/dev/null | grep -E 'Time|Range'
else
  python3 - <<'PY'
import subprocess, time
ts = []
for _ in range(50):
    t0 = time.perf_counter(); subprocess.run([".build/release/dlrepl", "-e", "1"], stdout=subprocess.DEVNULL); ts.append(time.perf_counter() - t0)
ts.sort(); print(f"  median {ts[25]*1000:.1f} ms, min {ts[0]*1000:.1f} ms over 50 runs (includes Python's spawn overhead)")
PY
fi
