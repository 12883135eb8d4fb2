"""Kirschner & Panetta (1998) tumor–effector–IL-2 model: the regimes of the paper as antigenicity
``c``, adoptive transfer ``s1`` and IL-2 therapy ``s2`` vary (J Math Biol 37:235, Sections 3-4;
BIOMD0000000732)."""

import numpy as np
import pytest

import sigsim

T_DAYS = np.linspace(0.0, 4000.0, 4001)
TOL = {"rtol": 1e-10, "atol": 1e-10}


@pytest.fixture(scope="module")
def model():
    return sigsim.load_model("tumor_immune_il2")


@pytest.fixture(scope="module")
def antigenicity_scan(model):
    c = [0.0, 0.02, 0.035, 0.05]
    return c, sigsim.simulate(model, T_DAYS, params={"c": c}, **TOL)


def test_builds_with_units_and_sources(model):
    model.validate(require_units=True, require_sources=True)
    assert model.species_names == ["E", "T", "IL"]
    with pytest.raises(sigsim.ModelError, match="no options"):
        sigsim.load_model("tumor_immune_il2", cell="x")


def test_non_antigenic_tumor_escapes_to_carrying_capacity(antigenicity_scan, model):
    """c = 0: no effector recruitment, the tumor grows to its carrying capacity 1/b."""
    c, res = antigenicity_scan
    T = res["T"][c.index(0.0)]
    b = model.parameter_info("b").value
    assert T[1000] > 0.99 / b
    assert res["E"][c.index(0.0), -1] < 1e-10     # effectors die out (mu2 = 0.03/day)


def test_low_antigenicity_gives_relapsing_oscillations(antigenicity_scan):
    """c = 0.02: a stable limit cycle of large amplitude: the tumor is driven below one cell and
    relapses, again and again (the paper's "long-term tumor relapse")."""
    c, res = antigenicity_scan
    T = res["T"][c.index(0.02)]
    for a, b in ((2000, 3000), (3000, 4001)):
        window = T[a:b]
        assert window.max() > 1e5 and window.min() < 1.0
    # the cycle neither grows nor decays: same extremes over successive millennia
    assert np.isclose(T[2000:3000].max(), T[3000:].max(), rtol=0.05)


def test_reference_antigenicity_gives_damped_oscillations_to_a_dormant_tumor(antigenicity_scan):
    """c = 0.035 (the paper's reference value): short oscillations that damp onto a persistent,
    small tumor (about 2e4 cells, 2e-5 of the carrying capacity); c = 0.05: a smaller one."""
    c, res = antigenicity_scan
    T = res["T"][c.index(0.035)]
    amp = [np.ptp(T[a:a + 1000]) for a in (1000, 2000, 3000)]
    assert amp[0] > amp[1] > amp[2] > 0
    assert 5e3 < T[-1] < 5e4
    T05 = res["T"][c.index(0.05), -1]
    assert 5e3 < T05 < T[-1]


def test_adoptive_transfer_clears_the_tumor_above_a_threshold(model):
    """s1 (effector influx) above a threshold eliminates the tumor; below it the tumor persists,
    smaller than untreated."""
    res = sigsim.simulate(model, T_DAYS, params={"s1": [0.0, 300.0, 1000.0]}, **TOL)
    T = res["T"]
    assert T[1, -1] > 1e3 and T[1, -1] < 0.5 * T[0, -1]
    assert T[2, 1000] < 1e-3          # below one cell within 1000 days, and staying there
    assert np.all(T[2, 1000:] < 1e-3)


def test_il2_alone_clears_only_with_runaway_effector_growth(model):
    """IL-2 therapy alone (s2) shrinks but does not clear the tumor; a dose large enough to clear
    it drives effector cells to grow without bound (p1 > mu2), the paper's toxicity caveat."""
    res = sigsim.simulate(model, np.linspace(0, 1000, 101), params={"s2": [0.0, 1e7, 1e8]},
                          **TOL)
    T, E = res["T"], res["E"]
    assert 1e3 < T[1, -1] < T[0, -1]
    assert T[2, -1] < 1.0
    # exponential growth at rate p1*I/(g1 + I) - mu2 (about 0.012/day): x3 per 100 days
    assert E[2, -1] > 1e9 and E[2, -1] > 2.5 * E[2, -11]


def test_numba_solver_matches_scipy_radau(model):
    t = np.linspace(0.0, 300.0, 61)
    ours = sigsim.simulate(model, t, rtol=1e-9, atol=1e-9)
    ref = sigsim.simulate(model, t, rtol=1e-9, atol=1e-9, method="scipy-radau")
    for s in ("E", "T", "IL"):
        scale = np.abs(ref[s]).max()
        assert np.max(np.abs(ours[s] - ref[s])) <= 1e-5 * scale, s


def test_populations_stay_non_negative(antigenicity_scan):
    c, res = antigenicity_scan
    for s in ("E", "T", "IL"):
        assert res[s].min() > -1e-6, s
