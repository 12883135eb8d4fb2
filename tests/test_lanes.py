"""The lane-batched Rosenbrock kernel (sigsim.solvers._lanes) against the scalar kernel and
numpy: same numbers set by set, failures kept per set, the sparse-pivot fallback."""

import numpy as np
import pytest

import sigsim
from sigsim.solvers import _lanes
from sigsim.solvers._jit import from_python
from sigsim.solvers._sparse import SparseLU
from sigsim.solvers._status import LINEAR_SOLVER

lanes_build_w = from_python(_lanes.lanes_build_w)
lanes_lu_factor = from_python(_lanes.lanes_lu_factor)
lanes_lu_solve = from_python(_lanes.lanes_lu_solve)
lane_dense_rows = from_python(_lanes.lane_dense_rows)
lanes_stage_sums = from_python(_lanes.lanes_stage_sums)
weighted_rows = from_python(_lanes.weighted_rows)


@pytest.mark.parametrize("zeros", [False, True])
def test_stage_sums_equal_the_sums_term_by_term(zeros):
    """``lanes_stage_sums`` (two stages per pass when every weight is nonzero, else the
    separate sums) gives, bit for bit, ``y + a_i0 U_0 + a_i1 U_1 + ...`` and
    ``C_i0 U_0 + C_i1 U_1 + ...`` summed term by term with zero weights skipped, for every
    stage count of a Rodas5P step."""
    rng = np.random.default_rng(11)
    s, nl = 8, 96
    U = rng.standard_normal((s, nl)) * 10.0 ** rng.integers(-8, 8, (s, nl))
    y = rng.standard_normal(nl)
    a = rng.standard_normal((s, s))
    C = rng.standard_normal((s, s))
    if zeros:
        a[rng.random((s, s)) < 0.3] = 0.0
        C[rng.random((s, s)) < 0.3] = 0.0
    for i in range(1, s):
        ys, cs = np.empty(nl), np.empty(nl)
        lanes_stage_sums(a[i], C[i], i, U, y, ys, cs)
        ref_y, ref_c, first = y.copy(), np.zeros(nl), True
        for j in range(i):
            if a[i, j] != 0.0:
                ref_y = ref_y + a[i, j] * U[j]
            if C[i, j] != 0.0:
                ref_c = C[i, j] * U[j] if first else ref_c + C[i, j] * U[j]
                first = False
        np.testing.assert_array_equal(ys, ref_y)
        np.testing.assert_array_equal(cs, ref_c)


def _lane_matrices(rng, n, lanes):
    mask = rng.random((n, n)) < 0.25
    np.fill_diagonal(mask, True)
    rows, cols = np.nonzero(mask)
    Jv = rng.standard_normal((rows.size, lanes))
    return rows.astype(np.int64), cols.astype(np.int64), Jv


def test_lane_dense_rows_equal_all_lane_rows():
    """The continuous extension's rows of one lane (used when few lanes write outputs in a
    step) are the all-lane sums bit for bit, with zero weights and an all-zero row of H."""
    rng = np.random.default_rng(4)
    s, n, lanes = 8, 7, 6
    H = rng.standard_normal((4, s))
    H[0, [0, 3]] = 0.0
    H[2] = 0.0
    U = rng.standard_normal((s, n, lanes))
    D_all = np.empty((4, n, lanes))
    weighted_rows(H, U.reshape(s, n * lanes), D_all.reshape(4, n * lanes))
    D_one = np.full((4, n, lanes), np.nan)
    for lane in range(lanes):
        lane_dense_rows(H, U, D_one, lane)
    assert np.array_equal(D_one, D_all)
    assert np.allclose(D_all, np.einsum("rj,jkl->rkl", H, U), rtol=1e-13, atol=1e-14)
    assert np.array_equal(D_all[2], np.zeros((n, lanes)))


def test_lane_lu_matches_numpy_per_lane():
    rng = np.random.default_rng(1)
    n, lanes = 12, 5
    rows, cols, Jv = _lane_matrices(rng, n, lanes)
    slu = SparseLU(n, rows, cols)
    lu = slu.arrays
    shift = np.array([3.0, 10.0, 0.5, 100.0, 4.0])
    a = np.empty((slu.nnz_lu, lanes))
    dinv = np.empty((n, lanes))
    ok = np.empty(lanes, dtype=np.bool_)
    lanes_build_w(a, np.ascontiguousarray(Jv), shift, lu)
    lanes_lu_factor(a, dinv, lu, np.empty(lanes), ok)
    b = rng.standard_normal((n, lanes))
    x = b.copy()
    lanes_lu_solve(a, dinv, lu, x, np.empty((n, lanes)))
    for l in range(lanes):
        W = shift[l] * np.eye(n)
        np.subtract.at(W, (rows, cols), Jv[:, l])
        if ok[l]:
            np.testing.assert_allclose(x[:, l], np.linalg.solve(W, b[:, l]), rtol=1e-9, atol=1e-12)
    assert ok.sum() >= 3


