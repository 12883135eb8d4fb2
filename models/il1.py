"""IL-1alpha/beta -> IL-1R1/IL-1RAcP -> MyD88/IRAK4/IRAK1/TRAF6/TAK1 -> IKK -> IkBa/NF-kB, A20.

Scope. IL-1beta, IL-1alpha and the antagonist IL-1Ra (anakinra) in the medium bind the
signalling receptor IL-1R1. IL-1beta:IL-1R1 and IL-1alpha:IL-1R1 recruit the co-receptor
IL-1RAcP into the signalling complex; IL-1Ra:IL-1R1 does not (competitive antagonist). The surface
decoy IL-1R2 binds IL-1beta (and IL-1Ra weakly) without signalling; option ``soluble_decoy`` adds
soluble IL-1R2 (``sIL1R2``, binds IL-1beta, not IL-1alpha) to the medium. The signalling
complexes activate, in sequence, MyD88, IRAK4, IRAK1 (degraded once phosphorylated, resynthesised
slowly), TRAF6, TAK1 and IKK. IKK follows Lipniacki et al. 2004: neutral -> active -> inactive ->
neutral, with A20 speeding up the inactivation (A20 also deubiquitinates TRAF6). The IkBa/NF-kB
core is Hoffmann et al. 2002 restricted to IkBa (free, NF-kB-bound and IKK-bound IkBa in cytoplasm
and nucleus; NF-kB-induced IkBa transcription, ~NFkB_n^2); A20 is an NF-kB-induced gene as in
Lipniacki 2004. NF-kB also induces pro-IL-1beta; caspase-1 (inflammasome activity, parameter
``k_casp1``, 0 at rest: processing needs a second signal) turns it into mature IL-1beta released
into the medium (``IL1b_sec``, observable ``IL1b_secreted``). With ``autoamplification=True`` the
released IL-1beta also joins the bioactive ``IL1b`` pool and drives the receptors (the
IL-1beta -> IL-1beta loop of Lachmann et al. 2009). Cell contexts: ``fibroblast`` (default) and
``monocyte`` (fewer IL-1R1, more IL-1R2, smaller, more pro-IL-1beta).

Unit system: nM and min. Ligands, decoys and receptors are in nM of the medium (receptor numbers
per cell converted with ``N*cell_density/NA``); intracellular species are in nM of the cell volume
(nucleus and cytoplasm both counted in the whole-cell volume, as the Hoffmann 2002 SBML does with
two compartments of equal size). The signalling complexes reach the cell through the assignment
``Rsig_cell = (IL1b_R1_AcP + IL1a_R1_AcP)/(cell_density*V_cell)``; released IL-1beta goes the
other way through the factor ``cell_density*V_cell``. IL-1RAcP recruitment is a membrane (2D)
step given per AcP molecule per cell and converted with ``NA/cell_density``.

Sources. NF-kB core: Hoffmann 2002 (BIOMD0000000140; uM and min there: second-order rates divided
by 1000, zeroth-order multiplied by 1000 here). IKK cycle and A20: Lipniacki 2004
(BIOMD0000000786; uM and s there: times 60 here; Lipniacki's nuclear concentrations refer to a
nucleus 5x smaller than the cytoplasm, taken here in whole-cell units without that factor).
Adaptor chain: the step structure of Sharp et al. 2013 (BIOMD0000000489, LPS/TLR4/MyD88), rate
constants assumed for IL-1. Binding: IL-1Ra:IL-1R1 70 pM (Svenson 1993), IL-1Ra:IL-1R2 15 nM and
IL-1beta:IL-1R2 15-fold tighter (Dripps 1991), soluble IL-1R2:IL-1beta 200 pM; IL-1beta:IL-1R1
without AcP not located as a primary measurement: 0.5 nM assumed within the 0.1-1 nM range.

Behaviour (IL-1beta 1 ng/mL, fibroblast defaults): IKK activity peaks at ~58% at 15-17 min,
IkBa falls to ~20% by 20 min (minimum ~13% at 22-24 min) and NF-kB is ~95% nuclear at 26-28 min,
then returns to the cytoplasm by 60 min as IkBa is resynthesised (later waves follow as long as
IL-1 stays bound). Without IkBa resynthesis NF-kB stays nuclear for hours; without A20 IKK stays
active and NF-kB returns. With IL-1Ra pre-incubated, half inhibition of nuclear NF-kB at 30 min
needs a ~120-fold molar excess.

Assumptions and limits. No receptor trafficking (receptor totals are conserved) and no ligand
depletion by internalisation: bound IL-1 keeps signalling, so even femtomolar IL-1beta eventually
gives a full (delayed) response (IL-1 is active at femto- to picomolar concentrations, Dinarello
1996; at 30 min the half-maximal nuclear NF-kB is reached near 0.6 pM, ~10 pg/mL); responses
are all-or-none at the NF-kB level (the IkBa-only core is very sensitive to IKK). IkBb/e are
left out. IL-1RAcP stabilises the IL-1:IL-1R1 complex;
together with spare receptors this is why IL-1Ra needs a large molar excess. Free IL-1 decays in
the medium with an assumed half-life of ~6 h. With ``autoamplification=True`` and caspase-1
active, resting cells are not a steady state: their basal pro-IL-1beta release ignites the loop.
"""

