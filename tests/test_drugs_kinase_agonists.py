"""Tests of the JAK inhibitor mechanism (sigsim.drugs._kinase) and the IL-2 agonist variants
(sigsim.drugs._agonists).

Figures and sources:
- Ruxolitinib enzymatic IC50 JAK1 3.3 nM, JAK2 2.8 nM (Quintas-Cardama 2010 Blood 115:3109);
  97 % plasma protein bound, 3 % free (label). IL-6-induced pSTAT3 in human whole blood
  IC50 281 nM total drug (Quintas-Cardama 2010, abstract figure as recalled, not verified in
  this session): the model, with the enzymatic IC50 as the in-cell free IC50 and 3 % free,
  gives ~130 nM total (free ~4.3 nM), within about 2-fold.
- Wild-type IL-2 30-min pSTAT5 EC50s Treg ~0.045, CD8 ~2.6 nM (Farhat 2021 data): Treg/CD8
  selectivity index ~0.017; the model gives 0.015. F42K loses IL-2Ralpha binding (Sauve 1991)
  and circumvents Treg expansion in favour of NK cells (Sim 2016 Cancer Immunol Res 4:983): the
  index rises ~50-fold to ~0.8 (no Treg preference), NK EC50 unchanged.
"""

import numpy as np
import pytest

import sigsim
from sigsim import ModelError
from sigsim.drugs._agonists import (agonist_model, get_agonist, list_agonists, pstat5_ec50,
                                    selectivity_index)
from sigsim.drugs._kinase import JAK_HOOKS, inhibit_kinase, kinase_activity
from sigsim.protocols import fit_hill

TOL = dict(rtol=1e-8, atol=1e-12)
RUX_NM = np.array([0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0])


@pytest.fixture(scope="module")
def il6_rux():
    return inhibit_kinase(sigsim.load_model("il6"), "ruxolitinib", return_info=True)


@pytest.fixture(scope="module")
def il6_curves(il6_rux):
    """pSTAT3 at 30 min after 50 pM IL-6, 60-min pre-incubation; plasma (3 % free) and
    serum-free (100 % free) conditions in one batch."""
    m, _ = il6_rux
    n = RUX_NM.size
    fu = np.r_[np.full(n, 0.03), np.ones(n)]
    c = np.r_[RUX_NM, RUX_NM]
    res = sigsim.simulate(m, [0.0, 30.0], params={"fu_ruxolitinib": fu}, y0={"IL6": 0.05},
                          preequilibrate={"y0": {"ruxolitinib": c}, "duration": 60.0}, **TOL)
    y = np.asarray(res["pSTAT3"])[:, -1]
    return {"plasma": y[:n], "free": y[n:]}


def test_il6_model_with_ruxolitinib_validates(il6_rux):
    m, info = il6_rux
    m.validate(require_units=True, require_sources=True)
    assert info.kinases == ("JAK1",) and info.ignored == ("JAK2",)
    assert info.fraction_unbound == pytest.approx(0.03)          # label: 97 % bound
    assert info.ic50_nM["JAK1"] == pytest.approx(3.3)             # Quintas-Cardama 2010
    assert m.parameter_info("IC50_ruxolitinib_JAK1").source == "QuintasCardama2010"


def test_no_drug_leaves_the_model_unchanged(il6_rux):
    """Drug at 0: the rebuilt model gives the parent's pSTAT3 (0.27 at 30 min, models/README)."""
    m, _ = il6_rux
    base = sigsim.simulate(sigsim.load_model("il6"), [0.0, 30.0], y0={"IL6": 0.05},
                           preequilibrate=True, **TOL)
    new = sigsim.simulate(m, [0.0, 30.0], y0={"IL6": 0.05}, preequilibrate=True, **TOL)
    assert new["pSTAT3"][0, -1] == pytest.approx(base["pSTAT3"][0, -1], rel=1e-6)
    assert base["pSTAT3"][0, -1] == pytest.approx(0.27, abs=0.03)


