"""Pieces shared by the adaptive kernels: input checks, error norm, step-size control, initial
step, events and output recording.

Everything here is numba nopython code that also runs as plain Python (``NUMBA_DISABLE_JIT=1``).
Helpers that call the model's ``rhs`` are ``inline="always"`` like the kernels themselves, so
that an entry point calling a kernel stays cacheable; the others are ordinary ``@njit``
functions (inlining them too gains little per step and costs compile time).

Step-size control
-----------------
Errors are measured in the weighted RMS norm
``||err|| = sqrt(mean((err_i / (atol_i + rtol*max(|y_i|, |y_new_i|)))**2))``; a step is
accepted when ``||err|| <= 1`` (a NaN/inf norm is a rejection).  After an accepted step the
next step is ``h * fac`` with the PI controller of Gustafsson/Soederlind,
``fac = SAFETY * err**(-0.7/q) * err_prev**(0.4/q)``, ``q = min(order, embedded order) + 1``,
bounded to ``[FAC_MIN, fac_max]`` (no growth right after a rejection).  A rejected step is
retried with ``h * max(FAC_MIN, SAFETY * err**(-1/q))``; a rejection that follows a rejection
shrinks by another factor ``REPEAT_SHRINK`` (at least ``FAC_MIN_REPEAT``), and a NaN/inf error or
a failed factorization retries with ``h * FAIL_FAC``.
"""

import numpy as np
from numba import njit

from ._jit import kernel
from ._status import BAD_INPUT, ST_EVENTS, ST_RHS, SUCCESS

SAFETY = 0.9
BETA1 = 0.7            # PI controller: exponent of the current error, times 1/q
BETA2 = 0.4            # PI controller: exponent of the previous error, times 1/q
FAC_MIN = 0.2          # smallest step-size factor after a step (accepted or rejected)
FAC_MIN_REPEAT = 0.1   # ... after a rejection that follows a rejection
REPEAT_SHRINK = 0.5    # extra shrink after a rejection that follows a rejection
FAIL_FAC = 0.25        # factor after a NaN/inf error estimate or a failed factorization
#: Failed factorizations allowed in one integration before it ends with LINEAR_SOLVER. An
#: unpivoted sparse LU can fail at every large step of a problem that needs pivoting there
#: (the step then cycles: grow, fail, shrink); ending lets the dense, pivoted rerun take over.
MAX_PIVOT_FAILURES = 50
ERR_FLOOR = 1e-10      # error norms below this count as this (bounds the PI factor)
ERR_PREV_MIN = 1e-4    # floor of the remembered error (Hairer's DOPRI5 convention)
CLIP_STRETCH = 1.01    # a step that would end within 1% before a stop is stretched to it
H_MIN_REL = 1e-14      # minimum step: H_MIN_REL * max(1, |t|)
TINY = 1e-300


@kernel
def check_inputs(t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, y_out):
    """Return ``SUCCESS`` if the solver inputs are consistent, else ``BAD_INPUT``."""
    n = y0.shape[0]
    n_out = t_out.shape[0]
    n_ev = ev_t.shape[0]
    if y_out.shape[0] != n_out or y_out.shape[1] != n or atol.shape[0] != n:
        return BAD_INPUT
    if not (rtol >= 0.0 and rtol < np.inf):
        return BAD_INPUT
    for i in range(n):
        if not (atol[i] >= 0.0 and atol[i] < np.inf) or (atol[i] == 0.0 and rtol == 0.0):
            return BAD_INPUT
    for i in range(n_out):
        if not np.isfinite(t_out[i]) or (i > 0 and t_out[i] < t_out[i - 1]):
            return BAD_INPUT
    if ev_kind.shape[0] != n_ev or ev_idx.shape[0] != n_ev or ev_val.shape[0] != n_ev:
        return BAD_INPUT
    for k in range(n_ev):
        if not np.isfinite(ev_t[k]) or (k > 0 and ev_t[k] < ev_t[k - 1]):
            return BAD_INPUT
        kind = ev_kind[k]
        size = p.shape[0] if kind == 1 else n
        if kind < 0 or kind > 2 or ev_idx[k] < 0 or ev_idx[k] >= size:
            return BAD_INPUT
    return SUCCESS


