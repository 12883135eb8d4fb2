"""Run the SBML semantic test suite's time-course cases through sigsim.

Each case of the suite (one SBML file, settings, expected trajectories and tags) is imported
with :func:`sigsim.read_sbml`, simulated, and compared with the expected results under the
case's own tolerances: a point passes when ``|C - U| <= absolute + relative*|C|`` (an expected
NaN or infinity needs the same non-finite value); a case passes when every point does.

Outcomes
--------
``passed``
    every point within tolerance;
``failed``
    wrong numbers (the worst point is reported: variable, time, expected, got);
``refused``
    :func:`sigsim.read_sbml` raised :class:`sigsim.ModelError` (an element sigsim does not
    simulate, named with its id);
``error``
    anything else (a bug in the importer, the runner or the solver, or a time-out).

Two ways to simulate
--------------------
``fast`` (default)
    The model's generated module (:func:`sigsim.codegen.generate`, the same source text the
    compiled path uses) is executed as plain Python, without numba, and integrated by sigsim's
    scipy backend (:func:`sigsim.simulate._scipy.scipy_solve`). Nothing is compiled, so
    thousands of small models run in minutes; nothing is kept from one case to the next.
``compiled``
    :func:`sigsim.simulate` with the numba-compiled Rosenbrock solver (a few seconds of
    compilation per new model structure). :data:`COMPILED_SAMPLE` is a small fixed set of cases
    with varied features that checks this path.

The suite is found through the environment variable ``SIGSIM_SBML_TEST_SUITE``, else in
``../shared/sbml-test-suite`` beside the repository.

Command line::

    python -m sigsim.sbml.testsuite [--cases 1-100,950] [--core-only] [--jobs N]
                                    [--compiled | --compiled-sample] [--out report.csv]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

#: Environment variable naming the suite folder (the one holding ``cases.tsv``).
ENV_VAR = "SIGSIM_SBML_TEST_SUITE"
#: Outcomes, in report order.
OUTCOMES = ("passed", "refused", "failed", "error")
#: Cases run through the compiled solver by ``--compiled-sample`` and the test suite: basic
#: mass action, non-unit compartments, function definitions, a state-triggered event (scipy
#: LSODA on the compiled functions), factorial (gamma of ceil: a discontinuous right-hand side),
#: rate and assignment rules, initial assignments, two compartments, hasOnlySubstanceUnits,
#: constant and boundary species, time in math, a time-triggered event.
COMPILED_SAMPLE = ("00001", "00021", "00025", "00026", "00028", "00031", "00036", "00038",
                   "00055", "00060", "00063", "00118", "00851", "00928")
#: Seconds a single case may take before it counts as an error (time-out).
DEFAULT_TIMEOUT_S = 30.0


# ---------------------------------------------------------------------------- the suite on disk
def suite_root(path=None) -> Path | None:
    """The suite folder: ``path``, else ``$SIGSIM_SBML_TEST_SUITE``, else
    ``../shared/sbml-test-suite`` beside the repository; None when it has no ``cases.tsv``."""
    if path is None:
        path = os.environ.get(ENV_VAR)
    if path is None:
        repo = Path(__file__).resolve().parents[2]
        path = repo.parent / "shared" / "sbml-test-suite"
    p = Path(path).expanduser()
    return p if (p / "cases.tsv").is_file() else None


@dataclass(frozen=True)
class Case:
    """One row of ``cases.tsv``."""

    id: str
    folder: Path
    sbml_file: str
    component_tags: tuple
    test_tags: tuple
    packages: tuple
    core_ode: bool
    has_events: bool

    @property
    def sbml_path(self) -> Path:
        return self.folder / self.sbml_file


def _split(text):
    return tuple(s.strip() for s in text.split(",") if s.strip())


def load_cases(root) -> list:
    """All cases listed in ``root/cases.tsv``, in case order."""
    root = Path(root)
    cases = []
    with open(root / "cases.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            cid = row["case"].strip()
            cases.append(Case(cid, root / "semantic" / cid, row["sbml_file"].strip(),
                              _split(row["componentTags"]), _split(row["testTags"]),
                              _split(row["packages"]), row["core_ode"].strip() == "yes",
                              row["has_events"].strip() == "yes"))
    return cases


def select_cases(cases, spec=None, core_only=False) -> list:
    """Cases whose number is in ``spec`` (``"1-100,950,01344"``; None: all), optionally only
    the ``core_ode`` ones."""
    if spec:
        wanted = set()
        for part in str(spec).replace(" ", "").split(","):
            if not part:
                continue
            if "-" in part:
                a, b = part.split("-", 1)
                wanted.update(range(int(a), int(b) + 1))
            else:
                wanted.add(int(part))
        cases = [c for c in cases if int(c.id) in wanted]
    if core_only:
        cases = [c for c in cases if c.core_ode]
    return cases


@dataclass(frozen=True)
class Settings:
    """A case's ``settings.txt``."""

    start: float
    duration: float
    steps: int
    variables: tuple
    absolute: float
    relative: float
    amount: tuple
    concentration: tuple

    @property
    def times(self) -> np.ndarray:
        return self.start + np.arange(self.steps + 1) * (self.duration / self.steps)


