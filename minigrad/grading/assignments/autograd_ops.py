"""autograd-ops: ten ``minigrad.autograd.Function`` subclasses, 10 points each.

Per op: forward, backward (called directly with a random upstream gradient: shapes and values),
float64 finite differences, reuse through the engine, and the probe for the op's classic mistake:
broadcasting (Add, Mul, Div), keepdim (Sum), non-square matrices (MatMul), large inputs (Tanh,
Sigmoid). References are minigrad's own ops, differentiated by minigrad's autograd.
"""
import numpy as np

import minigrad
from ..spec import Assignment, FunctionTask, Test, Case, Hint, Mistake, Same, randn, uniform, transposed

UNBROADCAST = ("sum grad_output over the dimensions along which the input was broadcast: first the leading "
               "dimensions it lacks, then (keepdim=True) those where it has size 1")


def nonzero(*shape):
    """Values in ±[0.5, 2): safe denominators, and away from ReLU's kink."""
    return uniform(*shape, low=0.5, high=2.0, random_sign=True)


def positive(*shape):
    return uniform(*shape, low=0.2, high=3.0)


BROADCAST_GRID = [((3, 4), (4,)), ((3, 4), (1, 4)), ((3, 1), (1, 4)), ((4,), (3, 4)), ((2, 3, 4), (3, 1)),
                  ((2, 1, 4), (3, 1)), ((1, 1), (2, 3)), ((5, 1, 3), (1, 4, 1))]

# One case per op is large (10^4-10^5 entries): a backward must cost about what its forward costs, as
# reverse-mode differentiation does. A backward that runs the forward once per input entry (finite differences,
# the complex step: a derivative by numbers, not by hand) gives the right values but does not finish within the
# test's time limit there; an honest backward, even one looping over rows in Python, takes milliseconds.
BIG = (300, 400)

KINK = np.array([[-1.5, 0.0, 2.0, 0.0], [0.0, 2.0, -1.5, 0.0], [2.0, -1.5, 0.0, 2.0]])

LARGE = np.array([[-1000.0, -750.0, -40.0, -1.5], [0.3, 2.0, 45.0, 720.0], [800.0, 1000.0, -5.0, 30.0]])


def binary(name, reference, math, backward_math, rhs=randn):
    doc = f"""out = {math}, with broadcasting: a and b may have different shapes (e.g. (3, 4) and (4,)).

backward(ctx, grad_output) returns (grad_a, grad_b):
{backward_math}
Each gradient must have its input's shape: when an input was broadcast, sum grad_output over
the broadcast dimensions (the leading dimensions it lacks, then with keepdim=True every
dimension where it has size 1)."""
    return FunctionTask(name, reference, arg_names=("a", "b"), doc=doc, mistakes=BINARY_MISTAKES.get(name, ()), tests=[
        Test("forward", 2, "forward", [Case(randn(3, 4), rhs(3, 4)), Case(randn(2, 3, 4), rhs(3, 1)),
                                       Case(randn(4), rhs(3, 4))]),
        Test("backward", 3, "backward", [Case(randn(3, 4), rhs(3, 4)), Case(randn(2, 5), rhs(2, 5))]),
        Test("broadcasting", 3, "backward", [Case(randn(*a), rhs(*b)) for a, b in BROADCAST_GRID] +
             [Case(randn(*BIG), rhs(BIG[1]))],
             visibility="hidden", hint=[Hint(UNBROADCAST, kinds=("values", "shape", "nonfinite", "type", "dtype", None)),
                                        # corpus pass 14: shapes aligned from the left raised here with no word of it
                                        Hint("an error only with broadcast shapes usually comes from the un-broadcast: "
                                             "align the shapes from the right (the input's dimensions are the last ones "
                                             "of grad_output), sum the leading dimensions it lacks, then those where it "
                                             "has size 1 (keepdims=True)", kinds=("error",))]),
        Test("finite differences", 1, "gradcheck", [Case(randn(2, 3), rhs(2, 3)), Case(randn(2, 3), rhs(3))],
             visibility="hidden"),
        Test("reused inputs", 1, "autograd", [Case(randn(3, 4), Same(0)), Case(randn(3, 4), rhs(1, 4))],
             visibility="hidden"),
    ])


