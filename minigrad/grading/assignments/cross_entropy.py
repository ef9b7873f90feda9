"""cross-entropy: a ``CrossEntropy`` Function (mean over the batch, integer class targets), graded against
``minigrad.nn.functional.cross_entropy`` (100 points). The probe: logits of ±1e4."""
import numpy as np

from minigrad.nn.functional import cross_entropy
from ..spec import Assignment, FunctionTask, Test, Case, Hint, Mistake, randn, randint, transposed


def _cross_entropy(logits, target):
    return cross_entropy(logits, target)


def ce(n, c, scale=2.0):
    return Case(randn(n, c, scale=scale), randint(c, n))


# Entries of +-1e4: exp overflows (or underflows to 0/0) without the max subtracted. The targets are at or
# near each row's maximum, so a max-subtracted softmax passes whether its log is taken before or after.
LARGE_LOGITS = np.array([[1e4, -1e4, 0.0, 3.0], [-1e4, 1e4, 1e4 - 2.0, -2.0], [5e3, -1e4, 2.0, 1e4],
                         [-1e4, -1e4 + 1.0, -1e4 + 3.0, -1e4 - 5.0]])
LARGE_TARGET = np.array([0, 2, 3, 2], dtype=np.int64)


# equal logits within a row (ties for the maximum): softmax splits evenly, the max needs no gradient
TIES = np.array([[1.5, 1.5, 1.5, 1.5], [2.0, 2.0, -1.0, 0.5], [0.0, 3.0, 3.0, 3.0]])
TIES_TARGET = np.array([2, 1, 0], dtype=np.int64)


# Targets 715-730 below their row's maximum: exp of the gap overflows (e^709 is float64's largest), so a log-sum-exp
# shifted by the target's logit (or anything but the maximum) gives inf, while softmax's e^-730 is still a (subnormal)
# float64 and its log is right to 1e-9: a log taken after a stable softmax passes. (Corpus pass 12: a shift by the
# target's logit scored 100/100, the targets of the other cases sitting at their row's maximum.)
FAR_LOGITS = np.array([[720.0, 0.0, 1.5, -2.0], [-3.0, 2.0, 725.0, 0.5], [10.0, -700.0, 30.0, 2.0]])
FAR_TARGET = np.array([1, 0, 1], dtype=np.int64)


def _large(rng):
    logits = rng.choice([-1e4, 1e4], size=(5, 4)) + rng.standard_normal((5, 4))
    return [Case(LARGE_LOGITS, LARGE_TARGET, label="logits (4, 4) with entries of +-1e4, target (4,)"),
            Case(logits, logits.argmax(axis=1), label="logits (5, 4) with entries near +-1e4, target (5,)"),
            Case(FAR_LOGITS, FAR_TARGET, label="logits (3, 4) whose targets are 715-730 below their row's maximum")]

DOC = """loss = mean over the batch of -log(softmax(logits)[n, target[n]]): CrossEntropy.apply(logits, target).

logits (N, C) float64, target (N,) int64 class indices in [0, C). Returns a 0-d tensor:
    loss = (1/N) * sum over n of ( logsumexp(logits[n, :]) - logits[n, target[n]] )
Compute logsumexp stably: with m = max over c of logits[n, c],
    logsumexp(logits[n, :]) = m + log(sum over c of exp(logits[n, c] - m))
(logits of +-1e4 must give finite, correct results).

backward(ctx, grad_output) returns (grad_logits, None), grad_output being a 0-d tensor:
    grad_logits = grad_output * (softmax(logits) - onehot(target)) / N"""

