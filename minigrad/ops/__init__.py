"""minigrad's differentiable primitives, grouped by kind.

  pointwise.py  arithmetic and unary math      reduce.py   sum/mean/max/norm, softmax family
  shape.py      reshape/permute/expand/cat     index.py    x[key], x[key] = v, gather, masked_fill
  linalg.py     matmul                         convert.py  .to(dtype/device)
  compare.py    ==, <, logical ops (no grad)   inplace.py  add_, mul_, +=, zero_, copy_...
  conv.py       conv2d and pooling

Every primitive is a class with ``forward`` (array code) and ``backward`` (tensor code) side by side.
This module also makes the op functions Tensor methods: ``x.exp()`` is ``pointwise.exp(x)`` and
``x * y`` is ``pointwise.mul(x, y)`` (in normal mode through the shortcuts of ``fast/operators.py``).
"""
from __future__ import annotations

import functools
import numbers
import operator as op

import numpy as np

from .. import dtypes, fast
from ..autograd.function import named
from ..tensor import Tensor
from . import _helpers, compare, convert, index, inplace, linalg, nn_nodes, pointwise, reduce, shape


def _numpy_operator(t, array, array_op, name):
    """torch's ``tensor <op> numpy_array``: NumPy computes it on the tensor's values (NumPy's broadcasting and
    type promotion, no graph: ``t.numpy()`` refuses a tensor that requires grad) and the result is a new tensor."""
    values = t.numpy()
    try:
        with np.errstate(all="ignore"):
            out = array_op(values, array)
    except ValueError as e:
        raise ValueError(f"{e} ({name}(): a tensor of shape {tuple(values.shape)} meets a NumPy array of shape "
                         f"{array.shape}, which NumPy computes; make the array a tensor with minigrad.from_numpy(...) "
                         "and give both operands shapes that broadcast)") from None
    return _helpers._wrap(np.asarray(out))


def _with_arrays(general, array_op, name, refuse, swapped=False):
    """``general`` (the operator's function) where a NumPy array operand is taken as torch 2.13 takes it: the
    forward operator (``x + array``) lets NumPy compute (``_numpy_operator``); a reflected one (``array + x``)
    returns NotImplemented, so Python raises its TypeError. ``swapped``: ``general`` is called as (other, self)."""
    def operator_general(a, b):
        other = a if swapped else b
        if type(other) is np.ndarray:
            if refuse:
                return NotImplemented
            return _numpy_operator(b if swapped else a, other, array_op, name)
        return general(a, b)
    operator_general.__name__, operator_general.__doc__ = general.__name__, general.__doc__
    return operator_general


def _refuse_arrays(method):
    """An operator method that leaves a NumPy array operand to Python (NotImplemented: ``x < array``, ``array @
    x``, ``x += array``, whose fallback ``x + array`` then makes a new tensor, as torch's), and with it anything
    that is neither a tensor nor a number (``x += [1, 2]``: Python's TypeError)."""
    def operator_method(self, other):
        if type(other) is np.ndarray or not isinstance(other, (Tensor, numbers.Number, np.generic)):
            return NotImplemented
        return method(self, other)
    operator_method.__name__, operator_method.__doc__ = method.__name__, method.__doc__
    return operator_method


def _ordering(method, symbol):
    """``x < other`` (<= > >=): a tensor or a number; a NumPy array, a str, None, a list are Python's TypeError (as
    torch's), in words that name the op."""
    def operator_method(self, other):
        if type(other) is np.ndarray or not isinstance(other, (Tensor, numbers.Number, np.generic)):
            kind = _helpers.type_name(other)
            raise TypeError(f"'{symbol}' not supported between instances of 'Tensor' and '{kind}' "
                            f"({method.__name__}(): compare with a tensor or a number; make an array a tensor with "
                            "minigrad.from_numpy(...))")
        return method(self, other)
    operator_method.__name__, operator_method.__doc__ = method.__name__, method.__doc__
    return operator_method