def test_ruxolitinib_il6_pstat3_ic50(il6_curves):
    """Free-drug IC50 of IL-6 pSTAT3 near the enzymatic JAK1 IC50 (3.3 nM): model 4.3 nM;
    whole-blood (3 % free) IC50 in total drug ~130 nM vs 281 nM measured (Quintas-Cardama
    2010), i.e. the free IC50 divided by the free fraction."""
    free = fit_hill(RUX_NM[1:], il6_curves["free"][1:])
    plasma = fit_hill(RUX_NM[1:], il6_curves["plasma"][1:])
    assert 3.3 <= free.mid <= 6.6
    assert 281.0 / 3.0 <= plasma.mid <= 281.0 * 1.5
    assert plasma.mid == pytest.approx(free.mid / 0.03, rel=0.1)
    # near-complete block at 10 uM total in plasma and at 300 nM free
    assert il6_curves["plasma"][-1] / il6_curves["plasma"][0] < 0.01
    assert il6_curves["free"][6] / il6_curves["free"][0] < 0.01


def test_ruxolitinib_il4_pstat6():
    """IL-4 -> pSTAT6 (A549, 0.1 nM IL-4, 30 min) through the JAK1 hook kpS_J1: free IC50
    4.3 nM in the model, near the enzymatic 3.3 nM (Quintas-Cardama 2010)."""
    m = inhibit_kinase(sigsim.load_model("il4", cell="a549"), "ruxolitinib",
                       fraction_unbound=1.0)
    c = RUX_NM[:8]
    res = sigsim.simulate(m, [0.0, 30.0], y0={"IL4": 0.1},
                          preequilibrate={"y0": {"ruxolitinib": c}, "duration": 60.0}, **TOL)
    y = np.asarray(res["pSTAT6"])[:, -1]
    assert y[0] > 0.2
    assert 3.3 <= fit_hill(c[1:], y[1:]).mid <= 6.6
    assert y[-1] / y[0] < 0.01


def test_il2_jak_activity_hook_with_jak3():
    """il2's own JAK_activity is scaled by the product of the JAK1 and JAK3 fractions left:
    33 nM free ruxolitinib -> JAK1 1/(1+33/3.3) = 0.091, JAK3 1/(1+33/428) = 0.928
    (Quintas-Cardama 2010 IC50s); product 0.084. The il2 pSTAT5 readout is nearly linear in
    the active complexes (models/il2.py): pSTAT5 of CD8 cells at 10 nM IL-2 falls to 0.091."""
    m, info = inhibit_kinase(sigsim.load_model("il2", cell="cd8"), "ruxolitinib",
                             targets=["JAK1", "JAK3"], fraction_unbound=1.0, return_info=True)
    assert info.ic50_nM == {"JAK1": 3.3, "JAK3": 428.0}
    res = sigsim.simulate(m, [0.0, 30.0], y0={"IL2": 10.0},
                          preequilibrate={"y0": {"ruxolitinib": [0.0, 33.0]}, "duration": 60.0},
                          **TOL)
    assert res["ruxolitinib_activity_JAK1"][1, -1] == pytest.approx(1.0 / 11.0, rel=1e-9)
    assert res["ruxolitinib_activity_JAK3"][1, -1] == pytest.approx(1.0 / (1.0 + 33.0 / 428.0),
                                                                   rel=1e-9)
    ratio = res["pSTAT5"][1, -1] / res["pSTAT5"][0, -1]
    assert 0.07 <= ratio <= 0.11


def test_works_with_in_vitro_blockade(il6_rux, il6_curves):
    """The mechanisms module's in-vitro protocol (60-min pre-incubation, 50 pM IL-6, pSTAT3 at
    30 min) gives the same whole-blood (3 % free) curve as the batch above."""
    from sigsim.drugs._mechanisms import in_vitro_blockade

    r = in_vitro_blockade(il6_rux[0], "ruxolitinib", RUX_NM[1:], readout="pSTAT3")
    assert np.allclose(r.response, il6_curves["plasma"], rtol=1e-5)
    assert 281.0 / 3.0 <= r.ic50 <= 281.0 * 1.5


