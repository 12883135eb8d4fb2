"""Experiment 7: global (Sobol) sensitivity of IL-6 pSTAT3 AUC and IL-2 Treg/CD8 selectivity
(quick run: small samples, so only robust features are asserted).

- HepG2-like cells carry ~12x more gp130 than IL-6R (models/README: Dwivedi 2014 receptor
  numbers), so gp130 never limits the classic response: its total index is ~0.
- The Treg/CD8 EC50 ratio rests on IL-2Ralpha (CD25) on Treg (Farhat 2021): steps shared by
  both cells downstream of the receptor (STAT5 phosphorylation) cancel in the ratio.
"""

import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_sensitivity import run

    return run(out=tmp_path_factory.mktemp("sens"), quick=True, show=lambda *a: None)


def test_files_and_tables(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0
    assert len(out["il6"]) == 10 and len(out["il2"]) == 10
    for s in (out["il6"], out["il2"]):
        assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(s.columns)
        assert (s.ST > -0.05).all()


def test_robust_features(out):
    st6 = out["il6"].set_index("parameter").ST
    assert st6["N_gp130"] < 0.02
    assert st6.max() > 0.1
    st2 = out["il2"].set_index("parameter").ST
    assert st2["kp_STAT5"] < 0.02
    cd25 = max(st2["N_IL2Ra (Treg, scale)"], st2["KD_IL2_IL2Ra"])
    assert cd25 > st2["kp_STAT5"] + 0.1
