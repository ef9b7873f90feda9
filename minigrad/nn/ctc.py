"""The connectionist temporal classification loss (Graves et al. 2006): ``F.ctc_loss`` and its op.

The loss of one sequence is -log of the total probability of every alignment of its target to the T
frames: the target with blanks around and between its labels (the "extended" target, 2S+1 long), each
frame emitting one extended symbol, moving 0 or 1 step along it -- or 2, skipping a blank between two
different labels. The forward variable alpha[t, s] (and backward beta[t, s]) sums those paths in log
space, one time step at a time, for the whole batch at once.
"""
from __future__ import annotations

import numpy as np

from .. import backend
from ..autograd.function import Op
from ..tensor import Tensor, _wrap
from ._reduction import check_reduction


def _lse(*terms):
    """log(sum(exp(terms))) elementwise, -inf (not NaN) where every term is -inf."""
    m = terms[0]
    for t in terms[1:]:
        m = np.maximum(m, t)
    safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(sum(np.exp(t - safe) for t in terms)) + safe


def _shift(a, k):
    """a moved k places to the right along the last axis, -inf coming in."""
    out = np.full_like(a, -np.inf)
    out[..., k:] = a[..., :a.shape[-1] - k]
    return out


def _ahead(a, k):
    """a moved k places to the left along the last axis (out[s] = a[s + k]), -inf coming in."""
    out = np.full_like(a, -np.inf)
    out[..., :a.shape[-1] - k] = a[..., k:]
    return out


def _grad(lp, emit, alpha, ext, skip, in_len, tgt_len, nll, zeroed):
    """d nll / d log_probs, torch's form (see CtcLoss), from the backward variable beta."""
    T, N, S2 = emit.shape
    pos = np.arange(S2)[None, :]
    final = (pos == 2 * tgt_len[:, None]) | ((pos == 2 * tgt_len[:, None] - 1) & (tgt_len[:, None] > 0))
    skip_ahead = np.zeros_like(skip)
    skip_ahead[:, :-2] = skip[:, 2:]                 # may s jump to s + 2
    beta = np.full((T, N, S2), -np.inf)
    for t in range(T - 1, -1, -1):
        at_end = (t == in_len - 1)[:, None]
        if t + 1 < T:
            b = beta[t + 1]
            step = _lse(b, _ahead(b, 1), np.where(skip_ahead, _ahead(b, 2), -np.inf)) + emit[t]
            beta[t] = np.where(at_end, np.where(final, emit[t], -np.inf), step)
        else:
            beta[t] = np.where(at_end & final, emit[t], -np.inf)
    ab = alpha + beta                                 # (T, N, S2): both hold frame t's emission
    lcab = np.full(lp.shape, -np.inf)
    for c in np.unique(ext):                          # a loop over the classes the targets use
        hits = np.where((ext == c)[None], ab, -np.inf)
        m = hits.max(-1)
        safe = np.where(np.isfinite(m), m, 0.0)
        with np.errstate(divide="ignore"):
            lcab[:, :, c] = np.log(np.exp(hits - safe[..., None]).sum(-1)) + safe
    with np.errstate(over="ignore", invalid="ignore"):
        grad = np.exp(lp) - np.exp(lcab + nll[None, :, None] - lp)
    keep = (np.arange(T)[:, None] < in_len[None, :]) & ~zeroed[None, :]
    return np.where(keep[..., None], grad, 0.0)


class CtcLoss(Op):
    """nll[n] = -log Σ_alignments Π_t p(t, symbol_t).
    d nll / d log_probs[t, n, c] = exp(lp) - exp(log Σ_{s: l'_s = c} alpha·beta + nll - lp) for t < length,
    0 after: torch's form, the gradient for logits under a log_softmax (the exp(lp) term sums to 1 over c,
    so log_softmax's backward gives the true gradient; read directly on log_probs it is torch's number)"""

    @staticmethod
    def forward(ctx, log_probs, ext, skip, in_len, tgt_len, zero_infinity):
        lp = backend.to_numpy(log_probs).astype(np.float64)          # (T, N, C)
        T, N, _ = lp.shape
        S2 = ext.shape[1]                                             # 2 * max target length + 1
        emit = np.take_along_axis(lp, np.broadcast_to(ext[None], (T, N, S2)), axis=2)   # (T, N, S2)
        reach = np.arange(S2)[None, :] <= 2 * tgt_len[:, None]        # positions inside each extended target
        emit = np.where(reach[None], emit, -np.inf)
        alpha = np.full((T, N, S2), -np.inf)
        alpha[0, :, :2] = emit[0, :, :2]
        for t in range(1, T):
            a = alpha[t - 1]
            alpha[t] = _lse(a, _shift(a, 1), np.where(skip, _shift(a, 2), -np.inf)) + emit[t]
        last = np.maximum(in_len - 1, 0)
        end = alpha[last, np.arange(N)]                               # (N, S2) at each sequence's last frame
        ends = 2 * tgt_len
        nll = -_lse(end[np.arange(N), ends], np.where(tgt_len > 0, end[np.arange(N), np.maximum(ends - 1, 0)],
                                                      -np.inf))
        nll = np.where(in_len == 0, np.where(tgt_len == 0, -0.0, np.inf), nll)
        bad = np.isinf(nll)
        if zero_infinity:
            nll = np.where(bad, 0.0, nll)
        if ctx.needs_input_grad[0]:
            ctx.grad = backend.to_device(_grad(lp, emit, alpha, ext, skip, in_len, tgt_len, nll, bad & zero_infinity)
                                         .astype(log_probs.dtype), backend.device_of(log_probs))
        return backend.to_device(nll.astype(log_probs.dtype), backend.device_of(log_probs))

    @staticmethod
    def backward(ctx, g):
        return _wrap(ctx.grad) * g.reshape(1, -1, 1), None, None, None, None, None


