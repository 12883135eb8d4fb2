"""Solver kernels: convergence order, stiff references, events, failures, plain-Python mode.

All test problems live in ONE set of model functions (``model_rhs``/``model_jac``/
``model_dfdt``) that switch on the model id in ``p[0]``, so each kernel is compiled once, in one
cached entry point per kernel.  Errors are measured in tolerance units,
``|y - y_ref| / (atol + rtol*|y_ref|)``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numba
import numpy as np
import pytest
from numba import njit

import sigsim.solvers
from sigsim.codegen._entry import _as_pointer
from sigsim.codegen._signatures import FUNC_SIG, FUNC_TYPE
from sigsim.solvers._jit import solver_sources_hash
from sigsim.solvers._kernels import bdf_solve, rk_solve, rosenbrock_solve
from sigsim.solvers._linalg import dense_store, sparse_store
from sigsim.solvers._sparse import SparseLU
from sigsim.solvers._stepping import MAX_PIVOT_FAILURES
from sigsim.solvers._status import (BAD_INPUT, LINEAR_SOLVER, MAX_STEPS, NON_FINITE,
                                    ST_ACCEPTED, ST_EVENTS, ST_JAC, ST_LU, ST_REJECTED,
                                    ST_SOLVES, ST_STEPS, STATUS_MESSAGES, STEP_UNDERFLOW,
                                    SUCCESS)
from sigsim.solvers._tableaus import EXPLICIT, ROSENBROCK

# Model ids (p[0]) and their parameters p[1:].
DECAY = 0          # y' = -k y + r;  p = [id, k, r]
MANUFACTURED = 1   # non-autonomous, nonlinear, exact solution known (see exact_manufactured)
ROBERTSON = 2      # p = [id, k1, k2, k3]
VDP = 3            # van der Pol, eps formulation: p = [id, eps]
BLOWUP = 4         # y' = y^2
NAN_JAC = 5        # y' = -y with a NaN Jacobian (factorization fails)


@njit
def _manufactured_exact(t, Y, dY, ddY):
    """Exact solution Y(t) = (1 + sin(t)/2, exp(-t/2)) and its first two derivatives."""
    Y[0] = 1.0 + 0.5 * np.sin(t)
    Y[1] = np.exp(-0.5 * t)
    dY[0] = 0.5 * np.cos(t)
    dY[1] = -0.5 * Y[1]
    ddY[0] = -0.5 * np.sin(t)
    ddY[1] = 0.25 * Y[1]


@njit(FUNC_SIG, cache=True)
def model_rhs(t, y, p, dy):
    m = int(p[0])
    if m == DECAY:
        dy[0] = -p[1] * y[0] + p[2]
    elif m == MANUFACTURED:
        # f(t, y) = g(y) - g(Y(t)) + Y'(t) with g(y) = (y1 - y0^2, -y0 y1).
        Y = np.empty(2)
        dY = np.empty(2)
        ddY = np.empty(2)
        _manufactured_exact(t, Y, dY, ddY)
        dy[0] = (y[1] - y[0] ** 2) - (Y[1] - Y[0] ** 2) + dY[0]
        dy[1] = -y[0] * y[1] + Y[0] * Y[1] + dY[1]
    elif m == ROBERTSON:
        r1 = p[1] * y[0]
        r2 = p[2] * y[1] * y[1]
        r3 = p[3] * y[1] * y[2]
        dy[0] = -r1 + r3
        dy[1] = r1 - r2 - r3
        dy[2] = r2
    elif m == VDP:
        dy[0] = y[1]
        dy[1] = ((1.0 - y[0] ** 2) * y[1] - y[0]) / p[1]
    elif m == BLOWUP:
        dy[0] = y[0] * y[0]
    else:
        dy[0] = -y[0]


@njit(FUNC_SIG, cache=True)
def model_jac(t, y, p, Jv):
    m = int(p[0])
    if m == DECAY:
        Jv[0] = -p[1]
    elif m == MANUFACTURED:
        Jv[0] = -2.0 * y[0]
        Jv[1] = 1.0
        Jv[2] = -y[1]
        Jv[3] = -y[0]
    elif m == ROBERTSON:
        Jv[0] = -p[1]
        Jv[1] = p[3] * y[2]
        Jv[2] = p[3] * y[1]
        Jv[3] = p[1]
        Jv[4] = -p[3] * y[2] - 2.0 * p[2] * y[1]
        Jv[5] = -p[3] * y[1]
        Jv[6] = 2.0 * p[2] * y[1]
    elif m == VDP:
        Jv[0] = 1.0
        Jv[1] = (-2.0 * y[0] * y[1] - 1.0) / p[1]
        Jv[2] = (1.0 - y[0] ** 2) / p[1]
    elif m == BLOWUP:
        Jv[0] = 2.0 * y[0]
    else:
        Jv[0] = np.nan


@njit(FUNC_SIG, cache=True)
def model_dfdt(t, y, p, ft):
    ft[:] = 0.0
    if int(p[0]) == MANUFACTURED:
        # df/dt = -Jg(Y) Y' + Y''  (only the -g(Y(t)) + Y'(t) part depends on t).
        Y = np.empty(2)
        dY = np.empty(2)
        ddY = np.empty(2)
        _manufactured_exact(t, Y, dY, ddY)
        ft[0] = -(-2.0 * Y[0] * dY[0] + dY[1]) + ddY[0]
        ft[1] = -(-Y[1] * dY[0] - Y[0] * dY[1]) + ddY[1]


# Jacobian patterns (rows, cols) per model; Robertson and VdP leave diagonal entries out.
PATTERNS = {
    DECAY: ([0], [0]),
    MANUFACTURED: ([0, 0, 1, 1], [0, 1, 0, 1]),
    ROBERTSON: ([0, 0, 0, 1, 1, 1, 2], [0, 1, 2, 0, 1, 2, 1]),
    VDP: ([0, 1, 1], [1, 0, 1]),
    BLOWUP: ([0], [0]),
    NAN_JAC: ([0], [0]),
}


# The model functions reach the kernels as first-class function pointers, as in sigsim's own
# entry points (a dispatcher passed into a kernel's non-inlined helpers would make numba embed
# its address, and the entry point could not be cached).
@njit(cache=True)
def solve_rk(rhs, tab, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, h0, hmax,
             max_steps, y_out, stats):
    return rk_solve(rhs, tab, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol,
                    h0, hmax, max_steps, y_out, stats)


@njit(cache=True)
def solve_ros(rhs, jac, dfdt, tab, lu, jac_rows, jac_cols, dense, t_out, y0, p, ev_t, ev_kind,
              ev_idx, ev_val, rtol, atol, h0, hmax, max_steps, y_out, stats):
    if dense:
        return rosenbrock_solve(rhs, jac, dfdt, tab,
                                dense_store(jac_rows, jac_cols, y0.shape[0]),
                                jac_rows.shape[0], t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val,
                                rtol, atol, h0, hmax, max_steps, max_steps, y_out, stats)
    return rosenbrock_solve(rhs, jac, dfdt, tab, sparse_store(lu, y0.shape[0]),
                            jac_rows.shape[0], t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol,
                            atol, h0, hmax, max_steps, MAX_PIVOT_FAILURES, y_out, stats)


@njit(cache=True)
def solve_bdf(rhs, jac, lu, jac_rows, jac_cols, dense, t_out, y0, p, ev_t, ev_kind, ev_idx,
              ev_val, rtol, atol, h0, hmax, max_steps, y_out, stats):
    if dense:
        return bdf_solve(rhs, jac, dense_store(jac_rows, jac_cols, y0.shape[0]),
                         jac_rows.shape[0], t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol,
                         atol, h0, hmax, max_steps, max_steps, y_out, stats)
    return bdf_solve(rhs, jac, sparse_store(lu, y0.shape[0]), jac_rows.shape[0],
                     t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol, atol, h0, hmax,
                     max_steps, MAX_PIVOT_FAILURES, y_out, stats)


def _functions(*fns):
    return tuple(_as_pointer(f, FUNC_TYPE) for f in fns)


def _solver_sources_hash():
    return solver_sources_hash()[:16]


def _drop_stale_cache(*dispatchers):
    """numba keys a cache on the defining file only, but the kernels are inlined from the
    solver modules: flush this module's cached entry points when those sources change."""
    if numba.config.DISABLE_JIT:
        return
    khash = _solver_sources_hash()
    for d in dispatchers:
        cache = getattr(d, "_cache", None)
        if cache is None or not hasattr(cache, "flush"):
            continue
        stamp = Path(cache.cache_path) / f"{Path(__file__).stem}.{d.__name__}.kernel-hash"
        try:
            if not stamp.exists() or stamp.read_text() != khash:
                cache.flush()
                stamp.write_text(khash)
        except OSError:
            pass


