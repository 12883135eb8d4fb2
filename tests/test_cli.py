"""The command line in-process: list, simulate and sweep (small demo_il6 runs)."""

import numpy as np
import pandas as pd
import pytest

import sigsim
from sigsim.cli import main


def test_list_models_experiments_drugs(capsys):
    assert main(["list", "models"]) == 0
    assert "demo_il6" in capsys.readouterr().out
    assert main(["list", "drugs"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.strip().splitlines()}
    assert set(rows) == set(sigsim.drugs.list_drugs())
    assert "receptor_antibody" in rows["tocilizumab"] and "IL6R" in rows["tocilizumab"]


def test_simulate_matches_the_library(tmp_path, capsys):
    out = tmp_path / "run.csv"
    png = tmp_path / "run.png"
    code = main(["simulate", "demo_il6", "--y0", "IL6=5", "--t-end", "60", "--points", "13",
                 "--observables", "pSTAT3_fraction,SOCS3", "--out", str(out), "--plot",
                 str(png)])
    assert code == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["t_min", "pSTAT3_fraction", "SOCS3"]
    ref = sigsim.simulate(sigsim.load_model("demo_il6"), np.linspace(0, 60, 13),
                          y0={"IL6": 5.0})
    np.testing.assert_allclose(table.t_min, ref.t)
    np.testing.assert_allclose(table.pSTAT3_fraction, ref["pSTAT3_fraction"][0], rtol=1e-5,
                               atol=1e-9)
    np.testing.assert_allclose(table.SOCS3, ref["SOCS3"][0], rtol=1e-5, atol=1e-9)
    assert png.stat().st_size > 5_000


def test_simulate_batch_printed(capsys):
    """Two values of a parameter: a 'set' column and the varied value, printed as CSV; faster
    dephosphorylation gives less pSTAT3."""
    code = main(["simulate", "demo_il6", "--stimulus", "--preequilibrate", "--set",
                 "kdp_STAT3=0.05,0.2", "--points", "5", "--observables", "pSTAT3_fraction"])
    assert code == 0
    from io import StringIO

    table = pd.read_csv(StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["set", "t_min", "kdp_STAT3", "pSTAT3_fraction"]
    assert len(table) == 10 and table.t_min.max() == 120.0     # the model's standard 2 h
    end = table[table.t_min == 120.0].set_index("kdp_STAT3").pSTAT3_fraction
    assert end[0.05] > end[0.2] > 0


@pytest.mark.parametrize("argv, message", [
    (["simulate", "demo_il7"], "unknown model 'demo_il7'"),
    (["simulate", "demo_il6", "--set", "kdp=1"], "unknown parameter 'kdp'"),
    (["simulate", "demo_il6", "--y0", "IL7=1"], "unknown species 'IL7'"),
    (["simulate", "demo_il6", "--set", "kdp_STAT3=fast"], "'fast' is not a number"),
    (["simulate", "demo_il6", "--set", "kdp_STAT3"], "expected name=value"),
    (["simulate", "demo_il6", "--t-end", "-1"], "--t-end must be > 0"),
    (["simulate", "demo_il6", "--observables", "pSTAT5"], "not species, assignments"),
    (["simulate", "demo_il6", "--option", "cell=hepg2"], "takes no options"),
    (["sweep", "demo_il6", "--param", "kdp=0.1:1", "--readout", "pSTAT3:peak"],
     "'kdp' is neither a parameter nor a species"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0.1:x", "--readout", "pSTAT3:peak"],
     "'x' is not a number"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0.1:1:ln", "--readout", "pSTAT3:peak"],
     "low:high:log"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0.1:1", "--readout", "pSTAT3:peek"],
     "unknown kind 'peek'"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0.1:1", "--readout", "pSTAT:peak"],
     "'pSTAT' is not a species"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0:1:log", "--readout", "pSTAT3:peak"],
     "log range needs low > 0"),
    (["sweep", "demo_il6", "--param", "kdp_STAT3=0.1:1", "--method", "lhs", "--readout",
      "pSTAT3:peak"], "needs the number of sets"),
])
def test_bad_input_exits_with_a_message(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sigsim: error:") and message in err


def test_argparse_errors_and_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sweep", "demo_il6", "--readout", "pSTAT3:peak"])        # --param missing
    assert exc.value.code == 2 and "--param" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["sweep", "demo_il6", "--param", "k=1:2", "--readout", "x:peak", "--method",
              "halton"])
    assert exc.value.code == 2
    for cmd in (["simulate"], ["sweep"], ["list"], ["run"], []):
        with pytest.raises(SystemExit) as exc:
            main(cmd + ["--help"])
        assert exc.value.code == 0
    assert "--readout NAME:KIND[:T]" in capsys.readouterr().out


def test_sweep_writes_table_and_resumes(tmp_path, capsys):
    argv = ["sweep", "demo_il6", "--stimulus", "--preequilibrate", "--param",
            "kdp_STAT3=0.02:0.5:log", "--param", "STAT3=5,20", "--n", "3", "--readout",
            "pSTAT3_fraction:peak", "--readout", "SOCS3:value_at:60", "--points", "61",
            "--out", str(tmp_path / "sw"), "--checkpoint", str(tmp_path / "ck.npz"),
            "--chunk-size", "4"]
    assert main(argv) == 0
    table = pd.read_csv(tmp_path / "sw" / "sweep.csv")
    assert len(table) == 6 and (table.status == 0).all()
    np.testing.assert_allclose(sorted(set(table.kdp_STAT3)), [0.02, 0.1, 0.5], rtol=1e-5)
    # the same sets through the library
    m = sigsim.load_model("demo_il6")
    res = sigsim.simulate(m, np.linspace(0, 120, 61), params={"kdp_STAT3": table.kdp_STAT3},
                          y0={"IL6": 5.0, "STAT3": table.STAT3}, preequilibrate=True)
    np.testing.assert_allclose(table.pSTAT3_fraction_peak, res["pSTAT3_fraction"].max(axis=1),
                               rtol=1e-5)
    np.testing.assert_allclose(table.SOCS3_value_at_60, res["SOCS3"][:, 30], rtol=1e-5)
    meta = (tmp_path / "sw" / "sweep.metadata.json").read_text()
    assert "kdp_STAT3" in meta and "sigsim sweep demo_il6" in meta
    # a rerun finds both chunks in the checkpoint and gives the same table
    capsys.readouterr()
    assert main(argv) == 0
    assert "2 of 2 chunks restored" in capsys.readouterr().err
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "sw" / "sweep.csv"), table)
