"""Experiment 5: tocilizumab + ruxolitinib dose matrix on IL-6 -> pSTAT3 (quick run).

Checks: the matrix's single-agent edges agree with the single-drug experiments (tocilizumab
IC50 ~0.46 nM on HepG2-like cells, experiment 1; ruxolitinib free IC50 ~4 nM, enzymatic JAK1
IC50 3.3 nM, Quintas-Cardama 2010), inhibition never falls when either dose rises, and the
scores are computed on the simulated matrix (Bliss expected = Ea + Eb - Ea*Eb).
"""

import numpy as np
import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_combination import run

    return run(out=tmp_path_factory.mktemp("combo"), quick=True, show=lambda *a: None)


def test_files_written(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0


def test_single_agent_edges(out):
    e, tcz, rux = out["effect"], out["tocilizumab_nM"], out["ruxolitinib_nM"]
    assert e[0, 0] == pytest.approx(0.0, abs=1e-12)
    # half-effect doses by log-linear interpolation (4 doses per agent in quick mode)
    ic_tcz = 10 ** np.interp(0.5, e[1:, 0], np.log10(tcz[1:]))
    ic_rux = 10 ** np.interp(0.5, e[0, 1:], np.log10(rux[1:]))
    assert 0.3 < ic_tcz < 0.8
    assert 3.0 <= ic_rux <= 7.0


def test_monotone_and_scores_consistent(out):
    e, s = out["effect"], out["scores"]
    assert np.all(np.diff(e, axis=0) > -1e-9) and np.all(np.diff(e, axis=1) > -1e-9)
    ea, eb = e[1:, :1], e[:1, 1:]
    np.testing.assert_allclose(s.bliss[1:, 1:], e[1:, 1:] - (ea + eb - ea * eb), atol=1e-12)
    # two steps of one pathway: close to Bliss independence (|excess| < 0.1 everywhere)
    assert np.nanmax(np.abs(s.bliss)) < 0.1
