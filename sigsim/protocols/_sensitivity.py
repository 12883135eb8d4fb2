"""Sensitivity analysis: local normalized coefficients by central differences, and global
Sobol and Morris indices through SALib."""

from __future__ import annotations

import numpy as np

from ..errors import ModelError, SimulationError
from ._readouts import as_readout

__all__ = ["local_sensitivity", "sobol_indices", "morris_indices", "global_sensitivity"]

#: Sets per engine batch when global sensitivity evaluates a model.
GLOBAL_CHUNK = 4096


def _readout_fn(readout):
    if isinstance(readout, (tuple, list, str)) or callable(readout):
        return as_readout(tuple(readout) if isinstance(readout, list) else readout)[1]
    raise ValueError(f"readout must be a callable Result -> array or a (name, kind[, t]) "
                     f"tuple; got {readout!r}")


def _values(fn, res):
    v = np.asarray(fn(res), dtype=float)
    if v.shape != (res.n_sets,):
        raise ValueError(f"the readout returned shape {v.shape}; expected one value per set "
                         f"({res.n_sets},)")
    return v


def local_sensitivity(model, t, readout, params=None, rel_step=1e-3, base_params=None,
                      **simulate_kwargs):
    """Normalized local sensitivities ``d ln(readout) / d ln(p)`` by central differences.

    Each parameter (or species initial value) ``p`` is multiplied by ``1 + rel_step`` and
    ``1 - rel_step``; the coefficient is ``(R+ - R-) / (2 rel_step R0)``, exact to
    ``O(rel_step^2)``. The base set and all perturbed sets run as one engine batch.

    Parameters
    ----------
    model : sigsim.Model
    t : float or array_like
        Output times (model time unit), as for :func:`sigsim.simulate`.
    readout : callable or tuple
        ``Result -> (n_sets,) array`` or ``(name, kind[, t])`` (see
        :func:`sigsim.protocols.readout`).
    params : list of str or dict, optional
        Parameters, or species whose initial value is perturbed (default: every parameter
        whose base value is non-zero; zero values have no relative perturbation). A dict
        ``{name: base value}`` names them and sets their base values at once.
    rel_step : float
        Relative perturbation, in (0, 0.5).
    base_params : dict, optional
        Scalar parameter values of the base set (``params=`` of :func:`sigsim.simulate`,
        whose name this function's ``params`` takes).
    **simulate_kwargs
        Passed to :func:`sigsim.simulate`; ``y0`` here holds scalar base initial values.

    Returns
    -------
    pandas.DataFrame
        One row per perturbed name, in the given (or model) order: ``parameter``, ``value``
        (base value), ``coefficient`` (dimensionless; NaN where the base readout is zero or a
        simulation failed), ``readout`` (base readout), ``readout_plus``, ``readout_minus``.
    """
    import pandas as pd

    from ..simulate import simulate

    h = float(rel_step)
    if not 0 < h < 0.5:
        raise ValueError(f"rel_step must be in (0, 0.5); got {rel_step}")
    fn = _readout_fn(readout)
    base_p = dict(base_params or {})
    base_y = dict(simulate_kwargs.pop("y0", None) or {})
    pnames, snames = list(model.parameter_names), list(model.species_names)
    if isinstance(params, dict):
        for q, v in params.items():
            (base_y if q in snames and q not in pnames else base_p)[q] = v
        params = list(params)
    for name, v in list(base_p.items()) + list(base_y.items()):
        if np.ndim(v) != 0:
            raise ValueError(f"local_sensitivity: base value of {name!r} must be a scalar")
    pdef = dict(zip(pnames, model.parameter_values()))
    unknown = [q for q in base_p if q not in pdef]
    if unknown:
        raise ModelError(f"local_sensitivity: {unknown} are not parameters of model "
                         f"{model.name!r}")
    if params is None:
        params = [q for q in pnames if float(base_p.get(q, pdef[q])) != 0.0]
    params = [params] if isinstance(params, str) else list(params)
    if not params:
        raise ValueError("local_sensitivity: no parameter to perturb")
    init = dict(zip(snames, model.initial_values()))
    base = {}
    for q in params:
        if q in pdef:
            base[q] = ("p", float(base_p.get(q, pdef[q])))
        elif q in init:
            if q not in base_y and q in model.initial_expressions():
                raise ValueError(f"initial value of {q!r} is an expression; give it in y0 to "
                                 f"perturb it")
            base[q] = ("y", float(base_y.get(q, init[q])))
        else:
            raise ModelError(f"local_sensitivity: {q!r} is neither a parameter nor a species "
                             f"of model {model.name!r}")
    n = 1 + 2 * len(params)
    pv = {q: np.full(n, float(v)) for q, v in base_p.items()}
    yv = {s: np.full(n, float(v)) for s, v in base_y.items()}
    for k, q in enumerate(params):
        kind, v0 = base[q]
        arr = (pv if kind == "p" else yv).setdefault(q, np.full(n, v0))
        arr[1 + 2 * k] = v0 * (1.0 + h)
        arr[2 + 2 * k] = v0 * (1.0 - h)
    res = simulate(model, t, params=pv or None, y0=yv or None, **simulate_kwargs)
    r = _values(fn, res)
    r0, rp, rm = r[0], r[1::2], r[2::2]
    with np.errstate(divide="ignore", invalid="ignore"):
        coef = (rp - rm) / (2.0 * h * r0) if r0 != 0 else np.full(len(params), np.nan)
    return pd.DataFrame({"parameter": params, "value": [base[q][1] for q in params],
                         "coefficient": coef, "readout": r0, "readout_plus": rp,
                         "readout_minus": rm})


