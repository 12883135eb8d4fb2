"""``sigsim.steady_state`` and pre-equilibration."""

from __future__ import annotations

import difflib
import warnings

import numpy as np

from ..codegen import call_entry
from ..errors import SimulationError
from ..solvers._status import NEWTON_FAILED, STATUS_MESSAGES, SUCCESS
from ._compiled import compile_model
from ._inputs import as_sets, as_tolerance

#: Integration horizon of the fallback, in model time units.
DEFAULT_T_MAX = 1e8


class SteadyState:
    """Steady states of one or many parameter sets.

    ``ss["A"]`` is an array of shape (n_sets,); ``ss.y`` has shape (n_sets, n_species).
    ``converged`` tells which sets reached a steady state, ``integrated`` which needed the
    integration fallback, ``residual`` the largest scaled residual ``|f_i|/(atol_i+rtol|y_i|)``.
    """

    def __init__(self, model_name, species, y, status, info, params, shape, parameters):
        self.model_name = model_name
        self.species = list(species)
        self.y = y
        self.status = status
        self.residual = info[:, 0]
        self.time_integrated = info[:, 1]
        self.integrated = info[:, 2] > 0
        self.params = params
        self.parameters = list(parameters)
        self.shape = shape

    @property
    def converged(self):
        return self.status == SUCCESS

    @property
    def n_sets(self):
        return self.y.shape[0]

    def __getitem__(self, name):
        if name in self.species:
            return self.y[:, self.species.index(name)]
        close = difflib.get_close_matches(str(name), self.species, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"{name!r} is not a species of {self.model_name!r}{hint}")

    def to_dict(self, index=0):
        """``{species: value}`` of one parameter set."""
        return {s: float(v) for s, v in zip(self.species, self.y[index])}

    def to_frame(self):
        import pandas as pd

        df = pd.DataFrame(self.y, columns=self.species)
        df.insert(0, "set", np.arange(self.n_sets))
        df["converged"] = self.converged
        df["integrated"] = self.integrated
        df["residual"] = self.residual
        return df

    def __repr__(self):
        ok = int(np.count_nonzero(self.converged))
        via = int(np.count_nonzero(self.integrated & self.converged))
        return (f"<SteadyState {self.model_name!r}: {ok}/{self.n_sets} converged "
                f"({via} via integration), max scaled residual "
                f"{np.nanmax(self.residual) if self.n_sets else 0:.3g}>")


#: Integration horizons of the fallback start here and grow by this factor (model time units).
FIRST_HORIZON = 10.0
HORIZON_FACTOR = 10.0
#: A Newton polish may move an integrated state by at most this many tolerance units.
POLISH_TOLERANCE_UNITS = 1e3


def _newton(cm, Y, P_full, totals, rtol, atol_vec, max_iter):
    mod = cm.module
    L, dep = cm.conservation
    status = np.zeros(Y.shape[0], dtype=np.int64)
    residual = np.zeros(Y.shape[0])
    call_entry("newton_batch", mod.rhs, mod.jac, Y, P_full, L, dep, totals, cm.jac_rows,
               cm.jac_cols, float(rtol), atol_vec, int(max_iter), status, residual)
    return status, residual


