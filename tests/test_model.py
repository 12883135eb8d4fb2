"""The Model class: declaration, errors, stoichiometry, rhs, digest, copy, reports."""

import numpy as np
import pytest
import sympy as sp

import sigsim
from sigsim.errors import ModelError
from sigsim.model import TIME, Model, ParameterInfo, Reaction, SpeciesInfo


def full_example():
    m = Model("example", time_unit="min")
    for s, v in (("A", 1.0), ("B", 2.0), ("C", 0.0), ("D", 0.0), ("X", 0.5)):
        m.species(s, v, unit="nM")
    m.parameter("k1", 0.04, unit="1/(nM*min)", source="assumed")
    m.parameter("k2", 0.1, unit="1/(nM*min)", source="assumed")
    m.parameter("ksyn", 0.2, unit="nM/min", source="assumed")
    m.parameter("kdeg", 0.3, unit="1/min", source="assumed")
    m.parameter("kx", 0.5, unit="1/min", source="assumed")
    m.reaction("A + B -> C", "k1*A*B")
    m.reaction("2 A -> D", "k2*A*A", name="dimerize")
    m.reaction("-> A", "ksyn")
    m.reaction("A ->", "kdeg*A")
    m.assignment("Atot", "A + 2*D")
    m.ode("X", "-kx*X + kdeg*Atot")
    m.observable("frac_C", "C/(A + C)")
    return m


S = {n: sp.Symbol(n, real=True) for n in
     "A B C D X k1 k2 ksyn kdeg kx Atot".split()}


def test_example_validates_and_repr():
    m = full_example()
    m.validate()
    assert repr(m) == ("<Model 'example': 5 species, 5 parameters, 4 reactions, 1 rate rule, "
                       "1 assignment, 1 observable>")
    assert m.species_names == ["A", "B", "C", "D", "X"]
    assert m.parameter_names == ["k1", "k2", "ksyn", "kdeg", "kx"]
    assert [r.name for r in m.reactions] == ["r1", "dimerize", "r3", "r4"]


def test_stoichiometry():
    m = full_example()
    expected = np.array([[-1, -2, 1, -1],
                         [-1, 0, 0, 0],
                         [1, 0, 0, 0],
                         [0, 1, 0, 0],
                         [0, 0, 0, 0]], dtype=float)
    np.testing.assert_array_equal(m.stoichiometry(), expected)


@pytest.mark.parametrize("eq, reactants, products", [
    ("A + B -> C", {"A": 1, "B": 1}, {"C": 1}),
    ("2 A -> D", {"A": 2}, {"D": 1}),
    ("2A -> D", {"A": 2}, {"D": 1}),
    ("2*A -> D", {"A": 2}, {"D": 1}),
    ("A + A -> B", {"A": 2}, {"B": 1}),
    ("-> A", {}, {"A": 1}),
    ("A ->", {"A": 1}, {}),
    ("0.5 A -> B", {"A": 0.5}, {"B": 1}),
])
def test_equations(eq, reactants, products):
    m = Model("eq")
    for s in "ABCD":
        m.species(s, 1.0)
    m.parameter("k", 1.0)
    r = m.reaction(eq, "k")
    assert r.reactants == reactants and r.products == products
    assert isinstance(r, Reaction) and r.rate_text == "k" and r.equation == eq


def test_catalyst_and_constant_species_rows():
    m = Model("cat")
    m.species("E", 1.0)
    m.species("S", 1.0, constant=True)
    m.species("P", 0.0)
    m.parameter("k", 1.0)
    m.reaction("E + S -> E + P", "k*E*S")
    np.testing.assert_array_equal(m.stoichiometry(), [[0], [0], [1]])
    assert m.rhs_expressions()[1] == 0


def test_rhs_expressions():
    m = full_example()
    A, B, C, D, X = (S[n] for n in "ABCDX")
    k1, k2, ksyn, kdeg, kx = (S[n] for n in ("k1", "k2", "ksyn", "kdeg", "kx"))
    expected = [-k1 * A * B - 2 * k2 * A * A + ksyn - kdeg * A,
                -k1 * A * B,
                k1 * A * B,
                k2 * A * A,
                -kx * X + kdeg * (A + 2 * D)]
    got = m.rhs_expressions()
    assert all(sp.simplify(g - e) == 0 for g, e in zip(got, expected))
    raw = m.rhs_expressions(substitute_assignments=False)
    assert S["Atot"] in raw[4].free_symbols
    assert sp.simplify(raw[4] - (-kx * X + kdeg * S["Atot"])) == 0


