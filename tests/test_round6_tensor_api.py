"""Round 6: the Tensor API that real PyTorch programs reach for, compared with torch. Setting one element from a
shape-(1,) tensor (CleanRL's ``dones[step] = next_done``), torch.pi/e/inf/nan, NumPy float64 values in lists,
requires_grad_() on a non-leaf, backward(gradient=(g,)), the legacy type API (x.type(torch.LongTensor),
'torch.FloatTensor', x.new(...)), memory_format=, the in-place twins of out-of-place methods (tan_, lt_, atan2_...)
and the small Tensor methods (data_ptr, storage_offset, sum_to_size, renorm...), a Parameter's deepcopy without
.grad, copy_'s checks, 'cpu:1' devices, and torch's exception class for bad calls (with a message that names the
op). Values and every input's gradient are checked against torch."""
import copy

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, check_raises_as_torch, check_value_as_torch, rand


# ------------------------------------------------------------------------------------------------ item 1
def test_setitem_drops_the_values_leading_size_one_dims():
    def f(lib, x, v1, v3, v2):
        y = x * 1.0
        y[0] = v1                     # t[0] = ones(1)
        y[1] = v3                     # t[1] = ones(1, 1, 1)
        z = (x * 2.0).reshape(2, 2)
        z[1, 1] = v2                  # t2[1, 1] = ones(1)
        w = x * 3.0
        w[1:3] = v3.reshape(1, 1, 1).expand(1, 1, 2) * v1       # a slice from a (1, 1, 2) value
        return y, z, w
    check(f, rand(4, seed=1), rand(1, seed=2), rand(1, 1, 1, seed=3), rand(1, seed=4))


def test_setitem_of_a_rollout_buffer_as_cleanrl():
    def f(lib, values, value):
        buf = lib.zeros(3, 2, dtype=values.dtype) + values * 0.0
        for step in range(3):
            buf[step] = (value * (step + 1)).flatten()           # values[step] = value.flatten() with (1, 2)
        return buf
    check(f, rand(3, 2, seed=5), rand(1, 2, seed=6))


