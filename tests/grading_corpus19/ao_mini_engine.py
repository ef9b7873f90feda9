"""autograd-ops on a tiny engine of the student's own: each forward records NumPy nodes in a dict-based graph
(node id -> value and parents with their vector-Jacobian products), and each backward walks it in an order found by
an iterative topological sort (Kahn's algorithm), adding up the gradients of nodes used more than once. Sigmoid and
Tanh are composites (a node used twice or three times), stable for large inputs."""
import itertools

import numpy as np

import minigrad
from minigrad.autograd import Function


def reduce_to(g, shape):
    g = np.asarray(g, dtype=np.float64)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


class Graph:
    def __init__(self):
        self.nodes = {}
        self._ids = itertools.count()

    def leaf(self, value):
        return self._add(np.array(value, dtype=np.float64), [])

    def _add(self, value, parents):
        nid = next(self._ids)
        self.nodes[nid] = {"value": value, "parents": parents}
        return nid

    def value(self, nid):
        return self.nodes[nid]["value"]

    # primitives: (value, [(parent, vjp)])
    def add(self, a, b):
        return self._add(self.value(a) + self.value(b), [(a, lambda g: g), (b, lambda g: g)])

    def add_const(self, a, c):
        return self._add(self.value(a) + c, [(a, lambda g: g)])

    def mul(self, a, b):
        va, vb = self.value(a), self.value(b)
        return self._add(va * vb, [(a, lambda g: g * vb), (b, lambda g: g * va)])

    def recip(self, a):
        v = self.value(a)
        return self._add(1.0 / v, [(a, lambda g: -g / (v * v))])

    def neg(self, a):
        return self._add(-self.value(a), [(a, lambda g: -g)])

    def scale(self, a, c):
        return self._add(c * self.value(a), [(a, lambda g: c * g)])

    def exp(self, a):
        out = np.exp(self.value(a))
        return self._add(out, [(a, lambda g: g * out)])

    def log(self, a):
        v = self.value(a)
        return self._add(np.log(v), [(a, lambda g: g / v)])

    def abs(self, a):
        v = self.value(a)
        return self._add(np.abs(v), [(a, lambda g: np.where(v >= 0, g, -g))])

    def select(self, cond, a, b):
        return self._add(np.where(cond, self.value(a), self.value(b)),
                         [(a, lambda g: np.where(cond, g, 0.0)), (b, lambda g: np.where(cond, 0.0, g))])

    def relu(self, a):
        v = self.value(a)
        return self._add(np.where(v > 0, v, 0.0), [(a, lambda g: np.where(v > 0, g, 0.0))])

    def matmul(self, a, b):
        va, vb = self.value(a), self.value(b)
        return self._add(va @ vb, [(a, lambda g: g @ vb.T), (b, lambda g: va.T @ g)])

    def total(self, a, dim, keepdim):
        v = self.value(a)

        def vjp(g):
            if dim is not None and not keepdim:
                g = np.expand_dims(g, dim)
            return np.broadcast_to(g, v.shape)
        return self._add(np.asarray(v.sum(axis=dim, keepdims=keepdim)), [(a, vjp)])

    # composites
    def sigmoid(self, x):
        e = self.exp(self.neg(self.abs(x)))              # exp(-|x|) <= 1: no overflow
        pos = self.recip(self.add_const(e, 1.0))         # 1 / (1 + e)
        return self.select(self.value(x) >= 0, pos, self.mul(e, pos))

    def tanh(self, x):
        return self.add_const(self.scale(self.sigmoid(self.scale(x, 2.0)), 2.0), -1.0)   # 2 * sigmoid(2x) - 1

    def order(self, out):
        """Nodes reachable from ``out``, each after every node that uses it (Kahn's algorithm, no recursion)."""
        users = {}
        stack, seen = [out], {out}
        while stack:
            nid = stack.pop()
            for p, _ in self.nodes[nid]["parents"]:
                users[p] = users.get(p, 0) + 1
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        ready, order = [out], []
        while ready:
            nid = ready.pop()
            order.append(nid)
            for p, _ in self.nodes[nid]["parents"]:
                users[p] -= 1
                if users[p] == 0:
                    ready.append(p)
        return order

    def backward(self, out, g):
        grads = {out: np.asarray(g, dtype=np.float64)}
        for nid in self.order(out):
            if nid not in grads:
                continue
            for p, vjp in self.nodes[nid]["parents"]:
                contrib = reduce_to(vjp(grads[nid]), self.value(p).shape)
                grads[p] = grads[p] + contrib if p in grads else contrib
        return grads


def _op(build, arity):
    def forward(ctx, *args):
        graph = Graph()
        leaves = [graph.leaf(t.detach().numpy()) for t in args[:arity]]
        out = build(graph, *leaves, *args[arity:])
        ctx.graph, ctx.leaves, ctx.out, ctx.extra = graph, leaves, out, len(args) - arity
        return minigrad.tensor(np.asarray(graph.value(out)))

    def backward(ctx, grad_output):
        grads = ctx.graph.backward(ctx.out, grad_output.detach().numpy())
        res = tuple(minigrad.tensor(np.ascontiguousarray(grads.get(leaf, np.zeros_like(ctx.graph.value(leaf)))))
                    for leaf in ctx.leaves) + (None,) * ctx.extra
        return res if len(res) > 1 else res[0]
    return {"forward": staticmethod(forward), "backward": staticmethod(backward)}


Add = type("Add", (Function,), _op(lambda g, a, b: g.add(a, b), 2))
Mul = type("Mul", (Function,), _op(lambda g, a, b: g.mul(a, b), 2))
Div = type("Div", (Function,), _op(lambda g, a, b: g.mul(a, g.recip(b)), 2))
Exp = type("Exp", (Function,), _op(lambda g, x: g.exp(x), 1))
Log = type("Log", (Function,), _op(lambda g, x: g.log(x), 1))
ReLU = type("ReLU", (Function,), _op(lambda g, x: g.relu(x), 1))
Tanh = type("Tanh", (Function,), _op(lambda g, x: g.tanh(x), 1))
Sigmoid = type("Sigmoid", (Function,), _op(lambda g, x: g.sigmoid(x), 1))
MatMul = type("MatMul", (Function,), _op(lambda g, a, b: g.matmul(a, b), 2))
Sum = type("Sum", (Function,), _op(lambda g, x, dim=None, keepdim=False: g.total(x, dim, keepdim), 1))
