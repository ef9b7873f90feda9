"""Elementwise ops: arithmetic (with broadcasting) and unary math.

Each op is one class: ``forward`` computes on arrays, ``backward`` maps the output's gradient ``g``
to each input's gradient with tensor ops, and the docstring states the derivative. Binary ops undo
broadcasting with ``sum_to``. Right below each class stands its plain function (``Mul``, then
``mul``): it handles Python numbers and dtype promotion, then calls ``Op.apply``. Functions without
a class of their own stand next to the op they are built from (``rsqrt`` after ``sqrt``, ``relu6``
after ``hardtanh``); ``lerp``, ``addcmul`` and ``addcdiv`` close the file.
"""
from __future__ import annotations

import math
import operator
import sys
import numbers

import numpy as np

from .. import backend, dtypes, fast
from ..autograd.function import Op, _check_devices, _check_same_device, named
from ..backend import array_module
from ..factories import tensor as _tensor
from ..tensor import Tensor, _wrap
from ._helpers import (_TORCH_NAMES, arith, cast, int_in_range, common_float, float_input, float_operands, no_bool,
                       operands, quiet, sum_to, tensor_arg, tensor_args, to_scalar, write_out, SCALAR_TYPES)


# =============================================================================================
# Binary arithmetic: each op's class, then its function
# =============================================================================================
class Add(Op):
    """out = a + b.   d/da = 1,  d/db = 1"""
    edge_non_tensors = True             # a number operand: torch lists it as (None, 0)

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a:
            ctx.shape_a = a.shape
        elif need_b:
            ctx.a = a                  # a constant: kept (not copied) so that graph pictures show its value
        if need_b:
            ctx.shape_b = b.shape
        elif need_a:
            ctx.b = b
        return arith(operator.add, a, b)       # inf - inf: nan, silently; float16 with a number: in float32 (torch's)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(g, ctx.shape_a) if need_a else None,
                sum_to(g, ctx.shape_b) if need_b else None)


class AddScaled(Op):
    """out = a + alpha·b of two float32 tensors, rounded once as torch's fused multiply-add (alpha taken
    to float32 first; the float32 product is exact in float64).   d/da = 1,  d/db = alpha"""
    torch_name = "AddBackward0"
    edge_args = (0, 1)

    @staticmethod
    def forward(ctx, a, b, alpha):
        ctx.shape_a, ctx.shape_b, ctx.alpha = a.shape, b.shape, alpha
        return quiet(lambda: (b.astype(np.float64) * float(np.float32(alpha)) + a).astype(np.float32))   # (inf - inf)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad[:2]
        return (sum_to(g, ctx.shape_a) if need_a else None,
                sum_to(g * ctx.alpha, ctx.shape_b) if need_b else None, None)


def _fused(input, other, alpha):
    """Whether ``input ± alpha·other`` goes to AddScaled: two float32 tensors, a number alpha."""
    return (input.__class__ is Tensor or isinstance(input, Tensor)) and isinstance(other, Tensor) and \
        input._data.dtype == np.float32 and other._data.dtype == np.float32 and \
        isinstance(alpha, (int, float)) and not isinstance(alpha, bool)


def add(input, other, *, alpha=1, out=None):
    """input + alpha * other"""
    if isinstance(alpha, Tensor):
        _check_alpha(input, other, alpha, "add")      # (a one-element tensor reads as its number; longer: refused)
        alpha = alpha.item()
    if alpha != 1 and _any_complex(input, other):               # (a complex operand: both taken as complex)
        return _complex_number(input, other, lambda a, b: a + b * alpha)
    if alpha != 1:
        if _fused(input, other, alpha):
            _check_same_device("add", (input, other))
            r = AddScaled.apply(input, other, alpha)
            return r if out is None else _out(r, out, input, other)
        _check_alpha(input, other, alpha, "add")
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    try:
        a, b = operands(input, other, "add")
    except (TypeError, NotImplementedError):                    # (NotImplementedError: a complex tensor)
        return _complex_number(input, other, operator.add)      # x * 1j: x as complex (minigrad/_complex.py)
    r = Add.apply(a, b)
    return r if out is None else _out(r, out, input, other)


def _complex_number(a, b, fn):
    """``fn(a, b)`` for a real tensor and a Python complex number or a complex tensor (``torch.sub(z, w)``): the
    tensors taken as complex. Called while ``operands`` refuses the pair; anything else re-raises its error."""
    if not _any_complex(a, b):
        raise                                                               # (the TypeError being handled)
    from .._complex import as_complex
    return fn(*[as_complex(x) if isinstance(x, Tensor) else x for x in (a, b)])


def _any_complex(*values):
    return any(isinstance(x, complex) or isinstance(x, Tensor) and x.dtype.is_complex for x in values)


def _check_alpha(input, other, alpha, op):
    """torch refuses a float alpha when both operands are integral (the result could not hold it)."""
    if isinstance(alpha, Tensor) and alpha.numel() == 1:
        alpha = alpha.item()                          # (a one-element tensor is read as its number, as torch)
    if not isinstance(alpha, (numbers.Number, np.generic)) or isinstance(alpha, Tensor):
        raise TypeError(f"{op}(): argument 'alpha' must be Number, not {type(alpha).__name__}")
    if isinstance(alpha, (complex, np.complexfloating)):
        raise RuntimeError(f"For non-complex input tensors, argument alpha must not be a complex number. ({op}(): "
                           f"alpha={alpha}; make an operand complex, e.g. torch.complex(x, torch.zeros_like(x))")
    if isinstance(alpha, (float, np.floating)) and all(
            not (x.dtype.is_floating_point if isinstance(x, Tensor) else isinstance(x, float)) for x in (input, other)):
        raise RuntimeError(f"For integral input tensors, argument alpha must not be a floating point number. "
                           f"({op}(): alpha={alpha}; convert the tensors with .float() or pass an int alpha)")


def _out(result, out, *inputs):
    """Support ``out=`` as torch (see ``write_out``; ``inputs``: refused if ``out`` shares part of one's memory);
    the op's name is the caller's (add, sub, mul, div)."""
    if out is None:
        return result
    return write_out(result, out, sys._getframe(1).f_code.co_name, inputs=inputs)


class Sub(Op):
    """out = a - b.   d/da = 1,  d/db = -1"""
    edge_non_tensors = True             # a number operand: torch lists it as (None, 0)

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a:
            ctx.shape_a = a.shape
        elif need_b:
            ctx.a = a                  # a constant: kept (not copied) so that graph pictures show its value
        if need_b:
            ctx.shape_b = b.shape
        elif need_a:
            ctx.b = b
        return arith(operator.sub, a, b)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(g, ctx.shape_a) if need_a else None,
                sum_to(-g, ctx.shape_b) if need_b else None)


