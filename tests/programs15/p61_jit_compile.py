# Deployment snippets: torch.jit.script and torch.jit.trace of a small model and of a function, saving the
# scripted module to a BytesIO and loading it back, and torch.inference_mode around the calls.
import io
import torch
import torch.nn as nn

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


model = Net().eval()
x = torch.randn(3, 4)
scripted = torch.jit.script(model)
traced = torch.jit.trace(model, x)
buf = io.BytesIO()
torch.jit.save(scripted, buf)
buf.seek(0)
loaded = torch.jit.load(buf)
with torch.inference_mode():
    ref = model(x)
    print(ref)
    print(torch.allclose(scripted(x), ref), torch.allclose(traced(x), ref), torch.allclose(loaded(x), ref))


@torch.jit.script
def fused(a, b):
    return torch.sin(a) * b + b.pow(2)


print(fused(torch.ones(2), torch.tensor([1.0, 2.0])), isinstance(scripted, torch.jit.ScriptModule))
loss = traced(x).sum()
loss.backward()
print(model.fc1.bias.grad)
