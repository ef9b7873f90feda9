"""Small programs written for PyTorch, run unchanged with ``torch`` bound to torch and to minigrad:
every numeric result must agree. They exercise the API surface the way user code does."""
import numpy as np
import pytest
import torch

import minigrad

PROGRAMS = {
    "tensor_basics": """
x = torch.tensor([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], requires_grad=True)
y = (x * 2 + 1).relu().sum(dim=1, keepdim=True) / 3
z = y.mean() + x.abs().max() + x.norm(p='fro')
z.backward()
out = [y, z, x.grad, x.shape[0], x.size(1), x.numel(), x.dim()]
""",
    "indexing_and_shapes": """
x = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)
x.requires_grad = True
a = x[:, 1:, ::2].flatten(1)
b = x.permute(2, 0, 1).contiguous().view(4, -1).t()
c = torch.cat([a, b[:2, :4]], dim=0).unsqueeze(0).squeeze()
d = torch.stack([c, c * c]).transpose(0, 1)
loss = d.sum() + x[..., -1].pow(2).sum() + x[x > 10].sum()
loss.backward()
out = [a, b, c, d, loss, x.grad]
""",
    "max_argmax_where": """
x = torch.tensor([[0.5, 2.0, 2.0], [-1.0, 0.0, 3.0]], requires_grad=True)
values, indices = torch.max(x, dim=1)
m = x.max(1)
w = torch.where(x > 0.6, x, torch.zeros_like(x))
s = torch.softmax(x, dim=-1) * torch.log_softmax(x, dim=0)
total = values.sum() + m.values.mean() + w.sum() + s.sum() + torch.maximum(x, x.flip(1)).sum()
total.backward()
out = [values, indices, m.indices, x.argmax(), x.argmax(dim=0), w, s, total, x.grad]
""",
    "gather_masked_fill_clamp": """
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
idx = torch.tensor([[2, 0], [1, 1]])
g = x.gather(1, idx)
f = x.masked_fill(x > 4, -1.0)
c = torch.clamp(x, min=2.0, max=5.0)
loss = (g * g).sum() + f.sum() + c.prod() ** 0.1
loss.backward()
out = [g, f, c, loss, x.grad]
""",
    "inplace_and_no_grad": """
w = torch.ones(3, requires_grad=True)
for _ in range(3):
    loss = ((w * torch.tensor([1.0, 2.0, 3.0]) - 1) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
b = torch.zeros(2, 3)
b[0] = torch.tensor([1.0, 2.0, 3.0])
b[:, 2] += 5
b.mul_(2).add_(1)
out = [w, loss, b, b.sum().item(), w.requires_grad, w.is_leaf]
""",
    "matmul_broadcast": """
a = torch.arange(6, dtype=torch.float64).reshape(2, 3).requires_grad_()
b = torch.arange(12, dtype=torch.float64).reshape(2, 3, 2).requires_grad_()
v = torch.tensor([1.0, -1.0, 0.5], dtype=torch.float64)
y = (a @ b).sum() + (v @ a.T).sum() + torch.matmul(a, v).sum() + torch.mm(a, a.t()).trace() * 0
y.backward()
out = [y, a.grad, b.grad]
""",
    "dtypes": """
i = torch.tensor([1, 2, 3])
f = torch.tensor([1.5, 2.5])
out = [i.dtype == torch.int64, f.dtype == torch.float32, (i / 2).dtype == torch.float32, (i * 1.5).dtype == torch.float32,
       (i + 1).dtype == torch.int64, (i > 1).dtype == torch.bool, i.float().dtype == torch.float32,
       torch.zeros(2, dtype=torch.float64).dtype == torch.float64, (f + torch.tensor(1.0, dtype=torch.float64)).dtype == torch.float32,
       i.sum().item(), (i // 2).tolist(), (i % 2).tolist(), float(f.mean())]
""",
    "module_training": """
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
with torch.no_grad():
    for i, p in enumerate(net.parameters()):
        p.copy_(torch.linspace(-1.0, 1.0, p.numel()).reshape(p.shape) * (0.5 + 0.1 * i))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
x = torch.tensor([[0.1, 0.2, 0.3], [0.3, -0.2, 0.1], [1.0, 0.0, -1.0]])
y = torch.tensor([0, 1, 1])
losses = []
for _ in range(5):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    losses.append(loss.item())
out = [losses, net[0].weight, net(x).argmax(1)]
""",
    "conv_net": """
conv = torch.nn.Conv2d(2, 3, kernel_size=3, stride=2, padding=1)
with torch.no_grad():
    conv.weight.copy_(torch.linspace(-0.5, 0.5, conv.weight.numel()).reshape(conv.weight.shape))
    conv.bias.fill_(0.1)
x = torch.linspace(-1.0, 1.0, 2 * 2 * 7 * 7).reshape(2, 2, 7, 7)
h = torch.nn.functional.max_pool2d(torch.relu(conv(x)), 2)
loss = torch.nn.functional.mse_loss(h, torch.ones_like(h))
loss.backward()
out = [h, loss, conv.weight.grad, conv.bias.grad]
""",
    "autograd_grad_and_hooks": """
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x ** 3
seen = []
h = y.register_hook(lambda g: seen.append(g.sum().item()))
(gx,) = torch.autograd.grad(y.sum(), x, create_graph=True)
(ggx,) = torch.autograd.grad(gx.sum(), x)
z = (x * x).sum()
z.backward()
out = [gx, ggx, x.grad, seen]
""",
    "second_derivatives_through_scalars": """
x = torch.tensor(0.8, requires_grad=True)
g, = torch.autograd.grad(x * x.exp() + x.tanh() * x + x.sqrt() * x, x, create_graph=True)
h, = torch.autograd.grad(g, x)
v = torch.tensor([1.5, 0.7, -0.3], requires_grad=True)
gn, = torch.autograd.grad(v.norm() + v.std() + (v * v).sum().exp() * 0.01, v, create_graph=True)
hn, = torch.autograd.grad(gn[0], v)
out = [g, h, gn, hn]
""",
    "int_and_array_indices": """
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
a = x[0, :, [1, 2]]
b = x[1, ..., torch.tensor([0, 3])]
c = x[0, None, :, [1, 2]]
y = torch.zeros(2, 3, 4)
y[0, :, [1, 2]] = torch.arange(6.).reshape(3, 2)
(a.sum() + (b * b).sum() + c.mean()).backward()
out = [a, b, c, y, x.grad]
""",
    "zero_dim_edge_cases": """
loss = torch.tensor(2.0)
x = torch.tensor([1.0, 2.0, 0.0, 3.0], requires_grad=True)
x.cumprod(0).sum().backward()
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
(w.sum() - 3).norm().backward()
s = torch.tensor(1.5)
out = [torch.isnan(loss).item(), bool(torch.isnan(loss) | torch.isinf(loss)), torch.isfinite(loss).all().item(),
       x.grad, w.grad, torch.ones(2, 3).add(1, alpha=2), torch.ones(2, 3).sub(1, alpha=2), s.sum(0), s.mean(0),
       torch.ones(2, 3).sum(()), s.softmax(0), s.cumsum(0), list(torch.ones(2, 3, 4).shape[1:])]
""",
    "keyword_names": """
x = torch.arange(6.).reshape(shape=(2, 3))
out = [x.permute(dims=(1, 0)), x.flip(dims=(0,)), torch.flip(x, dims=[1]), x.view(size=(3, 2)),
       x[:1].expand(size=(4, 3)), x.new_zeros(size=(2, 2)), x.sum(axis=0), x.mean(axis=1),
       torch.zeros(size=(2,)), torch.nn.functional.relu(x - 2, inplace=True)]
""",
}


