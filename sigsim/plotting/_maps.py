"""Heat maps of parameter sweeps and drug combinations; sensitivity bar charts."""

from __future__ import annotations

import numpy as np

from ._style import PALETTE, finish_axes, new_axes, paper_style, plain_number

__all__ = ["plot_heatmap", "plot_sensitivity"]


def _cell_edges(values, log, what):
    """Cell centres and edges along one axis of a heat map.

    On a log axis the cells are centred on log10(value); a zero (the no-drug row or column)
    gets a cell one typical step below the smallest positive value.
    """
    v = np.asarray(values, dtype=float).ravel()
    if v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError(f"{what} values must be finite and non-empty")
    if v.size > 1 and not (np.all(np.diff(v) > 0) or np.all(np.diff(v) < 0)):
        raise ValueError(f"{what} values must be strictly increasing or decreasing")
    if log:
        if np.any(v < 0):
            raise ValueError(f"{what} values must be >= 0 on a log axis (log_{what[0]}=True)")
        if np.sum(v == 0) > 1:
            raise ValueError(f"{what} has several zeros")
        pos = v > 0
        c = np.empty_like(v)
        c[pos] = np.log10(v[pos])
        if (~pos).any():
            lp = np.sort(c[pos])
            step = np.median(np.diff(lp)) if lp.size > 1 else 1.0
            c[~pos] = lp[0] - step
    else:
        c = v.copy()
    if c.size == 1:
        return c, np.array([c[0] - 0.5, c[0] + 0.5])
    mids = 0.5 * (c[1:] + c[:-1])
    edges = np.concatenate([[c[0] - (mids[0] - c[0])], mids, [c[-1] + (c[-1] - mids[-1])]])
    return c, edges


def _ticks(values, centres, log, most=10):
    """Tick positions and labels: every cell when there are few, else round values (decades
    on log axes, plus the zero cell) placed where they fall between the cell centres."""
    v = np.asarray(values, dtype=float)
    if v.size <= most:
        return centres, [plain_number(x) for x in v]
    from matplotlib import ticker

    if log:
        pos = v[v > 0]
        lo, hi = np.log10(pos.min()), np.log10(pos.max())
        cand = [10.0 ** e for e in range(int(np.floor(lo)), int(np.ceil(hi)) + 1)]
        if hi - lo < 2:
            cand = [m * c for c in cand for m in (1, 2, 5)]
        cand = np.array([c for c in cand if lo - 1e-9 <= np.log10(c) <= hi + 1e-9])
        if cand.size > most:
            cand = cand[::int(np.ceil(cand.size / most))]
        locs = list(np.log10(cand))
        labels = [plain_number(c) for c in cand]
        if (v == 0).any():
            locs.insert(0, float(centres[v == 0][0]))
            labels.insert(0, "0")
        return np.array(locs), labels
    cand = ticker.MaxNLocator(6).tick_values(v.min(), v.max())
    cand = cand[(cand >= v.min() - 1e-12) & (cand <= v.max() + 1e-12)]
    return cand, [plain_number(c) for c in cand]


