"""IL-6 classic and trans-signaling: IL-6R/sIL-6R/gp130/sgp130 -> JAK1 -> STAT3, SOCS3, ERK, AKT.

Scope. IL-6 binds membrane IL-6R (classic signaling) or soluble sIL-6R in the medium
(trans-signaling); IL-6:IL-6R recruits gp130 on the same cell, IL-6:sIL-6R binds gp130 from
the medium, and soluble gp130 (sgp130) traps IL-6:sIL-6R. A gp130 complex becomes active when
its JAK1 is phosphorylated. Active JAK1 phosphorylates STAT3, which dimerizes, enters the
nucleus, is dephosphorylated there and exported. Nuclear STAT3 dimers transcribe SOCS3 (mRNA,
protein) and an acute-phase target gene; SOCS3 inhibits JAK1 kinase activity on every branch
(STAT3, SHP2 -> ERK, PI3K -> AKT). IL-6-bound receptor complexes are internalized and degraded
(ligand-induced down-regulation); free IL-6R and gp130 turn over constitutively.

Unit system: nM and min (first-order rates 1/min, second-order 1/(nM*min)); see
models/README.md. Ligands, soluble receptors and all cell-surface species are in nM of the
medium; receptor numbers per cell enter as ``N*cell_density/NA``. Intracellular species are in
nM of the cell volume; receptor complexes drive them through ``Rp_cell = Rp/(cell_density*V_cell)``.

Sources. IL-6:IL-6R and (IL-6:IL-6R):gp130 rate constants from Dwivedi et al. 2014
(BIOMD0000000537, per hour there, per minute here); HepG2 IL-6 receptor number and KD from
Sonne et al. 1990; down-regulation rate from Zohlnhoefer et al. 1992;
STAT3 and SHP2 totals from Singh et al. 2006 (BIOMD0000000151). Classic vs trans behaviour:
Reeh et al. 2019; serum buffer: Baran et al. 2018.

Assumptions that matter.
- Recruitment of gp130 by membrane IL-6:IL-6R happens within one cell: its rate uses the
  gp130 concentration in the cell volume (``gp130/(cell_density*V_cell)``), with the 3D rate
  constant of Dwivedi 2014. gp130 per cell is then set so that the high-affinity IL-6 KD of the
  model, KD1*KD2*NA*V_cell/N_gp130, equals the 21 pM measured on HepG2.
- IL-6:sIL-6R binds membrane gp130 from the medium with the same constants (3D, medium frame).
- Monomeric sgp130 binds IL-6:sIL-6R more weakly (KD 2.5 nM, assumed) than the membrane
  hexamer: with the hexamer's 50 pM, serum sgp130 would trap >90 % of IL-6, against Baran 2018.
- Intracellular rate constants are assumed (order of magnitude, tuned so that 50 pM IL-6 gives
  a pSTAT3 peak at 15-60 min on HepG2-like cells); they are not fitted to data.
"""

import math

