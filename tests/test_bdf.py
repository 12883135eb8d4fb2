"""The compiled variable-order BDF kernel (``method="bdf"``): accuracy against exact solutions
and stored stiff references, tolerance proportionality, failures, dense and sparse
linear algebra, and ``sigsim.simulate`` with it (outputs at and between events, boluses and
parameter steps: the parametrized event tests of ``test_kernels.py``).

Errors are in tolerance units, ``|y - y_ref| / (atol + rtol*|y_ref|)``. A BDF's global error
runs a few to a few hundred tolerance units (measured here and with scipy's BDF on the same
problems: Robertson 5.7 here, 6.2 scipy; van der Pol, eps = 1e-6, 448 here, 258 scipy with 14%
more right-hand-side evaluations), so the bounds below are the measured values with a margin,
not the Rosenbrock kernel's.
"""

import numpy as np

import sigsim
from test_kernels import (BLOWUP, DECAY, MANUFACTURED, NAN_JAC, ROBERTSON, VDP,
                          exact_manufactured, run)
from test_kernels_stiff import (ROBERTSON_ATOL, ROBERTSON_P, ROBERTSON_REF, ROBERTSON_T, RTOL,
                                VDP_ATOL, VDP_EPS, VDP_REF, VDP_T, VDP_Y0, tolerance_units)
from sigsim.solvers._status import (BAD_INPUT, LINEAR_SOLVER, MAX_STEPS, NON_FINITE,
                                    ST_ACCEPTED, ST_EVENTS, ST_JAC, ST_LU, ST_REJECTED, ST_RHS,
                                    ST_SOLVES, ST_STEPS, STEP_UNDERFLOW, SUCCESS)


def manufactured_error(rtol, t_end=3.0):
    t = np.linspace(0.0, t_end, 7)
    atol = 1e-2 * rtol
    status, y, stats = run("bdf", MANUFACTURED, t, exact_manufactured(0.0), [], rtol=rtol,
                           atol=atol)
    assert status == SUCCESS
    ref = exact_manufactured(t)
    return np.max(np.abs(y - ref) / (atol + rtol * np.abs(ref))), np.abs(y - ref).max(), stats


def test_accuracy_tolerance_proportionality_and_stats():
    """Non-autonomous nonlinear problem with an exact solution: within 20 tolerance units
    from rtol 1e-5 to 1e-10 (measured 2.1 to 13.4), the absolute error falls with the
    tolerance, and the step count shows the higher orders at work (order 1 would need ~1e5
    steps at rtol 1e-10; measured 117)."""
    errors = []
    for rtol in (1e-5, 1e-7, 1e-9, 1e-10):
        units, err, stats = manufactured_error(rtol)
        assert units < 20.0, (rtol, units)
        errors.append(err)
        assert stats[ST_STEPS] == stats[ST_ACCEPTED] + stats[ST_REJECTED]
        assert stats[ST_SOLVES] <= stats[ST_RHS]
        assert stats[ST_LU] < stats[ST_STEPS] and stats[ST_JAC] < stats[ST_STEPS]
    # 1e-5 -> 1e-10: measured 3.0e-5, 5.6e-7, 7.3e-9, 1.1e-9
    assert errors[0] / errors[-1] > 1e3
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert stats[ST_STEPS] < 200


def test_robertson_against_reference():
    """Measured: 5.7 tolerance units, 352 steps, 5 Jacobians, 82 factorizations; dense and
    sparse LU agree to rounding."""
    out = []
    for dense in (False, True):
        status, y, stats = run("bdf", ROBERTSON, ROBERTSON_T, [1.0, 0.0, 0.0], ROBERTSON_P,
                               rtol=RTOL, atol=ROBERTSON_ATOL, dense=dense)
        assert status == SUCCESS
        assert tolerance_units(y, ROBERTSON_REF, ROBERTSON_ATOL) < 15.0
        assert stats[ST_STEPS] < 460 and stats[ST_JAC] < 20 and stats[ST_LU] < 110
        out.append(y)
    np.testing.assert_allclose(out[0], out[1], rtol=1e-9, atol=1e-15)


def test_van_der_pol_against_reference():
    """eps = 1e-6 relaxation oscillation. Measured: 448 tolerance units (scipy's BDF 258,
    LSODA 253, Radau 0.4), 1466 steps, 17 Jacobians."""
    status, y, stats = run("bdf", VDP, VDP_T, list(VDP_Y0), [VDP_EPS], rtol=RTOL, atol=VDP_ATOL)
    assert status == SUCCESS
    assert tolerance_units(y, VDP_REF, VDP_ATOL) < 1000.0
    assert stats[ST_STEPS] < 1900 and stats[ST_JAC] < 40


