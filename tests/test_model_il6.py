"""Behaviour of the IL-6 model (models/il6.py): classic and trans-signaling, SOCS3 feedback,
serum buffer, conservation, non-negativity, scipy cross-check and options.

One compiled structure serves every test: the cell contexts differ only in parameter values
(the IL-6R-negative context is N_IL6R = 0), so the behaviour checks pass N_IL6R/N_gp130 as
parameters to the hepatocyte model and the option tests check that the built contexts carry
exactly those values.
"""

import numpy as np
import pytest

import sigsim

TOL = dict(rtol=1e-8, atol=1e-12)
NO_TRAFFICKING = {"k_int": 0.0, "kdeg_IL6R": 0.0, "kdeg_gp130": 0.0}
T_COURSE = np.arange(0.0, 181.0, 5.0)


@pytest.fixture(scope="module")
def model():
    m = sigsim.load_model("il6")
    m.validate(require_units=True, require_sources=True)
    return m


@pytest.fixture(scope="module")
def course(model):
    """50 pM IL-6 on HepG2-like cells, with and without SOCS3 induction (set 0 / set 1)."""
    res = sigsim.simulate(model, t=T_COURSE, y0={"IL6": 0.05}, preequilibrate=True,
                          params={"ktx_SOCS3": [model.parameter_info("ktx_SOCS3").value, 0.0]},
                          **TOL)
    assert res.ok, res.messages
    return res


def _value(m, name):
    return m.parameter_info(name).value


# --------------------------------------------------------------------------- options
def test_cell_contexts_build_and_validate(model):
    neg = sigsim.load_model("il6", cell="il6r_negative")
    neg.validate(require_units=True, require_sources=True)
    assert _value(neg, "N_IL6R") == 0.0
    assert _value(neg, "N_gp130") == _value(model, "N_gp130")
    assert neg.digest() == model.digest()          # same structure, other values
    iv = dict(zip(neg.species_names, neg.initial_values()))
    assert iv["IL6R"] == 0.0 and iv["gp130"] > 0
    hep = dict(zip(model.species_names, model.initial_values()))
    # 1200 IL-6R per cell at 1e9 cells/L = 1200e9/NA nM of medium
    assert hep["IL6R"] == pytest.approx(1200 * 1e9 / 6.02214076e14, rel=1e-12)
    r = sigsim.load_model("il6", il6r_gp130_ratio=0.5)
    assert _value(r, "N_IL6R") == pytest.approx(0.5 * _value(r, "N_gp130"))


@pytest.mark.parametrize("kwargs", [
    {"cell": "liver"}, {"context": "hepatocyte"}, {"il6r_gp130_ratio": -1.0},
    {"il6r_gp130_ratio": "high"}, {"cell": "il6r_negative", "il6r_gp130_ratio": 0.5},
])
def test_bad_options_raise(kwargs):
    with pytest.raises(sigsim.ModelError) as err:
        sigsim.load_model("il6", **kwargs)
    bad = next(iter(kwargs)) if len(kwargs) == 1 else "il6r_gp130_ratio"
    assert bad in str(err.value)