def test_internal_api_shapes():
    m = full_example()
    assert m.symbols["A"] == S["A"] and "Atot" in m.symbols
    assert m.rate_rules == {"X": -S["kx"] * S["X"] + S["kdeg"] * S["Atot"]}
    assert m.assignments == [("Atot", S["A"] + 2 * S["D"])]
    assert [o for o, _ in m.observables] == ["frac_C"]
    np.testing.assert_array_equal(m.initial_values(), [1.0, 2.0, 0.0, 0.0, 0.5])
    np.testing.assert_array_equal(m.parameter_values(), [0.04, 0.1, 0.2, 0.3, 0.5])
    assert m.initial_expressions() == {}
    info = m.species_info("A")
    assert isinstance(info, SpeciesInfo) and info.unit == "nM" and info.constant is False
    p = m.parameter_info("kx")
    assert isinstance(p, ParameterInfo) and p.source == "assumed" and p.unit == "1/min"
    table = m.parameters_table()
    assert table[0] == dict(name="k1", value=0.04, unit="1/(nM*min)", source="assumed",
                            note="")
    text = m.summary()
    for word in ("Species", "Parameters", "Reactions", "dimerize", "Atot", "frac_C", "min"):
        assert word in text


def test_expression_initials():
    m = Model("init")
    m.parameter("R_tot", 3.0, unit="nM")
    m.species("C", 1.0, unit="nM")
    m.species("R", "R_tot - C", unit="nM")
    m.species("Q", "2*R")
    np.testing.assert_allclose(m.initial_values(), [1.0, 2.0, 4.0])
    ex = m.initial_expressions()
    assert set(ex) == {"R", "Q"}
    assert sp.simplify(ex["R"] - (m.symbols["R_tot"] - m.symbols["C"])) == 0
    assert isinstance(m.species_info("R").value, sp.Expr)
    m.set_parameter("R_tot", 5.0)
    np.testing.assert_allclose(m.initial_values(), [1.0, 4.0, 8.0])
    m.validate()
    with pytest.raises(ModelError, match="initial value of species 'Z' must not depend on time"):
        m.species("Z", "t*R_tot")


def test_initial_cycle_detected():
    m = Model("cyc")
    m.species("A", 1.0)
    m.species("B", "A")
    m.set_initial("A", "B")
    with pytest.raises(ModelError, match="cycle"):
        m.validate()


def test_time_in_rate_law():
    m = Model("time")
    m.species("A", 0.0)
    m.parameter("k", 1.0)
    m.reaction("-> A", "k*exp(-t)")
    assert TIME in m.rhs_expressions()[0].free_symbols


def test_digest_structure_only():
    m = full_example()
    d0 = m.digest()
    assert len(d0) == 64 and d0 == full_example().digest()
    m.set_parameter("k1", 1.234)
    m.set_initial("A", 7.0)
    assert m.digest() == d0
    m2 = Model("example", time_unit="min")
    for s, v in (("A", 1.0), ("B", 2.0), ("C", 0.0), ("D", 0.0), ("X", 0.5)):
        m2.species(s, v, unit="nM")
    for q in ("k1", "k2", "ksyn", "kdeg", "kx"):
        m2.parameter(q, 1.0)
    m2.reaction("A + B -> C", "k1*A*B*B")          # changed rate law
    m2.reaction("2 A -> D", "k2*A*A", name="dimerize")
    m2.reaction("-> A", "ksyn")
    m2.reaction("A ->", "kdeg*A")
    m2.assignment("Atot", "A + 2*D")
    m2.ode("X", "-kx*X + kdeg*Atot")
    m2.observable("frac_C", "C/(A + C)")
    assert m2.digest() != d0
    m3 = full_example()
    m3.species("E", 0.0)
    assert m3.digest() != d0


