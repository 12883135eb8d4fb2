"""Numeric LU kernels (sparse and dense) against numpy, pivot failures, caching, plain Python."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from numba import njit

from sigsim.solvers import _linalg
from sigsim.solvers._jit import from_python
from sigsim.solvers._linalg import PIVOT_RTOL, sparse_lu_solve
from sigsim.solvers._sparse import SparseLU

# the helper kernels are compiled for calls from compiled code only
build_w_dense = from_python(_linalg.build_w_dense)
build_w_sparse = from_python(_linalg.build_w_sparse)
dense_lu_factor = from_python(_linalg.dense_lu_factor)
dense_lu_solve = from_python(_linalg.dense_lu_solve)
lu_value_size = from_python(_linalg.lu_value_size)
sparse_lu_factor = from_python(_linalg.sparse_lu_factor)


def random_system(n, density, seed, dominant):
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < density
    rows, cols = (x.astype(np.int64) for x in np.nonzero(mask))
    Jv = rng.standard_normal(rows.size)
    # a dominant shift mimics small steps; shift 0.1 gives a general, indefinite W
    shift = 2.0 * n * density + 2.0 if dominant else 0.1
    W = shift * np.eye(n)
    np.subtract.at(W, (rows, cols), Jv)
    return rows, cols, Jv, shift, W, rng.standard_normal(n)


@njit(cache=True)
def sparse_solve_cached(Jv, shift, lu, b):
    """A cached caller, like the generated entry points that reach the kernels (pivot
    reciprocals, pre-scaled U, flat substitution lists: the Rosenbrock kernel's path)."""
    a = np.empty(lu_value_size(lu))
    dinv = np.empty(b.shape[0])
    build_w_sparse(a, Jv, shift, lu)
    if not sparse_lu_factor(a, dinv, lu):
        return False
    work = np.empty(b.shape[0])
    sparse_lu_solve(a, dinv, lu, b, work)
    return True


@njit(inline="always")
def _dense_solve_inline(Jv, shift, rows, cols, A, piv, b):
    build_w_dense(A, Jv, shift, rows, cols)
    if not dense_lu_factor(A, piv, np.empty(A.shape[0])):
        return False
    dense_lu_solve(A, piv, b)
    return True


@njit(cache=True)
def dense_solve_cached(Jv, shift, rows, cols, b):
    """A cached caller reaching the kernels through an inlined generic function."""
    n = b.shape[0]
    return _dense_solve_inline(Jv, shift, rows, cols, np.empty((n, n)),
                               np.empty(n, dtype=np.int64), b)


@pytest.mark.parametrize("dominant", [True, False])
@pytest.mark.parametrize("seed", range(5))
def test_sparse_solve_matches_numpy(seed, dominant):
    n = 10 + 5 * seed
    rows, cols, Jv, shift, W, b = random_system(n, 0.15, seed, dominant)
    lu = SparseLU(n, rows, cols)
    x = b.copy()
    assert sparse_solve_cached(Jv, shift, lu.arrays, x)
    ref = np.linalg.solve(W, b)
    # backward error is what an unpivoted LU guarantees; scale by the condition number
    tol = 1e-12 if dominant else 1e-12 * np.linalg.cond(W)
    assert np.linalg.norm(x - ref) <= tol * np.linalg.norm(ref)


@pytest.mark.parametrize("seed", range(5))
def test_sparse_zero_row_fails(seed):
    n = 10 + 5 * seed
    rows, cols, Jv, shift, W, b = random_system(n, 0.15, seed, True)
    keep = rows != 0
    # row 0 of W is exactly zero: the diagonal shift is cancelled by J[0, 0] = shift
    assert not sparse_solve_cached(np.concatenate([Jv[keep], [shift]]), shift,
                                   SparseLU(n, np.append(rows[keep], 0),
                                            np.append(cols[keep], 0)).arrays, b.copy())


@pytest.mark.parametrize("dominant", [True, False])
@pytest.mark.parametrize("seed", range(3))
def test_dense_solve_matches_numpy(seed, dominant):
    n = 8 + 4 * seed
    rows, cols, Jv, shift, W, b = random_system(n, 0.3, seed, dominant)
    x = b.copy()
    assert dense_solve_cached(Jv, shift, rows, cols, x)
    ref = np.linalg.solve(W, b)
    assert np.linalg.norm(x - ref) <= 1e-12 * np.linalg.cond(W) * np.linalg.norm(ref)


def test_dense_needs_pivoting():
    # W = 0*I - J with J = -[[0, 1], [1, 0]]: the first pivot of the unpivoted LU is zero
    rows = np.array([0, 1])
    cols = np.array([1, 0])
    Jv = np.array([-1.0, -1.0])
    b = np.array([2.0, 3.0])
    assert dense_solve_cached(Jv, 0.0, rows, cols, b)
    assert np.array_equal(b, [3.0, 2.0])
    lu = SparseLU(2, rows, cols)
    a = np.empty(lu.nnz_lu)
    build_w_sparse(a, Jv, 0.0, lu.arrays)
    assert not sparse_lu_factor(a, np.empty(lu.n), lu.arrays)


def test_zero_tiny_and_nonfinite_pivots_fail():
    # A <-> B exchange: J is singular, so W = shift*I - J is singular at shift 0
    rows = np.array([0, 0, 1, 1])
    cols = np.array([0, 1, 0, 1])
    Jv = np.array([-1.0, 2.0, 1.0, -2.0])
    lu = SparseLU(2, rows, cols)
    a = np.empty(lu.nnz_lu)
    A = np.empty((2, 2))
    piv = np.empty(2, dtype=np.int64)
    for shift, ok in [(0.0, False), (1e-3 * PIVOT_RTOL, False), (1e-6, True)]:
        build_w_sparse(a, Jv, shift, lu.arrays)
        assert sparse_lu_factor(a, np.empty(lu.n), lu.arrays) is ok
        build_w_dense(A, Jv, shift, rows, cols)
        assert dense_lu_factor(A, piv, np.empty(A.shape[0])) is ok
    for bad in (np.nan, np.inf):
        build_w_sparse(a, np.array([bad, 2.0, 1.0, -2.0]), 1.0, lu.arrays)
        assert not sparse_lu_factor(a, np.empty(lu.n), lu.arrays)
        build_w_dense(A, np.array([bad, 2.0, 1.0, -2.0]), 1.0, rows, cols)
        assert not dense_lu_factor(A, piv, np.empty(A.shape[0]))
    # an all-zero matrix (no pattern, zero shift)
    empty = SparseLU(3, [], [])
    z = np.empty(empty.nnz_lu)
    build_w_sparse(z, np.zeros(0), 0.0, empty.arrays)
    assert not sparse_lu_factor(z, np.empty(empty.n), empty.arrays)


def test_duplicate_entries_add_up():
    rows = np.array([0, 0, 1])
    cols = np.array([1, 1, 0])
    Jv = np.array([1.0, 2.0, 0.5])
    W = np.array([[4.0, -3.0], [-0.5, 4.0]])
    b = np.array([1.0, -1.0])
    x = b.copy()
    assert sparse_solve_cached(Jv, 4.0, SparseLU(2, rows, cols).arrays, x)
    assert np.allclose(x, np.linalg.solve(W, b), rtol=1e-14)
    y = b.copy()
    assert dense_solve_cached(Jv, 4.0, rows, cols, y)
    assert np.allclose(y, x, rtol=1e-14)


_SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    sys.path.insert(0, {tests!r})
    import test_linalg as t
    rows, cols, Jv, shift, W, b = t.random_system(12, 0.2, 4, False)
    lu = t.SparseLU(12, rows, cols)
    xs = b.copy()
    ok_s = bool(t.sparse_solve_cached(Jv, shift, lu.arrays, xs))
    xd = b.copy()
    ok_d = bool(t.dense_solve_cached(Jv, shift, rows, cols, xd))
    hits = 0
    if hasattr(t.sparse_solve_cached, "stats"):
        hits = sum(t.sparse_solve_cached.stats.cache_hits.values()) \\
            + sum(t.dense_solve_cached.stats.cache_hits.values())
    print(json.dumps({{"ok": [ok_s, ok_d], "xs": xs.tolist(),
                      "xd": xd.tolist(), "hits": hits}}))
""")


def _run(env_extra):
    env = dict(os.environ, **env_extra)
    script = _SCRIPT.format(tests=os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cached_callers_load_from_cache_and_match_plain_python():
    # warm the cache in this process (compiles and writes the cache files), then check
    # that a fresh process loads both cached callers instead of recompiling them
    rows, cols, Jv, shift, W, b = random_system(12, 0.2, 4, False)
    xs, xd = b.copy(), b.copy()
    assert sparse_solve_cached(Jv, shift, SparseLU(12, rows, cols).arrays, xs)
    assert dense_solve_cached(Jv, shift, rows, cols, xd)
    jit = _run({"NUMBA_DISABLE_JIT": "0"})
    assert jit["hits"] == 2
    plain = _run({"NUMBA_DISABLE_JIT": "1"})
    assert jit["ok"] == plain["ok"] == [True, True]
    # same operations in the same order: bitwise identical
    assert jit["xs"] == plain["xs"] == xs.tolist()
    assert jit["xd"] == plain["xd"] == xd.tolist()