# --------------------------------------------------------------------------- rest
def test_defaults_are_a_resting_steady_state(model):
    """Without ligand, synthesis balances turnover: the defaults are the steady state."""
    ss = sigsim.steady_state(model, **TOL)
    assert ss.converged.all()
    y0 = model.initial_values()
    np.testing.assert_allclose(ss.y[0], y0, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- behaviour
def test_pstat3_peaks_then_declines_through_socs3(model, course):
    """pSTAT3 after IL-6 peaks within 15-60 min and falls back through SOCS3 induction
    (issue target; SOCS3 feedback in hepatocytes: Singh 2006, Sobotta 2017). With SOCS3
    induction off (ktx_SOCS3 = 0) pSTAT3 stays high late."""
    p, p_off = course["pSTAT3"]
    t = course.t
    i_peak = int(np.argmax(p))
    assert 15.0 <= t[i_peak] <= 60.0
    assert p[0] == pytest.approx(0.0, abs=1e-12)
    assert p[i_peak] > 0.15                          # clear response to 50 pM IL-6
    i120 = int(np.searchsorted(t, 120.0))
    assert p[i120] < 0.6 * p[i_peak]                 # declines
    assert p_off[i120] > 2.0 * p[i120]               # ... because of SOCS3
    assert p_off[i120] > 0.9 * p_off.max()           # without SOCS3: sustained
    assert course["SOCS3"][0, i120] > 1.0 and course["SOCS3"][1].max() == 0.0
    # the other branches and the transcriptional readout respond too
    assert course["pERK"][0].max() > 0.05
    assert course["pAKT"][0].max() > 0.05
    assert course["target_gene"][0].max() > 5.0
    assert course["classic_share"][0, -1] == pytest.approx(1.0)


def test_dose_response_is_graded_around_50_pM(model):
    """pSTAT3 at 30 min rises monotonically with IL-6 and 50 pM sits in the graded part of
    the curve (EC50 tens of pM, as the 21 pM high-affinity HepG2 sites, Sonne 1990), so that
    anti-IL-6R potency can be read at 50 pM IL-6 in a HepG2 reporter (Rafique 2013, V11)."""
    doses = np.geomspace(1e-3, 3.0, 10)
    res = sigsim.simulate(model, t=[0.0, 30.0], preequilibrate=True, y0={"IL6": doses}, **TOL)
    assert res.ok
    y = res["pSTAT3"][:, -1]
    assert np.all(np.diff(y) > 0)
    ec50 = np.exp(np.interp(0.5 * y[-1], y, np.log(doses)))
    assert 0.01 < ec50 < 0.2
    at_50pM = np.interp(np.log(0.05), np.log(doses), y)
    assert 0.25 * y[-1] < at_50pM < 0.75 * y[-1]


def test_il6r_negative_cells_respond_only_with_sil6r(model):
    """Cells without IL-6R answer IL-6 only through sIL-6R (trans-signaling;
    Rose-John, Int J Biol Sci 2012 8:1237, doi:10.7150/ijbs.4989; Reeh 2019)."""
    res = sigsim.simulate(model, t=[0.0, 15.0, 30.0, 60.0], preequilibrate=True,
                          params={"N_IL6R": 0.0},
                          y0={"IL6": 0.05, "sIL6R": [0.0, 1.0]}, **TOL)
    assert res.ok
    alone, with_sr = res["pSTAT3"]
    assert np.all(np.abs(alone) < 1e-12)
    assert with_sr.max() > 0.1
    assert res["trans_share"][1, -1] == pytest.approx(1.0)


def test_trans_signaling_grows_with_gp130_over_il6r(model):
    """Trans-signaling response grows with gp130 relative to IL-6Ralpha (Reeh 2019,
    Cell Commun Signal 17:46): IL-6 + sIL-6R on IL-6R+ cells with IL-6R:gp130 = 2, 0.5,
    0.08 (trans share of complexes), and on IL-6R-negative cells with rising gp130 (pSTAT3)."""
    gp = [600.0, 2400.0, 15000.0]
    res = sigsim.simulate(model, t=[0.0, 30.0], preequilibrate=True,
                          params={"N_IL6R": [1200.0] * 3 + [0.0] * 3, "N_gp130": gp * 2},
                          y0={"IL6": 0.05, "sIL6R": 1.0}, **TOL)
    assert res.ok
    share = res["trans_share"][:3, -1]
    assert np.all(np.diff(share) > 0) and share[-1] - share[0] > 0.15
    trans_per_cell = (res["RC_trans"] + res["RCp_trans"])[:3, -1] * 6.02214076e14 / 1e9
    assert np.all(np.diff(trans_per_cell) > 0)
    p_trans = res["pSTAT3"][3:, -1]
    assert np.all(np.diff(p_trans) > 0) and p_trans[-1] > 1.4 * p_trans[0]


def test_serum_buffer_leaves_most_il6_free(model):
    """At serum sIL-6R ~1 nM and sgp130 ~3 nM (Dwivedi 2014 Discussion) and IL-6 4e-4 nM,
    most IL-6 stays free (Baran 2018, J Biol Chem 293:6762). Medium only (no receptors);
    equilibrium checked against the closed form 1/(1 + sR/KD1*(1 + sgp/KDs)). With the
    membrane hexamer's KD (0.05 nM) for sgp130 most IL-6 would be trapped instead."""
    koff_hexamer = _value(model, "koff_gp130")
    res = sigsim.simulate(model, t=[0.0, 5000.0],
                          params={"N_IL6R": 0.0, "N_gp130": 0.0,
                                  "koff_sgp130": [_value(model, "koff_sgp130"), koff_hexamer]},
                          y0={"IL6": 4e-4, "sIL6R": 1.0, "sgp130": 3.0}, **TOL)
    assert res.ok
    free = res["free_IL6_fraction"][:, -1]
    kd1 = _value(model, "koff_IL6R") / _value(model, "kon_IL6R")
    kds = _value(model, "koff_sgp130") / _value(model, "kon_sgp130")
    assert free[0] == pytest.approx(1.0 / (1.0 + 1.0 / kd1 * (1.0 + 3.0 / kds)), rel=1e-3)
    assert free[0] > 0.5
    assert free[1] < 0.2


def test_high_affinity_il6_binding_matches_hepg2(model):
    """Equilibrium IL-6 binding without trafficking (binding at 4 C) gives the 21 pM
    apparent KD of the 1200 HepG2 sites (Sonne et al. 1990, Eur J Clin Invest 20:366)."""
    # integrated to equilibrium (t >> 1/(kon*IL6 + koff_eff) ~ 45 h): steady_state's Newton
    # step does not converge on this conserved system
    ss = sigsim.simulate(model, t=[0.0, 6e4, 1e5], params=NO_TRAFFICKING, y0={"IL6": 0.021},
                         **TOL)
    assert ss.ok
    ss = {n: ss[n][:, -1] for n in ("IL6", "IL6R", "IL6_IL6R", "RC_cis", "RCp_cis")}
    bound = sum(ss[n][0] for n in ("IL6_IL6R", "RC_cis", "RCp_cis"))
    kd_app = ss["IL6"][0] * ss["IL6R"][0] / bound      # free IL-6 * free IL-6R / bound
    assert kd_app == pytest.approx(0.021, rel=0.1)


# --------------------------------------------------------------------------- invariants
def _totals(res):
    g = res.__getitem__
    rc = ("RC_cis", "RCp_cis", "RC_trans", "RCp_trans")
    return {
        "STAT3": g("STAT3c") + g("STAT3n") + g("pSTAT3c") + 2 * g("D_c") + 2 * g("D_n"),
        "SHP2": g("SHP2") + g("SHP2a"), "ERK": g("ERK") + g("ERKp"),
        "PI3K": g("PI3K") + g("PI3Ka"), "AKT": g("AKT") + g("AKTp"),
        "IL6": g("IL6") + g("IL6_sIL6R") + g("IL6_sIL6R_sgp130") + g("IL6_IL6R")
        + sum(g(n) for n in rc),
        "IL6R": g("IL6R") + g("IL6_IL6R") + g("RC_cis") + g("RCp_cis"),
        "gp130": g("gp130") + sum(g(n) for n in rc),
        "sIL6R": g("sIL6R") + g("IL6_sIL6R") + g("IL6_sIL6R_sgp130")
        + g("RC_trans") + g("RCp_trans"),
        "sgp130": g("sgp130") + g("IL6_sIL6R_sgp130"),
    }


def test_conservation_and_nonnegativity(model):
    """Without trafficking every total is conserved; with it (default) the intracellular
    totals still are. All species stay non-negative."""
    y0 = {"IL6": 0.05, "sIL6R": 1.0, "sgp130": 0.5}
    res = sigsim.simulate(model, t=np.linspace(0.0, 240.0, 25), preequilibrate=True,
                          params={k: [v, _value(model, k)] for k, v in NO_TRAFFICKING.items()},
                          y0=y0, **TOL)
    assert res.ok
    for name, tot in _totals(res).items():
        sets = (0, 1) if name in ("STAT3", "SHP2", "ERK", "PI3K", "AKT") else (0,)
        for i in sets:
            np.testing.assert_allclose(tot[i], tot[i, 0], rtol=1e-8, atol=0,
                                       err_msg=f"{name} (set {i})")
    assert res.y.min() >= -1e-12
    assert res["RCp_trans"][0].max() > 0 and res["RCp_cis"][0].max() > 0


def test_numba_agrees_with_scipy_radau(model, course):
    res = sigsim.simulate(model, t=T_COURSE, y0={"IL6": 0.05}, preequilibrate=True,
                          method="scipy-radau", **TOL)
    assert res.ok
    ref = course["pSTAT3"][0]
    assert np.max(np.abs(res["pSTAT3"][0] - ref)) <= 1e-5 * ref.max()
