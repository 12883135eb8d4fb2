"""Binding mechanisms of sigsim.drugs attached to the pathway models, and in-vitro blockade.

Sources (full citations in sigsim.drugs._mechanisms.SOURCES):
- rafique2013: sarilumab KD 61.9 pM on monomeric hIL-6R (the soluble receptor) and 12.8 pM on
  dimeric IL-6R-Fc (taken for the membrane receptor, which an IgG binds bivalently);
  tocilizumab 15-22x weaker on both. HepG2 STAT3-luciferase with 50 pM IL-6: sarilumab IC50
  146 pM, ~4x more potent than tocilizumab.
- aitoudhia2012: canakinumab in vivo KD 0.38 nM (chakraborty2013: 0.99 nM).
- widjaja2024: sgp130Fc also inhibits classic (cis) IL-6 signaling.
- il1 model README: IL-1Ra needs a large molar excess over IL-1beta.

Antibody on-rates are not in the sources. For sarilumab and tocilizumab the library's kon,
0.15 /(nM*min) = 2.5e6 /(M*s), is fitted to the sarilumab IC50 (so that test checks the fit);
tocilizumab's relative potency is then a prediction. Other antibodies: 0.06 /(nM*min) =
1e6 /(M*s), assumed. Protocol of the IL-6 assays: cells at rest, 60 min pre-incubation with
the drug, 50 pM IL-6, pSTAT3 read at 30 min (the il6 model's pSTAT3 peak).
"""

import numpy as np
import pytest

import sigsim
from sigsim.drugs import get_drug
from sigsim.drugs._mechanisms import (
    block_receptor, in_vitro_blockade, ligand_trap, native_species, neutralize_ligand,
    receptor_antagonist)

KON = 0.06  # 1/(nM*min) = 1e6 /(M*s), assumed typical antibody association rate
KON_SRC = "assumed: typical antibody association rate 1e6 /(M*s)"
KD_CANAKINUMAB = 0.38  # nM, aitoudhia2012 (in vivo)
CONC = np.logspace(-2, 2, 9)  # nM


def _record(drug):
    """KD, kon and their sources per target from the drug library."""
    d = get_drug(drug)
    kd = {t: d.kd[t].value for t in ("IL6R", "sIL6R")}
    kon = {t: d.kon[t].value for t in ("IL6R", "sIL6R")}
    return kon, kd, {t: d.kd[t].source for t in kd}, {t: d.kon[t].source for t in kon}


@pytest.fixture(scope="module")
def il6_drugs():
    """One il6 model (HepG2-like) carrying four drugs: one compiled structure for all tests."""
    m = sigsim.load_model("il6")
    for drug in ("sarilumab", "tocilizumab"):
        kon, kd, src, ksrc = _record(drug)
        m = block_receptor(m, drug, ["IL6R", "sIL6R"], kon, kd, src, kon_source=ksrc)
    m = neutralize_ligand(m, "siltuximab", "IL6", KON, get_drug("siltuximab").kd["IL6"].value,
                          "assumed: siltuximab KD not located; high-affinity antibody",
                          kon_source=KON_SRC)
    # sgp130Fc: the gp130 step of the il6 model (dwivedi2014: kon 20.52 /nM/h, KD 0.05 nM) for
    # IL-6:sIL-6R; classic-path affinity (membrane IL-6:IL-6R) a parameter, trans-selective here
    m = ligand_trap(m, "sgp130Fc", ["IL6_sIL6R", "IL6_IL6R"], 20.52 / 60,
                    {"IL6_sIL6R": 0.05, "IL6_IL6R": 1000.0},
                    {"IL6_sIL6R": "dwivedi2014",
                     "IL6_IL6R": "assumed: trans-selective trap, negligible classic binding"},
                    kon_source="dwivedi2014", internalization={"IL6_IL6R": "k_int"})
    return m


@pytest.fixture(scope="module")
def il6_ic50s(il6_drugs):
    out = {}
    for drug in ("sarilumab", "tocilizumab"):
        out[drug] = in_vitro_blockade(il6_drugs, drug, CONC, stimulus={"IL6": 0.05},
                                      preincubation_min=60.0, readout="pSTAT3", t_end=30.0)
    return out


def test_model_validates_with_units_and_sources(il6_drugs):
    il6_drugs.validate(require_units=True, require_sources=True)
    assert il6_drugs.parameter_info("KD_sarilumab_IL6R").value == pytest.approx(0.0128)
    assert il6_drugs.parameter_info("KD_sarilumab_sIL6R").value == pytest.approx(0.0619)
    assert "sarilumab_occupancy_sIL6R" in [o[0] for o in il6_drugs.observables]
    base = sigsim.load_model("il6")
    assert "sarilumab" not in base.species_names  # the parent model is not changed


def test_sarilumab_ic50_near_rafique_2013(il6_ic50s):
    # rafique2013: IC50 146 pM (HepG2 STAT3-luciferase, 50 pM IL-6). The antibody kon is fitted
    # to it (model 124 pM), so this checks the fit holds
    ic50_pm = il6_ic50s["sarilumab"].ic50 * 1000
    assert 146 / 1.5 < ic50_pm < 146 * 1.5
    assert il6_ic50s["sarilumab"].relative[-1] < 0.05  # 100 nM blocks fully


