"""Time courses, dose-response curves and PK profiles for papers."""

from __future__ import annotations

import numbers

import numpy as np

from ._style import PALETTE, finish_axes, format_quantity, new_axes, paper_style, plain_number

__all__ = ["plot_timecourses", "plot_dose_response", "plot_pk"]


def _as_curves(curves, what):
    """A list of 1-D float arrays from one curve, a 2-D array (one row per curve) or a list."""
    if isinstance(curves, dict):
        curves = list(curves.values())
    if isinstance(curves, np.ndarray) or (
            isinstance(curves, (list, tuple)) and curves
            and all(isinstance(c, numbers.Number) for c in curves)):
        arr = np.asarray(curves, dtype=float)
        if arr.ndim == 1:
            return [arr]
        if arr.ndim == 2:
            return list(arr)
        raise ValueError(f"{what} must be 1-D or 2-D (one row per curve); got {arr.ndim}-D")
    out = [np.asarray(c, dtype=float).ravel() for c in curves]
    if not out:
        raise ValueError(f"{what} is empty")
    return out


def _match_times(t, curves, what):
    """One time array per curve, checking lengths."""
    if isinstance(t, (list, tuple)) and t and not isinstance(t[0], numbers.Number):
        ts = [np.asarray(ti, dtype=float).ravel() for ti in t]
        if len(ts) != len(curves):
            raise ValueError(f"{len(ts)} time arrays for {len(curves)} {what} curves")
    else:
        ts = [np.asarray(t, dtype=float).ravel()] * len(curves)
    for k, (ti, c) in enumerate(zip(ts, curves)):
        if ti.size != c.size:
            raise ValueError(f"{what} curve {k} has {c.size} points but its time array has "
                             f"{ti.size}")
    return ts


def _is_numeric(labels):
    return labels is not None and len(labels) > 0 and all(
        isinstance(v, numbers.Number) and not isinstance(v, bool) for v in labels)


def _sequential(cmap, n_or_values, norm=None):
    """Colours from a sequential map, leaving out its palest end (invisible on white)."""
    import matplotlib

    cm = matplotlib.colormaps[cmap or "viridis"]
    if norm is None:
        pos = np.linspace(0.0, 0.88, n_or_values) if n_or_values > 1 else np.array([0.0])
    else:
        pos = 0.88 * np.clip(norm(np.asarray(n_or_values, dtype=float)), 0, 1)
    return [cm(p) for p in pos], cm


