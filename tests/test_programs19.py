"""Whole small programs (round nineteen) in the style of published tutorials and course notebooks, of kinds the
earlier batches had not run: a char-RNN sampled with temperature and top-k, a Luong-attention seq2seq with teacher
forcing, a Bernoulli VAE, a GAN on a ring of Gaussians, siamese losses, a U-Net with transposed convolutions, ResNet
blocks in train/eval, attention masks, word2vec with negative sampling, clipping and warm-up schedules, parameter
groups, weight tying, buffers through BytesIO, hooks, grad modes, einsum, packed sequences, samplers, gradient
penalties, Hessian-vector products, autograd.functional Jacobians, custom Functions, graph walks, a DDPM, k-means,
message passing, BPR, quantile regression, flows, HMC, Bayesian regression, distillation, PCA and more. They run
unchanged under torch and under the import swap; the runner and the comparison are round fifteen's
(tests/test_programs15.py); the programs are in tests/programs19/. Below them, what the programs needed."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check
from tests.test_programs15 import _both, assert_all_swap, assert_prints_as_torch

HERE = pathlib.Path(__file__).parent / "programs19"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    assert_prints_as_torch(name, HERE)


def test_the_programs_are_there_and_swap_every_import():
    assert_all_swap(HERE, PROGRAMS, 50)


# --------------------------------------------------------------------------- custom Functions' gradient shapes
def _function_classes(lib):
    class Sloppy(lib.autograd.Function):            # forgets to un-broadcast: returns the output's shape
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g * 2

    class Smaller(lib.autograd.Function):           # a gradient the input does not broadcast to
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g.sum(0)

    return Sloppy, Smaller


@pytest.mark.parametrize("shapes", [((3, 4), (4,)), ((3, 4), (1, 4)), ((2, 3, 4), (3, 1)), ((3, 4), ()),
                                    ((2, 1), (2, 3))])
def test_a_function_gradient_the_input_broadcasts_to_is_summed_to_its_shape_as_torch(shapes):
    """torch's engine sums a Function's gradient down to the input's shape when the input's shape broadcasts to
    it; the summed gradient is the one an honest un-broadcast would give (checked with a random upstream)."""
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])

    def f(lib, x, y):
        return _function_classes(lib)[0].apply(x, y)
    check(f, a, b)


def test_a_function_gradient_of_another_shape_is_still_refused_as_torch():
    def build(lib):
        _, Smaller = _function_classes(lib)
        x = lib.ones(2, 3, requires_grad=True)
        try:
            Smaller.apply(x).sum().backward()
        except RuntimeError as e:
            return type(e).__name__, str(e).split(" - ")[0], "got [3]" in str(e)
    t, m = _both(build)
    assert m == t
    _, Smaller = _function_classes(minigrad)
    with pytest.raises(RuntimeError, match=r"SmallerBackward.*index 0.*\(3,\).*\(2, 3\)"):
        Smaller.apply(minigrad.ones(2, 3, requires_grad=True)).sum().backward()


def test_a_function_summed_gradient_keeps_a_graph_for_double_backward():
    def build(lib):
        Sloppy, _ = _function_classes(lib)
        a = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        b = lib.tensor([0.5, -1.0], requires_grad=True)
        out = (Sloppy.apply(a, b) ** 2).sum()
        gb, = lib.autograd.grad(out, b, create_graph=True)
        return gb.tolist(), gb.requires_grad
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- graph nodes' class names
NODE_EXPRESSIONS = ["t[0]", "t[1:3]", "t[:, 1]", "t[None]", "t[..., 0]", "t[1:3, 0]", "t[0, 1]", "t[-1]",
                    "t[:2, :2]", "t.select(0, 1)", "t.narrow(0, 1, 2)", "t.unbind(0)[1]", "t.mean(0)", "t.mean()",
                    "t.unsqueeze(1)", "t[[0, 2]]", "t @ t.T", "t[0] @ t[1]", "t @ t[0, :3].view(3)",
                    "t.view(12)", "t.T", "t * 2", "torch.linalg.eigh(t @ t.T)[0]"]


@pytest.mark.parametrize("expr", NODE_EXPRESSIONS)
def test_type_of_grad_fn_is_named_as_torchs_node(expr):
    """``type(y.grad_fn).__name__`` (what graph-walking tutorials print) is torch's class name, not only
    ``grad_fn.name()``: x[0] is a SelectBackward0, x[1:3] a SliceBackward0, x.mean(0) a MeanBackward1."""
    def build(lib):
        t = lib.arange(12.0).view(4, 3).requires_grad_()
        t = t * 1
        y = eval(expr, {"t": t, "torch": lib})
        return type(y.grad_fn).__name__, y.grad_fn.name()
    t, m = _both(build)
    assert m == t


def test_a_renamed_node_keeps_the_fast_engines_gradient_and_the_same_values():
    """A node renamed to torch's class name is a subclass of its op's node class, filed in the fast engine's
    table under its base's function (no slow fallback for x.unsqueeze(1), x @ w)."""
    from minigrad.fast import gradients
    x = minigrad.randn(3, 4, requires_grad=True)
    for y in (x.unsqueeze(1), x @ minigrad.randn(4, 2)):
        base = type(y.grad_fn).__mro__[1]
        assert type(y.grad_fn).__name__ != base.__name__ and isinstance(y.grad_fn, base)
        assert gradients.TABLE.get(type(y.grad_fn)) is gradients.TABLE.get(base)
    assert type(x.unsqueeze(1).grad_fn) in gradients.TABLE
    rng = np.random.default_rng(3)
    check(lambda lib, a, w: (a.unsqueeze(1) * 2).mean(0) @ w, rng.standard_normal((3, 4)),
          rng.standard_normal((4, 2)))
    check(lambda lib, a: a[1:, 0] * a[0, 1:3] + a[None].mean(1)[0, :2], rng.standard_normal((3, 3)))