def test_tocilizumab_about_4x_less_potent_than_sarilumab(il6_ic50s):
    # rafique2013: tocilizumab ~4x less potent, although its KD is 16x weaker. Not fitted: with
    # the same kon, sarilumab's pre-incubation stays short of equilibrium and tocilizumab's
    # does not, which narrows the ratio (model 3.7x)
    ratio = il6_ic50s["tocilizumab"].ic50 / il6_ic50s["sarilumab"].ic50
    assert 2.5 < ratio < 6


def test_sarilumab_ic50_sensitivity_to_on_rate(il6_drugs, il6_ic50s):
    # at the generic 1e6 /(M*s) (0.06 /(nM*min)) the pre-incubation is further from equilibrium
    # and the IC50 more than doubles (model 282 pM): the fitted kon carries the agreement
    slow = {"kon_sarilumab_IL6R": 0.06, "kon_sarilumab_sIL6R": 0.06}
    r = in_vitro_blockade(il6_drugs, "sarilumab", CONC, params=slow)
    assert 1.8 < r.ic50 / il6_ic50s["sarilumab"].ic50 < 3.0


def test_receptor_occupancy_at_stimulus(il6_drugs):
    # 1 nM sarilumab (78x its membrane KD of 12.8 pM) for 60 min, kon 2.5e6 /(M*s): the
    # membrane IL-6R reaches its KD-equilibrium occupancy 1/(1 + 0.0128) = 0.987
    res = sigsim.simulate(il6_drugs, [0.0, 1.0], preequilibrate={
        "y0": {"sarilumab": 1.0}, "duration": 60.0})
    occ = res["sarilumab_occupancy_IL6R"][0, 0]
    assert 0.97 < occ < 0.99
    assert res["sarilumab_free"][0, 0] == pytest.approx(1.0, rel=0.01)  # drug in excess


def test_drug_mass_conserved_without_internalization(il6_drugs):
    # tocilizumab (no internalization given): free + bound drug stays what was added, while
    # IL-6 stimulates and receptors turn over (a check of the attached stoichiometry)
    t = np.linspace(0.0, 120.0, 5)
    res = sigsim.simulate(il6_drugs, t, y0={"IL6": 0.05, "sIL6R": 1.0}, preequilibrate={
        "y0": {"tocilizumab": 0.5}, "duration": 60.0})
    total = res["tocilizumab_total"][0]
    assert np.allclose(total, 0.5, rtol=1e-6)
    assert res["tocilizumab_occupancy_sIL6R"][0, -1] > 0.2  # sIL-6R added at t = 0 is bound


def test_siltuximab_neutralizes_il6(il6_drugs):
    # siltuximab pre-mixed with 50 pM IL-6 for 60 min, then added to resting cells:
    # 20x molar excess blocks pSTAT3 by ~90 % (model 0.10 of control), 200x by > 99 %
    r = in_vitro_blockade(il6_drugs, "siltuximab", [1.0, 10.0], fit=False, premix_min=60.0)
    assert r.relative[1] < 0.2
    assert r.relative[2] < 0.01
    # added to cells without pre-mixing, the antibody races the receptor: weaker (0.65 at 1 nM)
    r2 = in_vitro_blockade(il6_drugs, "siltuximab", [1.0], fit=False)
    assert r2.relative[1] > 2 * r.relative[1]


def test_sgp130fc_trans_selective_and_widjaja_caveat(il6_drugs):
    c = np.logspace(-2, 3, 11)
    trans = dict(stimulus={"IL6": 0.05, "sIL6R": 2.0}, params={"N_IL6R": 0.0})
    rt = in_vitro_blockade(il6_drugs, "sgp130Fc", c, **trans)
    rc = in_vitro_blockade(il6_drugs, "sgp130Fc", c)
    assert rt.response[0] > 0.3  # il6r_negative cells respond to IL-6 + sIL-6R
    assert rt.ic50 < 50  # trans IC50 ~19 nM
    assert rc.relative[-1] > 0.95  # classic signaling untouched even at 1 uM
    # Widjaja & Cook 2024: with the classic-path affinity raised to the trans one, classic
    # signaling is inhibited at similar concentrations (model IC50 ~21 nM)
    rc2 = in_vitro_blockade(il6_drugs, "sgp130Fc", c, params={"KD_sgp130Fc_IL6_IL6R": 0.05})
    assert rc2.ic50 < 3 * rt.ic50
    assert rc2.relative[-1] < 0.1


@pytest.fixture(scope="module")
def il1_drugs():
    m = sigsim.load_model("il1")
    m = neutralize_ligand(m, "canakinumab", "IL1b", KON, KD_CANAKINUMAB, "aitoudhia2012",
                          kon_source=KON_SRC)
    return m


