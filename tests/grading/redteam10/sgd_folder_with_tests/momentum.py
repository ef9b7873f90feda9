"""The direction of one SGD step, with torch's momentum buffer kept in ``state``."""


def update_buffer(state, p, g, group):
    if group["weight_decay"]:
        g = g + group["weight_decay"] * p
    mu = group["momentum"]
    if not mu:
        return g
    buf = state.get("buf")
    state["buf"] = buf = g.clone() if buf is None else mu * buf + (1 - group["dampening"]) * g
    return g + mu * buf if group["nesterov"] else buf
