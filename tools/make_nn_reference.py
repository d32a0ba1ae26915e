#!/usr/bin/env python3
"""Reference values from PyTorch (CPU) for the neural-network tests.

Writes
- Tests/DLNNTests/Golden/nn.json: optimizer trajectories, layer and loss
  forward/backward values, computed with torch.optim / torch.nn;
- Tests/DLLangTests/Scripts/torch_reference.dl: a dlrepl program that sets
  weights with assign, steps optimizers with step, and checks outputs and
  weights against the PyTorch numbers written into it.

Run from the repository root: python3 tools/make_nn_reference.py
(needs torch, e.g. pip install torch==2.13.0+cpu)
"""
import json
import os

import numpy as np
import torch

torch.manual_seed(0)
rs = np.random.RandomState(7)
root = os.path.join(os.path.dirname(__file__), "..")


def t(a):
    a = np.asarray(a.detach().numpy() if isinstance(a, torch.Tensor) else a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def rand(*shape, scale=1.0):
    return torch.tensor(rs.uniform(-1, 1, size=shape).astype(np.float32) * scale)


# --- optimizers: 5 steps from fixed gradients --------------------------------
OPTIMIZERS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.1}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.01}),
    ("adamw", {"lr": 0.02, "weight_decay": 0.1}),
]
classes = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad,
           "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}
optimizer_cases = []
for name, kw in OPTIMIZERS:
    p = torch.nn.Parameter(rand(3, 4))
    start = p.detach().clone()
    opt = classes[name]([p], **kw)
    grads, after = [], []
    for _ in range(5):
        g = rand(3, 4, scale=2.0)
        p.grad = g.clone()
        opt.step()
        grads.append(t(g)); after.append(t(p))
    hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
    optimizer_cases.append({"optimizer": name, "hyper": hyper, "start": t(start), "grads": grads, "after": after})


# --- layers: forward and gradients of sum(out * G) ----------------------------
def grads_of(out, inputs):
    G = rand(*out.shape)
    (out * G).sum().backward()
    return G, [t(x.grad) for x in inputs]


layer_cases = []
x = rand(5, 4, scale=2.0).requires_grad_(True)
lin = torch.nn.Linear(4, 3)
out = lin(x)
G, gs = grads_of(out, [x, lin.weight, lin.bias])
layer_cases.append({"layer": "dense", "x": t(x), "params": {"weight": t(lin.weight.T), "bias": t(lin.bias)},
                    "out": t(out), "upstream": t(G),
                    "grads": {"x": gs[0], "weight": t(lin.weight.grad.T), "bias": gs[2]}})

x = rand(6, 3, scale=2.0).requires_grad_(True)
bn = torch.nn.BatchNorm1d(3)
with torch.no_grad():
    bn.weight.copy_(rand(3) + 1); bn.bias.copy_(rand(3))
out = bn(x)
G, gs = grads_of(out, [x, bn.weight, bn.bias])
bn.eval()
x_eval = rand(2, 3)
layer_cases.append({"layer": "batchnorm", "x": t(x), "params": {"gamma": t(bn.weight), "beta": t(bn.bias)},
                    "out": t(out), "upstream": t(G), "grads": {"x": gs[0], "gamma": gs[1], "beta": gs[2]},
                    "running_mean": t(bn.running_mean), "running_var": t(bn.running_var),
                    "eval_x": t(x_eval), "eval_out": t(bn(x_eval))})

x = rand(4, 5, scale=2.0).requires_grad_(True)
ln = torch.nn.LayerNorm(5)
with torch.no_grad():
    ln.weight.copy_(rand(5) + 1); ln.bias.copy_(rand(5))
out = ln(x)
G, gs = grads_of(out, [x, ln.weight, ln.bias])
layer_cases.append({"layer": "layernorm", "x": t(x), "params": {"gamma": t(ln.weight), "beta": t(ln.bias)},
                    "out": t(out), "upstream": t(G), "grads": {"x": gs[0], "gamma": gs[1], "beta": gs[2]}})

