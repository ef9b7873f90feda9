# A graph attention layer (GAT) written with edge lists: scores per edge with LeakyReLU, a softmax over each
# node's incoming edges via scatter_reduce/index_add_, messages aggregated with index_add_; two heads.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
edge_index = torch.tensor([[0, 1, 1, 2, 2, 3, 3, 4, 0, 4, 0, 1, 2, 3, 4],
                           [1, 0, 2, 1, 3, 2, 4, 3, 4, 0, 0, 1, 2, 3, 4]])
N, Fin, H, Fout = 5, 4, 2, 3


class GATLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.W = nn.Linear(Fin, H * Fout, bias=False)
        self.a_src = nn.Parameter(torch.empty(1, H, Fout))
        self.a_dst = nn.Parameter(torch.empty(1, H, Fout))
        nn.init.xavier_uniform_(self.a_src)
        nn.init.xavier_uniform_(self.a_dst)

    def forward(self, x, edge_index):
        src, dst = edge_index
        h = self.W(x).view(-1, H, Fout)
        e = F.leaky_relu((h * self.a_src).sum(-1)[src] + (h * self.a_dst).sum(-1)[dst], 0.2)   # (E, H)
        e_max = torch.full((N, H), float("-inf")).scatter_reduce(0, dst.unsqueeze(1).expand_as(e), e, "amax")
        w = (e - e_max[dst]).exp()
        denom = torch.zeros(N, H).index_add_(0, dst, w)
        alpha = w / denom[dst]
        out = torch.zeros(N, H, Fout).index_add_(0, dst, alpha.unsqueeze(-1) * h[src])
        return out.mean(1), alpha


layer = GATLayer()
x = torch.randn(N, Fin)
out, alpha = layer(x, edge_index)
print(out)
print(alpha[:4])
s = torch.zeros(N, H).index_add_(0, edge_index[1], alpha)
print("softmax sums:", s)
target = torch.tensor([0, 1, 2, 0, 1])
loss = F.cross_entropy(out, target)
loss.backward()
print(loss.item(), layer.a_src.grad, layer.W.weight.grad.norm())
deg = torch.bincount(edge_index[1], minlength=N)
print(deg, torch.unique(edge_index[0], return_counts=True))
