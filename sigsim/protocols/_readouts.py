"""Scalar readouts of simulated time courses: one number per parameter set.

A readout turns the ``(n_sets, n_times)`` trajectory of one species, assignment or observable
of a :class:`sigsim.Result` into an ``(n_sets,)`` array: the peak, the time to peak, the area
under the curve, the value at a time, the end value, a checked steady state or a fold change.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import ModelError, SimulationError

__all__ = ["readout", "READOUT_KINDS", "as_readout", "SteadyStateWarning"]

#: Kinds accepted by :func:`readout`.
READOUT_KINDS = ("peak", "time_to_peak", "auc", "value_at", "end", "steady_state",
                 "fold_change")


class SteadyStateWarning(UserWarning):
    """A ``steady_state`` readout was taken from a trajectory that has not settled."""


def _trajectory(res, name):
    try:
        return np.asarray(res[name], dtype=float)
    except KeyError as exc:
        raise ModelError(str(exc.args[0]) if exc.args else f"unknown name {name!r}") from None


def _interp_rows(t, y, at):
    """Linear interpolation of each row of ``y`` (n_sets, n_times) at time ``at``."""
    if not t[0] <= at <= t[-1]:
        raise ValueError(f"readout time {at:g} lies outside the simulated times "
                         f"[{t[0]:g}, {t[-1]:g}]")
    j = int(np.searchsorted(t, at, side="right")) - 1
    j = min(max(j, 0), len(t) - 1)
    if j == len(t) - 1 or t[j] == at:
        return y[:, j].copy()
    w = (at - t[j]) / (t[j + 1] - t[j])
    return (1.0 - w) * y[:, j] + w * y[:, j + 1]


def readout(res, name, kind, t=None, baseline=None, settle_rtol=1e-2, settle_atol=1e-9,
            on_unsettled="warn"):
    """One scalar per parameter set from the time course of ``name``.

    Parameters
    ----------
    res : sigsim.Result
        Simulation result; ``res[name]`` has shape ``(n_sets, n_times)``.
    name : str
        Species, assignment or observable of the model.
    kind : str
        ``"peak"``: maximum over the output times (in the unit of ``name``).
        ``"time_to_peak"``: output time of that maximum (model time unit; the first one on
        ties).
        ``"auc"``: trapezoid area under the curve over the output times (unit of ``name`` x
        time unit), so it is only as fine as the output grid.
        ``"value_at"``: value linearly interpolated at time ``t`` (required).
        ``"end"``: value at the last output time.
        ``"steady_state"``: value at the last output time, checked to have settled: the
        change over the last tenth of the time span must be at most
        ``settle_rtol * |end| + settle_atol``; otherwise ``on_unsettled`` decides.
        ``"fold_change"``: the value at ``t`` (or, when ``t`` is None, the peak) divided by
        ``baseline`` (scalar or one value per set; default: the value at the first output
        time). Sets whose baseline is zero give NaN with a warning.
    t : float, optional
        Time (model time unit) for ``value_at`` and ``fold_change``.
    baseline : float or array_like, optional
        Denominator of ``fold_change``.
    settle_rtol, settle_atol : float
        Tolerances of the ``steady_state`` check (relative; absolute in the unit of ``name``).
    on_unsettled : {"warn", "raise", "ignore"}
        What ``steady_state`` does when some sets have not settled (warn with
        :class:`SteadyStateWarning`, raise :class:`sigsim.SimulationError`, or nothing).

    Returns
    -------
    (n_sets,) float array
        NaN for failed sets (their trajectories are NaN).
    """
    if kind not in READOUT_KINDS:
        raise ValueError(f"unknown readout kind {kind!r}; choose one of "
                         f"{', '.join(READOUT_KINDS)}")
    y = _trajectory(res, name)
    times = np.asarray(res.t, dtype=float)
    if kind in ("value_at",) and t is None:
        raise ValueError("readout kind 'value_at' needs a time t")
    if kind == "peak":
        return y.max(axis=1)
    if kind == "time_to_peak":
        out = times[np.argmax(y, axis=1)].astype(float)
        out[~np.all(np.isfinite(y), axis=1)] = np.nan
        return out
    if kind == "auc":
        return np.trapezoid(y, times, axis=1) if len(times) > 1 else np.zeros(y.shape[0])
    if kind == "value_at":
        return _interp_rows(times, y, float(t))
    if kind == "end":
        return y[:, -1].copy()
    if kind == "steady_state":
        if on_unsettled not in ("warn", "raise", "ignore"):
            raise ValueError(f"on_unsettled must be 'warn', 'raise' or 'ignore'; got "
                             f"{on_unsettled!r}")
        end = y[:, -1].copy()
        if len(times) > 1 and on_unsettled != "ignore":
            before = _interp_rows(times, y, times[-1] - 0.1 * (times[-1] - times[0]))
            drift = np.abs(end - before)
            bad = np.flatnonzero(drift > settle_rtol * np.abs(end) + settle_atol)
            if bad.size:
                i = int(bad[0])
                text = (f"{name!r} has not settled in {bad.size} of {y.shape[0]} set(s) "
                        f"(set {i}: changed by {drift[i]:.3g} over the last tenth of the time "
                        f"span, end value {end[i]:.3g}); simulate longer")
                if on_unsettled == "raise":
                    raise SimulationError(text)
                warnings.warn(text, SteadyStateWarning, stacklevel=2)
        return end
    # fold_change
    num = y.max(axis=1) if t is None else _interp_rows(times, y, float(t))
    base = y[:, 0] if baseline is None else np.broadcast_to(
        np.asarray(baseline, dtype=float), num.shape)
    zero = base == 0
    if np.any(zero):
        warnings.warn(f"fold change of {name!r}: baseline is zero in {int(zero.sum())} "
                      f"set(s); their fold change is NaN", RuntimeWarning, stacklevel=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / np.where(zero, np.nan, base)
    return out


def as_readout(spec):
    """``(label, function)`` of a readout specification.

    ``spec`` is a callable ``Result -> (n_sets,) array`` (labelled by its ``__name__``), a
    tuple ``(name, kind)`` or ``(name, kind, t)``, a text ``"name:kind"`` or
    ``"name:kind:t"``, or a pair ``(label, callable)``. Labels are ``<name>_<kind>`` (with
    ``_<t>`` appended when a time is given).
    """
    if callable(spec):
        return getattr(spec, "__name__", "readout"), spec
    if isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not all(parts):
            raise ValueError(f"readout {spec!r}: expected 'name:kind' or 'name:kind:time'")
        spec = tuple(parts)
    if isinstance(spec, tuple) and len(spec) == 2 and callable(spec[1]):
        return str(spec[0]), spec[1]
    if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
        raise ValueError(f"readout {spec!r}: expected a callable, (name, kind) or "
                         f"(name, kind, t)")
    name, kind = str(spec[0]), str(spec[1])
    if kind not in READOUT_KINDS:
        raise ValueError(f"readout {spec!r}: unknown kind {kind!r}; choose one of "
                         f"{', '.join(READOUT_KINDS)}")
    at = None
    if len(spec) == 3:
        try:
            at = float(spec[2])
        except (TypeError, ValueError):
            raise ValueError(f"readout {spec!r}: time {spec[2]!r} is not a number") from None
    elif kind == "value_at":
        raise ValueError(f"readout {spec!r}: 'value_at' needs a time, e.g. ({name!r}, "
                         f"'value_at', 30)")
    label = f"{name}_{kind}" + ("" if at is None else f"_{at:g}")

    def fn(res):
        return readout(res, name, kind, t=at)

    fn.__name__ = label
    return label, fn


def default_readouts(model):
    """``peak`` and ``end`` of every observable (of every species when there are none)."""
    names = [o[0] if isinstance(o, tuple) else getattr(o, "name", o)
             for o in model.observables] or list(model.species_names)
    return [(n, k) for n in names for k in ("peak", "end")]


def evaluate_readouts(res, specs):
    """``{label: (n_sets,) array}`` of already parsed ``(label, fn)`` readouts."""
    out = {}
    for label, fn in specs:
        v = np.asarray(fn(res), dtype=float)
        if v.shape != (res.n_sets,):
            raise ValueError(f"readout {label!r} returned shape {v.shape}; expected one value "
                             f"per set, ({res.n_sets},)")
        out[label] = v
    return out
