"""Damped Newton iteration for steady states of ``dy/dt = f(t, y)`` with conservation laws.

With conserved totals the Jacobian of ``f`` is singular, so the equations of one dependent
species per law are replaced by the law itself (``cons[k] @ y - totals[k] = 0``); the
replaced system is regular (see :mod:`sigsim.model._conservation`).

The kernel is ``@njit(inline="always")`` and generic in ``rhs``/``jac``, like the integrator
kernels, and runs as plain Python under ``NUMBA_DISABLE_JIT=1``.  It never raises.

Scaling.  Weights ``w_i = atol_i + rtol*|y_i|`` at the current iterate.  The merit function
is the RMS of ``F_i / w_i`` (``F``: the replaced residual).
Convergence (both):  ``max_i |dx_i| / w_i <= 1`` for the full Newton step ``dx`` (the state
is known to within one tolerance unit) and ``max_i |F_i| / w_i <= 1`` (the state drifts by
less than one tolerance unit per model time unit; conservation rows by less than one unit).
The final Newton step is applied before returning, so the result is better than the test.
"""

import numpy as np
from numba import njit

from ._linalg import dense_lu_factor, dense_lu_solve
from ._status import LINEAR_SOLVER, NEWTON_FAILED, NON_FINITE, SUCCESS
from ._stepping import scaled_rms

#: Armijo constant: accept a damped step that lowers the merit by this fraction of lambda.
ARMIJO = 1e-4
#: Smallest damping factor tried before the line search gives up.
LAMBDA_MIN = 1.0 / 4096.0
#: A component that started non-negative and would become negative moves to this fraction
#: of its current value instead (not to zero: mass-action terms such as A*B lose all their
#: sensitivity at A = 0, which would make the Newton matrix singular).
CLIP_FRACTION = 0.1
#: Scaled residual (tolerance units) below which a state is a steady state without any
#: Newton step (also where the Newton matrix is singular).
NEGLIGIBLE_RESIDUAL = 1e-6


@njit(inline="always")
def _replaced_residual(rhs, t, y, p, cons, dep, totals, F):
    """F = rhs(y) with rows dep[k] replaced by cons[k] @ y - totals[k]; False if not finite."""
    n = y.shape[0]
    rhs(t, y, p, F)
    for k in range(dep.shape[0]):
        s = -totals[k]
        for j in range(n):
            s += cons[k, j] * y[j]
        F[dep[k]] = s
    for i in range(n):
        if not abs(F[i]) < np.inf:
            return False
    return True


@njit(inline="always")
def newton_steady(rhs, jac, t, y, p, cons, dep, totals, jac_rows, jac_cols, rtol, atol,
                  max_iter):
    """Solve ``f(t, y) = 0`` (with conservation laws) by damped Newton, updating ``y``.

    Parameters
    ----------
    rhs, jac : jitted model functions ``rhs(t, y, p, dy)`` and ``jac(t, y, p, Jv)``.
    t : float
        Time at which the (autonomous) right-hand side is evaluated.
    y : float64[n]
        Starting guess on entry; the steady state on success, the last accepted iterate on
        failure.
    p : float64[np]
        Parameters.
    cons : float64[m, n]
        Conservation laws; ``dep`` int64[m] their dependent species; ``totals`` float64[m]
        the conserved totals to impose.
    jac_rows, jac_cols : int64[nnz]
        Jacobian pattern.  A state whose row is empty and that is not dependent (a constant
        species) keeps its value: its Newton row becomes the identity row.
    rtol : float
        Relative tolerance.
    atol : float64[n]
        Absolute tolerances (must be positive).
    max_iter : int
        Newton iterations (Jacobian evaluations) allowed.

    Returns
    -------
    int
        SUCCESS; NON_FINITE (NaN/inf in the residual at the start or in the Jacobian);
        LINEAR_SOLVER (singular Newton matrix); NEWTON_FAILED (no decrease of the merit
        function along the damped step, or ``max_iter`` reached).
    """
    n = y.shape[0]
    m = dep.shape[0]
    nnz = jac_rows.shape[0]
    F = np.empty(n)
    F_trial = np.empty(n)
    dx = np.empty(n)
    y_trial = np.empty(n)
    w = np.empty(n)
    wr = np.empty(n)
    Jv = np.empty(nnz)
    A = np.empty((n, n))
    piv = np.empty(n, dtype=np.int64)
    scale = np.empty(n)
    keep_nonneg = np.empty(n, dtype=np.bool_)
    identity_row = np.ones(n, dtype=np.bool_)
    for i in range(n):
        keep_nonneg[i] = y[i] >= 0.0
    for k in range(nnz):
        identity_row[jac_rows[k]] = False
    for k in range(m):
        identity_row[dep[k]] = False

    if not _replaced_residual(rhs, t, y, p, cons, dep, totals, F):
        return NON_FINITE
    for _ in range(max_iter):
        resid = 0.0
        for i in range(n):
            w[i] = atol[i] + rtol * abs(y[i])
            wr[i] = w[i]
        # a conservation row's residual is judged against its total, not against its dependent
        # species (a small member of a large total would fail on the total's roundoff)
        for k in range(m):
            s = 0.0
            for j in range(n):
                s += abs(cons[k, j] * y[j])
            wr[dep[k]] = atol[dep[k]] + rtol * s
        for i in range(n):
            resid = max(resid, abs(F[i]) / wr[i])
        if resid <= NEGLIGIBLE_RESIDUAL:
            # f (nearly) vanishes: a steady state, even where the Newton matrix is singular
            # (a degenerate rest state: no ligand, nothing downstream of it moving)
            return SUCCESS
        jac(t, y, p, Jv)
        for k in range(nnz):
            if not abs(Jv[k]) < np.inf:
                return NON_FINITE
        # Newton matrix dF/dy: J with the dependent rows replaced by the laws
        for i in range(n):
            for j in range(n):
                A[i, j] = 0.0
            if identity_row[i]:
                A[i, i] = 1.0
        for k in range(nnz):
            A[jac_rows[k], jac_cols[k]] += Jv[k]
        for k in range(m):
            for j in range(n):
                A[dep[k], j] = cons[k, j]
        if not dense_lu_factor(A, piv, scale):
            return LINEAR_SOLVER
        for i in range(n):
            dx[i] = -F[i]
        dense_lu_solve(A, piv, dx)

        step = 0.0
        for i in range(n):
            step = max(step, abs(dx[i]) / w[i])
        if not step < np.inf:
            return LINEAR_SOLVER
        converged = step <= 1.0 and resid <= 1.0

        # backtracking line search on the scaled RMS residual, with positivity clipping
        phi = scaled_rms(F, wr)
        lam = 1.0
        accepted = False
        while lam >= LAMBDA_MIN:
            for i in range(n):
                yi = y[i] + lam * dx[i]
                if keep_nonneg[i] and yi < 0.0:
                    yi = CLIP_FRACTION * y[i]
                y_trial[i] = yi
            if _replaced_residual(rhs, t, y_trial, p, cons, dep, totals, F_trial):
                if converged or scaled_rms(F_trial, wr) <= (1.0 - ARMIJO * lam) * phi:
                    accepted = True
                    break
            lam *= 0.5
        if not accepted:
            # at the tolerance level roundoff can block any decrease: y is already good
            return SUCCESS if converged else NEWTON_FAILED
        for i in range(n):
            y[i] = y_trial[i]
            F[i] = F_trial[i]
        if converged:
            return SUCCESS
    return NEWTON_FAILED
