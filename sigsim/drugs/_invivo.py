"""In-vivo mode: a drug's popPK coupled to the soluble IL-6 axis in plasma.

:func:`serum_il6_model` builds one :class:`sigsim.Model` in **days** that holds

- the drug's published popPK (central and peripheral compartments, depot for SC, linear and
  Michaelis-Menten elimination) from its library record (:func:`sigsim.drugs.get_drug`);
- the soluble IL-6 axis in plasma with turnover (Dwivedi et al. 2014): IL-6 production and
  clearance, sIL-6R synthesis and degradation, sgp130 synthesis and degradation, IL-6:sIL-6R
  binding (KD 5 nM) and trapping of IL-6:sIL-6R by sgp130;
- binding of the drug to its plasma target (tocilizumab and sarilumab: sIL-6R; siltuximab:
  IL-6), the drug-target complex being cleared like the antibody (``CL/V1``), far more slowly
  than the free target.

**Amount convention.** Every species is an **amount in nmol** in its compartment (plasma =
the central volume ``V1`` of the popPK; ``A_periph`` in the peripheral compartment, ``A_depot``
at the injection site), so that binding conserves molecules and intercompartmental transfer
conserves mass. Plasma concentrations are assignments ``X_nM = X/V1``. mg doses become nmol
through the molecular weight: 1 mg = 1000/MW nmol (MW in kDa), which
:meth:`sigsim.drugs.Regimen.doses` applies to this model (species in nmol, parameter ``MW``).

**Membrane IL-6R.** Cell-surface IL-6R is not a species: its drug-mediated elimination is the
popPK's Michaelis-Menten term (Frey 2010, Xu 2019 fitted it as target-mediated), and its
occupancy by a receptor antibody is taken at quasi-equilibrium with the free drug, ``occ_mIL6R
= drug_free_nM/(drug_free_nM + KD_mIL6R)``, with the record's membrane (bivalent) KD. A fraction ``f_IL6R`` of IL-6 clearance goes through
the membrane receptor (uptake by IL-6R-bearing cells) and is blocked in proportion to that
occupancy; this is the mechanism Nishimoto et al. 2008 give for the rise of serum IL-6 under
tocilizumab.

Readouts (assignments, nM unless said): ``drug_free_nM``, ``drug_total_nM``,
``drug_free_ug_mL``, ``drug_total_ug_mL`` (µg/mL = mg/L), ``IL6_free_nM``, ``IL6_total_nM``,
``sIL6R_free_nM``, ``sIL6R_total_nM``, ``occ_sIL6R`` (fraction of sIL-6R
bound by drug), ``occ_mIL6R`` (membrane IL-6R occupancy), ``IL6_reduction`` (fraction of free
IL-6 bound by an anti-IL-6 antibody, ``D_IL6/(IL6 + D_IL6)``).

What it gives (``tests/test_drugs_invivo.py``), tocilizumab 8 mg/kg IV q4w, 70 kg:

- baseline: free IL-6 4.36e-4 nM (Dwivedi 2014), 89 % of serum IL-6 free (Baran 2018: most
  IL-6 is free), sIL-6R 0.33 nM (Dwivedi's rates; their text quotes ~1 nM in serum);
- at the 4-week trough: total sIL-6R 22x and total IL-6 3.4x baseline, sIL-6R 95 % bound,
  free drug 2.8 µg/mL (Nishimoto 2008: both "markedly increased", sIL-6R saturated while
  free drug is detectable); steady-state trough 36x and 3.6x, free drug 5.2 µg/mL;
- total drug within 25 % of the popPK alone (Frey 2010);
- dose ratio between 10 % and 90 % membrane-IL-6R occupancy 28 days after one IV dose: 20
  (switch-like; one-site binding gives 81); siltuximab's free-IL-6 reduction: 86 (graded)
  (Dwivedi 2014's prediction);
- 200 mg IV q4w: free drug below 1 µg/mL from about day 17 after each dose; 500 mg: above
  1 µg/mL throughout (Dwivedi 2014: depleted in ~2 weeks at 200 mg, sustained at 500 mg; their
  antibody was a generic anti-IL-6R, here tocilizumab's popPK is used).

Simplifications (stated, not hidden): the receptor antibodies bind free sIL-6R only
(competitive with IL-6; IL-6:sIL-6R complexes are not bound); siltuximab binds free IL-6 only;
drug-target complexes stay in plasma; the sIL-6R sink's own drug consumption adds to the
popPK's fitted elimination (about 2.4 nM/day x 3.5 L = 8 nmol/day = 1.2 mg/day at baseline
for tocilizumab, small beside Vmax 7.5 mg/day).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ModelError
from ..model import Model
from ..simulate import simulate
from ._library import SOURCES as _LIB_SOURCES
from ._library import get_drug
from ._regimen import regimen as _regimen

__all__ = ["serum_il6_model", "simulate_serum_il6", "SOURCES", "SERUM_IL6_PARAMETERS",
           "dose_window"]

SOURCES = {
    "Dwivedi2014": _LIB_SOURCES["Dwivedi2014"],
    "Nishimoto2008": "Nishimoto N, Terao K, Mima T, Nakahara H, Takagi N, Kakehi T. Mechanisms "
                     "and pathologic significances in increase in serum interleukin-6 (IL-6) "
                     "and soluble IL-6 receptor after administration of an anti-IL-6 receptor "
                     "antibody, tocilizumab, in patients with rheumatoid arthritis and "
                     "Castleman disease. Blood. 2008;112(10):3959-3964. "
                     "doi:10.1182/blood-2008-05-155846",
    "Baran2018": "Baran P, Hansen S, Waetzig GH, et al. The balance of interleukin (IL)-6, IL-6 "
                 "soluble IL-6 receptor (sIL-6R), and IL-6 sIL-6R sgp130 complexes allows "
                 "simultaneous classic and trans-signaling. J Biol Chem. 2018;293(18):6762-6775. "
                 "doi:10.1074/jbc.RA117.001163",
}
for _k in ("Frey2010", "Xu2019", "Nikanjam2019", "Rafique2013", "ZhangX2013", "label"):
    SOURCES[_k] = _LIB_SOURCES[_k]

# name: (value, unit, source, note) -- days, nM, nmol
SERUM_IL6_PARAMETERS = {
    "IL6_0": (4.36e-4, "nM", "Dwivedi2014",
              "baseline serum free IL-6, SBML initial value (~10 pg/mL); the production rate "
              "is set so that free IL-6 rests at this value without drug"),
    "kel_IL6": (math.log(2) / (2.0 / 24), "1/day", "assumed",
                "free IL-6 cleared with a 2 h half-life; a primary human IL-6 clearance "
                "constant was not located (plasma half-life of the order of hours)"),
    "f_IL6R": (0.8, "dimensionless", "assumed",
               "share of IL-6 clearance through membrane IL-6R; Nishimoto 2008 attribute the "
               "serum IL-6 rise under tocilizumab to loss of IL-6R-mediated consumption, so "
               "the share must be large; 0.8 caps the rise of free IL-6 at 5x"),
    "ksyn_sIL6R": (0.1 * 24, "nM/day", "Dwivedi2014", "0.1 nM/h (BIOMD0000000537)"),
    "kdeg_sIL6R": (0.3 * 24, "1/day", "Dwivedi2014", "0.3 /h (BIOMD0000000537)"),
    "ksyn_sgp130": (3.9 * 24, "nM/day", "Dwivedi2014", "3.9 nM/h (BIOMD0000000537)"),
    "kdeg_sgp130": (1.0 * 24, "1/day", "Dwivedi2014", "1 /h (BIOMD0000000537)"),
    "kon_IL6_sIL6R": (0.384 * 24, "1/(nM*day)", "Dwivedi2014", "kRLOn 0.384 /(nM*h)"),
    "koff_IL6_sIL6R": (1.92 * 24, "1/day", "Dwivedi2014", "kRLOff 1.92 /h (KD 5 nM)"),
    "kon_sgp130": (20.52 * 24, "1/(nM*day)", "Dwivedi2014", "kgp130On 20.52 /(nM*h)"),
    "koff_sgp130": (2.5 * 20.52 * 24, "1/day", "assumed",
                    "KD 2.5 nM for monomeric sgp130 as in the il6 model: the membrane "
                    "hexamer's 0.05 nM would trap most serum IL-6, against Baran 2018"),
    "kdeg_IL6_cplx": (0.3 * 24, "1/day", "assumed",
                      "IL-6:sIL-6R and IL-6:sIL-6R:sgp130 leave plasma like free sIL-6R"),
    "kdeg_floor": (1e-12, "1/day", "assumed",
                   "numerical guard: the rest-state ratio ksyn/kdeg stays finite with kdeg = 0"),
    "kon_drug": (1e-3 * 60 * 1440, "1/(nM*day)", "assumed",
                 "1e6 /(M*s) = 1e-3 /(nM*s), typical antibody association rate"),
}


def _drug_kd(d, target, kd):
    if kd is not None:
        kd = float(kd)
        if not math.isfinite(kd) or kd <= 0:
            raise ModelError(f"KD must be a positive number of nM, got {kd!r}")
        return kd, "assumed", "user-supplied KD"
    v = d.kd.get(target)
    if v is not None and v.value is not None:
        return v.value, v.source, v.note
    raise ModelError(f"drug {d.name!r} has no KD for {target!r}; pass kd=")


def serum_il6_model(drug=None, *, kd=None, kon=None, name=None) -> Model:
    """Plasma model in days: the drug's popPK and the soluble IL-6 axis with turnover.

    Parameters
    ----------
    drug : str, Drug or None
        ``None`` (the IL-6 axis alone), a receptor antibody with a popPK (``tocilizumab``,
        ``sarilumab``) or the ligand antibody ``siltuximab``.
    kd : float, optional
        Drug-target KD in nM (default: the record's KD; siltuximab's is assumed 0.01 nM).
        For receptor antibodies this is the sIL-6R (monomeric) KD; the quasi-equilibrium
        membrane occupancy uses the record's membrane KD (``KD_mIL6R``), or this ``kd`` when
        given.
    kon : float, optional
        Drug-target association rate in 1/(nM*day) (default 86.4, i.e. 1e6 /(M*s), assumed).
    name : str, optional
        Model name (default ``serum_il6`` or ``serum_il6_<drug>``).

    Returns
    -------
    sigsim.Model
        Species in nmol (see the module docstring), time unit ``day``; parameters with units
        and sources (``model.sources`` maps the keys to citations). Baseline without drug is
        reached with ``simulate(..., preequilibrate=True)``.

    Raises
    ------
    sigsim.ModelError
        Unknown drug, a drug that does not act on the IL-6 axis in plasma, a drug without
        popPK or molecular weight, a non-positive ``kd``/``kon``.
    """
    d = None if drug is None else get_drug(drug)
    if d is not None:
        if d.kind not in ("receptor_antibody", "ligand_antibody") or not (
                set(d.targets) & {"IL6", "sIL6R"}):
            raise ModelError(f"drug {d.name!r} ({d.kind} on {', '.join(d.targets)}) does not "
                             f"bind sIL-6R or IL-6 in plasma; serum_il6_model takes an anti-IL-6R "
                             f"or anti-IL-6 antibody (tocilizumab, sarilumab, siltuximab)")
        if not d.pk or "structure" not in d.pk:
            raise ModelError(f"drug {d.name!r} has no popPK in the library")
        if d.mw.value is None:
            raise ModelError(f"drug {d.name!r} has no molecular weight")
    if kon is not None:
        kon = float(kon)
        if not math.isfinite(kon) or kon <= 0:
            raise ModelError(f"kon must be a positive number of 1/(nM*day), got {kon!r}")

    m = Model(name or ("serum_il6" if d is None else f"serum_il6_{d.name}"), time_unit="day",
              description="plasma IL-6 axis (Dwivedi 2014 turnover)"
              + ("" if d is None else f" with {d.name} popPK and target binding"))
    for k, (v, unit, src, note) in SERUM_IL6_PARAMETERS.items():
        if k == "kon_drug" and d is None:
            continue
        if k == "kon_drug" and kon is not None:
            v, src, note = kon, "assumed", "user-supplied association rate"
        m.parameter(k, v, unit=unit, source=src, note=note)

    # ---- plasma volume: the drug's central volume, or 3 L without drug
    if d is None:
        m.parameter("V1", 3.0, unit="L", source="assumed", note="plasma volume of an adult")
    else:
        pk = d.pk
        two = pk["structure"] == "2cmt"
        mm = "mm" in pk["elimination"]
        ka = pk.get("ka")
        sc = ka is not None and ka.value is not None and pk.get("route") in ("SC", "PO")
        keys = ["CL", "V1"] + (["Q", "V2"] if two else []) + (["Vmax", "Km"] if mm else []) \
            + (["ka", "F"] if sc else [])
        units = {"CL": "L/day", "V1": "L", "Q": "L/day", "V2": "L", "Vmax": "mg/day",
                 "Km": "mg/L", "ka": "1/day", "F": "dimensionless"}
        for k in keys:
            v = pk[k]
            m.parameter(k, v.value, unit=units[k], source=v.source, note=f"{v.unit}; {v.note}")
        m.parameter("MW", d.mw.value, unit="kDa", source=d.mw.source, note=d.mw.note)
        m.parameter("ug_per_mg", 1000.0, unit="ug/mg", source="derived:unit conversion",
                    note="MW (kDa) x amount (nmol) is in ug")
        m.parameter("kel_cplx", pk["CL"].value / pk["V1"].value, unit="1/day",
                    source=f"derived:CL/V1 ({pk['CL'].source})",
                    note="drug-target complexes are cleared like the antibody")
        target = "sIL6R" if d.kind == "receptor_antibody" else "IL6"
        kdv, kds, kdn = _drug_kd(d, target, kd)
        m.parameter("KD_drug", kdv, unit="nM", source=kds, note=kdn)
        m.parameter("koff_drug", kdv * m.parameter_info("kon_drug").value, unit="1/day",
                    source="derived:KD_drug*kon_drug", note="")
        if target == "sIL6R":
            # the membrane receptor has its own (bivalent, avidity) KD in the record
            mem = d.kd.get("IL6R")
            if kd is None and mem is not None and mem.value is not None:
                m.parameter("KD_mIL6R", mem.value, unit="nM", source=mem.source, note=mem.note)
            else:
                m.parameter("KD_mIL6R", kdv, unit="nM", source="derived:KD_drug",
                            note="membrane IL-6R taken with the sIL-6R KD")

    # ---- species (nmol); initial values near the drug-free steady state
    m.species("IL6", "IL6_0*V1", unit="nmol", note="free IL-6 in plasma")
    m.species("sIL6R", "ksyn_sIL6R/max(kdeg_sIL6R, kdeg_floor)*V1", unit="nmol",
              note="free sIL-6R")
    m.species("sgp130", "ksyn_sgp130/max(kdeg_sgp130, kdeg_floor)*V1", unit="nmol",
              note="free sgp130")
    m.species("IL6_sIL6R", 0.0, unit="nmol", note="IL-6:sIL-6R")
    m.species("IL6_sIL6R_sgp130", 0.0, unit="nmol", note="IL-6:sIL-6R:sgp130")
    if d is not None:
        if sc:
            m.species("A_depot", 0.0, unit="nmol", note="drug at the injection site")
        m.species("A_central", 0.0, unit="nmol", note="free drug in plasma (central)")
        if two:
            m.species("A_periph", 0.0, unit="nmol", note="drug in the peripheral compartment")
        cplx = "D_sIL6R" if target == "sIL6R" else "D_IL6"
        m.species(cplx, 0.0, unit="nmol", note=f"drug:{target} complex in plasma")

    # ---- assignments
    m.assignment("IL6_free_nM", "IL6/V1")
    m.assignment("sIL6R_free_nM", "sIL6R/V1")
    m.assignment("sgp130_free_nM", "sgp130/V1")
    il6_tot = "IL6 + IL6_sIL6R + IL6_sIL6R_sgp130"
    sr_tot = "sIL6R + IL6_sIL6R + IL6_sIL6R_sgp130"
    if d is not None:
        m.assignment("drug_free_nM", "A_central/V1")
        m.assignment("C", "MW*A_central/(ug_per_mg*V1)")          # free drug, mg/L
        m.assignment("drug_total_nM", f"(A_central + {cplx})/V1")
        m.assignment("drug_free_ug_mL", "MW*A_central/(ug_per_mg*V1)")
        m.assignment("drug_total_ug_mL", f"MW*(A_central + {cplx})/(ug_per_mg*V1)")
        if target == "sIL6R":
            sr_tot += " + D_sIL6R"
            m.assignment("occ_mIL6R", "drug_free_nM/(drug_free_nM + KD_mIL6R)")
            m.assignment("occ_sIL6R", f"D_sIL6R/({sr_tot})")
        else:
            il6_tot += " + D_IL6"
            m.assignment("IL6_reduction", "D_IL6/(IL6 + D_IL6)")
    m.assignment("IL6_total_nM", f"({il6_tot})/V1")
    m.assignment("sIL6R_total_nM", f"({sr_tot})/V1")

    # ---- IL-6 axis
    block = "(1 - f_IL6R*occ_mIL6R)" if d is not None and target == "sIL6R" else "1"
    # production balances the drug-free loss of IL-6 at IL6_0 free: clearance of free IL-6 plus
    # clearance of its complexes (IL-6 is a trace beside sIL-6R and sgp130, which stay at
    # their own steady states ksyn/kdeg); r1 = IL6_sIL6R/IL6, r2 = IL6_sIL6R_sgp130/IL6_sIL6R
    m.assignment("sIL6R_rest_nM", "ksyn_sIL6R/max(kdeg_sIL6R, kdeg_floor)")
    m.assignment("sgp130_rest_nM", "ksyn_sgp130/max(kdeg_sgp130, kdeg_floor)")
    m.assignment("r2_IL6", "kon_sgp130*sgp130_rest_nM/(koff_sgp130 + kdeg_IL6_cplx)")
    m.assignment("r1_IL6", "kon_IL6_sIL6R*sIL6R_rest_nM/(koff_IL6_sIL6R + kdeg_IL6_cplx"
                 " + kon_sgp130*sgp130_rest_nM - koff_sgp130*r2_IL6)")
    m.reaction("-> IL6", "IL6_0*V1*(kel_IL6 + kdeg_IL6_cplx*r1_IL6*(1 + r2_IL6))",
               name="IL6_production")
    m.reaction("IL6 ->", f"kel_IL6*{block}*IL6", name="IL6_clearance")
    m.reaction("-> sIL6R", "ksyn_sIL6R*V1", name="sIL6R_synthesis")
    m.reaction("sIL6R ->", "kdeg_sIL6R*sIL6R", name="sIL6R_degradation")
    m.reaction("-> sgp130", "ksyn_sgp130*V1", name="sgp130_synthesis")
    m.reaction("sgp130 ->", "kdeg_sgp130*sgp130", name="sgp130_degradation")
    m.reaction("IL6 + sIL6R -> IL6_sIL6R", "kon_IL6_sIL6R*IL6*sIL6R/V1", name="IL6_binds_sIL6R")
    m.reaction("IL6_sIL6R -> IL6 + sIL6R", "koff_IL6_sIL6R*IL6_sIL6R", name="IL6_sIL6R_off")
    m.reaction("IL6_sIL6R + sgp130 -> IL6_sIL6R_sgp130", "kon_sgp130*IL6_sIL6R*sgp130/V1",
               name="sgp130_traps")
    m.reaction("IL6_sIL6R_sgp130 -> IL6_sIL6R + sgp130", "koff_sgp130*IL6_sIL6R_sgp130",
               name="sgp130_releases")
    m.reaction("IL6_sIL6R ->", "kdeg_IL6_cplx*IL6_sIL6R", name="IL6_sIL6R_clearance")
    m.reaction("IL6_sIL6R_sgp130 ->", "kdeg_IL6_cplx*IL6_sIL6R_sgp130",
               name="IL6_sIL6R_sgp130_clearance")

    # ---- drug PK (amounts in nmol) and target binding
    if d is not None:
        if sc:
            m.reaction("A_depot -> A_central", "F*ka*A_depot", name="absorption")
            m.reaction("A_depot ->", "(1 - F)*ka*A_depot", name="presystemic_loss")
        m.reaction("A_central ->", "CL*A_central/V1", name="linear_elimination")
        if mm:
            # Vmax (mg/day) and Km (mg/L) of the popPK; 1000/MW converts mg to nmol
            m.reaction("A_central ->", "ug_per_mg*Vmax/MW*C/(Km + C)", name="mm_elimination")
        if two:
            m.reaction("A_central -> A_periph", "Q*A_central/V1", name="distribution")
            m.reaction("A_periph -> A_central", "Q*A_periph/V2", name="redistribution")
        m.reaction(f"A_central + {target} -> {cplx}", f"kon_drug*A_central*{target}/V1",
                   name="drug_binds_target")
        m.reaction(f"{cplx} -> A_central + {target}", f"koff_drug*{cplx}",
                   name="drug_target_off")
        m.reaction(f"{cplx} ->", f"kel_cplx*{cplx}", name="complex_clearance")
    m.sources = {k: SOURCES[k] for k in SOURCES}
    return m


def simulate_serum_il6(model, regimen, t, *, body_weight_kg=70.0, params=None, method="auto",
                       rtol=1e-7, atol=1e-12):
    """Simulate a regimen on a :func:`serum_il6_model`, from the drug-free steady state.

    Parameters
    ----------
    model : sigsim.Model
        From :func:`serum_il6_model` with a drug.
    regimen : str, Regimen or list
        A regimen (``"8 mg/kg IV q4w x6"``), or a list of dose events (amounts in nmol).
    t : array_like
        Output times in days (from 0, the first dose at ``regimen.start``).
    body_weight_kg : float
        For per-kg doses.
    params : dict, optional
        Parameter overrides (arrays give a batch), applied during pre-equilibration as well.
    method, rtol, atol
        Passed to :func:`sigsim.simulate`.

    Returns
    -------
    sigsim Result
        ``res[name]`` with shape (n_sets, n_times) for species and readouts.
    """
    if "A_central" not in model.species_names:
        raise ModelError(f"model {model.name!r} has no drug; build it with serum_il6_model(drug)")
    if isinstance(regimen, (list, tuple)):
        doses = list(regimen)
    else:
        t_arr = np.atleast_1d(np.asarray(t, dtype=float))
        doses = _regimen(regimen).doses(model, body_weight_kg=body_weight_kg,
                                        t_end=float(t_arr[-1]))
    return simulate(model, t, params=params, doses=doses, preequilibrate=True, method=method,
                    rtol=rtol, atol=atol)


def dose_window(doses, effect, low=0.1, high=0.9):
    """Ratio of the doses at which ``effect`` first reaches ``high`` and ``low``.

    Log-linear interpolation on a dose grid; a small ratio is a switch-like dose response,
    a large one graded (a one-site binding curve gives 81 between 10 % and 90 %).

    Parameters
    ----------
    doses : array_like
        Increasing doses (> 0).
    effect : array_like
        Effect at each dose, increasing through ``low`` and ``high`` (fractions).
    low, high : float
        Effect levels (0 < low < high < 1).

    Returns
    -------
    float
        ``dose(high) / dose(low)``.

    Raises
    ------
    ValueError
        Effect not crossing both levels, unsorted or non-positive doses.
    """
    x = np.asarray(doses, dtype=float).ravel()
    y = np.asarray(effect, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"doses and effect differ in length ({x.size} vs {y.size})")
    if np.any(x <= 0) or np.any(np.diff(x) <= 0):
        raise ValueError("doses must be positive and increasing")
    if not 0 < low < high < 1:
        raise ValueError(f"need 0 < low < high < 1, got {low}, {high}")

    def cross(level):
        i = np.nonzero(y >= level)[0]
        if i.size == 0 or i[0] == 0:
            raise ValueError(f"effect does not cross {level:g} within the dose range "
                             f"({y.min():.3g} .. {y.max():.3g})")
        j = i[0]
        f = (level - y[j - 1]) / (y[j] - y[j - 1])
        return math.exp(math.log(x[j - 1]) + f * (math.log(x[j]) - math.log(x[j - 1])))

    return cross(high) / cross(low)
