"""Hill fits recover known curves."""

import numpy as np
import pytest

from sigsim import SimulationError
from sigsim.protocols import fit_hill, hill_curve


def test_inhibition_curve_recovered():
    x = np.logspace(-3, 3, 13)
    y = hill_curve(x, 0.05, 0.8, 2.5, 1.3)
    fit = fit_hill(x, y)
    assert not fit.increasing
    assert fit.mid == pytest.approx(2.5, rel=1e-6)
    assert fit.hill == pytest.approx(1.3, rel=1e-6)
    assert fit.bottom == pytest.approx(0.05, abs=1e-8) and fit.top == pytest.approx(0.8, abs=1e-8)
    assert fit.mid_ci[0] <= 2.5 <= fit.mid_ci[1]


def test_activation_curve_with_noise():
    rng = np.random.default_rng(0)
    x = np.logspace(-2, 2, 17)
    y = hill_curve(x, 0.0, 1.0, 0.7, -2.0) + 0.01 * rng.standard_normal(x.size)
    fit = fit_hill(x, y)
    assert fit.increasing
    assert fit.mid == pytest.approx(0.7, rel=0.05)
    assert fit.hill == pytest.approx(2.0, rel=0.1)
    assert fit.mid_ci[0] < 0.7 < fit.mid_ci[1]
    assert "EC50" in repr(fit)


def test_too_few_points():
    with pytest.raises(SimulationError, match="at least 4"):
        fit_hill([0, 1, 2], [1, 0.5, 0.2])
