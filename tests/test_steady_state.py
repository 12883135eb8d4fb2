"""steady_state() and pre-equilibration against analytic steady states."""

import numpy as np
import pytest
from conftest import binding

import sigsim


def quadratic_complex(kd, L0, R0):
    b = L0 + R0 + kd
    return (b - np.sqrt(b * b - 4 * L0 * R0)) / 2


def test_binding_steady_state_with_conservation(binding_model):
    kon = np.array([0.01, 0.1, 1.0])
    ss = sigsim.steady_state(binding_model, params={"kon": kon})
    assert ss.converged.all()
    np.testing.assert_allclose(ss["C"], quadratic_complex(0.01 / kon, 1.0, 0.5), rtol=1e-8)
    np.testing.assert_allclose(ss["R"] + ss["C"], 0.5, rtol=1e-12)
    assert "3/3 converged" in repr(ss)


def test_turnover_steady_state():
    m = sigsim.Model("turnover", time_unit="min")
    m.species("R", 0.0, unit="nM")
    m.species("C", 0.0, unit="nM")
    m.parameter("ksyn", 0.2, unit="nM/min", source="assumed")
    m.parameter("kdeg", 0.05, unit="1/min", source="assumed")
    m.parameter("kint", 0.3, unit="1/min", source="assumed")
    m.reaction("-> R", "ksyn")
    m.reaction("R ->", "kdeg*R")
    m.reaction("R -> C", "kint*R")
    m.reaction("C ->", "kdeg*C")
    ss = sigsim.steady_state(m)
    assert ss.converged[0]
    r = 0.2 / 0.35
    assert ss["R"][0] == pytest.approx(r, rel=1e-10)
    assert ss["C"][0] == pytest.approx(0.3 * r / 0.05, rel=1e-10)


def test_preequilibration_then_stimulus():
    m = binding(L0=0.0, R0=0.5)
    t = np.array([0.0, 1e4])
    # at rest there is no ligand; the y0 stimulus is applied after pre-equilibration
    res = sigsim.simulate(m, t, y0={"L": 1.0}, preequilibrate=True, rtol=1e-10, atol=1e-14)
    assert res["L"][0, 0] == 1.0 and res["C"][0, 0] == 0.0
    assert res["C"][0, -1] == pytest.approx(quadratic_complex(0.1, 1.0, 0.5), rel=1e-7)


