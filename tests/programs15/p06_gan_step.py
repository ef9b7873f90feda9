# The DCGAN-style training step on 1-d data: two networks, two Adam optimizers with betas=(0.5, 0.999),
# BCELoss with real/fake labels, the generator's output detached for the discriminator's step.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(999)
nz = 4
netG = nn.Sequential(nn.Linear(nz, 16), nn.ReLU(True), nn.Linear(16, 2))
netD = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2, inplace=True), nn.Linear(16, 1), nn.Sigmoid())


def weights_init(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight.data, 0.0, 0.2)
        nn.init.constant_(m.bias.data, 0)


netG.apply(weights_init)
netD.apply(weights_init)
criterion = nn.BCELoss()
optimizerD = optim.Adam(netD.parameters(), lr=0.002, betas=(0.5, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=0.002, betas=(0.5, 0.999))
real_label, fake_label = 1.0, 0.0
fixed_noise = torch.randn(4, nz)
for i in range(5):
    real = torch.randn(8, 2) * 0.5 + torch.tensor([2.0, -1.0])
    netD.zero_grad()
    label = torch.full((8,), real_label, dtype=torch.float)
    errD_real = criterion(netD(real).view(-1), label)
    errD_real.backward()
    D_x = netD(real).mean().item()
    fake = netG(torch.randn(8, nz))
    label.fill_(fake_label)
    output = netD(fake.detach()).view(-1)
    errD_fake = criterion(output, label)
    errD_fake.backward()
    optimizerD.step()
    netG.zero_grad()
    label.fill_(real_label)
    errG = criterion(netD(fake).view(-1), label)
    errG.backward()
    optimizerG.step()
    print(f"[{i}] Loss_D: {(errD_real + errD_fake).item():.4f} Loss_G: {errG.item():.4f} D(x): {D_x:.4f}")
with torch.no_grad():
    print(netG(fixed_noise))