SOURCES = {
    "dwivedi2014": "Dwivedi G et al. (2014) A multiscale model of interleukin-6-mediated immune "
                   "regulation in Crohn's disease and its application in drug discovery and "
                   "development. CPT Pharmacometrics Syst Pharmacol 3:e89. "
                   "doi:10.1038/psp.2013.64; PMID 24402116; BioModels BIOMD0000000537",
    "sonne1990": "Sonne O, Davidsen O, Moller BK, Munck Petersen C (1990) Cellular targets and "
                 "receptors for interleukin-6. I. In vivo and in vitro uptake of IL-6 in liver "
                 "and hepatocytes. Eur J Clin Invest 20:366-370. "
                 "doi:10.1111/j.1365-2362.1990.tb01872.x (HepG2: 1200 IL-6 receptors per cell, "
                 "apparent KD 21 pM at 4 C; rat hepatocytes: 4500 per cell, 39 pM)",
    "zohlnhofer1992": "Zohlnhoefer D, Graeve L, Rose-John S, Schooltink H, Dittrich E, Heinrich "
                      "PC (1992) The hepatic interleukin-6 receptor. Down-regulation of the "
                      "interleukin-6 binding subunit (gp80) by its ligand. FEBS Lett "
                      "306:219-222. doi:10.1016/0014-5793(92)81004-6",
    "singh2006": "Singh A, Jayaraman A, Hahn J (2006) Modeling regulatory mechanisms in IL-6 "
                 "signal transduction in hepatocytes. Biotechnol Bioeng 95:850-862. "
                 "doi:10.1002/bit.21026; PMID 16752369; BioModels BIOMD0000000151",
    "reeh2019": "Reeh H et al. (2019) Response to IL-6 trans- and IL-6 classic signalling is "
                "determined by the ratio of the IL-6 receptor alpha to gp130 expression: fusing "
                "experimental insights and dynamic modelling. Cell Commun Signal 17:46. "
                "doi:10.1186/s12964-019-0356-0",
    "baran2018": "Baran P et al. (2018) The balance of interleukin (IL)-6, IL-6*soluble IL-6 "
                 "receptor (sIL-6R), and IL-6*sIL-6R*sgp130 complexes allows simultaneous "
                 "classic and trans-signaling. J Biol Chem 293:6762-6775. "
                 "doi:10.1074/jbc.RA117.001163; PMID 29559558",
    "codata2018": "Tiesinga E, Mohr PJ, Newell DB, Taylor BN (2021) CODATA recommended values of "
                  "the fundamental physical constants: 2018. Rev Mod Phys 93:025010. "
                  "doi:10.1103/RevModPhys.93.025010 (Avogadro constant 6.02214076e23 /mol, exact)",
}

LN2 = math.log(2.0)

