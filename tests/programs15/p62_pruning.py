# The pruning tutorial: prune.random_unstructured and l1_unstructured on a conv's weight, the weight_orig /
# weight_mask pair and the forward pre-hook, ln_structured on channels, global_unstructured across layers,
# the sparsity printed per layer, then prune.remove making it permanent.
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

torch.manual_seed(0)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 3, 3)
        self.conv2 = nn.Conv2d(3, 4, 3)
        self.fc1 = nn.Linear(4 * 2 * 2, 5)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.relu(self.conv2(x))
        return self.fc1(x.flatten(1))


model = LeNet()
module = model.conv1
prune.random_unstructured(module, name="weight", amount=0.3)
print([n for n, _ in module.named_parameters()], [n for n, _ in module.named_buffers()])
print(int((module.weight == 0).sum()), list(module._forward_pre_hooks.values())[0].__class__.__name__)
prune.l1_unstructured(module, name="bias", amount=1)
print(module.bias_mask)
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print(module.weight_mask.sum((1, 2, 3)))
params = ((model.conv2, "weight"), (model.fc1, "weight"))
prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.4)
for m, n in params:
    print(type(m).__name__, f"{100.0 * float(torch.sum(getattr(m, n) == 0)) / getattr(m, n).nelement():.2f}%")
out = model(torch.randn(2, 1, 10, 10))
out.sum().backward()
print(out.shape, int((model.fc1.weight_orig.grad == 0).sum()), int((model.fc1.weight_mask == 0).sum()))
prune.remove(module, "weight")
print([n for n, _ in module.named_parameters()], prune.is_pruned(model), prune.is_pruned(nn.Linear(1, 1)))
