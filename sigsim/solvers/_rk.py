"""Adaptive embedded explicit Runge-Kutta kernel (Tsit5, DOPRI5, any :class:`ExplicitRKTableau`).

Import it from :mod:`sigsim.solvers._kernels`.  When the tableau carries a continuous extension
(``tab[5]``, ``B_dense``, with columns) output times inside an accepted step are interpolated and
steps are clipped only to event times and to the last output time; with an empty ``B_dense``
every output time clips a step.
"""

import numpy as np
from numba import njit

from ._jit import kernel
from ._status import (MAX_STEPS, NON_FINITE, ST_ACCEPTED, ST_REJECTED, ST_RHS, ST_STEPS,
                      STEP_UNDERFLOW, SUCCESS)
from ._stepping import (ERR_PREV_MIN, accepted_step_size, all_finite, propose_step,
                        apply_events, check_inputs, error_norm, fill_nan, first_event,
                        initial_step, min_step, next_hard_stop, next_stop, record_outputs,
                        rejected_step_size, weighted_sum)

#: Largest step-size growth factor per accepted step.
RK_FAC_MAX = 10.0


@njit(inline="always")
def rk_stages(rhs, A, c, t, h, y, p, K, y_stage):
    """Fill ``K[1:]`` with the stage derivatives of one step; ``K[0]`` holds ``f(t, y)``."""
    n = y.shape[0]
    for i in range(1, A.shape[0]):
        for k in range(n):
            y_stage[k] = y[k]
        for j in range(i):
            a = h * A[i, j]
            if a != 0.0:
                for k in range(n):
                    y_stage[k] += a * K[j, k]
        rhs(t + c[i] * h, y_stage, p, K[i])


@kernel
def rk_dense_output(Bd, K, t, h, y0, t_out, y_out, i, t_new):
    """Interpolate the outputs from index ``i`` that lie before ``t_new`` in the step of size
    ``h`` from ``(t, y0)`` with stage derivatives ``K``; returns the next output index.

    ``y(t + theta h) = y0 + h sum_j b_j(theta) K_j``, ``b_j(theta) = sum_p Bd[j, p]
    theta**(p+1)`` (``ExplicitRKTableau.B_dense``).
    """
    s = Bd.shape[0]
    n_p = Bd.shape[1]
    n = y0.shape[0]
    while i < t_out.shape[0] and t_out[i] < t_new:
        th = (t_out[i] - t) / h
        for k in range(n):
            y_out[i, k] = y0[k]
        for j in range(s):
            bj = Bd[j, n_p - 1]
            for q in range(n_p - 2, -1, -1):
                bj = Bd[j, q] + th * bj
            bj *= th * h
            if bj != 0.0:
                for k in range(n):
                    y_out[i, k] += bj * K[j, k]
        i += 1
    return i


@njit(inline="always")
def rk_solve(rhs, tab, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, h0, hmax,
             max_steps, y_out, stats):
    """Integrate ``dy/dt = rhs(t, y, p)`` with an embedded explicit Runge-Kutta pair.

    Parameters
    ----------
    rhs : callable
        ``rhs(t, y, p, dy)`` writes the derivative into ``dy`` (a jitted function).
    tab : tuple
        ``ExplicitRKTableau.arrays()``: ``(A, b, c, e, meta, B_dense)``.
    t_out : float64[n_out]
        Non-decreasing output times; integration starts at ``t_out[0]``.
    y0 : float64[n]
        Initial state (not modified).
    p : float64[n_p]
        Parameters (copied; events change the copy only).
    ev_t, ev_kind, ev_idx, ev_val : arrays[n_ev]
        Events sorted by time: kind 0 adds ``ev_val`` to state ``ev_idx``, 1 sets parameter
        ``ev_idx``, 2 sets state ``ev_idx``.  Events outside ``[t_out[0], t_out[-1]]`` are
        ignored; an output at an event time reports the state after the events.
    rtol : float
        Relative tolerance.
    atol : float64[n]
        Absolute tolerances per state.
    h0 : float
        Initial step (``<= 0``: automatic, also after each event).
    hmax : float
        Largest step (``<= 0``: unlimited).
    max_steps : int
        Limit of attempted steps over the whole run.
    y_out : float64[n_out, n]
        Receives the state at each output time; NaN from the first unreached output on.
    stats : int64[8]
        Statistics, accumulated (see ``_status.ST_*``).

    Returns
    -------
    int
        Status code from :mod:`sigsim.solvers._status`.
    """
    A, b, c, e, meta, Bd = tab
    interp = Bd.shape[1] > 0
    status = check_inputs(t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, y_out)
    if status != SUCCESS:
        fill_nan(y_out, 0)
        return status
    n_out = t_out.shape[0]
    if n_out == 0:
        return SUCCESS
    order = meta[0]
    q = min(meta[0], meta[1]) + 1.0
    fsal = meta[2] != 0.0
    s = b.shape[0]
    n = y0.shape[0]
    y = y0.copy()
    pl = p.copy()
    K = np.empty((s, n))          # K[0] always holds f(t, y)
    y_new = np.empty(n)
    y_stage = np.empty(n)
    err = np.empty(n)
    t = t_out[0]
    t_end = t_out[n_out - 1]
    k_ev = first_event(ev_t, t)
    i_out = 0
    n_steps = 0
    h = 0.0
    err_prev = 1.0
    n_rej = 0
    fail = STEP_UNDERFLOW
    restart = True
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
            rhs(t, y, pl, K[0])
            stats[ST_RHS] += 1
            if not (all_finite(y) and all_finite(K[0])):
                status = NON_FINITE
                break
            h = h0 if h0 > 0.0 else initial_step(rhs, t, y, pl, K[0], atol, rtol, order,
                                                 t_end - t, hmax, y_stage, y_new, stats)
            err_prev = 1.0
            n_rej = 0
            restart = False
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
            rk_stages(rhs, A, c, t, hh, y, pl, K, y_stage)
            stats[ST_RHS] += s - 1
            weighted_sum(hh, b, K, y_new)
            for k in range(n):
                y_new[k] += y[k]
            weighted_sum(hh, e, K, err)
            en = error_norm(err, y, y_new, atol, rtol)
            if en <= 1.0:
                stats[ST_ACCEPTED] += 1
                h = accepted_step_size(hh, h_prop, clipped, en, err_prev, q, RK_FAC_MAX,
                                       n_rej > 0)
                err_prev = max(en, ERR_PREV_MIN)
                n_rej = 0
                t_new = t_stop if clipped else t + hh
                if interp and t_out[i_out] < t_new:
                    i_out = rk_dense_output(Bd, K, t, hh, y, t_out, y_out, i_out, t_new)
                t = t_new
                for k in range(n):
                    y[k] = y_new[k]
                if interp and t < t_stop:
                    # outputs at t itself; those at a stop wait for its events (outer loop)
                    i_out = record_outputs(t, y, t_out, y_out, i_out)
                if fsal:
                    for k in range(n):
                        K[0, k] = K[s - 1, k]
                else:
                    rhs(t, y, pl, K[0])
                    stats[ST_RHS] += 1
            else:
                stats[ST_REJECTED] += 1
                h = rejected_step_size(hh, en, q, n_rej)
                n_rej += 1
                fail = STEP_UNDERFLOW if np.isfinite(en) else NON_FINITE
        if status != SUCCESS:
            break
    if status != SUCCESS:
        fill_nan(y_out, i_out)
    return status