def sub(input, other, *, alpha=1, out=None):
    """input - alpha * other"""
    if _is_bool(input) or _is_bool(other):        # (x - mask, mask - 1, x - True: refused, as torch 2.15)
        two = _is_bool(input) and _is_bool(other)
        raise NotImplementedError(
            "Subtraction, the `-` operator, with " + ("two bool tensors" if two else "a bool tensor") + " is not "
            "supported (sub(): " + ("use the `^` or logical_xor() operator instead" if two else "to invert a mask "
                                    "use the `~` or logical_not() operator; else convert the bool to int first") + ")")
    if alpha != 1 and _any_complex(input, other):               # (a complex operand: both taken as complex)
        return _complex_number(input, other, lambda a, b: a - b * alpha)
    if alpha != 1:
        if _fused(input, other, alpha):
            _check_same_device("sub", (input, other))
            r = named(AddScaled.apply(input, other, -alpha), "SubBackward0")
            return r if out is None else _out(r, out, input, other)
        _check_alpha(input, other, alpha, "sub")
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    try:
        a, b = operands(input, other, "sub")
    except (TypeError, NotImplementedError):                    # (NotImplementedError: a complex tensor)
        return _complex_number(input, other, operator.sub)      # x * 1j: x as complex (minigrad/_complex.py)
    r = Sub.apply(a, b)
    return r if out is None else _out(r, out, input, other)


subtract = sub


def _is_bool(v):
    return v.__class__ is bool or (isinstance(v, Tensor) and v.dtype is dtypes.bool)     # (dtype: complex too)


def rsub(input, other, alpha=1):
    tensor_arg(input, "rsub")
    if isinstance(other, Tensor):
        return named(sub(other, input, alpha=alpha), "RsubBackward0", edge_args=(1, 0))
    return named(sub(other, input, alpha=alpha), "RsubBackward1", edge_args=(1,))   # torch lists only input


class Mul(Op):
    """out = a * b.   d/da = b,  d/db = a"""
    edge_non_tensors = True             # a number operand: torch lists it as (None, 0)

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a if need_b else None, b if need_a else None)
            ctx.shape_a = a.shape if need_a else None
            ctx.shape_b = b.shape if need_b else None
        return arith(operator.mul, a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(g * b, ctx.shape_a) if need_a else None,
                sum_to(g * a, ctx.shape_b) if need_b else None)


def mul(input, other, *, out=None):
    try:
        a, b = operands(input, other, "mul")
    except (TypeError, NotImplementedError):                    # (NotImplementedError: a complex tensor)
        return _complex_number(input, other, operator.mul)      # x * 1j: x as complex (minigrad/_complex.py)
    r = Mul.apply(a, b)
    return r if out is None else _out(r, out, input, other)


multiply = mul


def square(input):
    if isinstance(input, Tensor) and input._data.dtype.kind == "b":
        input = cast(input, dtypes.int64)               # bool² is int64 in torch
    return named(quiet(mul, input, input), "PowBackward0")     # (overflow to inf: silent, as torch)


class Div(Op):
    """out = a / b.   d/da = 1/b,  d/db = -a/b²"""
    edge_non_tensors = True             # a number operand: torch lists it as (None, 0)

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a if need_b else None, b)
            ctx.shape_a = a.shape if need_a else None
            ctx.shape_b = b.shape if need_b else None
        return arith(operator.truediv, a, b)       # x / 0 is inf, silently (as torch)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(g / b, ctx.shape_a) if need_a else None,
                sum_to(-g * a / (b * b), ctx.shape_b) if need_b else None)


def div(input, other, *, rounding_mode=None, out=None):
    """input / other (true division; int inputs give float). ``rounding_mode`` 'floor' or 'trunc'."""
    if rounding_mode is not None and not isinstance(rounding_mode, str):
        raise TypeError(f"div(): argument 'rounding_mode' must be str or None, not {type(rounding_mode).__name__} "
                        "(give 'floor', 'trunc' or None)")
    if rounding_mode is not None:
        if rounding_mode == "floor":
            a, b = operands(input, other, "div")
            if _any_rg(a, b):                     # a float result with a zero gradient, as torch's
                _check_int_division(a, b, "div")
                return _out(named(FloorDivide.apply(a, b), "DivBackward2"), out)
            return _out(floor_divide(input, other), out)
        if rounding_mode == "trunc":
            a, b = operands(input, other, "div")
            _check_int_division(a, b, "div")      # (an int result: 3 // 0 is torch's error, not a garbage int)
            if _any_rg(a, b):                     # a zero gradient, never 0·inf = NaN from a / b's
                return _out(named(TruncDivide.apply(a, b), "DivBackward2"), out)
            if all(v._data.dtype.kind in "iu" if isinstance(v, Tensor) else isinstance(v, int) for v in (a, b)):
                return _out(_no_grad_binary(a, b, _trunc_divide_ints, "div"), out)    # (exact past 2^53)
            q = div(input, other)
            q = named(q.trunc(), "DivBackward2")
            kinds = [x.dtype for x in (input, other) if isinstance(x, Tensor)]
            if all(not k.is_floating_point for k in kinds) and not any(type(x) is float for x in (input, other)):
                q = q.to(dtypes.result_type(input, other))
            return _out(q, out)
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"{rounding_mode!r} (div(): pick one of those)")
    try:
        a, b = float_operands(input, other, "div")
    except (TypeError, NotImplementedError):                    # (NotImplementedError: a complex tensor)
        return _complex_number(input, other, operator.truediv)   # x / 1j: x as complex (minigrad/_complex.py)
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        raise TypeError("div(): expected a Tensor operand")
    dt = common_float(a, b)
    if isinstance(a, Tensor) and a._data.dtype.kind != "f":
        a = cast(a, dt)
    if isinstance(b, Tensor) and b._data.dtype.kind != "f":
        b = cast(b, dt)
    return _out(Div.apply(a, b), out, input, other)


true_divide = divide = div


# The operators take NumPy arrays (x + ndarray, in torch too); torch's function and method forms do not.
add_operator, sub_operator, mul_operator, div_operator = add, sub, mul, div


def _first_number_as_tensor(input, other):
    """torch's add/sub/mul/div functions take two Python numbers (torch.add(2, 3) is tensor(5)): the first becomes
    a 0-d tensor of its kind (int64, the default float dtype, bool) and the op runs as usual."""
    if type(input) in (int, float, bool) and type(other) in (int, float, bool):
        return _tensor(input)
    return input


def _no_ndarray(fn):
    """``fn`` as torch's function/method form: a NumPy array operand is torch's TypeError (x.add(ndarray),
    torch.mul(x, ndarray)); NumPy scalars and everything else go through."""
    def checked(input, other, *args, **kwargs):
        input = _first_number_as_tensor(input, other)
        if input.__class__ is np.ndarray or other.__class__ is np.ndarray:
            name, pos = ("input", 1) if input.__class__ is np.ndarray else ("other", 2)
            raise TypeError(f"{fn.__name__}(): argument '{name}' (position {pos}) must be Tensor, not numpy.ndarray "
                            f"({fn.__name__}(): make it a tensor with torch.as_tensor(...) first, or use the "
                            "operator, which takes arrays)")
        return fn(input, other, *args, **kwargs)
    checked.__name__, checked.__qualname__, checked.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    checked.__wrapped__ = fn
    return checked


