"""SGD whose step does nothing: it never touches p.grad, but that earns nothing."""
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr))

    def step(self, closure=None):
        pass
