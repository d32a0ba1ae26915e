#!/usr/bin/env python3
"""Peers for the mini-LeNet benchmark (bench/lenet.dl): 8×8 digits,
conv(8, 3×3, pad 1) → relu → conv(16, 3×3, stride 2, pad 1) → relu → dense(10),
Adam 1e-3, batch 32, 10 epochs, on dlrepl's split and shuffling (from
digits_peers.py). Prints `<peer> <samples/s> <test accuracy>`: PyTorch eager
and JAX with a jit-compiled epoch. Threads: 2, or the first argument.
"""
import os
import sys
import time

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} intra_op_parallelism_threads={THREADS}"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
sys.path.insert(0, os.path.dirname(__file__))

import numpy as np  # noqa: E402
from digits_peers import Xoshiro, data, BATCH  # noqa: E402

EPOCHS, LR = 10, 1e-3


def images():
    xtr, ytr, xte, yte = data()
    return xtr.reshape(-1, 1, 8, 8), ytr, xte.reshape(-1, 1, 8, 8), yte


def plan(n):
    rng = Xoshiro(1)
    out = []
    for _ in range(EPOCHS):
        order = np.array(rng.permutation(n))
        out.append([order[i:i + BATCH] for i in range(0, n, BATCH)])
    return out


def run_torch(xtr, ytr, xte, yte):
    import torch
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
                        nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    X, Y = torch.from_numpy(xtr), torch.from_numpy(ytr)
    epochs = plan(len(ytr))
    start = time.perf_counter()
    for epoch in epochs:
        for idx in epoch:
            idx = torch.from_numpy(idx)
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(X[idx]), Y[idx])
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        acc = (net(torch.from_numpy(xte)).argmax(1).numpy() == yte).mean()
    return EPOCHS * len(ytr) / seconds, acc


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
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    conv = jax.lax.conv_general_dilated

    def forward(p, x):
        h = jax.nn.relu(conv(x, p["c1"], (1, 1), ((1, 1), (1, 1))) + p["b1"][None, :, None, None])
        h = jax.nn.relu(conv(h, p["c2"], (2, 2), ((1, 1), (1, 1))) + p["b2"][None, :, None, None])
        return h.reshape(h.shape[0], -1) @ p["w"] + p["b"]

    def loss_fn(p, x, y):
        return -jnp.mean(jax.nn.log_softmax(forward(p, x))[jnp.arange(y.shape[0]), y])

    def step(p, m, v, t, x, y):
        g = jax.grad(loss_fn)(p, x, y)
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
        p = jax.tree_util.tree_map(lambda w, a, b: w - LR / c1 * a / (jnp.sqrt(b) / jnp.sqrt(c2) + 1e-8), p, m, v)
        return p, m, v
    step_jit = jax.jit(step)

    @jax.jit
    def epoch_fn(p, m, v, t, xs, ys):
        # A whole epoch of full batches in one compiled loop: no Python per step.
        def body(carry, batch):
            p, m, v, t = carry
            p, m, v = step(p, m, v, t + 1.0, *batch)
            return (p, m, v, t + 1.0), None
        (p, m, v, t), _ = jax.lax.scan(body, (p, m, v, t), (xs, ys))
        return p, m, v, t

    prepared = []
    for epoch in plan(len(ytr)):
        fulls = np.stack([e for e in epoch if len(e) == BATCH])
        tail = [e for e in epoch if len(e) != BATCH]
        prepared.append((jnp.asarray(xtr[fulls]), jnp.asarray(ytr[fulls]),
                         [(jnp.asarray(xtr[e]), jnp.asarray(ytr[e])) for e in tail]))
    t = jnp.asarray(0.0)
    xs, ys, tail = prepared[0]
    jax.block_until_ready(epoch_fn(params, m, v, t, xs, ys))   # compile before timing
    for x, y in tail:
        jax.block_until_ready(step_jit(params, m, v, 1.0, x, y))
    start = time.perf_counter()
    for xs, ys, tail in prepared:
        params, m, v, t = epoch_fn(params, m, v, t, xs, ys)
        for x, y in tail:
            t = t + 1.0
            params, m, v = step_jit(params, m, v, t, x, y)
    jax.block_until_ready(params)
    seconds = time.perf_counter() - start
    acc = (np.asarray(forward(params, jnp.asarray(xte)).argmax(1)) == yte).mean()
    return EPOCHS * len(ytr) / seconds, acc


def main():
    xtr, ytr, xte, yte = images()
    for name, fn in (("pytorch", run_torch), ("jax-jit", run_jax)):
        try:
            rate, acc = fn(xtr, ytr, xte, yte)
            print(f"{name} {rate:.0f} {acc:.4f}", flush=True)
        except ImportError as e:
            print(f"# {name} not installed ({e.name})", file=sys.stderr)


if __name__ == "__main__":
    main()