def _binary(op_cls, general, array_op, reflected=False, dunder_reflected=None):
    """The Tensor method of a binary operator: ``general(self, other)`` (``general(other, self)``
    when ``reflected``: ``2 * x``), or in normal mode the shortcut method of ``fast/operators.py``.
    ``dunder_reflected``: the method is a reflected operator (``__radd__``), which leaves NumPy arrays to Python."""
    refuse = reflected if dunder_reflected is None else dunder_reflected
    general = _with_arrays(general, array_op, general.__name__, refuse, swapped=reflected)
    if fast.enabled():
        return fast.operators.binary_operator(op_cls, general, array_op, reflected)
    if reflected:
        def method(self, other):
            return general(other, self)
    else:
        def method(self, other):
            return general(self, other)
    method.__name__, method.__doc__ = general.__name__, general.__doc__
    return method


def _renamed(method, node_name, edge_args=None):
    """``method`` whose result's node carries torch's name (``1 - x``: ``RsubBackward1``, listing x only)."""
    def renamed(self, other):
        return named(method(self, other), node_name, edge_args)
    renamed.__name__, renamed.__doc__ = method.__name__, method.__doc__
    return renamed


def _number_over(method):
    """``2 / x`` as torch computes it: ``x.reciprocal() * 2`` (MulBackward0 over ReciprocalBackward0, and the
    same roundings); anything else (an array) goes to ``method``."""
    def rtruediv(self, other):
        if isinstance(other, (int, float)) and not isinstance(other, bool) and self.__class__ is Tensor:
            return _helpers.quiet(op.mul, pointwise.reciprocal(self), other)      # (0 / 0: nan, silently)
        if type(other) is np.ndarray:                 # (array / x: NumPy's product with x's reciprocal, as torch)
            return _numpy_operator(pointwise.reciprocal(self), other, op.mul, "div")
        return method(self, other)
    rtruediv.__name__, rtruediv.__doc__ = method.__name__, method.__doc__
    return rtruediv


def _add_arrays(a, b):
    return _helpers.arith(op.add, a, b)           # inf - inf is nan, silently (as torch)


def _sub_arrays(a, b):
    return _helpers.arith(op.sub, a, b)


def _mul_arrays(a, b):
    return _helpers.arith(op.mul, a, b)


def _quiet_truediv(a, b):
    return _helpers.arith(op.truediv, a, b)       # x / 0 is inf, silently (as torch)


def _bind_operators():
    """Bind the arithmetic operators; called again when reference mode is switched."""
    P = pointwise
    operators = {
        "__add__": _binary(P.Add, P.add_operator, _add_arrays),
        "__radd__": _binary(P.Add, P.add_operator, _add_arrays, dunder_reflected=True),   # 1 + x is x + 1, as torch
        "__sub__": _binary(P.Sub, P.sub_operator, _sub_arrays), "__rsub__": _renamed(_binary(P.Sub, P.sub_operator, _sub_arrays, True),
                                                                      "RsubBackward1", (1,)),
        "__mul__": _binary(P.Mul, P.mul_operator, _mul_arrays),
        "__rmul__": _binary(P.Mul, P.mul_operator, _mul_arrays, dunder_reflected=True),
        "__truediv__": _binary(P.Div, P.div_operator, _quiet_truediv),
        "__rtruediv__": _number_over(_binary(P.Div, P.div_operator, _quiet_truediv, True)),
    }
    for name, fn in operators.items():
        setattr(Tensor, name, fn)


def _bitwise_operator(fn, reflected=False):
    """``x & other`` (| ^): a tensor or a number; anything else (a list, None, a string) is Python's TypeError
    (unsupported operand types), as torch's."""
    def operator_method(self, other):
        if not isinstance(other, (Tensor, numbers.Number)):
            return NotImplemented
        if type(other) is int and not _helpers.INT_RANGE[0] <= other < _helpers.INT_RANGE[1]:
            _helpers.int_overflow(other, fn.__name__)
        return fn(other, self) if reflected else fn(self, other)
    return operator_method