SOURCES = {
    "hoffmann2002": "Hoffmann A, Levchenko A, Scott ML, Baltimore D (2002) The IkappaB-NF-kappaB "
                    "signaling module: temporal control and selective gene activation. Science "
                    "298:1241-1245. doi:10.1126/science.1071914; PMID 12424381; BioModels "
                    "BIOMD0000000140",
    "lipniacki2004": "Lipniacki T, Paszek P, Brasier AR, Luxon B, Kimmel M (2004) Mathematical "
                     "model of NF-kappaB regulatory module. J Theor Biol 228:195-215. "
                     "doi:10.1016/j.jtbi.2004.01.001; PMID 15094015; BioModels BIOMD0000000786",
    "sharp2013": "Sharp GC, Ma H, Saunders PTK, Norman JE (2013) A computational model of "
                 "lipopolysaccharide-induced nuclear factor kappa B activation: a key role for "
                 "MyD88 and IRAK. PLoS One 8:e70180. doi:10.1371/journal.pone.0070180; BioModels "
                 "BIOMD0000000489",
    "svenson1993": "Svenson M, Hansen MB, Heegaard P, Abell K, Bendtzen K (1993) Specific binding "
                   "of interleukin 1 (IL-1) beta and IL-1 receptor antagonist (IL-1ra) to human "
                   "serum. High-affinity binding of IL-1ra to soluble IL-1 receptor type I. "
                   "Cytokine 5:427-435. PMID 8142597",
    "dripps1991": "Dripps DJ, Verderber E, Ng RK, Thompson RC, Eisenberg SP (1991) Interleukin-1 "
                  "receptor antagonist binds to the type II interleukin-1 receptor on B cells "
                  "and neutrophils. J Biol Chem 266:20311-20315. "
                  "doi:10.1016/S0021-9258(18)54924-3",
    "shil1r2_200pM": "The first two N-terminal immunoglobulin-like domains of soluble human IL-1 "
                     "receptor type II are sufficient to bind and neutralize IL-1beta (abstract: "
                     "both soluble forms bind IL-1beta with Kd 200 pM and do not bind IL-1alpha). "
                     "Record https://scilit.com/publications/7ba4a35928c958cfe82846a8f2446b40 "
                     "(its DOI was not located; see ../shared/literature/"
                     "models-and-parameters.md). Selectivity for IL-1beta over IL-1alpha and "
                     "IL-1Ra also in Symons JA, Eastgate JA, Duff GW (1991) J Exp Med "
                     "174:1251-1254, doi:10.1084/jem.174.5.1251 (natural Raji sIL-1R, Kd 2.7 nM)",
    "smith2003": "Smith DE, Hanna R, Della Friend, et al. (2003) The soluble form of IL-1 "
                 "receptor accessory protein enhances the ability of soluble type II IL-1 "
                 "receptor to inhibit IL-1 action. Immunity 18:87-96. "
                 "doi:10.1016/s1074-7613(02)00514-9; PMID 12530978",
    "arend2002": "Arend WP (2002) The balance between IL-1 and IL-1Ra in disease. Cytokine "
                 "Growth Factor Rev 13:323-340. doi:10.1016/S1359-6101(02)00020-5; "
                 "PMID 12220547 (IL-1Ra must be in 10- to 100-fold or larger molar excess over "
                 "IL-1 to inhibit; few occupied IL-1R1 suffice for a response)",
    "dinarello1996": "Dinarello CA (1996) Biologic basis for interleukin-1 in disease. Blood "
                     "87:2095-2147. PMID 8630372",
    "lachmann2009": "Lachmann HJ, Lowe P, Felix SD, et al. (2009) In vivo regulation of "
                    "interleukin 1beta in patients with cryopyrin-associated periodic syndromes. "
                    "J Exp Med 206:1029-1036. doi:10.1084/jem.20082481; PMID 19364880",
    "adamson2016": "Adamson A, Boddington C, Downton P, et al. (2016) Signal transduction "
                   "controls heterogeneous NF-kappaB dynamics and target gene expression through "
                   "cytokine-specific refractory states. Nat Commun 7:12057. "
                   "doi:10.1038/ncomms12057",
}

_K2 = "1/(nM*min)"
_K1 = "1/min"
_MOLAR_2D = "cells/(molecules*min)"