def read_settings(case) -> Settings:
    """Parse ``NNNNN-settings.txt`` of ``case``."""
    kv = {}
    for line in (case.folder / f"{case.id}-settings.txt").read_text().splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            kv[k.strip().lower()] = v.strip()
    return Settings(start=float(kv.get("start", 0) or 0), duration=float(kv["duration"]),
                    steps=int(float(kv["steps"])), variables=_split(kv.get("variables", "")),
                    absolute=float(kv["absolute"]), relative=float(kv["relative"]),
                    amount=_split(kv.get("amount", "")),
                    concentration=_split(kv.get("concentration", "")))


def _number(text):
    t = text.strip().lower()
    if t in ("inf", "+inf", "infinity"):
        return math.inf
    if t in ("-inf", "-infinity"):
        return -math.inf
    return float(t)     # also "nan"


def read_expected(case):
    """Expected results of ``case``: (times, column names, values (n_times, n_columns))."""
    with open(case.folder / f"{case.id}-results.csv", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and any(x.strip() for x in r)]
    header = [h.strip() for h in rows[0]]
    data = np.array([[_number(x) for x in r] for r in rows[1:]], dtype=float)
    return data[:, 0], header[1:], data[:, 1:]


# ---------------------------------------------------------------------------- comparison
def compare(expected, got, absolute, relative):
    """Check ``got`` against ``expected`` (same shape) with the suite's rule.

    Returns
    -------
    ok : bool
    worst : tuple or None
        ``(row, column, excess)`` of the worst point, where ``excess`` is
        ``|C - U| / (absolute + relative*|C|)`` (inf for a non-finite mismatch); None when
        there are no points.
    """
    C = np.asarray(expected, dtype=float)
    U = np.asarray(got, dtype=float)
    if C.size == 0:
        return True, None
    with np.errstate(invalid="ignore", over="ignore"):
        fin = np.isfinite(C)
        err = np.where(fin, np.abs(C - U) / (absolute + relative * np.abs(C)), 0.0)
        err = np.where(fin & ~np.isfinite(U), np.inf, err)
        same_nonfinite = (np.isnan(C) & np.isnan(U)) | (np.isinf(C) & (C == U))
        err = np.where(~fin & ~same_nonfinite, np.inf, err)
    flat = int(np.argmax(err))
    r, c = divmod(flat, C.shape[1])
    return bool(np.all(err <= 1.0)), (r, c, float(err[r, c]))


# ---------------------------------------------------------------------------- case results
@dataclass
class CaseResult:
    """Outcome of one case."""

    case: Case
    outcome: str
    message: str = ""
    seconds: float = 0.0
    path: str = "fast"
    worst: dict = field(default_factory=dict)   # variable, time, expected, got, excess
    timed_out: bool = False                     # an error because the time limit was reached

    def row(self) -> dict:
        w = self.worst
        return {"case": self.case.id, "outcome": self.outcome, "path": self.path,
                "seconds": f"{self.seconds:.3f}", "variable": w.get("variable", ""),
                "time": w.get("time", ""), "expected": w.get("expected", ""),
                "got": w.get("got", ""), "excess": w.get("excess", ""),
                "timed_out": "yes" if self.timed_out else "",
                "message": self.message.replace("\n", " ")[:500],
                "testTags": ",".join(self.case.test_tags),
                "componentTags": ",".join(self.case.component_tags)}


