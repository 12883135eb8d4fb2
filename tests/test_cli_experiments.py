"""The command line and the experiment scripts (quick mode)."""

import json
import subprocess
import sys

import numpy as np
import pytest

import sigsim
from sigsim.cli import list_experiments, main


def test_list_models_and_load():
    assert "demo_il6" in sigsim.list_models()
    m = sigsim.load_model("demo_il6")
    assert m.name == "demo_il6"
    with pytest.raises(sigsim.ModelError, match="demo_il6"):
        sigsim.load_model("demo_il7")


def test_demo_parameters_all_have_units_and_sources():
    m = sigsim.load_model("demo_il6")
    for row in m.parameters_table():
        assert row["unit"] and row["source"], row


def test_cli_list(capsys):
    assert main(["list", "experiments"]) == 0
    assert "demo" in capsys.readouterr().out
    assert "demo" in list_experiments()


def test_demo_experiment_quick(tmp_path):
    from sigsim._resources import import_builtin

    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_demo import run

    out = run(out=tmp_path, quick=True, show=lambda *a: None)
    for key in ("table", "figure", "summary"):
        assert out[key].exists() and out[key].stat().st_size > 0
    summary = json.loads(out["summary"].read_text())
    # blockade: more antibody, less pSTAT3; the IC50 lies inside the tested range
    import pandas as pd

    table = pd.read_csv(out["table"])
    peak = table["peak_pSTAT3_fraction"].to_numpy()
    assert np.all(np.diff(peak) <= 1e-9) and peak[-1] < 0.5 * peak[0]
    assert 1e-3 < summary["IC50_nM"] < 10 ** 2.5
    occ = table["IL6R_occupancy_at_stimulus"].to_numpy()
    assert occ[0] == 0 and np.all(np.diff(occ) > 0)


def test_cli_unknown_experiment():
    p = subprocess.run([sys.executable, "-m", "sigsim.cli", "run", "demoo"], capture_output=True,
                       text=True)
    assert p.returncode != 0 and "unknown experiment 'demoo'" in p.stderr


def test_pathways_experiment_quick(tmp_path):
    """One figure per model under its standard stimulus, a tidy table and a summary (run here on
    the two smallest models; the full run covers every model)."""
    from sigsim._resources import import_builtin

    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_pathways import run

    out = run(out=tmp_path, quick=True, show=lambda *a: None,
              models=["demo_il6", "tumor_immune_il2"])
    for path in out["figures"].values():
        assert path.exists() and path.stat().st_size > 10_000
    table = out["table"]
    demo = table[(table.model == "demo_il6") & (table.observable == "pSTAT3_fraction")].iloc[0]
    # IL-6 on resting cells: pSTAT3 rises from zero and peaks inside the 2 h window
    assert 0.0 < demo.peak <= 1.0 and 0.0 < demo.time_to_peak < 120.0
    tumor = table[(table.model == "tumor_immune_il2") & (table.observable == "T")].iloc[0]
    assert tumor.peak > 1e3    # the untreated tumor grows before the effectors catch up
