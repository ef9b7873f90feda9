# MLP-Mixer (token mixing via transpose, channel mixing, LayerNorm, GELU) and a Perceiver-style cross-attention
# from a learned latent array to the inputs with nn.MultiheadAttention (kdim/vdim, batch_first, a padding mask).
import torch
import torch.nn as nn


class MixerBlock(nn.Module):
    def __init__(self, n_tokens, dim, tok_hidden, ch_hidden):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.token_mlp = nn.Sequential(nn.Linear(n_tokens, tok_hidden), nn.GELU(), nn.Linear(tok_hidden, n_tokens))
        self.channel_mlp = nn.Sequential(nn.Linear(dim, ch_hidden), nn.GELU(approximate="tanh"),
                                         nn.Linear(ch_hidden, dim))

    def forward(self, x):
        x = x + self.token_mlp(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        return x + self.channel_mlp(self.norm2(x))


torch.manual_seed(0)
patchify = nn.Conv2d(3, 6, kernel_size=4, stride=4)
mixer = nn.Sequential(MixerBlock(4, 6, 8, 12), MixerBlock(4, 6, 8, 12))
imgs = torch.randn(2, 3, 8, 8)
tokens = patchify(imgs).flatten(2).transpose(1, 2)
feats = mixer(tokens)
print(tokens.shape, feats.mean(1))
latents = nn.Parameter(torch.randn(3, 5))
xattn = nn.MultiheadAttention(embed_dim=5, num_heads=1, kdim=6, vdim=6, batch_first=True)
pad = torch.tensor([[False, False, False, True], [False, False, False, False]])
lat, w = xattn(latents.expand(2, -1, -1), feats, feats, key_padding_mask=pad)
print(lat.shape, w[0])
lat.pow(2).mean().backward()
print(latents.grad, xattn.k_proj_weight.grad.shape, xattn.in_proj_weight)
print(mixer[0])
