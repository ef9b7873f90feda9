"""minigrad.distributions beyond the first four, against torch.distributions: log_prob, entropy, moments,
cdf/icdf and kl_divergence (values and every parameter's gradient under a random upstream gradient, over
batched parameters that broadcast), rsample gradients on the same noise as torch (or, where torch's
per-draw gradient is another unbiased one, their mean against the analytic derivative of the mean), the
statistics of draws under a fixed seed, argument validation, and the import paths scripts use."""
import math

import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

A = np.abs(rand(2, 3, seed=11)) + 0.4          # positive parameters, batch (2, 3)
B = np.abs(rand(3, seed=12)) + 0.6             # positive, broadcasts against A
LOC = rand(2, 3, seed=13)
U01 = np.abs(rand(4, 2, 3, seed=14)) / 2.2 + 0.03  # values in (0, 1), sample dim 4
POS = np.abs(rand(4, 2, 3, seed=15)) + 0.05    # positive values
REAL = rand(4, 2, 3, seed=16) * 2


def D(L):
    return L.distributions


def _spd(k, batch=(), seed=0):
    rng = np.random.default_rng(seed)
    m = rng.standard_normal(batch + (k, k))
    return m @ np.swapaxes(m, -1, -2) + k * np.eye(k)


def _simplex(*shape, seed=0):
    x = np.abs(rand(*shape, seed=seed)) + 0.1
    return x / x.sum(-1, keepdims=True)


def _moments(d):
    return d.mean, d.variance, d.stddev


