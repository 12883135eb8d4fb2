"""``spow(x, y)`` and ``vexp(x)``: ``x**y`` and ``exp(x)`` in arithmetic the compiler can vectorize,
for the lane functions of generated model code.

A rate law with a non-integral or symbolic exponent (a Hill coefficient that is a parameter,
``x**n``) would call the C library's ``pow`` once per parameter set in the lane functions: no
vector form of it is available to numba's LLVM (no SVML), so the whole statement stays scalar.
In the lane-batched sweep of the IL-1 model ``pow`` took 17% of the time.  ``spow`` computes
``exp(y log x)`` with the logarithm carried in double-double precision, from additions,
multiplications, one division, ``floor`` and bit casts only, so a loop over lanes vectorizes.

Accuracy: within 1 unit in the last place (ulp) of the C library's results on every range
tested, 4 ulp for powers near overflow (``tests/test_mathfn.py`` checks it on random pairs and
the special cases).  Only the lane functions use them: a scalar call costs more than the C
library's (``spow`` 86 ns against 31 ns, latency-bound), so the single-set functions keep
``**`` and ``math.exp``.  A set of a lane-batched run therefore equals its single run to the
last bit only for models without such powers and exponentials; otherwise it agrees to
rounding (and, when a step's accept/reject decision falls on the other side of the error test,
to the tolerance).

Method (standard, e.g. Muller, Elementary Functions, 3rd ed., Ch. 11):

* ``log x = e ln2 + log m``, ``x = m 2^e``, ``m`` in ``[sqrt(1/2), sqrt(2))``;
  ``log m = 2 atanh(s)``, ``s = (m - 1)/(m + 1)``, ``|s| < 0.172``: ``s`` in double-double, the
  series tail ``2 s^3/3 + 2 s^5/5 + ...`` (about 2% of the value) in double;
* ``t = y log x`` as a double-double product (Veltkamp/Dekker splitting, no FMA needed);
* ``exp t = 2^k exp r``, ``k = round(t / ln2)``, ``r = t - k ln2`` (``ln2`` split so that
  ``k ln2_hi`` is exact), ``exp r`` by its Taylor polynomial of degree 13 (``|r| <= 0.347``,
  truncation below 1e-18), ``2^k`` applied as two exact power-of-two factors so that results
  in the subnormal range round once;
* C99 special cases: ``x**0 = 1`` and ``1**y = 1`` (also for NaN), ``0**y`` is ``0`` (y > 0) or
  ``inf`` (y < 0), a negative base needs an integral exponent (sign from its parity) else NaN,
  ``inf**y`` is ``inf`` or ``0``; overflow gives ``inf``, underflow ``0``.
"""

import math

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload

LN2_HI = 6.93147180369123816490e-01     # the leading 32 bits of ln 2: k*LN2_HI is exact
LN2_LO = 1.90821492927058770002e-10     # ln 2 - LN2_HI
INV_LN2 = 1.44269504088896338700e+00
SQRT2 = 1.4142135623730951
SPLIT = 134217729.0                     # 2**27 + 1, Veltkamp's splitting constant
TWO54 = 18014398509481984.0             # 2**54: scales a subnormal base into the normal range
#: exp(r) Taylor coefficients 1/j!
C2, C3, C4, C5, C6, C7 = 0.5, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0
C8, C9, C10 = 1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 3628800.0
C11, C12, C13 = 1.0 / 39916800.0, 1.0 / 479001600.0, 1.0 / 6227020800.0
#: |t| beyond this overflows or underflows whatever k: clamped before the integer conversion
T_CLAMP = 1080.0


def f2i(x):
    """The bits of the float64 ``x`` as an int64 (plain Python form)."""
    return int(np.array(x, dtype=np.float64).view(np.int64))


def i2f(i):
    """The float64 whose bits are the int64 ``i`` (plain Python form)."""
    return float(np.array(i, dtype=np.int64).view(np.float64))


@intrinsic
def _f2i(typingctx, x):
    if not isinstance(x, types.Float):
        return None

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _i2f(typingctx, i):
    if not isinstance(i, types.Integer):
        return None

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


@overload(f2i, inline="always")
def _f2i_typed(x):
    return lambda x: _f2i(x)


@overload(i2f, inline="always")
def _i2f_typed(i):
    return lambda i: _i2f(i)


@njit(inline="always")
def _two_prod(a, b):
    """``(p, e)`` with ``p = fl(a*b)`` and ``a*b = p + e`` exactly (Dekker)."""
    p = a * b
    ca = SPLIT * a
    a_hi = ca - (ca - a)
    a_lo = a - a_hi
    cb = SPLIT * b
    b_hi = cb - (cb - b)
    b_lo = b - b_hi
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