def _lse_shift_kept(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    shifted = z - z.max(axis=1, keepdims=True)
    wrong = np.mean(np.log(np.exp(shifted).sum(axis=1)) - z[np.arange(len(t)), t])
    return np.allclose(actual, wrong, rtol=1e-6, atol=1e-9)


def _no_onehot(actual, values, upstream, kwargs):
    z = values[0]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return np.allclose(actual, float(upstream) * e / e.sum(axis=1, keepdims=True) / len(z), rtol=1e-6, atol=1e-12)


def _shift_by_column_max(z):
    shifted = z - z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _column_max_loss(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return np.allclose(actual, -np.mean(_shift_by_column_max(z)[np.arange(len(t)), t]), rtol=1e-6, atol=1e-9)


def _column_max_grad(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    p = np.exp(_shift_by_column_max(z))
    p[np.arange(len(t)), t] -= 1.0
    return np.allclose(actual, float(upstream) * p / len(z), rtol=1e-6, atol=1e-12)


def _rows_not_zero_sum(actual, values, upstream, kwargs):
    scale = max(float(np.abs(actual).max()), 1e-300)
    return actual.ndim == 2 and not np.allclose(actual.sum(axis=1), 0.0, atol=1e-6 * scale)


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _clipped(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    p = np.exp(_log_softmax(z)[np.arange(len(t)), t])
    # clipped to [eps, 1 - eps], or eps added inside the log (corpus pass 15: -log(p + 1e-12))
    return any(np.allclose(actual, -np.mean(np.log(q)), rtol=1e-9, atol=1e-14)
               for eps in (1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15) for q in (np.clip(p, eps, 1.0 - eps), p + eps))


def _mean_over_classes(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    loss = -np.mean(_log_softmax(z)[np.arange(len(t)), t])
    return z.shape[1] > 1 and np.allclose(actual * z.shape[1], loss, rtol=1e-6, atol=1e-9)


def _divided_by_classes(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    p = np.exp(_log_softmax(z))
    p[np.arange(len(t)), t] -= 1.0
    return z.shape[0] != z.shape[1] and np.allclose(actual, float(upstream) * p / z.shape[1], rtol=1e-6, atol=1e-12)


def _divided_by_entries(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    p = np.exp(_log_softmax(z))
    p[np.arange(len(t)), t] -= 1.0
    return z.shape[1] > 1 and np.allclose(actual, float(upstream) * p / z.size, rtol=1e-6, atol=1e-12)


def _lse_as_row(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    m = z.max(axis=1)
    ls = np.log(np.exp(z - m[:, None]).sum(axis=1))          # (N,): broadcast along the classes when N == C
    return z.shape[0] == z.shape[1] and np.allclose(actual, np.mean(m + ls[t] - z[np.arange(len(t)), t]), rtol=1e-6,
                                                    atol=1e-9)


def _rows_lse(z):
    m = z.max(axis=1)
    return m + np.log(np.exp(z - m[:, None]).sum(axis=1))


def _expected_grad(z, t, scale):
    p = np.exp(_log_softmax(z))
    p[np.arange(len(t)), t] -= 1.0
    return p * scale


def _argmax_loss(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return (z.argmax(axis=1) != t).any() and np.allclose(actual, np.mean(_rows_lse(z) - z.max(axis=1)), rtol=1e-6,
                                                         atol=1e-9)


def _argmax_grad(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return (z.argmax(axis=1) != t).any() and np.allclose(actual, _expected_grad(z, z.argmax(axis=1), float(upstream) /
                                                                                len(z)), rtol=1e-6, atol=1e-12)


def _target_columns(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return len(z) > 1 and np.allclose(actual, np.mean(_rows_lse(z) - z[:, t]), rtol=1e-6, atol=1e-9)


def _target_indices_swapped(actual, values, upstream, kwargs):
    """logits[target[n], n] picked instead of logits[n, target[n]] (corpus pass 15: np.take_along_axis along axis 0;
    with N != C it raises instead)."""
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    if z.shape[0] != z.shape[1] or (t == np.arange(len(t))).all():
        return False
    lse = _rows_lse(z)
    return any(np.allclose(actual, np.mean(lse[rows] - z[t, np.arange(len(t))]), rtol=1e-6, atol=1e-9)
               for rows in (t, np.arange(len(t))))


def _rows_summed_over_classes(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    loss = np.sum(_rows_lse(z) - z[np.arange(len(t)), t])
    return 1 < len(z) != z.shape[1] > 1 and np.allclose(actual * z.shape[1], loss, rtol=1e-6, atol=1e-9)


def _class_zero_ignored(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    keep = t != 0
    return 0 < keep.sum() < len(t) and np.allclose(actual, np.mean((_rows_lse(z) - z[np.arange(len(t)), t])[keep]),
                                                   rtol=1e-6, atol=1e-9)


def _class_zero_ignored_grad(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    keep = t != 0
    return 0 < keep.sum() < len(t) and np.allclose(actual, _expected_grad(z, t, float(upstream) / keep.sum()) *
                                                   keep[:, None], rtol=1e-6, atol=1e-12)


def _lse_without_log(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    m = z.max(axis=1)
    return np.allclose(actual, np.mean(m + np.exp(z - m[:, None]).sum(axis=1) - z[np.arange(len(t)), t]), rtol=1e-6,
                       atol=1e-9)


def _divided_by_n_twice(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return len(z) > 1 and np.allclose(actual, _expected_grad(z, t, float(upstream) / len(z) ** 2), rtol=1e-6, atol=1e-12)


def _sign_flipped(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return np.allclose(actual, _expected_grad(z, t, -float(upstream) / len(z)), rtol=1e-6, atol=1e-12)


def _missing_one_over_n(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    return len(z) > 1 and np.allclose(actual, _expected_grad(z, t, float(upstream)), rtol=1e-6, atol=1e-12)


def _onehot_by_value(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    hit = z == z[np.arange(len(t)), t][:, None]
    if hit.sum() == len(t):
        return False
    return np.allclose(actual, (np.exp(_log_softmax(z)) - hit) * float(upstream) / len(z), rtol=1e-6, atol=1e-12)


def _jacobian_transposed(actual, values, upstream, kwargs):
    z, t = values[0], np.asarray(values[1], dtype=np.int64)
    p = np.exp(_log_softmax(z))
    onehot = np.eye(z.shape[1])[t]
    return np.allclose(actual, (p[np.arange(len(t)), t][:, None] - onehot) * float(upstream) / len(z), rtol=1e-6,
                       atol=1e-12)


# classic mistakes named in the messages (red-team pass 11: they got "the largest difference is ..."; corpus pass 12:
# probabilities clipped to [eps, 1 - eps] were called "about float32's precision", and a mean over all N*C entries or
# a gradient divided by C got only a factor)
MISTAKES = [
    Mistake("output", "it is the loss of probabilities clipped to [eps, 1 - eps] (np.clip(p, 1e-7, 1 - 1e-7) or the "
                      "like) or with eps added (log(p + 1e-12)): a target far below its row's maximum then costs "
                      "-log(eps) instead of its true loss, and one of probability 1 costs -log(1 - eps) instead of 0; "
                      "take the loss from the log-softmax, z[target] - logsumexp(z), unclipped", _clipped),
    Mistake("output", "it is the expected loss divided by C, the number of classes: the mean runs over the N rows "
                      "only (sum over the classes, then divide by N), not over all N*C entries", _mean_over_classes),
    Mistake("output", "each row's log(sum(exp(z - m))), of shape (N,), was broadcast along the classes (dimension 1) "
                      "instead of down the rows: keep its dimension (keepdims=True, shape (N, 1)); with N == C the shapes "
                      "do not clash, elsewhere they do", _lse_as_row),
    Mistake("logits", "it is the expected gradient times N / C: divide by N = logits.shape[0] (the batch), not by C = "
                      "logits.shape[1] (the classes)", _divided_by_classes),
    # round 20: a mean over all N*C entries, in backward too, got only "0.2 times the expected value everywhere"
    Mistake("logits", "it is the expected gradient divided by C, the number of classes: it is divided by N*C (a mean over "
                      "every entry) where the loss's mean runs over the N rows only: divide by N", _divided_by_entries),

    Mistake("output", "the row maximum m subtracted before exp is not added back (logsumexp = m + log(sum(exp(z - m))))",
            _lse_shift_kept),
    Mistake("output", "the maximum subtracted is each column's (over the batch, dimension 0), not each row's: "
                      "use z.max(axis=1, keepdims=True)", _column_max_loss),
    Mistake("logits", "the maximum subtracted is each column's (over the batch, dimension 0), not each row's: "
                      "use z.max(axis=1, keepdims=True)", _column_max_grad),
    Mistake("logits", "it is softmax(logits) * grad_output / N without the one-hot of the target subtracted",
            _no_onehot),
    # corpus pass 13: these got only "is wrong", "a constant multiple", or (the sum over the rows divided by C) the
    # message of a mean over all N*C entries
    Mistake("output", "it is the loss of the predicted class (the argmax of each row), not of the target: pick "
                      "logits[n, target[n]]", _argmax_loss),
    Mistake("logits", "it is the gradient for the predicted class (the argmax of each row) as the target: subtract the "
                      "one-hot of target, not of the argmax", _argmax_grad),
    Mistake("output", "it is the mean over all N*N pairs of logsumexp(logits[j]) - logits[i, target[j]]: logits[:, target] "
                      "takes whole columns; pick one entry per row, logits[arange(N), target]", _target_columns),
    Mistake("output", "the target's logit is picked as logits[target[n], n], the indices the wrong way round (or along "
                      "dimension 0): pick logits[n, target[n]], i.e. logits[arange(N), target] or np.take_along_axis("
                      "logp, target[:, None], axis=1); with N != C it raises an index error instead", _target_indices_swapped),
    Mistake("output", "it is the sum over the N rows divided by C (the classes): divide by N, the batch (e.g. "
                      ".sum(axis=0).mean() instead of .sum(axis=1).mean())", _rows_summed_over_classes),
    Mistake("output", "it is the mean over the rows whose target is not class 0: class 0 is a class like any other "
                      "(torch's ignore_index is -100, which no class index matches)", _class_zero_ignored),
    Mistake("logits", "it is the gradient of the rows whose target is not class 0 only: class 0 is a class like any "
                      "other (torch's ignore_index is -100, which no class index matches)", _class_zero_ignored_grad),
    Mistake("output", "it is m + sum(exp(z - m)) - z[target]: the log is missing from the log-sum-exp, m + "
                      "log(sum(exp(z - m)))", _lse_without_log),
    Mistake("logits", "it is the expected gradient divided by N once more: the mean's 1/N is applied once "
                      "(grad_output * (softmax - onehot) / N)", _divided_by_n_twice),
    Mistake("logits", "it is onehot(target) - softmax(logits): the sign is flipped, the gradient is softmax - onehot",
            _sign_flipped),
    # corpus pass 14: these got "a constant multiple" or the rows' message below
    Mistake("logits", "it is the expected gradient times N: the 1/N of the mean over the batch is missing from backward "
                      "(grad_output * (softmax - onehot) / N)", _missing_one_over_n),
    Mistake("logits", "the one-hot marks every logit equal to the target's (z == z[n, target[n]]): in a row with ties it "
                      "marks several classes; build it from the target index, onehot[arange(N), target] = 1",
            _onehot_by_value),
    Mistake("logits", "it is softmax[n, target[n]] - onehot(target): the Jacobian of the log-softmax is contracted over the "
                      "wrong index (transposed); dz_j = sum_i dlogp_i * (delta_ij - p_j), which is softmax - onehot",
            _jacobian_transposed),
    Mistake("logits", "its rows do not sum to 0, as the rows of softmax(logits) - onehot(target) do: is the softmax "
                      "normalised over the classes (dimension 1) of each row, not over the batch?", _rows_not_zero_sum),
]

# a NaN, or a wrong loss: not a finite wrong gradient (corpus pass 13: a gradient divided by N twice got it)
OVERFLOW = ("subtract each row's maximum before exp (log-sum-exp trick): exp(1e4) overflows to inf, and so does exp of "
            "any gap above 709 (a shift by another entry, such as the target's logit, leaves one)")

TASK = FunctionTask("CrossEntropy", _cross_entropy, arg_names=("logits", "target"), signature="logits, target",
                    mistakes=MISTAKES, doc=DOC, tests=[
    Test("forward", 20, "forward", [ce(4, 5), ce(8, 3)],
         # corpus pass 15: target logits picked along dimension 0 raised a bare index error here
         hint=Hint("if the error comes from picking each row's target logit: row n's is logits[n, target[n]], "
                   "logits[np.arange(N), target] or np.take_along_axis(logp, target[:, None], axis=1) (the batch along "
                   "dimension 0, the classes along dimension 1)", kinds=("error",))),
    # one large case in each of these two (10^5 logits): a backward must cost about what the forward costs; one that
    # runs the forward once per logit (finite differences, the complex step) does not finish in time there
    Test("backward", 25, "backward", [ce(4, 5), ce(6, 10), ce(1, 4), ce(1000, 100)]),
    Test("large logits", 20, "forward_backward", _large,
         visibility="hidden", hint=[Hint(OVERFLOW, kinds=("nonfinite",)), Hint(OVERFLOW, parts=("output",),
                                                                              kinds=("values",))]),
    Test("batch and class sizes", 10, "forward_backward", [ce(1, 3), ce(7, 2), ce(3, 12), ce(5, 5),
                                                           Case(TIES, TIES_TARGET, label="logits (3, 4) with ties, target (3,)"),
                                                           ce(1000, 100),
                                                           # logits a non-contiguous view (corpus pass 14)
                                                           Case(transposed(randn(6, 4, scale=2.0)), randint(4, 6))],
         visibility="hidden", hint="the loss is the mean over the N rows (divide by N, in backward too); "
                                   "softmax runs over the classes (dimension 1)"),
    Test("finite differences", 10, "gradcheck", [ce(3, 4)], visibility="hidden"),
    Test("reused inputs", 15, "autograd", [ce(4, 5)], visibility="hidden"),
])

FORBID = ["minigrad.nn.functional.cross_entropy", "minigrad.nn.functional.nll_loss", "minigrad.nn.functional.log_softmax",
          "minigrad.ops.reduce.log_softmax", "minigrad.ops.reduce.LogSoftmax", "minigrad.log_softmax",
          "minigrad.Tensor.log_softmax", "minigrad.ops.loss.CrossEntropy", "minigrad.nn.CrossEntropyLoss",
          "minigrad.nn.NLLLoss", "minigrad.fast.losses.cross_entropy_backward", "minigrad.fast.cuda_kernels.cross_entropy",
          "minigrad.fast.cuda_kernels.cross_entropy_backward",
          # other libraries' log-softmax and cross-entropy (scipy's log_softmax scored 100/100 before the ninth
          # red-team pass); softmax and logsumexp stay allowed, from any library
          "scipy.special.log_softmax", "sklearn.metrics.log_loss",
          # and scikit-learn's private ones: its multinomial loss is this loss of logits with its gradient (100/100
          # before the red-team pass 9b), the neural network's log_loss the same of probabilities
          "sklearn._loss.loss.HalfMultinomialLoss", "sklearn._loss._loss.CyHalfMultinomialLoss",
          "sklearn.neural_network._base.log_loss",
          # and the private helper under sklearn.metrics.log_loss (the loss of one-hot labels and probabilities): a
          # forward made of it scored 100/100 before the red-team pass 10
          "sklearn.metrics._classification._log_loss"]

# the backward must be the student's own too: a backward that differentiates the forward with minigrad's
# engine (autograd.grad, .backward(), a built-in op's backward) is reference use, not own work
GUARD = ["minigrad.autograd.grad", "minigrad.autograd.backward", "minigrad.Tensor.backward",
         "minigrad.autograd.engine._run"]

ASSIGNMENT = Assignment("cross-entropy", [TASK], forbid=FORBID, guard=GUARD, guard_ops=True, description="""cross-entropy: implement the mean cross-entropy loss of logits against class
indices as a minigrad.autograd.Function.

Write backward yourself: minigrad.autograd.grad, Tensor.backward() and the
built-in ops' backward are not allowed inside it (the grader runs the engine itself).
Tensors are float64; keep their dtype.""")
