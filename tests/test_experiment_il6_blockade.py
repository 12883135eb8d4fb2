"""Experiment 1 (the README's main job): IL-6 blockers on classic vs trans signaling, quick run.

References: Rafique 2013 (sarilumab IC50 146 pM with 50 pM IL-6 on HepG2 cells, ~4x more
potent than tocilizumab); sgp130Fc is designed to spare classic signaling (Schreiber 2021)
unless it also binds the membrane IL-6:IL-6R complex (Widjaja & Cook 2024).
"""

import json

import numpy as np
import pandas as pd
import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_il6_blockade import run

    return run(out=tmp_path_factory.mktemp("il6_blockade"), quick=True, show=lambda *a: None)


def test_files_written(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0
    meta = json.loads(out["metadata"].read_text())
    assert [m["name"] for m in meta["models"]] == ["il6", "il6"]
    assert all(len(m["digest"]) >= 16 for m in meta["models"])
    assert meta["models"][0]["parameters"]["KD_sarilumab_IL6R"]["source"] == "Rafique2013"
    dr = pd.read_csv(out["tables"]["dose_response"])
    assert set(dr.context) == {"classic", "trans"}
    assert dr.groupby(["context", "drug"]).size().nunique() == 1  # same doses for all


def test_anti_il6r_potency_matches_rafique_2013(out):
    ic50 = out["ic50"]
    assert 146 / 1.5 < ic50[("classic", "sarilumab")] * 1000 < 146 * 1.5
    assert 2.5 < ic50[("classic", "tocilizumab")] / ic50[("classic", "sarilumab")] < 6


def test_sgp130fc_spares_classic_signaling_unless_it_binds_the_membrane_complex(out):
    tab = out["table"].set_index(["context", "drug"])
    assert tab.loc[("classic", "sgp130Fc"), "pct_of_control_at_top_dose"] > 95
    assert np.isnan(out["ic50"][("classic", "sgp130Fc")])
    assert out["ic50"][("trans", "sgp130Fc")] < 50  # nM: blocks trans-signaling
    variant = "sgp130Fc, classic KD = trans KD"
    assert tab.loc[("classic", variant), "pct_of_control_at_top_dose"] < 10
    # the trans route does not see the classic-path KD
    assert out["ic50"][("trans", variant)] == pytest.approx(out["ic50"][("trans", "sgp130Fc")],
                                                             rel=1e-6)


def test_every_blocker_but_sgp130fc_blocks_both_routes(out):
    for drug in ("tocilizumab", "sarilumab", "siltuximab"):
        for context in ("classic", "trans"):
            assert np.isfinite(out["ic50"][(context, drug)])
        # 1 nM soluble IL-6R has to be titrated in the trans context: the IC50 is higher
        assert out["ic50"][("trans", drug)] > 5 * out["ic50"][("classic", drug)]
