"""torch's CPU random numbers: the same Mersenne Twister, seeded the same way, turned into numbers by the
same recipes -- so ``manual_seed(s)`` followed by ``randn``, ``rand``, ``randint``, ``randperm``,
``nn.Linear(...)``'s initial weights, dropout masks or ``multinomial`` gives torch's numbers.

The words: MT19937 (NumPy's bit generator) with the classic 32-bit seeding of ``seed mod 2**32``, as
torch's generator. ``word()`` is one 32-bit output; ``word64`` is two, the first one the high half.
The recipes (one or two words per number, drawn element after element):

=======================  =====================================================================
uniform, float32/16      (word & (2**24 - 1)) · 2**-24, then ·(high - low) + low in float64
uniform, float64         (word64 & (2**53 - 1)) · 2**-53, then ·(high - low) + low
integers in [low, high)  word % (high - low) + low (word64 when the range needs more than 32 bits)
permutation of n         start from 0..n-1; for i = 0..n-2 swap i with i + word % (n - i)
normal, 16 or more       uniforms u (as above), then Box-Muller by blocks of 16: with u1 = 1 - u[j],
                         u2 = u[j + 8], r = sqrt(-2 log u1), t = 2π u2: u[j] = r cos t, u[j + 8] =
                         r sin t, for j < 8; a size not a multiple of 16 draws n uniforms, then 16
                         more for the last 16 numbers, a block of their own (overlapping the one before);
                         float16: float32's, rounded, with uniforms drawn only for the blocks
normal, under 16         pairs from two float64 uniforms u1, u2: r = sqrt(-2 log(1 - u2)),
                         t = 2π u1, r cos t now and r sin t kept for the next number (also across
                         calls, until the next seed)
bernoulli(p) (a number)  float64 uniform < p (dropout draws its mask so)
bernoulli(probs tensor)  uniform of the probabilities' dtype < p
exponential(λ)           -log(1 - u) / λ with a float64 uniform u
geometric(p), log-normal ceil(log u / log(1 - p)); exp of normals drawn by the small-draw recipe
multinomial              with replacement (and more than one sample): for each sample a float64
                         uniform u and the first category whose normalised cumulative weight
                         is >= u; else the categories with the largest weight / exponential(1)
=======================  =====================================================================

torch's float32 normals of 16 or more take its vectorised log and sine/cosine (Cephes' float32 polynomials,
with fused multiply-adds where its compiler fuses them): ``_cephes_log`` and ``_cephes_sincos`` below do
the same float32 steps (a fused multiply-add done in float64 and rounded once: the same float32 result
but in the rarest ties), so those normals are torch's bits too. float64 normals take the C library's log,
as torch (NumPy's sin and cos are the C library's), up to 131,072 numbers, and NumPy's faster log past
that (one bit off in ~0.3% of those). float16 normals are float32's rounded, their uniforms drawn block by
block (none unused). Poisson, Gamma (so Beta, Dirichlet, Chi2, StudentT) and binomial draws follow torch's
serial rejection samplers number by number (``poisson``, ``standard_gamma``, ``binomial`` below), so they are
torch's too; what else NumPy's Generator offers draws from NumPy's algorithms on the same words. (torch on an Intel CPU draws ``bernoulli_`` with a scalar p and
``exponential_`` from MKL's own streams instead; those masks are torch's on other CPUs only.)
"""
from __future__ import annotations

import math

import numpy as np

_U64 = np.uint64


def _mt_key(seed: int) -> np.ndarray:
    """The 624-word state the classic MT19937 seeding makes of a 32-bit seed."""
    key = np.empty(624, np.uint32)
    x = seed & 0xFFFFFFFF
    key[0] = x
    for i in range(1, 624):
        x = (1812433253 * (x ^ (x >> 30)) + i) & 0xFFFFFFFF
        key[i] = x
    return key


