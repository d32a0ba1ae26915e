#!/usr/bin/env python3
"""Writes Tests/DLTensorTests/Golden/ops.json: reference values for every
differentiable op of the engine, computed independently with NumPy.

For each case: the inputs, the op's keyword arguments, the forward output,
an upstream gradient G, and the gradient of L = sum(output * G) with
respect to each input, from hand-derived NumPy formulas (not autograd).
Also writes rng.json: the first draws of the documented generator
(xoshiro256** seeded by SplitMix64), from a separate Python implementation.

Run from the repository root: python3 tools/make_golden.py
"""
import json
import math
import os

import numpy as np
from scipy.special import erf

rs = np.random.RandomState(1234)
M64 = (1 << 64) - 1


def t(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def unbroadcast(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, s in enumerate(shape):
        if s == 1 and g.shape[i] != 1:
            g = g.sum(axis=i, keepdims=True)
    return g


def f32(*shape, lo=-2.0, hi=2.0):
    return rs.uniform(lo, hi, size=shape).astype(np.float32)


def away_from_zero(*shape):
    x = f32(*shape, lo=0.3, hi=2.0)
    return (x * np.where(rs.rand(*shape) < 0.5, -1, 1)).astype(np.float32)


cases = []


def case(op, inputs, out, grads, G, **kwargs):
    cases.append({
        "op": op, "kwargs": kwargs,
        "inputs": [t(x) for x in inputs],
        "output": t(out), "upstream": t(G), "grads": [t(g) for g in grads],
    })


def up(shape):
    return f32(*shape) if shape else np.float32(rs.uniform(-2, 2))


# Binary ops with broadcasting.
for a_shape, b_shape in [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 3), (4, 1)), ((3,), ())]:
    a = f32(*a_shape); b = f32(*b_shape)
    out = a + b; G = up(out.shape)
    case("add", [a, b], out, [unbroadcast(G, a.shape), unbroadcast(G, b.shape)], G)
    out = a - b; G = up(out.shape)
    case("sub", [a, b], out, [unbroadcast(G, a.shape), unbroadcast(-G, b.shape)], G)
    out = a * b; G = up(out.shape)
    case("mul", [a, b], out, [unbroadcast(G * b, a.shape), unbroadcast(G * a, b.shape)], G)
    bd = away_from_zero(*b_shape) if b_shape else np.float32(1.7)
    out = a / bd; G = up(out.shape)
    case("div", [a, bd], out, [unbroadcast(G / bd, a.shape), unbroadcast(-G * a / bd ** 2, bd.shape)], G)

base = f32(2, 3, lo=0.5, hi=2.0); ex = f32(2, 3, lo=-1.5, hi=2.5)
out = base ** ex; G = up(out.shape)
case("pow", [base, ex], out, [G * ex * base ** (ex - 1), G * out * np.log(base)], G)
base = f32(4, lo=0.5, hi=2.0); ex = np.float32(2.0)
out = base ** ex; G = up(out.shape)
case("pow", [base, ex], out, [G * ex * base ** (ex - 1), np.float32((G * out * np.log(base)).sum())], G)

# Unary ops.
x = f32(3, 4); G = up((3, 4))
case("neg", [x], -x, [-G], G)
case("exp", [x], np.exp(x), [G * np.exp(x)], G)
xp = f32(3, 4, lo=0.2, hi=3.0)
case("log", [xp], np.log(xp), [G / xp], G)
case("sqrt", [xp], np.sqrt(xp), [G / (2 * np.sqrt(xp))], G)
xa = away_from_zero(3, 4)
case("abs", [xa], np.abs(xa), [G * np.sign(xa)], G)
case("relu", [xa], np.maximum(xa, 0), [G * (xa > 0)], G)
case("sin", [x], np.sin(x), [G * np.cos(x)], G)
case("cos", [x], np.cos(x), [-G * np.sin(x)], G)
s = 1 / (1 + np.exp(-x))
case("sigmoid", [x], s, [G * s * (1 - s)], G)
th = np.tanh(x)
case("tanh", [x], th, [G * (1 - th ** 2)], G)
cdf = 0.5 * (1 + erf(x / math.sqrt(2))); pdf = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
case("gelu", [x], x * cdf, [G * (cdf + x * pdf)], G)

