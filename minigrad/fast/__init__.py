"""Optional speed: every trick that makes minigrad fast, kept apart from the reference code.

Normal mode uses them. Reference mode (``MINIGRAD_REFERENCE=1`` in the environment, or
``minigrad.set_reference_mode(True)`` in code) turns every one of them off, so that each operator,
method and function goes through its op class's ``forward`` and ``backward`` -- also under
``no_grad`` and inside backward passes -- and the plain array code in ``minigrad/ops`` runs.

Each trick is a function that returns ``None`` when it does not apply (always, in reference mode);
the caller then runs its plain code, which is also the reference the ``tests/test_fast_*.py`` tests
compare the trick against.

  switch.py        the on/off switch (reference mode)
  apply.py         Op.apply unrolled for one and two arguments, and for a tensor with a Python number;
                   its nodes keep their edges and their saved output in attributes (fewer objects
                   for Python's garbage collector: a long chain triggers fewer full collections);
                   a large relu compares with a read-only view of zeros, not a scalar (3x faster)
  operators.py     x * y, x + 0.5...: the array operation itself when nothing is recorded (no node, no
                   ctx), straight to the op class otherwise
  reduce.py        a sum over (N, H, W) of an (N, C, H, W) array as two contiguous sums
  conv.py          the GPU convolution layout: one big (OC, K) @ (K, N·OH·OW) product; on the CPU, a
                   stride-1 'same' convolution's im2col/col2im as whole-plane shifts, and the bias
                   added inside the product (a column of w against a row of ones)
  pool.py          max pooling whose windows tile the input (2x2, stride 2): contiguous planes per
                   kernel position, and a backward that writes each gradient once
  backward.py      a piecewise-linear op's gradient as one multiply when no graph is recorded
  index.py         x[idx], index_select and embedding backward: repeated rows summed after a sort, not add.at
  activations.py   gelu: Φ(x) from a fitted erfc in whole-array steps, not SciPy's scalar erf; gelu's and
                   silu's backward from what the forward kept
  along.py         padding's reads along a dim and their adjoint (add back) as a few slice copies
  sorting.py       topk's first k of a row from a partition, not a sort of the whole row
  select.py        np.where without a branch per element (leaky_relu, elu): bit operations, same numbers
  engine.py        the backward loop with its calls inlined, for the common pass (no create_graph);
                   the gradients travel as arrays
  gradients.py     the commonest ops' input gradients computed on arrays, for that loop
  losses.py        cross-entropy's backward from the forward's log-sum-exp (or one CUDA kernel)
  inplace.py       in-place updates written straight into the array when nothing is recorded
  multiplicative.py  multiplicative updates of W @ H with β = 2: ∇⁺ from k x k products
  cuda_kernels.py  fused CUDA kernels: im2col, col2im, window max/scatter, cross-entropy, axpy
  allocator.py     glibc malloc tuning (an explicit choice made in minigrad/__init__.py; see there)

This package sits below ``minigrad/ops`` (the ops call it) and imports nothing from it.
"""
from .switch import enabled, is_reference_mode, on_switch, reference_mode, set_reference_mode, SWITCH
from . import (activations, allocator, along, apply, backward, conv, cuda_kernels, engine, gradients, index, inplace,
               losses, multiplicative, operators, pool, reduce, select, sorting)

__all__ = ["enabled", "is_reference_mode", "on_switch", "reference_mode", "set_reference_mode", "SWITCH",
           "activations", "allocator", "along", "apply", "backward", "conv", "cuda_kernels", "engine", "gradients",
           "inplace", "losses", "multiplicative", "operators", "pool", "reduce", "sorting"]