def plot_timecourses(t, curves, ylabel, xlabel="time (min)", labels=None, ax=None, title=None,
                     cmap=None, legend_title=None, colorbar=None, styles=None):
    """Several time courses on one Axes (one per dose, drug or condition).

    Parameters
    ----------
    t : array_like
        Time points shared by every curve, or a list with one time array per curve.
    curves : array_like or list of array_like or dict
        One curve (1-D), one curve per row (2-D), a list of curves, or ``{label: curve}``.
    ylabel, xlabel : str
        Axis labels with units, e.g. ``"pSTAT3 (nM)"`` and ``"time (min)"``.
    labels : sequence of str or of numbers, optional
        One per curve. Numbers are read as concentrations: with more than 6 curves (or
        ``colorbar=True``) the curves are coloured on a log-scaled colour bar instead of a
        legend; a zero concentration is drawn as a black dashed line labelled ``0``.
    ax : matplotlib Axes, optional
    title : str, optional
    cmap : str, optional
        Sequential colour map for numeric labels (default ``viridis``) or for more than 8
        curves.
    legend_title : str, optional
        Title of the legend or label of the colour bar, e.g. ``"IL-6 (nM)"``.
    colorbar : bool, optional
        Force (True) or forbid (False) the colour bar for numeric labels.
    styles : sequence of str, optional
        Line styles per curve (default solid).

    Returns
    -------
    matplotlib Axes
    """
    if isinstance(curves, dict):
        labels = list(curves) if labels is None else labels
        curves = list(curves.values())
    curves = _as_curves(curves, "curves")
    ts = _match_times(t, curves, "time-course")
    n = len(curves)
    if labels is not None:
        labels = list(labels)
        if len(labels) != n:
            raise ValueError(f"{len(labels)} labels for {n} curves")
    if styles is not None and len(styles) != n:
        raise ValueError(f"{len(styles)} styles for {n} curves")
    if ax is None:
        ax = new_axes((4.6, 3.2) if n > 1 else (4.0, 3.0))
    numeric = _is_numeric(labels)
    with paper_style():
        use_cbar = numeric and (colorbar if colorbar is not None else n > 6)
        zero_style = {}
        if numeric:
            import matplotlib.colors as mcolors

            vals = np.asarray(labels, dtype=float)
            if np.any(vals < 0):
                raise ValueError("numeric labels are concentrations and must be >= 0")
            pos = vals[vals > 0]
            if pos.size and (pos.max() / pos.min() >= 10 or pos.size > 2):
                norm = mcolors.LogNorm(pos.min(), pos.max()) if pos.max() > pos.min() else None
            else:
                norm = mcolors.Normalize(0, pos.max() if pos.size else 1)
            if norm is None:
                colors, cm = _sequential(cmap, 1)
                colors = colors * n
            else:
                colors, cm = _sequential(cmap, np.where(vals > 0, vals, pos.min()
                                                        if pos.size else 1), norm)
            zero_style = {"color": "black", "ls": "--"}
        elif n <= len(PALETTE) and cmap is None:
            colors = list(PALETTE[:n])
        else:
            colors, cm = _sequential(cmap, n)
        for k, (ti, c) in enumerate(zip(ts, curves)):
            kw = {"color": colors[k], "lw": 1.8}
            if numeric and labels[k] == 0:
                kw.update(zero_style)
            if styles is not None:
                kw["ls"] = styles[k]
            lab = None
            if labels is not None:
                lab = plain_number(labels[k]) if numeric else str(labels[k])
            ax.plot(ti, c, label=lab, **kw)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.set_xlim(min(ti.min() for ti in ts), max(ti.max() for ti in ts))
        if use_cbar and norm is not None:
            import matplotlib.cm as mcm
            import matplotlib.colors as mcolors
            from matplotlib import ticker

            trunc = mcolors.ListedColormap(cm(np.linspace(0, 0.88, 256)))
            sm = mcm.ScalarMappable(norm=norm, cmap=trunc)
            cb = ax.figure.colorbar(sm, ax=ax, pad=0.02, fraction=0.06)
            cb.set_label(legend_title or "concentration")
            if isinstance(norm, mcolors.LogNorm):
                cb.ax.yaxis.set_major_formatter(
                    ticker.FuncFormatter(lambda v, _: plain_number(v)))
                cb.ax.yaxis.set_minor_formatter(ticker.NullFormatter())
            cb.ax.tick_params(labelsize=8.5)
            zero_lines = [ln for ln, v in zip(ax.lines[-n:], labels) if v == 0]
            if zero_lines:
                ax.legend(handles=zero_lines[:1], labels=["0"], title=legend_title,
                          loc="best")
        elif labels is not None and n > 1 or (labels is not None and legend_title):
            outside = n > 5
            ax.legend(title=legend_title, loc="upper left" if outside else "best",
                      bbox_to_anchor=(1.01, 1.0) if outside else None,
                      borderaxespad=0.2 if outside else 0.5)
        finish_axes(ax)
    return ax


# --------------------------------------------------------------------------- dose-response

_ZERO_FRAC = 0.045      # where zero-dose markers sit, as a fraction of the axes width
_SEG_END = 0.085        # end of the short zero-dose axis segment
_POS_START = 0.115      # start of the log-dose part of the x axis
_FIRST_DOSE = 0.16      # where the lowest positive dose sits
_RIGHT_PAD = 0.04