def _steady_kernel(cm, Y, P_full, rtol, atol_vec, max_iter, t_max, max_steps, linear_solver):
    """Steady states of every row of ``Y`` (updated in place); returns (status, info).

    Newton first; sets where it fails are integrated over growing horizons (compiled batch
    calls on the failing sets only), each end state polished by Newton and accepted when the
    polish moved it by at most ``POLISH_TOLERANCE_UNITS`` (so Newton did not jump to another,
    possibly unstable, fixed point). ``info`` columns: scaled residual, time integrated,
    1 if integration was needed.
    """
    from ._simulate import run_kernel

    n_sets = Y.shape[0]
    L, _ = cm.conservation
    totals = np.ascontiguousarray(Y @ L.T)
    info = np.zeros((n_sets, 3))
    trial = Y.copy()
    status, info[:, 0] = _newton(cm, trial, P_full, totals, rtol, atol_vec, max_iter)
    ok = status == SUCCESS
    Y[ok] = trial[ok]
    todo = np.flatnonzero(~ok)
    info[todo, 2] = 1.0
    t_now, horizon = 0.0, FIRST_HORIZON
    no_events = (np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    while todo.size and t_now < t_max:
        t_next = min(horizon, t_max)
        Y_OUT, st, _ = run_kernel(cm, "rodas5p", np.array([t_now, t_next]),
                                  np.ascontiguousarray(Y[todo]), np.ascontiguousarray(P_full[todo]),
                                  no_events, np.zeros((todo.size, 0)), rtol, atol_vec, None, None,
                                  max_steps, linear_solver)
        failed = st != SUCCESS
        status[todo[failed]] = st[failed]
        todo, Y_end = todo[~failed], Y_OUT[~failed, -1, :]
        Y[todo] = Y_end
        info[todo, 1] = t_next
        polished = np.ascontiguousarray(Y_end)
        st, res = _newton(cm, polished, np.ascontiguousarray(P_full[todo]), totals[todo], rtol,
                          atol_vec, max_iter)
        moved = np.max(np.abs(polished - Y_end) / (atol_vec + rtol * np.abs(Y_end)), axis=1,
                       initial=0.0)
        good = (st == SUCCESS) & (moved <= POLISH_TOLERANCE_UNITS)
        Y[todo[good]] = polished[good]
        status[todo[good]] = SUCCESS
        info[todo[good], 0] = res[good]
        todo = todo[~good]
        t_now, horizon = t_next, horizon * HORIZON_FACTOR
    if todo.size:
        status[todo] = NEWTON_FAILED
        _, info[todo, 0] = _newton(cm, Y[todo].copy(), np.ascontiguousarray(P_full[todo]),
                                   totals[todo], rtol, atol_vec, 0)
    return status, info


def steady_state(model, params=None, y0=None, rtol=1e-8, atol=1e-12, max_iter=50,
                 t_max=DEFAULT_T_MAX, max_steps=100_000, threads=None, linear_solver="auto",
                 on_failure="warn"):
    """Steady states of ``model`` by Newton's method, with integration as fallback.

    Conserved totals (for example total receptor) are taken from the initial state, so the
    steady state found is the one the dynamics reach from ``y0``.

    Parameters
    ----------
    model : sigsim.Model
    params, y0 : dict or array_like, optional
        As in :func:`sigsim.simulate` (arrays give a batch of sets).
    rtol, atol : float
        Convergence tolerances on the state.
    max_iter : int
        Newton iterations per attempt.
    t_max : float
        Longest integration horizon of the fallback (model time units).

    Returns
    -------
    SteadyState
    """
    from ._simulate import _threads, initial_states

    cm = compile_model(model)
    atol_vec = as_tolerance(atol, cm.species)
    shape, P, y_over, _, _ = as_sets(model, params, y0, [], cm.parameters, cm.species)
    P_full = np.zeros((P.shape[0], cm.n_param_slots))
    P_full[:, :len(cm.parameters)] = P
    with _threads(threads):
        Y = initial_states(cm, model, P_full, y_over)
        status, info = _steady_kernel(cm, Y, P_full, float(rtol), atol_vec, max_iter, t_max,
                                      max_steps, linear_solver)
    ss = SteadyState(cm.name, cm.species, Y, status, info, P, shape, cm.parameters)
    bad = np.flatnonzero(~ss.converged)
    if bad.size and on_failure != "ignore":
        text = (f"steady state not reached for {bad.size} of {ss.n_sets} set(s) of "
                f"{cm.name!r} (first: set {bad[0]}: {STATUS_MESSAGES.get(int(status[bad[0]]))})")
        if on_failure == "raise":
            raise SimulationError(text)
        warnings.warn(text, stacklevel=2)
    return ss


def parse_preequilibration(spec, cm):
    """Check a ``preequilibrate`` argument; returns (spec dict, arrays to broadcast)."""
    from ._inputs import _unknown

    if spec is True:
        spec = {}
    if not isinstance(spec, dict):
        raise SimulationError("preequilibrate must be True, False or a dict with keys "
                              "'params', 'y0', 'duration'")
    unknown = set(spec) - {"params", "y0", "duration"}
    if unknown:
        raise SimulationError(f"preequilibrate: unknown keys {sorted(unknown)}; "
                              "use 'params', 'y0', 'duration'")
    extra = {}
    for name, v in (spec.get("params") or {}).items():
        if name not in cm.parameters:
            raise _unknown("parameter", name, cm.parameters)
        extra[("params", name)] = v
    for name, v in (spec.get("y0") or {}).items():
        if name not in cm.species:
            raise _unknown("species", name, cm.species)
        extra[("y0", name)] = v
    duration = spec.get("duration")
    if duration is not None and not float(duration) > 0:
        raise SimulationError(f"preequilibrate duration must be > 0; got {duration}")
    return spec, extra


def preequilibrate_states(cm, model, duration, extra_flat, P_full, rtol, atol, method):
    """States of cells at rest (or after a pre-incubation of ``duration``) before ``t = 0``.

    ``extra_flat`` maps ("params"|"y0", name) to per-set values of the conditions during
    pre-equilibration. Returns (Y0, status).
    """
    from ._inputs import _nonnegative_required
    from ._simulate import initial_states, run_kernel

    n_sets = P_full.shape[0]
    P_pre = P_full.copy()
    y_pre = {}
    for (kind, name), v in extra_flat.items():
        if kind == "params":
            if np.any(v < 0) and _nonnegative_required(model, name, "parameter"):
                raise SimulationError(f"preequilibrate: parameter {name!r} must not be negative")
            P_pre[:, cm.parameters.index(name)] = v
        else:
            if np.any(v < 0):
                raise SimulationError(f"preequilibrate: initial concentration of {name!r} "
                                      "must not be negative")
            y_pre[name] = v
    Y = initial_states(cm, model, P_pre, y_pre)
    if duration is None:
        status, _ = _steady_kernel(cm, Y, P_pre, min(rtol, 1e-8), atol, 50, DEFAULT_T_MAX,
                                   100_000, "auto")
        return Y, status
    ev = (np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    Y_OUT, status, _ = run_kernel(cm, method, np.array([0.0, float(duration)]), Y, P_pre, ev,
                                  np.zeros((n_sets, 0)), rtol, atol, None, None, 100_000)
    return np.ascontiguousarray(Y_OUT[:, -1, :]), status