def _grad_is(formula):
    """A Mistake test: the gradient equals grad_output * formula(x) (NumPy, x the input)."""
    def test(actual, values, upstream, kwargs):
        with np.errstate(all="ignore"):
            wrong = upstream * formula(np.asarray(values[0], dtype=np.float64))
        return np.isfinite(wrong).all() and np.allclose(actual, wrong, rtol=1e-6, atol=1e-12)
    return test


def _sig(x):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


# classic mistakes of the elementwise derivatives, named in the messages (red-team pass 11: they got only "the
# largest difference is ...")
UNARY_MISTAKES = {
    "Tanh": [Mistake("x", "it is grad_output * (1 - x**2): the derivative is 1 - tanh(x)**2, of the output, not of x",
                     _grad_is(lambda x: 1 - x * x)),
             # corpus pass 13: 1 - tanh(x), the square left out, got only "is wrong"
             Mistake("x", "it is grad_output * (1 - tanh(x)): the derivative is 1 - tanh(x)**2 (squared)",
                     _grad_is(lambda x: 1 - np.tanh(x)))],
    "Sigmoid": [Mistake("x", "it is grad_output * s * (1 + s): a sign; the derivative is s * (1 - s)",
                        _grad_is(lambda x: _sig(x) * (1 + _sig(x)))),
                Mistake("x", "it is grad_output * x * (1 - x): the derivative is s * (1 - s) of the output s = "
                             "sigmoid(x), not of x", _grad_is(lambda x: x * (1 - x)))],
    "Exp": [Mistake("x", "it is grad_output * x: the derivative of exp(x) is exp(x) (the output)",
                    _grad_is(lambda x: x))],
    "Log": [Mistake("x", "it is grad_output * log(x): the derivative of log(x) is 1 / x", _grad_is(np.log)),
            Mistake("x", "it is grad_output / log(x): the derivative of log(x) is 1 / x, of the input x, not of the "
                         "output", _grad_is(lambda x: 1.0 / np.log(x)))],
    # corpus pass 12: a half at the kink (np.heaviside(x, 0.5)) got only "5 of 12 entries differ"
    "ReLU": [Mistake("x", "it is half of grad_output where x == 0 (np.heaviside(x, 0.5), the middle of the "
                          "subgradient): torch's gradient there is 0", _grad_is(lambda x: np.heaviside(x, 0.5))),
             # corpus pass 14: a mask x >= 0 got the message of a mask that is always true (see KINK)
             Mistake("x", "it is grad_output where x >= 0: at x == 0 the gradient is 0, as in torch (a mask x > 0, not "
                          "x >= 0)", _grad_is(lambda x: np.heaviside(x, 1.0))),
             # corpus pass 13: a mask that is always true (y >= 0 of the output y = relu(x)) got only "is wrong"
             Mistake("x", "it is grad_output everywhere, as if the derivative were 1 for every x (a mask that is "
                          "always true, such as output >= 0): pass the gradient only where x > 0",
                     _grad_is(np.ones_like))],
}


def _sum_to(g, shape):
    """g summed down to ``shape`` (un-broadcast)."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


def _div_b_unsquared(actual, values, upstream, kwargs):
    a, b = (np.asarray(v, dtype=np.float64) for v in values[:2])
    return np.allclose(actual, _sum_to(-upstream * a / b, b.shape), rtol=1e-6, atol=1e-12)


def _div_a_times_b(actual, values, upstream, kwargs):
    a, b = (np.asarray(v, dtype=np.float64) for v in values[:2])
    return np.allclose(actual, _sum_to(upstream * b, a.shape), rtol=1e-6, atol=1e-12)


# corpus pass 12: grad_b = -grad_output * a / b (b not squared) got only "is wrong"; corpus pass 13: so did
# grad_a = grad_output * b
BINARY_MISTAKES = {"Div": [Mistake("b", "it is -grad_output * a / b: the derivative of a / b with respect to b is "
                                        "-a / b**2 (b squared)", _div_b_unsquared),
                           Mistake("a", "it is grad_output * b: the derivative of a / b with respect to a is 1 / b "
                                        "(divide by b)", _div_a_times_b)]}


def unary(name, reference, math, backward_math, inputs=randn, large=False, kink=None):
    doc = f"""out = {math}, elementwise.