def _problem(bounds, log):
    if isinstance(bounds, dict):
        items = list(bounds.items())
    else:
        items = [(b[0], tuple(b[1:])) for b in bounds]
    if not items:
        raise ValueError("bounds must name at least one input")
    names, lo, hi, logs = [], [], [], []
    log = set([log] if isinstance(log, str) else log)
    unknown = log - {name for name, _ in items}
    if unknown:
        raise ValueError(f"log names {sorted(unknown)} are not in bounds")
    for name, b in items:
        b = tuple(b)
        is_log = name in log
        if len(b) == 3:
            if b[2] not in ("log", "linear"):
                raise ValueError(f"bounds of {name!r}: scale must be 'log' or 'linear'")
            is_log = is_log or b[2] == "log"
        elif len(b) != 2:
            raise ValueError(f"bounds of {name!r} must be (low, high[, 'log']); got {b!r}")
        low, high = float(b[0]), float(b[1])
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise ValueError(f"bounds of {name!r}: need finite low < high; got {b[:2]!r}")
        if is_log and low <= 0:
            raise ValueError(f"bounds of {name!r}: a log-scaled input needs low > 0")
        names.append(str(name))
        lo.append(np.log10(low) if is_log else low)
        hi.append(np.log10(high) if is_log else high)
        logs.append(is_log)
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[a, b] for a, b in zip(lo, hi)]}
    return problem, np.array(logs)


def _to_natural(X, logs):
    X = np.array(X, dtype=float)
    X[:, logs] = 10.0 ** X[:, logs]
    return X


def _evaluate(func, X):
    Y = np.asarray(func(X), dtype=float)
    if Y.ndim == 0 or Y.shape[0] != X.shape[0] or Y.ndim > 2:
        raise ValueError(f"func must return one value (or one row) per input row; got shape "
                         f"{Y.shape} for {X.shape[0]} rows")
    Y = Y.reshape(X.shape[0], -1)
    bad = ~np.all(np.isfinite(Y), axis=1)
    if bad.any():
        raise SimulationError(f"{int(bad.sum())} of {X.shape[0]} evaluations are not finite "
                              f"(first: row {int(np.argmax(bad))}, inputs {X[np.argmax(bad)]}); "
                              f"the indices need every output")
    return Y


