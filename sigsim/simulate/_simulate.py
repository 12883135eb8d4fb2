"""``sigsim.simulate``: validate inputs, allocate outputs, call the compiled entry points."""

from __future__ import annotations

import contextlib
import warnings

import numba
import numpy as np

from ..codegen import call_entry
from ..codegen._zero import no_lu_factor_lanes, no_lu_solve_lanes
from ..errors import SimulationError
from ..solvers._lanes import LANE_WIDTH
from ..solvers._status import LINEAR_SOLVER, SUCCESS
from ..solvers._tableaus import EXPLICIT, ROSENBROCK
from ._compiled import compile_model
from ._doses import build_events, merge_events, model_events
from ._inputs import as_sets, as_times, as_tolerance
from ._results import Result, status_message
from ._scipy import SCIPY_METHODS, scipy_solve
from ._steady import parse_preequilibration, preequilibrate_states

#: Stiff method used by ``method="auto"``.
DEFAULT_METHOD = "rodas5p"
#: The compiled variable-order BDF (sigsim.solvers._bdf).
BDF_METHODS = ("bdf",)
METHODS = (("auto",) + tuple(ROSENBROCK) + BDF_METHODS + tuple(EXPLICIT)
           + tuple(SCIPY_METHODS))
N_STATS = 8
#: Batches smaller than this many sets per thread run on the calling thread only.
MIN_SETS_PER_THREAD = 4
#: Sets per compiled call when progress is reported.
CHUNK_SETS = 2048
#: Batches of at least this many sets per thread run on the lane-batched Rosenbrock kernel
#: (sigsim.solvers._lanes), which advances ``LANE_WIDTH`` sets side by side.
MIN_SETS_FOR_LANES = LANE_WIDTH // 2
#: Batches of at least this many sets use the model's printed lane LU (sigsim.codegen._lu:
#: two to three times faster than the generic one, compiled once per model in seconds).
PRINTED_LU_MIN_SETS = 512
#: ``progress=None`` shows a progress bar from this many sets on.
AUTO_PROGRESS_SETS = 20_000


class SimulationWarning(UserWarning):
    """Some parameter sets of a batch failed; their outputs are NaN."""


@contextlib.contextmanager
def _threads(n):
    if n is None:
        yield
        return
    n = int(n)
    if not 1 <= n <= numba.config.NUMBA_NUM_THREADS:
        raise SimulationError(f"threads must be between 1 and {numba.config.NUMBA_NUM_THREADS}")
    old = numba.get_num_threads()
    numba.set_num_threads(n)
    try:
        yield
    finally:
        numba.set_num_threads(old)


def _method(method):
    m = str(method).lower()
    if m == "auto":
        return DEFAULT_METHOD
    if m not in METHODS:
        raise SimulationError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    return m


def initial_states(cm, model, P, y_over):
    """Initial states of each set: defaults, overrides, then expression initials."""
    n_sets = P.shape[0]
    Y = np.empty((n_sets, cm.n))
    # expression initials are evaluated by the compiled ``initial`` below (NaN until then:
    # evaluating them with sympy here cost about 2 ms per call)
    Y[:] = model.initial_numbers(expressions=np.nan)
    fixed = np.zeros(cm.n, dtype=np.bool_)
    for s, v in y_over.items():
        i = cm.species.index(s)
        Y[:, i] = v
        fixed[i] = True
    if cm.expression_initials:
        call_entry("initial_batch", cm.module.initial, P, Y, fixed)
        if not np.all(np.isfinite(Y)):
            bad = [cm.species[i] for i in np.where(~np.all(np.isfinite(Y), axis=0))[0]]
            raise SimulationError(f"initial values of {bad} are not finite for some parameter sets")
        neg = [cm.species[i] for i in np.where(np.any(Y < 0, axis=0))[0]]
        if neg:
            raise SimulationError(f"initial values of {neg} evaluate to negative concentrations")
    return Y