# name, value, unit, source, note
PARAMETERS = [
    # culture
    ("NA", 6.02214076e14, "molecules/nmol", "derived:Avogadro constant", "molecules per nmol"),
    ("cell_density", 1e9, "cells/L", "assumed", "1e6 cells/mL, a typical culture"),
    ("V_cell", 2e-12, "L/cell", "assumed", "2 pL, a fibroblast-sized cell (HeLa ~2.4 pL)"),
    # receptor numbers (cell context sets them)
    ("N_IL1R1", 3000.0, "molecules/cell", "assumed",
     "IL-1R1 is scarce: a few hundred to a few thousand per cell (Dinarello 1996 review); "
     "fibroblast value"),
    ("N_IL1RAcP", 5000.0, "molecules/cell", "assumed", "IL-1RAcP in excess of IL-1R1"),
    ("N_IL1R2", 500.0, "molecules/cell", "assumed",
     "surface decoy; low on fibroblasts, high on monocytes/neutrophils"),
    # ligand binding (medium)
    ("kon_IL1", 0.18, _K2, "assumed", "IL-1 on-rate 3e6 /M/s, typical of cytokines"),
    ("KD_IL1b_R1", 0.5, "nM", "assumed",
     "IL-1beta:IL-1R1 without AcP; primary value not located, literature range 0.1-1 nM"),
    ("KD_IL1a_R1", 0.5, "nM", "assumed", "IL-1alpha binds IL-1R1 like IL-1beta"),
    ("KD_IL1Ra_R1", 0.07, "nM", "svenson1993",
     "IL-1Ra binds soluble IL-1RI with Kd 70 pM (30x tighter than IL-1beta to serum factor)"),
    ("k_AcP", 2e-4, _MOLAR_2D, "assumed",
     "IL-1:IL-1R1 + IL-1RAcP recruitment per AcP molecule per cell (membrane 2D binding); "
     "5000 AcP/cell give 1/min"),
    ("koff_AcP", 0.03, _K1, "assumed",
     "ternary complex releases AcP slowly: AcP stabilises the active complex (Smith 2003; "
     "notes file 'Effects of IL-1RAcP on IL-1 binding')"),
    ("KD_IL1b_R2", 1.0, "nM", "dripps1991",
     "surface IL-1R2 (B cells): IL-1Ra binds with 15 nM, 15-fold weaker than IL-1beta"),
    ("KD_IL1b_sR2", 0.2, "nM", "shil1r2_200pM", "IL-1beta:soluble IL-1R2 200 pM"),
    ("KD_IL1Ra_R2", 15.0, "nM", "dripps1991", "IL-1Ra:type II IL-1R on B cells 15 +- 3 nM"),
    ("sIL1R2_0", 0.0, "nM", "assumed", "soluble decoy in the medium (option soluble_decoy)"),
    ("k_clear", 0.002, _K1, "assumed",
     "free IL-1alpha/beta decay in the medium, half-life ~6 h (IL-1Ra taken as stable)"),
    # adaptor chain (cell volume)
    ("MyD88_tot", 100.0, "nM", "assumed", "MyD88 per cell volume (~1.2e5 per 2 pL cell)"),
    ("k_MyD88", 1.0, _K2, "assumed",
     "step of Sharp 2013; MyD88 recruitment by the active receptor complex (half-maximal at "
     "0.4 nM of complex in the cell, ~480 complexes per 2 pL cell)"),
    ("kr_MyD88", 0.4, _K1, "assumed", "MyD88 release"),
    ("IRAK4_tot", 50.0, "nM", "assumed", "IRAK4 per cell volume"),
    ("k_IRAK4", 0.008, _K2, "assumed",
     "step of Sharp 2013; IRAK4 activation by MyD88 (myddosome)"),
    ("kr_IRAK4", 0.4, _K1, "assumed", "IRAK4 inactivation"),
    ("IRAK1_0", 50.0, "nM", "assumed", "resting IRAK1 per cell volume"),
    ("k_IRAK1", 0.04, _K2, "assumed", "step of Sharp 2013; IRAK1 phosphorylation by IRAK4"),
    ("kdeg_IRAK1p", 0.05, _K1, "assumed",
     "phosphorylated IRAK1 is ubiquitinated and degraded (half-life ~14 min)"),
    ("kdeg_IRAK1", 0.002, _K1, "assumed", "basal IRAK1 turnover (half-life ~6 h)"),
    ("TRAF6_tot", 50.0, "nM", "assumed", "TRAF6 per cell volume"),
    ("k_TRAF6", 0.008, _K2, "assumed", "step of Sharp 2013; TRAF6 activation by IRAK1-P"),
    ("kr_TRAF6", 0.2, _K1, "assumed", "TRAF6 deubiquitination (A20-independent part)"),
    ("k_A20_TRAF6", 0.002, _K2, "assumed",
     "A20 deubiquitinates TRAF6 (A20 feedback acting upstream of IKK)"),
    ("TAK1_tot", 50.0, "nM", "assumed", "TAK1 per cell volume"),
    ("k_TAK1", 0.01, _K2, "assumed", "step of Sharp 2013; TAK1 activation by TRAF6"),
    ("kr_TAK1", 0.4, _K1, "assumed", "TAK1 inactivation"),
    # IKK cycle (Lipniacki 2004, /s -> /min)
    ("IKK_tot", 200.0, "nM", "lipniacki2004", "Kprod/Kdeg = 2.5e-5/1.25e-4 uM = 0.2 uM"),
    ("k_IKK_act", 0.45, _K1, "assumed",
     "IKKn -> IKKa at full TAK1 activity (times TAK1a/TAK1_tot): 3x Lipniacki 2004's k1 = "
     "0.0025 /s for TNF, so that IKK activity peaks ~15 min and IkBa is mostly degraded by "
     "20 min after IL-1beta"),
    ("k_IKK_inact", 0.09, _K1, "lipniacki2004", "k3 = 0.0015 /s, IKKa -> IKKi"),
    ("k_A20_IKK", 0.006, _K2, "lipniacki2004",
     "k2 = 0.1 /(uM*s) A20-dependent IKKa -> IKKi, /1000*60 (Lipniacki's A20 term taken "
     "as k2*A20*IKKa)"),
    ("k_IKK_rec", 0.0075, _K1, "lipniacki2004",
     "IKKi -> IKKn recovery at the IKK turnover Kdeg = 1.25e-4 /s (turnover replaced by a "
     "recycling step so that IKK is conserved)"),
    # IkBa/NF-kB core (Hoffmann 2002, uM and min -> nM and min)
    ("NFkB_tot", 100.0, "nM", "hoffmann2002", "0.1 uM total NF-kB (Lipniacki 2004: 0.06 uM)"),
    ("a_IkBa_NFkB", 0.03, _K2, "hoffmann2002", "a4 = 30 /(uM*min)"),
    ("d_IkBa_NFkB", 0.03, _K1, "hoffmann2002", "d4 = 0.03 /min"),
    ("a_IKK_IkBa", 0.00135, _K2, "hoffmann2002", "a1 = 1.35 /(uM*min)"),
    ("a_IKK_IkBaNFkB", 0.0111, _K2, "hoffmann2002", "a7 = 11.1 /(uM*min)"),
    ("d_IKK_IkBa", 0.075, _K1, "hoffmann2002", "d1 = 0.075 /min"),
    ("r_IKK_IkBa", 0.2442, _K1, "hoffmann2002", "r1: IKK-catalysed IkBa degradation"),
    ("r_IKK_IkBaNFkB", 1.224, _K1, "hoffmann2002", "r4: same, NF-kB-bound IkBa"),
    ("kdeg_IkBa", 0.00678, _K1, "hoffmann2002", "deg1: free IkBa degradation"),
    ("kdeg_IkBa_bound", 0.00135, _K1, "hoffmann2002", "deg4: IKK-independent, bound IkBa"),
    ("k_NFkB_imp", 5.4, _K1, "hoffmann2002", "k1: NF-kB import"),
    ("k_NFkB_exp", 0.0048, _K1, "hoffmann2002", "k01: NF-kB export"),
    ("k_IkBa_imp", 0.018, _K1, "hoffmann2002", "tp1: IkBa import"),
    ("k_IkBa_exp", 0.012, _K1, "hoffmann2002", "tp2: IkBa export"),
    ("k_IkBaNFkB_exp", 0.828, _K1, "hoffmann2002", "k2: IkBa:NF-kB export"),
    ("tx0_IkBa", 0.0925, "nM/min", "hoffmann2002", "tr2a = 9.25e-5 uM/min constitutive"),
    ("tx_IkBa", 0.00099, _K2, "hoffmann2002",
     "tr2 = 0.99 /(uM*min), inducible transcription tr2*NFkB_n^2; 0 removes IkBa "
     "resynthesis feedback"),
    ("kdeg_IkBa_mRNA", 0.0168, _K1, "hoffmann2002", "tr3"),
    ("ktl_IkBa", 0.2448, _K1, "hoffmann2002", "tr1: translation"),
    # A20 (Lipniacki 2004, /s -> /min)
    ("tx_A20", 3e-5, _K1, "lipniacki2004",
     "c1 = 5e-7 /s A20 mRNA per nuclear NF-kB; 0 is an A20 knock-out"),
    ("kdeg_A20_mRNA", 0.024, _K1, "lipniacki2004", "c3 = 4e-4 /s"),
    ("ktl_A20", 30.0, _K1, "lipniacki2004", "c4 = 0.5 /s"),
    ("kdeg_A20", 0.018, _K1, "lipniacki2004", "c5 = 3e-4 /s"),
    # pro-IL-1beta / caspase-1 loop
    ("tx0_proIL1b", 0.0, "nM/min", "assumed", "no NF-kB-independent pro-IL-1beta transcription"),
    ("tx_proIL1b", 0.01, "nM/min", "assumed",
     "maximal NF-kB-induced pro-IL-1beta transcription (IL1B is an NF-kB target; IL-1 "
     "induces its own gene, Dinarello 1996)"),
    ("K_proIL1b", 20.0, "nM", "assumed",
     "nuclear NF-kB for half-maximal IL1B transcription (Hill coefficient n_proIL1b): "
     "resting cells (0.4 nM nuclear NF-kB) make almost no pro-IL-1beta"),
    ("n_proIL1b", 2.0, "dimensionless", "assumed",
     "Hill coefficient of IL1B induction (as for IkBa in Hoffmann 2002)"),
    ("kdeg_proIL1b_mRNA", 0.02, _K1, "assumed", "IL1B mRNA half-life ~35 min"),
    ("ktl_proIL1b", 10.0, _K1, "assumed", "translation"),
    ("kdeg_proIL1b", 0.004, _K1, "assumed", "pro-IL-1beta half-life ~3 h"),
    ("k_casp1", 0.0, _K1, "assumed",
     "caspase-1 (inflammasome) processing and release of mature IL-1beta. 0 at rest: "
     "processing needs a second signal (inflammasome activation); an experiment sets it > 0 "
     "(e.g. 0.005) from t = 0, with preequilibrate={'params': {'k_casp1': 0}}"),
]

