"""Conservation laws from exact rational elimination of the stoichiometry matrix."""

from fractions import Fraction

import numpy as np
import pytest

from sigsim.model._conservation import conservation_laws


def law_set(L, names):
    """Laws as a set of {name: coefficient} dicts (order independent)."""
    return {frozenset((names[j], c) for j, c in enumerate(row) if c != 0) for row in L}


def exact_rank(M):
    """Rank by Fraction elimination (numpy's SVD rank would be a float decision)."""
    rows = [[Fraction(x) for x in r] for r in np.asarray(M).tolist()]
    rank = 0
    for c in range(len(rows[0]) if rows else 0):
        pr = next((i for i in range(rank, len(rows)) if rows[i][c] != 0), None)
        if pr is None:
            continue
        rows[rank], rows[pr] = rows[pr], rows[rank]
        for i in range(rank + 1, len(rows)):
            f = rows[i][c] / rows[rank][c]
            rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return rank


def check_dep(L, dep, S):
    """dep: distinct, non-zero in their own law, and the substituted system is regular."""
    assert len(set(dep.tolist())) == len(dep)
    assert all(L[k, dep[k]] != 0 for k in range(len(dep)))
    indep = [i for i in range(S.shape[0]) if i not in set(dep.tolist())]
    assert exact_rank(L[:, dep]) == len(dep)
    assert exact_rank(S[indep]) == exact_rank(S)


@pytest.mark.parametrize("order", [("A", "B", "C"), ("C", "A", "B"), ("B", "C", "A")])
def test_binding(order):
    stoich = {"A": [-1, 1], "B": [-1, 1], "C": [1, -1]}
    S = np.array([stoich[s] for s in order])
    L, dep = conservation_laws(S)
    assert law_set(L, order) == {frozenset({("A", 1), ("C", 1)}),
                                 frozenset({("B", 1), ("C", 1)})}
    check_dep(L, dep, S)


def test_closed_cycle():
    S = np.array([[-1, 0, 1], [1, -1, 0], [0, 1, -1]])
    L, dep = conservation_laws(S)
    assert L.tolist() == [[1.0, 1.0, 1.0]]
    assert dep.tolist() == [0]


def test_open_system_has_none():
    # -> A (synthesis), A -> B, B -> (degradation)
    S = np.array([[1, -1, 0], [0, 1, -1]])
    L, dep = conservation_laws(S)
    assert L.shape == (0, 2) and dep.shape == (0,) and dep.dtype == np.int64


def test_excluded_species_never_appear():
    # A + B <-> C, D constant (zero row), E has a rate rule (its row is ignored)
    S = np.array([[-1, 1], [-1, 1], [1, -1], [0, 0], [1, 0]])
    mask = np.array([False, False, False, True, True])
    L, dep = conservation_laws(S, mask)
    assert L.shape == (2, 5)
    assert np.all(L[:, 3:] == 0)
    assert not set(dep.tolist()) & {3, 4}
    # without the mask the untouched species D is conserved on its own
    L_all, _ = conservation_laws(S)
    assert [0, 0, 0, 1, 0] in L_all.tolist()


def test_fractional_and_dimerization_stoichiometry():
    # 2 M <-> D conserves M + 2 D; 0.5 X -> Y conserves 2 X + Y; 0.1 X -> 0.3 Y: 3 X + Y
    L, _ = conservation_laws([[-2, 2], [1, -1]])
    assert L.tolist() == [[1.0, 2.0]]
    L, _ = conservation_laws([[-0.5], [1.0]])
    assert L.tolist() == [[2.0, 1.0]]
    L, _ = conservation_laws([[-0.1], [0.3]])
    assert L.tolist() == [[3.0, 1.0]]


def test_no_reactions_and_no_species():
    L, dep = conservation_laws(np.zeros((3, 0)))
    assert np.array_equal(L, np.eye(3)) and dep.tolist() == [0, 1, 2]
    L, dep = conservation_laws(np.zeros((0, 2)))
    assert L.shape == (0, 0) and dep.shape == (0,)


@pytest.mark.parametrize("seed", range(8))
def test_random_integer_stoichiometry(seed):
    rng = np.random.default_rng(seed)
    n, r = rng.integers(3, 10), rng.integers(1, 9)
    S = rng.integers(-2, 3, size=(n, r)) * (rng.random((n, r)) < 0.4)
    if seed % 2:
        # force dependent columns and rows so that rank decisions matter
        S[:, 0] = S[:, -1] * 2 - S[:, 0] if r > 1 else S[:, 0]
        S[-1] = S[0] + S[1]
    L, dep = conservation_laws(S)
    assert np.all(L @ S == 0)
    assert np.all(L == np.round(L))
    assert L.shape[0] == n - exact_rank(S) == exact_rank(L)
    check_dep(L, dep, S)


def test_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        conservation_laws([1, 2])
    with pytest.raises(ValueError, match="constant_mask"):
        conservation_laws(np.zeros((2, 1)), [True])
    with pytest.raises(ValueError, match="non-finite"):
        conservation_laws([[np.nan]])