# name, value, unit, source, note
PARAMETERS = [
    # culture and cell
    ("NA", 6.02214076e14, "molecules/nmol", "codata2018", "Avogadro constant per nmol"),
    ("cell_density", 1e9, "cells/L", "assumed", "1e6 cells/mL, a confluent well (README default)"),
    ("V_cell", 2.1e-12, "L/cell", "assumed", "HepG2-like cell, ~16 um diameter sphere"),
    ("N_IL6R", 1200.0, "molecules/cell", "sonne1990", "IL-6 receptors on HepG2 (Scatchard)"),
    ("N_gp130", 15000.0, "molecules/cell", "derived:KD1*KD2*NA*V_cell/21 pM",
     "so that the model's high-affinity IL-6 KD is the 21 pM measured on HepG2 (sonne1990)"),
    # ligand binding (Dwivedi 2014 per hour -> per minute)
    ("kon_IL6R", 0.384 / 60, "1/(nM*min)", "dwivedi2014",
     "IL-6 + IL-6R or sIL-6R (kRLOn 0.384 /nM/h)"),
    ("koff_IL6R", 1.92 / 60, "1/min", "dwivedi2014", "IL-6:IL-6R off-rate (kRLOff 1.92 /h); KD 5 nM"),
    ("kon_gp130", 20.52 / 60, "1/(nM*min)", "dwivedi2014",
     "IL-6:IL-6R + gp130 (kgp130On 20.52 /nM/h)"),
    ("koff_gp130", 1.026 / 60, "1/min", "dwivedi2014",
     "gp130 release (kgp130Off 1.026 /h); KD 0.05 nM"),
    ("kon_sgp130", 20.52 / 60, "1/(nM*min)", "dwivedi2014",
     "IL-6:sIL-6R + sgp130, on-rate of the gp130 step"),
    ("koff_sgp130", 2.5 * 20.52 / 60, "1/min", "assumed",
     "KD 2.5 nM for monomeric sgp130: the hexamer's 0.05 nM would trap >90% of serum IL-6, "
     "whereas Baran 2018 measured most of it free"),
    # trafficking
    ("k_int", LN2 / 20.0, "1/min", "zohlnhofer1992",
     "IL-6-bound receptors internalized and degraded; binding sites down-regulated, t1/2 15-30 min"),
    ("kdeg_IL6R", LN2 / 240.0, "1/min", "assumed",
     "constitutive IL-6R turnover, t1/2 4 h (sites reappear only after >8 h: zohlnhofer1992)"),
    ("kdeg_gp130", LN2 / 120.0, "1/min", "assumed", "constitutive gp130 turnover, t1/2 2 h"),
    # JAK1 on the receptor complex
    ("k_jak1", 1.0, "1/min", "assumed", "JAK1 trans-phosphorylation in the assembled complex (~1 min)"),
    ("kdp_jak1", 0.2, "1/min", "assumed", "JAK1 dephosphorylation in the complex"),
    ("Ki_SOCS3", 30.0, "nM", "assumed", "SOCS3 (cell) that halves JAK1 kinase activity"),
    # STAT3
    ("STAT3_tot", 1000.0, "nM", "singh2006", "total STAT3 (x9 STAT3C initial 1000 nM)"),
    ("kp_STAT3", 12.0, "1/(nM*min)", "assumed",
     "STAT3 phosphorylation by active JAK1 (cell nM); sets a clear response to 50 pM IL-6"),
    ("kdp_STAT3c", 0.05, "1/min", "assumed", "cytoplasmic pSTAT3 dephosphorylation"),
    ("kdim", 0.01, "1/(nM*min)", "assumed", "pSTAT3 dimerization"),
    ("kundim", 0.1, "1/min", "assumed", "dimer dissociation (KD 10 nM)"),
    ("kimp_D", 0.2, "1/min", "assumed", "nuclear import of pSTAT3 dimers (t1/2 3.5 min)"),
    ("kdp_STAT3n", 0.1, "1/min", "assumed", "nuclear dephosphorylation of dimers (-> 2 STAT3n)"),
    ("kexp", 0.1, "1/min", "assumed", "nuclear export of unphosphorylated STAT3"),
    ("kimp_u", 0.02, "1/min", "assumed", "basal import of unphosphorylated STAT3 (17% nuclear at rest)"),
    # SOCS3 feedback
    ("ktx_SOCS3", 0.003, "1/min", "assumed", "SOCS3 transcription per nuclear pSTAT3 dimer"),
    ("kdeg_mSOCS3", LN2 / 20.0, "1/min", "assumed", "SOCS3 mRNA t1/2 20 min"),
    ("ktl_SOCS3", 1.0, "1/min", "assumed", "SOCS3 translation"),
    ("kdeg_SOCS3", LN2 / 40.0, "1/min", "assumed", "SOCS3 protein t1/2 40 min"),
    # SHP2 -> ERK
    ("SHP2_tot", 100.0, "nM", "singh2006", "total SHP2 (x15 initial 100 nM)"),
    ("k_shp2", 2.0, "1/(nM*min)", "assumed", "SHP2 recruitment/activation at gp130 pY759"),
    ("kdeact_shp2", 0.2, "1/min", "assumed", "SHP2 release/inactivation"),
    ("ERK_tot", 500.0, "nM", "assumed", "total ERK1/2 (order of 1e5-1e6 per cell)"),
    ("k_erk", 0.01, "1/(nM*min)", "assumed", "ERK activation by active SHP2 (Ras-Raf-MEK lumped)"),
    ("kdp_erk", 0.1, "1/min", "assumed", "pERK dephosphorylation"),
    # PI3K -> AKT
    ("PI3K_tot", 100.0, "nM", "assumed", "total PI3K recruitable via Gab1"),
    ("k_pi3k", 1.0, "1/(nM*min)", "assumed", "PI3K activation by active JAK1/Gab1"),
    ("kdeact_pi3k", 0.2, "1/min", "assumed", "PI3K inactivation (PTEN lumped)"),
    ("AKT_tot", 300.0, "nM", "assumed", "total AKT"),
    ("k_akt", 0.01, "1/(nM*min)", "assumed", "AKT phosphorylation via PIP3/PDK1 (lumped)"),
    ("kdp_akt", 0.1, "1/min", "assumed", "pAKT dephosphorylation"),
    # acute-phase target gene
    ("ktx_TG_basal", 0.001, "nM/min", "assumed", "basal transcription of the target gene"),
    ("ktx_TG", 0.002, "1/min", "assumed", "target-gene transcription per nuclear pSTAT3 dimer"),
    ("kdeg_TG", LN2 / 60.0, "1/min", "assumed", "target mRNA t1/2 1 h"),
    ("c_floor", 1e-18, "nM", "assumed", "floor of share denominators (~1e-9 molecules/cell): 0/0 at rest"),
]

