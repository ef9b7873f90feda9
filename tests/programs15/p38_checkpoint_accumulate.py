# Memory-saving training code: torch.utils.checkpoint around blocks (use_reentrant=False), checkpoint_sequential,
# gradient accumulation over micro-batches with the loss divided by the number of steps, and CPU autocast
# blocks left out (float32 throughout); gradients compared with the plain forward.
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)
blocks = nn.Sequential(*[nn.Sequential(nn.Linear(8, 8), nn.GELU()) for _ in range(4)], nn.Linear(8, 1))
x, y = torch.randn(12, 8), torch.randn(12, 1)


def grads(forward):
    blocks.zero_grad()
    nn.functional.mse_loss(forward(x), y).backward()
    return torch.cat([p.grad.flatten() for p in blocks.parameters()])


plain = grads(blocks)
ckpt = grads(lambda t: blocks[4](checkpoint(lambda u: blocks[3](blocks[2](blocks[1](blocks[0](u)))), t,
                                            use_reentrant=False)))
seq = grads(lambda t: checkpoint_sequential(blocks, 2, t, use_reentrant=False))
print(torch.allclose(plain, ckpt, atol=1e-6), torch.allclose(plain, seq, atol=1e-6), f"{plain.norm().item():.6f}")
opt = torch.optim.SGD(blocks.parameters(), lr=0.1, momentum=0.9)
accum = 3
for epoch in range(2):
    opt.zero_grad(set_to_none=True)
    for i, (xb, yb) in enumerate(zip(x.split(4), y.split(4))):
        loss = nn.functional.mse_loss(blocks(xb), yb) / accum
        loss.backward()
        if (i + 1) % accum == 0:
            opt.step()
            opt.zero_grad()
    print(epoch, f"{loss.item() * accum:.6f}", blocks[0][0].weight.grad)
full = grads(blocks)
print(f"{full.norm().item():.6f}")
