"""IL-4 / IL-13: type I and type II receptor assembly -> JAKs -> STAT6, SOCS1, IRS-2/PI3K/AKT.

Scope. IL-4 binds IL-4Ralpha and the IL-4:IL-4Ralpha complex recruits either gamma-c (type I
receptor, JAK1 + JAK3) or IL-13Ralpha1 (type II receptor, JAK1 + TYK2). IL-13 binds
IL-13Ralpha1 and then recruits IL-4Ralpha (type II only): cells without IL-13Ralpha1 do not
respond to IL-13. The complexes activate the JAKs of their chains; JAK1 (on IL-4Ralpha) is
trans-activated by the partner JAK of its complex and phosphorylates STAT6, which enters the
nucleus, is dephosphorylated there and exported. Nuclear pSTAT6 induces SOCS1 mRNA; SOCS1
inhibits JAK activation. Type I receptors (gamma-c/JAK3) phosphorylate IRS-2, which activates
PI3K and AKT (Heller 2008: type I IL-4 receptors selectively activate IRS-2). Optional
trafficking: constitutive turnover of free receptors and ligand-induced endocytosis (with
degradation) of the ternary signaling complexes.

Cell contexts (``cell=``), receptor numbers per cell measured by Yang et al. 2023
(meyer-lab/IL4-model, ``src/data/RecQuant.csv``):

- ``"a549"``: type II-dominant lung carcinoma, IL-4Ralpha 133, IL-13Ralpha1 1,688, gamma-c 18,417.
- ``"ramos"``: type I-only B lymphoma, IL-4Ralpha 2,950, IL-13Ralpha1 0, gamma-c 16,714.
- ``"monocyte"``: human blood monocyte, IL-4Ralpha 67, IL-13Ralpha1 584, gamma-c 98,042.
- ``"medb1"``: the MedB-1 lymphoma context of Raia et al. 2011 (IL-13 -> JAK2 -> STAT5, SOCS3
  feedback). The same equations, with the kinase on IL-13Ralpha1 being JAK2 (species ``JAK2``,
  ``pJAK2`` in the TYK2 slot), the transcription factor STAT5 (``STAT5``, ``pSTAT5``, ...) and
  the feedback SOCS3 (``SOCS3_mRNA``, ``SOCS3``); JAK1/JAK3 and IRS-2 are left out (total 0),
  as in Raia's model, and STAT5 is phosphorylated by pJAK2 as there. Observable ``pSTAT5``.
  Raia's rate constants (fitted, arbitrary units) are converted with the assumed scales below.

Unit system: nM and min. Ligands, receptors and receptor complexes are in nM of the medium
(receptors per cell * cell_density / NA); JAKs, STATs, SOCS, IRS-2, PI3K, AKT and mRNA in nM
of the cell volume. Receptor complexes act inside the cell through ``*_cell`` assignments
(complex / (cell_density * V_cell)). The second assembly step happens in the membrane, so its
on-rate is per (molecules/cell) of the partner chain: flux = kx * A * B * NA / cell_density,
which keeps receptor assembly independent of the cell density.

Known gaps and assumptions (see each parameter's note):
- Second-step (2D) affinities are not measured in molecules/cell; they are assumed and
  chosen so that IL-13 reaches the ~30 pM apparent affinity reported with IL-4Ralpha
  co-expression (Miloux 1997) and IL-4 is the more potent ligand on type II cells (Yang 2023).
- Intracellular kinetics of the STAT6 contexts reuse Raia's fitted IL-13/JAK2/STAT5/SOCS3
  rates (no fitted STAT6 time course was available). Two constants are set from the pSTAT6
  EC50s of A549 cells (Yang 2023, EC50df.csv; read here at 30 min): kJ1 (IL-4, ~0.07 nM) and
  the IL-13 second-step affinity (IL-13, ~1.2 nM). With the same intracellular constants the
  model is less sensitive than measured where IL-4Ralpha is scarce: on
  monocytes (67 IL-4Ralpha) it gives EC50s ~0.12 nM (IL-4) and ~4 nM (IL-13) against
  measured ~0.01 and ~0.08 nM, and lower maxima (0.38 and 0.14 against 0.52 on A549); on
  Ramos ~2.7 pM against ~14 pM. Cell types evidently differ in intracellular gain, which is
  not modelled per cell.
- With equal assumed second-step affinities for gamma-c and IL-13Ralpha1, IL-4 on A549
  (18,400 gamma-c, 1,688 IL-13Ralpha1) forms ~10 type I complexes per type II complex;
  "type II-dominant" holds for IL-13 (type II only) and for the receptor counts, not for
  IL-4's complexes in this model.
- MedB-1: Raia's receptor is one lumped IL-4Ralpha/IL-13Ralpha1 unit with a large internal
  recycling pool; here the two chains assemble on IL-13 (fast, abundant IL-4Ralpha) and new
  receptors arrive at a constant rate. Raia's model has no SOCS3 mRNA degradation and no basal
  SOCS3 mRNA; here a slow degradation (half-life ~3 h) is assumed and a basal transcription is
  set so that the resting state exists and the fold induction at 120 min is the measured
  ~700-fold. The decoy
  receptor IL-13Ralpha2 and CD274 mRNA of Raia's model are not included. With 20 ng/mL
  IL-13 this context gives: pJAK2 maximal at ~20 min; pSTAT5 half-maximal at ~14 min, at
  30 min 0.91 of its maximum, maximal at ~50 min and 0.87 of the maximum at 120 min. The
  measurements (PEtab table) reach the plateau at 25-30 min (half-maximal ~15 min), stay
  there to ~70 min and fall to ~0.65-0.85 of it at 80-120 min; the model's decline is
  weaker, as is that of Raia's own fit (peak near 50 min, 0.88 of it at 115 min).
"""

