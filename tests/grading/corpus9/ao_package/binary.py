# -*- coding: utf-8 -*-
"""Binary ops: ∂(a·b)/∂a = b, ∂(a/b)/∂b = −a/b²."""
from __future__ import annotations

import math
from typing import Tuple

import numpy as np
from scipy import special  # noqa: F401  (used in unary)

import minigrad
from minigrad.autograd import Function

Array = np.ndarray


def unbroadcast(g: Array, shape: Tuple[int, ...]) -> Array:
	"""Sum ``g`` down to ``shape`` (the inverse of broadcasting)."""
	while g.ndim > len(shape):
		g = g.sum(0)
	for axis, size in enumerate(shape):
		if size == 1 and g.shape[axis] != 1:
			g = g.sum(axis, keepdims=True)
	return g


class Add(Function):
	@staticmethod
	def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
		ctx.a_shape, ctx.b_shape = tuple(a.shape), tuple(b.shape)
		return minigrad.tensor(np.add(a.detach().numpy(), b.detach().numpy()))

	@staticmethod
	def backward(ctx, grad_output: minigrad.Tensor) -> Tuple[minigrad.Tensor, minigrad.Tensor]:
		g = grad_output.detach().numpy()
		return minigrad.tensor(unbroadcast(g, ctx.a_shape)), minigrad.tensor(unbroadcast(g, ctx.b_shape))


class Mul(Function):
	@staticmethod
	def forward(ctx, a, b):
		ctx.save_for_backward(a, b)
		return minigrad.tensor(a.detach().numpy() * b.detach().numpy())

	@staticmethod
	def backward(ctx, grad_output):
		a, b = (t.detach().numpy() for t in ctx.saved_tensors)
		g = grad_output.detach().numpy()
		return minigrad.tensor(unbroadcast(g * b, a.shape)), minigrad.tensor(unbroadcast(g * a, b.shape))


class Div(Function):
	@staticmethod
	def forward(ctx, a, b):
		ctx.save_for_backward(a, b)
		return minigrad.tensor(a.detach().numpy() / b.detach().numpy())

	@staticmethod
	def backward(ctx, grad_output):
		a, b = (t.detach().numpy() for t in ctx.saved_tensors)
		g = grad_output.detach().numpy()
		return (minigrad.tensor(unbroadcast(g / b, a.shape)),
		        minigrad.tensor(unbroadcast(-g * a / np.square(b), b.shape)))


class MatMul(Function):
	@staticmethod
	def forward(ctx, a, b):
		ctx.save_for_backward(a, b)
		return minigrad.tensor(a.detach().numpy() @ b.detach().numpy())

	@staticmethod
	def backward(ctx, grad_output):
		a, b = (t.detach().numpy() for t in ctx.saved_tensors)
		g = grad_output.detach().numpy()
		return minigrad.tensor(g @ b.T), minigrad.tensor(a.T @ g)


if __name__ == "__main__":
	x = minigrad.tensor(np.random.randn(3, 4))
	for i in range(200):
		print("self-test", i, "∂", math.pi, Add.apply(x, x).sum())
