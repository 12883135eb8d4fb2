"""Tests of the built-in ``il2`` model (IL-2/IL-15/IL-21 via gamma-c; Treg, CD8, NK, T helper).

Behaviour targets (see models/il2.py for sources):
- 30-min pSTAT5 EC50s: Treg tens of pM, CD8 and NK low nM (Farhat 2021 data: ~0.045, ~2.6,
  ~1.6 nM); high-affinity threshold ~10 pM (Tkach 2014).
- IL-2Ralpha-blind muteins F42K/R38A lose the Treg advantage (Sauve 1991; Sim 2016).
- IL-15 signals through IL-2Rbeta/gamma-c; IL-21 gives pSTAT3, not pSTAT5, through IL-21R/gamma-c.
"""

import numpy as np
import pytest

import sigsim
from sigsim.protocols import fit_hill

TOL = dict(rtol=1e-8, atol=1e-12)
DOSES = np.logspace(-4, 1.5, 10)  # nM, 0.1 pM - 32 nM
CELLS = ("treg", "cd8", "nk", "th")


@pytest.fixture(scope="module")
def models():
    return {cell: sigsim.load_model("il2", cell=cell) for cell in CELLS}


def _ec50(model, ligand="IL2", observable="pSTAT5", t=30.0):
    res = sigsim.simulate(model, t=[0.0, t], y0={ligand: DOSES}, preequilibrate=True, **TOL)
    assert res.ok
    return fit_hill(DOSES, res[observable][:, -1])


@pytest.fixture(scope="module")
def ec50(models):
    return {cell: _ec50(models[cell]) for cell in CELLS}


def test_options_build_and_validate():
    for cell in CELLS:
        for ligand in ("wt", "F42K", "R38A"):
            m = sigsim.load_model("il2", cell=cell, ligand=ligand)
            m.validate(require_units=True, require_sources=True)
    m = sigsim.load_model("il2", trafficking=False)
    m.validate(require_units=True, require_sources=True)
    assert len(m.species_names) <= 40


@pytest.mark.parametrize("bad", [{"cell": "b"}, {"ligand": "F42A"}, {"trafficking": "no"},
                                 {"cells": "treg"}])
def test_bad_option_raises(bad):
    with pytest.raises(sigsim.ModelError) as info:
        sigsim.load_model("il2", **bad)
    assert list(bad)[0] in str(info.value)


def test_rest_is_steady(models):
    """Defaults describe resting cells: synthesis balances internalization without ligand."""
    m = models["nk"]
    res = sigsim.simulate(m, t=[0.0, 240.0], **TOL)
    y0, y1 = res.y[0, 0], res.y[0, -1]
    assert np.allclose(y1, y0, rtol=1e-8, atol=1e-15)
    assert res["pSTAT5"][0, -1] == 0.0


def test_pstat5_ec50_by_cell_type(ec50):
    """Farhat 2021 data (30-min pSTAT5, human PBMC, one donor, replicate 1): Treg ~0.045 nM,
    CD8 ~2.6 nM, NK ~1.6 nM, T helper ~1.7 nM (log-linear interpolation; Hill fits give
    0.041, 2.8, 1.6, 1.5 nM). k5rev and kp_STAT5 were fitted to these, so the bands check
    the order of magnitude and the separation of the cell types."""
    treg, cd8, nk, th = (ec50[c].mid for c in CELLS)
    assert 0.005 <= treg <= 0.15
    assert 0.3 <= cd8 <= 10.0
    assert 0.3 <= nk <= 10.0
    assert 0.05 <= th <= 10.0
    assert cd8 / treg >= 15.0           # measured ~58
    assert nk / treg >= 10.0            # measured ~36


def test_high_affinity_threshold_near_10pM(models, ec50):
    """Tkach 2014: IL-2 response threshold ~10 pM for high-affinity (IL-2Ralpha+) cells;
    at 10 pM Treg respond partially, CD8 T cells (no IL-2Ralpha) essentially not."""
    res = {c: sigsim.simulate(models[c], t=[0.0, 30.0], y0={"IL2": [0.001, 0.01]},
                              preequilibrate=True, **TOL)["pSTAT5"][:, -1] for c in ("treg", "cd8")}
    treg_top, cd8_top = ec50["treg"].top, ec50["cd8"].top
    assert 0.1 <= res["treg"][1] / treg_top <= 0.5
    assert res["treg"][0] / treg_top <= 0.05       # 1 pM: below threshold
    assert res["cd8"][1] / cd8_top <= 0.02


