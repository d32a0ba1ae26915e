#!/usr/bin/env python3
"""Peers for the sequence benchmarks, on the sonnets: non-overlapping windows
of 64 characters (x the ids, y the next ids), batch 32, Adam (lr 3e-3),
cross-entropy over every position, EPOCHS epochs in dlrepl's shuffled order.

  lstm  embedding 32 → LSTM 128 → dense(vocab)
  gru   embedding 32 → GRU 128 → dense(vocab)
  gpt   embedding 64 + learned positions → 2 blocks (layernorm → 4-head causal
        attention, residual; layernorm → dense 256 → GELU → dense 64,
        residual) → layernorm → dense(vocab)

Prints `<peer> <tokens/s> <final training loss>` for PyTorch eager and JAX
with a jit-compiled epoch. Usage: seq_peers.py THREADS TASK
"""
import os
import sys
import time

THREADS = int(sys.argv[1])
TASK = sys.argv[2]
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} intra_op_parallelism_threads={THREADS}"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from digits_peers import plan, report  # noqa: E402  (plan: dlrepl's shuffle, reimplemented)

LENGTH, BATCH, LR = 64, 32, 3e-3
EPOCHS = {"lstm": 2, "gru": 2, "gpt": 2}[TASK]


def corpus():
    here = os.path.join(os.path.dirname(__file__), "..", "datasets")
    name = next(n for n in ("sonnets.txt", "shakespeare_sonnets.txt") if os.path.exists(os.path.join(here, n)))
    text = open(os.path.join(here, name), encoding="utf-8").read()
    vocab = sorted(set(text))
    ids = np.array([vocab.index(c) for c in text], dtype=np.int64)
    n = (len(ids) - 1) // LENGTH
    x = np.stack([ids[i * LENGTH:(i + 1) * LENGTH] for i in range(n)])
    y = np.stack([ids[i * LENGTH + 1:(i + 1) * LENGTH + 1] for i in range(n)])
    return len(vocab), x, y


def run_torch(vocab, x, y):
    import torch
    import torch.nn as nn
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)

    class LSTM(nn.Module):
        def __init__(self):
            super().__init__()
            # Made in this order (the embedding first) so the weights come from the same draws as before.
            self.emb = nn.Embedding(vocab, 32)
            self.rnn = nn.LSTM(32, 128, batch_first=True) if TASK == "lstm" else nn.GRU(32, 128, batch_first=True)
            self.out = nn.Linear(128, vocab)

        def forward(self, ids):
            return self.out(self.rnn(self.emb(ids))[0])

    class Block(nn.Module):
        def __init__(self, d=64, heads=4):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
            self.up, self.down = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
            self.heads = heads

        def forward(self, h):
            b, t, d = h.shape
            a = self.ln1(h)
            split = lambda z: z.view(b, t, self.heads, d // self.heads).transpose(1, 2)
            q, k, v = split(self.q(a)), split(self.k(a)), split(self.v(a))
            s = q @ k.transpose(-1, -2) / (d // self.heads) ** 0.5
            s = s.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
            h = h + self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))
            return h + self.down(nn.functional.gelu(self.up(self.ln2(h))))

    class GPT(nn.Module):
        def __init__(self, d=64):
            super().__init__()
            self.emb, self.pos = nn.Embedding(vocab, d), nn.Parameter(torch.randn(LENGTH, d) * 0.02)
            self.blocks = nn.Sequential(Block(), Block())
            self.ln, self.out = nn.LayerNorm(d), nn.Linear(d, vocab)

        def forward(self, ids):
            return self.out(self.ln(self.blocks(self.emb(ids) + self.pos[:ids.shape[1]])))

    net = LSTM() if TASK in ("lstm", "gru") else GPT()
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    start = time.perf_counter()
    for epoch in plan(len(x), EPOCHS):
        total, count = 0.0, 0
        for idx in epoch:
            idx = torch.from_numpy(idx)
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(X[idx]).reshape(-1, vocab), Y[idx].reshape(-1))
            loss.backward()
            opt.step()
            total, count = total + loss.item() * len(idx), count + len(idx)
    seconds = time.perf_counter() - start
    return EPOCHS * len(x) * LENGTH / seconds, total / count


