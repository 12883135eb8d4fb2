"""Numeric LU kernels for the iteration matrix ``W = shift*I - J`` (sparse and dense).

The sparse path streams through the operation lists precomputed by
:class:`sigsim.solvers._sparse.SparseLU` (its ``.arrays`` tuple is the ``lu`` argument); the
dense path is LU with partial pivoting, used for small or dense systems and as the fallback
when the unpivoted sparse factorization meets a bad pivot.

All functions are numba ``@njit(cache=True)`` (compiled once, cached on disk, linked into the
caller, including ``cache=True, parallel=True`` entry points of generated modules) and also
run as plain Python under ``NUMBA_DISABLE_JIT=1``.  They never allocate and never raise:
factorizations return ``False`` on failure.

Pivot criterion (sparse, no pivoting): row i fails when its entries before elimination are
not all finite, or when its pivot after elimination is not finite or
``|u_ii| <= PIVOT_RTOL * max_j |w_ij|`` (the largest entry of row i of W before elimination;
this also rejects an all-zero row).  The test costs one pass over the row.  A pivot that is
small relative to its own row signals either a (near-)singular W or an ordering that needs
pivoting; in both cases the dense, pivoted path is the right fallback.
Dense: fails when the chosen (column-maximal) pivot is not finite or
``|u_kk| <= PIVOT_RTOL * max_j |w_pj|`` (its own row before elimination, as for the sparse LU:
a test relative to the whole matrix wrongly rejects W = I/(h gamma) - J at large steps when J
has conservation laws and entries of very different sizes).
"""

import numpy as np
from numba import njit, types
from numba.extending import overload

from ._jit import KERNEL_OPTIONS, kernel
from ._sparse import (BWD_POS, BWD_SRC, BWD_TGT, COL_IDX, DIAG_MAP, DIAG_POS, DIV_IK,
                      DIV_PTR, FWD_POS, FWD_SRC, FWD_TGT, JAC_MAP, LU_VALUE_SIZE_SLOT, PERM,
                      ROW_PTR, UPD_IJ, UPD_KJ, UPD_PTR)

#: Relative pivot threshold (see the module docstring).  A few hundred ulps: a pivot this
#: small relative to its row carries no correct digits, while legitimately ill-conditioned W
#: (tiny shift with a singular J, e.g. conserved totals and a huge step) still passes.
PIVOT_RTOL = 1e-13

__all__ = ["build_w_sparse", "sparse_lu_factor", "sparse_lu_solve", "build_w_dense",
           "dense_lu_factor", "dense_lu_solve", "lu_value_size", "PIVOT_RTOL",
           "LU_VALUE_SIZE_SLOT", "sparse_store", "dense_store", "w_factor", "w_solve"]


@kernel
def lu_value_size(lu):
    """Length of the value array for the sparse LU storage ``lu`` (``SparseLU.nnz_lu``)."""
    return lu[LU_VALUE_SIZE_SLOT].shape[0]


@kernel
def build_w_sparse(a, Jv, shift, lu):
    """Scatter ``W = shift*I - J`` into LU storage ``a`` (fill-in positions set to zero).

    Parameters
    ----------
    a : float64[nnz_lu]
        Output, LU storage.
    Jv : float64[nnz_jac]
        Jacobian values in the order of the pattern given to ``SparseLU``.
    shift : float
        Diagonal shift, ``1/(h*gamma)`` in a Rosenbrock step.
    lu : tuple of int64 arrays
        ``SparseLU.arrays``.
    """
    jac_map = lu[JAC_MAP]
    diag_map = lu[DIAG_MAP]
    for p in range(a.shape[0]):
        a[p] = 0.0
    for i in range(diag_map.shape[0]):
        a[diag_map[i]] = shift
    # "-=" so that duplicate pattern entries add up, as in the dense builder
    for k in range(jac_map.shape[0]):
        a[jac_map[k]] -= Jv[k]


@kernel
def build_w_dense(A, Jv, shift, jac_rows, jac_cols):
    """Fill the dense ``A = shift*I - J`` (n x n) from the Jacobian values ``Jv``.

    Parameters
    ----------
    A : float64[n, n]
        Output.
    Jv : float64[nnz]
        Jacobian values; entry k is d f[jac_rows[k]] / d y[jac_cols[k]].
    shift : float
    jac_rows, jac_cols : int64[nnz]
    """
    n = A.shape[0]
    for i in range(n):
        for j in range(n):
            A[i, j] = 0.0
        A[i, i] = shift
    for k in range(jac_rows.shape[0]):
        A[jac_rows[k], jac_cols[k]] -= Jv[k]