@pytest.mark.parametrize("mutein", ["F42K", "R38A"])
def test_muteins_lose_treg_advantage(ec50, mutein):
    """F42K/R38A lose IL-2Ralpha binding (Sauve 1991) and favour IL-2Rbeta/gamma-c cells
    (Sim 2016: F42K expands NK rather than Treg)."""
    mt = {c: _ec50(sigsim.load_model("il2", cell=c, ligand=mutein)) for c in ("treg", "cd8", "nk")}
    wt_ratio = ec50["cd8"].mid / ec50["treg"].mid
    mt_ratio = mt["cd8"].mid / mt["treg"].mid
    assert mt_ratio <= 3.0 and mt_ratio <= wt_ratio / 10.0
    assert mt["treg"].mid >= 10.0 * ec50["treg"].mid
    # NK carry almost no IL-2Ralpha: their response is nearly unchanged
    assert mt["nk"].mid == pytest.approx(ec50["nk"].mid, rel=0.15)


def test_il15_signals_through_il2rb_gc(models):
    """IL-15 gives pSTAT5 in NK cells through IL-2Rbeta/gamma-c (Farhat 2021 model), and
    none without IL-2Rbeta."""
    fit = _ec50(models["nk"], ligand="IL15")
    assert 0.03 <= fit.mid <= 10.0 and fit.top >= 0.3
    res = sigsim.simulate(models["nk"], t=[0.0, 30.0], y0={"IL15": 10.0}, preequilibrate=True,
                          params={"N_IL2Rb": [0.0, 8503.0]}, **TOL)
    assert res["pSTAT5"][0, -1] <= 1e-9
    assert res["pSTAT5"][1, -1] >= 0.3
    assert res["pSTAT3"][1, -1] <= 1e-9


def test_il15_potency_by_cell_type(models, ec50):
    """30-min IL-15 pSTAT5 EC50s (Farhat 2021 data, Hill fits of replicate 1: NK 0.86, CD8 1.0,
    Treg 0.61 nM). IL-15 parameters are Farhat's and were not refitted here, so this is an
    out-of-fit check: all near 1 nM; Treg ~15x more sensitive to IL-2 than to IL-15, CD8 T
    cells more sensitive to IL-15 than to IL-2."""
    fit = {c: _ec50(models[c], ligand="IL15") for c in ("treg", "cd8", "nk")}
    for c, f in fit.items():
        assert 0.1 <= f.mid <= 5.0, c
    assert fit["treg"].mid / ec50["treg"].mid >= 5.0
    assert fit["cd8"].mid < ec50["cd8"].mid


def test_il21_gives_pstat3_not_pstat5(models):
    """IL-21 signals through IL-21R/gamma-c to STAT3 (and STAT1), not STAT5."""
    res = sigsim.simulate(models["cd8"], t=[0.0, 30.0], y0={"IL21": 1.0}, preequilibrate=True,
                          params={"N_gc": [12407.0, 0.0]}, **TOL)
    assert res["pSTAT3"][0, -1] >= 0.3
    assert res["pSTAT3"][0, -1] > res["pSTAT1"][0, -1] > 0.0
    assert res["pSTAT5"][0, -1] <= 1e-9
    assert res["pSTAT3"][1, -1] <= 1e-9          # no gamma-c, no signal


