# Weight tying in a language model (the word-level LM example): the decoder's weight is the embedding's, so
# parameters() lists it once, both uses add into one gradient, and the state_dict holds both names.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, tie_weights=True):
        super().__init__()
        self.drop = nn.Dropout(0.2)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.GRU(ninp, nhid, num_layers=2, dropout=0.2)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight
        self.init_weights()

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)

    def forward(self, x, hidden):
        emb = self.drop(self.encoder(x))
        out, hidden = self.rnn(emb, hidden)
        return F.log_softmax(self.decoder(self.drop(out)), dim=-1), hidden

    def init_hidden(self, bsz):
        return torch.zeros(2, bsz, self.rnn.hidden_size)


model = RNNModel(10, 6, 6)
print(model.decoder.weight is model.encoder.weight, sum(p.numel() for p in model.parameters()))
print(len(list(model.parameters())), len(model.state_dict()))
print(len(list(model.named_parameters(remove_duplicate=False))))
data = torch.randint(0, 10, (7, 3))
hidden = model.init_hidden(3)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
for i in range(3):
    hidden = hidden.detach()
    out, hidden = model(data[:-1], hidden)
    loss = F.nll_loss(out.view(-1, 10), data[1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.5f}", f"ppl {torch.exp(loss).item():.4f}")
print(model.encoder.weight.grad.norm().item(), torch.equal(model.decoder.weight, model.encoder.weight))
model.eval()
with torch.no_grad():
    out, _ = model(data[:2], model.init_hidden(3))
    print(out.exp().sum(-1))
untied = RNNModel(10, 6, 6, tie_weights=False)
print(sum(p.numel() for p in untied.parameters()))
