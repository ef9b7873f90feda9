# Continuous-control updates from popular RL implementations: PPO's generalised advantage estimation, clipped
# surrogate with Normal log_prob summed over action dims, value clipping and entropy bonus; SAC's tanh-squashed
# Gaussian policy (rsample, the log-det correction, TanhTransform compared), twin Q targets with min and
# polyak averaging through parameters() and mul_/add_ under no_grad, and the learned temperature.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, TransformedDistribution
from torch.distributions.transforms import TanhTransform

torch.manual_seed(0)
T, obs_dim, act_dim = 6, 3, 2
rewards, values = torch.randn(T), torch.randn(T + 1)
dones = torch.tensor([0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
gamma, lam = 0.99, 0.95
adv, gae = torch.zeros(T), 0.0
for t in reversed(range(T)):
    delta = rewards[t] + gamma * values[t + 1] * (1 - dones[t]) - values[t]
    gae = delta + gamma * lam * (1 - dones[t]) * gae
    adv[t] = gae
returns = adv + values[:-1]
print(adv, returns)
actor = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh(), nn.Linear(16, act_dim))
log_std = nn.Parameter(torch.zeros(act_dim))
critic = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.Adam(list(actor.parameters()) + [log_std] + list(critic.parameters()), lr=3e-4, eps=1e-5)
obs = torch.randn(T, obs_dim)
with torch.no_grad():
    dist = Normal(actor(obs), log_std.exp())
    actions = dist.sample()
    old_logp = dist.log_prob(actions).sum(-1)
adv_n = (adv - adv.mean()) / (adv.std() + 1e-8)
for epoch in range(3):
    dist = Normal(actor(obs), log_std.exp())
    logp = dist.log_prob(actions).sum(-1)
    ratio = (logp - old_logp).exp()
    pg = -torch.min(ratio * adv_n, torch.clamp(ratio, 0.8, 1.2) * adv_n).mean()
    v = critic(obs).squeeze(-1)
    v_clip = values[:-1] + (v - values[:-1]).clamp(-0.2, 0.2)
    vf = 0.5 * torch.max((v - returns) ** 2, (v_clip - returns) ** 2).mean()
    loss = pg + 0.5 * vf - 0.01 * dist.entropy().sum(-1).mean()
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(actor.parameters(), 0.5)
    opt.step()
    print(epoch, f"{pg.item():.6f} {vf.item():.6f} {ratio.mean().item():.6f}")
mu, std = torch.randn(4, act_dim), torch.rand(4, act_dim) + 0.5
base = Normal(mu, std)
u = base.rsample()
a = torch.tanh(u)
logp = (base.log_prob(u) - torch.log(1 - a.pow(2) + 1e-6)).sum(-1)
squashed = TransformedDistribution(Normal(mu, std), [TanhTransform(cache_size=1)])
print(logp, squashed.log_prob(a).sum(-1))
q1, q2 = nn.Linear(obs_dim + act_dim, 1), nn.Linear(obs_dim + act_dim, 1)
q1_t, q2_t = nn.Linear(obs_dim + act_dim, 1), nn.Linear(obs_dim + act_dim, 1)
q1_t.load_state_dict(q1.state_dict()); q2_t.load_state_dict(q2.state_dict())
log_alpha = torch.zeros(1, requires_grad=True)
s, s2, r = torch.randn(4, obs_dim), torch.randn(4, obs_dim), torch.randn(4, 1)
with torch.no_grad():
    sa2 = torch.cat([s2, a], 1)
    target = r + 0.99 * (torch.min(q1_t(sa2), q2_t(sa2)) - log_alpha.exp() * logp.unsqueeze(1))
sa = torch.cat([s, a.detach()], 1)
q_loss = F.mse_loss(q1(sa), target) + F.mse_loss(q2(sa), target)
q_loss.backward()
alpha_loss = -(log_alpha * (logp.detach() - act_dim)).mean()
alpha_loss.backward()
with torch.no_grad():
    for p, p_t in zip(q1.parameters(), q1_t.parameters()):
        p_t.mul_(0.995)
        p_t.add_(0.005 * (p - 0.1 * p.grad))
print(f"{q_loss.item():.6f}", log_alpha.grad, q1_t.bias, q1.weight.grad.shape)
