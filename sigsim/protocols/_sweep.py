"""Parameter sweeps: grids and random, Latin-hypercube or Sobol samples of parameters and
initial values, run as engine batches with readouts, checkpoints and a progress bar."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ModelError, SimulationError
from ._readouts import as_readout, default_readouts, evaluate_readouts

__all__ = ["sweep", "SweepResult", "sample_space", "SWEEP_METHODS"]

SWEEP_METHODS = ("grid", "random", "lhs", "sobol")
#: Default number of points per range axis of a grid.
GRID_POINTS = 5


@dataclass
class _Axis:
    name: str
    kind: str            # "p" (parameter) or "y" (initial value)
    low: float = np.nan
    high: float = np.nan
    log: bool = False
    values: np.ndarray | None = None     # explicit values (grids)

    def from_unit(self, u):
        """Map points of [0, 1] onto the range (log-uniformly for log ranges)."""
        if self.log:
            return 10.0 ** (np.log10(self.low) + u * (np.log10(self.high) - np.log10(self.low)))
        return self.low + u * (self.high - self.low)


def _axes(model, space):
    if not isinstance(space, dict) or not space:
        raise ValueError("space must be a non-empty dict {name: (low, high[, 'log']) or values}")
    params, species = list(model.parameter_names), list(model.species_names)
    axes = []
    for name, spec in space.items():
        if name in params:
            kind = "p"
        elif name in species:
            kind = "y"
        else:
            import difflib

            close = difflib.get_close_matches(str(name), params + species, n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise ModelError(f"sweep: {name!r} is neither a parameter nor a species of model "
                             f"{model.name!r}{hint}")
        if isinstance(spec, tuple):
            if len(spec) not in (2, 3):
                raise ValueError(f"sweep range of {name!r} must be (low, high) or (low, high, "
                                 f"'log'|'linear'); got {spec!r}")
            scale = spec[2] if len(spec) == 3 else "linear"
            if scale not in ("log", "linear"):
                raise ValueError(f"sweep range of {name!r}: scale must be 'log' or 'linear'; "
                                 f"got {scale!r}")
            try:
                low, high = float(spec[0]), float(spec[1])
            except (TypeError, ValueError):
                raise ValueError(f"sweep range of {name!r}: bounds {spec[:2]!r} are not "
                                 f"numbers") from None
            if not (np.isfinite(low) and np.isfinite(high)) or high < low:
                raise ValueError(f"sweep range of {name!r}: need finite low <= high; got "
                                 f"({low:g}, {high:g})")
            if scale == "log" and low <= 0:
                raise ValueError(f"sweep range of {name!r}: a log range needs low > 0; got "
                                 f"{low:g}")
            axes.append(_Axis(name, kind, low, high, scale == "log"))
        else:
            vals = np.atleast_1d(np.asarray(spec, dtype=float))
            if vals.ndim != 1 or vals.size == 0 or not np.all(np.isfinite(vals)):
                raise ValueError(f"sweep values of {name!r} must be a non-empty 1-D list of "
                                 f"finite numbers")
            axes.append(_Axis(name, kind, values=vals))
    return axes


def sample_space(axes, method, n, seed):
    """``(n_sets, n_axes)`` matrix of sampled values (columns in ``axes`` order)."""
    if method not in SWEEP_METHODS:
        raise ValueError(f"unknown sweep method {method!r}; choose one of "
                         f"{', '.join(SWEEP_METHODS)}")
    d = len(axes)
    if method == "grid":
        k = GRID_POINTS if n is None else int(n)
        cols = []
        for a in axes:
            if a.values is not None:
                cols.append(a.values)
            elif k < 1:
                raise ValueError(f"grid: n (points per range) must be >= 1; got {n}")
            elif a.log:
                cols.append(np.logspace(np.log10(a.low), np.log10(a.high), k))
            else:
                cols.append(np.linspace(a.low, a.high, k))
        mesh = np.meshgrid(*cols, indexing="ij")
        return np.stack([m.reshape(-1) for m in mesh], axis=1)
    explicit = [a.name for a in axes if a.values is not None]
    if explicit:
        raise ValueError(f"method {method!r} samples ranges; give (low, high[, 'log']) for "
                         f"{explicit} (explicit value lists are for grids)")
    if n is None or int(n) < 1:
        raise ValueError(f"method {method!r} needs the number of sets n >= 1")
    n = int(n)
    if method == "random":
        u = np.random.default_rng(seed).random((n, d))
    else:
        from scipy.stats import qmc

        if method == "lhs":
            u = qmc.LatinHypercube(d=d, seed=np.random.default_rng(seed)).random(n)
        else:
            u = qmc.Sobol(d=d, scramble=True, seed=np.random.default_rng(seed)).random(n)
    return np.stack([a.from_unit(u[:, j]) for j, a in enumerate(axes)], axis=1)


@dataclass
class SweepResult:
    """Result of :func:`sweep`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per parameter set: ``set`` (index from 0), one column per swept name (the
        sampled value, in the unit of that parameter or species), one column per readout
        and ``status`` (0 = the simulation succeeded; failed sets have NaN readouts).
    samples : (n_sets, n_axes) array
        The swept values, columns in ``names`` order.
    names : list of str
        Swept parameters and initial values.
    readouts : list of str
        Readout column labels.
    method, seed : sampling method and seed.
    chunks_run : int
        Chunks simulated by this call (chunks restored from a checkpoint are not counted).
    """

    table: object
    samples: np.ndarray
    names: list
    readouts: list
    method: str
    seed: int
    chunks_run: int = 0
    settings: dict = field(default_factory=dict)

    def __len__(self):
        return self.samples.shape[0]

    def write(self, out, stem="sweep", models=(), **extra):
        """Write the table (CSV, Parquet where available) and run metadata into folder
        ``out``; returns ``{"csv": path, ..., "metadata": path}``."""
        from ._output import run_metadata, write_metadata, write_table

        paths = write_table(self.table, out, stem)
        meta = run_metadata("sweep", models=models, settings=self.settings,
                            seeds={"sampling": self.seed}, **extra)
        paths["metadata"] = write_metadata(out, stem, meta)
        return paths


def _run_chunk(model, t, params, y0, kwargs):
    """One engine batch (a separate function so that tests can intercept it)."""
    from ..simulate import simulate

    return simulate(model, t, params=params, y0=y0, **kwargs)


def _fingerprint(model, t, samples, labels, names, kwargs):
    h = hashlib.sha256()
    h.update(model.digest().encode())
    h.update(np.ascontiguousarray(np.asarray(t, dtype=float)).tobytes())
    h.update(np.ascontiguousarray(samples).tobytes())
    h.update(json.dumps([list(names), list(labels)]).encode())
    h.update(repr(sorted((k, repr(v)) for k, v in kwargs.items()
                         if k not in ("threads", "progress"))).encode())
    return h.hexdigest()


def _load_checkpoint(path, fingerprint, n_sets, n_readouts, n_chunks):
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
    except Exception as exc:   # a torn or foreign file
        raise SimulationError(f"checkpoint {str(path)!r} cannot be read ({exc}); delete it to "
                              f"start the sweep afresh") from None
    if str(data.get("fingerprint", "")) != fingerprint:
        raise SimulationError(f"checkpoint {str(path)!r} belongs to a different sweep (model, "
                              f"times, samples, readouts or settings differ); delete it or "
                              f"choose another path")
    if data["values"].shape != (n_sets, n_readouts) or data["done"].shape != (n_chunks,):
        raise SimulationError(f"checkpoint {str(path)!r} has unexpected shapes; delete it")
    return data


def _save_checkpoint(path, fingerprint, values, status, done):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, fingerprint=np.array(fingerprint), values=values, status=status, done=done)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class _Progress:
    """tqdm bar over chunks (sigsim's own one-line bar when tqdm is missing)."""

    def __init__(self, total_sets, label):
        try:
            from tqdm.auto import tqdm
        except ImportError:
            from ..simulate._simulate import _ProgressBar

            self._bar, self._own = _ProgressBar(label), True
        else:
            self._bar, self._own = tqdm(total=total_sets, desc=label, unit="set"), False
        self.total, self.done = total_sets, 0

    def __call__(self, done, total):
        if self._own:
            self._bar(done, total)
        else:
            self._bar.update(done - self.done)
        self.done = done

    def close(self):
        if not self._own:
            self._bar.close()


def sweep(model, t, space, method="grid", n=None, seed=0, readouts=None, checkpoint=None,
          chunk_size=1024, progress=None, solver=None, **simulate_kwargs):
    """Simulate many parameter sets sampled from ``space`` and tabulate readouts.

    Parameters
    ----------
    model : sigsim.Model
    t : float or array_like
        Output times (or an end time), in the model's time unit, as for
        :func:`sigsim.simulate`.
    space : dict
        ``{name: spec}`` for parameters or species (initial values; with
        ``preequilibrate`` they apply after pre-equilibration, as a stimulus). ``spec`` is a
        range tuple ``(low, high)`` (uniform), ``(low, high, "log")`` (log-uniform; grids
        log-spaced) or, for grids only, a list or array of explicit values. Values are in the
        unit of the parameter or species.
    method : {"grid", "random", "lhs", "sobol"}
        ``"grid"``: full factorial product; ranges get ``n`` points each (default 5).
        ``"random"``: independent uniform (or log-uniform) draws. ``"lhs"``: Latin hypercube,
        ``"sobol"``: scrambled Sobol sequence (``scipy.stats.qmc``; ``n`` should be a power of
        2). For these three ``n`` is the number of sets; all are reproducible by ``seed``.
    n : int, optional
        Points per range (grid) or number of sets (other methods).
    seed : int
        Seed of the sampling.
    readouts : list, optional
        Readout specifications (see :func:`sigsim.protocols.as_readout`): ``(name, kind)``,
        ``(name, kind, t)``, ``"name:kind[:t]"`` or callables ``Result -> (n_sets,)``.
        Default: ``peak`` and ``end`` of every observable (of every species when the model
        has none).
    checkpoint : path-like, optional
        File (``.npz``) updated atomically after each finished chunk. A rerun of the same
        sweep (same model, times, samples, readouts and settings) skips the finished chunks;
        a different sweep refuses to reuse the file.
    chunk_size : int
        Sets per engine batch (one :func:`sigsim.simulate` call each).
    progress : bool, callable or None
        Progress bar (tqdm) over the sets; ``None`` shows it when stderr is a terminal and
        there are several chunks. A callable is called as ``progress(done, total)``.
    solver : str, optional
        Integration method, ``method=`` of :func:`sigsim.simulate` (whose name this
        function's ``method`` takes); default ``"auto"``.
    **simulate_kwargs
        Passed to :func:`sigsim.simulate` (``params`` and ``y0`` give fixed values of names
        that are not swept; ``doses``, ``preequilibrate``, ``threads``, ``rtol``, ...).

    Returns
    -------
    SweepResult
        ``.table`` holds one row per set with the swept values and readouts.
    """
    axes = _axes(model, space)
    samples = sample_space(axes, method, n, seed)
    names = [a.name for a in axes]
    specs = [as_readout(s) for s in (default_readouts(model) if readouts is None else readouts)]
    labels = [lab for lab, _ in specs]
    if len(set(labels)) != len(labels):
        raise ValueError(f"readout labels must be unique; got {labels}")
    clash = set(labels) & set(names + ["set", "status"])
    if clash:
        raise ValueError(f"readout labels {sorted(clash)} clash with table columns")
    fixed_p = dict(simulate_kwargs.pop("params", None) or {})
    fixed_y = dict(simulate_kwargs.pop("y0", None) or {})
    both = [a.name for a in axes if a.name in (fixed_p if a.kind == "p" else fixed_y)]
    if both:
        raise ValueError(f"{both} are both swept and fixed (params/y0); give each once")
    simulate_kwargs.pop("progress", None)
    if solver is not None:
        simulate_kwargs["method"] = solver
    chunk_size = int(chunk_size)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1; got {chunk_size}")
    n_sets = samples.shape[0]
    n_chunks = -(-n_sets // chunk_size)
    values = np.full((n_sets, len(labels)), np.nan)
    status = np.zeros(n_sets, dtype=np.int64)
    done = np.zeros(n_chunks, dtype=bool)
    fp = None
    if checkpoint is not None:
        checkpoint = Path(checkpoint)
        fp = _fingerprint(model, t, samples, labels, names,
                          dict(simulate_kwargs, params=fixed_p, y0=fixed_y))
        data = _load_checkpoint(checkpoint, fp, n_sets, len(labels), n_chunks)
        if data is not None:
            values[:], status[:], done[:] = data["values"], data["status"], data["done"]
    if progress is None:
        progress = n_chunks > 1 and sys.stderr.isatty()
    bar = _Progress(n_sets, f"sweep {model.name}") if progress is True else None
    report = bar if bar is not None else (progress if callable(progress) else None)
    chunks_run = 0
    try:
        for c in range(n_chunks):
            a, b = c * chunk_size, min((c + 1) * chunk_size, n_sets)
            if not done[c]:
                params, y0 = dict(fixed_p), dict(fixed_y)
                for j, ax in enumerate(axes):
                    (params if ax.kind == "p" else y0)[ax.name] = samples[a:b, j]
                res = _run_chunk(model, t, params, y0, simulate_kwargs)
                got = evaluate_readouts(res, specs)
                for k, lab in enumerate(labels):
                    values[a:b, k] = got[lab]
                status[a:b] = res.status
                done[c] = True
                chunks_run += 1
                if checkpoint is not None:
                    _save_checkpoint(checkpoint, fp, values, status, done)
            if report is not None:
                report(b, n_sets)
    finally:
        if bar is not None:
            bar.close()
    import pandas as pd

    table = pd.DataFrame({"set": np.arange(n_sets)})
    for j, name in enumerate(names):
        table[name] = samples[:, j]
    for k, lab in enumerate(labels):
        table[lab] = values[:, k]
    table["status"] = status
    settings = {"method": method, "n": n, "seed": seed, "chunk_size": chunk_size,
                "space": {a.name: (a.values.tolist() if a.values is not None else
                                   [a.low, a.high, "log" if a.log else "linear"])
                          for a in axes},
                "readouts": labels, "t": np.atleast_1d(np.asarray(t, dtype=float)).tolist(),
                "fixed_params": fixed_p, "fixed_y0": fixed_y,
                "simulate": {k: repr(v) for k, v in simulate_kwargs.items()}}
    return SweepResult(table=table, samples=samples, names=names, readouts=labels,
                       method=method, seed=seed, chunks_run=chunks_run, settings=settings)
