# Two classic tensor demos: the Mandelbrot set iterated on a complex grid (counting escape times) and
# Conway's Game of Life stepped with a 3x3 convolution counting neighbours on a torus (circular padding).
import torch
import torch.nn.functional as F

Y, X = torch.meshgrid(torch.linspace(-1.3, 1.3, 9), torch.linspace(-2, 1, 13), indexing="ij")
c = torch.complex(X, Y)
z = torch.zeros_like(c)
ns = torch.zeros(c.shape, dtype=torch.int32)
for i in range(30):
    z = z * z + c
    diverge = z.abs() > 4
    z[diverge] = 4
    ns += ~diverge
print(c.dtype, z.dtype, ns.dtype)
for row in ns:
    print("".join("#" if v == 30 else "." if v < 3 else "+" for v in row.tolist()))
print(ns.sum(), z[4, :3])

board = torch.zeros(1, 1, 6, 6)
board[0, 0, 1, 2] = board[0, 0, 2, 3] = board[0, 0, 3, 1] = board[0, 0, 3, 2] = board[0, 0, 3, 3] = 1
kernel = torch.ones(1, 1, 3, 3)
kernel[0, 0, 1, 1] = 0
for gen in range(4):
    n = F.conv2d(F.pad(board, (1, 1, 1, 1), mode="circular"), kernel)
    board = ((n == 3) | ((board == 1) & (n == 2))).float()
    print(f"gen {gen + 1}: alive {int(board.sum())}", board[0, 0].nonzero().tolist())