CELLS = {
    "hepatocyte": "HepG2/hepatocyte-like: 1200 IL-6R and 15000 gp130 per cell",
    "il6r_negative": "gp130 only (N_IL6R = 0): responds to IL-6 only through sIL-6R",
}

RECEPTOR_COMPLEXES = ("RC_cis", "RCp_cis", "RC_trans", "RCp_trans")

# name, initial value (number or expression), volume, note. A total enters as max(X_tot, 0):
# a bare parameter name as an initial expression fails in Model.initial_values (engine).
SPECIES = [
    ("IL6", 0.0, "medium", "free IL-6 (the stimulus)"),
    ("sIL6R", 0.0, "medium", "free soluble IL-6R (added by the user)"),
    ("sgp130", 0.0, "medium", "free soluble gp130 (0 in culture)"),
    ("IL6_sIL6R", 0.0, "medium", "IL-6:sIL-6R"),
    ("IL6_sIL6R_sgp130", 0.0, "medium", "IL-6:sIL-6R:sgp130 (inactive)"),
    ("IL6R", "N_IL6R*cell_density/NA", "medium", "free membrane IL-6R"),
    ("gp130", "N_gp130*cell_density/NA", "medium", "free membrane gp130"),
    ("IL6_IL6R", 0.0, "medium", "membrane IL-6:IL-6R"),
    ("RC_cis", 0.0, "medium", "IL-6:IL-6R:gp130, JAK1 not phosphorylated (classic)"),
    ("RCp_cis", 0.0, "medium", "IL-6:IL-6R:gp130 with active JAK1 (classic)"),
    ("RC_trans", 0.0, "medium", "IL-6:sIL-6R:gp130, JAK1 not phosphorylated (trans)"),
    ("RCp_trans", 0.0, "medium", "IL-6:sIL-6R:gp130 with active JAK1 (trans)"),
    ("STAT3c", "STAT3_tot*kexp/(kexp + kimp_u)", "cell", "cytoplasmic STAT3"),
    ("pSTAT3c", 0.0, "cell", "cytoplasmic pY705-STAT3 monomer"),
    ("D_c", 0.0, "cell", "cytoplasmic pSTAT3 dimer"),
    ("D_n", 0.0, "cell", "nuclear pSTAT3 dimer"),
    ("STAT3n", "STAT3_tot*kimp_u/(kexp + kimp_u)", "cell", "nuclear unphosphorylated STAT3"),
    ("mSOCS3", 0.0, "cell", "SOCS3 mRNA"),
    ("SOCS3p", 0.0, "cell", "SOCS3 protein"),
    ("SHP2", "max(SHP2_tot, 0)", "cell", "inactive SHP2"),
    ("SHP2a", 0.0, "cell", "receptor-activated SHP2"),
    ("ERK", "max(ERK_tot, 0)", "cell", "ERK1/2"),
    ("ERKp", 0.0, "cell", "pERK1/2"),
    ("PI3K", "max(PI3K_tot, 0)", "cell", "inactive PI3K"),
    ("PI3Ka", 0.0, "cell", "active PI3K"),
    ("AKT", "max(AKT_tot, 0)", "cell", "AKT"),
    ("AKTp", 0.0, "cell", "pS473-AKT"),
    ("mTG", "ktx_TG_basal/kdeg_TG", "cell", "acute-phase target-gene mRNA (e.g. fibrinogen)"),
]

