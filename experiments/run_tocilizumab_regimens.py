"""Tocilizumab 4 vs 8 mg/kg IV every 4 weeks: exposure, receptor occupancy, serum IL-6 and
sIL-6R.

The label's two RA regimens (4 and 8 mg/kg IV over 1 h every 4 weeks, 6 doses, 70 kg) run on
``sigsim.drugs.serum_il6_model("tocilizumab")``: the Frey et al. 2010 popPK (two compartments,
linear plus Michaelis-Menten target-mediated elimination) coupled to the soluble IL-6 axis in
plasma with its turnover (Dwivedi et al. 2014): IL-6 production and clearance, sIL-6R
synthesis and degradation, sgp130, and tocilizumab binding sIL-6R (the complex cleared like
the antibody). Membrane IL-6R occupancy is taken at quasi-equilibrium with the free drug.

Questions: how do Cmax, trough and AUC compare with the label (Cmax 88 / 183 µg/mL, Cmin
1.5 / 9.7 µg/mL at steady state, AUC ratio 2.7 for 4 / 8 mg/kg)? Is sIL-6R saturated through
the dosing interval at both doses? How far do serum IL-6 and sIL-6R rise (Nishimoto et al.
2008: both "markedly increased"; IL-6 because its receptor-mediated clearance is blocked,
sIL-6R because the drug complex is cleared slowly)?

A virtual population then asks how many patients keep their membrane IL-6R blocked at the
trough: 500 patients (``sigsim.protocols.virtual_population``, seeded) with log-normal
between-patient variability of CL, V1, V2 and Vmax at the CVs of Frey 2010 Table II (39, 37,
66 and 54 %; their correlations are not sampled), all run in one engine batch per regimen.

Run: ``sigsim run tocilizumab_regimens [--quick] [--out DIR]``. Writes
``tocilizumab_regimens_summary.csv`` (the answer, per regimen), ``..._timecourses.csv`` (tidy,
every 12 h), ``..._population.csv`` (one row per virtual patient and regimen),
``tocilizumab_regimens.png``, ``tocilizumab_regimens_population.png`` and
``tocilizumab_regimens.metadata.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

NAME = "tocilizumab_regimens"
TITLE = "Tocilizumab 4 vs 8 mg/kg IV q4w: exposure, occupancy, serum IL-6 and sIL-6R"

REGIMENS = ("4 mg/kg IV over 1 h q4w x6", "8 mg/kg IV over 1 h q4w x6")
BODY_WEIGHT_KG = 70.0
#: Actemra label, RA, steady state (4 / 8 mg/kg): Cmax and Cmin in µg/mL
LABEL = {"Cmax_ug_mL": (88.3, 183.0), "Cmin_ug_mL": (1.49, 9.74)}
COLORS = ("#56B4E9", "#0072B2")
#: between-patient CV of the popPK parameters (Frey 2010 Table II, via the nlmixr2lib model file)
IIV_CV = {"CL": 0.39, "V1": 0.37, "V2": 0.66, "Vmax": 0.54}
SEED = 2010
TROUGH_DAY = 140.0 - 1e-3   # just before the 6th infusion (day 140)


def run(out="results/tocilizumab_regimens", quick=False, threads=None, show=print):
    """Run the experiment; returns ``{"tables", "figures", "metadata", "summary"}``."""
    import pandas as pd

    from sigsim.drugs import serum_il6_model, simulate_serum_il6
    from sigsim.protocols import run_metadata, write_metadata, write_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = serum_il6_model("tocilizumab")
    # 24 weeks, every 12 h (quick: 2 d), and just before the 6th dose (the steady-state trough)
    t = np.unique(np.r_[np.linspace(0.0, 168.0, 337 if not quick else 85), TROUGH_DAY])
    keys = ("drug_total_ug_mL", "drug_free_ug_mL", "occ_sIL6R", "occ_mIL6R", "IL6_total_nM",
            "IL6_free_nM", "sIL6R_total_nM", "sIL6R_free_nM")
    runs, rows, summary = {}, [], []
    for reg in REGIMENS:
        res = simulate_serum_il6(model, reg, t, body_weight_kg=BODY_WEIGHT_KG)
        d = {k: np.asarray(res[k])[0] for k in keys}
        runs[reg] = d
        for i, ti in enumerate(t):
            rows.append({"regimen": reg, "time_day": ti, **{k: d[k][i] for k in keys}})
    base_il6, base_sr = runs[REGIMENS[0]]["IL6_total_nM"][0], \
        runs[REGIMENS[0]]["sIL6R_total_nM"][0]
    last = (t >= 140.0 - 1e-9) & (t <= 168.0 + 1e-9)   # the 6th dosing interval
    for k, reg in enumerate(REGIMENS):
        d = runs[reg]
        c = d["drug_total_ug_mL"]
        trough = float(np.interp(TROUGH_DAY, t, c))   # just before the 6th dose
        auc = float(np.trapezoid(c[last], t[last]))
        summary.append({
            "regimen": reg, "Cmax_ug_mL": float(c[last].max()),
            "Cmax_label_ug_mL": LABEL["Cmax_ug_mL"][k],
            "Cmin_ug_mL": trough, "Cmin_label_ug_mL": LABEL["Cmin_ug_mL"][k],
            "AUC_tau_ug_day_mL": auc,
            "min_sIL6R_occupancy_pct": 100.0 * float(d["occ_sIL6R"][t >= 1.0].min()),
            "trough_membrane_IL6R_occupancy_pct": 100.0 * float(np.interp(TROUGH_DAY, t,
                                                                         d["occ_mIL6R"])),
            "IL6_total_fold_at_trough": float(np.interp(TROUGH_DAY, t,
                                                        d["IL6_total_nM"])) / base_il6,
            "sIL6R_total_fold_at_trough": float(np.interp(TROUGH_DAY, t,
                                                          d["sIL6R_total_nM"])) / base_sr,
            "IL6_total_fold_max": float(d["IL6_total_nM"].max()) / base_il6,
            "sIL6R_total_fold_max": float(d["sIL6R_total_nM"].max()) / base_sr})
    # ---- virtual population: one batch per regimen
    from sigsim.protocols import virtual_population

    n_pat = 24 if quick else 500
    dists = {k: ("lognormal", model.parameter_info(k).value, cv) for k, cv in IIV_CV.items()}
    pop = virtual_population(dists, n_pat, seed=SEED)
    pop["kel_cplx"] = pop["CL"] / pop["V1"]     # complexes cleared like the antibody
    tp = np.unique(np.r_[np.linspace(0.0, 168.0, 169 if not quick else 57), TROUGH_DAY])
    pop_rows, pop_runs = [], {}
    for k, reg in enumerate(REGIMENS):
        res = simulate_serum_il6(model, reg, tp, body_weight_kg=BODY_WEIGHT_KG, params=pop)
        c = np.asarray(res["drug_total_ug_mL"])
        occ = np.asarray(res["occ_mIL6R"])
        pop_runs[reg] = c
        trough_c = np.array([np.interp(TROUGH_DAY, tp, ci) for ci in c])
        trough_o = np.array([np.interp(TROUGH_DAY, tp, oi) for oi in occ])
        for i in range(n_pat):
            pop_rows.append({"regimen": reg, "patient": i, **{p: pop[p][i] for p in IIV_CV},
                             "trough_ug_mL": trough_c[i],
                             "trough_membrane_IL6R_occupancy_pct": 100.0 * trough_o[i]})
        summary[k].update({
            "population_trough_median_ug_mL": float(np.median(trough_c)),
            "population_trough_p5_ug_mL": float(np.percentile(trough_c, 5)),
            "population_trough_p95_ug_mL": float(np.percentile(trough_c, 95)),
            "population_pct_patients_membrane_occupancy_above_90": float(
                100.0 * np.mean(trough_o > 0.9))})
    summary_df = pd.DataFrame(summary)
    auc_ratio = summary[1]["AUC_tau_ug_day_mL"] / summary[0]["AUC_tau_ug_day_mL"]
    tables = {"summary": write_table(summary_df, out, f"{NAME}_summary")["csv"],
              "timecourses": write_table(pd.DataFrame(rows), out,
                                         f"{NAME}_timecourses")["csv"]}
    tables["population"] = write_table(pd.DataFrame(pop_rows), out, f"{NAME}_population")["csv"]
    fig = _figure(t, runs, base_il6, base_sr, out / f"{NAME}.png")
    fig_pop = _figure_population(tp, pop_runs, pd.DataFrame(pop_rows),
                                 out / f"{NAME}_population.png")
    meta = run_metadata(NAME, models=[model], settings={
        "regimens": REGIMENS, "body_weight_kg": BODY_WEIGHT_KG, "t_days": [t[0], t[-1], t.size],
        "label_reference": LABEL, "quick": quick, "population_size": n_pat,
        "population_cv": IIV_CV}, seeds=SEED, auc_ratio_8_vs_4=auc_ratio)
    meta_path = write_metadata(out, NAME, meta)

    show(f"{TITLE}\n")
    show(f"{'':28s} {'Cmax':>14s} {'Cmin':>14s} {'sIL-6R occ.':>12s} {'mIL-6R occ.':>12s} "
         f"{'IL-6 fold':>10s} {'sIL-6R fold':>12s}")
    show(f"{'regimen (6th interval)':28s} {'model/label':>14s} {'model/label':>14s} "
         f"{'min %':>12s} {'trough %':>12s} {'trough':>10s} {'trough':>12s}")
    for r in summary:
        show(f"{r['regimen']:28s} {r['Cmax_ug_mL']:6.1f}/{r['Cmax_label_ug_mL']:<7.1f} "
             f"{r['Cmin_ug_mL']:6.2f}/{r['Cmin_label_ug_mL']:<7.2f} "
             f"{r['min_sIL6R_occupancy_pct']:12.1f} "
             f"{r['trough_membrane_IL6R_occupancy_pct']:12.1f} "
             f"{r['IL6_total_fold_at_trough']:10.2f} {r['sIL6R_total_fold_at_trough']:12.1f}")
    show(f"AUC ratio 8 / 4 mg/kg over a dosing interval: {auc_ratio:.2f} (label 2.7; dose ratio "
         "2: clearance saturates at the higher dose)")
    show(f"\nVirtual population ({n_pat} patients, Frey 2010 between-patient variability), "
         "steady-state trough:")
    for r in summary:
        show(f"{r['regimen']:28s} {r['population_trough_median_ug_mL']:6.2f} µg/mL "
             f"[5-95 %: {r['population_trough_p5_ug_mL']:.2f}-"
             f"{r['population_trough_p95_ug_mL']:.2f}]; membrane IL-6R > 90 % occupied in "
             f"{r['population_pct_patients_membrane_occupancy_above_90']:.0f} % of patients")
    show(f"\nwrote {', '.join(str(p) for p in [*tables.values(), fig, fig_pop, meta_path])}")
    return {"tables": tables, "figures": [fig, fig_pop], "metadata": meta_path,
            "summary": summary_df,
            "auc_ratio": auc_ratio, "timecourses": runs, "t": t}


def _figure(t, runs, base_il6, base_sr, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    doses = np.arange(0, 141, 28)
    for (reg, d), color in zip(runs.items(), COLORS):
        label = reg.split(" IV")[0]
        ax = axes[0, 0]
        ax.plot(t, d["drug_total_ug_mL"], color=color, label=f"{label}, total")
        ax.plot(t, d["drug_free_ug_mL"], color=color, ls="--", label=f"{label}, free")
        ax = axes[0, 1]
        ax.plot(t, 100 * d["occ_sIL6R"], color=color, label=f"{label}, soluble IL-6R")
        ax.plot(t, 100 * d["occ_mIL6R"], color=color, ls=":", label=f"{label}, membrane IL-6R")
        axes[1, 0].plot(t, d["IL6_total_nM"] / base_il6, color=color, label=f"{label}, total")
        axes[1, 0].plot(t, d["IL6_free_nM"] / base_il6, color=color, ls="--",
                        label=f"{label}, free")
        axes[1, 1].plot(t, d["sIL6R_total_nM"] / base_sr, color=color, label=f"{label}, total")
        axes[1, 1].plot(t, d["sIL6R_free_nM"] / base_sr, color=color, ls="--",
                        label=f"{label}, free")
    ax = axes[0, 0]
    ax.set_yscale("log")
    ax.set_ylim(0.05, 5000)
    ax.plot(doses, np.full(doses.size, 0.07), "^", color="0.3", ms=6, label="dose (IV, 1 h)")
    ax.set_ylabel("tocilizumab in plasma (µg/mL)")
    axes[0, 1].set_ylabel("receptor occupancy (%)")
    axes[0, 1].set_ylim(0, 105)
    axes[1, 0].set_ylabel("serum IL-6 (fold of baseline)")
    axes[1, 1].set_ylabel("serum sIL-6R (fold of baseline)")
    axes[1, 1].set_yscale("log")
    axes[1, 1].set_ylim(0.01, 3000)
    axes[1, 0].set_ylim(0, None)
    titles = ("exposure (Frey 2010 popPK)", "occupancy", "IL-6 (Nishimoto 2008: rises)",
              "soluble IL-6R (Nishimoto 2008: rises)")
    for ax, title in zip(axes.flat, titles):
        ax.set_title(title, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        top = ax is axes[0, 0] or ax is axes[1, 1]
        ax.legend(fontsize=7, frameon=False, ncol=3 if ax is axes[0, 0] else (2 if top else 1),
                  loc="upper center" if top else "lower right")
        ax.set_xticks(doses.tolist() + [168])
    for ax in axes[1]:
        ax.set_xlabel("time (days)")
    fig.suptitle("Tocilizumab 4 vs 8 mg/kg IV every 4 weeks (70 kg)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _figure_population(tp, pop_runs, pop, path):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    ax = axes[0]
    for (reg, c), color in zip(pop_runs.items(), COLORS):
        label = reg.split(" IV")[0]
        lo, med, hi = np.percentile(np.maximum(c, 1e-3), [5, 50, 95], axis=0)
        ax.fill_between(tp, lo, hi, color=color, alpha=0.25, lw=0)
        ax.plot(tp, med, color=color, label=f"{label}: median, 5-95 % band")
    ax.set_yscale("log")
    ax.set_ylim(0.01, 1000)
    ax.set_xlabel("time (days)")
    ax.set_ylabel("tocilizumab in plasma, total (µg/mL)")
    ax.set_xticks(np.arange(0, 169, 28))
    ax.set_title(f"virtual population ({pop.patient.nunique()} patients)", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    ax = axes[1]
    for (reg, _), color in zip(pop_runs.items(), COLORS):
        occ = np.sort(pop[pop.regimen == reg].trough_membrane_IL6R_occupancy_pct.to_numpy())
        frac = np.arange(1, occ.size + 1) / occ.size * 100
        ax.step(occ, frac, where="post", color=color, label=reg.split(" IV")[0])
    ax.axvline(90, color="0.5", ls=":", lw=1)
    ax.set_xlabel("membrane IL-6R occupancy at the steady-state trough (%)")
    ax.set_ylabel("patients at or below (%)")
    ax.set_title("trough occupancy across patients", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    for a in axes:
        a.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