_drop_stale_cache(solve_rk, solve_ros, solve_bdf)

NO_EVENTS = (np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))


def _events(events):
    if not events:
        return NO_EVENTS
    t, kind, idx, val = zip(*events)
    return (np.array(t, dtype=float), np.array(kind, dtype=np.int64),
            np.array(idx, dtype=np.int64), np.array(val, dtype=float))


def run(method, model, t_out, y0, p, events=(), rtol=1e-8, atol=1e-10, h0=0.0, hmax=0.0,
        max_steps=100_000, dense=False, dense_output=True):
    """Run a kernel (chosen by method name: a tableau's, or "bdf") on a test model; returns
    (status, y_out, stats).

    ``dense_output=False`` passes the tableau without its continuous extension (every output
    time then clips a step)."""
    t_out = np.asarray(t_out, dtype=float)
    y0 = np.asarray(y0, dtype=float)
    y_out = np.empty((t_out.size, y0.size))
    stats = np.zeros(8, dtype=np.int64)
    atol = np.broadcast_to(np.asarray(atol, dtype=float), y0.shape).copy()
    pp = np.array([model] + list(p), dtype=float)
    common = (t_out, y0, pp, *_events(events), rtol, atol, h0, hmax, max_steps, y_out, stats)
    if method in EXPLICIT:
        status = solve_rk(*_functions(model_rhs), EXPLICIT[method].arrays(dense_output),
                          *common)
    elif method == "bdf":
        rows, cols = (np.array(v, dtype=np.int64) for v in PATTERNS[model])
        lu = SparseLU(y0.size, rows, cols).arrays
        status = solve_bdf(*_functions(model_rhs, model_jac), lu, rows, cols, dense, *common)
    else:
        rows, cols = (np.array(v, dtype=np.int64) for v in PATTERNS[model])
        lu = SparseLU(y0.size, rows, cols).arrays
        status = solve_ros(*_functions(model_rhs, model_jac, model_dfdt),
                           ROSENBROCK[method].arrays(dense_output), lu, rows, cols, dense,
                           *common)
    return status, y_out, stats


