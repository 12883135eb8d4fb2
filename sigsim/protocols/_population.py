"""Virtual populations: parameter sets drawn from per-parameter distributions."""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["virtual_population", "DISTRIBUTIONS"]

#: Distribution names and their fields (shorthand tuples give the fields in this order).
DISTRIBUTIONS = {
    "lognormal": ("median", "cv"),      # or ("median", sigma=...)
    "uniform": ("low", "high"),
    "loguniform": ("low", "high"),
    "normal": ("mean", "sd"),           # truncated at 0
}


def _spec(name, spec):
    """Normalize one specification to a dict with a ``dist`` key."""
    if isinstance(spec, dict):
        d = dict(spec)
        if "dist" not in d:
            raise ValueError(f"{name!r}: the specification needs a 'dist' key, one of "
                             f"{', '.join(DISTRIBUTIONS)}")
    elif isinstance(spec, (tuple, list)) and len(spec) == 3 and isinstance(spec[0], str):
        dist = spec[0]
        if dist not in DISTRIBUTIONS:
            raise ValueError(f"{name!r}: unknown distribution {dist!r}; choose one of "
                             f"{', '.join(DISTRIBUTIONS)}")
        d = {"dist": dist, **dict(zip(DISTRIBUTIONS[dist], spec[1:]))}
    else:
        raise ValueError(f"{name!r}: give a dict such as {{'dist': 'lognormal', 'median': 1.0, "
                         f"'cv': 0.3}} or a tuple such as ('lognormal', 1.0, 0.3); got {spec!r}")
    dist = d.pop("dist")
    if dist not in DISTRIBUTIONS:
        raise ValueError(f"{name!r}: unknown distribution {dist!r}; choose one of "
                         f"{', '.join(DISTRIBUTIONS)}")
    allowed = set(DISTRIBUTIONS[dist]) | ({"sigma"} if dist == "lognormal" else set())
    extra = set(d) - allowed
    if extra:
        raise ValueError(f"{name!r}: {dist} does not take {sorted(extra)}; it takes "
                         f"{sorted(allowed)}")
    try:
        vals = {k: float(v) for k, v in d.items()}
    except (TypeError, ValueError):
        raise ValueError(f"{name!r}: the values of {d} must be numbers") from None
    if not all(np.isfinite(v) for v in vals.values()):
        raise ValueError(f"{name!r}: values must be finite; got {vals}")
    return dist, vals


def _draw(name, dist, v, n, rng):
    if dist == "lognormal":
        if "median" not in v or ("cv" in v) == ("sigma" in v):
            raise ValueError(f"{name!r}: lognormal needs 'median' and one of 'cv' or 'sigma'")
        if v["median"] <= 0:
            raise ValueError(f"{name!r}: lognormal median must be > 0; got {v['median']:g}")
        if "cv" in v:
            if v["cv"] < 0:
                raise ValueError(f"{name!r}: cv must be >= 0; got {v['cv']:g}")
            sigma = np.sqrt(np.log1p(v["cv"] ** 2))
        else:
            sigma = v["sigma"]
            if sigma < 0:
                raise ValueError(f"{name!r}: sigma must be >= 0; got {sigma:g}")
        return v["median"] * np.exp(sigma * rng.standard_normal(n))
    if dist in ("uniform", "loguniform"):
        if "low" not in v or "high" not in v:
            raise ValueError(f"{name!r}: {dist} needs 'low' and 'high'")
        low, high = v["low"], v["high"]
        if high < low:
            raise ValueError(f"{name!r}: high ({high:g}) < low ({low:g})")
        if dist == "uniform":
            return low + (high - low) * rng.random(n)
        if low <= 0:
            raise ValueError(f"{name!r}: loguniform needs low > 0; got {low:g}")
        return np.exp(np.log(low) + (np.log(high) - np.log(low)) * rng.random(n))
    # normal truncated at 0
    if "mean" not in v or "sd" not in v:
        raise ValueError(f"{name!r}: normal needs 'mean' and 'sd'")
    if v["sd"] < 0:
        raise ValueError(f"{name!r}: sd must be >= 0; got {v['sd']:g}")
    if v["sd"] == 0:
        if v["mean"] < 0:
            raise ValueError(f"{name!r}: a normal with sd 0 needs mean >= 0")
        return np.full(n, v["mean"])
    from scipy.stats import truncnorm

    a = (0.0 - v["mean"]) / v["sd"]
    if a > 30:
        raise ValueError(f"{name!r}: mean {v['mean']:g} lies {a:.0f} sd below 0; the normal "
                         f"truncated at 0 is degenerate")
    return truncnorm.rvs(a, np.inf, loc=v["mean"], scale=v["sd"], size=n, random_state=rng)


def virtual_population(distributions, n, seed=0, as_frame=False):
    """Draw ``n`` virtual individuals: one value per parameter (or initial value) each.

    Parameters
    ----------
    distributions : dict
        ``{name: spec}``; ``spec`` is a dict with ``dist`` and its fields, or a shorthand
        tuple:

        - ``{"dist": "lognormal", "median": m, "cv": c}`` (or ``"sigma": s``, the sd of
          ``ln x``; ``cv`` is the coefficient of variation, ``sigma = sqrt(ln(1 + cv^2))``);
          shorthand ``("lognormal", m, cv)``;
        - ``{"dist": "uniform", "low": l, "high": h}`` / ``("uniform", l, h)``;
        - ``{"dist": "loguniform", "low": l, "high": h}`` (``l > 0``);
        - ``{"dist": "normal", "mean": mu, "sd": s}``, truncated at 0 (negative draws are
          excluded, so the sample mean exceeds ``mu`` when ``mu`` is near 0).

        Values are in the unit of each parameter or species.
    n : int
        Number of individuals.
    seed : int
        Seed. Each name draws from its own stream (derived from ``seed`` and the name), so
        adding or removing a name leaves the others' draws unchanged.
    as_frame : bool
        Return a pandas DataFrame instead of a dict.

    Returns
    -------
    dict of (n,) arrays or pandas.DataFrame
        Usable as ``params=`` (and ``y0=`` for species) of :func:`sigsim.simulate`.
    """
    if not isinstance(distributions, dict) or not distributions:
        raise ValueError("distributions must be a non-empty dict {name: spec}")
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    out = {}
    for name, spec in distributions.items():
        dist, vals = _spec(name, spec)
        rng = np.random.default_rng([int(seed), zlib.crc32(str(name).encode())])
        out[name] = _draw(name, dist, vals, n, rng)
    if as_frame:
        import pandas as pd

        return pd.DataFrame(out)
    return out