def run_kernel(cm, method, t_out, Y0, P_full, ev, EV_VAL, rtol, atol_vec, first_step, max_step,
               max_steps, linear_solver="auto", progress=None, state_events=None):
    """Integrate every set; returns (Y_OUT, STATUS, STATS).

    Large batches run in chunks of ``CHUNK_SETS`` compiled calls so that ``progress`` (a
    callable ``progress(done, total)``) can report between them.
    """
    n_sets = Y0.shape[0]
    Y_OUT = np.empty((n_sets, len(t_out), cm.n))
    STATUS = np.zeros(n_sets, dtype=np.int64)
    STATS = np.zeros((n_sets, N_STATS), dtype=np.int64)
    h0 = float(first_step or 0.0)
    hmax = float(max_step or 0.0)
    step = CHUNK_SETS if progress is not None else max(n_sets, 1)
    for a in range(0, n_sets, step):
        b = min(a + step, n_sets)
        # waking worker threads costs more than a small batch gains from them
        with _threads(1 if b - a < MIN_SETS_PER_THREAD * numba.get_num_threads() else None):
            _dispatch(cm, method, t_out, Y0[a:b], P_full[a:b], ev, EV_VAL[a:b], rtol, atol_vec,
                      h0, hmax, max_steps, linear_solver, Y_OUT[a:b], STATUS[a:b], STATS[a:b],
                      state_events)
        if progress is not None:
            progress(b, n_sets)
    return Y_OUT, STATUS, STATS


class _ProgressBar:
    """A one-line progress bar on stderr (no dependency needed)."""

    def __init__(self, label, width=30):
        import sys
        import time

        self._out, self._time, self.label, self.width = sys.stderr, time.perf_counter, label, width
        self._t0 = self._time()

    def __call__(self, done, total):
        frac = done / total if total else 1.0
        bar = "#" * int(self.width * frac)
        elapsed = self._time() - self._t0
        eta = elapsed * (1 - frac) / frac if frac > 0 else float("nan")
        self._out.write(f"\r{self.label} [{bar:<{self.width}}] {done}/{total} sets, "
                        f"{elapsed:.1f} s elapsed, ~{eta:.0f} s left ")
        if done >= total:
            self._out.write("\n")
        self._out.flush()


_TABLEAU_ARRAYS: dict = {}


def _tableau_arrays(method):
    """The kernels' ``tab`` argument of ``method``, built once (the kernels only read it)."""
    tab = _TABLEAU_ARRAYS.get(method)
    if tab is None:
        tab = _TABLEAU_ARRAYS[method] = (ROSENBROCK.get(method) or EXPLICIT[method]).arrays()
    return tab


def _rerun_dense(entry, head, common, Y_OUT, STATUS, STATS):
    """The sparse LU does not pivot: rerun the sets that met a bad pivot (``LINEAR_SOLVER``)
    with the dense, pivoted entry point ``entry`` (arguments ``head``, then ``common``, the
    batch arguments from ``t_out`` to ``max_steps``, with the per-set rows taken)."""
    redo = np.flatnonzero(STATUS == LINEAR_SOLVER)
    if not redo.size:
        return
    t_out, Y0, P_full, ev_t, ev_kind, ev_idx, EV_VAL, *rest = common
    Y_r, ST_r, STS_r = Y_OUT[redo], STATUS[redo], np.zeros_like(STATS[redo])
    call_entry(entry, *head, t_out, Y0[redo], P_full[redo], ev_t, ev_kind, ev_idx,
               EV_VAL[redo], *rest, Y_r, ST_r, STS_r)
    Y_OUT[redo], STATUS[redo], STATS[redo] = Y_r, ST_r, STATS[redo] + STS_r


