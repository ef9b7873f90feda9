"""state_dict surgery: renaming keys, strict=False loading with missing/unexpected keys, partial loading."""
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
old = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
sd = old.state_dict()
print(type(sd).__name__, list(sd))


class New(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(3, 4)
        self.decoder = nn.Linear(4, 2)
        self.extra = nn.Linear(2, 2)


new = New()
renamed = OrderedDict((k.replace("0.", "encoder.").replace("2.", "decoder."), v) for k, v in sd.items())
res = new.load_state_dict(renamed, strict=False)
print(sorted(res.missing_keys), res.unexpected_keys)
print(torch.equal(new.encoder.weight, old[0].weight))
try:
    new.load_state_dict(renamed)
except RuntimeError as e:
    print("RuntimeError", "Missing key(s)" in str(e))
bad = dict(renamed, **{"decoder.weight": torch.zeros(5, 5)})
try:
    new.load_state_dict(bad, strict=False)
except RuntimeError as e:
    print("RuntimeError", "size mismatch" in str(e))
prefixed = {"module." + k: v for k, v in old.state_dict().items()}
stripped = {k.removeprefix("module."): v for k, v in prefixed.items()}
print(old.load_state_dict(stripped))
print(new.encoder.state_dict().keys(), new.state_dict(prefix="net.").keys())
sd["0.bias"].fill_(1.0)
print(old[0].bias)
