# The "common errors" section of beginner tutorials, written as a test suite checks them: each mistake caught,
# its exception class printed and the message searched for torch's wording (as pytest.raises(match=...) does) --
# a Linear fed the wrong width, backward twice, numpy() of a tensor that requires grad, view of a transposed
# tensor, a float class target, an in-place update of a leaf, cat of mismatched shapes, item() of two elements.
import re

import torch
import torch.nn as nn
import torch.nn.functional as F


def show(label, fn, match=None):
    try:
        fn()
        print(label, "-> ok")
    except Exception as e:
        found = "" if match is None else f" matches={re.search(match, str(e)) is not None}"
        print(label, "->", type(e).__name__ + found)


lin = nn.Linear(4, 2)
show("linear", lambda: lin(torch.randn(3, 5)), r"mat1 and mat2 shapes cannot be multiplied \(3x5 and 4x2\)")
x = torch.randn(3, requires_grad=True)
y = (x * x).sum()
y.backward()
show("backward twice", lambda: y.backward(), "Trying to backward through the graph a second time")
show("numpy", lambda: x.numpy(), r"Can't call numpy\(\) on Tensor that requires grad")
show("numpy detached", lambda: x.detach().numpy())
t = torch.randn(3, 4).t()
show("view", lambda: t.view(12), r"view size is not compatible with input tensor's size and stride")
show("reshape", lambda: t.reshape(12))
show("ce float target", lambda: F.cross_entropy(torch.randn(2, 3), torch.tensor([0.0, 1.0])),
     "expected target dtype to be Long or Byte, but got Float|expected scalar type Long but found Float")
show("ce long target", lambda: F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 1])))


def leaf_inplace():
    w = torch.ones(2, requires_grad=True)
    w += 1


show("leaf in-place", leaf_inplace, "a leaf Variable that requires grad is being used in an in-place operation")
show("matmul", lambda: torch.randn(2, 3) @ torch.randn(2, 3), r"shapes cannot be multiplied \(2x3 and 2x3\)")
show("cat", lambda: torch.cat([torch.randn(2, 3), torch.randn(3, 2)]),
     "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1")
show("item", lambda: torch.randn(2).item(), "a Tensor with 2 elements cannot be converted to Scalar")
show("grad of non-scalar", lambda: (torch.randn(2, requires_grad=True) * 2).backward(),
     "grad can be implicitly created only for scalar outputs")
show("mse shapes", lambda: F.mse_loss(torch.randn(3), torch.randn(4)),
     r"The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 0")
show("nll target range", lambda: F.nll_loss(torch.randn(2, 3).log_softmax(1), torch.tensor([0, 3])),
     "Target 3 is out of bounds")
show("embedding index", lambda: nn.Embedding(4, 2)(torch.tensor([4])), "index out of range in self")
show("stack", lambda: torch.stack([torch.ones(2), torch.ones(3)]), "stack expects each tensor to be equal size")
show("expand", lambda: torch.ones(2, 3).expand(4, 3),
     r"The expanded size of the tensor \(4\) must match the existing size \(2\) at non-singleton dimension 0")
show("conv channels", lambda: nn.Conv2d(3, 4, 3)(torch.randn(1, 2, 5, 5)),
     r"expected input\[1, 2, 5, 5\] to have 3 channels, but got 2 channels instead")
show("lstm input", lambda: nn.LSTM(4, 3)(torch.randn(5, 2, 6)), "input.size\\(-1\\) must be equal to input_size")
show("index", lambda: torch.arange(3)[5], "index 5 is out of bounds for dimension 0 with size 3")
show("long grad", lambda: torch.tensor([1, 2], requires_grad=True),
     "Only Tensors of floating point and complex dtype can require gradients")
