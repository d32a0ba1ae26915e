#!/usr/bin/env python3
"""Peers for the mini-LeNet benchmark (bench/lenet.dl): 8×8 digits,
conv(8, 3×3, pad 1) → relu → conv(16, 3×3, stride 2, pad 1) → relu → dense(10),
Adam 1e-3, batch 32, 10 epochs, on dlrepl's split and shuffling (from
digits_peers.py). Prints `<peer> <samples/s> <test accuracy>`: PyTorch eager
and JAX with a jit-compiled epoch. Threads: 2, or the first argument.
"""
import os
import sys

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} intra_op_parallelism_threads={THREADS}"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
sys.path.insert(0, os.path.dirname(__file__))

import numpy as np  # noqa: E402
from digits_peers import data, jax_fit, report, torch_fit  # noqa: E402

EPOCHS, LR = 10, 1e-3


def images():
    xtr, ytr, xte, yte = data()
    return xtr.reshape(-1, 1, 8, 8), ytr, xte.reshape(-1, 1, 8, 8), yte


def run_torch(xtr, ytr, xte, yte):
    import torch
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
                        nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    return torch_fit(net, xtr, ytr, xte, yte, EPOCHS)


def run_jax(xtr, ytr, xte, yte):
    import jax
    import jax.numpy as jnp
    k = jax.random.split(jax.random.PRNGKey(0), 3)

    def glorot(key, shape, fan_in, fan_out):
        lim = np.sqrt(6 / (fan_in + fan_out))
        return jax.random.uniform(key, shape, minval=-lim, maxval=lim)
    params = {"c1": glorot(k[0], (8, 1, 3, 3), 9, 72), "b1": jnp.zeros(8),
              "c2": glorot(k[1], (16, 8, 3, 3), 72, 144), "b2": jnp.zeros(16),
              "w": glorot(k[2], (256, 10), 256, 10), "b": jnp.zeros(10)}
    conv = jax.lax.conv_general_dilated

    def forward(p, x):
        h = jax.nn.relu(conv(x, p["c1"], (1, 1), ((1, 1), (1, 1))) + p["b1"][None, :, None, None])
        h = jax.nn.relu(conv(h, p["c2"], (2, 2), ((1, 1), (1, 1))) + p["b2"][None, :, None, None])
        return h.reshape(h.shape[0], -1) @ p["w"] + p["b"]
    return jax_fit(params, forward, xtr, ytr, xte, yte, EPOCHS)


def main():
    report((("pytorch", run_torch), ("jax-jit", run_jax)), *images())


if __name__ == "__main__":
    main()
