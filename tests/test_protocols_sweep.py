"""Parameter sweeps: sampling, agreement with single simulations, checkpoints."""

import numpy as np
import pytest
from conftest import binding

import sigsim
from sigsim.protocols import _sweep, sweep

T = np.linspace(0.0, 30.0, 31)
READOUTS = [("occupancy", "peak"), ("C", "auc"), ("C", "value_at", 7.5)]


@pytest.fixture(scope="module")
def model():
    return binding()


def test_sweep_equals_single_simulations(model):
    space = {"kon": (0.02, 0.5, "log"), "L": (0.2, 2.0)}
    out = sweep(model, T, space, method="lhs", n=10, seed=1, readouts=READOUTS, chunk_size=4,
                rtol=1e-8, atol=1e-12)
    tab = out.table
    assert list(tab.columns) == ["set", "kon", "L", "occupancy_peak", "C_auc",
                                 "C_value_at_7.5", "status"]
    assert len(tab) == 10 and out.chunks_run == 3 and (tab.status == 0).all()
    # Latin hypercube: one point in each tenth of each (log-)range
    assert sorted(np.floor(10 * np.log(tab.kon / 0.02) / np.log(25)).astype(int)) == \
        list(range(10))
    assert sorted(np.floor(10 * (tab.L - 0.2) / 1.8).astype(int)) == list(range(10))
    for i in (0, 5, 9):
        res = sigsim.simulate(model, T, params={"kon": tab.kon[i]}, y0={"L": tab.L[i]},
                              rtol=1e-8, atol=1e-12)
        C, occ = res["C"][0], res["occupancy"][0]
        assert tab.occupancy_peak[i] == pytest.approx(occ.max(), rel=1e-10)
        assert tab.C_auc[i] == pytest.approx(np.trapezoid(C, T), rel=1e-10)
        assert tab["C_value_at_7.5"][i] == pytest.approx(0.5 * (C[7] + C[8]), rel=1e-10)


def test_grid_and_random_methods(model):
    out = sweep(model, 10.0, {"kon": (0.01, 1.0, "log"), "R": [0.1, 0.5]}, n=3,
                readouts=[("C", "end")])
    np.testing.assert_allclose(out.table.kon, np.repeat([0.01, 0.1, 1.0], 2))
    np.testing.assert_allclose(out.table.R, np.tile([0.1, 0.5], 3))
    # more receptor or faster binding: more complex at the end
    c = out.table.C_end.to_numpy().reshape(3, 2)
    assert np.all(np.diff(c, axis=0) > 0) and np.all(np.diff(c, axis=1) > 0)
    r1 = sweep(model, 10.0, {"koff": (0.001, 0.1, "log")}, method="random", n=5, seed=7,
               readouts=[("C", "end")])
    r2 = sweep(model, 10.0, {"koff": (0.001, 0.1, "log")}, method="random", n=5, seed=7,
               readouts=[("C", "end")])
    assert r1.table.equals(r2.table)
    assert r1.table.koff.between(0.001, 0.1).all()
    s = sweep(model, 10.0, {"koff": (0.0, 0.1), "kon": (0.05, 0.2)}, method="sobol", n=8,
              seed=2, readouts=[("C", "end")])
    assert len(s) == 8 and s.table.koff.between(0, 0.1).all()
    # default readouts: peak and end of every observable
    d = sweep(model, 10.0, {"kon": [0.1]})
    assert {"occupancy_peak", "occupancy_end"} <= set(d.table.columns)


def test_sweep_errors(model):
    with pytest.raises(sigsim.ModelError, match="'kn' is neither a parameter nor a species"):
        sweep(model, 10.0, {"kn": (0.1, 1.0)})
    with pytest.raises(ValueError, match="log range needs low > 0"):
        sweep(model, 10.0, {"kon": (0.0, 1.0, "log")})
    with pytest.raises(ValueError, match="explicit value lists are for grids"):
        sweep(model, 10.0, {"kon": [0.1, 0.2]}, method="lhs", n=4)
    with pytest.raises(ValueError, match="needs the number of sets"):
        sweep(model, 10.0, {"kon": (0.1, 0.2)}, method="random")
    with pytest.raises(ValueError, match="unknown sweep method"):
        sweep(model, 10.0, {"kon": (0.1, 0.2)}, method="halton", n=4)
    with pytest.raises(ValueError, match="both swept and fixed"):
        sweep(model, 10.0, {"kon": (0.1, 0.2)}, params={"kon": 0.3})


def test_checkpoint_resumes_after_a_crash(model, tmp_path, monkeypatch):
    space = {"kon": (0.02, 0.5, "log")}
    kw = dict(method="random", n=10, seed=3, readouts=READOUTS, chunk_size=4)
    reference = sweep(model, T, space, **kw)
    ck = tmp_path / "sweep.npz"
    real = _sweep._run_chunk
    calls = []

    def crash_after_first(*args):
        if calls:
            raise KeyboardInterrupt("simulated crash")
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(_sweep, "_run_chunk", crash_after_first)
    with pytest.raises(KeyboardInterrupt):
        sweep(model, T, space, checkpoint=ck, **kw)
    assert ck.exists()
    seen = []

    def counting(model_, t, params, y0, kwargs):
        seen.append(params["kon"].copy())
        return real(model_, t, params, y0, kwargs)

    monkeypatch.setattr(_sweep, "_run_chunk", counting)
    resumed = sweep(model, T, space, checkpoint=ck, **kw)
    # only chunks 2 and 3 (sets 4-9) ran again
    assert resumed.chunks_run == 2 and len(seen) == 2
    np.testing.assert_array_equal(np.concatenate(seen), reference.table.kon[4:])
    assert resumed.table.equals(reference.table)
    # a finished checkpoint: nothing runs; another sweep refuses the file
    assert sweep(model, T, space, checkpoint=ck, **kw).chunks_run == 0
    with pytest.raises(sigsim.SimulationError, match="different sweep"):
        sweep(model, T, space, checkpoint=ck, **dict(kw, seed=4))


def test_progress_callback_and_write(model, tmp_path):
    seen = []
    out = sweep(model, 5.0, {"kon": [0.1, 0.2, 0.3]}, readouts=[("C", "end")], chunk_size=2,
                progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 3), (3, 3)]
    paths = out.write(tmp_path, models=[model])
    import pandas as pd

    back = pd.read_csv(paths["csv"])
    np.testing.assert_allclose(back.C_end, out.table.C_end, rtol=1e-5)
    assert paths["metadata"].exists()


def test_progress_bar_on_stderr(model, capsys):
    out = sweep(model, 5.0, {"kon": [0.1, 0.2, 0.3]}, readouts=[("C", "end")], chunk_size=1,
                progress=True)
    assert len(out) == 3
    err = capsys.readouterr().err
    assert "sweep binding" in err and "3/3" in err
