# "What is torch.nn really?" in miniature: a model from scratch (weights with Xavier-style scaling, requires_grad_
# after, a hand-written log_softmax and nll), manual SGD under no_grad with grad.zero_(), then the same refactored
# with nn.Module, F.cross_entropy, optim, TensorDataset/DataLoader and a fit() with loss_batch.
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
x_train = torch.rand(32, 16)
y_train = (x_train[:, :4].sum(1) > 2).long() + (x_train[:, 4:8].sum(1) > 2).long()
x_valid, y_valid = x_train[:8] + 0.05, y_train[:8]
weights = torch.randn(16, 3) / math.sqrt(16)
weights.requires_grad_()
bias = torch.zeros(3, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


def accuracy(out, yb):
    return (torch.argmax(out, dim=1) == yb).float().mean()


bs, lr = 8, 0.5
for epoch in range(2):
    for i in range((32 - 1) // bs + 1):
        xb, yb = x_train[i * bs:i * bs + bs], y_train[i * bs:i * bs + bs]
        loss = nll(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
    print(epoch, f"{loss.item():.6f}", f"{accuracy(model(x_train), y_train).item():.4f}")


class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(16, 3) / math.sqrt(16))
        self.bias = nn.Parameter(torch.zeros(3))

    def forward(self, xb):
        return xb @ self.weights + self.bias


def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)
        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
        print(epoch, f"{np.sum(np.multiply(losses, nums)) / np.sum(nums):.6f}")


train_dl = DataLoader(TensorDataset(x_train, y_train), batch_size=bs, shuffle=True)
valid_dl = DataLoader(TensorDataset(x_valid, y_valid), batch_size=bs * 2)
net = Mnist_Logistic()
fit(3, net, F.cross_entropy, optim.SGD(net.parameters(), lr=lr, momentum=0.9), train_dl, valid_dl)
