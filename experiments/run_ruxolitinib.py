"""How strongly does ruxolitinib block IL-6 -> pSTAT3 and IL-4 -> pSTAT6, in vitro and at
clinical exposure?

Ruxolitinib (JAK1/JAK2 inhibitor) acts on the JAK step of both pathways: IL-6 signals through
gp130-associated JAK1 (``il6`` model, HepG2-like cells, 50 pM IL-6, pSTAT3), IL-4 through
JAK1 on IL-4Rα (``il4`` model, A549 cells with type II receptors, 0.1 nM IL-4, pSTAT6). The
enzymatic IC50s (JAK1 3.3 nM, JAK2 2.8 nM; Quintás-Cardama 2010) act on free drug; in plasma
97 % is protein-bound (label), so the total concentration needed is ~33 times higher.

Protocol: cells at rest are incubated 60 min with ruxolitinib (total concentration 0.1 nM to
30 µM) in serum-free medium (all drug free) or in plasma-like medium (3 % free), the cytokine
is added at t = 0 and the readout taken at 30 min; Hill fits give the IC50s. In vivo: after
25 mg by mouth once, and 20 mg twice daily (label doses), the plasma concentration over a day
(one-compartment PK with first-order absorption from the library record) drives the same
protocol at each sample time (timescale separation, tissue free drug = plasma free drug).

Run: ``sigsim run ruxolitinib [--quick] [--out DIR] [--threads N]``. Writes
``ruxolitinib_ic50.csv``, ``ruxolitinib_dose_response.csv``, ``ruxolitinib_in_vivo.csv``,
``ruxolitinib.png`` and ``ruxolitinib.metadata.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

NAME = "ruxolitinib"
TITLE = "Ruxolitinib on IL-6 -> pSTAT3 and IL-4 -> pSTAT6, in vitro and at clinical exposure"

PATHWAYS = (
    # label, model, options, stimulus, readout
    ("IL-6 -> pSTAT3", "il6", {"cell": "hepatocyte"}, {"IL6": 0.05}, "pSTAT3"),
    ("IL-4 -> pSTAT6", "il4", {"cell": "a549"}, {"IL4": 0.1}, "pSTAT6"),
)
MEDIA = (("serum-free (100 % free)", 1.0), ("plasma (3 % free)", 0.03))
REGIMENS = ("25 mg PO once", "20 mg PO q12h x2")
COLORS = {"IL-6 -> pSTAT3": "#0072B2", "IL-4 -> pSTAT6": "#D55E00"}


def run(out="results/ruxolitinib", quick=False, threads=None, show=print):
    """Run the experiment; returns ``{"tables", "figures", "metadata", "ic50", "in_vivo"}``.

    ``ic50[(pathway, medium)]`` is the IC50 in nM of total drug; ``in_vivo[(pathway,
    regimen)]`` the :class:`sigsim.drugs.PathwayUnderRegimen` result.
    """
    import pandas as pd

    import sigsim
    from sigsim.drugs import inhibit_kinase, pathway_response_under_regimen
    from sigsim.protocols import fit_hill, run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    conc = np.logspace(-1, 4.5, 8 if quick else 23)
    hours = np.unique(np.r_[np.linspace(0.0, 24.0, 9 if quick else 49), 1.0, 10.0])
    rows, ic_rows, vivo_rows, models = [], [], [], []
    curves, fits, ic50, vivo = {}, {}, {}, {}
    for label, name, opts, stim, readout in PATHWAYS:
        base = sigsim.load_model(name, **opts)
        m = inhibit_kinase(base, "ruxolitinib")
        models.append(m)
        c = np.r_[0.0, conc]
        fu = np.concatenate([np.full(c.size, f) for _, f in MEDIA])
        call = np.tile(c, len(MEDIA))
        res = sigsim.simulate(m, [0.0, 30.0], params={"fu_ruxolitinib": fu}, y0=stim,
                              preequilibrate={"y0": {"ruxolitinib": call}, "duration": 60.0,
                                              "params": {"fu_ruxolitinib": fu}},
                              rtol=1e-8, atol=1e-12, threads=threads, on_failure="raise")
        y = np.asarray(res[readout])[:, -1].reshape(len(MEDIA), c.size)
        for k, (medium, f) in enumerate(MEDIA):
            rel = 100.0 * y[k] / y[k, 0]
            curves[(label, medium)] = rel[1:]
            fit = fit_hill(conc, rel[1:])
            fits[(label, medium)] = fit
            ic50[(label, medium)] = float(fit.mid)
            ic_rows.append({"pathway": label, "medium": medium, "fraction_unbound": f,
                            "IC50_total_nM": fit.mid, "IC50_free_nM": fit.mid * f,
                            "IC50_ci_low_nM": fit.mid_ci[0], "IC50_ci_high_nM": fit.mid_ci[1],
                            "hill": fit.hill})
            for cc, v, r in zip(c, y[k], rel):
                rows.append({"pathway": label, "medium": medium, "ruxolitinib_total_nM": cc,
                             "readout": readout, "response_30min": v, "pct_of_control": r})
        for reg in REGIMENS:
            r = pathway_response_under_regimen("ruxolitinib", reg, base, hours / 24.0,
                                               stimulus=stim, readout=readout)
            vivo[(label, reg)] = r
            for h, p, rel in zip(hours, r.plasma_nM, r.relative):
                vivo_rows.append({"pathway": label, "regimen": reg, "time_h": h,
                                  "plasma_total_nM": p, "pct_of_control": 100.0 * rel})
    tab = pd.DataFrame(ic_rows)
    vivo_df = pd.DataFrame(vivo_rows)
    tables = {"ic50": write_table(tab, out, f"{NAME}_ic50")["csv"],
              "dose_response": write_table(pd.DataFrame(rows), out,
                                           f"{NAME}_dose_response")["csv"],
              "in_vivo": write_table(vivo_df, out, f"{NAME}_in_vivo")["csv"]}
    fig = _figure(conc, curves, fits, vivo, hours, out / f"{NAME}.png")
    meta = run_metadata(NAME, models=models, settings={
        "concentrations_total_nM": conc, "preincubation_min": 60.0, "readout_min": 30.0,
        "media": dict(MEDIA), "regimens": REGIMENS, "hours": hours, "quick": quick,
        "stimuli": {p[0]: p[3] for p in PATHWAYS}})
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show(f"{'pathway':16s} {'medium':26s} {'IC50 total':>12s} {'IC50 free':>11s} {'Hill':>6s}")
    for r in ic_rows:
        show(f"{r['pathway']:16s} {r['medium']:26s} {r['IC50_total_nM']:9.3g} nM "
             f"{r['IC50_free_nM']:8.3g} nM {r['hill']:6.2f}")
    show("\nIn vivo, % of drug-free response (pathway stimulated at each time after the dose):")
    show(f"{'pathway':16s} {'regimen':18s} {'1 h':>6s} {'4 h':>6s} {'10 h':>6s} {'24 h':>6s}")
    for (label, reg), r in vivo.items():
        vals = [100.0 * np.interp(h, hours, r.relative) for h in (1, 4, 10, 24)]
        show(f"{label:16s} {reg:18s} " + " ".join(f"{v:6.1f}" for v in vals))
    show(f"\nwrote {', '.join(str(p) for p in [*tables.values(), fig, meta_path])}")
    return {"tables": tables, "figures": [fig], "metadata": meta_path, "ic50": ic50,
            "in_vivo": vivo, "table": tab}


def _figure(conc, curves, fits, vivo, hours, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    ax = axes[0]
    xx = np.logspace(np.log10(conc[0]), np.log10(conc[-1]), 200)
    for (label, medium), rel in curves.items():
        plasma = "plasma" in medium
        color = COLORS[label]
        fit = fits[(label, medium)]
        ax.plot(conc, rel, "o", color=color, ms=4, mfc="none" if plasma else color)
        ax.plot(xx, fit(xx), "--" if plasma else "-", color=color,
                label=f"{label}, {medium}: IC50 {fit.mid:.3g} nM")
        ax.plot([fit.mid, fit.mid], [0, fit(fit.mid)], ":", color=color, lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("ruxolitinib, total (nM)")
    ax.set_ylabel("response at 30 min (% of drug-free control)")
    ax.set_title("in vitro, 60 min pre-incubation", fontsize=10)
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    ax.set_ylim(-3, 125)
    ax = axes[1]
    styles = {REGIMENS[0]: "-", REGIMENS[1]: "--"}
    for reg in REGIMENS:
        r = vivo[(next(iter(COLORS)), reg)]
        ax.plot(hours, r.plasma_nM, styles[reg], color="black", label=reg)
    ax.set_xlabel("time after first dose (h)")
    ax.set_ylabel("plasma ruxolitinib, total (nM)")
    ax.set_yscale("log")
    ax.set_title("plasma concentration (library popPK)", fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    ax = axes[2]
    for (label, reg), r in vivo.items():
        ax.plot(hours, 100.0 * r.relative, styles[reg], color=COLORS[label],
                label=f"{label}, {reg}")
    ax.set_xlabel("time after first dose (h)")
    ax.set_ylabel("response (% of drug-free control)")
    ax.set_title("pathway response during dosing", fontsize=10)
    ax.set_ylim(-3, 140)
    ax.legend(fontsize=7, frameon=False, loc="upper center", ncol=2)
    for a in axes:
        a.spines[["top", "right"]].set_visible(False)
    for a in axes[1:]:
        a.set_xticks(np.arange(0, 25, 4))
    for a in (axes[0], axes[2]):
        a.set_yticks(np.arange(0, 101, 20))
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
