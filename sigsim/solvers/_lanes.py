"""Lane-batched Rosenbrock kernel: several parameter sets advance side by side.

The scalar kernel (:mod:`sigsim.solvers._rosenbrock`) spends most of a step in short loops
whose cost is index arithmetic and dependent loads: the sparse LU's operation lists, the model
function calls, stage sums over 30-odd states.  Here ``L`` sets ("lanes") share every such
loop: each state, Jacobian entry and LU position is an array row of ``L`` contiguous values
(lane index last), so every operation of the op lists touches ``L`` independent numbers that
the compiler can keep in SIMD registers.  The model's lane functions (``rhs_lanes``,
``jac_lanes``, ``dfdt_lanes``, generated beside the scalar ones) evaluate all lanes in one call.

Lanes are independent integrations with their own time, step size, events, outputs and
acceptance: each iteration

1. advances every lane's bookkeeping (events, outputs, stops, restarts, step proposal) with the
   same rules as the scalar kernel; a lane whose set is finished takes the next set of the batch
   ("refill"), so lanes stay busy until the batch runs out;
2. attempts one step on all lanes at once (f, J, df/dt, W = I/(h gamma) - J, sparse LU, stages,
   error estimate);
3. accepts or rejects each lane's step by its own error norm.

The arithmetic of each lane is that of the scalar kernel in the same order, so a set gives the
same trajectory here as alone (tested). Differences: ``f`` and ``J`` are re-evaluated after a
rejected step (the scalar kernel reuses them; counted in the statistics), and there is no dense
LU fallback: a bad sparse pivot rejects the step with ``h * FAIL_FAC`` as in KPP, and a set that
still fails ends with ``LINEAR_SOLVER``, which :func:`sigsim.simulate` then reruns with the
scalar kernel and the dense, pivoted LU.
"""

import numpy as np

from ._jit import borrowed, keep_alive, kernel, merge_last_axes
from ._linalg import PIVOT_RTOL
from ._rosenbrock import ROS_FAC_MAX, weighted_rows
from ._sparse import (BWD_POS, BWD_SRC, BWD_TGT, COL_IDX, DIAG_MAP, DIAG_POS, DIV_IK,
                      DIV_PTR, FWD_POS, FWD_SRC, FWD_TGT, JAC_MAP, LU_VALUE_SIZE_SLOT, PERM,
                      ROW_PTR, UPD_IJ, UPD_KJ, UPD_PTR)
from ._status import (LINEAR_SOLVER, MAX_STEPS, NON_FINITE, ST_ACCEPTED, ST_EVENTS, ST_JAC,
                      ST_LU, ST_REJECTED, ST_RHS, ST_SOLVES, ST_STEPS, STEP_UNDERFLOW, SUCCESS)
from ._stepping import (ERR_PREV_MIN, FAIL_FAC, MAX_PIVOT_FAILURES, TINY, accepted_step_size,
                        check_inputs, fill_nan, first_event, initial_step, min_step, next_hard_stop,
                        next_stop, propose_step, rejected_step_size, weighted_sum)

#: Lanes of the kernel: parameter sets advanced side by side. A constant, because the model's
#: generated lane functions index rows ``LANE_WIDTH`` apart (:mod:`sigsim.codegen._lanes`);
#: a batch with fewer sets leaves lanes idle.
LANE_WIDTH = 32
#: Continuous-extension rows D = H U are formed for all lanes at once (vectorized, but
#: H's 24 nonzeros times (n, L) values) when more lanes than this write outputs inside the
#: step, else lane by lane for those lanes only.
DENSE_ALL_LANES = 8


@kernel
def jac_size(lu):
    """Number of Jacobian values of the pattern behind the symbolic LU ``lu``."""
    return lu[JAC_MAP].shape[0]