# ---------------------------------------------------------------------------- simulation
_NJIT_IMPORT = "from numba import njit\n"
_NJIT_STUB = "def njit(*args, **kwargs):  # plain Python: the runner's fast path\n    " \
             "return lambda f: f\n"
_MATH_IMPORT = "import math\n"
_FLAT_IMPORT = "from sigsim.solvers._jit import merge_last_axes\n"
_FLAT_PLAIN = "from sigsim.solvers._jit import merge_last_axes_plain as merge_last_axes\n"


def _nan_on_domain_error(fn):
    """``fn`` returning NaN where Python's math raises a domain error and +-inf where it
    overflows, as the numba-compiled functions do (the solver then rejects the step)."""
    def wrapped(*args):
        try:
            return fn(*args)
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf
    wrapped.__name__ = getattr(fn, "__name__", "f")
    return wrapped


#: ``math`` for generated code run as plain Python: numba semantics for domain errors.
_MATH = SimpleNamespace(**{k: (_nan_on_domain_error(v) if callable(v) else v)
                           for k, v in vars(math).items() if not k.startswith("_")})


def python_module(model):
    """The model's generated module executed as plain Python (numba's ``njit`` replaced by
    the identity), as a namespace with ``rhs``, ``jac``, ``derived``, ``fluxes``, ``initial``,
    ``JAC_ROWS`` and ``JAC_COLS``. Nothing is written to disk or cached.

    ``math`` functions return NaN (domain errors) or inf (overflow) instead of raising, as the
    compiled functions do.
    """
    from ..codegen import generate

    model.validate()
    text = generate(model).text
    if _NJIT_IMPORT not in text or _MATH_IMPORT not in text:
        raise RuntimeError("generated module lacks the 'from numba import njit' or "
                           "'import math' line; update sigsim.sbml.testsuite.python_module")
    text = text.replace(_NJIT_IMPORT, _NJIT_STUB, 1).replace(_MATH_IMPORT, "", 1)
    text = text.replace(_FLAT_IMPORT, _FLAT_PLAIN, 1)
    ns = {"__name__": f"sigsim_python_{model.digest()[:16]}", "math": _MATH}
    exec(compile(text, f"<sigsim generated module of {model.name!r}>", "exec"), ns)
    return SimpleNamespace(**ns)


@dataclass
class Trajectory:
    """Values of every sigsim name of a model at the output times."""

    t: np.ndarray
    values: dict        # name -> (n_times,) array

    def __getitem__(self, name):
        return self.values[name]


def _event_arrays(model, doses, p, t0):
    """Event table of ``doses`` and of the model's own timed events (:meth:`Model.event`),
    merged as :func:`sigsim.simulate` does, for one parameter set ``p``."""
    from ..simulate._doses import build_events

    species, params = model.species_names, model.parameter_names
    const = {s for s in species if model.species_info(s).constant}
    ev_t, ev_kind, ev_idx, vals = build_events(doses, species, params, const)
    ev_val = np.array([[float(np.asarray(v, dtype=float).reshape(-1)[0]) for v in vals]])
    ev_val = ev_val.reshape(1, len(vals))
    if getattr(model, "events", None):
        from ..simulate._doses import merge_events, model_events

        P = np.asarray(p[:len(params)], dtype=float)[None, :]
        mev = model_events(model, species, params, P, float(t0))
        (ev_t, ev_kind, ev_idx), ev_val = merge_events((ev_t, ev_kind, ev_idx), ev_val,
                                                       mev[:3], mev[3])
    return ev_t, ev_kind, ev_idx, np.ascontiguousarray(ev_val[0], dtype=float)


def _parameter_path(p0, t_out, ev_t, ev_kind, ev_idx, ev_val):
    """Parameter vector at each output time (events at an output time count as applied)."""
    from ..simulate._doses import EV_SET_PARAM

    P = np.empty((len(t_out), len(p0)))
    p = p0.copy()
    k = 0
    for j, tj in enumerate(t_out):
        while k < len(ev_t) and ev_t[k] <= tj:
            if ev_kind[k] == EV_SET_PARAM:
                p[ev_idx[k]] = ev_val[k]
            k += 1
        P[j] = p
    return P