add, sub, mul, div = _no_ndarray(add), _no_ndarray(sub), _no_ndarray(mul), _no_ndarray(div)
subtract, multiply, true_divide, divide = sub, mul, div, div


def reciprocal(input):
    return named(div(1, float_input(input, "reciprocal")), "ReciprocalBackward0")


# ---------------------------------------------------------------------------------------------
# Division without an op of its own: floor_divide, remainder, fmod (built from div, mul, sub)
# ---------------------------------------------------------------------------------------------
def _check_int_division(a, b, op):
    """Integer division by zero is an error (as in torch and Python), not NumPy's silent 0. Only when the result is
    an integer: a float operand (float_tensor // bool_tensor) gives inf/nan, as torch."""
    def integral(v):
        return v._data.dtype.kind in "iub" if isinstance(v, Tensor) else isinstance(v, (int, np.integer))

    def boolean(v):
        return v._data.dtype.kind == "b" if isinstance(v, Tensor) else isinstance(v, (bool, np.bool_))
    if boolean(a) and boolean(b):                   # torch has no bool kernel for these
        kernel = {"floor_divide": "div_floor_cpu", "remainder": "remainder_cpu", "fmod": "fmod_cpu"}.get(op, op)
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool' ({op}(): convert the masks with .long() "
                                  "or .float() first)")
    if integral(a) and integral(b):
        if bool((b._data == 0).any() if isinstance(b, Tensor) else b == 0):
            raise RuntimeError(f"ZeroDivisionError: {op}(): integer division by zero (as torch, which names "
                               "Python's error in a RuntimeError); divide floats for inf/nan instead")


def floor_divide(input, other):
    """input // other, rounding down. No derivative, as torch: with an input that requires grad the result is in the
    graph and a backward through it raises (div(..., rounding_mode='floor') is the form with zero gradients)."""
    a, b = operands(_first_number_as_tensor(input, other), other, "floor_divide")
    _check_int_division(a, b, "floor_divide")
    out = _no_grad_binary(a, b, lambda x, y: x // y, "floor_divide")
    if _any_rg(a, b) and out._data.dtype.kind == "f":
        out = named(FloorDivideInGraph.apply(out._data, a, b), "NotImplemented")
    return out


class FloorDivideInGraph(Op):
    """out = a // b (computed already) recorded in the graph; torch gives floor_divide no derivative, so a backward
    through it raises, as torch's."""

    @staticmethod
    def forward(ctx, out, a, b):
        return out

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError("derivative for aten::floor_divide is not implemented (as torch; div(a, b, "
                           "rounding_mode='floor') is the form with a zero gradient)")


def _modulo(xp, x, y, python_rule):
    """C's fmod (the sign of x); with ``python_rule`` torch's remainder: a nonzero result whose sign differs
    from y's is shifted by y (so -0.0 keeps its sign and x % ±inf is x or ±inf, as torch)."""
    with np.errstate(all="ignore"):
        out = xp.fmod(x, y)
        if python_rule:
            out = xp.where((out != 0) & ((out < 0) != (y < 0)), out + y, out).astype(out.dtype, copy=False)
    return out


class Modulo(Op):
    """out = fmod(a, b) or remainder(a, b) (``python_rule``).   d/da = 1,  d/db = -trunc(a/b) (fmod),
    -floor(a/b) (remainder)"""

    @staticmethod
    def forward(ctx, a, b, python_rule):
        ctx.shape_a, ctx.shape_b, ctx.python_rule = np.shape(a), np.shape(b), python_rule
        ctx.save_for_backward(a, b)
        return _modulo(array_module(a if hasattr(a, "dtype") else b), a, b, python_rule)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[:2]
        if not need_b:
            return sum_to(g, ctx.shape_a), None
        a, b = (a.detach() if isinstance(a, Tensor) else a), b.detach()
        q = floor_divide(a, b) if ctx.python_rule else div(a, b).trunc()      # Python's // (1 // -inf = -1)
        return (sum_to(g, ctx.shape_a) if need_a else None), sum_to(-g * q, ctx.shape_b)


def _modulo_op(input, other, python_rule, op):
    a, b = operands(input, other, op)
    _check_int_division(a, b, op)
    if _any_rg(a, b):
        name = ("RemainderBackward" if python_rule else "FmodBackward") + ("1" if isinstance(b, Tensor) else "0")
        return named(Modulo.apply(a, b, python_rule), name)
    return _no_grad_binary(a, b, lambda x, y: _modulo(array_module(x if hasattr(x, "dtype") else y), x, y,
                                                      python_rule), op)


def remainder(input, other):
    """input % other with the sign of other (Python's rule). d/da = 1, d/db = -floor(a/b)"""
    return _modulo_op(input, other, True, "remainder")


class FloorDivide(Op):
    """out = floor(a / b) (Python's rounding, as a // b).   d/da = d/db = 0 (piecewise constant)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shape_a, ctx.shape_b = np.shape(a), np.shape(b)
        return quiet(operator.floordiv, a, b)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad[:2]
        zero = g * 0.0
        return (sum_to(zero, ctx.shape_a) if need_a else None), (sum_to(zero, ctx.shape_b) if need_b else None)


class TruncDivide(FloorDivide):
    """out = trunc(a / b) (float operands).   d/da = d/db = 0 (piecewise constant)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shape_a, ctx.shape_b = np.shape(a), np.shape(b)
        return quiet(lambda x, y: array_module(x if hasattr(x, "dtype") else y).trunc(x / y), a, b)


def fmod(input, other):
    """C's fmod: the remainder with the sign of input. d/da = 1, d/db = -trunc(a/b)"""
    return _modulo_op(tensor_arg(input, "fmod"), other, False, "fmod")


def _any_rg(*xs):
    return any(isinstance(x, Tensor) and x._requires_grad for x in xs)


def _trunc_divide_ints(x, y):
    """x / y rounded toward zero, in integers: the floor quotient, plus one where it rounded a negative one down."""
    q = x // y
    return q + ((q * y != x) & ((x < 0) != (y < 0)))


def _no_grad_binary(a, b, f, op):
    ts = [x for x in (a, b) if isinstance(x, Tensor)]
    _check_same_device(op, ts)
    x = a._data if isinstance(a, Tensor) else a
    y = b._data if isinstance(b, Tensor) else b
    try:
        r = quiet(f, x, y)
    except ValueError:
        _check_devices(op, ts, (x, y))      # shapes that do not broadcast: torch's RuntimeError
        raise
    if not hasattr(r, "shape") or isinstance(r, np.generic):
        r = np.asarray(r)
    return _wrap(r)


# ---------------------------------------------------------------------------------------------
# Powers, max/min, where
# ---------------------------------------------------------------------------------------------
class Pow(Op):
    """out = a ** b.   d/da = b·a^(b-1),  d/db = out·ln(a)  (0 where a = 0 and b >= 0)"""

    @staticmethod
    def forward(ctx, a, b):
        if type(b) is float and (b == 0.5 or b == -0.5) and a.dtype.kind == "f" and a.dtype.itemsize > 2:
            xp = array_module(a)                  # torch's sqrt and rsqrt: -0.0 ** 0.5 is -0.0, -0.0 ** -0.5 is -inf
            out = xp.sqrt(a) if b > 0 else 1 / xp.sqrt(a)
        elif type(b) in (int, float) and (b == 3 or b == -2) and a.dtype.kind == "f" and a.dtype.itemsize > 2:
            out = a * a * a if b == 3 else 1 / (a * a)     # torch's products for these powers (so its roundings)
        else:
            out = _int_power(a, b) if _is_int(a) and _is_int(b) else a ** b
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a, b, out if need_b else None)
            ctx.shape_a = a.shape if need_a else None
            ctx.shape_b = b.shape if need_b else None
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = gb = None
        if need_a:
            if isinstance(b, SCALAR_TYPES):
                e = b - 1 if b > -2 ** 63 else float(b) - 1     # (-2**63 - 1: past int64, a float as torch's)
                ga = g * 0.0 if b == 0 else g * (b * a ** e)
            else:
                ga = sum_to(where(b == 0, 0.0, g * b * a ** (b - 1)), ctx.shape_a)
        if need_b:
            log_a = a.log() if isinstance(a, Tensor) else _log_scalar(a)
            gb = where((a == 0) & (b >= 0), 0.0, g * out * log_a)
            gb = sum_to(gb, ctx.shape_b)
        return ga, gb


