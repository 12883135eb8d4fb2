"""IL-2, IL-15 and IL-21 signaling via the common gamma chain in Treg, CD8 T, T helper and NK cells.

Scope. Sequential assembly of the receptor complexes in the style of Farhat et al. 2021: a
ligand first binds a private chain (IL-2 binds IL-2Ralpha or IL-2Rbeta; IL-15 binds
IL-15Ralpha or IL-2Rbeta; IL-21 binds IL-21R), then the bound complex recruits the remaining
chains one at a time in the plane of the membrane. Direct ligand binding to gamma-c is left
out (Farhat 2021, citing very weak or absent binding). Complexes that pair IL-2Rbeta (JAK1)
with gamma-c (JAK3) are the active IL-2/IL-15 signaling complexes; IL-21:IL-21R:gamma-c
(JAK1/JAK3) is the active IL-21 complex. The JAKs are not separate states: they sit on the
chains, and their activity is the number of active complexes times ``JAK_activity`` (1 by
default; lower it to mimic a JAK1/JAK3 inhibitor). Active IL-2/IL-15 complexes phosphorylate
STAT5 and, more weakly, activate the PI3K/AKT and MAPK (ERK) branches; the IL-21 complex
phosphorylates STAT3 and STAT1 (IL-21's weak STAT5 activation is left out). Trafficking after
Fallon & Lauffenburger 2000: free receptors are made at a constant rate and internalized
constitutively; ligand-bound complexes are internalized (active ones faster) and their ligand
is degraded. After internalization the alpha chains (IL-2Ralpha, IL-15Ralpha) enter an
endosomal pool that recycles to the surface or is degraded, while IL-2Rbeta, gamma-c and IL-21R
are degraded (Hemar et al. 1995: IL-2Ralpha recycles, beta and gamma go to late endosomes).

Unit system: nM and min. Ligands (``IL2``, ``IL15``, ``IL21``) are nM of the medium and start
at 0. Receptor chains and complexes, on the surface or in endosomes, are nM of the medium
(chains on all cells per litre of culture, ``N*cell_density/NA``), so ligand depletion by the
cells is exact. A binding step in the membrane (two membrane species) uses Farhat's
two-dimensional forward rate ``kfwd`` (cells/(molecules*min)), converted to the medium scale
by ``kfwd*NA/cell_density``. STAT, AKT and ERK are nM of the cell volume; the active complexes
reach them through assignments ``C/(cell_density*V_cell)``.

Observables: ``pSTAT5`` (fraction of STAT5 phosphorylated), ``pSTAT3``, ``pSTAT1``, ``pAKT``,
``pERK`` (fractions), ``active_IL2R`` (active IL-2/IL-15 complexes per cell),
``IL2Rb_surface`` (surface IL-2Rbeta per cell, free and bound).

Sources. Ligand binding constants and the fitted two-dimensional rates are those of Farhat et
al. 2021 (KDs from Rickert et al. 2004 and others, as cited there; posterior medians of the
fitted rates from the authors' published MCMC chains). Receptor numbers per cell are the
geometric means of Farhat 2021's quantitative flow cytometry (one PBMC donor, four stainings)
and are therefore one donor's values. IL-15Ralpha was below detection on all four cell types
(recorded as 0 there, so 0 here: IL-15 signals through IL-2Rbeta/gamma-c, and
trans-presentation is not modelled). IL-21R numbers are assumed. Trafficking rates come from
Fallon & Lauffenburger 2000 (BioModels BIOMD0000000665); there, internalized receptors are
degraded, and the recycling rate of the alpha chains is Farhat's fitted kRec. The STAT/AKT/ERK
part is assumed (order-of-magnitude abundances and rates). Two values are refitted here to
Farhat 2021's 30-min pSTAT5 EC50s (one donor: Treg ~0.045 nM, CD8 ~2.6 nM, NK ~1.6 nM,
T helper ~1.7 nM), jointly: the STAT5 phosphorylation rate kp_STAT5 and the dissociation of
gamma-c from IL-2:IL-2Rbeta, k5rev. Farhat's own k5rev (0.079 /min, fitted with their fuller
endosomal-signaling scheme) makes the intermediate-affinity receptor too tight in this reduced
model (CD8 EC50 ~0.2 nM, Treg/CD8 ratio ~8 instead of ~60); k10rev and k11rev keep Farhat's
values (his k5rev times Rickert's KD ratios 12/1.5 and 63/1.5), so the IL-2Ralpha-dependent
high-affinity route is unchanged by the refit. The model then gives Treg 0.032, CD8 2.1,
NK 1.5 and T helper 0.35 nM, and (not fitted) IL-15 EC50s of 0.3-0.5 nM (data 0.6-1.0 nM).
Its pSTAT5 fraction stays low in T cells (maximum ~0.1-0.12; NK ~0.56): the fit needs a nearly
linear readout of the active complexes.

IL-2 muteins (option ``ligand``): F42K and R38A carry substitutions in the IL-2Ralpha
interface and lose detectable IL-2Ralpha binding (Sauve et al. 1991; F42K's preference for
IL-2Rbeta/gamma-c cells: Sim et al. 2016). No numerical affinity was found, so both are given
an assumed 1000-fold weaker IL-2Ralpha binding (KD 10 uM); every step that forms the
IL-2:IL-2Ralpha contact is weakened alike (through detailed balance), the others are unchanged.
"""


