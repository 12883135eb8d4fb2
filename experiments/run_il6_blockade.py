"""Which IL-6 blockers stop classic and which stop trans-signaling, and at what concentration?

Tocilizumab and sarilumab (anti-IL-6R: membrane and soluble receptor), siltuximab (anti-IL-6)
and sgp130Fc (olamkicept: a soluble gp130-Fc trap of the IL-6:sIL-6R complex) are compared on
the two routes of IL-6 signaling in the ``il6`` model (Setrerrahmane & Xu 2017, Fig. 2):

- **classic**: HepG2-like cells (membrane IL-6R and gp130) stimulated with 50 pM IL-6;
- **trans**: IL-6R-negative cells (gp130 only) in a medium holding 1 nM soluble IL-6R (the
  upper range of serum sIL-6R, Baran 2018), stimulated with 50 pM IL-6.

Protocol (Rafique 2013, HepG2 reporter assay with 50 pM IL-6): cells at rest are incubated for
60 min with the drug at each concentration (1 pM to 1 µM; in the trans context the sIL-6R is
present during this time), IL-6 is added at t = 0 and the peak of pSTAT3 (fraction of STAT3
phosphorylated) within 30 min is read: in the classic context it is the value at 30 min, where
the drug-free response peaks; trans-signaling peaks earlier, at about 15 min. A four-parameter Hill curve gives
the IC50 per drug and route. sgp130Fc is run twice: with its designed trans selectivity (the
library record: KD 0.05 nM for IL-6:sIL-6R, negligible binding of the membrane IL-6:IL-6R
complex) and with the classic-path KD lowered to the trans value, the caveat of Widjaja & Cook
2024 (sgp130Fc also inhibits classic signaling).

Every binding constant comes from the drug library (``sigsim list drugs``) with its source;
siltuximab's KD (10 pM) and the antibody on-rates of siltuximab are assumed, and the on-rate of
sarilumab/tocilizumab is fitted to the Rafique 2013 IC50 (see the records).

Run: ``sigsim run il6_blockade [--quick] [--out DIR] [--threads N]`` or
``python experiments/run_il6_blockade.py``. Writes ``il6_blockade_ic50.csv`` (the answer),
``il6_blockade_dose_response.csv`` (tidy, one row per context, drug and concentration),
``il6_blockade_timecourses.csv``, ``il6_blockade.png`` (dose-response per route, IC50s
marked), ``il6_blockade_timecourses.png`` and ``il6_blockade.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "il6_blockade"
TITLE = "Tocilizumab, sarilumab, siltuximab and sgp130Fc on classic vs trans IL-6 signaling"

IL6_NM = 0.05            # 50 pM IL-6 (Rafique 2013 assay)
SIL6R_NM = 1.0           # soluble IL-6R in the trans context, nM (Baran 2018: upper ng/mL range)
PREINCUBATION_MIN = 60.0
READOUT_MIN = 30.0
#: (label, drug species, parameter overrides) in the order of the table and legend
DRUGS = (
    ("tocilizumab", "tocilizumab", {}),
    ("sarilumab", "sarilumab", {}),
    ("siltuximab", "siltuximab", {}),
    ("sgp130Fc", "sgp130Fc", {}),
    ("sgp130Fc, classic KD = trans KD", "sgp130Fc", {"KD_sgp130Fc_IL6_IL6R": 0.05}),
)
CONTEXTS = (
    ("classic", "hepatocyte", {}),
    ("trans", "il6r_negative", {"sIL6R": SIL6R_NM}),
)
COLORS = {"tocilizumab": "#0072B2", "sarilumab": "#D55E00", "siltuximab": "#009E73",
          "sgp130Fc": "#CC79A7", "sgp130Fc, classic KD = trans KD": "#999999"}


def build_model(cell):
    """The ``il6`` model (cell context ``cell``) with the four drugs attached."""
    import sigsim
    from sigsim.drugs import attach_drug, get_drug, ligand_trap

    m = sigsim.load_model("il6", cell=cell)
    for drug in ("tocilizumab", "sarilumab", "siltuximab"):
        m = attach_drug(m, drug)
    rec = get_drug("olamkicept")
    targets = list(rec.targets)
    m = ligand_trap(m, "sgp130Fc", targets, {t: rec.kon[t].value for t in targets},
                    {t: rec.kd[t].value for t in targets},
                    {t: rec.kd[t].source for t in targets},
                    kon_source={t: rec.kon[t].source for t in targets},
                    note="olamkicept record", internalization={"IL6_IL6R": "k_int"})
    return m


def _sets(concentrations):
    """Per-set drug concentrations (pre-incubation) and parameter overrides: a drug-free
    control first, then each drug at each concentration."""
    species = sorted({d[1] for d in DRUGS})
    n = 1 + len(DRUGS) * len(concentrations)
    y_pre = {s: np.zeros(n) for s in species}
    override_names = sorted({k for d in DRUGS for k in d[2]})
    labels, conc = ["control"], [0.0]
    i = 1
    for label, sp, _ in DRUGS:
        for c in concentrations:
            y_pre[sp][i] = c
            labels.append(label)
            conc.append(c)
            i += 1
    return y_pre, override_names, labels, np.array(conc)


def run(out="results/il6_blockade", quick=False, threads=None, show=print):
    """Run the experiment; returns ``{"tables", "figures", "metadata", "ic50"}``.

    ``ic50`` maps ``(context, drug label)`` to the fitted IC50 in nM (NaN where the drug does
    not reach half-maximal inhibition inside the tested range).
    """
    import pandas as pd

    import sigsim
    from sigsim.protocols import fit_hill, run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    conc = np.logspace(-3, 3, 7 if quick else 19)
    t = np.linspace(0.0, READOUT_MIN, 16 if quick else 61)
    y_pre, override_names, labels, conc_per_set = _sets(conc)
    labels_arr = np.array(labels)
    rows, ic50_rows, tc_rows, models, timings = [], [], [], [], {}
    ic50 = {}
    responses = {}
    for context, cell, medium in CONTEXTS:
        model = build_model(cell)
        models.append(model)
        n = len(labels)
        pre_y0 = dict(y_pre)
        pre_y0.update({k: np.full(n, v) for k, v in medium.items()})
        params = {}
        for name in override_names:
            base = model.parameter_info(name).value
            params[name] = np.full(n, base)
        for j, (label, _, over) in enumerate(DRUGS):
            sel = labels_arr == label
            for k, v in over.items():
                params[k][sel] = v
        t0 = time.perf_counter()
        res = sigsim.simulate(model, t, params=params, y0={"IL6": IL6_NM},
                              preequilibrate={"y0": pre_y0, "duration": PREINCUBATION_MIN,
                                              "params": params},
                              rtol=1e-8, atol=1e-12, threads=threads, on_failure="raise")
        timings[context] = time.perf_counter() - t0
        p = np.asarray(res["pSTAT3"])
        peak = p.max(axis=1)
        control = peak[0]
        for label, _, _ in DRUGS:
            sel = np.flatnonzero(labels_arr == label)
            y = peak[sel]
            rel = 100.0 * y / control
            responses[(context, label)] = rel
            occ_m = (np.asarray(res[f"{DRUGS[[d[0] for d in DRUGS].index(label)][1]}"
                                    "_occupancy_IL6R"])[sel, 0]
                     if label in ("tocilizumab", "sarilumab") else np.full(sel.size, np.nan))
            for c, v, r, o in zip(conc, y, rel, occ_m):
                rows.append({"context": context, "drug": label, "concentration_nM": c,
                             "peak_pSTAT3_0_30min": v, "pSTAT3_pct_of_control": r,
                             "membrane_IL6R_occupancy_at_stimulus": o})
            fit, mid = None, float("nan")
            if rel.min() < 50.0 and rel.max() - rel.min() > 20.0:
                fit = fit_hill(conc, rel)
                mid = float(fit.mid)
            ic50[(context, label)] = mid
            ic50_rows.append({
                "context": context, "drug": label, "IC50_nM": mid,
                "IC50_ci_low_nM": fit.mid_ci[0] if fit else float("nan"),
                "IC50_ci_high_nM": fit.mid_ci[1] if fit else float("nan"),
                "hill": fit.hill if fit else float("nan"),
                "pct_of_control_at_top_dose": rel[-1],
                "blocks": "yes" if rel[-1] < 50.0 else "no (IC50 > top dose)",
                "_fit": fit})
            # time course at the concentration nearest 1 nM
            k = sel[np.argmin(np.abs(np.log10(conc)))]
            for ti, v in zip(t, p[k]):
                tc_rows.append({"context": context, "drug": label, "concentration_nM":
                                conc_per_set[k], "time_min": ti, "pSTAT3": v})
        for ti, v in zip(t, p[0]):
            tc_rows.append({"context": context, "drug": "control", "concentration_nM": 0.0,
                            "time_min": ti, "pSTAT3": v})
        responses[(context, "control")] = control

    fits = {(r["context"], r["drug"]): r.pop("_fit") for r in ic50_rows}
    dr = pd.DataFrame(rows)
    tab = pd.DataFrame(ic50_rows)
    tc = pd.DataFrame(tc_rows)
    tables = {"ic50": write_table(tab, out, f"{NAME}_ic50")["csv"],
              "dose_response": write_table(dr, out, f"{NAME}_dose_response")["csv"],
              "timecourses": write_table(tc, out, f"{NAME}_timecourses")["csv"]}
    figures = [_figure_dose_response(conc, responses, fits, responses, out / f"{NAME}.png"),
               _figure_timecourses(tc, out / f"{NAME}_timecourses.png")]
    meta = run_metadata(NAME, models=models, settings={
        "IL6_nM": IL6_NM, "sIL6R_trans_nM": SIL6R_NM, "preincubation_min": PREINCUBATION_MIN,
        "readout_min": READOUT_MIN, "concentrations_nM": conc, "rtol": 1e-8, "atol": 1e-12,
        "quick": quick, "drugs": [d[0] for d in DRUGS],
        "overrides": {d[0]: d[2] for d in DRUGS}}, simulation_seconds=timings,
        control_pSTAT3={c: responses[(c, "control")] for c, _, _ in CONTEXTS})
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show("50 pM IL-6 after 60 min with the drug; peak pSTAT3 within 30 min. Control: classic "
         f"{responses[('classic', 'control')]:.3f}, trans {responses[('trans', 'control')]:.3f}"
         "\n")
    wide = tab.pivot(index="drug", columns="context", values="IC50_nM").reindex(
        [d[0] for d in DRUGS])
    top = tab.pivot(index="drug", columns="context",
                    values="pct_of_control_at_top_dose").reindex([d[0] for d in DRUGS])
    lines = [f"{'':34s} {'IC50':>14s} {'IC50':>14s} {'% of control at 1 µM':>35s}",
             f"{'drug':34s} {'classic':>14s} {'trans':>14s} {'classic':>17s} {'trans':>17s}"]
    for drug in wide.index:
        def fmt(v):
            return "> 1000 nM" if not np.isfinite(v) else _fmt_conc(v)
        lines.append(f"{drug:34s} {fmt(wide.loc[drug, 'classic']):>14s} "
                     f"{fmt(wide.loc[drug, 'trans']):>14s} {top.loc[drug, 'classic']:17.1f} "
                     f"{top.loc[drug, 'trans']:17.1f}")
    show("\n".join(lines))
    show(f"\nwrote {', '.join(str(p) for p in [*tables.values(), *figures, meta_path])}")
    return {"tables": tables, "figures": figures, "metadata": meta_path, "ic50": ic50,
            "table": tab}


def _figure_dose_response(conc, responses, fits, _, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from sigsim.plotting import paper_style, plot_dose_response, save_figure

    with paper_style():
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), sharey=True)
        for ax, (context, _, _) in zip(axes, CONTEXTS):
            for label, _, _ in DRUGS:
                rel = responses[(context, label)]
                fit = fits[(context, label)]
                plot_dose_response(np.r_[0.0, conc], np.r_[100.0, rel], fit=fit, ax=ax,
                                   label=label if fit is not None else f"{label} (IC50 > 1 µM)",
                                   color=COLORS[label],
                                   marker="s" if "classic KD" in label else "o",
                                   ylabel="peak pSTAT3, 0-30 min (% of drug-free control)",
                                   xlabel="drug concentration (nM)")
                if fit is None:
                    ax.plot(conc, rel, color=COLORS[label], lw=1)
            title = ("classic: HepG2-like cells, 50 pM IL-6" if context == "classic"
                     else "trans: IL-6R$^-$ cells + 1 nM sIL-6R, 50 pM IL-6")
            ax.set_title(title, fontsize=10)
            ax.set_ylim(-3, 115)
            leg = ax.get_legend()  # built by plot_dose_response; moved to the empty corner
            if leg is not None:
                ax.legend(leg.legend_handles, [x.get_text() for x in leg.get_texts()],
                          loc="lower left", fontsize=8)
        axes[1].set_ylabel("")
        fig.suptitle("IL-6 blockers on classic vs trans signaling (60 min pre-incubation)",
                     fontsize=11)
        fig.tight_layout()
        save_figure(fig, path, dpi=200, close=True)
    return path


def _figure_timecourses(tc, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    for ax, (context, _, _) in zip(axes, CONTEXTS):
        d = tc[tc.context == context]
        for label in ["control"] + [x[0] for x in DRUGS]:
            s = d[d.drug == label]
            c = s.concentration_nM.iloc[0]
            ax.plot(s.time_min, s.pSTAT3, color=COLORS.get(label, "black"),
                    ls="--" if "classic KD" in label else "-",
                    label="no drug" if label == "control" else f"{label}, {_fmt_conc(c)}")
        ax.set_xlabel("time after IL-6 (min)")
        ax.set_title(f"{context} signaling", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("pSTAT3 (fraction of STAT3)")
    axes[1].legend(fontsize=7.5, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _fmt_conc(nm):
    from sigsim.plotting import format_quantity

    return format_quantity(nm, "nM")


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    run(quick=quick)