def pow(input, exponent):
    """input ** exponent (either may be a number)."""
    b = to_scalar(exponent)
    if isinstance(input, Tensor) and type(b) is int and b < 0 and input._data.dtype.kind in "iub":
        raise RuntimeError(f"pow(): Integers to negative integer powers are not allowed ({input.dtype} tensor "
                           f"** {b}); convert the tensor to float first (x.float() ** {b})")
    if isinstance(input, Tensor) and input.dtype is dtypes.bool and type(exponent) is bool:
        return input | (not exponent)             # bool ** bool stays bool, as torch: x ** True = x, x ** False = True
    a, b = operands(input, exponent, "pow")
    if all(isinstance(t, bool) or isinstance(t, Tensor) and t.dtype is dtypes.bool for t in (a, b)):
        raise NotImplementedError('"pow" not implemented for \'Bool\' (pow() of two bool tensors: convert one with '
                                  ".long(), as torch has no bool power)")
    out = quiet(Pow.apply, a, b)
    if not isinstance(a, Tensor):
        return named(out, "PowBackward2")           # torch's names: number ** tensor
    return named(out, "PowBackward1") if isinstance(b, Tensor) else out      # tensor ** tensor


def rpow(self, other):
    return pow(other, self)


def _is_int(v):
    return v.dtype.kind in "iub" if hasattr(v, "dtype") else isinstance(v, int)


def _int_power(a, b):
    """Integer a ** b as torch computes it, also for negative exponents in a tensor (NumPy refuses):
    1 ** -n = 1, (-1) ** -n = ±1, any other base ** -n = 0 (the integer part of 1 / a**n)."""
    xp = array_module(a, b)
    negative = b < 0
    if not xp.any(negative):
        return a ** b
    out = a ** xp.where(negative, 0, b).astype(xp.result_type(a, b), copy=False)
    odd = (b % 2) != 0
    at_negative = xp.where(a == 1, 1, xp.where(a == -1, xp.where(odd, -1, 1), 0))
    return xp.where(negative, at_negative, out).astype(out.dtype, copy=False)


def _log_scalar(a):
    return math.log(a) if a > 0 else (float("-inf") if a == 0 else float("nan"))


class Maximum(Op):
    """out = max(a, b).   d/da = 1 where a > b, d/db = 1 where b > a; ties split it half and half
    (a NaN wins: both inputs get the gradient there, as in torch)"""

    @staticmethod
    def forward(ctx, a, b):
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(a, b)
            ctx.shape_a, ctx.shape_b = a.shape, b.shape
        return array_module(a, b).maximum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return _minmax_grads(ctx, g, a < b, a > b, a == b)


def maximum(input, other):
    """Elementwise max of two tensors (gradient split half/half on ties)."""
    if not isinstance(other, Tensor) or not isinstance(input, Tensor):
        _refuse_number("maximum", input, other)
    return _maximum(input, other)


def _refuse_number(op, input, other):
    for i, (name, v) in enumerate((("input", input), ("other", other))):
        if not isinstance(v, Tensor):
            raise TypeError(f"{op}(): argument '{name}' (position {i + 1}) must be Tensor, not {type(v).__name__}; "
                            f"for a number use clamp(x, {'min' if op == 'maximum' else 'max'}=...) or wrap it with "
                            "minigrad.tensor(...)")


def _maximum(input, other):
    a, b = operands(input, other, "maximum")
    a, b = _both_tensors(a, b, "maximum")
    return Maximum.apply(a, b)


class Minimum(Op):
    """out = min(a, b).   d/da = 1 where a < b, d/db = 1 where b < a; ties split it half and half
    (a NaN wins: both inputs get the gradient there, as in torch)"""

    @staticmethod
    def forward(ctx, a, b):
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(a, b)
            ctx.shape_a, ctx.shape_b = a.shape, b.shape
        return array_module(a, b).minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return _minmax_grads(ctx, g, a > b, a < b, a == b)


def minimum(input, other, *, out=None):
    """Elementwise min of two tensors (gradient split half/half on ties)."""
    if not isinstance(other, Tensor) or not isinstance(input, Tensor):
        _refuse_number("minimum", input, other)
    return _minimum(input, other) if out is None else write_out(_minimum(input, other), out, "minimum")


def _minimum(input, other):
    a, b = operands(input, other, "minimum")
    a, b = _both_tensors(a, b, "minimum")
    return Minimum.apply(a, b)


def _minmax_grads(ctx, g, a_loses, b_loses, tie):
    """torch's rule: the gradient (halved on ties) goes to each input except where it lost; with a
    NaN nobody loses (every comparison is False), so both inputs get it."""
    need_a, need_b = ctx.needs_input_grad
    share = where(tie, g * 0.5, g)
    ga = sum_to(where(a_loses, 0.0, share), ctx.shape_a) if need_a else None
    gb = sum_to(where(b_loses, 0.0, share), ctx.shape_b) if need_b else None
    return ga, gb


def _both_tensors(a, b, op):
    if not isinstance(a, Tensor):
        a = _tensor(a, dtype=b.dtype, device=b.device)
    if not isinstance(b, Tensor):
        b = _tensor(b, dtype=a.dtype, device=a.device)
    return a, b


class Where(Op):
    """out = cond ? a : b.   d/da = cond,  d/db = not cond"""
    edge_args, edge_non_tensors = (1, 2), True      # torch lists a and b (a number as (None, 0)), not cond

    @staticmethod
    def forward(ctx, cond, a, b):
        _, need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(cond)
            ctx.shape_a = a.shape if need_a else None
            ctx.shape_b = b.shape if need_b else None
        if array_module(cond, a, b) is np:
            return fast.select.where(cond, a, b)     # np.where (in normal mode without a branch per element)
        return array_module(cond, a, b).where(cond, a, b)

    @staticmethod
    def backward(ctx, g):
        cond, = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        return (None,
                sum_to(where(cond, g, 0.0), ctx.shape_a) if need_a else None,
                sum_to(where(cond, 0.0, g), ctx.shape_b) if need_b else None)


