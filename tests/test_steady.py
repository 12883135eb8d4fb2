"""Damped Newton steady states: analytic references, conservation, failures, plain Python.

All problems live in one pair of model functions switching on the model id ``p[0]`` so that
the cached entry point ``steady`` is compiled once.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from numba import njit

from sigsim.model._conservation import conservation_laws
from sigsim.solvers._status import LINEAR_SOLVER, NEWTON_FAILED, NON_FINITE, SUCCESS
from sigsim.solvers._steady import newton_steady

CHAIN = 0      # -> X0 -> X1 ->, plus a constant X2: p = [id, ksyn, k1, k2]
BINDING = 1    # A + B <-> C: p = [id, kon, koff]
POWER = 2      # y' = 1 - y**10 (far start needs many damped steps)
NO_ROOT = 3    # y' = 1 + y**2
NAN = 4        # y' = p[1] * y with p[1] = nan

PATTERNS = {
    CHAIN: ([0, 1, 1], [0, 0, 1]),
    BINDING: ([0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 1, 2, 0, 1, 2, 0, 1, 2]),
    POWER: ([0], [0]),
    NO_ROOT: ([0], [0]),
    NAN: ([0], [0]),
}


@njit
def model_rhs(t, y, p, dy):
    m = int(p[0])
    if m == CHAIN:
        dy[0] = p[1] - p[2] * y[0]
        dy[1] = p[2] * y[0] - p[3] * y[1]
        dy[2] = 0.0
    elif m == BINDING:
        v = p[1] * y[0] * y[1] - p[2] * y[2]
        dy[0] = -v
        dy[1] = -v
        dy[2] = v
    elif m == POWER:
        dy[0] = 1.0 - y[0] ** 10
    elif m == NO_ROOT:
        dy[0] = 1.0 + y[0] * y[0]
    else:
        dy[0] = p[1] * y[0]


@njit
def model_jac(t, y, p, Jv):
    m = int(p[0])
    if m == CHAIN:
        Jv[0] = -p[2]
        Jv[1] = p[2]
        Jv[2] = -p[3]
    elif m == BINDING:
        a, b, c = p[1] * y[1], p[1] * y[0], -p[2]
        Jv[0] = -a
        Jv[1] = -b
        Jv[2] = -c
        Jv[3] = -a
        Jv[4] = -b
        Jv[5] = -c
        Jv[6] = a
        Jv[7] = b
        Jv[8] = c
    elif m == POWER:
        Jv[0] = -10.0 * y[0] ** 9
    elif m == NO_ROOT:
        Jv[0] = 2.0 * y[0]
    else:
        Jv[0] = p[1]


@njit(cache=True)
def steady(y, p, cons, dep, totals, jac_rows, jac_cols, rtol, atol, max_iter):
    return newton_steady(model_rhs, model_jac, 0.0, y, p, cons, dep, totals, jac_rows,
                         jac_cols, rtol, atol, max_iter)


def run(model, y0, p, rtol=1e-10, atol=1e-12, max_iter=50, cons=None, dep=None):
    rows, cols = (np.array(x, dtype=np.int64) for x in PATTERNS[model])
    y = np.array(y0, dtype=float)
    n = y.size
    cons = np.zeros((0, n)) if cons is None else np.ascontiguousarray(cons, dtype=float)
    dep = np.zeros(0, dtype=np.int64) if dep is None else np.asarray(dep, dtype=np.int64)
    totals = cons @ y
    status = steady(y, np.array([model, *p], dtype=float), cons, dep, totals, rows, cols,
                    rtol, np.full(n, atol), max_iter)
    return status, y


def binding_reference(kon, koff, A0, B0, C0):
    """C* from kon (At - C)(Bt - C) = koff C, smaller root in cancellation-free form."""
    At, Bt = A0 + C0, B0 + C0
    b = kon * (At + Bt) + koff
    C = 2.0 * kon * At * Bt / (b + np.sqrt(b * b - 4.0 * kon * kon * At * Bt))
    return np.array([At - C, Bt - C, C])


def test_synthesis_degradation_chain_with_constant_species():
    status, y = run(CHAIN, [0.0, 5.0, 3.0], [2.0, 0.5, 0.25])
    assert status == SUCCESS
    assert np.allclose(y, [4.0, 8.0, 3.0], rtol=1e-12, atol=0)


@pytest.mark.parametrize("y0, kon, koff", [
    ([1.0, 0.5, 0.0], 0.1, 0.01),
    ([10.0, 0.2, 0.3], 5.0, 1e-3),       # tight binding: free B nearly depleted
    ([1e-3, 2.0, 0.0], 1e-2, 1.0),       # weak binding, far from the start
])
def test_reversible_binding_with_conservation(y0, kon, koff):
    S = np.array([[-1, 1], [-1, 1], [1, -1]])
    cons, dep = conservation_laws(S)
    status, y = run(BINDING, y0, [kon, koff], cons=cons, dep=dep)
    assert status == SUCCESS
    ref = binding_reference(kon, koff, *y0)
    assert np.all(np.abs(y - ref) <= 1e-12 + 1e-9 * np.abs(ref))
    assert np.allclose(cons @ y, cons @ np.array(y0), rtol=1e-14)
    assert np.all(y >= 0)


def test_already_at_steady_state_is_kept():
    ref = binding_reference(0.1, 0.01, 1.0, 0.5, 0.0)
    cons, dep = conservation_laws([[-1, 1], [-1, 1], [1, -1]])
    status, y = run(BINDING, ref, [0.1, 0.01], cons=cons, dep=dep)
    assert status == SUCCESS
    assert np.allclose(y, ref, rtol=1e-13)


def test_far_start_fails_within_budget_and_succeeds_with_more():
    status, y = run(POWER, [100.0], [], max_iter=5)
    assert status == NEWTON_FAILED
    assert np.isfinite(y[0]) and 1.0 < y[0] < 100.0
    status, y = run(POWER, [100.0], [], max_iter=100)
    assert status == SUCCESS and abs(y[0] - 1.0) < 1e-10


def test_failures_return_status_without_raising():
    status, y = run(NO_ROOT, [1.0], [])
    assert status in (NEWTON_FAILED, LINEAR_SOLVER)
    assert np.isfinite(y[0]) and y[0] >= 0
    status, _ = run(NAN, [1.0], [np.nan])
    assert status == NON_FINITE
    # conservation law imposed on an inconsistent, singular system: B's law duplicated
    cons = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 1.0]])
    status, _ = run(BINDING, [1.0, 1.0, 0.0], [0.1, 0.01], cons=cons, dep=[0, 2])
    assert status == LINEAR_SOLVER


_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    import numpy as np
    import test_steady as t
    from sigsim.model._conservation import conservation_laws
    cons, dep = conservation_laws(np.array([[-1, 1], [-1, 1], [1, -1]]))
    status, y = t.run(t.BINDING, [1e-3, 2.0, 0.0], [1e-2, 1.0], cons=cons, dep=dep)
    print(json.dumps([int(status), y.tolist()]))
""")


def test_plain_python_matches_jit():
    cons, dep = conservation_laws(np.array([[-1, 1], [-1, 1], [1, -1]]))
    status, y = run(BINDING, [1e-3, 2.0, 0.0], [1e-2, 1.0], cons=cons, dep=dep)
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    script = _SCRIPT.format(tests=os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    plain_status, plain_y = json.loads(out.stdout.strip().splitlines()[-1])
    assert plain_status == status == SUCCESS
    assert plain_y == y.tolist()