def _tabulate(model, mod, t_out, Y, P, derived=None):
    """Species, parameters, assignments, observables and reaction fluxes at each output time,
    from the state trajectory ``Y`` and parameter path ``P`` (``mod``: rhs module functions)."""
    species, params = model.species_names, model.parameter_names
    dnames = [a for a, _ in model.assignments] + [o for o, _ in model.observables]
    rnames = [r.name for r in model.reactions]
    n_t = len(t_out)
    if derived is None:
        derived = np.zeros((n_t, len(dnames)))
        if dnames:
            out = np.empty(len(dnames))
            for j in range(n_t):
                mod.derived(float(t_out[j]), Y[j], P[j], out)
                derived[j] = out
    W = np.zeros((n_t, len(rnames)))
    if rnames:
        w = np.empty(len(rnames))
        for j in range(n_t):
            mod.fluxes(float(t_out[j]), Y[j], P[j], w)
            W[j] = w
    values = {}
    for i, s in enumerate(species):
        values[s] = Y[:, i]
    for i, q in enumerate(params):
        values[q] = P[:, i]
    for i, d in enumerate(dnames):
        values[d] = derived[:, i]
    for i, r in enumerate(rnames):
        values[r] = W[:, i]
    return Trajectory(np.asarray(t_out, dtype=float), values)


def simulate_fast(model, t_out, doses=None, rtol=1e-10, atol=1e-12, method="scipy-lsoda"):
    """Simulate one parameter set on the plain-Python generated functions with scipy.

    Same semantics as :func:`sigsim.simulate` with a scipy method (initial expressions, dose
    events, outputs at event times after the event), without numba compilation.

    Returns
    -------
    Trajectory
    """
    from ..errors import SimulationError
    from ..simulate._scipy import scipy_solve

    mod = python_module(model)
    species = model.species_names
    n, npar = len(species), len(model.parameter_names)
    t_out = np.asarray(t_out, dtype=float)
    p = np.zeros(npar + n)
    p[:npar] = model.parameter_values()
    ev_t, ev_kind, ev_idx, ev_val = _event_arrays(model, doses, p, t_out[0])
    inits = model.initial_expressions()
    y0 = model.initial_values() if inits else model.initial_numbers()
    if inits:
        mod.initial(p, y0, np.zeros(n, dtype=np.bool_))
        # the checks of sigsim.simulate (initial_states)
        if not np.all(np.isfinite(y0)):
            raise SimulationError("initial values of "
                                  f"{[species[i] for i in np.flatnonzero(~np.isfinite(y0))]} "
                                  "are not finite")
        if np.any(y0 < 0):
            neg = [species[i] for i in np.flatnonzero(y0 < 0)]
            raise SimulationError(f"initial values of {neg} evaluate to negative concentrations")
    atol_vec = np.full(n, float(atol))
    y_out = np.empty((len(t_out), n))
    stats = np.zeros(8, dtype=np.int64)
    extra = {}
    if getattr(model, "state_events", None):
        from ..simulate._state_events import StateEvents

        extra["state_events"] = StateEvents(model, species, model.parameter_names)
    status = scipy_solve(mod, method, t_out, y0, p, ev_t, ev_kind, ev_idx, ev_val, rtol,
                         atol_vec, 0.0, y_out, stats, **extra)
    if status != 0:
        from ..simulate._results import status_message
        raise SimulationError(f"{method} failed: {status_message(status)}")
    P = _parameter_path(p, t_out, ev_t, ev_kind, ev_idx, ev_val)
    return _tabulate(model, mod, t_out, y_out, P)


def simulate_compiled(model, t_out, doses=None, rtol=1e-10, atol=1e-12, method="auto"):
    """Simulate one parameter set with :func:`sigsim.simulate` (numba-compiled solver; with
    ``method="auto"``, scipy's LSODA on the compiled functions for a model with state-triggered
    events).

    Returns
    -------
    Trajectory
    """
    from ..simulate import compile_model, simulate

    if method == "auto" and getattr(model, "state_events", None):
        method = "scipy-lsoda"      # only the scipy methods locate state-triggered events
    res = simulate(model, t_out, doses=doses, method=method, rtol=rtol, atol=atol,
                   on_failure="raise")
    cm = compile_model(model)
    p = np.zeros(len(model.parameter_names) + len(model.species_names))
    p[:len(model.parameter_names)] = res.params[0]
    ev_t, ev_kind, ev_idx, ev_val = _event_arrays(model, doses, p, res.t[0])
    P = _parameter_path(p, res.t, ev_t, ev_kind, ev_idx, ev_val)
    return _tabulate(model, cm.module, res.t, res.y[0], P, derived=res.derived[0])


