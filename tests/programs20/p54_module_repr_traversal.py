# Printing and walking bigger models: the repr folds repeated identical blocks ("(0-3): 4 x Linear"), named_modules
# with shared submodules (remove_duplicate), named_parameters(remove_duplicate=False) with tied weights,
# get_submodule/get_parameter paths, children vs modules, and apply() for initialisation.
import torch
import torch.nn as nn

torch.manual_seed(0)
stack = nn.Sequential(*[nn.Linear(4, 4) for _ in range(4)], nn.ReLU(), nn.ReLU(), nn.Linear(4, 2))
print(stack)
blocks = nn.ModuleList([nn.Sequential(nn.Linear(3, 3), nn.GELU()) for _ in range(3)])
print(blocks)
print(nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 3), nn.Linear(2, 2)]))
shared = nn.Linear(3, 3)


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = shared
        self.b = shared
        self.head = nn.Linear(3, 3)
        self.head.weight = self.a.weight


t = Tied()
print([n for n, _ in t.named_modules()], [n for n, _ in t.named_modules(remove_duplicate=False)])
print([n for n, _ in t.named_parameters()], len(list(t.named_parameters(remove_duplicate=False))))
print(sum(p.numel() for p in t.parameters()))
print(stack.get_submodule("6"), stack.get_parameter("6.bias").shape, t.get_submodule("head").out_features)
print([type(m).__name__ for m in blocks.children()], len(list(blocks.modules())))


def init(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.1)
        nn.init.zeros_(m.bias)


stack.apply(init)
print(stack(torch.ones(1, 4)))
print([n for n, _ in stack.named_children()], [n for n, b in stack.named_buffers()])
print(nn.Sequential(nn.Conv2d(1, 2, 3), nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)))