# --------------------------------------------------------------------------- complex arithmetic with alpha
def test_complex_add_and_sub_with_alpha_functions_methods_and_in_place_as_torch():
    def build(lib):
        z = lib.complex(lib.tensor([1.0, 3.0]), lib.tensor([2.0, -1.0]))
        w = lib.complex(lib.tensor([0.5, 2.0]), lib.tensor([1.0, 0.0]))
        r = lib.tensor([0.5, 2.0])
        outs = [lib.sub(z, w, alpha=3), lib.add(z, w, alpha=2), z.sub(w, alpha=2), z.add(w, alpha=1j),
                z.sub(r, alpha=2 + 1j), r.sub(z, alpha=2j), r.add(z, alpha=2), lib.sub(z, 1, alpha=2)]
        acc = z.clone()
        acc.add_(w, alpha=-1)
        acc.sub_(w, alpha=0.5)
        outs.append(acc)
        return [np.round(lib.view_as_real(o).numpy(), 5).tolist() for o in outs]
    t, m = _both(build)
    assert m == t


def test_a_complex_alpha_with_real_tensors_is_refused_as_torch():
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError, match="alpha must not be a complex number"):
            lib.ones(2).add(lib.ones(2), alpha=1j)


def test_complex_isclose_allclose_equal_as_torch():
    def build(lib):
        z = lib.complex(lib.tensor([1.0, 3.0]), lib.tensor([2.0, -1.0]))
        w = z * (1 + 1e-7)
        out = [lib.isclose(z, w).tolist(), lib.allclose(z, z * 1.01), z.allclose(w), lib.equal(z, z.clone()),
               z.equal(w), lib.isclose(z, z * 1.01, rtol=0.02).tolist()]
        try:
            lib.isclose(z, z.real)
        except RuntimeError as e:
            out.append(str(e).split(" (")[0])
        return out
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- errors, half precision, layouts
def test_linalg_error_is_named_as_torchs_class():
    def build(lib):
        try:
            lib.linalg.inv(lib.zeros(2, 2))
        except lib.linalg.LinAlgError as e:
            return (type(e).__name__, lib.linalg.LinAlgError is lib._C._LinAlgError,
                    issubclass(lib.linalg.LinAlgError, RuntimeError), repr(e).split("(")[0])
    t, m = _both(build)
    assert m == t


def test_half_linear_rounds_once_as_torchs_cpu_addmm():
    def build(lib):
        lib.manual_seed(0)
        lin = lib.nn.Linear(16, 8).half()
        x = lib.randn(5, 16).half()
        return lin(x).float().tolist(), lin(x.view(5, 1, 16)).float().tolist()
    t, m = _both(build)
    assert m == t


def test_empty_strided_keeps_the_strides_asked_for():
    def build(lib):
        out = []
        for size, stride in [((2, 3), (1, 2)), ((2, 3), (3, 1)), ((2, 3, 4), (1, 2, 6)), ((2, 3), (0, 1)),
                             ((0, 3), (3, 1))]:
            e = lib.empty_strided(size, stride)
            out.append((tuple(e.shape), e.stride(), e.is_contiguous(), e._base is None))
        e = lib.empty_strided((2, 3), (1, 2), requires_grad=True)
        out.append((e.is_leaf, e.requires_grad, lib.empty_strided((2, 3), (1, 2)).fill_(2.0).sum().item()))
        return out
    t, m = _both(build)
    assert m == t