BAD_INPUTS = [
    "torch.ones(2, dtype=torch.float32) @ torch.ones(2, dtype=torch.float64)",
    "torch.nn.functional.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1], dtype=torch.int32))",
    "torch.nn.functional.cross_entropy(torch.ones(2, 3), torch.tensor([0.0, 1.0]))",
    "torch.nn.functional.cross_entropy(torch.ones(2, 3), torch.tensor([0, 3]))",
    "torch.cat([torch.tensor(1.), torch.tensor(2.)])",
    "torch.tensor([1]) // 0",
    "torch.nn.Linear(2, 2).load_state_dict([1, 2])",
    "torch.softmax(torch.tensor([1, 2]), 0)",
    "torch.tensor([1, 2]).norm()",
    "torch.ones(2, 3) + torch.ones(4)",
    "torch.ones(2, 3) @ torch.ones(2, 3)",
    "torch.ones(2, 3).view(4, 2)",
    "torch.ones(2, 3).sum(2)",
    "torch.ones(3)[5]",
    "torch.ones(3, requires_grad=True).add_(1)",
    "(torch.ones(3, requires_grad=True) * 2).backward()",
    "torch.ones(3).sum().backward()",
    "torch.tensor([1, 2]).requires_grad_()",
    "torch.ones(2, 3).max(dim=3)",
    "torch.stack([torch.ones(2), torch.ones(3)])",
    "torch.nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5))",
    "torch.nn.Linear(4, 2)(torch.ones(3, 5))",
    "torch.ones(2, 3).expand(2, 4)",
    "torch.ones(2, 3).permute(0, 1, 2)",
    "torch.ones(3, requires_grad=True).numpy()",
]