SOURCES = {
    "farhat2021": "Farhat AM, Weiner AC, Posner C, Kim ZS, Orcutt-Jahns B, Carlson SM, Meyer AS "
                  "(2021) Modeling cell-specific dynamics and regulation of the common gamma "
                  "chain cytokines. Cell Rep 35:109044. doi:10.1016/j.celrep.2021.109044 "
                  "(code and data: github.com/meyer-lab/gc-cytokines)",
    "rickert2004": "Rickert M, Boulanger MJ, Goriatcheva N, Garcia KC (2004) Compensatory "
                   "energetic mechanisms mediating the assembly of signaling complexes by the "
                   "interleukin-2 receptor. J Mol Biol 339:1115-1128. "
                   "doi:10.1016/j.jmb.2004.04.038",
    "fallon2000": "Fallon EM, Lauffenburger DA (2000) Computational model for effects of ligand/"
                  "receptor binding properties on interleukin-2 trafficking dynamics and T cell "
                  "proliferation response. Biotechnol Prog 16:905-916. doi:10.1021/bp000097t; "
                  "BioModels BIOMD0000000665",
    "sauve1991": "Sauve K, Nachman M, Spence C, Bailon P, Campbell E, Tsien WH, Kondas JA, "
                 "Hakimi J, Ju G (1991) Localization in human interleukin 2 of the binding site "
                 "to the alpha chain (p55) of the interleukin 2 receptor. Proc Natl Acad Sci USA "
                 "88:4636-4640. doi:10.1073/pnas.88.11.4636; PMID 2052547",
    "sim2016": "Sim GC, Liu C, Wang E, Liu H, Creasy C, Dai Z, Overwijk WW, Roszik J, Marincola F, "
               "Hwu P, Grimm EA, Radvanyi LG (2016) IL2 variant circumvents ICOS+ regulatory "
               "T-cell expansion and promotes NK cell activation. Cancer Immunol Res 4:983-994. "
               "doi:10.1158/2326-6066.CIR-15-0195; PMID 27697858",
    "hemar1995": "Hemar A, Subtil A, Lieb M, Morelon E, Hellio R, Dautry-Varsat A (1995) "
                 "Endocytosis of interleukin 2 receptors in human T lymphocytes: distinct "
                 "intracellular localization and fate of the receptor alpha, beta, and gamma "
                 "chains. J Cell Biol 129:55-64. doi:10.1083/jcb.129.1.55; PMID 7698995",
    "tkach2014": "Tkach KE, Barik D, Voisinne G, Malandro N, Hathorn MM, Cotari JW, Vogel R, "
                 "Merghoub T, Wolchok J, Krichevsky O, Altan-Bonnet G (2014) T cells translate "
                 "individual, quantal activation into collective, analog cytokine responses via "
                 "time-integrated feedbacks. eLife 3:e01944. doi:10.7554/eLife.01944",
    "assumed": "Order-of-magnitude value chosen for this model; not from a measurement.",
}

NA = 6.02214076e14  # molecules/nmol

