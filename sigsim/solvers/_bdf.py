"""Variable-order, variable-step BDF kernel (orders 1-5), for stiff systems.

Import it from :mod:`sigsim.solvers._kernels`.  The method is the one of the backward
differentiation codes (DIFSUB, LSODE, CVODE, MATLAB's ode15s without its NDF modification),
written in the backward-difference form of Shampine & Reichelt (The MATLAB ODE suite, SIAM J Sci
Comput 18:1-22, 1997):

* the solution's history is the difference array ``D`` (``D[j] = nabla^j y_n`` at a constant
  step ``h``); the predictor is ``y0 = sum_{j<=k} D[j]`` and the BDF of order ``k``,
  ``sum_{j=1..k} nabla^j y_{n+1} / j = h f(y_{n+1})``, becomes for the correction
  ``d = y_{n+1} - y0``:  ``d + psi - (h/gamma_k) f(y0 + d) = 0`` with
  ``gamma_k = sum_{j<=k} 1/j`` and ``psi = sum_{j=1..k} gamma_j D[j] / gamma_k``;
* it is solved by a simplified Newton iteration with ``W = I/c - J``, ``c = h/gamma_k``: the
  Jacobian is evaluated at the start and again only when the iteration fails to converge
  (a failure with a current Jacobian halves the step); ``W`` is refactorized when ``c``
  changes;
* the local error is ``d / (k+1)`` in the weighted RMS norm of :mod:`sigsim.solvers._stepping`;
  a rejected step shrinks by ``max(0.2, 0.9 err**(-1/(k+1)))``;
* the step size and the order change only after ``k+1`` steps at a constant step (the
  quasi-constant step-size strategy): then orders ``k-1``, ``k``, ``k+1`` are compared by their
  error estimates and the one allowing the largest step is taken (growth at most 10x); a step
  size change rescales ``D`` to the new step (Shampine & Reichelt, Sec. 2.1);
* output times inside a step are interpolated with the BDF's own interpolating polynomial
  through ``y_{n+1}, y_n, ..., y_{n+1-k}`` (Newton's backward form on ``D``); steps are clipped
  only to event times and to the last output time;
* events stop the integrator exactly at their time and restart it at order 1 with a new
  Jacobian (as the Rosenbrock kernel does).

Few right-hand-side evaluations per step (one to three Newton iterations) and few
factorizations make it the cheaper method for single runs of small and moderate models at
moderate tolerances; the Rosenbrock kernel (one Jacobian, one factorization and six to eight
stages per step) needs fewer, larger steps and vectorizes across parameter sets.
"""

import numpy as np
from numba import njit

from ._jit import borrowed, keep_alive, kernel
from ._linalg import w_factor, w_solve
from ._status import (LINEAR_SOLVER, MAX_STEPS, NON_FINITE, ST_ACCEPTED, ST_JAC, ST_LU,
                      ST_REJECTED, ST_RHS, ST_SOLVES, ST_STEPS, STEP_UNDERFLOW, SUCCESS)
from ._stepping import (FAIL_FAC, all_finite, apply_events, check_inputs, error_norm,
                        fill_nan, first_event, initial_step, min_step, next_hard_stop,
                        propose_step, record_outputs, scaled_rms)

MAX_ORDER = 5
#: Simplified Newton iterations per step before the iteration counts as failed.
NEWTON_MAXITER = 4
#: Newton convergence: the weighted norm of the last correction times the estimated
#: convergence rate (at most 1) must be at most NEWTON_TOL (the error test allows (k+1) in the
#: same norm of the whole correction d); a correction more than NEWTON_DIVERGE times the last
#: one is divergence; the remembered rate decays by NEWTON_RATE_DECAY per iteration.
NEWTON_TOL = 0.1
NEWTON_DIVERGE = 2.0
NEWTON_RATE_DECAY = 0.3
#: Step-size factor bounds and safety factor of the BDF step control.
BDF_FAC_MAX = 10.0
BDF_FAC_MIN = 0.2
BDF_SAFETY = 0.9
#: A proposed growth below this factor (at an unchanged order) keeps the step size, and with it
#: the factorization of W (CVODE's threshold is 1.5).
BDF_FAC_KEEP = 1.2
#: Step-size factor after a Newton failure with a current Jacobian.
NEWTON_FAIL_FAC = 0.5