@kernel
def dense_lu_factor(A, piv, scale):
    """LU factorization with partial (row) pivoting, in place (LAPACK ``getrf`` layout).

    Parameters
    ----------
    A : float64[n, n]
        Matrix on entry; unit lower L below and U on/above the diagonal on exit.
    piv : int64[n]
        Output: at step k rows k and ``piv[k]`` were swapped.
    scale : float64[n]
        Scratch: the largest entry of each row before elimination (permuted with the rows).

    Returns
    -------
    bool
        False when a pivot is not finite or ``|u_kk| <= PIVOT_RTOL * max_j |a_pj|`` (small
        relative to its own row before elimination, as in the sparse test: numerically
        singular); the matrix must then be rebuilt before reuse.
    """
    n = A.shape[0]
    for i in range(n):
        row_max = 0.0
        for j in range(n):
            v = abs(A[i, j])
            if not v < np.inf:
                return False
            if v > row_max:
                row_max = v
        scale[i] = row_max
    for k in range(n):
        p = k
        best = abs(A[k, k])
        for i in range(k + 1, n):
            v = abs(A[i, k])
            if v > best:
                best = v
                p = i
        piv[k] = p
        if not best < np.inf or best <= PIVOT_RTOL * scale[p]:
            return False
        if p != k:
            for j in range(n):
                tmp = A[k, j]
                A[k, j] = A[p, j]
                A[p, j] = tmp
            tmp = scale[k]
            scale[k] = scale[p]
            scale[p] = tmp
        inv = 1.0 / A[k, k]
        for i in range(k + 1, n):
            l_ik = A[i, k] * inv
            A[i, k] = l_ik
            if l_ik != 0.0:
                for j in range(k + 1, n):
                    A[i, j] -= l_ik * A[k, j]
    return True


@kernel
def dense_lu_solve(A, piv, b):
    """Solve A x = b in place with the factors and pivots from :func:`dense_lu_factor`."""
    n = A.shape[0]
    for k in range(n):
        p = piv[k]
        if p != k:
            tmp = b[k]
            b[k] = b[p]
            b[p] = tmp
    for i in range(n):
        s = b[i]
        for j in range(i):
            s -= A[i, j] * b[j]
        b[i] = s
    for i in range(n - 1, -1, -1):
        s = b[i]
        for j in range(i + 1, n):
            s -= A[i, j] * b[j]
        b[i] = s / A[i, i]


# ---------------------------------------------------------------------------------------------
# Sparse LU for the Rosenbrock kernel (several solves per factorization): Doolittle
# elimination in IKJ order over the flat operation lists of SparseLU (row i depends only on the
# final rows k < i), organized for speed on small systems where latency, not flops, is the cost:
# * the reciprocals of the pivots are computed once (``dinv``): multipliers and the back
#   substitution multiply instead of divide (a division has ~4x the latency of a multiply and
#   sits on the dependency chain of the substitution);
# * the strictly upper entries of U are stored pre-scaled by the row's pivot reciprocal, so the
#   back substitution is "x *= dinv" followed by one flat loop;
# * both substitutions stream through the flat operation lists of SparseLU (FWD_*, BWD_*).


@kernel
def sparse_lu_factor(a, dinv, lu):
    """Factorize W (in LU storage ``a``) in place for :func:`sparse_lu_solve`.

    On exit ``a`` holds the unit lower L below the diagonal, the pivots on it and the strictly
    upper part of U multiplied by the reciprocal pivot of its row; ``dinv[i]`` is the reciprocal
    pivot of permuted row ``i``.  Returns False on a bad pivot (criterion of the module
    docstring); ``a`` is then partially factorized and must be rebuilt before reuse.
    """
    row_ptr = lu[ROW_PTR]
    col_idx = lu[COL_IDX]
    diag_pos = lu[DIAG_POS]
    div_ptr = lu[DIV_PTR]
    div_ik = lu[DIV_IK]
    upd_ptr = lu[UPD_PTR]
    upd_ij = lu[UPD_IJ]
    upd_kj = lu[UPD_KJ]
    bwd_tgt = lu[BWD_TGT]
    bwd_pos = lu[BWD_POS]
    n = diag_pos.shape[0]
    for i in range(n):
        row_max = 0.0
        for p in range(row_ptr[i], row_ptr[i + 1]):
            v = abs(a[p])
            if not v < np.inf:      # also catches NaN
                return False
            if v > row_max:
                row_max = v
        for d in range(div_ptr[i], div_ptr[i + 1]):
            ik = div_ik[d]
            l_ik = a[ik] * dinv[col_idx[ik]]     # row k < i is final, dinv[k] known
            a[ik] = l_ik
            if l_ik != 0.0:
                for u in range(upd_ptr[d], upd_ptr[d + 1]):
                    a[upd_ij[u]] -= l_ik * a[upd_kj[u]]
        pivot = a[diag_pos[i]]
        if not abs(pivot) < np.inf or abs(pivot) <= PIVOT_RTOL * row_max:
            return False
        dinv[i] = 1.0 / pivot
    # pre-scale U after the elimination: the update ops above read the unscaled rows
    for u in range(bwd_pos.shape[0]):
        a[bwd_pos[u]] *= dinv[bwd_tgt[u]]
    return True


