"""The ninth independent corpus (tests/grading/corpus9): correct work in styles the earlier corpora lack, graded
full marks, and classic mistakes, each losing the tests that probe it with a message naming the root cause.

Correct styles: Function classes made by a factory of closures and functools.partial, minigrad tensor methods with
list returns and an extra trailing None, a package (BOM, CRLF, tabs, type hints, unicode docstrings, SciPy, a
printing __main__ block), np.vectorize over math with a debug print in every forward; conv2d by as_strided +
tensordot, by fancy-index im2col + np.add.at, by the textbook dilated full correlation with a dataclass; cross-
entropy with scipy.special + np.eye, a per-row math loop, in-place NumPy on fresh arrays, tensor gather/logsumexp;
SGD as a plain class without Optimizer, a functools.partial functional update on p.data, torch-style add_(alpha=),
and a closure per parameter with element loops; and variants by one edit (grad_output returned as is, a Fortran-order
output, take_along_axis, the log of SciPy's softmax, ``import minigrad as torch``). Each buggy file is one of them
with one classic mistake (VARIANTS, written at test time).

Before this pass: SciPy could not be imported where Python is root-only (a pyenv under /root: every scipy
submission 0, "ModuleNotFoundError"); scipy.special.logsumexp raised "torch is not available" (SciPy probes
torch.Tensor once torch is in sys.modules, and the runner put a refusing torch there); SGD state kept per position
in a group's list scored 100; messages did not name an empty [p:-p] crop, an output size rounded to the nearest,
step() clearing p.grad, or lr folded into the momentum buffer."""
from __future__ import annotations

import os

import pytest

from minigrad.grading.batch import grade_many

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading", "corpus9")
AO = ["Add", "Mul", "Div"]

