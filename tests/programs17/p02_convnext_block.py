# A ConvNeXt block: depthwise 7x7 conv, a channels-last LayerNorm through permute, an inverted MLP with GELU,
# a learnable layer-scale and stochastic depth (drop path) written as in the reference implementation.
import torch
import torch.nn as nn


def drop_path(x, drop_prob: float = 0.0, training: bool = False):
    if drop_prob == 0.0 or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    random_tensor = keep_prob + torch.rand(shape, dtype=x.dtype, device=x.device)
    random_tensor.floor_()
    return x.div(keep_prob) * random_tensor


class Block(nn.Module):
    def __init__(self, dim, drop_path=0.0, layer_scale_init_value=1e-6):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(layer_scale_init_value * torch.ones((dim)), requires_grad=True)
        self.drop_prob = drop_path

    def forward(self, x):
        inp = x
        x = self.dwconv(x)
        x = x.permute(0, 2, 3, 1)
        x = self.norm(x)
        x = self.pwconv2(self.act(self.pwconv1(x)))
        x = self.gamma * x
        x = x.permute(0, 3, 1, 2)
        return inp + drop_path(x, self.drop_prob, self.training)


torch.manual_seed(0)
blk = Block(8, drop_path=0.5, layer_scale_init_value=0.1)
x = torch.randn(4, 8, 6, 6, requires_grad=True)
y = blk(x)
print(y.shape, y.mean().item(), y.std().item())
y.pow(2).mean().backward()
print(blk.gamma.grad)
print(blk.dwconv.weight.grad.shape, blk.dwconv.weight.grad.abs().sum())
print(x.grad[0, 0, :2])
blk.eval()
with torch.inference_mode():
    z = blk(x)
print(z.requires_grad, z.is_inference(), (z - x).abs().max())
print(sum(p.numel() for p in blk.parameters()))