def test_canakinumab_blocks_il1b_not_il1a(il1_drugs):
    c = [10.0, 100.0, 1000.0]
    kw = dict(readout="NFkB_nuc", t_end=60.0, statistic="peak", fit=False)
    rb = in_vitro_blockade(il1_drugs, "canakinumab", c, stimulus={"IL1b": 0.0003}, **kw)
    ra = in_vitro_blockade(il1_drugs, "canakinumab", c, stimulus={"IL1a": 0.0003}, **kw)
    assert rb.response[0] > 0.5 and ra.response[0] > 0.5
    assert rb.relative[-1] < 0.05  # 1 uM canakinumab blocks IL-1beta-driven NF-kB
    assert ra.relative[-1] > 0.99  # ... and leaves IL-1alpha alone
    flat = in_vitro_blockade(il1_drugs, "canakinumab", np.logspace(0, 3, 4),
                             stimulus={"IL1a": 0.0003}, readout="NFkB_nuc", t_end=60.0)
    assert flat.fit is None and np.isnan(flat.ic50)  # no inhibition: no IC50
    # pre-mixed 60 min with 0.3 pM IL-1beta: 30 nM suffices (model 0.026 of control; 10 nM
    # leaves 0.41: the il1 model's NF-kB responds fully to ~0.3 pM IL-1beta)
    rp = in_vitro_blockade(il1_drugs, "canakinumab", [30.0], stimulus={"IL1b": 0.0003},
                           premix_min=60.0, **kw)
    assert rp.relative[-1] < 0.05


def test_anakinra_is_il1ra_and_needs_large_molar_excess(il1_drugs):
    drug = native_species(il1_drugs, "anakinra")
    assert drug == "IL1Ra"
    il1b = 0.001  # nM (1 pM IL-1beta)
    r = in_vitro_blockade(il1_drugs, drug, np.logspace(-1, 3, 9), stimulus={"IL1b": il1b},
                          readout="NFkB_nuc", t_end=60.0, statistic="peak")
    # il1 model (README): IL-1Ra halves the response only at a large molar excess
    assert r.ic50 / il1b > 100  # model: ~5700-fold


def test_other_targets_attach_and_validate():
    m4 = sigsim.load_model("il4")
    d = block_receptor(m4, "dupilumab", "IL4Ra", KON, 0.1, "assumed: KD not located")
    d = receptor_antagonist(d, "pitrakinra", "IL4Ra", KON, 0.1, "assumed: no constants located")
    d.validate(require_units=True, require_sources=True)
    # IL-13 signals only through the type II receptor (IL-4Ra + IL-13Ra1) in the il4 model, so
    # an IL-4Ra blocker stops both cytokines (the rationale of dupilumab and pitrakinra);
    # model: 10 nM leaves 0.3 % (IL-4) and 0.2 % (IL-13) of pSTAT6 at 30 min
    for drug in ("dupilumab", "pitrakinra"):
        for stim in ({"IL4": 0.1}, {"IL13": 1.0}):
            r = in_vitro_blockade(d, drug, [10.0], stimulus=stim, readout="pSTAT6", fit=False)
            assert r.response[0] > 0.1 and r.relative[1] < 0.02
    m1 = sigsim.load_model("il1")
    r = ligand_trap(m1, "rilonacept", ["IL1b", "IL1a"], KON, {"IL1b": 0.0005, "IL1a": 0.0014},
                    "assumed: label values quoted by a secondary source")
    assert r.parameter_info("KD_rilonacept_IL1a").value == pytest.approx(0.0014)
    assert r.parameter_info("KD_rilonacept_IL1b").value == pytest.approx(0.0005)


def test_errors():
    m = sigsim.load_model("il6")
    with pytest.raises(sigsim.ModelError, match="'IL6r'.*IL6R"):
        block_receptor(m, "x", ["IL6r"], KON, 1.0, "assumed")
    with pytest.raises(sigsim.ModelError, match="KD"):
        neutralize_ligand(m, "x", "IL6", KON, -1.0, "assumed")
    with pytest.raises(sigsim.ModelError, match="source"):
        neutralize_ligand(m, "x", "IL6", KON, 1.0, "")
    with pytest.raises(sigsim.ModelError, match="already used"):
        neutralize_ligand(m, "sIL6R", "IL6", KON, 1.0, "assumed")
    with pytest.raises(sigsim.ModelError, match="missing"):
        ligand_trap(m, "x", ["IL6", "sIL6R"], KON, {"IL6": 1.0}, "assumed")
    with pytest.raises(sigsim.ModelError, match="drug species"):
        in_vitro_blockade(m, "sarilumab", [1.0])
    twice = neutralize_ligand(m, "x", "IL6", KON, 1.0, "assumed")
    with pytest.raises(sigsim.ModelError, match="already used"):
        neutralize_ligand(twice, "x", "IL6", KON, 1.0, "assumed")
    with pytest.raises(sigsim.ModelError, match="readout"):
        in_vitro_blockade(twice, "x", [1.0], readout="pSTAT5")
    with pytest.raises(sigsim.ModelError, match="concentrations"):
        in_vitro_blockade(twice, "x", [-1.0])
    with pytest.raises(sigsim.ModelError, match="native"):
        native_species(m, "aspirin")
