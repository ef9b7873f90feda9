# A continuous-action actor-critic (a policy-gradient course's example): a Gaussian policy with a learned
# log-std, rsample vs sample, log_prob summed over action dims, entropy bonus, the TD(0) critic target with
# detach(), and clamped actions, on a toy 1-step environment.
import torch
import torch.nn as nn
from torch.distributions import Normal

torch.manual_seed(0)


class ActorCritic(nn.Module):
    def __init__(self, obs=3, act=2):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(obs, 16), nn.Tanh())
        self.mu = nn.Linear(16, act)
        self.log_std = nn.Parameter(torch.zeros(act) - 0.5)
        self.v = nn.Linear(16, 1)

    def forward(self, s):
        h = self.body(s)
        return Normal(self.mu(h), self.log_std.exp().expand_as(self.mu(h))), self.v(h).squeeze(-1)


def env_step(s, a):
    target = s[:, :2]
    reward = -((a - target) ** 2).sum(-1)
    return reward, torch.randn_like(s)


net = ActorCritic()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
s = torch.randn(32, 3)
gamma = 0.9
for it in range(25):
    dist, value = net(s)
    action = dist.sample().clamp(-2, 2)
    r, s_next = env_step(s, action)
    with torch.no_grad():
        _, v_next = net(s_next)
    target = r + gamma * v_next
    advantage = (target - value).detach()
    logp = dist.log_prob(action).sum(-1)
    actor_loss = -(logp * advantage).mean()
    critic_loss = (target - value).pow(2).mean()
    entropy = dist.entropy().sum(-1).mean()
    loss = actor_loss + 0.5 * critic_loss - 0.01 * entropy
    opt.zero_grad()
    loss.backward()
    opt.step()
    s = s_next
    if it % 6 == 0:
        print(f"it {it} reward {r.mean().item():.4f} actor {actor_loss.item():.4f} critic {critic_loss.item():.4f} "
              f"entropy {entropy.item():.4f}")
print(net.log_std.exp())
d, _ = net(torch.zeros(1, 3))
a = d.rsample()
a.sum().backward()
print(a.shape, net.log_std.grad is not None, d.mean, d.stddev)