#: Receptor numbers per cell (IL-2Ralpha, IL-2Rbeta, gamma-c): geometric means of the four
#: stainings of one donor in Farhat 2021 (final_receptor_levels.csv of the authors' data).
CELLS = {
    "treg": {"N_IL2Ra": 3476.0, "N_IL2Rb": 657.0, "N_gc": 14017.0},
    "th": {"N_IL2Ra": 329.0, "N_IL2Rb": 158.0, "N_gc": 13326.0},
    "cd8": {"N_IL2Ra": 22.0, "N_IL2Rb": 511.0, "N_gc": 12407.0},
    "nk": {"N_IL2Ra": 22.0, "N_IL2Rb": 8503.0, "N_gc": 7643.0},
}

#: Fold loss of IL-2Ralpha affinity of the IL-2 variants (see module docstring).
LIGANDS = {"wt": 1.0, "F42K": 1000.0, "R38A": 1000.0}

_F2 = "farhat2021"
_FIT = "farhat2021"  # posterior medians of the authors' IL-2/IL-15 fit (YT-1 cell data)

# name, value, unit, source, note
PARAMETERS = [
    # culture and cell
    ("NA", NA, "molecules/nmol", "derived:Avogadro constant", "6.02214076e23 /mol"),
    ("cell_density", 1e9, "cells/L", "assumed", "1e6 cells/mL, a standard culture density"),
    ("V_cell", 2e-13, "L/cell", "assumed", "lymphocyte/NK cell volume ~200 fL (diameter ~7 um)"),
    # receptor numbers (defaults: Treg; the option `cell` sets them)
    ("N_IL2Ra", 3476.0, "molecules/cell", _F2, "IL-2Ralpha (CD25) per cell; one donor"),
    ("N_IL2Rb", 657.0, "molecules/cell", _F2, "IL-2Rbeta (CD122) per cell; one donor"),
    ("N_gc", 14017.0, "molecules/cell", _F2, "gamma-c (CD132) per cell; one donor"),
    ("N_IL15Ra", 0.0, "molecules/cell", _F2,
     "IL-15Ralpha below detection on Treg, Th, CD8 and NK (one measurement, recorded as 0)"),
    ("N_IL21R", 1000.0, "molecules/cell", "assumed",
     "IL-21R per cell, same on all four cell types; no count in Farhat 2021"),
    # ligand binding to a private chain (3D): kon and KDs
    ("kon", 0.6, "1/(nM*min)", _F2, "all ligand-receptor on-rates, assumed there: 1e7 /M/s"),
    ("KD_IL2_IL2Ra", 10.0, "nM", "rickert2004", "IL-2:IL-2Ralpha (k1), as used by Farhat 2021"),
    ("KD_IL2_IL2Rb", 144.0, "nM", "rickert2004", "IL-2:IL-2Rbeta (k2), as used by Farhat 2021"),
    ("KD_IL15_IL15Ra", 0.065, "nM", _F2, "IL-15:IL-15Ralpha (k13), Farhat's cited value"),
    ("KD_IL15_IL2Rb", 438.0, "nM", _F2, "IL-15:IL-2Rbeta (k14), Farhat's cited value (Rickert)"),
    ("KD_IL21_IL21R", 0.07, "nM", _F2, "IL-21:IL-21Ralpha (k34), Gonnord 2018 as cited there"),
    ("fold_IL2Ra", 1.0, "dimensionless", "sauve1991",
     "fold loss of IL-2Ralpha affinity of the IL-2 variant: 1 for wild type; F42K and R38A "
     "show no detectable p55 binding (Sauve 1991), magnitude 1000 assumed (option `ligand`)"),
    # membrane (2D) steps
    ("kfwd", 0.002862, "cells/(molecules*min)", _FIT,
     "2D forward rate of every recruitment step (posterior median of the published chains)"),
    ("k4rev", 11.94, "1/min", _FIT, "IL-2:IL-2Ralpha:gamma-c -> IL-2:IL-2Ralpha + gamma-c"),
    ("k5rev", 1.2, "1/min", "fitted:30-min pSTAT5 EC50 of CD8 and NK cells (Farhat 2021 data)",
     "IL-2:IL-2Rbeta:gamma-c -> IL-2:IL-2Rbeta + gamma-c; 15x Farhat's posterior median "
     "0.0795 /min (fitted there with endosomal signaling), which here gives CD8 EC50 ~0.2 nM; "
     "2D KD ~420 molecules/cell, intermediate-affinity KD ~5 nM on CD8 T cells"),
    ("k10rev", 0.6357, "1/min", "derived:k5rev*12/1.5 (Rickert 2004 KD ratio, as Farhat 2021)",
     "IL-2:IL-2Ra:IL-2Rb:gamma-c -> IL-2:IL-2Ra:IL-2Rb + gamma-c"),
    ("k11rev", 3.337, "1/min", "derived:k5rev*63/1.5 (Rickert 2004 KD ratio, as Farhat 2021)",
     "IL-2:IL-2Ra:IL-2Rb -> IL-2:IL-2Ra + IL-2Rbeta"),
    ("k16rev", 27.12, "1/min", _FIT, "IL-15:IL-15Ralpha:gamma-c -> IL-15:IL-15Ralpha + gamma-c"),
    ("k17rev", 0.03932, "1/min", _FIT, "IL-15:IL-2Rbeta:gamma-c -> IL-15:IL-2Rbeta + gamma-c"),
    ("k22rev", 4.530, "1/min", _FIT,
     "IL-15:IL-15Ra:IL-2Rb:gamma-c -> IL-15:IL-15Ra:IL-2Rb + gamma-c"),
    ("k23rev", 23.59, "1/min", _FIT, "IL-15:IL-15Ra:IL-2Rb -> IL-15:IL-15Ra + IL-2Rbeta"),
    ("k35rev", 0.07946, "1/min", "assumed",
     "IL-21:IL-21R:gamma-c -> IL-21:IL-21R + gamma-c; not fitted by Farhat 2021 for IL-21, "
     "set equal to IL-2's k5rev (IL-2Rbeta/gamma-c pairing)"),
    # trafficking
    ("kt", 0.007, "1/min", "fallon2000", "constitutive internalization of free receptors and of "
     "inactive (non-signaling) complexes"),
    ("ke", 0.04, "1/min", "fallon2000", "endocytosis of active (signaling) complexes"),
    ("krec", 0.0907, "1/min", _FIT,
     "recycling of internalized IL-2Ralpha/IL-15Ralpha (kRec; Hemar 1995: alpha recycles); "
     "beta, gamma-c and IL-21R are not recycled"),
    ("kdeg_endo", 0.035, "1/min", "fallon2000", "degradation of internalized alpha chains (kh)"),
    # intracellular
    ("JAK_activity", 1.0, "dimensionless", "assumed",
     "JAK1/JAK3 activity of active complexes relative to untreated cells (<1: JAK inhibitor)"),
    ("N_STAT5", 1e5, "molecules/cell", "assumed", "total STAT5 (A+B) per lymphocyte"),
    ("N_STAT3", 1e5, "molecules/cell", "assumed", "total STAT3 per lymphocyte"),
    ("N_STAT1", 1e5, "molecules/cell", "assumed", "total STAT1 per lymphocyte"),
    ("N_AKT", 5e4, "molecules/cell", "assumed", "total AKT per lymphocyte"),
    ("N_ERK", 1e5, "molecules/cell", "assumed", "total ERK1/2 per lymphocyte"),
    ("kp_STAT5", 0.005, "1/(nM*min)",
     "fitted:30-min pSTAT5 EC50s of Treg, CD8 and NK cells (Farhat 2021 data), with k5rev",
     "STAT5 phosphorylation per active IL-2/IL-15 complex (cell-volume nM)"),
    ("kdp_STAT5", 0.1, "1/min", "assumed", "pSTAT5 dephosphorylation (half-life ~7 min)"),
    ("kp_STAT3", 0.05, "1/(nM*min)", "assumed", "STAT3 phosphorylation per active IL-21 complex"),
    ("kdp_STAT3", 0.1, "1/min", "assumed", "pSTAT3 dephosphorylation"),
    ("kp_STAT1", 0.01, "1/(nM*min)", "assumed",
     "STAT1 phosphorylation per active IL-21 complex (weaker than STAT3)"),
    ("kdp_STAT1", 0.1, "1/min", "assumed", "pSTAT1 dephosphorylation"),
    ("kp_AKT", 0.001, "1/(nM*min)", "assumed",
     "AKT activation (via PI3K) per active IL-2/IL-15 complex; a weaker branch than STAT5"),
    ("kdp_AKT", 0.1, "1/min", "assumed", "pAKT dephosphorylation"),
    ("kp_ERK", 0.0005, "1/(nM*min)", "assumed",
     "ERK activation (via Shc/Ras/MAPK) per active IL-2/IL-15 complex; weakest branch"),
    ("kdp_ERK", 0.1, "1/min", "assumed", "pERK dephosphorylation"),
]

