"""Correct, with library helpers: scikit-learn's one-hot encoder and label binarizer, scipy's softmax and
logsumexp, tqdm, a matplotlib figure saved at import."""
import numpy as np
from scipy.special import softmax, logsumexp
from scipy import linalg
from sklearn.preprocessing import OneHotEncoder, label_binarize
from tqdm import tqdm
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

import minigrad
from minigrad.autograd import Function

fig, ax = plt.subplots()
ax.plot([1, 2, 3])
fig.savefig("loss.png")
_ = linalg.norm(np.eye(3))


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        enc = OneHotEncoder(categories=[np.arange(z.shape[1])], sparse_output=False)
        onehot = enc.fit_transform(t.reshape(-1, 1))
        assert np.array_equal(onehot, label_binarize(t, classes=np.arange(max(z.shape[1], 3)))[:, :z.shape[1]]) or z.shape[1] < 3
        for _ in tqdm(range(2), disable=True):
            pass
        lse = logsumexp(z, axis=1)
        ctx.p, ctx.onehot = softmax(z, axis=1), onehot
        return minigrad.from_numpy(np.asarray((lse - (onehot * z).sum(axis=1)).mean()))

    @staticmethod
    def backward(ctx, grad):
        return minigrad.from_numpy(grad.item() * (ctx.p - ctx.onehot) / len(ctx.p)), None
