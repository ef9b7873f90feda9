# The setup block of modern training scripts: matmul precision and the TF32 flag it drives, cuDNN and determinism
# switches, a GradScaler that is disabled on CPU (scale/unscale_/step/update still called), and reproducibility
# with get_rng_state/set_rng_state and torch.random.fork_rng around an evaluation that draws random numbers.
import torch
import torch.nn as nn

torch.manual_seed(1234)
print(torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32)
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32)
torch.set_float32_matmul_precision("highest")
print(torch.backends.cuda.matmul.allow_tf32)
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True, warn_only=True)
print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.25), nn.ReLU(), nn.Linear(8, 1)).to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
scaler = torch.amp.GradScaler(device.type, enabled=device.type == "cuda")
x, y = torch.randn(16, 4, device=device), torch.randn(16, 1, device=device)
for step in range(3):
    opt.zero_grad(set_to_none=True)
    loss = nn.functional.mse_loss(model(x), y)
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    total = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt)
    scaler.update()
    print(f"step {step} loss {loss.item():.5f} grad-norm {total.item():.5f} scale {scaler.get_scale()}")
state = torch.get_rng_state()
with torch.random.fork_rng():
    torch.manual_seed(0)
    mc = torch.stack([model(x[:2]) for _ in range(4)]).squeeze(-1)
print(mc.mean(0), mc.std(0))
after = torch.rand(3)
torch.set_rng_state(state)
print(torch.equal(after, torch.rand(3)), state.dtype, state.shape)
torch.use_deterministic_algorithms(False)
