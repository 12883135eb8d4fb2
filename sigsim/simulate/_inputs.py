"""Validation and broadcasting of user inputs (parameter sets, initial values, tolerances)."""

from __future__ import annotations

import difflib

import numpy as np

from ..errors import ModelError, SimulationError


def _unknown(kind, name, known):
    close = difflib.get_close_matches(str(name), list(known), n=3)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    return ModelError(f"unknown {kind} {name!r} for model{hint}")


def _nonnegative_required(model, name, kind):
    """True when the item's declared unit is a concentration or carries a rate (1/time)."""
    info = model.species_info(name) if kind == "species" else model.parameter_info(name)
    if kind == "species":
        return True
    unit = getattr(info, "unit", None)
    if not unit:
        return False
    from ..model._units import requires_nonnegative

    return requires_nonnegative(unit)


def as_sets(model, params, y0, dose_values, parameters, species, extra=None):
    """Broadcast parameter and initial-value overrides to a batch of sets.

    Parameters
    ----------
    params : dict, array or None
        ``{name: scalar or array}`` (arrays broadcast against each other, like numpy), or a
        matrix of shape (n_sets, n_parameters) in the model's parameter order (a pandas
        DataFrame with parameter names as columns is accepted too).
    y0 : dict or None
        ``{species: scalar or array}`` overrides of the initial values.
    dose_values : list of arrays
        Event values that broadcast with the parameter sets.
    extra : dict, optional
        More arrays that take part in the broadcast (pre-equilibration conditions); they come
        back flattened to (n_sets,) in the last return value.

    Returns
    -------
    shape : tuple
        The broadcast shape of the sets (``()`` for a single set).
    P : (n_sets, n_parameters) float array of parameter values
    y0_over : dict species -> (n_sets,) array
    ev_values : (n_sets, n_events) array
    extra_flat : dict key -> (n_sets,) array
    """
    defaults = np.asarray(model.parameter_values(), dtype=float)
    pidx = {q: j for j, q in enumerate(parameters)}
    sidx = {s: i for i, s in enumerate(species)}
    arrays, matrix = {}, None
    if params is None:
        params = {}
    if hasattr(params, "columns") and hasattr(params, "to_numpy"):  # pandas DataFrame
        params = {str(c): params[c].to_numpy(dtype=float) for c in params.columns}
    if isinstance(params, dict):
        for name, v in params.items():
            if name not in pidx:
                raise _unknown("parameter", name, parameters)
            arrays[("p", name)] = np.asarray(v, dtype=float)
    else:
        matrix = np.asarray(params, dtype=float)
        if matrix.ndim == 1:
            matrix = matrix[None, :]
        if matrix.ndim != 2 or matrix.shape[1] != len(parameters):
            raise SimulationError(
                f"params matrix must have shape (n_sets, {len(parameters)}) in the order "
                f"{parameters}; got {matrix.shape}")
    for name, v in (y0 or {}).items():
        if name not in sidx:
            raise _unknown("species", name, species)
        arrays[("y", name)] = np.asarray(v, dtype=float)
    for k, v in enumerate(dose_values):
        arrays[("e", k)] = np.asarray(v, dtype=float)
    for key, v in (extra or {}).items():
        arrays[("x", key)] = np.asarray(v, dtype=float)
    try:
        shape = np.broadcast_shapes(*[a.shape for a in arrays.values()]) if arrays else ()
    except ValueError:
        shapes = {f"{k[1]}": a.shape for k, a in arrays.items() if a.ndim}
        raise SimulationError(f"parameter/initial/dose arrays do not broadcast together: {shapes}")
    if matrix is not None:
        n = matrix.shape[0]
        if shape not in ((), (n,), (1,)):
            raise SimulationError(f"override arrays of shape {shape} do not match the "
                                  f"{n} rows of the params matrix")
        shape = (n,)
    n_sets = int(np.prod(shape)) if shape else 1
    P = np.empty((n_sets, len(parameters)))
    P[:] = defaults if matrix is None else matrix
    y_over, ev, extra_flat = {}, np.zeros((n_sets, len(dose_values))), {}
    for (kind, name), a in arrays.items():
        flat = np.broadcast_to(a, shape).reshape(n_sets)
        if not np.all(np.isfinite(flat)):
            raise ModelError(f"{'parameter' if kind == 'p' else 'initial value of'} {name!r}: "
                             f"value is not finite")
        if kind == "p":
            P[:, pidx[name]] = flat
        elif kind == "y":
            y_over[name] = flat
        elif kind == "e":
            ev[:, name] = flat
        else:
            extra_flat[name] = flat
    # vectorized checks first: this runs on every simulate call
    bad = ~np.isfinite(P).all(axis=0)
    if bad.any():
        raise ModelError(f"parameter {parameters[int(np.argmax(bad))]!r}: value is not finite")
    for j in np.flatnonzero((P < 0).any(axis=0)):
        q = parameters[j]
        if _nonnegative_required(model, q, "parameter"):
            col = P[:, j]
            raise ModelError(f"parameter {q!r} ({model.parameter_info(q).unit}) must not be "
                             f"negative; got {col[col < 0][0]!r}")
    for s, v in y_over.items():
        if np.any(v < 0):
            raise ModelError(f"initial concentration of {s!r} must not be negative; "
                             f"got {v[v < 0][0]!r}")
    return shape, P, y_over, ev, extra_flat


def as_tolerance(atol, species):
    """Per-state absolute tolerances from a scalar, a sequence or a ``{species: value}`` dict."""
    n = len(species)
    if isinstance(atol, dict):
        out = np.full(n, np.nan)
        default = atol.get("default", None)
        for name, v in atol.items():
            if name == "default":
                continue
            if name not in species:
                raise _unknown("species", name, species)
            out[species.index(name)] = float(v)
        if np.isnan(out).any():
            if default is None:
                missing = [s for s, v in zip(species, out) if np.isnan(v)]
                raise SimulationError(f"atol dict lacks {missing}; add a 'default' entry")
            out[np.isnan(out)] = float(default)
    else:
        out = np.broadcast_to(np.asarray(atol, dtype=float), (n,)).copy()
    if not np.all(out > 0) or not np.all(np.isfinite(out)):
        raise SimulationError(f"atol must be positive and finite; got {atol!r}")
    return out


def as_times(t):
    """Output times as a 1-D float array; a scalar T means ``[0, T]``."""
    arr = np.asarray(t, dtype=float)
    if arr.ndim == 0:
        arr = np.array([0.0, float(arr)])
    if arr.ndim != 1 or arr.size < 1:
        raise SimulationError(f"t must be a scalar end time or a 1-D array of output times; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise SimulationError("output times must be finite")
    if np.any(np.diff(arr) < 0):
        raise SimulationError("output times must be non-decreasing")
    return arr