def test_ligand_induced_il2rb_downregulation(models):
    """Active complexes are internalized faster than free receptors (Fallon 2000) and
    internalized IL-2Rbeta is degraded (Hemar 1995), so 1 nM IL-2 or IL-15 lowers surface
    IL-2Rbeta. Ring 2012 data on IL-2Ralpha- YT-1 NK cells (as used by Farhat 2021,
    IL2Ra-_surface_IL2RB_datasets.csv): at 90 min ~69% left with IL-2, ~47% with IL-15
    (a different cell line than the model's PBMC NK cells, hence wide bands). Without
    trafficking, nothing changes."""
    res = sigsim.simulate(models["nk"], t=[0.0, 60.0, 90.0], y0={"IL2": [1.0, 0.0],
                          "IL15": [0.0, 1.0]}, preequilibrate=True, **TOL)
    r = res["IL2Rb_surface"] / 8503.0
    assert np.allclose(r[:, 0], 1.0, rtol=1e-6)
    assert 0.6 <= r[0, -1] <= 0.95              # IL-2
    assert 0.3 <= r[1, -1] <= 0.8               # IL-15
    assert r[1, -1] < r[0, -1] and r[0, -1] < r[0, 1]
    m = sigsim.load_model("il2", cell="nk", trafficking=False)
    r = sigsim.simulate(m, t=[0.0, 60.0], y0={"IL2": 10.0}, preequilibrate=True,
                        **TOL)["IL2Rb_surface"][0]
    assert r[-1] == pytest.approx(r[0], rel=1e-8)


def _stimulated(model, method="auto", t=np.linspace(0.0, 60.0, 7)):
    return sigsim.simulate(model, t=t, y0={"IL2": 0.1, "IL15": 0.5, "IL21": 0.2},
                           preequilibrate=True, method=method, **TOL)


def test_conservation_without_trafficking():
    """Without trafficking, each receptor chain and each ligand is conserved; STATs always."""
    m = sigsim.load_model("il2", cell="treg", trafficking=False)
    res = _stimulated(m)
    names = m.species_names
    Y = res.y[0]                       # (n_times, n_species)

    def total(cols):
        return sum(Y[:, names.index(c)] for c in cols)

    groups = {
        "IL2Ra": ["IL2Ra", "IL2Ra_endo", "IL2_A", "IL2_A_B", "IL2_A_g", "IL2_A_B_g"],
        "IL2Rb": ["IL2Rb", "IL2_B", "IL2_A_B", "IL2_B_g", "IL2_A_B_g",
                  "IL15_B", "IL15_A_B", "IL15_B_g", "IL15_A_B_g"],
        "gc": ["gc", "IL2_A_g", "IL2_B_g", "IL2_A_B_g", "IL15_A_g", "IL15_B_g", "IL15_A_B_g",
               "IL21_R_gc"],
        "IL21R": ["IL21R", "IL21_R", "IL21_R_gc"],
        "IL2": ["IL2", "IL2_A", "IL2_B", "IL2_A_B", "IL2_A_g", "IL2_B_g", "IL2_A_B_g"],
        "IL15": ["IL15", "IL15_A", "IL15_B", "IL15_A_B", "IL15_A_g", "IL15_B_g", "IL15_A_B_g"],
        "IL21": ["IL21", "IL21_R", "IL21_R_gc"],
        "STAT5": ["STAT5", "STAT5_p"], "STAT3": ["STAT3", "STAT3_p"],
        "STAT1": ["STAT1", "STAT1_p"], "AKT": ["AKT", "AKT_p"], "ERK": ["ERK", "ERK_p"],
    }
    for what, cols in groups.items():
        tot = total(cols)
        assert np.max(np.abs(tot - tot[0])) <= 1e-8 * tot[0], what
    # something actually happened
    assert res["pSTAT5"][0, -1] > 0.05 and res["pSTAT3"][0, -1] > 0.05
    # with trafficking the intracellular totals are still conserved
    res = _stimulated(sigsim.load_model("il2", cell="treg"))
    Y = res.y[0]
    for X in ("STAT5", "STAT3", "STAT1", "AKT", "ERK"):
        tot = total([X, X + "_p"])
        assert np.max(np.abs(tot - tot[0])) <= 1e-8 * tot[0], X


@pytest.mark.parametrize("cell", ["treg", "nk"])
def test_nonnegative(models, cell):
    res = _stimulated(models[cell], t=np.linspace(0.0, 120.0, 25))
    assert res.ok
    assert res.y.min() >= -1e-12


def test_agrees_with_scipy_radau(models):
    t = np.linspace(0.0, 60.0, 13)
    a = _stimulated(models["treg"], t=t)["pSTAT5"][0]
    b = _stimulated(models["treg"], method="scipy-radau", t=t)["pSTAT5"][0]
    assert np.max(np.abs(a - b)) <= 1e-5 * np.max(np.abs(b))
    assert np.max(b) > 0.05
