"""Recurrent layers: RNN, LSTM, GRU and their cells, with torch's parameter names
(``weight_ih_l0``, ``weight_hh_l0_reverse``...), gate order (LSTM: i, f, g, o; GRU: r, z, n), shapes and
initialisation, so torch weights load unchanged.

Each layer computes the input's contribution for all time steps in one matrix product, then loops
over time steps (the recurrence is inherently sequential) with one small product per step.
"""
from __future__ import annotations

import math
import numbers
import warnings

from .. import dtypes
from ..autograd.function import named
from ..factories import empty, tensor, zeros
from ..ops.pointwise import where
from ..ops.shape import cat, stack
from ..tensor import Tensor
from . import functional as F
from . import init
from .functional_extra import pad
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _cell_step(mode, gi, h, c, w_hh_t, b_hh, w_hr_t=None):
    """One time step: gi = the input's part of the gates (x W_ihᵀ + b_ih), w_hh_t = W_hhᵀ; returns (h', c').
    ``w_hr_t``: an LSTM's projection W_hrᵀ (proj_size), applied to h'."""
    gh = h @ w_hh_t
    if b_hh is not None:
        gh = gh + b_hh
    if mode == "LSTM":
        gates = gi + gh
        hs = c.shape[-1]
        ifo = cat([gates[..., :2 * hs], gates[..., 3 * hs:]], -1).sigmoid()      # i, f, o in one op
        i, f, o = ifo[..., :hs], ifo[..., hs:2 * hs], ifo[..., 2 * hs:]
        c = f * c + i * gates[..., 2 * hs:3 * hs].tanh()
        h = o * c.tanh()
        return (h if w_hr_t is None else h @ w_hr_t), c
    if mode == "GRU":
        ir, iz, in_ = gi.chunk(3, -1)
        hr, hz, hn = gh.chunk(3, -1)
        r, z = (ir + hr).sigmoid(), (iz + hz).sigmoid()
        n = (in_ + r * hn).tanh()
        return (1 - z) * n + z * h, None
    pre = gi + gh
    return (pre.tanh() if mode == "RNN_TANH" else pre.relu()), None


def _items(hx):
    """How many items hx[i] can read from an LSTM's hx (a tensor by its first dim; anything else: enough)."""
    if isinstance(hx, Tensor):
        return hx.shape[0] if hx.ndim else 0
    return len(hx) if isinstance(hx, (tuple, list)) else 2


def _describe(hx):
    if isinstance(hx, Tensor):
        return f"a Tensor of shape {tuple(hx.shape)}"
    return type(hx).__name__ + (f" of length {len(hx)}" if isinstance(hx, (tuple, list)) else "")


def _padded(data, sizes):
    """Packed rows (Σ sizes, H) -> (T, B, H), zeros past each sequence's end."""
    rows, start, batch = [], 0, sizes[0]
    for b in sizes:
        chunk = data[start:start + b]
        start += b
        rows.append(pad(chunk, (0, 0, 0, batch - b)) if b < batch else chunk)
    return stack(rows)


