"""Does high-dose IL-2, alone or with adoptive cell transfer, clear a tumor?

The tumor-immune model of Kirschner & Panetta 1998 (``tumor_immune_il2``: effector cells E,
tumor cells T, IL-2 at the tumor site; days) with its two treatments: adoptive cellular
immunotherapy ``s1`` (effector cells infused per day) and IL-2 therapy ``s2`` (IL-2 infused, in
the paper's IL-2 units per day: these have no stated molar value, see the model docstring).
Antigenicity c = 0.035 (the paper's reference value).

Protocol. An established tumor is grown without treatment from the paper's initial state (E, T,
IL = 1) for 1000 days (damped oscillations onto a dormant tumor of ~3e4 cells); treatment then
starts at day 0, constant, for 1000 days. Two parts:

1. **Time courses** of T, E and IL for no therapy, adoptive transfer alone (s1 = 300 cells/day),
   IL-2 alone (s2 = 5e7 units/day), the combination of the two, and high-dose IL-2 alone
   (s2 = 1e8 units/day).
2. **Dose sweep**: tumor outcome after 1000 days against the IL-2 dose s2 (1e5 to 1e8
   units/day, and 0) for s1 = 0 (IL-2 alone), 300 and 550 cells/day. "Cleared": fewer than
   one tumor cell throughout the last 100 days and not rising at the end (a tumor knocked
   below one cell that is growing again counts as "regrowing"); "runaway": effector cells
   still growing (more than 5 % over the last 100 days) - the paper's toxicity caveat.

Analytic reference (linear stability of the tumor-free state, where IL = s2/mu3 and
E = s1/(mu2 - p1*IL/(g1 + IL))):

- effector cells grow without bound once p1*IL/(g1 + IL) > mu2, i.e. for
  s2 > s2_runaway = mu3*g1*mu2/(p1 - mu2) = 6.35e7 units/day, whatever s1;
- the tumor-free state is stable (the tumor cannot regrow) once a*E/g2 > r2, i.e. for
  s2 > s2_clear(s1) = mu3*g1*x/(1 - x) with x = (mu2 - a*s1/(r2*g2))/p1 (and for every s2
  once s1 > r2*g2*mu2/a = 540 cells/day).

With IL-2 alone (s1 = 0) the two thresholds coincide: IL-2 clears the tumor only at doses where
the effector cells run away - the paper's finding that IL-2 alone must be given at a high
(toxic) dose. With adoptive transfer the clearing threshold falls below the runaway one, and
the combination clears the tumor over a window of IL-2 doses with bounded effector cells.

Run: ``sigsim run il2_therapy [--quick] [--out DIR] [--threads N]`` or
``python experiments/run_il2_therapy.py``. Writes ``il2_therapy_outcomes.csv`` (the answer:
dose sweep), ``il2_therapy_scenarios.csv``, ``il2_therapy_timecourses.csv``,
``il2_therapy_thresholds.csv``, ``il2_therapy_timecourses.png``, ``il2_therapy_dose_sweep.png``
and ``il2_therapy.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "il2_therapy"
TITLE = "High-dose IL-2 and adoptive cell transfer in the Kirschner-Panetta tumor model"

ESTABLISH_DAYS = 1000.0
HORIZON_DAYS = 1000.0
WINDOW_DAYS = 100.0           # outcome read over the last 100 days
CLEARED_BELOW_CELLS = 1.0
RUNAWAY_GROWTH = 1.05         # E(end)/E(end - 100 d) above this: effector cells still growing
REGROWING_ABOVE_CELLS = 1e-9  # a tumor below one cell but rising above this is not cleared
TOL = {"rtol": 1e-10, "atol": 1e-10}
#: (label, s1 cells/day, s2 IL-2 units/day)
SCENARIOS = (
    ("no therapy", 0.0, 0.0),
    ("adoptive transfer (s1 = 300)", 300.0, 0.0),
    ("IL-2 alone (s2 = 5e7)", 0.0, 5e7),
    ("combination (s1 = 300, s2 = 5e7)", 300.0, 5e7),
    ("high-dose IL-2 alone (s2 = 1e8)", 0.0, 1e8),
)
SWEEP_S1 = (0.0, 300.0, 550.0)
COLORS = ("#000000", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
S1_COLORS = {0.0: "#0072B2", 300.0: "#D55E00", 550.0: "#009E73"}


def thresholds(params, s1):
    """Analytic IL-2 doses (units/day) of the tumor-free state: ``(s2_clear, s2_runaway)``.

    Parameters
    ----------
    params : dict
        Model parameter values (``mu2``, ``p1``, ``g1``, ``mu3``, ``a``, ``r2``, ``g2``).
    s1 : float
        Adoptive transfer, cells/day.

    Returns
    -------
    tuple of float
        ``s2_clear``: above it the tumor-free state is stable (0 when adoptive transfer alone
        suffices); ``s2_runaway``: above it effector cells grow without bound.
    """
    mu2, p1, g1, mu3 = params["mu2"], params["p1"], params["g1"], params["mu3"]
    a, r2, g2 = params["a"], params["r2"], params["g2"]
    runaway = mu3 * g1 * mu2 / (p1 - mu2)
    x = (mu2 - a * s1 / (r2 * g2)) / p1
    clear = 0.0 if x <= 0 else mu3 * g1 * x / (1.0 - x)
    return clear, runaway


def _outcome(t, T, E):
    """Outcome over the last WINDOW_DAYS of one run."""
    last = t >= t[-1] - WINDOW_DAYS
    t_max = float(np.max(T[last]))
    k = int(np.argmax(last))
    growth = float(E[-1] / E[k]) if E[k] > 0 else float("nan")
    regrowing = bool(t_max < CLEARED_BELOW_CELLS and T[-1] > T[k]
                     and T[-1] > REGROWING_ABOVE_CELLS)
    cleared = t_max < CLEARED_BELOW_CELLS and not regrowing
    runaway = growth > RUNAWAY_GROWTH
    verdict = ("cleared, effector cells run away" if cleared and runaway else
               "cleared" if cleared else
               "below one cell but regrowing" if t_max < CLEARED_BELOW_CELLS else
               "not cleared (> 1 cell)")
    return {"T_final_cells": float(T[-1]), "T_max_last_100d_cells": t_max,
            "E_final_cells": float(E[-1]), "E_growth_last_100d": growth,
            "T_regrowing": regrowing, "cleared": bool(cleared), "runaway": bool(runaway),
            "outcome": verdict}


def run(out="results/il2_therapy", quick=False, threads=None, show=print):
    """Run the experiment; returns a dict.

    Keys: ``tables``, ``figures``, ``metadata``, ``scenarios`` (label -> outcome dict),
    ``outcomes`` (dose-sweep DataFrame), ``thresholds`` (s1 -> (s2_clear, s2_runaway)),
    ``initial_state`` (the established tumor).
    """
    import pandas as pd

    import sigsim
    from sigsim.protocols import run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = sigsim.load_model("tumor_immune_il2")
    pv = {n: model.parameter_info(n).value for n in model.parameter_names}
    t = np.linspace(0.0, HORIZON_DAYS, 201 if quick else 2001)
    t0 = time.perf_counter()
    est = sigsim.simulate(model, [0.0, ESTABLISH_DAYS], threads=threads, on_failure="raise",
                          **TOL)
    y0 = {s: float(est[s][0, -1]) for s in ("E", "T", "IL")}

    # 1. scenarios
    s1 = np.array([s[1] for s in SCENARIOS])
    s2 = np.array([s[2] for s in SCENARIOS])
    res = sigsim.simulate(model, t, params={"s1": s1, "s2": s2}, y0=y0, threads=threads,
                          on_failure="raise", **TOL)
    scen, scen_rows, tc_rows = {}, [], []
    for i, (label, a, b) in enumerate(SCENARIOS):
        o = _outcome(t, res["T"][i], res["E"][i])
        scen[label] = o
        scen_rows.append({"scenario": label, "s1_cells_per_day": a, "s2_IL2_units_per_day": b,
                          **o})
        for s in ("T", "E", "IL"):
            tc_rows += [{"scenario": label, "variable": s, "time_days": ti, "value": v}
                        for ti, v in zip(t, res[s][i])]

    # 2. dose sweep: s1 x s2 in one batch
    s2_grid = np.concatenate([[0.0], np.logspace(5, 8, 13 if quick else 37)])
    S1, S2 = np.meshgrid(np.array(SWEEP_S1), s2_grid, indexing="ij")
    sweep = sigsim.simulate(model, t, params={"s1": S1.ravel(), "s2": S2.ravel()}, y0=y0,
                            threads=threads, on_failure="raise", **TOL)
    rows = []
    for k, (a, b) in enumerate(zip(S1.ravel(), S2.ravel())):
        clear, runaway = thresholds(pv, a)
        rows.append({"s1_cells_per_day": a, "s2_IL2_units_per_day": b,
                     **_outcome(t, sweep["T"][k], sweep["E"][k]),
                     "analytic_tumor_free_stable": bool(b > clear),
                     "analytic_runaway": bool(b > runaway)})
    outcomes = pd.DataFrame(rows)
    elapsed = time.perf_counter() - t0
    thr = {a: thresholds(pv, a) for a in SWEEP_S1}
    thr_rows = []
    for a in SWEEP_S1:
        d = outcomes[outcomes.s1_cells_per_day == a]
        ok = d[d.cleared & ~d.runaway].s2_IL2_units_per_day
        first = d[d.cleared].s2_IL2_units_per_day
        thr_rows.append({"s1_cells_per_day": a, "s2_clear_analytic": thr[a][0],
                         "s2_runaway_analytic": thr[a][1],
                         "lowest_clearing_s2_simulated": first.min() if len(first) else np.nan,
                         "clearing_without_runaway_from": ok.min() if len(ok) else np.nan,
                         "clearing_without_runaway_to": ok.max() if len(ok) else np.nan})
    thr_tab = pd.DataFrame(thr_rows)

    tables = {
        "outcomes": write_table(outcomes, out, f"{NAME}_outcomes")["csv"],
        "scenarios": write_table(pd.DataFrame(scen_rows), out, f"{NAME}_scenarios")["csv"],
        "timecourses": write_table(pd.DataFrame(tc_rows), out, f"{NAME}_timecourses")["csv"],
        "thresholds": write_table(thr_tab, out, f"{NAME}_thresholds")["csv"]}
    figures = [_figure_timecourses(t, res, out / f"{NAME}_timecourses.png"),
               _figure_sweep(outcomes, thr, out / f"{NAME}_dose_sweep.png")]
    meta = run_metadata(NAME, models=[model], settings={
        "antigenicity_c": pv["c"], "establish_days": ESTABLISH_DAYS,
        "initial_state": y0, "horizon_days": HORIZON_DAYS, "window_days": WINDOW_DAYS,
        "cleared_below_cells": CLEARED_BELOW_CELLS, "runaway_growth": RUNAWAY_GROWTH,
        "scenarios": {s[0]: {"s1": s[1], "s2": s[2]} for s in SCENARIOS},
        "sweep_s1": SWEEP_S1, "sweep_s2": s2_grid, **TOL, "quick": quick},
        simulation_seconds=elapsed)
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show(f"Established tumor (untreated {ESTABLISH_DAYS:.0f} days, c = {pv['c']}): "
         f"T = {y0['T']:.3g} cells, E = {y0['E']:.3g} cells. Treatment for "
         f"{HORIZON_DAYS:.0f} days:\n")
    lines = [f"{'scenario':36s} {'tumor (last 100 d max)':>23s} {'effectors':>11s}  outcome"]
    for r in scen_rows:
        lines.append(f"{r['scenario']:36s} {r['T_max_last_100d_cells']:23.3g} "
                     f"{r['E_final_cells']:11.3g}  {r['outcome']}")
    show("\n".join(lines))
    show("\nIL-2 dose (units/day) that clears the tumor:")
    for r in thr_rows:
        window = (f"{r['clearing_without_runaway_from']:.3g}-"
                  f"{r['clearing_without_runaway_to']:.3g}"
                  if np.isfinite(r["clearing_without_runaway_from"]) else "none")
        show(f"  s1 = {r['s1_cells_per_day']:4.0f} cells/day: analytic {r['s2_clear_analytic']:.3g}"
             f" (runaway above {r['s2_runaway_analytic']:.3g}); simulated lowest "
             f"{r['lowest_clearing_s2_simulated']:.3g}; cleared with bounded effectors: "
             f"{window}")
    show(f"{res.n_sets + sweep.n_sets} simulations in {elapsed:.1f} s; wrote "
         f"{', '.join(str(p) for p in [*tables.values(), *figures, meta_path])}")
    return {"tables": tables, "figures": figures, "metadata": meta_path, "scenarios": scen,
            "outcomes": outcomes, "thresholds": thr, "threshold_table": thr_tab,
            "initial_state": y0}


FLOOR = 1e-2    # cells (or IL-2 units) drawn at the bottom of the log axes


def _figure_timecourses(t, res, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.4))
    names = (("T", "tumor cells"), ("E", "effector cells"), ("IL", "IL-2 (paper's units)"))
    for ax, (s, ylabel) in zip(axes, names):
        for i, ((label, _, _), color) in enumerate(zip(SCENARIOS, COLORS)):
            y = np.clip(res[s][i], FLOOR, None)
            ax.plot(t, y, color=color, lw=1.6, ls="--" if "high-dose" in label else "-",
                    label=label)
        ax.set_yscale("log")
        ax.set_ylim(FLOOR / 2, None)
        ax.set_xlabel("days after the start of treatment")
        ax.set_ylabel(ylabel)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].axhline(CLEARED_BELOW_CELLS, color="0.7", lw=0.8, ls=":")
    axes[0].annotate("1 cell", (t[-1], CLEARED_BELOW_CELLS), xytext=(-30, 3),
                     textcoords="offset points", fontsize=8, color="0.4")
    axes[0].set_title(f"tumor (values below {FLOOR:g} drawn at {FLOOR:g})", fontsize=10)
    axes[1].set_title("effector cells", fontsize=10)
    axes[2].set_title("IL-2 at the tumor site", fontsize=10)
    axes[1].legend(frameon=False, fontsize=8, loc="upper left")
    fig.suptitle("Treatment of an established tumor (Kirschner & Panetta 1998 model, c = 0.035;"
                 " s1: effector cells/day, s2: IL-2 units/day)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _figure_sweep(outcomes, thr, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.6))
    d0 = outcomes[outcomes.s2_IL2_units_per_day > 0]
    for a in SWEEP_S1:
        d = d0[d0.s1_cells_per_day == a]
        color = S1_COLORS[a]
        label = "IL-2 alone" if a == 0 else f"IL-2 + adoptive transfer s1 = {a:.0f}"
        x = d.s2_IL2_units_per_day.to_numpy()
        for ax, col in zip(axes, ("T_max_last_100d_cells", "E_final_cells")):
            y = np.clip(d[col].to_numpy(), FLOOR, None)
            ax.plot(x, y, "-", color=color, lw=1.4, label=label)
            run = d.runaway.to_numpy()
            regrow = d.T_regrowing.to_numpy() & ~run
            plain = ~run & ~regrow
            ax.plot(x[plain], y[plain], "o", color=color, ms=4)
            ax.plot(x[regrow], y[regrow], "^", color=color, ms=6, mfc="white")
            ax.plot(x[run], y[run], "x", color=color, ms=7)
        clear = thr[a][0]
        if clear > 0:
            axes[0].axvline(clear, color=color, ls=":", lw=1)
    for ax in axes:
        ax.axvline(thr[0.0][1], color="k", ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("IL-2 therapy s2 (IL-2 units/day)")
        ax.spines[["top", "right"]].set_visible(False)
    axes[1].annotate("effector runaway\n(analytic, any s1)", (thr[0.0][1], 1e8),
                     xytext=(-100, 0), textcoords="offset points", fontsize=8)
    axes[0].plot([], [], ":", color="0.4", label="analytic clearing dose (same colour)")
    axes[0].plot([], [], "--", color="k", lw=1,
                 label="analytic effector runaway (= clearing dose of IL-2 alone)")
    axes[0].plot([], [], "^", color="0.4", mfc="white", ls="none",
                 label="below one cell but regrowing")
    axes[0].plot([], [], "x", color="0.4", ls="none", label="effector cells run away")
    axes[0].axhline(CLEARED_BELOW_CELLS, color="0.7", lw=0.8, ls=":")
    axes[0].set_ylim(FLOOR / 2, None)
    axes[0].set_ylabel("tumor cells, max over the last 100 days")
    axes[0].set_title(f"tumor after {HORIZON_DAYS:.0f} days (below {FLOOR:g} drawn at "
                      f"{FLOOR:g})", fontsize=10)
    axes[1].set_ylabel("effector cells at day 1000")
    axes[1].set_title("effector cells after 1000 days", fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, fontsize=8, loc="lower center", ncol=3)
    fig.suptitle("Tumor outcome against the IL-2 dose, alone and with adoptive transfer",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.13, 1, 1))
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
