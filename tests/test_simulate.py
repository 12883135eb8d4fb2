"""simulate(): doses against analytic solutions, batches, methods, tidy output."""

import numpy as np
import pytest
from conftest import tol_units
from scipy.integrate import solve_ivp

import sigsim

RTOL, ATOL = 1e-8, 1e-12


def bolus_train(t, k, amount, first, every, count):
    c = np.zeros_like(t)
    for i in range(count):
        td = first + i * every
        c += np.where(t >= td, amount * np.exp(-k * (t - td)), 0.0)
    return c


def infusion(t, k, rate, start, stop):
    c = np.where((t >= start) & (t < stop), rate / k * (1 - np.exp(-k * (t - start))), 0.0)
    at_stop = rate / k * (1 - np.exp(-k * (stop - start)))
    return np.where(t >= stop, at_stop * np.exp(-k * (t - stop)), c)


@pytest.mark.parametrize("method", ["rodas5p", "rodas4", "tsit5", "dopri5"])
def test_bolus_and_infusion_match_analytic(pk_model, method):
    t = np.linspace(0, 60, 121)
    doses = [sigsim.Bolus("C", 1.5, at=0.0, every=12.0, count=4),
             sigsim.Infusion("C", rate=0.2, start=5.0, stop=6.0)]
    res = sigsim.simulate(pk_model, t, doses=doses, method=method, rtol=RTOL, atol=ATOL)
    ref = bolus_train(t, 0.1, 1.5, 0.0, 12.0, 4) + infusion(t, 0.1, 0.2, 5.0, 6.0)
    assert res.status[0] == 0
    assert res["C"].shape == (1, t.size)
    err = tol_units(res["C"][0], ref, RTOL, ATOL)
    assert err.max() < 20, err.max()
    # an output at a dose time reports the state just after the dose
    i12 = np.flatnonzero(t == 12.0)[0]
    assert res["C"][0, i12] == pytest.approx(ref[i12], rel=1e-6)
    assert res["C"][0, i12] > 1.5


def test_overlapping_infusions_add_up(pk_model):
    t = np.linspace(0, 10, 21)
    doses = [sigsim.Infusion("C", rate=0.2, start=1.0, stop=5.0),
             sigsim.Infusion("C", rate=0.3, start=3.0, stop=8.0)]
    res = sigsim.simulate(pk_model, t, doses=doses, rtol=RTOL, atol=ATOL)
    ref = infusion(t, 0.1, 0.2, 1.0, 5.0) + infusion(t, 0.1, 0.3, 3.0, 8.0)
    assert tol_units(res["C"][0], ref, RTOL, ATOL).max() < 20


def test_set_parameter_step(pk_model):
    # elimination switched off at t = 5: C stays at exp(-0.5)
    t = np.array([0.0, 2.0, 5.0, 7.0, 10.0])
    res = sigsim.simulate(pk_model, t, y0={"C": 1.0}, doses=[sigsim.SetParameter("k", 0.0, at=5.0)],
                          rtol=RTOL, atol=ATOL)
    expected = np.exp(-0.1 * np.minimum(t, 5.0))
    np.testing.assert_allclose(res["C"][0], expected, rtol=1e-6)


def test_dose_amount_array_gives_batch(pk_model):
    t = np.array([0.0, 1.0, 2.0])
    res = sigsim.simulate(pk_model, t, doses=[sigsim.Bolus("C", [1.0, 2.0, 4.0], at=0.0)],
                          rtol=RTOL, atol=ATOL)
    assert res["C"].shape == (3, 3)
    np.testing.assert_allclose(res["C"][:, -1], np.array([1, 2, 4]) * np.exp(-0.2), rtol=1e-6)


def test_batch_equals_singles(binding_model):
    kon = np.array([0.01, 0.1, 1.0])
    koff = np.array([[0.001], [0.05]])
    t = np.linspace(0, 30, 7)
    res = sigsim.simulate(binding_model, t, params={"kon": kon, "koff": koff})
    assert res.shape == (2, 3) and res.n_sets == 6
    grid = res["C"].reshape(2, 3, -1)
    for a in range(2):
        for b in range(3):
            single = sigsim.simulate(binding_model, t, params={"kon": kon[b], "koff": koff[a, 0]})
            np.testing.assert_array_equal(grid[a, b], single["C"][0])


def test_params_matrix_and_dataframe(binding_model):
    import pandas as pd

    t = [0.0, 5.0]
    P = np.array([[0.1, 0.01], [0.2, 0.02]])
    r1 = sigsim.simulate(binding_model, t, params=P)
    r2 = sigsim.simulate(binding_model, t, params=pd.DataFrame(P, columns=["kon", "koff"]))
    np.testing.assert_array_equal(r1.y, r2.y)
    df = r1.to_frame(params=True)
    assert list(df.columns[:4]) == ["set", "t", "kon", "koff"]
    assert len(df) == 4 and "occupancy" in df
    long = r1.to_frame(long=True)
    assert set(long["variable"]) == set(r1.names)


