# A constant-velocity Kalman filter in matrix form: predict/update with torch.linalg.solve for the gain,
# the innovation log-likelihood, and a Rauch-Tung-Striebel smoother pass backwards.
import torch

torch.manual_seed(0)
dt = 1.0
F = torch.tensor([[1.0, dt], [0.0, 1.0]], dtype=torch.float64)
H = torch.tensor([[1.0, 0.0]], dtype=torch.float64)
Q = 0.01 * torch.eye(2, dtype=torch.float64)
R = torch.tensor([[0.5]], dtype=torch.float64)
true = torch.stack([torch.arange(8.0), torch.ones(8)], 1).double()
zs = true[:, :1] + torch.randn(8, 1, dtype=torch.float64) * 0.7
x, P = torch.zeros(2, 1, dtype=torch.float64), torch.eye(2, dtype=torch.float64) * 10
means, covs, preds, loglik = [], [], [], 0.0
for z in zs:
    x_pred, P_pred = F @ x, F @ P @ F.T + Q
    preds.append((x_pred, P_pred))
    S = H @ P_pred @ H.T + R
    K = torch.linalg.solve(S, H @ P_pred).T
    innov = z.view(1, 1) - H @ x_pred
    loglik = loglik - 0.5 * (innov.T @ torch.linalg.inv(S) @ innov + torch.logdet(2 * torch.pi * S))
    x = x_pred + K @ innov
    P = (torch.eye(2, dtype=torch.float64) - K @ H) @ P_pred
    means.append(x)
    covs.append(P)
print(torch.cat(means, 1).T)
print("loglik", loglik.item())
xs, Ps = means[-1], covs[-1]
smoothed = [xs]
for k in range(len(means) - 2, -1, -1):
    x_pred, P_pred = preds[k + 1]
    C = covs[k] @ F.T @ torch.linalg.inv(P_pred)
    xs = means[k] + C @ (xs - x_pred)
    Ps = covs[k] + C @ (Ps - P_pred) @ C.T
    smoothed.insert(0, xs)
print(torch.cat(smoothed, 1).T[:, 1])
print(torch.diagonal(Ps), torch.linalg.eigvalsh(Ps))