def run_jax(vocab, x, y):
    import jax
    import jax.numpy as jnp
    keys = iter(jax.random.split(jax.random.PRNGKey(0), 64))

    def dense(i, o):
        lim = 1 / np.sqrt(i)
        return {"w": jax.random.uniform(next(keys), (i, o), minval=-lim, maxval=lim), "b": jnp.zeros(o)}

    def layernorm(p, h):
        mu, var = h.mean(-1, keepdims=True), h.var(-1, keepdims=True)
        return (h - mu) / jnp.sqrt(var + 1e-5) * p["g"] + p["b"]

    if TASK == "lstm":
        lim = 1 / np.sqrt(128)
        params = {"emb": jax.random.normal(next(keys), (vocab, 32)),
                  "wih": jax.random.uniform(next(keys), (32, 512), minval=-lim, maxval=lim),
                  "whh": jax.random.uniform(next(keys), (128, 512), minval=-lim, maxval=lim),
                  "b": jnp.zeros(512), "out": dense(128, vocab)}

        def forward(p, ids):
            xs = p["emb"][ids] @ p["wih"] + p["b"]            # [b, t, 4h] for every step at once

            def cell(carry, xt):
                h, c = carry
                z = xt + h @ p["whh"]
                i, f, g, o = jnp.split(z, 4, axis=-1)
                c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
                h = jax.nn.sigmoid(o) * jnp.tanh(c)
                return (h, c), h
            zeros = jnp.zeros((ids.shape[0], 128))
            _, hs = jax.lax.scan(cell, (zeros, zeros), xs.transpose(1, 0, 2))
            return hs.transpose(1, 0, 2) @ p["out"]["w"] + p["out"]["b"]
    elif TASK == "gru":
        lim = 1 / np.sqrt(128)
        params = {"emb": jax.random.normal(next(keys), (vocab, 32)),
                  "wih": jax.random.uniform(next(keys), (32, 384), minval=-lim, maxval=lim),
                  "whh": jax.random.uniform(next(keys), (128, 384), minval=-lim, maxval=lim),
                  "bih": jnp.zeros(384), "bhh": jnp.zeros(384), "out": dense(128, vocab)}

        def forward(p, ids):
            xs = p["emb"][ids] @ p["wih"] + p["bih"]          # [b, t, 3h] for every step at once

            def cell(h, xt):
                gh = h @ p["whh"] + p["bhh"]
                xr, xz, xn = jnp.split(xt, 3, axis=-1)
                hr, hz, hn = jnp.split(gh, 3, axis=-1)
                r, z = jax.nn.sigmoid(xr + hr), jax.nn.sigmoid(xz + hz)
                n = jnp.tanh(xn + r * hn)
                h = (1 - z) * n + z * h
                return h, h
            _, hs = jax.lax.scan(cell, jnp.zeros((ids.shape[0], 128)), xs.transpose(1, 0, 2))
            return hs.transpose(1, 0, 2) @ p["out"]["w"] + p["out"]["b"]
    else:
        d = 64

        def block():
            return {"ln1": {"g": jnp.ones(d), "b": jnp.zeros(d)}, "ln2": {"g": jnp.ones(d), "b": jnp.zeros(d)},
                    "q": dense(d, d), "k": dense(d, d), "v": dense(d, d), "o": dense(d, d),
                    "up": dense(d, 4 * d), "down": dense(4 * d, d)}
        params = {"emb": jax.random.normal(next(keys), (vocab, d)), "pos": 0.02 * jax.random.normal(next(keys), (LENGTH, d)),
                  "blocks": [block(), block()], "ln": {"g": jnp.ones(d), "b": jnp.zeros(d)}, "out": dense(d, vocab)}
        mask = jnp.triu(jnp.ones((LENGTH, LENGTH), dtype=bool), 1)

        def lin(p, h):
            return h @ p["w"] + p["b"]

        def forward(p, ids):
            b, t = ids.shape
            h = p["emb"][ids] + p["pos"][:t]
            for blk in p["blocks"]:
                a = layernorm(blk["ln1"], h)
                split = lambda z: z.reshape(b, t, 4, d // 4).transpose(0, 2, 1, 3)
                q, k, v = split(lin(blk["q"], a)), split(lin(blk["k"], a)), split(lin(blk["v"], a))
                s = jnp.where(mask[:t, :t], -jnp.inf, q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // 4))
                h = h + lin(blk["o"], (jax.nn.softmax(s, -1) @ v).transpose(0, 2, 1, 3).reshape(b, t, d))
                h = h + lin(blk["down"], jax.nn.gelu(lin(blk["up"], layernorm(blk["ln2"], h)), approximate=False))
            return lin(p["out"], layernorm(p["ln"], h))

    def loss_fn(p, xb, yb):
        logp = jax.nn.log_softmax(forward(p, xb))
        return -jnp.mean(jnp.take_along_axis(logp, yb[..., None], -1))

    def step(carry, batch):
        p, m, v, t = carry
        loss, g = jax.value_and_grad(loss_fn)(p, *batch)
        t = t + 1.0
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
        p = jax.tree_util.tree_map(lambda w, a, b: w - LR / c1 * a / (jnp.sqrt(b) / jnp.sqrt(c2) + 1e-8), p, m, v)
        return (p, m, v, t), loss

    @jax.jit
    def epoch_fn(carry, xs, ys):
        return jax.lax.scan(step, carry, (xs, ys))

    # Full batches only (the last short batch of each epoch is dropped), gathered before timing.
    prepared = []
    for epoch in plan(len(x), EPOCHS):
        fulls = np.stack([e for e in epoch if len(e) == BATCH])
        prepared.append((jnp.asarray(x[fulls]), jnp.asarray(y[fulls])))
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    carry = (params, zeros, zeros, jnp.asarray(0.0))
    jax.block_until_ready(epoch_fn(carry, *prepared[0]))    # compile before timing
    start = time.perf_counter()
    for xs, ys in prepared:
        carry, losses = epoch_fn(carry, xs, ys)
    jax.block_until_ready(carry)
    seconds = time.perf_counter() - start
    tokens = sum(xs.shape[0] * BATCH * LENGTH for xs, _ in prepared)
    return tokens / seconds, float(np.mean(np.asarray(losses)))


def main():
    report((("pytorch", run_torch), ("jax-jit", run_jax)), *corpus())


if __name__ == "__main__":
    main()
