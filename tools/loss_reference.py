"""Reference values for the loss calls (mse mae bce bce_logits crossentropy),
computed in float64 with numpy, as PyTorch's MSELoss, L1Loss, BCELoss,
BCEWithLogitsLoss and CrossEntropyLoss (mean reduction) define them.
Tests/DLLangTests/Scripts/losses.dl hard-codes what this prints.

Run: python3 tools/loss_reference.py
"""
import numpy as np


def logsumexp(z, axis=-1):
    m = z.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def crossentropy(z, y):
    z = z.reshape(-1, z.shape[-1])
    y = y.reshape(-1)
    return np.mean(logsumexp(z) - z[np.arange(len(y)), y])


def bce(p, t):
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_logits(z, t):
    return np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))))


pred = np.array([0.5, -1.0, 2.0, 3.5])
y = np.array([1.0, -2.0, 2.5, 0.0])
print("mse", np.mean((pred - y) ** 2))
print("mae", np.mean(np.abs(pred - y)))
p = np.array([0.9, 0.2, 0.6, 0.05])
t = np.array([1.0, 0.0, 1.0, 1.0])
print("bce", bce(p, t))
z = np.array([2.2, -1.4, 0.3, -3.0])
print("bce_logits", bce_logits(z, t))
logits = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0], [-0.5, 0.25, 3.0]])
labels = np.array([0, 2, 1])
print("crossentropy", crossentropy(logits, labels))
seq = np.array([[[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]], [[1.0, 1.0, 1.0], [3.0, -2.0, 0.5]]])
seq_labels = np.array([[0, 2], [1, 0]])
print("crossentropy_seq", crossentropy(seq, seq_labels))
# Gradients of the mean losses, to check the recorded backward passes.
print("mse_grad", 2 * (pred - y) / len(pred))
sm = np.exp(logits - logits.max(1, keepdims=True)); sm /= sm.sum(1, keepdims=True)
onehot = np.eye(3)[labels]
print("crossentropy_grad_row0", ((sm - onehot) / len(labels))[0])
print("bce_grad", -(t / p - (1 - t) / (1 - p)) / len(p))
