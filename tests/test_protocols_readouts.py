"""Readouts of time courses and virtual populations."""

import numpy as np
import pytest
from conftest import one_compartment

import sigsim
from sigsim.protocols import SteadyStateWarning, as_readout, readout, virtual_population


class _Res:
    """Minimal stand-in of a Result: ``res[name]`` and ``res.t``."""

    def __init__(self, t, **traj):
        self.t = np.asarray(t, dtype=float)
        self._traj = {k: np.atleast_2d(v) for k, v in traj.items()}
        self.n_sets = next(iter(self._traj.values())).shape[0]

    def __getitem__(self, name):
        return self._traj[name]


def test_readouts_of_known_curves():
    t = np.linspace(0.0, 10.0, 1001)
    # rows: a bump peaking at t = 3 and a straight line 2 + t
    y = np.vstack([np.exp(-(t - 3.0) ** 2), 2.0 + t])
    res = _Res(t, y=y)
    np.testing.assert_allclose(readout(res, "y", "peak"), [1.0, 12.0])
    np.testing.assert_allclose(readout(res, "y", "time_to_peak"), [3.0, 10.0])
    # the Gaussian's integral over [0, 10] is sqrt(pi) (tails beyond are < 1e-4)
    np.testing.assert_allclose(readout(res, "y", "auc"), [np.sqrt(np.pi), 70.0], rtol=1e-4)
    np.testing.assert_allclose(readout(res, "y", "value_at", t=4.005)[1], 6.005, rtol=1e-12)
    np.testing.assert_allclose(readout(res, "y", "end"), [np.exp(-49.0), 12.0])
    # fold change over t = 0: peak by default, the value at t when given
    np.testing.assert_allclose(readout(res, "y", "fold_change")[1], 6.0)
    np.testing.assert_allclose(readout(res, "y", "fold_change", t=4.0)[1], 3.0)
    np.testing.assert_allclose(readout(res, "y", "fold_change", t=4.0, baseline=[1.0, 4.0]),
                               [np.exp(-1.0), 1.5])
    with pytest.raises(ValueError, match="outside"):
        readout(res, "y", "value_at", t=11.0)
    with pytest.raises(ValueError, match="needs a time"):
        readout(res, "y", "value_at")
    with pytest.raises(ValueError, match="unknown readout kind"):
        readout(res, "y", "maximum")


def test_fold_change_zero_baseline_is_nan():
    res = _Res([0.0, 1.0], y=[[0.0, 1.0], [1.0, 3.0]])
    with pytest.warns(RuntimeWarning, match="baseline is zero in 1"):
        fc = readout(res, "y", "fold_change")
    assert np.isnan(fc[0]) and fc[1] == 3.0


def test_steady_state_check():
    t = np.linspace(0.0, 20.0, 201)
    settled = _Res(t, y=1.0 - np.exp(-t))
    assert readout(settled, "y", "steady_state")[0] == pytest.approx(1.0, abs=3e-9)
    early = _Res(t[:21], y=1.0 - np.exp(-t[:21]))        # stops at t = 2
    with pytest.warns(SteadyStateWarning, match="not settled in 1 of 1"):
        readout(early, "y", "steady_state")
    with pytest.raises(sigsim.SimulationError, match="simulate longer"):
        readout(early, "y", "steady_state", on_unsettled="raise")


