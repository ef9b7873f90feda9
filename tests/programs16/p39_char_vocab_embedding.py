"""A character vocabulary built with sorted(set()), encode/decode, nn.Embedding lookups and a bigram table."""
import torch
import torch.nn.functional as F

text = "hello world, hello tensors"
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
encode = lambda s: [stoi[c] for c in s]
decode = lambda ids: "".join(itos[i] for i in ids)
data = torch.tensor(encode(text), dtype=torch.long)
print(len(chars), data[:8], decode(data[:5].tolist()))
counts = torch.zeros(len(chars), len(chars), dtype=torch.int32)
for a, b in zip(data[:-1], data[1:]):
    counts[a, b] += 1
print(counts.sum(), counts[stoi["l"]].tolist())
P = (counts + 1).float()
P /= P.sum(1, keepdim=True)
print(P[stoi["h"]].argmax().item(), itos[P[stoi["h"]].argmax().item()])
nll = -P[data[:-1], data[1:]].log().mean()
print(f"bigram nll {nll.item():.4f}")
g = torch.Generator().manual_seed(2147483647)
ix, out = stoi["h"], []
for _ in range(8):
    ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()
    out.append(itos[ix])
print(len(out))
emb = torch.nn.Embedding(len(chars), 4)
xs = F.one_hot(data[:3], num_classes=len(chars)).float()
print(torch.allclose(xs @ emb.weight, emb(data[:3])))
