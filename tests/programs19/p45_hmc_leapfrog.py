# Hamiltonian Monte Carlo written by hand (an MCMC tutorial): the potential's gradient by autograd.grad, leapfrog
# steps, the Metropolis correction with torch.rand, and the acceptance rate and moments of the chain.
import torch

torch.manual_seed(0)
mu = torch.tensor([1.0, -1.0])
cov = torch.tensor([[1.0, 0.8], [0.8, 1.0]])
prec = torch.linalg.inv(cov)


def U(q):
    d = q - mu
    return 0.5 * d @ prec @ d


def grad_U(q):
    q = q.detach().requires_grad_(True)
    g, = torch.autograd.grad(U(q), q)
    return g


def hmc_step(q, eps=0.15, L=10):
    p = torch.randn_like(q)
    current_p = p.clone()
    q_new = q.clone()
    p = p - eps * grad_U(q_new) / 2
    for i in range(L):
        q_new = q_new + eps * p
        if i != L - 1:
            p = p - eps * grad_U(q_new)
    p = p - eps * grad_U(q_new) / 2
    p = -p
    current_H = U(q) + current_p.pow(2).sum() / 2
    proposed_H = U(q_new) + p.pow(2).sum() / 2
    if torch.rand(()) < torch.exp(current_H - proposed_H):
        return q_new.detach(), True
    return q, False


q = torch.zeros(2)
samples, accepted = [], 0
for it in range(200):
    q, acc = hmc_step(q)
    accepted += acc
    samples.append(q)
S = torch.stack(samples[50:])
print("acceptance", accepted / 200)
print(S.mean(0), torch.cov(S.T))
print(S[-3:])
print(torch.corrcoef(S.T)[0, 1].item())
