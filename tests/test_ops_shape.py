"""Shape ops and their gradients against torch."""
import numpy as np
import pytest

from helpers import check, rand

CASES = {
    "reshape": lambda t, x: x.reshape(4, 6),
    "reshape_-1": lambda t, x: x.reshape(-1, 2),
    "view": lambda t, x: x.view(2, 12),
    "flatten": lambda t, x: x.flatten(),
    "flatten_1": lambda t, x: t.flatten(x, 1),
    "unflatten": lambda t, x: x.unflatten(2, (2, 2)),
    "transpose": lambda t, x: x.transpose(0, 2),
    "transpose_then_reshape": lambda t, x: x.transpose(0, 1).reshape(-1),
    "permute": lambda t, x: x.permute(2, 0, 1),
    "mT": lambda t, x: x.mT,
    "unsqueeze": lambda t, x: x.unsqueeze(1).unsqueeze(-1),
    "squeeze": lambda t, x: x[:, :1].squeeze(1),
    "squeeze_all": lambda t, x: x[:1, :, :1].squeeze(),
    "expand": lambda t, x: x[:, :1].expand(2, 3, 4),
    "expand_new_dims": lambda t, x: x[0, 0].expand(5, 4),
    "expand_as": lambda t, x: x[:1].expand_as(x),
    "flip": lambda t, x: x.flip(0, 2),
    "roll": lambda t, x: x.roll(1, 2),
    "repeat": lambda t, x: x.repeat(2, 1, 3),
    "repeat_more_dims": lambda t, x: x[0].repeat(2, 2, 1),
    "tile": lambda t, x: x.tile((2,)),
    "cat0": lambda t, x: t.cat([x, x * 2], 0),
    "cat_neg": lambda t, x: t.cat([x, x[:, :1], x.exp()], dim=-2),
    "stack": lambda t, x: t.stack([x, -x, x * x], 1),
    "split": lambda t, x: x.split(2, dim=2),
    "split_sizes": lambda t, x: t.split(x, [1, 2], dim=1),
    "chunk": lambda t, x: x.chunk(3, dim=1),
    "unbind": lambda t, x: x.unbind(1),
    "narrow": lambda t, x: x.narrow(2, 1, 2),
    "select": lambda t, x: x.select(1, 2),
    "movedim": lambda t, x: t.movedim(x, 0, -1),
    "contiguous": lambda t, x: x.transpose(1, 2).contiguous(),
    "clone": lambda t, x: x.clone(),
    "t": lambda t, x: x[0].t(),
    "T_2d": lambda t, x: x[1].T,
    "repeat_interleave": lambda t, x: x.repeat_interleave(2, dim=1),
    "broadcast_to": lambda t, x: t.broadcast_to(x[:1], (3, 3, 4)),
    "hstack": lambda t, x: t.hstack([x[0], x[1]]),
    "vstack": lambda t, x: t.vstack([x[0], x[1]]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_op(name, device):
    check(CASES[name], rand(2, 3, 4, seed=20), device=device)


def test_view_shares_memory_and_version():
    import minigrad
    x = minigrad.zeros(2, 3)
    v = x.view(6)
    with minigrad.no_grad():
        v[0] = 5.0
    assert x[0, 0].item() == 5.0
    assert x._version == v._version == 1


def test_view_of_transposed_is_an_error_like_torch():
    import minigrad
    x = minigrad.zeros(2, 3).t()
    with pytest.raises(RuntimeError, match="view size is not compatible.*reshape"):
        x.view(6)
    assert x.reshape(6).shape == (6,)


def test_cat_promotes_dtypes(device):
    check(lambda t, x: t.cat([x.float(), x.double()]), rand(2, 3), device=device)
