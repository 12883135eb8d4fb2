"""Straight-line sparse triangular solves with the LU of ``W = shift*I - J`` for one model's
pattern.

The generic kernels of :mod:`sigsim.solvers._linalg` stream through the operation lists of
:class:`sigsim.solvers._sparse.SparseLU`; here the substitutions are printed as straight-line
code (every index a constant, the solution in local variables), as the Kinetic PreProcessor does
for atmospheric chemistry (Damian et al. 2002, doi:10.1016/S0098-1354(02)00128-X), with the
list kernel's operations in the same order, so both give the same numbers. A Rodas step solves
with one factorization six to eight times, so the solve is where printing pays: measured on a
30-state network, 266 ns per solve with the lists, 59 ns printed. A single run's
factorization stays list-driven (:func:`sigsim.solvers._linalg.sparse_lu_factor`): printed, it
was 4x faster too (840 -> 192 ns) but its long straight-line code takes numba seconds to
compile per model (il1 8 s, Bachmann 6 s, Singh's 68 states 24 s, measured for
:func:`lu_factor_source`). Batches of 512 or more sets with the BDF, which factorizes tens of
times per set, compile it once (cached on disk): on the il1 sweep the factorization's share of
the time fell from 14% to 6%.

``lu_solve(a, dinv, b, work)``: ``b <- W^-1 b`` in place (original state order), with the
factors that ``sparse_lu_factor`` leaves in ``a`` and ``dinv``; compiled on first use.
Models with more than :data:`MAX_GENERATED_OPS` substitution operations get no such function
and use the list kernel.
"""

from __future__ import annotations

from ..solvers._linalg import PIVOT_RTOL
from ..solvers._sparse import (BWD_POS, BWD_SRC, BWD_TGT, COL_IDX, DIAG_MAP, DIAG_POS, DIV_IK,
                               DIV_PTR, FWD_POS, FWD_SRC, FWD_TGT, JAC_MAP, PERM, ROW_PTR,
                               UPD_IJ, UPD_KJ, UPD_PTR, SparseLU)

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


#: Array accesses per loop of the printed lane solve (see :mod:`sigsim.codegen._lanes`).
LANE_SOLVE_ACCESSES = 60
#: Largest LU (values + updates + substitution operations) printed for the lane kernel: numba
#: compiles the printed lane factorization and solve at about 30 ms per operation (measured:
#: 1279 operations of the 68-state Singh model, 40 s), beyond this the generic lists serve.
MAX_LANE_LU_OPS = 1500


def lane_lu_operations(lu: SparseLU) -> int:
    """Operations of the printed lane factorization and substitutions for ``lu``."""
    a = lu.arrays
    return int(a[COL_IDX].size + a[UPD_IJ].size + a[FWD_POS].size + a[BWD_POS].size)


def lu_lanes_source(lu: SparseLU, width: int, decorator: str) -> str:
    """Source text of ``lu_solve_lanes(a, dinv, b)`` for this pattern: ``b <- W^-1 b`` in place
    on every lane, ``a`` (nnz_lu, width), ``dinv`` and ``b`` (n, width) as the lane kernel keeps
    them (:func:`sigsim.solvers._lanes.lanes_lu_solve` with the same operations in the same
    order).

    Each unknown stays in the row of ``b`` of its original state (the permutation costs no
    copy). The operations are printed in short loops over the lanes: within a loop the
    unknowns it touches are locals (vector registers once the loop is vectorized), loaded at
    its start and stored at its end, so that each operation costs one load of a factor
    instead of three memory accesses; loops stay short enough for the compiler to vectorize
    them (about :data:`LANE_SOLVE_ACCESSES` array accesses each).
    """
    A = [x.tolist() for x in lu.arrays]
    n = len(A[PERM])
    perm = A[PERM]
    ops = [("sub", tg, sr, q) for tg, sr, q in zip(A[FWD_TGT], A[FWD_SRC], A[FWD_POS])]
    ops += [("scale", k, k, k) for k in range(n)]
    ops += [("sub", tg, sr, q) for tg, sr, q in zip(A[BWD_TGT], A[BWD_SRC], A[BWD_POS])]
    s = [f"{decorator}  # LANE_SOLVE_SIG, compiled on first use",
         "def lu_solve_lanes(a, dinv, b):",
         "    # b <- W^-1 b on every lane with the factors of lanes_lu_factor",
         "    af = merge_last_axes(a)",
         "    df = merge_last_axes(dinv)",
         "    bf = merge_last_axes(b)"]

    def flush(chunk):
        if not chunk:
            return
        loaded, written, body = [], set(), []
        for kind, tg, sr, q in chunk:
            for k in ((tg, sr) if kind == "sub" else (tg,)):
                if k not in loaded:
                    loaded.append(k)
            written.add(tg)
            if kind == "sub":
                body.append(f"        x{tg} -= af[{q * width} + l] * x{sr}")
            else:
                body.append(f"        x{tg} *= df[{tg * width} + l]")
        s.append(f"    for l in range({width}):")
        s.extend(f"        x{k} = bf[{perm[k] * width} + l]" for k in loaded)
        s.extend(body)
        s.extend(f"        bf[{perm[k] * width} + l] = x{k}" for k in loaded if k in written)

    chunk, used, touched = [], 0, set()
    for op in ops:
        new = {op[1], op[2]} - touched
        cost = 1 + 2 * len(new)          # the factor, and a load and a store per new unknown
        if chunk and used + cost > LANE_SOLVE_ACCESSES:
            flush(chunk)
            chunk, used, touched = [], 0, set()
            new = {op[1], op[2]}
            cost = 1 + 2 * len(new)
        chunk.append(op)
        touched |= new
        used += cost
    flush(chunk)
    if n == 0:
        s.append("    pass")
    return "\n".join(s) + "\n"


