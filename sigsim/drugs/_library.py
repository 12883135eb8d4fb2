"""Drug records: mechanism, targets, molecular weight, affinities and popPK parameters.

Every number is a :class:`Value` with its unit and a source: a key of :data:`SOURCES`,
``assumed`` (the note says why) or ``derived:<formula>``. Unknown values are ``None`` with
a note. PK parameters use days, L, mg and mg/L; affinities are KD in nM. Target names are
species names of the pathway models (``IL6R``, ``sIL6R``, ``IL6``, ``IL1b``, ``IL1a``,
``IL1R1``, ``IL4Ra``, ``IL2Rb``, ...; ``JAK1``/``JAK2`` for ruxolitinib, which act on the
JAK activity of a model rather than a species).

``pk["structure"]`` names the PK model :func:`sigsim.drugs._pk.pk_model` builds:
``"2cmt"`` / ``"1cmt"`` with ``elimination`` ``"linear"`` or ``"linear+mm"`` and ``route``
``"IV"`` or ``"SC"`` (``"PO"`` for oral, treated as a depot like SC).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

from ..errors import ModelError

SOURCES = {
    "Frey2010": "Frey N, Grange S, Woodworth T. Population pharmacokinetic analysis of "
                "tocilizumab in patients with rheumatoid arthritis. J Clin Pharmacol. "
                "2010;50(7):754-766. doi:10.1177/0091270009350623",
    "Xu2019": "Xu C, Su Y, Paccaly A, Kanamaluru V. Population pharmacokinetics of sarilumab "
              "in patients with rheumatoid arthritis. Clin Pharmacokinet. 2019;58(11):1455-1467. "
              "doi:10.1007/s40262-019-00765-1",
    "Nikanjam2019": "Nikanjam M, Cho HJ, Capparelli EV. Population pharmacokinetics of "
                    "siltuximab: impact of disease state. Cancer Chemother Pharmacol. "
                    "2019;84(5):993-1001. doi:10.1007/s00280-019-03939-7",
    "Kovalenko2016": "Kovalenko P, DiCioccio AT, Davis JD, et al. Exploratory population PK "
                     "analysis of dupilumab, a fully human monoclonal antibody against "
                     "IL-4Ralpha, in atopic dermatitis patients and normal volunteers. CPT "
                     "Pharmacometrics Syst Pharmacol. 2016;5(11):617-624. doi:10.1002/psp4.12136",
    "Kovalenko2020": "Kovalenko P, Davis JD, Li M, et al. Base and covariate population "
                     "pharmacokinetic analyses of dupilumab using phase 3 data. Clin Pharmacol "
                     "Drug Dev. 2020;9(6):756-767. doi:10.1002/cpdd.780",
    "Chakraborty2013": "Chakraborty A, Van LM, Skerjanec A, et al. Pharmacokinetic and "
                       "pharmacodynamic properties of canakinumab in patients with gouty "
                       "arthritis. J Clin Pharmacol. 2013;53(12):1240-1251. "
                       "(DOI/PMID not verified in this session)",
    "AitOudhia2012": "Ait-Oudhia S, Lowe PJ, Mager DE. Bridging clinical outcomes of "
                     "canakinumab treatment in patients with rheumatoid arthritis with a "
                     "population model of IL-1beta kinetics. CPT Pharmacometrics Syst Pharmacol. "
                     "2012;1:e5 (DOI/PMID not verified in this session)",
    "Yang2003": "Yang BB, Baughman S, Sullivan JT. Pharmacokinetics of anakinra in subjects "
                "with different levels of renal function. Clin Pharmacol Ther. 2003;74(1):85-94 "
                "(DOI/PMID not verified in this session)",
    "Jung2023": "Jung W, Ryu H-j, Chae J-w, Yun H-y. Fractal kinetic implementation in "
                "population pharmacokinetic modeling. Pharmaceutics. 2023;15(1):304. "
                "doi:10.3390/pharmaceutics15010304 (anakinra arm of Ngo 2020, "
                "doi:10.1002/psp4.12552)",
    "Konrad1990": "Konrad MW, Hemstreet G, Hersh EM, et al. Pharmacokinetics of recombinant "
                  "interleukin 2 in humans. Cancer Res. 1990;50(7):2009-2017 "
                  "(DOI/PMID not verified in this session)",
    "Rafique2013": "Rafique A, Martin J, Blome M, et al. Evaluation of the binding kinetics and "
                   "functional bioassay activity of sarilumab and tocilizumab to the human "
                   "IL-6 receptor alpha. Ann Rheum Dis. 2013;72(Suppl 3):A797 (abstract AB0037; "
                   "DOI/PMID not verified in this session)",
    "Dwivedi2014": "Dwivedi G, Fitz L, Hegen M, et al. A multiscale model of interleukin-6-"
                   "mediated immune regulation in Crohn's disease and its application in drug "
                   "discovery and development. CPT Pharmacometrics Syst Pharmacol. 2014;3:e89. "
                   "doi:10.1038/psp.2013.64 (BioModels BIOMD0000000537)",
    "ZhangX2013": "Zhang X, Chen YC, Fettner S, et al. Pharmacokinetics and pharmacodynamics "
                  "of tocilizumab after subcutaneous administration in healthy subjects. Int J "
                  "Clin Pharmacol Ther. 2013;51(6):443-455. PMID:23547848",
    "QuintasCardama2010": "Quintas-Cardama A, Vaddi K, Liu P, et al. Preclinical "
                          "characterization of the selective JAK1/2 inhibitor INCB018424. "
                          "Blood. 2010;115(15):3109-3117 (DOI/PMID not verified in this session)",
    "Schreiber2021": "Schreiber S, Aden K, Bernardes JP, et al. Therapeutic interleukin-6 trans-"
                     "signaling inhibition by olamkicept (sgp130Fc) in patients with active "
                     "inflammatory bowel disease. Gastroenterology. 2021;160(7):2354-2366 "
                     "(DOI/PMID not verified in this session)",
    "ZhangS2023": "Zhang S, Chen B, Wang B, et al. Effect of induction therapy with olamkicept "
                  "vs placebo on clinical response in patients with active ulcerative colitis. "
                  "JAMA. 2023;329(9):725-734. PMID:36881032",
    "label": "Prescribing information (FDA/EMA label) of the product, as summarised in "
             "models-and-parameters.md of the project's literature notes (secondary; "
             "no DOI)",
}


@dataclass(frozen=True)
class Value:
    """A number with its unit, source and note (``value`` None when unknown)."""

    value: float | None
    unit: str
    source: str
    note: str = ""

    def __repr__(self):
        v = "unknown" if self.value is None else f"{self.value:g} {self.unit}"
        return f"{v} [{self.source}]"


def _v(value, unit, source, note=""):
    return Value(None if value is None else float(value), unit, source, note)


@dataclass(frozen=True, eq=False)
class Drug:
    """A drug record.

    Attributes
    ----------
    name : str
        Lower-case name (``"tocilizumab"``).
    kind : str
        Mechanism word: ``receptor_antibody``, ``ligand_antibody``, ``ligand_trap``,
        ``receptor_antagonist``, ``kinase_inhibitor`` or ``agonist``.
    targets : tuple of str
        Species names in the pathway models that the drug binds (or the kinases it inhibits).
    mw : Value
        Molecular weight in kDa.
    kd : dict
        Target -> KD as :class:`Value` (nM; IC50 in nM for kinase inhibitors).
    kon, koff : dict
        Target -> association (1/(nM*min)) and dissociation (1/min) rates, where known.
    pk : dict
        PK parameters: ``structure``, ``elimination`` and ``route`` (text) and
        :class:`Value` entries (``CL``, ``V1``, ``Q``, ``V2``, ``Vmax``, ``Km``, ``ka``, ``F``;
        days, L, mg); optional ``tmdd``: a dict of target parameters (``R0``, ``kon``,
        ``koff``, ``kint``, ``kdeg``) for :func:`sigsim.drugs._pk.pk_model` ``(tmdd=True)``.
    regimen : str
        A typical regimen in the readable form of :class:`sigsim.drugs._regimen.Regimen`.
    description, notes : str
    aliases : tuple of str
    """

    name: str
    kind: str
    targets: tuple
    mw: Value
    kd: dict = field(default_factory=dict)
    kon: dict = field(default_factory=dict)
    koff: dict = field(default_factory=dict)
    pk: dict = field(default_factory=dict)
    regimen: str = ""
    description: str = ""
    notes: str = ""
    aliases: tuple = ()

    @property
    def mw_kda(self) -> float:
        """Molecular weight in kDa (float)."""
        return self.mw.value

    def pk_value(self, key):
        """Value of PK parameter ``key`` as a float (None when absent or unknown)."""
        v = self.pk.get(key)
        return v.value if isinstance(v, Value) else None

    def sources(self):
        """Citation keys used by this record, in first-use order."""
        out = []
        vals = [self.mw, *self.kd.values(), *self.kon.values(), *self.koff.values(),
                *(v for v in self.pk.values() if isinstance(v, Value)),
                *self.pk.get("tmdd", {}).values()]
        for v in vals:
            key = v.source.split(":", 1)[0] if not v.source.startswith("derived") else None
            if key and key not in ("assumed",) and key not in out:
                out.append(key)
        return out

    def __repr__(self):
        kd = ", ".join(f"{t} {v.value:g} nM" if v.value is not None else f"{t} ?"
                       for t, v in self.kd.items()) or "none"
        mw = "unknown" if self.mw.value is None else f"{self.mw.value:g} kDa"
        pk = self.pk.get("structure", "no PK")
        if "elimination" in self.pk:
            pk += f" {self.pk['elimination']} {self.pk.get('route', '')}".rstrip()
        return (f"Drug({self.name}: {self.kind} on {', '.join(self.targets)}; "
                f"MW {mw}; KD {kd}; PK {pk})")


A = "assumed"
_DRUGS = {}


def _biexp_microconstants(t_alpha, t_beta, k10):
    """k12, k21 of a 2-compartment IV model from its two half-lives and k10 (same time unit)."""
    a, b = math.log(2) / t_alpha, math.log(2) / t_beta
    k21 = a * b / k10
    return a + b - k10 - k21, k21


# aldesleukin: Konrad 1990 t1/2 alpha 12.9 min, beta 85 min, CL 120 mL/min; V1 3 L assumed
_IL2_V1, _IL2_CL = 3.0, 0.12 * 1440           # L, L/day
_IL2_K12, _IL2_K21 = _biexp_microconstants(12.9 / 1440, 85 / 1440, _IL2_CL / _IL2_V1)


def _add(d: Drug):
    _DRUGS[d.name] = d
    for a in d.aliases:
        _ALIASES[a.lower()] = d.name


_ALIASES = {}

_add(Drug(
    "tocilizumab", "receptor_antibody", ("IL6R", "sIL6R"),
    _v(148, "kDa", "label", "approximately 148 kDa humanized IgG1"),
    kd={"IL6R": _v(0.207, "nM", "Rafique2013",
                   "membrane receptor bound bivalently: 15-22x weaker than sarilumab's 12.8 pM "
                   "on dimeric IL-6R-Fc -> 0.19-0.28 nM, derived; 0.207 at the 16.2x of the "
                   "soluble value"),
        "sIL6R": _v(1.0, "nM", "Rafique2013",
                    "monomeric receptor: 15-22x weaker than sarilumab (61.9 pM) -> 0.9-1.4 nM, "
                    "derived; Dwivedi 2014 assumed ~1 nM")},
    kon={t: _v(0.15, "1/(nM*min)", "fitted:Rafique2013",
               "2.5e6 /(M*s); not measured in our sources: fitted so that sarilumab (same kon) "
               "gives the HepG2 reporter IC50 of 146 pM (model 124 pM); tocilizumab's ~4x "
               "lower potency (model 3.7x) then follows") for t in ("IL6R", "sIL6R")},
    pk={"structure": "2cmt", "elimination": "linear+mm", "route": "IV",
        "CL": _v(0.3, "L/day", "Frey2010", "Table II typical value (male, BSA 1.8 m2)"),
        "V1": _v(3.5, "L", "Frey2010", "Table II"),
        "Q": _v(0.2, "L/day", "Frey2010", "Table II"),
        "V2": _v(2.9, "L", "Frey2010", "Table II"),
        "Vmax": _v(7.5, "mg/day", "Frey2010", "Table II; target-mediated (IL-6R) elimination"),
        "Km": _v(2.7, "mg/L", "Frey2010", "Table II, 2.7 ug/mL"),
        "ka": _v(None, "1/day", "Frey2010", "Frey 2010 is IV only; SC absorption not modelled"),
        "F": _v(0.488, "1", "ZhangX2013", "SC bioavailability 48.8% at 162 mg (22.7% at 81 mg)")},
    regimen="8 mg/kg IV over 1 h q4w x6",
    description="humanized anti-IL-6R IgG1; binds membrane and soluble IL-6R",
    aliases=("tcz", "actemra", "roactemra")))

_add(Drug(
    "sarilumab", "receptor_antibody", ("IL6R", "sIL6R"),
    _v(150, "kDa", "label", "approximately 150 kDa human IgG1"),
    kd={"IL6R": _v(0.0128, "nM", "Rafique2013",
                   "12.8 pM on dimeric IL-6R-Fc: the IgG binds the membrane receptor "
                   "bivalently (avidity), so the dimeric value stands for it"),
        "sIL6R": _v(0.0619, "nM", "Rafique2013", "61.9 pM on monomeric hIL-6R")},
    kon={t: _v(0.15, "1/(nM*min)", "fitted:Rafique2013",
               "2.5e6 /(M*s); not measured in our sources: fitted to the HepG2 STAT3-reporter "
               "IC50 of 146 pM with 50 pM IL-6 (model 124 pM)") for t in ("IL6R", "sIL6R")},
    pk={"structure": "2cmt", "elimination": "linear+mm", "route": "SC",
        "CL": _v(0.260, "L/day", "Xu2019", "apparent CLO/F, Table 3 (typical 71 kg)"),
        "V1": _v(2.08, "L", "Xu2019", "apparent Vc/F"),
        "Q": _v(0.156, "L/day", "Xu2019", "apparent Q/F"),
        "V2": _v(5.23, "L", "Xu2019", "apparent Vp/F"),
        "Vmax": _v(8.06, "mg/day", "Xu2019", "Vm"),
        "Km": _v(0.939, "mg/L", "Xu2019", "Km"),
        "ka": _v(0.136, "1/day", "Xu2019", "Ka"),
        "F": _v(1.0, "1", A, "Xu 2019 estimated apparent (per F) parameters; F = 1 keeps them "
                "apparent; absolute F not estimated")},
    regimen="200 mg SC q2w",
    description="human anti-IL-6R IgG1",
    aliases=("kevzara",)))

_add(Drug(
    "siltuximab", "ligand_antibody", ("IL6",),
    _v(145, "kDa", "label", "approximately 145 kDa chimeric IgG1"),
    kd={"IL6": _v(0.01, "nM", "assumed", "KD for IL-6 not located in a primary source; 10 pM, "
                  "the order of high-affinity anti-cytokine antibodies")},
    pk={"structure": "2cmt", "elimination": "linear", "route": "IV",
        "CL": _v(0.214, "L/day", "Nikanjam2019", "Table 2, reference patient (73 kg)"),
        "V1": _v(3.66, "L", "Nikanjam2019", "Table 2"),
        "Q": _v(0.624, "L/day", "Nikanjam2019", "Table 2"),
        "V2": _v(3.13, "L", "Nikanjam2019", "Table 2")},
    regimen="11 mg/kg IV over 1 h q3w",
    description="chimeric anti-IL-6 IgG1 (neutralizes the ligand)",
    aliases=("sylvant",)))

_add(Drug(
    "olamkicept", "ligand_trap", ("IL6_sIL6R", "IL6_IL6R"),
    _v(None, "kDa", "assumed", "molecular weight of sgp130Fc not located (dimeric Fc fusion)"),
    kd={"IL6_sIL6R": _v(0.05, "nM", "Dwivedi2014",
                        "gp130 binding of IL-6:sIL-6R in the Dwivedi model (kon 20.52 /nM/h, "
                        "KD 0.05 nM), taken for the gp130 domains of sgp130Fc"),
        "IL6_IL6R": _v(1000.0, "nM", "assumed",
                       "classic path (membrane IL-6:IL-6R): negligible binding, the designed "
                       "trans selectivity; Widjaja & Cook 2024 report classic inhibition at "
                       "20-200x below trial levels: lower this KD to explore it")},
    kon={t: _v(20.52 / 60, "1/(nM*min)", "Dwivedi2014", "gp130 on-rate 20.52 /(nM*h)")
         for t in ("IL6_sIL6R", "IL6_IL6R")},
    pk={},
    regimen="600 mg IV q2w",
    description="sgp130Fc: soluble gp130-Fc trapping IL-6:sIL-6R (trans-signaling)",
    notes="No popPK located (Schreiber2021, ZhangS2023 give doses only).",
    aliases=("sgp130fc", "sgp130-fc", "fe999301", "tj301")))

_add(Drug(
    "ruxolitinib", "kinase_inhibitor", ("JAK1", "JAK2"),
    _v(0.30637, "kDa", "label", "C17H18N6 free base 306.37 g/mol"),
    kd={"JAK1": _v(3.3, "nM", "QuintasCardama2010", "enzymatic IC50 3.3 +- 1.2 nM"),
        "JAK2": _v(2.8, "nM", "QuintasCardama2010", "enzymatic IC50 2.8 +- 1.2 nM"),
        "TYK2": _v(19, "nM", "QuintasCardama2010", "enzymatic IC50"),
        "JAK3": _v(428, "nM", "QuintasCardama2010", "enzymatic IC50")},
    pk={"structure": "1cmt", "elimination": "linear", "route": "PO",
        "V1": _v(72, "L", "label", "Vd 72-75 L"),
        "CL": _v(72 * 0.6931 / 3 * 24, "L/day", "derived:V1*ln2/t_half, t_half 3 h (label)"),
        "ka": _v(48, "1/day", A, "2 /h chosen to give Tmax 1-2 h (label); no popPK located"),
        "F": _v(0.95, "1", "label", "oral bioavailability 95%"),
        "fu": _v(0.03, "1", "label", "97% plasma protein bound; free fraction 3%")},
    regimen="20 mg PO q12h",
    description="JAK1/JAK2 inhibitor",
    aliases=("jakafi", "jakavi", "incb018424")))

_add(Drug(
    "anakinra", "receptor_antagonist", ("IL1R1",),
    _v(17.3, "kDa", "label", "recombinant IL-1Ra, 17.3 kDa"),
    kd={"IL1R1": _v(1.39, "nM", "Jung2023", "in vivo QSS constant Kss (not an in vitro KD)")},
    pk={"structure": "1cmt", "elimination": "linear", "route": "SC",
        "CL": _v(9.03 * 24, "L/day", "Jung2023", "CL/F 9.03 L/h (healthy, 100 mg SC); "
                 "cf. Yang 2003 CL/F 170 mL/min = 245 L/day"),
        "V1": _v(53.7, "L", "Jung2023", "Vc/F"),
        "ka": _v(0.47 * 24, "1/day", "Jung2023",
                 "fractal Ka 0.47 /h at t = 1 h used as a constant first-order rate"),
        "F": _v(1.0, "1", A, "apparent (per F) parameters; label F 95%"),
        "tmdd": {
            "R0": _v(1.67, "nM", "Jung2023", "total IL-1R Rtot of the QSS-TMDD model"),
            "kon": _v(0.1 * 1440, "1/(nM*day)", A, "0.1 /(nM*min), typical of cytokine-receptor "
                      "association; Jung 2023 estimated only Kss (QSS)"),
            "koff": _v(1.39 * 0.1 * 1440, "1/day", "derived:Kss*kon (Jung2023 Kss 1.39 nM)"),
            "kint": _v(0.206 * 24, "1/day", "Jung2023", "0.206 /h, fixed in the paper"),
            "kdeg": _v(0.206 * 24, "1/day", A, "= kint: the QSS model's constant Rtot implies "
                       "free and bound receptor turn over at the same rate")}},
    regimen="100 mg SC qd",
    description="recombinant IL-1 receptor antagonist (competes with IL-1a/b on IL-1R1)",
    aliases=("kineret", "il-1ra", "ril-1ra")))

_add(Drug(
    "canakinumab", "ligand_antibody", ("IL1b",),
    _v(145, "kDa", "label", "approximately 145 kDa human IgG1"),
    kd={"IL1b": _v(0.99, "nM", "Chakraborty2013",
                   "in vivo KD from the PK/PD model; in vitro ~35-40 pM is often quoted "
                   "(unverified)")},
    pk={"structure": "1cmt", "elimination": "linear", "route": "SC",
        "CL": _v(0.214, "L/day", "Chakraborty2013", "gout patients"),
        "V1": _v(7.44, "L", "Chakraborty2013", "Vss used as the single volume"),
        "ka": _v(0.266, "1/day", "AitOudhia2012", "RA patients (another population)"),
        "F": _v(0.6, "1", "Chakraborty2013", "F ~60%")},
    regimen="150 mg SC q8w",
    description="human anti-IL-1beta IgG1 (does not bind IL-1alpha)",
    aliases=("ilaris", "acz885")))

_add(Drug(
    "rilonacept", "ligand_trap", ("IL1b", "IL1a"),
    _v(251, "kDa", "label", "dimeric IL-1R1/IL-1RAcP-Fc fusion, ~251 kDa"),
    kd={"IL1b": _v(0.0005, "nM", "label", "0.5 pM (label as quoted secondarily)"),
        "IL1a": _v(0.0014, "nM", "label", "1.4 pM (label as quoted secondarily)")},
    pk={},
    regimen="160 mg SC qw",
    description="IL-1 trap (IL-1R1 + IL-1RAcP extracellular domains on Fc)",
    notes="No popPK located; the adult CAPS regimen is 320 mg SC load then 160 mg weekly.",
    aliases=("arcalyst",)))

_add(Drug(
    "dupilumab", "receptor_antibody", ("IL4Ra",),
    _v(147, "kDa", "label", "approximately 147 kDa human IgG4"),
    kd={"IL4Ra": _v(None, "nM", "assumed", "KD for IL-4Ra not located")},
    pk={"structure": "2cmt", "elimination": "linear+mm", "route": "SC",
        "V1": _v(2.74, "L", "Kovalenko2016", "central volume V2 of the paper at 75 kg"),
        "CL": _v(0.0459 * 2.74, "L/day", "derived:ke*V (Kovalenko2016 ke 0.0459 /day; "
                 "Table 2 footnote 0.126 L/day)"),
        "Q": _v(0.0652 * 2.74, "L/day", "derived:k23*V (Kovalenko2016 k23 0.0652 /day)"),
        "V2": _v(2.74 * 0.0652 / 0.129, "L", "derived:V*k23/k32 (Kovalenko2016 k32 0.129 /day)"),
        "Vmax": _v(0.968 * 2.74, "mg/day", "derived:Vm*V (Kovalenko2016 Vm 0.968 mg/L/day)"),
        "Km": _v(0.01, "mg/L", "Kovalenko2016", "fixed in the paper"),
        "ka": _v(0.254, "1/day", "Kovalenko2016", "ka"),
        "F": _v(0.607, "1", "Kovalenko2016", "F")},
    regimen="300 mg SC q2w",
    description="human anti-IL-4Ra IgG4 (blocks IL-4 and IL-13 signalling)",
    notes="Adult AD: 600 mg SC load then 300 mg q2w.",
    aliases=("dupixent",)))

_add(Drug(
    "pitrakinra", "receptor_antagonist", ("IL4Ra",),
    _v(15, "kDa", A, "IL-4 double mutein (R121D/Y124D); taken as the ~15 kDa of IL-4"),
    kd={"IL4Ra": _v(None, "nM", "assumed", "no kinetic constants located; binds IL-4Ra without "
                    "recruiting gc or IL-13Ra1")},
    pk={},
    regimen="",
    description="IL-4 variant antagonizing IL-4 and IL-13 at IL-4Ra",
    aliases=("aerovant",)))

_add(Drug(
    "aldesleukin", "agonist", ("IL2Ra", "IL2Rb", "gc"),
    _v(15.3, "kDa", "label", "des-alanyl-1, serine-125 human IL-2, ~15.3 kDa"),
    kd={},
    pk={"structure": "2cmt", "elimination": "linear", "route": "IV",
        "V1": _v(3.0, "L", A, "plasma volume of a 70-kg adult (Konrad 1990: serum level right "
                 "after a bolus ~ dose/plasma volume)"),
        "CL": _v(0.12 * 1440, "L/day", "Konrad1990", "~120 mL/min (renal filtration)"),
        "Q": _v(_IL2_K12 * _IL2_V1, "L/day",
                "derived:k12*V1 with k10=CL/V1, k21=alpha*beta/k10, k12=alpha+beta-k10-k21; "
                "alpha=ln2/12.9 min, beta=ln2/85 min (Konrad1990)"),
        "V2": _v(_IL2_V1 * _IL2_K12 / _IL2_K21, "L",
                 "derived:V1*k12/k21 (Konrad1990 half-lives)")},
    regimen="0.037 mg/kg IV over 15 min q8h x14",
    description="recombinant IL-2 (agonist)",
    notes="600,000 IU/kg = 0.037 mg/kg (18 MIU = 1.1 mg, label).",
    aliases=("proleukin", "il-2", "ril-2")))


def list_drugs():
    """Names of the drugs in the library, sorted."""
    return sorted(_DRUGS)


def get_drug(name):
    """Return the :class:`Drug` called ``name`` (case-insensitive; brand names accepted).

    Raises
    ------
    sigsim.ModelError
        Unknown name; the message lists close matches.
    """
    if isinstance(name, Drug):
        return name
    if not isinstance(name, str):
        raise ModelError(f"drug name must be text, got {name!r}")
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key in _DRUGS:
        return _DRUGS[key]
    close = difflib.get_close_matches(key, list(_DRUGS) + list(_ALIASES), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise ModelError(f"unknown drug {name!r}{hint} Known drugs: {', '.join(list_drugs())}")