@kernel
def lanes_build_w(a, Jv, shift, lu):
    """``W = shift*I - J`` for every lane into LU storage ``a`` (nnz_lu, L)."""
    jac_map = lu[JAC_MAP]
    diag_map = lu[DIAG_MAP]
    L = a.shape[1]
    for p in range(a.shape[0]):
        for l in range(L):
            a[p, l] = 0.0
    for i in range(diag_map.shape[0]):
        q = diag_map[i]
        for l in range(L):
            a[q, l] = shift[l]
    for k in range(jac_map.shape[0]):
        q = jac_map[k]
        for l in range(L):
            a[q, l] -= Jv[k, l]


@kernel
def lanes_lu_factor(a, dinv, lu, row_max, ok):
    """Factorize every lane's W in place (as :func:`sparse_lu_factor`); ``ok[l]`` is False
    where lane ``l`` met a bad pivot (its factors are then meaningless)."""
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
    L = a.shape[1]
    for l in range(L):
        ok[l] = True
    for i in range(n):
        for l in range(L):
            row_max[l] = 0.0
        for p in range(row_ptr[i], row_ptr[i + 1]):
            for l in range(L):
                v = abs(a[p, l])
                m = row_max[l]
                row_max[l] = v if v > m else m
        for d in range(div_ptr[i], div_ptr[i + 1]):
            ik = div_ik[d]
            k = col_idx[ik]
            for l in range(L):
                a[ik, l] = a[ik, l] * dinv[k, l]
            for u in range(upd_ptr[d], upd_ptr[d + 1]):
                ij = upd_ij[u]
                kj = upd_kj[u]
                for l in range(L):
                    a[ij, l] -= a[ik, l] * a[kj, l]
        q = diag_pos[i]
        for l in range(L):
            pivot = a[q, l]
            if not (abs(pivot) < np.inf and abs(pivot) > PIVOT_RTOL * row_max[l]):
                ok[l] = False
                pivot = 1.0
            dinv[i, l] = 1.0 / pivot
    for u in range(bwd_pos.shape[0]):
        q = bwd_pos[u]
        r = bwd_tgt[u]
        for l in range(L):
            a[q, l] *= dinv[r, l]


@kernel
def lanes_lu_solve(a, dinv, lu, b, work):
    """Solve ``W x = b`` in place for every lane (``b`` (n, L) in original state order)."""
    perm = lu[PERM]
    fwd_tgt = lu[FWD_TGT]
    fwd_src = lu[FWD_SRC]
    fwd_pos = lu[FWD_POS]
    bwd_tgt = lu[BWD_TGT]
    bwd_src = lu[BWD_SRC]
    bwd_pos = lu[BWD_POS]
    n = perm.shape[0]
    L = b.shape[1]
    for k in range(n):
        pk = perm[k]
        for l in range(L):
            work[k, l] = b[pk, l]
    for u in range(fwd_pos.shape[0]):
        tg = fwd_tgt[u]
        sr = fwd_src[u]
        q = fwd_pos[u]
        for l in range(L):
            work[tg, l] -= a[q, l] * work[sr, l]
    for k in range(n):
        for l in range(L):
            work[k, l] *= dinv[k, l]
    for u in range(bwd_pos.shape[0]):
        tg = bwd_tgt[u]
        sr = bwd_src[u]
        q = bwd_pos[u]
        for l in range(L):
            work[tg, l] -= a[q, l] * work[sr, l]
    for k in range(n):
        pk = perm[k]
        for l in range(L):
            b[pk, l] = work[k, l]