def _dose_locator(state, minor=False):
    """Decade ticks on the log-dose part of the axis plus the ``0`` tick of the zero marker."""
    from matplotlib import ticker

    class Locator(ticker.Locator):
        def __init__(self):
            subs = np.arange(2.0, 10.0) if minor else (1.0,)
            self._log = ticker.LogLocator(base=10.0, subs=subs, numticks=12)

        def set_axis(self, axis):
            super().set_axis(axis)
            self._log.set_axis(axis)

        def __call__(self):
            vmin, vmax = self.axis.get_view_interval()
            return self.tick_values(vmin, vmax)

        def tick_values(self, vmin, vmax):
            start = state.get("pos_start", vmin)
            lo = max(vmin, start)
            ticks = np.asarray(self._log.tick_values(lo, vmax))
            ticks = ticks[(ticks >= lo * (1 - 1e-9)) & (ticks <= vmax * (1 + 1e-9))]
            if not minor and ticks.size < 2:
                # under about a decade: 1-2-5 ticks
                dec = np.floor(np.log10(lo))
                cand = np.array([m * 10.0 ** e for e in np.arange(dec, np.log10(vmax) + 1)
                                 for m in (1, 2, 5)])
                ticks = cand[(cand >= lo * (1 - 1e-9)) & (cand <= vmax * (1 + 1e-9))]
            if not minor and state.get("zero_at"):
                ticks = np.concatenate([[state["zero_at"]], ticks])
            return ticks

    return Locator()


def _dose_formatter(state):
    from matplotlib import ticker

    def fmt(v, _pos):
        z = state.get("zero_at")
        if z and np.isclose(v, z, rtol=1e-6):
            return "0"
        return plain_number(v)

    return ticker.FuncFormatter(fmt)


def _replicates(doses, responses):
    """Responses as a 2-D array (n_replicates, n_doses)."""
    r = np.asarray(responses, dtype=float)
    n = doses.size
    if r.ndim == 1:
        if r.size != n:
            raise ValueError(f"{r.size} responses for {n} doses")
        return r[None, :]
    if r.ndim != 2:
        raise ValueError(f"responses must be 1-D or 2-D; got {r.ndim}-D")
    if r.shape[1] != n and r.shape[0] == n:
        r = r.T
    if r.shape[1] != n:
        raise ValueError(f"responses of shape {r.shape} do not match {n} doses "
                         "(expected (n_replicates, n_doses))")
    return r


def _mean_sd(doses, responses):
    """Mean and SD (None without replicates) per dose; replicates are rows of a 2-D
    ``responses`` (n_rep, n_doses)."""
    r = _replicates(doses, responses)
    if r.shape[0] == 1:
        return r[0], None
    with np.errstate(invalid="ignore"):
        sd = np.nanstd(r, axis=0, ddof=1)
    return np.nanmean(r, axis=0), sd