@njit(inline="always")
def sparse_lu_solve(a, dinv, lu, b, work):
    """Solve W x = b in place with the factors of :func:`sparse_lu_factor`.

    ``b`` is in ORIGINAL state order on entry and exit; ``work`` float64[n] is scratch.
    """
    perm = lu[PERM]
    fwd_tgt = lu[FWD_TGT]
    fwd_src = lu[FWD_SRC]
    fwd_pos = lu[FWD_POS]
    bwd_tgt = lu[BWD_TGT]
    bwd_src = lu[BWD_SRC]
    bwd_pos = lu[BWD_POS]
    n = perm.shape[0]
    for k in range(n):
        work[k] = b[perm[k]]
    for u in range(fwd_pos.shape[0]):
        work[fwd_tgt[u]] -= a[fwd_pos[u]] * work[fwd_src[u]]
    for k in range(n):
        work[k] *= dinv[k]
    for u in range(bwd_pos.shape[0]):
        work[bwd_tgt[u]] -= a[bwd_pos[u]] * work[bwd_src[u]]
    for k in range(n):
        b[perm[k]] = work[k]


# ----------------------------------------------------------------------------------------------
# The two linear solvers behind one interface, for the Rosenbrock kernel: ``store`` holds the
# solver's arrays (``sparse_store`` or ``dense_store``), ``w_factor(store, Jv, shift)`` builds
# and factorizes W = shift*I - J (False on failure), ``w_solve(store, b)`` overwrites ``b`` with
# W^-1 b.  numba picks the implementation from the store's type at compile time, so a batch
# entry point compiles only the solver it uses.


@kernel
def sparse_store(lu, n):
    """Arrays of the sparse solver: LU values, pivot reciprocals, scratch, symbolic LU."""
    return (np.empty(lu_value_size(lu)), np.empty(n), np.empty(n), lu)


@kernel
def dense_store(jac_rows, jac_cols, n):
    """Arrays of the dense solver: matrix, row pivots, Jacobian pattern."""
    return (np.empty((n, n)), np.empty(n, dtype=np.int64), jac_rows, jac_cols, np.empty(n))


def _is_sparse(store):
    return isinstance(store[3], tuple)


def _is_generated(store):
    return len(store) >= 5 and callable(store[4])


def _has_printed_factor(store):
    return len(store) == 6 and callable(store[5])


def w_factor(store, Jv, shift):
    """Build and factorize ``W = shift*I - J`` with the solver of ``store`` (plain Python;
    compiled code uses the typed overload below)."""
    if _has_printed_factor(store):
        return store[5](Jv, shift, store[0], store[1])
    if _is_sparse(store):
        build_w_sparse(store[0], Jv, shift, store[3])
        return sparse_lu_factor(store[0], store[1], store[3])
    build_w_dense(store[0], Jv, shift, store[2], store[3])
    return dense_lu_factor(store[0], store[1], store[4])


def w_solve(store, b):
    """Overwrite ``b`` with ``W^-1 b`` (factors from :func:`w_factor`)."""
    if _is_generated(store):
        store[4](store[0], store[1], b, store[2])
    elif _is_sparse(store):
        sparse_lu_solve(store[0], store[1], store[3], b, store[2])
    else:
        dense_lu_solve(store[0], store[1], b)


# (the typed implementations call the kernels directly: every extra call level is one more
# function for numba to compile)
@overload(w_factor, jit_options=KERNEL_OPTIONS)
def _w_factor_typed(store, Jv, shift):
    if len(store) == 6 and isinstance(store[5], types.FunctionType):
        def printed(store, Jv, shift):
            return store[5](Jv, shift, store[0], store[1])   # the model's printed factorization
        return printed
    if isinstance(store[3], types.BaseTuple):     # sparse; also with a generated solve
        def sparse(store, Jv, shift):
            build_w_sparse(store[0], Jv, shift, store[3])
            return sparse_lu_factor(store[0], store[1], store[3])
        return sparse

    def dense(store, Jv, shift):
        build_w_dense(store[0], Jv, shift, store[2], store[3])
        return dense_lu_factor(store[0], store[1], store[4])
    return dense


@overload(w_solve, jit_options=KERNEL_OPTIONS)
def _w_solve_typed(store, b):
    if len(store) >= 5 and isinstance(store[4], types.FunctionType):
        def generated(store, b):
            store[4](store[0], store[1], b, store[2])   # the model's printed substitution
        return generated
    if isinstance(store[3], types.BaseTuple):
        def sparse(store, b):
            sparse_lu_solve(store[0], store[1], store[3], b, store[2])
        return sparse

    def dense(store, b):
        dense_lu_solve(store[0], store[1], b)
    return dense
