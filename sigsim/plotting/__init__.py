"""Figures for papers, drawn with matplotlib (imported only when a plot is asked for).

- :func:`plot_result`: time courses of a :class:`sigsim.Result`, one panel per species.
- :func:`plot_timecourses`: several curves (doses, drugs) on one Axes, legend or colour bar.
- :func:`plot_dose_response`: points on a log-dose axis, fitted Hill curve, IC50/EC50 marked.
- :func:`plot_heatmap`: sweeps and drug-combination grids (diverging for synergy scores).
- :func:`plot_sensitivity`: sorted bars of local coefficients or Sobol S1/ST indices.
- :func:`plot_pk`: concentration-time profiles with dose marks and occupancy on a right axis.
- :func:`paper_style` (fonts, spines, colour-blind-safe palette) and :func:`save_figure`.

Every plot function takes an optional ``ax`` to draw into (e.g. a panel of a multi-panel
figure) and returns the Axes; without one it makes a one-column-sized figure.
"""

from __future__ import annotations

import numpy as np

from ._curves import plot_dose_response, plot_pk, plot_timecourses
from ._maps import plot_heatmap, plot_sensitivity
from ._style import PALETTE, PAPER_RC, format_quantity, paper_style, plain_number, save_figure
from ._style import pyplot as _pyplot

__all__ = ["plot_result", "plot_timecourses", "plot_dose_response", "plot_heatmap",
           "plot_sensitivity", "plot_pk", "paper_style", "save_figure", "PALETTE", "PAPER_RC",
           "format_quantity", "plain_number"]



def plot_result(res, names=None, ax=None, sets=None, max_sets=12, ncols=3, title=None,
                log_time=False):
    """Time courses of a :class:`sigsim.Result`: one panel per name, one line per set.

    Parameters
    ----------
    res : sigsim.Result
    names : list of str, optional
        What to draw (default: every species).
    ax : matplotlib Axes, optional
        Draw every name into this one Axes instead of a panel grid.
    sets : sequence of int, optional
        Which parameter sets to draw (default: up to ``max_sets`` evenly spaced ones).
    Returns
    -------
    matplotlib Figure
    """
    plt = _pyplot()
    names = list(res.species if names is None else ([names] if isinstance(names, str) else names))
    if sets is None:
        sets = np.unique(np.linspace(0, res.n_sets - 1, min(res.n_sets, max_sets)).astype(int))
    colors = plt.cm.viridis(np.linspace(0.05, 0.9, len(sets))) if len(sets) > 1 else ["C0"]
    tunit = f" ({res.time_unit})" if res.time_unit else ""
    if ax is not None:
        fig = ax.figure
        for k, name in enumerate(names):
            for c, i in zip(colors, sets):
                ax.plot(res.t, res[name][i], color=f"C{k}" if len(sets) == 1 else c,
                        label=name if i == sets[0] else None)
        ax.set_xlabel("time" + tunit)
        ax.legend(frameon=False)
        if log_time:
            ax.set_xscale("symlog")
        return fig
    ncols = min(ncols, len(names))
    nrows = int(np.ceil(len(names) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.8 * nrows), squeeze=False,
                             sharex=True, constrained_layout=True)
    labels = _set_labels(res, sets)
    for a, name in zip(axes.flat, names):
        for c, i, lab in zip(colors, sets, labels):
            a.plot(res.t, res[name][i], color=c, lw=1.6, label=lab)
        unit = res.species_units.get(name)
        a.set_title(name + (f" [{unit}]" if unit else ""), fontsize=10)
        a.spines[["top", "right"]].set_visible(False)
        if log_time:
            a.set_xscale("symlog")
    for a in axes.flat[len(names):]:
        a.set_visible(False)
    if any(labels):
        axes.flat[0].legend(frameon=False, fontsize=7)
    for a in axes[-1]:
        a.set_xlabel("time" + tunit)
    fig.suptitle(title or f"{res.model_name}", fontsize=11)
    return fig


def _set_labels(res, sets):
    """Legend labels naming the parameter values that differ between the drawn sets."""
    params = np.asarray(res.params)
    if len(sets) < 2 or params.ndim != 2:
        return [None] * len(sets)
    varying = [j for j in range(params.shape[1]) if np.ptp(params[sets, j]) > 0][:3]
    if not varying:
        return [f"set {i}" for i in sets]
    return [", ".join(f"{res.parameters[j]}={params[i, j]:.3g}" for j in varying) for i in sets]
