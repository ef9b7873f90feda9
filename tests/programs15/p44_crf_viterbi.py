# A linear-chain CRF (the "advanced" sequence tutorial's BiLSTM-CRF scoring): the forward algorithm with
# logsumexp over a transition matrix, the gold path score, negative log-likelihood training of emissions
# and transitions, and Viterbi decoding with max and argmax backpointers.
import torch
import torch.nn as nn

torch.manual_seed(1)
T, K = 5, 4
START, STOP = 2, 3
transitions = nn.Parameter(torch.randn(K, K))
with torch.no_grad():
    transitions[START, :] = -10000
    transitions[:, STOP] = -10000
feats = nn.Parameter(torch.randn(T, K))
tags = torch.tensor([0, 1, 1, 0, 1])


def forward_alg(feats):
    alpha = torch.full((K,), -10000.0)
    alpha[START] = 0.0
    for feat in feats:
        alpha = torch.logsumexp(alpha.unsqueeze(0) + transitions + feat.unsqueeze(1), dim=1)
    return torch.logsumexp(alpha + transitions[STOP], dim=0)


def score_sentence(feats, tags):
    tags = torch.cat([torch.tensor([START]), tags])
    score = sum(transitions[tags[i + 1], tags[i]] + feats[i, tags[i + 1]] for i in range(len(feats)))
    return score + transitions[STOP, tags[-1]]


def viterbi(feats):
    v = torch.full((K,), -10000.0)
    v[START] = 0
    backpointers = []
    for feat in feats:
        best, idx = torch.max(v.unsqueeze(0) + transitions, dim=1)
        backpointers.append(idx)
        v = best + feat
    terminal = v + transitions[STOP]
    best_tag = int(torch.argmax(terminal))
    path = [best_tag]
    for bp in reversed(backpointers):
        best_tag = bp[best_tag].item()
        path.append(best_tag)
    return terminal[path[0]].item(), path[::-1][1:]


opt = torch.optim.SGD([transitions, feats], lr=0.05, weight_decay=1e-4)
for epoch in range(4):
    nll = forward_alg(feats) - score_sentence(feats, tags)
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(epoch, f"{nll.item():.5f}")
with torch.no_grad():
    score, path = viterbi(feats)
print(f"{score:.4f}", path, transitions.grad[0])