CASES = {
    # continuous, reparameterised families
    "laplace": (lambda L, m, s, v: (D(L).Laplace(m, s).log_prob(v), D(L).Laplace(m, s).entropy(),
                                    D(L).Laplace(m, s).cdf(v), *_moments(D(L).Laplace(m, s))), [LOC, B, REAL]),
    "laplace_icdf": (lambda L, m, s, u: D(L).Laplace(m, s).icdf(u), [LOC, B, U01]),
    "cauchy": (lambda L, m, s, v: (D(L).Cauchy(m, s).log_prob(v), D(L).Cauchy(m, s).entropy(),
                                   D(L).Cauchy(m, s).cdf(v), D(L).Cauchy(m, s).mode), [LOC, B, REAL]),
    "cauchy_icdf": (lambda L, m, s, u: D(L).Cauchy(m, s).icdf(u), [LOC, B, U01]),
    "exponential": (lambda L, r, v: (D(L).Exponential(r).log_prob(v), D(L).Exponential(r).entropy(),
                                     D(L).Exponential(r).cdf(v), D(L).Exponential(r).icdf(v / (1 + v)), D(L).Exponential(r).mode,
                                     *_moments(D(L).Exponential(r))), [A, POS]),
    "lognormal": (lambda L, m, s, v: (D(L).LogNormal(m, s).log_prob(v), D(L).LogNormal(m, s).entropy(),
                                      D(L).LogNormal(m, s).cdf(v), D(L).LogNormal(m, s).mode,
                                      *_moments(D(L).LogNormal(m, s))), [LOC * 0.5, B * 0.5, POS]),
    "lognormal_icdf": (lambda L, m, s, u: D(L).LogNormal(m, s).icdf(u), [LOC, B, U01]),
    "studentt": (lambda L, df, m, s, v: (D(L).StudentT(df, m, s).log_prob(v), D(L).StudentT(df, m, s).entropy(),
                                         D(L).StudentT(df, m, s).mean, D(L).StudentT(df, m, s).variance),
                 [np.array([0.7, 1.5, 2.5]), LOC, A, REAL]),      # df < 1, in (1, 2], > 2: nan, inf, finite
    "studentt_default_loc_scale": (lambda L, df, v: D(L).StudentT(df).log_prob(v), [B * 3, REAL]),
    # Gamma family
    "gamma": (lambda L, c, r, v: (D(L).Gamma(c, r).log_prob(v), D(L).Gamma(c, r).entropy(),
                                  D(L).Gamma(c, r).mode, *_moments(D(L).Gamma(c, r))), [A * 2, B, POS]),
    "gamma_cdf": (lambda L, c, r, v: (D(L).Gamma(c, r).cdf(v), D(L).Chi2(c).cdf(v)), [A * 2, B, POS * 3]),
    "chi2": (lambda L, df, v: (D(L).Chi2(df).log_prob(v), D(L).Chi2(df).entropy(), D(L).Chi2(df).mean),
             [A * 3, POS]),
    "beta": (lambda L, a, b, v: (D(L).Beta(a, b).log_prob(v), D(L).Beta(a, b).entropy(),
                                 *_moments(D(L).Beta(a, b))), [A, B, U01]),
    "beta_mode": (lambda L, a, b: D(L).Beta(a, b).mode, [A + 1.2, B + 1.1]),
    "dirichlet": (lambda L, c, v: (D(L).Dirichlet(c).log_prob(v), D(L).Dirichlet(c).entropy(),
                                   *_moments(D(L).Dirichlet(c))), [np.abs(rand(2, 4, seed=17)) + 0.3,
                                                                    _simplex(5, 1, 4, seed=18)]),
    "dirichlet_mode": (lambda L, c: D(L).Dirichlet(c).mode, [np.abs(rand(2, 4, seed=17)) + 1.3]),
    "dirichlet_mode_small": (lambda L, c: (D(L).Dirichlet(c).mode, D(L).Beta(c[:, 0], c[:, 1]).mode),
                             [np.array([[0.5, 0.9, 0.3], [2.0, 3.0, 0.5], [0.2, 0.8, 1.5]])]),
    # discrete
    "poisson": (lambda L, r, k: (D(L).Poisson(r).log_prob(k), D(L).Poisson(r).mean, D(L).Poisson(r).mode),
                [A * 3, np.floor(POS * 3)]),
    "binomial_probs": (lambda L, n, p, k: (D(L).Binomial(n, probs=p).log_prob(k), D(L).Binomial(n, probs=p).mode,
                                           *_moments(D(L).Binomial(n, probs=p))),
                       [np.array([5.0, 7.0, 9.0]), U01[0], np.array([[0.0, 3.0, 9.0], [5.0, 1.0, 2.0]])]),
    "binomial_logits": (lambda L, p, k: (D(L).Binomial(6, logits=p).log_prob(k), D(L).Binomial(6, logits=p).entropy(),
                                         D(L).Binomial(6, logits=p).probs), [LOC, np.array([0.0, 3.0, 6.0])]),
    "onehot": (lambda L, lg, v: (D(L).OneHotCategorical(logits=lg).log_prob(v), D(L).OneHotCategorical(logits=lg).entropy(),
                                 D(L).OneHotCategorical(logits=lg).mean, D(L).OneHotCategorical(logits=lg).variance,
                                 D(L).OneHotCategorical(logits=lg).mode),
               [rand(2, 4, seed=19), np.eye(4)[[[1], [3]]]]),
    "bernoulli_mode_enumerate": (lambda L, p: (D(L).Bernoulli(probs=p).mode, D(L).Bernoulli(probs=p).enumerate_support()),
                                 [np.array([0.2, 0.7])]),
    "geometric": (lambda L, p, k: (D(L).Geometric(probs=p).log_prob(k), D(L).Geometric(probs=p).entropy(),
                                   D(L).Geometric(probs=p).mode, *_moments(D(L).Geometric(probs=p))),
                  [U01[0], np.floor(POS * 3)]),
    "geometric_logits": (lambda L, lg, k: (D(L).Geometric(logits=lg).log_prob(k), D(L).Geometric(logits=lg).entropy(),
                                           D(L).Geometric(logits=lg).mean), [LOC, np.floor(POS * 3)]),
    "multinomial": (lambda L, lg, x: (D(L).Multinomial(6, logits=lg).log_prob(x), D(L).Multinomial(6, logits=lg).mean,
                                      D(L).Multinomial(6, logits=lg).variance),
                    [rand(2, 3, seed=43), np.array([[[1.0, 2.0, 3.0]], [[0.0, 0.0, 6.0]], [[2.0, 2.0, 2.0]]])]),
    "multinomial_probs": (lambda L, p, x: D(L).Multinomial(3, probs=p).log_prob(x),
                          [np.array([0.5, 0.0, 0.5]), np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 0.0]])]),
    "negative_binomial": (lambda L, n, p, k: (D(L).NegativeBinomial(n, probs=p).log_prob(k),
                                              D(L).NegativeBinomial(n, probs=p).mode,
                                              *_moments(D(L).NegativeBinomial(n, probs=p))),
                          [np.array([0.0, 2.5, 7.0]), U01[0], np.floor(POS * 3)]),     # n = 0 included
    "negative_binomial_logits": (lambda L, n, lg, k: D(L).NegativeBinomial(n, logits=lg).log_prob(k),
                                 [B * 3, LOC, np.floor(POS * 3)]),
    "weibull": (lambda L, s, c, v, u: (D(L).Weibull(s, c).log_prob(v), D(L).Weibull(s, c).cdf(v),
                                       D(L).Weibull(s, c).icdf(u), D(L).Weibull(s, c).entropy(),
                                       *_moments(D(L).Weibull(s, c))), [A, B * 2, POS, U01]),
    "weibull_mode": (lambda L, s, c: D(L).Weibull(s, c).mode, [A, B + 1]),
    "pareto": (lambda L, s, a, v, u: (D(L).Pareto(s, a).log_prob(v + s), D(L).Pareto(s, a).cdf(v + s),
                                      D(L).Pareto(s, a).icdf(u), D(L).Pareto(s, a).entropy(), D(L).Pareto(s, a).mode,
                                      *_moments(D(L).Pareto(s, a))),
               [A, np.array([0.7, 1.5, 3.5]), POS, U01]),        # alpha <= 1, in (1, 2], > 2: inf mean / variance
    "half_normal": (lambda L, s, v, u: (D(L).HalfNormal(s).log_prob(v), D(L).HalfNormal(s).cdf(v),
                                        D(L).HalfNormal(s).icdf(u), D(L).HalfNormal(s).entropy(), D(L).HalfNormal(s).mode,
                                        *_moments(D(L).HalfNormal(s))), [A, POS, U01]),
    "gumbel": (lambda L, m, s, v, u: (D(L).Gumbel(m, s).log_prob(v), D(L).Gumbel(m, s).cdf(v),
                                      D(L).Gumbel(m, s).icdf(u), D(L).Gumbel(m, s).entropy(), D(L).Gumbel(m, s).mode,
                                      *_moments(D(L).Gumbel(m, s))), [LOC, B, REAL, U01]),
    "mixture_normal": (lambda L, lg, m, s, v: (
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Normal(m, s)).log_prob(v),
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Normal(m, s)).cdf(v),
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Normal(m, s)).mean,
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Normal(m, s)).variance),
        [rand(2, 3, seed=44), LOC, A, rand(4, 2, seed=45)]),
    "mixture_mvn": (lambda L, lg, m, s, v: (
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Independent(D(L).Normal(m, s), 1)).log_prob(v),
        D(L).MixtureSameFamily(D(L).Categorical(logits=lg), D(L).Independent(D(L).Normal(m, s), 1)).variance),
        [rand(2, seed=46), LOC, A, rand(5, 3, seed=47)]),
    # relaxed (Concrete / Gumbel-softmax)
    "relaxed_bernoulli": (lambda L, t, lg, v: D(L).RelaxedBernoulli(t, logits=lg).log_prob(v),
                          [np.array([0.7]), LOC, U01]),
    "relaxed_bernoulli_probs": (lambda L, t, p, v: D(L).RelaxedBernoulli(t, probs=p).log_prob(v),
                                [np.array(0.4), U01[1], U01]),
    "relaxed_onehot": (lambda L, t, lg, v: D(L).RelaxedOneHotCategorical(t, logits=lg).log_prob(v),
                       [np.array([0.6]), rand(2, 4, seed=20), _simplex(3, 1, 4, seed=21)]),
    # multivariate normal, each parameterisation; batch (2,) from loc against one matrix and vice versa
    "mvn_cov": (lambda L, m, c, v: (D(L).MultivariateNormal(m, covariance_matrix=c).log_prob(v),
                                    D(L).MultivariateNormal(m, covariance_matrix=c).entropy(),
                                    D(L).MultivariateNormal(m, covariance_matrix=c).variance,
                                    D(L).MultivariateNormal(m, covariance_matrix=c).scale_tril),
                [rand(2, 3, seed=22), _spd(3, seed=23), rand(4, 1, 3, seed=24)]),
    "mvn_tril": (lambda L, m, s, v: (D(L).MultivariateNormal(m, scale_tril=s).log_prob(v),
                                     D(L).MultivariateNormal(m, scale_tril=s).entropy(),
                                     D(L).MultivariateNormal(m, scale_tril=s).covariance_matrix,
                                     D(L).MultivariateNormal(m, scale_tril=s).precision_matrix),
                 [rand(3, seed=25), np.linalg.cholesky(_spd(3, (2,), seed=26)), rand(4, 2, 3, seed=27)]),
    "mvn_precision": (lambda L, m, p, v: (D(L).MultivariateNormal(m, precision_matrix=p).log_prob(v),
                                          D(L).MultivariateNormal(m, precision_matrix=p).covariance_matrix),
                      [rand(2, 3, seed=28), _spd(3, (2,), seed=29), rand(2, 3, seed=30)]),
    # transformed: a tanh-squashed Gaussian (as in SAC), exp of a Normal, a flipped affine map (cdf/icdf)
    "tanh_normal": (lambda L, m, s, v: D(L).TransformedDistribution(
        D(L).Normal(m, s), [D(L).AffineTransform(0.5, 2.0), D(L).TanhTransform()]).log_prob(v),
        [LOC, B, (U01 - 0.5) * 1.8]),
    "exp_normal": (lambda L, m, s, v: (D(L).TransformedDistribution(D(L).Normal(m, s), D(L).ExpTransform()).log_prob(v),
                                       D(L).TransformedDistribution(D(L).Normal(m, s), D(L).ExpTransform()).cdf(v)),
                   [LOC, B, POS]),
    "affine_flip": (lambda L, m, s, v, u: (
        D(L).TransformedDistribution(D(L).Laplace(m, s), D(L).AffineTransform(1.0, -3.0)).log_prob(v),
        D(L).TransformedDistribution(D(L).Laplace(m, s), D(L).AffineTransform(1.0, -3.0)).cdf(v),
        D(L).TransformedDistribution(D(L).Laplace(m, s), D(L).AffineTransform(1.0, -3.0)).icdf(u)), [LOC, B, REAL, U01]),
    "sigmoid_power": (lambda L, m, s, v: D(L).TransformedDistribution(
        D(L).Normal(m, s), D(L).ComposeTransform([D(L).SigmoidTransform(), D(L).PowerTransform(2.0)])).log_prob(v),
        [LOC, B, U01]),
    "affine_event_dim": (lambda L, m, s, sc, v: D(L).TransformedDistribution(
        D(L).Normal(m, s), D(L).AffineTransform(0.0, sc, event_dim=1)).log_prob(v), [LOC, B, B + 1, REAL]),
    "independent_normal": (lambda L, m, s, v: (D(L).Independent(D(L).Normal(m, s), 1).log_prob(v),
                                               D(L).Independent(D(L).Normal(m, s), 2).entropy(),
                                               D(L).Independent(D(L).Normal(m, s), 1).mean), [LOC, B, REAL]),
}