def _scalar_fits(value, np_dtype, op):
    """A Python number the result's dtype cannot hold is refused, as torch (a finite float beyond float32's range
    too; float16 takes it as inf, as torch)."""
    if np_dtype.kind in "iu" or np_dtype == np.float32:
        dtypes.check_fits(value, np_dtype, op)


def where(condition, input=None, other=None, *, out=None):
    if out is not None:
        return write_out(where(condition, input, other), out, "where", exact=True)     # (as torch: no cast)
    """``where(cond, a, b)``: a where cond is True, else b; ``where(cond)`` = ``cond.nonzero(as_tuple=True)``."""
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if not isinstance(condition, Tensor):
        raise TypeError(f"where(): condition must be a bool Tensor, got {type(condition).__name__}")
    if condition._data.dtype != np.bool_:
        if condition._data.dtype == np.uint8:            # torch still takes uint8 masks (deprecated there)
            condition = condition != 0
        else:
            raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                               f"{condition.dtype} (where(): compare first, e.g. where(x > 0, a, b))")
    a, b = input, other
    for t, s in ((a, b), (b, a)):
        if isinstance(t, Tensor) and (type(s) is int or type(s) is float):
            _scalar_fits(s, dtypes.result_type(t, s).np, "where()")
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        a, b = operands(a, b, "where")
    else:
        dt = dtypes.result_type(a, b)
        a = _tensor(a, dtype=dt, device=condition.device)
    return Where.apply(condition, a, b)


# =============================================================================================
# Unary math: each op's class, then its function
# =============================================================================================
class Neg(Op):
    """out = -x.   d/dx = -1"""

    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, g):
        return -g


def neg(input):
    input = tensor_arg(input, "neg")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                                  "invert a mask, use the `~` or `logical_not()` operator instead. (neg(): the "
                                  "tensor is torch.bool)")
    return Neg.apply(input)


negative = neg


class Exp(Op):
    """out = exp(x).   d/dx = exp(x) = out"""

    @staticmethod
    def forward(ctx, x):
        out = quiet(array_module(x).exp, x)       # overflow is inf, silently (as torch)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * out


def exp(input):
    if input.__class__ is not Tensor and isinstance(input, Tensor) and input.dtype.is_complex:
        return input.exp()                                                  # minigrad/_complex.py
    return Exp.apply(float_input(input, "exp"))