def test_lane_lu_flags_only_the_singular_lane():
    n, lanes = 3, 4
    rows = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)
    cols = np.array([0, 1, 0, 1, 1, 2], dtype=np.int64)
    slu = SparseLU(n, rows, cols)
    lu = slu.arrays
    Jv = np.tile(np.array([[1.0], [2.0], [3.0], [4.0], [0.5], [1.0]]), (1, lanes))
    shift = np.array([2.0, 2.0, 2.0, 2.0])
    Jv[:, 2] = [1.0, 0.0, 0.0, 1.0, 0.0, 2.0]   # W = 2I - J: row 2 of lane 2 is exactly zero
    a = np.empty((slu.nnz_lu, lanes))
    ok = np.empty(lanes, dtype=np.bool_)
    lanes_build_w(a, Jv, shift, lu)
    lanes_lu_factor(a, np.empty((n, lanes)), lu, np.empty(lanes), ok)
    assert list(ok) == [True, True, False, True]


def _sample(model, n, seed):
    rng = np.random.default_rng(seed)
    base = np.asarray(model.parameter_values())
    return base * np.exp(0.4 * rng.standard_normal((n, base.size)))


@pytest.mark.parametrize("method", ["rodas5p", "rodas4"])
def test_lane_batch_equals_singles_with_doses(cascade_model, method):
    t = np.linspace(0, 200, 41)
    doses = [sigsim.Bolus("L", 2.0, at=0.0, every=50.0, count=3),
             sigsim.Infusion("L", rate=0.05, start=20.0, stop=35.5),
             sigsim.SetParameter("kfb", 0.0, at=120.0)]
    P = _sample(cascade_model, 20, seed=4)
    batch = sigsim.simulate(cascade_model, t, params=P, doses=doses, method=method, threads=1)
    assert (batch.status == 0).all()
    for i in (0, 7, 19):
        one = sigsim.simulate(cascade_model, t, params=P[i:i + 1], doses=doses, method=method)
        np.testing.assert_allclose(batch.y[i], one.y[0], rtol=1e-12, atol=1e-18)
        assert batch.stats[i, 0] == one.stats[0, 0]      # same steps
    # and against a tight reference solution
    ref = sigsim.simulate(cascade_model, t, params=P[:4], doses=doses, method="scipy-radau",
                          rtol=1e-11, atol=1e-14)
    err = np.abs(batch.y[:4] - ref.y) / (1e-9 + 1e-6 * np.abs(ref.y))
    assert err.max() < 5, err.max()


def test_lane_batch_threads_identical(cascade_model):
    import numba

    P = _sample(cascade_model, 40, seed=5)
    t = [0, 10, 60, 300]
    one = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0}, threads=1)
    many = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0},
                           threads=numba.config.NUMBA_NUM_THREADS)
    np.testing.assert_array_equal(one.y, many.y)
    np.testing.assert_array_equal(one.stats, many.stats)


def test_lane_batch_keeps_failures_per_set():
    m = sigsim.Model("blowup_lanes")
    m.species("y", 1.0)
    m.species("z", 0.0)
    m.parameter("k", 1.0)
    m.reaction("-> y", "k*y*y")
    m.reaction("y -> z", "0.1*y")
    k = np.array([0.1, 1.0] * 10)
    with pytest.warns(sigsim.SimulationWarning, match="failed"):
        res = sigsim.simulate(m, [0, 0.5, 2.0], params={"k": k}, linear_solver="sparse",
                              threads=1)
    assert (res.status[::2] == 0).all() and (res.status[1::2] != 0).all()
    assert np.isnan(res["y"][1::2, -1]).all() and np.isfinite(res["y"][::2]).all()
    one = sigsim.simulate(m, [0, 0.5, 2.0], params={"k": 0.1}, linear_solver="sparse")
    np.testing.assert_allclose(res["y"][0], one["y"][0], rtol=1e-12)


def test_lane_batch_max_steps(binding_model):
    res = sigsim.simulate(binding_model, [0, 1000], params={"kon": np.logspace(-2, 0, 16)},
                          max_steps=3, on_failure="ignore", linear_solver="sparse", threads=1)
    assert (res.status == 1).all() and np.isnan(res.y[:, -1]).all()