def test_readouts_on_a_simulation():
    """Exponential decay C(t) = exp(-k t): AUC (1 - exp(-k T)) / k, value at t, end."""
    m = one_compartment(k=0.1)
    t = np.linspace(0.0, 20.0, 401)
    res = sigsim.simulate(m, t, params={"k": [0.1, 0.2]}, y0={"C": 1.0}, rtol=1e-10,
                          atol=1e-14)
    k = np.array([0.1, 0.2])
    # trapezoid error on the 0.05 grid: (T h^2 / 12) k^2 ~ 4e-5 relative
    np.testing.assert_allclose(readout(res, "C", "auc"), (1 - np.exp(-20 * k)) / k, rtol=2e-4)
    np.testing.assert_allclose(readout(res, "C", "end"), np.exp(-20 * k), rtol=1e-7)
    label, fn = as_readout("C:value_at:10")
    assert label == "C_value_at_10"
    np.testing.assert_allclose(fn(res), np.exp(-10 * k), rtol=1e-7)
    with pytest.raises(sigsim.ModelError, match="not a species"):
        readout(res, "D", "peak")
    with pytest.raises(ValueError, match="needs a time"):
        as_readout(("C", "value_at"))


def test_virtual_population_moments_and_seed():
    spec = {"k": ("lognormal", 2.0, 0.3), "V": {"dist": "lognormal", "median": 5.0,
                                                "sigma": 0.2},
            "u": ("uniform", 1.0, 3.0), "lu": ("loguniform", 0.01, 100.0),
            "n": {"dist": "normal", "mean": 1.0, "sd": 0.2}}
    pop = virtual_population(spec, 40_000, seed=3)
    assert set(pop) == set(spec) and all(v.shape == (40_000,) for v in pop.values())
    assert np.median(pop["k"]) == pytest.approx(2.0, rel=0.01)
    assert np.std(pop["k"]) / np.mean(pop["k"]) == pytest.approx(0.3, rel=0.03)
    # lognormal mean = median exp(sigma^2 / 2)
    assert np.mean(pop["V"]) == pytest.approx(5.0 * np.exp(0.02), rel=0.005)
    assert np.std(np.log(pop["V"])) == pytest.approx(0.2, rel=0.02)
    assert pop["u"].min() >= 1.0 and pop["u"].max() <= 3.0
    assert np.mean(pop["u"]) == pytest.approx(2.0, abs=0.01)
    # log-uniform over 4 decades: log10 is uniform on [-2, 2]
    assert np.mean(np.log10(pop["lu"])) == pytest.approx(0.0, abs=0.03)
    assert np.mean(pop["lu"] < 1.0) == pytest.approx(0.5, abs=0.01)
    assert np.mean(pop["n"]) == pytest.approx(1.0, abs=0.005) and pop["n"].min() >= 0
    # reproducible by seed; each name has its own stream
    again = virtual_population(spec, 40_000, seed=3)
    assert all(np.array_equal(pop[k], again[k]) for k in spec)
    alone = virtual_population({"u": ("uniform", 1.0, 3.0)}, 40_000, seed=3)
    assert np.array_equal(alone["u"], pop["u"])
    other = virtual_population(spec, 10, seed=4, as_frame=True)
    assert list(other.columns) == list(spec) and not np.allclose(other["k"], pop["k"][:10])


def test_truncated_normal_mean():
    """A normal(0, 1) truncated at 0 is half-normal: mean sqrt(2 / pi)."""
    pop = virtual_population({"x": ("normal", 0.0, 1.0)}, 50_000, seed=0)
    assert pop["x"].min() >= 0
    assert pop["x"].mean() == pytest.approx(np.sqrt(2 / np.pi), rel=0.01)


@pytest.mark.parametrize("spec, match", [
    (("lognormal", -1.0, 0.3), "median must be > 0"),
    (("lognormal", 1.0, -0.3), "cv must be >= 0"),
    ({"dist": "lognormal", "median": 1.0}, "one of 'cv' or 'sigma'"),
    (("loguniform", 0.0, 1.0), "low > 0"),
    (("uniform", 2.0, 1.0), "high"),
    (("normal", 1.0, -1.0), "sd must be >= 0"),
    (("gamma", 1.0, 1.0), "unknown distribution"),
    ({"dist": "uniform", "low": 0, "hi": 1}, "does not take"),
    (1.0, "give a dict"),
])
def test_virtual_population_errors(spec, match):
    with pytest.raises(ValueError, match=match):
        virtual_population({"k": spec}, 10)