def _bind_methods():
    P, R, S, I, L, C, IP = pointwise, reduce, shape, index, linalg, compare, inplace
    methods = {
        # arithmetic operators (+ - * / are bound by _bind_operators)
        # (a NumPy array operand: computed by NumPy in x <op> array, refused in array <op> x, as torch 2.13)
        "__floordiv__": _with_arrays(P.floor_divide, op.floordiv, "floor_divide", False),
        "__rfloordiv__": _refuse_arrays(lambda s, o: P.floor_divide(o, s)),
        "__mod__": _with_arrays(P.remainder, op.mod, "remainder", False),
        "__rmod__": _refuse_arrays(lambda s, o: P.remainder(o, s)),
        "__pow__": _with_arrays(P.pow, op.pow, "pow", False), "__rpow__": _refuse_arrays(P.rpow),
        "__matmul__": _with_arrays(L.matmul, op.matmul, "matmul", False),
        "__rmatmul__": _refuse_arrays(lambda s, o: L.matmul(o, s)),
        "__neg__": P.neg, "__pos__": lambda s: s, "__abs__": P.abs,
        "__iadd__": _refuse_arrays(IP.add_), "__isub__": _refuse_arrays(IP.sub_), "__imul__": _refuse_arrays(IP.mul_),
        "__itruediv__": _refuse_arrays(IP.div_), "__ipow__": _refuse_arrays(IP.pow_),
        "__eq__": C.tensor_eq, "__ne__": C.tensor_ne, "__lt__": _ordering(C.lt, "<"), "__le__": _ordering(C.le, "<="),
        "__gt__": _ordering(C.gt, ">"), "__ge__": _ordering(C.ge, ">="),
        "__and__": _bitwise_operator(C.bitwise_and), "__or__": _bitwise_operator(C.bitwise_or),
        "__xor__": _bitwise_operator(C.bitwise_xor), "__rand__": _bitwise_operator(C.bitwise_and, True),
        "__ror__": _bitwise_operator(C.bitwise_or, True), "__rxor__": _bitwise_operator(C.bitwise_xor, True),
        "__iand__": lambda s, o: IP.run_inplace(s, C.bitwise_and, o, "&="),
        "__ior__": lambda s, o: IP.run_inplace(s, C.bitwise_or, o, "|="),
        "__invert__": C.invert,
        "__getitem__": I.getitem, "__setitem__": IP.setitem,
        # pointwise
        "add": P.add, "sub": P.sub, "subtract": P.sub, "mul": P.mul, "multiply": P.mul, "div": P.div,
        "divide": P.div, "true_divide": P.div, "floor_divide": P.floor_divide, "remainder": P.remainder,
        "fmod": P.fmod, "pow": P.pow, "square": P.square, "neg": P.neg, "negative": P.neg, "exp": P.exp,
        "expm1": P.expm1, "log": P.log, "log2": P.log2, "log10": P.log10, "log1p": P.log1p, "sqrt": P.sqrt,
        "rsqrt": P.rsqrt, "reciprocal": P.reciprocal, "abs": P.abs, "absolute": P.abs, "sign": P.sign,
        "relu": P.relu, "sigmoid": P.sigmoid, "tanh": P.tanh, "sin": P.sin, "cos": P.cos, "tan": P.tan,
        "clamp": P.clamp, "clip": P.clamp, "clamp_min": P.clamp_min, "clamp_max": P.clamp_max,
        "maximum": P.maximum, "minimum": P.minimum, "floor": P.floor, "ceil": P.ceil, "round": P.round,
        "trunc": P.trunc, "frac": P.frac, "lerp": P.lerp, "addcmul": P.addcmul, "addcdiv": P.addcdiv,
        "where": lambda s, cond, other: P.where(cond, s, other),
        # reductions
        "sum": R.sum, "nansum": R.nansum, "mean": R.mean, "amax": R.amax, "amin": R.amin, "max": R.max,
        "min": R.min, "argmax": R.argmax, "argmin": R.argmin, "prod": R.prod, "cumsum": R.cumsum,
        "cumprod": R.cumprod, "var": R.var, "std": R.std, "norm": R.norm, "logsumexp": R.logsumexp,
        "softmax": R.tensor_softmax, "log_softmax": R.tensor_log_softmax, "any": R.any, "all": R.all,
        "count_nonzero": R.count_nonzero, "sort": R.sort, "argsort": R.argsort, "topk": R.topk,
        # shape
        "reshape": S.reshape, "view": S.view, "view_as": S.view_as, "reshape_as": S.reshape_as,
        "flatten": S.flatten, "unflatten": S.unflatten, "ravel": S.ravel, "squeeze": S.squeeze_method,
        "unsqueeze": S.unsqueeze, "permute": S.permute, "transpose": S.transpose, "swapaxes": S.transpose,
        "swapdims": S.transpose, "t": S.t, "movedim": S.movedim, "moveaxis": S.movedim, "expand": S.expand,
        "expand_as": S.expand_as, "broadcast_to": S.broadcast_to, "flip": S.flip, "fliplr": S.fliplr,
        "flipud": S.flipud, "roll": S.roll, "repeat": S.repeat, "tile": S.tile_method,
        "repeat_interleave": S.repeat_interleave, "narrow": S.narrow, "select": S.select, "split": S.split_method,
        "chunk": S.chunk, "tensor_split": S.tensor_split, "unbind": S.unbind, "contiguous": S.contiguous,
        "clone": S.clone,
        # indexing
        "gather": I.gather, "index_select": I.index_select, "masked_fill": I.masked_fill,
        "masked_select": I.masked_select, "nonzero": I.nonzero, "argwhere": I.argwhere, "scatter": I.scatter,
        "scatter_add": I.scatter_add, "take_along_dim": I.take_along_dim, "take": I.take, "as_strided": I.as_strided,
        "index_add": I.index_add,
        # linear algebra
        "matmul": L.matmul, "mm": L.mm, "bmm": L.bmm, "mv": L.mv, "dot": L.dot, "outer": L.outer,
        "addmm": L.addmm,
        # comparison / logic
        "eq": C.eq, "ne": C.ne, "lt": C.lt, "le": C.le, "gt": C.gt, "ge": C.ge, "greater": C.gt,
        "less": C.lt, "logical_and": C.logical_and, "logical_or": C.logical_or,
        "logical_xor": C.logical_xor, "logical_not": C.logical_not, "bitwise_not": C.bitwise_not,
        "bitwise_and": C.bitwise_and, "bitwise_or": C.bitwise_or, "bitwise_xor": C.bitwise_xor,
        "isnan": C.isnan, "isinf": C.isinf, "isfinite": C.isfinite, "isclose": C.isclose,
        "allclose": C.allclose, "equal": C.equal,
        # in place
        "add_": IP.add_, "sub_": IP.sub_, "mul_": IP.mul_, "div_": IP.div_, "pow_": IP.pow_,
        "neg_": IP.neg_, "abs_": IP.abs_, "exp_": IP.exp_, "log_": IP.log_, "sqrt_": IP.sqrt_,
        "relu_": IP.relu_, "sigmoid_": IP.sigmoid_, "tanh_": IP.tanh_, "floor_": IP.floor_,
        "ceil_": IP.ceil_, "round_": IP.round_, "trunc_": IP.trunc_, "sign_": IP.sign_,
        "reciprocal_": IP.reciprocal_, "sin_": IP.sin_, "cos_": IP.cos_, "clamp_": IP.clamp_,
        "clip_": IP.clamp_, "hardtanh_": IP.hardtanh_, "leaky_relu_": IP.leaky_relu_, "clamp_min_": IP.clamp_min_, "clamp_max_": IP.clamp_max_, "zero_": IP.zero_,
        "fill_": IP.fill_, "fill_diagonal_": IP.fill_diagonal_, "copy_": IP.copy_, "masked_fill_": IP.masked_fill_, "addcmul_": IP.addcmul_,
        "addcdiv_": IP.addcdiv_, "lerp_": IP.lerp_, "index_add_": IP.index_add_, "scatter_": IP.scatter_,
        "scatter_add_": IP.scatter_add_, "uniform_": IP.uniform_, "normal_": IP.normal_,
        "bernoulli_": IP.bernoulli_, "random_": IP.random_, "exponential_": IP.exponential_,
        "subtract_": IP.sub_, "multiply_": IP.mul_, "divide_": IP.div_, "maximum_": IP.maximum_,
        "t_": IP.t_, "transpose_": IP.transpose_, "swapdims_": IP.transpose_, "swapaxes_": IP.transpose_,
        "squeeze_": IP.squeeze_, "unsqueeze_": IP.unsqueeze_, "resize_": IP.resize_, "resize_as_": IP.resize_as_,
        "set_": IP.set_,
    }
    methods["char"] = lambda s: convert.to(s, dtypes.int8)          # torch's name for int8 (t.byte() is uint8)
    methods["type"] = functools.update_wrapper(convert.type_, Tensor.type)
    methods.update({"tril": I.tril, "triu": I.triu, "diag": I.diag, "diagonal": I.diagonal, "trace": I.trace, "to": convert.to})
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
    Tensor.T = property(S.T)
    Tensor.mT = property(S.mT)
    Tensor.H = property(_conj_transpose)