def plot_dose_response(doses, responses, fit=None, ax=None, label=None, dose_unit="nM",
                       ylabel="response (% of control)", color=None, mark_mid=True,
                       xlabel=None, zero_dose="show", mid_name=None, marker="o"):
    """Dose-response points on a log-dose axis with the fitted Hill curve and its IC50/EC50.

    Call it once per drug with the same ``ax`` to compare drugs: the axis range, the zero-dose
    markers and the legend are re-laid out on each call.

    Parameters
    ----------
    doses : array_like
        Concentrations in ``dose_unit`` (>= 0). A zero dose (the untreated control) is drawn
        at the left, on its own short stretch of the x axis labelled ``0``, separated from the
        log-dose axis by a gap.
    responses : array_like
        One response per dose, or replicates as rows of a 2-D array ``(n_rep, n_doses)``
        (drawn as mean +/- SD; an ``(n_doses, n_rep)`` array is read the same way).
    fit : HillFit or callable or True, optional
        The fitted curve (:class:`sigsim.protocols.HillFit` or any callable of dose, with an
        optional ``mid`` attribute). ``True`` fits one with
        :func:`sigsim.protocols.fit_hill`.
    ax : matplotlib Axes, optional
    label : str, optional
        Legend entry (e.g. the drug name).
    dose_unit : str
        Unit of the doses, shown in the axis label and in the IC50 label (molar units are
        rescaled for the label: 0.146 nM is written 146 pM).
    ylabel : str
    color : colour, optional
        Default: the next Okabe-Ito colour on this Axes.
    mark_mid : bool
        Mark the fit's IC50 (falling curve) or EC50 (rising curve) with a dashed drop line
        from the curve to the x axis and a text label with its value and unit.
    xlabel : str, optional
        Default ``"concentration (<dose_unit>)"``.
    zero_dose : {"show", "omit"}
        ``"omit"`` leaves out zero doses and writes a note ``0 <unit> not shown`` in the
        corner.
    mid_name : str, optional
        Name of the midpoint in the label (default ``IC50`` or ``EC50`` from the fit).
    marker : str
        Marker of the points.

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib import lines as mlines
    from matplotlib import transforms

    doses = np.asarray(doses, dtype=float).ravel()
    if doses.size == 0:
        raise ValueError("doses is empty")
    if np.any(~np.isfinite(doses)) or np.any(doses < 0):
        raise ValueError("doses must be finite and >= 0")
    if zero_dose not in ("show", "omit"):
        raise ValueError(f"zero_dose must be 'show' or 'omit', not {zero_dose!r}")
    mean, sd = _mean_sd(doses, responses)
    pos = doses > 0
    if not pos.any():
        raise ValueError("a dose-response plot needs at least one positive dose")
    if fit is True:
        from ..protocols import fit_hill

        reps = _replicates(doses, responses)
        fit = fit_hill(np.tile(doses, reps.shape[0]), reps.ravel())
    if fit is not None and not callable(fit):
        raise ValueError("fit must be a HillFit, a callable of dose, True or None")
    if ax is None:
        ax = new_axes((4.2, 3.2))
    state = ax.__dict__.setdefault("_sigsim_dose", {"series": [], "unit": dose_unit})
    if state["unit"] != dose_unit:
        raise ValueError(f"this Axes already shows doses in {state['unit']}; "
                         f"got dose_unit={dose_unit!r}")
    k = len(state["series"])
    color = color or PALETTE[k % len(PALETTE)]
    s = {"lo": doses[pos].min(), "hi": doses[pos].max(), "color": color, "fit": fit,
         "increasing": None, "zero": [], "drop": None, "text": None}
    with paper_style():
        ax.set_xscale("log")
        if sd is not None:
            ax.errorbar(doses[pos], mean[pos], yerr=sd[pos], fmt=marker, color=color,
                        ms=5.5, capsize=2.0, lw=1.0, zorder=3)
        else:
            ax.plot(doses[pos], mean[pos], marker, color=color, ms=5.5, zorder=3, ls="none")
        ylo = np.nanmin(mean - (sd if sd is not None else 0))
        yhi = np.nanmax(mean + (sd if sd is not None else 0))
        zero = ~pos
        if zero.any() and zero_dose == "show":
            z_mean = np.nanmean(mean[zero])
            z_sd = np.nanmean(sd[zero]) if sd is not None else None
            pt = ax.plot([1.0], [z_mean], marker, color=color, ms=5.5, zorder=3, ls="none",
                         clip_on=False)[0]
            s["zero"].append(pt)
            if z_sd is not None and np.isfinite(z_sd):
                bar = ax.plot([1.0, 1.0], [z_mean - z_sd, z_mean + z_sd], color=color,
                              lw=1.0, zorder=3, clip_on=False)[0]
                s["zero"].append(bar)
        elif zero.any():
            if not state.get("note"):
                state["note"] = ax.text(0.99, 0.99, f"0 {dose_unit} not shown", fontsize=7,
                                        color="0.4", transform=ax.transAxes, ha="right",
                                        va="top")
        if fit is not None:
            s["line"] = ax.plot([], [], color=color, lw=1.8, zorder=2)[0]
            mid = getattr(fit, "mid", None)
            inc = getattr(fit, "increasing", None)
            if inc is None:
                inc = bool(fit(s["hi"]) > fit(s["lo"]))
            s["increasing"] = inc
            if mark_mid and mid is not None and np.isfinite(mid) and mid > 0:
                name = mid_name or ("EC50" if inc else "IC50")
                s["mid"] = float(mid)
                s["drop"] = ax.plot([mid, mid], [0, 0], color=color, lw=1.0, ls="--",
                                    zorder=1)[0]
                blend = transforms.blended_transform_factory(ax.transData, ax.transAxes)
                n_mid = sum(1 for o in state["series"] if o.get("drop") is not None)
                s["text"] = ax.annotate(
                    f"{name} = {format_quantity(mid, dose_unit)}", xy=(mid, 0.035 + 0.075 * n_mid),
                    xycoords=blend, xytext=(4 if inc else -4, 0), textcoords="offset points",
                    ha="left" if inc else "right", va="bottom", fontsize=8.5, color=color)
            fy = np.asarray(fit(np.geomspace(s["lo"], s["hi"], 50)), dtype=float)
            ylo, yhi = min(ylo, np.nanmin(fy)), max(yhi, np.nanmax(fy))
        s["ylo"], s["yhi"] = ylo, yhi
        s["y_lo_dose"] = np.nanmax(mean[pos][doses[pos] == s["lo"]])
        s["y_hi_dose"] = np.nanmax(mean[pos][doses[pos] == s["hi"]])
        if fit is not None:
            s["y_lo_dose"] = max(s["y_lo_dose"], float(fit(s["lo"])))
            s["y_hi_dose"] = max(s["y_hi_dose"], float(fit(s["hi"])))
        s["handle"] = mlines.Line2D([], [], color=color, marker=marker, ms=5.5,
                                    ls="-" if fit is not None else "none", lw=1.8)
        s["label"] = label
        state["series"].append(s)
        _layout_dose_axes(ax, state)
        ax.set_xlabel(xlabel or f"concentration ({dose_unit})")
        ax.set_ylabel(ylabel)
        # several marked midpoints: their values go into the legend, where they cannot
        # collide with each other's drop lines
        marked = [o for o in state["series"] if o["text"] is not None]
        in_legend = len(marked) > 1 and all(o["label"] for o in marked)
        for o in marked:
            o["text"].set_visible(not in_legend)
        shown = [o for o in state["series"] if o["label"]]
        if shown:
            ax.legend(handles=[o["handle"] for o in shown],
                      labels=[o["label"] + (f"\n{o['text'].get_text()}"
                                            if in_legend and o["text"] is not None else "")
                              for o in shown], loc=_dose_legend_loc(ax, state["series"]))
        finish_axes(ax)
    return ax


def _dose_legend_loc(ax, series):
    """The empty corner: upper right when every curve has fallen below mid-height at its
    highest dose, upper left when every curve starts below it; else matplotlib's choice."""
    bottom, top = ax.get_ylim()
    low = bottom + 0.55 * (top - bottom)
    if all(o["y_hi_dose"] < low for o in series):
        return "upper right"
    if all(o["y_lo_dose"] < low for o in series) and not any(o["zero"] for o in series):
        return "upper left"
    return "best"


