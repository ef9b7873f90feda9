# A Bernoulli bandit solved by Thompson sampling with Beta posteriors and by UCB1, counting pulls and regret;
# the posteriors' means and variances printed, and Beta.log_prob checked against the formula.
import math
import torch
from torch.distributions import Bernoulli, Beta

torch.manual_seed(0)
true_p = torch.tensor([0.2, 0.5, 0.7])
alpha, beta = torch.ones(3), torch.ones(3)
pulls = torch.zeros(3, dtype=torch.long)
regret = 0.0
for t in range(40):
    theta = Beta(alpha, beta).sample()
    arm = int(theta.argmax())
    r = Bernoulli(true_p[arm]).sample()
    alpha[arm] += r
    beta[arm] += 1 - r
    pulls[arm] += 1
    regret += (true_p.max() - true_p[arm]).item()
post = Beta(alpha, beta)
print(pulls, round(regret, 4))
print(post.mean, post.variance)
x = torch.tensor(0.3)
manual = (alpha - 1) * math.log(0.3) + (beta - 1) * math.log(0.7) - (torch.lgamma(alpha) + torch.lgamma(beta)
                                                                       - torch.lgamma(alpha + beta))
print(torch.allclose(post.log_prob(x), manual, atol=1e-4))
counts, sums = torch.zeros(3), torch.zeros(3)
for t in range(30):
    if t < 3:
        arm = t
    else:
        ucb = sums / counts + torch.sqrt(2 * math.log(t) / counts)
        arm = int(torch.argmax(ucb))
    r = Bernoulli(true_p[arm]).sample()
    counts[arm] += 1
    sums[arm] += r
print(counts, sums / counts)
print(Beta(torch.tensor([2.0]), torch.tensor([3.0])).entropy(), Beta(2.0, 3.0).rsample().shape)