def _conj_transpose(self):
    """``x.H``: the (conjugate) transpose of a matrix; torch refuses 1-D and batched tensors (x.mH is for batches)."""
    if self.ndim not in (0, 2):
        batches = ". For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor{batches} "
                           f"(shape {tuple(self.shape)})")
    return shape.T(self)


def _refuse_non_tensors(module, names):
    """The module-level ops (``minigrad.sum(x)``) refuse a non-tensor input with torch's TypeError instead of
    failing inside on a list's missing attribute. Methods need no check (``self`` is a tensor), so this runs
    after ``_bind_methods`` and only the module functions are wrapped."""
    for name in names:
        fn = getattr(module, name)

        def checked(input, *args, _fn=fn, _name=name, **kwargs):
            if not isinstance(input, Tensor):
                raise TypeError(f"{_name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
                                f"; wrap it with minigrad.tensor(...)")
            if kwargs and "out" in kwargs and _name not in _OWN_OUT:
                out = kwargs.pop("out")
                if isinstance(out, Tensor) and _name in _SUM_IN_OUT_DTYPE and kwargs.get("dtype") is None:
                    kwargs["dtype"] = out.dtype     # torch sums in the out tensor's dtype (an int out: ints)
                if out is not None:
                    rule = _REDUCTION_OUT.get(_name, "any") if module is reduce else "cast"
                    if rule == "float" and isinstance(out, Tensor) and not out.dtype.is_floating_point:
                        raise RuntimeError(f"{_name}(): Expected floating point type for result tensor, but got: "
                                           f"{out.dtype} (give a float out tensor)")
                    return _helpers.write_out(_fn(input, *args, **kwargs), out, _name, rule in ("any", "float"),
                                              rule == "exact" or _name in _SAME_DTYPE_OUT)
            return _fn(input, *args, **kwargs)
        setattr(module, name, functools.update_wrapper(checked, fn))