# --- losses -------------------------------------------------------------------
loss_cases = []
z = rand(6, 4, scale=3.0).requires_grad_(True)
labels = torch.tensor([0, 3, 1, 1, 2, 3])
loss = torch.nn.functional.cross_entropy(z, labels); loss.backward(); loss = loss.detach()
loss_cases.append({"loss": "crossentropy", "output": t(z), "target": t(labels.float()), "value": float(loss), "grad": t(z.grad)})
z = rand(6, 1, scale=3.0).requires_grad_(True)
y = torch.tensor([[1.], [0.], [1.], [1.], [0.], [0.]])
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y); loss.backward(); loss = loss.detach()
loss_cases.append({"loss": "bce", "output": t(z), "target": t(y.reshape(-1)), "value": float(loss), "grad": t(z.grad)})
for name, fn in [("mse", torch.nn.functional.mse_loss), ("mae", torch.nn.functional.l1_loss)]:
    o = rand(5, 1, scale=2.0).requires_grad_(True); y = rand(5, 1, scale=2.0)
    loss = fn(o, y); loss.backward(); loss = loss.detach()
    loss_cases.append({"loss": name, "output": t(o), "target": t(y), "value": float(loss), "grad": t(o.grad)})

out_dir = os.path.join(root, "Tests", "DLNNTests", "Golden")
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "nn.json"), "w") as f:
    json.dump({"generator": "tools/make_nn_reference.py", "torch": torch.__version__, "optimizers": optimizer_cases,
               "layers": layer_cases, "losses": loss_cases}, f)


# --- a dlrepl program checked against PyTorch ----------------------------------
def lit(a):
    a = np.asarray(a.detach().numpy() if isinstance(a, torch.Tensor) else a, dtype=np.float32)
    if a.ndim == 0:
        return repr(float(a))
    if a.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in a) + "]"
    return "[" + ", ".join(lit(r) for r in a) + "]"


lines = ["# Generated by tools/make_nn_reference.py from PyTorch " + torch.__version__ + ": do not edit.",
         "# Weights are set with assign, optimizers stepped with step; every number is PyTorch's.",
         "fn close(a, b) { return item(max(abs(a - b))) < 1e-5 * (1 + item(max(abs(b)))) }"]
x = rand(4, 3); y = torch.tensor([0, 2, 1, 2])
net = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
lines += ["model net {", "  input(3)", "  dense(5)", "  tanh()", "  dense(3)", "}",
          f"x = tensor({lit(x)})", f"y = tensor({lit(y.float())})",
          f"assign(net.layers[0].weight, tensor({lit(net[0].weight.T)}))",
          f"assign(net.layers[0].bias, tensor({lit(net[0].bias)}))",
          f"assign(net.layers[2].weight, tensor({lit(net[2].weight.T)}))",
          f"assign(net.layers[2].bias, tensor({lit(net[2].bias)}))",
          f"print(close(net(x), tensor({lit(net(x))})))   # expect: true"]
for name, kw, dl in [("adam", {"lr": 0.01}, "adam(lr: 0.01)"),
                     ("sgd", {"lr": 0.1, "momentum": 0.9}, "sgd(lr: 0.1, momentum: 0.9)"),
                     ("rmsprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}, "rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8)"),
                     ("adamw", {"lr": 0.01, "weight_decay": 0.01}, "adamw(lr: 0.01, weight_decay: 0.01)")]:
    opt = classes[name](net.parameters(), **kw)
    lines.append(f"opt = {dl}")
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        lines += ["zero_grad(net)", "loss = -mean(sum(log_softmax(net(x)) * onehot(y, 3), axis: 1))",
                  f"print(close(loss, tensor({float(loss)!r})))   # expect: true", "backward(loss)", "step(opt, net)"]
    lines += [f"print(close(net.layers[0].weight, tensor({lit(net[0].weight.T)})), "
              f"close(net.layers[2].bias, tensor({lit(net[2].bias)})))   # expect: true true"]
with torch.no_grad():
    probs = torch.softmax(net(x), dim=1)
lines += [f"print(close(predict(net, x), tensor({lit(net(x))})), close(softmax(net(x)), tensor({lit(probs)})))   # expect: true true"]
with open(os.path.join(root, "Tests", "DLLangTests", "Scripts", "torch_reference.dl"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {len(optimizer_cases)} optimizer, {len(layer_cases)} layer, {len(loss_cases)} loss cases and torch_reference.dl")