# ------------------------------------------------------------------------------------------------ values
VALUES = [
    # item 2: constants
    "R = (lib.pi, lib.e, lib.inf, lib.nan != lib.nan)",
    # item 3: NumPy float64 scalars and arrays in lists keep float64, as torch infers it
    "R = lib.tensor([np.float64(1.0), np.float64(2.0)])",
    "R = lib.tensor([1.0, np.float64(2.0)])",
    "R = lib.tensor([np.float32(1.0), 2.0])",
    "R = lib.tensor([np.ones(2), np.zeros(2)])",
    "R = lib.tensor([np.ones(2, dtype=np.float32), np.zeros(2)])",
    "R = lib.tensor([1, np.float64(2.0)])",
    "R = lib.tensor([[1.0], [np.float64(2)]])",
    "R = lib.tensor([np.int32(1), 2])",
    "R = lib.tensor([1.0, 2.0])",
    # item 4: requires_grad_() of a non-leaf is a no-op
    "x = lib.ones(2, requires_grad=True); y = x * 2; R = (y.requires_grad_() is y, y.requires_grad_(True).is_leaf)",
    # item 6: the legacy type API
    "R = lib.ones(2).type(lib.LongTensor)",
    "R = lib.ones(2).type(lib.DoubleTensor)",
    "R = lib.ones(2, dtype=lib.int64).type(lib.Tensor)",
    "R = lib.ones(2).type(lib.IntTensor).type()",
    "R = lib.ones(2).type() == 'torch.FloatTensor'",
    "R = [lib.ones(1, dtype=d).type() for d in (lib.float64, lib.int64, lib.int32, lib.int16, lib.int8, lib.uint8, "
    "lib.bool, lib.float16)]",
    "R = lib.ones(2).new(3).shape",
    "R = lib.ones(2).new([1, 2])",
    "R = lib.ones(2).new()",
    "R = lib.ones(2, dtype=lib.int64).new(2, 3).zero_()",
    "R = lib.ones(2).new((2, 3))",
    "R = lib.ones(2).new(lib.Size([2, 3])).shape",
    # item 7: memory_format=
    "R = lib.zeros_like(lib.ones(2, 3), memory_format=lib.preserve_format)",
    "R = lib.ones(2, 3).clone(memory_format=lib.preserve_format)",
    "R = lib.ones(2, 3).contiguous(memory_format=lib.contiguous_format)",
    "R = lib.ones(1, 2, 3, 4).contiguous(memory_format=lib.channels_last).shape",
    "R = lib.ones(1, 2, 3, 4).is_contiguous(memory_format=lib.channels_last)",
    "R = lib.ones(2, 3).is_contiguous(memory_format=lib.contiguous_format)",
    "R = lib.rand_like(lib.ones(2, 3), memory_format=lib.preserve_format).shape",
    "R = lib.empty_like(lib.ones(2, 3), memory_format=lib.preserve_format).shape",
    # item 8: small Tensor methods and properties
    "R = lib.arange(6.).reshape(2, 3).mH",
    "R = lib.arange(6.).reshape(2, 3).adjoint()",
    "R = lib.adjoint(lib.arange(6.).reshape(1, 2, 3))",
    "R = lib.ones(2).get_device()",
    "R = (lib.ones(4)[1:].storage_offset(), lib.ones(2, 3)[1].storage_offset(), lib.ones(2).storage_offset())",
    "x = lib.ones(4); R = x[2:].data_ptr() - x.data_ptr()",
    "R = (lib.ones(2, 3).nbytes, lib.ones(2, dtype=lib.float64).itemsize)",
    "R = [lib.ones(1, dtype=d).is_signed() for d in (lib.float32, lib.int64, lib.uint8, lib.bool)]",
    "R = lib.ones(2, 3).is_same_size(lib.zeros(2, 3)), lib.ones(2, 3).is_same_size(lib.zeros(3, 2))",
    "R = lib.arange(6.).reshape(2, 3).sum_to_size(3)",
    "R = lib.arange(6.).reshape(2, 3).sum_to_size(2, 1)",
    "R = lib.arange(6.).reshape(2, 3).sum_to_size(1, 3)",
    "R = lib.arange(6.).reshape(2, 3).sum_to_size(2, 3)",
    "R = lib.arange(-3., 3.).positive()",
    "R = lib.positive(lib.arange(3))",
    "R = lib.tensor([-2.6, 2.6]).fix()",
    "R = lib.isneginf(lib.tensor([-float('inf'), 1., float('inf')]))",
    "R = lib.tensor([-float('inf'), 1., float('inf')]).isposinf()",
    "R = lib.tensor([1, 2]).isposinf()",
    "R = lib.ones(2).bernoulli(), str(lib.ones(2).bernoulli(0.3).dtype).split('.')[1]",
    "R = 1 in lib.ones(3), 2 in lib.ones(3), lib.tensor(1.) in lib.ones(3)",
    "R = lib.ones(2, 3).greater_equal(1), lib.ones(2).less_equal(0), lib.ones(2).not_equal(1)",
    # item 11: devices
    "R = str(lib.device('cpu:1')), lib.device('cpu', 1).index, lib.device('cpu:1') == lib.device('cpu')",
    "R = lib.ones(2, device='cpu:1').device.type, lib.ones(2).to('cpu:1').device.index",
    "R = lib.ones(2).to(None)",
    # item 12
    "lib.manual_seed(lib.tensor(3)); R = lib.rand(2).shape",
    "lib.manual_seed(1.5); R = lib.initial_seed()",
    "lib.manual_seed(-1); R = lib.initial_seed()",
    # item 14
    "R = lib.ones(2).random_(2, 5).shape",
    "R = lib.full((2,), lib.tensor(3.))",
    "R = lib.ones(lib.tensor(2))",
    # item 10: copy_ of a number broadcasts it, as torch
    "R = lib.zeros(3).copy_(3.)",
    "R = lib.zeros(2, 3).copy_(lib.arange(3.))",
    "R = lib.zeros(2); R[0] = np.float64(3.)",
    # item 13/15
    "R = lib.Size([2, lib.tensor(3), True])",
    "R = lib.ones(3)[lib.tensor([0, 2], dtype=lib.int32)]",
    "R = lib.ones(2, 3).index_add(1, lib.tensor([0, 2]), lib.ones(2, 2), alpha=2.0)",
    "R = lib.tensor(1.).index_add(0, lib.tensor([0]), lib.tensor(2.))",
    "R = lib.ones(2, 3).index_add(0, lib.tensor([1, 1], dtype=lib.int32), lib.ones(2, 3))",
    "R = str(lib.poisson(lib.tensor([2., 0.], dtype=lib.float64)).dtype).split('.')[1], lib.poisson(lib.zeros(3))",
    "R = [str(d).split('.')[1] for d in (lib.result_type(lib.arange(3), 1.0), lib.result_type(lib.ones(2), "
    "lib.ones(2, dtype=lib.float64)), lib.result_type(lib.tensor(1, dtype=lib.int32), 5))]",
]