def _factor_plan(lu: SparseLU):
    """The factorization's operation lists as Python lists, the state count, the LU positions
    of the diagonal and, per LU position, the Jacobian values subtracted there."""
    A = [x.tolist() for x in lu.arrays]
    jac_at = {}
    for k, q in enumerate(A[JAC_MAP]):
        jac_at.setdefault(q, []).append(k)
    return A, len(A[PERM]), set(A[DIAG_MAP]), jac_at


def _single_assignment_names():
    """``(cur, new)``: the current local name of an LU position's value, and a fresh one for its
    next value (every local assigned once: numba's SSA pass costs about blocks x reassigned
    variables, which made the Bachmann lane factorization compile for 21 s)."""
    ver = {}

    def cur(p):
        return f"v{p}_{ver[p]}"

    def new(p):
        ver[p] = ver.get(p, -1) + 1
        return cur(p)
    return cur, new


def lu_factor_lanes_source(lu: SparseLU, width: int, decorator: str) -> str:
    """Source text of ``lu_factor_lanes(Jv, shift, a, dinv, ok)``: ``W = shift*I - J`` built
    from the Jacobian values ``Jv`` (nnz_jac, width) and factorized on every lane, with the
    operations of :func:`sigsim.solvers._lanes.lanes_build_w` and
    :func:`~sigsim.solvers._lanes.lanes_lu_factor` in the same order (the same numbers), and
    ``ok[l]`` False where lane ``l`` met a bad pivot.

    One loop over the lanes per row of the factorization: the row's values are locals from
    their first value (the shift and the Jacobian entry, so no zeroing pass) to their store;
    the earlier rows' factors and pivots they need are loaded. The final scaling of U by the
    pivots runs in separate short loops.
    """
    A, n, diag_set, jac_at = _factor_plan(lu)
    row_ptr, diag_pos, col_idx = A[ROW_PTR], A[DIAG_POS], A[COL_IDX]
    div_ptr, div_ik, upd_ptr, upd_ij, upd_kj = (A[DIV_PTR], A[DIV_IK], A[UPD_PTR], A[UPD_IJ],
                                                A[UPD_KJ])
    s = [f"{decorator}  # LANE_FACTOR_SIG, compiled on first use",
         "def lu_factor_lanes(Jv, shift, a, dinv, ok):",
         "    # W = shift*I - J, factorized in place on every lane (as lanes_lu_factor)",
         "    jf = merge_last_axes(Jv)",
         "    af = merge_last_axes(a)",
         "    df = merge_last_axes(dinv)",
         f"    for l in range({width}):",
         "        ok[l] = True"]
    # every local assigned once (_single_assignment_names)
    for i in range(n):
        s.append(f"    for l{i} in range({width}):")
        li = f"l{i}"
        cur, new = _single_assignment_names()

        body = []
        for p in range(row_ptr[i], row_ptr[i + 1]):
            terms = [f"shift[{li}]"] if p in diag_set else []
            terms += [f"jf[{k * width} + {li}]" for k in jac_at.get(p, [])]
            if not terms:
                body.append(f"{new(p)} = 0.0")
            elif p in diag_set:
                body.append(f"{new(p)} = " + " - ".join(terms))
            else:
                body.append(f"{new(p)} = -" + " - ".join(terms))
        entries = list(range(row_ptr[i], row_ptr[i + 1]))
        body.append(f"r{i} = max({', '.join('abs(' + cur(p) + ')' for p in entries)}, 0.0)")
        for d in range(div_ptr[i], div_ptr[i + 1]):
            ik = div_ik[d]
            prev = cur(ik)
            body.append(f"{new(ik)} = {prev} * df[{col_idx[ik] * width} + {li}]")
            for u in range(upd_ptr[d], upd_ptr[d + 1]):
                ij = upd_ij[u]
                prev = cur(ij)
                body.append(f"{new(ij)} = {prev} - {cur(ik)} * af[{upd_kj[u] * width} + {li}]")
        q = diag_pos[i]
        # a bad pivot flags the lane; its factors are then meaningless (NaN or inf)
        body.append(f"ok[{li}] = ok[{li}] & (abs({cur(q)}) < math.inf) & "
                    f"(abs({cur(q)}) > {PIVOT_RTOL!r} * r{i})")
        body.append(f"df[{i * width} + {li}] = 1.0 / {cur(q)}")
        for p in entries:
            body.append(f"af[{p * width} + {li}] = {cur(p)}")
        s.extend("        " + b for b in body)
    bwd = list(zip(A[BWD_POS], A[BWD_TGT]))
    for c in range(0, len(bwd), LANE_SOLVE_ACCESSES // 3):
        s.append(f"    for l in range({width}):")
        for q, r in bwd[c:c + LANE_SOLVE_ACCESSES // 3]:
            s.append(f"        af[{q * width} + l] *= df[{r * width} + l]")
    return "\n".join(s) + "\n"


def lu_factor_source(lu: SparseLU, decorator: str) -> str:
    """Source text of ``lu_factor(Jv, shift, a, dinv) -> ok``: ``W = shift*I - J`` built from
    the Jacobian values ``Jv`` and factorized in place, for the batch BDF, which factorizes
    tens of times per set.

    The operations are those of :func:`sigsim.solvers._linalg.build_w_sparse` and
    :func:`~sigsim.solvers._linalg.sparse_lu_factor` in the same order, so the factors are the
    same numbers, with two differences that keep the code free of branches (numba's compile
    time grows with the basic blocks): an update with a zero multiplier, which the list kernel
    skips, is done (it changes nothing but the sign of a zero, or spreads an infinity that the
    list kernel would leave in place), and a non-finite entry or a bad pivot clears ``ok``
    instead of returning at once (the factors are then meaningless, as the list kernel's).
    Each row's values are locals from their first value to their store, every local assigned
    once (a new name per update), as in :func:`lu_factor_lanes_source`.
    """
    A, n, diag_set, jac_at = _factor_plan(lu)
    row_ptr, diag_pos, col_idx = A[ROW_PTR], A[DIAG_POS], A[COL_IDX]
    div_ptr, div_ik, upd_ptr, upd_ij, upd_kj = (A[DIV_PTR], A[DIV_IK], A[UPD_PTR], A[UPD_IJ],
                                                A[UPD_KJ])
    s = [f"{decorator}  # LU_FACTOR_SIG, compiled on first use",
         "def lu_factor(Jv, shift, a, dinv):",
         "    # W = shift*I - J, factorized in place (as build_w_sparse + sparse_lu_factor)",
         "    ok = True"]
    cur, new = _single_assignment_names()
    for i in range(n):
        entries = list(range(row_ptr[i], row_ptr[i + 1]))
        for p in entries:
            # build_w_sparse: 0.0, the shift on the diagonal, then minus each Jacobian value
            terms = ["shift" if p in diag_set else "0.0"]
            terms += [f"Jv[{k}]" for k in jac_at.get(p, [])]
            s.append(f"    {new(p)} = " + " - ".join(terms))
        s.append("    ok = ok & " + " & ".join(f"(abs({cur(p)}) < math.inf)" for p in entries))
        s.append(f"    r{i} = max({', '.join('abs(' + cur(p) + ')' for p in entries)}, 0.0)")
        for d in range(div_ptr[i], div_ptr[i + 1]):
            ik = div_ik[d]
            prev = cur(ik)
            li = new(ik)
            s.append(f"    {li} = {prev} * dinv[{col_idx[ik]}]")
            for u in range(upd_ptr[d], upd_ptr[d + 1]):
                ij = upd_ij[u]
                prev = cur(ij)
                s.append(f"    {new(ij)} = {prev} - {li} * a[{upd_kj[u]}]")
        q = diag_pos[i]
        s.append(f"    ok = ok & (abs({cur(q)}) < math.inf) & (abs({cur(q)}) > "
                 f"{PIVOT_RTOL!r} * r{i})")
        s.append(f"    dinv[{i}] = 1.0 / {cur(q)}")
        for p in entries:
            s.append(f"    a[{p}] = {cur(p)}")
    for q, r in zip(A[BWD_POS], A[BWD_TGT]):
        s.append(f"    a[{q}] *= dinv[{r}]")
    s.append("    return ok")
    return "\n".join(s) + "\n"