NA = 6.02214076e14  # molecules/nmol

SOURCES = {
    "yang2023": "Yang H, Farhat AM, Orcutt-Jahns B, Sim K, Meyer AS et al. (2023) IL-4 and "
                "IL-13 signaling: quantitative receptor levels, ligand affinities and pSTAT6 "
                "dose responses across cell types. Nat Chem Biol. "
                "doi:10.1038/s41589-023-01313-6; data in meyer-lab/IL4-model src/data "
                "(RecQuant.csv, LigAffs.csv, EC50df.csv)",
    "miloux1997": "Miloux B, Laurent P, Bonnin O, Lupker J, Caput D, Vita N, Ferrara P (1997) "
                  "Cloning of the human IL-13R alpha1 chain and reconstitution with the IL4R "
                  "alpha of a functional IL-4/IL-13 receptor complex. FEBS Lett 401:163-166. "
                  "doi:10.1016/s0014-5793(96)01462-7",
    "raia2011": "Raia V, Schilling M, Boehm M, et al. (2011) Dynamic mathematical modeling of "
                "IL13-induced signaling in Hodgkin and primary mediastinal B-cell lymphoma "
                "allows prediction of therapeutic targets. Cancer Res 71:693-704. "
                "doi:10.1158/0008-5472.CAN-10-2987; fitted values from "
                "Benchmarking-Initiative/Benchmark-Models-PEtab, Raia_CancerResearch2011 "
                "(parameters table, nominalValue)",
    "fallon2000": "Fallon EM, Lauffenburger DA (2000) Computational model for effects of "
                  "ligand/receptor binding properties on interleukin-2 trafficking dynamics "
                  "and T cell proliferation response. Biotechnol Prog 16:905-916. "
                  "doi:10.1021/bp000097t; BioModels BIOMD0000000665",
    "heller2008": "Heller NM, Qi X, Junttila IS, et al. (2008) Type I IL-4Rs selectively "
                  "activate IRS-2 to induce target gene expression in macrophages. Sci Signal "
                  "1:ra17. doi:10.1126/scisignal.1164795",
    "assumed": "Order-of-magnitude value chosen for this model (reason in the note).",
}

