"""The toy LSTM step of bench/lstm_step.dl in PyTorch (argument: threads), for comparison."""
import time, torch, sys
torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)
emb = torch.nn.Embedding(65, 32); lstm = torch.nn.LSTM(32, 128, batch_first=True); lin = torch.nn.Linear(128, 65)
ps = list(emb.parameters()) + list(lstm.parameters()) + list(lin.parameters())
opt = torch.optim.Adam(ps, lr=1e-3)
x = torch.randint(0, 65, (32, 64)); y = torch.randint(0, 65, (32, 64))
def step():
    opt.zero_grad()
    out = lin(lstm(emb(x))[0])
    loss = torch.nn.functional.cross_entropy(out.reshape(-1, 65), y.reshape(-1))
    loss.backward(); opt.step()
for _ in range(3): step()
n = 30; t0 = time.perf_counter()
for _ in range(n): step()
ms = (time.perf_counter() - t0) / n * 1000
print(f"torch threads={sys.argv[1]} step {ms:.1f} ms tokens/s {32*64/(ms/1000):.0f}")