def _dispatch(cm, method, t_out, Y0, P_full, ev, EV_VAL, rtol, atol_vec, h0, hmax, max_steps,
              linear_solver, Y_OUT, STATUS, STATS, state_events=None):
    ev_t, ev_kind, ev_idx = ev
    n_sets = Y0.shape[0]
    mod = cm.module
    common = (t_out, Y0, P_full, ev_t, ev_kind, ev_idx, EV_VAL, rtol, atol_vec, h0, hmax,
              int(max_steps))
    if method in ROSENBROCK:
        tab = _tableau_arrays(method)
        threads = max(1, min(numba.get_num_threads(), n_sets))
        per_thread = -(-n_sets // threads)
        # "auto" is the sparse LU for every system size: large batches then take the lane
        # kernel, whose unpivoted LU serves small dense systems too (measured on the 3-state
        # tumor model, 3,000 sets: 7x the throughput of the pivoted dense kernel set by set),
        # and a single run is the same computation as its set in a batch (bit for bit); sets
        # that meet a bad pivot are rerun dense below
        cm.use_dense(linear_solver)                 # checks the name
        dense = linear_solver == "dense"
        lanes = per_thread >= MIN_SETS_FOR_LANES and not dense
        if dense:
            call_entry("rosenbrock_dense_batch", mod.rhs, mod.jac, mod.dfdt, tab, cm.jac_rows,
                       cm.jac_cols, *common, Y_OUT, STATUS, STATS)
            return
        if lanes:
            # the model's printed lane LU is two to three times faster than the generic one
            # but compiles in seconds per model: worth it for large batches only
            printed = n_sets >= PRINTED_LU_MIN_SETS and getattr(mod, "LANE_LU", False)
            if printed:
                factor_l, solve_l = mod.lu_factor_lanes, mod.lu_solve_lanes
            else:
                factor_l, solve_l = no_lu_factor_lanes, no_lu_solve_lanes
            call_entry("rosenbrock_lanes_batch", mod.rhs, mod.rhs_lanes, mod.jac_lanes,
                       mod.dfdt_lanes, factor_l, solve_l, bool(mod.HAS_TIME), printed, tab,
                       cm.sparse_lu.arrays, *common, Y_OUT, STATUS, STATS, chunks_per_thread=1)
        elif mod.LU_SIZE:
            # the model's own printed substitutions (sigsim.codegen._lu)
            call_entry("rosenbrock_gen_batch", mod.rhs, mod.jac, mod.dfdt, mod.lu_solve, tab,
                       cm.sparse_lu.arrays, *common, Y_OUT, STATUS, STATS)
        else:
            call_entry("rosenbrock_batch", mod.rhs, mod.jac, mod.dfdt, tab, cm.sparse_lu.arrays,
                       *common, Y_OUT, STATUS, STATS)
        _rerun_dense("rosenbrock_dense_batch", (mod.rhs, mod.jac, mod.dfdt, tab, cm.jac_rows,
                                                 cm.jac_cols), common, Y_OUT, STATUS, STATS)
    elif method in BDF_METHODS:
        if cm.use_dense(linear_solver):
            call_entry("bdf_dense_batch", mod.rhs, mod.jac, cm.jac_rows, cm.jac_cols, *common,
                       Y_OUT, STATUS, STATS)
            return
        if mod.LU_SIZE and n_sets >= PRINTED_LU_MIN_SETS and getattr(mod, "LANE_LU", False):
            # large batches: also the model's printed factorization (compiled once per model
            # in seconds; the BDF factorizes tens of times per set)
            call_entry("bdf_genf_batch", mod.rhs, mod.jac, mod.lu_solve, mod.lu_factor,
                       cm.sparse_lu.arrays, *common, Y_OUT, STATUS, STATS)
        elif mod.LU_SIZE:
            call_entry("bdf_gen_batch", mod.rhs, mod.jac, mod.lu_solve, cm.sparse_lu.arrays,
                       *common, Y_OUT, STATUS, STATS)
        else:
            call_entry("bdf_batch", mod.rhs, mod.jac, cm.sparse_lu.arrays, *common, Y_OUT,
                       STATUS, STATS)
        _rerun_dense("bdf_dense_batch", (mod.rhs, mod.jac, cm.jac_rows, cm.jac_cols), common,
                     Y_OUT, STATUS, STATS)
    elif method in EXPLICIT:
        call_entry("rk_batch", mod.rhs, _tableau_arrays(method), t_out, Y0, P_full, ev_t,
                   ev_kind, ev_idx, EV_VAL, rtol, atol_vec, h0, hmax, int(max_steps), Y_OUT,
                   STATUS, STATS)
    else:
        for i in range(n_sets):
            STATUS[i] = scipy_solve(cm.module, method, t_out, Y0[i], P_full[i], ev_t, ev_kind,
                                    ev_idx, EV_VAL[i], rtol, atol_vec, hmax, Y_OUT[i], STATS[i],
                                    state_events)


def simulate(model, t, params=None, y0=None, doses=None, method="auto", rtol=1e-6, atol=1e-9,
             preequilibrate=False, max_steps=100_000, first_step=None, max_step=None,
             threads=None, linear_solver="auto", on_failure="warn", progress=None):
    """Simulate a model for one or many parameter sets.

    Parameters
    ----------
    model : sigsim.Model
    t : float or array_like
        Output times (non-decreasing; integration starts at ``t[0]``), or an end time ``T``
        meaning ``[0, T]``; in the model's time unit.
    params : dict or array_like, optional
        Parameter overrides ``{name: value or array}`` (arrays broadcast against each other and
        against array-valued ``y0`` entries and dose amounts, giving a batch of parameter
        sets), or an ``(n_sets, n_parameters)`` matrix in ``model.parameter_names`` order.
    y0 : dict, optional
        Initial concentrations ``{species: value or array}``. With ``preequilibrate`` they
        are applied after pre-equilibration (a stimulus added to cells at rest).
    doses : list of Bolus, Infusion, SetParameter, optional
        Events at given times. An output time equal to a dose time reports the state just
        after the dose.
    method : str
        ``"auto"`` (= ``"rodas5p"``), ``"rodas5p"``, ``"rodas4"`` (stiff, Rosenbrock; large
        batches run lane-vectorized), ``"bdf"`` (stiff, compiled variable-order BDF: cheaper
        single runs, global errors of tens to hundreds of tolerance units as CVODE's),
        ``"tsit5"``, ``"dopri5"`` (explicit), or ``"scipy-radau"``, ``"scipy-bdf"``,
        ``"scipy-lsoda"`` (scipy's ``solve_ivp`` on the same compiled functions).
    rtol, atol : float
        Relative and absolute tolerances; ``atol`` may be per species (sequence, or dict
        with an optional ``"default"``).
    preequilibrate : bool or dict
        ``True``: start from the steady state of the model (with ``params``, without the
        ``y0`` stimulus). A dict ``{"params": {...}, "y0": {...}, "duration": T}`` sets
        conditions during pre-equilibration; with ``duration`` the model is integrated for
        that time (for example a drug pre-incubation) instead of solved for steady state.
    max_steps : int
        Step limit per parameter set.
    first_step, max_step : float, optional
        Initial and maximal step size (automatic by default).
    threads : int, optional
        Number of threads for the batch (default: all cores).
    linear_solver : {"auto", "sparse", "dense"}
        Linear algebra. ``"auto"``: for the Rosenbrock methods the sparse LU without
        pivoting (the model's printed substitutions; large batches on the lane kernel), whose
        sets that meet a bad pivot are rerun with the dense LU; for ``"bdf"`` the dense LU
        with partial pivoting for small or dense systems (at most 6 states, or Jacobians more
        than half full), the sparse LU otherwise. ``"dense"`` and ``"sparse"`` force one.
    on_failure : {"warn", "raise", "ignore"}
        What to do when some parameter sets fail (their outputs are NaN in every case).
    progress : bool, callable or None
        Progress bar on stderr for large batches (``None``: from 20,000 sets on), or a
        callable ``progress(done, total)`` called after each chunk of sets.

    Returns
    -------
    Result
    """
    if on_failure not in ("warn", "raise", "ignore"):
        raise SimulationError(f"on_failure must be 'warn', 'raise' or 'ignore'; got {on_failure!r}")
    method = _method(method)
    state_events = None
    if getattr(model, "state_events", None):
        if method not in SCIPY_METHODS:
            raise SimulationError(
                f"model {model.name!r} has state-triggered events "
                f"({', '.join(e.name for e in model.state_events)}), which only the scipy "
                f"methods locate; use method='scipy-radau', 'scipy-bdf' or 'scipy-lsoda'")
        if preequilibrate is not False and preequilibrate is not None:
            raise SimulationError(f"model {model.name!r} has state-triggered events; "
                                  f"pre-equilibration is not supported with them")
    rtol = float(rtol)
    if not 0 < rtol < 1:
        raise SimulationError(f"rtol must be in (0, 1); got {rtol}")
    cm = compile_model(model)
    t_out = as_times(t)
    atol_vec = as_tolerance(atol, cm.species)
    const = {s for s, c in zip(cm.species, cm.constant) if c}
    ev_t, ev_kind, ev_idx, ev_values = build_events(doses, cm.species, cm.parameters, const)
    pre_extra = {}
    if preequilibrate is not False and preequilibrate is not None:
        pre_spec, pre_extra = parse_preequilibration(preequilibrate, cm)
    shape, P, y_over, EV_VAL, pre_flat = as_sets(model, params, y0, ev_values, cm.parameters,
                                                 cm.species, extra=pre_extra)
    n_sets = P.shape[0]
    P_full = np.zeros((n_sets, cm.n_param_slots))
    P_full[:, :len(cm.parameters)] = P
    pre_status = np.zeros(n_sets, dtype=np.int64)
    with _threads(threads):
        if preequilibrate is not False and preequilibrate is not None:
            Y0, pre_status = preequilibrate_states(cm, model, pre_spec.get("duration"), pre_flat,
                                                   P_full, rtol, atol_vec, method)
            for s, v in y_over.items():
                Y0[:, cm.species.index(s)] = v
        else:
            Y0 = initial_states(cm, model, P_full, y_over)
        ev = (ev_t, ev_kind, ev_idx)
        if getattr(model, "events", None):
            mev = model_events(model, cm.species, cm.parameters, P, float(t_out[0]))
            ev, EV_VAL = merge_events(ev, EV_VAL, mev[:3], mev[3])
            ev_t, ev_kind, ev_idx = ev
        if progress is None:
            progress = n_sets >= AUTO_PROGRESS_SETS
        if progress is True:
            progress = _ProgressBar(f"{cm.name} ({method})")
        if getattr(model, "state_events", None):
            from ._state_events import StateEvents

            state_events = StateEvents(model, cm.species, cm.parameters)
        Y_OUT, STATUS, STATS = run_kernel(cm, method, t_out, Y0, P_full, ev, EV_VAL, rtol,
                                          atol_vec, first_step, max_step, max_steps,
                                          linear_solver, progress=progress or None,
                                          state_events=state_events)
    failed_pre = pre_status != SUCCESS
    STATUS[failed_pre] = pre_status[failed_pre]
    Y_OUT[failed_pre] = np.nan

    def derived_fn(Y):
        out = np.empty(Y.shape[:2] + (len(cm.derived),))
        call_entry("trajectory_batch", cm.module.derived, t_out, Y, P_full, ev_t, ev_kind, ev_idx,
                   EV_VAL, out)
        return out

    res = Result(model_name=cm.name, t=t_out, y=Y_OUT, species=cm.species,
                 parameters=cm.parameters, params=P, shape=shape, status=STATUS, stats=STATS,
                 method=method, rtol=rtol, atol=atol_vec, derived_names=cm.derived,
                 derived_fn=derived_fn, time_unit=getattr(model, "time_unit", None),
                 species_units={s: model.species_info(s).unit for s in cm.species})
    _report_failures(res, on_failure)
    return res


def _report_failures(res, on_failure):
    bad = np.flatnonzero(res.status != SUCCESS)
    if bad.size == 0 or on_failure == "ignore":
        return
    first = int(bad[0])
    text = (f"{bad.size} of {res.n_sets} parameter set(s) of model {res.model_name!r} failed "
            f"(first: set {first}, {status_message(res.status[first])}); their outputs are NaN")
    if on_failure == "raise":
        raise SimulationError(text)
    warnings.warn(text, SimulationWarning, stacklevel=3)
