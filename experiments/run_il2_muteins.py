"""Do IL-2 muteins lose the Treg preference of IL-2? pSTAT5 EC50s on Treg, CD8 T and NK cells.

Wild-type IL-2 (aldesleukin), the IL-2Ralpha-interface muteins F42K and R38A, and an IL-2-Fc
fusion are compared in the ``il2`` model (Farhat 2021 receptor numbers per cell type: Treg with
~3,500 IL-2Ralpha, CD8 T and NK cells with ~20) (Setrerrahmane & Xu 2017, IL-2 section;
Sim 2016: F42K circumvents Treg expansion and favours NK cells).

Protocol (Farhat 2021): resting cells (pre-equilibrated) receive the agonist at t = 0 at each
dose (0.1 pM to 100 nM); pSTAT5 (fraction of STAT5 phosphorylated) is read at 30 min. A
four-parameter Hill curve gives the EC50 per agonist and cell type; the selectivity indices are
EC50(Treg)/EC50(CD8) and EC50(Treg)/EC50(NK) (:func:`sigsim.drugs.selectivity_index`): far
below 1 means Treg-biased, near 1 no Treg preference.

What the model assumes about the agonists (``sigsim.drugs.list_agonists()``):

- F42K and R38A have no detectable IL-2Ralpha binding (Sauve 1991); the model gives both an
  assumed 1000-fold weaker IL-2Ralpha affinity (its ``ligand`` option), so in this model they
  are the same molecule. How the selectivity depends on that assumed fold loss is swept
  (1- to 10,000-fold; ``il2_muteins_fold_sweep.csv``).
- IL-2-Fc binds the receptors as wild-type IL-2 (monovalent approximation); its longer
  half-life (FcRn recycling) is a PK property that a 30-min in-vitro assay does not see, so
  its EC50s equal wild type's here by construction.

Measured 30-min EC50s of wild-type IL-2 (Farhat 2021, human PBMC): Treg ~0.045 nM, CD8 ~2.6 nM,
NK ~1.6 nM (two constants of the model were fitted to these).

Run: ``sigsim run il2_muteins [--quick] [--out DIR] [--threads N]`` or
``python experiments/run_il2_muteins.py``. Writes ``il2_muteins_ec50.csv`` (EC50 per cell type
and agonist), ``il2_muteins_selectivity.csv`` (the answer: selectivity indices),
``il2_muteins_dose_response.csv`` (tidy), ``il2_muteins_fold_sweep.csv``, ``il2_muteins.png``
and ``il2_muteins.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "il2_muteins"
TITLE = "IL-2 vs F42K vs R38A vs IL-2-Fc: pSTAT5 EC50 on Treg, CD8 and NK cells"

AGONISTS = ("aldesleukin", "F42K", "R38A", "IL2_Fc")
LABELS = {"aldesleukin": "IL-2 (aldesleukin)", "F42K": "IL-2 F42K", "R38A": "IL-2 R38A",
          "IL2_Fc": "IL-2-Fc"}
CELLS = ("treg", "cd8", "nk")
CELL_LABELS = {"treg": "Treg", "cd8": "CD8 T", "nk": "NK"}
READOUT = "pSTAT5"
READOUT_MIN = 30.0
#: Farhat 2021 30-min pSTAT5 EC50s of wild-type IL-2, nM (sigsim.drugs._agonists SOURCES)
MEASURED_WT_EC50_nM = {"treg": 0.045, "cd8": 2.6, "nk": 1.6}
COLORS = {"aldesleukin": "#0072B2", "F42K": "#D55E00", "R38A": "#009E73", "IL2_Fc": "#CC79A7"}
STYLES = {"aldesleukin": "-", "F42K": "-", "R38A": (0, (2, 2)), "IL2_Fc": (0, (5, 3))}


def _batch(model, doses, cells, folds):
    """Parameter sets: every cell type x IL-2Ralpha fold loss x dose, one engine batch."""
    from sigsim.library import model_module

    receptors = model_module("il2").CELLS
    C, F, D = np.meshgrid(np.arange(len(cells)), np.asarray(folds, dtype=float), doses,
                          indexing="ij")
    params = {k: np.array([receptors[cells[i]][k] for i in C.ravel()])
              for k in ("N_IL2Ra", "N_IL2Rb", "N_gc")}
    params["fold_IL2Ra"] = F.ravel()
    return params, {"IL2": D.ravel()}, C.shape


def run(out="results/il2_muteins", quick=False, threads=None, show=print):
    """Run the experiment; returns a dict.

    Keys: ``tables``, ``figures``, ``metadata``, ``ec50`` ((agonist, cell) -> EC50 nM),
    ``selectivity`` (agonist -> {"treg/cd8": ..., "treg/nk": ...}), ``fold_sweep`` (DataFrame:
    selectivity against the assumed fold loss of IL-2Ralpha affinity), ``table`` (EC50 table).
    """
    import pandas as pd

    import sigsim
    from sigsim.drugs import get_agonist, selectivity_index
    from sigsim.library import model_module
    from sigsim.protocols import fit_hill, run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    doses = np.logspace(-4, 2, 13 if quick else 25)
    folds = [1.0, 10.0, 100.0, 1000.0, 1e4] if quick else list(np.logspace(0, 4, 9))
    ligand_fold = model_module("il2").LIGANDS
    agonist_fold = {a: float(ligand_fold[get_agonist(a).options["ligand"]]) for a in AGONISTS}
    all_folds = sorted(set(folds) | set(agonist_fold.values()))
    model = sigsim.load_model("il2")   # Treg defaults; cell types and variants by parameters
    params, y0, shape = _batch(model, doses, CELLS, all_folds)
    t0 = time.perf_counter()
    res = sigsim.simulate(model, [0.0, READOUT_MIN], params=params, y0=y0, preequilibrate=True,
                          rtol=1e-8, atol=1e-12, threads=threads, on_failure="raise")
    elapsed = time.perf_counter() - t0
    y = np.asarray(res[READOUT])[:, -1].reshape(shape)     # cell x fold x dose

    fits = {}
    for i, cell in enumerate(CELLS):
        for j, fold in enumerate(all_folds):
            fits[(cell, fold)] = fit_hill(doses, y[i, j])
    rows, ec50_rows, ec50, curves = [], [], {}, {}
    for a in AGONISTS:
        j = all_folds.index(agonist_fold[a])
        for i, cell in enumerate(CELLS):
            fit = fits[(cell, agonist_fold[a])]
            ec50[(a, cell)] = float(fit.mid)
            curves[(a, cell)] = y[i, j]
            rows += [{"agonist": a, "cell": cell, "dose_nM": d, "pSTAT5_30min": v}
                     for d, v in zip(doses, y[i, j])]
            ec50_rows.append({
                "agonist": a, "cell": cell, "IL2Ra_fold_loss": agonist_fold[a],
                "EC50_nM": fit.mid, "EC50_ci_low_nM": fit.mid_ci[0],
                "EC50_ci_high_nM": fit.mid_ci[1], "hill": fit.hill, "max_pSTAT5": fit.top,
                "measured_EC50_nM": MEASURED_WT_EC50_nM[cell] if a == "aldesleukin"
                else float("nan")})
    selectivity, sel_rows = {}, []
    for a in AGONISTS:
        ec = {c: ec50[(a, c)] for c in CELLS}
        selectivity[a] = {"treg/cd8": selectivity_index(ec, "treg", "cd8"),
                          "treg/nk": selectivity_index(ec, "treg", "nk")}
        sel_rows.append({"agonist": a, "IL2Ra_fold_loss": agonist_fold[a],
                         "SI_treg_over_cd8": selectivity[a]["treg/cd8"],
                         "SI_treg_over_nk": selectivity[a]["treg/nk"],
                         "fold_vs_wt_treg_over_cd8":
                             selectivity[a]["treg/cd8"] / selectivity["aldesleukin"]["treg/cd8"]
                             if "aldesleukin" in selectivity else 1.0})
    sweep = pd.DataFrame([{
        "IL2Ra_fold_loss": f,
        **{f"EC50_{c}_nM": fits[(c, f)].mid for c in CELLS},
        "SI_treg_over_cd8": fits[("treg", f)].mid / fits[("cd8", f)].mid,
        "SI_treg_over_nk": fits[("treg", f)].mid / fits[("nk", f)].mid} for f in all_folds])

    ec50_tab = pd.DataFrame(ec50_rows)
    sel_tab = pd.DataFrame(sel_rows)
    tables = {
        "ec50": write_table(ec50_tab, out, f"{NAME}_ec50")["csv"],
        "selectivity": write_table(sel_tab, out, f"{NAME}_selectivity")["csv"],
        "dose_response": write_table(pd.DataFrame(rows), out, f"{NAME}_dose_response")["csv"],
        "fold_sweep": write_table(sweep, out, f"{NAME}_fold_sweep")["csv"]}
    figures = [_figure(doses, curves, ec50, sweep, agonist_fold, out / f"{NAME}.png")]
    meta = run_metadata(NAME, models=[model], settings={
        "readout": READOUT, "readout_min": READOUT_MIN, "doses_nM": doses,
        "IL2Ra_fold_losses": all_folds, "agonist_fold_loss": agonist_fold,
        "cells": {c: {k: model_module("il2").CELLS[c][k] for k in ("N_IL2Ra", "N_IL2Rb", "N_gc")}
                  for c in CELLS},
        "rtol": 1e-8, "atol": 1e-12, "quick": quick},
        simulation_seconds=elapsed, n_sets=res.n_sets,
        note="one il2 structure; cell types and IL-2 variants set by parameters")
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show("30-min pSTAT5 EC50 (nM)" + " " * 8 + "selectivity index (EC50 Treg / EC50 other)")
    lines = [f"{'agonist':20s} {'Treg':>9s} {'CD8':>9s} {'NK':>9s}   {'Treg/CD8':>9s} "
             f"{'Treg/NK':>9s}"]
    for a in AGONISTS:
        lines.append(f"{LABELS[a]:20s} " + " ".join(f"{ec50[(a, c)]:9.3g}" for c in CELLS)
                     + f"   {selectivity[a]['treg/cd8']:9.3g} {selectivity[a]['treg/nk']:9.3g}")
    lines.append(f"{'measured wt (Farhat)':20s} "
                 + " ".join(f"{MEASURED_WT_EC50_nM[c]:9.3g}" for c in CELLS)
                 + f"   {MEASURED_WT_EC50_nM['treg'] / MEASURED_WT_EC50_nM['cd8']:9.3g} "
                 f"{MEASURED_WT_EC50_nM['treg'] / MEASURED_WT_EC50_nM['nk']:9.3g}")
    show("\n".join(lines))
    show("\nF42K and R38A share the model's assumed 1000-fold IL-2Ralpha loss; IL-2-Fc binds as "
         "wild type (monovalent), so its in-vitro EC50s equal IL-2's.")
    show(f"{res.n_sets} simulations in {elapsed:.1f} s; wrote "
         f"{', '.join(str(p) for p in [*tables.values(), *figures, meta_path])}")
    return {"tables": tables, "figures": figures, "metadata": meta_path, "ec50": ec50,
            "selectivity": selectivity, "fold_sweep": sweep, "table": ec50_tab,
            "selectivity_table": sel_tab}


def _figure(doses, curves, ec50, sweep, agonist_fold, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(16, 4.2),
                             gridspec_kw={"width_ratios": [1, 1, 1, 1.1]})
    for ax, cell in zip(axes, CELLS):
        for a in AGONISTS:
            yv = curves[(a, cell)]
            ax.plot(doses, yv, ls=STYLES[a], color=COLORS[a], lw=1.8 if a != "IL2_Fc" else 1.4,
                    label=f"{LABELS[a]}: {_fmt(ec50[(a, cell)])}")
            e = ec50[(a, cell)]
            ax.plot([e], [np.interp(np.log10(e), np.log10(doses), yv)], "o", color=COLORS[a],
                    ms=4, mfc="white" if a in ("R38A", "IL2_Fc") else COLORS[a])
        ax.axvline(MEASURED_WT_EC50_nM[cell], color="k", ls=":", lw=0.9,
                   label=f"IL-2 measured: {_fmt(MEASURED_WT_EC50_nM[cell])}")
        ax.set_xscale("log")
        ax.set_xlabel("IL-2 or mutein added (nM)")
        ax.set_ylabel("pSTAT5 at 30 min (fraction of STAT5)")
        ax.set_title(f"{CELL_LABELS[cell]} cells", fontsize=10)
        ax.legend(frameon=False, fontsize=7.5, title="EC50", title_fontsize=8, loc="upper left")
    a4 = axes[3]
    a4.plot(sweep.IL2Ra_fold_loss, sweep.SI_treg_over_cd8, "o-", color="k", ms=4,
            label="Treg / CD8")
    a4.plot(sweep.IL2Ra_fold_loss, sweep.SI_treg_over_nk, "s--", color="0.5", ms=4, mfc="white",
            label="Treg / NK")
    a4.axhline(1.0, color="0.8", lw=0.8, zorder=0)
    for a, txt in (("aldesleukin", "wild type"), ("F42K", "F42K, R38A\n(assumed)")):
        a4.axvline(agonist_fold[a], color=COLORS[a], ls=":", lw=1)
        a4.annotate(txt, (agonist_fold[a], 0.25), xytext=(3, 0), textcoords="offset points",
                    fontsize=8, color=COLORS[a], rotation=90, va="bottom")
    a4.set_xscale("log")
    a4.set_yscale("log")
    a4.set_xlabel("loss of IL-2Rα affinity (fold)")
    a4.set_ylabel("selectivity index (EC50 Treg / EC50 other)")
    a4.set_title("Treg preference vs IL-2Rα binding", fontsize=10)
    a4.legend(frameon=False, fontsize=8, loc="lower right")
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("IL-2 and its variants on Treg, CD8 T and NK cells (il2 model; 30-min pSTAT5, "
                 "Farhat 2021 protocol)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _fmt(nm):
    from sigsim.plotting import format_quantity

    return format_quantity(nm, "nM")


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