def test_kinase_activity_formula():
    """1/(1 + fu*C/IC50): half activity at 110 nM total with 3 % free and IC50 3.3 nM."""
    assert kinase_activity(110.0, 3.3, 0.03) == pytest.approx(0.5)
    assert kinase_activity([0.0, 33.0], 3.3) == pytest.approx([1.0, 1.0 / 11.0])


def test_errors():
    il6 = sigsim.load_model("il6")
    with pytest.raises(ModelError, match="no JAK activity"):
        inhibit_kinase(sigsim.load_model("il1"), "ruxolitinib")
    with pytest.raises(ModelError, match="unknown drug|not found|foo"):
        inhibit_kinase(il6, "foo")
    with pytest.raises(ModelError, match="not a kinase inhibitor"):
        inhibit_kinase(il6, "tocilizumab")
    with pytest.raises(ModelError, match="unknown kinase"):
        inhibit_kinase(il6, "ruxolitinib", targets=["JAK9"])
    with pytest.raises(ModelError, match="none of its targets"):
        inhibit_kinase(il6, "ruxolitinib", targets=["JAK3"])
    with pytest.raises(ModelError, match="fraction_unbound"):
        inhibit_kinase(il6, "ruxolitinib", fraction_unbound=1.5)
    with pytest.raises(ModelError, match="IC50 of ruxolitinib on JAK1"):
        inhibit_kinase(il6, "ruxolitinib", ic50_nM=-1.0, source="assumed")
    with pytest.raises(ModelError, match="source"):
        inhibit_kinase(il6, "tofa", targets=["JAK1"], ic50_nM=10.0)
    with pytest.raises(ModelError, match=">= 0"):
        kinase_activity(-1.0, 3.3)
    with pytest.raises(ModelError, match="fraction_unbound"):
        kinase_activity(1.0, 3.3, fraction_unbound=0.0)
    rux = inhibit_kinase(il6, "ruxolitinib")
    with pytest.raises(ModelError, match="negative"):
        sigsim.simulate(rux, [0.0, 1.0], y0={"ruxolitinib": -1.0})
    with pytest.raises(ModelError, match="already exist"):
        inhibit_kinase(rux, "ruxolitinib")
    with pytest.raises(ModelError, match="unknown agonist"):
        get_agonist("super9")
    with pytest.raises(ModelError, match="unknown cell"):
        agonist_model("F42K", cell="b_cell")
    with pytest.raises(ModelError, match="doses"):
        pstat5_ec50("F42K", doses=[-1.0, 1.0, 2.0, 3.0])
    assert set(JAK_HOOKS["il1"]) == set()


def test_agonist_records():
    assert list_agonists() == ["F42K", "IL2_Fc", "R38A", "aldesleukin"]
    assert get_agonist("Proleukin").options == {"ligand": "wt"}
    assert get_agonist("il-2-fc").half_life_extended
    assert get_agonist("f42k").options == {"ligand": "F42K"}


def test_f42k_shifts_selectivity_from_treg():
    """Treg/CD8 index: wt 0.015 (Farhat 2021 data 0.045/2.6 = 0.017); F42K 0.8 (Sim 2016:
    no Treg advantage, NK favoured); NK EC50 (1.5 nM, data 1.6) unchanged."""
    wt = pstat5_ec50("aldesleukin")
    mt = pstat5_ec50("F42K")
    si_wt, si_mt = selectivity_index(wt), selectivity_index(mt)
    assert si_wt == pytest.approx(0.045 / 2.6, rel=0.3)
    assert 0.3 <= si_mt <= 3.0
    assert si_mt >= 20.0 * si_wt
    assert selectivity_index(mt, "treg", "nk") >= 20.0 * selectivity_index(wt, "treg", "nk")
    assert mt["nk"] == pytest.approx(wt["nk"], rel=0.15)
    assert wt["nk"] == pytest.approx(1.6, rel=0.3)
    with pytest.raises(ModelError, match="no EC50"):
        selectivity_index(wt, "treg", "th")