def test_dropout_of_a_transposed_tensor_draws_its_mask_in_memory_order_as_torch():
    """torch draws a dropout mask into empty_like(input): for a transposed input (multi-head attention's
    batch_first output) the draws follow memory order; a TransformerEncoderLayer with norm_first sees that."""
    def build(lib):
        out = []
        for make in (lambda: lib.ones(3, 2, 4).transpose(0, 1), lambda: lib.ones(4, 6).t(),
                     lambda: lib.ones(2, 3, 4).permute(2, 0, 1), lambda: lib.ones(4, 4)[:, ::2]):
            lib.manual_seed(1)
            out.append(lib.nn.functional.dropout(make(), 0.5).tolist())
            out.append(lib.rand(1).item())
        lib.manual_seed(0)
        layer = lib.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.1, batch_first=True, norm_first=True)
        out.append(round(layer(lib.randn(2, 3, 8)).sum().item(), 4))
        return out
    t, m = _both(build)
    assert m == t


def test_bfloat16_is_a_clear_error_naming_the_dtype():
    """minigrad keeps no bfloat16 storage (NumPy has no such type): asking for it says so and what to use."""
    bf16 = minigrad.bfloat16
    for call in (lambda: minigrad.tensor([1.0], dtype=bf16), lambda: minigrad.ones(2).to(bf16),
                 lambda: minigrad.nn.Linear(2, 2).to(bf16)):
        with pytest.raises(TypeError, match="bfloat16.*float32"):
            call()


def test_eigh_node_is_named_as_torchs():
    def build(lib):
        A = lib.eye(2, requires_grad=True) * 1
        return [type(r.grad_fn).__name__ for r in (lib.linalg.eigh(A)[0], lib.linalg.eigh(A)[1],
                                                   lib.linalg.eigvalsh(A))]
    t, m = _both(build)
    assert m == t


def test_meta_device_is_a_clear_error_naming_it():
    """minigrad has no shape-only tensors: device='meta' (a factory, a module, torch.device) says so and what to
    do, as a RuntimeError (what ``except RuntimeError`` around a device choice catches)."""
    for call in (lambda: minigrad.empty(3, 4, device="meta"), lambda: minigrad.nn.Linear(2, 3, device="meta"),
                 lambda: minigrad.device("meta")):
        with pytest.raises(RuntimeError, match="'meta' tensors.*not supported in minigrad.*'cpu'"):
            call()


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "SparseAdam", "Adam", "AdamW", "RMSprop", "Adadelta", "Adamax",
                                  "NAdam", "RAdam", "ASGD", "Rprop"])
def test_an_optimizer_refuses_a_sparse_embedding_gradient_where_torchs_does(name):
    """minigrad's nn.Embedding(sparse=True) gradient is dense (the same values); the optimizers that refuse
    torch's sparse gradient refuse it too, with torch's words, and the others step as torch's."""
    def build(lib):
        lib.manual_seed(0)
        emb = lib.nn.Embedding(5, 2, sparse=True)
        opt = getattr(lib.optim, name)(list(emb.parameters()), lr=0.1)
        emb(lib.tensor([1, 3, 3])).pow(2).sum().backward()
        try:
            opt.step()
        except RuntimeError as e:
            return str(e).split(" (")[0]
        opt.zero_grad()
        emb(lib.tensor([0, 3])).sum().backward()
        opt.step()
        return np.round(emb.weight.detach().numpy(), 5).tolist()
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_eigvals_gradient_matches_torchs(dtype):
    """d/dA of a real function of the (complex) eigenvalues: Re(V⁻ᴴ diag(gL) Vᴴ), for a batch with complex pairs,
    with a random weighting of the real and imaginary parts."""
    rng = np.random.default_rng(5)
    a, wr, wi = rng.standard_normal((2, 4, 4)), rng.standard_normal((2, 4)), rng.standard_normal((2, 4))

    def build(lib):
        A = lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True)
        e = lib.linalg.eigvals(A)
        order = lib.argsort(e.real.detach() * 100 + e.imag.detach(), dim=-1)      # (LAPACK's order is not fixed)
        loss = (lib.gather(e.real, -1, order) * lib.tensor(wr, dtype=A.dtype)).sum() + \
            (lib.gather(e.imag, -1, order) * lib.tensor(wi, dtype=A.dtype)).sum() + (e.abs() ** 2).sum()
        loss.backward()
        return type(e.grad_fn).__name__, A.grad.numpy()
    (tn, tg), (mn, mg) = _both(build)
    assert mn == tn
    np.testing.assert_allclose(mg, tg, rtol=1e-3 if dtype == "float32" else 1e-8, atol=1e-4 if dtype == "float32" else 1e-9)


def test_eigvals_second_derivative_is_a_clear_error():
    A = minigrad.tensor([[2.0, 1.0], [-1.0, 3.0]], requires_grad=True)
    with pytest.raises(NotImplementedError, match="eigvals: a second derivative"):
        minigrad.autograd.grad(minigrad.linalg.eigvals(A).abs().sum(), A, create_graph=True)