class TorchStream:
    """One random stream with torch's recipes (see the module's docstring). Methods not defined here
    (``poisson``, ``gamma``, ``choice``...) are NumPy's ``Generator`` methods on the same words."""

    def __init__(self, seed: int):
        self.bits = np.random.MT19937()
        self.bits.state = {"bit_generator": "MT19937", "state": {"key": _mt_key(seed), "pos": 624}}
        self.numpy = np.random.Generator(self.bits)
        self.cached_normal = None       # the r·sin t of the last small normal draw, for the next one

    def __getattr__(self, name):        # what torch's recipes do not cover: NumPy's, on the same words
        return getattr(self.numpy, name)

    # ------------------------------------------------------------------ words
    def words(self, n) -> np.ndarray:
        """n 32-bit words (uint32; NumPy's full-range draw takes exactly one word per number)."""
        return self.numpy.integers(0, 2 ** 32, size=n, dtype=np.uint32)

    def words64(self, n) -> np.ndarray:
        """n 64-bit words (uint64), each from two 32-bit words, the first one the high half."""
        w = self.words(2 * n).astype(_U64)
        return (w[0::2] << _U64(32)) | w[1::2]

    # ------------------------------------------------------------------ state
    def get_state(self):
        s = self.bits.state["state"]      # (NumPy's integers() keeps no buffered half-words for uint32 draws)
        return s["key"].copy(), int(s["pos"]), self.cached_normal

    def set_state(self, key, pos, cached_normal):
        self.bits.state = {"bit_generator": "MT19937", "state": {"key": np.asarray(key, np.uint32), "pos": int(pos)}}
        self.cached_normal = cached_normal

    # ------------------------------------------------------------------ recipes
    def _unit(self, n, dtype):
        """n uniforms in [0, 1) as torch makes them for ``dtype``."""
        if np.dtype(dtype) == np.float64:
            return (self.words64(n) & _U64(2 ** 53 - 1)).astype(np.float64) * 2.0 ** -53
        return (self.words(n) & np.uint32(2 ** 24 - 1)).astype(np.float32) * np.float32(2.0 ** -24)

    def uniform(self, shape, dtype, low=0.0, high=1.0):
        dtype = np.dtype(dtype)
        u = self._unit(math.prod(shape), dtype)
        if (low, high) != (0.0, 1.0):       # the bounds rounded to the dtype, the rest in float64
            low, high = float(dtype.type(low)), float(dtype.type(high))
            u = u.astype(np.float64) * (high - low) + low
        return u.astype(dtype, copy=False).reshape(shape)

    def normal(self, shape, dtype, mean=0.0, std=1.0):
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        if n < 16:
            z = self._small_normals(n) * std + mean
            return z.astype(dtype).reshape(shape)
        work = np.float64 if dtype == np.float64 else np.float32
        blocks = n // 16
        # uniforms for all n first (the ones past the last whole block drawn and unused); float16: block by block
        out = self._unit(n if dtype != np.float16 else blocks * 16, work)
        if dtype == np.float16 and n % 16:
            out = np.concatenate([out, np.zeros(n % 16, work)])
        out[:blocks * 16] = self._box_muller(out[:blocks * 16])
        if n % 16:
            out[n - 16:] = self._box_muller(self._unit(16, work))
        if (mean, std) != (0.0, 1.0):
            if work is np.float32:      # one rounding, as torch's fused multiply-add in float32
                out = (out.astype(np.float64) * float(np.float32(std)) + float(np.float32(mean))).astype(np.float32)
            else:
                out = out * std + mean
        return out.astype(dtype, copy=False).reshape(shape)

    @staticmethod
    def _box_muller(u):
        """Box-Muller by blocks of 16 uniforms: the first 8 give the radii, the last 8 the angles. In float32
        with torch's own log and sine/cosine (``_cephes_log``, ``_cephes_sincos``), so the same bits."""
        u = u.reshape(-1, 16)
        if u.dtype == np.float32:
            radius = np.sqrt(np.float32(-2) * _cephes_log(np.float32(1) - u[:, :8]))
            sin, cos = _cephes_sincos(np.float32(2 * math.pi) * u[:, 8:])
        else:                             # torch: the C library's log, sin and cos (NumPy's sin and cos are)
            ones_minus = 1 - u[:, :8]
            logs = (np.frompyfunc(math.log, 1, 1)(ones_minus).astype(np.float64) if ones_minus.size <= _LIBM_LOGS
                    else np.log(ones_minus))
            radius = np.sqrt(-2.0 * logs)
            theta = 2 * math.pi * u[:, 8:]
            sin, cos = np.sin(theta), np.cos(theta)
        return np.concatenate([radius * cos, radius * sin], axis=1).reshape(-1)

    def _small_normals(self, n):
        """n normals one at a time as torch's serial kernel: the kept one first, then r cos t, r sin t of each
        new pair (u1, u2) in turn; an odd one out keeps its r sin t."""
        kept = [] if self.cached_normal is None or n == 0 else [self.cached_normal]
        if kept:
            self.cached_normal = None
        pairs = (n - len(kept) + 1) // 2
        u = self._unit(2 * pairs, np.float64).reshape(pairs, 2)
        radius = np.sqrt(-2.0 * np.log1p(-u[:, 1]))
        theta = 2.0 * math.pi * u[:, 0]
        fresh = np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1).reshape(-1)
        if (n - len(kept)) % 2:
            self.cached_normal = float(fresh[-1])
        return np.concatenate([kept, fresh[:n - len(kept)]])

    def integers(self, low, high=None, size=None, dtype=np.int64):
        """Integers in [low, high) (NumPy's call signature)."""
        if high is None:
            low, high = 0, low
        shape = () if size is None else (tuple(size) if isinstance(size, (tuple, list)) else (int(size),))
        span = int(high) - int(low)
        n = math.prod(shape)
        w = self.words64(n) if span >= 2 ** 32 else self.words(n).astype(_U64)
        out = (w % _U64(span)).astype(np.int64) + int(low)
        return out.astype(dtype, copy=False).reshape(shape) if shape else np.dtype(dtype).type(out[0])

    def randint(self, shape, low, high):
        """Integers in [low, high) of ``shape`` (int64)."""
        return np.asarray(self.integers(low, high, shape)).reshape(shape)

    def full_range(self, shape, dtype):
        """``random_()`` without bounds: [0, 2**mantissa] for floats, [0, max] for integers."""
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        wide = dtype in (np.float64, np.int64)
        w = self.words64(n) if wide else self.words(n).astype(_U64)
        if dtype.kind == "f":
            top = 2 ** (np.finfo(dtype).nmant + 1) + 1         # every integer the mantissa holds exactly
        elif dtype == np.bool_:
            top = 2
        else:
            top = int(np.iinfo(dtype).max) + 1
        return (w % _U64(top)).astype(dtype).reshape(shape)

    def permutation(self, n):
        n = int(n)
        if n < 2:
            return np.arange(n, dtype=np.int64)
        picks = (self.words(n - 1).astype(_U64) % (n - np.arange(n - 1, dtype=_U64))).tolist()
        order = list(range(n))
        for i, z in enumerate(picks):           # sequential swaps: each depends on the ones before
            order[i], order[i + z] = order[i + z], order[i]
        return np.asarray(order, dtype=np.int64)

    def bernoulli(self, shape, p):
        """1.0/0.0 with probability ``p``, a number (float64 uniforms)."""
        return self._unit(math.prod(shape), np.float64).reshape(shape) < p

    def bernoulli_probs(self, probs):
        """A draw per probability (an array), uniforms of the probabilities' dtype."""
        dtype = np.float64 if probs.dtype == np.float64 else np.float32
        return self._unit(probs.size, dtype).reshape(probs.shape) < probs

    def log_normal(self, shape, dtype, mean, std):
        """exp of normals drawn one at a time (the small-draw recipe, whatever the size), as torch's."""
        return np.exp(self._small_normals(math.prod(shape)) * std + mean).astype(dtype).reshape(shape)

    def geometric(self, shape, dtype, p):
        """ceil(log u / log(1 - p)) with float64 uniforms u: trials up to the first success."""
        u = self._unit(math.prod(shape), np.float64)
        return np.ceil(np.log(u) / math.log1p(-p)).astype(dtype).reshape(shape)

    def exponential(self, shape, dtype, lambd=1.0):
        u = self._unit(math.prod(shape), np.float64)
        return (-np.log1p(-u) / lambd).astype(dtype).reshape(shape)

    def multinomial(self, rows, num_samples, replacement):
        """Indices for each row of ``rows`` (2-D, non-negative weights in their own dtype)."""
        out = np.empty((rows.shape[0], num_samples), np.int64)
        if replacement and num_samples > 1:         # (one sample: the keys below, as torch)
            for r, row in enumerate(rows):
                cdf = np.cumsum(row, dtype=row.dtype)
                cdf = cdf / cdf[-1]
                out[r] = np.searchsorted(cdf.astype(np.float64), self._unit(num_samples, np.float64), side="left")
            return out
        q = self.exponential(rows.shape, rows.dtype)
        keys = rows / q
        order = np.argsort(-keys, axis=1, kind="stable")
        return order[:, :num_samples]

    # ------------------------------------------------------------------ torch's rejection samplers
    def _u64(self):
        """One float64 uniform (torch's ``uniform_real_distribution<double>``)."""
        w = self.words(2)
        return float((int(w[0]) << 32 | int(w[1])) & (2 ** 53 - 1)) * 2.0 ** -53

    def poisson(self, lam, size=None):
        """torch's serial Poisson sampler, element after element: for a rate >= 10 the transformed rejection
        of Hörmann (1993) on pairs of uniforms; under 10 the count of uniforms whose running product stays
        above exp(-rate); 0 for a rate of 0."""
        lam = np.asarray(lam, np.float64)
        out = np.empty(lam.size, np.float64)
        for i, rate in enumerate(lam.reshape(-1).tolist()):
            out[i] = self._poisson_one(rate)
        return out.reshape(lam.shape if size is None else size)

    def _poisson_one(self, rate):
        if rate >= 10:
            slam, loglam = math.sqrt(rate), math.log(rate)
            b = 0.931 + 2.53 * slam
            a = -0.059 + 0.02483 * b
            invalpha = 1.1239 + 1.1328 / (b - 3.4)
            vr = 0.9277 - 3.6224 / (b - 2)
            while True:
                u = self._u64() - 0.5
                v = self._u64()
                us = 0.5 - abs(u)
                k = math.floor((2 * a / us + b) * u + rate + 0.43)
                if us >= 0.07 and v <= vr:
                    return k
                if k < 0 or (us < 0.013 and v > us):
                    continue
                if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= \
                        -rate + k * loglam - math.lgamma(k + 1.0):
                    return k
        if rate == 0:
            return 0
        count, prod, limit = 0, 1.0, math.exp(-rate)
        while True:
            prod *= self._u64()
            if prod <= limit:
                return count
            count += 1

    def binomial(self, n, p, size=None):
        """torch's serial binomial sampler, element after element, in the probabilities' dtype where torch
        computes in it: for n·min(p, 1 - p) >= 10 the transformed rejection BTRS (Hörmann 1993), else
        the count of geometric gaps that fit in n (inversion); a p over 1/2 by its complement."""
        p = np.asarray(p)
        dt = p.dtype.type if p.dtype in (np.float32, np.float64) else np.float64
        n = np.broadcast_to(np.asarray(n), p.shape)
        out = [self._binomial_one(dt(c), dt(q), dt) for c, q in zip(n.reshape(-1).tolist(), p.reshape(-1).tolist())]
        return np.asarray(out, dt).reshape(p.shape if size is None else size)

    def _binomial_one(self, count, prob, dt):
        if count <= 0 or prob <= 0:
            return dt(0)
        if prob >= 1:
            return count
        if prob != prob:
            return dt(math.nan)
        flip = prob > 0.5
        q = dt(1.0 - float(prob)) if flip else prob
        k = self._btrs(count, q, dt) if float(count * q) >= 10.0 else self._binomial_inversion(count, q, dt)
        return count - k if flip else k

    def _binomial_inversion(self, count, prob, dt):
        logprob = float(np.log1p(-prob))              # in the dtype, as torch's log1p of a float
        geom_sum, num = 0.0, dt(0)
        while True:
            geom_sum += math.ceil(math.log(self._u64()) / logprob)
            if geom_sum > float(count):
                return num
            num = num + dt(1)

    def _btrs(self, count, prob, dt):
        stddev = float(np.sqrt(count * prob * (dt(1) - prob)))
        b = 1.15 + 2.53 * stddev
        a = -0.0873 + 0.0248 * b + 0.01 * float(prob)
        c = float(count * prob) + 0.5
        v_r = 0.92 - 4.2 / b
        r = float(prob / (dt(1) - prob))
        alpha = (2.83 + 5.1 / b) * stddev
        m = float(np.floor((count + dt(1)) * prob))
        cnt = float(count)
        while True:
            u = self._u64() - 0.5
            v = self._u64()
            us = 0.5 - abs(u)
            k = dt(math.floor((2 * a / us + b) * u + c))
            if k < 0 or k > count:
                continue
            if us >= 0.07 and v <= v_r:
                return k
            v = math.log(v * alpha / (a / (us * us) + b))
            kf = float(k)
            upper = ((m + 0.5) * math.log((m + 1) / (r * (cnt - m + 1)))
                     + float(count + dt(1)) * math.log((cnt - m + 1) / float(count - k + dt(1)))
                     + (kf + 0.5) * math.log(r * float(count - k + dt(1)) / float(k + dt(1)))
                     + _stirling_tail(m) + _stirling_tail(cnt - m) - _stirling_tail(kf) - _stirling_tail(float(count - k)))
            if v <= upper:
                return k

    def standard_gamma(self, alpha, size=None):
        """torch's serial Gamma(α, 1) sampler (Marsaglia and Tsang's, α < 1 boosted by u^(1/α)), in float64
        with torch's float32 constants; α's own dtype for ``α - 1/3`` as torch's. Each result at least the
        dtype's smallest normal number."""
        alpha = np.asarray(alpha)
        dt = alpha.dtype.type if alpha.dtype in (np.float32, np.float64) else np.float64
        out = np.empty(alpha.size, np.float64)
        for i, a in enumerate(alpha.reshape(-1)):
            out[i] = self._gamma_one(dt(a), dt)
        tiny = float(np.finfo(dt).tiny)
        return np.maximum(out.astype(dt), tiny).reshape(alpha.shape if size is None else size)

    def _gamma_one(self, alpha, dt):
        scale = 1.0
        if alpha < 1:
            if alpha == 0:
                return 0.0
            scale *= math.pow(1 - self._u64(), float(dt(1) / alpha))
            alpha = alpha + dt(1)
        d = float(alpha - dt(_F(1) / _F(3)))
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            while True:
                x = float(self._small_normals(1)[0])
                y = 1.0 + c * x
                if y > 0:
                    break
            v = y * y * y
            u = 1 - self._u64()
            xx = x * x
            if u < 1.0 - _GAMMA_SQUEEZE * xx * xx:
                return scale * d * v
            if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
                return scale * d * v

    # ------------------------------------------------------------------ NumPy's names, torch's numbers
    def random(self, size=None, dtype=np.float64):
        shape = () if size is None else (tuple(size) if isinstance(size, (tuple, list)) else (int(size),))
        return self.uniform(shape, dtype)

    def standard_normal(self, size=None, dtype=np.float64):
        shape = () if size is None else (tuple(size) if isinstance(size, (tuple, list)) else (int(size),))
        return self.normal(shape, dtype)