METHODS = sorted(ROSENBROCK) + sorted(EXPLICIT)
ORDERS = {k: v.order for k, v in list(ROSENBROCK.items()) + list(EXPLICIT.items())}


def exact_manufactured(t):
    t = np.asarray(t, dtype=float)
    return np.stack([1.0 + 0.5 * np.sin(t), np.exp(-0.5 * t)], axis=-1)


def measured_order(method, t_end=2.0, steps=(20, 40, 80, 160)):
    """Slope of log(error at t_end) against log(step) for fixed steps h = t_end/N.

    Fixed steps come from the adaptive kernel itself: output times on a uniform grid, ``h0``
    and ``hmax`` equal to the grid step, and tolerances so loose that no step is rejected, so
    each step is clipped onto the next output time.
    """
    errors = []
    for n_steps in steps:
        t = np.linspace(0.0, t_end, n_steps + 1)
        h = t_end / n_steps
        status, y, stats = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=1e6,
                               atol=1e6, h0=h, hmax=h)
        assert status == SUCCESS and stats[ST_STEPS] == n_steps and stats[ST_REJECTED] == 0
        errors.append(np.abs(y[-1] - exact_manufactured(t_end)).max())
    slope = np.polyfit(np.log(t_end / np.array(steps)), np.log(errors), 1)[0]
    return slope, errors


