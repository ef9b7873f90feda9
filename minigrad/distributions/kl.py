"""``kl_divergence(p, q)``: KL(p ‖ q) = E_p[log p - log q], per batch element, looked up by the types of p
and q among the functions registered with ``@register_kl(TypeP, TypeQ)`` (the most specific match wins).
An unregistered pair raises NotImplementedError, as in torch. Besides pairs of one family, the pairs of two
families torch knows are here: infinite where p puts mass outside q's support, else -H(p) - E_p[log q(X)]."""
from __future__ import annotations

import math

from ..factories import full_like
from ..ops.pointwise import erf, where
from ..ops.special import digamma, lgamma
from .bernoulli import Bernoulli, _bce_logits
from .cauchy import Cauchy
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .dirichlet import Dirichlet
from .exponential import Exponential
from .gamma import Gamma
from .geometric import Geometric
from .gumbel import _EULER, Gumbel
from .half_normal import HalfNormal
from .independent import Independent, _sum_rightmost
from .laplace import Laplace
from .log_normal import LogNormal
from .multivariate_normal import MultivariateNormal, _half_log_det, _tri_solve, batch_mahalanobis
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .pareto import Pareto
from .poisson import Poisson
from .uniform import Uniform

__all__ = ["kl_divergence", "register_kl"]

_KL_REGISTRY: dict = {}


def register_kl(type_p, type_q):
    """Decorator: ``@register_kl(Normal, Normal) def kl(p, q): ...`` makes kl_divergence use it."""
    if not (isinstance(type_p, type) and isinstance(type_q, type)):
        raise TypeError(f"register_kl expects two classes, got {type_p!r} and {type_q!r}")

    def decorator(fn):
        _KL_REGISTRY[type_p, type_q] = fn
        return fn
    return decorator


def _lookup(tp, tq):
    best, best_rank = None, None
    for (rp, rq), fn in _KL_REGISTRY.items():
        if issubclass(tp, rp) and issubclass(tq, rq):
            rank = (tp.__mro__.index(rp), tq.__mro__.index(rq))
            if best_rank is None or rank < best_rank:
                best, best_rank = fn, rank
    return best


def kl_divergence(p, q):
    """KL(p ‖ q), shaped like the broadcast batch shapes of p and q."""
    fn = _lookup(type(p), type(q))
    if fn is None:
        raise NotImplementedError(f"No KL(p || q) is implemented for p = {type(p).__name__}, q = {type(q).__name__}; "
                                  "register one with @register_kl")
    return fn(p, q)


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    var_ratio = (p.scale / q.scale) ** 2
    t1 = ((p.loc - q.loc) / q.scale) ** 2
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


@register_kl(LogNormal, LogNormal)
def _kl_lognormal_lognormal(p, q):
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    return _bce_logits(q.logits, p.probs) - _bce_logits(p.logits, p.probs)


@register_kl(Binomial, Binomial)
def _kl_binomial_binomial(p, q):
    if not bool((p.total_count == q.total_count).all()):
        raise NotImplementedError("KL between Binomials with different total_count is not implemented")
    return p.total_count * _kl_bernoulli_bernoulli(p, q)


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    t = p.probs * (p.logits - q.logits)
    t = where(q.probs == 0, math.inf, t)
    t = where(p.probs == 0, 0.0, t)
    return t.sum(-1)


@register_kl(OneHotCategorical, OneHotCategorical)
def _kl_onehot_onehot(p, q):
    return _kl_categorical_categorical(p._categorical, q._categorical)


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p, q):
    outside = (q.low > p.low) | (q.high < p.high)
    return where(outside, math.inf, ((q.high - q.low) / (p.high - p.low)).log())


@register_kl(Exponential, Exponential)
def _kl_exponential_exponential(p, q):
    rate_ratio = q.rate / p.rate
    return rate_ratio - 1 - rate_ratio.log()


@register_kl(Laplace, Laplace)
def _kl_laplace_laplace(p, q):
    scale_ratio = p.scale / q.scale
    loc_abs_diff = (p.loc - q.loc).abs()
    return -scale_ratio.log() + loc_abs_diff / q.scale + scale_ratio * (-loc_abs_diff / p.scale).exp() - 1


@register_kl(Poisson, Poisson)
def _kl_poisson_poisson(p, q):
    return p.rate * (p.rate.log() - q.rate.log()) - (p.rate - q.rate)


@register_kl(Gamma, Gamma)
def _kl_gamma_gamma(p, q):
    a, b = p.concentration, p.rate
    return (q.concentration * (b / q.rate).log() + lgamma(q.concentration) - lgamma(a)
            + (a - q.concentration) * digamma(a) + (q.rate - b) * (a / b))