@kernel
def lanes_stage_sums(a_row, C_row, i, Uf, yv, ys, cs):
    """``ys = y + sum_{j<i} a_ij U_j`` and ``cs = sum_{j<i} C_ij U_j`` (rows and lanes as one
    long axis), each value summed as the separate sums of the scalar kernel do it (``y`` first,
    then ``j`` ascending; terms with a zero weight skipped, the first ``C`` term assigned), so
    the same numbers.  When every weight is nonzero (the Rodas tableaus) both sums take two
    stages per pass over the rows: the stage vectors are read once instead of twice, and the
    sums stored half as often."""
    nl = yv.shape[0]
    dense = i > 0
    for j in range(i):
        if a_row[j] == 0.0 or C_row[j] == 0.0:
            dense = False
    if not dense:
        for m in range(nl):
            ys[m] = yv[m]
        for j in range(i):
            aij = a_row[j]
            if aij != 0.0:
                uj = Uf[j]
                for m in range(nl):
                    ys[m] += aij * uj[m]
        weighted_sum(1.0, C_row[:i], Uf, cs)
        return
    a0 = a_row[0]
    c0 = 1.0 * C_row[0]
    u0 = Uf[0]
    if i == 1:
        for m in range(nl):
            v0 = u0[m]
            ys[m] = yv[m] + a0 * v0
            cs[m] = c0 * v0
        return
    a1 = a_row[1]
    c1 = 1.0 * C_row[1]
    u1 = Uf[1]
    for m in range(nl):
        v0 = u0[m]
        v1 = u1[m]
        ys[m] = (yv[m] + a0 * v0) + a1 * v1
        cs[m] = c0 * v0 + c1 * v1
    j = 2
    while j + 1 < i:
        a0 = a_row[j]
        c0 = 1.0 * C_row[j]
        u0 = Uf[j]
        a1 = a_row[j + 1]
        c1 = 1.0 * C_row[j + 1]
        u1 = Uf[j + 1]
        for m in range(nl):
            v0 = u0[m]
            v1 = u1[m]
            ys[m] = (ys[m] + a0 * v0) + a1 * v1
            cs[m] = (cs[m] + c0 * v0) + c1 * v1
        j += 2
    if j < i:
        a0 = a_row[j]
        c0 = 1.0 * C_row[j]
        u0 = Uf[j]
        for m in range(nl):
            v0 = u0[m]
            ys[m] = ys[m] + a0 * v0
            cs[m] = cs[m] + c0 * v0


@kernel
def lanes_stages(rhs_l, solve_l, printed, tab, lu, a_lu, dinv, t, h, inv_h, y, p, f0, ft,
                 autonomous, U, y_stage, csum, t_stage, work):
    """Stage increments ``U`` (s, n, L) of one step on every lane (W factorized).

    The sums run over earlier stages in the scalar kernel's order, so the numbers are the
    same; each is one long loop over all rows and lanes (short loops per row cost more in
    loop overhead than in arithmetic). ``autonomous`` (df/dt is zero on every lane) skips the
    ``h d_i df/dt`` terms; ``csum`` and ``work`` (n, L) are scratch, and ``y_stage`` holds
    the last stage's argument on return. The solves use the model's printed
    ``solve_l`` when ``printed``, else the operation lists of ``lu``.
    """
    a = tab[0]
    C = tab[1]
    c = tab[4]
    d = tab[5]
    s = tab[2].shape[0]
    n = y.shape[0]
    L = y.shape[1]
    nl = n * L
    # rows and lanes as one long, contiguous loop
    ys = merge_last_axes(y_stage)
    yv = merge_last_axes(y)
    Uf = merge_last_axes(U)
    for i in range(s):
        Ui = U[i]
        ui = Uf[i]
        if i == 0:
            f0v = merge_last_axes(f0)
            for m in range(nl):
                ui[m] = f0v[m]
        else:
            # the stage's argument and sum_j C_ij U_j in one pass over the earlier stages
            lanes_stage_sums(a[i], C[i], i, Uf, yv, ys, merge_last_axes(csum))
            for l in range(L):
                t_stage[l] = t[l] + c[i] * h[l]
            rhs_l(t_stage, y_stage, p, Ui)
        if i > 0:
            # Ui += (sum_j C_ij U_j) / h: one pass with each lane's 1/h, as the scalar kernel
            for k in range(n):
                for l in range(L):
                    Ui[k, l] += inv_h[l] * csum[k, l]
        if d[i] != 0.0 and not autonomous:
            for l in range(L):
                work[0, l] = h[l] * d[i]
            for k in range(n):
                for l in range(L):
                    Ui[k, l] += work[0, l] * ft[k, l]
        if printed:
            solve_l(a_lu, dinv, Ui)
        else:
            lanes_lu_solve(a_lu, dinv, lu, Ui, work)


