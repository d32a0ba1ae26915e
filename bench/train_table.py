#!/usr/bin/env python3
"""The training benchmark table: dlrepl and its peers on the same tasks, data
and hyperparameters, interleaved in one run, at 1 and 2 threads, on a quiet
machine and with a spinning process on core 1. Each cell is the median of
REPS runs: samples/s (tokens/s for the sequence models), the final test
accuracy or training loss (so a fast wrong run cannot win) and the peak
memory of the process. Quiet rows run every program on as many cores as
threads (see `cores`).

Usage: bench/train_table.py DLREPL PYTHON [REPS]   (BENCH_TASKS="char LSTM,tiny GPT"
  measures only those tasks; BENCH_BUSY=all measures every task with a busy
  core too, which adds about 12 minutes for the two sequence models)
  DLREPL  the release binary, or several builds as LABEL=PATH,LABEL=PATH
  (the native and the AVX2 build: each is measured beside the same peer runs);
  PYTHON  an interpreter with torch and jax (or "-" to measure dlrepl alone).
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.argv[2]
# (row label, binary): "dlrepl" alone, or "dlrepl/LABEL" for each of several builds.
BUILDS = [("dlrepl", sys.argv[1])] if "=" not in sys.argv[1] else \
    [("dlrepl/" + b.split("=", 1)[0], b.split("=", 1)[1]) for b in sys.argv[1].split(",")]
REPS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
# (task, dlrepl script, peers script and its arguments after the thread count, the unit,
#  whether to measure with a busy core too). The sequence tasks take a minute per peer
#  run, so they are measured quiet only.
TASKS = [("digits MLP", "digits_mlp.dl", ["digits_peers.py"], "samples/s", True),
         ("mini-LeNet", "lenet.dl", ["lenet_peers.py"], "samples/s", True),
         ("makemore MLP", "makemore_mlp.dl", ["makemore_peers.py"], "samples/s", True),
         ("char LSTM", "char_lstm.dl", ["seq_peers.py", "lstm"], "tokens/s", False),
         ("char GRU", "char_gru.dl", ["seq_peers.py", "gru"], "tokens/s", False),
         ("tiny GPT", "tiny_gpt.dl", ["seq_peers.py", "gpt"], "tokens/s", False)]


def measured(cmd, env):
    """Runs cmd; returns its stdout and the peak RSS (MiB) of that child alone."""
    wrapper = [sys.executable, "-c",
               "import resource, subprocess, sys\n"
               "out = subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout\n"
               "sys.stdout.write(out)\n"
               "print('#peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"] + cmd
    out = subprocess.run(wrapper, capture_output=True, text=True, env=env).stdout
    peak = next((int(l.split()[1]) for l in out.splitlines() if l.startswith("#peak")), 0)
    return out, peak / 1024


def cores(threads, busy):
    """The CPUs a run may use. Quiet, as many cores as threads: JAX's XLA runs
    part of a jit-compiled step on threads of its own even when told to use
    one (its "1 thread" tiny GPT, compile included, took 12.6 s of CPU in
    8.0 s with two cores free, 87k tokens/s, and 12.3 s in 12.3 s on one
    core, 51k), so a 1-thread row that left a second core free measured it
    on one and a half. Busy, both cores, one of them
    shared with the spinning process, for every thread count."""
    return "0,1" if busy or threads > 1 else "0"


def run_dlrepl(script, threads, busy, env):
    rows = {}
    for label, binary in BUILDS:
        out, peak = measured(["taskset", "-c", cores(threads, busy), binary, "run", os.path.join(HERE, script)],
                             dict(env, DLREPL_THREADS=str(threads)))
        for line in out.splitlines():
            if line.startswith("dlrepl "):
                parts = line.split()
                rows[label] = (float(parts[1]), float(parts[4]), peak)
                break
    return rows


def run_peers(peers, threads, busy, env):
    if PYTHON == "-":
        return {}
    # One process runs every peer in turn, so its peak memory is the largest of them.
    out, peak = measured(["taskset", "-c", cores(threads, busy), PYTHON, os.path.join(HERE, peers[0]), str(threads)] + peers[1:], env)
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in ("pytorch", "jax-jit", "numpy"):
            rows[parts[0]] = (float(parts[1]), float(parts[2]), peak)
    return rows


def main():
    env = dict(os.environ)
    print(f"{'task':<12} {'threads':>7} {'machine':<8} {'peer':<13} {'rate':>10} {'unit':<9} {'acc/loss':>8} {'peak MiB':>8}")
    only = [t for t in os.environ.get("BENCH_TASKS", "").split(",") if t]
    every_busy = os.environ.get("BENCH_BUSY") == "all"
    for task, script, peers, unit, with_busy in TASKS:
        with_busy = with_busy or every_busy
        if only and task not in only:
            continue
        for threads in (1, 2):
            for busy in ((False, True) if with_busy else (False,)):
                spinner = subprocess.Popen(["taskset", "-c", "1", "sh", "-c", "while :; do :; done"]) if busy else None
                try:
                    samples = {}
                    for _ in range(REPS):
                        for result in (run_dlrepl(script, threads, busy, env), run_peers(peers, threads, busy, env)):
                            for peer, value in result.items():
                                samples.setdefault(peer, []).append(value)
                finally:
                    if spinner:
                        spinner.kill()
                        spinner.wait()
                best = max((statistics.median(v[0] for v in vs) for p, vs in samples.items() if not p.startswith("dlrepl")),
                           default=0)
                for peer, values in samples.items():
                    rate = statistics.median(v[0] for v in values)
                    acc = statistics.median(v[1] for v in values)
                    peak = statistics.median(v[2] for v in values)
                    mark = f"  {100 * rate / best:.0f}% of the best peer" if peer.startswith("dlrepl") and best else ""
                    print(f"{task:<12} {threads:>7} {'busy' if busy else 'quiet':<8} {peer:<13} {rate:>10.0f} {unit:<9} {acc:>8.3f} {peak:>8.0f}{mark}",
                          flush=True)
    print()
    print("start-up, wall time (median of 20)")
    for name, cmd in [(f"{label} -e 1", [binary, "-e", "1"]) for label, binary in BUILDS] + (
            [] if PYTHON == "-" else [("python -c 'import torch'", [PYTHON, "-c", "import torch"]),
                                      ("python -c 'import jax'", [PYTHON, "-c", "import jax"])]):
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        print(f"  {name:<28} {statistics.median(times) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