# Reductions.
x = f32(3, 4)
G = up(()); case("sum", [x], x.sum(), [np.full_like(x, G)], G)
G = up((4,)); case("sum", [x], x.sum(axis=0), [np.broadcast_to(G, x.shape)], G, axis=0)
G = up((3, 1)); case("sum", [x], x.sum(axis=1, keepdims=True), [np.broadcast_to(G, x.shape)], G, axis=1, keepdims=True)
G = up(()); case("mean", [x], x.mean(), [np.full_like(x, G / x.size)], G)
G = up((3,)); case("mean", [x], x.mean(axis=-1), [np.broadcast_to(G[:, None] / 4, x.shape)], G, axis=-1)
for name, fn, argf in [("max", np.max, np.argmax), ("min", np.min, np.argmin)]:
    G = up(()); g = np.zeros_like(x); g.reshape(-1)[argf(x)] = G
    case(name, [x], fn(x), [g], G)
    G = up((4,)); g = np.zeros_like(x); g[argf(x, axis=0), np.arange(4)] = G
    case(name, [x], fn(x, axis=0), [g], G, axis=0)

# Matrix products: plain, matrix-vector, vector-vector, batched with broadcasting.
for a_shape, b_shape in [((3, 4), (4, 5)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4, 2)), ((2, 1, 3, 4), (3, 4, 2))]:
    a = f32(*a_shape); b = f32(*b_shape)
    out = np.matmul(a, b); G = up(out.shape)
    A = a[None, :] if a.ndim == 1 else a
    B = b[:, None] if b.ndim == 1 else b
    Gm = G
    if b.ndim == 1: Gm = Gm[..., None]
    if a.ndim == 1: Gm = np.expand_dims(Gm, -2)
    ga = unbroadcast(np.matmul(Gm, np.swapaxes(B, -1, -2)), A.shape).reshape(a.shape)
    gb = unbroadcast(np.matmul(np.swapaxes(A, -1, -2), Gm), B.shape).reshape(b.shape)
    case("matmul", [a, b], out, [ga, gb], G)

# Shape ops.
x = f32(2, 3, 4)
G = up((4, 6)); case("reshape", [x], x.reshape(4, 6), [G.reshape(x.shape)], G, shape=[4, -1])
G = up((4, 3, 2)); case("transpose", [x], x.transpose(), [G.transpose()], G)
G = up((2, 4, 3)); case("transpose", [x], x.transpose(0, 2, 1), [G.transpose(0, 2, 1)], G, axes=[0, 2, 1])
sel = x[1, 0:3:2, -1]; G = up(sel.shape); g = np.zeros_like(x); g[1, 0:3:2, -1] = G
case("index", [x], sel, [g], G, items=[["at", 1], ["range", 0, 3, 2], ["at", -1]])
idx = [2, 0, 2]
sel = x[:, idx]; G = up(sel.shape); g = np.zeros_like(x); np.add.at(g, (slice(None), idx), G)
case("index", [x], sel, [g], G, items=[["range", None, None, None], ["positions", idx]])
a = f32(2, 3); b = f32(2, 1); c = f32(2, 2)
out = np.concatenate([a, b, c], axis=1); G = up(out.shape)
case("concat", [a, b, c], out, [G[:, :3], G[:, 3:4], G[:, 4:]], G, axis=1)