@kernel
def lanes_combine(U, m_w, e_w, y, y_new, atol, rtol, en, err, y_stage, stiffly_accurate):
    """``y_new = y + sum_j m_j U_j`` and every lane's error norm ``en`` (RMS of
    ``sum_j e_j U_j / (atol + rtol max(|y|, |y_new|))``); ``err`` (n, L) is scratch;
    ``stiffly_accurate``: ``y_new`` is ``y_stage`` (the last stage's argument) plus the last
    stage. The sums
    are the scalar kernel's, each over all rows and lanes at once."""
    n = y.shape[0]
    L = y.shape[1]
    nl = n * L
    Uf = merge_last_axes(U)
    yn = merge_last_axes(y_new)
    yv = merge_last_axes(y)
    if stiffly_accurate:
        # the last stage's argument plus its increment (as the scalar kernel)
        ys = merge_last_axes(y_stage)
        ul = Uf[U.shape[0] - 1]
        for m in range(nl):
            yn[m] = ys[m] + ul[m]
    else:
        weighted_sum(1.0, m_w, Uf, yn)
        for m in range(nl):
            yn[m] += yv[m]
    weighted_sum(1.0, e_w, Uf, merge_last_axes(err))
    for l in range(L):
        en[l] = 0.0
    for k in range(n):
        for l in range(L):
            sc = max(atol[k] + rtol * max(abs(y[k, l]), abs(y_new[k, l])), TINY)
            r = err[k, l] / sc
            en[l] += r * r
    for l in range(L):
        en[l] = np.sqrt(en[l] / n) if n > 0 else 0.0


@kernel
def lane_dense_rows(H, U, D, l):
    """Lane ``l``'s rows ``D[r, :, l] = sum_j H[r, j] U[j, :, l]`` (the values of
    ``weighted_rows`` on all lanes: same terms, same order)."""
    n = U.shape[1]
    for r in range(H.shape[0]):
        first = True
        for j in range(H.shape[1]):
            a = 1.0 * H[r, j]
            if a != 0.0:
                if first:
                    for k in range(n):
                        D[r, k, l] = a * U[j, k, l]
                    first = False
                else:
                    for k in range(n):
                        D[r, k, l] += a * U[j, k, l]
        if first:
            for k in range(n):
                D[r, k, l] = 0.0


@kernel
def lanes_dense_output(D, t, h, y, y_new, l, t_out, y_out, i, t_new):
    """Lane ``l``'s outputs from index ``i`` before ``t_new`` (as ``rosenbrock_dense_output``,
    with the continuous extension's rows ``D`` (n_d, n, L))."""
    n_d = D.shape[0]
    n = D.shape[1]
    while i < t_out.shape[0] and t_out[i] < t_new:
        th = (t_out[i] - t) / h
        th1 = 1.0 - th
        for k in range(n):
            acc = D[n_d - 1, k, l]
            for r in range(n_d - 2, -1, -1):
                acc = D[r, k, l] + th * acc
            y_out[i, k] = th1 * y[k, l] + th * (y_new[k, l] + th1 * acc)
        i += 1
    return i


@kernel
def lanes_record_outputs(t, y, l, t_out, y_out, i):
    """Copy lane ``l`` of ``y`` into the rows of ``y_out`` from ``i`` with time ``<= t``."""
    while i < t_out.shape[0] and t_out[i] <= t:
        for k in range(y.shape[0]):
            y_out[i, k] = y[k, l]
        i += 1
    return i


@kernel
def lanes_apply_events(t, y, p, l, ev_t, ev_kind, ev_idx, ev_val, k, stats):
    """``apply_events`` on lane ``l`` of ``y`` and ``p``."""
    while k < ev_t.shape[0] and ev_t[k] <= t:
        kind = ev_kind[k]
        if kind == 0:
            y[ev_idx[k], l] += ev_val[k]
        elif kind == 1:
            p[ev_idx[k], l] = ev_val[k]
        else:
            y[ev_idx[k], l] = ev_val[k]
        stats[ST_EVENTS] += 1
        k += 1
    return k