def test_preincubation_duration_broadcasts():
    m = binding(L0=0.0, R0=0.5)
    # 30 min pre-incubation with ligand doses: C at t=0 follows the binding kinetics
    res = sigsim.simulate(m, [0.0, 1.0], preequilibrate={"y0": {"L": [0.5, 1.0]}, "duration": 30.0},
                          rtol=1e-10, atol=1e-14)
    ref = sigsim.simulate(m, [0.0, 30.0], y0={"L": [0.5, 1.0]}, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(res["C"][:, 0], ref["C"][:, -1], rtol=1e-9)


def test_preequilibration_errors(binding_model):
    with pytest.raises(sigsim.SimulationError, match="unknown keys"):
        sigsim.simulate(binding_model, [0, 1], preequilibrate={"time": 3})
    with pytest.raises(sigsim.ModelError, match="Lx"):
        sigsim.simulate(binding_model, [0, 1], preequilibrate={"y0": {"Lx": 1.0}})


def test_integration_fallback_when_newton_fails():
    # two Newton iterations cannot reach the tight binding equilibrium from the start;
    # integration brings the state close and Newton polishes it
    m = binding(kon=100.0, koff=0.01, L0=1.0, R0=0.5)
    ss = sigsim.steady_state(m, max_iter=2)
    assert ss.converged[0] and ss.integrated[0] and ss.time_integrated[0] > 0
    assert ss["C"][0] == pytest.approx(quadratic_complex(1e-4, 1.0, 0.5), rel=1e-8)


def test_no_steady_state_is_reported():
    m = sigsim.Model("growth")
    m.species("A", 1.0)
    m.parameter("k", 0.1)
    m.reaction("-> A", "k")
    with pytest.warns(UserWarning, match="steady state not reached"):
        ss = sigsim.steady_state(m, t_max=1e3)
    assert not ss.converged[0] and ss.status[0] != 0
    assert "0/1 converged" in repr(ss)


def _resting_receptor_model():
    """Ligand L (absent), receptor R, complex C; C phosphorylates S. At rest nothing moves."""
    m = sigsim.Model("rest", time_unit="min")
    m.parameter("kon", 0.1, unit="1/(nM*min)", source="assumed")
    m.parameter("kp", 0.5, unit="1/(nM*min)", source="assumed")
    m.species("L", 0.0, unit="nM")
    m.species("R", 0.002, unit="nM")
    m.species("C", 0.0, unit="nM")
    m.species("S", 100.0, unit="nM")
    m.species("pS", 0.0, unit="nM")
    m.reaction("L + R -> C", "kon*L*R")
    m.reaction("S -> pS", "kp*C*S")
    return m


def test_degenerate_rest_state_is_a_steady_state():
    """Cells at rest without ligand: f = 0 exactly, but the Newton matrix is singular (nothing
    downstream of the receptor moves). The rest state itself is the steady state, and a
    stimulus after pre-equilibration then matches the same run from the rest state."""
    m = _resting_receptor_model()
    ss = sigsim.steady_state(m)
    assert ss.converged.all() and not ss.integrated.any()
    np.testing.assert_array_equal(ss.y[0], m.initial_values())
    pre = sigsim.simulate(m, [0, 10], y0={"L": 1.0}, preequilibrate=True)
    plain = sigsim.simulate(m, [0, 10], y0={"L": 1.0})
    assert pre.ok
    np.testing.assert_allclose(pre["pS"], plain["pS"], rtol=1e-12)
    assert pre["pS"][0, -1] > 0.1   # the stimulus did act


@pytest.mark.parametrize("linear_solver", ["dense", "sparse"])
def test_long_horizon_at_rest_needs_few_steps(linear_solver):
    """W = I/(h gamma) - J at huge steps, with J singular (conservation laws) and entries from
    1e-4 to 50: the pivot tests are relative to each row, so steps grow freely instead of
    cycling between growth and pivot failures (measured before: 100,000 steps and MAX_STEPS
    with the dense LU, whose test was relative to the largest entry of the whole matrix)."""
    m = _resting_receptor_model()
    res = sigsim.simulate(m, [0.0, 1e6, 1e8], linear_solver=linear_solver)
    assert res.ok
    assert res.stats[0, 0] < 100
    np.testing.assert_array_equal(res.y[0, -1], m.initial_values())


def test_conservation_with_a_small_dependent_member():
    """The first-declared member of a conserved total (here free receptor, 1e-5 of the total
    once almost all is bound) is the law's dependent species: the law's residual must be judged
    against the total, or the total's roundoff blocks convergence at tight tolerances."""
    m = sigsim.Model("small_dep", time_unit="min")
    m.parameter("kon", 1.0, unit="1/(nM*min)", source="assumed")
    m.parameter("koff", 1e-3, unit="1/min", source="assumed")
    m.species("R", 100.0, unit="nM")
    m.species("L", 1000.0, unit="nM")
    m.species("C", 0.0, unit="nM")
    m.reaction("L + R -> C", "kon*L*R")
    m.reaction("C -> L + R", "koff*C")
    ss = sigsim.steady_state(m, rtol=1e-10, atol=1e-14)
    assert ss.converged.all()
    R, L, C = ss["R"][0], ss["L"][0], ss["C"][0]
    np.testing.assert_allclose(R + C, 100.0, rtol=1e-12)
    np.testing.assert_allclose(L + C, 1000.0, rtol=1e-12)
    np.testing.assert_allclose(R * L / C, 1e-3, rtol=1e-8)     # KD = koff/kon