def _layout_dose_axes(ax, state):
    """x range, zero-dose markers, the broken x axis, fit curves and drop lines of every series
    drawn so far on a dose-response Axes."""
    from matplotlib import lines as mlines
    from matplotlib import ticker

    series = state["series"]
    lo = min(o["lo"] for o in series)
    hi = max(o["hi"] for o in series)
    L, H = np.log10(lo), np.log10(hi)
    if H - L < 0.5:
        L, H = L - 0.5, H + 0.5
    with_zero = [o for o in series if o["zero"]]
    first = _FIRST_DOSE if with_zero else 0.05
    span = (H - L) / (1.0 - first - _RIGHT_PAD)
    left, right = L - first * span, H + _RIGHT_PAD * span
    ax.set_xlim(10 ** left, 10 ** right)
    if with_zero:
        state["pos_start"] = 10 ** (left + _POS_START * span)
        state["zero_at"] = 10 ** (left + _ZERO_FRAC * span)
        width = 0.03
        offs = (np.linspace(-width, width, len(with_zero)) if len(with_zero) > 1 else [0.0])
        for o, d in zip(with_zero, offs):
            x = 10 ** (left + (_ZERO_FRAC + d) * span)
            for art in o["zero"]:
                art.set_xdata([x] * len(art.get_xdata()))
        ax.spines["bottom"].set_bounds(state["pos_start"], 10 ** right)
        if state.get("zero_seg") is None:
            sp = ax.spines["bottom"]
            state["zero_seg"] = ax.add_line(mlines.Line2D(
                [0.0, _SEG_END], [0.0, 0.0], transform=ax.transAxes, clip_on=False,
                color=sp.get_edgecolor(), lw=sp.get_linewidth(), solid_capstyle="butt"))
    else:
        state["pos_start"] = 10 ** left
        state["zero_at"] = None
    ax.xaxis.set_major_locator(_dose_locator(state))
    ax.xaxis.set_minor_locator(_dose_locator(state, minor=True))
    ax.xaxis.set_major_formatter(_dose_formatter(state))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ylo = min(o["ylo"] for o in series)
    yhi = max(o["yhi"] for o in series)
    pad = 0.06 * (yhi - ylo if yhi > ylo else max(abs(yhi), 1.0))
    bottom = min(0.0, ylo - pad)
    top = yhi + pad
    ax.set_ylim(bottom, top)
    x_fit = np.geomspace(10 ** (L - 0.02 * span), 10 ** right, 300)
    for o in series:
        if o["fit"] is None:
            continue
        o["line"].set_data(x_fit, np.asarray(o["fit"](x_fit), dtype=float))
        if o["drop"] is not None:
            m = o["mid"]
            inside = 10 ** L / 1.0001 <= m <= 10 ** H * 1.0001
            o["drop"].set_data([m, m], [bottom, float(o["fit"](m))])
            o["drop"].set_visible(inside)
            if not inside:
                edge = 10 ** H if m > 10 ** H else 10 ** L
                o["text"].xy = (edge, o["text"].xy[1])
                name, _, _ = o["text"].get_text().partition(" = ")
                o["text"].set_text(f"{name} {'>' if m > 10 ** H else '<'} "
                                   f"{format_quantity(edge, state['unit'])}")
                o["text"].set_ha("right" if m > 10 ** H else "left")


