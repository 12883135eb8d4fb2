"""Symbolic sparse LU (``SparseLU``): ordering, fill pattern, operation lists, input checks.

The numeric kernels are tested in ``test_linalg.py``; here a plain numpy Doolittle
factorization of the permuted matrix serves as the reference for the pattern.
"""

import numpy as np
import pytest

from sigsim.solvers import _sparse as sp
from sigsim.solvers._sparse import SparseLU


def random_pattern(n, density, seed):
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < density
    rows, cols = np.nonzero(mask)
    return rows.astype(np.int64), cols.astype(np.int64)


def dense_w(n, rows, cols, Jv, shift):
    W = shift * np.eye(n)
    np.subtract.at(W, (rows, cols), Jv)
    return W


def doolittle(A):
    """Unpivoted LU in place (unit lower L below the diagonal), plain numpy reference."""
    A = A.copy()
    n = A.shape[0]
    for k in range(n):
        A[k + 1:, k] /= A[k, k]
        A[k + 1:, k + 1:] -= np.outer(A[k + 1:, k], A[k, k + 1:])
    return A


def boolean_fill(mask):
    """Exact structural fill of unpivoted elimination on a boolean pattern (no cancellation)."""
    F = mask.copy()
    n = F.shape[0]
    for k in range(n):
        below = np.nonzero(F[k + 1:, k])[0] + k + 1
        right = np.nonzero(F[k, k + 1:])[0] + k + 1
        F[np.ix_(below, right)] = True
    return F


@pytest.mark.parametrize("seed", range(6))
def test_fill_pattern_is_exact_and_contains_numeric_fill(seed):
    n = 12 + 3 * seed
    rows, cols = random_pattern(n, 0.15, seed)
    lu = SparseLU(n, rows, cols)
    perm = lu.arrays[sp.PERM]
    stored = lu.pattern()

    w_mask = np.eye(n, dtype=bool)
    w_mask[rows, cols] = True
    permuted = w_mask[np.ix_(perm, perm)]
    assert np.array_equal(stored, boolean_fill(permuted))

    rng = np.random.default_rng(100 + seed)
    W = dense_w(n, rows, cols, rng.standard_normal(rows.size), 3.0 * n)
    F = doolittle(W[np.ix_(perm, perm)])
    assert np.all(F[~stored] == 0.0)
    assert lu.nnz_lu == stored.sum()
    assert lu.fill_in == stored.sum() - w_mask.sum()


def test_maps_point_at_the_right_entries():
    n = 15
    rows, cols = random_pattern(n, 0.2, 7)
    lu = SparseLU(n, rows, cols)
    a = lu.arrays
    iperm = a[sp.IPERM]
    row_of = np.repeat(np.arange(n), np.diff(a[sp.ROW_PTR]))
    col_of = a[sp.COL_IDX]
    assert np.array_equal(row_of[a[sp.JAC_MAP]], iperm[rows])
    assert np.array_equal(col_of[a[sp.JAC_MAP]], iperm[cols])
    assert np.array_equal(row_of[a[sp.DIAG_MAP]], iperm)
    assert np.array_equal(col_of[a[sp.DIAG_MAP]], iperm)
    assert np.array_equal(a[sp.PERM][iperm], np.arange(n))
    for i in range(n):
        seg = col_of[a[sp.ROW_PTR][i]:a[sp.ROW_PTR][i + 1]]
        assert np.all(np.diff(seg) > 0)
        assert col_of[a[sp.DIAG_POS][i]] == i
    assert len(a) == sp.N_SLOTS
    assert all(x.dtype == np.int64 and x.ndim == 1 and x.flags.c_contiguous for x in a)
    assert a[sp.LU_VALUE_SIZE_SLOT].shape[0] == lu.nnz_lu
    assert a[sp.UPD_PTR].shape[0] == a[sp.DIV_IK].shape[0] + 1
    assert lu.flops == a[sp.DIV_IK].shape[0] + 2 * a[sp.UPD_IJ].shape[0]


def arrow(n, hub):
    """Arrow-head pattern: the hub couples to every other state (both directions)."""
    others = [i for i in range(n) if i != hub]
    rows = others + [hub] * len(others)
    cols = [hub] * len(others) + others
    return np.array(rows), np.array(cols)


@pytest.mark.parametrize("hub", [0, 4, 9])
def test_arrowhead_has_no_fill(hub):
    rows, cols = arrow(10, hub)
    lu = SparseLU(10, rows, cols)
    assert lu.fill_in == 0
    # leaves (degree 1) go first, by index; the hub is only eliminated once it ties with
    # the last leaf in the final 2x2 block, where either order gives no fill
    last_leaf = max(i for i in range(10) if i != hub)
    assert set(lu.perm[-2:].tolist()) == {hub, last_leaf}


def test_tridiagonal_has_no_fill():
    n = 20
    rows = np.r_[np.arange(n), np.arange(1, n), np.arange(n - 1)]
    cols = np.r_[np.arange(n), np.arange(n - 1), np.arange(1, n)]
    lu = SparseLU(n, rows, cols)
    assert lu.fill_in == 0
    assert lu.nnz_lu == 3 * n - 2


def test_ordering_is_deterministic_with_ties_by_index():
    # a pattern-free system: every vertex has degree 0, so the order is the identity
    assert np.array_equal(SparseLU(5, [], []).perm, np.arange(5))
    rows, cols = random_pattern(25, 0.1, 3)
    a1 = SparseLU(25, rows, cols).arrays
    a2 = SparseLU(25, rows, cols).arrays
    assert all(np.array_equal(x, y) for x, y in zip(a1, a2))


def test_minimum_degree_beats_natural_order_on_reversed_arrow():
    # hub first in natural order fills the matrix completely; minimum degree avoids it
    rows, cols = arrow(8, 0)
    w_mask = np.eye(8, dtype=bool)
    w_mask[rows, cols] = True
    assert boolean_fill(w_mask).sum() == 64
    assert SparseLU(8, rows, cols).nnz_lu == 8 + 14


def test_duplicates_and_empty_systems():
    lu = SparseLU(3, [0, 0, 1], [1, 1, 2])
    assert lu.nnz_jac == 3
    assert lu.arrays[sp.JAC_MAP][0] == lu.arrays[sp.JAC_MAP][1]
    empty = SparseLU(0, [], [])
    assert empty.nnz_lu == 0 and empty.n == 0
    assert len(empty.arrays) == sp.N_SLOTS
    assert "n=0" in repr(empty)


def test_repr_reports_statistics():
    rows, cols = random_pattern(10, 0.2, 1)
    text = repr(SparseLU(10, rows, cols))
    for key in ("n=10", "nnz(J)=", "nnz(LU)=", "flops"):
        assert key in text


@pytest.mark.parametrize("args, match", [
    ((3, [0, 1], [0]), "same length"),
    ((3, [0, 3], [0, 1]), "jac_rows contains index 3"),
    ((3, [0, 1], [-1, 1]), "jac_cols contains index -1"),
    ((-1, [], []), "non-negative"),
    ((2.5, [], []), "non-negative integer"),
    ((None, [], []), "non-negative integer"),
    ((3, [[0]], [[0]]), "1-D"),
    ((3, [0.5], [0]), "integers"),
])
def test_bad_input_raises(args, match):
    with pytest.raises(ValueError, match=match):
        SparseLU(*args)