@pytest.mark.parametrize("code", VALUES)
def test_value_as_torch(code):
    check_value_as_torch(code)


# ------------------------------------------------------------------------------------------------ errors
ERRORS = [
    ("x = lib.ones(2, requires_grad=True); y = x * 2; R = y.requires_grad_(False)", "leaf"),
    ("x = lib.ones(2, requires_grad=True); y = x * 2; y.requires_grad = True", "leaf"),
    ("x = lib.ones(2); x.requires_grad = 1", "requires_grad must be a bool"),
    ("R = lib.ones(2, requires_grad='yes')", "ones"),
    ("R = lib.tensor([1.], requires_grad=1)", "tensor"),
    ("R = lib.ones(2).type('float')", "invalid type"),
    ("R = lib.ones(2).new(lib.ones(2, dtype=lib.int64))", "new"),
    ("R = lib.ones(2, 3).sum_to_size(4)", "expandable"),
    ("R = 'a' in lib.ones(3)", "__contains__"),
    # item 10
    ("R = lib.zeros(3).copy_(lib.ones(1, 3))", "copy_"),
    ("R = lib.zeros(3).copy_([1, 2, 3])", "copy_"),
    ("R = lib.zeros(3).copy_(np.ones(3))", "copy_"),
    ("R = lib.zeros(2, 3); R[0] = np.array([9., 8., 7.])", "numpy.ndarray"),
    ("R = lib.zeros(2, 3); R[0, 0] = np.array(3.)", "numpy.ndarray"),
    ("R = lib.zeros(4); R[0] = lib.ones(2)", "setitem"),
    ("R = lib.ones(2).to('gpu')", "gpu"),
    # item 12
    ("lib.manual_seed(2 ** 70)", "manual_seed"),
    ("lib.manual_seed(2 ** 64)", "manual_seed"),
    ("lib.manual_seed(-2 ** 63 - 1)", "manual_seed"),
    ("lib.manual_seed(None)", "manual_seed"),
    ("lib.Generator().manual_seed(2 ** 70)", "manual_seed"),
    # item 13
    ("R = lib.full(2, 1.)", "full"),
    ("R = lib.randint(0, 5, 3)", "randint"),
    ("R = lib.randint(0, 2.5, (3,))", "randint"),
    ("R = lib.randperm(3.0)", "randperm"),
    ("R = lib.ones(2).to(lib.float64, lib.float32)", "to()"),
    ("R = lib.randint(0, 5, (2,), dtype=lib.bool)", "bool"),
    ("x = lib.ones(2, requires_grad=True); (x * 2).sum().backward(create_graph='x')", "create_graph"),
    ("x = lib.ones(2, requires_grad=True); (x * 2).sum().backward(retain_graph='x')", "retain_graph"),
    ("x = lib.ones(2, requires_grad=True); (x * 2).backward(2.0)", "float"),
    ("x = lib.ones(2, requires_grad=True); (x * 2).sum().backward([1.0])", "gradient"),
    # item 14
    ("R = lib.full((2,), lib.ones(2))", "fill_value"),
    ("R = lib.ones(lib.tensor([2, 3]))", "ones"),
    ("R = lib.rand_like(lib.ones(2, dtype=lib.int64))", "rand_like"),
    ("R = lib.randn_like(lib.ones(2, dtype=lib.int64))", "randn_like"),
    ("R = lib.ones(2).random_(5, 2)", "random_"),
    ("R = lib.ones(2).exponential_(-1)", "exponential_"),
    ("R = lib.ones(2).exponential_(0)", "exponential_"),
    ("R = lib.eye(2.5)", "eye"),
    ("R = lib.eye((2, 3))", "eye"),
    ("R = lib.normal(0., 1.)", "normal"),
    ("R = lib.empty_like(3)", "empty_like"),
    ("R = lib.ones(2).geometric_(1.5)", "geometric_"),
    # item 16: in-place into an integer or bool tensor
    ("R = lib.ones(2, dtype=lib.int64).add_(1.5)", "result type Float can't be cast to the desired output type Long"),
    ("R = lib.ones(2, dtype=lib.int64).mul_(1.5)", "result type Float can't be cast to the desired output type Long"),
    ("R = lib.ones(2, dtype=lib.bool).add_(1)", "result type Long can't be cast to the desired output type Bool"),
    ("R = lib.ones(2, dtype=lib.int64).tan_()", "tan_"),
    ("R = lib.ones(2, dtype=lib.int32).sub_(0.5)", "sub_"),
    ("R = lib.ones(2, dtype=lib.int64); R /= 2", "result type Float can't be cast to the desired output type Long"),
    ("R = lib.ones(2, 3); R[0] = [1, 2, 3]", "can't assign a list to a torch.FloatTensor"),
    # item 13: Size entries, index dtypes
    ("R = lib.Size([2, 'a'])", "Size"),
    ("R = lib.Size([2, 2.5])", "Size"),
    ("R = lib.ones(3)[lib.tensor([0, 1], dtype=lib.int16)]", "long, int, byte or bool"),
    ("R = lib.ones(3)[lib.tensor([0, 1], dtype=lib.int8)]", "long, int, byte or bool"),
    # item 15: index_add and masks
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([0]), lib.ones(1, 3, dtype=lib.float64))", "same scalar type"),
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([0, 1]), lib.ones(1, 3))", "Number of indices (2)"),
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([5]), lib.ones(1, 3))", "out of bounds"),
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([-1]), lib.ones(1, 3))", "out of bounds"),
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([0.]), lib.ones(1, 3))", "int32/int64"),
    ("R = lib.ones(2, 3).index_add(0, lib.tensor([0]), lib.ones(1, 2))", "source tensor shape"),
    ("R = lib.ones(2, 3).index_add_(0, lib.tensor([0]), lib.ones(1, 3, dtype=lib.float64))", "same scalar type"),
    ("R = lib.ones(2, 3)[lib.tensor([True, False, True])]", "shape of the mask [3] at index 0"),
    ("R = lib.ones(2, 3)[:, lib.tensor([True, False])]", "shape of the mask [2] at index 1"),
    ("R = lib.ones(2, 3); R[lib.tensor([True, False, True])] = 1.0", "shape of the mask"),
    # found again by the bad-call probe
    ("R = lib.ones(2).to('cpu', 'float64')", "to()"),
    ("R = lib.ones(2).to(lib.float32, 'cpu')", "to()"),
    ("R = lib.bernoulli(lib.tensor([1, 0]))", "bernoulli"),
    ("R = lib.poisson(lib.tensor([-1.]))", "poisson"),
    ("class Fn(lib.autograd.Function):\n"
     "    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
     "    @staticmethod\n    def backward(ctx, g):\n        return 'x'\n"
     "Fn.apply(lib.ones(2, requires_grad=True)).sum().backward()", "expected Variable or None (got str)"),
    ("class Fn(lib.autograd.Function):\n"
     "    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
     "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
     "R = Fn()(lib.ones(2, requires_grad=True))", "apply"),
]