# --------------------------------------------------------------------------- PK profiles

def _plain_log_axis(axis):
    """Log axis labelled 1, 10, 100 (not 10^n); 2 and 5 also labelled over short ranges."""
    from matplotlib import ticker

    def major(v, _pos):
        return plain_number(v)

    def minor(v, _pos):
        lo, hi = sorted(axis.get_view_interval())
        if hi / lo > 300:
            return ""
        m = v / 10 ** np.floor(np.log10(v) + 1e-9)
        return plain_number(v) if np.isclose(m, 2) or np.isclose(m, 5) else ""

    axis.set_major_formatter(ticker.FuncFormatter(major))
    axis.set_minor_formatter(ticker.FuncFormatter(minor))


def _per_regimen_doses(dose_times, n):
    """None, a list shared by all regimens, or one list per regimen."""
    if dose_times is None:
        return None, True
    dt = list(dose_times) if not isinstance(dose_times, np.ndarray) else dose_times
    if isinstance(dt, np.ndarray) and dt.ndim == 1 or (
            len(dt) and all(isinstance(v, numbers.Number) for v in dt)) or len(dt) == 0:
        return [np.asarray(dt, dtype=float).ravel()], True
    out = [np.asarray(d, dtype=float).ravel() for d in dt]
    if len(out) != n:
        raise ValueError(f"{len(out)} dose-time lists for {n} regimens")
    return out, False


