"""minigrad.distributions against torch.distributions: densities, entropies, moments, KL (values and
gradients with respect to the parameters), and the shapes and statistics of draws."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

LOC, SCALE = rand(2, 3, seed=1), np.abs(rand(2, 3, seed=2)) + 0.3


def D(L):
    return L.distributions


CASES = {
    "normal_log_prob": (lambda L, m, s, v: D(L).Normal(m, s).log_prob(v), [LOC, SCALE, rand(4, 2, 3, seed=3)]),
    "normal_entropy": (lambda L, m, s: D(L).Normal(m, s).entropy(), [LOC, SCALE]),
    "normal_cdf": (lambda L, m, s, v: D(L).Normal(m, s).cdf(v), [LOC, SCALE, rand(2, 3, seed=3)]),
    "normal_icdf": (lambda L, m, s, v: D(L).Normal(m, s).icdf(v), [LOC, SCALE, np.abs(rand(2, 3, seed=3)) / 2.5]),
    "normal_moments": (lambda L, m, s: (D(L).Normal(m, s).mean, D(L).Normal(m, s).variance,
                                        D(L).Normal(m, s).stddev), [LOC, SCALE]),
    "normal_broadcast_scalar": (lambda L, m: D(L).Normal(m, 2.0).log_prob(m * 0.5), [LOC]),
    "uniform": (lambda L, a, b, v: (D(L).Uniform(a, a + b).log_prob(a + b * v), D(L).Uniform(a, a + b).entropy(),
                                    D(L).Uniform(a, a + b).mean, D(L).Uniform(a, a + b).variance),
                [LOC, SCALE, np.abs(rand(2, 3, seed=4)) / 2.5]),
    "bernoulli_probs": (lambda L, p, v: (D(L).Bernoulli(probs=p).log_prob(v), D(L).Bernoulli(probs=p).entropy(),
                                         D(L).Bernoulli(probs=p).logits),
                        [np.abs(rand(2, 3, seed=5)) / 2.2 + 0.05, (rand(2, 3, seed=6) > 0).astype(np.float64)]),
    "bernoulli_logits": (lambda L, lg, v: (D(L).Bernoulli(logits=lg).log_prob(v), D(L).Bernoulli(logits=lg).entropy(),
                                           D(L).Bernoulli(logits=lg).probs, D(L).Bernoulli(logits=lg).variance),
                         [rand(2, 3, seed=5), (rand(2, 3, seed=6) > 0).astype(np.float64)]),
    "categorical_logits": (lambda L, lg, v: (D(L).Categorical(logits=lg).log_prob(v),
                                             D(L).Categorical(logits=lg).entropy(), D(L).Categorical(logits=lg).probs),
                           [rand(2, 4, seed=7), np.array([[3, 0], [1, 2]])]),
    "categorical_probs": (lambda L, p, v: (D(L).Categorical(probs=p).log_prob(v), D(L).Categorical(probs=p).entropy(),
                                           D(L).Categorical(probs=p).logits),
                          [np.abs(rand(2, 4, seed=7)) + 0.1, np.array([3, 0])]),
    "kl_normal": (lambda L, a, b, c, d: D(L).kl_divergence(D(L).Normal(a, b), D(L).Normal(c, d)),
                  [LOC, SCALE, rand(2, 3, seed=8), SCALE[::-1].copy()]),
    "kl_categorical": (lambda L, a, b: D(L).kl_divergence(D(L).Categorical(logits=a), D(L).Categorical(logits=b)),
                       [rand(2, 4, seed=7), rand(2, 4, seed=8)]),
    "kl_bernoulli": (lambda L, a, b: D(L).kl_divergence(D(L).Bernoulli(logits=a), D(L).Bernoulli(logits=b)),
                     [rand(5, seed=7), rand(5, seed=8)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_distributions_match_torch(name, device):
    fn, arrays = CASES[name]
    grad = [a.dtype.kind == "f" and not (name.startswith("bernoulli") and i == 1) for i, a in enumerate(arrays)]
    check(fn, *arrays, device=device, grad=grad)


def test_draws_have_torch_shapes_and_the_right_statistics():
    minigrad.manual_seed(0)
    n = minigrad.distributions.Normal(minigrad.tensor([0.0, 3.0]), minigrad.tensor([1.0, 0.5]))
    s = n.sample((20000,))
    assert tuple(s.shape) == (20000, 2) and not s.requires_grad
    np.testing.assert_allclose(s.numpy().mean(0), [0.0, 3.0], atol=0.03)
    np.testing.assert_allclose(s.numpy().std(0), [1.0, 0.5], atol=0.03)
    loc = minigrad.tensor([1.0], requires_grad=True)
    r = minigrad.distributions.Normal(loc, 2.0).rsample((5,))
    r.sum().backward()
    assert loc.grad.item() == 5.0                                    # d(loc + ε·scale)/dloc, summed over draws
    c = minigrad.distributions.Categorical(probs=minigrad.tensor([[0.2, 0.8], [0.9, 0.1]]))
    draws = c.sample((4000,))
    assert tuple(draws.shape) == (4000, 2) and draws.dtype == minigrad.int64
    np.testing.assert_allclose(draws.numpy().mean(0), [0.8, 0.1], atol=0.03)
    b = minigrad.distributions.Bernoulli(probs=minigrad.tensor([0.3]))
    assert tuple(b.sample((3, 2)).shape) == (3, 2, 1)
    np.testing.assert_allclose(b.sample((20000,)).numpy().mean(), 0.3, atol=0.02)
    u = minigrad.distributions.Uniform(2.0, 5.0).sample((10000,)).numpy()
    assert u.min() >= 2.0 and u.max() < 5.0 and abs(u.mean() - 3.5) < 0.05
    for L in (torch, minigrad):
        with pytest.raises(ValueError):
            L.distributions.Categorical(probs=L.ones(2), logits=L.ones(2))
