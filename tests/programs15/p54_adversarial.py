# Adversarial examples as the FGSM tutorial computes them: input.requires_grad = True, model in eval mode,
# the loss's gradient sign, a perturbation clamped to [0, 1]; then PGD with projection onto the eps-ball and
# accuracy before and after; adversarial training's mixed loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Sequential(nn.Flatten(), nn.Linear(16, 12), nn.ReLU(), nn.Linear(12, 3))
x = torch.rand(10, 1, 4, 4)
y = torch.randint(0, 3, (10,))
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(20):
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()
model.eval()


def fgsm_attack(image, epsilon, data_grad):
    perturbed = image + epsilon * data_grad.sign()
    return torch.clamp(perturbed, 0, 1)


data = x.clone()
data.requires_grad = True
loss = F.nll_loss(F.log_softmax(model(data), dim=1), y)
model.zero_grad()
loss.backward()
for eps in (0.0, 0.05, 0.2):
    adv = fgsm_attack(data, eps, data.grad.data)
    acc = (model(adv).argmax(1) == y).float().mean().item()
    print(f"Epsilon: {eps}\tTest Accuracy = {acc:.2f}", adv.requires_grad)
delta = torch.zeros_like(x, requires_grad=True)
for step in range(5):
    loss = F.cross_entropy(model(x + delta), y)
    loss.backward()
    delta.data = (delta + 0.02 * delta.grad.detach().sign()).clamp(-0.1, 0.1)
    delta.data = (x + delta.data).clamp(0, 1) - x
    delta.grad.zero_()
    print(step, f"{loss.item():.6f}")
print((model(x + delta).argmax(1) == y).sum().item(), delta.abs().max().item() <= 0.1 + 1e-7)
model.train()
mixed = 0.5 * F.cross_entropy(model(x), y) + 0.5 * F.cross_entropy(model((x + delta).detach()), y)
print(f"{mixed.item():.6f}")
