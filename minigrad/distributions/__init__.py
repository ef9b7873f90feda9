"""``minigrad.distributions``: torch.distributions' names and interface -- ``batch_shape``/``event_shape``,
``sample``/``rsample`` (reparameterised, differentiable draws where torch has them), ``log_prob``,
``entropy``, ``mean``/``mode``/``variance``/``stddev``, ``cdf``/``icdf``, ``expand``, ``enumerate_support``,
``constraints`` with argument validation (on by default, as in torch: ``validate_args=False`` or
``Distribution.set_default_validate_args(False)`` turns it off) and ``kl_divergence``/``register_kl``.

Every density, entropy and KL is a composition of differentiable minigrad ops, so gradients with respect to
the parameters come for free and CuPy tensors work. Draws use minigrad's generator (``minigrad.manual_seed``),
torch's stream: Normal, Uniform, Bernoulli, Categorical, Exponential, Laplace, Gumbel, Cauchy, Geometric and
what is built on them draw torch's numbers; Gamma, Beta, Dirichlet, Poisson, Binomial... have the right
distribution from NumPy's algorithms, not torch's numbers.

One module per distribution, under torch's module names (``minigrad.distributions.normal`` ...).
"""
from . import constraints, kl, transforms, utils  # noqa: F401
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .cauchy import Cauchy
from .continuous_bernoulli import ContinuousBernoulli
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exponential import Exponential
from .fishersnedecor import FisherSnedecor
from .gamma import Chi2, Gamma
from .geometric import Geometric
from .gumbel import Gumbel
from .half_cauchy import HalfCauchy
from .half_normal import HalfNormal
from .independent import Independent
from .kumaraswamy import Kumaraswamy
from .inverse_gamma import InverseGamma
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .lkj_cholesky import LKJCholesky
from .log_normal import LogNormal
from .logistic_normal import LogisticNormal
from .lowrank_multivariate_normal import LowRankMultivariateNormal
from .mixture_same_family import MixtureSameFamily
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .negative_binomial import NegativeBinomial
from .normal import Normal
from .one_hot_categorical import OneHotCategorical, OneHotCategoricalStraightThrough
from .pareto import Pareto
from .poisson import Poisson
from .relaxed_bernoulli import LogitRelaxedBernoulli, RelaxedBernoulli
from .relaxed_categorical import ExpRelaxedCategorical, RelaxedOneHotCategorical
from .studentT import StudentT
from .transformed_distribution import TransformedDistribution
from .transforms import (AbsTransform, AffineTransform, ComposeTransform, CorrCholeskyTransform, ExpTransform,
                         CumulativeDistributionTransform, IndependentTransform, PositiveDefiniteTransform,
                         ReshapeTransform, identity_transform,
                         LowerCholeskyTransform, PowerTransform, SigmoidTransform, SoftmaxTransform,
                         SoftplusTransform, StickBreakingTransform, TanhTransform, Transform)
from .constraint_registry import biject_to, transform_to
from .uniform import Uniform
from .von_mises import VonMises
from .weibull import Weibull
from .wishart import Wishart

__all__ = ["Bernoulli", "Beta", "Binomial", "Categorical", "Cauchy", "Chi2", "Dirichlet", "Distribution",
           "ExpRelaxedCategorical", "Exponential", "Gamma", "Geometric", "Gumbel", "HalfNormal", "Independent",
           "HalfCauchy", "InverseGamma", "OneHotCategoricalStraightThrough", "SoftplusTransform", "AbsTransform",
           "Laplace", "LogNormal", "LowRankMultivariateNormal", "MixtureSameFamily", "Multinomial",
           "NegativeBinomial", "Pareto", "Weibull", "FisherSnedecor", "Kumaraswamy", "ContinuousBernoulli", "VonMises",
           "LKJCholesky", "Wishart", "CorrCholeskyTransform", "LogisticNormal", "ReshapeTransform",
           "PositiveDefiniteTransform",
           "CumulativeDistributionTransform", "identity_transform",
           "LogitRelaxedBernoulli", "MultivariateNormal", "Normal", "OneHotCategorical", "Poisson",
           "RelaxedBernoulli", "RelaxedOneHotCategorical", "StudentT", "TransformedDistribution", "Uniform",
           "constraints", "kl_divergence", "register_kl", "transforms", "Transform", "AffineTransform",
           "ComposeTransform", "ExpTransform", "PowerTransform", "SigmoidTransform", "TanhTransform",
           "IndependentTransform", "SoftmaxTransform", "StickBreakingTransform", "LowerCholeskyTransform",
           "biject_to", "transform_to", "constraint_registry"]