class RNNBase(Module):
    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if isinstance(dropout, bool) or not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an element "
                             "being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}",
                          stacklevel=3)
        if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        for what, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
            if value <= 0:
                raise ValueError(f"{what} must be greater than zero ({type(self).__name__}: got {value})")
        for what, value in (("batch_first", batch_first), ("bias", bias)):
            if not isinstance(value, bool):
                raise TypeError(f"{what} should be of type bool, got: {type(value).__name__} ({type(self).__name__}: "
                                f"pass {what}=True or False)")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError(f"proj_size has to be smaller than hidden_size ({type(self).__name__}: proj_size "
                             f"{proj_size}, hidden_size {hidden_size})")
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, proj_size
        kw = dict(device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())
        gates = _GATES[mode] * hidden_size
        dirs = 2 if bidirectional else 1
        out_size = proj_size or hidden_size                   # h's size (an LSTM's projection makes it smaller)
        self._flat_weights_names = []
        for layer in range(num_layers):
            for d in range(dirs):
                suffix = f"_l{layer}" + ("_reverse" if d else "")
                layer_in = input_size if layer == 0 else out_size * dirs
                names = [("weight_ih" + suffix, (gates, layer_in)), ("weight_hh" + suffix, (gates, out_size))]
                if bias:
                    names += [("bias_ih" + suffix, (gates,)), ("bias_hh" + suffix, (gates,))]
                if proj_size:
                    names.append(("weight_hr" + suffix, (proj_size, hidden_size)))
                for name, shape in names:
                    setattr(self, name, Parameter(empty(*shape, **kw)))
                    self._flat_weights_names.append(name)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for w in self.parameters():
            init.uniform_(w, -stdv, stdv)

    def _weights(self, layer, d):
        suffix = f"_l{layer}" + ("_reverse" if d else "")
        get = lambda n: getattr(self, n + suffix, None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih") if self.bias else None, \
            get("bias_hh") if self.bias else None, get("weight_hr")

    def forward(self, input, hx=None):
        name = type(self).__name__
        if not isinstance(self.bidirectional, bool):             # as torch, refused when the layer runs
            op = {"RNN_TANH": "rnn_tanh", "RNN_RELU": "rnn_relu"}.get(self.mode, self.mode.lower())
            raise TypeError(f"{op}() received an invalid combination of arguments - got bidirectional="
                            f"{self.bidirectional!r} ({type(self.bidirectional).__name__}), but expected a bool "
                            f"({name}: pass bidirectional=True or False)")
        if self.proj_size and self.mode != "LSTM":                # (given positionally: torch builds it, then fails)
            raise RuntimeError(f"Expected hidden size without a projection ({name}: proj_size={self.proj_size} was "
                               "given, but only LSTM has a projection; build the layer without it)")
        packed = isinstance(input, PackedSequence)
        lengths = None
        if packed:                               # run on the padded batch, sequences masked past their length
            sizes = [int(b) for b in input.batch_sizes.tolist()]
            lengths = [sum(1 for b in sizes if b > i) for i in range(sizes[0])]
            x = _padded(input.data, sizes)                                  # (T, B, H_in), longest first
            batched = True
            if hx is not None and input.sorted_indices is not None:          # the user's order -> sorted order
                hx = tuple(h.index_select(1, input.sorted_indices) for h in hx) if self.mode == "LSTM" else \
                    hx.index_select(1, input.sorted_indices)
        else:
            if not isinstance(input, Tensor):
                kind = type(input)
                what = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__.split('.')[0]}.{kind.__name__}"
                raise AttributeError(f"'{what}' object has no attribute 'dim' ({name}: the input must be a Tensor; "
                                     "convert it with torch.as_tensor(...))")
            if input.ndim not in (2, 3):
                raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.ndim}D instead")
            batched = input.ndim == 3
            x = input if batched else input.unsqueeze(1)
            if batched and self.batch_first:
                x = x.transpose(0, 1)                                       # (L, N, H_in)
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"{name}: input.size(-1) must be equal to input_size. Expected {self.input_size}, got "
                               f"{x.shape[-1]}")
        if x.shape[0] == 0:
            raise RuntimeError(f"Expected sequence length to be larger than 0 in RNN ({name}: input of shape "
                               f"{tuple(input.shape)} has no time steps)")
        if x.dtype != self.weight_ih_l0.dtype:
            raise ValueError(f"RNN input dtype ({x.dtype}) does not match weight dtype ({self.weight_ih_l0.dtype}). "
                             f"Convert input: input.to({self.weight_ih_l0.dtype}), or convert model: "
                             f"model.to({x.dtype})")
        steps, n = x.shape[0], x.shape[1]
        dirs = 2 if self.bidirectional else 1
        lstm = self.mode == "LSTM"
        out_size = self.proj_size or self.hidden_size
        h0 = c0 = None
        if hx is not None:
            if lstm and _items(hx) < 2:                        # torch reads hx[0], hx[1]: an IndexError
                head = ("tuple index out of range" if not isinstance(hx, Tensor) else
                        f"index 1 is out of bounds for dimension 0 with size {_items(hx)}")
                raise IndexError(f"{head} ({name}: hx must be a tuple (h_0, c_0) of two tensors, got "
                                 f"{_describe(hx)})")
            if lstm and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
                raise RuntimeError(f"lstm expects two hidden states ({name}: hx must be a tuple (h_0, c_0) of two "
                                   f"tensors, got {_describe(hx)})")
            h0, c0 = hx if lstm else (hx, None)
            if not batched:
                if h0.ndim != 2 or (c0 is not None and c0.ndim != 2):
                    raise RuntimeError(f"For unbatched 2-D input, hx{' and cx' if lstm else ''} should also be 2-D but "
                                       f"got ({h0.ndim}-D{f', {c0.ndim}-D' if lstm else ''}) tensors ({name})")
                h0 = h0.unsqueeze(1)
                c0 = c0.unsqueeze(1) if c0 is not None else None
            for t, size in ((h0, out_size), (c0, self.hidden_size)):
                expected = (self.num_layers * dirs, n, size)
                if t is not None and tuple(t.shape) != expected:
                    raise RuntimeError(f"Expected hidden size {expected}, got {list(t.shape)} ({name})")
                if t is not None and t.dtype != x.dtype:
                    raise RuntimeError(f"{name}: the hidden state's dtype {t.dtype} differs from the input's "
                                       f"{x.dtype}; convert it with .to({x.dtype})")
        if h0 is None:
            h0 = zeros(self.num_layers * dirs, n, out_size, dtype=x.dtype, device=x.device)
        if lstm and c0 is None:
            c0 = zeros(self.num_layers * dirs, n, self.hidden_size, dtype=x.dtype, device=x.device)
        masks = None
        if lengths is not None:                   # masks[t]: (B, 1), True for the sequences still running
            lens = tensor(lengths, device=x.device).reshape(-1, 1)
            masks = [lens > t for t in range(steps)]
        h_n, c_n = [], []
        layer_in = x
        for layer in range(self.num_layers):
            outs = []
            for d in range(dirs):
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(layer, d)
                gi_all = layer_in @ w_ih.t()                                  # every step's input part at once
                if b_ih is not None:
                    gi_all = gi_all + b_ih
                k = layer * dirs + d
                h, c = h0[k], c0[k] if lstm else None
                w_hh_t = w_hh.t()                                             # once per layer, not per step
                w_hr_t = w_hr.t() if w_hr is not None else None
                seq = [None] * steps
                for t in (range(steps - 1, -1, -1) if d else range(steps)):   # a loop over time steps only
                    h_new, c_new = _cell_step(self.mode, gi_all[t], h, c, w_hh_t, b_hh, w_hr_t)
                    if masks is None:
                        h, c = h_new, c_new
                        seq[t] = h
                    else:                     # finished sequences keep their state and output zeros
                        h = where(masks[t], h_new, h)
                        c = where(masks[t], c_new, c) if lstm else None
                        seq[t] = h_new * masks[t]
                outs.append(stack(seq) if steps else gi_all[..., :out_size] * 0)
                h_n.append(h)
                if lstm:
                    c_n.append(c)
            layer_in = cat(outs, -1) if dirs == 2 else outs[0]
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_in = F.dropout(layer_in, self.dropout, True)
        out = layer_in
        h_n = stack(h_n)
        c_n = stack(c_n) if lstm else None
        if packed:
            out = PackedSequence(cat([out[t, :b] for t, b in enumerate(sizes)]), input.batch_sizes,
                                 input.sorted_indices, input.unsorted_indices)
            if input.unsorted_indices is not None:                           # back to the user's order
                h_n = h_n.index_select(1, input.unsorted_indices)
                c_n = c_n.index_select(1, input.unsorted_indices) if lstm else None
            return (out, (h_n, c_n)) if lstm else (out, h_n)
        if lstm and dirs == 1 and not self.proj_size and out.dtype == dtypes.float32 and out.device.type == "cpu":
            named(out, "MkldnnRnnLayerBackward0")       # (torch's name: its CPU LSTM layer is one oneDNN node)
        if batched and self.batch_first:
            out = named(out.transpose(0, 1), "TransposeBackward0" if lstm else "TransposeBackward1")    # (torch's)
        if not batched:
            out, h_n = out.squeeze(1), h_n.squeeze(1)
            c_n = c_n.squeeze(1) if c_n is not None else None
        return (out, (h_n, c_n)) if lstm else (out, h_n)

    def flatten_parameters(self):
        """cuDNN's weight layout hint in torch; nothing to do here."""

    @property
    def _flat_weights(self):
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters of each layer and direction (a list of lists, in torch's order)."""
        w = self._flat_weights
        per = len(w) // (self.num_layers * (2 if self.bidirectional else 1))
        return [w[i:i + per] for i in range(0, len(w), per)]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


def _no_projection(proj_size):
    """RNN and GRU take no proj_size (torch's ValueError names the layer that does)."""
    if proj_size is not None:
        raise ValueError(f"proj_size argument is only supported for LSTM, not RNN or GRU (got proj_size={proj_size}; "
                         f"use nn.LSTM(..., proj_size=...) for a projected hidden state)")


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh) (or relu)."""

    def __init__(self, *args, **kwargs):
        # torch's positional order: RNNBase's with the nonlinearity fourth (input_size, hidden_size, num_layers,
        # nonlinearity, bias, batch_first, dropout, bidirectional, proj_size, device, dtype)
        _no_projection(kwargs.pop("proj_size", None))
        if len(args) > 3:
            nonlinearity, args = args[3], args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory; ``forward(input, (h0, c0))`` returns (output, (h_n, c_n))."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, device, dtype)


class GRU(RNNBase):
    """Gated recurrent unit; ``forward(input, h0)`` returns (output, h_n)."""

    def __init__(self, *args, **kwargs):          # RNNBase's positional order, as torch (proj_size eighth)
        _no_projection(kwargs.pop("proj_size", None))
        super().__init__("GRU", *args, **kwargs)


class _CellBase(Module):
    mode = None

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None, mode=None):
        super().__init__()
        if mode is not None:
            self.mode = mode
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        kw = dict(device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())
        gates = _GATES[self.mode] * hidden_size
        self.weight_ih = Parameter(empty(gates, input_size, **kw))
        self.weight_hh = Parameter(empty(gates, hidden_size, **kw))
        if bias:
            self.bias_ih = Parameter(empty(gates, **kw))
            self.bias_hh = Parameter(empty(gates, **kw))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        stdv = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
        for w in self.parameters():
            init.uniform_(w, -stdv, stdv)

    def _step(self, input, h, c):
        name = type(self).__name__
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        for what, t in (("hidden" if self.mode != "LSTM" else "hx[0]", h), ("hx[1]", c)):
            if t is not None and t.ndim not in (1, 2):
                raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got {t.ndim}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[-1]} expected {self.input_size} "
                               f"({name}: input of shape {tuple(input.shape)})")
        for i, t in enumerate((h, c)):
            if t is None:
                continue
            if t.shape[-1] != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {t.shape[-1]}, expected "
                                   f"{self.hidden_size} ({name}: hidden state of shape {tuple(t.shape)})")
            if t.ndim != input.ndim or (t.ndim == 2 and t.shape[0] != input.shape[0]):
                raise RuntimeError(f"Input batch size {input.shape[0] if input.ndim == 2 else 1} doesn't match "
                                   f"hidden{i} batch size {t.shape[0] if t.ndim == 2 else 1} ({name}: input "
                                   f"{tuple(input.shape)}, hidden state {tuple(t.shape)})")
        if input.dtype != self.weight_ih.dtype:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {input.dtype} and "
                               f"{self.weight_ih.dtype} ({name}: convert the input with .to({self.weight_ih.dtype}) "
                               f"or the cell with .to({input.dtype}))")
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        n = x.shape[0]
        if h is None:
            h = zeros(n, self.hidden_size, dtype=x.dtype, device=x.device)
        elif not batched:
            h = h.unsqueeze(0)
        if self.mode == "LSTM":
            if c is None:
                c = zeros(n, self.hidden_size, dtype=x.dtype, device=x.device)
            elif not batched:
                c = c.unsqueeze(0)
        gi = x @ self.weight_ih.t()
        if self.bias_ih is not None:
            gi = gi + self.bias_ih
        h, c = _cell_step(self.mode, gi, h, c, self.weight_hh.t(), self.bias_hh)
        if not batched:
            h = h.squeeze(0)
            c = c.squeeze(0) if c is not None else None
        return h, c

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class RNNCell(_CellBase):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, device, dtype,
                         mode="RNN_RELU" if nonlinearity == "relu" else "RNN_TANH")
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity not in ("tanh", "relu"):     # as torch, checked when the cell runs
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity} (RNNCell: use 'tanh' or 'relu')")
        return self._step(input, hx, None)[0]


class LSTMCell(_CellBase):
    mode = "LSTM"

    def forward(self, input, hx=None):
        if isinstance(hx, Tensor):          # as torch: a tensor is read as the sequence of its rows hx[0], hx[1]...
            for i, row in enumerate(hx):
                if row.ndim not in (1, 2):
                    raise ValueError(f"LSTMCell: Expected hx[{i}] to be 1D or 2D, got {row.ndim}D instead (hx is a "
                                     f"tensor of shape {tuple(hx.shape)}; pass hx=(h, c), two tensors of shape "
                                     "(batch, hidden_size))")
            if input.ndim == 2:
                raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor "
                                "(LSTMCell: pass hx=(h, c), two tensors of shape (batch, hidden_size))")
            hx = (hx[0], hx[1])             # (an unbatched input: torch takes the first two rows as h and c)
        if hx is not None and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            raise RuntimeError(f"lstm_cell expects two hidden states (LSTMCell: hx must be a tuple (h, c), got "
                               f"{_describe(hx)})")
        h, c = (None, None) if hx is None else hx
        return self._step(input, h, c)


class GRUCell(_CellBase):
    mode = "GRU"

    def forward(self, input, hx=None):
        return self._step(input, hx, None)[0]


__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]
