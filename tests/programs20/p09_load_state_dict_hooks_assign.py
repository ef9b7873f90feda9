# Checkpoint plumbing: load_state_dict(strict=False)'s missing/unexpected keys, a load pre-hook that renames old
# keys, a post-hook, assign=True keeping the loaded tensors themselves, state_dict post hooks and keep_vars.
import torch
import torch.nn as nn

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(3, 4)
        self.head = nn.Linear(4, 2)
        self.register_buffer("scale", torch.ones(2))
        self.register_buffer("scratch", torch.zeros(1), persistent=False)

    def forward(self, x):
        return self.head(torch.relu(self.encoder(x))) * self.scale


old = {"enc.weight": torch.ones(4, 3), "enc.bias": torch.zeros(4), "head.weight": torch.full((2, 4), 0.5),
       "head.bias": torch.zeros(2), "scale": torch.tensor([2.0, 3.0]), "extra": torch.zeros(1)}
net = Net()
print(list(net.state_dict().keys()))
res = net.load_state_dict(old, strict=False)
print("missing", res.missing_keys, "unexpected", res.unexpected_keys)


def rename(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
    for k in list(state_dict):
        if k.startswith(prefix + "enc."):
            state_dict[prefix + "encoder." + k[len(prefix) + 4:]] = state_dict.pop(k)


net.register_load_state_dict_pre_hook(rename)
post_calls = []
net.register_load_state_dict_post_hook(lambda m, keys: post_calls.append(sorted(keys.unexpected_keys)))
res = net.load_state_dict(old, strict=False)
print("after rename missing", res.missing_keys, "unexpected", res.unexpected_keys, post_calls)
x = torch.linspace(-1, 1, 6).view(2, 3)
print(net(x))
try:
    net.load_state_dict(old)
except RuntimeError as e:
    print("strict:", str(e).splitlines()[0])

src = {k: v.clone() for k, v in Net().state_dict().items()}
fresh = Net()
fresh.load_state_dict(src, assign=True)
print("assigned same object", fresh.head.weight.data_ptr() == src["head.weight"].data_ptr(),
      isinstance(fresh.head.weight, nn.Parameter), fresh.head.weight.requires_grad)
copied = Net()
copied.load_state_dict(src)
print("copied same object", copied.head.weight.data_ptr() == src["head.weight"].data_ptr())
kv = net.state_dict(keep_vars=True)
print(type(kv["head.weight"]).__name__, kv["head.weight"].requires_grad, net.state_dict()["head.weight"].requires_grad)


def drop_scale(module, sd, prefix, local_metadata):
    del sd[prefix + "scale"]


net.register_state_dict_post_hook(drop_scale)
print(list(net.state_dict().keys()))