def test_sets_that_meet_a_bad_pivot_are_rerun_with_dense_lu(cascade_model, monkeypatch):
    from sigsim.simulate import _simulate

    P = _sample(cascade_model, 16, seed=6)
    t = [0, 5, 50]
    clean = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0}, threads=1)
    real = _simulate.call_entry
    calls = []

    def fake(name, *args, **kw):
        real(name, *args, **kw)
        calls.append(name)
        if name == "rosenbrock_lanes_batch":     # pretend sets 3 and 9 met a bad pivot
            status, y_out = args[-2], args[-3]
            status[[3, 9]] = LINEAR_SOLVER
            y_out[[3, 9]] = np.nan

    monkeypatch.setattr(_simulate, "call_entry", fake)
    res = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0}, threads=1)
    assert calls == ["rosenbrock_lanes_batch", "rosenbrock_dense_batch"]
    assert (res.status == 0).all()
    np.testing.assert_allclose(res.y, clean.y, rtol=1e-12)


def _printed(fname, source):
    import math

    from numba import njit

    from sigsim.solvers._jit import merge_last_axes

    namespace = {"np": np, "math": math, "njit": njit, "merge_last_axes": merge_last_axes}
    exec(source, namespace)      # generated text of sigsim.codegen._lu, as in a model module
    return namespace[fname]


