# What scripts print about their setup: print(optimizer) for several optimizers, a scheduler's state_dict, a
# model's state_dict (an OrderedDict of tensors), layer reprs with their arguments, loss reprs, and the
# grad_fn shown by print(loss) for the common losses.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(2, momentum=0.2),
                      nn.LeakyReLU(0.1), nn.MaxPool2d(2, ceil_mode=True), nn.Dropout2d(0.25), nn.Flatten(),
                      nn.LazyLinear(3) if False else nn.Linear(2, 3), nn.Softmax(dim=1))
print(model)
print(nn.LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.1), nn.Embedding(10, 3, padding_idx=0))
print(nn.ConvTranspose2d(2, 1, 4, stride=2, padding=1, output_padding=1), nn.Upsample(scale_factor=2, mode="nearest"))
print(nn.MultiheadAttention(4, 2), nn.LayerNorm((3, 4), eps=1e-6), nn.GroupNorm(2, 4), nn.PReLU(3))
print(nn.CrossEntropyLoss(label_smoothing=0.1), nn.MSELoss(reduction="sum"), nn.Identity(), nn.AvgPool1d(3))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
print(opt)
print(torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True))
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)
print(sched.state_dict())
sd = nn.Linear(2, 1).state_dict()
print(sd)
print(type(sd).__name__, list(sd.keys()), sd["weight"].requires_grad)
x, y = torch.randn(4, 3, requires_grad=True), torch.tensor([0, 2, 1, 1])
for loss in [F.cross_entropy(x, y), F.mse_loss(x, torch.zeros(4, 3)), F.l1_loss(x, torch.zeros(4, 3)),
             F.nll_loss(F.log_softmax(x, 1), y), F.binary_cross_entropy_with_logits(x, torch.ones(4, 3)),
             F.smooth_l1_loss(x, torch.zeros(4, 3)), F.kl_div(x.log_softmax(1), x.softmax(1).detach(),
                                                              reduction="batchmean"),
             F.huber_loss(x, torch.zeros(4, 3)), (x ** 2).mean(), x.norm()]:
    print(loss)