_CHAINS = {  # chain -> parameter with its number per cell
    "IL2Ra": "N_IL2Ra", "IL2Rb": "N_IL2Rb", "gc": "N_gc", "IL15Ra": "N_IL15Ra", "IL21R": "N_IL21R",
}
_RECYCLED = ("IL2Ra", "IL15Ra")  # alpha chains recycle (Hemar 1995); the others are degraded

#: The two tripartite cytokines: ligand, its alpha chain, and complex name stems.
_TRIPARTITE = {"IL2": "IL2Ra", "IL15": "IL15Ra"}

OPTIONS = {"cell": tuple(CELLS), "ligand": tuple(LIGANDS), "trafficking": (True, False)}

STIMULUS = {
    "y0": {"IL2": 0.1},
    "t_end": 60,
    "observables": ["pSTAT5", "pAKT", "pERK", "active_IL2R"],
    "label": "0.1 nM IL-2 on resting cells (default: Treg)",
}


def _check(options):
    from sigsim import ModelError

    defaults = {"cell": "treg", "ligand": "wt", "trafficking": True}
    for key in options:
        if key not in defaults:
            raise ModelError(f"il2: unknown option {key!r}; allowed options: "
                             f"{', '.join(sorted(defaults))}")
    opts = {**defaults, **options}
    for key, allowed in OPTIONS.items():
        value = opts[key]
        if not any(value is a or (type(value) is type(a) and value == a) for a in allowed):
            raise ModelError(f"il2: option {key}={value!r} is not allowed; choose one of "
                             f"{', '.join(map(repr, allowed))}")
    return opts


