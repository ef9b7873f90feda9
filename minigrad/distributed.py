"""``minigrad.distributed``: minigrad runs in one process on one device, so there is no process group.
``is_available()`` is False (as in a torch built without distributed support); the calls that need a group
raise torch's RuntimeError, so ``if dist.is_available() and dist.is_initialized():`` guards work."""
from __future__ import annotations

import enum

__all__ = ["is_available", "is_initialized", "init_process_group", "destroy_process_group", "get_rank",
           "get_world_size", "barrier", "all_reduce", "broadcast", "all_gather", "ReduceOp"]


class ReduceOp(enum.Enum):
    SUM = "sum"
    PRODUCT = "product"
    MIN = "min"
    MAX = "max"
    AVG = "avg"


def is_available() -> bool:
    return False


def is_initialized() -> bool:
    return False


def _no_group(op):
    raise RuntimeError(f"{op}(): Default process group has not been initialized, please make sure to call "
                       "init_process_group. (minigrad has no distributed backend: run in one process)")


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, **kwargs):
    raise RuntimeError("init_process_group(): minigrad has no distributed backend (no NCCL, Gloo or MPI); run "
                       "the script in one process")


def destroy_process_group(group=None):
    _no_group("destroy_process_group")


def get_rank(group=None):
    _no_group("get_rank")


def get_world_size(group=None):
    _no_group("get_world_size")


def barrier(group=None, async_op=False, device_ids=None):
    _no_group("barrier")


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    _no_group("all_reduce")


def broadcast(tensor, src=None, group=None, async_op=False):
    _no_group("broadcast")


def all_gather(tensor_list, tensor, group=None, async_op=False):
    _no_group("all_gather")