@kernel
def bdf_gammas(out):
    """``out[k] = gamma_k = sum_{j=1..k} 1/j`` (``out[0] = 0``)."""
    out[0] = 0.0
    for k in range(1, out.shape[0]):
        out[k] = out[k - 1] + 1.0 / k


@kernel
def change_step(D, order, factor, T, tmp, S):
    """Rescale the differences ``D[0..order]`` from step ``h`` to ``factor * h`` in place.

    ``D_new[j] = sum_i T[i, j] D[i]`` with ``T = R(factor) R(1)``,
    ``R(f)[i, j] = prod_{m=1..i} (m - 1 - f j) / m`` (``R[0, j] = 1``): Shampine & Reichelt
    1997, Sec. 2.1.  ``T`` is scratch ``(MAX_ORDER+1, 2*(MAX_ORDER+1))``, ``tmp`` scratch of
    length ``order+1``, ``S`` scratch ``(order+1, n)``.
    """
    k1 = order + 1
    # R(factor) in T[:, :k1], R(1) in T[:, k1:2*k1]
    for j in range(k1):
        T[0, j] = 1.0
        T[0, k1 + j] = 1.0
    for i in range(1, k1):
        for j in range(k1):
            T[i, j] = T[i - 1, j] * (i - 1.0 - factor * j) / i
            T[i, k1 + j] = T[i - 1, k1 + j] * (i - 1.0 - j) / i
    # product R(factor) @ R(1) into T[:, :k1] row by row (row i needs only row i of R(factor))
    for i in range(k1):
        for j in range(k1):
            acc = 0.0
            for m in range(k1):
                acc += T[i, m] * T[m, k1 + j]
            tmp[j] = acc
        for j in range(k1):
            T[i, j] = tmp[j]
    # each new row over all columns at once (contiguous, vectorized), each value summed from
    # 0.0 over i ascending, into the scratch rows S, then copied back
    n = D.shape[1]
    for j in range(k1):
        Sj = S[j]
        a0 = T[0, j]
        D0 = D[0]
        for col in range(n):
            Sj[col] = 0.0 + a0 * D0[col]
        for i in range(1, k1):
            a = T[i, j]
            Di = D[i]
            for col in range(n):
                Sj[col] += a * Di[col]
    for j in range(k1):
        Sj = S[j]
        Dj = D[j]
        for col in range(n):
            Dj[col] = Sj[col]


@kernel
def predict(D, order, gam, y0, ps):
    """The predictor ``y0 = sum_{j<=order} D[j]`` and ``ps = sum_{j=1..order} gamma_j D[j]``
    (each value summed over ``j`` ascending; the loops run over all states at once)."""
    n = D.shape[1]
    D0 = D[0]
    for k in range(n):
        y0[k] = D0[k]
        ps[k] = 0.0
    for j in range(1, order + 1):
        g = gam[j]
        Dj = D[j]
        for k in range(n):
            y0[k] += Dj[k]
            ps[k] += g * Dj[k]


@kernel
def bdf_dense_output(D, order, t_new, h, t_out, y_out, i):
    """Interpolate the outputs from index ``i`` that lie before ``t_new`` on the polynomial
    through ``y(t_new - m h)``, ``m = 0..order`` (Newton's backward form on the differences
    ``D`` of the accepted step); returns the next output index."""
    n = D.shape[1]
    while i < t_out.shape[0] and t_out[i] < t_new:
        s = (t_out[i] - t_new) / h          # in (-1, 0)
        for k in range(n):
            y_out[i, k] = D[0, k]
        w = 1.0
        for j in range(1, order + 1):
            w *= (s + (j - 1.0)) / j
            for k in range(n):
                y_out[i, k] += w * D[j, k]
        i += 1
    return i


