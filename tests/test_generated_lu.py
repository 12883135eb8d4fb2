"""The straight-line substitutions printed for a model's sparse LU pattern (sigsim.codegen._lu)
against numpy and against the list-driven kernel they replace on the single-set path."""

import numpy as np
import pytest
from numba import njit

import sigsim
from sigsim.codegen import _lu
from sigsim.solvers import _linalg
from sigsim.solvers._jit import from_python
from sigsim.solvers._sparse import SparseLU

build_w_sparse = from_python(_linalg.build_w_sparse)
sparse_lu_factor = from_python(_linalg.sparse_lu_factor)
lu_value_size = from_python(_linalg.lu_value_size)


@njit
def _list_solve(a, dinv, lu, b, work):
    _linalg.sparse_lu_solve(a, dinv, lu, b, work)


def _compile(n, rows, cols):
    src, size = _lu.lu_source(n, rows, cols)
    ns = {"njit": njit}
    exec(src.replace("@njit(cache=True)", "@njit"), ns)     # test-only: the generated text
    return ns["lu_solve"], size


def _pattern(n, density, seed):
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < density
    np.fill_diagonal(mask, True)
    rows, cols = (x.astype(np.int64) for x in np.nonzero(mask))
    return rows, cols, rng


@pytest.mark.parametrize("n,density,seed", [(3, 0.5, 0), (12, 0.25, 1), (25, 0.12, 2)])
def test_printed_solve_matches_numpy_and_the_list_kernel(n, density, seed):
    rows, cols, rng = _pattern(n, density, seed)
    solve, size = _compile(n, rows, cols)
    lu = SparseLU(n, rows, cols)
    assert size == lu.nnz_lu
    for shift in (2.0 * n, 0.7):
        Jv = rng.standard_normal(rows.size)
        W = shift * np.eye(n)
        np.subtract.at(W, (rows, cols), Jv)
        b = rng.standard_normal(n)
        a, dinv = np.empty(lu_value_size(lu.arrays)), np.empty(n)
        build_w_sparse(a, Jv, shift, lu.arrays)
        assert sparse_lu_factor(a, dinv, lu.arrays)
        x = b.copy()
        solve(a, dinv, x, np.empty(n))
        np.testing.assert_allclose(W @ x, b, rtol=0, atol=1e-9 * np.abs(b).max() * n)
        # the same operations in the same order as the list-driven kernel: same numbers
        x2 = b.copy()
        _list_solve(a, dinv, lu.arrays, x2, np.empty(n))
        np.testing.assert_array_equal(x, x2)


def test_large_factorizations_are_not_printed(monkeypatch):
    rows, cols, _ = _pattern(12, 0.25, 1)
    assert _lu.lu_source(12, rows, cols)[1] > 0
    monkeypatch.setattr(_lu, "MAX_GENERATED_OPS", 5)
    assert _lu.lu_source(12, rows, cols) == ("", 0)


def test_single_sets_use_the_generated_lu_and_match_the_list_kernels(cascade_model,
                                                                      monkeypatch):
    """The single-set Rosenbrock path runs on the model's printed substitutions; the list-driven
    entry (kept for models too large to print) gives the same trajectories and step counts."""
    from sigsim.codegen import _entry

    cm = sigsim.compile_model(cascade_model)
    assert cm.module.LU_SIZE == cm.sparse_lu.nnz_lu > 0
    t = np.linspace(0.0, 30.0, 16)
    doses = [sigsim.Bolus("S", 1.0, at=5.0)]
    gen = sigsim.simulate(cascade_model, t, doses=doses, rtol=1e-9, atol=1e-12)
    assert any(name == "rosenbrock_gen_batch" for name, _ in _entry._COMPILED)
    monkeypatch.setattr(cm.module, "LU_SIZE", 0)
    listed = sigsim.simulate(cascade_model, t, doses=doses, rtol=1e-9, atol=1e-12)
    assert any(name == "rosenbrock_batch" for name, _ in _entry._COMPILED)
    np.testing.assert_allclose(gen.y, listed.y, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(gen.stats, listed.stats)
