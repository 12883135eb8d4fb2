"""Tests of the IL-1 -> NF-kB model (models/il1.py): behaviour against the literature,
conservation, non-negativity, scipy cross-check and options."""

import itertools

import numpy as np
import pytest

import sigsim

TOL = dict(rtol=1e-8, atol=1e-12)
NG_PER_ML_IL1B = 1.0 / 17.5          # nM per ng/mL of IL-1beta (17.5 kDa)


@pytest.fixture(scope="module")
def model():
    return sigsim.load_model("il1")


@pytest.fixture(scope="module")
def auto_model():
    return sigsim.load_model("il1", autoamplification=True)


@pytest.fixture(scope="module")
def stimulated(model):
    """IL-1beta 1 and 10 ng/mL, IL-1alpha and IL-1Ra present too, every 5 min for 4 h."""
    t = np.linspace(0.0, 240.0, 49)
    y0 = {"IL1b": np.array([1.0, 10.0]) * NG_PER_ML_IL1B, "IL1a": 0.01, "IL1Ra": 0.5}
    res = sigsim.simulate(model, t=t, y0=y0, preequilibrate=True, **TOL)
    assert res.ok
    return t, res


def test_options_build_and_validate():
    for cell, auto, decoy in itertools.product(("fibroblast", "monocyte"), (False, True),
                                               (False, True)):
        m = sigsim.load_model("il1", cell=cell, autoamplification=auto, soluble_decoy=decoy)
        m.validate(require_units=True, require_sources=True)
        assert ("sIL1R2" in m.species_names) == decoy
    with pytest.raises(sigsim.ModelError, match="colour"):
        sigsim.load_model("il1", colour="red")
    with pytest.raises(sigsim.ModelError, match="fibroblast"):
        sigsim.load_model("il1", cell="neuron")
    with pytest.raises(sigsim.ModelError, match="autoamplification"):
        sigsim.load_model("il1", autoamplification="yes")


def test_rest_state(model):
    """Cells at rest: little nuclear NF-kB (Hoffmann 2002: ~1-3% of NF-kB nuclear before
    stimulation), no IKK activity, a steady state."""
    ss = sigsim.steady_state(model, **TOL)
    assert ss.converged.all()
    y = ss.to_dict()
    assert y["NFkB_n"] / 100.0 < 0.01
    assert y["IKKa"] < 1e-9


def test_ikba_degraded_and_nfkb_nuclear_within_15_to_30_min(stimulated):
    """IL-1beta at 1-10 ng/mL degrades IkBa and moves NF-kB into the nucleus within about
    15-30 min (IL-1beta NF-kB translocation peaks ~20-30 min in single cells, Adamson et al.
    2016; IkBa degradation kinetics as in the Hoffmann 2002 module)."""
    t, res = stimulated
    ikba, nfkb = res["IkBa"], res["NFkB_nuc"]
    for i in range(2):
        assert ikba[i, t == 20][0] < 0.6 * ikba[i, 0]          # IkBa degraded by 20 min
        assert 15 <= t[np.argmin(ikba[i, t <= 60])] <= 30       # lowest IkBa at 15-30 min
        assert nfkb[i, t == 30][0] > 0.5                         # most NF-kB nuclear at 30 min
        assert nfkb[i, t == 30][0] > 20 * nfkb[i, 0]
        assert 20 <= t[np.argmax(nfkb[i])] <= 40
        # IKK activity comes first (peak 10-25 min) and falls (A20, IKK inactivation)
        ikk = res["IKK_active"][i]
        assert 10 <= t[np.argmax(ikk)] <= 25 and ikk[t == 90][0] < 0.5 * ikk.max()


