# nn.RNN variants from a sequence-modelling course: two layers with inter-layer dropout (train vs eval), a ReLU
# nonlinearity, time-major vs batch_first, the initial hidden state, h_n against the last output, many-to-one.
import torch
import torch.nn as nn

torch.manual_seed(0)
rnn = nn.RNN(input_size=3, hidden_size=5, num_layers=2, nonlinearity="relu", dropout=0.3)
x = torch.randn(6, 2, 3)
h0 = torch.zeros(2, 2, 5)
out, hn = rnn(x, h0)
print(out.shape, hn.shape, torch.allclose(out[-1], hn[-1]))
rnn.eval()
o1, _ = rnn(x)
o2, _ = rnn(x)
print(torch.equal(o1, o2), o1[-1])
rnn.train()
o3, _ = rnn(x)
print(torch.equal(o1, o3))
bf = nn.RNN(3, 4, batch_first=True, bias=False)
xb = x.transpose(0, 1)
ob, hb = bf(xb)
print(ob.shape, hb.shape, [n for n, _ in bf.named_parameters()])


class ManyToOne(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 8, batch_first=True)
        self.fc = nn.Linear(8, 1)

    def forward(self, x):
        out, h = self.rnn(x)
        return self.fc(out[:, -1, :])


m = ManyToOne()
opt = torch.optim.RMSprop(m.parameters(), lr=0.01)
X = torch.randn(16, 5, 3)
Y = X.sum(dim=(1, 2)).unsqueeze(1) * 0.1
for epoch in range(20):
    loss = nn.functional.mse_loss(m(X), Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 5 == 0:
        print(epoch, round(loss.item(), 6))
cell = nn.RNNCell(3, 4, nonlinearity="tanh")
h = torch.zeros(2, 4)
for t in range(x.size(0)):
    h = cell(x[t], h)
print(h)
