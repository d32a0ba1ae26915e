# The same windows as windows.dl, from the same file.
import os
text = open(os.path.join(os.path.dirname(__file__), "..", "..", "datasets", "names.txt")).read()
vocab = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(vocab)}
ids = [stoi[ch] for ch in text]
xs = []
ys = []
a = b = c = 0
for i in range(len(ids)):
    ix = ids[i]
    xs.append([a, b, c])
    ys.append(ix)
    if ix == 0:
        a = b = c = 0
    else:
        a, b, c = b, c, ix
print(len(xs), len(ys))
