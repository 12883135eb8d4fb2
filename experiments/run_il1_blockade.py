"""Which IL-1 blockers stop IL-1beta- and IL-1alpha-driven NF-kB, and at what molar excess?

Anakinra (recombinant IL-1Ra: competes with IL-1 for IL-1R1), canakinumab (anti-IL-1beta IgG1)
and rilonacept (IL-1 trap: IL-1R1 and IL-1RAcP extracellular domains on Fc, binding IL-1beta
and IL-1alpha) are compared in the ``il1`` model (fibroblast context) stimulated with IL-1beta
or with IL-1alpha (Setrerrahmane & Xu 2017, IL-1 section).

Protocol. Stimulus 10 pM IL-1beta or IL-1alpha (~0.17 ng/mL). Readout: nuclear NF-kB (fraction
of NF-kB in the nucleus) 30 min after the stimulus, where the drug-free response has its first
peak (0.95); it is reported as % of the drug-free control and fitted with a four-parameter Hill
curve for the IC50, also given as a molar excess of drug over the IL-1 added. Two protocols:

- ``cells``: resting cells are incubated 60 min with the drug (1 pM to 100 uM), then IL-1 is
  added (the drug stays). All three drugs.
- ``premix``: the ligand binders (canakinumab, rilonacept) are mixed with the IL-1 for 60 min
  without cells (1:1 binding with their KD and on-rate) and the mixture is added to resting
  cells: the usual format of a neutralization assay. For comparison, the IC50 this protocol
  should give if the cells simply respond to the free IL-1 left after the premix is computed
  from 1:1 binding kinetics and the IL-1 EC50 of the cells (``predicted_IC50_nM``).

Binding constants (drug library, ``sigsim list drugs``, each with its source): anakinra is the
model's own IL-1Ra species (KD 70 pM for IL-1R1, Svenson 1993; 15 nM for IL-1R2, Dripps 1991);
canakinumab KD 0.99 nM for IL-1beta (Chakraborty 2013, an in vivo PK/PD estimate; an in vitro
value of ~35-40 pM is often quoted, unverified) and no IL-1alpha binding; rilonacept KD 0.5 pM
(IL-1beta) and 1.4 pM (IL-1alpha) (label values, as quoted secondarily). The antibody and trap
on-rates are not in the sources: 0.06 /(nM*min) = 1e6 /(M*s) is assumed
(``sigsim.drugs._coupling.DEFAULT_ANTIBODY_KON``); monovalent 1:1 binding.

Caveat. In the ``il1`` model the NF-kB response is all-or-none and very sensitive (half-maximal
at ~0.6 pM IL-1beta at 30 min; the receptors capture IL-1 slowly), so a drug must remove
about 94 % of 10 pM IL-1 (all but the EC50) to halve the response, and the IC50s are large
molar excesses. In the ``cells`` protocol the ligand binders race the receptors for the IL-1
added; in ``premix`` the trap's IC50 is set by how far binding gets in 60 min at the assumed
on-rate, not by its picomolar KD.

Run: ``sigsim run il1_blockade [--quick] [--out DIR] [--threads N]`` or
``python experiments/run_il1_blockade.py``. Writes ``il1_blockade_ic50.csv`` (the answer),
``il1_blockade_dose_response.csv`` (tidy: ligand, drug, protocol, concentration),
``il1_blockade_ligand_response.csv`` (IL-1 alone), ``il1_blockade.png`` and
``il1_blockade.metadata.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

NAME = "il1_blockade"
TITLE = "Anakinra, canakinumab and rilonacept on IL-1beta- and IL-1alpha-driven NF-kB"

IL1_NM = 0.01              # 10 pM IL-1beta or IL-1alpha (~0.17 ng/mL; both ~17-18 kDa)
PREINCUBATION_MIN = 60.0   # drug with cells before the stimulus ("cells" protocol)
PREMIX_MIN = 60.0          # drug with the IL-1, without cells ("premix" protocol)
READOUT_MIN = 30.0
READOUT = "NFkB_nuc"
LIGANDS = (("IL1b", "IL-1β"), ("IL1a", "IL-1α"))
#: (drug label, species in the model, protocols)
DRUGS = (
    ("anakinra", "IL1Ra", ("cells",)),
    ("canakinumab", "canakinumab", ("cells", "premix")),
    ("rilonacept", "rilonacept", ("cells", "premix")),
)
COLORS = {"anakinra": "#009E73", "canakinumab": "#0072B2", "rilonacept": "#D55E00"}


def build_model():
    """The ``il1`` model (fibroblast) with canakinumab and rilonacept attached (one structure).

    Anakinra needs nothing: it is the model's ``IL1Ra`` species.
    """
    import sigsim
    from sigsim.drugs import attach_drug, get_drug, ligand_trap
    from sigsim.drugs._coupling import DEFAULT_ANTIBODY_KON, SOURCES

    m = attach_drug(sigsim.load_model("il1"), "canakinumab")
    rec = get_drug("rilonacept")
    targets = list(rec.targets)
    return ligand_trap(m, "rilonacept", targets, DEFAULT_ANTIBODY_KON,
                       {t: rec.kd[t].value for t in targets},
                       {t: rec.kd[t].source for t in targets},
                       kon_source=SOURCES["antibody_kon"], note="rilonacept record")


def premix_free_fraction(conc_nM, kd_nM, kon, minutes):
    """Free ligand left after mixing a ligand with a drug in excess for ``minutes``.

    1:1 binding with the drug in excess (drug concentration constant): the free fraction
    relaxes from 1 to ``KD/(KD + D)`` at the rate ``kon*(D + KD)``.

    Parameters
    ----------
    conc_nM : float or array_like
        Drug concentration, nM.
    kd_nM : float
        Drug-ligand KD, nM.
    kon : float
        Association rate, 1/(nM*min).
    minutes : float
        Premix time, min.

    Returns
    -------
    numpy.ndarray
        Free ligand over total ligand (0..1).
    """
    d = np.asarray(conc_nM, dtype=float)
    eq = kd_nM / (kd_nM + d)
    return eq + (1.0 - eq) * np.exp(-kon * (d + kd_nM) * minutes)


def predicted_premix_ic50(kd_nM, kon, minutes, ligand_nM, ec50_nM):
    """Drug concentration (nM) at which the free ligand after the premix equals the cells'
    EC50 (so that they respond half-maximally): the IC50 expected if the cells simply see the
    free ligand. NaN when even no drug leaves less ligand than the EC50."""
    from scipy.optimize import brentq

    target = ec50_nM / ligand_nM
    if target >= 1.0:
        return float("nan")

    def f(logd):
        return np.log(premix_free_fraction(10.0 ** logd, kd_nM, kon, minutes)) - np.log(target)

    return float(10.0 ** brentq(f, -9.0, 9.0))


def run(out="results/il1_blockade", quick=False, threads=None, show=print):
    """Run the experiment; returns a dict.

    Keys: ``tables`` (label -> CSV path), ``figures`` (paths), ``metadata`` (path), ``table``
    (the IC50 table as a DataFrame), ``ic50`` ((ligand, drug, protocol) -> IC50 in nM; NaN
    where the drug does not halve the response within the tested range), ``molar_excess``
    (same keys: IC50 over the IL-1 concentration), ``relative`` (same keys: response in % of
    control per concentration), ``concentrations_nM``, ``ligand_ec50_nM`` (ligand -> EC50 of
    IL-1 alone at 30 min).
    """
    import pandas as pd

    import sigsim
    from sigsim.drugs import in_vitro_blockade
    from sigsim.protocols import fit_hill, run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    conc = np.logspace(-3, 5, 17 if quick else 33)
    n_times = 16 if quick else 61
    t0 = time.perf_counter()
    model = build_model()
    common = dict(readout=READOUT, t_end=READOUT_MIN, statistic="end", n_times=n_times,
                  fit=False)

    # IL-1 alone: dose-response of the cells (EC50 for the premix prediction)
    doses = np.logspace(-6, -1, 11 if quick else 26)
    ligand_rows, ec50 = [], {}
    for lig, _ in LIGANDS:
        res = sigsim.simulate(model, [0.0, READOUT_MIN], y0={lig: doses}, preequilibrate=True,
                              rtol=1e-8, atol=1e-12, threads=threads, on_failure="raise")
        y = np.asarray(res[READOUT])[:, -1]
        ec50[lig] = float(fit_hill(doses, y).mid)
        ligand_rows += [{"ligand": lig, "ligand_nM": d, "NFkB_nuc_30min": v}
                        for d, v in zip(doses, y)]

    rows, ic50_rows, ic50, excess, relative, fits = [], [], {}, {}, {}, {}
    for lig, _ in LIGANDS:
        for drug, species, protocols in DRUGS:
            for protocol in protocols:
                r = in_vitro_blockade(model, species, conc, stimulus={lig: IL1_NM},
                                      preincubation_min=PREINCUBATION_MIN,
                                      premix_min=PREMIX_MIN if protocol == "premix" else None,
                                      **common)
                rel = 100.0 * r.relative[1:]
                key = (lig, drug, protocol)
                relative[key] = rel
                rows += [{"ligand": lig, "drug": drug, "protocol": protocol,
                          "concentration_nM": c, "molar_excess": c / IL1_NM,
                          "NFkB_nuc_30min": v, "pct_of_control": p}
                         for c, v, p in zip(conc, r.response[1:], rel)]
                fit = None
                if rel.min() < 50.0 and rel.max() - rel.min() > 20.0:
                    fit = fit_hill(conc, rel)
                fits[key] = fit
                mid = float(fit.mid) if fit else float("nan")
                ic50[key], excess[key] = mid, mid / IL1_NM
                pred = float("nan")
                if protocol == "premix" and f"KD_{species}_{lig}" in model.parameter_names:
                    kd = model.parameter_info(f"KD_{species}_{lig}").value
                    kon = model.parameter_info(f"kon_{species}_{lig}").value
                    pred = predicted_premix_ic50(kd, kon, PREMIX_MIN, IL1_NM, ec50[lig])
                ic50_rows.append({
                    "ligand": lig, "drug": drug, "protocol": protocol, "IC50_nM": mid,
                    "IC50_ci_low_nM": fit.mid_ci[0] if fit else float("nan"),
                    "IC50_ci_high_nM": fit.mid_ci[1] if fit else float("nan"),
                    "hill": fit.hill if fit else float("nan"),
                    "molar_excess_at_IC50": mid / IL1_NM,
                    "predicted_IC50_nM": pred,
                    "pct_of_control_at_top_dose": rel[-1],
                    "blocks": "yes" if rel[-1] < 50.0 else
                              f"no (>= {rel[-1]:.0f} % of control at {conc[-1]:.0e} nM)",
                    "control_NFkB_nuc_30min": r.response[0]})
    elapsed = time.perf_counter() - t0

    tab = pd.DataFrame(ic50_rows)
    tables = {
        "ic50": write_table(tab, out, f"{NAME}_ic50")["csv"],
        "dose_response": write_table(pd.DataFrame(rows), out, f"{NAME}_dose_response")["csv"],
        "ligand_response": write_table(pd.DataFrame(ligand_rows), out,
                                       f"{NAME}_ligand_response")["csv"]}
    figures = [_figure(conc, relative, fits, ec50, doses, ligand_rows, out / f"{NAME}.png")]
    meta = run_metadata(NAME, models=[model], settings={
        "IL1_nM": IL1_NM, "preincubation_min": PREINCUBATION_MIN, "premix_min": PREMIX_MIN,
        "readout": READOUT, "readout_min": READOUT_MIN, "statistic": "value at readout_min",
        "concentrations_nM": conc, "ligand_doses_nM": doses, "rtol": 1e-8, "atol": 1e-12,
        "quick": quick, "cell": "fibroblast",
        "drugs": {d: {"species": s, "protocols": list(p)} for d, s, p in DRUGS}},
        simulation_seconds=elapsed, ligand_ec50_nM=ec50)
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show(f"10 pM IL-1 on resting fibroblasts; nuclear NF-kB at 30 min (control "
         f"{tab.control_NFkB_nuc_30min.iloc[0]:.2f}). IL-1 alone: EC50 IL-1β "
         f"{ec50['IL1b'] * 1e3:.2g} pM, IL-1α {ec50['IL1a'] * 1e3:.2g} pM.\n")
    lines = [f"{'drug':12s} {'protocol':9s} {'ligand':7s} {'IC50':>11s} {'molar excess':>13s} "
             f"{'predicted':>11s} {'% ctrl at top':>14s}"]
    for r in ic50_rows:
        lines.append(f"{r['drug']:12s} {r['protocol']:9s} {r['ligand']:7s} "
                     f"{_fmt_conc(r['IC50_nM']):>11s} "
                     f"{_fmt_excess(r['molar_excess_at_IC50']):>13s} "
                     f"{_fmt_conc(r['predicted_IC50_nM']):>11s} "
                     f"{r['pct_of_control_at_top_dose']:14.1f}")
    show("\n".join(lines))
    show(f"\n{len(ic50_rows) * (len(conc) + 1)} blockade simulations in {elapsed:.1f} s; wrote "
         f"{', '.join(str(p) for p in [*tables.values(), *figures, meta_path])}")
    return {"tables": tables, "figures": figures, "metadata": meta_path, "table": tab,
            "ic50": ic50, "molar_excess": excess, "relative": relative,
            "concentrations_nM": conc, "ligand_ec50_nM": ec50}


def _figure(conc, relative, fits, ec50, doses, ligand_rows, path):
    from sigsim.plotting import _pyplot

    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(14, 5.6),
                             gridspec_kw={"width_ratios": [1, 1.35, 1.35]})
    a0 = axes[0]
    for (lig, name), style in zip(LIGANDS, (dict(marker="o", ls="-", color="k", ms=5),
                                             dict(marker="s", ls="--", color="0.5", ms=3,
                                                  mfc="white"))):
        y = [r["NFkB_nuc_30min"] for r in ligand_rows if r["ligand"] == lig]
        a0.plot(doses * 1e3, y, lw=1.2, label=f"{name} (EC50 {ec50[lig] * 1e3:.2g} pM)",
                **style)
    a0.axvline(IL1_NM * 1e3, color="C3", ls=":", lw=1)
    a0.annotate("stimulus\n10 pM", (IL1_NM * 1e3, 0.45), xytext=(4, 0),
                textcoords="offset points", color="C3", fontsize=8)
    a0.set_xscale("log")
    a0.set_xlabel("IL-1 added (pM), no drug")
    a0.set_ylabel("nuclear NF-κB at 30 min (fraction)")
    a0.set_title("IL-1 alone", fontsize=10)
    a0.legend(frameon=False, fontsize=8, loc="upper left")
    xx = np.logspace(np.log10(conc[0]), np.log10(conc[-1]), 300)
    for ax, (lig, name) in zip(axes[1:], LIGANDS):
        for drug, _, protocols in DRUGS:
            for protocol in protocols:
                key = (lig, drug, protocol)
                rel, fit, color = relative[key], fits[key], COLORS[drug]
                ls = "-" if protocol == "cells" else "--"
                mfc = color if protocol == "cells" else "white"
                what = f"{drug}, {'on cells' if protocol == 'cells' else 'premixed'}"
                ax.plot(conc, rel, "o", color=color, mfc=mfc, ms=3.5)
                if fit is not None:
                    ax.plot(xx, np.clip(fit(xx), -5, 130), ls, color=color, lw=1.4,
                            label=f"{what}: IC50 {_fmt_conc(fit.mid)}")
                else:
                    ax.plot(conc, rel, ls, color=color, lw=1.0, label=f"{what}: no block")
        ax.set_xscale("log")
        ax.set_ylim(-5, 115)
        ax.axhline(100, color="0.85", lw=0.8, zorder=0)
        ax.axhline(50, color="0.85", lw=0.8, ls=":", zorder=0)
        ax.set_xlabel("drug concentration (nM)")
        ax.set_ylabel("nuclear NF-κB at 30 min (% of no drug)")
        ax.set_title(f"10 pM {name}", fontsize=10)
        top = ax.secondary_xaxis("top", functions=(lambda x: x / IL1_NM, lambda x: x * IL1_NM))
        top.set_xlabel("molar excess over IL-1", fontsize=8)
        top.tick_params(labelsize=7)
        ax.legend(frameon=False, fontsize=7.5, loc="upper center", ncol=2,
                  bbox_to_anchor=(0.5, -0.16))
    for ax in axes:
        ax.spines[["right"]].set_visible(False)
    axes[0].spines[["top"]].set_visible(False)
    fig.suptitle("IL-1 blockers on IL-1β- vs IL-1α-driven NF-κB (il1 model, fibroblasts): "
                 "drug 60 min on the cells before 10 pM IL-1 (solid), or premixed 60 min with "
                 "the IL-1 (dashed)", fontsize=10.5)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _fmt_conc(nm):
    from sigsim.plotting import format_quantity

    return format_quantity(nm, "nM")


def _fmt_excess(x):
    return "n/a" if not np.isfinite(x) else f"{x:,.0f}x"


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
