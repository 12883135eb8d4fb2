"""Shared small models. Each distinct model structure costs one numba compilation (cached on
disk across runs), so tests reuse these few models."""

import numpy as np
import pytest

import sigsim


def one_compartment(k=0.1):
    """dC/dt = -k C (+ doses): the analytic reference for boluses and infusions."""
    m = sigsim.Model("one_compartment", time_unit="h")
    m.species("C", 0.0, unit="nM")
    m.parameter("k", k, unit="1/h", source="assumed")
    m.reaction("C ->", "k*C", name="elimination")
    return m


def binding(kon=0.1, koff=0.01, L0=1.0, R0=0.5):
    """L + R <-> C with an observable; conserved totals L + C and R + C."""
    m = sigsim.Model("binding", time_unit="min")
    m.species("L", L0, unit="nM")
    m.species("R", R0, unit="nM")
    m.species("C", 0.0, unit="nM")
    m.parameter("kon", kon, unit="1/(nM*min)", source="assumed")
    m.parameter("koff", koff, unit="1/min", source="assumed")
    m.reaction("L + R -> C", "kon*L*R", name="bind")
    m.reaction("C -> L + R", "koff*C", name="unbind")
    m.assignment("Rtot", "R + C")
    m.observable("occupancy", "C/Rtot")
    return m


def robertson():
    m = sigsim.Model("robertson")
    m.species("y1", 1.0)
    m.species("y2", 0.0)
    m.species("y3", 0.0)
    m.parameter("k1", 0.04)
    m.parameter("k2", 3e7)
    m.parameter("k3", 1e4)
    m.reaction("y1 -> y2", "k1*y1")
    m.reaction("2 y2 -> y2 + y3", "k2*y2*y2")
    m.reaction("y2 + y3 -> y1 + y3", "k3*y2*y3")
    return m


def cascade():
    """A 9-state receptor -> kinase -> transcription cascade with negative feedback: large and
    sparse enough for the sparse LU and the lane-batched kernel."""
    m = sigsim.Model("cascade", time_unit="min")
    for name, v in [("L", 0.0), ("R", 5.0), ("LR", 0.0), ("K", 20.0), ("Kp", 0.0),
                    ("S", 50.0), ("Sp", 0.0), ("mRNA", 0.0), ("F", 0.0)]:
        m.species(name, v, unit="nM")
    k2 = "1/(nM*min)"
    for name, v, u in [("kon", 0.5, k2), ("koff", 0.05, "1/min"), ("kint", 0.02, "1/min"),
                       ("kk", 0.2, k2), ("kkd", 0.3, "1/min"), ("ks", 0.05, k2),
                       ("ksd", 0.1, "1/min"), ("ktx", 0.01, "1/min"), ("kmd", 0.05, "1/min"),
                       ("ktl", 0.2, "1/min"), ("kfd", 0.02, "1/min"), ("kfb", 1.0, k2),
                       ("kRsyn", 0.01, "nM/min"), ("kRdeg", 0.002, "1/min")]:
        m.parameter(name, v, unit=u, source="assumed")
    m.reaction("L + R -> LR", "kon*L*R")
    m.reaction("LR -> L + R", "koff*LR")
    m.reaction("LR ->", "kint*LR")
    m.reaction("K -> Kp", "kk*LR*K")
    m.reaction("Kp -> K", "kkd*Kp")
    m.reaction("S -> Sp", "ks*Kp*S")
    m.reaction("Sp -> S", "ksd*Sp")
    m.reaction("-> mRNA", "ktx*Sp")
    m.reaction("mRNA ->", "kmd*mRNA")
    m.reaction("-> F", "ktl*mRNA")
    m.reaction("F ->", "kfd*F")
    m.reaction("Kp -> K", "kfb*F*Kp", name="feedback")
    m.reaction("-> R", "kRsyn")
    m.reaction("R ->", "kRdeg*R")
    m.observable("pS", "Sp/(S + Sp)")
    return m


@pytest.fixture(scope="session")
def cascade_model():
    return cascade()


@pytest.fixture(scope="session")
def pk_model():
    return one_compartment()


@pytest.fixture(scope="session")
def binding_model():
    return binding()


@pytest.fixture(scope="session")
def robertson_model():
    return robertson()


def tol_units(y, ref, rtol, atol):
    """Error in tolerance units, |y - ref| / (atol + rtol |ref|)."""
    return np.abs(y - ref) / (atol + rtol * np.abs(ref))