# file: (score, failed tests (None: don't care), words that the failed tests' messages must contain)
CASES = {
    "autograd-ops": {
        "ao_factory_partial.py": (100, [], []),
        "ao_tensor_methods.py": (100, [], []),
        "ao_package": (100, [], []),
        "ao_vectorize_verbose.py": (100, [], []),
        "ao_returns_grad_output.py": (100, [], []),
        "ao_fortran_order.py": (100, [], []),
        "ao_bug_unbroadcast_leading_only.py": (88, [f"{o}: {t}" for o in AO for t in ("broadcasting", "reused inputs")],
                                               ["sum over the broadcast dimensions"]),
        "ao_bug_unbroadcast_no_keepdims.py": (88, [f"{o}: {t}" for o in AO for t in ("broadcasting", "reused inputs")],
                                              ["wrong layout", "keepdim=True"]),
        "ao_bug_sum_negdim.py": (93, ["Sum: backward", "Sum: keepdim", "Sum: finite differences"],
                                 ["unsqueeze grad_output at the summed dimension"]),
        "ao_bug_sum_all_shape1.py": (94, ["Sum: forward", "Sum: backward", "Sum: finite differences"], ["0-d tensor"]),
        "ao_bug_matmul_swapped.py": (92, ["MatMul: backward (square)", "MatMul: non-square", "MatMul: finite differences",
                                          "MatMul: reused inputs"], ["transpose"]),
        "ao_bug_sigmoid_ratio.py": (98, ["Sigmoid: large inputs"], ["NaN or inf", "overflow"]),
        "ao_bug_div_no_square.py": (92, ["Div: backward", "Div: broadcasting", "Div: finite differences",
                                         "Div: reused inputs"], ["gradient for input 1 (b) is wrong"]),
        "ao_bug_exp_input.py": (92, ["Exp: backward", "Exp: finite differences", "Exp: reused inputs"],
                                ["gradient for input 0 (x) is wrong"]),
        "ao_bug_log_mutates_view.py": (94, ["Log: backward", "Log: finite differences"],
                                       ["modified its incoming gradient (grad_output) in place"]),
        "ao_bug_tanh_float32.py": (90, ["Tanh: forward", "Tanh: backward", "Tanh: large inputs",
                                        "Tanh: finite differences", "Tanh: reused inputs"], ["float32"]),
        "ao_bug_closure_state.py": (90, [f"{o}: reused inputs" for o in ("Exp", "Log", "ReLU", "Tanh", "Sigmoid")],
                                    ["of the first call is wrong", "not on the class or in globals"]),
    },
    "conv2d": {
        "conv_as_strided.py": (100, [], []),
        "conv_full_correlation.py": (100, [], []),
        "conv_addat.py": (100, [], []),
        "conv_bug_crop_negative.py": (35, None, ["(2, 3, 0, 0)", "empty when p is 0"]),
        "conv_bug_round_size.py": (85, ["Conv2d: stride with remainder"], ["IndexError", "rounded down"]),
        "conv_bug_dilate_from_output.py": (85, ["Conv2d: stride with remainder"], ["don't size grad_x from H_out"]),
        "conv_bug_stride_one_backward.py": (65, None, ["i*stride"]),
        "conv_bug_weight_first_image.py": (20, None, ["gradient for input 1 (weight) is wrong"]),
        "conv_bug_bias_axes.py": (20, None, ["gradient for input 2 (bias) has shape (4, 25)"]),
        "conv_bug_flipped_kernel.py": (5, None, ["the output is wrong"]),
    },
    "cross-entropy": {
        "ce_scipy_eye.py": (100, [], []),
        "ce_row_loop_math.py": (100, [], []),
        "ce_inplace_fresh.py": (100, [], []),
        "ce_tensor_gather.py": (100, [], []),
        "ce_take_along_axis.py": (100, [], []),
        "ce_log_of_softmax.py": (100, [], []),
        "ce_bug_global_max.py": (80, ["CrossEntropy: large logits"], ["NaN or inf", "subtract each row's maximum"]),
        "ce_bug_max_keepdim_lost.py": (70, ["CrossEntropy: large logits", "CrossEntropy: batch and class sizes"],
                                       ["each row's maximum", "softmax runs over the classes"]),
        "ce_bug_divide_by_classes.py": (20, None, ["0.8 times the expected value", "1/N"]),
        "ce_bug_float32.py": (0, None, ["float32"]),
        "ce_bug_index_swapped.py": (20, None, ["IndexError"]),
    },
    "sgd": {
        "sgd_plain_class.py": (100, [], []),
        "sgd_functional_partial.py": (100, [], []),
        "sgd_inplace_tensor.py": (100, [], []),
        "sgd_float_loop_closure.py": (100, [], []),
        "sgd_minigrad_as_torch.py": (100, [], []),
        "sgd_bug_nesterov_old_buffer.py": (90, ["SGD: nesterov"], ["buf being already updated with g"]),
        "sgd_bug_lr_in_buffer.py": (95, ["SGD: learning-rate schedule"], ["keep lr out of the momentum buffer"]),
        "sgd_bug_state_by_grad_id.py": (25, None, ["self.state[p]"]),
        "sgd_bug_state_by_position.py": (95, ["SGD: parameter groups"], ["not per position in a group"]),
        "sgd_bug_alias_inplace_decay.py": (90, ["SGD: p.grad unchanged"], ["changed p.grad"]),
        "sgd_bug_zero_grad_in_step.py": (90, ["SGD: p.grad unchanged"], ["to None", "zero_grad()"]),
        "sgd_bug_decay_sign.py": (50, None, ["weight_decay * p"]),
        "sgd_bug_decay_only_with_momentum.py": (85, ["SGD: weight decay", "SGD: parameter groups"],
                                                ["before the momentum buffer"]),
        "sgd_bug_float32_buffer.py": (25, None, ["float32"]),
    },
}