@pytest.mark.parametrize("code,word", ERRORS)
def test_error_as_torch(code, word):
    check_raises_as_torch(code, word)


DEVICE_ERRORS = [("R = lib.device('gpu')", "gpu"), ("R = lib.device('CPU')", "CPU"),
                 ("R = lib.device('cuda:abc')", "cuda:abc"), ("R = lib.device('cpu:01')", "cpu:01"),
                 ("R = lib.device('cpu:-1')", "cpu:-1"), ("R = lib.device('cpu', -1)", "negative"),
                 ("R = lib.ones(2, device='gpu')", "gpu")]


@pytest.mark.parametrize("code,word", DEVICE_ERRORS)
def test_device_errors_are_runtime_errors_that_old_callers_catch_as_value_errors(code, word):
    from helpers import run_call
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == mk == "error" and type(t) is RuntimeError, (t, m)
    assert isinstance(m, RuntimeError) and isinstance(m, ValueError) and word in str(m), m


def test_pin_memory_is_the_tensor_itself():
    x = minigrad.ones(2)
    assert x.pin_memory() is x              # (torch needs an accelerator for it)


# ------------------------------------------------------------------------------------------------ item 5, 17
@pytest.mark.parametrize("make", ["tuple", "list", "autograd"])
def test_backward_takes_a_sequence_of_one_gradient(make):
    def f(lib, x):
        y = (x * x).sum()
        g = lib.tensor(0.7, dtype=x.dtype)
        if make == "tuple":
            y.backward(gradient=(g,))
        elif make == "list":
            y.backward([g])
        else:
            lib.autograd.backward([y], [g])
        return x.grad
    a = rand(3, seed=7)
    t, m = f(torch, torch.tensor(a, requires_grad=True)), f(minigrad, minigrad.tensor(a, requires_grad=True))
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-12)


