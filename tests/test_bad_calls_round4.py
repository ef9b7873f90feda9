"""Round 4 of bad calls, compared with torch 2.13: indexing and x[i] = v, reductions with bad dims, view/reshape/
expand/permute, cat/stack, the matmul family, nn.functional (conv, pool, pad, interpolate, embedding, one_hot,
cross_entropy...), optimizers, dtype conversions, comparisons, in-place broadcasting and ``out=``. minigrad raises
the same exception class as torch and its message names the op (or the thing at fault: the second item), and where
torch accepts a call minigrad gives the same value. The cases come from ``scripts/bad_calls_round4_cases.py``
(run ``scripts/probe_bad_calls_round4.py`` to see every remaining difference); the calls where minigrad still
differs on purpose are listed at the end, with the reason."""
import warnings

import numpy as np
import pytest
import torch

import minigrad


def _outcome(lib, code):
    env = {"lib": lib, "nn": lib.nn, "F": lib.nn.functional, "optim": lib.optim, "np": np}
    lib.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(code, env)
            return "value", env.get("R")
        except Exception as e:  # noqa: BLE001 -- the class is what is compared
            return "error", e


def _plain(r):
    if hasattr(r, "shape") and hasattr(r, "dtype"):
        return ("tensor", tuple(r.shape), str(r.dtype).split(".")[-1], str(r.detach().numpy().tolist()))
    if isinstance(r, (list, tuple)):
        return tuple(_plain(x) for x in r)
    if r is None or isinstance(r, (bool, int, float, str)):
        return r
    return type(r).__name__


