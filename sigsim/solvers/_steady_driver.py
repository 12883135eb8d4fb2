"""Steady states: Newton on the conservation-reduced system, with integration as fallback.

Newton converges fast from a good guess but can fail from a poor one (or converge to an
unstable state); integrating the ODE follows the physical relaxation. The driver first tries
Newton from the given state; if that fails it integrates over growing horizons and polishes
each end state with Newton, accepting the polished state only when it lies close to the
integrated one (so that Newton did not jump to another fixed point).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._kernels import rosenbrock_solve
from ._status import NEWTON_FAILED, SUCCESS
from ._steady import newton_steady

#: Horizons grow by this factor between integration attempts.
HORIZON_FACTOR = 10.0
#: First integration horizon, in model time units.
FIRST_HORIZON = 10.0
#: A Newton polish may move the integrated state by at most this many tolerance units.
POLISH_TOLERANCE_UNITS = 1e3


@njit(inline="always")
def steady_solve(rhs, jac, dfdt, tab, lu, jac_rows, jac_cols, dense, y, p, cons, dep, rtol, atol,
                 max_iter, t_max, max_steps, stats, info):
    """Find a steady state near ``y`` (updated in place) for parameters ``p``.

    Parameters
    ----------
    cons, dep : conservation laws (m x n) and their dependent species (m,); totals are taken
        from the starting state ``y``.
    rtol, atol : Newton and integration tolerances (atol per state).
    max_iter : Newton iterations per attempt.
    t_max : longest integration horizon tried.
    info : float64[3] out: [max scaled residual |f_i|/(atol_i + rtol|y_i|), time integrated
        before the final Newton solve, 1.0 if integration was needed else 0.0].

    Returns
    -------
    int status: SUCCESS or NEWTON_FAILED (or the integrator's failure status).
    """
    n = y.shape[0]
    m = cons.shape[0]
    totals = np.empty(m)
    for k in range(m):
        s = 0.0
        for j in range(n):
            s += cons[k, j] * y[j]
        totals[k] = s
    y_start = y.copy()
    info[0] = np.inf
    info[1] = 0.0
    info[2] = 0.0
    status = newton_steady(rhs, jac, 0.0, y, p, cons, dep, totals, jac_rows, jac_cols, rtol,
                           atol, max_iter)
    if status == SUCCESS:
        info[0] = _scaled_residual(rhs, y, p, rtol, atol)
        return SUCCESS
    info[2] = 1.0
    for j in range(n):
        y[j] = y_start[j]
    t_out = np.zeros(2)
    y_out = np.empty((2, n))
    ev_t = np.zeros(0)
    ev_i = np.zeros(0, dtype=np.int64)
    ev_v = np.zeros(0)
    y_trial = np.empty(n)
    horizon = FIRST_HORIZON
    t_now = 0.0
    while t_now < t_max:
        t_out[0] = t_now
        t_out[1] = min(horizon, t_max)
        status = rosenbrock_solve(rhs, jac, dfdt, tab, lu, jac_rows, jac_cols, dense, t_out, y,
                                  p, ev_t, ev_i, ev_i, ev_v, rtol, atol, 0.0, 0.0, max_steps,
                                  y_out, stats)
        if status != SUCCESS:
            return status
        t_now = t_out[1]
        info[1] = t_now
        for j in range(n):
            y[j] = y_out[1, j]
            y_trial[j] = y[j]
        if newton_steady(rhs, jac, 0.0, y_trial, p, cons, dep, totals, jac_rows, jac_cols, rtol,
                         atol, max_iter) == SUCCESS:
            moved = 0.0
            for j in range(n):
                d = abs(y_trial[j] - y[j]) / (atol[j] + rtol * abs(y[j]))
                if d > moved:
                    moved = d
            if moved <= POLISH_TOLERANCE_UNITS:
                for j in range(n):
                    y[j] = y_trial[j]
                info[0] = _scaled_residual(rhs, y, p, rtol, atol)
                return SUCCESS
        horizon *= HORIZON_FACTOR
    info[0] = _scaled_residual(rhs, y, p, rtol, atol)
    return NEWTON_FAILED


@njit(inline="always")
def _scaled_residual(rhs, y, p, rtol, atol):
    n = y.shape[0]
    f = np.empty(n)
    rhs(0.0, y, p, f)
    worst = 0.0
    for j in range(n):
        r = abs(f[j]) / (atol[j] + rtol * abs(y[j]))
        if r > worst:
            worst = r
    return worst
