"""torch.inference_mode / no_grad / enable_grad / set_grad_enabled as decorators and contexts."""
import torch
import torch.nn as nn

model = nn.Linear(2, 2)
x = torch.ones(1, 2)


@torch.no_grad()
def predict(m, inp):
    return m(inp)


@torch.inference_mode()
def predict2(m, inp):
    return m(inp)


print(predict(model, x).requires_grad, predict2(model, x).requires_grad)
with torch.inference_mode():
    y = model(x)
print(y.requires_grad, torch.is_inference_mode_enabled())
with torch.no_grad():
    print(torch.is_grad_enabled())
    with torch.enable_grad():
        print(torch.is_grad_enabled(), model(x).requires_grad)
for flag in (True, False):
    with torch.set_grad_enabled(flag):
        print(flag, model(x).requires_grad)
torch.set_grad_enabled(False)
print(model(x).requires_grad)
torch.set_grad_enabled(True)
print(model(x).requires_grad, model(x).grad_fn.name())
with torch.no_grad():
    model.weight.add_(1.0)
    model.bias.zero_()
print(model.weight.requires_grad, model.bias)