def test_copy_is_independent():
    m = full_example()
    c = m.copy()
    c.set_parameter("k1", 9.0)
    c.species("E", 1.0)
    c.reaction("E ->", "kdeg*E")
    assert m.parameter_info("k1").value == 0.04
    assert "E" not in m.species_names and len(m.reactions) == 4
    assert c.digest() != m.digest()


# ---------------------------------------------------------------- errors
def base():
    m = Model("err", time_unit="min")
    m.species("A", 1.0, unit="nM")
    m.species("B", 1.0, unit="nM")
    m.parameter("k", 1.0, unit="1/min")
    return m


@pytest.mark.parametrize("action, match", [
    (lambda m: m.species("A", 1.0), "duplicate name 'A'"),
    (lambda m: m.parameter("A", 1.0), "duplicate name 'A'.*species"),
    (lambda m: m.species("k", 1.0), "duplicate name 'k'.*parameter"),
    (lambda m: m.assignment("k", "A"), "duplicate name 'k'"),
    (lambda m: m.observable("A", "B"), "duplicate name 'A'"),
    (lambda m: (m.reaction("A ->", "k*A", name="r"), m.reaction("B ->", "k*B", name="r")),
     "duplicate name 'r'"),
    (lambda m: m.reaction("A ->", "k*A", name="B"), "duplicate name 'B'"),
    (lambda m: m.species("t", 1.0), "'t' is reserved"),
    (lambda m: m.parameter("time", 1.0), "'time' is reserved"),
    (lambda m: m.species("lambda", 1.0), "'lambda' is a Python keyword"),
    (lambda m: m.species("2x", 1.0), "'2x' is not a valid name"),
    (lambda m: m.species("a-b", 1.0), "'a-b' is not a valid name"),
    (lambda m: m.parameter("exp", 1.0), "'exp' is reserved"),
    (lambda m: m.species("C", -1.0), "initial value of species 'C' must not be negative"),
    (lambda m: m.species("C", float("nan")), "species 'C' must be finite"),
    (lambda m: m.species("C", "k + Z"), "unknown symbol 'Z' in initial value of species 'C'"),
    (lambda m: m.parameter("kd", -0.1, unit="1/min"), "parameter 'kd'.*must not be negative"),
    (lambda m: m.parameter("Km", -0.1, unit="nM"), "parameter 'Km'.*must not be negative"),
    (lambda m: m.parameter("kd", float("inf")), "parameter 'kd'.*finite"),
    (lambda m: m.parameter("kd", "1.0"), "parameter 'kd' must be a number"),
    (lambda m: m.parameter("kd", 1.0, unit="1/minn"), "unknown unit 'minn'"),
    (lambda m: m.species("C", 1.0, unit="nMol"), "unknown unit 'nMol'"),
    (lambda m: m.reaction("A -> X", "k*A", name="r1"), "reaction 'r1'.*'X'.*not a declared"),
    (lambda m: m.reaction("A -> k", "k*A", name="r1"), "'k' .*is a parameter, not a species"),
    (lambda m: m.reaction("A <-> B", "k*A", name="r1"), "reversible.*two reactions"),
    (lambda m: m.reaction("A <=> B", "k*A", name="r1"), "reversible"),
    (lambda m: m.reaction("2 + A -> B", "k*A", name="r2"),
     r"reaction 'r2': cannot parse '2 \+ A -> B': '2' is not a species term"),
    (lambda m: m.reaction("A = B", "k*A", name="r2"), "reaction 'r2': cannot parse"),
    (lambda m: m.reaction("A -> B -> A", "k*A", name="r2"), "exactly one '->'"),
    (lambda m: m.reaction("->", "k", name="r2"), "no species"),
    (lambda m: m.reaction("0 A -> B", "k", name="r2"), "must be positive"),
    (lambda m: m.reaction("A -> B", "k*X", name="r1"),
     "unknown symbol 'X' in rate law of reaction 'r1'"),
    (lambda m: m.reaction("A -> B", "kk*A", name="r1"), "did you mean 'k'"),
    (lambda m: m.ode("X", "-k*A"), "'X' is not a declared species"),
    (lambda m: m.ode("A", "-k*X"), r"unknown symbol 'X' in rate rule \(ode\) of 'A'"),
    (lambda m: (m.reaction("A -> B", "k*A"), m.ode("A", "-k*A")), "also takes part"),
    (lambda m: (m.ode("A", "-k*A"), m.reaction("A -> B", "k*A", name="r9")),
     "reaction 'r9'.*rate rule"),
    (lambda m: (m.ode("A", "-k*A"), m.ode("A", "k")), "already has a rate rule"),
    (lambda m: m.assignment("a1", "a2 + A"), "unknown symbol 'a2' in assignment 'a1'"),
    (lambda m: m.observable("o", "A + Y"), "unknown symbol 'Y' in observable 'o'"),
    (lambda m: (m.observable("o1", "A"), m.observable("o2", "o1")),
     "unknown symbol 'o1' in observable 'o2'.*'o1' is an observable"),
    (lambda m: m.reaction("A -> B", "k*A^2", name="r1"), r"reaction 'r1'.*\*\*"),
    (lambda m: m.set_parameter("kk", 1.0), "unknown parameter 'kk'.*did you mean 'k'"),
    (lambda m: m.set_parameter("k", -1.0), "parameter 'k' must not be negative"),
    (lambda m: m.set_initial("AA", 1.0), "unknown species 'AA'.*did you mean 'A'"),
    (lambda m: m.set_initial("A", -1.0), "species 'A' must not be negative"),
    (lambda m: m.species_info("Q"), "unknown species 'Q'"),
    (lambda m: m.parameter_info("kq"), "unknown parameter 'kq'.*'k'"),
])
def test_errors(action, match):
    with pytest.raises(ModelError, match=match):
        action(base())


