"""autograd-ops as a package: the classes live in ops/, helpers in _util.py, imported relatively."""
from .ops.elementwise import Add, Mul, Div, Exp, Log, ReLU, Tanh, Sigmoid
from .ops.linalg import MatMul, Sum

__all__ = ["Add", "Mul", "Div", "Exp", "Log", "ReLU", "Tanh", "Sigmoid", "MatMul", "Sum"]
