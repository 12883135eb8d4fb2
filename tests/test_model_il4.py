"""Tests of the built-in IL-4/IL-13 model (models/il4.py).

Behaviour targets and their sources:
- Yang et al. 2023 Nat Chem Biol (doi:10.1038/s41589-023-01313-6), meyer-lab/IL4-model
  src/data/EC50df.csv: Ramos (no IL-13Ralpha1) answers IL-4 but not IL-13; A549 answers both,
  IL-4 EC50 0.037-0.14 nM, IL-13 EC50 0.65-2.1 nM (IL-13 5-17x less potent).
- Raia et al. 2011 Cancer Res 71:693, PEtab Raia_CancerResearch2011 measurement table
  (MedB-1, 20 ng/mL IL-13): pSTAT5 half-maximal at ~15 min, at 25-30 min close to its
  maximum, lower at 80-120 min than at the plateau; SOCS3 mRNA up >100-fold by 120 min.
- Heller et al. 2008 Sci Signal 1:ra17: IRS-2 (and the PI3K/AKT branch) is activated by type I
  (gamma-c) receptors, not by type II receptors.
"""

import numpy as np
import pytest

import sigsim

TOL = dict(rtol=1e-8, atol=1e-12)
IL13_20NG = 20.0 / 12.3     # 20 ng/mL IL-13 (12.3 kDa) in nM


@pytest.fixture(scope="module")
def a549():
    return sigsim.load_model("il4", cell="a549")


@pytest.fixture(scope="module")
def ramos():
    return sigsim.load_model("il4", cell="ramos")


@pytest.fixture(scope="module")
def medb1():
    return sigsim.load_model("il4", cell="medb1")


@pytest.fixture(scope="module")
def a549_closed():
    return sigsim.load_model("il4", cell="a549", trafficking=False)


def ec50(doses, resp):
    """Dose of half-maximal response, log-linear interpolation on an increasing curve."""
    resp = np.asarray(resp)
    half = 0.5 * resp.max()
    i = int(np.argmax(resp >= half))
    assert i > 0, "half-maximal response at the lowest dose: widen the dose range"
    return 10 ** np.interp(half, resp[i - 1:i + 1], np.log10(doses[i - 1:i + 1]))


# ---------------------------------------------------------------------------- options
@pytest.mark.parametrize("cell", ["a549", "ramos", "monocyte", "medb1"])
def test_each_cell_context_builds_and_validates(cell):
    m = sigsim.load_model("il4", cell=cell)
    m.validate(require_units=True, require_sources=True)
    obs = {"medb1": "pSTAT5"}.get(cell, "pSTAT6")
    assert obs in [name for name, _ in m.observables]
    assert {"IL4", "IL13", "IL4Ra", "gc", "IL13Ra1"} <= set(m.species_names)
    assert len(m.species_names) <= 40


def test_bad_options_raise_model_error():
    with pytest.raises(sigsim.ModelError, match="hepatocyte"):
        sigsim.load_model("il4", cell="hepatocyte")
    with pytest.raises(sigsim.ModelError, match="colour"):
        sigsim.load_model("il4", colour="red")
    with pytest.raises(sigsim.ModelError, match="trafficking"):
        sigsim.load_model("il4", trafficking="yes")


def test_stimulus_dict_runs(a549):
    from sigsim.library import model_module
    st = model_module("il4").STIMULUS
    res = sigsim.simulate(a549, t=np.linspace(0, st["t_end"], 7), y0=st["y0"],
                          preequilibrate=True, **TOL)
    assert res.ok
    for name in st["observables"]:
        assert res[name][0, -1] > 0.05


# ---------------------------------------------------------------------------- rest
def test_defaults_are_a_resting_state(a549):
    """Without ligand nothing moves: the defaults balance synthesis and loss."""
    res = sigsim.simulate(a549, t=[0, 60, 600], **TOL)
    y = res.y[0]
    scale = np.abs(y[0]) + 1e-9
    assert np.max(np.abs(y[-1] - y[0]) / scale) < 1e-8
    assert res["pSTAT6"][0, -1] == pytest.approx(0.0, abs=1e-12)