backward(ctx, grad_output) returns grad_x = grad_output * {backward_math}
(save what you need with ctx.save_for_backward in forward)."""
    tests = [
        Test("forward", 2, "forward", [Case(inputs(3, 4)), Case(inputs(2, 3, 4)), Case(inputs(5))]),
        Test("backward", 3 if large or kink else 4, "backward", [Case(inputs(3, 4)), Case(inputs(2, 3, 4)),
                                                               Case(inputs(1, 4)), Case(inputs(*BIG))]),
    ]
    if kink:
        # a fixed array with negative, zero and positive entries (corpus pass 14: seed 0's draw of choice([-1.5, 0, 2])
        # had no negative entry, so a mask x >= 0 was called "grad_output everywhere")
        tests.append(Test("at the kink", 1, "forward_backward", [Case(KINK.copy(), label=kink[0])],
                          visibility="hidden", hint=kink[1]))
    if large:
        overflow = (f"compute {name.lower()} without exp of a large positive number (it overflows to inf, and "
                    "inf/inf is NaN): e.g. use numpy's tanh, or exp(-|x|)")
        # a NaN, or a wrong output: not a finite wrong gradient (corpus pass 13: a tanh derivative without its
        # square got this hint about the forward)
        tests.append(Test("large inputs", 2, "forward_backward",
                          [Case(LARGE.copy(), label="x (3, 4) with |x| up to 1000")],
                          visibility="hidden",
                          hint=[Hint(overflow, kinds=("nonfinite",)),
                                Hint(overflow, parts=("output",), kinds=("values",))]))
    tests += [
        Test("finite differences", 1 if large else 2, "gradcheck", [Case(inputs(2, 3))], visibility="hidden"),
        Test("reused inputs", 2, "autograd", [Case(inputs(3, 4))], visibility="hidden"),
    ]
    return FunctionTask(name, reference, arg_names=("x",), doc=doc, tests=tests, mistakes=UNARY_MISTAKES.get(name, ()))


def _sum_wrong_axis(actual, values, upstream, kwargs):
    """grad_output put back at another dimension k than the summed one, then broadcast to x's shape."""
    dim, x = kwargs.get("dim"), np.asarray(values[0])
    if dim is None or kwargs.get("keepdim") or upstream is None:
        return False
    d = dim % x.ndim
    for k in range(x.ndim):
        if k == d:
            continue
        try:
            wrong = np.broadcast_to(np.expand_dims(upstream, k), x.shape)
        except ValueError:
            continue
        if np.allclose(actual, wrong, rtol=1e-6, atol=1e-12):
            return True
    return False


def _matmul_untransposed(which):
    """A Mistake test: grad_a = grad_output @ b, or grad_b = a @ grad_output (the transpose left out)."""
    def test(actual, values, upstream, kwargs):
        a, b = (np.asarray(v, dtype=np.float64) for v in values[:2])
        try:
            wrong = upstream @ b if which == "a" else a @ upstream
        except ValueError:
            return False
        return wrong.shape == actual.shape and np.allclose(actual, wrong, rtol=1e-6, atol=1e-12)
    return test


# corpus pass 14: a grad_a without its transpose got only "is wrong" (square matrices) or a numpy error
MATMUL_MISTAKES = [Mistake("a", "it is grad_output @ b: b must be transposed, grad_a = grad_output @ b.T ((m, n) @ (n, k))",
                           _matmul_untransposed("a")),
                   Mistake("b", "it is a @ grad_output: a must be transposed, grad_b = a.T @ grad_output ((k, m) @ (m, n))",
                           _matmul_untransposed("b"))]


def _sum(x, dim=None, keepdim=False):
    return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)


# corpus pass 13: a forward that dropped the kept dimension got only "a missing reshape/unsqueeze, e.g. for
# keepdim=False?" and the keepdim test's hint about grad_output
KEEPDIM_OUT = Hint("with keepdim=True the output keeps the summed dimension, with size 1 (x.sum(dim, keepdims=True)); "
                   "with keepdim=False it drops it", parts=("output",), kinds=("shape",))

SUM_DOC = """out = x.sum(dim, keepdim): Sum.apply(x, dim=None, keepdim=False).

dim is None (sum of every element, a 0-d tensor) or an int (negative counts from the end);
keepdim=True keeps the summed dimension with size 1.

backward(ctx, grad_output) returns grad_x: grad_output copied along the summed dimension, of
x's shape. When keepdim=False, first put the summed dimension back (unsqueeze(dim)) so that it
broadcasts along the right axis. Return just grad_x (or (grad_x, None, None))."""

