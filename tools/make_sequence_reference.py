#!/usr/bin/env python3
"""Reference values from PyTorch (CPU) for pooling, embedding and the sequence layers.

Writes Tests/DLNNTests/Golden/sequence.json: for each case the layer spec,
the per-sample shape the model is built with, the input, every param in
dlrepl's layout (LANGUAGE.md, "Parameters and layouts"), the forward
output, a fixed upstream G, and the gradients of sum(out * G) with respect
to the input and every param. Sequence cases feed fewer steps than the
built length, since a model built for T steps takes any t <= T.

Run from the repository root: python3 tools/make_sequence_reference.py
(needs torch, e.g. pip install torch==2.13.0+cpu)
"""
import json
import math
import os

import numpy as np
import torch

torch.manual_seed(0)
rs = np.random.RandomState(11)
root = os.path.join(os.path.dirname(__file__), "..")


def t(a):
    a = np.asarray(a.detach().numpy() if isinstance(a, torch.Tensor) else a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def rand(*shape, scale=1.0):
    return torch.tensor(rs.uniform(-1, 1, size=shape).astype(np.float32) * scale)


cases = []


def case(kind, numbers, build, x, params, out, leaves, x_grad=True):
    """leaves: name -> tensor whose .grad is that param's gradient in our layout (after `fix`)."""
    G = rand(*out.shape)
    (out * G).sum().backward()
    grads = {name: t(fix(leaf.grad)) for name, (leaf, fix) in leaves.items()}
    if x_grad:
        grads["x"] = t(x.grad)
    cases.append({"kind": kind, "numbers": numbers, "build": build, "x": t(x),
                  "params": {k: t(v) for k, v in params.items()}, "out": t(out), "upstream": t(G), "grads": grads})


same = lambda g: g
transpose = lambda g: g.T

# --- pooling -------------------------------------------------------------------
for k, shape in [(2, (2, 3, 6, 6)), (3, (2, 2, 7, 8))]:
    x = rand(*shape, scale=2.0).requires_grad_(True)
    case("maxpool", {"size": k}, list(shape[1:]), x, {}, torch.nn.MaxPool2d(k)(x), {})
    x = rand(*shape, scale=2.0).requires_grad_(True)
    case("avgpool", {"size": k}, list(shape[1:]), x, {}, torch.nn.AvgPool2d(k)(x), {})

# --- embedding: ids [batch, time], repeated ids --------------------------------
emb = torch.nn.Embedding(7, 5)
ids = torch.tensor([[1, 4, 1, 6], [0, 6, 3, 1], [2, 2, 5, 0]])
case("embedding", {"vocab": 7, "dim": 5}, [4], ids.float(), {"weight": emb.weight}, emb(ids),
     {"weight": (emb.weight, same)}, x_grad=False)

# --- positions -------------------------------------------------------------------
x = rand(3, 5, 6).requires_grad_(True)
pos = torch.nn.Parameter(rand(8, 6, scale=0.5))
case("positional", {"length": 8}, [8, 6], x, {"weight": pos}, x + pos[:5], {"weight": (pos, same)})


def sinusoidal(time, d):
    pe = torch.zeros(time, d)
    p = torch.arange(time, dtype=torch.float64)[:, None]
    for j in range(d):
        angle = p[:, 0] / (10000 ** ((j - j % 2) / d))
        pe[:, j] = (torch.sin(angle) if j % 2 == 0 else torch.cos(angle)).float()
    return pe


x = rand(2, 9, 6).requires_grad_(True)
case("sinusoidal", {}, [12, 6], x, {}, x + sinusoidal(9, 6), {})
x = rand(2, 4, 5).requires_grad_(True)
case("sinusoidal", {}, [4, 5], x, {}, x + sinusoidal(4, 5), {})

# --- recurrent layers (batch_first; built for 7 steps, fed 5) --------------------
B, T, F, H = 3, 5, 4, 6
for kind, cls in [("rnn", torch.nn.RNN), ("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU)]:
    net = cls(F, H, batch_first=True)
    x = rand(B, T, F, scale=1.5).requires_grad_(True)
    out = net(x)[0]
    if kind == "gru":
        params = {"w_ih": net.weight_ih_l0.T, "w_hh": net.weight_hh_l0.T, "b_ih": net.bias_ih_l0, "b_hh": net.bias_hh_l0}
        leaves = {"w_ih": (net.weight_ih_l0, transpose), "w_hh": (net.weight_hh_l0, transpose),
                  "b_ih": (net.bias_ih_l0, same), "b_hh": (net.bias_hh_l0, same)}
    else:
        params = {"w_ih": net.weight_ih_l0.T, "w_hh": net.weight_hh_l0.T, "bias": net.bias_ih_l0 + net.bias_hh_l0}
        # Both PyTorch biases get the same gradient, that of their sum.
        leaves = {"w_ih": (net.weight_ih_l0, transpose), "w_hh": (net.weight_hh_l0, transpose),
                  "bias": (net.bias_ih_l0, same)}
    case(kind, {"hidden": H}, [7, F], x, params, out, leaves)

# last(): the final step of the fed length
x = rand(B, T, H).requires_grad_(True)
case("last", {}, [7, H], x, {}, x[:, -1], {})

# --- attention, by hand from wq..bo in our layout --------------------------------
for heads, causal, (B, T, D) in [(2, True, (2, 5, 8)), (4, False, (2, 4, 8)), (1, True, (1, 3, 4))]:
    names = ["wq", "wk", "wv", "wo", "bq", "bk", "bv", "bo"]
    p = {n: torch.nn.Parameter(rand(D, D, scale=0.6) if n.startswith("w") else rand(D, scale=0.3)) for n in names}
    x = rand(B, T, D).requires_grad_(True)
    dh = D // heads

    def split(a):
        return a.reshape(B, T, heads, dh).permute(0, 2, 1, 3)

    q, k, v = split(x @ p["wq"] + p["bq"]), split(x @ p["wk"] + p["bk"]), split(x @ p["wv"] + p["bv"])
    scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
    if causal:
        scores = scores.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    mixed = (torch.softmax(scores, -1) @ v).permute(0, 2, 1, 3).reshape(B, T, D)
    out = mixed @ p["wo"] + p["bo"]
    # The same with PyTorch's own module, mapping our weights onto its in_proj (rows = outputs).
    mha = torch.nn.MultiheadAttention(D, heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([p["wq"].T, p["wk"].T, p["wv"].T]))
        mha.in_proj_bias.copy_(torch.cat([p["bq"], p["bk"], p["bv"]]))
        mha.out_proj.weight.copy_(p["wo"].T); mha.out_proj.bias.copy_(p["bo"])
        mask = torch.nn.Transformer.generate_square_subsequent_mask(T) if causal else None
        check = mha(x, x, x, attn_mask=mask, need_weights=False)[0]
    assert torch.allclose(check, out, atol=1e-5), "hand-built attention differs from nn.MultiheadAttention"
    case("attention", {"heads": heads, "causal": 1 if causal else 0}, [T + 2, D], x, p, out,
         {n: (p[n], same) for n in names})

out_dir = os.path.join(root, "Tests", "DLNNTests", "Golden")
with open(os.path.join(out_dir, "sequence.json"), "w") as f:
    json.dump({"generator": "tools/make_sequence_reference.py", "torch": torch.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases")


# --- a dlrepl program: models written in the language, weights set by path ------
def lit(a):
    a = np.asarray(a.detach().numpy() if isinstance(a, torch.Tensor) else a, dtype=np.float32)
    if a.ndim == 0:
        return repr(float(a))
    if a.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in a) + "]"
    return "[" + ", ".join(lit(r) for r in a) + "]"


def assign(path, value):
    return f"assign({path}, tensor({lit(value)}))"


lines = ["# Generated by tools/make_sequence_reference.py from PyTorch " + torch.__version__ + ": do not edit.",
         "# Sequence models written in the language, weights set by path with assign; every number is PyTorch's.",
         "fn close(a, b) { return item(max(abs(a - b))) < 1e-4 * (1 + item(max(abs(b)))) }"]

# embedding → lstm → dense, on ids, with the gradient of one weight
emb = torch.nn.Embedding(7, 4); lstm = torch.nn.LSTM(4, 3, batch_first=True); lin = torch.nn.Linear(3, 2)
ids = torch.tensor([[1, 4, 1, 6, 0], [0, 6, 3, 1, 2]])
out = lin(lstm(emb(ids))[0])
G = rand(*out.shape)
(out * G).sum().backward()
lines += ["model tok {", "  input(5)", "  embedding(7, 4)", "  lstm(3)", "  dense(2)", "}",
          "print(tok.layers[1].w_ih.shape, tok.layers[1].w_hh.shape, tok.layers[1].bias.shape)   # expect: [4, 12] [3, 12] [12]",
          assign("tok.layers[0].weight", emb.weight),
          assign("tok.layers[1].w_ih", lstm.weight_ih_l0.T), assign("tok.layers[1].w_hh", lstm.weight_hh_l0.T),
          assign("tok.layers[1].bias", lstm.bias_ih_l0 + lstm.bias_hh_l0),
          assign("tok.layers[2].weight", lin.weight.T), assign("tok.layers[2].bias", lin.bias),
          f"ids = tensor({lit(ids.float())})",
          f"print(close(tok(ids), tensor({lit(out)})))   # expect: true",
          f"backward(sum(tok(ids) * tensor({lit(G)})))",
          f"print(close(tok.layers[1].w_hh.grad, tensor({lit(lstm.weight_hh_l0.grad.T)})), "
          f"close(tok.layers[0].weight.grad, tensor({lit(emb.weight.grad)})))   # expect: true true",
          "tok(tensor([[0, 1, 9, 2, 3]]))   # expect error: embedding: id 9 (at position 2) is not a whole number in 0..<7"]

# gru → last
gru = torch.nn.GRU(3, 2, batch_first=True)
x = rand(2, 4, 3)
out = gru(x)[0][:, -1]
lines += ["model g { input(4, 3); gru(2); last() }",
          assign("g.layers[0].w_ih", gru.weight_ih_l0.T), assign("g.layers[0].w_hh", gru.weight_hh_l0.T),
          assign("g.layers[0].b_ih", gru.bias_ih_l0), assign("g.layers[0].b_hh", gru.bias_hh_l0),
          f"print(close(g(tensor({lit(x)})), tensor({lit(out)})))   # expect: true"]

# rnn, and causal attention built by hand in torch
rnn = torch.nn.RNN(3, 2, batch_first=True)
lines += ["model r { input(4, 3); rnn(2) }",
          assign("r.layers[0].w_ih", rnn.weight_ih_l0.T), assign("r.layers[0].w_hh", rnn.weight_hh_l0.T),
          assign("r.layers[0].bias", rnn.bias_ih_l0 + rnn.bias_hh_l0),
          f"print(close(r(tensor({lit(x)})), tensor({lit(rnn(x)[0])})))   # expect: true"]
D, T, heads = 4, 3, 2
p = {n: rand(D, D, scale=0.6) if n.startswith("w") else rand(D, scale=0.3) for n in ["wq", "wk", "wv", "wo", "bq", "bk", "bv", "bo"]}
x = rand(2, T, D)
mha = torch.nn.MultiheadAttention(D, heads, batch_first=True)
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.cat([p["wq"].T, p["wk"].T, p["wv"].T]))
    mha.in_proj_bias.copy_(torch.cat([p["bq"], p["bk"], p["bv"]]))
    mha.out_proj.weight.copy_(p["wo"].T); mha.out_proj.bias.copy_(p["bo"])
    out = mha(x, x, x, attn_mask=torch.nn.Transformer.generate_square_subsequent_mask(T), need_weights=False)[0]
lines += ["model att { input(3, 4); attention(heads: 2, causal: true) }"]
lines += [assign(f"att.layers[0].{n}", v) for n, v in p.items()]
lines += [f"print(close(att(tensor({lit(x)})), tensor({lit(out)})))   # expect: true"]

# pooling
x = rand(1, 2, 4, 4)
lines += ["model pools { input(2, 4, 4); maxpool(2) }",
          f"print(close(pools(tensor({lit(x)})), tensor({lit(torch.nn.MaxPool2d(2)(x))})))   # expect: true",
          "model avg { input(2, 4, 4); avgpool(2); flatten() }",
          f"print(close(avg(tensor({lit(x)})), tensor({lit(torch.nn.AvgPool2d(2)(x).reshape(1, -1))})))   # expect: true"]

# what a learner sees for a few mistakes
lines += ["model bad { input(64); rnn(8) }   # expect error: rnn needs inputs [time, features] per sample, got [64]",
          "model bad2 { input(10, 6); attention(heads: 4) }   # expect error: attention: 6 features do not split into 4 equal heads",
          "model bad3 { input(10, 6); lstm(0) }   # expect error: lstm needs a positive hidden, got 0"]
with open(os.path.join(root, "Tests", "DLLangTests", "Scripts", "sequence_reference.dl"), "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote sequence_reference.dl")