_P2 = lambda L, a, b: (D(L).Normal(a, b), D(L).Normal(b, a))   # noqa: E731
KL_CASES = {
    "normal": (lambda L, a, b, c, d: (D(L).Normal(a, b), D(L).Normal(c, d)), [LOC, A, rand(3, seed=31), B]),
    "lognormal": (lambda L, a, b, c, d: (D(L).LogNormal(a, b), D(L).LogNormal(c, d)), [LOC, A, rand(3, seed=31), B]),
    "bernoulli": (lambda L, a, b: (D(L).Bernoulli(logits=a), D(L).Bernoulli(probs=b)), [LOC, U01[2]]),
    "binomial": (lambda L, a, b: (D(L).Binomial(4, logits=a), D(L).Binomial(4, probs=b)), [LOC, U01[2]]),
    "categorical": (lambda L, a, b: (D(L).Categorical(logits=a), D(L).Categorical(probs=b)),
                    [rand(2, 4, seed=32), np.abs(rand(4, seed=33)) + 0.1]),
    "onehot": (lambda L, a, b: (D(L).OneHotCategorical(logits=a), D(L).OneHotCategorical(logits=b)),
               [rand(2, 4, seed=32), rand(4, seed=33)]),
    "beta": (lambda L, a, b, c, d: (D(L).Beta(a, b), D(L).Beta(c, d)), [A, B, A[::-1].copy(), B + 0.5]),
    "gamma": (lambda L, a, b, c, d: (D(L).Gamma(a, b), D(L).Gamma(c, d)), [A, B, A[::-1].copy(), B + 0.5]),
    "exponential": (lambda L, a, b: (D(L).Exponential(a), D(L).Exponential(b)), [A, B]),
    "laplace": (lambda L, a, b, c, d: (D(L).Laplace(a, b), D(L).Laplace(c, d)), [LOC, A, rand(3, seed=31), B]),
    "uniform": (lambda L, a, b, c, d: (D(L).Uniform(a, a + b), D(L).Uniform(c, c + d)),
                [np.array([0.0, 0.5, -1.0]), np.array([1.0, 0.4, 3.0]), np.array([-0.5, 0.7, -0.2]),
                 np.array([2.0, 1.0, 0.5])]),           # inside, q starts after p, q ends before p
    "poisson": (lambda L, a, b: (D(L).Poisson(a), D(L).Poisson(b)), [A, B]),
    "dirichlet": (lambda L, a, b: (D(L).Dirichlet(a), D(L).Dirichlet(b)),
                  [np.abs(rand(2, 4, seed=34)) + 0.3, np.abs(rand(4, seed=35)) + 0.3]),
    "mvn": (lambda L, m1, c1, m2, s2: (D(L).MultivariateNormal(m1, covariance_matrix=c1),
                                        D(L).MultivariateNormal(m2, scale_tril=s2)),
            [rand(2, 3, seed=36), _spd(3, seed=37), rand(3, seed=38), np.linalg.cholesky(_spd(3, (2,), seed=39))]),
    "geometric": (lambda L, a, b: (D(L).Geometric(probs=a), D(L).Geometric(logits=b)), [U01[0], LOC]),
    "half_normal": (lambda L, a, b: (D(L).HalfNormal(a), D(L).HalfNormal(b)), [A, B]),
    "gumbel": (lambda L, a, b, c, d: (D(L).Gumbel(a, b), D(L).Gumbel(c, d)), [LOC, A, rand(3, seed=31), B]),
    "independent": (lambda L, a, b, c, d: (D(L).Independent(D(L).Normal(a, b), 1),
                                           D(L).Independent(D(L).Normal(c, d), 1)), [LOC, A, rand(3, seed=31), B]),
}

NO_GRAD_INPUT = {"gamma_cdf": [0],           # torch has no derivative of gammainc in its first argument
                 "negative_binomial": [0, 2], "negative_binomial_logits": [2],
                 "geometric": [1], "geometric_logits": [1], "multinomial": [1], "multinomial_probs": [1],
                 "poisson": [1], "binomial_probs": [0, 2], "binomial_logits": [1], "onehot": [1],
                 "bernoulli_mode_enumerate": [0]}


@pytest.mark.parametrize("name", sorted(CASES))
def test_distribution_values_and_gradients_match_torch(name, device):
    fn, arrays = CASES[name]
    grad = [a.dtype.kind == "f" and i not in NO_GRAD_INPUT.get(name, []) for i, a in enumerate(arrays)]
    check(fn, *arrays, device=device, grad=grad)


@pytest.mark.parametrize("name", sorted(KL_CASES))
def test_kl_divergence_and_its_gradients_match_torch(name, device):
    make, arrays = KL_CASES[name]
    check(lambda L, *a: D(L).kl_divergence(*make(L, *a)), *arrays, device=device)


@pytest.mark.parametrize("name", sorted(CASES) + ["kl_" + k for k in sorted(KL_CASES)])
def test_float32_values_and_gradients_match_torch(name):
    """The same cases in float32 (realistic precision): outputs and gradients stay float32 and agree with
    torch to float32 accuracy."""
    if name.startswith("kl_"):
        make, arrays = KL_CASES[name[3:]]
        fn, skip = (lambda L, *a: D(L).kl_divergence(*make(L, *a))), []
    else:
        (fn, arrays), skip = CASES[name], NO_GRAD_INPUT.get(name, [])
    arrays = [a.astype(np.float32) if a.dtype.kind == "f" else a for a in arrays]
    grad = [a.dtype.kind == "f" and i not in skip for i, a in enumerate(arrays)]
    check(fn, *arrays, grad=grad, rtol=2e-3, atol=1e-4)


def test_float32_parameters_keep_float32():
    check(lambda L, c, r, v: (D(L).Gamma(c, r).log_prob(v), D(L).Beta(c, r).entropy(),
                              D(L).kl_divergence(D(L).Gamma(c, r), D(L).Gamma(r, c))),
          A.astype(np.float32), B.astype(np.float32), POS.astype(np.float32))


# ------------------------------------------------------------------ rsample gradients

def _upstream(shape, seed=3):
    return np.random.default_rng(seed).standard_normal(shape)


def _grads_both(make_m, torch_map, params, sample_shape=(500,)):
    """Draw with minigrad, recover the noise, push the same noise through torch's map; compare the draws'
    gradients with respect to every parameter under one random upstream gradient."""
    m_in = [minigrad.tensor(p, requires_grad=True) for p in params]
    t_in = [torch.tensor(p, requires_grad=True) for p in params]
    x, noise = make_m(*m_in, sample_shape)
    up = _upstream(tuple(x.shape))
    mg = minigrad.autograd.grad([x], m_in, [minigrad.tensor(up)])
    xt = torch_map(*t_in, torch.tensor(noise))
    np.testing.assert_allclose(xt.detach().numpy(), x.detach().numpy(), rtol=1e-9, atol=1e-9)
    tg = torch.autograd.grad([xt], t_in, [torch.tensor(up)])
    for i, (a, b) in enumerate(zip(mg, tg)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-7, atol=1e-9, err_msg=f"parameter {i}")


def _m_draw(cls, invert):
    def make(*params_and_shape):
        *params, shape = params_and_shape
        x = cls(*params).rsample(shape)
        return x, invert(x.detach().numpy(), *[p.detach().numpy() for p in params])
    return make


RSAMPLE_SAME_NOISE = {
    "normal": (minigrad.distributions.Normal, lambda x, m, s: (x - m) / s, lambda m, s, e: m + s * e, [LOC, B]),
    "laplace": (minigrad.distributions.Laplace, lambda x, m, s: (x - m) / s, lambda m, s, e: m + s * e, [LOC, B]),
    "cauchy": (minigrad.distributions.Cauchy, lambda x, m, s: (x - m) / s, lambda m, s, e: m + s * e, [LOC, B]),
    "lognormal": (minigrad.distributions.LogNormal, lambda x, m, s: (np.log(x) - m) / s,
                  lambda m, s, e: (m + s * e).exp(), [LOC * 0.3, B * 0.3]),
    "exponential": (minigrad.distributions.Exponential, lambda x, r: x * r, lambda r, e: e / r, [A]),
    "uniform": (lambda a, b: minigrad.distributions.Uniform(a, a + b), lambda x, a, b: (x - a) / b,
                lambda a, b, e: a + e * b, [LOC, A]),
}