def test_dimensionless_parameter_may_be_negative():
    m = base()
    m.parameter("shift", -2.0)
    m.parameter("log_ratio", -1.0, unit="dimensionless")
    m.parameter("delay", -5.0, unit="min")


def test_failed_declaration_leaves_model_unchanged():
    m = base()
    d = m.digest()
    for bad in (lambda: m.species("C", "Z"), lambda: m.assignment("a", "Z"),
                lambda: m.reaction("A -> B", "Z", name="rx"), lambda: m.observable("o", "Z")):
        with pytest.raises(ModelError):
            bad()
    assert m.digest() == d
    m.species("C", 1.0)
    m.assignment("a", "A")
    m.reaction("A -> B", "k*A", name="rx")
    m.observable("o", "a")


def test_validate_catches_later_mutations():
    m = base()
    m.reaction("A -> B", "k*A")
    m._parameters["k"] = ParameterInfo("k", -1.0, "1/min")
    with pytest.raises(ModelError, match="parameter 'k'"):
        m.validate()


def test_validate_options():
    m = Model("lib", time_unit="min")
    m.species("A", 1.0, unit="nM")
    m.parameter("k", 1.0, unit="1/min")
    m.reaction("A ->", "k*A")
    m.validate()
    with pytest.raises(ModelError, match="parameter 'k' has no source"):
        m.validate(require_sources=True)
    m.parameter("q", 1.0, source="assumed")
    with pytest.raises(ModelError, match="parameter 'q' has no unit"):
        m.validate(require_units=True)


def test_empty_model_invalid():
    with pytest.raises(ModelError, match="no species"):
        Model("empty").validate()


def test_initial_value_that_is_one_parameter():
    """A bare parameter name as initial value (e.g. "STAT3_tot") evaluates like any expression,
    also in batches where that parameter varies."""
    m = sigsim.Model("bare", time_unit="min")
    m.parameter("Rtot", 2.5, unit="nM", source="assumed")
    m.parameter("k", 0.1, unit="1/min", source="assumed")
    m.species("R", "Rtot", unit="nM")
    m.species("C", 0.0, unit="nM")
    m.reaction("R -> C", "k*R")
    assert list(m.initial_values()) == [2.5, 0.0]
    res = sigsim.simulate(m, [0.0, 1.0], params={"Rtot": [1.0, 3.0]})
    np.testing.assert_allclose(res["R"][:, 0], [1.0, 3.0])
    np.testing.assert_allclose(res["R"][:, 1], np.array([1.0, 3.0]) * np.exp(-0.1), rtol=1e-5)
