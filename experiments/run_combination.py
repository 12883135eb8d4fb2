"""Do tocilizumab and ruxolitinib combine synergistically on IL-6 -> pSTAT3?

The two drugs act at two steps of one pathway: tocilizumab keeps IL-6 off its receptor
(fewer active receptor complexes), ruxolitinib inhibits the JAK1 activity of the complexes
that form (less STAT3 phosphorylated per complex). On HepG2-like cells (``il6`` model, 50 pM
IL-6) a dose matrix of both drugs is run in one engine batch: 60 min pre-incubation with both
(serum-free medium: ruxolitinib all free), IL-6 at t = 0, pSTAT3 at 30 min. The fractional
inhibition ``1 - pSTAT3/pSTAT3(no drug)`` is scored against three reference models of
non-interaction (``sigsim.protocols.synergy_scores``): Bliss independence, highest single
agent (HSA) and Loewe additivity (from Hill fits of each drug alone); positive excess means
synergy, and the Loewe combination index (< 1 synergy) is given where defined.

Binding constants: tocilizumab KD and kon from its library record (Rafique 2013, fitted kon);
ruxolitinib enzymatic JAK1 IC50 3.3 nM (Quintás-Cardama 2010).

Run: ``sigsim run combination [--quick] [--out DIR] [--threads N]``. Writes
``combination_matrix.csv`` (tidy: one row per dose pair with effect and every score),
``combination_summary.csv``, ``combination.png`` (effect and excess heatmaps) and
``combination.metadata.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

NAME = "combination"
TITLE = "Tocilizumab + ruxolitinib on IL-6 -> pSTAT3: Bliss, HSA and Loewe synergy"


def build_model():
    """The ``il6`` model (HepG2-like) with tocilizumab and ruxolitinib attached."""
    import sigsim
    from sigsim.drugs import attach_drug, inhibit_kinase

    m = attach_drug(sigsim.load_model("il6"), "tocilizumab")
    return inhibit_kinase(m, "ruxolitinib", fraction_unbound=1.0, source="assumed",
                          note="serum-free medium: all drug free")


def run(out="results/combination", quick=False, threads=None, show=print):
    """Run the experiment; returns ``{"tables", "figures", "metadata", "scores"}``
    (``scores``: the :class:`sigsim.protocols.SynergyResult`)."""
    import pandas as pd

    import sigsim
    from sigsim.protocols import run_metadata, synergy_scores, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n = 4 if quick else 8
    tcz = np.r_[0.0, np.logspace(-2, 1.5, n)]      # nM
    rux = np.r_[0.0, np.logspace(-0.5, 2.5, n)]    # nM, free
    A, B = np.meshgrid(tcz, rux, indexing="ij")
    model = build_model()
    res = sigsim.simulate(model, [0.0, 30.0], y0={"IL6": 0.05},
                          preequilibrate={"y0": {"tocilizumab": A.ravel(),
                                                 "ruxolitinib": B.ravel()}, "duration": 60.0},
                          rtol=1e-8, atol=1e-12, threads=threads, on_failure="raise")
    p = np.asarray(res["pSTAT3"])[:, -1].reshape(A.shape)
    effect = 1.0 - p / p[0, 0]
    scores = synergy_scores(tcz, rux, effect)
    table = scores.table.rename(columns={"dose_a": "tocilizumab_nM", "dose_b": "ruxolitinib_nM"})
    single = pd.DataFrame({"tocilizumab_nM": np.r_[tcz, np.zeros(n)],
                           "ruxolitinib_nM": np.r_[np.zeros(n + 1), rux[1:]],
                           "effect": np.r_[effect[:, 0], effect[0, 1:]]})
    table = pd.concat([single, table], ignore_index=True)
    summary = pd.DataFrame([{k: float(v) for k, v in scores.summary.items()}])
    tables = {"matrix": write_table(table, out, f"{NAME}_matrix")["csv"],
              "summary": write_table(summary, out, f"{NAME}_summary")["csv"]}
    fig = _figure(tcz, rux, scores, out / f"{NAME}.png")
    meta = run_metadata(NAME, models=[model], settings={
        "tocilizumab_nM": tcz, "ruxolitinib_free_nM": rux, "IL6_nM": 0.05,
        "preincubation_min": 60.0, "readout_min": 30.0, "quick": quick},
        single_agent_fits={"tocilizumab": repr(scores.fit_a), "ruxolitinib": repr(scores.fit_b)})
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show("fractional inhibition of pSTAT3 (rows: tocilizumab nM, columns: ruxolitinib nM)")
    show(pd.DataFrame(effect, index=[f"{v:.3g}" for v in tcz],
                      columns=[f"{v:.3g}" for v in rux]).to_string(float_format="%.2f"))
    s = scores.summary
    show(f"\nexcess over reference (mean / max over combinations): Bliss {s['bliss_mean']:+.3f} / "
         f"{s['bliss_max']:+.3f}, HSA {s['hsa_mean']:+.3f} / {s['hsa_max']:+.3f}, Loewe "
         f"{s['loewe_mean']:+.3f} / {s['loewe_max']:+.3f}; median combination index "
         f"{s['ci_median']:.2f}")
    show(f"\nwrote {', '.join(str(p) for p in [*tables.values(), fig, meta_path])}")
    return {"tables": tables, "figures": [fig], "metadata": meta_path, "scores": scores,
            "effect": effect, "tocilizumab_nM": tcz, "ruxolitinib_nM": rux}


def _figure(tcz, rux, scores, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    panels = (("inhibition of pSTAT3", scores.effect, "viridis", (0, 1)),
              ("Bliss excess", scores.bliss, "RdBu_r", None),
              ("Loewe excess", scores.loewe, "RdBu_r", None))
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.3))
    xl = [_tick(v) for v in rux]
    yl = [_tick(v) for v in tcz]
    for ax, (title, mat, cmap, lim) in zip(axes, panels):
        if lim is None:
            m = np.nanmax(np.abs(mat)) if np.any(np.isfinite(mat)) else 1.0
            lim = (-max(m, 0.05), max(m, 0.05))
        im = ax.imshow(mat, origin="lower", cmap=cmap, vmin=lim[0], vmax=lim[1], aspect="auto")
        for i in range(mat.shape[0]):
            for j in range(mat.shape[1]):
                if np.isfinite(mat[i, j]):
                    v = mat[i, j]
                    dark = (cmap == "viridis" and v < 0.6) or (cmap != "viridis"
                                                                and abs(v) > 0.6 * lim[1])
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=6.5,
                            color="white" if dark else "black")
        ax.set_xticks(range(len(rux)), xl, rotation=45, fontsize=8)
        ax.set_yticks(range(len(tcz)), yl, fontsize=8)
        ax.set_xlabel("ruxolitinib, free (nM)")
        ax.set_ylabel("tocilizumab (nM)")
        ax.set_title(title, fontsize=10)
        cb = fig.colorbar(im, ax=ax, shrink=0.85)
        cb.set_label("fraction" if cmap == "viridis" else "excess (> 0: synergy)", fontsize=8)
    fig.suptitle("Tocilizumab + ruxolitinib, HepG2-like cells, 50 pM IL-6, pSTAT3 at 30 min",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _tick(v):
    return f"{v:.0f}" if v >= 10 else f"{v:.2g}"


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