@kernel
def rosenbrock_lanes(rhs, rhs_l, jac_l, dfdt_l, has_time, factor_l, solve_l, printed, tab, lu,
                     t_out, Y0, P, ev_t, ev_kind, ev_idx, EV_VAL, rtol, atol, h0, hmax, max_steps, Y_OUT,
                     STATUS, STATS):
    """Integrate every set of the batch (rows of ``Y0``, ``P``, ``EV_VAL``) on
    :data:`LANE_WIDTH` lanes; arguments as in ``rosenbrock_solve`` with one row per set
    (``STATUS`` gets each set's status), plus the scalar ``rhs`` (restarts) and the model's
    lane functions (``dfdt_l`` is called only when ``has_time``); with ``printed`` the model's printed factorization and substitutions
    (``factor_l``, ``solve_l``: :mod:`sigsim.codegen._lu`) replace the operation lists of ``lu``
    (same operations in the same order, so the same numbers, two to three times faster)."""
    m_w = tab[2]
    e_w = tab[3]
    meta = tab[6]
    H = tab[7]
    interp = H.shape[0] > 0
    gamma = meta[0]
    order = meta[1]
    q = min(meta[1], meta[2]) + 1.0
    stiffly_accurate = meta.shape[0] > 3 and meta[3] != 0.0
    s = m_w.shape[0]
    n_sets = Y0.shape[0]
    n = Y0.shape[1]
    n_par = P.shape[1]
    n_out = t_out.shape[0]
    L = LANE_WIDTH
    # the loop works on borrowed views (sigsim.solvers._jit: no atomic reference counting in
    # the step loop); these tuples hold the arrays and the arguments until keep_alive at the end
    # lane arrays, lane index last
    own_rows = (np.zeros((n, L)), np.zeros((n_par, L)), np.zeros((n, L)), np.zeros((n, L)),
                np.zeros((n, L)), np.zeros((n, L)), np.zeros((n, L)),
                np.zeros((n if n > 0 else 1, L)), np.zeros((jac_size(lu), L)),
                np.zeros((lu[LU_VALUE_SIZE_SLOT].shape[0], L)), np.ones((n, L)))
    y, pl, f0, ft, y_new, y_stage, csum, work, Jv, a_lu, dinv = borrowed(own_rows)
    own_stages = (np.zeros((s, n, L)), np.zeros((H.shape[0], n, L)))
    U, D = borrowed(own_stages)
    own_lane = (np.zeros(L), np.zeros(L), np.ones(L), np.ones(L), np.ones(L), np.zeros(L),
                np.zeros(L), np.zeros(L), np.zeros(L), np.zeros(L), np.ones(L))
    t, t_stage, hh, inv_h, shift, row_max, en, h, h_prop, t_stop, err_prev = borrowed(own_lane)
    # per-lane bookkeeping
    own_flags = (np.ones(L, dtype=np.bool_), np.zeros(L, dtype=np.bool_),
                 np.zeros(L, dtype=np.bool_), np.zeros(L, dtype=np.bool_))
    ok, clipped, restart, at_stop = borrowed(own_flags)
    own_counts = (np.full(L, -1, dtype=np.int64), np.zeros(L, dtype=np.int64),
                  np.zeros(L, dtype=np.int64), np.zeros(L, dtype=np.int64),
                  np.zeros(L, dtype=np.int64), np.zeros(L, dtype=np.int64),
                  np.zeros(L, dtype=np.int64))
    set_of, k_ev, i_out, n_steps, n_rej, n_pivot, fail = borrowed(own_counts)
    # scalar scratch for restarts and dense output
    own_cols = (np.empty(n), np.empty(n_par), np.empty(n), np.empty(n), np.empty(n))
    ycol, pcol, fcol, y1, f1 = borrowed(own_cols)
    args = (tab, lu, t_out, Y0, P, ev_t, ev_kind, ev_idx, EV_VAL, atol, Y_OUT, STATUS, STATS)
    tab, lu, t_out, Y0, P, ev_t, ev_kind, ev_idx, EV_VAL, atol, Y_OUT, STATUS, STATS = \
        borrowed(args)
    m_w = tab[2]
    e_w = tab[3]
    H = tab[7]
    t_end = t_out[n_out - 1] if n_out > 0 else 0.0
    next_set = 0
    while True:
        # ---- 1. bookkeeping of each lane up to its next step attempt
        n_active = 0
        for l in range(L):
            while True:
                i = set_of[l]
                if i < 0:
                    # take the next set of the batch, if any
                    if next_set >= n_sets:
                        break
                    i = next_set
                    next_set += 1
                    st = check_inputs(t_out, Y0[i], P[i], ev_t, ev_kind, ev_idx, EV_VAL[i],
                                      rtol, atol, Y_OUT[i])
                    if st != SUCCESS:
                        STATUS[i] = st
                        fill_nan(Y_OUT[i], 0)
                        continue
                    if n_out == 0:
                        STATUS[i] = SUCCESS
                        continue
                    for k in range(n):
                        y[k, l] = Y0[i, k]
                    for k in range(n_par):
                        pl[k, l] = P[i, k]
                    set_of[l] = i
                    t[l] = t_out[0]
                    k_ev[l] = first_event(ev_t, t[l])
                    i_out[l] = 0
                    n_steps[l] = 0
                    n_rej[l] = 0
                    n_pivot[l] = 0
                    h[l] = 0.0
                    err_prev[l] = 1.0
                    fail[l] = STEP_UNDERFLOW
                    restart[l] = True
                    at_stop[l] = True
                stats = STATS[i]
                status = SUCCESS
                if at_stop[l]:
                    # events at t, outputs at t, next stop, restart (the scalar outer loop)
                    k_new = lanes_apply_events(t[l], y, pl, l, ev_t, ev_kind, ev_idx,
                                               EV_VAL[i], k_ev[l], stats)
                    if k_new != k_ev[l]:
                        restart[l] = True
                    k_ev[l] = k_new
                    i_out[l] = lanes_record_outputs(t[l], y, l, t_out, Y_OUT[i], i_out[l])
                    if i_out[l] == n_out:
                        STATUS[i] = SUCCESS
                        set_of[l] = -1
                        continue
                    if interp:
                        t_stop[l] = next_hard_stop(t_out, ev_t, k_ev[l])
                    else:
                        t_stop[l] = next_stop(t_out, i_out[l], ev_t, k_ev[l])
                    if restart[l]:
                        for k in range(n):
                            ycol[k] = y[k, l]
                        for k in range(n_par):
                            pcol[k] = pl[k, l]
                        rhs(t[l], ycol, pcol, fcol)
                        stats[ST_RHS] += 1
                        finite = True
                        for k in range(n):
                            if not (np.isfinite(ycol[k]) and np.isfinite(fcol[k])):
                                finite = False
                        if not finite:
                            status = NON_FINITE
                        else:
                            if h0 > 0.0:
                                h[l] = h0
                            else:
                                h[l] = initial_step(rhs, t[l], ycol, pcol, fcol, atol, rtol,
                                                    order, t_end - t[l], hmax, y1, f1, stats)
                            err_prev[l] = 1.0
                            n_rej[l] = 0
                            restart[l] = False
                    at_stop[l] = False
                if status == SUCCESS:
                    if not t[l] < t_stop[l]:
                        at_stop[l] = True
                        continue
                    if n_steps[l] >= max_steps:
                        status = MAX_STEPS
                    elif h[l] < min_step(t[l]):
                        status = fail[l]
                if status != SUCCESS:
                    STATUS[i] = status
                    fill_nan(Y_OUT[i], i_out[l])
                    set_of[l] = -1
                    continue
                hh_l, hp_l, cl_l = propose_step(h[l], hmax, t[l], t_stop[l])
                hh[l] = hh_l
                h_prop[l] = hp_l
                clipped[l] = cl_l
                n_active += 1
                break
            if set_of[l] < 0:
                hh[l] = 1.0      # idle lane: harmless values, results ignored
        if n_active == 0:
            break
        # ---- 2. one step attempt on all lanes
        rhs_l(t, y, pl, f0)
        jac_l(t, y, pl, Jv)
        autonomous = True
        if has_time:
            dfdt_l(t, y, pl, ft)
            for k in range(n):
                for l in range(L):
                    if ft[k, l] != 0.0:
                        autonomous = False
        for l in range(L):
            inv_h[l] = 1.0 / hh[l]
            shift[l] = 1.0 / (hh[l] * gamma)
        if printed:
            factor_l(Jv, shift, a_lu, dinv, ok)
        else:
            lanes_build_w(a_lu, Jv, shift, lu)
            lanes_lu_factor(a_lu, dinv, lu, row_max, ok)
        lanes_stages(rhs_l, solve_l, printed, tab, lu, a_lu, dinv, t, hh, inv_h, y, pl, f0, ft,
                     autonomous, U, y_stage, csum, t_stage, work)
        lanes_combine(U, m_w, e_w, y, y_new, atol, rtol, en, csum, y_stage, stiffly_accurate)
        all_dense = False
        if interp:
            # the continuous extension's rows D_r = sum_j H_rj U_j: all lanes at once when
            # many lanes have outputs inside this step, else those lanes' own (below)
            n_dense = 0
            for l in range(L):
                if set_of[l] >= 0 and ok[l] and en[l] <= 1.0:
                    t_new = t_stop[l] if clipped[l] else t[l] + hh[l]
                    if t_out[i_out[l]] < t_new:
                        n_dense += 1
            all_dense = n_dense > DENSE_ALL_LANES
            if all_dense:
                weighted_rows(H, merge_last_axes(U), merge_last_axes(D))
        # ---- 3. accept or reject each lane's step
        for l in range(L):
            i = set_of[l]
            if i < 0:
                continue
            stats = STATS[i]
            n_steps[l] += 1
            stats[ST_STEPS] += 1
            stats[ST_RHS] += s
            stats[ST_JAC] += 1
            stats[ST_LU] += 1
            finite = True
            for k in range(n):
                if not np.isfinite(f0[k, l]):
                    finite = False
            if not finite:
                STATUS[i] = NON_FINITE
                fill_nan(Y_OUT[i], i_out[l])
                set_of[l] = -1
                continue
            if not ok[l]:
                stats[ST_REJECTED] += 1
                n_pivot[l] += 1
                if n_pivot[l] > MAX_PIVOT_FAILURES:
                    STATUS[i] = LINEAR_SOLVER
                    fill_nan(Y_OUT[i], i_out[l])
                    set_of[l] = -1
                    continue
                h[l] = hh[l] * FAIL_FAC
                n_rej[l] += 1
                fail[l] = LINEAR_SOLVER
                continue
            stats[ST_SOLVES] += s
            e = en[l]
            if e <= 1.0:
                stats[ST_ACCEPTED] += 1
                h[l] = accepted_step_size(hh[l], h_prop[l], clipped[l], e, err_prev[l], q,
                                          ROS_FAC_MAX, n_rej[l] > 0)
                err_prev[l] = max(e, ERR_PREV_MIN)
                n_rej[l] = 0
                t_new = t_stop[l] if clipped[l] else t[l] + hh[l]
                if interp and t_out[i_out[l]] < t_new:
                    if not all_dense:
                        lane_dense_rows(H, U, D, l)
                    i_out[l] = lanes_dense_output(D, t[l], hh[l], y, y_new, l, t_out,
                                                  Y_OUT[i], i_out[l], t_new)
                t[l] = t_new
                for k in range(n):
                    y[k, l] = y_new[k, l]
                if interp and t[l] < t_stop[l]:
                    i_out[l] = lanes_record_outputs(t[l], y, l, t_out, Y_OUT[i], i_out[l])
            else:
                stats[ST_REJECTED] += 1
                h[l] = rejected_step_size(hh[l], e, q, n_rej[l])
                n_rej[l] += 1
                fail[l] = STEP_UNDERFLOW if np.isfinite(e) else NON_FINITE
    keep_alive((own_rows, own_stages, own_lane, own_flags, own_counts, own_cols, args))