MATMUL_DOC = """out = a @ b for 2-D a (m, k) and b (k, n): out is (m, n).

backward(ctx, grad_output) returns (grad_a, grad_b):
    grad_a = grad_output @ b.T    (m, n) @ (n, k) -> (m, k)
    grad_b = a.T @ grad_output    (k, m) @ (m, n) -> (k, n)"""

TASKS = [
    binary("Add", lambda a, b: a + b, "a + b", "    grad_a = grad_output, grad_b = grad_output  (then un-broadcast)\n"),
    binary("Mul", lambda a, b: a * b, "a * b",
           "    grad_a = grad_output * b, grad_b = grad_output * a  (then un-broadcast)\n"),
    binary("Div", lambda a, b: a / b, "a / b",
           "    grad_a = grad_output / b, grad_b = -grad_output * a / b**2  (then un-broadcast)\n", rhs=nonzero),
    unary("Exp", minigrad.exp, "exp(x)", "exp(x)  (that is: the output)"),
    unary("Log", minigrad.log, "log(x) (natural logarithm, x > 0)", "1 / x", inputs=positive),
    unary("ReLU", minigrad.relu, "max(x, 0)", "(x > 0)", inputs=nonzero,
          kink=("x (3, 4) with entries exactly 0", "at x == 0 the gradient is 0, as in torch: use (x > 0), not (x >= 0)")),
    unary("Tanh", minigrad.tanh, "tanh(x)", "(1 - tanh(x)**2)", large=True),
    unary("Sigmoid", minigrad.sigmoid, "1 / (1 + exp(-x))", "s * (1 - s), where s = sigmoid(x)", large=True),
    FunctionTask("MatMul", lambda a, b: a @ b, arg_names=("a", "b"), doc=MATMUL_DOC, mistakes=MATMUL_MISTAKES, tests=[
        Test("forward", 2, "forward", [Case(randn(3, 4), randn(4, 5)), Case(randn(1, 3), randn(3, 2))]),
        Test("backward (square)", 3, "backward", [Case(randn(4, 4), randn(4, 4)), Case(randn(3, 3), randn(3, 3))]),
        Test("non-square", 3, "backward", [Case(randn(3, 4), randn(4, 5)), Case(randn(1, 4), randn(4, 3)),
                                           Case(randn(5, 2), randn(2, 1)), Case(randn(2, 6), randn(6, 2)),
                                           Case(randn(150, 160), randn(160, 140)),
                                           # non-contiguous inputs (a transposed view), as a.t() @ b passes them
                                           Case(transposed(randn(3, 4)), transposed(randn(4, 2)))],
             visibility="hidden", hint=[Hint("grad_a = grad_output @ b.T and grad_b = a.T @ grad_output; square "
                                            "matrices hide a missing transpose",
                                            kinds=("values", "shape", "nonfinite", "type", "dtype", None)),
                                       # corpus pass 15: grad_b = a @ grad_output raised a bare matmul error here
                                       Hint("an error only with non-square matrices usually means a missing transpose: "
                                            "grad_a = grad_output @ b.T ((m, n) @ (n, k)) and grad_b = a.T @ grad_output "
                                            "((k, m) @ (m, n))", kinds=("error",))]),
        Test("finite differences", 1, "gradcheck", [Case(randn(2, 3), randn(3, 4))], visibility="hidden"),
        Test("reused inputs", 1, "autograd", [Case(randn(3, 3), Same(0)), Case(randn(2, 3), randn(3, 4))],
             visibility="hidden"),
    ]),
    FunctionTask("Sum", _sum, arg_names=("x",), signature="x, dim=None, keepdim=False", doc=SUM_DOC, mistakes=[
        # corpus pass 14: a negative dim normalised with grad_output's ndim got "the transpose of the expected value"
        Mistake("x", "grad_output was unsqueezed at another dimension than the summed one: put the summed dimension "
                     "back where it was (np.expand_dims(g, dim), a negative dim counting from x's last dimension, "
                     "dim % x.ndim, not grad_output's)", _sum_wrong_axis)], tests=[
        Test("forward", 2, "forward", [Case(randn(3, 4)), Case(randn(3, 4), dim=0), Case(randn(3, 4), dim=1),
                                       Case(randn(2, 3, 4), dim=-1, keepdim=True)], hint=KEEPDIM_OUT),
        Test("backward", 3, "backward", [Case(randn(3, 4)), Case(randn(3, 5), dim=1), Case(randn(2, 3, 4), dim=0)],
             # corpus pass 14: a dim normalised with grad_output's number of dimensions raised here unnamed
             hint=Hint("with keepdim=False, put the summed dimension back (np.expand_dims(g, dim), dim counted among x's "
                       "dimensions) before broadcasting grad_output to x's shape", kinds=("error",))),
        Test("keepdim", 3, "backward", [Case(randn(4, 4), dim=1), Case(randn(4, 4), dim=0, keepdim=True),
                                        Case(randn(2, 3, 4), dim=1, keepdim=True), Case(randn(2, 3, 4), dim=-1),
                                        Case(randn(2, 3, 4), dim=2, keepdim=False),
                                        Case(randn(2, 3, 4), dim=-2, keepdim=False), Case(randn(600, 500), dim=0),
                                        # inputs with another dimension of size 1 (corpus pass 14: np.squeeze(g) without
                                        # an axis under keepdim=True scored 100/100)
                                        Case(randn(1, 3, 4), dim=2, keepdim=True), Case(randn(4, 1), dim=0, keepdim=True)],
             visibility="hidden", hint=[Hint("with keepdim=False, unsqueeze grad_output at the summed dimension "
                                             "before broadcasting it to x's shape (a negative dim counts from x's last "
                                             "dimension)", parts=("x",),
                                             kinds=("values", "shape", "nonfinite", "type", "dtype", None)),
                                        KEEPDIM_OUT,
                                        # corpus pass 12: an unsqueeze under keepdim=True too got only the line above
                                        Hint("(and only then: with keepdim=True grad_output already has the summed "
                                             "dimension, of size 1)", parts=("x",), kinds=("shape",)),
                                        # corpus pass 14: a squeeze of every size-1 dimension, or a negative dim taken
                                        # from grad_output's dimensions, raised here with no word of the cause
                                        Hint("an error here usually means the summed dimension was put back in the wrong "
                                             "place or others were lost: squeeze only the summed axis under keepdim=True "
                                             "(np.squeeze(g, axis=dim): squeeze() drops x's other size-1 dimensions too), "
                                             "and count a negative dim from x's last dimension, not grad_output's",
                                             kinds=("error",))]),
        Test("finite differences", 1, "gradcheck", [Case(randn(2, 3), dim=1), Case(randn(2, 3))], visibility="hidden"),
        Test("reused inputs", 1, "autograd", [Case(randn(3, 4), dim=0)], visibility="hidden"),
    ]),
]

