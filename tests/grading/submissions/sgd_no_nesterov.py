"""Bug: nesterov=True is accepted but ignored (plain momentum)."""
from sgd_correct import SGD as _Correct


class SGD(_Correct):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr, momentum, dampening, weight_decay, nesterov=False)
