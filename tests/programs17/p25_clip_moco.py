# CLIP's symmetric contrastive loss with a learnable, clamped logit scale, and MoCo's momentum encoder with a
# queue of negatives updated by slicing (enqueue/dequeue), the key encoder updated without gradients.
import copy
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
img_enc, txt_enc = nn.Linear(5, 4), nn.Linear(3, 4)
logit_scale = nn.Parameter(torch.ones([]) * np.log(1 / 0.07))
imgs, txts = torch.randn(6, 5), torch.randn(6, 3)
image_features = F.normalize(img_enc(imgs), dim=-1)
text_features = F.normalize(txt_enc(txts), dim=-1)
scale = logit_scale.exp().clamp(max=100)
logits_per_image = scale * image_features @ text_features.t()
labels = torch.arange(6)
loss = (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_image.t(), labels)) / 2
loss.backward()
print(f"clip loss {loss.item():.5f} scale {scale.item():.4f}", logit_scale.grad)
print(logits_per_image.softmax(-1).diag())

q_enc = nn.Sequential(nn.Linear(5, 4))
k_enc = copy.deepcopy(q_enc)
for p in k_enc.parameters():
    p.requires_grad = False
K, m, T = 8, 0.99, 0.07
queue = F.normalize(torch.randn(4, K), dim=0)
ptr = 0
opt = torch.optim.SGD(q_enc.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
for step in range(3):
    x = torch.randn(4, 5)
    q = F.normalize(q_enc(x + 0.05 * torch.randn_like(x)), dim=1)
    with torch.no_grad():
        for pq, pk in zip(q_enc.parameters(), k_enc.parameters()):
            pk.data = pk.data * m + pq.data * (1.0 - m)
        k = F.normalize(k_enc(x), dim=1)
    l_pos = torch.einsum("nc,nc->n", [q, k]).unsqueeze(-1)
    l_neg = torch.einsum("nc,ck->nk", [q, queue.clone().detach()])
    logits = torch.cat([l_pos, l_neg], dim=1) / T
    loss = F.cross_entropy(logits, torch.zeros(logits.shape[0], dtype=torch.long))
    opt.zero_grad()
    loss.backward()
    opt.step()
    queue[:, ptr:ptr + 4] = k.T
    ptr = (ptr + 4) % K
    print(step, f"{loss.item():.5f}", ptr, logits.shape)
print(k_enc[0].weight.requires_grad, (k_enc[0].weight - q_enc[0].weight).abs().max())
