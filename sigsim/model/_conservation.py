"""Conservation laws (moieties) of a reaction network, computed in exact rational arithmetic.

A conservation law is a row vector ``l`` with ``l @ S == 0``: the weighted total ``l @ y``
stays constant along every trajectory of the mass-action part ``dy/dt = S v(y)``.  Deciding the
rank of ``S`` in floating point is fragile (stoichiometries are small integers, but cancelling
combinations can leave residues like 1e-17 that a threshold misjudges), so the elimination is
done with :class:`fractions.Fraction` and is exact.

The returned basis is the reduced row echelon form (RREF) of the left null space, with
negative entries removed where adding one law to another does it, scaled row by row to
coprime integers.  The RREF pivot species are the dependent species: the remaining species'
rows of ``S`` are linearly independent, so the Newton system in which the dependent species'
equations are replaced by the laws is non-singular at a non-degenerate steady state (Reder,
J. Theor. Biol. 135 (1988) 175-201, doi:10.1016/S0022-5193(88)80073-0, for the link matrix
idea).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

#: Stoichiometric coefficients are rounded to the nearest fraction with at most this
#: denominator (so that 0.1 means 1/10, not its binary approximation).
MAX_DENOMINATOR = 10**6
#: ... but only if that fraction agrees with the float to this relative precision.
RATIONAL_RTOL = 1e-12


def _to_fraction(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"stoichiometry contains a non-finite value {x!r}")
    approx = Fraction(x).limit_denominator(MAX_DENOMINATOR)
    if abs(float(approx) - x) <= RATIONAL_RTOL * abs(x):
        return approx
    return Fraction(x)


def _rref(rows, n_cols):
    """Reduced row echelon form of a list of Fraction rows (modified in place).

    Returns the pivot column of each non-zero row, in order; zero rows are dropped from
    ``rows``.  Pivots are searched column by column, so earlier columns become pivots first.
    """
    pivots = []
    r = 0
    for c in range(n_cols):
        if r == len(rows):
            break
        pr = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pr is None:
            continue
        rows[r], rows[pr] = rows[pr], rows[r]
        inv = 1 / rows[r][c]
        rows[r] = [v * inv for v in rows[r]]
        pivot_row = rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], pivot_row)]
        pivots.append(c)
        r += 1
    del rows[r:]
    return pivots


def _integer_row(row):
    """Scale a Fraction row to coprime integers (the leading non-zero stays positive)."""
    lcm = 1
    for v in row:
        lcm = lcm * v.denominator // math.gcd(lcm, v.denominator)
    ints = [int(v * lcm) for v in row]
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    return [v // g for v in ints] if g > 1 else ints


def _reduce_negatives(rows, dep):
    """Make laws non-negative where adding a non-negative law cancels a negative entry.

    The RREF depends on the species order: with ``C`` declared before ``L`` and ``R`` the
    binding laws come out as ``C + R`` and ``L - R``; adding the first to the second gives
    the natural ``L + C``.  Each accepted move strictly lowers the row's count of negative
    entries, so the loop ends.  Row additions keep the laws a basis and keep ``L[:, dep]``
    invertible (the substituted Newton system stays non-singular); a move that would zero a
    law's own dependent coefficient is skipped.
    """
    def n_negative(row):
        return sum(1 for v in row if v < 0)

    improved = True
    while improved:
        improved = False
        for k, row in enumerate(rows):
            for c in (c for c, v in enumerate(row) if v < 0):
                for j, other in enumerate(rows):
                    if j == k or other[c] <= 0 or n_negative(other):
                        continue
                    alpha = -row[c] / other[c]
                    cand = [a + alpha * b for a, b in zip(row, other)]
                    if n_negative(cand) < n_negative(row) and cand[dep[k]] != 0:
                        rows[k] = row = cand
                        improved = True
                        break
                if improved:
                    break
            if improved:
                break


def conservation_laws(S, constant_mask=None):
    """Exact basis of the conservation laws of the stoichiometry matrix ``S``.

    Parameters
    ----------
    S : array_like, shape (n_species, n_reactions)
        Stoichiometry (integers or simple rationals such as 0.5).
    constant_mask : array_like of bool, shape (n_species,), optional
        True for species that are NOT governed by mass action alone (constant species,
        species with rate rules).  They never appear in a law.

    Returns
    -------
    L : numpy.ndarray, float64, shape (m, n_species)
        The laws, one per row: ``L @ S == 0`` exactly (over the included species), with
        ``m = n_included - rank(S_included)``.  Rows are the reduced row echelon basis,
        made non-negative where adding one law to another achieves it, scaled to coprime
        integers: simple networks give the familiar totals (``A + B <-> C`` gives ``A + C``
        and ``B + C`` in any species order).
    dep : numpy.ndarray, int64, shape (m,)
        One distinct dependent species per law (the RREF pivots), with a non-zero coefficient
        in its law; ``L[:, dep]`` is invertible, so replacing these species' equations by the
        laws keeps Newton's system non-singular.
    """
    S = np.asarray(S, dtype=float)
    if S.ndim != 2:
        raise ValueError(f"S must be a 2-D array (species x reactions); got shape {S.shape}")
    n_species, n_reactions = S.shape
    if constant_mask is None:
        excluded = np.zeros(n_species, dtype=bool)
    else:
        excluded = np.asarray(constant_mask, dtype=bool).reshape(-1)
        if excluded.shape[0] != n_species:
            raise ValueError(f"constant_mask has {excluded.shape[0]} entries for "
                             f"{n_species} species")
    species = [i for i in range(n_species) if not excluded[i]]
    n_inc = len(species)

    # left null space of S_inc = null space of S_inc^T (rows: reactions, columns: species)
    st = [[_to_fraction(S[i, j]) for i in species] for j in range(n_reactions)]
    pivots = _rref(st, n_inc)
    free = [c for c in range(n_inc) if c not in set(pivots)]
    basis = []
    for f in free:
        v = [Fraction(0)] * n_inc
        v[f] = Fraction(1)
        for r, pc in enumerate(pivots):
            v[pc] = -st[r][f]
        basis.append(v)

    # a second RREF, of the null-space basis itself, gives the sparse, mostly non-negative
    # form with one pivot species per law
    dep_local = _rref(basis, n_inc)
    _reduce_negatives(basis, dep_local)
    m = len(basis)
    L = np.zeros((m, n_species))
    for k, row in enumerate(basis):
        L[k, species] = _integer_row(row)
    dep = np.array([species[c] for c in dep_local], dtype=np.int64)
    return L, dep
