# Forward-mode AD as the forward-AD tutorial teaches it: dual_level, make_dual/unpack_dual through a module's
# forward, Jacobian-vector products compared with double-backward, and torch.func.jvp/linearize on a
# functional_call of a model; hvp by forward-over-reverse.
import torch
import torch.autograd.forward_ad as fwAD
import torch.nn as nn
from torch.func import functional_call, grad, jvp, linearize

torch.manual_seed(0)
primal, tangent = torch.randn(3), torch.randn(3)


def fn(x, y):
    return x ** 2 + y.sin() * x


with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    out = fn(dual_input, primal)
    p, jvp_out = fwAD.unpack_dual(out)
    print(p, jvp_out, fwAD.unpack_dual(primal).tangent)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
params = {k: v.detach() for k, v in model.named_parameters()}
x = torch.randn(5, 3)
out, jv = jvp(lambda inp: functional_call(model, params, (inp,)), (x,), (torch.ones_like(x),))
print(out[0], jv[0])
xr = x.clone().requires_grad_()
y = model(xr)
u = torch.zeros_like(y, requires_grad=True)
g, = torch.autograd.grad(y, xr, u, create_graph=True)
jv_dbl, = torch.autograd.grad(g, u, torch.ones_like(x))
print(torch.allclose(jv_dbl, jv, atol=1e-6))
f = lambda v: (v.sin() * v).sum()            # noqa: E731
_, lin = linearize(torch.sin, primal)
print(lin(tangent), torch.cos(primal) * tangent)
_, hvp_out = jvp(grad(f), (primal,), (tangent,))
print(hvp_out)
with fwAD.dual_level():
    d = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    r = torch.nn.functional.softmax(d, 0)
    print(fwAD.unpack_dual(r).tangent, fwAD.unpack_dual(d.exp().sum()).tangent)