# buggy files: a correct file of this corpus with one edit (old text, new text), made at test time
VARIANTS = {
 "ao_bug_unbroadcast_leading_only.py": ("ao_factory_partial.py", [
   ("    axes = tuple(range(extra)) + tuple(extra + i for i, s in enumerate(shape) if s == 1 and g.shape[extra + i] != 1)\n",
    "    axes = tuple(range(extra))\n")]),
 "ao_bug_sum_negdim.py": ("ao_factory_partial.py", [
   ("            g = np.expand_dims(g, ctx.dim)", "            g = np.expand_dims(g, ctx.dim % g.ndim)")]),
 "ao_bug_matmul_swapped.py": ("ao_factory_partial.py", [
   ('minigrad.tensor(np.einsum("ik,ij->kj", _np(a), g))', 'minigrad.tensor(np.einsum("ij,ik->jk", g, _np(a)))')]),
 "ao_bug_sigmoid_ratio.py": ("ao_factory_partial.py", [
   ("    return 0.5 * (1.0 + np.tanh(0.5 * x))", "    e = np.exp(x)\n    return e / (1.0 + e)")]),
 "ao_bug_div_no_square.py": ("ao_factory_partial.py", [
   ("lambda g, a, b: -g * a / (b * b))", "lambda g, a, b: -g * a / b)")]),
 "ao_bug_exp_input.py": ("ao_factory_partial.py", [
   ('Exp = unary_op("Exp", np.exp, lambda x, y: y)', 'Exp = unary_op("Exp", np.exp, lambda x, y: x)')]),
 "ao_bug_log_mutates_view.py": ("ao_vectorize_verbose.py", [
   ("        return minigrad.tensor(arr(grad_output) / ctx.x)", "        g = arr(grad_output)\n        g /= ctx.x\n        return minigrad.tensor(g)")]),
 "ao_bug_sum_all_shape1.py": ("ao_vectorize_verbose.py", [
   ("        return minigrad.tensor(np.asarray(xv.sum(axis=dim, keepdims=keepdim), dtype=np.float64))",
    "        return minigrad.tensor(np.atleast_1d(xv.sum(axis=dim, keepdims=keepdim)))")]),
 "ao_bug_tanh_float32.py": ("ao_factory_partial.py", [
   ('Tanh = unary_op("Tanh", np.tanh,', 'Tanh = unary_op("Tanh", lambda x: np.tanh(x.astype(np.float32)).astype(np.float64),')]),
 "ao_bug_unbroadcast_no_keepdims.py": ("ao_vectorize_verbose.py", [
   ("    return g.sum(axis=keep, keepdims=True) if keep else g", "    return g.sum(axis=keep) if keep else g")]),
 "ao_bug_closure_state.py": ("ao_factory_partial.py", [
   ("def unary_op(name, f, df):\n    \"\"\"df(x, y) is the derivative given the input and the output.\"\"\"\n    def forward(ctx, x):\n        xv = _np(x)\n        yv = f(xv)\n        ctx.saved = (xv, yv)",
    "def unary_op(name, f, df):\n    \"\"\"df(x, y) is the derivative given the input and the output.\"\"\"\n    saved = {}\n\n    def forward(ctx, x):\n        xv = _np(x)\n        yv = f(xv)\n        saved['xy'] = (xv, yv)"),
   ("        xv, yv = ctx.saved\n        return minigrad.tensor(_np(grad_output) * df(xv, yv))",
    "        xv, yv = saved['xy']\n        return minigrad.tensor(_np(grad_output) * df(xv, yv))")]),
 "conv_bug_crop_negative.py": ("conv_as_strided.py", [
   ("        gx = gxp[:, :, p:p + xshape[2], p:p + xshape[3]]", "        gx = gxp[:, :, p:-p, p:-p]")]),
 "conv_bug_round_size.py": ("conv_full_correlation.py", [
   ("        return (self.h + 2 * self.pad - self.kh) // self.stride + 1", "        return round((self.h + 2 * self.pad - self.kh) / self.stride) + 1"),
   ("        return (self.w + 2 * self.pad - self.kw) // self.stride + 1", "        return round((self.w + 2 * self.pad - self.kw) / self.stride) + 1")]),
 "conv_bug_weight_first_image.py": ("conv_addat.py", [
   ('        gW = np.einsum("nop,nkp->ok", G, cols).reshape(Wt.shape)', '        gW = (G[0] @ cols[0].T).reshape(Wt.shape)')]),
 "conv_bug_bias_axes.py": ("conv_addat.py", [
   ("            out[2] = minigrad.tensor(G.sum(axis=(0, 2)))", "            out[2] = minigrad.tensor(G.sum(axis=0))")]),
 "conv_bug_flipped_kernel.py": ("conv_as_strided.py", [
   ("        xv, wv = x.detach().numpy(), weight.detach().numpy()", "        xv, wv = x.detach().numpy(), weight.detach().numpy()[:, :, ::-1, ::-1]"),
   ("        gw = np.tensordot(g, win, axes=([0, 2, 3], [0, 2, 3]))       # o, c, kh, kw",
    "        gw = np.tensordot(g, win, axes=([0, 2, 3], [0, 2, 3]))[:, :, ::-1, ::-1]")]),
 "conv_bug_dilate_from_output.py": ("conv_full_correlation.py", [
   ("        d = np.zeros((geo.n, geo.o, hp - geo.kh + 1, wp - geo.kw + 1))", "        d = np.zeros((geo.n, geo.o, (geo.ho - 1) * geo.stride + 1, (geo.wo - 1) * geo.stride + 1))")]),
 "conv_bug_stride_one_backward.py": ("conv_as_strided.py", [
   ("        win = windows(xp, kh, kw, s)\n        gw", "        win = windows(xp, kh, kw, 1)[:, :, :g.shape[2], :g.shape[3]]\n        gw")]),
 "ce_bug_global_max.py": ("ce_inplace_fresh.py", [
   ("        z -= z.max(axis=1, keepdims=True)", "        z -= z.max()")]),
 "ce_bug_max_keepdim_lost.py": ("ce_inplace_fresh.py", [
   ("        z -= z.max(axis=1, keepdims=True)", "        z = (z.T - z.max(axis=1)).T if z.shape[0] != z.shape[1] else z - z.max(axis=1)")]),
 "ce_bug_divide_by_classes.py": ("ce_scipy_eye.py", [
   ("(p - onehot) / p.shape[0]), None", "(p - onehot) / p.shape[1]), None")]),
 "ce_bug_float32.py": ("ce_inplace_fresh.py", [
   ("        z = np.array(logits.detach().numpy(), dtype=np.float64, copy=True)", "        z = np.array(logits.detach().numpy(), dtype=np.float32, copy=True)"),
   ("        return minigrad.tensor(np.negative(logp_t).mean())", "        return minigrad.tensor(np.negative(logp_t).mean().astype(np.float64))"),
   ("        return minigrad.tensor(g), None", "        return minigrad.tensor(g.astype(np.float64)), None")]),
 "ce_bug_index_swapped.py": ("ce_inplace_fresh.py", [
   ("        g[np.arange(n), ctx.t] -= 1.0", "        g[ctx.t, np.arange(n) % g.shape[1]] -= 1.0")]),
 "sgd_bug_nesterov_old_buffer.py": ("sgd_plain_class.py", [
   ("                        st = self.state.setdefault(id(p), {})\n",
    "                        st = self.state.setdefault(id(p), {})\n                        old = st.get(\"momentum_buffer\", d)\n"),
   ("                        d = d + group[\"momentum\"] * buf if group[\"nesterov\"] else buf",
    "                        d = d + group[\"momentum\"] * old if group[\"nesterov\"] else buf")]),
 "sgd_bug_lr_in_buffer.py": ("sgd_functional_partial.py", [
   ("        if buf is None:\n            buf = d.copy()\n        else:\n            np.multiply(buf, momentum, out=buf)\n            buf += (1.0 - dampening) * d\n        d = d + momentum * buf if nesterov else buf\n    param -= lr * d",
    "        if buf is None:\n            buf = lr * d\n        else:\n            np.multiply(buf, momentum, out=buf)\n            buf += (1.0 - dampening) * lr * d\n        param -= lr * d + momentum * buf if nesterov else buf\n        return buf\n    param -= lr * d")]),
 "sgd_bug_state_by_grad_id.py": ("sgd_plain_class.py", [
   ("st = self.state.setdefault(id(p), {})", "st = self.state.setdefault(id(p.grad), {})")]),
 "sgd_bug_alias_inplace_decay.py": ("sgd_functional_partial.py", [
   ("    d = grad + weight_decay * param if weight_decay else grad.copy()", "    d = grad\n    if weight_decay:\n        d += weight_decay * param")]),
 "sgd_bug_decay_sign.py": ("sgd_inplace_tensor.py", [
   ("d_p = d_p.add(p, alpha=h.weight_decay)", "d_p = d_p.add(p, alpha=-h.weight_decay)")]),
 "sgd_bug_float32_buffer.py": ("sgd_functional_partial.py", [
   ("            buf = d.copy()", "            buf = d.astype(np.float32)")]),
 "sgd_bug_state_by_position.py": ("sgd_plain_class.py", [
   ("                for p in group[\"params\"]:", "                for i, p in enumerate(group[\"params\"]):"),
   ("st = self.state.setdefault(id(p), {})", "st = self.state.setdefault(i, {})")]),
 "sgd_bug_zero_grad_in_step.py": ("sgd_plain_class.py", [
   ("                    p.sub_(group[\"lr\"] * d)", "                    p.sub_(group[\"lr\"] * d)\n                    p.grad = None")]),
 "sgd_bug_decay_only_with_momentum.py": ("sgd_plain_class.py", [
   ("                    if group[\"weight_decay\"]:\n                        d = d + group[\"weight_decay\"] * p\n                    if group[\"momentum\"]:\n",
    "                    if group[\"momentum\"]:\n                        if group[\"weight_decay\"]:\n                            d = d + group[\"weight_decay\"] * p\n")]),
    # correct variants: another style by one edit, full marks
    "ao_returns_grad_output.py": ("ao_tensor_methods.py", [
        ("        sa, sb = ctx.shapes\n        return [grad_output.sum_to_size(sa), grad_output.sum_to_size(sb), None]",
         "        sa, sb = ctx.shapes\n        ga = grad_output if tuple(grad_output.shape) == tuple(sa) else grad_output.sum_to_size(sa)\n"
         "        gb = grad_output if tuple(grad_output.shape) == tuple(sb) else grad_output.sum_to_size(sb)\n"
         "        return ga, gb"),
        ("        return grad_output * mask.to(grad_output.dtype)", "        return grad_output.masked_fill(~mask, 0.0)")]),
    "ao_fortran_order.py": ("ao_factory_partial.py", [
        ('return minigrad.tensor(np.einsum("ik,kj->ij", _np(a), _np(b)))',
         'return minigrad.tensor(np.asfortranarray(np.einsum("ik,kj->ij", _np(a), _np(b))))')]),
    "ce_take_along_axis.py": ("ce_inplace_fresh.py", [
        ("        logp_t = z[np.arange(n), t] - np.log(s[:, 0])",
         "        logp_t = np.take_along_axis(z, t[:, None], axis=1)[:, 0] - np.log(s[:, 0])")]),
    "ce_log_of_softmax.py": ("ce_scipy_eye.py", [
        ("        loss = np.mean(scipy.special.logsumexp(z, axis=1) - (z * onehot).sum(axis=1))",
         "        loss = -np.mean(np.log(scipy.special.softmax(z, axis=1)[np.arange(len(t)), t]))")]),
    "sgd_minigrad_as_torch.py": ("sgd_inplace_tensor.py", [
        ("import minigrad\n", "import minigrad as torch\n"),
        ("    @minigrad.no_grad()", "    @torch.no_grad()"),
        ("minigrad.clone(d_p)", "torch.clone(d_p)"),
        ("from minigrad.optim import Optimizer", "from minigrad.optim import Optimizer as TorchOptimizer"),
        ("class SGD(Optimizer):", "class SGD(TorchOptimizer):")]),
}