@pytest.mark.parametrize("src", BAD_INPUTS)
def test_bad_input_raises_where_torch_raises(src):
    with pytest.raises(Exception) as t_exc:
        eval(src, {"torch": torch})
    with pytest.raises(Exception) as m_exc:
        eval(src, {"torch": minigrad})
    assert len(str(m_exc.value)) > 20, f"unhelpful message: {m_exc.value!r} (torch: {t_exc.value!r})"


def _to_np(v):
    if isinstance(v, (torch.Tensor, minigrad.Tensor)):
        return np.asarray(v.detach().cpu().numpy(), dtype=np.float64)
    if isinstance(v, (list, tuple)):
        return [_to_np(x) for x in v]
    return v


def _compare(a, b, where):
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _compare(x, y, f"{where}[{i}]")
    elif isinstance(a, np.ndarray):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6, err_msg=where)
    else:
        assert a == b or (isinstance(a, float) and abs(a - b) <= 1e-5 * max(1, abs(a))), f"{where}: {a!r} vs {b!r}"


TORCH_VERSION = tuple(int(p) for p in torch.__version__.split("+")[0].split(".")[:2])


def _clamp_as_in_torch_2_14(x, min, max):
    """torch.clamp with torch >= 2.14's gradient: 0 at the bounds (torch 2.13 passes it there)."""
    inside = (x > min) & (x < max)
    return torch.where(inside, x, x.detach().clamp(min, max))


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_runs_the_same(name):
    """minigrad follows the newest torch; on torch 2.13 the one program whose result moved in 2.14
    (clamp's gradient at the bounds: x.grad of gather_masked_fill_clamp, 1.1016 vs 1.0 at x = 5)
    runs the torch side with 2.14's clamp."""
    results = []
    for lib in (torch, minigrad):
        ns = {"torch": lib}
        src = PROGRAMS[name]
        if lib is torch and TORCH_VERSION < (2, 14):
            src = src.replace("torch.clamp(x, min=2.0, max=5.0)", "_clamp_as_in_torch_2_14(x, 2.0, 5.0)")
            ns["_clamp_as_in_torch_2_14"] = _clamp_as_in_torch_2_14
        exec(src, ns)
        results.append(_to_np(ns["out"]))
    _compare(results[0], results[1], name)


def test_arange_of_a_float_step_in_an_int_dtype():
    """torch >= 2.14: the values are computed, then converted: arange(0, 1, 0.3, dtype=int64) is
    [0, 0, 0, 0]. torch 2.13 refused ("step must be nonzero": it converted the step first)."""
    assert minigrad.arange(0, 1, 0.3, dtype=minigrad.int64).tolist() == [0, 0, 0, 0]
    assert minigrad.arange(0, 1, 0.3, dtype=minigrad.int64).dtype == minigrad.int64
    if TORCH_VERSION >= (2, 14):
        assert torch.arange(0, 1, 0.3, dtype=torch.int64).tolist() == [0, 0, 0, 0]
    else:
        with pytest.raises(ValueError, match="step must be nonzero"):
            torch.arange(0, 1, 0.3, dtype=torch.int64)
