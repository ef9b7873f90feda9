"""conv2d: a ``Conv2d`` Function, graded against ``minigrad.nn.functional.conv2d`` (100 points).

The probes are the configurations where a convolution that is right at stride 1 goes wrong: padding,
strides that divide (H + 2p - k) and strides that leave a remainder, 1x1 kernels, C_in != C_out with
non-square images and kernels, and no bias.
"""
import numpy as np

from minigrad.nn.functional import conv2d
from ..spec import Assignment, FunctionTask, Test, Case, Hint, Mistake, randn, transposed


def _conv2d(x, weight, bias, stride, padding):
    return conv2d(x, weight, bias, stride=stride, padding=padding)


def conv(x, w, stride=1, padding=0, bias=True):
    """A case: x and weight shapes, stride, padding; the bias is (C_out,) or None."""
    return Case(randn(*x), randn(*w), randn(w[0]) if bias else None, stride, padding)


DOC = """out = conv2d(x, weight, bias, stride, padding), used as Conv2d.apply(x, weight, bias, stride, padding).

x (N, C_in, H, W), weight (C_out, C_in, kH, kW), bias (C_out,) or None; stride and padding are
ints, the same for height and width. x is zero-padded by `padding` on every side (x_pad), then
    out[n, o, i, j] = bias[o] + sum over c, u, v of weight[o, c, u, v] * x_pad[n, c, i*stride + u, j*stride + v]
out is (N, C_out, H_out, W_out) with H_out = (H + 2*padding - kH) // stride + 1 (W_out likewise).

backward(ctx, grad_output) returns (grad_x, grad_weight, grad_bias, None, None):
    grad_bias[o]            = sum over n, i, j of grad_output[n, o, i, j]        (None if bias is None)
    grad_weight[o, c, u, v] = sum over n, i, j of grad_output[n, o, i, j] * x_pad[n, c, i*stride + u, j*stride + v]
    grad_x_pad[n, c, i*stride + u, j*stride + v] += grad_output[n, o, i, j] * weight[o, c, u, v]
    grad_x = grad_x_pad without its padding, of x's shape (N, C_in, H, W). When H + 2*padding - kH
    is not a multiple of stride, the last rows (columns) are never reached: their gradient is zero.
Use array operations (an im2col view and one matmul, or a loop over the kH*kW kernel positions),
not Python loops over pixels."""

CROP = Hint("grad_x is the gradient of the padded input with `padding` rows and columns cropped from every side "
            "(top and bottom, left and right): x[:, :, p:p + H, p:p + W]", parts=("x",), kinds=("shape>",))

STRIDE_HINT = ("H_out = (H + 2*padding - kH) // stride + 1 (rounded down); grad_x must have x's shape even when "
               "(H + 2*padding - kH) is not a multiple of stride: the rows and columns no window reaches get zero "
               "gradient (don't size grad_x from H_out)")

def _taps(w, stride, out_hw):
    """(u, v, the rows and columns of x_pad that kernel tap (u, v) meets) for every tap."""
    ho, wo = out_hw
    return [(u, v, slice(u, u + stride * (ho - 1) + 1, stride), slice(v, v + stride * (wo - 1) + 1, stride))
            for u in range(w.shape[2]) for v in range(w.shape[3])]