@register_kl(Beta, Beta)
def _kl_beta_beta(p, q):
    sp, sq = p.concentration1 + p.concentration0, q.concentration1 + q.concentration0
    t1 = lgamma(q.concentration1) + lgamma(q.concentration0) + lgamma(sp)
    t2 = lgamma(p.concentration1) + lgamma(p.concentration0) + lgamma(sq)
    t3 = (p.concentration1 - q.concentration1) * digamma(p.concentration1)
    t4 = (p.concentration0 - q.concentration0) * digamma(p.concentration0)
    t5 = (sq - sp) * digamma(sp)
    return t1 - t2 + t3 + t4 + t5


@register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    cp, cq = p.concentration, q.concentration
    sp, sq = cp.sum(-1), cq.sum(-1)
    t1 = lgamma(sp) - lgamma(sq)
    t2 = (lgamma(cp) - lgamma(cq)).sum(-1)
    return t1 - t2 + ((cp - cq) * (digamma(cp) - digamma(sp).unsqueeze(-1))).sum(-1)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p, q):
    if tuple(p.event_shape) != tuple(q.event_shape):
        raise ValueError("KL-divergence between two Multivariate Normals with different event shapes cannot "
                         f"be computed: {tuple(p.event_shape)} vs {tuple(q.event_shape)}")
    Lp, Lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    half_term1 = _half_log_det(Lq) - _half_log_det(Lp)
    term2 = (_tri_solve(Lq, Lp.tril()) ** 2).sum((-2, -1))                  # tr(Σq⁻¹ Σp)
    term3 = batch_mahalanobis(Lq, q.loc - p.loc)
    return half_term1 + 0.5 * (term2 + term3 - p.event_shape[0])


@register_kl(Independent, Independent)
def _kl_independent_independent(p, q):
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError("KL between Independents with different reinterpreted_batch_ndims "
                                  f"({p.reinterpreted_batch_ndims} vs {q.reinterpreted_batch_ndims})")
    return _sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims)


@register_kl(Geometric, Geometric)
def _kl_geometric_geometric(p, q):
    return -p.entropy() - (-q.probs).log1p() / p.probs - q.logits


@register_kl(HalfNormal, HalfNormal)
def _kl_halfnormal_halfnormal(p, q):
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(p, q):
    ct1, ct2, ct3 = p.scale / q.scale, q.loc / q.scale, p.loc / q.scale
    t1 = -ct1.log() - ct2 + ct3
    t3 = (ct2 + lgamma(1 + ct1) - ct3).exp()
    return t1 + ct1 * _EULER + t3 - (1 + _EULER)


# ---------------------------------------------------------------- pairs of two families
@register_kl(Cauchy, Cauchy)
def _kl_cauchy_cauchy(p, q):
    """log(((γp + γq)² + (x0p - x0q)²) / (4 γp γq))"""
    return (((p.scale + q.scale) ** 2 + (p.loc - q.loc) ** 2) / (4 * p.scale * q.scale)).log()


@register_kl(Pareto, Pareto)
def _kl_pareto_pareto(p, q):
    """αq log(xp / xq) - log(αq / αp) + αq / αp - 1, infinite where p starts below q's scale"""
    ratio = q.alpha / p.alpha
    kl = q.alpha * (p.scale / q.scale).log() - ratio.log() + ratio - 1
    return where(p.scale < q.scale, math.inf, kl)


def _infinite(p, q):
    """p puts mass where q has none (a Normal against a Uniform, a Poisson against a Bernoulli)."""
    return full_like(p.mean, math.inf)


_OUTSIDE = (Beta, Exponential, Gamma, Pareto, Uniform)                  # (q's support: a half-line or an interval)
for _p, _qs in [(Normal, _OUTSIDE), (Laplace, _OUTSIDE), (Gumbel, _OUTSIDE), (Exponential, (Beta, Pareto, Uniform)),
                (Gamma, (Beta, Pareto, Uniform)), (Beta, (Pareto,)), (Pareto, (Beta, Uniform)),
                (Poisson, (Bernoulli, Binomial))]:
    for _q in _qs:
        register_kl(_p, _q)(_infinite)


def _mean_log(p):
    """E_p[log X] for p on the positive half-line (a Uniform reaching below 0: nan, made infinite by the caller)."""
    if isinstance(p, Exponential):
        return -_EULER - p.rate.log()
    if isinstance(p, Gamma):
        return digamma(p.concentration) - p.rate.log()
    if isinstance(p, Beta):
        return digamma(p.concentration1) - digamma(p.concentration1 + p.concentration0)
    if isinstance(p, Pareto):
        return p.scale.log() + 1 / p.alpha
    return (_x_log_x(p.high) - _x_log_x(p.low)) / (p.high - p.low) - 1           # Uniform


def _x_log_x(x):
    return where(x == 0, 0.0, x * x.log())