@pytest.mark.parametrize("name", sorted(RSAMPLE_SAME_NOISE))
def test_rsample_gradient_matches_torch_on_the_same_noise(name):
    cls, invert, tmap, params = RSAMPLE_SAME_NOISE[name]
    _grads_both(_m_draw(cls, invert), tmap, params)


def test_tanh_normal_rsample_gradient_matches_torch():
    def make(m, s, shape):
        d = minigrad.distributions.TransformedDistribution(minigrad.distributions.Normal(m, s),
                                                           [minigrad.distributions.TanhTransform()])
        x = d.rsample(shape)
        return x, (np.arctanh(x.detach().numpy()) - m.detach().numpy()) / s.detach().numpy()
    _grads_both(make, lambda m, s, e: (m + s * e).tanh(), [LOC * 0.3, B * 0.3])


@pytest.mark.parametrize("param", ["scale_tril", "covariance_matrix", "precision_matrix"])
def test_multivariate_normal_rsample_gradient_matches_torch(param):
    loc, cov = rand(2, 3, seed=40), _spd(3, (2,), seed=41)
    mats = {"scale_tril": np.linalg.cholesky(cov), "covariance_matrix": cov, "precision_matrix": np.linalg.inv(cov)}

    def make(m, mat, shape):
        x = minigrad.distributions.MultivariateNormal(m, **{param: mat}).rsample(shape)
        diff = x.detach().numpy() - loc
        return x, np.linalg.solve(np.linalg.cholesky(cov), diff[..., None])[..., 0]

    def tmap(m, mat, eps):
        L = torch.distributions.MultivariateNormal(m, **{param: mat}).scale_tril
        return m + (L @ eps.unsqueeze(-1)).squeeze(-1)
    _grads_both(make, tmap, [loc, mats[param]], sample_shape=(300,))


def test_gamma_implicit_gradient_matches_torch_per_draw():
    """dx/dα of a Gamma draw (torch's implicit reparameterisation) against torch's own formula, on the
    draws minigrad made, over small, moderate and large concentrations; then through rate. torch evaluates
    dx/dα by fitted approximations good to ~5e-4 relative; minigrad sums the series (exact to ~1e-9, see
    the next test), hence rtol 1e-3 here."""
    alpha = np.repeat(np.array([0.05, 0.3, 1.0, 2.5, 9.0, 40.0]), 400)
    x = minigrad.distributions.gamma.standard_gamma(minigrad.tensor(alpha))
    ours = minigrad.distributions.gamma.standard_gamma_grad(minigrad.tensor(alpha), x).numpy()
    ref = torch._standard_gamma_grad(torch.tensor(alpha), torch.tensor(x.numpy())).numpy()
    ok = x.numpy() > 1e-30                                            # torch's formula needs x > 0 in float64
    np.testing.assert_allclose(ours[ok], ref[ok], rtol=2e-3, atol=1e-8)     # (torch's fit: ~1.03e-3 off at α = 9 seen)
    c = minigrad.tensor(A, requires_grad=True)
    r = minigrad.tensor(B, requires_grad=True)
    s = minigrad.distributions.Gamma(c, r).rsample((200,))
    up = _upstream(tuple(s.shape))
    gc, gr = minigrad.autograd.grad([s], [c, r], [minigrad.tensor(up)])
    std = s.detach().numpy() * B                                    # the standard-gamma draws
    dstd = torch._standard_gamma_grad(torch.tensor(np.broadcast_to(A, std.shape).copy()), torch.tensor(std)).numpy()
    np.testing.assert_allclose(gc.numpy(), (up * dstd / B).sum(0), rtol=1e-3, atol=1e-3)
    np.testing.assert_allclose(gr.numpy(), (up * -std / B ** 2).sum((0, 1)), rtol=1e-7)


def test_gamma_implicit_gradient_is_the_exact_derivative():
    """dx/dα = ∂/∂α P⁻¹(α, u) at fixed u = P(α, x): a central difference of SciPy's inverse regularised
    incomplete gamma function, against the series, to 1e-6 relative."""
    sp = pytest.importorskip("scipy.special")
    alpha = np.repeat(np.array([0.05, 0.3, 1.0, 2.5, 9.0, 40.0]), 100)
    x = minigrad.distributions.gamma.standard_gamma(minigrad.tensor(alpha))
    ours = minigrad.distributions.gamma.standard_gamma_grad(minigrad.tensor(alpha), x).numpy()
    xn = x.numpy()
    u, h = sp.gammainc(alpha, xn), 1e-6 * alpha
    fd = (sp.gammaincinv(alpha + h, u) - sp.gammaincinv(alpha - h, u)) / (2 * h)
    ok = (xn > 1e-30) & (u > 1e-12) & (u < 1 - 1e-12)
    assert ok.sum() > 500
    np.testing.assert_allclose(ours[ok], fd[ok], rtol=1e-6)


def test_gamma_cdf_gradient_in_concentration_is_the_exact_derivative():
    """torch cannot differentiate Gamma.cdf in the concentration; minigrad can: against a central
    difference of SciPy's regularised incomplete gamma function."""
    sp = pytest.importorskip("scipy.special")
    c, r, v = A.ravel() * 3, np.resize(B, 6), POS[0].ravel() * 2
    ct = minigrad.tensor(c, requires_grad=True)
    minigrad.distributions.Gamma(ct, minigrad.tensor(r)).cdf(minigrad.tensor(v)).sum().backward()
    h = 1e-6
    fd = (sp.gammainc(c + h, r * v) - sp.gammainc(c - h, r * v)) / (2 * h)
    np.testing.assert_allclose(ct.grad.numpy(), fd, rtol=1e-6, atol=1e-10)


def test_gamma_implicit_gradient_in_chunks_equals_one_pass(monkeypatch):
    alpha = minigrad.tensor(np.repeat(np.array([0.5, 3.0, 20.0]), 50).reshape(3, 50))
    x = minigrad.distributions.gamma.standard_gamma(alpha)
    whole = minigrad.distributions.gamma.standard_gamma_grad(alpha, x).numpy()
    monkeypatch.setattr(minigrad.distributions.gamma, "_CHUNK_NUMBERS", 1000)      # about 10 elements a chunk
    chunked = minigrad.distributions.gamma.standard_gamma_grad(alpha, x).numpy()
    assert chunked.shape == (3, 50)
    np.testing.assert_allclose(chunked, whole, rtol=1e-12)


@pytest.mark.parametrize("name", ["gamma", "beta", "dirichlet", "studentt_df"])
def test_rsample_gradient_is_unbiased_for_the_mean(name):
    """For the draws whose per-draw gradient is not torch's (or not in closed form), the average gradient
    of the draw is the derivative of the mean, within 5 standard errors (n draws, each with its own
    parameter copy so that every draw's gradient is seen)."""
    n = 4000
    dist = minigrad.distributions
    if name == "gamma":
        a = minigrad.full((n,), 1.7, dtype=minigrad.float64, requires_grad=True)
        x, expect = dist.Gamma(a, 2.0).rsample(), 1 / 2.0                            # d(a/r)/da
    elif name == "beta":
        a = minigrad.full((n,), 1.5, dtype=minigrad.float64, requires_grad=True)
        x, expect = dist.Beta(a, 2.5).rsample(), 2.5 / 4.0 ** 2                      # d(a/(a+b))/da
    elif name == "dirichlet":
        a = minigrad.full((n, 3), 1.0, dtype=minigrad.float64)
        a = (a * minigrad.tensor([2.0, 1.0, 0.5], dtype=minigrad.float64)).detach().requires_grad_()
        x, expect = dist.Dirichlet(a).rsample()[:, 0], 1.5 / 3.5 ** 2                # d(a0/Σa)/da0
        x.sum().backward()
        g = a.grad.numpy()[:, 0]
        assert abs(g.mean() - expect) < 5 * g.std() / math.sqrt(n), (g.mean(), expect)
        return
    else:
        a = minigrad.full((n,), 9.0, dtype=minigrad.float64, requires_grad=True)
        x = dist.StudentT(a, 0.0, 1.0).rsample() ** 2
        expect = -2 / (9.0 - 2) ** 2                                                   # d(df/(df-2))/ddf
    x.sum().backward()
    g = a.grad.numpy()
    assert abs(g.mean() - expect) < 5 * g.std() / math.sqrt(n), (g.mean(), expect)


