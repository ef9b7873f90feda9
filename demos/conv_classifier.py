"""One Conv2d layer learns to tell two 4x4 patterns apart; it is tested on patterns it never saw.

    python3 demos/conv_classifier.py [--device cpu|cuda] [--seed N] [--out DIR] [--epochs N]

The model and the training loop are those of the small PyTorch script this demo reproduces (it runs
unchanged with `import minigrad as torch`): Conv2d(1, 4, kernel_size=4, bias=False), whose (1, 4, 1, 1)
output is viewed as 4 logits, cross-entropy, SGD(lr=0.001, momentum=0.9), one image per step.

    pattern A, intensity i:  0 i 0 i      pattern B:  i i i i
                             0 i 0 i                  0 i 0 i
                             0 i 0 i                  0 i 0 i
                             0 i 0 i                  i i i i

Training data: A and B for i = 1..20 (40 images), in a new random order every epoch (sorted by
intensity, the loss would rise and fall with i within each epoch). i = 0 is left out: it is the
all-zero image for both classes, which no model can tell apart.

Held-out test: 24 intensities of each pattern that training never saw (0.5, 1.5, ..., 19.5, 50,
1000, 10^6 and 999999999), once clean and once with noise on every pixel (standard deviation 0.3 i).
The accuracy on A and on B is printed before and after training. Because the model is linear with
no bias, multiplying an image by c multiplies the logits by c: a clean image gets the same class at
every intensity, so i = 999999999 is no harder than i = 1, and the clean accuracy of each pattern
can only be 0% or 100%. The noisy images are the harder test. Before training the accuracy is
often 0%: the model has 4 outputs and only 2 classes are used, so random weights often answer 2 or 3.

Writes loss_curve.png (every step's loss, epoch boundaries and each epoch's mean) to --out.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import _common  # noqa: E402  (also puts the repository on sys.path)
import minigrad as torch          # noqa: E402  (the model and loop below are plain PyTorch code)
import minigrad.nn as nn          # noqa: E402
import minigrad.optim as optim    # noqa: E402

CLASS_A, CLASS_B = 0, 1
TRAIN_INTENSITIES = range(1, 21)
TEST_INTENSITIES = [i + 0.5 for i in range(20)] + [50.0, 1000.0, 1e6, 999999999.0]
NOISE = 0.3          # standard deviation of the test noise, relative to the intensity


def pattern_a(i):
    img = torch.zeros(1, 1, 4, 4)
    img[0, 0, :, 1] = i
    img[0, 0, :, 3] = i
    return img


def pattern_b(i):
    img = torch.zeros(1, 1, 4, 4)
    img[0, 0, 0, :] = i
    img[0, 0, 3, :] = i
    img[0, 0, 1:3, 1] = i
    img[0, 0, 1:3, 3] = i
    return img


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, kernel_size=4, bias=False)

    def forward(self, x):
        return self.conv(x).view(-1, 4)


def training_data(device):
    data = []
    for i in TRAIN_INTENSITIES:
        data.append((pattern_a(float(i)).to(device), torch.tensor([CLASS_A], device=device)))
        data.append((pattern_b(float(i)).to(device), torch.tensor([CLASS_B], device=device)))
    return data


def test_set(device, noise=0.0):
    """A and B at every test intensity, as one batch (N, 1, 4, 4) with labels; noise scaled by intensity."""
    images = [make(i) for i in TEST_INTENSITIES for make in (pattern_a, pattern_b)]
    x = torch.cat(images)
    labels = torch.tensor([CLASS_A, CLASS_B] * len(TEST_INTENSITIES))
    if noise:
        scale = torch.tensor([i for i in TEST_INTENSITIES for _ in (0, 1)]).view(-1, 1, 1, 1)
        x = x + noise * scale * torch.randn(x.shape)
    return x.to(device), labels.to(device)


def accuracy(net, images, labels):
    """Percent of the test images of pattern A, and of pattern B, classified correctly."""
    with torch.no_grad():
        correct = (net(images).argmax(dim=1) == labels).float()
    return tuple(100.0 * correct[labels == c].mean().item() for c in (CLASS_A, CLASS_B))


def train(net, data, epochs=2, lr=0.001, momentum=0.9, show_progress=True):
    """The script's loop, with the data in a new random order every epoch: each step's loss and label,
    and each epoch's mean loss."""
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    losses, labels_seen, epoch_means = [], [], []
    steps = ((epoch, int(j)) for epoch in range(epochs) for j in torch.randperm(len(data)).tolist())
    for epoch, j in _common.progress(steps, "training", total=epochs * len(data), enabled=show_progress):
        inputs, labels = data[j]
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        labels_seen.append(int(labels.item()))
        if len(losses) % len(data) == 0:
            epoch_means.append(float(np.mean(losses[-len(data):])))
            print(f"epoch {epoch + 1}: mean loss {epoch_means[-1]:.4f}")
    return losses, labels_seen, epoch_means


