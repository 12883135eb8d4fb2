"""Tidy tables and run metadata on disk, so that a run can be reproduced.

Every experiment writes its tables with :func:`write_table` (CSV always, Parquet as well when
pyarrow is installed) and one metadata file with :func:`write_metadata`, built by
:func:`run_metadata`: sigsim and dependency versions, the command line, the time, each
model's name, digest and parameter values (with units and sources), seeds and settings.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import platform
import sys
from pathlib import Path

import numpy as np

__all__ = ["write_table", "run_metadata", "write_metadata", "versions"]


def versions() -> dict:
    """Versions of Python, sigsim and the libraries that shape its numbers."""
    import matplotlib
    import numba
    import scipy

    import sigsim

    out = {"python": platform.python_version(), "sigsim": sigsim.__version__,
           "numpy": np.__version__, "scipy": scipy.__version__, "numba": numba.__version__,
           "matplotlib": matplotlib.__version__}
    from importlib import metadata

    for name in ("pandas", "SALib", "tqdm", "pyarrow"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _model_record(model) -> dict:
    rows = model.parameters_table()
    return {"name": model.name, "digest": model.digest(),
            "parameters": {r["name"]: {"value": r["value"], "unit": r.get("unit", ""),
                                       "source": r.get("source", "")} for r in rows}}


def run_metadata(experiment, models=(), settings=None, seeds=None, **extra) -> dict:
    """Metadata of one run.

    Parameters
    ----------
    experiment : str
        Experiment or protocol name.
    models : iterable of sigsim.Model
        Models simulated (name, digest and every parameter value with unit and source).
    settings : dict, optional
        Protocol settings (doses, times, tolerances, ...); numpy values are converted.
    seeds : dict or int, optional
        Random seeds used.
    **extra
        More JSON-serialisable entries.
    """
    meta = {"experiment": experiment,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv), "platform": platform.platform(),
            "versions": versions(), "models": [_model_record(m) for m in models],
            "settings": settings or {}, "seeds": seeds}
    meta.update(extra)
    return meta


def _jsonable(v):
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist())
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return v if math.isfinite(v) else str(v)
    if isinstance(v, Path):
        return str(v)
    if isinstance(v, (str, int, bool)) or v is None:
        return v
    return repr(v)


def write_metadata(out, stem, meta) -> Path:
    """Write ``meta`` as ``<out>/<stem>.metadata.json``; returns the path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{stem}.metadata.json"
    path.write_text(json.dumps(_jsonable(meta), indent=2))
    return path


def write_table(table, out, stem, float_format="%.6g") -> dict:
    """Write a tidy table as ``<out>/<stem>.csv`` (and ``.parquet`` where pyarrow is installed).

    Parameters
    ----------
    table : pandas.DataFrame or dict of columns
    out : path-like
        Output folder (created).
    stem : str
        File name without extension.

    Returns
    -------
    dict
        ``{"csv": Path}`` plus ``"parquet"`` when written.
    """
    import pandas as pd

    df = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"csv": out / f"{stem}.csv"}
    df.to_csv(paths["csv"], index=False, float_format=float_format)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return paths
    paths["parquet"] = out / f"{stem}.parquet"
    df.to_parquet(paths["parquet"], index=False)
    return paths
