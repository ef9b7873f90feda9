"""torch's SGD under the student's name."""
import torch

SGD = torch.optim.SGD