def _np_conv(x, w, stride, padding):
    """torch's conv2d without bias, in NumPy (a loop over the kernel's taps)."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ho, wo = (xp.shape[2] - w.shape[2]) // stride + 1, (xp.shape[3] - w.shape[3]) // stride + 1
    return sum(np.einsum("nchw,oc->nohw", xp[:, :, r, c], w[:, :, u, v]) for u, v, r, c in _taps(w, stride, (ho, wo)))


def _np_conv_grad_x(x, w, g, stride, padding, top=None):
    """The input gradient of ``_np_conv`` under the upstream gradient g (cropped from row and column ``top`` of the
    padded input's gradient: ``padding`` when None)."""
    n, c, h, wd = x.shape
    gxp = np.zeros((n, c, h + 2 * padding, wd + 2 * padding))
    for u, v, r, cc in _taps(w, stride, g.shape[2:]):
        gxp[:, :, r, cc] += np.einsum("nohw,oc->nchw", g, w[:, :, u, v])
    top = padding if top is None else top
    return gxp[:, :, top:top + h, top:top + wd]


def _np_conv_grad_w(x, w, g, stride, padding):
    """The weight gradient of ``_np_conv`` under the upstream gradient g."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    gw = np.zeros(w.shape)
    for u, v, r, c in _taps(w, stride, g.shape[2:]):
        gw[:, :, u, v] = np.einsum("nohw,nchw->oc", g, xp[:, :, r, c])
    return gw


def _flipped_output(actual, values, upstream, kwargs):
    x, w, b, stride, padding = values
    out = _np_conv(np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)[:, :, ::-1, ::-1], stride, padding)
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[:, None, None]
    return np.allclose(actual, out, rtol=1e-6, atol=1e-9)


def _flipped_grad_x(actual, values, upstream, kwargs):
    x, w, _, stride, padding = values
    return np.allclose(actual, _np_conv_grad_x(np.asarray(x, dtype=np.float64),
                                               np.asarray(w, dtype=np.float64)[:, :, ::-1, ::-1], upstream, stride,
                                               padding), rtol=1e-6, atol=1e-9)


def _bias_one_sample(actual, values, upstream, kwargs):
    return upstream.shape[0] > 1 and any(np.allclose(actual, upstream[k].sum(axis=(1, 2)), rtol=1e-6, atol=1e-12)
                                         for k in (0, -1))


def _arrays(values):
    x, w, b, stride, padding = values
    return (np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64),
            None if b is None else np.asarray(b, dtype=np.float64), stride, padding)


def _bias_along_width(actual, values, upstream, kwargs):
    x, w, b, stride, padding = _arrays(values)
    return b is not None and np.allclose(actual, _np_conv(x, w, stride, padding) + b, rtol=1e-6, atol=1e-9)


def _stride_as_dilation(actual, values, upstream, kwargs):
    x, w, b, s, p = _arrays(values)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    ho, wo = (xp.shape[2] - w.shape[2]) // s + 1, (xp.shape[3] - w.shape[3]) // s + 1
    out = sum(np.einsum("nchw,oc->nohw", xp[:, :, u * s:u * s + ho, v * s:v * s + wo], w[:, :, u, v])
              for u in range(w.shape[2]) for v in range(w.shape[3]))
    if b is not None:
        out = out + b[:, None, None]
    return s > 1 and np.allclose(actual, out, rtol=1e-6, atol=1e-9)


def _crop_top_left(actual, values, upstream, kwargs):
    x, w, _, s, p = _arrays(values)
    return p > 0 and np.allclose(actual, _np_conv_grad_x(x, w, upstream, s, p, top=0), rtol=1e-6, atol=1e-9)


def _crop_offset(actual, values, upstream, kwargs):
    """grad_x cut from the padded input's gradient one row and column off (corpus pass 14: x_pad[p + 1:p + 1 + H])."""
    x, w, _, s, p = _arrays(values)
    return p > 0 and any(np.allclose(actual, _np_conv_grad_x(x, w, upstream, s, p, top=p + d), rtol=1e-6, atol=1e-9)
                         for d in (-1, 1))


def _scatter_unstrided(actual, values, upstream, kwargs):
    """grad_x scattered at x_pad[i + u, j + v], the stride left out of backward (corpus pass 15: it got the message of
    windows that overwrite each other)."""
    x, w, _, s, p = _arrays(values)
    if s == 1:
        return False
    n, c, h, wd = x.shape
    ho, wo = upstream.shape[2:]
    gxp = np.zeros((n, c, max(h + 2 * p, ho + w.shape[2] - 1), max(wd + 2 * p, wo + w.shape[3] - 1)))
    for u in range(w.shape[2]):
        for v in range(w.shape[3]):
            gxp[:, :, u:u + ho, v:v + wo] += np.einsum("nohw,oc->nchw", upstream, w[:, :, u, v])
    return np.allclose(actual, gxp[:, :, p:p + h, p:p + wd], rtol=1e-6, atol=1e-9)


def _grad_w_flipped(actual, values, upstream, kwargs):
    x, w, _, s, p = _arrays(values)
    return np.allclose(actual, _np_conv_grad_w(x, w, upstream, s, p)[:, :, ::-1, ::-1], rtol=1e-6, atol=1e-9)


def _grad_w_batch_mean(actual, values, upstream, kwargs):
    x, w, _, s, p = _arrays(values)
    return len(x) > 1 and np.allclose(actual * len(x), _np_conv_grad_w(x, w, upstream, s, p), rtol=1e-6, atol=1e-9)


def _bias_batch_mean(actual, values, upstream, kwargs):
    return upstream.shape[0] > 1 and np.allclose(actual * upstream.shape[0], upstream.sum(axis=(0, 2, 3)), rtol=1e-6,
                                                 atol=1e-12)


def _bias_pixel_mean(actual, values, upstream, kwargs):
    n_pix = upstream.shape[2] * upstream.shape[3]
    return n_pix > 1 and np.allclose(actual * n_pix, upstream.sum(axis=(0, 2, 3)), rtol=1e-6, atol=1e-12)


def _bias_mean(actual, values, upstream, kwargs):
    many = upstream.shape[0] * upstream.shape[2] * upstream.shape[3]
    return many > 1 and np.allclose(actual * many, upstream.sum(axis=(0, 2, 3)), rtol=1e-6, atol=1e-12)


def _grad_w_one_sample(actual, values, upstream, kwargs):
    x, w, _, s, p = _arrays(values)
    return len(x) > 1 and any(np.allclose(actual, _np_conv_grad_w(x[k:k + 1], w, upstream[k:k + 1], s, p), rtol=1e-6,
                                          atol=1e-9) for k in (0, -1))


def _kernel_reshaped(actual, values, upstream, kwargs):
    """The kernel matrix taken as weight.reshape(C_in*kH*kW, C_out) where weight.reshape(C_out, -1).T is meant."""
    x, w, b, s, p = _arrays(values)
    o, c, kh, kw = w.shape
    if o == 1 or c * kh * kw == 1:
        return False
    wrong = w.reshape(c * kh * kw, o).T.reshape(w.shape)
    out = _np_conv(x, wrong, s, p)
    if b is not None:
        out = out + b[:, None, None]
    return np.allclose(actual, out, rtol=1e-6, atol=1e-9)


FLIPPED = ("the kernel is flipped (rotated by 180 degrees): torch's conv2d is a cross-correlation, out[n, o, i, j] = "
           "sum of weight[o, c, u, v] * x_pad[n, c, i*stride + u, j*stride + v], without a flip")

# corpus pass 12: these got only "is wrong", or the scatter's "= instead of +=" message below: a true convolution (the
# kernel flipped in forward), a grad_x computed as a full convolution whose kernel was not rotated back, and a
# grad_bias summed over one sample of the batch
MISTAKES = [Mistake("output", FLIPPED, _flipped_output),
            Mistake("x", "it is the input gradient of a flipped kernel: a full convolution of grad_output with the kernel "
                         "not rotated by 180 degrees (use weight[:, :, ::-1, ::-1] with its in and out channels swapped), "
                         f"or a forward where {FLIPPED}", _flipped_grad_x),
            Mistake("bias", "it is grad_output summed over one sample of the batch: sum over the batch too (dimensions 0, "
                            "2 and 3)", _bias_one_sample),
            # corpus pass 13: these got only "is wrong", "a constant multiple", "values in the wrong places", the stride
            # test's hint, or (a crop from the corner) the scatter's "= instead of +=" message below
            Mistake("output", "the bias is added along the last dimension (the width) instead of the channels: "
                              "bias[None, :, None, None] (or bias.reshape(-1, 1, 1))", _bias_along_width),
            Mistake("output", "the stride is used as a dilation: window (i, j) starts at row i*stride and column "
                              "j*stride of the padded input and its taps are adjacent (x_pad[i*stride + u]), not at "
                              "x_pad[i + u*stride]", _stride_as_dilation),
            Mistake("x", "it is the gradient of the padded input cropped from its top-left corner: cut `padding` rows and "
                         "columns from every side, x_pad[:, :, p:p + H, p:p + W]", _crop_top_left),
            # corpus pass 14: these got only "is wrong", "a constant multiple" or the scatter's message below
            Mistake("x", "it is the gradient of the padded input cropped one row and column off: cut exactly `padding` "
                         "rows and columns from every side, x_pad[:, :, p:p + H, p:p + W]", _crop_offset),
            Mistake("x", "it is grad_output scattered back at x_pad[i + u, j + v], as if the stride were 1: window (i, j) "
                         "starts at row i*stride and column j*stride in backward too, x_pad[i*stride + u, j*stride + v]",
                    _scatter_unstrided),
            Mistake("bias", "it is grad_output averaged over the output positions (dimensions 2 and 3) instead of summed: "
                            "sum over dimensions 0, 2 and 3", _bias_pixel_mean),
            # round 20: grad_output.mean(axis=(0, 2, 3)) got only "a constant multiple of the expected value"
            Mistake("bias", "it is grad_output averaged over the batch and the output positions (a mean over dimensions "
                            "0, 2 and 3) instead of summed: each output pixel adds the bias once, so its gradient is the "
                            "sum", _bias_mean),
            Mistake("weight", "it is the weight gradient of one sample of the batch: sum grad_output * x_pad window over "
                              "every sample n", _grad_w_one_sample),
            Mistake("output", "the kernel matrix is weight.reshape(C_in*kH*kW, C_out), a reshape where a transpose was "
                              "needed: use weight.reshape(C_out, C_in*kH*kW) (and .T for cols @ W)", _kernel_reshaped),
            Mistake("weight", "it is the expected grad_weight rotated by 180 degrees (kernel taps flipped): "
                              "grad_weight[o, c, u, v] sums grad_output[n, o, i, j] * x_pad[n, c, i*stride + u, "
                              "j*stride + v], without a flip", _grad_w_flipped),
            Mistake("weight", "it is the expected grad_weight divided by the batch size N: sum over the samples (the loss "
                              "already holds any mean), don't average", _grad_w_batch_mean),
            Mistake("bias", "it is grad_output averaged over the batch instead of summed: sum over dimensions 0, 2 and 3",
                    _bias_batch_mean),
            # a grad_x wrong while grad_weight and grad_bias are right: the scatter back into x_pad (red-team pass 11:
            # "= instead of +=" over overlapping windows got only "the largest difference is ...")
            Mistake("x", "grad_weight and grad_bias are right, so the fault is in scattering grad_output * weight back "
                         "into x_pad: overlapping windows must add up (+=, np.add.at), not overwrite each other (=); "
                         "each lands at [i*stride + u, j*stride + v]; grad_x is then x_pad's gradient with the padding "
                         "rows and columns cut off", lambda *a: True, only=True)]

TASK = FunctionTask("Conv2d", _conv2d, arg_names=("x", "weight", "bias", "stride", "padding"), mistakes=MISTAKES,
                    signature="x, weight, bias, stride, padding", doc=DOC, tests=[
    Test("forward", 15, "forward", [conv((2, 3, 7, 7), (4, 3, 3, 3))],
         # corpus pass 13: an output size without its + 1 got only the two shapes
         hint=Hint("H_out = (H + 2*padding - kH) // stride + 1 (W_out likewise): a window fits at each of those "
                   "starting rows", parts=("output",), kinds=("shape",))),
    # one large case in each of these two (12,000 input entries): a backward must cost about what the forward costs;
    # one that runs the forward once per input entry (finite differences, the complex step) takes minutes there
    Test("backward", 20, "backward", [conv((2, 3, 7, 7), (4, 3, 3, 3)), conv((1, 2, 5, 6), (3, 2, 3, 3)),
                                      conv((2, 3, 40, 50), (4, 3, 3, 3))],
         # corpus pass 14: a grad_x one row and column short got only the two shapes
         hint=Hint("grad_x has x's shape (N, C_in, H, W): the gradient of x_pad with `padding` rows and columns cut "
                   "from every side, x_pad[:, :, p:p + H, p:p + W]", parts=("x",), kinds=("shape",))),
    Test("padding", 10, "forward_backward", [conv((2, 3, 6, 6), (4, 3, 3, 3), padding=1),
                                             conv((1, 2, 5, 7), (3, 2, 3, 3), padding=2),
                                             conv((2, 3, 50, 40), (4, 3, 3, 3), padding=1)],
         visibility="hidden", hint=[Hint("pad x with zeros on every side before taking the windows", parts=("output",),
                                         kinds=("values", "shape")),
                                    # corpus pass 14: x padded on one side of each dimension only raised here unnamed
                                    Hint("an error only with padding usually means x_pad has the wrong size: pad "
                                         "`padding` zeros on every side (H + 2*padding rows, W + 2*padding columns), "
                                         "and cut the same from grad_x", kinds=("error",)),
                                    CROP, Hint("remove the padding from grad_x", parts=("x",), kinds=("values",))]),
    Test("stride > 1", 10, "forward_backward", [conv((2, 2, 7, 7), (3, 2, 3, 3), stride=2),
                                                conv((1, 3, 8, 8), (2, 3, 2, 2), stride=2),
                                                conv((1, 2, 8, 8), (2, 2, 3, 3), stride=3, padding=2)],
         visibility="hidden", hint=[CROP, Hint("window (i, j) starts at row i*stride and column j*stride of the padded "
                                              "input (in backward too)", parts=("output", "x", "weight"),
                                              kinds=("values", "shape<")),
                                    # corpus pass 15: windows taken at every row (the stride left out) raised a bare
                                    # einsum error here
                                    Hint("an error only with stride > 1 usually means the stride is left out somewhere: "
                                         "windows start every `stride` rows and columns (x_pad[i*stride + u, j*stride + "
                                         "v]), H_out = (H + 2*padding - kH) // stride + 1, and backward steps the same "
                                         "way", kinds=("error",))]),
    Test("stride with remainder", 15, "forward_backward", [conv((2, 2, 8, 8), (3, 2, 3, 3), stride=2, padding=1),
                                                           conv((1, 2, 9, 8), (3, 2, 3, 3), stride=2),
                                                           conv((2, 3, 7, 8), (2, 3, 3, 3), stride=3, padding=1),
                                                           conv((1, 1, 10, 10), (1, 1, 3, 3), stride=4)],
         visibility="hidden", hint=[CROP, Hint(STRIDE_HINT, parts=("x",), kinds=("shape<", "values")),
                                    Hint("H_out = (H + 2*padding - kH) // stride + 1, rounded down", parts=("output",),
                                         kinds=("shape",)),
                                    Hint("an index out of range or a shape mismatch only here usually comes from an "
                                         "output size rounded up or to the nearest: H_out = (H + 2*padding - kH) // "
                                         "stride + 1, rounded down", kinds=("error",))]),
    Test("1x1 kernel", 5, "forward_backward", [conv((2, 4, 5, 5), (6, 4, 1, 1)), conv((1, 3, 4, 6), (2, 3, 1, 1))],
         visibility="hidden"),
    Test("channels and shapes", 10, "forward_backward", [conv((3, 2, 6, 9), (5, 2, 2, 4)),
                                                         conv((1, 5, 5, 6), (2, 5, 3, 1)),
                                                         conv((2, 1, 6, 5), (3, 1, 2, 3)),
                                                         # x a non-contiguous view (corpus pass 14: as_strided windows
                                                         # with strides computed from the shape scored 100/100)
                                                         Case(transposed(randn(2, 3, 7, 6)), randn(4, 3, 3, 2),
                                                              randn(4), 1, 0)],
         visibility="hidden", hint=[Hint("weight is (C_out, C_in, kH, kW): keep C_in and C_out, kH and kW, H and W apart",
                                         parts=("output", "weight"), kinds=("values", "shape")),
                                    # corpus pass 14: an exception has no part, so kH and kW swapped raised unnamed
                                    Hint("weight is (C_out, C_in, kH, kW): an error only with C_in != C_out or "
                                         "non-square images and kernels usually means two of C_in and C_out, kH and "
                                         "kW, H and W were swapped", kinds=("error",))]),
    Test("bias None", 5, "forward_backward", [conv((2, 3, 6, 6), (4, 3, 3, 3), bias=False),
                                              conv((1, 2, 7, 5), (3, 2, 2, 2), bias=False)],
         visibility="hidden", hint=Hint("Conv2d.apply(x, weight, None, stride, padding) has no bias: add nothing and "
                                        "return None as its gradient", kinds=("error", "type", "values"))),
    Test("finite differences", 5, "gradcheck", [conv((1, 2, 5, 5), (2, 2, 3, 3), stride=2, padding=1)],
         visibility="hidden"),
    Test("reused inputs", 5, "autograd", [conv((2, 2, 7, 7), (3, 2, 3, 3), stride=2, padding=1)],
         visibility="hidden"),
])

FORBID = ["minigrad.nn.functional.conv2d", "minigrad.ops.conv.conv2d", "minigrad.ops.conv.Im2col",
          "minigrad.ops.conv.Col2im", "minigrad.ops.conv._windows", "minigrad.nn.Conv2d", "minigrad.nn.functional.unfold",
          "minigrad.nn.functional.fold", "minigrad.nn.functional.conv1d", "minigrad.nn.functional.conv_transpose2d",
          # the other convolutions compute a conv2d too (conv3d with a depth of one; a transposed convolution is
          # conv2d's input gradient), and so do the N-d im2col/col2im ops under them
          "minigrad.nn.functional.conv3d", "minigrad.nn.functional.conv_transpose1d",
          "minigrad.nn.functional.conv_transpose3d", "minigrad.ops.convnd._conv", "minigrad.ops.convnd._conv_transpose",
          "minigrad.ops.convnd.ImNcol", "minigrad.ops.convnd.ColNim", "minigrad.ops.convnd.GeometryND.windows",
          "minigrad.nn.Conv1d", "minigrad.nn.Conv3d", "minigrad.nn.ConvTranspose1d", "minigrad.nn.ConvTranspose2d",
          "minigrad.nn.ConvTranspose3d", "minigrad.fast.cuda_kernels.im2col", "minigrad.fast.cuda_kernels.col2im",
          # the fast layer's CPU columns and their adjoint, and conv2d's product with the bias inside
          "minigrad.fast.conv.im2col", "minigrad.fast.conv.col2im", "minigrad.fast.conv.BiasedConv",
          "minigrad.fast.conv.biased_conv", "minigrad.fast.conv._shifted_columns", "minigrad.fast.conv._input_gradient",
          # other libraries' convolutions (before the ninth red-team pass a conv2d made of scipy.signal.correlate
          # scored 100/100): refused in the runner when the submission loads them, and reported from the source
          "scipy.signal.correlate", "scipy.signal.correlate2d", "scipy.signal.convolve", "scipy.signal.convolve2d",
          "scipy.signal.fftconvolve", "scipy.signal.oaconvolve", "scipy.ndimage.correlate", "scipy.ndimage.convolve",
          "scipy.ndimage.correlate1d", "scipy.ndimage.convolve1d", "scipy.signal._sigtools._correlateND",
          "scipy.signal._sigtools._convolve2d", "scipy.ndimage._nd_image.correlate", "scipy.ndimage._nd_image.correlate1d",
          # the FFT convolution under fftconvolve/oaconvolve, and the separable 2-D one (any kernel is a sum of
          # separable ones): the red-team pass 9b used the first for a forward
          "scipy.signal._signaltools._freq_domain_conv", "scipy.signal.sepfir2d"]

# the backward must be the student's own too: a backward that differentiates the forward with minigrad's
# engine (autograd.grad, .backward(), a built-in op's backward) is reference use, not own work
GUARD = ["minigrad.autograd.grad", "minigrad.autograd.backward", "minigrad.Tensor.backward",
         "minigrad.autograd.engine._run"]

ASSIGNMENT = Assignment("conv2d", [TASK], forbid=FORBID, guard=GUARD, guard_ops=True, description="""conv2d: implement a 2-D convolution (torch's conv2d, a cross-correlation) as
a minigrad.autograd.Function.

Write backward yourself: minigrad.autograd.grad, Tensor.backward() and the
built-in ops' backward are not allowed inside it (the grader runs the engine itself).
Tensors are float64; keep their dtype. Return one gradient per argument of forward.""")