# the autograd engine is the graded functionality: only the grader itself may run it
GUARD = ["minigrad.autograd.grad", "minigrad.autograd.backward", "minigrad.Tensor.backward",
         "minigrad.autograd.engine._run"]

# minigrad's derivatives of exp, tanh and sigmoid written as forward code: a transform's log|dy/dx|, exponentiated,
# is the derivative (TanhTransform's with its overflow care), and scored 100/100 with the "large inputs" tests before
# the red-team pass 12
FORBID = ["minigrad.distributions.transforms.ExpTransform.log_abs_det_jacobian",
          "minigrad.distributions.transforms.SigmoidTransform.log_abs_det_jacobian",
          "minigrad.distributions.transforms.TanhTransform.log_abs_det_jacobian"]

ASSIGNMENT = Assignment("autograd-ops", TASKS, forbid=FORBID, guard=GUARD, guard_ops=True, description="""autograd-ops: implement ten differentiable operations as
minigrad.autograd.Function subclasses.

Each class has two static methods, as in torch.autograd.Function:
    forward(ctx, *inputs)        computes the output from tensors; save what backward needs
                                 with ctx.save_for_backward(...) (or ctx.some_name = ...)
    backward(ctx, grad_output)   receives dL/d(output) and returns dL/d(input), one per input
                                 of forward, each with the shape of its input
They are used as Add.apply(a, b). Tensors are float64; keep their dtype.""")
