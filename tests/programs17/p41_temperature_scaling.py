# Post-hoc calibration: temperature scaling fitted with LBFGS on validation logits (closure, max_iter), the
# expected calibration error over confidence bins with torch.bucketize, and reliability-table rows.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(40, 4) * 3
labels = torch.where(torch.rand(40) < 0.7, logits.argmax(1), torch.randint(0, 4, (40,)))


def ece(logits, labels, n_bins=5):
    conf, pred = F.softmax(logits, dim=1).max(1)
    acc = pred.eq(labels)
    bounds = torch.linspace(0, 1, n_bins + 1)
    ids = torch.bucketize(conf, bounds[1:-1])
    e = torch.zeros(1)
    rows = []
    for b in range(n_bins):
        m = ids == b
        if m.any():
            gap = conf[m].mean() - acc[m].float().mean()
            e += m.float().mean() * gap.abs()
            rows.append((b, int(m.sum()), round(conf[m].mean().item(), 4), round(acc[m].float().mean().item(), 4)))
    return e.item(), rows


print("before: ECE %.4f" % ece(logits, labels)[0], ece(logits, labels)[1])
temperature = nn.Parameter(torch.ones(1) * 1.5)
optimizer = torch.optim.LBFGS([temperature], lr=0.01, max_iter=50)
nll = nn.CrossEntropyLoss()


def eval():
    optimizer.zero_grad()
    loss = nll(logits / temperature, labels)
    loss.backward()
    return loss


before = nll(logits, labels).item()
optimizer.step(eval)
after = nll(logits / temperature, labels).item()
print(f"Optimal temperature: {temperature.item():.3f}")
print(f"NLL before {before:.4f} after {after:.4f}")
print("after: ECE %.4f" % ece(logits / temperature.detach(), labels)[0])
state = optimizer.state[optimizer._params[0]]
print(sorted(k for k in state.keys()), state["func_evals"], state["n_iter"])