# ---------------------------------------------------------------------------- behaviour
def test_ramos_answers_il4_but_not_il13(ramos):
    """Yang 2023 EC50df.csv: Ramos (IL-13Ralpha1 0) gives no pSTAT6 to IL-13 (EC50 listed as
    1 = no response) and a full response to IL-4 (EC50 10-20 pM)."""
    res = sigsim.simulate(ramos, t=[0, 30], y0={"IL4": [1.0, 0.0], "IL13": [0.0, 10.0]},
                          preequilibrate=True, **TOL)
    assert res.ok
    p = res["pSTAT6"][:, -1]
    assert p[0] > 0.3
    assert p[1] < 1e-9
    # IL-4 potency on Ramos: model ~2.7 pM against measured 10-20 pM (see model docstring)
    doses = np.logspace(-4.5, 0, 10)
    r = sigsim.simulate(ramos, t=[0, 30], y0={"IL4": doses}, preequilibrate=True, **TOL)
    assert 5e-4 < ec50(doses, r["pSTAT6"][:, -1]) < 0.02


def test_a549_answers_both_il4_more_potent(a549):
    """Yang 2023 EC50df.csv, A549, pSTAT6: IL-4 EC50 0.037-0.14 nM, IL-13 0.65-2.1 nM."""
    doses = np.logspace(-3, 1.5, 10)
    e = {}
    for lig in ("IL4", "IL13"):
        res = sigsim.simulate(a549, t=[0, 30], y0={lig: doses}, preequilibrate=True, **TOL)
        assert res.ok
        resp = res["pSTAT6"][:, -1]
        assert resp.max() > 0.3, lig
        e[lig] = ec50(doses, resp)
    assert 0.02 < e["IL4"] < 0.3
    assert 0.3 < e["IL13"] < 4.0
    assert e["IL13"] / e["IL4"] > 5.0


def test_il13_jak2_stat5_kinetics_medb1(medb1):
    """Raia 2011 (PEtab measurement table, 20 ng/mL IL-13, MedB-1): pSTAT5 2 -> 69 (20 min)
    -> 108-112 (25-30 min) -> 104-128 plateau to 70 min -> 66-108 at 80-120 min (half-max near
    15 min; 30-min value 0.87 of the maximum; 120-min value 0.63); SOCS3 mRNA 1.4 -> 1017
    at 120 min. The model (like Raia's own fit, which peaks near 50 min) declines less
    (to ~0.87 of the maximum at 120 min); SOCS3 mRNA ~700-fold at 120 min (basal fitted)."""
    t = np.arange(0.0, 121.0, 5.0)
    res = sigsim.simulate(medb1, t=t, y0={"IL13": IL13_20NG}, preequilibrate=True, **TOL)
    assert res.ok
    p = res["pSTAT5"][0]
    pmax = p.max()
    assert pmax > 0.2
    t_half = np.interp(0.5 * pmax, p[:np.argmax(p) + 1], t[:np.argmax(p) + 1])
    assert 8.0 < t_half < 25.0
    assert p[t == 30][0] > 0.75 * pmax
    assert t[np.argmax(p)] <= 80.0
    assert p[-1] < 0.92 * pmax
    fold = res["SOCS3_mRNA_fold"][0]
    assert fold[-1] > 100.0
    assert res["pJAK2_fraction"][0].max() > 0.5


def test_irs2_akt_branch_needs_type_I(a549, ramos):
    """Heller 2008: IRS-2 is activated through type I receptors (gamma-c/JAK3). IL-4 on Ramos
    (type I only) activates AKT; IL-13 (type II only) does not."""
    r = sigsim.simulate(ramos, t=[0, 30], y0={"IL4": 1.0}, preequilibrate=True, **TOL)
    a = sigsim.simulate(a549, t=[0, 30], y0={"IL13": 10.0}, preequilibrate=True, **TOL)
    assert r["pAKT_fraction"][0, -1] > 0.2
    assert a["pSTAT6"][0, -1] > 0.3
    assert a["pAKT_fraction"][0, -1] < 1e-9


