"""Adaptive Rosenbrock kernel for the Rodas family (any :class:`RosenbrockTableau`).

Import it from :mod:`sigsim.solvers._kernels`.  Each step evaluates one Jacobian (reused
when a step is retried from the same point) and factorizes ``W = I/(h*gamma) - J`` once with
the linear solver whose arrays are passed in (``store``: the sparse or the dense one of
:mod:`sigsim.solvers._linalg`; each batch entry point is compiled for one of them).  A failed
factorization retries the step with ``h * FAIL_FAC`` (as KPP does); a set that still fails ends
with ``LINEAR_SOLVER``, and :func:`sigsim.simulate` reruns it with the dense, pivoted solver.

Output times: when the tableau carries a continuous extension (``tab[7]``, the ``H`` rows, not
empty) output times inside an accepted step are interpolated and steps are clipped only to
event times and to the last output time; with an empty ``H`` every output time clips a step.
"""

import numpy as np
from numba import njit

from ._jit import borrowed, keep_alive, kernel
from ._linalg import w_factor, w_solve
from ._status import (LINEAR_SOLVER, MAX_STEPS, NON_FINITE, ST_ACCEPTED, ST_JAC, ST_LU,
                      ST_REJECTED, ST_RHS, ST_SOLVES, ST_STEPS, STEP_UNDERFLOW, SUCCESS)
from ._stepping import (ERR_PREV_MIN, FAIL_FAC, accepted_step_size,
                        all_finite, all_zero, propose_step,
                        apply_events, check_inputs, error_norm, fill_nan, first_event,
                        initial_step, min_step, next_hard_stop, next_stop, record_outputs,
                        rejected_step_size, weighted_sum)

#: Largest step-size growth factor per accepted step (as in Hairer's RODAS code).
ROS_FAC_MAX = 6.0


@kernel
def rosenbrock_stages(rhs, tab, store, t, h, y, p, f0, ft, autonomous, U, y_stage, csum,
                      stats):
    """Solve for the stage increments ``U`` of one step (W already factorized).

    ``autonomous`` (``df/dt == 0`` at this point) skips the ``h d_i df/dt`` terms.  On
    return ``y_stage`` holds the last stage's argument; ``csum`` is scratch.
    """
    a = tab[0]
    C = tab[1]
    c = tab[4]
    d = tab[5]
    s = tab[2].shape[0]
    n = y.shape[0]
    inv_h = 1.0 / h
    for i in range(s):
        v = U[i]            # a row view of a borrowed array: no reference counting
        if i == 0:
            for k in range(n):
                v[k] = f0[k]
        else:
            for k in range(n):
                y_stage[k] = y[k]
            for j in range(i):
                aij = a[i, j]
                if aij != 0.0:
                    for k in range(n):
                        y_stage[k] += aij * U[j, k]
            rhs(t + c[i] * h, y_stage, p, v)
            stats[ST_RHS] += 1
            # v += (sum_j C_ij U_j) / h (the lane kernel sums in the same order); y_stage
            # keeps the last stage's argument for a stiffly accurate y_new
            weighted_sum(1.0, C[i, :i], U, csum)
            for k in range(n):
                v[k] += inv_h * csum[k]
        if d[i] != 0.0 and not autonomous:
            hd = h * d[i]
            for k in range(n):
                v[k] += hd * ft[k]
        w_solve(store, v)
        stats[ST_SOLVES] += 1


@kernel
def rosenbrock_dense_output(H, U, D, t, h, y0, y1, t_out, y_out, i, t_new):
    """Interpolate the outputs from index ``i`` that lie before ``t_new`` in the step
    ``(t, y0) -> (t + h, y1)``; returns the next output index.

    Continuous extension of the tableau (``H``, see ``RosenbrockTableau``):
    ``y(t + theta h) = (1-theta) y0 + theta (y1 + (1-theta) (D_1 + theta (D_2 + ...)))``,
    ``D_r = sum_j H[r, j] U_j``, evaluated by Horner's rule.  ``D`` is scratch (R x n).
    """
    n_d = H.shape[0]
    n = y0.shape[0]
    weighted_rows(H, U, D)
    while i < t_out.shape[0] and t_out[i] < t_new:
        th = (t_out[i] - t) / h
        th1 = 1.0 - th
        for k in range(n):
            acc = D[n_d - 1, k]
            for r in range(n_d - 2, -1, -1):
                acc = D[r, k] + th * acc
            y_out[i, k] = th1 * y0[k] + th * (y1[k] + th1 * acc)
        i += 1
    return i


