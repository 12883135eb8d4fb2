"""Straight-line sparse triangular solves with the LU of ``W = shift*I - J`` for one model's
pattern.

The generic kernels of :mod:`sigsim.solvers._linalg` stream through the operation lists of
:class:`sigsim.solvers._sparse.SparseLU`; here the substitutions are printed as straight-line
code (every index a constant, the solution in local variables), as the Kinetic PreProcessor does
for atmospheric chemistry (Damian et al. 2002, doi:10.1016/S0098-1354(02)00128-X), with the
list kernel's operations in the same order, so both give the same numbers. A Rodas step solves
with one factorization six to eight times, so the solve is where printing pays: measured on a
30-state network, 266 ns per solve with the lists, 59 ns printed. The factorization stays
list-driven (:func:`sigsim.solvers._linalg.sparse_lu_factor`): printed, it was 4x faster too
(840 -> 192 ns) but its long straight-line code took numba 3-5 s to compile per model.

``lu_solve(a, dinv, b, work)``: ``b <- W^-1 b`` in place (original state order), with the
factors that ``sparse_lu_factor`` leaves in ``a`` and ``dinv``; compiled on first use.
Models with more than :data:`MAX_GENERATED_OPS` substitution operations get no such function
and use the list kernel.
"""

from __future__ import annotations

from ..solvers._sparse import (BWD_POS, BWD_SRC, BWD_TGT, COL_IDX, FWD_POS, FWD_SRC, FWD_TGT,
                               PERM, SparseLU)

#: Largest substitution (forward + backward operations) printed as code.
MAX_GENERATED_OPS = 3000


def lu_operation_count(lu: SparseLU) -> int:
    """Operations of one substitution (forward and backward) with the LU of ``lu``."""
    a = lu.arrays
    return int(a[FWD_POS].size + a[BWD_POS].size)


def lu_source(n, jac_rows, jac_cols):
    """Source text of ``lu_solve`` for this pattern, and the LU value count; ``("", 0)`` when the
    factorization is too large to print."""
    lu = SparseLU(n, jac_rows, jac_cols)
    if n == 0 or lu_operation_count(lu) > MAX_GENERATED_OPS:
        return "", 0
    A = [x.tolist() for x in lu.arrays]
    nnz_lu = len(A[COL_IDX])
    s = ["@njit(cache=True)  # LU_SOLVE_SIG, compiled on first use",
         "def lu_solve(a, dinv, b, work):",
         "    # b <- W^-1 b (original state order) with the factors of sparse_lu_factor"]
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
    return "\n".join(s) + "\n", nnz_lu