def test_socs1_feedback_lowers_pstat6(a549):
    """SOCS1 inhibits JAK activation: without it (Ki huge) pSTAT6 at 120 min is higher."""
    res = sigsim.simulate(a549, t=[0, 120], y0={"IL4": 0.5},
                          params={"Ki_SOCS": [a549.parameter_info("Ki_SOCS").value, 1e9]},
                          preequilibrate=True, **TOL)
    p = res["pSTAT6"][:, -1]
    assert p[1] > 1.1 * p[0]


# ---------------------------------------------------------------------------- invariants
def _totals(res, groups):
    return {k: sum(c * res[s][0] for s, c in terms) for k, terms in groups.items()}


def test_conservation_without_trafficking(a549_closed):
    res = sigsim.simulate(a549_closed, t=np.linspace(0, 120, 13),
                          y0={"IL4": 0.3, "IL13": 1.0}, preequilibrate=True, **TOL)
    assert res.ok
    groups = {
        "IL4Ra": [("IL4Ra", 1), ("IL4_IL4Ra", 1), ("IL4_typeI", 1), ("IL4_typeII", 1),
                  ("IL13_typeII", 1)],
        "gc": [("gc", 1), ("IL4_typeI", 1)],
        "IL13Ra1": [("IL13Ra1", 1), ("IL13_IL13Ra1", 1), ("IL4_typeII", 1),
                    ("IL13_typeII", 1)],
        "IL4": [("IL4", 1), ("IL4_IL4Ra", 1), ("IL4_typeI", 1), ("IL4_typeII", 1)],
        "IL13": [("IL13", 1), ("IL13_IL13Ra1", 1), ("IL13_typeII", 1)],
        "STAT6": [("STAT6", 1), ("pSTAT6c", 1), ("pSTAT6n", 1), ("STAT6n", 1)],
        "JAK1": [("JAK1", 1), ("pJAK1", 1)], "JAK3": [("JAK3", 1), ("pJAK3", 1)],
        "TYK2": [("TYK2", 1), ("pTYK2", 1)], "IRS2": [("IRS2", 1), ("pIRS2", 1)],
        "PI3K": [("PI3K", 1), ("PI3Ka", 1)], "AKT": [("AKT", 1), ("pAKT", 1)],
    }
    for k, tot in _totals(res, groups).items():
        assert np.max(np.abs(tot - tot[0])) <= 1e-8 * abs(tot[0]), k
    assert res["pSTAT6"][0].max() > 0.3


def test_stat_and_jak_conserved_with_trafficking(medb1):
    res = sigsim.simulate(medb1, t=np.linspace(0, 120, 13), y0={"IL13": IL13_20NG},
                          preequilibrate=True, **TOL)
    groups = {"STAT5": [("STAT5", 1), ("pSTAT5c", 1), ("pSTAT5n", 1), ("STAT5n", 1)],
              "JAK2": [("JAK2", 1), ("pJAK2", 1)]}
    for k, tot in _totals(res, groups).items():
        assert np.max(np.abs(tot - tot[0])) <= 1e-8 * abs(tot[0]), k


@pytest.mark.parametrize("fixture", ["a549", "medb1"])
def test_non_negative(fixture, request):
    m = request.getfixturevalue(fixture)
    res = sigsim.simulate(m, t=np.linspace(0, 120, 25), y0={"IL4": 0.5, "IL13": 2.0},
                          preequilibrate=True, **TOL)
    assert res.ok
    assert res.y.min() >= -1e-12


def test_numba_agrees_with_scipy_radau(a549):
    t = np.linspace(0, 120, 13)
    kw = dict(t=t, y0={"IL4": 0.5}, preequilibrate=True, **TOL)
    a = sigsim.simulate(a549, **kw)["pSTAT6"][0]
    b = sigsim.simulate(a549, method="scipy-radau", **kw)["pSTAT6"][0]
    assert np.max(np.abs(a - b)) <= 1e-5 * np.max(np.abs(b))
    assert np.max(b) > 0.3
