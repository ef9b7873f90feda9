# Grad-CAM: a forward hook stores the last conv layer's activations, a full backward hook its output gradients;
# weights are the spatially averaged gradients, the map is ReLU of the weighted sum, upsampled and normalised.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, padding=1),
                      nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3))
store = {}


def fwd_hook(module, inp, out):
    store["act"] = out.detach()
    print("forward hook:", type(module).__name__, tuple(inp[0].shape), "->", tuple(out.shape))


def bwd_hook(module, grad_input, grad_output):
    store["grad"] = grad_output[0].detach()
    print("backward hook:", [None if g is None else tuple(g.shape) for g in grad_input],
          [tuple(g.shape) for g in grad_output])


h1 = model[4].register_forward_hook(fwd_hook)
h2 = model[4].register_full_backward_hook(bwd_hook)
img = torch.randn(1, 3, 8, 8, requires_grad=True)
logits = model(img)
cls = logits.argmax(dim=1).item()
model.zero_grad()
logits[0, cls].backward()
weights = store["grad"].mean(dim=(2, 3), keepdim=True)
cam = F.relu((weights * store["act"]).sum(dim=1, keepdim=True))
cam = F.interpolate(cam, size=(8, 8), mode="bilinear", align_corners=False)
cam = (cam - cam.min()) / (cam.max() - cam.min() + 1e-8)
print(cls, cam.shape, cam[0, 0, :2])
saliency = img.grad.abs().max(dim=1)[0]
print(saliency.shape, saliency.sum())
h1.remove()
h2.remove()
model(img)
print(len(model[4]._forward_hooks), len(model[4]._backward_hooks))
