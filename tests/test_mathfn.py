"""``spow`` and ``vexp``: sigsim's vectorizable ``x**y`` and ``exp(x)`` for the lane functions of
generated model code, against the C library.

Errors are in units in the last place (ulp) of the C library's result (itself within 1 ulp of
the exact value): measured at most 1 ulp on every range below but powers near overflow
(4 ulp), over 10^6 pairs each.
"""

import numpy as np
import pytest
import sympy as sp
from numba import njit

from sigsim.codegen._printer import print_expr
from sigsim.solvers._mathfn import spow, vexp


@njit(error_model="numpy")
def spow_loop(x, y, out):
    for i in range(x.shape[0]):
        out[i] = spow(x[i], y[i])


@njit(error_model="numpy")
def pow_loop(x, y, out):
    for i in range(x.shape[0]):
        out[i] = x[i] ** y[i]


def _both(x, y):
    a, b = np.empty(x.size), np.empty(x.size)
    spow_loop(x, y, a)
    pow_loop(x, y, b)
    return a, b


RNG = np.random.default_rng(7)
N = 200_000
RANGES = {   # name: (log x range, y range, largest error in ulp allowed)
    "Hill-like": ((np.log(1e-12), np.log(1e6)), (0.2, 6.0), 2),
    "wide base": ((-700.0, 700.0), (-1.0, 1.0), 2),
    "negative exponents": ((-30.0, 30.0), (-8.0, 8.0), 2),
    "subnormal results": ((-20.0, -10.0), (31.0, 74.0), 2),
    "subnormal bases": ((-740.0, -709.0), (0.1, 1.0), 2),
    "near overflow": ((1.0, 10.0), (50.0, 400.0), 8),
}


@pytest.mark.parametrize("name", sorted(RANGES))
def test_accuracy_against_the_c_library(name):
    (lx0, lx1), (y0, y1), bound = RANGES[name]
    x = np.exp(RNG.uniform(lx0, lx1, N))
    y = RNG.uniform(y0, y1, N)
    a, b = _both(x, y)
    normal = np.isfinite(b) & (b != 0.0)
    assert normal.sum() > N // 4
    ulps = np.abs(a[normal] - b[normal]) / np.spacing(np.abs(b[normal]))
    assert ulps.max() <= bound, (name, ulps.max())
    # overflow to inf and underflow to 0 where the C library's result does
    np.testing.assert_array_equal(a[~normal], b[~normal])


def test_near_one_and_integral_exponents():
    x = 1.0 + RNG.uniform(-1e-3, 1e-3, N)
    y = RNG.uniform(-50.0, 50.0, N)
    a, b = _both(x, y)
    assert (np.abs(a - b) / np.spacing(b)).max() <= 2
    # integral exponents of negative bases: sign from the parity
    x = -np.exp(RNG.uniform(-5.0, 5.0, 1000))
    y = RNG.integers(-6, 7, 1000).astype(float)
    a, b = _both(x, y)
    assert (np.abs(a - b) / np.spacing(np.abs(b))).max() <= 2
    assert np.array_equal(np.sign(a), np.sign(b))


def test_special_cases_follow_c99():
    values = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, np.inf, -np.inf, np.nan,
              1e-310, 1e300]
    x = np.array([a for a in values for _ in values])
    y = np.array([b for _ in values for b in values])
    a, b = _both(x, y)
    with np.errstate(invalid="ignore"):
        diff = np.abs(a - b)
    exact = (np.isnan(a) & np.isnan(b)) | ((a == b) & (np.signbit(a) == np.signbit(b)))
    # finite, nonzero results may differ in the last bit (2**0.5 and the like), no more
    close = np.isfinite(b) & (b != 0) & (diff <= np.spacing(np.abs(b)))
    bad = ~(exact | close)
    assert not bad.any(), list(zip(x[bad], y[bad], a[bad], b[bad]))


def test_plain_python_gives_the_same_bits():
    x = np.exp(RNG.uniform(-20.0, 20.0, 300))
    y = RNG.uniform(-4.0, 4.0, 300)
    a, _ = _both(x, y)
    plain = np.array([spow.py_func(float(u), float(v)) for u, v in zip(x, y)])
    np.testing.assert_array_equal(plain, a)


def test_loop_over_lanes_vectorizes():
    """The point of spow: a loop of it compiles to vector instructions (the C library's pow
    would be one scalar call per element)."""
    x = np.ones(8)
    spow_loop(x, x, x)
    ir = next(iter(spow_loop.inspect_llvm().values()))
    assert " x double>" in ir


def test_exp_against_the_c_library():
    @njit(error_model="numpy")
    def both(x, a, b):
        for i in range(x.shape[0]):
            a[i] = vexp(x[i])
            b[i] = np.exp(x[i])
    x = np.concatenate([RNG.uniform(-50.0, 50.0, N), RNG.uniform(-745.5, 709.9, N),
                        [0.0, -0.0, np.inf, -np.inf, np.nan, 709.8, 710.0, -745.2, -746.0]])
    a, b = np.empty(x.size), np.empty(x.size)
    both(x, a, b)
    normal = np.isfinite(b) & (b != 0.0)
    assert (np.abs(a[normal] - b[normal]) / np.spacing(b[normal])).max() <= 1
    np.testing.assert_array_equal(a[~normal], b[~normal])


def test_lane_printing_uses_spow_and_vexp_single_set_printing_does_not():
    x, n, k = sp.symbols("x n k")
    names = {x: "y[0]", n: "p[0]", k: "p[1]"}
    assert print_expr(x**n, names, vector=True) == "spow(y[0], p[0])"
    assert print_expr(x**2.5, names, vector=True) == "spow(y[0], 2.5)"
    assert print_expr(sp.exp(-k * x), names, vector=True) == "vexp(-p[1]*y[0])"
    assert "spow(p[1], p[0])" in print_expr(x**n / (k**n + x**n), names, vector=True)
    # integral and half exponents as before, in both
    for vector in (False, True):
        assert print_expr(x**2, names, vector=vector) == "(y[0]*y[0])"
        assert print_expr(x**sp.Rational(1, 2), names, vector=vector) == "math.sqrt(y[0])"
    assert print_expr(x**n, names) == "y[0]**p[0]"
    assert print_expr(sp.exp(-k * x), names) == "math.exp(-p[1]*y[0])"
