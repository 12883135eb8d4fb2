"""What does each built-in model do under its standard stimulus?

For every model of the library (``sigsim list models``), cells at rest (pre-equilibrated) receive
the model's standard stimulus (``STIMULUS`` in its file: for example 50 pM IL-6, or untreated
tumor growth for the tumor-level model) and its main observables are followed over the model's
standard horizon. Writes one figure per model (a panel per observable), one tidy CSV with every
time course, and a summary table (peak, time to peak and final value per observable).

Run: ``sigsim run pathways [--quick] [--out DIR]`` or ``python experiments/run_pathways.py``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

NAME = "pathways"
TITLE = "Standard-stimulus time courses of every built-in model"


def run(out="results/pathways", quick=False, threads=None, show=print, models=None):
    """Run the experiment; writes ``<model>.png``, ``timecourses.csv``, ``summary.csv`` and
    ``summary.json`` into ``out``. Returns a dict with the paths and the summary table."""
    import pandas as pd

    import sigsim
    from sigsim.library import model_module

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = list(models) if models is not None else sigsim.list_models()
    rows, tidy, figures, meta = [], [], {}, {}
    for name in names:
        stim = model_module(name).STIMULUS
        model = sigsim.load_model(name)
        cell_level = model.time_unit == "min"
        t = np.linspace(0.0, stim["t_end"], 61 if quick else 241)
        t0 = time.perf_counter()
        res = sigsim.simulate(model, t, y0=stim["y0"], preequilibrate=cell_level, rtol=1e-8,
                              atol=1e-12, threads=threads, on_failure="raise")
        meta[name] = {"stimulus": stim["y0"], "label": stim["label"],
                      "model_digest": model.digest(), "time_unit": model.time_unit,
                      "preequilibrated": cell_level, "seconds": time.perf_counter() - t0}
        for obs in stim["observables"]:
            y = res[obs][0]
            k = int(np.argmax(y))
            rows.append({"model": name, "observable": obs, "peak": y[k], "time_to_peak": t[k],
                         "final": y[-1], "time_unit": model.time_unit})
            tidy.append(pd.DataFrame({"model": name, "observable": obs, "time": t, "value": y}))
        figures[name] = _figure(res, stim, name, out / f"{name}.png")
    summary = pd.DataFrame(rows)
    summary_path = out / "summary.csv"
    summary.to_csv(summary_path, index=False, float_format="%.6g")
    tidy_path = out / "timecourses.csv"
    pd.concat(tidy, ignore_index=True).to_csv(tidy_path, index=False, float_format="%.6g")
    (out / "summary.json").write_text(json.dumps(
        {"experiment": NAME, "title": TITLE, "sigsim_version": sigsim.__version__,
         "rtol": 1e-8, "atol": 1e-12, "models": meta}, indent=2))
    show(f"{TITLE}\n")
    show(summary.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    show(f"wrote {summary_path}, {tidy_path} and {len(figures)} figures in {out}")
    return {"summary": summary_path, "timecourses": tidy_path, "figures": figures,
            "table": summary}


def _figure(res, stim, name, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    obs = stim["observables"]
    ncols = min(3, len(obs))
    nrows = int(np.ceil(len(obs) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.8 * ncols, 2.9 * nrows), squeeze=False,
                             constrained_layout=True)
    for a, o in zip(axes.flat, obs):
        a.plot(res.t, res[o][0], color="C0", lw=1.8)
        if o in stim.get("log_scale", ()):
            a.set_yscale("log")      # populations spanning decades (tumor cells)
        a.set_title(o, fontsize=10)
        a.set_xlabel(f"time ({res.time_unit})")
        a.spines[["top", "right"]].set_visible(False)
    for a in list(axes.flat)[len(obs):]:
        a.set_visible(False)
    fig.suptitle(f"{name}: {stim['label']}", fontsize=11)
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
