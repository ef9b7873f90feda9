"""The seed's conv classifier: tell two 4x4 patterns apart with one Conv2d layer.

    python3 demos/conv_classifier.py [--device cpu|cuda] [--out DIR] [--seed N] [--epochs N]

Pattern A has the value i in columns 1 and 3 of every row; pattern B has i along the whole first and
last rows and in columns 1 and 3 of the two middle rows. The model is Conv2d(1, 4, kernel_size=4,
bias=False): its (1, 4, 1, 1) output is viewed as 4 logits, trained with cross-entropy and
SGD(lr=0.001, momentum=0.9) on i = 0..19 of each pattern (40 images, one at a time) for 2 epochs.

It reports the accuracy on pattern A with i = 999999999 before and after training, the "evaluation"
values of the seed (the MSE between the model's outputs for an input and for a slightly or a
completely different input), and saves the loss curve (loss_curve.png) in --out.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad as torch          # noqa: E402  (the code below is plain PyTorch code)
import minigrad.nn as nn          # noqa: E402
import minigrad.optim as optim    # noqa: E402

CLASS_A, CLASS_B = 0, 1


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
    for i in range(20):
        data.append((pattern_a(float(i)).to(device), torch.tensor([CLASS_A], device=device)))
        data.append((pattern_b(float(i)).to(device), torch.tensor([CLASS_B], device=device)))
    return data


def accuracy_on_big_a(net, device):
    """The seed's test: is pattern A with i = 999999999 classified as A?"""
    with torch.no_grad():
        pred = net(pattern_a(999999999.0).to(device)).argmax(dim=1)
    return 100.0 * (pred == CLASS_A).float().mean().item()


def evaluation(net, device):
    """MSE between the outputs for an input and for a slightly / a completely different input."""
    mse = nn.MSELoss()
    with torch.no_grad():
        base = net(pattern_a(5.0).to(device))
        slightly = net(pattern_a(5.5).to(device))
        completely = net(pattern_b(5.0).to(device))
    return mse(base, slightly).item(), mse(base, completely).item()


def train(net, data, epochs=2, lr=0.001, momentum=0.9, log=print):
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    losses = []
    for epoch in range(epochs):
        running = 0.0
        for inputs, labels in data:
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            running += loss.item()
        log(f"epoch {epoch + 1}: mean loss {running / len(data):.4f}")
    return losses


def plot_losses(losses, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(range(1, len(losses) + 1), losses)
    ax.set_xlabel("training step (one image each)")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.set_title("Conv2d(1, 4, kernel_size=4) on the two 4x4 patterns")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--out", default="out", help="folder for the loss curve picture")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=2)
    args = p.parse_args(argv)

    torch.manual_seed(args.seed)
    net = Net().to(args.device)
    data = training_data(args.device)
    before = accuracy_on_big_a(net, args.device)
    ev_before = evaluation(net, args.device)
    print(f"accuracy on pattern A with i = 999999999 before training: {before:.0f}%")
    print(f"evaluation before: MSE(A(5), A(5.5)) = {ev_before[0]:.4g}   MSE(A(5), B(5)) = {ev_before[1]:.4g}")
    losses = train(net, data, epochs=args.epochs)
    after = accuracy_on_big_a(net, args.device)
    ev_after = evaluation(net, args.device)
    print(f"accuracy on pattern A with i = 999999999 after training:  {after:.0f}%")
    print(f"evaluation after:  MSE(A(5), A(5.5)) = {ev_after[0]:.4g}   MSE(A(5), B(5)) = {ev_after[1]:.4g}")
    print("  (a slightly different input gives a close output; a different pattern a far one)")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "loss_curve.png")
    plot_losses(losses, path)
    print(f"loss curve: {path}")
    return {"before": before, "after": after, "losses": losses, "evaluation": (ev_before, ev_after)}


if __name__ == "__main__":
    main()