# name, equation, rate law
REACTIONS = [
    # medium: soluble receptors
    ("IL6_binds_sIL6R", "IL6 + sIL6R -> IL6_sIL6R", "kon_IL6R*IL6*sIL6R"),
    ("IL6_sIL6R_dissociates", "IL6_sIL6R -> IL6 + sIL6R", "koff_IL6R*IL6_sIL6R"),
    ("sgp130_traps", "IL6_sIL6R + sgp130 -> IL6_sIL6R_sgp130", "kon_sgp130*IL6_sIL6R*sgp130"),
    ("sgp130_releases", "IL6_sIL6R_sgp130 -> IL6_sIL6R + sgp130", "koff_sgp130*IL6_sIL6R_sgp130"),
    # classic signaling: gp130 recruited within the cell (local, cell-volume concentration)
    ("IL6_binds_IL6R", "IL6 + IL6R -> IL6_IL6R", "kon_IL6R*IL6*IL6R"),
    ("IL6_IL6R_dissociates", "IL6_IL6R -> IL6 + IL6R", "koff_IL6R*IL6_IL6R"),
    ("gp130_recruited_cis", "IL6_IL6R + gp130 -> RC_cis",
     "kon_gp130*IL6_IL6R*gp130/(cell_density*V_cell)"),
    ("gp130_released_cis", "RC_cis -> IL6_IL6R + gp130", "koff_gp130*RC_cis"),
    ("gp130_released_cis_p", "RCp_cis -> IL6_IL6R + gp130", "koff_gp130*RCp_cis"),
    # trans-signaling: IL-6:sIL-6R from the medium binds membrane gp130
    ("gp130_binds_trans", "IL6_sIL6R + gp130 -> RC_trans", "kon_gp130*IL6_sIL6R*gp130"),
    ("gp130_released_trans", "RC_trans -> IL6_sIL6R + gp130", "koff_gp130*RC_trans"),
    ("gp130_released_trans_p", "RCp_trans -> IL6_sIL6R + gp130", "koff_gp130*RCp_trans"),
    # JAK1 activation in the complexes
    ("JAK1_activation_cis", "RC_cis -> RCp_cis", "k_jak1*RC_cis"),
    ("JAK1_inactivation_cis", "RCp_cis -> RC_cis", "kdp_jak1*RCp_cis"),
    ("JAK1_activation_trans", "RC_trans -> RCp_trans", "k_jak1*RC_trans"),
    ("JAK1_inactivation_trans", "RCp_trans -> RC_trans", "kdp_jak1*RCp_trans"),
    # trafficking: ligand-bound receptors internalized and degraded; constitutive turnover
    ("IL6_IL6R_internalized", "IL6_IL6R ->", "k_int*IL6_IL6R"),
    ("RC_cis_internalized", "RC_cis ->", "k_int*RC_cis"),
    ("RCp_cis_internalized", "RCp_cis ->", "k_int*RCp_cis"),
    ("RC_trans_internalized", "RC_trans ->", "k_int*RC_trans"),
    ("RCp_trans_internalized", "RCp_trans ->", "k_int*RCp_trans"),
    ("IL6R_synthesis", "-> IL6R", "kdeg_IL6R*N_IL6R*cell_density/NA"),
    ("IL6R_turnover", "IL6R ->", "kdeg_IL6R*IL6R"),
    ("gp130_synthesis", "-> gp130", "kdeg_gp130*N_gp130*cell_density/NA"),
    ("gp130_turnover", "gp130 ->", "kdeg_gp130*gp130"),
    # STAT3 cycle
    ("STAT3_phosphorylation", "STAT3c -> pSTAT3c", "kp_STAT3*JAK_act*STAT3c"),
    ("pSTAT3_dephosphorylation", "pSTAT3c -> STAT3c", "kdp_STAT3c*pSTAT3c"),
    ("pSTAT3_dimerization", "2 pSTAT3c -> D_c", "kdim*pSTAT3c**2"),
    ("dimer_dissociation", "D_c -> 2 pSTAT3c", "kundim*D_c"),
    ("dimer_import", "D_c -> D_n", "kimp_D*D_c"),
    ("nuclear_dephosphorylation", "D_n -> 2 STAT3n", "kdp_STAT3n*D_n"),
    ("STAT3_export", "STAT3n -> STAT3c", "kexp*STAT3n"),
    ("STAT3_basal_import", "STAT3c -> STAT3n", "kimp_u*STAT3c"),
    # SOCS3 negative feedback
    ("SOCS3_transcription", "-> mSOCS3", "ktx_SOCS3*D_n"),
    ("mSOCS3_decay", "mSOCS3 ->", "kdeg_mSOCS3*mSOCS3"),
    ("SOCS3_translation", "-> SOCS3p", "ktl_SOCS3*mSOCS3"),
    ("SOCS3_decay", "SOCS3p ->", "kdeg_SOCS3*SOCS3p"),
    # SHP2 -> ERK
    ("SHP2_activation", "SHP2 -> SHP2a", "k_shp2*JAK_act*SHP2"),
    ("SHP2_inactivation", "SHP2a -> SHP2", "kdeact_shp2*SHP2a"),
    ("ERK_phosphorylation", "ERK -> ERKp", "k_erk*SHP2a*ERK"),
    ("ERK_dephosphorylation", "ERKp -> ERK", "kdp_erk*ERKp"),
    # PI3K -> AKT
    ("PI3K_activation", "PI3K -> PI3Ka", "k_pi3k*JAK_act*PI3K"),
    ("PI3K_inactivation", "PI3Ka -> PI3K", "kdeact_pi3k*PI3Ka"),
    ("AKT_phosphorylation", "AKT -> AKTp", "k_akt*PI3Ka*AKT"),
    ("AKT_dephosphorylation", "AKTp -> AKT", "kdp_akt*AKTp"),
    # target gene
    ("TG_transcription", "-> mTG", "ktx_TG_basal + ktx_TG*D_n"),
    ("TG_decay", "mTG ->", "kdeg_TG*mTG"),
]

