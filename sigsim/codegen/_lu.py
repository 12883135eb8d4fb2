"""Straight-line sparse LU of ``W = shift*I - J`` for one model's Jacobian pattern.

The generic kernels of :mod:`sigsim.solvers._linalg` stream through the operation lists of
:class:`sigsim.solvers._sparse.SparseLU`; here the same operations, in the same order, are
printed as straight-line code (every index a constant, every value in a local variable), as the
Kinetic PreProcessor does for atmospheric chemistry (Damian et al. 2002). The arithmetic is
that of the list-driven kernels operation for operation, so both give the same numbers; the
printed form saves the index loads and keeps the factors in registers.

Two functions are generated into the model's module, compiled on first use:

* ``lu_factor(shift, Jv, a, dinv) -> bool``: build W from the Jacobian values and factorize it
  (Doolittle, no pivoting); ``a`` receives L and the pre-scaled strict upper part of U,
  ``dinv`` the reciprocal pivots. False on a non-finite input or a pivot that is small
  relative to its row (the criterion of :func:`sigsim.solvers._linalg.sparse_lu_factor`).
* ``lu_solve(a, dinv, b, work)``: ``b <- W^-1 b`` in place (original state order).

Models whose factorization has more than :data:`MAX_GENERATED_OPS` operations get no such
functions (long straight-line code compiles slowly) and use the list-driven kernels.
"""

from __future__ import annotations

from ..solvers._linalg import PIVOT_RTOL
from ..solvers._sparse import (BWD_POS, BWD_SRC, BWD_TGT, COL_IDX, DIAG_MAP, DIAG_POS, DIV_IK,
                               DIV_PTR, FWD_POS, FWD_SRC, FWD_TGT, JAC_MAP, PERM, ROW_PTR,
                               UPD_IJ, UPD_KJ, UPD_PTR, SparseLU)

#: Largest factorization (division + update + substitution operations) printed as code.
MAX_GENERATED_OPS = 4000


def lu_operation_count(lu: SparseLU) -> int:
    a = lu.arrays
    return int(a[DIV_IK].size + a[UPD_IJ].size + a[FWD_POS].size + a[BWD_POS].size)


def lu_source(n, jac_rows, jac_cols):
    """Source text of ``lu_factor`` and ``lu_solve`` for this pattern, and the LU value count;
    ``("", 0)`` when the factorization is too large to print."""
    lu = SparseLU(n, jac_rows, jac_cols)
    if n == 0 or lu_operation_count(lu) > MAX_GENERATED_OPS:
        return "", 0
    A = [x.tolist() for x in lu.arrays]
    nnz_lu = len(A[COL_IDX])
    # W in LU storage, as build_w_sparse builds it: diagonal = shift, then "-= Jv[k]"
    init = ["0.0"] * nnz_lu
    for i in range(n):
        init[A[DIAG_MAP][i]] = "shift"
    touched = [False] * nnz_lu
    for i in range(n):
        touched[A[DIAG_MAP][i]] = True
    for k, p in enumerate(A[JAC_MAP]):
        init[p] = f"{init[p]} - Jv[{k}]"      # left to right, as the kernel's "-=" in order
        touched[p] = True
    f = [f"@njit(cache=True)  # LU_FACTOR_SIG, compiled on first use",
         "def lu_factor(shift, Jv, a, dinv):",
         "    # W = shift*I - J for this model's pattern, factorized without pivoting",
         "    if not abs(shift) < INF:",
         "        return False",
         "    for k in range(Jv.shape[0]):",
         "        if not abs(Jv[k]) < INF:",
         "            return False"]
    for p in range(nnz_lu):
        f.append(f"    v{p} = {init[p]}")
    row_ptr, col_idx, diag_pos = A[ROW_PTR], A[COL_IDX], A[DIAG_POS]
    div_ptr, div_ik, upd_ptr, upd_ij, upd_kj = (A[DIV_PTR], A[DIV_IK], A[UPD_PTR], A[UPD_IJ],
                                               A[UPD_KJ])
    for i in range(n):
        entries = [p for p in range(row_ptr[i], row_ptr[i + 1]) if touched[p]]
        terms = [f"abs(v{p})" for p in entries]
        f.append(f"    rm = {terms[0]}" if len(terms) == 1 else f"    rm = max({', '.join(terms)})")
        for d in range(div_ptr[i], div_ptr[i + 1]):
            ik = div_ik[d]
            f.append(f"    v{ik} = v{ik} * d{col_idx[ik]}")
            for u in range(upd_ptr[d], upd_ptr[d + 1]):
                f.append(f"    v{upd_ij[u]} -= v{ik} * v{upd_kj[u]}")
        piv = f"v{diag_pos[i]}"
        f.append(f"    if not (abs({piv}) < INF and abs({piv}) > {PIVOT_RTOL!r} * rm):")
        f.append("        return False")
        f.append(f"    d{i} = 1.0 / {piv}")
    for tgt, pos in zip(A[BWD_TGT], A[BWD_POS]):
        f.append(f"    v{pos} *= d{tgt}")
    for pos in sorted(set(A[FWD_POS]) | set(A[BWD_POS])):
        f.append(f"    a[{pos}] = v{pos}")
    for i in range(n):
        f.append(f"    dinv[{i}] = d{i}")
    f.append("    return True")

    s = ["@njit(cache=True)  # LU_SOLVE_SIG, compiled on first use",
         "def lu_solve(a, dinv, b, work):",
         "    # b <- W^-1 b (original state order) with the factors of lu_factor"]
    perm = A[PERM]
    for k in range(n):
        s.append(f"    x{k} = b[{perm[k]}]")
    for tgt, src, pos in zip(A[FWD_TGT], A[FWD_SRC], A[FWD_POS]):
        s.append(f"    x{tgt} -= a[{pos}] * x{src}")
    for k in range(n):
        s.append(f"    x{k} *= dinv[{k}]")
    for tgt, src, pos in zip(A[BWD_TGT], A[BWD_SRC], A[BWD_POS]):
        s.append(f"    x{tgt} -= a[{pos}] * x{src}")
    for k in range(n):
        s.append(f"    b[{perm[k]}] = x{k}")
    return "\n".join(f) + "\n\n\n" + "\n".join(s) + "\n", nnz_lu
