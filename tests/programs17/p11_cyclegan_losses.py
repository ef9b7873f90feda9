# CycleGAN pieces: a ResNet generator block with ReflectionPad2d + InstanceNorm2d, the PatchGAN discriminator,
# least-squares GAN loss, cycle-consistency and identity L1 losses, and an image pool.
import random
import torch
import torch.nn as nn


class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), nn.InstanceNorm2d(dim),
                                        nn.ReLU(True), nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3),
                                        nn.InstanceNorm2d(dim))

    def forward(self, x):
        return x + self.conv_block(x)


torch.manual_seed(0)
G_AB = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(3, 4, 3), nn.InstanceNorm2d(4, affine=True), nn.ReLU(True),
                     ResnetBlock(4), nn.Conv2d(4, 3, 1), nn.Tanh())
G_BA = nn.Sequential(nn.Conv2d(3, 3, 1), nn.Tanh())
D_B = nn.Sequential(nn.Conv2d(3, 4, 4, 2, 1), nn.LeakyReLU(0.2, True), nn.Conv2d(4, 1, 4, 1, 1))
print(G_AB[2], G_AB[4].conv_block[2])
mse, l1 = nn.MSELoss(), nn.L1Loss()
real_A, real_B = torch.rand(2, 3, 8, 8) * 2 - 1, torch.rand(2, 3, 8, 8) * 2 - 1
fake_B = G_AB(real_A)
pred = D_B(fake_B)
print(pred.shape)
loss_gan = mse(pred, torch.ones_like(pred))
loss_cycle = l1(G_BA(fake_B), real_A)
loss_id = l1(G_AB(real_B), real_B)
loss_G = loss_gan + 10.0 * loss_cycle + 5.0 * loss_id
loss_G.backward()
print(f"G: gan {loss_gan.item():.5f} cycle {loss_cycle.item():.5f} id {loss_id.item():.5f}")
print(G_AB[2].weight.grad, G_AB[4].conv_block[1].bias.grad.norm())
random.seed(0)
pool = []
for img in fake_B.detach():
    if len(pool) < 1:
        pool.append(img)
    elif random.uniform(0, 1) > 0.5:
        i = random.randint(0, len(pool) - 1)
        tmp = pool[i].clone()
        pool[i] = img
    print(len(pool), pool[0].shape)
loss_D = 0.5 * (mse(D_B(real_B), torch.ones(2, 1, 3, 3)) + mse(D_B(torch.stack(pool)), torch.zeros(1, 1, 3, 3)))
print(round(loss_D.item(), 5))