# Raia 2011 fitted values (PEtab nominalValue), used in derived parameters below.
_RAIA = {
    "Kon_IL13Rec": 0.002278141087201, "JAK2_phosphorylation": 1.01721171826747,
    "JAK2_p_inhibition": 0.078140000505809, "pJAK2_dephosphorylation": 0.000175894009439,
    "STAT5_phosphorylation": 0.01948207479306, "pSTAT5_dephosphorylation": 0.000274832319318,
    "SOCS3mRNA_production": 0.14337151776186, "SOCS3_translation": 15.7186888386006,
    "SOCS3_accumulation": 451.777901711184, "SOCS3_degradation": 0.043380223348167,
    "Rec_intern": 0.344129281159739, "pRec_intern": 0.585271535297764,
}
_IL13_KDA = 12.3                    # IL-13 molar mass, kDa: 1 ng/mL = 1/12.3 nM
_RAIA_REC_AU = 1.3                  # Raia's resting surface receptor, a.u.
_RAIA_JAK2_AU = 2.8                 # Raia's total JAK2, a.u.
_V_CELL = 1e-12                     # L/cell
_N_REC_MEDB1 = 2000.0               # assumed receptors/cell for Raia's 1.3 a.u.
_JAK_TOT = 50.0                     # nM of cell, assumed JAK totals
_SOCS_AU_NM = 0.01                  # assumed: 1 a.u. of Raia's SOCS3 = 0.01 nM
_MRNA_AU_NM = 1e-3                  # assumed: 1 a.u. of Raia's SOCS3 mRNA = 0.001 nM
_REC_CELL_NM = _N_REC_MEDB1 / (NA * _V_CELL)   # MedB-1 receptors in nM of cell