@pytest.mark.parametrize("method", METHODS)
def test_convergence_order(method):
    slope, errors = measured_order(method)
    assert abs(slope - ORDERS[method]) <= 0.3, (slope, errors)


@pytest.mark.parametrize("method", METHODS)
def test_adaptive_accuracy_and_stats(method):
    t = np.linspace(0.0, 3.0, 7)
    rtol, atol = 1e-8, 1e-10
    status, y, stats = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=rtol,
                           atol=atol)
    ref = exact_manufactured(t)
    assert status == SUCCESS
    assert np.max(np.abs(y - ref) / (atol + rtol * np.abs(ref))) < 5.0
    assert stats[ST_STEPS] == stats[ST_ACCEPTED] + stats[ST_REJECTED]
    assert stats[ST_STEPS] < 150
    if method in ROSENBROCK:
        s = ROSENBROCK[method].stages
        assert stats[ST_SOLVES] == s * stats[ST_STEPS] and stats[ST_LU] == stats[ST_STEPS]
        assert stats[ST_JAC] == stats[ST_ACCEPTED]      # reused when a step is retried
        # dense path gives the same solution up to rounding
        status_d, y_d, _ = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=rtol,
                               atol=atol, dense=True)
        assert status_d == SUCCESS
        np.testing.assert_allclose(y_d, y, rtol=1e-9)


# ----------------------------------------------------------------------- dense output

#: Order of each method's continuous extension.
DENSE_ORDERS = {"rodas5p": 4, "rodas4": 3, "tsit5": 4, "dopri5": 4}


@pytest.mark.parametrize("method", METHODS)
def test_dense_output_order(method):
    """Interpolation at step midpoints converges at least at the extension's order.

    Fixed steps h (h0 = hmax = h, loose tolerances), outputs at the midpoints: the error there
    is the global error (order p) plus the local interpolation error (order q+1).
    """
    errors = []
    steps = (20, 40, 80)
    for n_steps in steps:
        h = 2.0 / n_steps
        t = np.concatenate([[0.0], (np.arange(n_steps) + 0.5) * h, [2.0]])
        status, y, stats = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=1e6,
                               atol=1e6, h0=h, hmax=h)
        assert status == SUCCESS and stats[ST_STEPS] == n_steps
        errors.append(np.abs(y[1:-1] - exact_manufactured(t[1:-1])).max())
    slope = np.polyfit(np.log(2.0 / np.array(steps)), np.log(errors), 1)[0]
    assert slope >= DENSE_ORDERS[method] - 0.3, (slope, errors)


@pytest.mark.parametrize("method", METHODS)
def test_dense_output_accuracy_and_no_extra_steps(method):
    """61 interpolated outputs: within tolerance, and no more steps than with 2 outputs."""
    rtol, atol = 1e-8, 1e-10
    t = np.linspace(0.0, 3.0, 61)
    status, y, stats = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=rtol,
                           atol=atol)
    ref = exact_manufactured(t)
    assert status == SUCCESS
    err = np.max(np.abs(y - ref) / (atol + rtol * np.abs(ref)))
    assert err < 5.0, err
    status2, y2, stats2 = run(method, MANUFACTURED, t[[0, -1]], exact_manufactured(0.0), [],
                              rtol=rtol, atol=atol)
    assert status2 == SUCCESS and stats2[ST_STEPS] == stats[ST_STEPS]
    np.testing.assert_array_equal(y2[-1], y[-1])
    # clipping onto every output (no continuous extension) costs more steps, same accuracy
    status3, y3, stats3 = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], rtol=rtol,
                              atol=atol, dense_output=False)
    assert status3 == SUCCESS and stats3[ST_STEPS] > stats[ST_STEPS]
    assert np.max(np.abs(y3 - ref) / (atol + rtol * np.abs(ref))) < 5.0