#: cell contexts: parameter overrides
CELLS = {
    "fibroblast": {},
    "monocyte": {"N_IL1R1": 500.0, "N_IL1R2": 5000.0, "V_cell": 1e-12,
                 "tx_proIL1b": 0.05},
}

OPTIONS = {
    "cell": tuple(CELLS),
    "autoamplification": (False, True),
    "soluble_decoy": (False, True),
}

STIMULUS = {
    "y0": {"IL1b": 0.1},
    "t_end": 240,
    "observables": ["NFkB_nuc", "IkBa", "IKK_active", "IL1b_secreted"],
    "label": "IL-1beta 0.1 nM (1.75 ng/mL) on resting cells (no caspase-1 signal: "
             "IL1b_secreted stays 0 unless k_casp1 > 0)",
}

# Approximate resting values of the intracellular species (cell nM); experiments
# pre-equilibrate, which refines them.
_REST = {
    "NFkB": 0.28, "NFkB_n": 0.37, "IkBa_cyt": 180.0, "IkBa_n": 142.0,
    "IkBa_NFkB": "NFkB_tot - 0.28 - 0.37 - 1.85", "IkBa_NFkB_n": 1.85,
    "IKK_IkBa": 0.0, "IKK_IkBa_NFkB": 0.0,
    "IkBa_mRNA": 5.5, "A20_mRNA": 4.6e-4, "A20": 0.77,
}


