"""Bad inputs give clear errors naming the problem."""

import numpy as np
import pytest

import sigsim


def test_unknown_parameter_name_suggests(binding_model):
    with pytest.raises(sigsim.ModelError, match=r"unknown parameter 'konn'.*'kon'"):
        sigsim.simulate(binding_model, [0, 1], params={"konn": 1.0})


def test_unknown_species_in_y0(binding_model):
    with pytest.raises(sigsim.ModelError, match="unknown species 'Q'"):
        sigsim.simulate(binding_model, [0, 1], y0={"Q": 1.0})


def test_negative_concentration(binding_model):
    with pytest.raises(sigsim.ModelError, match="'L'.*negative"):
        sigsim.simulate(binding_model, [0, 1], y0={"L": [1.0, -1.0]})


def test_negative_rate_constant(binding_model):
    with pytest.raises(sigsim.ModelError, match="'koff'.*negative"):
        sigsim.simulate(binding_model, [0, 1], params={"koff": -0.1})


def test_non_finite_values(binding_model):
    with pytest.raises(sigsim.ModelError, match="'kon'.*finite"):
        sigsim.simulate(binding_model, [0, 1], params={"kon": np.nan})


def test_bad_dose_target(binding_model):
    with pytest.raises(sigsim.ModelError, match="unknown species 'X'"):
        sigsim.simulate(binding_model, [0, 1], doses=[sigsim.Bolus("X", 1.0)])
    with pytest.raises(sigsim.ModelError, match="unknown parameter 'kx'"):
        sigsim.simulate(binding_model, [0, 1], doses=[sigsim.SetParameter("kx", 1.0, at=0.5)])
    with pytest.raises(sigsim.SimulationError, match="every"):
        sigsim.simulate(binding_model, [0, 1], doses=[sigsim.Bolus("L", 1.0, count=3)])


def test_bad_method_times_tolerances(binding_model):
    with pytest.raises(sigsim.SimulationError, match="unknown method 'rk99'"):
        sigsim.simulate(binding_model, [0, 1], method="rk99")
    with pytest.raises(sigsim.SimulationError, match="non-decreasing"):
        sigsim.simulate(binding_model, [0, 2, 1])
    with pytest.raises(sigsim.SimulationError, match="atol"):
        sigsim.simulate(binding_model, [0, 1], atol=-1)
    with pytest.raises(sigsim.SimulationError, match="rtol"):
        sigsim.simulate(binding_model, [0, 1], rtol=0)


def test_arrays_that_do_not_broadcast(binding_model):
    with pytest.raises(sigsim.SimulationError, match="broadcast"):
        sigsim.simulate(binding_model, [0, 1], params={"kon": [1, 2], "koff": [1, 2, 3]})


def test_params_matrix_shape(binding_model):
    with pytest.raises(sigsim.SimulationError, match=r"\(n_sets, 2\)"):
        sigsim.simulate(binding_model, [0, 1], params=np.ones((3, 5)))