@kernel
def all_finite(x):
    """True when every entry of the 1-D array ``x`` is finite."""
    for i in range(x.shape[0]):
        if not np.isfinite(x[i]):
            return False
    return True


@kernel
def all_zero(x):
    """True when every entry of the 1-D array ``x`` is zero."""
    for i in range(x.shape[0]):
        if x[i] != 0.0:
            return False
    return True


@kernel
def error_norm(err, y, y_new, atol, rtol):
    """Weighted RMS norm of ``err``; scale ``atol_i + rtol*max(|y_i|, |y_new_i|)``."""
    n = err.shape[0]
    if n == 0:
        return 0.0
    acc = 0.0
    for i in range(n):
        sc = max(atol[i] + rtol * max(abs(y[i]), abs(y_new[i])), TINY)
        r = err[i] / sc
        acc += r * r
    return np.sqrt(acc / n)


@kernel
def scaled_rms(x, scale):
    """``sqrt(mean((x_i / scale_i)^2))`` (0 for an empty ``x``)."""
    n = x.shape[0]
    if n == 0:
        return 0.0
    acc = 0.0
    for k in range(n):
        r = x[k] / scale[k]
        acc += r * r
    return np.sqrt(acc / n)


@kernel
def propose_step(h, hmax, t, t_stop):
    """Next step ``(hh, h_prop, clipped)``: the proposal ``h`` bounded by ``hmax`` (if > 0) is
    ``h_prop``; ``hh`` is it clipped (or stretched by at most ``CLIP_STRETCH``) to end exactly
    on ``t_stop``, and ``clipped`` tells whether that happened."""
    h_prop = min(h, hmax) if hmax > 0.0 else h
    if t + h_prop * CLIP_STRETCH >= t_stop:
        return t_stop - t, h_prop, True
    return h_prop, h_prop, False


@kernel
def min_step(t):
    """Smallest step size allowed at time ``t``."""
    return H_MIN_REL * max(1.0, abs(t))


@kernel
def accepted_step_size(h, h_prop, clipped, err, err_prev, q, fac_max, after_reject):
    """Step size after an accepted step of size ``h`` (PI controller).

    ``h_prop`` is the proposal before the step was clipped to a stop; when ``clipped`` the
    next step may return up to it as far as the error estimate allows, without the growth
    bound, so that a short step onto an output time does not throttle the integration.
    """
    e = max(err, ERR_FLOOR)
    # e**(-BETA1/q) * err_prev**(BETA2/q) as one exp of two logs: half the time of two pow
    # calls (5% of a lane-batched sweep went to them)
    fac = SAFETY * np.exp((BETA2 * np.log(err_prev) - BETA1 * np.log(e)) / q)
    fac = max(fac, FAC_MIN)
    h_new = h * min(fac, 1.0 if after_reject else fac_max)
    if clipped:
        h_new = max(h_new, min(h_prop, h * fac))
    return h_new


@kernel
def rejected_step_size(h, err, q, n_rejected):
    """Step size after rejecting a step of size ``h`` with error norm ``err`` (may be NaN).

    ``n_rejected`` counts the rejections immediately before this one.
    """
    if not np.isfinite(err):
        return h * FAIL_FAC
    fac = max(SAFETY * err ** (-1.0 / q), FAC_MIN)
    if n_rejected > 0:
        fac = max(fac * REPEAT_SHRINK, FAC_MIN_REPEAT)
    return h * fac


@kernel
def weighted_sum(h, w, K, out):
    """``out = h * sum_j w_j K_j`` (rows of ``K`` with zero weight are skipped).

    The first term is assigned rather than added to zeros (the same values: ``0 + x`` is
    ``x`` up to the sign of a zero), which saves a pass that clears ``out``.
    """
    first = True
    for j in range(w.shape[0]):
        a = h * w[j]
        if a != 0.0:
            if first:
                for k in range(out.shape[0]):
                    out[k] = a * K[j, k]
                first = False
            else:
                for k in range(out.shape[0]):
                    out[k] += a * K[j, k]
    if first:
        for k in range(out.shape[0]):
            out[k] = 0.0