# ------------------------------------------------------------------ statistics of draws

def _ks(samples, cdf):
    """The Kolmogorov-Smirnov distance between the draws and a CDF (a function of sorted values)."""
    s = np.sort(samples)
    f = cdf(s)
    n = len(s)
    return max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))


CONTINUOUS = {
    "normal": lambda L: D(L).Normal(L.tensor([0.5], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "laplace": lambda L: D(L).Laplace(L.tensor([0.5], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "cauchy": lambda L: D(L).Cauchy(L.tensor([0.5], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "exponential": lambda L: D(L).Exponential(L.tensor([1.7], dtype=L.float64)),
    "lognormal": lambda L: D(L).LogNormal(L.tensor([0.2], dtype=L.float64), L.tensor([0.7], dtype=L.float64)),
    "uniform": lambda L: D(L).Uniform(L.tensor([-1.0], dtype=L.float64), L.tensor([3.0], dtype=L.float64)),
    "gamma": lambda L: D(L).Gamma(L.tensor([0.6], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "studentt": lambda L: D(L).StudentT(L.tensor([3.0], dtype=L.float64), L.tensor([0.5], dtype=L.float64),
                                        L.tensor([2.0], dtype=L.float64)),
    "beta": lambda L: D(L).Beta(L.tensor([0.7], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "chi2": lambda L: D(L).Chi2(L.tensor([3.0], dtype=L.float64)),
    "gumbel": lambda L: D(L).Gumbel(L.tensor([0.5], dtype=L.float64), L.tensor([2.0], dtype=L.float64)),
    "weibull": lambda L: D(L).Weibull(L.tensor([1.5], dtype=L.float64), L.tensor([0.8], dtype=L.float64)),
    "pareto": lambda L: D(L).Pareto(L.tensor([1.5], dtype=L.float64), L.tensor([4.5], dtype=L.float64)),
    "half_normal": lambda L: D(L).HalfNormal(L.tensor([1.5], dtype=L.float64)),
    "mixture": lambda L: D(L).MixtureSameFamily(D(L).Categorical(probs=L.tensor([[0.3, 0.7]], dtype=L.float64)),
                                                D(L).Normal(L.tensor([[-2.0, 1.0]], dtype=L.float64),
                                                            L.tensor([[0.5, 1.5]], dtype=L.float64))),
    "tanh_normal": lambda L: D(L).TransformedDistribution(D(L).Normal(L.tensor([0.3], dtype=L.float64),
                                                                      L.tensor([0.8], dtype=L.float64)),
                                                          [D(L).TanhTransform()]),
}
# torch lacks these CDFs; the regularised incomplete gamma / beta give them through torch.special
_GAMMA_CDF = lambda s: torch.special.gammainc(torch.tensor(0.6, dtype=torch.float64), 2.0 * torch.tensor(s)).numpy()  # noqa: E731,E501
_CHI2_CDF = lambda s: torch.special.gammainc(torch.tensor(1.5, dtype=torch.float64), 0.5 * torch.tensor(s)).numpy()  # noqa: E731,E501


def _torch_cdf(name, s):
    if name == "gamma":
        return _GAMMA_CDF(s)
    if name == "chi2":
        return _CHI2_CDF(s)
    if name in ("studentt", "beta"):
        return None
    return CONTINUOUS[name](torch).cdf(torch.tensor(s[:, None])).numpy()[:, 0]


@pytest.mark.parametrize("name", sorted(CONTINUOUS))
def test_draws_follow_the_distribution(name):
    """4000 draws under seed 0: shape, no graph, mean (where finite) within 5 standard errors of torch's
    mean, the variance within 5 of its standard errors, and the KS distance to torch's CDF below the 0.1%
    critical value where torch has the CDF."""
    n = 4000
    minigrad.manual_seed(0)
    d = CONTINUOUS[name](minigrad)
    s = d.sample((n,))
    assert tuple(s.shape) == (n, 1) and not s.requires_grad and s.dtype == minigrad.float64
    x = s.numpy()[:, 0]
    t = CONTINUOUS[name](torch)
    assert np.all(t.support.check(torch.tensor(x)).numpy())
    if name not in ("cauchy", "tanh_normal"):                       # tanh_normal: torch has no mean
        mean, var = float(t.mean), float(t.variance)
        assert abs(x.mean() - mean) < 5 * math.sqrt(var / n), (x.mean(), mean)
        if name != "studentt":                       # StudentT(3) has no fourth moment
            se_var = math.sqrt(np.mean((x - x.mean()) ** 4) - x.var() ** 2) / math.sqrt(n)
            assert abs(x.var() - var) < 5 * se_var, (x.var(), var)
    cdf = _torch_cdf(name, x)
    if cdf is not None:
        assert _ks(x, lambda v: _torch_cdf(name, v)) < 1.95 / math.sqrt(n)


def test_rsample_and_sample_agree_and_rsample_records_a_graph():
    loc = minigrad.tensor([0.0, 1.0], requires_grad=True)
    for d in (minigrad.distributions.Normal(loc, 1.0), minigrad.distributions.Gamma(loc.exp(), 1.0),
              minigrad.distributions.Independent(minigrad.distributions.Laplace(loc, 1.0), 1)):
        assert d.has_rsample and d.rsample((3,)).requires_grad and not d.sample((3,)).requires_grad
    for d in (minigrad.distributions.Poisson(loc.exp()), minigrad.distributions.Categorical(logits=loc)):
        assert not d.has_rsample
        with pytest.raises(NotImplementedError):
            d.rsample()


def test_discrete_draws_follow_their_probabilities():
    n = 6000
    minigrad.manual_seed(0)
    dist = minigrad.distributions
    pois = dist.Poisson(minigrad.tensor([0.7, 4.0], dtype=minigrad.float64)).sample((n,)).numpy()
    assert np.all(pois == np.floor(pois)) and pois.min() >= 0
    np.testing.assert_array_less(np.abs(pois.mean(0) - [0.7, 4.0]), 5 * np.sqrt(np.array([0.7, 4.0]) / n))
    np.testing.assert_array_less(np.abs(pois.var(0) - [0.7, 4.0]), 5 * np.array([0.7, 4.0]) * math.sqrt(2 / n) * 2)
    binom = dist.Binomial(minigrad.tensor([3.0, 10.0]), probs=minigrad.tensor([0.2, 0.6])).sample((n,)).numpy()
    assert np.all(binom <= [3, 10]) and binom.min() >= 0
    mean, var = np.array([0.6, 6.0]), np.array([0.48, 2.4])
    np.testing.assert_array_less(np.abs(binom.mean(0) - mean), 5 * np.sqrt(var / n))
    probs = np.array([0.1, 0.2, 0.7])
    oh = dist.OneHotCategorical(probs=minigrad.tensor(probs)).sample((n,)).numpy()
    assert oh.shape == (n, 3) and np.all(oh.sum(-1) == 1)
    np.testing.assert_array_less(np.abs(oh.mean(0) - probs), 5 * np.sqrt(probs * (1 - probs) / n))
    geo = dist.Geometric(probs=minigrad.tensor([0.3, 0.8])).sample((n,)).numpy()
    mean, var = 1 / np.array([0.3, 0.8]) - 1, (1 / np.array([0.3, 0.8]) - 1) / np.array([0.3, 0.8])
    assert np.all(geo == np.floor(geo)) and geo.min() >= 0
    np.testing.assert_array_less(np.abs(geo.mean(0) - mean), 5 * np.sqrt(var / n))
    nb = dist.NegativeBinomial(minigrad.tensor([2.0, 5.5]), probs=minigrad.tensor([0.3, 0.6])).sample((n,)).numpy()
    t = torch.distributions.NegativeBinomial(torch.tensor([2.0, 5.5]), probs=torch.tensor([0.3, 0.6]))
    assert np.all(nb == np.floor(nb)) and nb.min() >= 0
    np.testing.assert_array_less(np.abs(nb.mean(0) - t.mean.numpy()), 5 * np.sqrt(t.variance.numpy() / n))
    mult = dist.Multinomial(7, probs=minigrad.tensor(probs)).sample((n,)).numpy()
    assert mult.shape == (n, 3) and np.all(mult.sum(-1) == 7)
    np.testing.assert_array_less(np.abs(mult.mean(0) - 7 * probs), 5 * np.sqrt(7 * probs * (1 - probs) / n))
    dir_ = dist.Dirichlet(minigrad.tensor([2.0, 1.0, 0.5], dtype=minigrad.float64)).sample((n,)).numpy()
    np.testing.assert_allclose(dir_.sum(-1), 1, rtol=1e-12)
    m = np.array([2.0, 1.0, 0.5]) / 3.5
    np.testing.assert_array_less(np.abs(dir_.mean(0) - m), 5 * dir_.std(0) / math.sqrt(n))


def test_relaxed_draws_follow_the_gumbel_max_facts():
    """sigmoid((l + Logistic)/T) > ½ exactly when l + Logistic > 0 (probability σ(l)); the argmax of a
    RelaxedOneHotCategorical draw is Categorical(softmax(logits)) (the Gumbel-max trick)."""
    n = 6000
    minigrad.manual_seed(0)
    dist = minigrad.distributions
    lg = np.array([-1.0, 0.3, 2.0])
    rb = dist.RelaxedBernoulli(minigrad.tensor([0.5]), logits=minigrad.tensor(lg)).rsample((n,)).numpy()
    assert rb.min() > 0 and rb.max() < 1
    p = 1 / (1 + np.exp(-lg))
    np.testing.assert_array_less(np.abs((rb > 0.5).mean(0) - p), 5 * np.sqrt(p * (1 - p) / n))
    ro = dist.RelaxedOneHotCategorical(minigrad.tensor([0.3]), logits=minigrad.tensor(lg)).rsample((n,)).numpy()
    np.testing.assert_allclose(ro.sum(-1), 1, rtol=1e-5)
    q = np.exp(lg) / np.exp(lg).sum()
    freq = np.bincount(ro.argmax(-1), minlength=3) / n
    np.testing.assert_array_less(np.abs(freq - q), 5 * np.sqrt(q * (1 - q) / n))
    lg_t = minigrad.tensor(lg, requires_grad=True)
    dist.RelaxedOneHotCategorical(minigrad.tensor([0.3]), logits=lg_t).rsample((4,))[:, 0].sum().backward()
    assert lg_t.grad is not None and np.all(np.isfinite(lg_t.grad.numpy()))


def test_mvn_draws_have_the_covariance():
    n = 6000
    minigrad.manual_seed(0)
    cov = _spd(3, seed=42)
    s = minigrad.distributions.MultivariateNormal(minigrad.tensor([1.0, -2.0, 0.0], dtype=minigrad.float64),
                                                  covariance_matrix=minigrad.tensor(cov)).sample((n,)).numpy()
    sd = np.sqrt(np.diag(cov))
    np.testing.assert_array_less(np.abs(s.mean(0) - [1.0, -2.0, 0.0]), 5 * sd / math.sqrt(n))
    corr = np.corrcoef(s.T)
    np.testing.assert_allclose(corr, cov / np.outer(sd, sd), atol=5 / math.sqrt(n))


def test_draws_are_deterministic_under_the_seed():
    def draw():
        minigrad.manual_seed(7)
        return minigrad.distributions.Gamma(minigrad.tensor([0.5, 3.0]), 1.0).sample((5,)).numpy()
    np.testing.assert_array_equal(draw(), draw())


# ------------------------------------------------------------------ shapes, expand, enumerate_support

@pytest.mark.parametrize("code", [
    "d = lib.distributions.MultivariateNormal(lib.zeros(2, 3), lib.eye(3)); "
    "R = (tuple(d.batch_shape), tuple(d.event_shape), tuple(d.sample((5,)).shape), tuple(d.log_prob(lib.zeros(4, 1, 3)).shape))",
    "d = lib.distributions.Independent(lib.distributions.Normal(lib.zeros(2, 3), 1.0), 1); "
    "R = (tuple(d.batch_shape), tuple(d.event_shape), tuple(d.rsample((4,)).shape))",
    "d = lib.distributions.Dirichlet(lib.ones(2, 4)); R = (tuple(d.batch_shape), tuple(d.event_shape))",
    "d = lib.distributions.Normal(lib.zeros(3), 1.0).expand((2, 3)); "
    "R = (tuple(d.batch_shape), tuple(d.sample((4,)).shape), d.log_prob(lib.zeros(2, 3)))",
    "d = lib.distributions.Bernoulli(probs=lib.tensor([0.3, 0.6])).expand((5, 2)); R = (tuple(d.batch_shape), d.probs)",
    "d = lib.distributions.Categorical(logits=lib.zeros(2, 4)).expand((3, 2)); R = (tuple(d.batch_shape), d.logits, "
    "tuple(d.param_shape), d.probs, d.log_prob(lib.tensor([[1], [3], [0]])), tuple(d.sample((5,)).shape))",
    "d = lib.distributions.Binomial(4, logits=lib.zeros(2)).expand((3, 2)); R = (tuple(d.param_shape), d.probs, "
    "d.log_prob(lib.ones(3, 2)), d.mean)",
    "d = lib.distributions.Dirichlet(lib.ones(4)).expand((3,)); R = (tuple(d.batch_shape), d.concentration, "
    "tuple(d.sample((2,)).shape))",
    "d = lib.distributions.Independent(lib.distributions.Normal(lib.zeros(3), 1.0), 1).expand((2,)); "
    "R = (tuple(d.batch_shape), tuple(d.event_shape), d.log_prob(lib.ones(2, 3)))",
    "d = lib.distributions.LogNormal(lib.zeros(3), 1.0).expand((2, 3)); R = (tuple(d.batch_shape), d.log_prob(lib.ones(2, 3)))",
    "d = lib.distributions.MultivariateNormal(lib.zeros(3), lib.eye(3)).expand((2,)); "
    "R = (tuple(d.batch_shape), d.covariance_matrix, d.log_prob(lib.ones(3)))",
    "d = lib.distributions.Gamma(lib.ones(3), 2.0).expand((2, 3)); R = d.log_prob(lib.ones(2, 3))",
    "R = lib.distributions.Categorical(probs=lib.ones(2, 3) / 3).enumerate_support()",
    "R = lib.distributions.Categorical(probs=lib.ones(2, 3) / 3).enumerate_support(expand=False)",
    "R = lib.distributions.OneHotCategorical(probs=lib.ones(2, 3) / 3).enumerate_support()",
    "R = lib.distributions.Binomial(3, probs=lib.tensor([0.2, 0.5])).enumerate_support()",
    "R = lib.distributions.Bernoulli(probs=lib.tensor([0.2, 0.5])).enumerate_support(expand=False)",
    "d = lib.distributions.Independent(lib.distributions.Bernoulli(lib.ones(2) / 2), 1); R = d.has_enumerate_support",
    "R = [lib.distributions.Normal(0., 1.).has_rsample, lib.distributions.Gamma(1., 1.).has_rsample, "
    "lib.distributions.Poisson(1.).has_rsample, lib.distributions.Bernoulli(0.5).has_enumerate_support]",
    "R = lib.distributions.Uniform(0., 2.).log_prob(lib.tensor([2.0, 0.0]))",
    "R = (lib.distributions.Cauchy(0., 1.).mean, lib.distributions.Cauchy(0., 1.).variance, "
    "lib.distributions.Uniform(0., 1.).mode, lib.distributions.Categorical(lib.ones(2, 3)).mean)",
    "R = lib.distributions.Bernoulli(probs=lib.tensor([0.5])).mode",
    "u = lib.distributions.utils; p = lib.tensor([[0.2, 0.8], [0.5, 0.5]]); R = (u.probs_to_logits(p), "
    "u.probs_to_logits(p, is_binary=True), u.logits_to_probs(p), u.logits_to_probs(p * 0, is_binary=True), "
    "u.broadcast_all(p, 1.0)[1], u.clamp_probs(lib.tensor([0.0, 1.0])))",
    "d = lib.distributions.TransformedDistribution(lib.distributions.Normal(lib.zeros(2, 3), 1.0), "
    "lib.distributions.AffineTransform(0.0, 2.0, event_dim=1)); R = (tuple(d.batch_shape), tuple(d.event_shape), "
    "tuple(d.sample((4,)).shape), d.has_rsample)",
    "d = lib.distributions.TransformedDistribution(lib.distributions.Normal(lib.zeros(3), 1.0), "
    "[lib.distributions.TanhTransform()]).expand((2, 3)); R = (tuple(d.batch_shape), d.log_prob(lib.zeros(2, 3)))",
    "t = lib.distributions.ExpTransform(); R = (t.inv(t(lib.tensor([0.5]))), t.inv.inv(lib.tensor([0.5])), "
    "t.inv.log_abs_det_jacobian(lib.tensor([2.0]), lib.tensor([0.5 ** 0.5])), t.sign)",
    "R = [lib.distributions.constraints.positive.check(lib.tensor([1.0, 0.0, -1.0])), "
    "lib.distributions.constraints.simplex.check(lib.tensor([[0.5, 0.5], [0.6, 0.6]])), "
    "lib.distributions.constraints.integer_interval(0, 3).check(lib.tensor([0.0, 2.5, 3.0, 4.0])), "
    "lib.distributions.constraints.lower_cholesky.check(lib.tensor([[[1.0, 0.0], [2.0, 1.0]], [[1.0, 1.0], [0.0, 1.0]]])), "
    "lib.distributions.constraints.positive_definite.check(lib.tensor([[[2.0, 1.0], [1.0, 2.0]], [[1.0, 2.0], [2.0, 1.0]]])), "
    "lib.distributions.constraints.unit_interval.check(lib.tensor([0.0, 1.0, 1.5])), "
    "lib.distributions.constraints.boolean.check(lib.tensor([0.0, 1.0, 0.5])), "
    "lib.distributions.constraints.nonnegative_integer.check(lib.tensor([0.0, 3.0, -1.0, 1.5])), "
    "lib.distributions.constraints.interval(0.0, 1.0).check(lib.tensor([-0.1, 0.5])), "
    "lib.distributions.constraints.greater_than(2.0).check(lib.tensor([2.0, 3.0])), "
    "lib.distributions.constraints.real.check(lib.tensor([1.0, float('nan')])), "
    "lib.distributions.constraints.independent(lib.distributions.constraints.positive, 1).check(lib.ones(2, 3)), "
    "lib.distributions.constraints.one_hot.check(lib.tensor([[0.0, 1.0], [1.0, 1.0]]))]",
    "R = [repr(c) for c in (lib.distributions.constraints.positive, lib.distributions.constraints.real, "
    "lib.distributions.constraints.unit_interval, lib.distributions.constraints.simplex)]",
    "R = [c.event_dim for c in (lib.distributions.constraints.positive, lib.distributions.constraints.simplex, "
    "lib.distributions.constraints.lower_cholesky, lib.distributions.constraints.real_vector)] + "
    "[lib.distributions.constraints.nonnegative_integer.is_discrete, lib.distributions.constraints.real.is_discrete]",
])
def test_shapes_and_small_facts_as_torch(code):
    from helpers import check_value_as_torch
    check_value_as_torch(code)


# ------------------------------------------------------------------ validation

BAD = [
    ("lib.distributions.Normal(0., -1.)", "Normal", "scale"),
    ("lib.distributions.Normal(lib.tensor([0.0, float('nan')]), 1.0)", "Normal", "loc"),
    ("lib.distributions.Uniform(0., 2.).log_prob(lib.tensor([3.]))", "Uniform", "support"),
    ("lib.distributions.Uniform(2., 1.)", "Uniform", "low"),
    ("lib.distributions.Normal(lib.zeros(2), lib.ones(2)).log_prob(lib.zeros(3))", "Normal", "broadcastable"),
    ("lib.distributions.Gamma(lib.tensor([1.0, -2.0]), 1.0)", "Gamma", "concentration"),
    ("lib.distributions.Gamma(1.0, 0.0)", "Gamma", "rate"),
    ("lib.distributions.Gamma(1.0, 1.0).log_prob(lib.tensor([-1.0]))", "Gamma", "support"),
    ("lib.distributions.Beta(1.0, -1.0)", "Beta", "concentration0"),
    ("lib.distributions.Beta(1.0, 2.0).log_prob(lib.tensor([1.5]))", "Beta", "support"),
    ("lib.distributions.Exponential(lib.tensor([-1.0]))", "Exponential", "rate"),
    ("lib.distributions.Exponential(1.0).log_prob(lib.tensor([-1.0]))", "Exponential", "support"),
    ("lib.distributions.Poisson(-1.0)", "Poisson", "rate"),
    ("lib.distributions.Poisson(2.0).log_prob(lib.tensor([1.5]))", "Poisson", "support"),
    ("lib.distributions.Laplace(0.0, -2.0)", "Laplace", "scale"),
    ("lib.distributions.Cauchy(0.0, 0.0)", "Cauchy", "scale"),
    ("lib.distributions.StudentT(-1.0)", "StudentT", "df"),
    ("lib.distributions.Bernoulli(probs=lib.tensor([1.5]))", "Bernoulli", "probs"),
    ("lib.distributions.Bernoulli(probs=lib.tensor([0.5])).log_prob(lib.tensor([0.5]))", "Bernoulli", "support"),
    ("lib.distributions.Bernoulli(probs=lib.ones(2) / 2, logits=lib.ones(2))", "Bernoulli", "probs"),
    ("lib.distributions.Categorical(probs=lib.tensor([0.5, -0.5]))", "Categorical", "probs"),
    ("lib.distributions.Categorical(probs=lib.tensor([0.5, 0.5])).log_prob(lib.tensor([2]))", "Categorical", "support"),
    ("lib.distributions.Categorical(probs=lib.ones(2) / 2, logits=lib.ones(2))", "Categorical", "probs"),
    ("lib.distributions.Binomial(3, probs=lib.tensor([0.5])).log_prob(lib.tensor([4.0]))", "Binomial", "support"),
    ("lib.distributions.Binomial(lib.tensor([2.5]), probs=lib.tensor([0.5]))", "Binomial", "total_count"),
    ("lib.distributions.Dirichlet(lib.tensor([1.0, 0.0]))", "Dirichlet", "concentration"),
    ("lib.distributions.Dirichlet(lib.tensor([1.0, 2.0])).log_prob(lib.tensor([0.5, 0.6]))", "Dirichlet", "support"),
    ("lib.distributions.Dirichlet(lib.ones(3)).log_prob(lib.ones(2) / 2)", "Dirichlet", "event_shape"),
    ("lib.distributions.OneHotCategorical(probs=lib.ones(3) / 3).log_prob(lib.tensor([1.0, 1.0, 0.0]))",
     "OneHotCategorical", "support"),
    ("lib.distributions.MultivariateNormal(lib.zeros(2), lib.tensor([[1.0, 2.0], [2.0, 1.0]]))",
     "MultivariateNormal", "covariance_matrix"),
    ("lib.distributions.MultivariateNormal(lib.zeros(2), scale_tril=lib.tensor([[1.0, 1.0], [0.0, 1.0]]))",
     "MultivariateNormal", "scale_tril"),
    ("lib.distributions.MultivariateNormal(lib.zeros(2), precision_matrix=-lib.eye(2))",
     "MultivariateNormal", "precision_matrix"),
    ("lib.distributions.MultivariateNormal(lib.zeros(2))", "MultivariateNormal", "exactly one"),
    ("lib.distributions.MultivariateNormal(lib.zeros(2), lib.eye(2)).log_prob(lib.zeros(3))",
     "MultivariateNormal", "event_shape"),
    ("lib.distributions.LogNormal(0.0, 1.0).log_prob(lib.tensor([-1.0]))", "LogNormal", "support"),
    ("lib.distributions.RelaxedBernoulli(lib.tensor(0.5), probs=lib.tensor([0.3])).log_prob(lib.tensor([1.5]))",
     "RelaxedBernoulli", "support"),
    ("lib.distributions.TransformedDistribution(lib.distributions.Normal(0.0, 1.0), "
     "lib.distributions.SigmoidTransform()).log_prob(lib.tensor([1.5]))", "TransformedDistribution", "support"),
    ("lib.distributions.Geometric(probs=lib.tensor([0.0, 0.5]))", "Geometric", "probs"),
    ("lib.distributions.Geometric(probs=lib.tensor([0.5])).log_prob(lib.tensor([-1.0]))", "Geometric", "support"),
    ("lib.distributions.HalfNormal(lib.tensor([-1.0]))", "Normal", "scale"),
    ("lib.distributions.HalfNormal(1.0).log_prob(lib.tensor([-1.0]))", "HalfNormal", "support"),
    ("lib.distributions.Gumbel(0.0, -1.0)", "Gumbel", "scale"),
    ("lib.distributions.NegativeBinomial(-1.0, probs=lib.tensor([0.5]))", "NegativeBinomial", "total_count"),
    ("lib.distributions.NegativeBinomial(2.0, probs=lib.tensor([1.0]))", "NegativeBinomial", "probs"),
    ("lib.distributions.Weibull(1.0, -1.0)", "Weibull", "concentration"),
    ("lib.distributions.Pareto(2.0, 1.0).log_prob(lib.tensor([1.0]))", "Pareto", "support"),
    ("lib.distributions.Multinomial(3, probs=lib.tensor([0.5, 0.5])).log_prob(lib.tensor([2.0, 2.0]))",
     "Multinomial", "support"),
    ("lib.distributions.MixtureSameFamily(lib.distributions.Categorical(logits=lib.zeros(3)), "
     "lib.distributions.Normal(lib.zeros(2), 1.0))", "MixtureSameFamily", "component"),
    ("lib.distributions.Normal(lib.zeros(2), lib.ones(3))", "", "(2,)"),
    ("lib.distributions.Gamma(lib.ones(2, 3), lib.ones(4, 1, 2))", "", "(4, 1, 2)"),
    ("lib.distributions.Normal([0.0, 1.0], 1.0)", "", "list"),
    ("lib.distributions.Independent(lib.distributions.Normal(lib.zeros(2), 1.0), 2)", "Independent",
     "reinterpreted_batch_ndims"),
]


@pytest.mark.parametrize("code,dist,word", BAD, ids=[b[0][18:60] for b in BAD])
def test_validation_errors_as_torch(code, dist, word):
    """torch and minigrad both refuse, with the same exception class; minigrad's message names the
    distribution and the argument (or the support / shape that is wrong)."""
    from helpers import run_call
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == "error", f"torch accepted {code}"
    assert mk == "error", f"minigrad accepted {code}: {m!r}"
    assert type(m) is type(t), f"{code}: minigrad {m!r} vs torch {t!r}"
    assert dist in str(m) and word.lower() in str(m).lower(), str(m)


def test_validation_can_be_turned_off_as_in_torch():
    for L in (torch, minigrad):
        d = D(L).Normal(0.0, -1.0, validate_args=False)
        assert float(d.scale) == -1.0
        assert math.isinf(float(D(L).Uniform(0.0, 2.0, validate_args=False).log_prob(L.tensor(3.0))))
        D(L).Distribution.set_default_validate_args(False)
        try:
            D(L).Normal(0.0, -1.0)
            D(L).Gamma(-1.0, 1.0).log_prob(L.tensor(-2.0))
        finally:
            D(L).Distribution.set_default_validate_args(True)
        with pytest.raises(ValueError):
            D(L).Normal(0.0, -1.0)


def test_kl_registry_as_torch():
    dist = minigrad.distributions
    with pytest.raises(NotImplementedError, match="Categorical"):
        dist.kl_divergence(dist.Categorical(minigrad.ones(2)), dist.Normal(0.0, 1.0))
    with pytest.raises(NotImplementedError):
        torch.distributions.kl_divergence(torch.distributions.Categorical(torch.ones(2)),
                                          torch.distributions.Normal(0.0, 1.0))

    class Wide(dist.Normal):
        pass

    assert float(dist.kl_divergence(Wide(0.0, 1.0), dist.Normal(1.0, 1.0))) == pytest.approx(0.5)  # inherited

    @dist.register_kl(Wide, dist.Normal)
    def _kl_wide(p, q):
        return p.loc * 0 + 42.0

    assert float(dist.kl_divergence(Wide(0.0, 1.0), dist.Normal(1.0, 1.0))) == 42.0            # the more specific
    assert float(dist.kl_divergence(dist.Normal(0.0, 1.0), dist.Normal(1.0, 1.0))) == pytest.approx(0.5)
    with pytest.raises(TypeError):
        dist.register_kl("Normal", dist.Normal)


def test_import_paths_scripts_use():
    from minigrad.distributions import Normal, kl_divergence  # noqa: F401
    from minigrad.distributions.normal import Normal as N2
    from minigrad.distributions.kl import kl_divergence as kl2, register_kl  # noqa: F401
    from minigrad.distributions.multivariate_normal import MultivariateNormal  # noqa: F401
    from minigrad.distributions.independent import Independent  # noqa: F401
    from minigrad.distributions import constraints  # noqa: F401
    from minigrad.distributions.constraints import positive  # noqa: F401
    from minigrad.distributions.utils import probs_to_logits, logits_to_probs, broadcast_all  # noqa: F401
    assert N2 is Normal and kl2 is kl_divergence
    names = ["MultivariateNormal", "Independent", "Beta", "Gamma", "Exponential", "Poisson", "Laplace", "LogNormal",
             "Dirichlet", "Binomial", "OneHotCategorical", "StudentT", "Cauchy", "RelaxedBernoulli",
             "RelaxedOneHotCategorical", "Chi2", "Normal", "Uniform", "Bernoulli", "Categorical", "Geometric",
             "Multinomial", "HalfNormal", "Gumbel", "MixtureSameFamily", "TransformedDistribution",
             "NegativeBinomial", "Weibull", "Pareto"]
    for n in names:
        assert issubclass(getattr(minigrad.distributions, n), minigrad.distributions.Distribution), n
        assert hasattr(torch.distributions, n), n


def test_reference_mode_gives_the_same_values():
    from helpers import both_modes
    c = minigrad.tensor(A)

    def fn():
        d = minigrad.distributions.Gamma(c, 2.0)
        return d.sample((3,)).numpy(), d.log_prob(minigrad.tensor(POS)).numpy(), \
            minigrad.distributions.kl_divergence(d, minigrad.distributions.Gamma(2.0, c)).numpy()
    a, b = both_modes(fn)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-12)
