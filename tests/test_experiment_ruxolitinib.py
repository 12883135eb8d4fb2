"""Experiment 4: ruxolitinib on IL-6 -> pSTAT3 and IL-4 -> pSTAT6 (quick run).

References: enzymatic IC50 JAK1 3.3 nM (Quintas-Cardama 2010); 97 % plasma protein binding
(label); label PD: pSTAT inhibition maximal about 2 h after a dose, back near baseline by
about 10 h (the model recovers more slowly: about 50 % of control at 10 h, see the drugs
coupling tests).
"""

import numpy as np
import pytest

from sigsim._resources import import_builtin


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    import_builtin("sigsim._builtin_experiments")
    from sigsim._builtin_experiments.run_ruxolitinib import run

    return run(out=tmp_path_factory.mktemp("rux"), quick=True, show=lambda *a: None)


def test_files_written(out):
    for p in [*out["tables"].values(), *out["figures"], out["metadata"]]:
        assert p.exists() and p.stat().st_size > 0


def test_in_vitro_ic50s(out):
    ic = out["ic50"]
    for pathway in ("IL-6 -> pSTAT3", "IL-4 -> pSTAT6"):
        free = ic[(pathway, "serum-free (100 % free)")]
        plasma = ic[(pathway, "plasma (3 % free)")]
        assert 3.3 <= free <= 6.6           # near the enzymatic JAK1 IC50
        assert plasma / free == pytest.approx(1 / 0.03, rel=0.1)  # protein binding


def test_in_vivo_block_and_recovery(out):
    once = out["in_vivo"][("IL-6 -> pSTAT3", "25 mg PO once")]
    bid = out["in_vivo"][("IL-6 -> pSTAT3", "20 mg PO q12h x2")]
    h = once.times_days * 24
    at = dict(zip(np.round(h, 3), once.relative))
    assert at[1.0] < 0.15                    # deep block near Tmax
    assert at[24.0] > 0.9                    # one daily dose does not hold the block
    # with the second dose at 12 h the twice-daily regimen still blocks partly at 24 h (69 %)
    assert bid.relative[-1] < at[24.0] - 0.15
