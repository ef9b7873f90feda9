# Swin Transformer's window partition/reverse (view + permute), the relative position index from meshgrid and
# a bias table gathered into (heads, N, N), the shifted-window attention mask built with torch.roll and slices.
import torch
import torch.nn as nn


def window_partition(x, window_size):
    B, H, W, C = x.shape
    x = x.view(B, H // window_size, window_size, W // window_size, window_size, C)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, window_size, window_size, C)


def window_reverse(windows, window_size, H, W):
    B = int(windows.shape[0] / (H * W / window_size / window_size))
    x = windows.view(B, H // window_size, W // window_size, window_size, window_size, -1)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(B, H, W, -1)


torch.manual_seed(0)
ws, heads = 2, 2
coords = torch.stack(torch.meshgrid([torch.arange(ws), torch.arange(ws)], indexing="ij"))
coords_flatten = torch.flatten(coords, 1)
relative_coords = coords_flatten[:, :, None] - coords_flatten[:, None, :]
relative_coords = relative_coords.permute(1, 2, 0).contiguous()
relative_coords[:, :, 0] += ws - 1
relative_coords[:, :, 1] += ws - 1
relative_coords[:, :, 0] *= 2 * ws - 1
relative_position_index = relative_coords.sum(-1)
print(relative_position_index)
table = nn.Parameter(torch.zeros((2 * ws - 1) * (2 * ws - 1), heads))
nn.init.trunc_normal_(table, std=.02)
bias = table[relative_position_index.view(-1)].view(ws * ws, ws * ws, -1).permute(2, 0, 1).contiguous()
print(bias.shape)
H = W = 4
shift = ws // 2
img_mask = torch.zeros((1, H, W, 1))
cnt = 0
for h in (slice(0, -ws), slice(-ws, -shift), slice(-shift, None)):
    for w in (slice(0, -ws), slice(-ws, -shift), slice(-shift, None)):
        img_mask[:, h, w, :] = cnt
        cnt += 1
mask_windows = window_partition(img_mask, ws).view(-1, ws * ws)
attn_mask = mask_windows.unsqueeze(1) - mask_windows.unsqueeze(2)
attn_mask = attn_mask.masked_fill(attn_mask != 0, float(-100.0)).masked_fill(attn_mask == 0, float(0.0))
print(img_mask[0, :, :, 0])
print(attn_mask[3])
x = torch.randn(1, H, W, 4, requires_grad=True)
shifted = torch.roll(x, shifts=(-shift, -shift), dims=(1, 2))
win = window_partition(shifted, ws).view(-1, ws * ws, 4)
attn = (win @ win.transpose(-2, -1)) / 2 + bias[0] + attn_mask
out = window_reverse((attn.softmax(-1) @ win).view(-1, ws, ws, 4), ws, H, W)
out = torch.roll(out, shifts=(shift, shift), dims=(1, 2))
print(out.shape, torch.allclose(window_reverse(window_partition(x, ws), ws, H, W), x))
out.sum().backward()
print(x.grad[0, 0], table.grad.sum(0))
