"""``minigrad.nn``: Module, Parameter, layers, losses, init and functional -- torch's names."""
from . import functional, init
from .module import Module
from .parameter import Buffer, Parameter
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .layers import (AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout,
                     ELU, Embedding, Flatten, GELU, Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d,
                     ReLU, ReLU6, SiLU, Sigmoid, Softmax, Softplus, Tanh, Unflatten)
from .loss import BetaDivergenceLoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, KLDivLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss, HuberLoss
from . import utils

# --- breadth ops ---
from .activation import *  # noqa: E402,F401,F403
from .transformer import *  # noqa: E402,F401,F403
from .conv_extra import *  # noqa: E402,F401,F403
from .norm_extra import *  # noqa: E402,F401,F403
from .fractional import FractionalMaxPool2d, FractionalMaxPool3d  # noqa: E402,F401
from .loss_extra import *  # noqa: E402,F401,F403
from .rnn import *  # noqa: E402,F401,F403
from .lazy import *  # noqa: E402,F401,F403
from .adaptive import AdaptiveLogSoftmaxWithLoss  # noqa: E402,F401
from .utils import rnn as _rnn_utils  # noqa: E402,F401  (makes minigrad.nn.utils.rnn available)
from . import modules  # noqa: E402,F401  (torch.nn.modules' paths: nn.modules.loss._Loss, ...)
from . import attention, common_types, parallel  # noqa: E402,F401  (loaded with nn, as torch's)
from .parallel import DataParallel  # noqa: E402,F401
