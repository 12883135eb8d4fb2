"""scipy backend: ``solve_ivp`` on the same generated right-hand side and Jacobian.

It is the oracle for tests and a fallback for users; it runs in a Python loop over parameter
sets, so it is much slower than the compiled kernels for batches.
"""

from __future__ import annotations

import numpy as np

from ..solvers._status import MAX_STEPS, NON_FINITE, STEP_UNDERFLOW, SUCCESS

SCIPY_METHODS = {"scipy-radau": "Radau", "scipy-bdf": "BDF", "scipy-lsoda": "LSODA",
                 "scipy-rk45": "RK45", "scipy-dop853": "DOP853"}


def _apply_events(k, ev_t, ev_kind, ev_idx, ev_val, t, y, p):
    while k < len(ev_t) and ev_t[k] <= t:
        kind, idx, v = ev_kind[k], ev_idx[k], ev_val[k]
        if kind == 0:
            y[idx] += v
        elif kind == 1:
            p[idx] = v
        else:
            y[idx] = v
        k += 1
    return k


def scipy_solve(module, method, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol,
                max_step, y_out, stats, state_events=None):
    """Solve one parameter set with ``scipy.integrate.solve_ivp``; same semantics as the kernels.

    ``state_events`` (a :class:`sigsim.simulate._state_events.StateEvents`) adds the model's
    state-triggered events, located by root finding.

    Returns the status code; fills ``y_out`` (NaN after a failure) and ``stats``.
    """
    from scipy.integrate import solve_ivp  # imported here: 0.5 s that other runs skip

    n = y0.shape[0]
    rhs, jac = module.rhs, module.jac
    rows = np.asarray(module.JAC_ROWS, dtype=np.int64)
    cols = np.asarray(module.JAC_COLS, dtype=np.int64)
    y = y0.astype(float).copy()
    p = p.astype(float).copy()
    dy = np.empty(n)
    Jv = np.empty(len(rows))

    def f(t, yy):
        rhs(t, yy, p, dy)
        return dy.copy()

    def jfun(t, yy):
        jac(t, yy, p, Jv)
        J = np.zeros((n, n))
        np.add.at(J, (rows, cols), Jv)
        return J

    kw = {"rtol": rtol, "atol": atol, "method": SCIPY_METHODS[method]}
    if kw["method"] in ("Radau", "BDF", "LSODA"):
        kw["jac"] = jfun
    if max_step and max_step > 0:
        kw["max_step"] = max_step
    t0, t_end = t_out[0], t_out[-1]
    keep = (ev_t >= t0) & (ev_t <= t_end)
    ev_t, ev_kind, ev_idx, ev_val = ev_t[keep], ev_kind[keep], ev_idx[keep], ev_val[keep]
    if state_events is not None and state_events.events:
        from ._state_events import solve_with_state_events

        y_out[:] = np.nan
        msg = solve_with_state_events(state_events, f, kw, t_out, y, p, ev_t, ev_kind, ev_idx,
                                      ev_val, _apply_events, y_out, stats)
        if msg is None:
            return SUCCESS
        y_out[:] = np.nan
        msg = str(msg).lower()
        return NON_FINITE if "finite" in msg else (STEP_UNDERFLOW if "step size" in msg
                                                   else MAX_STEPS)
    k = _apply_events(0, ev_t, ev_kind, ev_idx, ev_val, t0, y, p)
    bounds = [tb for tb in np.unique(ev_t) if tb > t0] + [t_end]
    t_cur, j = t0, 0
    y_out[:] = np.nan
    for b_i, tb in enumerate(bounds):
        last = b_i == len(bounds) - 1
        sel = []
        while j < len(t_out) and (t_out[j] < tb or (last and t_out[j] <= tb)):
            sel.append(j)
            j += 1
        if tb > t_cur:
            t_eval = np.unique(np.r_[t_out[sel], tb])
            sol = solve_ivp(f, (t_cur, tb), y, t_eval=t_eval, **kw)
            stats[3] += sol.nfev
            stats[4] += sol.njev
            stats[5] += sol.nlu
            if sol.status != 0 or not np.all(np.isfinite(sol.y)):
                msg = sol.message.lower()
                return NON_FINITE if "finite" in msg or not np.all(np.isfinite(sol.y)) else (
                    STEP_UNDERFLOW if "step size" in msg else MAX_STEPS)
            for jj in sel:
                y_out[jj] = sol.y[:, np.searchsorted(sol.t, t_out[jj])]
            y = sol.y[:, -1].copy()
        else:
            for jj in sel:
                y_out[jj] = y
        t_cur = tb
        k = _apply_events(k, ev_t, ev_kind, ev_idx, ev_val, tb, y, p)
        if last:
            # outputs equal to the end time that follow events at that time report after them
            for jj in range(len(t_out)):
                if t_out[jj] == tb and np.any(ev_t == tb):
                    y_out[jj] = y
    return SUCCESS