def plot_heatmap(matrix, x, y, xlabel, ylabel, ax=None, cbar_label="", log_x=True, log_y=True,
                 diverging=False, annotate=False, fmt="{:.2f}", cmap=None, vlim=None,
                 title=None):
    """Heat map of a 2-D sweep or a drug-combination grid, ticks labelled with the real values.

    Parameters
    ----------
    matrix : array_like, shape (len(y), len(x))
        Values; rows follow ``y`` (drawn bottom to top), columns follow ``x``. NaN cells are
        drawn light grey.
    x, y : array_like
        The swept values (e.g. concentrations in nM), monotonic; may start at 0 on log axes.
    xlabel, ylabel : str
        Axis labels with units, e.g. ``"tocilizumab (nM)"``.
    ax : matplotlib Axes, optional
    cbar_label : str
        Colour bar label, e.g. ``"Bliss excess"`` or ``"pSTAT3 (% of control)"``.
    log_x, log_y : bool
        Place cells at log10 of the values (zero gets one extra cell below the smallest
        positive value). With False, cells are centred at the values on a linear scale.
    diverging : bool
        A blue-white-red map with limits symmetric about 0 (synergy or excess scores:
        positive red).
    annotate : bool
        Write each value, formatted with ``fmt``, in its cell (black or white for contrast).
    fmt : str
        ``str.format`` pattern for the annotations.
    cmap : str, optional
        Colour map (default ``viridis``, or ``RdBu_r`` when diverging).
    vlim : tuple, optional
        Colour limits ``(vmin, vmax)``; diverging maps default to ``(-m, m)`` with ``m`` the
        largest absolute value.
    title : str, optional

    Returns
    -------
    matplotlib Axes
        The heat map's colour bar is ``ax.collections[0].colorbar``.
    """
    import matplotlib
    import matplotlib.colors as mcolors

    m = np.asarray(matrix, dtype=float)
    xv = np.asarray(x, dtype=float).ravel()
    yv = np.asarray(y, dtype=float).ravel()
    if m.ndim != 2:
        raise ValueError(f"matrix must be 2-D; got shape {m.shape}")
    if m.shape != (yv.size, xv.size):
        hint = " (transpose it: rows follow y)" if m.shape == (xv.size, yv.size) else ""
        raise ValueError(f"matrix has shape {m.shape}; expected (len(y), len(x)) = "
                         f"{(yv.size, xv.size)}{hint}")
    cx, ex = _cell_edges(xv, log_x, "x")
    cy, ey = _cell_edges(yv, log_y, "y")
    if ax is None:
        ax = new_axes((4.4, 3.6))
    finite = m[np.isfinite(m)]
    if vlim is not None:
        vmin, vmax = vlim
    elif diverging:
        lim = float(np.max(np.abs(finite))) if finite.size else 1.0
        lim = lim if lim > 0 else 1.0
        vmin, vmax = -lim, lim
    else:
        vmin = float(finite.min()) if finite.size else 0.0
        vmax = float(finite.max()) if finite.size else 1.0
        if vmax <= vmin:
            vmin, vmax = vmin - 0.5, vmax + 0.5
    cm = matplotlib.colormaps[cmap or ("RdBu_r" if diverging else "viridis")]
    cm = cm.with_extremes(bad="0.85")
    norm = mcolors.Normalize(vmin, vmax)
    with paper_style():
        mesh = ax.pcolormesh(ex, ey, np.ma.masked_invalid(m), cmap=cm, norm=norm,
                             shading="flat", edgecolors="face", linewidth=0.0)
        cb = ax.figure.colorbar(mesh, ax=ax, pad=0.03, fraction=0.07)
        cb.set_label(cbar_label)
        cb.ax.tick_params(labelsize=8.5)
        cb.outline.set_linewidth(0.6)
        for axis, centres, vals, log in ((ax.xaxis, cx, xv, log_x), (ax.yaxis, cy, yv, log_y)):
            axis.set_ticks(*_ticks(vals, centres, log))
        xlabels = [t.get_text() for t in ax.get_xticklabels()]
        if max(len(t) for t in xlabels) * len(xlabels) > 40:
            ax.tick_params(axis="x", labelrotation=45)
            for lab in ax.get_xticklabels():
                lab.set_ha("right")
                lab.set_rotation_mode("anchor")
        ax.set_xlim(ex.min(), ex.max())
        ax.set_ylim(ey.min(), ey.max())
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        finish_axes(ax, spines=())
        ax.tick_params(which="both", length=0, pad=3)
        if annotate:
            size = 8 if max(m.shape) <= 8 else 6.5
            for i, yc in enumerate(cy):
                for j, xc in enumerate(cx):
                    v = m[i, j]
                    if not np.isfinite(v):
                        continue
                    r, g, b, _ = cm(norm(v))
                    light = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
                    text = fmt.format(v)
                    if text.startswith("-") and not any(ch in "123456789" for ch in text):
                        text = text[1:]                     # "-0.00" -> "0.00"
                    ax.text(xc, yc, text, ha="center", va="center", fontsize=size,
                            color="black" if light else "white")
    return ax