def _check(options):
    from sigsim import ModelError

    defaults = {"cell": "fibroblast", "autoamplification": False, "soluble_decoy": False}
    for key in options:
        if key not in defaults:
            raise ModelError(f"il1: unknown option {key!r}; allowed: {', '.join(defaults)}")
    opts = {**defaults, **options}
    for key, allowed in OPTIONS.items():
        if opts[key] not in allowed or type(opts[key]) is not type(allowed[0]):
            raise ModelError(f"il1: option {key}={opts[key]!r} not allowed; "
                             f"allowed values: {', '.join(map(repr, allowed))}")
    return opts


def build(**options):
    """Build the IL-1 model.

    Options
    -------
    cell : "fibroblast" (default) or "monocyte"
        Receptor numbers, cell volume and pro-IL-1beta/caspase-1 capacity.
    autoamplification : bool, default False
        Released mature IL-1beta also joins the bioactive ``IL1b`` pool.
    soluble_decoy : bool, default False
        Add soluble IL-1R2 (``sIL1R2``, initial value parameter ``sIL1R2_0``) to the medium.
    """
    from sigsim import Model

    opts = _check(options)
    m = Model("il1", time_unit="min", description=__doc__.strip().splitlines()[0])
    over = CELLS[opts["cell"]]
    for name, value, unit, source, note in PARAMETERS:
        if name in over:
            value, note = over[name], f"{note}; {opts['cell']} value (assumed)"
        m.parameter(name, value, unit=unit, source=source, note=note)

    sp = m.species
    # medium
    sp("IL1b", 0.0, unit="nM", note="free IL-1beta in the medium (stimulus)")
    sp("IL1a", 0.0, unit="nM", note="free IL-1alpha in the medium")
    sp("IL1Ra", 0.0, unit="nM", note="free IL-1Ra (anakinra) in the medium")
    sp("IL1b_sec", 0.0, unit="nM", note="mature IL-1beta released by the cells (medium)")
    sp("IL1R1", "N_IL1R1*cell_density/NA", unit="nM", note="free IL-1R1")
    sp("IL1RAcP", "N_IL1RAcP*cell_density/NA", unit="nM", note="free IL-1RAcP")
    sp("IL1R2", "N_IL1R2*cell_density/NA", unit="nM", note="free surface decoy IL-1R2")
    for c, note in [("IL1b_R1", "IL-1beta:IL-1R1"), ("IL1a_R1", "IL-1alpha:IL-1R1"),
                    ("IL1Ra_R1", "IL-1Ra:IL-1R1 (no AcP recruitment)"),
                    ("IL1b_R1_AcP", "IL-1beta:IL-1R1:IL-1RAcP signalling complex"),
                    ("IL1a_R1_AcP", "IL-1alpha:IL-1R1:IL-1RAcP signalling complex"),
                    ("IL1b_R2", "IL-1beta:IL-1R2 (decoy)"), ("IL1Ra_R2", "IL-1Ra:IL-1R2")]:
        sp(c, 0.0, unit="nM", note=note)
    if opts["soluble_decoy"]:
        sp("sIL1R2", "sIL1R2_0", unit="nM", note="soluble IL-1R2 in the medium")
        sp("IL1b_sIL1R2", 0.0, unit="nM", note="IL-1beta:sIL-1R2")
    # cell: adaptors and IKK
    sp("MyD88", "MyD88_tot", unit="nM", note="free MyD88")
    sp("MyD88a", 0.0, unit="nM", note="receptor-recruited MyD88")
    sp("IRAK4", "IRAK4_tot", unit="nM", note="inactive IRAK4")
    sp("IRAK4a", 0.0, unit="nM", note="active IRAK4 (myddosome)")
    sp("IRAK1", "IRAK1_0", unit="nM", note="unphosphorylated IRAK1")
    sp("IRAK1p", 0.0, unit="nM", note="phosphorylated IRAK1 (degraded)")
    sp("TRAF6", "TRAF6_tot", unit="nM", note="inactive TRAF6")
    sp("TRAF6a", 0.0, unit="nM", note="K63-ubiquitinated (active) TRAF6")
    sp("TAK1", "TAK1_tot", unit="nM", note="inactive TAK1")
    sp("TAK1a", 0.0, unit="nM", note="active TAK1")
    sp("IKKn", "IKK_tot", unit="nM", note="neutral IKK")
    sp("IKKa", 0.0, unit="nM", note="active IKK")
    sp("IKKi", 0.0, unit="nM", note="inactive (refractory) IKK")
    # cell: NF-kB core
    # IkBa:NF-kB (most of NF-kB at rest) first: the engine makes the first species of a
    # conservation law its dependent species, and a small dependent species (free NF-kB,
    # ~0.3 nM) puts the roundoff of the 100 nM total above the Newton tolerance at rest.
    for name, note in [("IkBa_NFkB", "IkBa:NF-kB, cytoplasm"),
                       ("NFkB", "free cytoplasmic NF-kB"), ("NFkB_n", "free nuclear NF-kB"),
                       ("IkBa_cyt", "free cytoplasmic IkBa"), ("IkBa_n", "free nuclear IkBa"),
                       ("IkBa_NFkB_n", "IkBa:NF-kB, nucleus"),
                       ("IKK_IkBa", "IKKa:IkBa"), ("IKK_IkBa_NFkB", "IKKa:IkBa:NF-kB"),
                       ("IkBa_mRNA", "IkBa transcript"), ("A20_mRNA", "A20 transcript"),
                       ("A20", "A20 protein")]:
        sp(name, _REST[name], unit="nM", note=note)
    sp("proIL1b_mRNA", 0.0, unit="nM", note="pro-IL-1beta transcript")
    sp("proIL1b", 0.0, unit="nM", note="pro-IL-1beta protein")

    rx = m.reaction
    # --- receptors (medium) ---
    rx("IL1b + IL1R1 -> IL1b_R1", "kon_IL1*IL1b*IL1R1", name="IL1b_binds_R1")
    rx("IL1b_R1 -> IL1b + IL1R1", "kon_IL1*KD_IL1b_R1*IL1b_R1", name="IL1b_leaves_R1")
    rx("IL1a + IL1R1 -> IL1a_R1", "kon_IL1*IL1a*IL1R1", name="IL1a_binds_R1")
    rx("IL1a_R1 -> IL1a + IL1R1", "kon_IL1*KD_IL1a_R1*IL1a_R1", name="IL1a_leaves_R1")
    rx("IL1Ra + IL1R1 -> IL1Ra_R1", "kon_IL1*IL1Ra*IL1R1", name="IL1Ra_binds_R1")
    rx("IL1Ra_R1 -> IL1Ra + IL1R1", "kon_IL1*KD_IL1Ra_R1*IL1Ra_R1", name="IL1Ra_leaves_R1")
    kacp = "k_AcP*NA/cell_density"
    rx("IL1b_R1 + IL1RAcP -> IL1b_R1_AcP", f"{kacp}*IL1b_R1*IL1RAcP", name="AcP_joins_IL1b_R1")
    rx("IL1b_R1_AcP -> IL1b_R1 + IL1RAcP", "koff_AcP*IL1b_R1_AcP", name="AcP_leaves_IL1b_R1")
    rx("IL1a_R1 + IL1RAcP -> IL1a_R1_AcP", f"{kacp}*IL1a_R1*IL1RAcP", name="AcP_joins_IL1a_R1")
    rx("IL1a_R1_AcP -> IL1a_R1 + IL1RAcP", "koff_AcP*IL1a_R1_AcP", name="AcP_leaves_IL1a_R1")
    rx("IL1b + IL1R2 -> IL1b_R2", "kon_IL1*IL1b*IL1R2", name="IL1b_binds_R2")
    rx("IL1b_R2 -> IL1b + IL1R2", "kon_IL1*KD_IL1b_R2*IL1b_R2", name="IL1b_leaves_R2")
    rx("IL1Ra + IL1R2 -> IL1Ra_R2", "kon_IL1*IL1Ra*IL1R2", name="IL1Ra_binds_R2")
    rx("IL1Ra_R2 -> IL1Ra + IL1R2", "kon_IL1*KD_IL1Ra_R2*IL1Ra_R2", name="IL1Ra_leaves_R2")
    if opts["soluble_decoy"]:
        rx("IL1b + sIL1R2 -> IL1b_sIL1R2", "kon_IL1*IL1b*sIL1R2", name="IL1b_binds_sR2")
        rx("IL1b_sIL1R2 -> IL1b + sIL1R2", "kon_IL1*KD_IL1b_sR2*IL1b_sIL1R2",
           name="IL1b_leaves_sR2")
    rx("IL1b ->", "k_clear*IL1b", name="IL1b_decay")
    rx("IL1a ->", "k_clear*IL1a", name="IL1a_decay")
    rx("IL1b_sec ->", "k_clear*IL1b_sec", name="released_IL1b_decay")

    m.assignment("Rsig_cell", "(IL1b_R1_AcP + IL1a_R1_AcP)/(cell_density*V_cell)")

    # --- adaptor chain (cell) ---
    rx("MyD88 -> MyD88a", "k_MyD88*Rsig_cell*MyD88", name="MyD88_recruitment")
    rx("MyD88a -> MyD88", "kr_MyD88*MyD88a", name="MyD88_release")
    rx("IRAK4 -> IRAK4a", "k_IRAK4*MyD88a*IRAK4", name="IRAK4_activation")
    rx("IRAK4a -> IRAK4", "kr_IRAK4*IRAK4a", name="IRAK4_inactivation")
    rx("-> IRAK1", "kdeg_IRAK1*IRAK1_0", name="IRAK1_synthesis")
    rx("IRAK1 ->", "kdeg_IRAK1*IRAK1", name="IRAK1_turnover")
    rx("IRAK1 -> IRAK1p", "k_IRAK1*IRAK4a*IRAK1", name="IRAK1_phosphorylation")
    rx("IRAK1p ->", "kdeg_IRAK1p*IRAK1p", name="IRAK1p_degradation")
    rx("TRAF6 -> TRAF6a", "k_TRAF6*IRAK1p*TRAF6", name="TRAF6_activation")
    rx("TRAF6a -> TRAF6", "(kr_TRAF6 + k_A20_TRAF6*A20)*TRAF6a", name="TRAF6_deactivation")
    rx("TAK1 -> TAK1a", "k_TAK1*TRAF6a*TAK1", name="TAK1_activation")
    rx("TAK1a -> TAK1", "kr_TAK1*TAK1a", name="TAK1_inactivation")
    rx("IKKn -> IKKa", "k_IKK_act*TAK1a/TAK1_tot*IKKn", name="IKK_activation")
    rx("IKKa -> IKKi", "(k_IKK_inact + k_A20_IKK*A20)*IKKa", name="IKK_inactivation")
    rx("IKKi -> IKKn", "k_IKK_rec*IKKi", name="IKK_recovery")

    # --- IkBa / NF-kB core (Hoffmann 2002, IkBa only) ---
    rx("NFkB + IkBa_cyt -> IkBa_NFkB", "a_IkBa_NFkB*NFkB*IkBa_cyt", name="IkBa_NFkB_assoc")
    rx("IkBa_NFkB -> NFkB + IkBa_cyt", "d_IkBa_NFkB*IkBa_NFkB", name="IkBa_NFkB_dissoc")
    rx("NFkB_n + IkBa_n -> IkBa_NFkB_n", "a_IkBa_NFkB*NFkB_n*IkBa_n",
       name="IkBa_NFkB_nuc_assoc")
    rx("IkBa_NFkB_n -> NFkB_n + IkBa_n", "d_IkBa_NFkB*IkBa_NFkB_n",
       name="IkBa_NFkB_nuc_dissoc")
    rx("IKKa + IkBa_cyt -> IKK_IkBa", "a_IKK_IkBa*IKKa*IkBa_cyt", name="IKK_IkBa_assoc")
    rx("IKK_IkBa -> IKKa + IkBa_cyt", "d_IKK_IkBa*IKK_IkBa", name="IKK_IkBa_dissoc")
    rx("IKKa + IkBa_NFkB -> IKK_IkBa_NFkB", "a_IKK_IkBaNFkB*IKKa*IkBa_NFkB",
       name="IKK_IkBaNFkB_assoc")
    rx("IKK_IkBa_NFkB -> IKKa + IkBa_NFkB", "d_IKK_IkBa*IKK_IkBa_NFkB",
       name="IKK_IkBaNFkB_dissoc")
    rx("NFkB + IKK_IkBa -> IKK_IkBa_NFkB", "a_IkBa_NFkB*NFkB*IKK_IkBa",
       name="NFkB_binds_IKK_IkBa")
    rx("IKK_IkBa_NFkB -> NFkB + IKK_IkBa", "d_IkBa_NFkB*IKK_IkBa_NFkB",
       name="NFkB_leaves_IKK_IkBa")
    rx("IKK_IkBa -> IKKa", "r_IKK_IkBa*IKK_IkBa", name="IkBa_phospho_degradation")
    rx("IKK_IkBa_NFkB -> IKKa + NFkB", "r_IKK_IkBaNFkB*IKK_IkBa_NFkB",
       name="bound_IkBa_phospho_degradation")
    rx("IkBa_cyt ->", "kdeg_IkBa*IkBa_cyt", name="free_IkBa_degradation")
    rx("IkBa_NFkB -> NFkB", "kdeg_IkBa_bound*IkBa_NFkB", name="bound_IkBa_degradation")
    rx("NFkB -> NFkB_n", "k_NFkB_imp*NFkB", name="NFkB_import")
    rx("NFkB_n -> NFkB", "k_NFkB_exp*NFkB_n", name="NFkB_export")
    rx("IkBa_cyt -> IkBa_n", "k_IkBa_imp*IkBa_cyt", name="IkBa_import")
    rx("IkBa_n -> IkBa_cyt", "k_IkBa_exp*IkBa_n", name="IkBa_export")
    rx("IkBa_NFkB_n -> IkBa_NFkB", "k_IkBaNFkB_exp*IkBa_NFkB_n", name="IkBa_NFkB_export")
    rx("-> IkBa_mRNA", "tx0_IkBa + tx_IkBa*NFkB_n**2", name="IkBa_transcription")
    rx("IkBa_mRNA ->", "kdeg_IkBa_mRNA*IkBa_mRNA", name="IkBa_mRNA_degradation")
    rx("-> IkBa_cyt", "ktl_IkBa*IkBa_mRNA", name="IkBa_translation")
    # A20 (Lipniacki 2004)
    rx("-> A20_mRNA", "tx_A20*NFkB_n", name="A20_transcription")
    rx("A20_mRNA ->", "kdeg_A20_mRNA*A20_mRNA", name="A20_mRNA_degradation")
    rx("-> A20", "ktl_A20*A20_mRNA", name="A20_translation")
    rx("A20 ->", "kdeg_A20*A20", name="A20_degradation")
    # pro-IL-1beta and caspase-1
    rx("-> proIL1b_mRNA", "tx0_proIL1b + tx_proIL1b*hill(NFkB_n, K_proIL1b, n_proIL1b)",
       name="proIL1b_transcription")
    rx("proIL1b_mRNA ->", "kdeg_proIL1b_mRNA*proIL1b_mRNA", name="proIL1b_mRNA_degradation")
    rx("-> proIL1b", "ktl_proIL1b*proIL1b_mRNA", name="proIL1b_translation")
    rx("proIL1b ->", "kdeg_proIL1b*proIL1b", name="proIL1b_degradation")
    rx("proIL1b ->", "k_casp1*proIL1b", name="caspase1_processing")
    release = "k_casp1*proIL1b*cell_density*V_cell"
    rx("-> IL1b_sec", release, name="mature_IL1b_release")
    if opts["autoamplification"]:
        rx("-> IL1b", release, name="autocrine_IL1b")

    # --- observables ---
    m.observable("NFkB_nuc", "NFkB_n/NFkB_tot")
    m.observable("IkBa", "(IkBa_cyt + IkBa_n + IkBa_NFkB + IkBa_NFkB_n + IKK_IkBa + "
                 "IKK_IkBa_NFkB)")
    m.observable("IKK_active", "(IKKa + IKK_IkBa + IKK_IkBa_NFkB)/IKK_tot")
    m.observable("IL1b_secreted", "IL1b_sec")
    return m
