"""Tableau identities of the built-in methods, and rejection of corrupted tableaus."""

import dataclasses

import numpy as np
import pytest

from sigsim.solvers._tableaus import (EXPLICIT, ROSENBROCK, ExplicitRKTableau,
                                      RosenbrockTableau)

TOL = 1e-12


def _fields(tab):
    return {f.name: getattr(tab, f.name) for f in dataclasses.fields(tab) if f.init}


@pytest.mark.parametrize("name", sorted(EXPLICIT))
def test_explicit_identities(name):
    tab = EXPLICIT[name]
    A, b, c, e = tab.A, tab.b, tab.c, tab.e
    assert tab.stages == 7 and tab.order == 5 and tab.embedded_order == 4 and tab.fsal
    assert np.all(np.triu(A) == 0.0)
    np.testing.assert_allclose(A.sum(axis=1), c, rtol=0, atol=TOL * np.abs(A).max())
    assert abs(b.sum() - 1.0) < TOL and abs(e.sum()) < TOL
    b_hat = b - e
    # Fifth-order conditions that do not reduce to the ones checked at construction.
    assert abs(b @ c**4 - 1 / 5) < 1e-11
    assert abs(b @ A @ A @ A @ c - 1 / 120) < 1e-11
    assert abs(b_hat @ c**3 - 1 / 4) < 1e-11
    assert abs(b @ c**4 - b_hat @ c**4) > 1e-6    # the pair really differs at order 5
    assert "doi" in tab.citation.lower()


@pytest.mark.parametrize("name", sorted(ROSENBROCK))
def test_rosenbrock_identities(name):
    tab = ROSENBROCK[name]
    s, g = tab.stages, tab.gamma
    assert (s, tab.order, tab.embedded_order) == {"rodas5p": (8, 5, 4), "rodas4": (6, 4, 3)}[name]
    Gam = np.linalg.inv(np.eye(s) / g - tab.C)
    alpha = tab.a @ Gam
    np.testing.assert_allclose(alpha.sum(axis=1), tab.c, atol=1e-11)
    np.testing.assert_allclose(Gam.sum(axis=1), tab.d, atol=1e-11)
    b, b_hat = tab.m @ Gam, (tab.m - tab.e) @ Gam
    assert abs(b.sum() - 1.0) < 1e-11 and abs(b_hat.sum() - 1.0) < 1e-11
    # Stiffly accurate: the last stage is evaluated at t + h with the solution argument.
    np.testing.assert_array_equal(tab.a[-1, :-1], tab.m[:-1])
    assert tab.c[-1] == 1.0 and tab.d[-1] == 0.0
    # Order-4 condition sum b_j alpha_j^3 = 1/4 (Hairer-Wanner Table IV.7.1) for both.
    assert abs(b @ tab.c**3 - 0.25) < 1e-11
    if tab.embedded_order >= 4:
        assert abs(b_hat @ tab.c**3 - 0.25) < 1e-11


def test_arrays_are_fresh_float64():
    for tab in list(ROSENBROCK.values()) + list(EXPLICIT.values()):
        arrs = tab.arrays()
        assert all(a.dtype == np.float64 and a.flags.writeable for a in arrs)
        arrs[0][...] = 0.0
        assert np.any(tab.arrays()[0] != 0.0)


@pytest.mark.parametrize("field, where", [("A", (3, 1)), ("b", 2), ("c", 4), ("e", 5)])
def test_corrupted_explicit_tableau_raises(field, where):
    kw = _fields(EXPLICIT["dopri5"])
    bad = np.array(kw[field])
    bad[where] += 1e-6
    kw[field] = bad
    with pytest.raises(ValueError):
        ExplicitRKTableau(**kw)


def test_explicit_upper_triangle_raises():
    kw = _fields(EXPLICIT["tsit5"])
    A = np.array(kw["A"])
    A[1, 1] = 0.1
    kw["A"] = A
    with pytest.raises(ValueError, match="strictly lower"):
        ExplicitRKTableau(**kw)


@pytest.mark.parametrize("field, where", [("a", (3, 1)), ("C", (4, 2)), ("m", 0), ("c", 2),
                                          ("d", 3), ("gamma", None)])
def test_corrupted_rosenbrock_tableau_raises(field, where):
    kw = _fields(ROSENBROCK["rodas5p"])
    if where is None:
        kw[field] = kw[field] * (1 + 1e-6)
    else:
        bad = np.array(kw[field])
        bad[where] *= 1 + 1e-6
        kw[field] = bad
    with pytest.raises(ValueError):
        RosenbrockTableau(**kw)


def test_registry_names():
    assert set(ROSENBROCK) == {"rodas5p", "rodas4"}
    assert set(EXPLICIT) == {"tsit5", "dopri5"}
    for key, tab in list(ROSENBROCK.items()) + list(EXPLICIT.items()):
        assert tab.name == key and tab.citation
