"""Tumor–immune–IL-2 dynamics with adoptive cell transfer and IL-2 therapy (Kirschner & Panetta 1998).

Scope: a tumor-level model, not a cell-signaling one. Three populations at the tumor site:
activated immune effector cells ``E`` (cytotoxic T cells, NK cells), tumor cells ``T`` and the
concentration of IL-2 ``IL``. Effector cells are recruited in proportion to the tumor's
antigenicity ``c`` and proliferate in response to IL-2 (Michaelis–Menten in IL-2); tumor cells
grow logistically and are killed by effectors (saturating in T); effectors stimulated by tumor
cells secrete IL-2, which is cleared quickly. Two treatment terms: ``s1``, adoptive cellular
immunotherapy (an influx of effector cells, e.g. LAK/TIL cells), and ``s2``, an IL-2 infusion
(aldesleukin). The equations (paper, eq. 1-3):

    dE/dt  = c T - mu2 E + p1 E IL/(g1 + IL) + s1
    dT/dt  = r2 T (1 - b T) - a E T/(g2 + T)
    dIL/dt = p2 E T/(g3 + T) - mu3 IL + s2

Unit system: time in days (the paper's); cell populations in cells; IL-2 in the paper's
arbitrary concentration units ("IL-2 units"), which have no stated relation to molar
concentrations: the model is dimensionally consistent within itself but IL-2 here is not in nM
and cannot be coupled to the cell-level ``il2`` model without a conversion factor of one's own.

Sources: every parameter value is the paper's (Kirschner & Panetta 1998, Table 1), as curated in
BioModels BIOMD0000000732. The default antigenicity ``c = 0.035`` is the paper's reference value;
the paper studies ``c`` in [0, 0.05].

Regimes (paper, Sections 3-4; reproduced in the tests): without treatment the model shows a
tumor that escapes at very low antigenicity, and persistent oscillations of the tumor burden
(short-period oscillations and long-term relapse) at higher antigenicity; adoptive transfer
``s1`` above a threshold clears the tumor; IL-2 alone (``s2``) does not clear the tumor unless
the dose is so large that effector cells grow without bound (the paper's toxicity caveat); IL-2
together with adoptive transfer clears it at lower ``s1``.
"""

SOURCES = {
    "kirschner1998": "Kirschner D, Panetta JC (1998) Modeling immunotherapy of the tumor-immune "
                     "interaction. J Math Biol 37:235-252. doi:10.1007/s002850050127; "
                     "PMID 9785481; BioModels BIOMD0000000732",
}

# name, value, unit, source, note
PARAMETERS = [
    ("c", 0.035, "1/day", "kirschner1998",
     "antigenicity of the tumor: effector recruitment per tumor cell (paper studies 0-0.05)"),
    ("mu2", 0.03, "1/day", "kirschner1998", "death rate of effector cells (mean life 1/mu2 = 33 d)"),
    ("p1", 0.1245, "1/day", "kirschner1998", "maximal IL-2-driven effector proliferation rate"),
    ("g1", 2e7, "dimensionless", "kirschner1998",
     "IL-2 level of half-maximal effector proliferation (paper's IL-2 units)"),
    ("r2", 0.18, "1/day", "kirschner1998", "tumor growth rate (logistic)"),
    ("b", 1e-9, "1/cells", "kirschner1998", "inverse carrying capacity of the tumor (1/b = 1e9 cells)"),
    ("a", 1.0, "1/day", "kirschner1998", "maximal tumor-cell clearance per effector-tumor encounter"),
    ("g2", 1e5, "cells", "kirschner1998", "tumor size of half-maximal killing"),
    ("p2", 5.0, "1/(cells*day)", "kirschner1998",
     "IL-2 production per effector cell stimulated by tumor (paper's IL-2 units per cell per day)"),
    ("g3", 1e3, "cells", "kirschner1998", "tumor size of half-maximal IL-2 production"),
    ("mu3", 10.0, "1/day", "kirschner1998", "IL-2 clearance rate (half-life 1.7 h)"),
    ("s1", 0.0, "cells/day", "kirschner1998", "adoptive cellular immunotherapy: effector influx"),
    ("s2", 0.0, "1/day", "kirschner1998", "IL-2 therapy: influx (paper's IL-2 units per day)"),
]

# name, initial value, unit, note
SPECIES = [
    ("E", 1.0, "cells", "activated immune effector cells at the tumor site"),
    ("T", 1.0, "cells", "tumor cells"),
    ("IL", 1.0, "dimensionless", "IL-2 concentration at the tumor site (paper's IL-2 units)"),
]

#: Standard experiment: untreated tumor at the paper's reference antigenicity, 3 years.
STIMULUS = {"y0": {}, "t_end": 1100.0, "observables": ["E", "T", "IL"],
            "label": "untreated tumor, c = 0.035 (days)", "log_scale": ["E", "T", "IL"]}


def build(**options):
    """Build the Kirschner–Panetta model (no options; change ``c``, ``s1``, ``s2`` through
    ``params``, or dose ``E`` and ``IL`` with :class:`sigsim.Bolus` / :class:`sigsim.Infusion`)."""
    from sigsim import Model, ModelError

    if options:
        raise ModelError(f"tumor_immune_il2 takes no options; got {sorted(options)}")
    m = Model("tumor_immune_il2", time_unit="day",
              description="Tumor-effector-IL-2 dynamics with adoptive transfer and IL-2 "
                          "therapy (Kirschner & Panetta 1998)")
    for name, value, unit, source, note in PARAMETERS:
        m.parameter(name, value, unit=unit, source=source, note=note)
    for name, value, unit, note in SPECIES:
        m.species(name, value, unit=unit, note=note, source="kirschner1998")
    m.reaction("-> E", "c*T", name="effector_recruitment_by_antigen")
    m.reaction("E ->", "mu2*E", name="effector_death")
    m.reaction("-> E", "p1*E*IL/(g1 + IL)", name="effector_proliferation_by_IL2")
    m.reaction("-> E", "s1", name="adoptive_transfer")
    m.reaction("-> T", "r2*T*(1 - b*T)", name="tumor_growth")
    m.reaction("T ->", "a*E*T/(g2 + T)", name="tumor_killing")
    m.reaction("-> IL", "p2*E*T/(g3 + T)", name="IL2_production")
    m.reaction("IL ->", "mu3*IL", name="IL2_clearance")
    m.reaction("-> IL", "s2", name="IL2_therapy")
    m.observable("tumor_fraction_of_capacity", "b*T")
    return m
