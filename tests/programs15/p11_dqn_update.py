# The DQN tutorial's optimize_model: a replay memory of namedtuples, a policy and a target net, gather of the
# taken actions' values, max(1).values of the next states masked for final states, smooth_l1_loss, in-place
# gradient value clipping, and the soft target update through state_dict.
import random
from collections import deque, namedtuple

import torch
import torch.nn as nn
import torch.optim as optim

random.seed(0)
torch.manual_seed(0)
Transition = namedtuple("Transition", ("state", "action", "next_state", "reward"))
memory = deque([], maxlen=100)


def net():
    return nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2))


policy_net, target_net = net(), net()
target_net.load_state_dict(policy_net.state_dict())
optimizer = optim.AdamW(policy_net.parameters(), lr=1e-3, amsgrad=True)
GAMMA, TAU = 0.99, 0.005
for i in range(40):
    s = torch.randn(1, 4)
    nxt = None if i % 7 == 6 else torch.randn(1, 4)
    memory.append(Transition(s, torch.tensor([[i % 2]]), nxt, torch.tensor([float(i % 3)])))

for step in range(4):
    batch = Transition(*zip(*random.sample(memory, 16)))
    non_final_mask = torch.tensor(tuple(map(lambda s: s is not None, batch.next_state)), dtype=torch.bool)
    non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
    state_batch, action_batch = torch.cat(batch.state), torch.cat(batch.action)
    reward_batch = torch.cat(batch.reward)
    state_action_values = policy_net(state_batch).gather(1, action_batch)
    next_state_values = torch.zeros(16)
    with torch.no_grad():
        next_state_values[non_final_mask] = target_net(non_final_next_states).max(1).values
    expected = (next_state_values * GAMMA) + reward_batch
    criterion = nn.SmoothL1Loss()
    loss = criterion(state_action_values, expected.unsqueeze(1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(policy_net.parameters(), 100)
    optimizer.step()
    target_sd, policy_sd = target_net.state_dict(), policy_net.state_dict()
    for key in policy_sd:
        target_sd[key] = policy_sd[key] * TAU + target_sd[key] * (1 - TAU)
    target_net.load_state_dict(target_sd)
    print(step, f"{loss.item():.6f}", int(non_final_mask.sum()))
print(target_net[0].bias[:4])