def plot_pk(t_days, conc, dose_times=None, conc_label="concentration (µg/mL)", occupancy=None,
            occupancy_label="receptor occupancy (%)", ax=None, log_y=False, labels=None,
            xlabel="time (days)", title=None):
    """Concentration-time profiles with dose marks, and receptor occupancy on a right axis.

    Parameters
    ----------
    t_days : array_like
        Times in days, shared by every regimen, or one time array per regimen.
    conc : array_like or list of array_like
        One profile, or one per regimen (list, or 2-D array with one row per regimen), in the
        unit named by ``conc_label``.
    dose_times : array_like or list of array_like, optional
        Dose times in days, shared by all regimens or one list per regimen; drawn as small
        downward triangles above the plot (one row per regimen, in its colour).
    conc_label : str
    occupancy : array_like or list of array_like, optional
        Receptor occupancy per regimen (same shapes as ``conc``), drawn dashed on a twin right
        axis (0-100 when ``occupancy_label`` contains ``%``). The twin Axes is the returned
        Axes' attribute ``sigsim_occupancy_axes``.
    occupancy_label : str
    ax : matplotlib Axes, optional
    log_y : bool
        Log concentration axis (limited to four decades below the peak).
    labels : sequence of str, optional
        Regimen names for the legend (e.g. ``"8 mg/kg q4w"``).
    xlabel, title : str

    Returns
    -------
    matplotlib Axes
        The concentration Axes.
    """
    from matplotlib import lines as mlines
    from matplotlib import transforms

    curves = _as_curves(conc, "conc")
    n = len(curves)
    ts = _match_times(t_days, curves, "concentration")
    occ = None
    if occupancy is not None:
        occ = _as_curves(occupancy, "occupancy")
        if len(occ) != n:
            raise ValueError(f"{len(occ)} occupancy curves for {n} concentration curves")
        _match_times(ts, occ, "occupancy")
    if labels is not None:
        labels = [str(v) for v in labels]
        if len(labels) != n:
            raise ValueError(f"{len(labels)} labels for {n} regimens")
    doses, shared = _per_regimen_doses(dose_times, n)
    if ax is None:
        ax = new_axes((5.0, 3.2))
    colors = list(PALETTE[:n]) if n <= len(PALETTE) else _sequential(None, n)[0]
    with paper_style():
        for k, (ti, c) in enumerate(zip(ts, curves)):
            ax.plot(ti, c, color=colors[k], lw=1.8, label=labels[k] if labels else None)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(conc_label)
        ax.set_xlim(min(ti.min() for ti in ts), max(ti.max() for ti in ts))
        peak = max(np.nanmax(c) for c in curves)
        if log_y:
            ax.set_yscale("log")
            positive = np.concatenate([c[c > 0] for c in curves])
            if positive.size:
                ax.set_ylim(max(positive.min(), peak * 1e-4) / 1.5, peak * 1.6)
            _plain_log_axis(ax.yaxis)
        else:
            ax.set_ylim(0, peak * 1.08 if peak > 0 else 1)
        if doses is not None:
            blend = transforms.blended_transform_factory(ax.transData, ax.transAxes)
            for k, d in enumerate(doses):
                if d.size == 0:
                    continue
                col = "0.25" if shared and n > 1 else colors[k]
                ax.plot(d, np.full(d.size, 1.035 + 0.05 * k), "v", color=col, ms=4.5,
                        transform=blend, clip_on=False, zorder=4)
            if title:
                ax.set_title(title, pad=8 + 4 * len(doses))
        elif title:
            ax.set_title(title)
        finish_axes(ax)
        handles = [ln for ln in ax.lines[:n]] if labels else []
        if occ is not None:
            tw = ax.twinx()
            for k, (ti, o) in enumerate(zip(ts, occ)):
                tw.plot(ti, o, color=colors[k], lw=1.5, ls="--")
            if "%" in occupancy_label:
                tw.set_ylim(0, 105)
            elif max(np.nanmax(o) for o in occ) <= 1.0:
                tw.set_ylim(0, 1.05)
            tw.set_ylabel(occupancy_label)
            finish_axes(tw, spines=("right",))
            finish_axes(ax, spines=("left", "bottom"))
            ax.sigsim_occupancy_axes = tw
            style = [mlines.Line2D([], [], color="0.2", lw=1.8, label="concentration"),
                     mlines.Line2D([], [], color="0.2", lw=1.5, ls="--", label="occupancy")]
            handles = handles + style
            # above the plot (and its dose marks): inside it would hide curves of one of
            # the two Axes, whichever draws first
            n_rows = len(doses) if doses is not None else 0
            tw.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4),
                      bbox_to_anchor=(0.5, 1.0 + 0.05 * n_rows + (0.01 if n_rows else 0)),
                      borderaxespad=0.2, columnspacing=1.2, handlelength=1.8)
        elif handles and (n > 1 or labels):
            ax.legend(loc="best")
    return ax
