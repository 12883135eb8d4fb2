"""Simulation results: arrays shaped (n_sets, n_times), tidy tables, quick plots."""

from __future__ import annotations

import difflib

import numpy as np

from ..solvers._status import STATUS_MESSAGES

#: Names of the solver statistics slots, in the order of the kernels' stats arrays.
STAT_NAMES = ("steps", "accepted", "rejected", "rhs_evals", "jac_evals", "factorizations",
              "solves", "events")


def status_message(code: int) -> str:
    return STATUS_MESSAGES.get(int(code), f"unknown status {int(code)}")


class Result:
    """Trajectories of one or many parameter sets.

    Indexing by a species, assignment or observable name gives an array of shape
    ``(n_sets, n_times)`` (also for a single set). ``shape`` is the broadcast shape of the
    parameter sets, so ``res["A"].reshape(res.shape + (-1,))`` restores a grid.

    Attributes
    ----------
    t : (n_times,) array
    y : (n_sets, n_times, n_species) array of species concentrations
    status : (n_sets,) int array, 0 = success
    stats : (n_sets, 8) int array of solver statistics (see :data:`STAT_NAMES`)
    params : (n_sets, n_parameters) array of the parameter values used
    """

    def __init__(self, *, model_name, t, y, species, parameters, params, shape, status, stats,
                 method, rtol, atol, derived_names=(), derived_fn=None, time_unit=None,
                 species_units=None, extra=None):
        self.model_name = model_name
        self.t = t
        self.y = y
        self.species = list(species)
        self.parameters = list(parameters)
        self.params = params
        self.shape = tuple(shape)
        self.status = status
        self.stats = stats
        self.method = method
        self.rtol = rtol
        self.atol = atol
        self.derived_names = list(derived_names)
        self._derived_fn = derived_fn
        self._derived = None
        self.time_unit = time_unit
        self.species_units = species_units or {}
        self.extra = extra or {}

    # ------------------------------------------------------------------ access
    @property
    def n_sets(self) -> int:
        return self.y.shape[0]

    @property
    def names(self) -> list:
        """Every name that can be used as ``res[name]``."""
        return self.species + self.derived_names

    @property
    def ok(self) -> bool:
        """True when every parameter set succeeded."""
        return bool(np.all(self.status == 0))

    @property
    def messages(self) -> list:
        """Human-readable status message of each parameter set."""
        return [status_message(s) for s in self.status]

    @property
    def derived(self) -> np.ndarray:
        """(n_sets, n_times, n_derived) assignments and observables, computed on first use."""
        if self._derived is None:
            if self._derived_fn is None or not self.derived_names:
                self._derived = np.zeros(self.y.shape[:2] + (0,))
            else:
                self._derived = self._derived_fn(self.y)
        return self._derived

    def __getitem__(self, name):
        if name in self.species:
            return self.y[:, :, self.species.index(name)]
        if name in self.derived_names:
            return self.derived[:, :, self.derived_names.index(name)]
        close = difflib.get_close_matches(str(name), self.names, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"{name!r} is not a species, assignment or observable of "
                       f"{self.model_name!r}{hint}")

    def __contains__(self, name):
        return name in self.species or name in self.derived_names

    def final(self, name=None):
        """Values at the last output time: (n_sets,) for a name, else (n_sets, n_species)."""
        return self.y[:, -1, :] if name is None else self[name][:, -1]

    def stats_dict(self, index=0) -> dict:
        """Solver statistics of parameter set ``index`` as a dict."""
        return {k: int(v) for k, v in zip(STAT_NAMES, self.stats[index])}

    # ------------------------------------------------------------------ tables
    def to_frame(self, names=None, params=False, long=False):
        """Results as a pandas DataFrame.

        Parameters
        ----------
        names : list of str, optional
            Columns to include (default: all species, assignments and observables).
        params : bool or list of str
            Add the parameter values of each set as columns (all, or the listed ones).
        long : bool
            Tidy long format: one row per (set, time, variable) with a ``value`` column.
        """
        import pandas as pd

        names = self.names if names is None else list(names)
        n_sets, n_t = self.y.shape[:2]
        data = {"set": np.repeat(np.arange(n_sets), n_t), "t": np.tile(self.t, n_sets)}
        if params:
            chosen = self.parameters if params is True else list(params)
            for q in chosen:
                data[q] = np.repeat(self.params[:, self.parameters.index(q)], n_t)
        for name in names:
            data[name] = self[name].reshape(-1)
        data["status"] = np.repeat(self.status, n_t)
        df = pd.DataFrame(data)
        if long:
            ids = [c for c in df.columns if c not in names]
            df = df.melt(id_vars=ids, value_vars=names, var_name="variable", value_name="value")
        return df

    # ------------------------------------------------------------------ display
    def __repr__(self):
        failed = int(np.count_nonzero(self.status))
        state = "all succeeded" if failed == 0 else f"{failed} failed ({self.messages[np.argmax(self.status != 0)]})"
        return (f"<Result {self.model_name!r}: {self.n_sets} set(s) x {len(self.t)} times, "
                f"t = {self.t[0]:g}..{self.t[-1]:g} {self.time_unit or ''}".rstrip()
                + f", {len(self.species)} species, method {self.method}, rtol {self.rtol:g}; {state}>")

    def plot(self, names=None, ax=None, sets=None, **kwargs):
        """Quick time-course plot of ``names`` (default: all species) with matplotlib."""
        from ..plotting import plot_result

        return plot_result(self, names=names, ax=ax, sets=sets, **kwargs)
