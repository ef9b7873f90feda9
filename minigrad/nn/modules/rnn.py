"""torch.nn.modules.rnn's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..rnn import RNNBase, RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell  # noqa: F401
from ..rnn import _CellBase as RNNCellBase  # noqa: F401