def _lengths(v, name, n):
    """input_lengths / target_lengths (a tensor, or a list of ints) as an int64 array of n entries."""
    if isinstance(v, Tensor):
        if v.dtype.is_floating_point:
            raise RuntimeError(f"ctc_loss(): {name} must be integers, got {v.dtype}")
        arr = np.asarray(v.tolist(), dtype=np.int64).reshape(-1)
    else:
        arr = np.asarray(list(v) if hasattr(v, "__iter__") else [v], dtype=np.int64).reshape(-1)
    if arr.size != n:
        raise RuntimeError(f"ctc_loss(): {name} must have one length per batch entry ({n}), got {arr.size}")
    return arr


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """The CTC loss of log_probs (T, N, C) (or (T, C)) -- log_softmax outputs -- against targets (N, S)
    padded, or 1-D concatenated (sum(target_lengths),). 'mean' divides each loss by its target length
    (at least 1), then averages over the batch."""
    check_reduction(reduction)
    if not isinstance(log_probs, Tensor) or not log_probs.dtype.is_floating_point:
        raise NotImplementedError(f"ctc_loss(): log_probs must be a floating point tensor, got "
                                  f"{getattr(log_probs, 'dtype', type(log_probs).__name__)}")
    unbatched = log_probs.ndim == 2
    if unbatched:
        log_probs, targets = log_probs.unsqueeze(1), targets.unsqueeze(0)
    if log_probs.ndim != 3:
        raise RuntimeError(f"ctc_loss(): log_probs must be (T, N, C) or (T, C), got shape {tuple(log_probs.shape)}")
    T, N, C = log_probs.shape
    if not 0 <= blank < C:
        raise RuntimeError(f"blank must be in label range (ctc_loss(): blank={blank}, {C} classes)")
    in_len = _lengths(input_lengths, "input_lengths", N)
    tgt_len = _lengths(target_lengths, "target_lengths", N)
    if in_len.size and in_len.max() > T:
        raise RuntimeError(f"Expected input_lengths to have value at most {T}, but got value {in_len.max()} "
                           "(ctc_loss(): lengths count frames of log_probs)")
    if (in_len < 0).any() or (tgt_len < 0).any():
        raise RuntimeError("ctc_loss(): Expected input_lengths and target_lengths to have values at least 0")
    tg = np.asarray(targets.tolist(), dtype=np.int64)
    S = int(tgt_len.max()) if N else 0
    if tg.ndim == 1 and not unbatched:               # concatenated targets
        if tg.size != tgt_len.sum():
            raise RuntimeError(f"Expected tensor to have size {tgt_len.sum()} at dimension 0, but got size "
                               f"{tg.size} for argument #2 'targets' (ctc_loss(): 1-D targets are the "
                               "concatenation of every sequence's labels)")
        starts = np.concatenate([[0], np.cumsum(tgt_len)[:-1]])
        idx = starts[:, None] + np.arange(S)[None, :]
        padded = np.where(np.arange(S)[None, :] < tgt_len[:, None], tg[np.minimum(idx, max(tg.size - 1, 0))]
                          if tg.size else 0, blank)
    else:
        if tg.ndim != 2 or tg.shape[0] != N or tg.shape[1] < S:
            raise RuntimeError(f"Expected tensor to have size at least {S} at dimension 1, but got size "
                               f"{tg.shape[-1] if tg.ndim else 0} for argument #2 'targets' (ctc_loss(): targets "
                               f"(N, S) padded, shape {tuple(tg.shape)} for N={N})")
        padded = np.where(np.arange(S)[None, :] < tgt_len[:, None], tg[:, :S], blank)
    if padded.size and (padded.min() < 0 or padded.max() >= C):
        raise RuntimeError(f"ctc_loss(): target labels must be in [0, {C}), got values in "
                           f"[{padded.min()}, {padded.max()}]")
    ext = np.full((N, 2 * S + 1), blank, dtype=np.int64)
    ext[:, 1::2] = padded
    skip = np.zeros(ext.shape, dtype=bool)          # may position s be reached from s - 2
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    skip[:, 0::2] = False
    loss = CtcLoss.apply(log_probs, ext, skip, in_len, tgt_len, bool(zero_infinity))
    if reduction == "none":
        return loss.squeeze(0) if unbatched else loss
    if reduction == "sum":
        return loss.sum()
    div = _wrap(backend.to_device(np.maximum(tgt_len, 1).astype(loss._data.dtype), log_probs.device))
    return (loss / div).mean()
