"""autograd-ops on a small scalar-style engine of the student's own, grown to arrays: a Node keeps its value, the nodes
it was made from (``_prev``) and a closure ``_backward`` that pushes its gradient into theirs with ``+=``; the order
comes from a recursive depth-first walk (``build_topo``), run in reverse, from zero gradients. Sigmoid and Tanh are composites, so nodes are
used more than once; un-broadcasting happens in the closures."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def unbroadcast(g, shape):
    lead = g.ndim - len(shape)
    g = g.sum(axis=tuple(range(lead))) if lead else g
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


class Node:
    def __init__(self, value, prev=()):
        self.value = np.asarray(value, dtype=np.float64)
        self.grad = np.zeros_like(self.value)
        self._prev = prev
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        out = Node(self.value + other.value, (self, other))

        def _backward():
            self.grad += unbroadcast(out.grad, self.value.shape)
            other.grad += unbroadcast(out.grad, other.value.shape)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        out = Node(self.value * other.value, (self, other))

        def _backward():
            self.grad += unbroadcast(out.grad * other.value, self.value.shape)
            other.grad += unbroadcast(out.grad * self.value, other.value.shape)
        out._backward = _backward
        return out

    __radd__, __rmul__ = __add__, __mul__

    def recip(self):
        out = Node(1.0 / self.value, (self,))

        def _backward():
            self.grad += -out.grad * out.value * out.value
        out._backward = _backward
        return out

    def unary(self, value, local):
        out = Node(value, (self,))

        def _backward():
            self.grad += out.grad * local
        out._backward = _backward
        return out

    def exp(self):
        e = np.exp(self.value)
        return self.unary(e, e)

    def log(self):
        return self.unary(np.log(self.value), 1.0 / self.value)

    def relu(self):
        return self.unary(np.maximum(self.value, 0.0), (self.value > 0).astype(np.float64))

    def matmul(self, other):
        out = Node(self.value @ other.value, (self, other))

        def _backward():
            self.grad += out.grad @ other.value.T
            other.grad += self.value.T @ out.grad
        out._backward = _backward
        return out

    def total(self, dim, keepdim):
        out = Node(self.value.sum(axis=dim, keepdims=keepdim), (self,))

        def _backward():
            g = out.grad if dim is None or keepdim else np.expand_dims(out.grad, dim)
            self.grad += np.broadcast_to(g, self.value.shape)
        out._backward = _backward
        return out

    def sigmoid(self):
        # exp(-|x|) never overflows; sigmoid = 1 / (1 + exp(-x)) for x >= 0, exp(x) / (1 + exp(x)) below
        e = self.unary(np.exp(-np.abs(self.value)), -np.sign(self.value) * np.exp(-np.abs(self.value)))
        inv = (e + 1.0).recip()
        pos = (self.value >= 0).astype(np.float64)
        return inv * pos + (e * inv) * (1.0 - pos)

    def tanh(self):
        return self.__mul__(2.0).sigmoid() * 2.0 + (-1.0)

    def backward(self, grad):
        topo, visited = [], set()

        def build_topo(v):
            if id(v) not in visited:
                visited.add(id(v))
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        for v in topo:                       # every backward starts from zero (backward may run twice)
            v.grad = np.zeros_like(v.value)
        self.grad = np.array(grad, dtype=np.float64)
        for v in reversed(topo):
            v._backward()


def function(build, arity):
    class Op(Function):
        @staticmethod
        def forward(ctx, *args):
            leaves = [Node(t.detach().numpy().copy()) for t in args[:arity]]
            ctx.leaves, ctx.out, ctx.extra = leaves, build(*leaves, *args[arity:]), len(args) - arity
            return minigrad.tensor(np.array(ctx.out.value))

        @staticmethod
        def backward(ctx, grad_output):
            ctx.out.backward(grad_output.detach().numpy())
            res = tuple(minigrad.tensor(np.array(leaf.grad)) for leaf in ctx.leaves) + (None,) * ctx.extra
            return res if len(res) > 1 else res[0]
    return Op


Add = function(lambda a, b: a + b, 2)
Mul = function(lambda a, b: a * b, 2)
Div = function(lambda a, b: a * b.recip(), 2)
Exp = function(Node.exp, 1)
Log = function(Node.log, 1)
ReLU = function(Node.relu, 1)
Tanh = function(Node.tanh, 1)
Sigmoid = function(Node.sigmoid, 1)
MatMul = function(Node.matmul, 2)
Sum = function(lambda x, dim=None, keepdim=False: x.total(dim, keepdim), 1)
