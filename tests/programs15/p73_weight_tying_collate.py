# Weight tying in a language model (the decoder shares the embedding's Parameter), parameters() counting a tied
# weight once, named_parameters(remove_duplicate=False), state_dict keys, backward(inputs=...) restricting
# accumulation; default_collate of dicts, tuples, numbers, strings and NumPy arrays in a DataLoader.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torch.utils.data.dataloader import default_collate

torch.manual_seed(0)


class TiedLM(nn.Module):
    def __init__(self, vocab=12, d=6):
        super().__init__()
        self.encoder = nn.Embedding(vocab, d)
        self.rnn = nn.GRU(d, d, batch_first=True)
        self.decoder = nn.Linear(d, vocab)
        self.decoder.weight = self.encoder.weight

    def forward(self, x):
        h, _ = self.rnn(self.encoder(x))
        return self.decoder(h)


lm = TiedLM()
print(lm.decoder.weight is lm.encoder.weight, sum(p.numel() for p in lm.parameters()))
print(len(list(lm.named_parameters())), len(list(lm.named_parameters(remove_duplicate=False))))
print(list(lm.state_dict()))
x = torch.randint(0, 12, (2, 5))
loss = nn.functional.cross_entropy(lm(x[:, :-1]).reshape(-1, 12), x[:, 1:].reshape(-1))
loss.backward(inputs=[lm.decoder.bias, lm.encoder.weight])
print(f"{loss.item():.6f}", lm.rnn.weight_ih_l0.grad, lm.decoder.bias.grad.sum().abs() < 1e-6,
      lm.encoder.weight.grad.norm())
samples = [{"id": i, "name": f"s{i}", "x": np.arange(3) * i, "pair": (torch.tensor([i, i]), float(i) / 2)}
           for i in range(4)]
batch = default_collate(samples[:2])
print(batch["id"], batch["name"], batch["x"], batch["pair"])
for b in DataLoader(samples, batch_size=3):
    print(b["id"].dtype, b["x"].dtype, b["pair"][1].dtype, b["pair"][0].shape, b["name"])
print(default_collate([(1, 2.0), (3, 4.0)]), default_collate([np.float64(1.5), np.float64(2.5)]))