def test_negative_feedback_by_ikba_and_a20(model):
    """Without NF-kB-induced IkBa resynthesis, or without A20, nuclear NF-kB stays higher
    and longer (Hoffmann 2002 IkBa feedback; Lipniacki 2004 A20 feedback)."""
    t = np.linspace(0.0, 240.0, 49)
    res = sigsim.simulate(model, t=t, y0={"IL1b": 0.1}, preequilibrate=True,
                          params={"tx_IkBa": [0.00099, 0.0, 0.00099],
                                  "tx_A20": [3e-5, 3e-5, 0.0]}, **TOL)
    assert res.ok
    nf, ikk = res["NFkB_nuc"], res["IKK_active"]
    late = (t >= 60) & (t <= 120)
    wt, no_ikba, no_a20 = nf
    assert no_ikba[late].min() > 0.5 and wt[late].max() < 0.1      # stays nuclear
    area = nf[:, t >= 30].sum(axis=1)
    assert area[1] > 3 * area[0] and area[2] > 1.2 * area[0]
    assert no_a20[t == 60][0] > 2 * wt[t == 60][0]                   # slower exit
    assert ikk[2, t >= 60].mean() > 1.5 * ikk[0, t >= 60].mean()      # A20 shuts IKK off


def test_il1ra_needs_large_molar_excess(model):
    """IL-1Ra (pre-incubated, then IL-1beta 1 ng/mL) halves the NF-kB response only at a
    large molar excess over IL-1beta: >= 10-fold, typically ~100-fold (Arend 2002; Dinarello
    1996), although its affinity for IL-1R1 is high (70 pM, Svenson 1993): few occupied
    receptors are enough for a response."""
    il1b = 1.0 * NG_PER_ML_IL1B
    ratios = np.array([0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0])
    res = sigsim.simulate(model, t=np.array([0.0, 30.0]), y0={"IL1b": np.full(9, il1b)},
                          preequilibrate={"y0": {"IL1Ra": il1b * ratios}}, **TOL)
    assert res.ok
    nf = res["NFkB_nuc"][:, 1]
    rest = res["NFkB_nuc"][0, 0]
    frac = (nf - rest) / (nf[0] - rest)
    assert frac[1] > 0.9                                  # equimolar IL-1Ra: < 10 % inhibition
    assert frac[-1] < 0.2
    assert np.all(np.diff(frac[3:]) < 0)                   # from 10-fold on, more inhibits more
    k = np.flatnonzero(frac < 0.5)[0]
    x = np.log(ratios[k - 1:k + 1])
    ic50 = np.exp(np.interp(0.5, frac[[k, k - 1]], x[::-1]))
    assert 10.0 <= ic50 <= 1000.0


def test_autoamplification_switch(model, auto_model):
    """With caspase-1 active (signal 2 from t = 0) the basal pro-IL-1beta of resting cells is
    released; only when released IL-1beta feeds back on IL-1R1 does it ignite an NF-kB
    response and much more IL-1beta release (IL-1beta-driven IL-1beta production, Lachmann
    et al. 2009)."""
    t = np.array([0.0, 120.0, 240.0, 480.0])
    kw = dict(t=t, params={"k_casp1": 0.005}, preequilibrate={"params": {"k_casp1": 0.0}},
              **TOL)
    off = sigsim.simulate(model, **kw)
    on = sigsim.simulate(auto_model, **kw)
    assert off.ok and on.ok
    assert off["IL1b_secreted"][0, 0] == 0.0 and on["IL1b_secreted"][0, 0] == 0.0
    assert on["IL1b_secreted"][0, -1] > 50 * off["IL1b_secreted"][0, -1]
    assert on["IL1b_secreted"][0, -1] > 0.02                     # > 0.35 ng/mL
    assert off["NFkB_nuc"][0].max() < 0.01 < on["IKK_active"][0].max()
    assert np.all(off["IL1b"] == 0.0)


