"""Doses and other events at given times, and their translation into the kernels' event table.

Event kinds understood by the kernels: 0 adds a value to a state (bolus), 1 sets a parameter
(parameter steps and infusion rates), 2 sets a state.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..errors import ModelError, SimulationError

EV_ADD_STATE, EV_SET_PARAM, EV_SET_STATE = 0, 1, 2


def _schedule(at, every, count, what):
    at = float(at)
    if not np.isfinite(at):
        raise SimulationError(f"{what}: dose time {at} is not finite")
    count = int(count)
    if count < 1:
        raise SimulationError(f"{what}: count must be >= 1, got {count}")
    if count > 1:
        if every is None or not float(every) > 0:
            raise SimulationError(f"{what}: repeated doses (count={count}) need every > 0")
        return [at + k * float(every) for k in range(count)]
    return [at]


def _values(value, what):
    v = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(v)):
        raise SimulationError(f"{what}: value {value!r} is not finite")
    return v


@dataclass(frozen=True)
class Bolus:
    """Add ``amount`` (in the species' concentration unit) to species ``target``.

    Parameters
    ----------
    target : str
        Species name.
    amount : float or array_like
        Concentration added at each dose; an array gives one value per parameter set
        (broadcast with ``params``).
    at : float
        Time of the first dose, in the model's time unit.
    every, count : float, int
        Repeat the dose ``count`` times, ``every`` time units apart.
    """

    target: str
    amount: object
    at: float = 0.0
    every: float | None = None
    count: int = 1

    def times(self):
        return _schedule(self.at, self.every, self.count, repr(self))


@dataclass(frozen=True)
class Infusion:
    """Zero-order input into species ``target`` at ``rate`` (concentration per time unit)
    from ``start`` to ``stop``; repeated ``count`` times ``every`` time units apart.
    Overlapping infusions into one species add up."""

    target: str
    rate: object
    start: float = 0.0
    stop: float = np.inf
    every: float | None = None
    count: int = 1

    def times(self):
        return _schedule(self.start, self.every, self.count, repr(self))


@dataclass(frozen=True)
class SetParameter:
    """Set parameter ``name`` to ``value`` at time ``at`` (and again every ``every``, ``count``
    times). Use it for a step change of a rate, a drug wash-out, or a switch."""

    name: str
    value: object
    at: float = 0.0
    every: float | None = None
    count: int = 1

    def times(self):
        return _schedule(self.at, self.every, self.count, repr(self))


def build_events(doses, species, parameters, constant_species=()):
    """Translate dose objects into event arrays.

    Returns
    -------
    ev_t : float64[n_ev]
    ev_kind, ev_idx : int64[n_ev]
    values : list of arrays
        One value (scalar or array to be broadcast against the parameter sets) per event.
    """
    if doses is None:
        doses = []
    if isinstance(doses, (Bolus, Infusion, SetParameter)):
        doses = [doses]
    sidx = {s: i for i, s in enumerate(species)}
    pidx = {q: j for j, q in enumerate(parameters)}
    npar = len(parameters)
    events = []  # (time, order, kind, idx, value)
    infusions = {}
    for order, d in enumerate(doses):
        if isinstance(d, Bolus):
            if d.target not in sidx:
                raise ModelError(f"{d!r}: unknown species {d.target!r}")
            if d.target in constant_species:
                raise ModelError(f"{d!r}: species {d.target!r} is constant")
            v = _values(d.amount, repr(d))
            for tk in d.times():
                events.append((tk, order, EV_ADD_STATE, sidx[d.target], v))
        elif isinstance(d, SetParameter):
            if d.name not in pidx:
                raise ModelError(f"{d!r}: unknown parameter {d.name!r}")
            v = _values(d.value, repr(d))
            for tk in d.times():
                events.append((tk, order, EV_SET_PARAM, pidx[d.name], v))
        elif isinstance(d, Infusion):
            if d.target not in sidx:
                raise ModelError(f"{d!r}: unknown species {d.target!r}")
            if d.target in constant_species:
                raise ModelError(f"{d!r}: species {d.target!r} is constant")
            if not float(d.stop) > float(d.start):
                raise SimulationError(f"{d!r}: stop must be after start")
            v = _values(d.rate, repr(d))
            dur = float(d.stop) - float(d.start)
            for tk in d.times():
                infusions.setdefault(d.target, []).append((tk, tk + dur, v))
        else:
            raise SimulationError(f"unknown dose object {d!r}; use Bolus, Infusion or SetParameter")
    # overlapping infusions into one species: the slot holds their sum between change points
    for target, spans in infusions.items():
        points = sorted({a for a, _, _ in spans} | {b for _, b, _ in spans if np.isfinite(b)})
        for tp in points:
            total = sum((v for a, b, v in spans if a <= tp < b), np.zeros(()))
            events.append((tp, len(doses), EV_SET_PARAM, npar + sidx[target], np.asarray(total)))
    events.sort(key=lambda e: (e[0], e[1]))
    ev_t = np.array([e[0] for e in events], dtype=float)
    ev_kind = np.array([e[2] for e in events], dtype=np.int64)
    ev_idx = np.array([e[3] for e in events], dtype=np.int64)
    return ev_t, ev_kind, ev_idx, [e[4] for e in events]


@functools.lru_cache(maxsize=4096)
def _lambdified(expr):
    """``(symbols used, numpy function of them)`` for a sympy expression; cached, since
    lambdify prints and compiles Python source (0.4 ms per expression: most of a short
    simulation's time for a model with a few events)."""
    import sympy as sp

    used = tuple(sorted(expr.free_symbols, key=str))
    return used, sp.lambdify(used, expr, modules="numpy")   # sympy's printer, never user text


def _evaluate(expr, symbols, values, n_sets):
    """Value of a sympy expression of parameters for every set: float array (n_sets,);
    ``symbols`` maps each parameter symbol to its position in ``values``."""
    import sympy as sp

    if not expr.free_symbols:
        return np.full(n_sets, float(expr) if not isinstance(expr, sp.logic.boolalg.Boolean)
                       else bool(expr))
    used, fn = _lambdified(expr)
    missing = [str(s) for s in used if s not in symbols]
    if missing:
        raise SimulationError(f"{expr} uses {', '.join(missing)}, which is not a parameter "
                              f"of the model")
    out = fn(*[values[symbols[s]] for s in used])
    return np.broadcast_to(np.asarray(out), (n_sets,)).copy()


def model_events(model, species, parameters, P, t0):
    """Event arrays of a model's own time-triggered events (:meth:`sigsim.Model.event`).

    Parameters
    ----------
    model : sigsim.Model
    species, parameters : list of str
        State and parameter order of the compiled model.
    P : (n_sets, n_parameters) array
        Parameter values of every set at the start.
    t0 : float
        Start time of the integration.

    Returns
    -------
    ev_t : float64[n_ev]
    ev_kind, ev_idx : int64[n_ev]
    ev_val : (n_sets, n_ev) array
    """
    events = list(getattr(model, "events", []) or [])
    n_sets = P.shape[0]
    if not events:
        return (np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                np.zeros((n_sets, 0)))
    sym = model.symbols
    symbols = {sym[q]: j for j, q in enumerate(parameters)}
    sidx = {s: i for i, s in enumerate(species)}
    pidx = {q: j for j, q in enumerate(parameters)}
    current = [P[:, j].copy() for j in range(len(parameters))]
    timed = []
    for order, ev in enumerate(events):
        at = _evaluate(ev.at, symbols, current, n_sets)
        if not np.all(np.isfinite(at)):
            raise SimulationError(f"event {ev.name!r}: its time {ev.at_text or ev.at} is not "
                                  f"finite")
        if np.ptp(at) != 0:
            raise SimulationError(f"event {ev.name!r}: its time {ev.at_text!r} differs between "
                                  f"parameter sets; simulate them separately")
        at = float(at[0])
        true_at_start = at < t0 or (at == t0 and not ev.strict)
        if true_at_start and ev.initial_value:
            continue            # no transition from false to true: it never fires
        timed.append((max(at, t0), order, ev))
    timed.sort(key=lambda e: (e[0], e[1]))
    out_t, out_kind, out_idx, out_val = [], [], [], []
    for at, _, ev in timed:
        if ev.when is not None:
            ok = _evaluate(ev.when, symbols, current, n_sets).astype(bool)
            if ok.any() != ok.all():
                raise SimulationError(f"event {ev.name!r}: its condition {ev.when_text!r} "
                                      f"holds for some parameter sets only; simulate them "
                                      f"separately")
            if not ok.all():
                continue
        # all values are computed before any is assigned (SBML semantics)
        values = [(target, _evaluate(e, symbols, current, n_sets))
                  for target, e, _ in ev.assignments]
        for target, v in values:
            if not np.all(np.isfinite(v)):
                raise SimulationError(f"event {ev.name!r}: the value of {target!r} is not "
                                      f"finite")
            out_t.append(at)
            if target in pidx:
                out_kind.append(EV_SET_PARAM)
                out_idx.append(pidx[target])
                current[pidx[target]] = v
            else:
                out_kind.append(EV_SET_STATE)
                out_idx.append(sidx[target])
            out_val.append(v)
    return (np.array(out_t, dtype=float), np.array(out_kind, dtype=np.int64),
            np.array(out_idx, dtype=np.int64),
            np.stack(out_val, axis=1) if out_val else np.zeros((n_sets, 0)))


def merge_events(a, a_val, b, b_val):
    """Merge two event tables ``(ev_t, ev_kind, ev_idx)`` with their (n_sets, k) values;
    stable in time (at equal times the events of ``a`` come first)."""
    t = np.concatenate([a[0], b[0]])
    order = np.argsort(t, kind="stable")
    kind = np.concatenate([a[1], b[1]])[order]
    idx = np.concatenate([a[2], b[2]])[order]
    val = np.concatenate([a_val, b_val], axis=1)[:, order]
    return (np.ascontiguousarray(t[order]), np.ascontiguousarray(kind),
            np.ascontiguousarray(idx)), np.ascontiguousarray(val)