# (code, a word the message must contain)
ERRORS = [
    ('R = lib.arange(6.)[1.5]', 'indices'),
    ('R = lib.arange(6.)[None, 7]', 'index'),
    ('R = lib.arange(6.)[-7]', 'index'),
    ('R = lib.arange(6.).reshape(2, 3)[2]', 'index'),
    ('R = lib.arange(6.).reshape(2, 3)[:, 3]', 'index'),
    ('R = lib.arange(6.).reshape(2, 3)[0, 0, 0]', 'index'),
    ('R = lib.arange(6.)[lib.tensor([6])]', 'tensor'),
    ('R = lib.arange(6.)[lib.tensor([-7])]', 'tensor'),
    ('R = lib.arange(6.)[lib.tensor([1.0])]', 'tensor'),
    ('R = lib.arange(6.)[lib.tensor([True, False])]', 'tensor'),
    ('R = lib.arange(6.).reshape(2, 3)[lib.tensor([True, False, True])]', 'tensor'),
    ('R = lib.arange(6.).reshape(2, 3)[lib.ones(3, 2, dtype=lib.bool)]', 'index'),
    ('R = lib.arange(6.)[[0, 7]]', 'index'),
    ('R = lib.arange(6.)[{0: 1}]', 'indices'),
    ("R = lib.arange(6.)['0']", 'indices'),
    ('R = lib.arange(6.)[lib.tensor(1.5)]', 'tensor'),
    ('R = lib.arange(6.)[lib.tensor([[0, 1], [2, 9]])]', 'tensor'),
    ('R = lib.arange(6.)[object()]', 'object'),
    ('R = lib.arange(6.)[1:2:0]', 'index'),
    ('R = lib.arange(6.)[lib.tensor([0, 1], dtype=lib.uint8)]', 'tensor'),
    ('R = lib.tensor(5.)[0]', 'tensor'),
    ('X = lib.arange(6.); X[7] = 1', 'index'),
    ('X = lib.arange(6.); X[lib.tensor([0, 9])] = 1', 'tensor'),
    ('X = lib.arange(6.); X[lib.tensor([True])] = 1', 'tensor'),
    ('X = lib.arange(6.); X[:3] = lib.ones(4)', 'setitem'),
    ('X = lib.arange(6.); X[:3] = lib.ones(2, 3)', 'setitem'),
    ('X = lib.arange(6.); X[1.5] = 1', 'indices'),
    ('X = lib.arange(6.); X[:2] = [1, 2, 3]', 'setitem'),
    ('X = lib.arange(6.); X[lib.tensor([0, 1])] = lib.ones(3)', 'tensor'),
    ('X = lib.arange(6.).reshape(2, 3); X[lib.ones(2, 2, dtype=lib.bool)] = 0', 'index'),
    ('X = lib.arange(6.); X[lib.tensor([0.])] = 1', 'tensor'),
    ('X = lib.arange(6.); X[...] = lib.ones(2)', 'setitem'),
    ('X = lib.arange(6.); X[0] = lib.ones(2)', 'setitem'),
    ('X = lib.arange(6.); X[0] = None', 'setitem'),
    ('R = lib.ones(2, 3).sum(3)', 'sum'),
    ('R = lib.ones(2, 3).sum(-3)', 'sum'),
    ('R = lib.ones(2, 3).sum((0, 0))', 'sum'),
    ('R = lib.ones(2, 3).sum(1.5)', 'sum'),
    ('R = lib.ones(2, 3).mean(2)', 'mean'),
    ('R = lib.ones(2, 3).mean((0, 3))', 'mean'),
    ('R = lib.ones(2, 3).max(2)', 'max'),
    ('R = lib.ones(2, 3).max(dim=1.0)', 'max'),
    ('R = lib.ones(2, 3).argmax(5)', 'argmax'),
    ('R = lib.ones(2, 3).prod(2)', 'prod'),
    ('R = lib.ones(2, 3).std(2)', 'std'),
    ('R = lib.ones(2, 3).var((0, 0))', 'var'),
    ('R = lib.ones(2, 3).logsumexp(2)', 'logsumexp'),
    ('R = lib.ones(2, 3).cumsum(2)', 'cumsum'),
    ('R = lib.ones(2, 3).cumsum()', 'cumsum'),
    ('R = lib.ones(2, 3).amax(2)', 'amax'),
    ('R = lib.ones(2, 3).amin((1, 1))', 'amin'),
    ('R = lib.ones(2, 3).norm(dim=2)', 'norm'),
    ('R = lib.ones(2, 3).any(2)', 'any'),
    ('R = lib.ones(2, 3).all(-3)', 'all'),
    ('R = lib.ones(2, 3).softmax(-3)', 'softmax'),
    ('R = lib.ones(2, 3).log_softmax(3)', 'log_softmax'),
    ('R = lib.ones(2, 3).sort(2)', 'sort'),
    ('R = lib.ones(2, 3).argsort(2)', 'argsort'),
    ('R = lib.ones(2, 3).topk(1, dim=2)', 'topk'),
    ('R = lib.ones(2, 3).min(2)', 'min'),
    ('R = lib.ones(2, 3).median(2)', 'median'),
    ("R = lib.ones(2, 3).sum('a')", 'sum'),
    ('R = lib.ones(2, 3).count_nonzero(2)', 'count_nonzero'),
    ('R = lib.ones(0, 3).max(0)', 'max'),
    ('R = lib.ones(0, 3).argmax(0)', 'argmax'),
    ('R = lib.ones(0, 3).amax(0)', 'amax'),
    ('R = lib.tensor(1.).sum(1)', 'sum'),
    ('R = lib.ones(2, 3).view(-1, 4)', 'view'),
    ('R = lib.ones(2, 3).view(2, -2)', 'view'),
    ('R = lib.ones(2, 3).view(1.5, 4)', 'view'),
    ('R = lib.ones(2, 3).view((2, 3), 1)', 'view'),
    ('R = lib.ones(2, 3).reshape(-1, -1)', 'reshape'),
    ('R = lib.ones(2, 3).reshape(7)', 'reshape'),
    ('R = lib.ones(2, 3).reshape(0, -1)', 'reshape'),
    ('R = lib.ones(0, 3).reshape(-1, 0)', 'reshape'),
    ('R = lib.ones(2, 3).expand(2)', 'expand'),
    ('R = lib.ones(2, 3).expand(-1, -1, 3)', 'expand'),
    ('R = lib.ones(2, 3).expand(3, -1)', 'expand'),
    ('R = lib.ones(2, 3).expand(2, 3, 4)', 'expand'),
    ('R = lib.ones(2, 3).expand(-2, 3)', 'expand'),
    ('R = lib.ones(2, 3).expand_as(lib.ones(4))', 'expand'),
    ('R = lib.ones(2, 3).permute(0)', 'permute'),
    ('R = lib.ones(2, 3).permute(0, 1, 2)', 'permute'),
    ('R = lib.ones(2, 3).permute(0, 2)', 'permute'),
    ('R = lib.ones(2, 3).permute(1, -1)', 'permute'),
    ('R = lib.ones(2, 3).transpose(0, -3)', 'transpose'),
    ('R = lib.ones(2, 3, 4).t()', 't'),
    ('R = lib.ones(2, 3).flatten(1, 0)', 'flatten'),
    ('R = lib.ones(2, 3).flatten(0, 5)', 'flatten'),
    ('R = lib.ones(2, 3).unflatten(1, (2, 2))', 'unflatten'),
    ('R = lib.ones(2, 3).unflatten(1, (-1, -1))', 'unflatten'),
    ('R = lib.ones(2, 3).movedim(0, 2)', 'movedim'),
    ('R = lib.ones(2, 3).movedim((0, 1), (0,))', 'movedim'),
    ('R = lib.ones(2, 3).squeeze((0, 3))', 'squeeze'),
    ('R = lib.ones(2, 3).unsqueeze(-4)', 'unsqueeze'),
    ('R = lib.ones(2, 3).view(lib.float64)', 'view'),
    ('R = lib.ones(2, 3).repeat(2)', 'repeat'),
    ('R = lib.ones(2, 3).narrow(2, 0, 1)', 'narrow'),
    ('R = lib.ones(2, 3).select(2, 0)', 'select'),
    ('R = lib.ones(2, 3).unbind(2)', 'unbind'),
    ('R = lib.ones(2, 3).split(0)', 'split'),
    ('R = lib.ones(2, 3).split(-1)', 'split'),
    ('R = lib.ones(2, 3).chunk(2, dim=3)', 'chunk'),
    ('R = lib.ones(2, 3).roll(1, 2)', 'roll'),
    ('R = lib.ones(2, 3).flip(2)', 'flip'),
    ('R = lib.ones(2, 3).diagonal(dim1=0, dim2=0)', 'diagonal'),
    ('R = lib.cat([])', 'cat'),
    ('R = lib.stack([])', 'stack'),
    ('R = lib.cat([lib.ones(2, 3), lib.ones(2, 4)])', 'cat'),
    ('R = lib.cat([lib.ones(2, 3), lib.ones(2, 3)], dim=2)', 'cat'),
    ('R = lib.cat([lib.ones(2, 3), lib.ones(3)])', 'cat'),
    ('R = lib.cat([lib.tensor(1.), lib.tensor(2.)])', 'cat'),
    ('R = lib.cat([lib.ones(2), 1.0])', 'cat'),
    ('R = lib.cat((lib.ones(2), [1.]))', 'cat'),
    ('R = lib.cat([lib.ones(2, 3)], dim=-3)', 'cat'),
    ('R = lib.cat([lib.ones(2, 3), lib.ones(2, 3)], dim=1.0)', 'cat'),
    ('R = lib.stack([lib.ones(2, 3), lib.ones(3, 2)])', 'stack'),
    ('R = lib.stack([lib.ones(2, 3), lib.ones(2, 3)], dim=3)', 'stack'),
    ('R = lib.stack([lib.ones(2, 3), lib.ones(2, 3)], dim=-4)', 'stack'),
    ('R = lib.stack(lib.ones(2, 3))', 'stack'),
    ('R = lib.hstack([])', 'hstack'),
    ('R = lib.vstack([lib.ones(2), lib.ones(3)])', 'vstack'),
    ('R = lib.hstack([lib.ones(2, 3), lib.ones(3, 3)])', 'hstack'),
    ('R = lib.cat(None)', 'cat'),
    ('R = lib.column_stack([lib.ones(2), lib.ones(3)])', 'sizes of tensors must ma'),
    ('R = lib.ones(3) @ lib.ones(4)', 'matmul'),
    ('R = lib.ones(2, 3) @ lib.ones(4)', 'matmul'),
    ('R = lib.ones(3) @ lib.ones(4, 2)', 'matmul'),
    ('R = lib.ones(2, 2, 3) @ lib.ones(3, 2, 2)', 'matmul'),
    ('R = lib.ones(2, 3) @ lib.ones(3, 2, dtype=lib.float64)', 'matmul'),
    ('R = lib.ones(2, 3, dtype=lib.int64) @ lib.ones(3, 2)', 'matmul'),
    ('R = lib.tensor(1.) @ lib.ones(2)', 'matmul'),
    ('R = lib.ones(2) @ lib.tensor(1.)', 'matmul'),
    ('R = lib.ones(2, 3).mm(lib.ones(3))', 'mm'),
    ('R = lib.ones(2, 3).mm(lib.ones(3, 2, 1))', 'mm'),
    ('R = lib.ones(2, 3).mv(lib.ones(2))', 'mv'),
    ('R = lib.ones(2, 3).mv(lib.ones(3, 1))', 'mv'),
    ('R = lib.ones(2, 3).bmm(lib.ones(2, 3))', 'bmm'),
    ('R = lib.ones(2, 2, 3).bmm(lib.ones(3, 3, 2))', 'bmm'),
    ('R = lib.dot(lib.ones(2, 2), lib.ones(2, 2))', 'dot'),
    ('R = lib.dot(lib.ones(2), lib.ones(2, dtype=lib.float64))', 'dot'),
    ('R = lib.outer(lib.ones(2, 2), lib.ones(2))', 'outer'),
    ('R = lib.ones(2, 3) @ 2', 'matmul'),
    ('R = lib.ones(2, 3) @ [[1.], [2.], [3.]]', 'matmul'),
    ('R = lib.addmm(lib.ones(2, 2), lib.ones(2, 3), lib.ones(2, 2))', 'matmul'),
    ('R = lib.baddbmm(lib.ones(2, 2, 2), lib.ones(2, 2, 3), lib.ones(2, 2, 2))', 'matmul'),
    ('R = lib.inverse(lib.ones(3))', 'inv'),
    ('R = lib.det(lib.ones(2, 3))', 'det'),
    ("R = lib.einsum('ij,jk', lib.ones(2, 3))", 'einsum'),
    ("R = lib.einsum('ij->k', lib.ones(2, 3))", 'einsum'),
    ('R = lib.kron(lib.ones(2), 1)', 'kron'),
    ('R = lib.tensordot(lib.ones(2, 3), lib.ones(2, 3), dims=([1], [1, 0]))', 'tensordot'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3))', 'conv2d'),
    ('R = F.conv2d(lib.ones(1, 2, 2, 2), lib.ones(3, 2, 3, 3))', 'calculated padded input '),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3), stride=0)', 'conv2d'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3), padding=-1)', 'conv2d'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3), bias=lib.ones(2))', 'given weight of size [3,'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3, dtype=lib.float64))', 'conv2d'),
    ('R = F.conv2d(lib.ones(1, 4, 5, 5), lib.ones(3, 2, 3, 3), groups=2)', 'given groups=2, expected'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3), groups=0)', 'conv2d'),
    ('R = F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3), dilation=0)', 'dilation should be great'),
    ('R = F.conv1d(lib.ones(1, 2, 5), lib.ones(3, 2, 3, 3))', 'conv1d'),
    ('R = F.conv1d(lib.ones(1, 2, 2), lib.ones(3, 2, 3))', 'conv1d'),
    ('R = F.conv_transpose2d(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3))', 'conv_transpose2d'),
    ('R = F.max_pool2d(lib.ones(2, 5), 2)', 'max_pool2d'),
    ('R = F.max_pool2d(lib.ones(1, 1, 1, 1), 2)', 'max_pool2d'),
    ('R = F.max_pool2d(lib.ones(1, 1, 4, 4), 2, padding=2)', 'max_pool2d'),
    ('R = F.avg_pool2d(lib.ones(1, 1, 4, 4), 2, padding=3)', 'avg_pool2d'),
    ('R = F.avg_pool2d(lib.ones(1, 1, 1, 1), 2)', 'avg_pool2d'),
    ('R = F.max_pool1d(lib.ones(1, 1, 4), 5)', 'max_pool'),
    ('R = F.pad(lib.ones(2, 3), (1, 1, 1))', 'pad'),
    ('R = F.pad(lib.ones(2, 3), (1, 1, 1, 1, 1, 1))', 'pad'),
    ("R = F.pad(lib.ones(2, 3), (1, 1), mode='x')", 'pad'),
    ('R = F.pad(lib.ones(2, 3), (-4, 0))', 'pad'),
    ("R = F.pad(lib.ones(1, 2, 3), (3, 3), mode='reflect')", 'pad'),
    ('R = F.pad(lib.ones(2, 3), (1.5, 1))', 'pad'),
    ("R = F.pad(lib.ones(1, 2, 3), (1, 1), value='a')", 'fill_value'),
    ("R = F.interpolate(lib.ones(1, 1, 4, 4), scale_factor=2, mode='bilinear', size=3)", 'interpolate'),
    ('R = F.interpolate(lib.ones(1, 1, 4, 4))', 'interpolate'),
    ("R = F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode='x')", 'interpolate'),
    ('R = F.interpolate(lib.ones(4, 4), size=3)', 'interpolate'),
    ("R = F.interpolate(lib.ones(1, 1, 4), size=3, mode='bilinear')", 'interpolate'),
    ('R = F.interpolate(lib.ones(1, 1, 4, 4), scale_factor=-1.0)', 'interpolate'),
    ("R = F.interpolate(lib.ones(1, 1, 4, 4, dtype=lib.int64), size=2, mode='bilinear')", 'interpolate'),
    ('R = F.embedding(lib.tensor([5]), lib.ones(5, 3))', 'embedding'),
    ('R = F.embedding(lib.tensor([-1]), lib.ones(5, 3))', 'embedding'),
    ('R = F.embedding(lib.tensor([1.0]), lib.ones(5, 3))', 'embedding'),
    ('R = F.embedding(lib.tensor([1]), lib.ones(5, 3), padding_idx=7)', 'embedding'),
    ('R = nn.Embedding(5, 3)(lib.tensor([5]))', 'Embedding'),
    ('R = nn.Embedding(5, 3)(lib.tensor([0.5]))', 'Embedding'),
    ('R = F.one_hot(lib.tensor([-1]))', 'one_hot'),
    ('R = F.one_hot(lib.tensor([1.0]))', 'one_hot'),
    ('R = F.one_hot(lib.tensor([1]), -2)', 'one_hot'),
    ('R = F.one_hot(lib.tensor([1]), 0)', 'one_hot'),
    ('R = F.one_hot(lib.tensor([], dtype=lib.int64))', 'one_hot'),
    ('R = F.one_hot(lib.tensor([[1]]), 1)', 'one_hot'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1, 2]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0., 1.]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([-1, 0]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.ones(2, 2))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([[0, 1]]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(3), lib.tensor([0, 1]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3, dtype=lib.int64), lib.tensor([0, 1]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1], dtype=lib.int32))', 'cross_entropy'),
    ("R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1]), reduction='x')", 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1]), weight=lib.ones(2))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1]), ignore_index=1.5)', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3, 4), lib.tensor([[0, 1, 2, 3], [0, 1, 2, 2]]))', 'cross_entropy'),
    ('R = F.cross_entropy(lib.ones(2, 3), lib.tensor(1))', 'cross_entropy'),
    ('R = F.nll_loss(lib.ones(2, 3), lib.tensor([0, 3]))', 'nll_loss'),
    ('R = F.nll_loss(lib.ones(2, 3), lib.tensor([0]))', 'nll_loss'),
    ('R = F.mse_loss(lib.ones(2, 3), lib.ones(3, 2))', 'mse_loss'),
    ("R = F.mse_loss(lib.ones(2, 3), lib.ones(2, 3), reduction='x')", 'x is not a valid value f'),
    ('R = F.l1_loss(lib.ones(2, 3), lib.ones(4))', 'l1_loss'),
    ('R = F.binary_cross_entropy(lib.ones(2) * 2, lib.ones(2))', 'binary_cross_entropy'),
    ('R = F.binary_cross_entropy(lib.ones(2) * 0.5, lib.ones(3))', 'target size'),
    ('R = F.binary_cross_entropy_with_logits(lib.ones(2), lib.ones(3))', 'target size'),
    ('R = F.binary_cross_entropy(lib.ones(2) * 0.5, lib.ones(2, dtype=lib.int64))', 'binary_cross_entropy'),
    ('R = F.linear(lib.ones(2, 3), lib.ones(4, 3), lib.ones(3))', 'linear'),
    ('R = F.linear(lib.ones(2, 3), lib.ones(4, 3, dtype=lib.float64))', 'linear'),
    ('R = F.softmax(lib.ones(2, 3), dim=3)', 'softmax'),
    ("R = F.log_softmax(lib.ones(2, 3), 1, dtype='x')", 'log_softmax'),
    ('R = F.dropout(lib.ones(3), p=-0.1)', 'dropout'),
    ('R = F.dropout(lib.ones(3), p=1.1)', 'dropout'),
    ('R = F.batch_norm(lib.ones(2, 3), lib.zeros(4), lib.ones(4))', 'batch_norm'),
    ('R = F.layer_norm(lib.ones(2, 3), (4,))', 'given normalized_shape=['),
    ('R = F.layer_norm(lib.ones(2, 3), (3,), weight=lib.ones(4))', 'layer_norm'),
    ('R = F.group_norm(lib.ones(2, 6), 4)', 'group_norm'),
    ('R = nn.BatchNorm2d(3)(lib.ones(2, 3))', 'BatchNorm2d'),
    ('R = nn.BatchNorm1d(3)(lib.ones(2, 4))', 'BatchNorm1d'),
    ('R = nn.BatchNorm1d(3)(lib.ones(1, 3))', 'expected more than 1 val'),
    ('R = nn.Conv2d(2, 3, 3)(lib.ones(1, 4, 5, 5))', 'Conv2d'),
    ('R = nn.Conv2d(2, 3, 3, groups=2)', 'Conv2d'),
    ('R = nn.Linear(-1, 2)', 'negative dimension'),
    ('R = nn.MaxPool2d(2)(lib.ones(5))', 'max_pool2d'),
    ('R = nn.Flatten(2)(lib.ones(2, 3))', 'Flatten'),
    ('R = nn.Unflatten(1, (2, 2))(lib.ones(2, 3))', 'Unflatten'),
    ('R = nn.Sequential(nn.Linear(2, 3))(lib.ones(2, 3))', 'mat1 and mat2 shapes can'),
    ("R = F.gelu(lib.ones(2), approximate='x')", 'gelu'),
    ('R = F.hardtanh(lib.ones(2), 1.0, 0.0)', 'hardtanh'),
    ('R = F.normalize(lib.ones(2, 3), dim=2)', 'dimension out of range ('),
    ('R = F.cosine_similarity(lib.ones(2, 3), lib.ones(2, 4))', 'broadcast'),
    ('R = F.kl_div(lib.ones(2, 3), lib.ones(3, 2))', 'broadcast'),
    ('R = F.smooth_l1_loss(lib.ones(2), lib.ones(2), beta=-1.0)', 'smooth_l1_loss'),
    ('R = F.huber_loss(lib.ones(2), lib.ones(2), delta=0.0)', 'huber_loss'),
    ('R = F.unfold(lib.ones(1, 1, 4, 4), 5)', 'unfold'),
    ('R = F.pixel_shuffle(lib.ones(1, 3, 2, 2), 2)', 'pixel_shuffle'),
    ('R = F.glu(lib.ones(2, 3))', 'glu'),
    ('R = optim.SGD([], lr=0.1)', 'SGD'),
    ("R = optim.SGD(nn.Linear(2, 2).parameters(), lr='a')", "'<' not supported betwee"),
    ('R = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1, momentum=-1)', 'SGD'),
    ('R = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1, weight_decay=-1)', 'SGD'),
    ('R = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1, nesterov=True)', 'SGD'),
    ('R = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1, dampening=0.5, momentum=0.9, nesterov=True)', 'SGD'),
    ('R = optim.SGD(lib.ones(2, requires_grad=True), lr=0.1)', 'SGD'),
    ("R = optim.SGD([{'lr': 0.1}], lr=0.1)", "'params'"),
    ("p = lib.ones(2, requires_grad=True); R = optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1)", 'some parameters appear i'),
    ('R = optim.SGD([1.0], lr=0.1)', 'SGD'),
    ('R = optim.Adam(nn.Linear(2, 2).parameters(), lr=-1)', 'Adam'),
    ('R = optim.Adam(nn.Linear(2, 2).parameters(), eps=-1)', 'Adam'),
    ('R = optim.Adam(nn.Linear(2, 2).parameters(), betas=(0.9, 1.0))', 'Adam'),
    ('R = optim.Adam(nn.Linear(2, 2).parameters(), weight_decay=-0.1)', 'Adam'),
    ('R = optim.Adam(nn.Linear(2, 2).parameters(), betas=(0.9,))', 'index'),
    ('R = optim.AdamW(nn.Linear(2, 2).parameters(), lr=-0.1)', 'AdamW'),
    ('R = optim.RMSprop(nn.Linear(2, 2).parameters(), alpha=-1)', 'RMSprop'),
    ('R = optim.Adagrad(nn.Linear(2, 2).parameters(), lr=-1)', 'Adagrad'),
    ("R = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1).add_param_group({'lr': 1})", "'params'"),
    ('o = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1); R = o.load_state_dict({})', "'param_groups'"),
    ('R = optim.lr_scheduler.StepLR(None, 1)', 'nonetype is not an optim'),
    ("R = lib.ones(2).to('int99')", 'to'),
    ('R = lib.ones(2).to(lib.ones(2), lib.int64)', 'to'),
    ("R = lib.ones(2).to(dtype='float32')", 'to'),
    ("R = lib.ones(2).type('x')", 'type'),
    ('R = lib.ones(2).to(5)', 'to'),
    ("R = lib.ones(2).to('cuda:x')", 'to'),
    ('R = lib.ones(2, dtype=lib.int64, requires_grad=True)', 'only tensors of floating'),
    ('R = lib.ones(2).long().requires_grad_()', 'requires_grad_'),
    ('R = lib.ones(2, 3) == lib.ones(3, 2)', 'eq'),
    ('R = lib.ones(2, 3) < lib.ones(4)', 'lt'),
    ("R = lib.ones(2, 3) < 'a'", 'lt'),
    ('R = lib.ones(2, 3).eq(lib.ones(3, 2))', 'eq'),
    ('R = lib.ones(2, 3).gt(None)', 'gt'),
    ('R = lib.maximum(lib.ones(2, 3), lib.ones(3, 2))', 'maximum'),
    ('R = lib.maximum(lib.ones(2), 1.0)', 'maximum'),
    ('R = lib.where(lib.ones(2, dtype=lib.bool), lib.ones(3), lib.ones(2))', 'where'),
    ("R = lib.where(lib.ones(2, dtype=lib.bool), lib.ones(2), 'a')", 'where'),
    ('R = lib.logical_and(lib.ones(2), lib.ones(3))', 'logical_and'),
    ('R = lib.isclose(lib.ones(2), lib.ones(2, dtype=lib.int64))', 'isclose'),
    ('R = lib.allclose(lib.ones(2), lib.ones(2, dtype=lib.float64))', 'allclose'),
    ('a = lib.ones(3); a.add_(lib.ones(2, 3))', 'add_'),
    ('a = lib.ones(1, 3); a.mul_(lib.ones(2, 3))', 'mul_'),
    ('a = lib.ones(3); a += lib.ones(2, 3)', 'add_'),
    ('a = lib.ones(3); a -= lib.ones(4)', 'sub_'),
    ('a = lib.ones(3, 1); a *= lib.ones(1, 3)', 'mul_'),
    ('a = lib.ones(3); a /= lib.ones(2, 3)', 'div_'),
    ('a = lib.ones(3); a.copy_(lib.ones(4))', 'copy_'),
    ('a = lib.ones(3); a.copy_(lib.ones(2, 3))', 'copy_'),
    ('a = lib.ones(3, dtype=lib.int64); a *= 1.5', 'mul_'),
    ('a = lib.ones(3, dtype=lib.int64); a /= 2', 'div_'),
    ('a = lib.ones(3, dtype=lib.bool); a += 1', 'add_'),
    ('a = lib.ones(3); a.clamp_(lib.ones(2, 3))', 'clamp_'),
    ('a = lib.ones(3); a.pow_(lib.ones(2, 3))', 'pow_'),
    ('a = lib.ones(3); a.lerp_(lib.ones(2, 3), 0.5)', 'lerp_'),
    ('a = lib.ones(3); a.addcmul_(lib.ones(2, 3), lib.ones(3))', 'addcmul_'),
    ('a = lib.ones(3); a.masked_fill_(lib.ones(2, 3, dtype=lib.bool), 0)', 'masked_fill_'),
    ('a = lib.ones(3).expand(2, 3); a.add_(1)', 'add_'),
    ("a = lib.ones(3); a.add_(lib.ones(3), alpha='x')", 'add_'),
    ('a = lib.ones(3, dtype=lib.int64); a.add_(lib.ones(3))', 'add_'),
    ('a = lib.ones(3); a.exp_(1)', 'exp_'),
    ('a = lib.ones(3); a.fill_(lib.ones(2))', 'fill_'),
    ('a = lib.ones(3); a.zero_(1)', 'zero_'),
    ('o = lib.zeros(2, dtype=lib.int64); R = lib.add(lib.ones(2), lib.ones(2), out=o)', 'add'),
    ('o = lib.zeros(2); R = lib.sqrt(lib.ones(2), out=[1, 2])', 'sqrt'),
    ('o = lib.zeros(2, requires_grad=True); R = lib.exp(lib.ones(2), out=o)', 'exp'),
    ('o = lib.zeros(2); R = lib.exp(lib.ones(2, requires_grad=True), out=o)', 'exp'),
]