def plot_losses(losses, labels, per_epoch, path, title, floor=1e-5):
    """Each step's loss as a dot (A or B), the epochs' means as bars, epoch boundaries dashed."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.2))
    steps = np.arange(1, len(losses) + 1)
    y = np.maximum(np.asarray(losses), floor)
    for c, name, color in ((CLASS_A, "A", "tab:blue"), (CLASS_B, "B", "tab:green")):
        sel = np.asarray(labels) == c
        ax.plot(steps[sel], y[sel], "o", ms=3, color=color, label=f"loss of one step, an image of {name}")
    n = len(losses) // max(len(per_epoch), 1)
    for e, mean in enumerate(per_epoch):
        ax.plot([e * n + 0.5, (e + 1) * n + 0.5], [mean, mean], color="tab:orange", lw=2.5,
                label="mean loss of the epoch" if e == 0 else None)
        if e:
            ax.axvline(e * n + 0.5, color="0.4", ls="--", lw=1)
        ax.text((e + 0.5) * n + 0.5, 1.0, f"epoch {e + 1}", transform=ax.get_xaxis_transform(), ha="center",
                va="bottom", fontsize=8)
    ax.set_xlim(0.5, len(losses) + 0.5)
    ax.set_yscale("log")
    ax.set_ylim(floor / 2, None)
    ax.set_xlabel(f"training step (images in a new random order each epoch; below {floor:g} drawn at {floor:g})",
                  fontsize=8)
    ax.set_ylabel("cross-entropy loss")
    ax.set_title(title, fontsize=9, pad=14)
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=80, metadata={"Software": None})
    plt.close(fig)


def run(device="cpu", seed=0, epochs=2, show_progress=True):
    """Everything but the printing of the table and the picture: returns the numbers."""
    torch.manual_seed(seed)
    net = Net().to(device)
    clean, noisy = test_set(device), test_set(device, NOISE)
    before = {"clean": accuracy(net, *clean), "noisy": accuracy(net, *noisy)}
    losses, labels, per_epoch = train(net, training_data(device), epochs=epochs, show_progress=show_progress)
    after = {"clean": accuracy(net, *clean), "noisy": accuracy(net, *noisy)}
    return {"before": before, "after": after, "losses": losses, "labels": labels,
            "epoch_means": per_epoch}


def main(argv=None):
    p = _common.demo_parser(__doc__, "the initial weights, the training order and the test noise")
    p.add_argument("--epochs", type=int, default=2, help="passes over the 40 training images")
    args = _common.parse(p, argv)
    if args.epochs < 1:
        p.error("--epochs must be at least 1")

    print(f"training Conv2d(1, 4, kernel_size=4) on A and B with i = 1..20, {args.epochs} epoch(s), "
          f"seed {args.seed}, on {args.device}")
    res = run(args.device, args.seed, args.epochs)
    n = len(TEST_INTENSITIES)
    print(f"\nheld-out accuracy ({n} images of A and {n} of B, intensities 0.5 ... 999999999):")
    print(f"  {'':22} {'A':>6} {'B':>6}")
    for when in ("before", "after"):
        for kind in ("clean", "noisy"):
            a, b = res[when][kind]
            label = f"{when} training, {kind}"
            print(f"  {label:22} {a:5.0f}% {b:5.0f}%")
    both = lambda acc: (acc[0] + acc[1]) / 2    # noqa: E731
    b_clean, a_clean = both(res["before"]["clean"]), both(res["after"]["clean"])
    a_noisy = both(res["after"]["noisy"])
    if a_clean == 100.0 and b_clean < 100.0:
        print(f"Training took the clean held-out accuracy from {b_clean:.0f}% to 100%, at every tested intensity.")
    elif a_clean == 100.0:
        print("The random initial weights already classified the clean held-out images correctly; training "
              "made the model confident (see the loss).")
    else:
        print(f"After training the clean held-out accuracy is {a_clean:.0f}%: more epochs may help (--epochs).")
    print(f"With noise (sd 0.3 i per pixel) the trained model gets {a_noisy:.0f}% of the held-out images right.")
    path = os.path.join(args.out, "loss_curve.png")
    plot_losses(res["losses"], res["labels"], res["epoch_means"], path,
                f"Conv2d(1, 4, kernel_size=4) on patterns A and B (seed {args.seed})")
    _common.report_written([path])
    return res


if __name__ == "__main__":
    main()
