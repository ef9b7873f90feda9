# Sequence-layer details a course notebook prints: an LSTM's outputs and states, its parameter names, all_weights
# per layer and direction, an LSTMCell step, a 2-layer GRU with an initial state, a bidirectional RNN on an
# unbatched sequence, Embedding(max_norm) renormalising rows in place, EmbeddingBag with offsets and 2-D input,
# CTCLoss, and AdaptiveLogSoftmaxWithLoss's output, loss, log_prob and predict.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
lstm = nn.LSTM(3, 4, batch_first=True)
x = torch.randn(2, 5, 3)
out, (h, c) = lstm(x)
print(out[0, -1], h[0, 0], c.shape)
print([n for n, _ in lstm.named_parameters()], lstm.all_weights[0][0].shape, lstm._flat_weights_names[:2])
lstm.flatten_parameters()
cell = nn.LSTMCell(3, 4)
hx, cx = cell(x[:, 0])
print(hx.shape, cell.weight_ih.shape)
gru = nn.GRU(3, 4, num_layers=2, dropout=0.0)
o, hn = gru(x.transpose(0, 1), torch.zeros(2, 2, 4))
print(o.shape, hn[1, 0])
rnn = nn.RNN(3, 2, bidirectional=True)
o, hn = rnn(torch.randn(4, 3))
print(o.shape, hn.shape)
emb = nn.Embedding(5, 2, max_norm=1.0)
print(emb(torch.tensor([1, 1, 3])).norm(dim=1), (emb.weight.norm(dim=1) <= 1.0001).tolist())
bag = nn.EmbeddingBag(5, 3, mode="sum")
print(bag(torch.tensor([0, 1, 2, 3]), torch.tensor([0, 2])).shape, bag(torch.tensor([[0, 1], [2, 3]])).shape)
print(F.embedding_bag(torch.tensor([0, 1, 2]), torch.ones(5, 2), torch.tensor([0, 1]), mode="mean"))
ctc = nn.CTCLoss()
lp = torch.randn(6, 2, 4).log_softmax(2).detach().requires_grad_()
print(ctc(lp, torch.tensor([[1, 2], [3, 3]]), torch.tensor([6, 5]), torch.tensor([2, 2])))
ada = nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs=[4, 8], div_value=2.0)
r = ada(torch.randn(3, 8), torch.tensor([1, 5, 9]))
print(r.output.shape, r.loss, ada.log_prob(torch.randn(2, 8)).exp().sum(1), ada.predict(torch.randn(2, 8)))
