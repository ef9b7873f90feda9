# Advantage actor-critic with generalised advantage estimation on a toy chain environment: a shared trunk,
# Categorical policy head, value head, entropy bonus, returns computed backwards, smooth-L1 value loss.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical

torch.manual_seed(0)


class ActorCritic(nn.Module):
    def __init__(self, obs=4, act=2, hid=16):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(obs, hid), nn.Tanh())
        self.pi = nn.Linear(hid, act)
        self.v = nn.Linear(hid, 1)

    def forward(self, x):
        h = self.body(x)
        return Categorical(logits=self.pi(h)), self.v(h).squeeze(-1)


def step_env(state, action):
    nxt = state.roll(1 if action == 1 else -1)
    return nxt, float(nxt[0] > 0.5)


net = ActorCritic()
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
gamma, lam = 0.99, 0.95
state = torch.tensor([0.0, 0.0, 1.0, 0.0])
for update in range(3):
    log_probs, values, rewards, entropies = [], [], [], []
    for t in range(6):
        dist, value = net(state)
        action = dist.sample()
        state, r = step_env(state, action.item())
        log_probs.append(dist.log_prob(action))
        values.append(value)
        rewards.append(r)
        entropies.append(dist.entropy())
    with torch.no_grad():
        _, next_value = net(state)
    values_t = torch.stack(values)
    vals = torch.cat([values_t.detach(), next_value.unsqueeze(0)])
    gae, advantages = 0.0, []
    for t in reversed(range(len(rewards))):
        delta = rewards[t] + gamma * vals[t + 1] - vals[t]
        gae = delta + gamma * lam * gae
        advantages.insert(0, gae)
    adv = torch.stack(advantages)
    returns = adv + values_t.detach()
    adv = (adv - adv.mean()) / (adv.std() + 1e-8)
    actor_loss = -(torch.stack(log_probs) * adv).mean()
    critic_loss = F.smooth_l1_loss(values_t, returns)
    loss = actor_loss + 0.5 * critic_loss - 0.01 * torch.stack(entropies).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"update {update} R={sum(rewards):.0f} actor {actor_loss.item():.5f} critic {critic_loss.item():.5f}")
print(returns, dist.probs)