HOOK_ERRORS = [
    ("R = lib.ones(2, requires_grad=True) * 1; R.register_hook(lambda g: lib.ones(3)); R.sum().backward()",
     "changed the size"),
    ("R = lib.ones(2, requires_grad=True); R.register_hook(lambda g: lib.ones(3)); R.sum().backward()",
     "changed the size"),
    ("R = lib.ones(2, requires_grad=True) * 1; R.register_hook(lambda g: 'abc'); R.sum().backward()",
     "hook returned 'str'"),
    ("R = lib.ones(2, requires_grad=True) * 1; R.register_hook(lambda g: g.double()); R.sum().backward()",
     "changed the type"),
]


@pytest.mark.parametrize("code,word", HOOK_ERRORS)
def test_hook_results_are_checked_as_torch(code, word):
    check_raises_as_torch(code, word)


def test_save_for_backward_takes_only_tensors_and_none():
    def run(lib, item):
        class F(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x, item)
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2
        return F.apply(lib.ones(2, requires_grad=True))
    with pytest.raises(TypeError):
        run(torch, 3)
    with pytest.raises(TypeError, match=r"save_for_backward can only save variables.*argument 1.*int"):
        run(minigrad, 3)
    assert run(minigrad, None).tolist() == run(torch, None).tolist()


# ------------------------------------------------------------------------------------------------ item 8
UNARY_TWINS = ["tan", "expm1", "frac", "sinc", "deg2rad", "rad2deg", "log2", "log10", "log1p", "rsqrt", "lgamma",
               "digamma", "logit", "arctan", "arcsin", "negative", "fix", "erfc", "arccos"]   # (torch has no gradient for
#                                                       asinh_/atanh_, and sgn_'s is a ZeroTensor it can't show)


@pytest.mark.parametrize("name", UNARY_TWINS)
def test_unary_inplace_twin_value_and_gradient(name):
    low, high = (0.1, 0.9) if name in ("logit", "arcsin", "arctanh", "rsqrt", "log2", "log10", "lgamma",
                                       "digamma") else (-0.9, 0.9)

    def f(lib, x):
        y = x * 1.0                                # a non-leaf, changed in place
        out = getattr(y, name + "_")()
        assert out is y
        return y
    check(f, rand(2, 3, seed=11, low=low, high=high))


BINARY_TWINS = [("atan2", 0.5, 2.0), ("hypot", -2.0, 2.0), ("copysign", -2.0, 2.0), ("fmod", 0.5, 2.0),
                ("remainder", 0.5, 2.0), ("xlogy", 0.5, 2.0)]