_OWN_OUT = ("max", "min")          # functions that take out= themselves
# torch's rules for a reduction's out tensor of another dtype than the result: "exact" (only the result's own
# dtype), "cast" (where a cast is safe, as the pointwise ops: a float mean not into an int out), "float" (any
# float dtype); the others ("any": sum, prod...) compute in the out tensor's dtype or cast into it freely
_REDUCTION_OUT = {"amax": "exact", "amin": "exact", "argmax": "exact", "argmin": "exact", "any": "exact",
                  "all": "exact", "sort": "exact", "topk": "exact", "mean": "cast", "var": "cast", "std": "cast",
                  "logsumexp": "float"}
_SUM_IN_OUT_DTYPE = ("sum", "prod", "cumsum", "cumprod")


# torch's kernels of these write only into an out tensor of the result's own dtype ("Found dtype Double but
# expected Float"); the others may write into a wider dtype
_SAME_DTYPE_OUT = {"abs", "absolute", "neg", "negative", "clamp", "clip", "clamp_max", "clamp_min", "sign", "floor",
                   "ceil", "round", "trunc", "fix", "frac", "nan_to_num", "norm", "median", "nanmedian", "kthvalue",
                   "mode", "aminmax", "cummax", "cummin", "logcumsumexp", "float_power", "sgn"}


