"""Old blog-post style: Variable, legacy typed constructors, .data, .type(), size_average, x.data.numpy()."""
import numpy as np
import torch
from torch.autograd import Variable

np.random.seed(0)
x_np = np.random.rand(6, 2)
x = Variable(torch.from_numpy(x_np).float())
y = Variable(torch.FloatTensor([[1.0], [0.0], [1.0], [0.0], [1.0], [0.0]]))
w = Variable(torch.zeros(2, 1), requires_grad=True)
print(type(x).__name__, x.requires_grad, w.requires_grad, x.type(), torch.LongTensor([1, 2]).dtype)
print(torch.FloatTensor(2, 3).shape, torch.FloatTensor([1, 2]).dtype, torch.DoubleTensor([1]).dtype)
for i in range(3):
    out = torch.sigmoid(x.mm(w))
    loss = torch.nn.functional.binary_cross_entropy(out, y)
    loss.backward()
    w.data -= 0.5 * w.grad.data
    w.grad.data.zero_()
    print(i, loss.data.item(), w.data.numpy().ravel().tolist())
print(x.type(torch.DoubleTensor).dtype, x.long().type(), x.data.numpy().dtype)
print(isinstance(x, torch.FloatTensor), isinstance(x.double(), torch.FloatTensor))
print(torch.nn.MSELoss(reduction="sum")(x, x + 1))
t = torch.Tensor([1, 2, 3])
print(t, t.dtype, torch.Tensor(2).shape, torch.ByteTensor([1, 0]).dtype, torch.BoolTensor([True]).dtype)
print(torch.IntTensor([1]).type(), torch.cuda.is_available() and "cuda" or "cpu")
