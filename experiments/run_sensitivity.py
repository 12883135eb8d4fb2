"""Which parameters control the IL-6 pSTAT3 response and the IL-2 Treg/CD8 selectivity?

Variance-based global sensitivity (Sobol indices, SALib's Saltelli/Jansen estimators through
``sigsim.protocols``) with every input scaled log-uniformly within 0.5-2x its library value:

1. **IL-6 -> pSTAT3 AUC** (``il6`` model, HepG2-like cells at rest, 50 pM IL-6, area under the
   pSTAT3 curve over 0-120 min): receptor numbers, IL-6R binding and internalization, JAK1
   activation, STAT3 phosphorylation, nuclear import and dephosphorylation, and the SOCS3
   feedback (transcription rate and inhibition constant).
2. **IL-2 Treg/CD8 selectivity** (``il2`` model, Farhat 2021 receptor numbers): the log10 of
   the ratio of pSTAT5 EC50s, CD8 over Treg (30 min), each EC50 read off a 13-dose curve by
   log-linear interpolation at half of the response at the top dose. Inputs: IL-2 binding to
   IL-2Rα and IL-2Rβ, the receptor assembly rate, STAT5 phosphorylation and
   dephosphorylation, endocytosis, and the IL-2Rα and IL-2Rβ numbers of each cell type.

First-order indices S1 say how much of the output variance one input explains alone; total
indices ST include its interactions. Run: ``sigsim run sensitivity [--quick]``. Writes
``sensitivity_il6.csv``, ``sensitivity_il2.csv`` (S1, ST, 95 % confidence half-widths),
``sensitivity.png`` and ``sensitivity.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "sensitivity"
TITLE = "Global (Sobol) sensitivity: IL-6 pSTAT3 AUC and IL-2 Treg/CD8 selectivity"

IL6_INPUTS = ("N_IL6R", "N_gp130", "kon_IL6R", "k_int", "k_jak1", "kp_STAT3", "kimp_D",
              "kdp_STAT3n", "ktx_SOCS3", "Ki_SOCS3")
IL2_SHARED = ("KD_IL2_IL2Ra", "KD_IL2_IL2Rb", "kfwd", "kp_STAT5", "kdp_STAT5", "ke")
IL2_CELL = (("N_IL2Ra", "treg"), ("N_IL2Rb", "treg"), ("N_IL2Ra", "cd8"), ("N_IL2Rb", "cd8"))
IL2_DOSES = np.logspace(-4, 2, 13)  # nM
SEED = 20171


def _bounds(model, names):
    return {n: (0.5 * model.parameter_info(n).value, 2.0 * model.parameter_info(n).value, "log")
            for n in names}


def il2_selectivity(model, X, names, cells, threads=None):
    """log10(EC50_CD8 / EC50_Treg) for each row of ``X`` (columns ``names``)."""
    import sigsim

    n_rows, nd = X.shape[0], IL2_DOSES.size
    base = {c: cells[c] for c in ("treg", "cd8")}
    out = np.empty(n_rows)
    ec = {}
    for cell in ("treg", "cd8"):
        params = {}
        for j, name in enumerate(names):
            if "@" in name:
                pname, c = name.split("@")
                if c != cell:
                    continue
                params[pname] = np.repeat(base[cell][pname] * X[:, j], nd)
            else:
                params[name] = np.repeat(X[:, j], nd)
        for pname, v in base[cell].items():
            params.setdefault(pname, np.full(n_rows * nd, v))
        dose = np.tile(IL2_DOSES, n_rows)
        res = sigsim.simulate(model, [0.0, 30.0], params=params, y0={"IL2": dose},
                              preequilibrate=True, rtol=1e-7, atol=1e-12, threads=threads,
                              on_failure="raise")
        y = np.asarray(res["pSTAT5"])[:, -1].reshape(n_rows, nd)
        half = 0.5 * y[:, -1:]
        ec[cell] = np.array([10 ** np.interp(h, yy, np.log10(IL2_DOSES))
                             for h, yy in zip(half[:, 0], np.maximum.accumulate(y, axis=1))])
    out[:] = np.log10(ec["cd8"] / ec["treg"])
    return out


def run(out="results/sensitivity", quick=False, threads=None, show=print):
    """Run the experiment; returns ``{"tables", "figures", "metadata", "il6", "il2"}`` (the
    index tables as DataFrames)."""
    import sigsim
    from sigsim.library import model_module
    from sigsim.protocols import (global_sensitivity, run_metadata, sobol_indices,
                                  write_metadata, write_table)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n = 8 if quick else 256
    timings = {}
    il6 = sigsim.load_model("il6")
    t0 = time.perf_counter()
    s_il6 = global_sensitivity(il6, np.linspace(0.0, 120.0, 25 if quick else 121),
                               _bounds(il6, IL6_INPUTS), ("pSTAT3", "auc"), method="sobol",
                               n=n, seed=SEED, y0={"IL6": 0.05}, preequilibrate=True,
                               rtol=1e-7, atol=1e-12, threads=threads)
    timings["il6_s"] = time.perf_counter() - t0
    il2 = sigsim.load_model("il2")
    cells = {c: dict(model_module("il2").CELLS[c]) for c in ("treg", "cd8")}
    names = list(IL2_SHARED) + [f"{p}@{c}" for p, c in IL2_CELL]
    bounds = {k: (0.5 * il2.parameter_info(k).value, 2.0 * il2.parameter_info(k).value, "log")
              for k in IL2_SHARED}
    bounds.update({f"{p}@{c}": (0.5, 2.0, "log") for p, c in IL2_CELL})
    t0 = time.perf_counter()
    s_il2 = sobol_indices(lambda X: il2_selectivity(il2, X, names, cells, threads), bounds,
                          max(4, n // 2), seed=SEED, output_names=["log10 EC50 CD8/Treg"])
    timings["il2_s"] = time.perf_counter() - t0
    s_il2["parameter"] = s_il2["parameter"].str.replace("@treg", " (Treg, scale)").str.replace(
        "@cd8", " (CD8, scale)")
    tables = {"il6": write_table(s_il6, out, f"{NAME}_il6")["csv"],
              "il2": write_table(s_il2, out, f"{NAME}_il2")["csv"]}
    fig = _figure(s_il6, s_il2, out / f"{NAME}.png")
    d6, d2 = len(IL6_INPUTS), len(names)
    meta = run_metadata(NAME, models=[il6, il2], seeds=SEED, settings={
        "range": "0.5-2x, log-uniform", "il6_inputs": IL6_INPUTS, "il2_inputs": names,
        "sobol_n_il6": n, "sobol_n_il2": max(4, n // 2),
        "simulations": {"il6": n * (d6 + 2), "il2": max(4, n // 2) * (d2 + 2) * 2 * 13},
        "il2_doses_nM": IL2_DOSES, "quick": quick}, seconds=timings)
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    for label, s in (("IL-6 pSTAT3 AUC (0-120 min, 50 pM IL-6)", s_il6),
                     ("IL-2 log10(EC50 CD8 / EC50 Treg)", s_il2)):
        show(label)
        show(s.sort_values("ST", ascending=False)[["parameter", "S1", "S1_conf", "ST",
                                                   "ST_conf"]]
             .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        show("")
    show(f"{n * (d6 + 2)} IL-6 simulations in {timings['il6_s']:.1f} s; "
         f"{max(4, n // 2) * (d2 + 2) * 26} IL-2 simulations in {timings['il2_s']:.1f} s")
    show(f"wrote {', '.join(str(p) for p in [*tables.values(), fig, meta_path])}")
    return {"tables": tables, "figures": [fig], "metadata": meta_path, "il6": s_il6,
            "il2": s_il2}


def _figure(s_il6, s_il2, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from sigsim.plotting import plot_sensitivity

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    cols = ["S1", "ST", "S1_conf", "ST_conf"]
    plot_sensitivity(s_il6.set_index("parameter")[cols], ax=axes[0])
    axes[0].set_title("IL-6 -> pSTAT3 AUC, 0-120 min", fontsize=10)
    plot_sensitivity(s_il2.set_index("parameter")[cols], ax=axes[1])
    axes[1].set_title("IL-2: log10(EC50 CD8 / EC50 Treg)", fontsize=10)
    for ax in axes:
        ax.set_xlabel("Sobol index (inputs 0.5-2x, log-uniform)")
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