# name, value, unit, source, note  (defaults: the a549 context; CELLS overrides per context)
PARAMETERS = [
    ("NA", NA, "molecules/nmol", "assumed", "Avogadro constant (exact SI value)"),
    ("cell_density", 1e9, "cells/L", "assumed", "1e6 cells/mL, typical stimulation culture"),
    ("V_cell", _V_CELL, "L/cell", "assumed", "1 pL per cell (lymphoma/carcinoma cells 0.3-2 pL)"),
    # receptors per cell (a549 defaults)
    ("N_IL4Ra", 133.33, "molecules/cell", "yang2023", "IL-4Ralpha on A549 (RecQuant.csv)"),
    ("N_gc", 18416.67, "molecules/cell", "yang2023", "gamma-c on A549 (RecQuant.csv)"),
    ("N_IL13Ra1", 1688.0, "molecules/cell", "yang2023", "IL-13Ralpha1 on A549 (RecQuant.csv)"),
    # ligand binding, first step (3D, from the medium)
    ("kon_IL4", 0.6, "1/(nM*min)", "assumed",
     "IL-4 + IL-4Ralpha on-rate 1e7 /M/s, the value assumed for gamma-c cytokines by the "
     "Meyer-lab models"),
    ("koff_IL4", 0.6 * 0.815, "1/min", "derived:kon_IL4*KD, KD 0.815 nM (yang2023 LigAffs.csv)",
     "IL-4:IL-4Ralpha KD 0.815 nM (hIL4, yang2023)"),
    ("kon_IL13", _RAIA["Kon_IL13Rec"] * 2.265 * _IL13_KDA, "1/(nM*min)",
     "derived:Kon_IL13Rec*2.265*12.3 (raia2011)",
     "IL-13 binding rate of Raia's fit (2.265*Kon_IL13Rec per ng/mL per min), converted with "
     "12.3 kDa: 0.063 /(nM*min) = 1.1e6 /M/s"),
    ("koff_IL13", _RAIA["Kon_IL13Rec"] * 2.265 * _IL13_KDA * 4.0, "1/min",
     "derived:kon_IL13*KD, KD 4 nM (miloux1997)", "IL-13:IL-13Ralpha1 alone, KD ~4 nM"),
    # second step (2D, in the membrane; partner counted per cell)
    ("kx_gc", 0.1 / 50.0, "cell/(molecules*min)", "assumed",
     "IL-4:IL-4Ralpha + gamma-c; 2D KD 50 molecules/cell with koff2 0.1 /min; no measured 2D "
     "value (yang2023 give only a fitted relative crosslinking constant)"),
    ("kx_IL4_13Ra1", 0.1 / 50.0, "cell/(molecules*min)", "assumed",
     "IL-4:IL-4Ralpha + IL-13Ralpha1; 2D KD 50 molecules/cell as for gamma-c"),
    ("kx_IL13_4Ra", 0.1 / 500.0, "cell/(molecules*min)",
     "fitted:yang2023 pSTAT6 EC50 of IL-13 on A549 (EC50df.csv)",
     "IL-13:IL-13Ralpha1 + IL-4Ralpha; 2D KD 500 molecules/cell, chosen so that the IL-13 "
     "EC50 on A549 at 30 min is ~1.2 nM (data 0.65-2.1 nM); the apparent IL-13 KD is then "
     "4 nM/(1 + N_IL4Ra/500), i.e. Miloux's ~30 pM needs ~60,000 IL-4Ralpha per cell "
     "(their transfectant's count is not known here)"),
    ("koff2", 0.1, "1/min", "assumed", "dissociation of the third chain from a ternary complex"),
    # trafficking
    ("kint_R", 0.007, "1/min", "fallon2000",
     "constitutive internalization of free receptors (IL-2 receptors, kt 0.007 /min); "
     "synthesis balances it at rest"),
    ("kint_C", 0.04, "1/min", "fallon2000",
     "ligand-induced endocytosis of signaling complexes (IL-2 complexes, ke 0.04 /min), "
     "ligand and complex degraded"),
    # JAKs
    ("JAK1_tot", _JAK_TOT, "nM", "assumed", "JAK1 in the cell (~30,000 per pL-cell)"),
    ("JAK3_tot", _JAK_TOT, "nM", "assumed", "JAK3 in the cell"),
    ("TYK2_tot", _JAK_TOT, "nM", "assumed", "TYK2 (JAK2 in medb1) in the cell"),
    ("kJ1", 3.0, "1/(nM*min)", "fitted:yang2023 pSTAT6 EC50 of IL-4 on A549 (EC50df.csv)",
     "JAK1 trans-activation per nM (cell) of complex with active partner JAK; chosen so that "
     "the IL-4 EC50 of pSTAT6 on A549 at 30 min is ~0.07 nM (data 0.037-0.14 nM)"),
    ("kJp", _RAIA["JAK2_phosphorylation"] * _RAIA_REC_AU / _REC_CELL_NM, "1/(nM*min)",
     "derived:JAK2_phosphorylation*1.3/R_cell (raia2011)",
     "partner JAK (JAK3, TYK2/JAK2) activation per nM (cell) of complex; Raia's rate per a.u. "
     "of receptor with 1.3 a.u. = 2000 receptors/cell (assumed scale)"),
    ("kdJ", 91 * _RAIA["pJAK2_dephosphorylation"], "1/min",
     "derived:91*pJAK2_dephosphorylation (raia2011)", "pJAK dephosphorylation, 0.016 /min"),
    ("Ki_SOCS", _SOCS_AU_NM / _RAIA["JAK2_p_inhibition"], "nM",
     "derived:1/JAK2_p_inhibition in a.u. (raia2011)",
     "SOCS level that halves JAK activation (12.8 a.u. of Raia's SOCS3; 1 a.u. = 0.01 nM "
     "assumed)"),
    # STAT
    ("STAT_tot", 165.0, "nM", "assumed",
     "STAT6 (STAT5 in medb1), ~100,000 per pL-cell; Raia's 165 a.u. read as nM"),
    ("kpS_J1", _RAIA["STAT5_phosphorylation"] * _RAIA_JAK2_AU / _JAK_TOT, "1/(nM*min)",
     "derived:STAT5_phosphorylation*2.8/JAK_tot (raia2011)",
     "STAT phosphorylation by pJAK1 (STAT6 contexts); Raia's STAT5 rate per active JAK"),
    ("kpS_Jp", 0.0, "1/(nM*min)", "assumed",
     "STAT phosphorylation by the IL-13Ralpha1 kinase (TYK2): 0 in STAT6 contexts, where "
     "IL-4Ralpha/JAK1 recruit STAT6; medb1 sets Raia's JAK2->STAT5 value"),
    ("kdpS_c", 0.005, "1/min", "assumed", "cytoplasmic pSTAT dephosphorylation (slow)"),
    ("kimp", 0.5, "1/min", "assumed", "pSTAT nuclear import (t1/2 ~1.4 min)"),
    ("kdpS_n", 91 * _RAIA["pSTAT5_dephosphorylation"], "1/min",
     "derived:91*pSTAT5_dephosphorylation (raia2011)", "nuclear pSTAT dephosphorylation"),
    ("kexp", 0.2, "1/min", "assumed", "STAT nuclear export"),
    # SOCS feedback
    ("ksyn_m0", 0.006 * _MRNA_AU_NM, "nM/min",
     "fitted:raia2011 SOCS3 mRNA fold at 120 min (PEtab measurements 1.4 -> 1017 a.u.)",
     "basal SOCS mRNA transcription (Raia: none); resting level 1.5 a.u., so that 20 ng/mL "
     "IL-13 raises SOCS3 mRNA ~700-fold by 120 min in medb1 as measured"),
    ("ksyn_m", _RAIA["SOCS3mRNA_production"] * _MRNA_AU_NM, "1/min",
     "derived:SOCS3mRNA_production*scale (raia2011)",
     "SOCS mRNA transcription per nuclear pSTAT (1 a.u. mRNA = 0.001 nM assumed)"),
    ("kdeg_m", 0.004, "1/min", "assumed", "SOCS mRNA half-life ~3 h (Raia: no degradation)"),
    ("ktl", _RAIA["SOCS3_translation"] * _SOCS_AU_NM, "nM/min",
     "derived:SOCS3_translation*scale (raia2011)", "maximal SOCS translation"),
    ("K_tl", _RAIA["SOCS3_accumulation"] * _MRNA_AU_NM, "nM",
     "derived:SOCS3_accumulation*scale (raia2011)", "mRNA giving half-maximal translation"),
    ("kdeg_S", _RAIA["SOCS3_degradation"], "1/min", "raia2011",
     "SOCS degradation (SOCS3_degradation 0.043 /min)"),
    # IRS-2 / PI3K / AKT (type I receptors)
    ("IRS2_tot", 20.0, "nM", "assumed", "IRS-2 in the cell"),
    ("PI3K_tot", 20.0, "nM", "assumed", "class IA PI3K in the cell"),
    ("AKT_tot", 50.0, "nM", "assumed", "AKT in the cell"),
    ("kIRS", 0.002, "1/(nM*min)", "assumed",
     "IRS-2 phosphorylation per pJAK3 (type I receptor only, heller2008)"),
    ("kdIRS", 0.1, "1/min", "assumed", "pIRS-2 dephosphorylation"),
    ("kPI3K", 0.01, "1/(nM*min)", "assumed", "PI3K recruitment/activation by pIRS-2"),
    ("kdPI3K", 0.2, "1/min", "assumed", "PI3K inactivation"),
    ("kAKT", 0.02, "1/(nM*min)", "assumed", "AKT phosphorylation per active PI3K"),
    ("kdAKT", 0.1, "1/min", "assumed", "pAKT dephosphorylation"),
]

