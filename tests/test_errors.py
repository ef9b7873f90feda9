"""Bad input gets a clear error that names the op, the shapes/dtypes/devices involved and the fix."""
import numpy as np
import pytest

import minigrad


def test_broadcast_mismatch_names_op_shapes_and_fix():
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(4\) at "
                                           r"non-singleton dimension 1; add\(\): the shapes \(2, 3\) and \(4,\) cannot "
                                           r"be broadcast.*unsqueeze"):
        minigrad.ones(2, 3) + minigrad.ones(4)
    x = minigrad.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"mul\(\): .*the shapes \(2, 3\) and \(3, 2\)"):
        x * minigrad.ones(3, 2)
    with pytest.raises(RuntimeError, match=r"maximum\(\): .*the shapes"):
        minigrad.maximum(x, minigrad.ones(2))


def test_non_tensor_arguments():
    with pytest.raises(TypeError, match=r"relu\(\): argument 'input' must be Tensor, not float"):
        minigrad.relu(3.0)
    with pytest.raises(TypeError, match="exp"):
        minigrad.exp([1.0, 2.0])
    with pytest.raises(TypeError, match="unsupported operand type str"):
        minigrad.ones(2) + "a"


def test_matmul_shape_error():
    with pytest.raises(RuntimeError, match=r"matmul\(\): shapes \(2, 3\) and \(4, 5\) cannot be multiplied"):
        minigrad.ones(2, 3) @ minigrad.ones(4, 5)
    with pytest.raises(RuntimeError, match="at least 1 dimension"):
        minigrad.tensor(2.0) @ minigrad.ones(2)


def test_view_and_reshape_errors():
    with pytest.raises(RuntimeError, match=r"shape '\[4, 4\]' is invalid for input of size 6"):
        minigrad.ones(2, 3).reshape(4, 4)
    with pytest.raises(RuntimeError, match="only one dimension can be inferred"):
        minigrad.ones(2, 3).view(-1, -1)


def test_dim_out_of_range():
    with pytest.raises(IndexError, match=r"sum\(\): dimension out of range.*\[-2, 1\].*got 2"):
        minigrad.ones(2, 3).sum(2)
    with pytest.raises(IndexError, match="softmax"):
        minigrad.ones(2, 3).softmax(dim=5)


def test_index_out_of_range():
    with pytest.raises(IndexError, match=r"shape \(2, 3\)"):
        minigrad.ones(2, 3)[5]
    with pytest.raises(IndexError, match="must be long, int, byte or bool"):
        minigrad.ones(3)[minigrad.tensor([0.5])]


def test_gather_errors():
    with pytest.raises(RuntimeError, match="index out of bounds.*size 3"):
        minigrad.ones(2, 3).gather(1, minigrad.tensor([[0, 5]]))
    with pytest.raises(RuntimeError, match="int64"):
        minigrad.ones(2, 3).gather(1, minigrad.tensor([[0.0]]))


def test_backward_errors():
    x = minigrad.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs.*shape \\(3,\\)"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        minigrad.ones(3).sum().backward()
    with pytest.raises(RuntimeError, match=r"mismatch in shape.*\(2,\).*\(3,\)"):
        (x * 2).backward(minigrad.ones(2))


def test_int_pow_negative():
    with pytest.raises(RuntimeError, match="negative integer powers"):
        minigrad.tensor([2, 3]) ** -1


def test_mean_of_int_tensor():
    with pytest.raises(RuntimeError, match=r"mean\(\).*int64.*float\(\)"):
        minigrad.tensor([1, 2]).mean()


def test_inplace_type_error():
    with pytest.raises(RuntimeError, match="int64"):
        x = minigrad.tensor([1, 2])
        x += 0.5


def test_inplace_cannot_change_shape():
    x = minigrad.ones(3, requires_grad=True) * 1
    with pytest.raises(RuntimeError, match=r"shape \(3,\).*\(2, 3\)"):
        x += minigrad.ones(2, 3)


def test_bad_dtype_and_device_names():
    with pytest.raises(TypeError, match=r"zeros\(\): argument 'dtype' must be minigrad.dtype, not str"):
        minigrad.zeros(2, dtype="floaty")
    with pytest.raises(RuntimeError, match="unknown device type"):     # torch's class (also a ValueError)
        minigrad.zeros(2, device="gpu")


def test_cat_and_stack_errors():
    with pytest.raises(RuntimeError, match=r"Sizes of tensors must match except in dimension 0\. Expected size 3 but got size 4"):
        minigrad.cat([minigrad.ones(2, 3), minigrad.ones(2, 4)])
    with pytest.raises(RuntimeError, match="stack.*equal size"):
        minigrad.stack([minigrad.ones(2), minigrad.ones(3)])
    with pytest.raises(ValueError, match="non-empty"):          # torch: ValueError for cat, RuntimeError for stack
        minigrad.cat([])


def test_expand_error():
    with pytest.raises(RuntimeError, match=r"expanded size of the tensor \(4\) must match the existing size \(3\)"):
        minigrad.ones(3).expand(2, 4)


def test_bool_negation_and_subtraction():
    with pytest.raises(RuntimeError, match="logical_not"):
        -minigrad.tensor([True])
    with pytest.raises(RuntimeError, match="bool"):
        minigrad.tensor([True]) - minigrad.tensor([False])


def test_factory_shape_errors():
    with pytest.raises(RuntimeError, match="negative dimension"):
        minigrad.zeros(-1)
    with pytest.raises(TypeError, match="size must be ints"):
        minigrad.ones(2.5)