def test_dense_outputs_do_not_change_the_steps():
    """Outputs are interpolated: 61 output times take the same steps as 2."""
    t = np.linspace(0.0, 3.0, 61)
    status, y, stats = run("bdf", MANUFACTURED, t, exact_manufactured(0.0), [], rtol=1e-8,
                           atol=1e-10)
    status2, y2, stats2 = run("bdf", MANUFACTURED, t[[0, -1]], exact_manufactured(0.0), [],
                              rtol=1e-8, atol=1e-10)
    assert status == status2 == SUCCESS and stats2[ST_STEPS] == stats[ST_STEPS]
    np.testing.assert_array_equal(y2[-1], y[-1])
    ref = exact_manufactured(t)
    assert np.max(np.abs(y - ref) / (1e-10 + 1e-8 * np.abs(ref))) < 20.0


def test_failures_are_reported():
    t = np.array([0.0, 0.5, 0.9, 1.5, 2.0])
    status, y, _ = run("bdf", BLOWUP, t, [1.0], [])
    assert status in (STEP_UNDERFLOW, NON_FINITE, MAX_STEPS)
    np.testing.assert_allclose(y[:3, 0], 1.0 / (1.0 - t[:3]), rtol=1e-5)
    assert np.all(np.isnan(y[3:]))
    status, y, stats = run("bdf", MANUFACTURED, np.linspace(0.0, 10.0, 5),
                           exact_manufactured(0.0), [], max_steps=3)
    assert status == MAX_STEPS and stats[ST_STEPS] == 3 and np.all(np.isnan(y[-1]))
    status, y, _ = run("bdf", DECAY, [0.0, 2.0, 1.0], [1.0], [1.0, 0.0])
    assert status == BAD_INPUT and np.all(np.isnan(y))
    status, y, stats = run("bdf", NAN_JAC, [0.0, 1.0], [1.0], [])
    assert status in (LINEAR_SOLVER, NON_FINITE)
    assert stats[ST_ACCEPTED] == 0 and np.all(np.isnan(y[1]))


def test_simulate_with_bdf_matches_rodas(binding_model):
    """A model with a bolus through sigsim.simulate: BDF against Rodas5P at tight tolerances,
    the dense and the sparse linear solver alike, and a batch set by set."""
    t = np.linspace(0.0, 60.0, 13)
    doses = [sigsim.Bolus("L", 0.5, at=20.0)]
    ref = sigsim.simulate(binding_model, t, doses=doses, rtol=1e-11, atol=1e-14)
    out = {}
    for ls in ("dense", "sparse"):
        res = sigsim.simulate(binding_model, t, doses=doses, method="bdf", rtol=1e-9,
                              atol=1e-12, linear_solver=ls)
        assert res.status[0] == SUCCESS and res.stats[0, ST_EVENTS] == 1
        out[ls] = res.y[0]
        np.testing.assert_allclose(res.y[0], ref.y[0], rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(out["dense"], out["sparse"], rtol=1e-9, atol=1e-15)
    batch = sigsim.simulate(binding_model, t, doses=doses, method="bdf", rtol=1e-9, atol=1e-12,
                            params={"kon": [0.05, 0.1, 0.2]}, threads=1, linear_solver="dense")
    np.testing.assert_array_equal(batch.y[1], out["dense"])


def test_large_bdf_batch_uses_the_printed_factorization_with_the_same_numbers(cascade_model,
                                                                              monkeypatch):
    """From 512 sets on, a BDF batch factorizes with the model's printed ``lu_factor``; each
    set still gives its single run's numbers and statistics (list-driven factorization)
    exactly, through a bolus and a parameter step."""
    from sigsim.simulate import _simulate

    real = _simulate.call_entry
    calls = []

    def spy(name, *args, **kw):
        calls.append(name)
        return real(name, *args, **kw)

    monkeypatch.setattr(_simulate, "call_entry", spy)
    rng = np.random.default_rng(9)
    base = np.asarray(cascade_model.parameter_values())
    P = base * np.exp(0.4 * rng.standard_normal((_simulate.PRINTED_LU_MIN_SETS, base.size)))
    t = np.linspace(0.0, 100.0, 11)
    doses = [sigsim.Bolus("L", 2.0, at=5.0), sigsim.SetParameter("kfb", 0.0, at=60.0)]
    batch = sigsim.simulate(cascade_model, t, params=P, doses=doses, method="bdf",
                            linear_solver="sparse")
    assert calls == ["bdf_genf_batch"] and (batch.status == SUCCESS).all()
    for i in (0, 211, len(P) - 1):
        calls.clear()
        one = sigsim.simulate(cascade_model, t, params=P[i:i + 1], doses=doses, method="bdf",
                              linear_solver="sparse")
        assert calls == ["bdf_gen_batch"]
        np.testing.assert_array_equal(batch.y[i], one.y[0])
        np.testing.assert_array_equal(batch.stats[i], one.stats[0])