@pytest.mark.parametrize("method", METHODS + ["bdf"])
def test_outputs_between_and_at_events(method):
    """Interpolated outputs between two events; outputs at an event report the state after."""
    k, dose1, dose2 = 0.5, 2.0, 1.0
    t = np.array([0.0, 0.3, 0.7, 1.0, 1.2, 1.5, 1.9, 2.0, 2.6, 3.0])
    events = [(1.0, 0, 0, dose1), (2.0, 0, 0, dose2)]
    status, y, stats = run(method, DECAY, t, [1.0], [k, 0.0], events, rtol=1e-9, atol=1e-12)
    assert status == SUCCESS and stats[ST_EVENTS] == 2
    y1 = decay_exact(1.0, 1.0, k) + dose1
    y2 = decay_exact(1.0, y1, k) + dose2
    ref = np.where(t < 1.0, decay_exact(t, 1.0, k),
                   np.where(t < 2.0, decay_exact(t - 1.0, y1, k), decay_exact(t - 2.0, y2, k)))
    np.testing.assert_allclose(y[:, 0], ref, rtol=1e-7)
    assert y[3, 0] == pytest.approx(y1, rel=1e-8) and y[7, 0] == pytest.approx(y2, rel=1e-8)


# ------------------------------------------------------------------------------------ events

def decay_exact(t, y0, k, r=0.0):
    return r / k + (y0 - r / k) * np.exp(-k * np.asarray(t))


@pytest.mark.parametrize("method", METHODS + ["bdf"])
def test_bolus_and_parameter_step(method):
    k, t_dose, dose, t_step, rate = 0.5, 1.5, 2.0, 3.0, 0.7
    t = np.array([0.0, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])
    events = [(t_dose, 0, 0, dose), (t_step, 1, 2, rate)]
    status, y, stats = run(method, DECAY, t, [1.0], [k, 0.0], events, rtol=1e-10, atol=1e-12)
    assert status == SUCCESS and stats[ST_EVENTS] == 2
    y_dose = decay_exact(t_dose, 1.0, k) + dose
    y_step = decay_exact(t_step - t_dose, y_dose, k)
    ref = np.where(t < t_dose, decay_exact(t, 1.0, k),
                   np.where(t < t_step, decay_exact(t - t_dose, y_dose, k),
                            decay_exact(t - t_step, y_step, k, rate)))
    np.testing.assert_allclose(y[:, 0], ref, rtol=1e-8)
    assert y[2, 0] == pytest.approx(y_dose, rel=1e-9)     # output at the dose: after it


@pytest.mark.parametrize("method", ["rodas5p", "tsit5"])
def test_events_at_first_output_and_outside_range(method):
    t = np.array([0.0, 2.0])
    events = [(-1.0, 0, 0, 100.0), (0.0, 2, 0, 3.0), (0.0, 0, 0, 1.0), (5.0, 0, 0, 100.0)]
    status, y, stats = run(method, DECAY, t, [1.0], [0.5, 0.0], events)
    assert status == SUCCESS and stats[ST_EVENTS] == 2
    assert y[0, 0] == 4.0                                 # set to 3, then +1, before output
    assert y[1, 0] == pytest.approx(4.0 * np.exp(-1.0), rel=1e-7)


