"""Do dupilumab and pitrakinra block type I and type II IL-4/IL-13 signaling alike?

Both drugs target IL-4Ralpha, the chain shared by the type I receptor (IL-4Ralpha + gamma-c,
IL-4 only) and the type II receptor (IL-4Ralpha + IL-13Ralpha1, IL-4 and IL-13): dupilumab is a
human anti-IL-4Ralpha IgG4, pitrakinra an IL-4 double mutein (R121D/Y124D) that binds
IL-4Ralpha without recruiting gamma-c or IL-13Ralpha1 (Setrerrahmane & Xu 2017, IL-4 section).
Three signaling routes of the ``il4`` model (Yang 2023 receptor numbers per cell), one model
structure whose cell context is set by parameters:

- **type I**: Ramos B cells (IL-4Ralpha ~2,950, gamma-c ~16,700, no IL-13Ralpha1) with IL-4;
- **type II**: A549 cells (IL-4Ralpha ~133, IL-13Ralpha1 ~1,690, gamma-c ~18,400) with IL-13,
  which signals only through the type II receptor;
- **type I + II**: A549 cells with IL-4 (both receptor types form; in this model ~10 type I
  complexes per type II complex, see the il4 model docstring).

Protocol. Each route is first stimulated without drug (pSTAT6, fraction of STAT6
phosphorylated, at 30 min, over a range of ligand doses) to find its EC50 and EC80; the
blockade assay then uses the EC80 (equal receptor drive on each route). Resting cells are
incubated 60 min with the drug (0.1 pM to 10 uM), the ligand is added at t = 0 and pSTAT6 is
read at 30 min; a four-parameter Hill curve gives the IC50.

Affinities: ASSUMED (neither drug's binding constants were located, see the drug records):

- dupilumab: KD 0.05 nM for IL-4Ralpha (order of high-affinity therapeutic antibodies, tens of
  pM), on-rate 0.06 /(nM*min) = 1e6 /(M*s) (``DEFAULT_ANTIBODY_KON``, assumed);
- pitrakinra: binds IL-4Ralpha as IL-4 does (its mutations are in IL-4's site 2, the gamma-c /
  IL-13Ralpha1 contact, not in site 1 that binds IL-4Ralpha): the il4 model's IL-4:IL-4Ralpha
  on-rate (0.6 /(nM*min)) and KD (0.815 nM, Yang 2023).

Because both KDs are assumed, every IC50 is also computed with the KD 10-fold lower and higher
(``IC50_KD_div10_nM``, ``IC50_KD_x10_nM``). The drug-bound IL-4Ralpha is internalized like the
free chain (the model's constitutive ``kint_R``), so the surface receptor total stays at rest.
For pitrakinra on the IL-4 routes the table also gives the IC50 of an ideal competitive
antagonist at equilibrium (Schild / Cheng-Prusoff: ``KD*(L/EC50 - 1)`` at IL-4 dose L).

Run: ``sigsim run il4_blockade [--quick] [--out DIR] [--threads N]`` or
``python experiments/run_il4_blockade.py``. Writes ``il4_blockade_ic50.csv`` (the answer),
``il4_blockade_dose_response.csv``, ``il4_blockade_ligand_response.csv``, ``il4_blockade.png``
and ``il4_blockade.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "il4_blockade"
TITLE = "Dupilumab and pitrakinra on type I vs type II IL-4/IL-13 signaling"

PREINCUBATION_MIN = 60.0
READOUT_MIN = 30.0
READOUT = "pSTAT6"
STIMULUS_LEVEL = 0.8            # stimulate each route at its EC80
DUPILUMAB_KD_nM = 0.05          # assumed (see module docstring)
#: (route, cell context, ligand, description)
ROUTES = (
    ("type I", "ramos", "IL4", "Ramos + IL-4 (type I only)"),
    ("type II", "a549", "IL13", "A549 + IL-13 (type II only)"),
    ("type I + II", "a549", "IL4", "A549 + IL-4 (type I and II)"),
)
DRUGS = ("dupilumab", "pitrakinra")
COLORS = {"dupilumab": "#0072B2", "pitrakinra": "#D55E00"}
ROUTE_COLORS = {"type I": "#009E73", "type II": "#CC79A7", "type I + II": "#555555"}


def cell_params(cell):
    """Receptor numbers (molecules/cell, Yang 2023) of an il4 cell context, as parameters."""
    from sigsim.library import model_module

    mod = model_module("il4")
    base = {p[0]: p[1] for p in mod.PARAMETERS}
    over = mod.CELLS[cell]
    return {k: float(over[k][0]) if k in over else float(base[k])
            for k in ("N_IL4Ra", "N_gc", "N_IL13Ra1")}


def build_model():
    """The ``il4`` model (A549 defaults) with dupilumab and pitrakinra on IL-4Ralpha."""
    import sigsim
    from sigsim.drugs import block_receptor, receptor_antagonist
    from sigsim.drugs._coupling import DEFAULT_ANTIBODY_KON, SOURCES

    m = sigsim.load_model("il4")
    m = block_receptor(
        m, "dupilumab", "IL4Ra", DEFAULT_ANTIBODY_KON, DUPILUMAB_KD_nM,
        "assumed: dupilumab KD for IL-4Ralpha not located; 50 pM, the order of high-affinity "
        "therapeutic antibodies", kon_source=SOURCES["antibody_kon"],
        internalization={"IL4Ra": "kint_R"})
    kon = m.parameter_info("kon_IL4").value
    kd = m.parameter_info("koff_IL4").value / kon
    return receptor_antagonist(
        m, "pitrakinra", "IL4Ra", kon, kd,
        "assumed: no constants located; IL-4 R121D/Y124D keeps IL-4's site 1, so it binds "
        "IL-4Ralpha as IL-4 (KD 0.815 nM, yang2023)",
        kon_source="assumed: as IL-4 (il4 model kon_IL4)", internalization={"IL4Ra": "kint_R"})


def run(out="results/il4_blockade", quick=False, threads=None, show=print):
    """Run the experiment; returns a dict.

    Keys: ``tables``, ``figures``, ``metadata``, ``table`` (IC50 table), ``ic50`` ((route,
    drug) -> IC50 nM at the assumed KD), ``relative`` ((route, drug) -> % of control per
    concentration), ``concentrations_nM``, ``stimulus_nM`` (route -> ligand dose, its EC80),
    ``ligand_ec50_nM`` (route -> EC50), ``control`` (route -> drug-free pSTAT6).
    """
    import pandas as pd

    import sigsim
    from sigsim.drugs import in_vitro_blockade
    from sigsim.protocols import fit_hill, run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    conc = np.logspace(-4, 4, 17 if quick else 33)
    doses = np.logspace(-4, 2, 13 if quick else 25)
    n_times = 16 if quick else 61
    t0 = time.perf_counter()
    model = build_model()

    # 1. each route without drug: EC50 and the EC80 stimulus
    lig_rows, ec50, stim, lig_fits = [], {}, {}, {}
    for route, cell, lig, _ in ROUTES:
        res = sigsim.simulate(model, [0.0, READOUT_MIN], params=cell_params(cell),
                              y0={lig: doses}, preequilibrate=True, rtol=1e-8, atol=1e-12,
                              threads=threads, on_failure="raise")
        y = np.asarray(res[READOUT])[:, -1]
        fit = fit_hill(doses, y)
        lig_fits[route] = fit
        ec50[route] = float(fit.mid)
        q = STIMULUS_LEVEL / (1.0 - STIMULUS_LEVEL)
        stim[route] = float(fit.mid * q ** (1.0 / fit.hill))
        lig_rows += [{"route": route, "cell": cell, "ligand": lig, "ligand_nM": d,
                      "pSTAT6_30min": v} for d, v in zip(doses, y)]
    # IL-13 on type I-only cells (Ramos): no IL-13Ralpha1, no response
    res = sigsim.simulate(model, [0.0, READOUT_MIN], params=cell_params("ramos"),
                          y0={"IL13": doses}, preequilibrate=True, rtol=1e-8, atol=1e-12,
                          threads=threads, on_failure="raise")
    ramos_il13 = np.asarray(res[READOUT])[:, -1]
    lig_rows += [{"route": "none (no IL-13Ra1)", "cell": "ramos", "ligand": "IL13",
                  "ligand_nM": d, "pSTAT6_30min": v} for d, v in zip(doses, ramos_il13)]

    # 2. blockade at the EC80, with the assumed KD and 10-fold either side
    rows, ic50_rows, ic50, relative, fits, control, variants = [], [], {}, {}, {}, {}, {}
    for route, cell, lig, _ in ROUTES:
        p = cell_params(cell)
        for drug in DRUGS:
            kd_name = f"KD_{drug}_IL4Ra"
            kd = model.parameter_info(kd_name).value
            out_kd = {}
            for factor in (1.0, 0.1, 10.0):
                r = in_vitro_blockade(model, drug, conc, stimulus={lig: stim[route]},
                                      preincubation_min=PREINCUBATION_MIN, readout=READOUT,
                                      t_end=READOUT_MIN, statistic="end", n_times=n_times,
                                      params={**p, kd_name: kd * factor}, fit=False)
                rel = 100.0 * r.relative[1:]
                fit = fit_hill(conc, rel) if rel.min() < 50.0 else None
                out_kd[factor] = (rel, fit)
                if factor == 1.0:
                    control[route] = float(r.response[0])
                    rows += [{"route": route, "cell": cell, "ligand": lig, "drug": drug,
                              "concentration_nM": c, "pSTAT6_30min": v, "pct_of_control": q}
                             for c, v, q in zip(conc, r.response[1:], rel)]
            rel, fit = out_kd[1.0]
            relative[(route, drug)], fits[(route, drug)] = rel, fit
            variants[(route, drug)] = {f: out_kd[f] for f in (0.1, 10.0)}
            mid = float(fit.mid) if fit else float("nan")
            ic50[(route, drug)] = mid
            schild = float("nan")
            if drug == "pitrakinra" and lig == "IL4":
                schild = kd * (stim[route] / ec50[route] - 1.0)
            ic50_rows.append({
                "route": route, "cell": cell, "ligand": lig, "stimulus_nM": stim[route],
                "drug": drug, "KD_nM_assumed": kd, "IC50_nM": mid,
                "IC50_ci_low_nM": fit.mid_ci[0] if fit else float("nan"),
                "IC50_ci_high_nM": fit.mid_ci[1] if fit else float("nan"),
                "hill": fit.hill if fit else float("nan"),
                "IC50_KD_div10_nM": _mid(out_kd[0.1][1]),
                "IC50_KD_x10_nM": _mid(out_kd[10.0][1]),
                "IC50_competitive_equilibrium_nM": schild,
                "pct_of_control_at_top_dose": rel[-1],
                "control_pSTAT6_30min": control[route]})
    elapsed = time.perf_counter() - t0

    tab = pd.DataFrame(ic50_rows)
    tables = {
        "ic50": write_table(tab, out, f"{NAME}_ic50")["csv"],
        "dose_response": write_table(pd.DataFrame(rows), out, f"{NAME}_dose_response")["csv"],
        "ligand_response": write_table(pd.DataFrame(lig_rows), out,
                                       f"{NAME}_ligand_response")["csv"]}
    figures = [_figure(doses, lig_rows, lig_fits, stim, conc, relative, fits, variants,
                       out / f"{NAME}.png")]
    meta = run_metadata(NAME, models=[model], settings={
        "routes": {r[0]: {"cell": r[1], "ligand": r[2], "receptors": cell_params(r[1]),
                          "stimulus_nM": stim[r[0]], "ligand_EC50_nM": ec50[r[0]]}
                   for r in ROUTES},
        "stimulus_level": STIMULUS_LEVEL, "preincubation_min": PREINCUBATION_MIN,
        "readout": READOUT, "readout_min": READOUT_MIN, "concentrations_nM": conc,
        "ligand_doses_nM": doses, "KD_factors": [0.1, 1.0, 10.0], "rtol": 1e-8,
        "atol": 1e-12, "quick": quick,
        "assumed_affinities": {
            "dupilumab": {"KD_nM": DUPILUMAB_KD_nM, "kon_per_nM_min": 0.06},
            "pitrakinra": {"KD_nM": model.parameter_info("KD_pitrakinra_IL4Ra").value,
                           "kon_per_nM_min": model.parameter_info("kon_pitrakinra_IL4Ra").value}}},
        simulation_seconds=elapsed)
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show("ASSUMED affinities: dupilumab KD 50 pM, kon 1e6 /(M*s); pitrakinra as IL-4 (KD 0.815 "
         "nM, kon 1e7 /(M*s)). 60 min with the drug, ligand at its EC80, pSTAT6 at 30 min.\n")
    lines = [f"{'route':12s} {'stimulus':>16s} {'drug':11s} {'IC50':>10s} "
             f"{'KD/10':>10s} {'KD x10':>10s} {'% ctrl at top':>14s}"]
    for r in ic50_rows:
        lig = "IL-4" if r["ligand"] == "IL4" else "IL-13"
        lines.append(f"{r['route']:12s} {_fmt(r['stimulus_nM']) + ' ' + lig:>16s} "
                     f"{r['drug']:11s} {_fmt(r['IC50_nM']):>10s} "
                     f"{_fmt(r['IC50_KD_div10_nM']):>10s} {_fmt(r['IC50_KD_x10_nM']):>10s} "
                     f"{r['pct_of_control_at_top_dose']:14.1f}")
    show("\n".join(lines))
    show(f"\nRamos (no IL-13Ra1) + IL-13 up to {doses[-1]:g} nM: pSTAT6 {ramos_il13.max():.2g}")
    show(f"{elapsed:.1f} s; wrote "
         f"{', '.join(str(p) for p in [*tables.values(), *figures, meta_path])}")
    return {"tables": tables, "figures": figures, "metadata": meta_path, "table": tab,
            "ic50": ic50, "relative": relative, "concentrations_nM": conc,
            "stimulus_nM": stim, "ligand_ec50_nM": ec50, "control": control,
            "ramos_il13_max": float(ramos_il13.max())}


def _mid(fit):
    return float(fit.mid) if fit is not None else float("nan")


def _figure(doses, lig_rows, lig_fits, stim, conc, relative, fits, variants, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(17, 5.4))
    a0 = axes[0]
    for route, cell, lig, desc in ROUTES:
        y = [r["pSTAT6_30min"] for r in lig_rows if r["route"] == route]
        color = ROUTE_COLORS[route]
        a0.plot(doses, y, "o-", color=color, ms=3.5, lw=1.3, label=desc)
        a0.plot([stim[route]], [lig_fits[route](stim[route])], "*", color=color, ms=11,
                mec="k", mew=0.5)
    y = [r["pSTAT6_30min"] for r in lig_rows if r["route"].startswith("none")]
    a0.plot(doses, y, "x--", color="0.6", ms=4, lw=1, label="Ramos + IL-13 (no IL-13Rα1)")
    a0.set_xscale("log")
    a0.set_xlabel("IL-4 or IL-13 added (nM), no drug")
    a0.set_ylabel("pSTAT6 at 30 min (fraction of STAT6)")
    a0.set_title("Routes without drug (★ EC80 stimulus)", fontsize=10)
    a0.legend(frameon=False, fontsize=7.5, loc="upper left")
    xx = np.logspace(np.log10(conc[0]), np.log10(conc[-1]), 300)
    for ax, (route, cell, lig, desc) in zip(axes[1:], ROUTES):
        for drug in DRUGS:
            color = COLORS[drug]
            rel, fit = relative[(route, drug)], fits[(route, drug)]
            ax.plot(conc, rel, "o", color=color, ms=3.5)
            label = f"{drug}: IC50 {_fmt(fit.mid)}" if fit else f"{drug}: no block"
            ax.plot(xx, fit(xx) if fit else np.interp(np.log10(xx), np.log10(conc), rel),
                    "-", color=color, lw=1.5, label=label)
            for factor, ls in ((0.1, ":"), (10.0, "--")):
                r_v, _ = variants[(route, drug)][factor]
                ax.plot(conc, r_v, ls, color=color, lw=0.9, alpha=0.7)
        ax.plot([], [], ":", color="0.4", lw=0.9, label="KD / 10 (assumed KD varied)")
        ax.plot([], [], "--", color="0.4", lw=0.9, label="KD × 10")
        ax.set_xscale("log")
        ax.set_ylim(-5, 115)
        ax.axhline(100, color="0.85", lw=0.8, zorder=0)
        ax.axhline(50, color="0.85", lw=0.8, ls=":", zorder=0)
        ax.set_xlabel("drug concentration (nM), 60 min before the ligand")
        ax.set_ylabel("pSTAT6 at 30 min (% of no drug)")
        lig_name = "IL-4" if lig == "IL4" else "IL-13"
        ax.set_title(f"{route}: {cell.capitalize() if cell == 'ramos' else 'A549'}, "
                     f"{_fmt(stim[route])} {lig_name}", fontsize=10)
        ax.legend(frameon=False, fontsize=7.5, loc="upper center", ncol=2,
                  bbox_to_anchor=(0.5, -0.16))
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("IL-4Rα blockers on type I and type II IL-4/IL-13 signaling (il4 model; "
                 "drug affinities ASSUMED: dupilumab KD 50 pM, pitrakinra as IL-4)",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _fmt(nm):
    from sigsim.plotting import format_quantity

    return format_quantity(nm, "nM")


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