_GRADED = {}


def _path(name, folder):
    if name not in VARIANTS:
        return os.path.join(HERE, name)
    base, edits = VARIANTS[name]
    with open(os.path.join(HERE, base), encoding="utf-8") as f:
        text = f.read()
    for old, new in edits:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def _graded(assignment, folder):
    """Every file of the assignment graded in one batch (two at a time), once per test session."""
    if assignment not in _GRADED:
        subs = [(name, _path(name, folder)) for name in CASES[assignment]]
        _GRADED[assignment] = {sid: report for sid, report, _ in grade_many(assignment, subs, jobs=2)}
    return _GRADED[assignment]


@pytest.fixture(scope="module")
def variants_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("corpus9"))


PARAMS = [(a, name) for a, files in CASES.items() for name in files]


@pytest.mark.parametrize("assignment,name", PARAMS, ids=[n for _, n in PARAMS])
def test_corpus9(assignment, name, variants_dir):
    score, failed, words = CASES[assignment][name]
    report = _graded(assignment, variants_dir)[name]
    assert (report.score, report.max_score) == (score, 100), report.to_text()
    if failed is not None:
        assert [t.name for t in report.failed()] == failed, report.to_text()
    text = " ".join(t.output for t in report.failed())
    for w in words:
        assert w in text, (w, report.to_text())


def test_corpus9_is_complete():
    """Every file of the corpus is graded here (none forgotten), a quarter of them correct at least."""
    names = {n for files in CASES.values() for n in files}
    on_disk = {n for n in os.listdir(HERE) if n.endswith(".py") and n != "conftest.py" or n == "ao_package"}
    assert names == on_disk | set(VARIANTS)
    assert all(base in on_disk for base, _ in VARIANTS.values())
    assert sum(1 for files in CASES.values() for s, _, _ in files.values() if s == 100) >= 15