@njit(inline="always")
def _log_dd(x):
    """``log x`` as ``(hi, lo)`` for positive, finite ``x`` (normal or subnormal)."""
    sub = x < 2.2250738585072014e-308
    xs = x * TWO54 if sub else x
    bits = f2i(xs)
    e = ((bits >> 52) & 0x7FF) - 1023
    if sub:
        e -= 54
    m = i2f((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)      # [1, 2)
    big = m > SQRT2
    m = m * 0.5 if big else m
    if big:
        e += 1
    f = m - 1.0                           # exact
    d_hi = 2.0 + f                        # 2 + f = d_hi + d_lo exactly
    d_lo = f - (d_hi - 2.0)
    s_hi = f / d_hi
    p, pe = _two_prod(s_hi, d_hi)
    s_lo = (((f - p) - pe) - s_hi * d_lo) / d_hi
    z = s_hi * s_hi
    # 2 atanh(s) - 2 s = s (2z/3 + 2z^2/5 + ...), z <= 0.0295: to z^13 (truncation below
    # 1e-22 of s); the last term carries s_lo through the derivative 2/(1 - z) of 2 atanh
    tail = s_hi * z * (0.6666666666666666 + z * (0.4 + z * (0.2857142857142857 + z * (
        0.2222222222222222 + z * (0.18181818181818182 + z * (0.15384615384615385 + z * (
            0.13333333333333333 + z * (0.11764705882352941 + z * (0.10526315789473684 + z * (
                0.09523809523809523 + z * (0.08695652173913043 + z * (0.08 + z * (
                    0.07407407407407407)))))))))))))
    tail += 2.0 * s_lo * z * (1.0 + z)
    ef = float(e)
    a = ef * LN2_HI                       # exact
    b = 2.0 * s_hi
    hi = a + b
    bb = hi - a
    err = (a - (hi - bb)) + (b - bb)      # two-sum error of a + b
    lo = err + (ef * LN2_LO + (2.0 * s_lo + tail))
    h2 = hi + lo
    return h2, lo - (h2 - hi)


@njit(inline="always")
def _exp_dd(t, t_lo):
    """``exp(t + t_lo)`` for finite, clamped ``t`` (``|t| <= T_CLAMP``, ``|t_lo|`` tiny)."""
    kf = np.floor(t * INV_LN2 + 0.5)
    r = (t - kf * LN2_HI) - kf * LN2_LO + t_lo
    q = (((((((((((C13 * r + C12) * r + C11) * r + C10) * r + C9) * r + C8) * r + C7) * r
               + C6) * r + C5) * r + C4) * r + C3) * r + C2)
    q = 1.0 + (r + r * r * q)
    k = int(kf)
    k1 = k >> 1
    k2 = k - k1
    return q * i2f((k1 + 1023) << 52) * i2f((k2 + 1023) << 52)


@njit(inline="always")
def spow(x, y):
    """``x**y`` (C99 ``pow`` semantics) in vectorizable arithmetic; see the module docstring."""
    ax = abs(x)
    finite = ax < np.inf and ax > 0.0
    hi, lo = _log_dd(ax if finite else 1.0)
    t, pe = _two_prod(y, hi)
    t_lo = pe + y * lo
    if not (abs(t) < T_CLAMP):            # overflow or underflow (NaN: sorted out below)
        t = T_CLAMP if t > 0.0 else -T_CLAMP
        t_lo = 0.0
    r = _exp_dd(t, t_lo)
    integral = np.floor(y) == y
    if x < 0.0:
        if not integral:
            r = np.nan
        elif np.floor(y * 0.5) * 2.0 != y:
            r = -r
    odd = integral and np.floor(y * 0.5) * 2.0 != y
    if ax == 0.0 or ax == np.inf:
        # 0**y and inf**y: 0 or inf; a negative zero or -inf keeps its sign for odd y
        small = (ax == 0.0) == (y > 0.0)
        r = 0.0 if small else np.inf
        if odd and math.copysign(1.0, x) < 0.0:
            r = -r
    if abs(y) == np.inf:
        r = 1.0 if ax == 1.0 else (np.inf if (ax > 1.0) == (y > 0.0) else 0.0)
    if x != x or y != y:
        r = np.nan
    if y == 0.0 or x == 1.0:
        r = 1.0
    return r


@njit(inline="always")
def vexp(x):
    """``exp(x)`` in vectorizable arithmetic (the exponential of :func:`spow`)."""
    t = x
    if not (abs(t) < T_CLAMP):            # overflow or underflow (NaN: below)
        t = T_CLAMP if t > 0.0 else -T_CLAMP
    r = _exp_dd(t, 0.0)
    if x != x:
        r = np.nan
    return r