class Expm1(Op):
    """out = e^x - 1, accurate near 0 (and -0.0 at -0.0).   d/dx = e^x = out + 1"""

    @staticmethod
    def forward(ctx, x):
        out = quiet(array_module(x).expm1, x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * (out + 1)


def expm1(input):
    return Expm1.apply(float_input(input, "expm1"))


class Log(Op):
    """out = ln(x).   d/dx = 1/x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return quiet(array_module(x).log, x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g / x


def log(input):
    return Log.apply(float_input(input, "log"))


def log2(input):
    return log(input) / 0.6931471805599453


def log10(input):
    return log(input) / 2.302585092994046


class Log1p(Op):
    """out = ln(1 + x).   d/dx = 1/(1 + x)"""
    torch_name = "Log1PBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return quiet(array_module(x).log1p, x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g / (x + 1)


def log1p(input):
    return Log1p.apply(float_input(input, "log1p"))


class Sqrt(Op):
    """out = √x.   d/dx = 1/(2√x) = 1/(2·out)"""

    @staticmethod
    def forward(ctx, x):
        out = quiet(array_module(x).sqrt, x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g / (out * 2)


def sqrt(input):
    return Sqrt.apply(float_input(input, "sqrt"))


def rsqrt(input):
    return named(div(1, sqrt(input)), "RsqrtBackward0")


class Abs(Op):
    """out = |x|.   d/dx = sign(x)  (0 at 0)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return array_module(x).abs(x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * x.sign()


def abs(input):
    x = tensor_arg(input, "abs")
    if x.__class__ is not Tensor and x.dtype.is_complex:         # minigrad/_complex.py
        return x.abs()
    if x._data.dtype.kind == "b":
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool' (abs(): a bool tensor has no sign; "
                                  "convert it with .int() first)")
    return Abs.apply(x)


absolute = abs


class Sign(Op):
    """out = sign(x).   d/dx = 0"""

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        if x.dtype.kind == "b":
            return x.copy()                         # a bool's sign is itself
        out = array_module(x).sign(x)
        return array_module(x).where(out != out, 0, out) if x.dtype.kind == "f" else out    # sign(NaN) = 0

    @staticmethod
    def backward(ctx, g):
        return _wrap(array_module(g._data).zeros_like(g._data))     # zeros, even where g is NaN (as torch)


def sign(input):
    return Sign.apply(tensor_arg(input, "sign"))


class Relu(Op):
    """out = max(x, 0).   d/dx = 1 where out > 0 (and where x is NaN, as torch), else 0.
    Second derivative: 0 (the gradient depends on x only through which side of 0 it lies on)."""

    @staticmethod
    def forward(ctx, x):
        zero = backend.zero(x)                     # a zero of x's dtype (NumPy combines it faster than 0)
        out = array_module(x).maximum(zero, x)     # (a tie keeps x: relu(-0.0) is -0.0, as torch)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(out, out != zero)    # out, as torch (checked for in-place changes); out
        return out                                     # is > 0, 0 or NaN: out != 0 is "out > 0 or NaN"

    @staticmethod
    def backward(ctx, g):
        out, slope = ctx.saved_tensors
        return piecewise_grad(g, out, slope)


def relu(input):
    if tensor_arg(input, "relu").dtype is dtypes.bool:
        raise NotImplementedError("relu(): Boolean inputs not supported for relu; convert with .float() or .long() first")
    out = fast.apply.apply_relu(Relu, input)        # normal mode, recording: the same steps, unrolled
    if out is None:
        out = fast.apply.relu_without_graph(input)  # normal mode, nothing recorded: max(x, 0), faster
    return out if out is not None else Relu.apply(input)


class Piecewise(Op):
    """out = grad · slope: the gradient of a piecewise-linear op at x, whose slope is constant on each
    piece (relu: 1 or 0; leaky_relu: 1 or α; hardtanh: 1 inside, 0 outside; slope None: grad itself,
    for max-pool's gradient, already placed at the winners). A 0/1 slope is a bool mask, and selects:
    where it is 0 the gradient is 0 even if grad is inf or NaN (as torch's threshold_backward).
    d/dgrad = slope,  d/dx = 0 (the slopes do not change within a piece).

    x is an input only so that, as in torch, the gradient is part of x's graph: with create_graph=True
    it requires grad, and differentiating it again gives the (zero) second derivative, not an error."""

    @staticmethod
    def forward(ctx, grad, x, slope):
        ctx.x_shape, ctx.x_dtype = x.shape, x.dtype
        ctx.save_for_backward(slope)
        if slope is None:
            return grad
        if slope.dtype == bool:
            return array_module(grad).where(slope, grad, backend.zero(grad))
        return grad * slope

    @staticmethod
    def backward(ctx, gg):
        slope, = ctx.saved_tensors
        need_grad, need_x = ctx.needs_input_grad[:2]
        if not need_grad or slope is None:
            ggrad = gg if need_grad else None
        else:
            ggrad = where(slope, gg, 0.0) if slope.dtype == dtypes.bool else gg * slope
        return ggrad, _wrap(gg.xp.zeros(ctx.x_shape, ctx.x_dtype)) if need_x else None, None


def piecewise_grad(grad, x, slope):
    """The gradient ``grad · slope`` of a piecewise-linear op at x: a ``Piecewise`` node (so that
    create_graph=True can differentiate it again), or, in normal mode when no graph is recorded, one
    multiplication (minigrad/fast/backward.py)."""
    fused = fast.backward.piecewise(grad, slope)
    return fused if fused is not None else Piecewise.apply(grad, x, slope)


class LeakyRelu(Op):
    """out = x where x > 0, else slope·x.   d/dx = 1 where x > 0, else slope.   Second derivative: 0"""

    @staticmethod
    def forward(ctx, x, slope):
        positive = x > 0
        select = fast.select.where      # np.where (in normal mode without a branch per element: same numbers)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(x, select(positive, x.dtype.type(1), x.dtype.type(slope)))
        out = fast.select.leaky_relu(x, slope) if x.ndim else None    # normal mode: max(x, slope·x) (not 0-d)
        return out if out is not None else select(positive, x, x * x.dtype.type(slope))

    @staticmethod
    def backward(ctx, g):
        x, slope = ctx.saved_tensors
        return piecewise_grad(g, x, slope), None


def leaky_relu(input, negative_slope=0.01):
    """x where x > 0, else negative_slope·x (torch.nn.functional.leaky_relu; in place: leaky_relu_)."""
    if not tensor_arg(input, "leaky_relu").dtype.is_floating_point:
        raise NotImplementedError(f"leaky_relu(): not implemented for {input.dtype}; call .float() on it first")
    if isinstance(negative_slope, Tensor) and negative_slope.numel() == 1:
        negative_slope = negative_slope.item()          # (a one-element tensor reads as its number, as torch)
    if not isinstance(negative_slope, (numbers.Number, np.generic)):
        raise TypeError(f"leaky_relu(): argument 'negative_slope' must be a number, not "
                        f"{type(negative_slope).__name__} ({negative_slope!r})")
    return LeakyRelu.apply(input, float(negative_slope))


class Hardtanh(Op):
    """out = min(max(x, lo), hi).   d/dx = 1 where lo < x < hi (and where x is NaN), else 0.
    Second derivative: 0.  (clamp is the same function; torch differentiates its gradient only here)"""

    @staticmethod
    def forward(ctx, x, lo, hi):
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(x, ~((x <= lo) | (x >= hi)))
        xp = array_module(x)
        return xp.minimum(x.dtype.type(hi), xp.maximum(x.dtype.type(lo), x))      # (ties keep x: -0.0, as torch)

    @staticmethod
    def backward(ctx, g):
        x, slope = ctx.saved_tensors
        return piecewise_grad(g, x, slope), None, None


def hardtanh(input, min_val=-1.0, max_val=1.0):
    """x clamped to [min_val, max_val] (torch.nn.functional.hardtanh; in place: hardtanh_)."""
    if min_val > max_val:
        raise ValueError(f"hardtanh(): min_val ({min_val}) cannot be greater than max_val ({max_val})")
    return Hardtanh.apply(float_input(input, "hardtanh"), float(min_val), float(max_val))


def relu6(input):
    """min(max(x, 0), 6) (torch.nn.functional.relu6): hardtanh(x, 0, 6)."""
    return hardtanh(input, 0.0, 6.0)


class Sigmoid(Op):
    """out = 1 / (1 + e^-x).   d/dx = out·(1 - out)"""

    @staticmethod
    def forward(ctx, x):
        xp = array_module(x)
        xf = x.astype(np.float32) if x.dtype == np.float16 else x     # (half: computed in float32, as torch)
        # torch's formula: where e^-x overflows to inf (x below -88 in float32) the result is 0, the limit
        out = quiet(lambda v: 1 / (1 + xp.exp(-v)), xf).astype(x.dtype, copy=False)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * out * (1 - out)


def sigmoid(input, *, out=None):
    r = Sigmoid.apply(float_input(input, "sigmoid"))
    return r if out is None else write_out(r, out, "sigmoid")


class Tanh(Op):
    """out = tanh(x).   d/dx = 1 - out²"""

    @staticmethod
    def forward(ctx, x):
        out = array_module(x).tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * (1 - out * out)


def tanh(input, *, out=None):
    r = Tanh.apply(float_input(input, "tanh"))
    return r if out is None else write_out(r, out, "tanh")


class Sin(Op):
    """out = sin(x).   d/dx = cos(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return quiet(array_module(x).sin, x)          # sin(±inf) is nan, silently (as torch)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * x.cos()


def sin(input):
    return Sin.apply(float_input(input, "sin"))


class Cos(Op):
    """out = cos(x).   d/dx = -sin(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return quiet(array_module(x).cos, x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return -g * x.sin()


def cos(input):
    return Cos.apply(float_input(input, "cos"))


def tan(input):
    return sin(input) / cos(input)


class Erf(Op):
    """out = erf(x) = (2/√π) ∫₀ˣ e^(-t²) dt.   d/dx = (2/√π) e^(-x²)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return backend.erf(x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (-(x * x)).exp() * 1.1283791670955126


def erf(input):
    return Erf.apply(float_input(input, "erf"))


class Clamp(Op):
    """out = min(max(x, lo), hi).   d/dx = 1 where lo < x < hi, else 0 (0 at the bounds, as torch >= 2.14)"""
    torch_name = "ClampBackward1"      # (torch numbers clamp(x, min, max) with scalar bounds 1)

    @staticmethod
    def forward(ctx, x, lo, hi):
        xp = array_module(x)
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        out = x
        if lo is not None:
            out = xp.maximum(lo, out)                   # (NumPy keeps its 2nd operand on a tie: x's -0.0)
        if hi is not None:
            out = xp.minimum(hi, out)
        return out if out is not x else x.copy()

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        inside = None
        if ctx.lo is not None:
            inside = x > ctx.lo
        if ctx.hi is not None:
            inside = (x < ctx.hi) if inside is None else inside & (x < ctx.hi)
        fused = fast.backward.piecewise(g, inside)          # selects: an inf upstream gives 0 outside, not NaN
        return (fused if fused is not None else where(inside, g, 0.0)), None, None


class ClampBounds(Op):
    """out = min(max(x, lo), hi) with tensor bounds (hi where lo > hi), torch's gradient (>= 2.14):
    d/dx = 1 where lo <= x <= hi (and where x is NaN), d/dlo = 1 where x < lo <= hi, d/dhi = 1 where
    x > hi >= lo or lo > hi; where x equals one bound of lo < hi, x and that bound get half each."""
    torch_name = "ClampBackward0"
    edge_non_tensors = True             # clamp(x, min=t): torch lists the absent max as (None, 0)

    @staticmethod
    def forward(ctx, x, lo, hi):
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(x, lo, hi)
            ctx.shapes = x.shape, lo.shape, hi.shape
        xp = array_module(x, lo, hi)
        return xp.minimum(xp.maximum(x, lo), hi)

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        ordered = lo < hi
        tie_lo, tie_hi = (x == lo) & ordered, (x == hi) & ordered
        half = g * 0.5
        gx = where(tie_lo | tie_hi, half, where((x < lo) | (x > hi), 0.0, g))
        glo = where(tie_lo, half, where((x < lo) & (lo <= hi), g, 0.0))
        ghi = where(tie_hi, half, where((x > hi) & (lo <= hi) | (lo > hi), g, 0.0))
        need = ctx.needs_input_grad
        return tuple(sum_to(gi, shape) if n else None for gi, shape, n in zip((gx, glo, ghi), ctx.shapes, need))


def clamp(input, min=None, max=None):
    """Limit values to [min, max] (either may be None; tensor bounds are allowed)."""
    if min is None and max is None:
        raise RuntimeError("clamp(): at least one of 'min' or 'max' must not be None")
    for name, v in (("min", min), ("max", max)):
        if v is not None and not isinstance(v, (numbers.Number, np.generic, Tensor)):
            raise TypeError(f"clamp(): argument '{name}' must be a number or a Tensor, not {type(v).__name__}")
    if min is not None and max is not None and isinstance(min, Tensor) != isinstance(max, Tensor) and (
            (min if isinstance(min, Tensor) else max).ndim):        # (a 0-d tensor may stand for a number)
        raise TypeError(f"clamp() received an invalid combination of arguments - got (min={type(min).__name__}, "
                        f"max={type(max).__name__}): min and max must both be Tensors or both numbers (wrap the "
                        "number: torch.tensor(v))")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        bounds = [b for b in (min, max) if isinstance(b, Tensor)]
        try:
            np.broadcast_shapes(*(tuple(t.shape) for t in [input] + bounds))
        except ValueError:
            raise RuntimeError(f"clamp(): the input of shape {tuple(input.shape)} and the bound(s) of shape "
                               f"{' and '.join(str(tuple(b.shape)) for b in bounds)} cannot be broadcast together "
                               "(the size of tensor a must match the size of tensor b at non-singleton dimensions); "
                               "reshape the bounds to line up with the input") from None
        if min is None:         # (torch numbers clamp with tensor bounds 0, and lists (input, min, max))
            return named(_minimum(input, max), "ClampBackward0", edge_args=(0, None, 1))
        if max is None:
            return named(_maximum(input, min), "ClampBackward0", edge_args=(0, 1, None))
        no_bool("clamp", "clamp_cpu", input, min, max)
        x, lo = _both_tensors(*operands(input, min, "clamp"), "clamp")
        x, hi = _both_tensors(*operands(x, max, "clamp"), "clamp")
        x, lo = operands(x, lo, "clamp")
        return ClampBounds.apply(x, lo, hi)
    if isinstance(min, float) or isinstance(max, float):
        input = float_input(input, "clamp")
    elif (type(min) is bool or type(max) is bool) and input._data.dtype == np.bool_:
        raise NotImplementedError("clamp(): \"clamp_scalar_cpu\" not implemented for 'Bool' (a bool tensor with bool "
                                  "bounds); use logical ops (x | lo, x & hi) or clamp x.int()")
    min, max = to_scalar(min), to_scalar(max)
    for b in (min, max):
        if type(b) is int:
            int_in_range(b, "clamp")            # (a bound past [-2**63, 2**64): torch's OverflowError)
    if input._data.dtype.kind == "f":
        min, max = (dtypes.check_fits(b, input._data.dtype, "clamp()") for b in (min, max))    # (1e40 in float32)
    try:
        return Clamp.apply(input, min, max)
    except OverflowError:            # an int bound outside an integer tensor's range (NumPy's OverflowError)
        dt = input._data.dtype
        if dt.kind not in "iu":
            raise
        return Clamp.apply(input, *_int_bounds(min, max, dt))


def _int_bounds(min, max, dt):
    """clamp's int bounds for an integer dtype, as torch >= 2.15: a bound every value already satisfies
    (min below the dtype's range, max above it) becomes the dtype's limit; one no value could satisfy
    raises (torch <= 2.14 converted the bound, wrapping -1 into 255 for uint8)."""
    info = np.iinfo(dt)
    for name, v, impossible in (("min", min, min is not None and min > info.max),
                                ("max", max, max is not None and max < info.min)):
        if impossible:
            raise RuntimeError(f"clamp(): Clamp {name} value {v} is outside the representable range of "
                               f"minigrad.{dt.name} ({info.min}..{info.max}: value cannot be converted to type "
                               f"{dtypes.c_name(dt)} without overflow); use a bound in that range or a wider dtype")
    low = info.min if min is None or min < info.min else min
    high = info.max if max is None or max > info.max else max
    return low, high


clip = clamp


def clamp_min(input, min):
    tensor_arg(input, "clamp_min")
    if min is None:
        raise TypeError("clamp_min() received an invalid combination of arguments - got (Tensor, NoneType): min must "
                        "be a number or a tensor (clamp(input, max=...) leaves the minimum open)")
    return named(clamp(input, min=min), "ClampMinBackward1" if isinstance(min, Tensor) else "ClampMinBackward0")


def clamp_max(input, max):
    tensor_arg(input, "clamp_max")
    if max is None:
        raise TypeError("clamp_max() received an invalid combination of arguments - got (Tensor, NoneType): max must "
                        "be a number or a tensor (clamp(input, min=...) leaves the maximum open)")
    return named(clamp(input, max=max), "ClampMaxBackward1" if isinstance(max, Tensor) else "ClampMaxBackward0")


class Round(Op):
    """out = round/floor/ceil/trunc(x).   d/dx = 0 (piecewise constant)"""

    @staticmethod
    def forward(ctx, x, how):
        xp = array_module(x)
        return {"round": xp.round, "floor": xp.floor, "ceil": xp.ceil, "trunc": xp.trunc}[how](x)

    @staticmethod
    def backward(ctx, g):
        return _wrap(array_module(g._data).zeros_like(g._data)), None     # zeros, even where g is NaN (as torch)


def floor(input):
    return _rounding(input, "floor")


def ceil(input):
    return _rounding(input, "ceil")


def round(input, decimals=None):
    """Half to even; with ``decimals`` (torch's other overload, RoundBackward1; float only) to that many digits."""
    if decimals is None:
        return _rounding(input, "round")
    if not isinstance(decimals, numbers.Integral):
        raise TypeError(f"round(): argument 'decimals' must be int, not {type(decimals).__name__}")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{'round_cpu' if decimals else 'round_vml_cpu'}\" not implemented for "
                                  f"'{_TORCH_SCALAR[input._data.dtype.name]}' (round(decimals={decimals}) of a "
                                  f"{input.dtype} tensor; convert it with .float() first)")
    if decimals:
        scale = 10.0 ** decimals
        return named(_rounding(input * scale, "round") / scale, "RoundBackward1")
    return named(_rounding(input, "round"), "RoundBackward1")


def trunc(input):
    return _rounding(input, "trunc")


fix = trunc


def _rounding(x, how):
    if x._data.dtype.kind != "f":
        if x._data.dtype.kind == "b":
            raise NotImplementedError(f"\"{how}\" not implemented for 'Bool' ({how}(): convert the bool tensor "
                                      "with .float() or .int() first)")
        return x.clone()
    return named(Round.apply(x, how), how.capitalize() + "Backward0")


def frac(input):
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"frac_cpu\" not implemented for '{_TORCH_SCALAR[input._data.dtype.name]}' "
                                  f"(frac() of a {input.dtype} tensor is always 0; convert it with .float() first)")
    return named(quiet(sub, input, input.trunc()), "FracBackward0")     # frac(±inf) is nan, silently


_TORCH_SCALAR = {"uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


# =============================================================================================
# Compositions of the ops above: lerp, addcmul, addcdiv
# =============================================================================================
def lerp(input, end, weight):
    """input + weight * (end - input)"""
    tensor_arg(input, "lerp")
    if not isinstance(end, Tensor):
        raise TypeError(f"lerp() received an invalid combination of arguments - got ({type(end).__name__}, "
                        f"{type(weight).__name__}), but expected one of: (Tensor end, Tensor weight), (Tensor end, "
                        "Number weight) (lerp(): wrap the end: torch.full_like(input, end))")
    if not isinstance(weight, (Tensor, numbers.Number)):
        raise TypeError(f"lerp() received an invalid combination of arguments - got (Tensor, {type(weight).__name__}), "
                        "but expected one of: (Tensor end, Tensor weight), (Tensor end, Number weight) (lerp(): give "
                        "the weight as a number or a tensor)")
    if isinstance(input, Tensor) and not input.dtype.is_floating_point:
        raise NotImplementedError(f"lerp(): not implemented for {input.dtype}; call .float() on the tensors first")
    for name, t in (("end", end), ("weight", weight)):
        if isinstance(t, Tensor) and isinstance(input, Tensor) and t.dtype != input.dtype and (
                name == "end" or t.ndim):             # (a 0-d weight of another dtype is taken, as torch)
            raise RuntimeError(f"expected dtype {_TORCH_NAMES[input._data.dtype.name].lower()} for `{name}` but got "
                               f"dtype {_TORCH_NAMES[t._data.dtype.name].lower().replace('long', 'long int')} "
                               f"(lerp(): input is {input.dtype}, {name} "
                               f"{t.dtype}; cast it with .to(input.dtype))")
    if isinstance(input, Tensor) and isinstance(end, Tensor) and input._data.dtype.kind == "f" and (
            not isinstance(weight, Tensor) or weight._data.dtype == input._data.dtype):
        _check_same_device("lerp", tuple(t for t in (input, end, weight) if isinstance(t, Tensor)))
        weight = weight if isinstance(weight, Tensor) else float(to_scalar(weight))
        return named(Lerp.apply(input, end, weight), "LerpBackward1" if isinstance(weight, Tensor) else "LerpBackward0")
    return named(add(input, mul(sub(end, input), weight)), "LerpBackward1" if isinstance(weight, Tensor) else "LerpBackward0")


def lerp_values(a, b, w):
    """torch's lerp on arrays: with d = b - a (in a's dtype), w·d + a where |w| < 0.5, else b - (1 - w)·d, each
    rounded once (torch's fused multiply-adds; float32 products are exact in float64)."""
    xp = array_module(a)
    d = b - a
    if a.dtype != np.float32:
        return xp.where(xp.abs(w) < 0.5, a + w * d, b - (1 - w) * d).astype(a.dtype, copy=False)
    w = xp.asarray(w, np.float32)
    d64 = d.astype(np.float64)
    near_a = w.astype(np.float64) * d64 + a
    near_b = b - (np.float32(1) - w).astype(np.float64) * d64
    return xp.where(xp.abs(w) < 0.5, near_a, near_b).astype(np.float32)


class Lerp(Op):
    """out = a + w·(b - a), as torch rounds it (``lerp_values``).   d/da = 1 - w,  d/db = w,  d/dw = b - a"""

    @staticmethod
    def forward(ctx, a, b, w):
        need_a, need_b, need_w = ctx.needs_input_grad
        w_array = hasattr(w, "shape")
        ctx.shapes, ctx.w = (a.shape, b.shape, w.shape if w_array else ()), None if w_array else w
        ctx.save_for_backward(a if need_w else None, b if need_w else None,
                              w if w_array and (need_a or need_b) else None)
        return quiet(lerp_values, a, b, w)          # (inf - inf: NaN, silently as torch)

    @staticmethod
    def backward(ctx, g):
        a, b, wt = ctx.saved_tensors
        w = wt if wt is not None else ctx.w
        need_a, need_b, need_w = ctx.needs_input_grad
        return (sum_to(g * (1 - w), ctx.shapes[0]) if need_a else None,
                sum_to(g * w, ctx.shapes[1]) if need_b else None,
                sum_to(g * (b - a), ctx.shapes[2]) if need_w else None)


def _scale_value(value, op):
    """addcmul/addcdiv's ``value``: a Python number (torch refuses a tensor, a string...)."""
    if not isinstance(value, numbers.Number) and not (isinstance(value, Tensor) and value.ndim == 0):
        raise TypeError(f"{op}(): argument 'value' must be Number, not {type(value).__name__} (give a Python number, "
                        "e.g. value.item())")


def addcmul(input, tensor1, tensor2, *, value=1):
    tensor_args("addcmul", ("input", input), ("tensor1", tensor1), ("tensor2", tensor2), first=1)
    _scale_value(value, "addcmul")
    no_bool("addcmul", "addcmul_cpu_out", input, tensor1, tensor2)
    prod = mul(tensor1, tensor2)
    if isinstance(value, float) and not dtypes.result_type(input, prod).is_floating_point:
        value = int(value)                      # integer tensors: the scale is cast to int first, as torch
    return named(add(input, mul(prod, value)), "AddcmulBackward0")


def addcdiv(input, tensor1, tensor2, *, value=1):
    tensor_args("addcdiv", ("input", input), ("tensor1", tensor1), ("tensor2", tensor2), first=1)
    _scale_value(value, "addcdiv")
    if all(isinstance(t, Tensor) and t._data.dtype.kind in "biu" for t in (tensor1, tensor2)):
        raise RuntimeError(f"addcdiv(): integer division with addcdiv is no longer supported (tensor1 "
                           f"{tensor1.dtype}, tensor2 {tensor2.dtype}); use input + value * tensor1 / tensor2 "
                           "for a true division, or input + value * trunc(tensor1 / tensor2) for the old one")
    return named(add(input, mul(div(tensor1, tensor2), value)), "AddcdivBackward0")


ctx_xp = array_module     # the former name of backend.array_module