@pytest.mark.parametrize("method", ["rodas4", "dopri5"])
def test_repeated_and_single_output_times(method):
    status, y, _ = run(method, DECAY, [0.0, 1.0, 1.0, 2.0], [1.0], [1.0, 0.0])
    assert status == SUCCESS and y[1, 0] == y[2, 0]
    status, y, stats = run(method, DECAY, [5.0], [2.0], [1.0, 0.0])
    assert status == SUCCESS and y[0, 0] == 2.0 and stats[ST_STEPS] == 0


# ---------------------------------------------------------------------------------- failures

@pytest.mark.parametrize("method", ["rodas5p", "tsit5"])
def test_blowup_returns_status_and_nan(method):
    t = np.array([0.0, 0.5, 0.9, 1.5, 2.0])
    status, y, _ = run(method, BLOWUP, t, [1.0], [])
    assert status in (STEP_UNDERFLOW, NON_FINITE, MAX_STEPS)
    np.testing.assert_allclose(y[:3, 0], 1.0 / (1.0 - t[:3]), rtol=1e-6)
    assert np.all(np.isnan(y[3:]))


@pytest.mark.parametrize("method", ["rodas5p", "tsit5"])
def test_max_steps_and_bad_input(method):
    t = np.linspace(0.0, 10.0, 5)
    status, y, stats = run(method, MANUFACTURED, t, exact_manufactured(0.0), [], max_steps=3)
    assert status == MAX_STEPS and stats[ST_STEPS] == 3
    assert np.all(np.isfinite(y[0])) and np.all(np.isnan(y[-1]))
    status, y, _ = run(method, DECAY, [0.0, 2.0, 1.0], [1.0], [1.0, 0.0])
    assert status == BAD_INPUT and np.all(np.isnan(y))
    status, y, _ = run(method, DECAY, [0.0, 1.0], [1.0], [1.0, 0.0], [(0.5, 1, 7, 1.0)])
    assert status == BAD_INPUT
    status, y, _ = run(method, DECAY, [0.0, 1.0], [1.0], [1.0, 0.0], atol=-1.0)
    assert status == BAD_INPUT
    assert set(STATUS_MESSAGES) == set(range(7))


def test_failed_factorization_is_reported():
    status, y, stats = run("rodas5p", NAN_JAC, [0.0, 1.0], [1.0], [])
    assert status in (LINEAR_SOLVER, NON_FINITE)
    assert stats[ST_ACCEPTED] == 0 and np.all(np.isnan(y[1]))


# ---------------------------------------------------------------------- plain-Python kernels

PLAIN_CASE = dict(model=DECAY, t_out=[0.0, 0.5, 1.0], y0=[1.0], p=[0.8, 0.0],
                  events=[(0.5, 0, 0, 1.0), (0.75, 1, 2, 0.3)], rtol=1e-6, atol=1e-9)

_PLAIN_SCRIPT = """
import json, sys
sys.path[:0] = [{tests!r}, {root!r}]
import test_kernels as tk
for method in ("rodas5p", "tsit5", "bdf"):
    status, y, stats = tk.run(method, **tk.PLAIN_CASE)
    print(json.dumps([method, int(status), y.ravel().tolist(), stats.tolist()]))
"""


def test_plain_python_matches_jit():
    """The same kernels run as plain Python (NUMBA_DISABLE_JIT=1) give the same numbers."""
    tests, root = str(Path(__file__).parent), str(Path(sigsim.solvers.__file__).parents[2])
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, "-c", _PLAIN_SCRIPT.format(tests=tests, root=root)],
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 3
    for line in lines:
        method, status, y_plain, stats_plain = json.loads(line)
        st, y, stats = run(method, **PLAIN_CASE)
        assert status == st == SUCCESS
        np.testing.assert_allclose(y_plain, y.ravel(), rtol=1e-12, atol=0)
        assert stats_plain == stats.tolist()
