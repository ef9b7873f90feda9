"""torch.backends flags and torch.cuda.is_available() device branches as training scripts write them."""
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device, device.type, str(device), device == torch.device("cpu"))
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
print(torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic)
print(torch.backends.mps.is_available(), isinstance(torch.backends.cudnn.is_available(), bool))
torch.backends.cuda.matmul.allow_tf32 = False
print(torch.backends.cuda.matmul.allow_tf32)
torch.use_deterministic_algorithms(False)
print(torch.are_deterministic_algorithms_enabled())
print(torch.cuda.device_count() >= 0, isinstance(torch.cuda.is_available(), bool))
model = nn.Linear(2, 1).to(device)
x = torch.ones(3, 2, device=device)
print(model(x).device, next(model.parameters()).device, x.is_cuda)
if torch.cuda.is_available():
    torch.cuda.manual_seed_all(0)
kw = {"num_workers": 1, "pin_memory": True} if torch.cuda.is_available() else {}
print(kw)
print(torch.get_num_threads() >= 1, torch.float32.is_floating_point, torch.int64.is_floating_point)
print(x.to("cpu").device, x.cpu().device.type, torch.device("cpu", 0) if False else torch.device("cpu"))
print(torch.set_float32_matmul_precision("high"), torch.get_float32_matmul_precision())
torch.set_float32_matmul_precision("highest")