@njit(inline="always")
def bdf_solve(rhs, jac, store, nnz, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol,
              h0, hmax, max_steps, max_lu_failures, y_out, stats):
    """Integrate ``dy/dt = rhs(t, y, p)`` with the variable-order BDF method (module docstring).

    Arguments as :func:`sigsim.solvers._kernels.rosenbrock_solve` without ``dfdt`` and the
    tableau.  Returns a status code from :mod:`sigsim.solvers._status`.
    """
    status = check_inputs(t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, y_out)
    if status != SUCCESS:
        fill_nan(y_out, 0)
        return status
    n_out = t_out.shape[0]
    if n_out == 0:
        return SUCCESS
    n = y0.shape[0]
    K1 = MAX_ORDER + 1
    own = (y0.copy(), p.copy(), np.empty((MAX_ORDER + 3, n)), np.empty((6, n)), np.empty(nnz),
           np.empty((K1, 2 * K1)), np.empty(K1 + 2), np.empty(K1 + 2), np.empty((K1, n)))
    y, pl, D, vec, Jv, T, tmp, gam, S = borrowed(own)
    args = (store, t_out, y_out, stats, atol, ev_t, ev_kind, ev_idx, ev_val)
    store, t_out, y_out, stats, atol, ev_t, ev_kind, ev_idx, ev_val = borrowed(args)
    f = vec[0]
    d = vec[1]
    psi = vec[2]
    scale = vec[3]
    err = vec[4]
    dy = vec[5]
    bdf_gammas(gam)
    crate = 1.0      # the Newton convergence rate remembered between steps
    t = t_out[0]
    t_end = t_out[n_out - 1]
    k_ev = first_event(ev_t, t)
    i_out = 0
    n_steps = 0
    h = 0.0          # the step the differences D are scaled to
    order = 1
    n_equal = 0      # accepted steps since the last change of step size or order
    c_lu = 0.0       # the c = h/gamma_k of the current factorization (0: none)
    jac_current = False
    n_pivot = 0
    restart = True
    fail = STEP_UNDERFLOW
    while True:
        k_new = apply_events(t, y, pl, ev_t, ev_kind, ev_idx, ev_val, k_ev, stats)
        restart = restart or k_new != k_ev
        k_ev = k_new
        i_out = record_outputs(t, y, t_out, y_out, i_out)
        if i_out == n_out:
            break
        t_stop = next_hard_stop(t_out, ev_t, k_ev)
        if restart:
            rhs(t, y, pl, f)
            stats[ST_RHS] += 1
            if not (all_finite(y) and all_finite(f)):
                status = NON_FINITE
                break
            h = h0 if h0 > 0.0 else initial_step(rhs, t, y, pl, f, atol, rtol, 1.0, t_end - t,
                                                 hmax, d, dy, stats)
            for k in range(n):
                D[0, k] = y[k]
                D[1, k] = h * f[k]
                D[2, k] = 0.0
            order = 1
            n_equal = 0
            jac(t, y, pl, Jv)
            stats[ST_JAC] += 1
            jac_current = True
            c_lu = 0.0
            crate = 1.0
            restart = False
        while t < t_stop:
            if n_steps >= max_steps:
                status = MAX_STEPS
                break
            if h < min_step(t):
                status = fail
                break
            hh, _, clipped = propose_step(h, hmax, t, t_stop)
            if hh != h:
                change_step(D, order, hh / h, T, tmp, S)
                h = hh
                n_equal = 0
            n_steps += 1
            stats[ST_STEPS] += 1
            t_new = t_stop if clipped else t + h
            # predictor and psi
            gk = gam[order]
            c = h / gk
            predict(D, order, gam, y, psi)
            for k in range(n):
                psi[k] = psi[k] / gk
                scale[k] = atol[k] + rtol * abs(y[k])
                d[k] = 0.0
            if c != c_lu:
                stats[ST_LU] += 1
                if not w_factor(store, Jv, 1.0 / c):
                    stats[ST_REJECTED] += 1
                    n_pivot += 1
                    c_lu = 0.0
                    for k in range(n):       # back to the last accepted state
                        y[k] = D[0, k]
                    if n_pivot > max_lu_failures:
                        status = LINEAR_SOLVER
                        break
                    change_step(D, order, FAIL_FAC, T, tmp, S)
                    h *= FAIL_FAC
                    n_equal = 0
                    fail = LINEAR_SOLVER
                    continue
                c_lu = c
                crate = 1.0
            # simplified Newton iteration on d; the convergence rate is remembered between
            # steps (as CVODE does), so that a step can converge after one iteration
            converged = False
            dy_prev = 0.0
            for it in range(NEWTON_MAXITER):
                rhs(t_new, y, pl, f)
                stats[ST_RHS] += 1
                if not all_finite(f):
                    break
                # W dy = f - (psi + d)/c with W = I/c - J
                inv_c = 1.0 / c
                for k in range(n):
                    dy[k] = f[k] - (psi[k] + d[k]) * inv_c
                w_solve(store, dy)
                stats[ST_SOLVES] += 1
                dn = scaled_rms(dy, scale)
                if not np.isfinite(dn):
                    break
                if it > 0:
                    if dn > NEWTON_DIVERGE * dy_prev:
                        break
                    crate = max(NEWTON_RATE_DECAY * crate, dn / dy_prev)
                for k in range(n):
                    y[k] += dy[k]
                    d[k] += dy[k]
                if dn * min(1.0, crate) <= NEWTON_TOL:
                    converged = True
                    break
                dy_prev = dn
            if not converged:
                stats[ST_REJECTED] += 1
                for k in range(n):
                    y[k] = D[0, k]
                if jac_current:
                    change_step(D, order, NEWTON_FAIL_FAC, T, tmp, S)
                    h *= NEWTON_FAIL_FAC
                    n_equal = 0
                    fail = STEP_UNDERFLOW if all_finite(f) else NON_FINITE
                else:
                    # a new Jacobian at the last accepted point, same step
                    jac(t, y, pl, Jv)
                    stats[ST_JAC] += 1
                    jac_current = True
                    c_lu = 0.0
                continue
            ec = 1.0 / (order + 1.0)
            for k in range(n):
                err[k] = ec * d[k]
            en = error_norm(err, D[0], y, atol, rtol)
            if not en <= 1.0:
                stats[ST_REJECTED] += 1
                for k in range(n):
                    y[k] = D[0, k]
                if np.isfinite(en):
                    fac = max(BDF_FAC_MIN, BDF_SAFETY * en ** (-1.0 / (order + 1.0)))
                    fail = STEP_UNDERFLOW
                else:
                    fac = FAIL_FAC
                    fail = NON_FINITE
                change_step(D, order, fac, T, tmp, S)
                h *= fac
                n_equal = 0
                continue
            # accepted: update the differences (D[order+2] = d - D[order+1], D[order+1] = d,
            # D[j] += D[j+1] downwards)
            stats[ST_ACCEPTED] += 1
            n_equal += 1
            jac_current = False
            for k in range(n):
                D[order + 2, k] = d[k] - D[order + 1, k]
                D[order + 1, k] = d[k]
            for j in range(order, -1, -1):
                for k in range(n):
                    D[j, k] += D[j + 1, k]
            if t_out[i_out] < t_new:
                i_out = bdf_dense_output(D, order, t_new, h, t_out, y_out, i_out)
            t = t_new
            for k in range(n):
                y[k] = D[0, k]       # the same value, without the Newton iterate's rounding
            if t < t_stop:
                i_out = record_outputs(t, y, t_out, y_out, i_out)
            if n_equal < order + 1:
                continue
            # order and step selection from the error estimates at orders k-1, k, k+1
            fac_k = BDF_SAFETY * max(en, 1e-10) ** (-1.0 / (order + 1.0))
            fac_m = 0.0
            if order > 1:
                for k in range(n):
                    err[k] = D[order, k] / order
                fac_m = BDF_SAFETY * max(error_norm(err, y, y, atol, rtol), 1e-10) ** (
                    -1.0 / order)
            fac_p = 0.0
            if order < MAX_ORDER:
                for k in range(n):
                    err[k] = D[order + 2, k] / (order + 2.0)
                fac_p = BDF_SAFETY * max(error_norm(err, y, y, atol, rtol), 1e-10) ** (
                    -1.0 / (order + 2.0))
            fac = fac_k
            new_order = order
            if fac_m > fac:
                fac = fac_m
                new_order = order - 1
            if fac_p > fac:
                fac = fac_p
                new_order = order + 1
            fac = min(fac, BDF_FAC_MAX)
            n_equal = 0
            if new_order == order and 1.0 <= fac < BDF_FAC_KEEP:
                continue           # keep the step (and the factorization of W)
            order = new_order
            change_step(D, order, fac, T, tmp, S)
            h *= fac
        if status != SUCCESS:
            break
    if status != SUCCESS:
        fill_nan(y_out, i_out)
    keep_alive((own, args))
    return status
