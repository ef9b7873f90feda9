# Scientific-computing odds and ends: torch.special (erf, erfinv, expit, logit with eps, xlogy, gammaln, digamma,
# i0, ndtr, log_ndtr, sinc, entr), lgamma-based log binomial coefficients, and their gradients.
import math
import torch

x = torch.tensor([-2.0, -0.5, 0.0, 0.3, 1.7], dtype=torch.float64, requires_grad=True)
sp = torch.special
vals = {"erf": sp.erf(x), "erfc": sp.erfc(x), "expit": sp.expit(x), "ndtr": sp.ndtr(x), "log_ndtr": sp.log_ndtr(x),
        "sinc": sp.sinc(x), "i0": sp.i0(x), "expm1": sp.expm1(x), "log1p": sp.log1p(x.abs())}
for k, v in vals.items():
    print(f"{k:8s}", v.detach())
p = torch.tensor([0.0, 0.1, 0.5, 0.999, 1.0], dtype=torch.float64)
print(sp.logit(p, eps=1e-6), sp.erfinv(p * 2 - 1))
print(sp.xlogy(p, p), sp.entr(p), sp.xlog1py(p, p))
pos = torch.tensor([0.5, 1.0, 3.5, 10.0], dtype=torch.float64, requires_grad=True)
print(sp.gammaln(pos), sp.digamma(pos), sp.polygamma(1, pos), sp.multigammaln(pos + 2, 2))
n, k = torch.tensor(10.0), torch.tensor([0.0, 3.0, 5.0])
log_binom = torch.lgamma(n + 1) - torch.lgamma(k + 1) - torch.lgamma(n - k + 1)
print(log_binom.exp().round(), math.comb(10, 3))
total = sum(v.sum() for v in vals.values()) + sp.gammaln(pos).sum() + sp.digamma(pos).sum()
total.backward()
print(x.grad, pos.grad)
print(sp.softmax(torch.tensor([1.0, 2.0, 3.0]), 0), sp.log_softmax(torch.tensor([1.0, 2.0]), 0), sp.round(
    torch.tensor([0.5, 1.5, 2.5])), sp.exp2(torch.tensor([3.0])), sp.bessel_j0(torch.tensor([0.0, 1.0])))
