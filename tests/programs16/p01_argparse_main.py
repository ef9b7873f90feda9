"""A training script with argparse defaults and a main() guard."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="tiny regression")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--hidden", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    x = torch.linspace(-1, 1, 32).unsqueeze(1)
    y = x.pow(3) - 0.5 * x
    model = nn.Sequential(nn.Linear(1, args.hidden), nn.Tanh(), nn.Linear(args.hidden, 1))
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for epoch in range(1, args.epochs + 1):
        for i in range(0, 32, 8):
            opt.zero_grad()
            loss = F.mse_loss(model(x[i:i + 8]), y[i:i + 8])
            loss.backward()
            opt.step()
        with torch.no_grad():
            full = F.mse_loss(model(x), y)
        print(f"epoch {epoch:02d}/{args.epochs} | loss {full.item():.6f} | lr {args.lr}")
    print(vars(args))
    return full.item()


if __name__ == "__main__":
    main([])
main(["--epochs", "2", "--hidden", "4"])