def test_conservation(stimulated, model):
    """Totals the model conserves stay constant along a stimulated run (1e-8 relative)."""
    _, res = stimulated
    groups = {
        "NFkB": ["NFkB", "NFkB_n", "IkBa_NFkB", "IkBa_NFkB_n", "IKK_IkBa_NFkB"],
        "IKK": ["IKKn", "IKKa", "IKKi", "IKK_IkBa", "IKK_IkBa_NFkB"],
        "IL1R1": ["IL1R1", "IL1b_R1", "IL1a_R1", "IL1Ra_R1", "IL1b_R1_AcP", "IL1a_R1_AcP"],
        "IL1RAcP": ["IL1RAcP", "IL1b_R1_AcP", "IL1a_R1_AcP"],
        "IL1R2": ["IL1R2", "IL1b_R2", "IL1Ra_R2"],
        "IL1Ra": ["IL1Ra", "IL1Ra_R1", "IL1Ra_R2"],
        "MyD88": ["MyD88", "MyD88a"], "IRAK4": ["IRAK4", "IRAK4a"],
        "TRAF6": ["TRAF6", "TRAF6a"], "TAK1": ["TAK1", "TAK1a"],
    }
    for name, members in groups.items():
        total = sum(res[s] for s in members)
        assert np.all(np.abs(total - total[:, :1]) <= 1e-8 * total[:, :1]), name
    assert np.allclose(res["NFkB"] + res["NFkB_n"] + res["IkBa_NFkB"] + res["IkBa_NFkB_n"]
                       + res["IKK_IkBa_NFkB"], 100.0, rtol=1e-8)


def test_nonnegative(stimulated, model):
    _, res = stimulated
    for s in model.species_names:
        assert res[s].min() >= -1e-12, s


def test_numba_agrees_with_scipy_radau(model):
    t = np.linspace(0.0, 240.0, 25)
    kw = dict(t=t, y0={"IL1b": 0.1}, preequilibrate=True, **TOL)
    a = sigsim.simulate(model, **kw)
    b = sigsim.simulate(model, method="scipy-radau", **kw)
    assert a.ok and b.ok
    peak = a["NFkB_nuc"].max()
    assert np.max(np.abs(a["NFkB_nuc"] - b["NFkB_nuc"])) <= 1e-5 * peak


def test_soluble_decoy_traps_il1b_not_il1a():
    """Soluble IL-1R2 binds IL-1beta (Kd 200 pM) but not IL-1alpha (shIL-1RII abstract, see
    SOURCES 'shil1r2_200pM'): 10 nM of it slows IkBa degradation by IL-1beta (1 ng/mL) and
    leaves the IL-1alpha response unchanged."""
    m = sigsim.load_model("il1", soluble_decoy=True)
    dose = 1.0 * NG_PER_ML_IL1B
    res = sigsim.simulate(m, t=np.array([0.0, 20.0, 30.0]),
                          y0={"IL1b": [dose, dose, 0.0, 0.0], "IL1a": [0.0, 0.0, dose, dose]},
                          params={"sIL1R2_0": [0.0, 10.0, 0.0, 10.0]}, preequilibrate=True,
                          **TOL)
    assert res.ok
    ikba20 = res["IkBa"][:, 1]
    assert ikba20[1] > 1.1 * ikba20[0]
    assert ikba20[3] == pytest.approx(ikba20[2], rel=1e-6)
    assert res["IL1b_sIL1R2"][1, 1] > 0.9 * dose                 # most IL-1beta trapped


def test_monocyte_context_responds():
    """Monocytes carry fewer IL-1R1 and more decoy IL-1R2, yet IL-1beta 1-10 ng/mL still
    moves most NF-kB into the nucleus by 30 min (same targets as the fibroblast default)."""
    m = sigsim.load_model("il1", cell="monocyte")
    res = sigsim.simulate(m, t=np.array([0.0, 30.0]),
                          y0={"IL1b": np.array([1.0, 10.0]) * NG_PER_ML_IL1B},
                          preequilibrate=True, **TOL)
    assert res.ok
    assert np.all(res["NFkB_nuc"][:, 1] > 0.5)
    fib = sigsim.load_model("il1")
    assert res["IL1R1"][0, 0] < 0.2 * fib.initial_values()[fib.species_names.index("IL1R1")]
