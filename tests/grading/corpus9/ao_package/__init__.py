"""Autograd ops — un paquet écrit à la main (∂L/∂x)."""
from .binary import Add, Mul, Div, MatMul
from .unary import *
from .reduce import Sum

__all__ = ["Add", "Mul", "Div", "MatMul", "Exp", "Log", "ReLU", "Tanh", "Sigmoid", "Sum"]