# Per-context overrides: name -> (value, source, note)
CELLS = {
    "a549": {},
    "ramos": {
        "N_IL4Ra": (2949.67, "yang2023", "IL-4Ralpha on Ramos (RecQuant.csv)"),
        "N_gc": (16713.67, "yang2023", "gamma-c on Ramos (RecQuant.csv)"),
        "N_IL13Ra1": (0.0, "yang2023", "no IL-13Ralpha1 on Ramos (RecQuant.csv)"),
    },
    "monocyte": {
        "N_IL4Ra": (66.51, "yang2023", "IL-4Ralpha on monocytes (RecQuant.csv)"),
        "N_gc": (98042.31, "yang2023", "gamma-c on monocytes (RecQuant.csv)"),
        "N_IL13Ra1": (583.77, "yang2023", "IL-13Ralpha1 on monocytes (RecQuant.csv)"),
    },
    "medb1": {
        "N_IL4Ra": (20000.0, "assumed",
                    "IL-4Ralpha not limiting in Raia's lumped receptor: 10x IL-13Ralpha1"),
        "N_gc": (0.0, "assumed", "gamma-c left out (Raia's model has no type I receptor)"),
        "N_IL13Ra1": (_N_REC_MEDB1, "assumed",
                      "Raia's 1.3 a.u. of surface receptor read as 2000 per cell"),
        "kx_IL13_4Ra": (0.1, "assumed",
                        "fast assembly: Raia's receptor is a preformed IL-4Ralpha/IL-13Ralpha1 "
                        "unit"),
        "kint_R": (_RAIA["Rec_intern"], "raia2011",
                   "Rec_intern 0.344 /min, balanced by arrival from the recycling pool"),
        "kint_C": (_RAIA["pRec_intern"], "raia2011", "pRec_intern 0.585 /min"),
        "JAK1_tot": (0.0, "assumed", "JAK1 not in Raia's model"),
        "JAK3_tot": (0.0, "assumed", "JAK3 not in Raia's model"),
        "IRS2_tot": (0.0, "assumed", "IRS-2 branch not in Raia's model"),
        "kpS_Jp": (_RAIA["STAT5_phosphorylation"] * _RAIA_JAK2_AU / _JAK_TOT,
                   "derived:STAT5_phosphorylation*2.8/TYK2_tot (raia2011)",
                   "STAT5 phosphorylation by pJAK2, Raia's rate per active JAK2"),
    },
}

