"""Demo: IL-6 classic signaling blocked by an anti-IL-6R antibody (tocilizumab-like).

A deliberately small model (10 species) that exercises the engine end to end until the full
pathway library lands: IL-6 binds membrane IL-6R, the IL-6:IL-6R complex recruits gp130, the
signaling complex phosphorylates STAT3, pSTAT3 induces SOCS3, and SOCS3 inhibits the
phosphorylation step. An anti-IL-6R antibody competes with IL-6 for free IL-6R.

Unit system: concentrations in nM, time in min (first-order rates 1/min, second-order
1/(nM*min)). Binding constants of IL-6 come from the Dwivedi et al. 2014 model (BioModels
BIOMD0000000537, given there per hour and converted here by 1 h = 60 min); the antibody's KD
is the ~1 nM that Dwivedi et al. assumed for tocilizumab; the intracellular part is assumed
(order-of-magnitude values) and is NOT a validated IL-6 model: use ``il6`` once available.
"""

SOURCES = {
    "dwivedi2014": "Dwivedi G et al. (2014) A multiscale model of interleukin-6-mediated immune "
                   "regulation in Crohn's disease and its application in drug discovery and "
                   "development. CPT Pharmacometrics Syst Pharmacol 3:e89. "
                   "doi:10.1038/psp.2013.64; BioModels BIOMD0000000537",
    "assumed": "Order-of-magnitude value chosen for the demo; not from a measurement.",
}

# name, value, unit, source, note
PARAMETERS = [
    ("kon_IL6", 0.384 / 60, "1/(nM*min)", "dwivedi2014", "IL-6 + IL-6R on-rate (kRLOn 0.384 /nM/h)"),
    ("koff_IL6", 1.92 / 60, "1/min", "dwivedi2014", "IL-6:IL-6R off-rate (kRLOff 1.92 /h), KD 5 nM"),
    ("kon_gp130", 20.52 / 60, "1/(nM*min)", "dwivedi2014", "IL-6:IL-6R + gp130 (kgp130On 20.52 /nM/h)"),
    ("koff_gp130", 1.026 / 60, "1/min", "dwivedi2014", "complex off-rate (kgp130Off 1.026 /h), KD 0.05 nM"),
    ("kon_ab", 0.006, "1/(nM*min)", "assumed", "antibody on-rate, 1e5 /M/s, typical of IgG"),
    ("koff_ab", 0.006, "1/min", "derived:kon_ab*KD", "KD 1 nM as assumed by Dwivedi 2014 for tocilizumab"),
    ("kp_STAT3", 2.0, "1/(nM*min)", "assumed", "STAT3 phosphorylation by the active complex"),
    ("kdp_STAT3", 0.1, "1/min", "assumed", "pSTAT3 dephosphorylation"),
    ("ksyn_SOCS3", 0.02, "1/min", "assumed", "SOCS3 induction per pSTAT3"),
    ("kdeg_SOCS3", 0.03, "1/min", "assumed", "SOCS3 turnover (half-life ~23 min)"),
    ("Ki_SOCS3", 0.05, "nM", "assumed", "SOCS3 level that halves STAT3 phosphorylation"),
]

# name, initial value (nM), note
SPECIES = [
    ("IL6", 0.0, "free IL-6 in the medium (the stimulus)"),
    ("IL6R", 1.0, "free membrane IL-6R"),
    ("gp130", 2.0, "free gp130"),
    ("IL6_IL6R", 0.0, "IL-6:IL-6R"),
    ("Complex", 0.0, "IL-6:IL-6R:gp130 signaling complex"),
    ("Ab", 0.0, "free anti-IL-6R antibody"),
    ("Ab_IL6R", 0.0, "antibody:IL-6R"),
    ("STAT3", 10.0, "unphosphorylated STAT3"),
    ("pSTAT3", 0.0, "phosphorylated STAT3"),
    ("SOCS3", 0.0, "SOCS3"),
]

#: Standard experiment: 5 nM IL-6 (about 100 ng/mL) on resting cells, 2 h.
STIMULUS = {"y0": {"IL6": 5.0}, "t_end": 120.0, "observables": ["pSTAT3_fraction", "SOCS3"],
            "label": "5 nM IL-6 on resting cells (min)"}


def build(**options):
    """Build the demo model (no options)."""
    from sigsim import Model, ModelError

    if options:
        raise ModelError(f"demo_il6 takes no options; got {sorted(options)}")
    m = Model("demo_il6", time_unit="min", description=__doc__.strip().splitlines()[0])
    for name, value, unit, source, note in PARAMETERS:
        m.parameter(name, value, unit=unit, source=source, note=note)
    for name, value, note in SPECIES:
        m.species(name, value, unit="nM", note=note)
    m.reaction("IL6 + IL6R -> IL6_IL6R", "kon_IL6*IL6*IL6R", name="IL6_binds_IL6R")
    m.reaction("IL6_IL6R -> IL6 + IL6R", "koff_IL6*IL6_IL6R", name="IL6_unbinds_IL6R")
    m.reaction("IL6_IL6R + gp130 -> Complex", "kon_gp130*IL6_IL6R*gp130", name="gp130_recruitment")
    m.reaction("Complex -> IL6_IL6R + gp130", "koff_gp130*Complex", name="gp130_release")
    m.reaction("Ab + IL6R -> Ab_IL6R", "kon_ab*Ab*IL6R", name="Ab_binds_IL6R")
    m.reaction("Ab_IL6R -> Ab + IL6R", "koff_ab*Ab_IL6R", name="Ab_unbinds_IL6R")
    m.reaction("STAT3 -> pSTAT3", "kp_STAT3*Complex*STAT3/(1 + SOCS3/Ki_SOCS3)",
               name="STAT3_phosphorylation")
    m.reaction("pSTAT3 -> STAT3", "kdp_STAT3*pSTAT3", name="pSTAT3_dephosphorylation")
    m.reaction("-> SOCS3", "ksyn_SOCS3*pSTAT3", name="SOCS3_induction")
    m.reaction("SOCS3 ->", "kdeg_SOCS3*SOCS3", name="SOCS3_degradation")
    m.observable("pSTAT3_fraction", "pSTAT3/(STAT3 + pSTAT3)")
    m.observable("IL6R_occupancy_Ab", "Ab_IL6R/(IL6R + IL6_IL6R + Complex + Ab_IL6R)")
    return m