def _accept_out(module, names, reduction=False):
    """The module-level ops (``minigrad.exp(x, out=o)``) take torch's ``out=``: the result is written into
    ``out`` (``_helpers.write_out``). Only the module functions are wrapped, so methods stay direct."""
    for name in names:
        fn = getattr(module, name)

        def with_out(*args, out=None, _fn=fn, _name=name, **kwargs):
            if out is None:
                return _fn(*args, **kwargs)
            exact = _name in _SAME_DTYPE_OUT and not (_name.startswith("cl") and any(    # clamp with tensor
                isinstance(a, Tensor) for a in (*args[1:], *kwargs.values())))         # bounds: a safe cast
            return _helpers.write_out(_fn(*args, **kwargs), out, _name, reduction, exact=exact)
        setattr(module, name, functools.update_wrapper(with_out, fn))


_bind_methods()
_bind_operators()
_refuse_non_tensors(compare, ("isnan", "isinf", "isfinite", "isclose", "allclose", "equal"))
_refuse_non_tensors(index, ("masked_select", "nonzero", "diag", "trace", "tril", "triu"))
_refuse_non_tensors(linalg, ("mm", "bmm", "mv", "dot"))
_refuse_non_tensors(pointwise, ("floor", "ceil", "round"))
_refuse_non_tensors(reduce, ("sum", "mean", "var", "std", "amax", "amin", "max", "min", "argmax", "argmin",
                             "logsumexp", "prod", "cumsum", "cumprod", "any", "all", "count_nonzero", "argsort",
                             "sort", "topk"))
_refuse_non_tensors(shape, ("squeeze", "unsqueeze", "reshape", "flatten", "permute", "transpose", "t", "movedim",
                            "flip", "roll", "tile", "repeat_interleave", "clone", "narrow", "select", "chunk",
                            "unbind"))
_method_flip = shape.flip


def _flip_function(input, *args, **kwargs):
    """``minigrad.flip(input, dims)``: dims is a tuple or list of ints (only the method takes ints: x.flip(0))."""
    if len(args) == 1 and not isinstance(args[0], (tuple, list)):
        raise TypeError(f"flip(): argument 'dims' (position 2) must be tuple of ints, not "
                        f"{_helpers.type_name(args[0])}; give a tuple, e.g. flip(x, ({args[0]!r},))")
    return _method_flip(input, *args, **kwargs)


shape.flip = functools.update_wrapper(_flip_function, _method_flip)
_accept_out(pointwise, ("exp", "log", "sqrt", "abs", "sin", "cos", "pow", "maximum", "neg", "clamp", "clip", "square", "reciprocal", "rsqrt", "log2", "log10", "log1p",
                        "expm1", "sign", "trunc", "frac", "lerp", "addcmul", "addcdiv", "remainder", "fmod",
                        "floor_divide", "true_divide"))
_accept_out(linalg, ("addmm", "outer", "baddbmm", "inner"))
_accept_out(shape, ("hstack", "vstack"))
fast.on_switch(_bind_operators)
fast.gradients.bind(pointwise.Add, pointwise.Sub, pointwise.Mul, pointwise.Neg, pointwise.Relu,
                    pointwise.LeakyRelu, pointwise.Hardtanh, reduce.Sum, reduce.Mean, shape.View,
                    nn_nodes.T, nn_nodes.Mm, nn_nodes.Addmm, nn_nodes.NativeLayerNorm, nn_nodes.NativeBatchNorm,
                    reduce.Softmax, reduce.LogSoftmax, reduce.Norm)
fast.multiplicative.bind(linalg.Matmul, linalg.transposed_operands, nn_nodes.Mm)


from . import _breadth  # noqa: E402,F401  (binds the methods of special.py, convnd.py, einsum.py, ...)
from . import linalg_decomp  # noqa: E402  (svd, eigh, qr, ...: binds its Tensor methods)
for _name, _fn in linalg_decomp.METHODS.items():
    setattr(Tensor, _name, _fn)


