#!/usr/bin/env python3
"""Peers for the digits MLP benchmark (64-128-10, ReLU, Adam 1e-3, batch 32,
30 epochs, shuffled every epoch), on exactly the train/test split dlrepl's
split(data, 0.8, seed: 0) makes (its generator is reimplemented below), with
the pixels divided by 16. Prints `<peer> <samples/s> <test accuracy>` per
peer: PyTorch eager, JAX with a jit-compiled training step, and hand-written
NumPy. Threads: 2, or the first argument.
"""
import os
import sys
import time

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} intra_op_parallelism_threads={THREADS}"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

M64 = (1 << 64) - 1
EPOCHS, BATCH, LR = 30, 32, 1e-3


class Xoshiro:
    """dlrepl's RandomGenerator: xoshiro256** seeded by SplitMix64."""
    def __init__(self, seed):
        st = seed
        self.s = []
        for _ in range(4):
            st = (st + 0x9E3779B97F4A7C15) & M64
            z = st
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        m = self.next() * bound
        if (m & M64) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (m & M64) < threshold:
                m = self.next() * bound
        return m >> 64

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.below(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def data():
    here = os.path.join(os.path.dirname(__file__), "..", "datasets", "digits.csv")
    table = np.loadtxt(here, delimiter=",", skiprows=1, dtype=np.float32)
    x, y = table[:, :-1] / 16, table[:, -1].astype(np.int64)
    order = Xoshiro(0).permutation(len(y))
    cut = round(len(y) * 0.8)
    tr, te = order[:cut], order[cut:]
    return x[tr], y[tr], x[te], y[te]


def batches(n, epoch_rng):
    order = np.array(epoch_rng.permutation(n))
    return [order[i:i + BATCH] for i in range(0, n, BATCH)]


def plan(n, epochs=EPOCHS):
    """Every epoch's batches, shuffled as dlrepl shuffles (its generator, seed 1)."""
    rng = Xoshiro(1)
    return [batches(n, rng) for _ in range(epochs)]


def torch_fit(net, xtr, ytr, xte, yte, epochs=EPOCHS, optimizer=None, score=None):
    """Adam 1e-3 (or `optimizer`) with cross-entropy over `plan`; returns
    (samples/s, test accuracy, or `score(net, xte, yte)`)."""
    import torch
    opt = optimizer or torch.optim.Adam(net.parameters(), lr=LR)
    X, Y = torch.from_numpy(xtr), torch.from_numpy(ytr)
    # The batches' index tensors are made before timing, as a data loader would.
    epoch_plan = [[torch.from_numpy(idx) for idx in epoch] for epoch in plan(len(ytr), epochs)]
    start = time.perf_counter()
    for epoch in epoch_plan:
        for idx in epoch:
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(X[idx]), Y[idx])
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        acc = score(net, xte, yte) if score else (net(torch.from_numpy(xte)).argmax(1).numpy() == yte).mean()
    return epochs * len(ytr) / seconds, acc


def jax_fit(params, forward, xtr, ytr, xte, yte, epochs=EPOCHS):
    """Adam 1e-3 with cross-entropy over `plan`, each epoch of full batches one
    compiled loop (jax.lax.scan); returns (samples/s, test accuracy)."""
    import jax
    import jax.numpy as jnp
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)

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

    # Gathering the batches is data preparation, done before timing, as a data loader would.
    prepared = []
    for epoch in plan(len(ytr), epochs):
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
    return epochs * len(ytr) / seconds, acc


def run_torch(xtr, ytr, xte, yte):
    import torch
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return torch_fit(net, xtr, ytr, xte, yte)


def run_jax(xtr, ytr, xte, yte):
    import jax
    import jax.numpy as jnp
    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    lim1, lim2 = np.sqrt(6 / (64 + 128)), np.sqrt(6 / (128 + 10))
    params = {"w1": jax.random.uniform(k1, (64, 128), minval=-lim1, maxval=lim1), "b1": jnp.zeros(128),
              "w2": jax.random.uniform(k2, (128, 10), minval=-lim2, maxval=lim2), "b2": jnp.zeros(10)}

    def forward(p, x):
        return jax.nn.relu(x @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
    return jax_fit(params, forward, xtr, ytr, xte, yte)


def run_numpy(xtr, ytr, xte, yte):
    rs = np.random.RandomState(0)
    lim1, lim2 = np.sqrt(6 / (64 + 128)), np.sqrt(6 / (128 + 10))
    p = [rs.uniform(-lim1, lim1, (64, 128)).astype(np.float32), np.zeros(128, np.float32),
         rs.uniform(-lim2, lim2, (128, 10)).astype(np.float32), np.zeros(10, np.float32)]
    m = [np.zeros_like(a) for a in p]
    v = [np.zeros_like(a) for a in p]
    start = time.perf_counter()
    t = 0
    for epoch in plan(len(ytr)):
        for idx in epoch:
            t += 1
            x, y = xtr[idx], ytr[idx]
            z = x @ p[0] + p[1]
            h = np.maximum(z, 0)
            logits = h @ p[2] + p[3]
            e = np.exp(logits - logits.max(1, keepdims=True))
            d = e / e.sum(1, keepdims=True)
            d[np.arange(len(y)), y] -= 1
            d /= len(y)
            g2, gb2 = h.T @ d, d.sum(0)
            dh = (d @ p[2].T) * (z > 0)
            grads = [x.T @ dh, dh.sum(0), g2, gb2]
            c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
            for i, g in enumerate(grads):
                m[i] += 0.1 * (g - m[i])
                v[i] = v[i] * 0.999 + 0.001 * g * g
                p[i] -= LR / c1 * m[i] / (np.sqrt(v[i]) / np.sqrt(c2) + 1e-8)
    seconds = time.perf_counter() - start
    logits = np.maximum(xte @ p[0] + p[1], 0) @ p[2] + p[3]
    return EPOCHS * len(ytr) / seconds, (logits.argmax(1) == yte).mean()


def report(runs, *task):
    """Runs each peer on the task and prints `<peer> <rate> <accuracy or loss>`;
    a peer that is not installed, or fails, is reported, not fatal."""
    for name, fn in runs:
        try:
            rate, value = fn(*task)
            print(f"{name} {rate:.0f} {value:.4f}", flush=True)
        except ImportError as e:
            print(f"# {name} not installed ({e.name})", file=sys.stderr)
        except Exception as e:
            print(f"# {name} failed: {e}", file=sys.stderr)


def main():
    report((("pytorch", run_torch), ("jax-jit", run_jax), ("numpy", run_numpy)), *data())


if __name__ == "__main__":
    main()
