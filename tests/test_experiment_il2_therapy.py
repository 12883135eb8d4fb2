"""IL-2 therapy experiment (Kirschner & Panetta 1998 tumor model), quick run.

References: Kirschner & Panetta 1998 (J Math Biol 37:235), Section 4: IL-2 alone clears the
tumor only at doses where effector cells grow without bound; adoptive transfer with IL-2 clears
it at lower doses. Analytic thresholds (linear stability of the tumor-free state): effector
runaway above s2 = mu3*g1*mu2/(p1 - mu2) = 6.35e7 units/day; tumor-free state stable above
s2 = mu3*g1*x/(1 - x), x = (mu2 - a*s1/(r2*g2))/p1 (2.4e7 at s1 = 300), and for any s2 once
s1 > r2*g2*mu2/a = 540 cells/day.
"""

import json

import numpy as np
import pandas as pd
import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_il2_therapy import run

    return run(out=tmp_path_factory.mktemp("il2_therapy"), quick=True, show=lambda *a: None)


def test_files_written(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0
    meta = json.loads(out["metadata"].read_text())
    assert [m["name"] for m in meta["models"]] == ["tumor_immune_il2"]
    assert meta["models"][0]["parameters"]["c"]["value"] == pytest.approx(0.035)
    tc = pd.read_csv(out["tables"]["timecourses"])
    assert set(tc.variable) == {"T", "E", "IL"} and tc.scenario.nunique() == 5
    # the treated tumor is established: the untreated model's dormant state (~3e4 cells)
    assert 1e4 < out["initial_state"]["T"] < 5e4


def test_analytic_thresholds():
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_il2_therapy import thresholds

    p = {"mu2": 0.03, "p1": 0.1245, "g1": 2e7, "mu3": 10.0, "a": 1.0, "r2": 0.18, "g2": 1e5}
    clear0, runaway = thresholds(p, 0.0)
    assert runaway == pytest.approx(10 * 2e7 * 0.03 / 0.0945)
    assert clear0 == pytest.approx(runaway)           # IL-2 alone: no window
    assert thresholds(p, 300.0)[0] == pytest.approx(2.4e7, rel=0.01)
    assert thresholds(p, 541.0)[0] == 0.0              # s1 > 540: adoptive transfer suffices


def test_scenarios(out):
    sc = out["scenarios"]
    assert not sc["no therapy"]["cleared"]
    act = sc["adoptive transfer (s1 = 300)"]
    assert not act["cleared"]
    assert act["T_max_last_100d_cells"] < 0.5 * sc["no therapy"]["T_max_last_100d_cells"]
    assert not sc["IL-2 alone (s2 = 5e7)"]["cleared"]
    combo = sc["combination (s1 = 300, s2 = 5e7)"]
    assert combo["cleared"] and not combo["runaway"]
    assert combo["E_final_cells"] < 1e6
    high = sc["high-dose IL-2 alone (s2 = 1e8)"]
    assert high["cleared"] and high["runaway"] and high["E_final_cells"] > 1e8


def test_dose_sweep_follows_the_analytic_thresholds(out):
    d = out["outcomes"]
    s2 = d.s2_IL2_units_per_day
    grid = np.unique(s2[s2 > 0])
    step = grid[1] / grid[0]
    for s1 in (0.0, 300.0):
        clear, runaway = out["thresholds"][s1]
        x = d[d.s1_cells_per_day == s1]
        lowest = x[x.cleared].s2_IL2_units_per_day.min()
        assert clear <= lowest <= clear * step            # first grid dose above the threshold
        assert (x.runaway == (x.s2_IL2_units_per_day > runaway)).all()
    alone = d[d.s1_cells_per_day == 0.0]
    assert not (alone.cleared & ~alone.runaway).any()     # IL-2 alone: only with runaway
    combo = d[(d.s1_cells_per_day == 550.0) & d.cleared & ~d.runaway].s2_IL2_units_per_day
    assert combo.max() / combo.min() > 50                 # a wide window of IL-2 doses
