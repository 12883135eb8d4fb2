"""Checks every built-in model passes: units and resolvable sources on every parameter, a
documented standard stimulus that runs from rest, and clear errors for bad options."""

import numpy as np
import pytest

import sigsim
from sigsim.library import list_models, model_module

MODELS = list_models()
SOURCE_PREFIXES = ("derived:", "fitted:")


@pytest.mark.parametrize("name", MODELS)
def test_model_file_shape_units_and_sources(name):
    mod = model_module(name)
    for attr in ("SOURCES", "PARAMETERS", "STIMULUS", "build"):
        assert hasattr(mod, attr), f"models/{name}.py lacks {attr}"
    assert mod.__doc__ and len(mod.__doc__.strip()) > 200, "the docstring states scope and sources"
    for key, citation in mod.SOURCES.items():
        if key == "assumed":     # an explanation of the word, not a citation
            continue
        assert len(citation) > 30 and any(k in citation for k in ("doi", "PMID", "BIOMD")), key
    m = sigsim.load_model(name)
    m.validate(require_units=True, require_sources=True)
    for q in m.parameter_names:
        src = m.parameter_info(q).source
        assert (src in mod.SOURCES or src == "assumed" or src.startswith(SOURCE_PREFIXES)), \
            f"{name}: parameter {q!r} has source {src!r}, not a key of SOURCES"
    for s in m.species_names:
        assert m.species_info(s).unit, f"{name}: species {s!r} has no unit"
    # the parameter table documents the model's parameters
    table = {row[0] for row in mod.PARAMETERS}
    missing = set(m.parameter_names) - table
    assert not missing, f"{name}: parameters not in PARAMETERS: {sorted(missing)}"


@pytest.mark.parametrize("name", MODELS)
def test_unknown_option_is_refused(name):
    with pytest.raises(sigsim.ModelError):
        sigsim.load_model(name, no_such_option=1)


@pytest.mark.parametrize("name", MODELS)
def test_standard_stimulus_runs_from_rest(name):
    mod = model_module(name)
    stim = mod.STIMULUS
    m = sigsim.load_model(name)
    t = np.linspace(0.0, stim["t_end"], 25)
    cell_level = m.time_unit == "min"
    res = sigsim.simulate(m, t, y0=stim["y0"], preequilibrate=cell_level, rtol=1e-8, atol=1e-12,
                          on_failure="raise")
    assert np.all(np.isfinite(res.y))
    assert res.y.min() > -1e-9 * max(1.0, np.abs(res.y).max())
    for obs in stim["observables"]:
        assert np.all(np.isfinite(res[obs])), obs
    if cell_level:
        # cells are at rest before the stimulus: without it nothing moves
        rest = sigsim.simulate(m, t, preequilibrate=True, rtol=1e-8, atol=1e-12)
        drift = np.abs(rest.y[0, -1] - rest.y[0, 0]) / (1e-9 + np.abs(rest.y[0, 0]))
        assert drift.max() < 1e-5