# ---------------------------------------------------------------------- torch's float32 log and sin/cos
_F = np.float32
_GAMMA_SQUEEZE = float(np.float32(0.0331))     # torch's 0.0331f, widened
_STIRLING = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
             0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287)


def _stirling_tail(k):
    """log k! minus Stirling's approximation of it: tabled under 10, else its series."""
    if k < 10:
        return _STIRLING[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)
_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
             -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)


_LIBM_LOGS = 1 << 16        # float64 normals: up to this many logs by the C library's log (Python's math.log, ~0.1
                            # µs each), as torch; past it NumPy's own log, off by one bit in ~0.3% of its results


def _fma(a, b, c):
    """a·b + c rounded once to float32 (a·b of two float32 numbers is exact in float64)."""
    t = np.multiply(a, b, dtype=np.float64)
    t += c
    return t.astype(_F)


def _cephes_log(x):
    """log of positive normal float32 numbers, by Cephes' steps: x = m·2^e with m in [√½, √2), then
    log(m) from a degree-9 polynomial in m - 1, and e·log 2 added in two parts (0.693359375 - 2.12194440e-4)."""
    bits = x.view(np.int32)
    e = ((bits >> 23) - 126).astype(_F)
    m = ((bits & np.int32(0x007FFFFF)) | np.int32(0x3F000000)).view(_F)             # in [0.5, 1)
    small = m < _F(0.707106781186547524)
    e = e - small.astype(_F)
    m = (m - _F(1)) + np.where(small, m, _F(0))                                      # m - 1, or 2m - 1
    z = m * m
    y = np.full_like(m, _F(_LOG_POLY[0]))
    for c in _LOG_POLY[1:]:
        y = _fma(y, m, _F(c))
    y = _fma(y * m, z, e * _F(-2.12194440e-4))
    y = _fma(z, _F(-0.5), y)
    return _fma(e, _F(0.693359375), m + y)


def _cephes_sincos(x):
    """(sin x, cos x) of float32 x >= 0 (below 8192), by Cephes' steps: reduce by the octant j (x·4/π rounded
    up to even) with π/4 in three parts, then a sine and a cosine polynomial, swapped and signed by j."""
    j = (x * _F(1.27323954473516)).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(_F)
    for part in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8):
        x = _fma(y, _F(part), x)
    z = x * x
    cos = _fma(_fma(_F(2.443315711809948e-5), z, _F(-1.388731625493765e-3)), z, _F(4.166664568298827e-2))
    cos = _fma(cos * z, z, -(z * _F(0.5))) + _F(1)
    sin = _fma(_fma(_F(-1.9515295891e-4), z, _F(8.3321608736e-3)), z, _F(-1.6666654611e-1))
    sin = _fma(sin * z, x, x)
    first = (j & 2) == 0                 # octants where the sine polynomial gives the sine
    s, c = np.where(first, sin, cos), np.where(first, cos, sin)
    np.negative(s, out=s, where=(j & 4) != 0)
    np.negative(c, out=c, where=((j - 2) & 4) == 0)
    return s, c
