"""Compilation helpers of the solver kernels (sigsim.solvers._jit): borrowed views, merged
axes, and cache stamps that notice edits of any solver file."""

import numba
import numpy as np
import pytest
from numba import njit

from sigsim.solvers import _jit, _lanes, _stepping


@njit(cache=False)
def _borrow_and_sum(a, pair):
    own = np.empty(a.shape[0])
    b = _jit.borrowed(own)
    t = _jit.borrowed(pair)
    for i in range(a.shape[0]):
        b[i] = a[i] * t[0][i] + t[1]
    view = _jit.borrowed(a)[1:3]
    _jit.keep_alive(own)
    return own.copy(), view.sum()


@njit(cache=False)
def _merged(U, y):
    return _jit.merge_last_axes(U).copy(), _jit.merge_last_axes(y).copy()


def test_borrowed_views_read_and_write_the_owner():
    out, s = _borrow_and_sum(np.arange(4.0), (np.full(4, 2.0), 1.0))
    assert np.array_equal(out, [1.0, 3.0, 5.0, 7.0])
    assert s == 3.0


def test_merge_last_axes_is_reshape():
    U = np.arange(24.0).reshape(2, 3, 4)
    y = np.arange(12.0).reshape(3, 4)
    a, b = _merged(U, y)
    assert np.array_equal(a, U.reshape(2, 12)) and np.array_equal(b, y.reshape(12))


@pytest.mark.skipif(numba.config.DISABLE_JIT, reason="no caching without the JIT")
def test_kernel_cache_stamp_covers_every_solver_file():
    assert _jit.CACHE_LOCATOR_INSTALLED
    for disp in (_stepping.weighted_sum, _lanes.rosenbrock_lanes):
        cache = disp._cache
        locator = cache._impl._locator
        stamp = locator.get_source_stamp()
        assert type(locator).__name__ == "SolverSourcesLocator"
        assert stamp[1] == _jit.solver_sources_hash()
    # a file outside the solvers keeps numba's own locator
    from sigsim.codegen import _zero
    assert type(_zero.no_lu_solve_lanes._cache._impl._locator).__name__ != "SolverSourcesLocator"