NAMES = {  # context-specific species names (STAT, SOCS and the IL-13Ralpha1 kinase)
    "stat6": {"STAT": "STAT6", "SOCS": "SOCS1", "JAKp": "TYK2"},
    "stat5": {"STAT": "STAT5", "SOCS": "SOCS3", "JAKp": "JAK2"},
}

OPTIONS = {"cell": tuple(CELLS), "trafficking": (True, False)}

STIMULUS = {"y0": {"IL4": 0.5}, "t_end": 120, "observables": ["pSTAT6", "pAKT_fraction"],
            "label": "A549 cells, 0.5 nM IL-4 (~7.5 ng/mL)"}


def _check(options):
    from sigsim import ModelError

    for k, v in options.items():
        if k not in OPTIONS:
            raise ModelError(f"il4: unknown option {k!r}; allowed: {', '.join(OPTIONS)}")
        if v not in OPTIONS[k] or (k == "trafficking" and not isinstance(v, bool)):
            raise ModelError(f"il4: option {k}={v!r} not allowed; allowed values: "
                             f"{', '.join(map(repr, OPTIONS[k]))}")


def build(**options):
    """Build the IL-4/IL-13 model.

    Parameters (keyword options)
    ----------------------------
    cell : {"a549", "ramos", "monocyte", "medb1"}
        Receptor context (see the module docstring); ``"medb1"`` is Raia's IL-13 -> JAK2 ->
        STAT5 context with species named STAT5/SOCS3/JAK2 and observable ``pSTAT5``.
    trafficking : bool
        Receptor turnover and complex endocytosis; without it the receptor chains and the
        ligands are conserved.
    """
    from sigsim import Model

    _check(options)
    cell = options.get("cell", "a549")
    trafficking = options.get("trafficking", True)
    nm = NAMES["stat5" if cell == "medb1" else "stat6"]
    S, SO, JP = nm["STAT"], nm["SOCS"], nm["JAKp"]
    m = Model("il4", time_unit="min",
              description=f"IL-4/IL-13 type I/II receptors -> JAK -> {S}, {SO}, IRS-2/AKT "
                          f"({cell})")
    over = CELLS[cell]
    for name, value, unit, source, note in PARAMETERS:
        if name in over:
            value, source, note = over[name]
        m.parameter(name, value, unit=unit, source=source, note=note)

    def surf(N):
        return f"{N}*cell_density/NA"

    med = [
        ("IL4", 0.0, "IL-4 in the medium (the stimulus)"),
        ("IL13", 0.0, "IL-13 in the medium (the stimulus)"),
        ("IL4Ra", surf("N_IL4Ra"), "free IL-4Ralpha"),
        ("gc", surf("N_gc"), "free gamma-c"),
        ("IL13Ra1", surf("N_IL13Ra1"), "free IL-13Ralpha1"),
        ("IL4_IL4Ra", 0.0, "IL-4:IL-4Ralpha"),
        ("IL13_IL13Ra1", 0.0, "IL-13:IL-13Ralpha1"),
        ("IL4_typeI", 0.0, "IL-4:IL-4Ralpha:gamma-c (type I, JAK1+JAK3)"),
        ("IL4_typeII", 0.0, "IL-4:IL-4Ralpha:IL-13Ralpha1 (type II, JAK1+TYK2)"),
        ("IL13_typeII", 0.0, "IL-13:IL-13Ralpha1:IL-4Ralpha (type II, JAK1+TYK2)"),
    ]
    for name, value, note in med:
        m.species(name, value, unit="nM", note=note + " (nM of medium)")
    mrna0 = "ksyn_m0/kdeg_m"
    cell_species = [
        ("JAK1", "JAK1_tot", "inactive JAK1 (on IL-4Ralpha)"),
        ("pJAK1", 0.0, "active JAK1"),
        ("JAK3", "JAK3_tot", "inactive JAK3 (on gamma-c)"),
        ("pJAK3", 0.0, "active JAK3"),
        (JP, "TYK2_tot", f"inactive {JP} (on IL-13Ralpha1)"),
        (f"p{JP}", 0.0, f"active {JP}"),
        (S, "STAT_tot", f"cytoplasmic {S}"),
        (f"p{S}c", 0.0, f"cytoplasmic p{S} (dimer counted as two monomers)"),
        (f"p{S}n", 0.0, f"nuclear p{S}"),
        (f"{S}n", 0.0, f"nuclear unphosphorylated {S} (export)"),
        (f"{SO}_mRNA", mrna0, f"{SO} mRNA (resting: basal transcription)"),
        (SO, f"ktl*({mrna0})/(K_tl + {mrna0})/kdeg_S", f"{SO} protein"),
        ("IRS2", "IRS2_tot", "IRS-2"),
        ("pIRS2", 0.0, "tyrosine-phosphorylated IRS-2"),
        ("PI3K", "PI3K_tot", "inactive PI3K"),
        ("PI3Ka", 0.0, "PI3K recruited to pIRS-2 (active)"),
        ("AKT", "AKT_tot", "AKT"),
        ("pAKT", 0.0, "phosphorylated AKT"),
    ]
    for name, value, note in cell_species:
        m.species(name, value, unit="nM", note=note + " (nM of cell)")

    r = m.reaction
    # first binding step (medium -> surface)
    r("IL4 + IL4Ra -> IL4_IL4Ra", "kon_IL4*IL4*IL4Ra", name="IL4_binds_IL4Ra")
    r("IL4_IL4Ra -> IL4 + IL4Ra", "koff_IL4*IL4_IL4Ra", name="IL4_unbinds_IL4Ra")
    r("IL13 + IL13Ra1 -> IL13_IL13Ra1", "kon_IL13*IL13*IL13Ra1", name="IL13_binds_IL13Ra1")
    r("IL13_IL13Ra1 -> IL13 + IL13Ra1", "koff_IL13*IL13_IL13Ra1", name="IL13_unbinds_IL13Ra1")
    # second step in the membrane (partner per cell)
    pc = "NA/cell_density"
    r("IL4_IL4Ra + gc -> IL4_typeI", f"kx_gc*IL4_IL4Ra*gc*{pc}", name="typeI_assembly")
    r("IL4_typeI -> IL4_IL4Ra + gc", "koff2*IL4_typeI", name="typeI_release")
    r("IL4_IL4Ra + IL13Ra1 -> IL4_typeII", f"kx_IL4_13Ra1*IL4_IL4Ra*IL13Ra1*{pc}",
      name="IL4_typeII_assembly")
    r("IL4_typeII -> IL4_IL4Ra + IL13Ra1", "koff2*IL4_typeII", name="IL4_typeII_release")
    r("IL13_IL13Ra1 + IL4Ra -> IL13_typeII", f"kx_IL13_4Ra*IL13_IL13Ra1*IL4Ra*{pc}",
      name="IL13_typeII_assembly")
    r("IL13_typeII -> IL13_IL13Ra1 + IL4Ra", "koff2*IL13_typeII", name="IL13_typeII_release")
    if trafficking:
        for R, N in (("IL4Ra", "N_IL4Ra"), ("gc", "N_gc"), ("IL13Ra1", "N_IL13Ra1")):
            r(f"-> {R}", f"kint_R*{surf(N)}", name=f"{R}_synthesis")
            r(f"{R} ->", f"kint_R*{R}", name=f"{R}_internalization")
        for C in ("IL4_IL4Ra", "IL13_IL13Ra1"):
            r(f"{C} ->", f"kint_R*{C}", name=f"{C}_internalization")
        for C in ("IL4_typeI", "IL4_typeII", "IL13_typeII"):
            r(f"{C} ->", f"kint_C*{C}", name=f"{C}_endocytosis")

    # signaling complexes in the cell volume
    m.assignment("TI_cell", "IL4_typeI/(cell_density*V_cell)")
    m.assignment("TII_cell", "(IL4_typeII + IL13_typeII)/(cell_density*V_cell)")
    m.assignment("inh", f"1/(1 + {SO}/Ki_SOCS)")
    r("JAK3 -> pJAK3", "kJp*JAK3*TI_cell*inh", name="JAK3_activation")
    r("pJAK3 -> JAK3", "kdJ*pJAK3", name="pJAK3_dephosphorylation")
    r(f"{JP} -> p{JP}", f"kJp*{JP}*TII_cell*inh", name=f"{JP}_activation")
    r(f"p{JP} -> {JP}", f"kdJ*p{JP}", name=f"p{JP}_dephosphorylation")
    # JAK1 is trans-activated by the partner JAK of its complex
    r("JAK1 -> pJAK1",
      f"kJ1*JAK1*(TI_cell*pJAK3/max(JAK3_tot, 1e-30) + TII_cell*p{JP}/max(TYK2_tot, 1e-30))"
      "*inh", name="JAK1_activation")
    r("pJAK1 -> JAK1", "kdJ*pJAK1", name="pJAK1_dephosphorylation")
    r(f"{S} -> p{S}c", f"(kpS_J1*pJAK1 + kpS_Jp*p{JP})*{S}", name=f"{S}_phosphorylation")
    r(f"p{S}c -> {S}", f"kdpS_c*p{S}c", name=f"p{S}c_dephosphorylation")
    r(f"p{S}c -> p{S}n", f"kimp*p{S}c", name=f"p{S}_import")
    r(f"p{S}n -> {S}n", f"kdpS_n*p{S}n", name=f"p{S}n_dephosphorylation")
    r(f"{S}n -> {S}", f"kexp*{S}n", name=f"{S}_export")
    r(f"-> {SO}_mRNA", f"ksyn_m0 + ksyn_m*p{S}n", name=f"{SO}_transcription")
    r(f"{SO}_mRNA ->", f"kdeg_m*{SO}_mRNA", name=f"{SO}_mRNA_degradation")
    r(f"-> {SO}", f"ktl*{SO}_mRNA/(K_tl + {SO}_mRNA)", name=f"{SO}_translation")
    r(f"{SO} ->", f"kdeg_S*{SO}", name=f"{SO}_degradation")
    r("IRS2 -> pIRS2", "kIRS*pJAK3*IRS2", name="IRS2_phosphorylation")
    r("pIRS2 -> IRS2", "kdIRS*pIRS2", name="pIRS2_dephosphorylation")
    r("PI3K -> PI3Ka", "kPI3K*pIRS2*PI3K", name="PI3K_activation")
    r("PI3Ka -> PI3K", "kdPI3K*PI3Ka", name="PI3K_inactivation")
    r("AKT -> pAKT", "kAKT*PI3Ka*AKT", name="AKT_phosphorylation")
    r("pAKT -> AKT", "kdAKT*pAKT", name="pAKT_dephosphorylation")

    m.observable(f"p{S}", f"(p{S}c + p{S}n)/STAT_tot")
    m.observable(f"nuclear_p{S}", f"p{S}n/STAT_tot")
    m.observable(f"p{JP}_fraction", f"p{JP}/max(TYK2_tot, 1e-30)")
    m.observable("pJAK1_fraction", "pJAK1/max(JAK1_tot, 1e-30)")
    m.observable(f"{SO}_mRNA_fold", f"{SO}_mRNA/(ksyn_m0/kdeg_m)")
    m.observable("pAKT_fraction", "pAKT/max(AKT_tot, 1e-30)")
    m.observable("complexes_per_cell", "(IL4_typeI + IL4_typeII + IL13_typeII)*NA/cell_density")
    return m