@pytest.mark.parametrize("name,low,high", BINARY_TWINS)
def test_binary_inplace_twin_value_and_gradients_of_both_inputs(name, low, high):
    def f(lib, x, other):
        y = x * 1.0
        getattr(y, name + "_")(other)              # other requires grad: the graph is recorded through it too
        return y
    check(f, rand(2, 3, seed=12, low=low, high=high), rand(3, seed=13, low=low, high=high))


def test_addmm_and_cumsum_twins_record_their_gradients():
    def f(lib, c, a, b):
        y = c * 1.0
        y.addmm_(a, b, beta=0.5, alpha=2.0)
        return y.cumsum_(1)
    check(f, rand(2, 3, seed=14), rand(2, 4, seed=15), rand(4, 3, seed=16))


COMPARE_TWINS = ["lt", "le", "gt", "ge", "eq", "ne", "logical_not", "floor_divide", "cumsum", "logical_and"]


@pytest.mark.parametrize("name", COMPARE_TWINS)
def test_twins_that_keep_the_tensors_dtype(name):
    args = {"logical_not": (), "cumsum": (0,), "logical_and": ("other",)}.get(name, (0.5,))
    for lib in (torch, minigrad):
        x = lib.tensor([[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0]])
        a = [x.flip(1) if v == "other" else v for v in args]
        expect = getattr(x, name)(*a).to(x.dtype)
        out = getattr(x, name + "_")(*a)
        assert out is x and x.dtype == lib.float32
        if lib is torch:
            want = expect.numpy()
        else:
            np.testing.assert_allclose(x.numpy(), want)
            np.testing.assert_allclose(expect.numpy(), want)


def test_inplace_twins_refuse_a_leaf_that_requires_grad_and_count_versions():
    x = minigrad.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"^a leaf Variable that requires grad is being used in an in-place operation. \(tan_: "):
        x.tan_()
    y = minigrad.ones(3) * 0.5
    v = y._version
    y.lt_(1.0)
    assert y._version == v + 1 and y.tolist() == [1.0, 1.0, 1.0]
    z = minigrad.ones(3, requires_grad=True) * 1
    w = z.exp()                                  # saves its output
    z.tan_()
    w.sum().backward()                           # exp saved its own output, not z: still fine
    e = minigrad.ones(3, requires_grad=True) * 1
    s = e.sigmoid()
    s.tan_()                                     # sigmoid's saved output changed: backward refuses
    with pytest.raises(RuntimeError, match="modified by an inplace operation|version"):
        s.sum().backward()


def test_module_level_inplace_functions_and_imod():
    for lib in (torch, minigrad):
        x = lib.tensor([-1.0, 0.0, 2.0])
        assert lib.sigmoid_(x) is x
        lib.relu_(lib.tanh_(x))
        x %= 0.3
        if lib is torch:
            want = x.numpy().copy()
    np.testing.assert_allclose(x.numpy(), want, rtol=1e-6)
    with pytest.raises(TypeError, match="sigmoid_"):
        minigrad.sigmoid_([1.0])


def test_renorm_value_and_gradient():
    check(lambda lib, x: x.renorm(2, 0, 1.0), rand(3, 4, seed=17))
    check(lambda lib, x: lib.renorm(x, 1, 1, 2.0), rand(2, 3, 2, seed=18))
    check(lambda lib, x: x.renorm(3, -1, 0.5), rand(4, 2, seed=19))


def test_sum_to_size_gradient():
    check(lambda lib, x: x.sum_to_size(1, 3), rand(2, 3, seed=20))
    check(lambda lib, x: x.sum_to_size(4, 1), rand(2, 4, 3, seed=21))


