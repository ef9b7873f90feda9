# The setup boilerplate at the top of modern training scripts: device selection with cuda/mps fallbacks, bf16 support
# checks choosing a dtype, float32 matmul precision, thread counts, default device as a context manager,
# deterministic flags, cuda seeding and memory queries that are no-ops on a CPU machine.
import torch
import torch.nn as nn

if torch.cuda.is_available():
    device = torch.device("cuda")
elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")
print(device, device.type, device.index, str(device))
use_bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
dtype = torch.bfloat16 if use_bf16 else torch.float32
print(dtype, torch.cuda.device_count(), torch.backends.mps.is_built() in (True, False))
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision())
torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.deterministic)
torch.use_deterministic_algorithms(False)
torch.set_num_threads(1)
print(torch.get_num_threads())
torch.manual_seed(42)
torch.cuda.manual_seed_all(42)
if torch.cuda.is_available():
    torch.cuda.empty_cache()
print(torch.cuda.is_available(), torch.version.cuda is None or isinstance(torch.version.cuda, str))
with torch.device("cpu"):
    lin = nn.Linear(3, 2)
print(lin.weight.device, lin.weight.dtype)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).to(device=device, dtype=dtype)
x = torch.randn(5, 4, device=device, dtype=dtype)
with torch.inference_mode():
    out = model(x)
print(out.shape, out.dtype, out.device, out.requires_grad, torch.is_inference_mode_enabled())
print(round(out.sum().item(), 5))
n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"{n_params:,} trainable parameters, {sum(p.numel() * p.element_size() for p in model.parameters()) / 1024:.2f} KiB")
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.0]).dtype, torch.get_default_dtype(), nn.Linear(1, 1).weight.dtype)
torch.set_default_dtype(torch.float32)
