"""Published cytokine models imported from SBML match libRoadRunner's reference trajectories.

The models and the trajectories (libRoadRunner 2.10, CVODE, rtol 1e-10, atol 1e-12, species
as concentrations) live in ``../shared/reference-models`` beside the repository (or where
``SIGSIM_REFERENCE_MODELS`` points); see that folder's README. Each model is compiled once and
run with sigsim's Rosenbrock solver (numba) and with scipy's BDF at rtol 1e-9 / atol 1e-12.
The deviation measure is the reference README's: max over time of ``|x - ref|`` divided by
max over time of ``|ref|``, per column. Measured: <= 5e-9 (rodas5p) and <= 1.5e-8
(scipy-bdf) on every model; the bound 1e-7 leaves room for platform differences.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("libsbml")

import sigsim  # noqa: E402

ROOT = Path(os.environ.get("SIGSIM_REFERENCE_MODELS",
                           Path(__file__).resolve().parents[2] / "shared" / "reference-models"))
if not (ROOT / "reference-trajectories").is_dir():
    pytest.skip(f"reference models not found in {ROOT} (set SIGSIM_REFERENCE_MODELS)",
                allow_module_level=True)

BOUND = 1e-7
CASES = [  # (model file, trajectory file, parameter overrides, states)
    ("Boehm_JProteomeRes2014", "Boehm_JProteomeRes2014", {}, 8),
    ("Raia_CancerResearch2011", "Raia_CancerResearch2011", {}, 14),
    ("Bachmann_MSB2011", "Bachmann_MSB2011", {}, 25),
    ("Sobotta_Frontiers2017", "Sobotta_Frontiers2017", {}, 13),
    ("Sobotta_Frontiers2017", "Sobotta_Frontiers2017__rux500", {"input_ruxolitinib": 500.0},
     13),
    ("Hoffmann2002_NFkB_BIOMD0000000140", "Hoffmann2002_NFkB_BIOMD0000000140", {}, 25),
    ("Singh2006_IL6_BIOMD0000000151", "Singh2006_IL6_BIOMD0000000151", {}, 68),
]
_MODELS: dict = {}


def _model(name):
    if name not in _MODELS:
        _MODELS[name] = sigsim.read_sbml(ROOT / f"{name}.xml")
    return _MODELS[name]


def _reference(name):
    with open(ROOT / "reference-trajectories" / f"{name}.csv", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0][1:], np.array(rows[1:], dtype=float)


def _deviation(model, res, ids, data):
    worst, where = 0.0, None
    for j, sid in enumerate(ids, 1):
        y = np.asarray(res[model.sbml_ids[sid]], dtype=float).reshape(-1)
        ref = data[:, j]
        # (a column that stays 0 is compared absolutely, against 1e-12 = the stored atol)
        dev = np.max(np.abs(y - ref)) / max(np.max(np.abs(ref)), 1e-12)
        if dev > worst:
            worst, where = dev, sid
    return worst, where


@pytest.mark.parametrize("method", ["rodas5p", "scipy-bdf"])
@pytest.mark.parametrize("model_name, ref_name, params, n_states", CASES,
                         ids=[c[1] for c in CASES])
def test_matches_roadrunner(model_name, ref_name, params, n_states, method):
    model = _model(model_name)
    assert len(model.species_names) == n_states
    ids, data = _reference(ref_name)
    res = sigsim.simulate(model, data[:, 0], params=params, method=method, rtol=1e-9,
                          atol=1e-12, on_failure="raise")
    dev, sid = _deviation(model, res, ids, data)
    assert dev <= BOUND, f"{ref_name} ({method}): column {sid} deviates by {dev:.2e}"


def test_hoffmann_event_switches_ikk_on_at_2000():
    """The stimulus event sets IKK = 0.1 at t = 2000 and the rate rule then runs."""
    model = _model("Hoffmann2002_NFkB_BIOMD0000000140")
    (ev,) = model.events
    assert float(ev.at) == 2000.0
    res = sigsim.simulate(model, [0.0, 1999.0, 2000.0, 2001.0], rtol=1e-9, atol=1e-12)
    assert model.sbml_info["IKK"]["role"] == "state"
    ikk = np.asarray(res[model.sbml_ids["IKK"]]).reshape(-1)
    # an output at the event time reports the state just after the event
    np.testing.assert_allclose(ikk[:3], [0.0, 0.0, 0.1], atol=1e-15)
    assert 0.0 < ikk[3] < 0.1
    # the rate-rule parameter is a state: d fr/dt = trigger_value*(-0.5/(1 + (t - 2000))**2)
    # is 0 before the event and integrates to 0.5 - 0.5*(1 - 1/2) = 0.25 at t = 2001
    fr = np.asarray(res[model.sbml_ids["fr_after_trigger"]]).reshape(-1)
    np.testing.assert_allclose(fr, [0.5, 0.5, 0.5, 0.25], rtol=1e-8)


def test_batch_of_imported_model():
    """An imported model is a normal sigsim model: a parameter batch runs in one call."""
    model = _model("Raia_CancerResearch2011")
    ids, data = _reference("Raia_CancerResearch2011")
    levels = np.array([10.0, 20.0, 40.0])
    res = sigsim.simulate(model, data[:, 0], params={"il13_level": levels}, rtol=1e-9,
                          atol=1e-12)
    y = np.asarray(res[model.sbml_ids[ids[0]]])
    assert y.shape[0] == 3
    # the middle set is the reference condition (il13_level = 20)
    assert np.max(np.abs(y[1] - data[:, 1])) <= BOUND * np.max(np.abs(data[:, 1]))
    assert not np.allclose(y[0], y[2])