def test_binding_against_analytic_equilibrium_and_observables(binding_model):
    res = sigsim.simulate(binding_model, [0, 2000.0], rtol=1e-10, atol=1e-14)
    kd, L0, R0 = 0.1, 1.0, 0.5
    b = L0 + R0 + kd
    c_eq = (b - np.sqrt(b * b - 4 * L0 * R0)) / 2
    assert res["C"][0, -1] == pytest.approx(c_eq, rel=1e-8)
    assert res["Rtot"][0, -1] == pytest.approx(R0, rel=1e-10)
    assert res["occupancy"][0, -1] == pytest.approx(c_eq / R0, rel=1e-8)


@pytest.mark.parametrize("method", ["scipy-radau", "scipy-bdf", "scipy-lsoda"])
def test_scipy_backend_agrees(binding_model, method):
    t = np.linspace(0, 60, 13)
    doses = [sigsim.Bolus("L", 0.5, at=20.0)]
    ours = sigsim.simulate(binding_model, t, doses=doses, rtol=1e-10, atol=1e-13)
    theirs = sigsim.simulate(binding_model, t, doses=doses, method=method, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(theirs.y, ours.y, rtol=1e-6, atol=1e-10)


def test_robertson_pipeline_against_radau(robertson_model):
    t = np.concatenate([[0.0], np.logspace(-4, 5, 19)])
    rtol, atol = 1e-6, np.array([1e-10, 1e-14, 1e-10])
    res = sigsim.simulate(robertson_model, t, rtol=rtol, atol=atol)
    k1, k2, k3 = 0.04, 3e7, 1e4

    def f(_, y):
        return [-k1 * y[0] + k3 * y[1] * y[2], k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] ** 2,
                k2 * y[1] ** 2]

    ref = solve_ivp(f, (0, t[-1]), [1, 0, 0], method="Radau", t_eval=t, rtol=1e-12,
                    atol=[1e-16, 1e-20, 1e-16]).y.T
    err = tol_units(res.y[0], ref, rtol, atol)
    assert err.max() <= 5, err.max()
    st = res.stats_dict()
    assert st["jac_evals"] < 400 and st["steps"] < 500, st


def test_failure_is_reported_not_raised():
    m = sigsim.Model("blowup")
    m.species("y", 1.0)
    m.parameter("k", 1.0)
    m.reaction("-> y", "k*y*y")
    with pytest.warns(sigsim.SimulationWarning, match="failed"):
        res = sigsim.simulate(m, [0, 0.5, 2.0], params={"k": [0.1, 1.0]})
    assert res.status[0] == 0 and res.status[1] != 0
    assert np.isnan(res["y"][1, -1]) and np.isfinite(res["y"][0]).all()
    assert "failed" in repr(res)
    with pytest.raises(sigsim.SimulationError, match="failed"):
        sigsim.simulate(m, [0, 2.0], on_failure="raise")


def test_max_steps_status(binding_model):
    res = sigsim.simulate(binding_model, [0, 1000], max_steps=3, on_failure="ignore")
    assert res.status[0] == 1 and "step" in res.messages[0].lower()


def test_result_repr_and_keyerror(binding_model):
    res = sigsim.simulate(binding_model, [0, 1])
    assert "binding" in repr(res) and "succeeded" in repr(res)
    with pytest.raises(KeyError, match="occupancy"):
        res["occupancy_"]


def test_progress_chunks_give_same_numbers(binding_model, monkeypatch, capsys):
    from sigsim.simulate import _simulate

    kon = np.logspace(-2, 0, 10)
    whole = sigsim.simulate(binding_model, [0, 5, 10], params={"kon": kon})
    monkeypatch.setattr(_simulate, "CHUNK_SETS", 3)
    calls = []
    chunked = sigsim.simulate(binding_model, [0, 5, 10], params={"kon": kon},
                              progress=lambda done, total: calls.append((done, total)))
    assert calls == [(3, 10), (6, 10), (9, 10), (10, 10)]
    np.testing.assert_array_equal(chunked.y, whole.y)
    sigsim.simulate(binding_model, [0, 5], params={"kon": kon}, progress=True)
    assert "10/10 sets" in capsys.readouterr().err


def test_threads_give_identical_numbers(binding_model):
    import numba

    kon = np.logspace(-3, 1, 40)
    one = sigsim.simulate(binding_model, [0, 1, 10], params={"kon": kon}, threads=1)
    many = sigsim.simulate(binding_model, [0, 1, 10], params={"kon": kon},
                           threads=numba.config.NUMBA_NUM_THREADS)
    np.testing.assert_array_equal(one.y, many.y)
    np.testing.assert_array_equal(one.stats, many.stats)