@njit(inline="always")
def initial_step(rhs, t, y, p, f0, atol, rtol, order, span, hmax, y1, f1, stats):
    """Initial step size (Hairer, Norsett & Wanner, Solving ODEs I, Sec. II.4, 'hinit').

    Uses one extra ``rhs`` evaluation at an explicit Euler probe ``y1 = y + h f0``; ``y1`` and
    ``f1`` are scratch arrays.  The result is at most ``span`` and ``hmax`` (if positive).
    """
    n = y.shape[0]
    d0 = 0.0
    d1 = 0.0
    for i in range(n):
        sc = max(atol[i] + rtol * abs(y[i]), TINY)
        d0 += (y[i] / sc) ** 2
        d1 += (f0[i] / sc) ** 2
    d0 = np.sqrt(d0 / max(n, 1))
    d1 = np.sqrt(d1 / max(n, 1))
    h = 0.01 * d0 / d1 if (d0 > 1e-5 and d1 > 1e-5) else 1e-6
    h = min(h, span)
    for i in range(n):
        y1[i] = y[i] + h * f0[i]
    rhs(t + h, y1, p, f1)
    stats[ST_RHS] += 1
    d2 = 0.0
    for i in range(n):
        sc = max(atol[i] + rtol * abs(y[i]), TINY)
        d2 += ((f1[i] - f0[i]) / sc) ** 2
    d2 = np.sqrt(d2 / max(n, 1)) / h
    dmax = max(d1, d2)
    if not np.isfinite(d2):
        h1 = h * 1e-3
    elif dmax <= 1e-15:
        h1 = max(1e-6, h * 1e-3)
    else:
        h1 = (0.01 / dmax) ** (1.0 / (order + 1.0))
    h = min(100.0 * h, h1, span)
    if hmax > 0.0:
        h = min(h, hmax)
    return h


@kernel
def first_event(ev_t, t0):
    """Index of the first event at or after ``t0`` (earlier events are ignored)."""
    k = 0
    while k < ev_t.shape[0] and ev_t[k] < t0:
        k += 1
    return k


@kernel
def apply_events(t, y, p, ev_t, ev_kind, ev_idx, ev_val, k, stats):
    """Apply, in order, the events from index ``k`` whose time is ``<= t``; return next index.

    Kinds: 0 adds ``ev_val`` to a state (bolus), 1 sets a parameter, 2 sets a state.
    """
    while k < ev_t.shape[0] and ev_t[k] <= t:
        kind = ev_kind[k]
        if kind == 0:
            y[ev_idx[k]] += ev_val[k]
        elif kind == 1:
            p[ev_idx[k]] = ev_val[k]
        else:
            y[ev_idx[k]] = ev_val[k]
        stats[ST_EVENTS] += 1
        k += 1
    return k


@kernel
def record_outputs(t, y, t_out, y_out, i):
    """Copy ``y`` into the rows of ``y_out`` from ``i`` whose output time is ``<= t``."""
    while i < t_out.shape[0] and t_out[i] <= t:
        for k in range(y.shape[0]):   # a loop, not a slice: no shape-check code to compile
            y_out[i, k] = y[k]
        i += 1
    return i


@kernel
def next_stop(t_out, i, ev_t, k):
    """Next time the integrator must hit exactly: output ``i`` or event ``k``, if earlier."""
    t_stop = t_out[i]
    if k < ev_t.shape[0] and ev_t[k] < t_stop:
        t_stop = ev_t[k]
    return t_stop


@kernel
def next_hard_stop(t_out, ev_t, k):
    """Next time the integrator must hit exactly when outputs are interpolated: the next
    event ``k`` or the last output time, whichever comes first."""
    t_stop = t_out[t_out.shape[0] - 1]
    if k < ev_t.shape[0] and ev_t[k] < t_stop:
        t_stop = ev_t[k]
    return t_stop


@kernel
def fill_nan(y_out, i):
    """Fill the output rows from ``i`` on with NaN (unfinished outputs after a failure)."""
    for r in range(i, y_out.shape[0]):
        for k in range(y_out.shape[1]):
            y_out[r, k] = np.nan
