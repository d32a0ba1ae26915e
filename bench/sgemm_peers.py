#!/usr/bin/env python3
"""Peers for the sgemm benchmark: float32 square matmul GFLOPS for NumPy
and, when installed, PyTorch and JAX (jit), printed as `<peer> <n> <threads> <GFLOPS>`.

Each (peer, threads) runs in its own subprocess pinned with taskset to that
many cores and with the BLAS/XLA thread variables set, because BLAS reads
them at import. Timing matches dlbench: warm-up, ~60 ms runs, median of 5.
"""
import os
import subprocess
import sys
import time

SIZES = [int(a) for a in sys.argv[1:] if a.isdigit()] or [64, 256, 1024]


def time_per_call(fn):
    for _ in range(3):
        fn()
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        t = time.perf_counter() - t0
        if t > 0.02:
            reps = max(1, int(reps * 0.06 / t))
            break
        reps *= 4
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        runs.append((time.perf_counter() - t0) / reps)
    return sorted(runs)[2]


def child(peer, threads):
    import numpy as np
    rng = np.random.default_rng(0)
    for n in SIZES:
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        if peer == "numpy":
            c = np.empty((n, n), dtype=np.float32)
            t = time_per_call(lambda: np.matmul(a, b, out=c))
        elif peer == "pytorch":
            import torch
            torch.set_num_threads(threads)
            ta, tb = torch.from_numpy(a), torch.from_numpy(b)
            tc = torch.empty((n, n), dtype=torch.float32)
            t = time_per_call(lambda: torch.matmul(ta, tb, out=tc))
        else:
            import jax
            import jax.numpy as jnp
            f = jax.jit(jnp.matmul)
            ja, jb = jnp.asarray(a), jnp.asarray(b)
            t = time_per_call(lambda: f(ja, jb).block_until_ready())
        print(f"{peer} {n} {threads} {2.0 * n ** 3 / t / 1e9:.0f}", flush=True)


def main():
    if os.environ.get("PEER"):
        child(os.environ["PEER"], int(os.environ["PEER_THREADS"]))
        return
    peers = ["numpy"]
    try:
        import torch  # noqa: F401
        peers.append("pytorch")
    except ImportError:
        print("# torch not installed: pip install torch==2.13.0+cpu to compare with it", file=sys.stderr)
    try:
        import jax  # noqa: F401
        peers.append("jax")
    except ImportError:
        print("# jax not installed: pip install 'jax[cpu]==0.10.2' to compare with it", file=sys.stderr)
    for peer in peers:
        for threads in (1, 2):
            n = str(threads)
            env = dict(os.environ, PEER=peer, PEER_THREADS=n, OPENBLAS_NUM_THREADS=n, OMP_NUM_THREADS=n,
                       MKL_NUM_THREADS=n, JAX_PLATFORMS="cpu",
                       XLA_FLAGS=f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'}")
            cpus = ",".join(str(i) for i in range(threads))
            subprocess.run(["taskset", "-c", cpus, sys.executable, __file__, *map(str, SIZES)], env=env, check=True)


if __name__ == "__main__":
    main()
