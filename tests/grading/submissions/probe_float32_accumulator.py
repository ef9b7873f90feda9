"""A conv whose forward accumulates in float32 and casts back to float64: close, but only to float32's
precision; and a Sum whose gradient is float32."""
import numpy as np

import minigrad
from conv2d_correct import Conv2d as _Conv2d


class Conv2d(_Conv2d):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        out = _Conv2d.forward(ctx, minigrad.tensor(x.detach().numpy().astype(np.float32)),
                              minigrad.tensor(weight.detach().numpy().astype(np.float32)),
                              None if bias is None else minigrad.tensor(bias.detach().numpy().astype(np.float32)),
                              stride, padding)
        ctx.save_for_backward(x, weight)
        return minigrad.tensor(out.detach().numpy().astype(np.float64))