_RC_ALL = "(RC_cis + RCp_cis + RC_trans + RCp_trans)"

# name, expression, note
OBSERVABLES = [
    ("pSTAT3", "(pSTAT3c + 2*D_c + 2*D_n)/(STAT3c + STAT3n + pSTAT3c + 2*D_c + 2*D_n)",
     "phosphorylated fraction of total STAT3"),
    ("nuclear_pSTAT3", "2*D_n/(STAT3c + STAT3n + pSTAT3c + 2*D_c + 2*D_n)",
     "fraction of STAT3 in nuclear pSTAT3 dimers"),
    ("pERK", "ERKp/(ERK + ERKp)", "phosphorylated fraction of ERK"),
    ("pAKT", "AKTp/(AKT + AKTp)", "phosphorylated fraction of AKT"),
    ("SOCS3", "SOCS3p", "SOCS3 protein (nM, cell)"),
    ("SOCS3_mRNA", "mSOCS3", "SOCS3 mRNA (nM, cell)"),
    ("target_gene", "mTG*kdeg_TG/ktx_TG_basal", "target-gene mRNA, fold over rest"),
    ("active_receptors", "(RCp_cis + RCp_trans)*NA/cell_density",
     "gp130 complexes with active JAK1 per cell"),
    ("classic_share", f"(RC_cis + RCp_cis)/max({_RC_ALL}, c_floor)",
     "share of IL-6:IL-6R:gp130 among all signaling complexes"),
    ("trans_share", f"(RC_trans + RCp_trans)/max({_RC_ALL}, c_floor)",
     "share of IL-6:sIL-6R:gp130 among all signaling complexes"),
    ("free_IL6_fraction",
     "IL6/max(IL6 + IL6_sIL6R + IL6_sIL6R_sgp130 + IL6_IL6R + " + _RC_ALL + ", c_floor)",
     "free IL-6 over all IL-6 not yet internalized"),
]