# calls torch accepts: the same value (shape, dtype, values; for optimizers and modules, the same kind of object)
VALUES = [
    'R = lib.arange(6.)[None]',
    'R = lib.tensor(5.)[...]',
    'R = lib.tensor(5.)[None]',
    'X = lib.arange(6.); X[None] = 2',
    'R = lib.ones(0, 3).sum(0)',
    'R = lib.ones(0, 3).prod(0)',
    'R = lib.ones(0, 3).mean(0)',
    'R = lib.ones(0, 3).logsumexp(0)',
    'R = lib.tensor(1.).sum(0)',
    'R = lib.tensor(1.).sum(-1)',
    'R = lib.tensor(1.).softmax(0)',
    'R = lib.ones(2, 3).tile(0)',
    'R = lib.cat([lib.ones(2, 3), lib.ones(2, 3, dtype=lib.float64)])',
    'R = lib.cat([lib.ones(2, 3), lib.ones(2, 3, dtype=lib.int64)])',
    'R = lib.cat([lib.ones(2, 3), lib.ones(0)])',
    'R = lib.stack([lib.ones(2), lib.ones(2, dtype=lib.int64)])',
    'R = lib.cat([lib.ones(2, 3), lib.ones(2, 3)], out=lib.zeros(1))',
    'R = lib.cat([lib.ones(2, 3, dtype=lib.bool), lib.ones(2, 3)])',
    'R = lib.matmul(lib.ones(2, 3), lib.ones(3, 2), out=lib.zeros(1))',
    'R = F.conv2d(lib.ones(2, 5, 5), lib.ones(3, 2, 3, 3))',
    'R = F.conv2d(lib.ones(1, 2, 5, 5, dtype=lib.int64), lib.ones(3, 2, 3, 3, dtype=lib.int64))',
    'R = F.max_pool2d(lib.ones(1, 1, 4, 4, dtype=lib.int64), 2)',
    'R = F.avg_pool2d(lib.ones(1, 1, 4, 4, dtype=lib.int64), 2)',
    "R = F.pad(lib.ones(2, 3), (1, 1), mode='reflect')",
    'R = F.linear(lib.ones(2, 3), lib.ones(3))',
    'R = F.softmax(lib.ones(2, 3))',
    'R = nn.Conv2d(2, 3, 0)',
    'R = F.fold(lib.ones(1, 4, 4), (3, 3), 2)',
    'R = optim.SGD(nn.Linear(2, 2).parameters())',
    'R = optim.SGD([lib.ones(2)], lr=0.1)',
    "R = optim.SGD([{'params': []}], lr=0.1)",
    'p = lib.ones(2, requires_grad=True); R = optim.SGD([p, p], lr=0.1)',
    "o = optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1); o.param_groups[0]['lr'] = -1; o.step()",
    'R = optim.lr_scheduler.StepLR(optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1), step_size=0)',
    'R = lib.ones(2).type(lib.int64)',
    'R = lib.ones(2, dtype=float)',
    'R = lib.ones(2, dtype=int)',
    'R = lib.ones(2, dtype=bool)',
    'R = lib.tensor([1, 2], dtype=lib.float32).long()',
    'R = lib.ones(2).int().float().half().double().bool().byte().char().short()',
    'R = lib.tensor([1.5, -2.5]).to(lib.uint8)',
    'R = lib.ones(2).view(lib.int32)',
    'R = lib.ones(2, requires_grad=True).long().requires_grad',
    'R = lib.ones(2).float().to(lib.float32, copy=True)',
    "R = lib.ones(2, 3) == 'a'",
    'R = lib.ones(2, 3) == None',
    'R = lib.ones(2, 3) == [1, 1, 1]',
    'R = lib.minimum(lib.ones(2), lib.ones(2, dtype=lib.int64))',
    'R = lib.eq(lib.ones(2), 1)',
    'R = lib.equal(lib.ones(2), lib.ones(3))',
    'R = lib.where(lib.ones(2, dtype=lib.bool), 1.0, 0)',
    'R = lib.ones(2, dtype=lib.bool) < lib.ones(2, dtype=lib.bool)',
    'R = lib.sort(lib.ones(2, dtype=lib.bool))',
    'a = lib.ones(3); a.sub_(lib.ones(3, dtype=lib.float64))',
    'R = lib.add(lib.ones(2), lib.ones(2), out=lib.zeros(3))',
    'o = lib.zeros(2); R = lib.add(lib.ones(2), lib.ones(2), out=o); R = (R is o, o.tolist())',
    'o = lib.zeros(3); R = lib.mul(lib.ones(2), 2, out=o)',
    'o = lib.zeros(2); R = lib.sum(lib.ones(2, 2), 0, out=o); R = o.tolist()',
    'o = lib.zeros(2, 2); R = lib.matmul(lib.ones(2, 3), lib.ones(3, 2), out=o); R = o.tolist()',
    'o = lib.zeros(4); R = lib.cat([lib.ones(2), lib.ones(2)], out=o); R = o.tolist()',
    'R = lib.arange(5, out=lib.zeros(2, dtype=lib.int64))',
    'o = lib.zeros(1); R = lib.zeros(3, out=o); R = o.tolist()',
    'o = lib.zeros(2); R = lib.clamp(lib.ones(2), 0, 1, out=o); R = o.tolist()',
    'o = lib.zeros(2); R = lib.where(lib.ones(2, dtype=lib.bool), lib.ones(2), lib.zeros(2), out=o); R = o.tolist()',
]