# Softmax family.
x = f32(3, 5) * 3
e = np.exp(x - x.max(axis=-1, keepdims=True)); y = e / e.sum(axis=-1, keepdims=True)
G = up(y.shape); case("softmax", [x], y, [y * (G - (G * y).sum(axis=-1, keepdims=True))], G, axis=-1)
e0 = np.exp(x - x.max(axis=0, keepdims=True)); y0 = e0 / e0.sum(axis=0, keepdims=True)
G = up(y0.shape); case("softmax", [x], y0, [y0 * (G - (G * y0).sum(axis=0, keepdims=True))], G, axis=0)
ls = np.log(y)
G = up(ls.shape); case("log_softmax", [x], ls, [G - y * G.sum(axis=-1, keepdims=True)], G, axis=-1)

# Leaky ReLU and the fused losses.
xa = away_from_zero(3, 4); G = up((3, 4))
case("leaky_relu", [xa], np.where(xa > 0, xa, 0.01 * xa), [G * np.where(xa > 0, 1, 0.01)], G, slope=0.01)
z = f32(5, 4) * 3; labels = np.array([0, 3, 1, 1, 2], dtype=np.float32)
e = np.exp(z - z.max(axis=1, keepdims=True)); p = e / e.sum(axis=1, keepdims=True)
loss = np.mean(-np.log(p[np.arange(5), labels.astype(int)]))
G = up(()); gz = p.copy(); gz[np.arange(5), labels.astype(int)] -= 1; gz *= G / 5
case("crossentropy", [z, labels], np.float32(loss), [gz, np.zeros_like(labels)], G, constant_inputs=[1])
z = f32(6, 1) * 4; tg = np.array([[1], [0], [0], [1], [1], [0]], dtype=np.float32)
s = 1 / (1 + np.exp(-z))
loss = np.mean(-(tg * np.log(s) + (1 - tg) * np.log(1 - s)))
G = up(()); case("bce", [z, tg], np.float32(loss), [(s - tg) * G / 6, np.zeros_like(tg)], G, constant_inputs=[1])

# conv2d, as PyTorch's cross-correlation, with stride and padding, by explicit loops.
def conv_case(b, c, h, w, oc, k, stride, padding):
    x = f32(b, c, h, w); wt = f32(oc, c, k, k); bias = f32(oc)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    out = np.zeros((b, oc, oh, ow), np.float32)
    for n in range(b):
        for o in range(oc):
            for i in range(oh):
                for j in range(ow):
                    patch = xp[n, :, i * stride:i * stride + k, j * stride:j * stride + k]
                    out[n, o, i, j] = (patch * wt[o]).sum() + bias[o]
    G = up(out.shape)
    gxp = np.zeros_like(xp); gw = np.zeros_like(wt)
    for n in range(b):
        for o in range(oc):
            for i in range(oh):
                for j in range(ow):
                    gxp[n, :, i * stride:i * stride + k, j * stride:j * stride + k] += G[n, o, i, j] * wt[o]
                    gw[o] += G[n, o, i, j] * xp[n, :, i * stride:i * stride + k, j * stride:j * stride + k]
    gx = gxp[:, :, padding:padding + h, padding:padding + w]
    case("conv2d", [x, wt, bias], out, [gx, gw, G.sum(axis=(0, 2, 3))], G, stride=stride, padding=padding)


conv_case(2, 2, 5, 5, 3, 3, 1, 0)
conv_case(1, 3, 6, 5, 2, 3, 2, 1)


# Pooling, window k stride k, as PyTorch's MaxPool2d(k) / AvgPool2d(k), by explicit loops.
def pool_case(b, c, h, w, k):
    x = f32(b, c, h, w); oh, ow = h // k, w // k
    G = up((b, c, oh, ow))
    mx = np.zeros((b, c, oh, ow), np.float32); gmx = np.zeros_like(x)
    av = np.zeros((b, c, oh, ow), np.float32); gav = np.zeros_like(x)
    for n in range(b):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    win = x[n, ch, i * k:(i + 1) * k, j * k:(j + 1) * k]
                    a, bb = np.unravel_index(np.argmax(win), win.shape)
                    mx[n, ch, i, j] = win[a, bb]
                    gmx[n, ch, i * k + a, j * k + bb] += G[n, ch, i, j]
                    av[n, ch, i, j] = win.mean()
                    gav[n, ch, i * k:(i + 1) * k, j * k:(j + 1) * k] += G[n, ch, i, j] / (k * k)
    case("maxpool2d", [x], mx, [gmx], G, k=k)
    case("avgpool2d", [x], av, [gav], G, k=k)


