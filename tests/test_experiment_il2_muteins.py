"""IL-2 muteins experiment (IL-2, F42K, R38A, IL-2-Fc on Treg, CD8 and NK pSTAT5), quick run.

References: Farhat 2021 30-min pSTAT5 EC50s of wild-type IL-2 (Treg ~0.045 nM, CD8 ~2.6 nM,
NK ~1.6 nM); F42K and R38A lack IL-2Ralpha binding (Sauve 1991) and F42K loses the Treg bias,
favouring NK cells (Sim 2016); IL-2-Fc binds as IL-2 (library record).
"""

import json

import numpy as np
import pandas as pd
import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_il2_muteins import run

    return run(out=tmp_path_factory.mktemp("il2_muteins"), quick=True, show=lambda *a: None)


def test_files_written(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0
    meta = json.loads(out["metadata"].read_text())
    assert [m["name"] for m in meta["models"]] == ["il2"]
    dr = pd.read_csv(out["tables"]["dose_response"])
    assert set(dr.agonist) == {"aldesleukin", "F42K", "R38A", "IL2_Fc"}
    assert set(dr.cell) == {"treg", "cd8", "nk"}


def test_wild_type_ec50s_match_farhat_2021(out):
    for cell, measured in (("treg", 0.045), ("cd8", 2.6), ("nk", 1.6)):
        assert measured / 2 < out["ec50"][("aldesleukin", cell)] < measured * 2
    # Treg ~55x more sensitive than CD8 in the data (model 66x)
    assert 0.005 < out["selectivity"]["aldesleukin"]["treg/cd8"] < 0.05


def test_experiment_agrees_with_the_library_ec50_function(out):
    from sigsim.drugs import pstat5_ec50

    lib = pstat5_ec50("F42K")
    for cell in ("treg", "cd8", "nk"):
        assert out["ec50"][("F42K", cell)] == pytest.approx(lib[cell], rel=0.05)


def test_f42k_loses_the_treg_preference(out):
    wt, f42k = out["selectivity"]["aldesleukin"], out["selectivity"]["F42K"]
    assert f42k["treg/cd8"] > 20 * wt["treg/cd8"]
    assert f42k["treg/nk"] > 20 * wt["treg/nk"]
    assert f42k["treg/nk"] > 1.0      # NK respond at lower doses than Treg (Sim 2016)
    # without IL-2Ralpha the CD8 and NK EC50s hardly move (they carry ~20 IL-2Ralpha)
    for cell in ("cd8", "nk"):
        assert out["ec50"][("F42K", cell)] == pytest.approx(out["ec50"][("aldesleukin", cell)],
                                                            rel=0.15)
    assert out["ec50"][("R38A", "treg")] == pytest.approx(out["ec50"][("F42K", "treg")],
                                                          rel=1e-9)
    assert out["ec50"][("IL2_Fc", "treg")] == pytest.approx(
        out["ec50"][("aldesleukin", "treg")], rel=1e-9)


def test_selectivity_rises_with_the_loss_of_il2ra_affinity(out):
    sweep = out["fold_sweep"].sort_values("IL2Ra_fold_loss")
    si = sweep.SI_treg_over_cd8.to_numpy()
    assert np.all(np.diff(si) > 0)
    assert si[-1] < 1.0   # the Treg's IL-2Rbeta/gamma-c alone: still slightly more sensitive
