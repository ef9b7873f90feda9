"""tqdm-free progress printing: f-strings of tensors, format specs on 0-d tensors."""
import torch

torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.randn(20, 3)
y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.1
opt = torch.optim.Adam([w], lr=0.1)
for step in range(6):
    loss = ((x @ w - y) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    bar = "#" * (step + 1) + "." * (5 - step)
    print(f"[{bar}] step {step} loss={loss:.4f} loss_item={loss.item():.4f} |g|={w.grad.norm():.3e}")
print(f"{loss.detach():.3f}", format(loss.detach(), ".2f"), "{:8.3f}|".format(loss.detach()))
print(f"w={w.detach()}")
print(f"int: {torch.tensor(7):d} {torch.tensor(7):>5}")
print(f"{torch.tensor(3.5)}", str(torch.tensor(2.25)), repr(torch.tensor(-1.0)))
print(f"round {round(loss.item(), 3)} float {float(loss):.5f} int {int(torch.tensor(9.7))}")