pool_case(2, 2, 4, 4, 2)
pool_case(1, 3, 7, 5, 3)

# Embedding lookup: rows of the table; repeated ids add their gradients.
table = f32(6, 3); ids = np.array([[1, 4, 1], [0, 5, 4]], dtype=np.float32)
out = table[ids.astype(int)]; G = up(out.shape); gt = np.zeros_like(table)
for pos, r in np.ndenumerate(ids.astype(int)):
    gt[r] += G[pos]
case("embedding", [table, ids], out, [gt, np.zeros_like(ids)], G, constant_inputs=[1])

# A whole LSTM layer as one op: x [b, t, f], w_ih [f, 4h], w_hh [h, 4h] and
# bias [4h] (gates i, f, g, o), from h = c = 0; returns every step's h.
# The gradient is backpropagation through time written out by hand.
def sig(v):
    return 1 / (1 + np.exp(-v))
b, steps, nf, hn = 2, 3, 3, 2
x = f32(b, steps, nf); wih = f32(nf, 4 * hn, lo=-1, hi=1); whh = f32(hn, 4 * hn, lo=-1, hi=1); bias = f32(4 * hn, lo=-1, hi=1)
X, Wi, Wh, B = (v.astype(np.float64) for v in (x, wih, whh, bias))
h = np.zeros((b, hn)); c = np.zeros((b, hn)); hs, cs, acts = [], [], []
for s in range(steps):
    z = X[:, s] @ Wi + h @ Wh + B
    i, f, g, o = sig(z[:, :hn]), sig(z[:, hn:2 * hn]), np.tanh(z[:, 2 * hn:3 * hn]), sig(z[:, 3 * hn:])
    cs.append(c); c = f * c + i * g; h = o * np.tanh(c)
    acts.append((i, f, g, o, np.tanh(c))); hs.append(h)
out = np.stack(hs, axis=1)
G = up(out.shape).astype(np.float64)
dX = np.zeros_like(X); dWi = np.zeros_like(Wi); dWh = np.zeros_like(Wh); dB = np.zeros_like(B)
dh_next = np.zeros((b, hn)); dc_next = np.zeros((b, hn))
for s in reversed(range(steps)):
    i, f, g, o, tc = acts[s]
    dh = G[:, s] + dh_next
    dc = dc_next + dh * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * cs[s] * f * (1 - f), dc * i * (1 - g ** 2), dh * tc * o * (1 - o)], axis=1)
    h_prev = hs[s - 1] if s > 0 else np.zeros((b, hn))
    dX[:, s] = dz @ Wi.T; dWi += X[:, s].T @ dz; dWh += h_prev.T @ dz; dB += dz.sum(axis=0)
    dh_next = dz @ Wh.T; dc_next = dc * f
case("lstm", [x, wih, whh, bias], out, [dX, dWi, dWh, dB], G.astype(np.float32))

# Layer normalisation over the last axis: y = xhat * gamma + beta.
x = f32(2, 3, 5); gamma = f32(5, lo=0.5, hi=1.5); beta = f32(5, lo=-1, hi=1); eps = 1e-5
X = x.astype(np.float64); mu = X.mean(axis=-1, keepdims=True); var = X.var(axis=-1, keepdims=True)
xhat = (X - mu) / np.sqrt(var + eps); out = xhat * gamma + beta
G = up(out.shape).astype(np.float64); g = G * gamma
dx = (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True)) / np.sqrt(var + eps)
case("layernorm", [x, gamma, beta], out, [dx, (G * xhat).sum(axis=(0, 1)), G.sum(axis=(0, 1))], G.astype(np.float32), eps=eps)

