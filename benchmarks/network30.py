"""A stiff, 30-state mass-action cytokine signaling network used by the engine benchmark.

Receptor binding and JAK recruitment, STAT phosphorylation, dimerization and nuclear cycling,
SOCS transcriptional feedback, receptor internalization and turnover, a SHP2 -> ERK cascade with
double phosphorylations, and a PI3K -> AKT branch. Rate constants are generic (not fitted):
fast binding (up to 1/(nM*min) at 10-100 nM) next to hour-scale turnover makes the system stiff
(stiffness ratio ~1e5), as real signaling models are.
"""

from __future__ import annotations


def build():
    from sigsim import Model

    m = Model("network30", time_unit="min", description="stiff 30-state benchmark network")
    species = {
        "L": 0.0, "R": 10.0, "LR": 0.0, "JAK": 20.0, "LRJ": 0.0, "LRJp": 0.0,
        "STAT": 100.0, "STAT_LRJp": 0.0, "pSTAT": 0.0, "Dimer": 0.0, "DimerN": 0.0,
        "STATn": 0.0, "mSOCS": 0.0, "SOCS": 0.0, "SOCS_LRJp": 0.0, "LRi": 0.0,
        "SHP2": 10.0, "SHP2p": 0.0, "MEK": 50.0, "MEKp": 0.0, "MEKpp": 0.0,
        "ERK": 80.0, "ERKp": 0.0, "ERKpp": 0.0, "PI3K": 10.0, "PI3Ka": 0.0,
        "AKT": 40.0, "pAKT": 0.0, "Phos": 5.0, "Phos_ERKpp": 0.0,
    }
    for name, value in species.items():
        m.species(name, value, unit="nM")
    k2 = "1/(nM*min)"
    params = [
        ("kon", 0.5, k2), ("koff", 0.05, "1/min"), ("kJon", 1.0, k2), ("kJoff", 0.1, "1/min"),
        ("kact", 0.5, "1/min"), ("kdeact", 0.05, "1/min"), ("kSon", 1.0, k2),
        ("kSoff", 0.5, "1/min"), ("kcat", 0.3, "1/min"), ("kdim", 1.0, k2),
        ("kundim", 0.1, "1/min"), ("kimp", 0.5, "1/min"), ("kdephn", 0.05, "1/min"),
        ("kexp", 0.1, "1/min"), ("ktx", 0.01, "1/min"), ("kmdeg", 0.02, "1/min"),
        ("ktl", 0.1, "1/min"), ("ksdeg", 0.02, "1/min"), ("kFon", 1.0, k2),
        ("kFoff", 0.01, "1/min"), ("kFdeg", 0.05, "1/min"), ("kint", 0.01, "1/min"),
        ("kideg", 0.05, "1/min"), ("kRsyn", 0.001, "nM/min"), ("kRdeg", 0.0001, "1/min"),
        ("kshp", 0.2, k2), ("kshpd", 0.1, "1/min"), ("kmek", 0.05, k2),
        ("kmekd", 0.5, "1/min"), ("kerk", 0.1, k2), ("kerkd", 0.3, "1/min"),
        ("kpon", 2.0, k2), ("kpoff", 1.0, "1/min"), ("kpcat", 5.0, "1/min"),
        ("kpi3k", 0.1, k2), ("kpi3kd", 0.2, "1/min"), ("kakt", 0.05, k2),
        ("kaktd", 0.2, "1/min"),
    ]
    for name, value, unit in params:
        m.parameter(name, value, unit=unit, source="assumed", note="generic benchmark value")
    rx = [
        ("L + R -> LR", "kon*L*R"), ("LR -> L + R", "koff*LR"),
        ("LR + JAK -> LRJ", "kJon*LR*JAK"), ("LRJ -> LR + JAK", "kJoff*LRJ"),
        ("LRJ -> LRJp", "kact*LRJ"), ("LRJp -> LRJ", "kdeact*LRJp"),
        ("STAT + LRJp -> STAT_LRJp", "kSon*STAT*LRJp"), ("STAT_LRJp -> STAT + LRJp", "kSoff*STAT_LRJp"),
        ("STAT_LRJp -> pSTAT + LRJp", "kcat*STAT_LRJp"),
        ("2 pSTAT -> Dimer", "kdim*pSTAT*pSTAT"), ("Dimer -> 2 pSTAT", "kundim*Dimer"),
        ("Dimer -> DimerN", "kimp*Dimer"), ("DimerN -> 2 STATn", "kdephn*DimerN"),
        ("STATn -> STAT", "kexp*STATn"),
        ("-> mSOCS", "ktx*DimerN"), ("mSOCS ->", "kmdeg*mSOCS"),
        ("-> SOCS", "ktl*mSOCS"), ("SOCS ->", "ksdeg*SOCS"),
        ("SOCS + LRJp -> SOCS_LRJp", "kFon*SOCS*LRJp"), ("SOCS_LRJp -> SOCS + LRJp", "kFoff*SOCS_LRJp"),
        ("SOCS_LRJp -> LRi + JAK", "kFdeg*SOCS_LRJp"),
        ("LR -> LRi", "kint*LR"), ("LRi ->", "kideg*LRi"),
        ("-> R", "kRsyn"), ("R ->", "kRdeg*R"),
        ("SHP2 -> SHP2p", "kshp*LRJp*SHP2"), ("SHP2p -> SHP2", "kshpd*SHP2p"),
        ("MEK -> MEKp", "kmek*SHP2p*MEK"), ("MEKp -> MEKpp", "kmek*SHP2p*MEKp"),
        ("MEKpp -> MEKp", "kmekd*MEKpp"), ("MEKp -> MEK", "kmekd*MEKp"),
        ("ERK -> ERKp", "kerk*MEKpp*ERK"), ("ERKp -> ERKpp", "kerk*MEKpp*ERKp"),
        ("ERKpp + Phos -> Phos_ERKpp", "kpon*ERKpp*Phos"), ("Phos_ERKpp -> ERKpp + Phos", "kpoff*Phos_ERKpp"),
        ("Phos_ERKpp -> ERKp + Phos", "kpcat*Phos_ERKpp"), ("ERKp -> ERK", "kerkd*ERKp"),
        ("PI3K -> PI3Ka", "kpi3k*LRJp*PI3K"), ("PI3Ka -> PI3K", "kpi3kd*PI3Ka"),
        ("AKT -> pAKT", "kakt*PI3Ka*AKT"), ("pAKT -> AKT", "kaktd*pAKT"),
    ]
    for k, (eq, rate) in enumerate(rx):
        m.reaction(eq, rate, name=f"r{k + 1}")
    m.observable("pSTAT_total", "pSTAT + 2*Dimer + 2*DimerN")
    m.observable("ERK_active_fraction", "ERKpp/(ERK + ERKp + ERKpp + Phos_ERKpp)")
    return m
