"""Bad or unusual calls to the breadth ops: minigrad raises what torch raises (never a silent success),
and where torch succeeds on an edge case (empty tensors, int inputs) minigrad gives the same result."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad.ops import linalg_extra as LX
from helpers import TORCH_VERSION


def F(L):
    return L.nn.functional


I64 = np.array([1, -2, 3])
RAISE = {
    "silu_int": lambda L: F(L).silu(L.tensor(I64)),
    "gelu_int": lambda L: F(L).gelu(L.tensor(I64)),
    "selu_int": lambda L: F(L).selu(L.tensor(I64)),
    "softplus_int": lambda L: F(L).softplus(L.tensor(I64)),
    "hardswish_int": lambda L: F(L).hardswish(L.tensor(I64)),
    "glu_int": lambda L: F(L).glu(L.tensor(np.ones((2, 2), np.int64))),
    "glu_odd": lambda L: F(L).glu(L.zeros(3)),
    "hypot_int": lambda L: L.hypot(L.tensor(I64), L.tensor(I64)),
    "logaddexp_int": lambda L: L.logaddexp(L.tensor(I64), L.tensor(I64)),
    "logcumsumexp_int": lambda L: L.logcumsumexp(L.tensor(I64), 0),
    "shift_float": lambda L: L.tensor([1.0]) << 1,
    "einsum_mixed_dtypes": lambda L: L.einsum("ij,jk", L.ones(2, 3), L.ones(3, 2, dtype=L.float64)),
    "einsum_bad_rank": lambda L: L.einsum("ijk", L.ones(2, 3)),
    "einsum_size_mismatch": lambda L: L.einsum("ij,jk", L.ones(2, 3), L.ones(4, 2)),
    "sdpa_mask_dtype": lambda L: F(L).scaled_dot_product_attention(L.ones(2, 3, 4), L.ones(2, 3, 4), L.ones(2, 3, 4),
                                                                   attn_mask=L.zeros(3, 3, dtype=L.float64)),
    "interp_bilinear_int": lambda L: F(L).interpolate(L.ones(1, 1, 2, 2, dtype=L.int64), scale_factor=2,
                                                      mode="bilinear"),
    "interp_bilinear_3d": lambda L: F(L).interpolate(L.ones(1, 1, 2), scale_factor=2, mode="bilinear"),
    "interp_both_size_and_scale": lambda L: F(L).interpolate(L.ones(1, 1, 2), size=3, scale_factor=2),
    "max_pool1d_int": lambda L: F(L).max_pool1d(L.ones(1, 2, 4, dtype=L.int64), 2),
    "max_pool1d_big_padding": lambda L: F(L).max_pool1d(L.ones(1, 2, 4), 2, padding=2),
    "max_pool3d_2d_input": lambda L: F(L).max_pool3d(L.ones(4, 4), 2),
    "avg_pool3d_divisor_zero": lambda L: F(L).avg_pool3d(L.ones(1, 1, 2, 2, 2), 2, divisor_override=0),
    "conv3d_channels": lambda L: F(L).conv3d(L.ones(1, 2, 3, 3, 3), L.ones(1, 3, 2, 2, 2)),
    "conv1d_groups": lambda L: F(L).conv1d(L.ones(1, 4, 5), L.ones(3, 2, 2), groups=2),
    "conv_t_output_padding": lambda L: F(L).conv_transpose2d(L.ones(1, 2, 3, 3), L.ones(2, 2, 3, 3), stride=2,
                                                             output_padding=2),
    "conv_t_weight": lambda L: F(L).conv_transpose3d(L.ones(1, 2, 3, 3, 3), L.ones(3, 2, 2, 2, 2)),
    "pad_reflect_too_big": lambda L: F(L).pad(L.ones(1, 2, 3), (3, 0), mode="reflect"),
    "pad_circular_too_big": lambda L: F(L).pad(L.ones(1, 2, 3), (0, 4), mode="circular"),
    "pad_mode_rank": lambda L: F(L).pad(L.ones(3), (1, 1), mode="replicate"),
    "pad_odd_length": lambda L: F(L).pad(L.ones(2, 3), (1,)),
    "unpool_bad_index": lambda L: F(L).max_unpool2d(L.ones(1, 1, 2, 2), L.full((1, 1, 2, 2), 99, dtype=L.int64), 2),
    "cummax_bad_dim": lambda L: L.cummax(L.ones(2, 3), 2),
    "scatter_reduce_bad_reduce": lambda L: L.zeros(3).scatter_reduce(0, L.tensor([0]), L.ones(1), "add"),
    "scatter_reduce_index_float": lambda L: L.zeros(3).scatter_reduce(0, L.tensor([0.0]), L.ones(1), "sum"),
    "scatter_reduce_out_of_range": lambda L: L.zeros(3).scatter_reduce(0, L.tensor([3]), L.ones(1), "sum"),
    "index_copy_count": lambda L: L.zeros(3, 2).index_copy(0, L.tensor([0, 1]), L.ones(3, 2)),
    "index_fill_range": lambda L: L.zeros(3, 2).index_fill(1, L.tensor([2]), 1.0),
    "diagonal_same_dims": lambda L: L.diagonal(L.ones(2, 2), 0, 1, 1),
    "unfold_too_big": lambda L: L.ones(3).unfold(0, 4, 1),
    "outer_2d": lambda L: L.outer(L.ones(2, 2), L.ones(2)),
    "mha_embed_dim": lambda L: L.nn.MultiheadAttention(4, 2)(L.ones(3, 1, 5), L.ones(3, 1, 5), L.ones(3, 1, 5)),
    "lstm_input_size": lambda L: L.nn.LSTM(3, 4)(L.ones(5, 2, 2)),
    "celu_alpha_zero": lambda L: F(L).celu(L.ones(2), alpha=0.0),
    "gelu_bad_approx": lambda L: F(L).gelu(L.ones(2), approximate="fast"),
    "conv1d_module_padding_mode": lambda L: L.nn.Conv1d(2, 2, 3, padding_mode="mirror"),
    "upsample_align_nearest": lambda L: L.nn.Upsample(scale_factor=2, align_corners=True)(L.ones(1, 1, 2, 2)),
}


@pytest.mark.parametrize("name", sorted(RAISE))
def test_raises_like_torch(name):
    call = RAISE[name]
    with pytest.raises(Exception) as t_exc:
        call(torch)
    with pytest.raises(Exception) as m_exc:
        call(minigrad)
    t_type, m_type = t_exc.type, m_exc.type
    if t_type.__name__ in ("AssertionError", "NotImplementedError", "ValueError", "TypeError"):
        assert m_type is t_type or issubclass(m_type, t_type), (t_type, m_type, str(m_exc.value))
    else:                               # torch's RuntimeError/IndexError (its IndexError subclasses neither)
        assert issubclass(m_type, (RuntimeError, IndexError, ValueError)), (t_type, m_type, str(m_exc.value))


SUCCEED = {
    "conv_transpose2d_empty_batch": lambda L: F(L).conv_transpose2d(L.zeros(0, 3, 4, 5), L.ones(3, 2, 2, 2)),
    "conv3d_empty_batch": lambda L: F(L).conv3d(L.zeros(0, 3, 4, 4, 4), L.ones(2, 3, 2, 2, 2)),
    "max_pool3d_empty_batch": lambda L: F(L).max_pool3d(L.zeros(0, 2, 4, 4, 4), 2),
    "max_pool3d_int": lambda L: F(L).max_pool3d(L.arange(64).reshape(1, 1, 4, 4, 4), 2),
    "avg_pool1d_int": lambda L: F(L).avg_pool1d(L.arange(8).reshape(1, 2, 4), 2),
    "interp_uint8_nearest": lambda L: F(L).interpolate(L.arange(24, dtype=L.uint8).reshape(1, 2, 3, 4),
                                                       scale_factor=2),
    "interp_empty": lambda L: F(L).interpolate(L.zeros(0, 3, 4, 5), scale_factor=2),
    "pad_int_reflect": lambda L: F(L).pad(L.arange(12).reshape(1, 3, 4), (1, 1), mode="reflect"),
    "pad_int_float_value": lambda L: F(L).pad(L.ones(2, 3, dtype=L.int64), (1, 1), value=1.5),
    "pad_bool": lambda L: F(L).pad(L.ones(2, 3, dtype=L.bool), (1, 1), value=True),
    "hardtanh_int": lambda L: F(L).hardtanh(L.tensor(I64)),
    "softsign_int": lambda L: F(L).softsign(L.tensor(I64)),
    "asin_int": lambda L: L.asin(L.tensor([0, 1])),
    "copysign_int": lambda L: L.copysign(L.tensor([1, -2]), L.tensor([-1, 1])),
    "einsum_empty": lambda L: L.einsum("ij,jk->ik", L.zeros(0, 3), L.ones(3, 2)),
    "einsum_int": lambda L: L.einsum("ij,jk->ik", L.arange(6).reshape(2, 3), L.arange(6).reshape(3, 2)),
    "cummax_bool": lambda L: L.cummax(L.tensor([[True, False, True]]), 1)[0],
    "cummax_empty": lambda L: L.cummax(L.zeros(0, 3), 0)[0],
    "scatter_reduce_empty_index": lambda L: L.ones(3).scatter_reduce(0, L.zeros(0, dtype=L.int64), L.zeros(0), "sum"),
    "scatter_reduce_int_mean": lambda L: L.tensor([1, 2, 3]).scatter_reduce(0, L.tensor([0, 0]), L.tensor([4, 7]),
                                                                           "mean", include_self=False),
    "scatter_reduce_max_alias": lambda L: L.zeros(3).scatter_reduce(0, L.tensor([0, 0]), L.tensor([2.0, -1.0]), "max"),
    "index_copy_0d": lambda L: L.tensor(1.0).index_copy(0, L.tensor([0]), L.tensor(5.0)),
    "sdpa_no_queries": lambda L: F(L).scaled_dot_product_attention(L.ones(2, 0, 4), L.ones(2, 0, 4), L.ones(2, 0, 4)),
    "unfold_size_zero": lambda L: L.ones(3).unfold(0, 0, 1),
    "diagonal_1d_offset_out": lambda L: L.diagonal(L.ones(2, 3), 5),
}


@pytest.mark.parametrize("name", sorted(SUCCEED))
def test_edge_cases_match_torch(name):
    t, m = SUCCEED[name](torch), SUCCEED[name](minigrad)
    assert tuple(m.shape) == tuple(t.shape)
    assert str(m.dtype).split(".")[1] == str(t.dtype).split(".")[1]
    np.testing.assert_allclose(np.asarray(m.tolist(), dtype=float), np.asarray(t.tolist(), dtype=float), rtol=1e-6)


# each raises in torch; minigrad raises an exception of the same class
SAME_EXCEPTION = {
    "conv1d stride0": lambda L: F(L).conv1d(L.ones(1,2,5), L.ones(2,2,3), stride=0),
    "conv1d groups0": lambda L: F(L).conv1d(L.ones(1,2,5), L.ones(2,2,3), groups=0),
    "conv1d bad padding str": lambda L: F(L).conv1d(L.ones(1,2,5), L.ones(2,2,3), padding="full"),
    "conv1d same strided": lambda L: F(L).conv1d(L.ones(1,2,5), L.ones(2,2,3), padding="same", stride=2),
    "conv1d neg padding": lambda L: F(L).conv1d(L.ones(1,2,5), L.ones(2,2,3), padding=-1),
    "conv3d kernel too big": lambda L: F(L).conv3d(L.ones(1,1,2,2,2), L.ones(1,1,3,3,3)),
    "conv_t1d neg pad": lambda L: F(L).conv_transpose1d(L.ones(1,2,5), L.ones(2,2,3), padding=-1),
    "einsum not str": lambda L: L.einsum(3, L.ones(2)),
    "einsum few ops": lambda L: L.einsum("i,i", L.ones(2)),
    "einsum bad char": lambda L: L.einsum("i1", L.ones(2,2)),
    "sdpa 1d": lambda L: F(L).scaled_dot_product_attention(L.ones(3), L.ones(3), L.ones(3)),
    "cummax dim": lambda L: L.cummax(L.ones(2), 1),
    "logcumsumexp dim": lambda L: L.logcumsumexp(L.ones(2), 3),
    "scatter_reduce ndim": lambda L: L.zeros(3,3).scatter_reduce(0, L.zeros(3, dtype=L.int64), L.ones(3), "sum"),
    "interp neg scale": lambda L: F(L).interpolate(L.ones(1,1,4), scale_factor=-1.0),
    "interp size0": lambda L: F(L).interpolate(L.ones(1,1,4), size=0),
    "interp 2d input": lambda L: F(L).interpolate(L.ones(4,4), size=2),
    "pad float": lambda L: F(L).pad(L.ones(2,3), (1.5, 1)),
    "pad bad mode": lambda L: F(L).pad(L.ones(1,2,3), (1,1), mode="wrap"),
    "mha embed0": lambda L: L.nn.MultiheadAttention(0, 1),
    "lstm hidden0": lambda L: L.nn.LSTM(3, 0),
    "lstm dropout2": lambda L: L.nn.LSTM(3, 4, dropout=2.0),
    "conv1d module groups": lambda L: L.nn.Conv1d(3, 4, 3, groups=2),
    "convT stride0": lambda L: F(L).conv_transpose2d(L.ones(1,2,3,3), L.ones(2,2,2,2), stride=0),
    "maxpool3d k0": lambda L: F(L).max_pool3d(L.ones(1,1,4,4,4), 0),
    "avgpool1d 4d": lambda L: F(L).avg_pool1d(L.ones(1,1,4,4), 2),
    "unpool no idx": lambda L: F(L).max_unpool2d(L.ones(1,1,2,2), L.ones(1,1,2,2), 2),
    "unfold step0": lambda L: L.ones(4).unfold(0, 2, 0),
    "meshgrid 2d": lambda L: L.meshgrid(L.ones(2,2), L.ones(2)),
    "meshgrid bad idx": lambda L: L.meshgrid(L.ones(2), L.ones(2), indexing="xx"),
    "diagonal 1d": lambda L: L.diagonal(L.ones(3)),
    "index_copy float idx": lambda L: L.zeros(3).index_copy(0, L.tensor([0.0]), L.ones(1)),
    "shift float tensor rhs": lambda L: L.tensor([1]) << L.tensor([1.0]),
    "cross bad dim": lambda L: L.cross(L.ones(3), L.ones(3), dim=2),
    "kthvalue k0": lambda L: L.kthvalue(L.ones(3), 0),
    "quantile q tensor 2d": lambda L: L.quantile(L.ones(3), L.ones(2,2)*0.5),
    "bucketize 2d boundaries": lambda L: L.bucketize(L.ones(3), L.ones(2,2)),
    "glu dim": lambda L: F(L).glu(L.ones(4), dim=2),
    "softmin bad dim": lambda L: F(L).softmin(L.ones(3), dim=5),
    "embedding_bag out of range": lambda L: F(L).embedding_bag(L.tensor([[1, 2]]), L.ones(2, 3)),
    "grid_sample mode": lambda L: F(L).grid_sample(L.ones(1,1,2,2), L.ones(1,2,2,2), mode="cubic"),
    "affine_grid bad": lambda L: F(L).affine_grid(L.ones(1,2,2), (1,1,2,2)),
    "det nonsquare": lambda L: L.det(L.ones(2,3)),
    "solve int": lambda L: (L.linalg.solve if L is torch else LX.solve)(L.eye(2, dtype=L.int64),
                                                                   L.ones(2, dtype=L.int64)),
    "pixel_shuffle bad": lambda L: F(L).pixel_shuffle(L.ones(1, 3, 2, 2), 2),
    "group_norm bad": lambda L: F(L).group_norm(L.ones(1, 3, 2), 2),
    "cdist dims": lambda L: L.cdist(L.ones(3, 2), L.ones(3, 4)),
    "histc bins0": lambda L: L.histc(L.ones(3), bins=0),
    "unique dim oob": lambda L: L.unique(L.ones(3), dim=2),
}


# torch >= 2.15 raises NotImplementedError where linalg is given an integer matrix; 2.13 and 2.14 raised a
# RuntimeError. minigrad follows 2.15 (see test_breadth_linalg.py::test_integer_matrices_raise_not_implemented)
RUNTIME_ERROR_BEFORE_TORCH_2_15 = ("solve int",)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(SAME_EXCEPTION))
def test_same_exception_class_as_torch(name):
    call = SAME_EXCEPTION[name]
    with pytest.raises(Exception) as t_exc:
        call(torch)
    with pytest.raises(Exception) as m_exc:
        call(minigrad)
    if name in RUNTIME_ERROR_BEFORE_TORCH_2_15 and TORCH_VERSION < (2, 15):
        assert t_exc.type is RuntimeError and m_exc.type is NotImplementedError, (t_exc.value, m_exc.value)
        return
    assert m_exc.type.__name__ == t_exc.type.__name__, (t_exc.value, m_exc.value)