# Multi-head attention: q, k, v [b, t, d] in `heads` slices; per head
# W = softmax(Q K^T / sqrt(dh)) (later keys hidden when causal), Y = W V.
def attention_case(b, steps, d, heads, causal):
    q = f32(b, steps, d); k = f32(b, steps, d); v = f32(b, steps, d)
    Q, K, V = (a.astype(np.float64) for a in (q, k, v))
    dh = d // heads
    out = np.zeros((b, steps, d)); G = up((b, steps, d)).astype(np.float64)
    dQ = np.zeros_like(Q); dK = np.zeros_like(K); dV = np.zeros_like(V)
    hidden = np.triu(np.ones((steps, steps), dtype=bool), 1) if causal else np.zeros((steps, steps), dtype=bool)
    for n in range(b):
        for h in range(heads):
            sl = slice(h * dh, (h + 1) * dh)
            S = Q[n, :, sl] @ K[n, :, sl].T / np.sqrt(dh)
            S = np.where(hidden, -np.inf, S)
            W = np.exp(S - S.max(axis=1, keepdims=True)); W /= W.sum(axis=1, keepdims=True)
            out[n, :, sl] = W @ V[n, :, sl]
            dW = G[n, :, sl] @ V[n, :, sl].T
            dS = W * (dW - (dW * W).sum(axis=1, keepdims=True)) / np.sqrt(dh)
            dQ[n, :, sl] = dS @ K[n, :, sl]; dK[n, :, sl] = dS.T @ Q[n, :, sl]; dV[n, :, sl] = W.T @ G[n, :, sl]
    case("attention", [q, k, v], out, [dQ, dK, dV], G.astype(np.float32), heads=heads, causal=causal)


attention_case(2, 3, 4, 2, True)
attention_case(1, 4, 3, 1, False)

# A dense layer as one op: Y = X @ W + b.
x = f32(3, 4); w = f32(4, 5); bias = f32(5)
out = x @ w + bias; G = up(out.shape)
case("linear", [x, w, bias], out, [G @ w.T, x.T @ G, G.sum(axis=0)], G)

# A whole GRU layer as one op: x [b, t, f], w_ih [f, 3h], w_hh [h, 3h], b_ih
# and b_hh [3h] (gates r, z, n as PyTorch), from h = 0; returns every step's h.
# The gradient is backpropagation through time written out by hand.
b, steps, nf, hn = 2, 3, 3, 2
x = f32(b, steps, nf); wih = f32(nf, 3 * hn, lo=-1, hi=1); whh = f32(hn, 3 * hn, lo=-1, hi=1)
bih = f32(3 * hn, lo=-1, hi=1); bhh = f32(3 * hn, lo=-1, hi=1)
X, Wi, Wh, Bi, Bh = (v.astype(np.float64) for v in (x, wih, whh, bih, bhh))
h = np.zeros((b, hn)); hs, acts = [], []
for s in range(steps):
    gx = X[:, s] @ Wi + Bi; gh = h @ Wh + Bh
    r, z = sig(gx[:, :hn] + gh[:, :hn]), sig(gx[:, hn:2 * hn] + gh[:, hn:2 * hn])
    n = np.tanh(gx[:, 2 * hn:] + r * gh[:, 2 * hn:])
    acts.append((r, z, n, gh[:, 2 * hn:], h)); h = (1 - z) * n + z * h; hs.append(h)
