"""``grad_fn.next_functions`` as torch lists it: one ``(node, output_nr)`` per differentiable tensor input of
the op's signature -- a number of a binary op as ``(None, 0)``, no entry for dims, shapes, bool conditions,
index tensors or integer targets -- compared with torch over a sweep of ops (each entry's node name and
output number). The engines read the private ``_edges`` (one per argument); these tests also check that
backward through the same graphs still gives torch's gradients."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import rand

SWEEP = """
x.log_softmax(1)
x.softmax(-1)
x.view(6)
x.reshape(3, 2)
x.sum(0)
x.sum()
x.mean(1, keepdim=True)
x.pow(2)
x.pow(y)
2 ** x
x.clamp(0, 1)
x.clamp(lo, hi)
x.clamp(glo, hi)
x.clamp(min=0)
x.clamp(min=glo)
x.clip(0, 1)
x.expand(4, 2, 3)
x * 2
2 * x
x + 1
1 + x
x - 1
1 - x
x / 2
x.add(1, alpha=2)
x.sub(1)
x * y
x * c
c * x
x + y
x - c
x / y
lib.where(x > 0, x, 0.)
lib.where(x > 0, 1., x)
lib.where(x > 0, x, y)
lib.where(x > 0, c, y)
x.relu()
x.exp()
x.tanh()
x.sigmoid()
x.abs()
x.sqrt()
F.gelu(x)
F.leaky_relu(x, 0.1)
F.elu(x)
F.hardtanh(x)
x.max()
x.max(1)[0]
x.max(1, keepdim=True)[0]
x.min(0)[0]
x.topk(2, 1)[0]
x.amax(1)
x.sort(1)[0]
x.split(1, 0)[0]
x.unbind(0)[1]
x.chunk(3, 1)[2]
x.var(1)
x.std()
x.norm()
x.norm(dim=1)
lib.linalg.vector_norm(x, 2, 1)
x.prod(1)
x.cumsum(1)
x.t()
x.T
x.transpose(0, 1)
x.permute(1, 0)
x.unsqueeze(0)
x.squeeze()
x.flatten()
x[0]
x[:, 1]
x[0:1]
x[:, idx]
x[x > 0]
x.index_select(1, idx)
x.gather(1, gidx)
x.masked_fill(x > 0, 0.)
x.masked_fill(x > 0, lib.tensor(0.))
x.repeat(2, 1)
x.flip(0)
x.roll(1, 1)
lib.cat([x, y])
lib.cat([x, c])
lib.stack([x, y, c])
x @ m
m.t() @ v
x.mm(m)
lib.bmm(p, p.transpose(1, 2))
lib.dot(v, b)
F.linear(x, W, B)
F.linear(x, W)
F.linear(x, W.detach(), B)
F.max_pool2d(img, 2)
F.avg_pool2d(img, 2)
F.cross_entropy(x, tgt)
F.nll_loss(x.log_softmax(1), tgt)
F.mse_loss(x, y)
F.mse_loss(x, c)
F.l1_loss(x, c)
F.smooth_l1_loss(x, y)
F.huber_loss(x, c)
F.binary_cross_entropy(x.sigmoid(), ft)
F.binary_cross_entropy_with_logits(x, ft)
F.layer_norm(x, (3,))
F.layer_norm(x, (3,), v)
F.layer_norm(x, (3,), v, b)
F.batch_norm(x, None, None, training=True)
F.embedding(idx, W)
F.softplus(x)
F.normalize(x)
F.normalize(x, dim=0).sum().view(1)
x.clone()
x.mul(2).add_(1)
x.mul(2).mul_(y)
x.mul(2).relu_()
x.mul(2).clamp_(0, 1)
x.mul(2).masked_fill_(c > 0, 0.)
x.atan2(y)
lib.maximum(x, y)
lib.maximum(x, c)
s.tril()
s.triu(1)
x.float()
x.to(lib.float32)
x.narrow(1, 0, 2)
x.select(1, 0)
x.new_zeros(2) + x.sum()
x.sign()
x.round()
x.floor()
lib.rsub(x, 1)
Twice.apply(x, 2, c, None)
Twice.apply(x, 2, y, lib.ones(1))
""".strip().split("\n")

# composites: minigrad records these as a few nodes (the last named as torch's one node), so the first
# edge leads to an inner node of minigrad's own, where torch's leads to the input
COMPOSITES = """
F.conv2d(img, w, b)
F.conv2d(img, w)
x.scatter(1, gidx, y)
""".strip().split("\n")


def _twice(lib):
    class Twice(lib.autograd.Function):
        """a*k + b (an optional tensor d is ignored): torch lists one edge per tensor argument."""
        @staticmethod
        def forward(ctx, a, k, b, d=None):
            ctx.k = k
            return a * k + b

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None, g, None
    return Twice


def _env(lib):
    def leaf(*shape, seed):
        return lib.tensor(rand(*shape, seed=seed), requires_grad=True)
    return dict(lib=lib, F=lib.nn.functional, Twice=_twice(lib),
                x=leaf(2, 3, seed=1), y=leaf(2, 3, seed=2), c=lib.tensor(rand(2, 3, seed=3)), v=leaf(3, seed=4),
                m=leaf(3, 4, seed=5), s=leaf(3, 3, seed=6), img=leaf(1, 2, 5, 5, seed=7), w=leaf(3, 2, 3, 3, seed=8),
                b=leaf(3, seed=9), W=leaf(4, 3, seed=10), B=leaf(4, seed=11), p=leaf(2, 3, 4, seed=12),
                idx=lib.tensor([0, 2]), tgt=lib.tensor([1, 0]), gidx=lib.tensor([[0, 1, 0], [1, 0, 1]]),
                ft=lib.tensor(rand(2, 3, seed=13, low=0.0, high=1.0)), lo=lib.tensor(-np.ones((2, 3))),
                hi=lib.tensor(np.ones((2, 3))), glo=leaf(2, 3, seed=14))


def _name(node):
    return None if node is None else node.name().replace("torch::autograd::", "")


def _listed(out):
    return [(_name(n), nr) for n, nr in out.grad_fn.next_functions]


def _run(lib, expr):
    env = _env(lib)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(expr, env), env


@pytest.mark.parametrize("expr", SWEEP)
def test_next_functions_as_torch(expr):
    t, _ = _run(torch, expr)
    m, _ = _run(minigrad, expr)
    assert _name(m.grad_fn) == _name(t.grad_fn)
    assert _listed(m) == _listed(t)


@pytest.mark.parametrize("expr", COMPOSITES)
def test_next_functions_of_composites(expr):
    assert _listed(_run(minigrad, expr)[0]) == _listed(_run(torch, expr)[0])


@pytest.mark.parametrize("expr", SWEEP[::4])
def test_backward_through_the_sweep_as_torch(expr):
    """The engines read the private edges: every leaf's gradient is still torch's."""
    (t, tenv), (m, menv) = _run(torch, expr), _run(minigrad, expr)
    up = rand(*t.shape, seed=20)
    t.backward(torch.tensor(up, dtype=t.dtype))
    m.backward(minigrad.tensor(up, dtype=m.dtype))
    for k, tv in tenv.items():
        if isinstance(tv, torch.Tensor) and tv.requires_grad:
            tg, mg = tv.grad, menv[k].grad
            assert (tg is None) == (mg is None), k
            if tg is not None:
                np.testing.assert_allclose(mg.numpy(), tg.numpy(), rtol=1e-6, atol=1e-9, err_msg=f"{expr}: {k}")


def test_edges_keep_one_entry_per_argument():
    """What the engines and the graph pictures read: one edge per argument, numbers as (None, -1)."""
    x = minigrad.tensor(rand(2, 3, seed=1), requires_grad=True)
    y = x.sum(0)
    assert [n is None for n, _ in y.grad_fn._edges] == [False, True, True]
    assert len(y.grad_fn.next_functions) == 1
    w = minigrad.where(x > 0, x, 0.0)
    assert len(w.grad_fn._edges) == 3 and _listed(w) == [("AccumulateGrad", 0), (None, 0)]


def test_the_graph_picture_still_shows_the_constants():
    """viz draws the constant inputs (the 2 of x * 2, the target of a loss) from the private edges."""
    from minigrad.viz import model
    x = minigrad.tensor(rand(2, 3, seed=1), requires_grad=True)
    out = minigrad.nn.functional.nll_loss((x * 2).log_softmax(1), minigrad.tensor([1, 0]))
    boxes = model.build([out]).boxes
    assert sum(b.kind == "const" for b in boxes) >= 2