# ---------------------------------------------------------------------------- running a case
class CaseTimeout(BaseException):
    """A case ran past its time limit (a BaseException, so no ``except Exception`` in the
    code under test swallows it)."""


class _time_limit:
    """Raise :class:`CaseTimeout` after ``seconds`` (SIGALRM; only in a main thread)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.active = False

    def _fire(self, signum, frame):
        raise CaseTimeout(f"time limit of {self.seconds:g} s exceeded")

    def __enter__(self):
        import threading

        if (self.seconds and self.seconds > 0 and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()):
            self._old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds))
            self.active = True
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0.0)
            signal.signal(signal.SIGALRM, self._old)
        return False


def _tolerances(settings):
    """Solver tolerances 1000 times tighter than the case's comparison tolerances (measured
    on the core_ode cases: the worst passing point then uses 0.22 of its allowed error)."""
    rtol = min(1e-8, settings.relative * 1e-3)
    atol = max(settings.absolute * 1e-3, 1e-20)
    return rtol, atol


def run_case(case, path="fast", timeout=DEFAULT_TIMEOUT_S) -> CaseResult:
    """Import, simulate and compare one case.

    Parameters
    ----------
    case : Case
    path : {"fast", "compiled"}
        Plain-Python generated functions with scipy, or the numba-compiled solver.
    timeout : float
        Seconds before the case counts as an error (0: no limit).
    """
    from ..errors import ModelError
    from . import read_sbml

    t0 = time.perf_counter()

    def done(outcome, message="", worst=None, timed_out=False):
        return CaseResult(case, outcome, message, time.perf_counter() - t0, path, worst or {},
                          timed_out)

    stage = "reading the case files"
    timeout = float(timeout or 0)
    try:
        with _time_limit(timeout), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            settings = read_settings(case)
            times, names, expected = read_expected(case)
            stage = "import"
            try:
                model = read_sbml(str(case.sbml_path))
            except ModelError as e:
                return done("refused", str(e))
            stage = "simulation"
            got = simulate_case(model, settings, times, names, path)
            stage = "comparison"
            ok, worst = compare(expected, got, settings.absolute, settings.relative)
    except CaseTimeout as e:
        return done("error", f"{stage}: {e}", timed_out=True)
    except Exception as e:  # noqa: BLE001 - every other exception is a bug to report
        tb = traceback.extract_tb(e.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        return done("error", f"{stage}: {type(e).__name__}: {e}{where}")
    if worst is None:
        return done("passed")
    r, c, excess = worst
    info = {"variable": names[c], "time": float(times[r]), "expected": float(expected[r, c]),
            "got": float(got[r, c]), "excess": excess}
    if ok:
        return done("passed", worst=info)
    return done("failed", f"{names[c]} at t={times[r]:g}: expected {expected[r, c]:.10g}, got "
                f"{got[r, c]:.10g} ({excess:.3g} x the allowed error)", info)


def simulate_case(model, settings, times, names, path="fast"):
    """Simulate ``model`` at ``times`` and return the columns ``names`` (n_times, n_names)
    in the units the case asks for."""
    from ..errors import SimulationError

    model, plan = prepare_outputs(model, settings, names)
    rtol, atol = _tolerances(settings)
    if path == "fast":
        try:
            traj = simulate_fast(model, times, rtol=rtol, atol=atol)
        except SimulationError:
            # LSODA gives up on some discontinuous right-hand sides (a step lands on a pole
            # of gamma(ceil(x))); scipy's BDF rejects such steps and goes on, as rodas5p does
            traj = simulate_fast(model, times, rtol=rtol, atol=atol, method="scipy-bdf")
    elif path == "compiled":
        traj = simulate_compiled(model, times, rtol=rtol, atol=atol)
    else:
        raise ValueError(f"path must be 'fast' or 'compiled'; got {path!r}")
    return np.column_stack([f(traj) for f in plan]) if plan else np.zeros((len(times), 0))



# ---------------------------------------------------------------------------- SBML ids -> values
def sbml_info(model, sbml_id) -> dict:
    """How the imported ``model`` represents SBML id ``sbml_id`` (``model.sbml_info``, set by
    :func:`sigsim.read_sbml`): ``kind``, ``name`` (sigsim name), ``role``, and for species
    ``quantity`` and ``compartment``."""
    table = getattr(model, "sbml_info", None)
    if table is None:
        raise KeyError("the model has no sbml_info: it was not made by sigsim.read_sbml")
    if sbml_id not in table:
        raise KeyError(f"requested variable {sbml_id!r} is not an id of the SBML model")
    return table[sbml_id]


def sigsim_name(model, sbml_id):
    """The sigsim name of an SBML id in an imported model."""
    return sbml_info(model, sbml_id)["name"]


def _unit_size(trajectory):
    return 1.0


def prepare_outputs(model, settings, names):
    """Make every requested column computable; returns ``(model, plan)``.

    ``plan`` holds one function ``f(trajectory) -> (n_times,)`` per column ``names``: species
    are converted to the amount or concentration the case asks for with their compartment's
    size at each time; compartments give their size, parameters their value, reactions the
    value of their kinetic law (added to a copy of ``model`` as an observable).
    """
    amount, conc = set(settings.amount), set(settings.concentration)
    plan, rates = [], {}

    def column(name):
        return lambda tr: np.asarray(tr[name], dtype=float)

    for sid in names:
        info = sbml_info(model, sid)
        kind = info["kind"]
        if kind == "species":
            if sid not in amount and sid not in conc:
                raise KeyError(f"species {sid!r} is in neither the amount nor the "
                               "concentration list of the settings")
            state, size = column(info["name"]), column(info["compartment"])
            if sbml_info(model, info["compartment"]).get("role") == "inlined":
                size = _unit_size     # sigsim's own export: one constant compartment of 1
            want = "amount" if sid in amount else "concentration"
            if info["quantity"] == want:
                plan.append(state)
            elif want == "amount":
                plan.append(lambda tr, a=state, b=size: a(tr) * b(tr))
            else:
                plan.append(lambda tr, a=state, b=size: a(tr) / b(tr))
        elif kind == "reaction":
            if sid not in rates:
                rates[sid] = f"sbml_rate_{len(rates) + 1}"
            plan.append(column(rates[sid]))
        else:
            plan.append(column(info["name"]))
    if rates:
        model = model.copy()
        for sid, obs in rates.items():
            model.observable(obs, sbml_info(model, sid)["law"])
    return model, plan


# ---------------------------------------------------------------------------- many cases
def _run_one(args):
    case, path, timeout = args
    return run_case(case, path, timeout)


def run_cases(cases, jobs=None, path="fast", timeout=DEFAULT_TIMEOUT_S, progress=False) -> list:
    """Run ``cases`` in ``jobs`` worker processes (default: all cores); results in case order.

    Each worker imports and simulates one case after the other; no model, generated module or
    compiled function is shared between cases.
    """
    cases = list(cases)
    jobs = max(1, min(int(jobs or os.cpu_count() or 1), max(1, len(cases))))
    # cases with events are the slow ones (scipy restarts at every event): start them first so
    # that the workers finish together
    work = sorted(((c, path, timeout) for c in cases), key=lambda w: not w[0].has_events)
    results = []
    t0 = time.perf_counter()

    def note(r):
        results.append(r)
        if progress and (len(results) % 50 == 0 or len(results) == len(work)):
            print(f"  {len(results)}/{len(work)} cases, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)

    if jobs == 1:
        for w in work:
            note(_run_one(w))
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with ctx.Pool(jobs) as pool:
            for r in pool.imap_unordered(_run_one, work, chunksize=1):
                note(r)
    order = {c.id: i for i, c in enumerate(cases)}
    results.sort(key=lambda r: order[r.case.id])
    return results


# ---------------------------------------------------------------------------- reports
def counts(results) -> dict:
    """``{"attempted": n, "passed": ..., "refused": ..., "failed": ..., "error": ...}``."""
    c = Counter(r.outcome for r in results)
    out = {"attempted": len(results)}
    out.update({k: c.get(k, 0) for k in OUTCOMES})
    return out


def counts_by_tag(results, kind="test") -> dict:
    """Counts per test tag (``kind="test"``) or component tag (``"component"``); a case
    counts once under each of its tags."""
    groups: dict = {}
    for r in results:
        tags = r.case.test_tags if kind == "test" else r.case.component_tags
        for tag in tags or ("(none)",):
            groups.setdefault(tag, []).append(r)
    return {tag: counts(rs) for tag, rs in sorted(groups.items())}


def _line(name, c, width):
    rate = f"{100.0 * c['passed'] / c['attempted']:.1f}" if c["attempted"] else "-"
    return (f"{name:<{width}} {c['attempted']:>9} {c['passed']:>7} {c['refused']:>8} "
            f"{c['failed']:>7} {c['error']:>6} {rate:>7}")


def format_table(results, by_tags=True) -> str:
    """The counts as a text table: overall, then by test tag and by component tag."""
    width = 34
    head = (f"{'':<{width}} {'attempted':>9} {'passed':>7} {'refused':>8} {'failed':>7} "
            f"{'error':>6} {'pass %':>7}")
    lines = [head, "-" * len(head), _line("all", counts(results), width)]
    if by_tags:
        for kind, title in (("test", "test tag"), ("component", "component tag")):
            lines.append(f"-- by {title}")
            for tag, c in counts_by_tag(results, kind).items():
                lines.append(_line("  " + tag, c, width))
    return "\n".join(lines)


def _reason(message):
    """A refusal message with ids and numbers blanked, to group similar refusals."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message.split("\n")[0])
    return re.sub(r"\b\d+(\.\d+)?\b", "N", text)[:140]


