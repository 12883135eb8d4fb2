"""Figure style shared by the sigsim plots: fonts, spines, a colour-blind-safe palette, saving."""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: Okabe & Ito (2008) colour-blind-safe palette, most distinct colours first (the yellow, weak
#: on white paper, comes last).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000",
           "#F0E442")

#: Sizes in points for a figure printed at about 90 mm (one journal column) wide.
FONT_SIZE = 10
TICK_SIZE = 9
LEGEND_SIZE = 8.5

#: matplotlib rc settings applied by :func:`paper_style`.
PAPER_RC = {
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 1,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "legend.fontsize": LEGEND_SIZE,
    "legend.title_fontsize": LEGEND_SIZE,
    "legend.frameon": False,
    "figure.titlesize": FONT_SIZE + 2,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.9,
    "xtick.major.width": 0.9,
    "ytick.major.width": 0.9,
    "xtick.minor.width": 0.6,
    "ytick.minor.width": 0.6,
    "lines.linewidth": 1.8,
    "lines.markersize": 5.5,
    "errorbar.capsize": 2.0,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
    "pdf.fonttype": 42,          # editable text in Illustrator / Inkscape
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "image.cmap": "viridis",
}

#: Formats :func:`save_figure` knows (a path ending in one of them has that ending replaced).
IMAGE_FORMATS = ("png", "pdf", "svg", "eps", "ps", "jpg", "jpeg", "tif", "tiff", "webp")


def pyplot():
    """``matplotlib.pyplot``, switching to the Agg backend when there is no display."""
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        import os

        if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def paper_style(**overrides):
    """Context manager giving readable, consistent figures for papers.

    Inside the ``with`` block, new figures use 10 pt labels and 9 pt tick labels, no top or
    right spines, no legend frame, the Okabe-Ito colour-blind-safe colour cycle
    (:data:`PALETTE`), 200 dpi tight-bounded saving and editable text in PDF/SVG.
    The plot functions of :mod:`sigsim.plotting` apply it themselves; use it around your own
    matplotlib code to match them.

    Parameters
    ----------
    **overrides
        rc settings replacing those of :data:`PAPER_RC` (e.g. ``{"font.size": 8}`` passed as
        ``paper_style(**{"font.size": 8})``).

    Returns
    -------
    context manager (``matplotlib.rc_context``)

    Examples
    --------
    >>> with paper_style():                                        # doctest: +SKIP
    ...     fig, ax = plt.subplots()
    ...     ax.plot(t, y)
    """
    pyplot()
    import matplotlib
    from cycler import cycler

    rc = dict(PAPER_RC)
    rc["axes.prop_cycle"] = cycler(color=list(PALETTE))
    rc.update(overrides)
    return matplotlib.rc_context(rc)


def save_figure(fig, path, dpi=200, formats=("png",), close=False):
    """Write a figure in one or more formats, creating the folder.

    Parameters
    ----------
    fig : matplotlib Figure (an Axes is accepted: its figure is saved)
    path : str or Path
        File path without extension (``results/fig2``); an ending that names an image format
        (``fig2.pdf``) is replaced by each of ``formats``.
    dpi : int
        Resolution of raster formats (png, jpg, tif).
    formats : sequence of str
        e.g. ``("png", "pdf")``.
    close : bool
        Close the figure afterwards (frees memory in loops).

    Returns
    -------
    list of Path
        The files written, one per format.
    """
    if hasattr(fig, "figure") and not hasattr(fig, "savefig"):
        fig = fig.figure
    if isinstance(formats, str):
        formats = (formats,)
    formats = [f.lower().lstrip(".") for f in formats]
    if not formats:
        raise ValueError("save_figure: formats is empty")
    bad = [f for f in formats if f not in IMAGE_FORMATS]
    if bad:
        raise ValueError(f"save_figure: unknown format(s) {bad}; known: {list(IMAGE_FORMATS)}")
    path = Path(path)
    if path.suffix.lower().lstrip(".") in IMAGE_FORMATS:
        path = path.with_suffix("")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with paper_style():
        for f in formats:
            out = path.with_name(f"{path.name}.{f}")
            fig.savefig(out, dpi=dpi, format=f)
            written.append(out)
    if close:
        pyplot().close(fig)
    return written


def new_axes(figsize):
    """A new figure with one Axes, constrained layout, in the paper style."""
    plt = pyplot()
    with paper_style():
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def finish_axes(ax, spines=("left", "bottom")):
    """Paper-style look that survives drawing outside :func:`paper_style`: visible spines,
    tick label sizes (tick labels are created lazily, at draw time)."""
    for side, spine in ax.spines.items():
        spine.set_visible(side in spines)
    ax.tick_params(which="both", labelsize=TICK_SIZE)
    ax.tick_params(which="major", width=0.9)
    ax.xaxis.label.set_fontsize(FONT_SIZE)
    ax.yaxis.label.set_fontsize(FONT_SIZE)


def plain_number(v, sig=3):
    """A number as people write it on an axis: ``0``, ``0.01``, ``2.5``, ``100``, ``12300``;
    scientific (``1.2e-06``) only outside 1e-4 to 1e6."""
    v = float(v)
    if v == 0:
        return "0"
    if not np.isfinite(v):
        return str(v)
    a = abs(v)
    if not 1e-4 <= a < 1e6:
        return f"{v:.{sig - 1}e}".replace("e-0", "e-").replace("e+0", "e")
    v = float(f"{v:.{sig}g}")
    digits = max(0, sig - 1 - int(np.floor(np.log10(abs(v)))))
    s = f"{v:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


_MOLAR = {"fM": 1e-15, "pM": 1e-12, "nM": 1e-9, "µM": 1e-6, "uM": 1e-6, "μM": 1e-6,
          "mM": 1e-3, "M": 1.0}
_MOLAR_LADDER = ("fM", "pM", "nM", "µM", "mM", "M")


def format_quantity(value, unit, sig=3):
    """``value unit`` with 3 significant figures; molar units move to the prefix that keeps
    the number between 1 and 1000 (0.146 nM -> ``146 pM``); ``n/a`` for NaN or infinity."""
    value = float(value)
    if not np.isfinite(value):
        return "n/a"
    if unit in _MOLAR and np.isfinite(value) and value > 0:
        molar = value * _MOLAR[unit]
        for u in _MOLAR_LADDER:
            scaled = molar / _MOLAR[u]
            if scaled < 999.5 or u == "M":
                if scaled >= 0.9995 or u == "fM":
                    return f"{plain_number(scaled, sig)} {u}"
    return f"{plain_number(value, sig)} {unit}".strip()