STIMULUS = {
    "y0": {"IL6": 0.05},
    "t_end": 120,
    "observables": ["pSTAT3", "pERK", "pAKT", "SOCS3", "target_gene"],
    "label": "50 pM IL-6 on HepG2-like cells (classic signaling)",
}


def _option_error(name, value, allowed):
    from sigsim import ModelError
    return ModelError(f"il6: bad value {value!r} for option {name!r}; allowed: {allowed}")


def build(cell="hepatocyte", il6r_gp130_ratio=None, **options):
    """Build the IL-6 model.

    Parameters
    ----------
    cell : {"hepatocyte", "il6r_negative"}
        Cell context: HepG2/hepatocyte-like (IL-6R and gp130), or gp130 only (trans-signaling
        through sIL-6R is its only IL-6 response).
    il6r_gp130_ratio : float, optional
        IL-6R per gp130 on the cell surface (N_IL6R = ratio * N_gp130, gp130 kept); default:
        the cell context's own (0.08 for "hepatocyte"). Not allowed with "il6r_negative".
    """
    from sigsim import Model, ModelError

    if options:
        raise ModelError(f"il6: unknown option(s) {sorted(options)}; allowed: "
                         f"'cell', 'il6r_gp130_ratio'")
    if cell not in CELLS:
        raise _option_error("cell", cell, ", ".join(map(repr, CELLS)))
    values = {name: value for name, value, *_ in PARAMETERS}
    notes = {}
    if cell == "il6r_negative":
        if il6r_gp130_ratio is not None:
            raise _option_error("il6r_gp130_ratio", il6r_gp130_ratio,
                                "None with cell='il6r_negative' (it has no IL-6R)")
        values["N_IL6R"] = 0.0
        notes["N_IL6R"] = "IL-6R-negative cell context"
    elif il6r_gp130_ratio is not None:
        ok = (isinstance(il6r_gp130_ratio, (int, float)) and not isinstance(il6r_gp130_ratio, bool)
              and math.isfinite(il6r_gp130_ratio) and il6r_gp130_ratio >= 0)
        if not ok:
            raise _option_error("il6r_gp130_ratio", il6r_gp130_ratio,
                                "None or a finite number >= 0")
        values["N_IL6R"] = float(il6r_gp130_ratio) * values["N_gp130"]
        notes["N_IL6R"] = f"il6r_gp130_ratio={il6r_gp130_ratio} times N_gp130"

    m = Model("il6", time_unit="min", description=__doc__.strip().splitlines()[0])
    for name, value, unit, source, note in PARAMETERS:
        if name in notes:
            source, note = "assumed", notes[name]
        m.parameter(name, values[name], unit=unit, source=source, note=note)
    for name, value, volume, note in SPECIES:
        m.species(name, value, unit="nM", note=f"{note} (nM of the {volume})")
    # active JAK1 in the cell volume, with SOCS3 inhibiting its kinase activity
    m.assignment("Rp_cell", "(RCp_cis + RCp_trans)/(cell_density*V_cell)")
    m.assignment("JAK_act", "Rp_cell/(1 + SOCS3p/Ki_SOCS3)")
    for name, equation, rate in REACTIONS:
        m.reaction(equation, rate, name=name)
    for name, expr, _ in OBSERVABLES:
        m.observable(name, expr)
    return m