def format_details(results, limit=40) -> str:
    """Refusal reasons (grouped) and every failure and error (up to ``limit`` each)."""
    lines = []
    refused = Counter(_reason(r.message) for r in results if r.outcome == "refused")
    if refused:
        lines.append("refusals (grouped):")
        lines += [f"  {n:>4}  {why}" for why, n in refused.most_common(limit)]
    for kind in ("failed", "error"):
        bad = [r for r in results if r.outcome == kind]
        if bad:
            lines.append(f"{kind} ({len(bad)}):")
            lines += [f"  {r.case.id} [{r.path}] {r.message[:200]}" for r in bad[:limit]]
            if len(bad) > limit:
                lines.append(f"  ... and {len(bad) - limit} more")
    return "\n".join(lines)


def write_report(results, path) -> None:
    """One CSV row per case: outcome, worst point, message, tags."""
    rows = [r.row() for r in results]
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["case"])
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------------------- command line
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m sigsim.sbml.testsuite",
        description="Run the SBML test suite's time-course cases through sigsim.read_sbml and "
                    f"sigsim's solvers (suite folder: --suite, ${ENV_VAR} or "
                    "../shared/sbml-test-suite beside the repository).")
    ap.add_argument("--suite", help="suite folder (holding cases.tsv)")
    ap.add_argument("--cases", help="case numbers, e.g. '1-100,950,01344' (default: all)")
    ap.add_argument("--core-only", action="store_true", help="only the core_ode cases")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--compiled", action="store_true",
                      help="every case through the numba-compiled solver (slow: compiles each "
                           "model)")
    mode.add_argument("--compiled-sample", action="store_true",
                      help=f"only the fixed sample {','.join(COMPILED_SAMPLE)}, compiled")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                    help="seconds per case before it counts as an error")
    ap.add_argument("--out", help="write one CSV row per case here")
    ap.add_argument("--no-tags", action="store_true", help="print only the overall counts")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    a = ap.parse_args(argv)
    root = suite_root(a.suite)
    if root is None:
        print(f"sigsim: error: no SBML test suite found (give --suite or set {ENV_VAR} to the "
              "folder holding cases.tsv)", file=sys.stderr)
        return 2
    cases = load_cases(root)
    if a.compiled_sample:
        cases = [c for c in cases if c.id in COMPILED_SAMPLE]
    try:
        cases = select_cases(cases, a.cases, a.core_only)
    except ValueError:
        print(f"sigsim: error: bad --cases {a.cases!r}", file=sys.stderr)
        return 2
    path = "compiled" if (a.compiled or a.compiled_sample) else "fast"
    t0 = time.perf_counter()
    results = run_cases(cases, a.jobs, path, a.timeout, progress=not a.quiet)
    wall = time.perf_counter() - t0
    print(format_table(results, by_tags=not a.no_tags))
    details = format_details(results)
    if details:
        print(details)
    print(f"{len(results)} cases from {root} ({path} path) in {wall:.1f} s")
    if a.out:
        write_report(results, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