def sobol_indices(func, bounds, n, seed=0, log=(), second_order=False, output_names=None):
    """Variance-based (Sobol) sensitivity indices with SALib's Saltelli/Jansen estimators.

    Inputs are sampled uniformly within ``bounds`` (log10-uniformly for names in ``log``)
    with a scrambled Sobol sequence; ``func`` is called once on all ``n * (d + 2)`` rows
    (``n * (2 d + 2)`` with ``second_order``), ``d`` the number of inputs.

    Parameters
    ----------
    func : callable
        ``func(X) -> Y``: ``X`` is ``(n_rows, d)`` in natural units, columns in ``bounds``
        order; ``Y`` is ``(n_rows,)`` or ``(n_rows, n_outputs)``.
    bounds : dict
        ``{name: (low, high)}`` or ``(low, high, "log")``, in order (a list of
        ``(name, low, high)`` works too).
    n : int
        Base sample size (a power of 2 keeps the Sobol sequence balanced).
    seed : int
        Seeds the sampling and the bootstrap of the confidence intervals.
    log : iterable of str
        Names sampled log-uniformly (the indices then refer to log10 of the input).
    second_order : bool
        Also estimate second-order indices.
    output_names : list of str, optional
        Labels of the output columns (default ``y0``, ``y1``, ...; ``y`` for one output).

    Returns
    -------
    pandas.DataFrame or (DataFrame, DataFrame)
        One row per (output, input): ``output``, ``parameter``, ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf`` (confidence half-widths at 95 %). With ``second_order`` also a table of
        ``output``, ``parameter_1``, ``parameter_2``, ``S2``, ``S2_conf``.
    """
    import pandas as pd
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    problem, logs = _problem(bounds, log)
    n = int(n)
    if n < 2:
        raise ValueError(f"n must be >= 2; got {n}")
    X = sobol_sample.sample(problem, n, calc_second_order=second_order, seed=seed)
    Y = _evaluate(func, _to_natural(X, logs))
    outs = _output_names(output_names, Y.shape[1])
    rows, pairs = [], []
    names = problem["names"]
    for k, oname in enumerate(outs):
        S = sobol_analyze.analyze(problem, Y[:, k], calc_second_order=second_order,
                                  print_to_console=False, seed=_analysis_seed(seed))
        for j, p in enumerate(names):
            rows.append({"output": oname, "parameter": p, "S1": S["S1"][j],
                         "S1_conf": S["S1_conf"][j], "ST": S["ST"][j],
                         "ST_conf": S["ST_conf"][j]})
        if second_order:
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    pairs.append({"output": oname, "parameter_1": names[i],
                                  "parameter_2": names[j], "S2": S["S2"][i, j],
                                  "S2_conf": S["S2_conf"][i, j]})
    first = pd.DataFrame(rows)
    return (first, pd.DataFrame(pairs)) if second_order else first


def _analysis_seed(seed):
    """A non-zero integer seed for SALib's bootstrap derived from ``seed`` (SALib 1.6's Sobol
    analysis leaves the bootstrap unseeded when the seed is 0 or None)."""
    return int(np.random.SeedSequence(int(seed)).generate_state(1)[0]) or 1


def _output_names(given, k):
    if given is None:
        return ["y"] if k == 1 else [f"y{i}" for i in range(k)]
    given = [given] if isinstance(given, str) else list(given)
    if len(given) != k:
        raise ValueError(f"{len(given)} output names for {k} outputs")
    return given


def morris_indices(func, bounds, n_trajectories, seed=0, levels=4, log=(), output_names=None):
    """Morris elementary-effects screening with SALib.

    Parameters
    ----------
    func : callable
        ``func(X) -> Y`` as for :func:`sobol_indices`; called once on
        ``n_trajectories * (d + 1)`` rows.
    bounds : dict
        ``{name: (low, high[, "log"])}``, in order.
    n_trajectories : int
        Number of one-at-a-time trajectories.
    seed : int
        Seeds the trajectories and the bootstrap of ``mu_star_conf``.
    levels : int
        Grid levels per input (even; the step is ``levels / (2 (levels - 1))``).
    log : iterable of str
        Names sampled on a log10 grid (effects then refer to log10 of the input).

    Returns
    -------
    pandas.DataFrame
        One row per (output, input): ``output``, ``parameter``, ``mu`` (mean elementary
        effect), ``mu_star`` (mean absolute effect), ``mu_star_conf`` (95 % half-width),
        ``sigma`` (standard deviation of the effects). As in SALib, an elementary effect is
        the output change per full range of the input (inputs scaled to [0, 1]; for a log
        input, per its whole log10 span), in output units.
    """
    import pandas as pd
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    problem, logs = _problem(bounds, log)
    if int(n_trajectories) < 2:
        raise ValueError(f"n_trajectories must be >= 2; got {n_trajectories}")
    if int(levels) < 2 or int(levels) % 2:
        raise ValueError(f"levels must be an even number >= 2; got {levels}")
    X = morris_sample.sample(problem, int(n_trajectories), num_levels=int(levels), seed=seed)
    Y = _evaluate(func, _to_natural(X, logs))
    rows = []
    for k, oname in enumerate(_output_names(output_names, Y.shape[1])):
        S = morris_analyze.analyze(problem, X, Y[:, k], num_levels=int(levels),
                                   seed=_analysis_seed(seed), print_to_console=False)
        for j, p in enumerate(problem["names"]):
            rows.append({"output": oname, "parameter": p, "mu": S["mu"][j],
                         "mu_star": S["mu_star"][j], "mu_star_conf": S["mu_star_conf"][j],
                         "sigma": S["sigma"][j]})
    return pd.DataFrame(rows)