@pytest.mark.parametrize("code, word", ERRORS, ids=[c for c, _ in ERRORS])
def test_bad_call_raises_as_torch(code, word):
    (tk, t), (mk, m) = _outcome(torch, code), _outcome(minigrad, code)
    assert tk == "error", f"{code}: torch accepted it: {t!r}"
    assert mk == "error", f"{code}: torch raised {t!r}, minigrad gave {m!r}"
    assert type(m).__name__ == type(t).__name__, f"{code}: minigrad {m!r} vs torch {t!r}"
    assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"


@pytest.mark.parametrize("code", VALUES)
def test_accepted_call_gives_torchs_value(code):
    (tk, t), (mk, m) = _outcome(torch, code), _outcome(minigrad, code)
    assert tk == "value", f"{code}: torch raised {t!r}"
    assert mk == "value", f"{code}: minigrad raised {m!r}"
    assert _plain(m) == _plain(t), f"{code}: minigrad {_plain(m)} vs torch {_plain(t)}"


def test_out_resizes_with_torchs_warning():
    for lib in (torch, minigrad):
        o = lib.zeros(3)
        with pytest.warns(UserWarning, match="resized"):
            r = lib.add(lib.ones(2), lib.ones(2), out=o)
        assert r is o and tuple(o.shape) == (2,) and o.tolist() == [2.0, 2.0]
        o = lib.zeros(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")           # an empty out tensor is resized silently
            lib.exp(lib.zeros(2), out=o)
        assert o.tolist() == [1.0, 1.0]


def test_out_keeps_its_dtype_and_identity():
    for lib in (torch, minigrad):
        o = lib.zeros(2, dtype=lib.float64)
        assert lib.add(lib.ones(2), 1, out=o) is o and o.dtype == lib.float64
        o = lib.zeros(2, dtype=lib.int64)
        assert lib.sum(lib.ones(2, 2), 0, out=o) is o and o.tolist() == [2, 2]     # a reduction may narrow
        v, i = lib.zeros(2), lib.zeros(2, dtype=lib.int64)
        r = lib.max(lib.tensor([[1.0, 5.0], [3.0, 2.0]]), 1, out=(v, i))
        assert r[0] is v and r[1] is i and v.tolist() == [5.0, 3.0] and i.tolist() == [1, 0]


# Still different from torch 2.13, on purpose or out of this round's files:
#   lib.arange(6.)[..., ...]          torch 2.13 accepts two ellipses; minigrad refuses, as NumPy (IndexError)
#   lib.ones(2, dtype='float32' / np.float32)   minigrad accepts dtype names and NumPy dtypes (torch: TypeError)
#   lib.ones(2).to(device='xpu')      torch: AssertionError (not compiled with XPU); minigrad: RuntimeError
#   a.maximum_(b)                     minigrad has maximum_ (torch has no such method)
#   lib.linalg.inv / solve            not in minigrad.linalg (minigrad/linalg.py is outside this round's files)
#   lib.dstack([]), F.adaptive_avg_pool2d(x, 0), F.interpolate(size=(2, 2, 2)), nn.Embedding(0, 3): the fix belongs
#                                     in ops/algebra.py, ops/convnd.py, outside this round's files (see the report)
#   lib.ones(2).to(lib.complex64)     no complex dtypes in minigrad