@pytest.mark.parametrize("seed", [3, 8])
def test_printed_lane_lu_equals_the_operation_lists_bit_for_bit(seed):
    """The printed lane factorization and substitutions (sigsim.codegen._lu) do the list
    kernels' operations in the same order: the same numbers, and the same bad-pivot flags."""
    from sigsim.codegen._lu import lu_factor_lanes_source, lu_lanes_source

    rng = np.random.default_rng(seed)
    n, lanes = 10, 8           # small: the printed code compiles at about 30 ms per operation
    rows, cols, Jv = _lane_matrices(rng, n, lanes)
    slu = SparseLU(n, rows, cols)
    deco = '@njit(error_model="numpy")'
    factor = _printed("lu_factor_lanes", lu_factor_lanes_source(slu, lanes, deco))
    solve = _printed("lu_solve_lanes", lu_lanes_source(slu, lanes, deco))
    shift = np.array([3.0, 10.0, 0.5, 100.0, 4.0, 1.0, 0.2, 50.0])
    Jv[:, 5] = 0.0
    Jv[0, 5] = 1.0           # lane 5: W = I - J with a zero pivot where J has its only 1
    Jv = np.ascontiguousarray(Jv)
    assert rows[0] == cols[0] == 0            # entry 0 is W's (0, 0)
    a1, a2 = np.empty((slu.nnz_lu, lanes)), np.empty((slu.nnz_lu, lanes))
    d1, d2 = np.empty((n, lanes)), np.empty((n, lanes))
    ok1, ok2 = np.empty(lanes, dtype=np.bool_), np.empty(lanes, dtype=np.bool_)
    lanes_build_w(a1, Jv, shift, slu.arrays)
    lanes_lu_factor(a1, d1, slu.arrays, np.empty(lanes), ok1)
    factor(Jv, shift, a2, d2, ok2)
    np.testing.assert_array_equal(ok1, ok2)
    assert not ok2[5] and ok2.sum() >= 5
    good = ok1
    np.testing.assert_array_equal(a1[:, good], a2[:, good])
    np.testing.assert_array_equal(d1[:, good], d2[:, good])
    b = rng.standard_normal((n, lanes))
    x1, x2 = b.copy(), b.copy()
    lanes_lu_solve(a1, d1, slu.arrays, x1, np.empty((n, lanes)))
    solve(a2, d2, x2)
    np.testing.assert_array_equal(x1[:, good], x2[:, good])
    for l in np.flatnonzero(good):           # and they solve W x = b
        W = shift[l] * np.eye(n)
        np.subtract.at(W, (rows, cols), Jv[:, l])
        np.testing.assert_allclose(W @ x2[:, l], b[:, l], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("seed", [3, 8])
def test_printed_scalar_factorization_equals_the_operation_lists(seed):
    """The printed single-set factorization (``lu_factor``, the batch BDF's) gives the list
    kernel's factors bit for bit and its verdict on bad pivots and non-finite entries."""
    from sigsim.codegen._lu import lu_factor_source
    from sigsim.solvers._linalg import build_w_sparse, sparse_lu_factor

    rng = np.random.default_rng(seed)
    n = 10
    rows, cols, J = _lane_matrices(rng, n, 4)
    slu = SparseLU(n, rows, cols)
    factor = _printed("lu_factor", lu_factor_source(slu, '@njit(error_model="numpy")'))
    build, lists = from_python(build_w_sparse), from_python(sparse_lu_factor)
    assert rows[0] == cols[0] == 0            # entry 0 is W's (0, 0)
    cases = [(J[:, 0].copy(), 3.0), (J[:, 1].copy(), 100.0), (J[:, 2].copy(), 0.5)]
    pivot = np.zeros(rows.size)
    pivot[0] = 1.0                            # W = I - J with a zero pivot at (0, 0)
    cases.append((pivot, 1.0))
    nan = J[:, 3].copy()
    nan[np.flatnonzero(rows != cols)[-1]] = np.nan     # a NaN off the diagonal
    cases.append((nan, 2.0))
    verdicts = []
    for Jv, shift in cases:
        a1, a2 = np.empty(slu.nnz_lu), np.empty(slu.nnz_lu)
        d1, d2 = np.empty(n), np.empty(n)
        build(a1, Jv, shift, slu.arrays)
        ok1 = lists(a1, d1, slu.arrays)
        ok2 = factor(Jv, shift, a2, d2)
        assert ok1 == ok2
        verdicts.append(ok2)
        if ok1:
            np.testing.assert_array_equal(a1, a2)
            np.testing.assert_array_equal(d1, d2)
    assert verdicts[-2:] == [False, False] and sum(verdicts[:3]) >= 2
    # a NaN that reaches no pivot (the only off-diagonal entry, whose row or column has no
    # other): the list kernel refuses it at its row's scan, so must the printed one
    rows3, cols3 = np.array([0, 1, 1, 2]), np.array([0, 0, 1, 2])
    slu3 = SparseLU(3, rows3, cols3)
    factor3 = _printed("lu_factor", lu_factor_source(slu3, '@njit(error_model="numpy")'))
    Jv = np.array([0.5, np.nan, 0.25, 0.125])
    a1, d1 = np.empty(slu3.nnz_lu), np.empty(3)
    build(a1, Jv, 2.0, slu3.arrays)
    assert not lists(a1, d1, slu3.arrays)
    assert not factor3(Jv, 2.0, np.empty(slu3.nnz_lu), np.empty(3))


def test_large_batch_with_printed_lane_lu_equals_small_batches(cascade_model, monkeypatch):
    """A batch large enough for the printed lane LU gives the numbers of the generic lane
    kernel, set by set."""
    from sigsim.simulate import _simulate

    P = _sample(cascade_model, 24, seed=9)
    t = [0, 5, 50, 200]
    monkeypatch.setattr(_simulate, "PRINTED_LU_MIN_SETS", 10**9)
    generic = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0}, threads=1)
    monkeypatch.setattr(_simulate, "PRINTED_LU_MIN_SETS", 1)
    printed = sigsim.simulate(cascade_model, t, params=P, y0={"L": 1.0}, threads=1)
    assert (printed.status == 0).all()
    np.testing.assert_array_equal(printed.y, generic.y)
    np.testing.assert_array_equal(printed.stats, generic.stats)


def test_lane_batch_with_explicit_time_equals_singles():
    """A rate law with explicit time (the h d_i df/dt terms of each stage): lanes and single
    sets agree bit for bit, and both follow the closed form."""
    m = sigsim.Model("forced_decay")
    m.species("A", 0.0)
    m.parameter("k", 0.5)
    m.parameter("w", 0.3)
    m.reaction("-> A", "1 + sin(w*t)")
    m.reaction("A ->", "k*A")
    k = np.linspace(0.2, 1.0, 20)
    t = np.linspace(0.0, 30.0, 31)
    batch = sigsim.simulate(m, t, params={"k": k}, threads=1, rtol=1e-8, atol=1e-10)
    for i in (0, 13):
        one = sigsim.simulate(m, t, params={"k": k[i]}, rtol=1e-8, atol=1e-10)
        np.testing.assert_array_equal(batch["A"][i], one["A"][0])
    # A' = 1 + sin(w t) - k A, A(0) = 0
    w, kk = 0.3, k[:, None]
    exact = (1 / kk * (1 - np.exp(-kk * t))
             + (kk * np.sin(w * t) - w * np.cos(w * t) + w * np.exp(-kk * t)) / (kk**2 + w**2))
    np.testing.assert_allclose(batch["A"], exact, rtol=1e-6, atol=1e-8)