def _tripartite(m, L, A):
    """Sequential assembly of ligand L with its alpha chain A, IL-2Rbeta and gamma-c.

    Complex names: L_A, L_B, L_A_B, L_A_g, L_B_g, L_A_B_g (B = IL-2Rbeta, g = gamma-c).
    Reverse rates: r1 (L:A), r2 (L:B), r4 (L:A + g), r5 (L:B + g), r10 (L:A:B + g),
    r11 (L:A + B); r12, r8, r9 follow from detailed balance (assignments ``<L>_k*``).
    """
    k = lambda s: f"{L}_{s}"  # noqa: E731
    n = {"A": f"{L}_A", "B": f"{L}_B", "AB": f"{L}_A_B", "Ag": f"{L}_A_g", "Bg": f"{L}_B_g",
         "ABg": f"{L}_A_B_g"}
    what = {"A": f"{L}:{A}", "B": f"{L}:IL-2Rbeta", "AB": f"{L}:{A}:IL-2Rbeta",
            "Ag": f"{L}:{A}:gamma-c", "Bg": f"{L}:IL-2Rbeta:gamma-c (active)",
            "ABg": f"{L}:{A}:IL-2Rbeta:gamma-c (active)"}
    for key in ("A", "B", "AB", "Ag", "Bg", "ABg"):
        m.species(n[key], 0.0, unit="nM", note=f"surface {what[key]}, nM of medium")
    steps = [  # (name, forward equation, forward rate, reverse rate constant)
        ("binds_A", f"{L} + {A} -> {n['A']}", f"kon*{L}*{A}", k("k1")),
        ("binds_B", f"{L} + IL2Rb -> {n['B']}", f"kon*{L}*IL2Rb", k("k2")),
        ("A_recruits_g", f"{n['A']} + gc -> {n['Ag']}", f"kf2*{n['A']}*gc", k("k4")),
        ("B_recruits_g", f"{n['B']} + gc -> {n['Bg']}", f"kf2*{n['B']}*gc", k("k5")),
        ("AB_recruits_g", f"{n['AB']} + gc -> {n['ABg']}", f"kf2*{n['AB']}*gc", k("k10")),
        ("A_recruits_B", f"{n['A']} + IL2Rb -> {n['AB']}", f"kf2*{n['A']}*IL2Rb", k("k11")),
        ("B_recruits_A", f"{n['B']} + {A} -> {n['AB']}", f"kf2*{n['B']}*{A}", k("k12")),
        ("Bg_recruits_A", f"{n['Bg']} + {A} -> {n['ABg']}", f"kf2*{n['Bg']}*{A}", k("k8")),
        ("Ag_recruits_B", f"{n['Ag']} + IL2Rb -> {n['ABg']}", f"kf2*{n['Ag']}*IL2Rb", k("k9")),
    ]
    for name, eq, fwd, krev in steps:
        lhs, rhs = eq.split(" -> ")
        m.reaction(eq, fwd, name=f"{L}_{name}")
        m.reaction(f"{rhs} -> {lhs}", f"{krev}*{rhs}", name=f"{L}_{name}_rev")
    # internalization: inactive complexes at kt, active ones at ke; the ligand is degraded, the
    # alpha chain enters the endosomal pool, IL-2Rbeta and gamma-c are degraded (Hemar 1995)
    chains = {"A": [A], "B": ["IL2Rb"], "AB": [A, "IL2Rb"], "Ag": [A, "gc"],
              "Bg": ["IL2Rb", "gc"], "ABg": [A, "IL2Rb", "gc"]}
    for key, cs in chains.items():
        rate = "ke" if key in ("Bg", "ABg") else "kt"
        m.reaction(f"{n[key]} -> " + " + ".join(f"{c}_endo" for c in cs if c in _RECYCLED),
                   f"{rate}*{n[key]}", name=f"{n[key]}_internalization")