@register_kl(Uniform, Normal)
@register_kl(Exponential, Normal)
@register_kl(Gamma, Normal)
@register_kl(Beta, Normal)
@register_kl(Laplace, Normal)
@register_kl(Gumbel, Normal)
@register_kl(Pareto, Normal)
def _kl_to_normal(p, q):
    """-H(p) + log σ + ½ log 2π + (Var p + (E p - μ)²) / 2σ²"""
    return (-p.entropy() + q.scale.log() + 0.5 * math.log(2 * math.pi)
            + (p.variance + (p.mean - q.loc) ** 2) / (2 * q.scale ** 2))


@register_kl(Uniform, Exponential)
@register_kl(Gamma, Exponential)
@register_kl(Beta, Exponential)
@register_kl(Pareto, Exponential)
def _kl_to_exponential(p, q):
    """-H(p) - log λ + λ E p, infinite where p reaches below 0"""
    kl = -p.entropy() - q.rate.log() + q.rate * p.mean
    return where(p.low < 0, math.inf, kl) if isinstance(p, Uniform) else kl


@register_kl(Uniform, Gamma)
@register_kl(Exponential, Gamma)
@register_kl(Beta, Gamma)
@register_kl(Pareto, Gamma)
def _kl_to_gamma(p, q):
    """-H(p) - a log b + log Γ(a) - (a - 1) E log X + b E X, infinite where p reaches below 0"""
    a, b = q.concentration, q.rate
    kl = -p.entropy() - a * b.log() + lgamma(a) - (a - 1) * _mean_log(p) + b * p.mean
    return where(p.low < 0, math.inf, kl) if isinstance(p, Uniform) else kl


@register_kl(Uniform, Beta)
def _kl_uniform_beta(p, q):
    """-H(p) + log B(α, β) - (α - 1) E log X - (β - 1) E log(1 - X), infinite outside [0, 1]"""
    a, b, width = q.concentration1, q.concentration0, p.high - p.low
    mean_log_1m = (_x_log_x(1 - p.low) - _x_log_x(1 - p.high)) / width - 1
    kl = (-p.entropy() + lgamma(a) + lgamma(b) - lgamma(a + b) - (a - 1) * _mean_log(p)
          - (b - 1) * mean_log_1m)
    return where((p.low < 0) | (p.high > 1), math.inf, kl)


@register_kl(Beta, Uniform)
def _kl_beta_uniform(p, q):
    """-H(p) + log(high - low), infinite unless [low, high] covers [0, 1]"""
    kl = -p.entropy() + (q.high - q.low).log()
    return where((q.low > 0) | (q.high < 1), math.inf, kl)


@register_kl(Normal, Laplace)
def _kl_normal_laplace(p, q):
    """-H(p) + log 2b + E|X - m| / b, with E|X - m| = σ √(2/π) exp(-d²/2σ²) + d erf(d / σ√2), d = μ - m"""
    d = p.loc - q.loc
    z = d / p.scale
    mean_abs = p.scale * math.sqrt(2 / math.pi) * (-0.5 * z ** 2).exp() + d * erf(z / math.sqrt(2))
    return -p.entropy() + (2 * q.scale).log() + mean_abs / q.scale


def _mgf(p, t):
    """E_p[exp(t X)] (here t < 0, where each of these is finite)."""
    if isinstance(p, Normal):
        return (p.loc * t + 0.5 * (p.scale * t) ** 2).exp()
    if isinstance(p, Exponential):
        return p.rate / (p.rate - t)
    if isinstance(p, Gamma):
        return (1 - t / p.rate) ** -p.concentration
    return ((t * p.high).exp() - (t * p.low).exp()) / (t * (p.high - p.low))      # Uniform


@register_kl(Normal, Gumbel)
@register_kl(Exponential, Gumbel)
@register_kl(Gamma, Gumbel)
@register_kl(Uniform, Gumbel)
def _kl_to_gumbel(p, q):
    """-H(p) + log β + (E X - μ) / β + E exp(-(X - μ) / β), the last from p's moment-generating function"""
    return -p.entropy() + q.scale.log() + (p.mean - q.loc) / q.scale + (q.loc / q.scale).exp() * _mgf(p, -1 / q.scale)


@register_kl(Uniform, Pareto)
def _kl_uniform_pareto(p, q):
    """-H(p) - log α - α log x_m + (α + 1) E log X, infinite where p starts below x_m"""
    kl = -p.entropy() - q.alpha.log() - q.alpha * q.scale.log() + (q.alpha + 1) * _mean_log(p)
    return where(p.low < q.scale, math.inf, kl)


@register_kl(Bernoulli, Poisson)
def _kl_bernoulli_poisson(p, q):
    """-H(p) + λ - p log λ (the Poisson's log-probabilities of 0 and 1: -λ and log λ - λ)"""
    return -p.entropy() + q.rate - p.probs * q.rate.log()

