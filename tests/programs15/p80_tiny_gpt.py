# A decoder-only transformer in the style of the well-known minimal GPT repositories: an nn.ModuleDict of token
# and position embeddings and blocks, causal self-attention via scaled_dot_product_attention(is_causal=True)
# and via a registered tril mask, LayerNorm without bias, weight tying, scaled init of the projections, AdamW
# groups by parameter dim with 'fused' looked up in the signature, a warmup-cosine lr set by hand, generation.
import inspect
import math

import torch
import torch.nn as nn
from torch.nn import functional as F

torch.manual_seed(1337)
V, T, C, H, L = 11, 8, 16, 2, 2


class CausalSelfAttention(nn.Module):
    def __init__(self, flash):
        super().__init__()
        self.c_attn, self.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.flash = flash
        self.register_buffer("bias", torch.tril(torch.ones(T, T)).view(1, 1, T, T))

    def forward(self, x):
        B, Tq, _ = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        k, q, v = (t.view(B, Tq, H, C // H).transpose(1, 2) for t in (k, q, v))
        if self.flash:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.bias[:, :, :Tq, :Tq] == 0, float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, Tq, C))


class Block(nn.Module):
    def __init__(self, flash):
        super().__init__()
        self.ln_1, self.attn = nn.LayerNorm(C, bias=False), CausalSelfAttention(flash)
        self.ln_2 = nn.LayerNorm(C, bias=False)
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(C, 4 * C), gelu=nn.GELU(approximate="tanh"),
                                      c_proj=nn.Linear(4 * C, C)))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        m = self.mlp
        return x + m.c_proj(m.gelu(m.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, flash=True):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(wte=nn.Embedding(V, C), wpe=nn.Embedding(T, C), drop=nn.Dropout(0.0),
                                              h=nn.ModuleList([Block(flash) for _ in range(L)]),
                                              ln_f=nn.LayerNorm(C, bias=False)))
        self.lm_head = nn.Linear(C, V, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * L))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        pos = torch.arange(0, idx.size(1), dtype=torch.long)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        loss = None if targets is None else F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1),
                                                            ignore_index=-1)
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None):
        for _ in range(max_new_tokens):
            logits, _ = self(idx if idx.size(1) <= T else idx[:, -T:])
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float("Inf")
            idx = torch.cat((idx, torch.multinomial(F.softmax(logits, dim=-1), num_samples=1)), dim=1)
        return idx


model = GPT()
print(sum(p.numel() for p in model.parameters()))
param_dict = {pn: p for pn, p in model.named_parameters() if p.requires_grad}
groups = [{"params": [p for p in param_dict.values() if p.dim() >= 2], "weight_decay": 0.1},
          {"params": [p for p in param_dict.values() if p.dim() < 2], "weight_decay": 0.0}]
print([len(g["params"]) for g in groups], "fused" in inspect.signature(torch.optim.AdamW).parameters)
optimizer = torch.optim.AdamW(groups, lr=1e-3, betas=(0.9, 0.95))
data = torch.randint(0, V, (4, T + 1))
data[:, -1] = -1


def get_lr(it, warmup=2, decay=6, max_lr=1e-3, min_lr=1e-4):
    if it < warmup:
        return max_lr * (it + 1) / (warmup + 1)
    ratio = (it - warmup) / (decay - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - min_lr)


for it in range(5):
    for g in optimizer.param_groups:
        g["lr"] = get_lr(it)
    logits, loss = model(data[:, :-1], data[:, 1:].contiguous())
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    print(f"iter {it}: loss {loss.item():.4f}, norm {norm.item():.4f}, lr {get_lr(it):.2e}")
masked = GPT(flash=False)
masked.load_state_dict(model.state_dict())
print(torch.allclose(masked(data[:, :-1])[0], model(data[:, :-1])[0], atol=1e-5))
print(model.generate(torch.zeros((1, 1), dtype=torch.long), 10, temperature=0.8, top_k=5).tolist())