def test_random_fills_keep_their_law():
    minigrad.manual_seed(0)
    g = minigrad.empty(20000).geometric_(0.25)
    assert g.min().item() >= 1 and abs(g.mean().item() - 4.0) < 0.15          # mean 1/p
    c = minigrad.empty(20000).cauchy_(1.0, 2.0)
    assert abs(c.median().item() - 1.0) < 0.1                                 # median is the location
    ln = minigrad.empty(20000, dtype=minigrad.float64).log_normal_(0.0, 0.5)
    assert ln.min().item() > 0 and abs(ln.log().std().item() - 0.5) < 0.02
    assert minigrad.empty(5, dtype=minigrad.int64).geometric_(0.5).dtype == minigrad.int64


# ------------------------------------------------------------------------------------------------ item 9
def test_deepcopy_of_a_parameter_drops_its_grad_as_torch():
    for lib in (torch, minigrad):
        p = lib.nn.Parameter(lib.ones(2))
        p.grad = lib.ones(2)
        q = copy.deepcopy(p)
        assert q.grad is None and q.requires_grad and isinstance(q, lib.nn.Parameter)
        t = lib.ones(2, requires_grad=True)
        t.grad = lib.ones(2)
        assert copy.deepcopy(t).grad.tolist() == [1.0, 1.0]          # a plain tensor keeps it
        m = lib.nn.Linear(2, 2)
        m(lib.ones(1, 2)).sum().backward()
        m2 = copy.deepcopy(m)
        assert all(p.grad is None for p in m2.parameters())
        assert m2.weight is not m.weight and m2.weight.tolist() == m.weight.tolist()


def test_memory_formats_are_named_and_pickle():
    import pickle
    for name in ("contiguous_format", "preserve_format", "channels_last", "channels_last_3d"):
        f = getattr(minigrad, name)
        assert repr(f) == f"torch.{name}" and pickle.loads(pickle.dumps(f)) is f


@pytest.mark.skipif(TORCH_VERSION < (2, 0), reason="torch's type strings")
def test_typename_and_type_of_legacy_classes():
    x = minigrad.ones(2)
    assert minigrad.typename(x) == torch.typename(torch.ones(2)) == "torch.FloatTensor"
    assert x.type(minigrad.LongTensor).dtype == minigrad.int64
    assert x.type("torch.LongTensor").type() == "torch.LongTensor"


def test_index_add_gradients():
    check(lambda lib, x, src: x.index_add(1, lib.tensor([2, 0, 2]), src, alpha=0.5), rand(2, 3, seed=22),
          rand(2, 3, seed=23))


def test_bfloat16_says_minigrad_has_no_such_arrays():
    with pytest.raises(TypeError, match="bfloat16"):
        minigrad.ones(2).bfloat16()


def test_positive_of_a_bool_tensor_is_refused():
    with pytest.raises(NotImplementedError if TORCH_VERSION >= (2, 15) else RuntimeError):
        torch.positive(torch.ones(2, dtype=torch.bool))
    with pytest.raises(NotImplementedError, match=r"positive.*`\+` operator, on a bool tensor"):   # (torch 2.15's class)
        minigrad.positive(minigrad.ones(2, dtype=minigrad.bool))


def test_round6_methods_on_each_device(device):
    def f(lib, x, v):
        y = x * 1.0
        y[0] = v                                   # a (1,) value into one element
        return y.tan_()
    check(f, rand(3, seed=30, low=-1, high=1), rand(1, seed=31, low=-1, high=1), device=device)
    x = minigrad.ones(2, 3, device=device)
    cuda = device == "cuda"
    assert x.type() == ("torch.cuda.FloatTensor" if cuda else "torch.FloatTensor")
    assert x.get_device() == (x.device.index if cuda else -1)
    assert x[1].storage_offset() == 3 and x[1].data_ptr() - x.data_ptr() == 12
    out = x.index_add(0, minigrad.tensor([1], device=device), minigrad.ones(1, 3, device=device))
    assert out.tolist() == [[1.0] * 3, [2.0] * 3] and out.device == x.device
    with pytest.raises(RuntimeError, match="out of bounds"):
        x.index_add(0, minigrad.tensor([2], device=device), minigrad.ones(1, 3, device=device))
    g = minigrad.empty(1000, device=device).geometric_(0.5)
    assert g.device == x.device and g.min().item() >= 1
    assert minigrad.poisson(minigrad.full((4,), 3.0, device=device)).device == x.device