def plot_sensitivity(names, values=None, ax=None, errors=None, xlabel="normalized sensitivity",
                     top=None, title=None):
    """Horizontal bars of sensitivities, largest magnitude at the top.

    Parameters
    ----------
    names : sequence of str, or None
        Parameter names (default: the index of a DataFrame or Series ``values``). A DataFrame
        passed here with ``values`` left out is taken as ``values``.
    values : array_like, pandas Series, or DataFrame with columns ``S1`` and ``ST``
        Local (e.g. normalized) coefficients, signed: negative bars go left of zero and are
        coloured differently. Or Sobol first-order (S1) and total (ST) indices, drawn side by
        side and sorted by ST; columns ``S1_conf`` and ``ST_conf`` (SALib's names), when
        present, give the error bars.
    ax : matplotlib Axes, optional
    errors : array_like or DataFrame, optional
        Error bar half-widths (same shape as ``values``; for Sobol a DataFrame with columns
        S1 and ST, or S1_conf and ST_conf).
    xlabel : str
        Default becomes ``"Sobol index"`` for S1/ST input.
    top : int, optional
        Show only the ``top`` largest.
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    if values is None and hasattr(names, "columns"):
        names, values = None, names
    if values is None:
        raise ValueError("plot_sensitivity needs values")
    sobol = hasattr(values, "columns") and {"S1", "ST"} <= set(values.columns)
    if hasattr(values, "columns") and not sobol:
        if values.shape[1] != 1:
            raise ValueError("a DataFrame of sensitivities needs columns S1 and ST, or one "
                             f"column; got {list(values.columns)}")
        values = values.iloc[:, 0]
    if names is None:
        if not hasattr(values, "index"):
            raise ValueError("names are needed when values is not a pandas object")
        names = list(values.index)
    names = [str(v) for v in names]
    if sobol:
        data = np.column_stack([np.asarray(values["S1"], dtype=float),
                                np.asarray(values["ST"], dtype=float)])
        if errors is None and {"S1_conf", "ST_conf"} <= set(values.columns):
            errors = values[["S1_conf", "ST_conf"]]
        if errors is not None:
            if hasattr(errors, "columns"):
                cols = ["S1", "ST"] if {"S1", "ST"} <= set(errors.columns) else \
                    ["S1_conf", "ST_conf"]
                errors = errors[cols]
            errors = np.asarray(errors, dtype=float).reshape(data.shape)
        key = np.abs(data[:, 1])
        if xlabel == "normalized sensitivity":
            xlabel = "Sobol index"
    else:
        data = np.asarray(values, dtype=float).ravel()[:, None]
        if errors is not None:
            errors = np.asarray(errors, dtype=float).reshape(data.shape)
        key = np.abs(data[:, 0])
    if len(names) != data.shape[0]:
        raise ValueError(f"{len(names)} names for {data.shape[0]} values")
    if top is not None:
        if int(top) < 1:
            raise ValueError("top must be >= 1")
    order = np.argsort(-np.nan_to_num(key, nan=-np.inf), kind="stable")[:top]
    data = data[order]
    errors = errors[order] if errors is not None else None
    names = [names[i] for i in order]
    n = len(names)
    if ax is None:
        ax = new_axes((4.2, 0.6 + (0.34 if not sobol else 0.42) * n + 0.5))
    y = np.arange(n)
    with paper_style():
        if sobol:
            h = 0.38
            for j, (lab, col) in enumerate((("first order (S1)", PALETTE[0]),
                                             ("total (ST)", PALETTE[1]))):
                ax.barh(y + (j - 0.5) * h, data[:, j], height=h, color=col, label=lab,
                        xerr=None if errors is None else errors[:, j],
                        error_kw={"elinewidth": 0.9, "capsize": 1.5, "ecolor": "0.25"})
            ax.legend(loc="lower right")
            ax.set_xlim(left=min(0.0, np.nanmin(data) * 1.1))
        else:
            v = data[:, 0]
            signed = np.any(v < 0) and np.any(v > 0)
            cols = [PALETTE[0] if (vi >= 0 or not signed) else PALETTE[3] for vi in v]
            ax.barh(y, v, height=0.65, color=cols,
                    xerr=None if errors is None else errors[:, 0],
                    error_kw={"elinewidth": 0.9, "capsize": 1.5, "ecolor": "0.25"})
            if np.any(v < 0):
                ax.axvline(0, color="0.3", lw=0.8)
        ax.set_yticks(y, names)
        ax.set_ylim(n - 0.5, -0.5)            # largest at the top
        ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title)
        finish_axes(ax)
        ax.tick_params(axis="y", length=0)
    return ax
