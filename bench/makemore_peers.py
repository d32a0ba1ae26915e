#!/usr/bin/env python3
"""Peer for the makemore MLP benchmark (bench/makemore_mlp.dl): every
three-character context window of the names (a newline, id 0, ends a name
and resets the context), embedding 10 -> flatten -> 200 tanh -> 27 logits,
SGD 0.1, batch 32, 2 epochs, on exactly the split dlrepl's
split(data, 0.9, seed: 0) makes and in its shuffled order, with dlrepl's
initialisation (embedding normal(0, 1), dense Glorot-uniform, zero biases).
Prints `pytorch <samples/s> <loss on the held-out 10%>` for PyTorch eager.
Usage: makemore_peers.py THREADS
"""
import os
import sys

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from digits_peers import Xoshiro, torch_fit  # noqa: E402  (dlrepl's generator, and its shuffle in torch_fit)

EPOCHS, LR, CONTEXT = 2, 0.1, 3


def windows():
    here = os.path.join(os.path.dirname(__file__), "..", "datasets", "names.txt")
    text = open(here, encoding="utf-8").read()
    vocab = sorted(set(text))
    ids = [vocab.index(ch) for ch in text]
    xs, ys, context = [], [], [0] * CONTEXT
    for ix in ids:
        xs.append(list(context))
        ys.append(ix)
        context = [0] * CONTEXT if ix == 0 else context[1:] + [ix]
    x, y = np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)
    order = Xoshiro(0).permutation(len(y))
    cut = round(len(y) * 0.9)
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]], len(vocab)


def run_torch(xtr, ytr, xdev, ydev, vocab):
    import torch
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Embedding(vocab, 10), torch.nn.Flatten(),
                              torch.nn.Linear(CONTEXT * 10, 200), torch.nn.Tanh(), torch.nn.Linear(200, vocab))
    for layer in net:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)

    def held_out_loss(net, x, y):
        return torch.nn.functional.cross_entropy(net(torch.from_numpy(x)), torch.from_numpy(y)).item()
    return torch_fit(net, xtr, ytr, xdev, ydev, EPOCHS, torch.optim.SGD(net.parameters(), lr=LR), held_out_loss)


def main():
    xtr, ytr, xdev, ydev, vocab = windows()
    rate, loss = run_torch(xtr, ytr, xdev, ydev, vocab)
    print(f"pytorch {rate:.0f} {loss:.4f}", flush=True)


if __name__ == "__main__":
    main()