def global_sensitivity(model, t, bounds, readout, method="sobol", n=256, seed=0, log=(),
                       chunk_size=GLOBAL_CHUNK, solver=None, **simulate_kwargs):
    """Global sensitivity of a model readout to parameters and initial values.

    Parameters
    ----------
    model : sigsim.Model
    t : float or array_like
        Output times (model time unit).
    bounds : dict
        ``{name: (low, high[, "log"])}`` for parameters or species (initial values), in the
        unit of each.
    readout : callable or tuple, or a list of them
        ``Result -> (n_sets,)`` or ``(name, kind[, t])``; several give an ``output`` column.
    method : {"sobol", "morris"}
    n : int
        Sobol base sample size (``n (d + 2)`` simulations) or Morris trajectories
        (``n (d + 1)`` simulations).
    seed : int
    log : iterable of str
        Names sampled log-uniformly (also set by ``"log"`` in ``bounds``).
    chunk_size : int
        Sets per engine batch.
    solver : str, optional
        Integration method (``method=`` of :func:`sigsim.simulate`).
    **simulate_kwargs
        Passed to :func:`sigsim.simulate` (``params``/``y0`` fix names not in ``bounds``;
        ``on_failure`` defaults to ``"raise"``, since the indices need every output).

    Returns
    -------
    pandas.DataFrame
        As :func:`sobol_indices` (S1, ST with confidence intervals) or
        :func:`morris_indices` (mu, mu*, sigma).
    """
    from ..simulate import simulate

    if method not in ("sobol", "morris"):
        raise ValueError(f"method must be 'sobol' or 'morris'; got {method!r}")
    specs = readout if isinstance(readout, list) else [readout]
    labelled = [as_readout(tuple(s) if isinstance(s, list) else s) for s in specs]
    fns = [fn for _, fn in labelled]
    pnames, snames = set(model.parameter_names), set(model.species_names)
    keys = list(bounds) if isinstance(bounds, dict) else [b[0] for b in bounds]
    for k in keys:
        if k not in pnames and k not in snames:
            raise ModelError(f"global_sensitivity: {k!r} is neither a parameter nor a species "
                             f"of model {model.name!r}")
    fixed_p = dict(simulate_kwargs.pop("params", None) or {})
    fixed_y = dict(simulate_kwargs.pop("y0", None) or {})
    simulate_kwargs.setdefault("on_failure", "raise")
    if solver is not None:
        simulate_kwargs["method"] = solver

    def func(X):
        out = np.empty((X.shape[0], len(fns)))
        for a in range(0, X.shape[0], int(chunk_size)):
            b = min(a + int(chunk_size), X.shape[0])
            p, y = dict(fixed_p), dict(fixed_y)
            for j, k in enumerate(keys):
                (p if k in pnames else y)[k] = X[a:b, j]
            res = simulate(model, t, params=p, y0=y or None, **simulate_kwargs)
            for i, fn in enumerate(fns):
                out[a:b, i] = _values(fn, res)
        return out

    labels = [lab for lab, _ in labelled]
    if method == "sobol":
        return sobol_indices(func, bounds, n, seed=seed, log=log, output_names=labels)
    return morris_indices(func, bounds, n, seed=seed, log=log, output_names=labels)