# torch's in-place twins of methods that exist out of place: t.tan_() is t.tan() written back into t
# (inplace.inplace_form: the leaf/version/view checks of every in-place op; the result keeps t's dtype)
INPLACE_TWINS = (
    "tan", "expm1", "frac", "sinc", "deg2rad", "rad2deg", "log2", "log10", "log1p", "rsqrt", "lgamma", "digamma",
    "polygamma", "mvlgamma", "logit", "erfc", "xlogy", "fix", "negative", "absolute", "sgn", "arcsin", "arccos",
    "arctan", "arcsinh", "arccosh", "arctanh", "asinh", "acosh", "atanh", "fmod", "remainder", "floor_divide",
    "true_divide", "float_power", "hypot", "atan2", "arctan2", "copysign", "nextafter", "heaviside", "ldexp", "gcd",
    "lcm", "addmm", "addmv", "addr", "addbmm", "baddbmm", "cumsum", "cumprod", "renorm", "logical_not",
    "logical_and", "logical_or", "logical_xor", "bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift", "lt", "le", "gt", "ge", "eq", "ne", "less", "less_equal",
    "greater", "greater_equal", "not_equal", "nan_to_num", "igamma", "igammac")
Tensor.fix = pointwise.fix
Tensor.greater_equal, Tensor.less_equal, Tensor.not_equal = compare.ge, compare.le, compare.ne
for _name in INPLACE_TWINS:
    setattr(Tensor, _name + "_", inplace.inplace_form(_name))
Tensor.float_power_ = inplace.float_power_
Tensor.__imod__ = inplace.inplace_form("remainder")
Tensor.histogram = algebra.histogram
Tensor.unsafe_chunk, Tensor.unsafe_split = shape.chunk, shape.split
Tensor.__ifloordiv__ = inplace.inplace_form("floor_divide")       # (x //= 2 changes x, as torch)
Tensor.__ixor__ = inplace.inplace_form("bitwise_xor")
Tensor.geometric_, Tensor.cauchy_, Tensor.log_normal_ = inplace.geometric_, inplace.cauchy_, inplace.log_normal_
Tensor.apply_, Tensor.map_, Tensor.map2_ = inplace.apply_, inplace.map_, inplace.map2_


# torch's out= on the module functions that still lacked it (torch.tan(x, out=o), torch.eq(a, b, out=o), ...)
def _accept_out_late():
    from . import algebra, compat, linalg_extra, misc, scan, special, stats
    _accept_out(pointwise, ("absolute", "fix", "negative", "tan", "erf", "clamp_max", "clamp_min"))
    _accept_out(inplace, ("clamp_max", "clamp_min"))
    _accept_out(special, ("acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh", "asin",
                          "asinh", "atan", "atanh", "cosh", "sinh", "deg2rad", "rad2deg", "digamma", "lgamma", "erf",
                          "erfc", "erfinv", "exp2", "i0", "logit", "sinc", "hardshrink", "atan2", "arctan2",
                          "copysign", "hypot", "logaddexp", "logaddexp2", "xlogy"))
    _accept_out(misc, ("histc", "nan_to_num", "fmax", "fmin", "heaviside", "ldexp", "nextafter"))
    _accept_out(compare, ("logical_not", "logical_and", "logical_or", "logical_xor", "eq", "ne", "lt", "le", "gt",
                          "ge", "less", "less_equal", "greater", "greater_equal", "not_equal"))
    _accept_out(stats, ("msort", "median", "nanmedian", "kthvalue", "mode", "aminmax"))
    _accept_out(scan, ("cummax", "cummin", "logcumsumexp"))
    _accept_out(misc, ("float_power",))
    _accept_out(compat, ("sgn", "slice_scatter", "angle"))
    _accept_out(linalg_extra, ("chain_matmul",))
    _accept_out(algebra, ("kron", "tensordot", "diff", "cross"))
    _accept_out(reduce, ("nansum",), reduction=True)
    _accept_out(stats, ("nanmean",), reduction=True)
    _accept_out(algebra, ("norm",), reduction=True)
    _accept_out(reduce, ("norm",), reduction=True)
    Tensor.prelu = special.prelu                       # (x.prelu(weight), torch's method)


_accept_out_late()