out = np.stack(hs, axis=1)
G = up(out.shape).astype(np.float64)
dX = np.zeros_like(X); dWi = np.zeros_like(Wi); dWh = np.zeros_like(Wh); dBi = np.zeros_like(Bi); dBh = np.zeros_like(Bh)
dh_next = np.zeros((b, hn))
for s in reversed(range(steps)):
    r, z, n, ghn, h_prev = acts[s]
    dh = G[:, s] + dh_next
    dn = dh * (1 - z) * (1 - n ** 2)
    dr = dn * ghn * r * (1 - r); dz = dh * (h_prev - n) * z * (1 - z)
    dgx = np.concatenate([dr, dz, dn], axis=1); dgh = np.concatenate([dr, dz, dn * r], axis=1)
    dX[:, s] = dgx @ Wi.T; dWi += X[:, s].T @ dgx; dBi += dgx.sum(axis=0)
    dWh += h_prev.T @ dgh; dBh += dgh.sum(axis=0)
    dh_next = dh * z + dgh @ Wh.T
case("gru", [x, wih, whh, bih, bhh], out, [dX, dWi, dWh, dBi, dBh], G.astype(np.float32))

# A whole plain recurrent layer as one op: x [b, t, f], w_ih [f, h], w_hh
# [h, h] and bias [h], from h = 0: h' = tanh(x w_ih + b + h w_hh).
b, steps, nf, hn = 2, 4, 3, 2
x = f32(b, steps, nf); wih = f32(nf, hn, lo=-1, hi=1); whh = f32(hn, hn, lo=-1, hi=1); bias = f32(hn, lo=-1, hi=1)
X, Wi, Wh, B = (v.astype(np.float64) for v in (x, wih, whh, bias))
h = np.zeros((b, hn)); hs = []
for s in range(steps):
    h = np.tanh(X[:, s] @ Wi + B + h @ Wh); hs.append(h)
out = np.stack(hs, axis=1)
G = up(out.shape).astype(np.float64)
dX = np.zeros_like(X); dWi = np.zeros_like(Wi); dWh = np.zeros_like(Wh); dB = np.zeros_like(B)
dh_next = np.zeros((b, hn))
for s in reversed(range(steps)):
    dz = (G[:, s] + dh_next) * (1 - hs[s] ** 2)
    h_prev = hs[s - 1] if s > 0 else np.zeros((b, hn))
    dX[:, s] = dz @ Wi.T; dWi += X[:, s].T @ dz; dWh += h_prev.T @ dz; dB += dz.sum(axis=0)
    dh_next = dz @ Wh.T
case("rnn", [x, wih, whh, bias], out, [dX, dWi, dWh, dB], G.astype(np.float32))


def xoshiro_draws(seed, n):
    def splitmix(state):
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return state, z ^ (z >> 31)
    st = seed; s = []
    for _ in range(4):
        st, v = splitmix(st); s.append(v)
    rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
    out = []
    for _ in range(n):
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        tt = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= tt; s[3] = rotl(s[3], 45)
        out.append(result)
    return out


def uniforms(seed, n):
    return [float(np.float32((d >> 40) / 16777216.0)) for d in xoshiro_draws(seed, n)]


def normals(seed, n):
    d = xoshiro_draws(seed, n + 1)
    out = []
    for i in range(0, n, 2):
        u1 = ((d[i] >> 11) + 1) * 2.0 ** -53
        u2 = (d[i + 1] >> 11) * 2.0 ** -53
        r = math.sqrt(-2 * math.log(u1)); th = 2 * math.pi * u2
        out += [float(np.float32(r * math.cos(th))), float(np.float32(r * math.sin(th)))]
    return out[:n]


here = os.path.join(os.path.dirname(__file__), "..", "Tests", "DLTensorTests", "Golden")
os.makedirs(here, exist_ok=True)
with open(os.path.join(here, "ops.json"), "w") as f:
    json.dump({"generator": "tools/make_golden.py", "numpy": np.__version__, "cases": cases}, f)
rng = {"seeds": [{"seed": s, "raw": [str(v) for v in xoshiro_draws(s, 8)], "uniform": uniforms(s, 8),
                  "normal": normals(s, 8)} for s in (0, 1, 42, 2 ** 63 + 5)]}
with open(os.path.join(here, "rng.json"), "w") as f:
    json.dump(rng, f, indent=1)
print(f"wrote {len(cases)} op cases and {len(rng['seeds'])} generator seeds")
