# Transposed convolutions in generators and decoders: output_padding to hit an exact size, output_size= in the
# forward call, dilation and groups, the 1-D/3-D variants, and the shape formula checked for each.
import torch
import torch.nn as nn

torch.manual_seed(0)


def expected(L, k, s, p, op, d):
    return (L - 1) * s - 2 * p + d * (k - 1) + op + 1


for (k, s, p, op, d) in [(3, 2, 1, 1, 1), (4, 2, 1, 0, 1), (3, 3, 0, 2, 1), (3, 2, 2, 0, 2), (5, 1, 2, 0, 1)]:
    ct = nn.ConvTranspose2d(4, 2, k, stride=s, padding=p, output_padding=op, dilation=d)
    y = ct(torch.randn(1, 4, 5, 5))
    print((k, s, p, op, d), tuple(y.shape), expected(5, k, s, p, op, d))
down = nn.Conv2d(3, 6, 3, stride=2, padding=1)
up = nn.ConvTranspose2d(6, 3, 3, stride=2, padding=1)
for size in (7, 8):
    x = torch.randn(1, 3, size, size)
    h = down(x)
    print(size, tuple(h.shape), tuple(up(h).shape), tuple(up(h, output_size=x.shape[-2:]).shape))
g = nn.ConvTranspose2d(4, 6, 2, stride=2, groups=2, bias=False)
print(g.weight.shape, g(torch.randn(2, 4, 3, 3)).shape)
ct1 = nn.ConvTranspose1d(2, 1, 4, stride=2, padding=1)
seq = torch.arange(10.0).view(1, 2, 5)
print(ct1(seq).shape, round(ct1(seq).sum().item(), 4))
ct3 = nn.ConvTranspose3d(2, 2, (1, 2, 2), stride=(1, 2, 2))
print(ct3(torch.randn(1, 2, 3, 4, 4)).shape)
w = torch.arange(4.0).view(1, 1, 2, 2)
inp = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
print(nn.functional.conv_transpose2d(inp, w, stride=2))
print(nn.functional.conv_transpose2d(inp, w, stride=1, padding=0))
gen = nn.Sequential(nn.ConvTranspose2d(8, 4, 4, 1, 0), nn.BatchNorm2d(4), nn.ReLU(), nn.ConvTranspose2d(4, 1, 4, 2, 1), nn.Tanh())
z = torch.randn(3, 8, 1, 1)
out = gen(z)
out.mean().backward()
print(out.shape, round(gen[0].weight.grad.abs().sum().item(), 5), round(gen[3].bias.grad.item(), 5))