@kernel
def weighted_rows(W, U, D):
    """``D[r] = sum_j W[r, j] U[j]`` (zero weights skipped)."""
    for r in range(W.shape[0]):
        weighted_sum(1.0, W[r], U, D[r])


@njit(inline="always")
def rosenbrock_solve(rhs, jac, dfdt, tab, store, nnz, t_out, y0, p, ev_t,
                     ev_kind, ev_idx, ev_val, rtol, atol, h0, hmax, max_steps, max_lu_failures,
                     y_out, stats):
    """Integrate ``dy/dt = rhs(t, y, p)`` with an embedded Rosenbrock method (Rodas family).

    Parameters
    ----------
    rhs, jac, dfdt : callable
        Jitted model functions ``rhs(t, y, p, dy)``, ``jac(t, y, p, Jv)`` (structural
        nonzeros in the order of ``jac_rows``/``jac_cols``) and ``dfdt(t, y, p, ft)``.
    tab : tuple
        ``RosenbrockTableau.arrays()``: ``(a, C, m, e, c, d, meta)``.
    store : tuple
        The linear solver's arrays, :func:`sigsim.solvers._linalg.sparse_store` or
        ``dense_store``; its type selects the solver at compile time.
    nnz : int
        Number of Jacobian values ``jac`` writes.
    t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, h0, hmax, max_steps, y_out, stats
        As in :func:`sigsim.solvers._kernels.rk_solve`.
    max_lu_failures : int
        Failed factorizations allowed before the integration ends with ``LINEAR_SOLVER``
        (``MAX_PIVOT_FAILURES`` for the unpivoted sparse LU, whose sets are then rerun dense;
        ``max_steps`` for the dense LU, which has no fallback).

    Returns
    -------
    int
        Status code from :mod:`sigsim.solvers._status`.
    """
    m_w = tab[2]
    e_w = tab[3]
    meta = tab[6]
    H = tab[7]
    interp = H.shape[0] > 0
    gamma = meta[0]
    order = meta[1]
    q = min(meta[1], meta[2]) + 1.0
    stiffly_accurate = meta.shape[0] > 3 and meta[3] != 0.0
    status = check_inputs(t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, y_out)
    if status != SUCCESS:
        fill_nan(y_out, 0)
        return status
    n_out = t_out.shape[0]
    if n_out == 0:
        return SUCCESS
    s = m_w.shape[0]
    n = y0.shape[0]
    # borrowed views (sigsim.solvers._jit): no atomic reference counting in the step loop;
    # the tuples hold the arguments and the local arrays until keep_alive at the end
    own = (y0.copy(), p.copy(), np.empty((s, n)), np.empty((6, n)), np.empty((H.shape[0], n)),
           np.empty(nnz))
    y, pl, U, vec, D, Jv = borrowed(own)
    args = (tab, store, t_out, y_out, stats, atol, ev_t, ev_kind, ev_idx, ev_val)
    tab, store, t_out, y_out, stats, atol, ev_t, ev_kind, ev_idx, ev_val = borrowed(args)
    f0 = vec[0]
    ft = vec[1]
    y_new = vec[2]
    y_stage = vec[3]
    err = vec[4]
    csum = vec[5]
    m_w = tab[2]
    e_w = tab[3]
    H = tab[7]
    t = t_out[0]
    t_end = t_out[n_out - 1]
    k_ev = first_event(ev_t, t)
    i_out = 0
    n_steps = 0
    h = 0.0
    err_prev = 1.0
    n_rej = 0
    n_pivot = 0
    fail = STEP_UNDERFLOW
    restart = True
    new_point = True       # f0, J and df/dt must be evaluated at (t, y)
    autonomous = False
    while True:
        k_new = apply_events(t, y, pl, ev_t, ev_kind, ev_idx, ev_val, k_ev, stats)
        restart = restart or k_new != k_ev
        k_ev = k_new
        i_out = record_outputs(t, y, t_out, y_out, i_out)
        if i_out == n_out:
            break
        t_stop = next_hard_stop(t_out, ev_t, k_ev) if interp else next_stop(t_out, i_out,
                                                                                ev_t, k_ev)
        if restart:
            rhs(t, y, pl, f0)
            stats[ST_RHS] += 1
            if not (all_finite(y) and all_finite(f0)):
                status = NON_FINITE
                break
            h = h0 if h0 > 0.0 else initial_step(rhs, t, y, pl, f0, atol, rtol, order,
                                                 t_end - t, hmax, y_stage, y_new, stats)
            err_prev = 1.0
            n_rej = 0
            restart = False
            new_point = True
        while t < t_stop:
            if n_steps >= max_steps:
                status = MAX_STEPS
                break
            if h < min_step(t):
                status = fail
                break
            hh, h_prop, clipped = propose_step(h, hmax, t, t_stop)
            n_steps += 1
            stats[ST_STEPS] += 1
            if new_point:
                rhs(t, y, pl, f0)
                jac(t, y, pl, Jv)
                dfdt(t, y, pl, ft)
                autonomous = all_zero(ft)
                stats[ST_RHS] += 1
                stats[ST_JAC] += 1
                new_point = False
                if not all_finite(f0):
                    status = NON_FINITE
                    break
            stats[ST_LU] += 1
            ok = w_factor(store, Jv, 1.0 / (hh * gamma))
            if not ok:
                stats[ST_REJECTED] += 1
                n_pivot += 1
                if n_pivot > max_lu_failures:
                    status = LINEAR_SOLVER
                    break
                h = hh * FAIL_FAC
                n_rej += 1
                fail = LINEAR_SOLVER
                continue
            rosenbrock_stages(rhs, tab, store, t, hh, y, pl, f0, ft, autonomous, U,
                              y_stage, csum, stats)
            if stiffly_accurate:
                # y_new = y + sum_j m_j U_j with m = (last row of a, 1): the last stage's
                # argument plus its increment (the lane kernel the same)
                for k in range(n):
                    y_new[k] = y_stage[k] + U[s - 1, k]
            else:
                weighted_sum(1.0, m_w, U, y_new)
                for k in range(n):
                    y_new[k] += y[k]
            weighted_sum(1.0, e_w, U, err)
            en = error_norm(err, y, y_new, atol, rtol)
            if en <= 1.0:
                stats[ST_ACCEPTED] += 1
                h = accepted_step_size(hh, h_prop, clipped, en, err_prev, q, ROS_FAC_MAX,
                                       n_rej > 0)
                err_prev = max(en, ERR_PREV_MIN)
                n_rej = 0
                t_new = t_stop if clipped else t + hh
                if interp and t_out[i_out] < t_new:
                    i_out = rosenbrock_dense_output(H, U, D, t, hh, y, y_new, t_out, y_out,
                                                    i_out, t_new)
                t = t_new
                for k in range(n):
                    y[k] = y_new[k]
                new_point = True
                if interp and t < t_stop:
                    # outputs at t itself; those at a stop wait for its events (outer loop)
                    i_out = record_outputs(t, y, t_out, y_out, i_out)
            else:
                stats[ST_REJECTED] += 1
                h = rejected_step_size(hh, en, q, n_rej)
                n_rej += 1
                fail = STEP_UNDERFLOW if np.isfinite(en) else NON_FINITE
        if status != SUCCESS:
            break
    if status != SUCCESS:
        fill_nan(y_out, i_out)
    keep_alive((own, args))
    return status
