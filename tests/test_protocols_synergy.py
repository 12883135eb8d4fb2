"""Drug-combination scores on textbook cases."""

import numpy as np
import pytest

from sigsim.protocols import synergy_scores

DOSES = np.array([0.0, 0.25, 0.5, 1.0, 2.0, 4.0])


def hill(x, ec50=1.0, n=2.0, emax=1.0):
    return emax * x ** n / (x ** n + ec50 ** n)


def test_bliss_independent_surface_scores_zero():
    ea = hill(DOSES, 1.0, 1.5)
    eb = hill(DOSES, 0.5, 1.0, 0.8)
    surface = ea[:, None] + eb[None, :] - ea[:, None] * eb[None, :]
    r = synergy_scores(DOSES, DOSES, surface)
    inner = r.bliss[1:, 1:]
    np.testing.assert_allclose(inner, 0.0, atol=1e-15)
    assert np.isnan(r.bliss[0]).all() and np.isnan(r.bliss[:, 0]).all()
    assert r.summary["bliss_mean"] == pytest.approx(0.0, abs=1e-15)
    # the same surface given as viability (fraction remaining)
    v = synergy_scores(DOSES, DOSES, 1.0 - surface, effect_kind="viability")
    np.testing.assert_allclose(v.bliss[1:, 1:], 0.0, atol=1e-15)
    # the single agents are recovered by the Hill fits
    assert r.fit_a.ec50 == pytest.approx(1.0, rel=1e-6) and r.fit_a.hill == pytest.approx(1.5)
    assert r.fit_b.emax == pytest.approx(0.8, rel=1e-6)


def test_sham_combination_is_loewe_additive():
    """A drug combined with itself: E(a, b) = E(a + b). Loewe excess and CI - 1 vanish; with a
    steep curve (n = 2) Bliss calls the low-dose part synergistic (Ea = Eb = 0.2 at 0.5,
    E(1) = 0.5 vs Bliss 0.36), and with n = 1 it calls it antagonistic."""
    surface = hill(DOSES[:, None] + DOSES[None, :])
    r = synergy_scores(DOSES, DOSES, surface)
    np.testing.assert_allclose(r.loewe[1:, 1:], 0.0, atol=1e-9)
    np.testing.assert_allclose(r.combination_index[1:, 1:], 1.0, atol=1e-9)
    assert r.bliss[2, 2] == pytest.approx(0.5 - 0.36, abs=1e-12)
    assert np.all(r.bliss[1:3, 1:3] > 0.08)
    shallow = synergy_scores(DOSES, DOSES, hill(DOSES[:, None] + DOSES[None, :], n=1.0))
    np.testing.assert_allclose(shallow.loewe[1:, 1:], 0.0, atol=1e-9)
    assert np.all(shallow.bliss[1:, 1:] < 0)
    tab = r.table
    assert len(tab) == 25 and {"bliss_excess", "loewe_excess", "combination_index"} <= set(tab)


def test_loewe_detects_synergy_and_antagonism():
    """A (EC50 1) and B (EC50 4) with the same Hill slope: E = H(a + b/4) is Loewe additive
    (dose equivalence); an interaction term a b added to the equivalent dose makes the pair
    synergistic (excess > 0, CI < 1), subtracting it antagonistic."""
    a, b = DOSES, np.array([0.0, 1.0, 2.0, 4.0, 8.0])
    A, B = a[:, None], b[None, :]
    add = synergy_scores(a, b, hill(A + B / 4))
    np.testing.assert_allclose(add.loewe[1:, 1:], 0.0, atol=1e-9)
    assert add.fit_b.ec50 == pytest.approx(4.0, rel=1e-6)
    syn = synergy_scores(a, b, hill(A + B / 4 + 0.2 * A * B))
    assert np.all(syn.loewe[1:, 1:] > 0) and syn.summary["loewe_max"] > 0.05
    ci = syn.combination_index[1:, 1:]
    assert np.all(ci < 1) and np.all(ci > 0)
    # CI = equivalent additive dose / actual equivalent dose, e.g. a = 1, b = 4: 2 / 2.8
    assert syn.combination_index[3, 3] == pytest.approx(2.0 / 2.8, rel=1e-6)
    ant = synergy_scores(a, b, hill((A + B / 4) / (1 + 0.2 * A * B)))
    assert np.all(ant.loewe[1:, 1:] < 0) and np.all(ant.combination_index[1:, 1:] > 1)


def test_hsa_on_hand_made_matrix():
    eff = np.array([[0.0, 0.1, 0.3],
                    [0.2, 0.25, 0.5],
                    [0.4, 0.35, 0.9]])
    with pytest.warns(RuntimeWarning, match="Loewe scores not computed"):
        r = synergy_scores([0, 1, 2], [0, 1, 2], eff)
    # max(Ea, Eb): [[0.2, 0.3], [0.4, 0.4]]
    np.testing.assert_allclose(r.hsa[1:, 1:], [[0.05, 0.2], [-0.05, 0.5]], atol=1e-15)
    np.testing.assert_allclose(r.bliss[1:, 1:],
                               [[0.25 - 0.28, 0.5 - 0.44], [0.35 - 0.46, 0.9 - 0.58]],
                               atol=1e-15)
    assert r.summary["hsa_max"] == pytest.approx(0.5)
    assert r.summary["hsa_mean"] == pytest.approx(0.175)
    assert np.isnan(r.summary["loewe_mean"])


def test_synergy_input_errors():
    with pytest.raises(ValueError, match="shape"):
        synergy_scores([0, 1], [0, 1, 2], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="include 0"):
        synergy_scores([1, 2], [0, 1], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="effect_kind"):
        synergy_scores([0, 1], [0, 1], np.zeros((2, 2)), effect_kind="survival")
    with pytest.raises(ValueError, match="non-negative"):
        synergy_scores([0, -1], [0, 1], np.zeros((2, 2)))
