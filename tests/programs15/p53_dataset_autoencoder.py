# A denoising autoencoder with a custom Dataset (__len__/__getitem__ adding noise through a seeded generator),
# a DataLoader with batch_size and shuffle under torch.manual_seed, nn.Unflatten in the decoder, running loss
# accumulated per epoch with loss.item() * batch size, and model.eval() validation under torch.no_grad.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)


class NoisyDigits(Dataset):
    def __init__(self, n):
        self.clean = (torch.rand(n, 1, 4, 4) > 0.5).float()
        self.noise = torch.randn(n, 1, 4, 4, generator=torch.Generator().manual_seed(5)) * 0.3

    def __len__(self):
        return len(self.clean)

    def __getitem__(self, i):
        return self.clean[i] + self.noise[i], self.clean[i]


model = nn.Sequential(nn.Flatten(), nn.Linear(16, 6), nn.ReLU(), nn.Linear(6, 16), nn.Sigmoid(),
                      nn.Unflatten(1, (1, 4, 4)))
ds = NoisyDigits(20)
train_loader = DataLoader(ds, batch_size=6, shuffle=True)
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(3):
    model.train()
    running = 0.0
    for noisy, clean in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(noisy), clean)
        loss.backward()
        optimizer.step()
        running += loss.item() * noisy.size(0)
    model.eval()
    with torch.no_grad():
        noisy, clean = next(iter(DataLoader(ds, batch_size=20)))
        val = criterion(model(noisy), clean).item()
    print(f"epoch {epoch} train {running / len(ds):.6f} val {val:.6f}")
print(model(ds[0][0].unsqueeze(0)).shape, len(train_loader), ds[3][1].sum().item())