def build(**options):
    """Build the IL-2/IL-15/IL-21 model.

    Parameters
    ----------
    cell : {"treg", "th", "cd8", "nk"}
        Receptor numbers of the cell type (Farhat 2021, one donor). Default ``"treg"``.
    ligand : {"wt", "F42K", "R38A"}
        IL-2 variant: wild type or a mutein with (assumed 1000-fold) weaker IL-2Ralpha binding.
    trafficking : bool
        ``False`` sets receptor synthesis and internalization to zero (receptor chains and
        ligands are then conserved). Default ``True``.
    """
    from sigsim import Model

    opts = _check(options)
    m = Model("il2", time_unit="min", description=__doc__.strip().splitlines()[0])
    values = dict(CELLS[opts["cell"]])
    values["fold_IL2Ra"] = LIGANDS[opts["ligand"]]
    if not opts["trafficking"]:  # nothing is made or internalized; endosomes stay empty
        values.update(kt=0.0, ke=0.0)
    for name, value, unit, source, note in PARAMETERS:
        m.parameter(name, values.get(name, value), unit=unit, source=source, note=note)

    # derived rate constants (assignments, so that overriding a parameter stays consistent)
    m.assignment("kf2", "kfwd*NA/cell_density")
    m.assignment("IL2_k1", "kon*KD_IL2_IL2Ra*fold_IL2Ra")
    m.assignment("IL2_k2", "kon*KD_IL2_IL2Rb")
    m.assignment("IL2_k4", "k4rev")
    m.assignment("IL2_k5", "k5rev")
    m.assignment("IL2_k10", "k10rev")
    m.assignment("IL2_k11", "k11rev")
    m.assignment("IL15_k1", "kon*KD_IL15_IL15Ra")
    m.assignment("IL15_k2", "kon*KD_IL15_IL2Rb")
    m.assignment("IL15_k4", "k16rev")
    m.assignment("IL15_k5", "k17rev")
    m.assignment("IL15_k10", "k22rev")
    m.assignment("IL15_k11", "k23rev")
    for L in _TRIPARTITE:  # detailed balance around the three thermodynamic cycles
        m.assignment(f"{L}_k12", f"{L}_k1*{L}_k11/{L}_k2")
        m.assignment(f"{L}_k8", f"{L}_k12*{L}_k10/{L}_k5")
        m.assignment(f"{L}_k9", f"{L}_k10*{L}_k11/{L}_k4")
    m.assignment("IL21_k1", "kon*KD_IL21_IL21R")

    # species: ligands in the medium, surface chains (nM of medium), endosomal chains
    for L in ("IL2", "IL15", "IL21"):
        m.species(L, 0.0, unit="nM", note=f"free {L} in the medium (the stimulus)")
    for chain, count in _CHAINS.items():
        m.species(chain, f"{count}*cell_density/NA", unit="nM",
                  note=f"free surface {chain}, nM of medium")
    for chain in _RECYCLED:  # at rest: inflow kt*R0 balances (krec + kdeg_endo)*R_endo
        m.species(f"{chain}_endo", f"kt*{_CHAINS[chain]}*cell_density/NA/(krec + kdeg_endo)",
                  unit="nM", note=f"internalized {chain} (endosomes), nM of medium")
    for L, A in _TRIPARTITE.items():
        _tripartite(m, L, A)
    m.species("IL21_R", 0.0, unit="nM", note="surface IL-21:IL-21R, nM of medium")
    m.species("IL21_R_gc", 0.0, unit="nM", note="surface IL-21:IL-21R:gamma-c (active)")
    m.reaction("IL21 + IL21R -> IL21_R", "kon*IL21*IL21R", name="IL21_binds_R")
    m.reaction("IL21_R -> IL21 + IL21R", "IL21_k1*IL21_R", name="IL21_binds_R_rev")
    m.reaction("IL21_R + gc -> IL21_R_gc", "kf2*IL21_R*gc", name="IL21_R_recruits_g")
    m.reaction("IL21_R_gc -> IL21_R + gc", "k35rev*IL21_R_gc", name="IL21_R_recruits_g_rev")
    m.reaction("IL21_R ->", "kt*IL21_R", name="IL21_R_internalization")
    m.reaction("IL21_R_gc ->", "ke*IL21_R_gc",
               name="IL21_R_gc_internalization")

    # receptor turnover: synthesis balances constitutive internalization (and, for the alpha
    # chains, degradation after internalization) at rest
    for chain, count in _CHAINS.items():
        r0 = f"{count}*cell_density/NA"
        if chain in _RECYCLED:
            m.reaction(f"-> {chain}", f"kt*{r0}*kdeg_endo/(krec + kdeg_endo)",
                       name=f"{chain}_synthesis")
            m.reaction(f"{chain} -> {chain}_endo", f"kt*{chain}", name=f"{chain}_internalization")
            m.reaction(f"{chain}_endo -> {chain}", f"krec*{chain}_endo", name=f"{chain}_recycling")
            m.reaction(f"{chain}_endo ->", f"kdeg_endo*{chain}_endo", name=f"{chain}_degradation")
        else:
            m.reaction(f"-> {chain}", f"kt*{r0}", name=f"{chain}_synthesis")
            m.reaction(f"{chain} ->", f"kt*{chain}", name=f"{chain}_internalization")

    # intracellular readouts
    m.assignment("C_STAT5", "IL2_B_g + IL2_A_B_g + IL15_B_g + IL15_A_B_g")
    m.assignment("A_STAT5", "JAK_activity*C_STAT5/(cell_density*V_cell)")
    m.assignment("A_IL21", "JAK_activity*IL21_R_gc/(cell_density*V_cell)")
    intracellular = [  # (target, activator, total parameter, note)
        ("STAT5", "A_STAT5", "N_STAT5", "STAT5 (A and B, monomers and dimers lumped)"),
        ("STAT3", "A_IL21", "N_STAT3", "STAT3"),
        ("STAT1", "A_IL21", "N_STAT1", "STAT1"),
        ("AKT", "A_STAT5", "N_AKT", "AKT (PI3K branch)"),
        ("ERK", "A_STAT5", "N_ERK", "ERK1/2 (MAPK branch)"),
    ]
    for X, act, total, note in intracellular:
        m.species(X, f"{total}/(NA*V_cell)", unit="nM",
                  note=f"unphosphorylated {note}, cell volume")
        m.species(f"{X}_p", 0.0, unit="nM", note=f"phosphorylated {note}, cell volume")
        m.reaction(f"{X} -> {X}_p", f"kp_{X}*{act}*{X}", name=f"{X}_phosphorylation")
        m.reaction(f"{X}_p -> {X}", f"kdp_{X}*{X}_p", name=f"{X}_dephosphorylation")
        m.observable(f"p{X}", f"{X}_p/({X} + {X}_p)")
    m.observable("active_IL2R", "C_STAT5*NA/cell_density")
    m.observable("IL2Rb_surface", "(IL2Rb + IL2_B + IL2_A_B + IL2_B_g + IL2_A_B_g + IL15_B "
                                  "+ IL15_A_B + IL15_B_g + IL15_A_B_g)*NA/cell_density")
    return m
