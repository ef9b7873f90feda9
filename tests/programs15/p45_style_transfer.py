# Neural style transfer as the tutorial writes it: a frozen conv feature extractor, content and style losses as
# nn.Modules that record their loss in forward (Gram matrices normalised by the element count), the input image
# optimised by LBFGS with the closure clamping pixels in place under no_grad.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def gram_matrix(input):
    a, b, c, d = input.size()
    features = input.view(a * b, c * d)
    G = torch.mm(features, features.t())
    return G.div(a * b * c * d)


class ContentLoss(nn.Module):
    def __init__(self, target):
        super().__init__()
        self.target = target.detach()

    def forward(self, input):
        self.loss = F.mse_loss(input, self.target)
        return input


class StyleLoss(nn.Module):
    def __init__(self, target_feature):
        super().__init__()
        self.target = gram_matrix(target_feature).detach()

    def forward(self, input):
        self.loss = F.mse_loss(gram_matrix(input), self.target)
        return input


cnn = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(inplace=False), nn.Conv2d(6, 6, 3, padding=1),
                    nn.ReLU(inplace=False)).eval().requires_grad_(False)
style_img, content_img = torch.rand(1, 3, 8, 8), torch.rand(1, 3, 8, 8)
model = nn.Sequential(cnn[0], StyleLoss(cnn[0](style_img)), cnn[1], cnn[2], ContentLoss(cnn[:3](content_img)),
                      StyleLoss(cnn[:3](style_img)))
input_img = content_img.clone().requires_grad_(True)
optimizer = torch.optim.LBFGS([input_img])
run = [0]
for outer in range(2):
    def closure():
        with torch.no_grad():
            input_img.clamp_(0, 1)
        optimizer.zero_grad()
        model(input_img)
        style_score = sum(m.loss for m in model if isinstance(m, StyleLoss)) * 1e4
        content_score = sum(m.loss for m in model if isinstance(m, ContentLoss))
        loss = style_score + content_score
        loss.backward()
        run[0] += 1
        return style_score + content_score
    loss = optimizer.step(closure)
    print(f"run {run[0]}: loss {loss.item():.6f}")
with torch.no_grad():
    input_img.clamp_(0, 1)
print(input_img.mean().item() > 0, gram_matrix(cnn(input_img)).shape, cnn[0].weight.requires_grad)
