"""Local and global sensitivity analysis against analytic references."""

import numpy as np
import pytest
from conftest import one_compartment

import sigsim
from sigsim.protocols import global_sensitivity, local_sensitivity, morris_indices, sobol_indices


def ishigami(X, a=7.0, b=0.1):
    return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytic first-order and total indices (Ishigami & Homma 1990; Saltelli 2008)."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


PI_BOUNDS = {"x1": (-np.pi, np.pi), "x2": (-np.pi, np.pi), "x3": (-np.pi, np.pi)}


def test_ishigami_sobol_indices():
    s1, st = ishigami_indices()
    np.testing.assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=1e-4)
    df = sobol_indices(ishigami, PI_BOUNDS, 4096, seed=0)
    assert list(df.parameter) == ["x1", "x2", "x3"]
    # 4096 x 5 evaluations: bootstrap half-widths ~0.01-0.05
    np.testing.assert_allclose(df.S1, s1, atol=0.03)
    np.testing.assert_allclose(df.ST, st, atol=0.03)
    assert (df.S1_conf > 0).all() and (df.S1_conf < 0.06).all()
    again = sobol_indices(ishigami, PI_BOUNDS, 4096, seed=0)
    assert again.equals(df)


def test_sobol_second_order_and_several_outputs():
    """x1 and x3 interact only through b x3^4 sin(x1): S2(x1, x3) = V13 / V."""
    s1, st = ishigami_indices()
    first, second = sobol_indices(lambda X: np.stack([ishigami(X), X[:, 1]], axis=1),
                                  PI_BOUNDS, 2048, seed=1, second_order=True,
                                  output_names=["f", "x2"])
    f = second[second.output == "f"].set_index(["parameter_1", "parameter_2"]).S2
    assert f["x1", "x3"] == pytest.approx(st[2], abs=0.08)
    assert abs(f["x1", "x2"]) < 0.08 and abs(f["x2", "x3"]) < 0.08
    lin = first[first.output == "x2"].set_index("parameter")
    assert lin.S1["x2"] == pytest.approx(1.0, abs=0.01) and abs(lin.S1["x1"]) < 0.01


def test_morris_linear_function():
    """f = 3 x1 - x2 + 0 x3: elementary effects are the slopes exactly."""
    df = morris_indices(lambda X: 3 * X[:, 0] - X[:, 1], {"x1": (0, 1), "x2": (0, 1),
                                                         "x3": (0, 1)}, 20, seed=0)
    np.testing.assert_allclose(df.mu, [3.0, -1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(df.mu_star, [3.0, 1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(df.sigma, 0.0, atol=1e-12)
    # log-scaled input: f = log10(x) changes by 4 over the range's 4 decades
    lg = morris_indices(lambda X: np.log10(X[:, 0]), {"x": (1e-2, 1e2)}, 10, seed=0, log=["x"])
    assert lg.mu_star[0] == pytest.approx(4.0, rel=1e-12)


def test_bad_outputs_and_bounds():
    with pytest.raises(sigsim.SimulationError, match="not finite"):
        sobol_indices(lambda X: np.where(X[:, 0] > 0.5, np.nan, 1.0), {"x": (0, 1)}, 8)
    with pytest.raises(ValueError, match="low < high"):
        sobol_indices(ishigami, {"x": (1, 0)}, 8)
    with pytest.raises(ValueError, match="log names"):
        sobol_indices(ishigami, {"x": (1, 2)}, 8, log=["y"])


def test_local_sensitivity_of_exponential_decay():
    """C(t) = C0 exp(-k t): d ln C(T) / d ln k = -k T, d ln C / d ln C0 = 1."""
    m = one_compartment(k=0.1)
    df = local_sensitivity(m, [0.0, 5.0, 10.0], ("C", "end"), params=["k", "C"],
                           y0={"C": 2.0}, rtol=1e-11, atol=1e-14)
    coef = df.set_index("parameter").coefficient
    assert coef["k"] == pytest.approx(-1.0, abs=1e-6)
    assert coef["C"] == pytest.approx(1.0, abs=1e-6)
    assert df.readout[0] == pytest.approx(2 * np.exp(-1.0), rel=1e-9)
    # a callable readout at another k and time: -k t = -0.3 * 5
    df = local_sensitivity(m, [0.0, 5.0], lambda r: r["C"][:, 1], params={"k": 0.3},
                           y0={"C": 1.0})
    assert df.coefficient[0] == pytest.approx(-1.5, abs=1e-5)
    # base values of other parameters: k = 0.2 through base_params, t = 10
    df = local_sensitivity(m, [0.0, 10.0], ("C", "end"), params=["C"], base_params={"k": 0.2},
                           y0={"C": 1.0})
    assert df.readout[0] == pytest.approx(np.exp(-2.0), rel=1e-5)
    with pytest.raises(sigsim.ModelError, match="neither a parameter nor a species"):
        local_sensitivity(m, 5.0, ("C", "end"), params=["kk"], y0={"C": 1.0})


def test_global_sensitivity_of_decay_model():
    """C(T) = C0 exp(-k T) with C0 ~ U(1, 2) and k ~ U(0, 0.001): nearly linear in C0, so
    C0 carries almost all the variance; Morris mu* of C0 equals exp(-k T) ~ 1 per nM."""
    m = one_compartment()
    bounds = {"C": (1.0, 2.0), "k": (0.0, 0.001)}
    df = global_sensitivity(m, [0.0, 10.0], bounds, ("C", "end"), n=256, seed=0)
    s = df.set_index("parameter")
    # Var from k: (C0 T)^2 Var(k) relative to Var(C0) = 1/12: ~0.02 of the total
    assert s.S1["C"] == pytest.approx(0.977, abs=0.03) and s.ST["k"] < 0.05
    mo = global_sensitivity(m, [0.0, 10.0], bounds, ("C", "end"), method="morris", n=10,
                            seed=0).set_index("parameter")
    assert mo.mu_star["C"] == pytest.approx(np.exp(-0.005), abs=0.006)
    with pytest.raises(sigsim.ModelError, match="'kk' is neither"):
        global_sensitivity(m, 10.0, {"kk": (0, 1)}, ("C", "end"))
