"""An instructor-defined assignment: a Function, a plain function built from minigrad ops, an optimizer
with a reference written here, and a custom check."""
import math

import numpy as np

import minigrad
from minigrad.grading import Assignment, FunctionTask, OptimizerTask, Task, Test, Case, Steps, Same, Fail, randn, uniform
from minigrad.optim import Optimizer


def leaky_relu(x):
    return minigrad.where(x > 0, x, 0.01 * x)


class SignSGD(Optimizer):
    """The reference: p -= lr * sign(grad)."""

    def __init__(self, params, lr):
        super().__init__(params, dict(lr=lr))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p -= group["lr"] * p.grad.sign()


def check_he_init(init, rng, device):
    w = init(400, 300)
    assert isinstance(w, minigrad.Tensor), f"he_init returned a {type(w).__name__}, not a Tensor"
    assert tuple(w.shape) == (300, 400), f"he_init(400, 300) has shape {tuple(w.shape)}, expected (300, 400)"
    std = float(w.detach().numpy().std())
    if abs(std - math.sqrt(2 / 400)) > 0.01:
        raise Fail(f"he_init(400, 300) has standard deviation {std:.2f}; He initialisation uses sqrt(2 / fan_in)")


ASSIGNMENT = Assignment("activations", description="Activations, an optimizer and an initialiser.", tasks=[
    FunctionTask("LeakyReLU", leaky_relu, arg_names=("x",), doc="out = x if x > 0 else 0.01 * x", tests=[
        Test("forward", 2, "forward", [Case(uniform(3, 4, low=0.1, high=2, random_sign=True))]),
        Test("backward", 3, "backward", [Case(uniform(3, 4, low=0.1, high=2, random_sign=True))],
             hint="the slope is 0.01 for negative inputs"),
        Test("finite differences", 1, "gradcheck", [Case(uniform(2, 3, low=0.1, high=2, random_sign=True))],
             visibility="hidden"),
    ]),
    FunctionTask("softmax", lambda x: minigrad.softmax(x, dim=-1), arg_names=("x",), require_function=False,
                 signature="x", doc="softmax over the last dimension, with minigrad operations", tests=[
        Test("forward", 2, "forward", [Case(randn(4, 5)), Case(np.array([[1e4, -1e4, 0.0]]), label="large x")]),
        Test("gradients", 2, "backward", [Case(randn(4, 5))], visibility="after_due_date"),
        Test("reused inputs", 1, "autograd", [Case(randn(2, 3))], visibility="after_published"),
    ]),
    OptimizerTask("SignSGD", SignSGD, signature="params, lr", doc="p -= lr * sign(p.grad)", tests=[
        Test("steps", 3, "trajectory", [Steps(3, lr=0.1)]),
        Test("p.grad unchanged", 1, "grad_unchanged", [Steps(2, lr=0.1)], visibility="hidden"),
    ]),
    Task("he_init", signature="fan_in, fan_out", doc="A (fan_out, fan_in) tensor with std sqrt(2 / fan_in).",
         tests=[Test("standard deviation", 2, check_he_init)]),
])
