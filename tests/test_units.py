"""Units: parser, scale factors, dimensional analysis and model unit checks."""

import pytest

from sigsim.errors import ModelError
from sigsim.model import Model
from sigsim.model._dims import expression_unit
from sigsim.model._expr import parse_tree
from sigsim.model._units import format_unit, parse_unit, requires_nonnegative


def ratio(a, b):
    ua, ub = parse_unit(a), parse_unit(b)
    assert ua.same_dimension(ub), (a, b)
    return ua.scale / ub.scale


@pytest.mark.parametrize("a, b, r", [
    ("uM", "nM", 1e3), ("µM", "nM", 1e3), ("μM", "nM", 1e3), ("mM", "uM", 1e3),
    ("M", "nM", 1e9), ("nM", "pM", 1e3), ("nmol/L", "nM", 1.0), ("mol/L", "M", 1.0),
    ("1/h", "1/min", 1 / 60), ("1/day", "1/h", 1 / 24), ("1/s", "1/min", 60.0),
    ("h", "min", 60.0), ("day", "s", 86400.0), ("mL", "L", 1e-3), ("g", "mg", 1e3),
    ("kg", "g", 1e3), ("mg/L", "ug/mL", 1.0), ("kDa", "g/mol", 1e3),
    ("1/(nM*min)", "nM^-1 min^-1", 1.0), ("1/(nM*min)", "1/nM/min", 1.0),
    ("1/(uM*s)", "1/(nM*min)", 60 / 1e3), ("nM/min", "nM*min^-1", 1.0),
    ("nM**2", "nM*nM", 1.0), ("mg/kg", "1", 1e-6), ("percent", "1", 0.01),
])
def test_scale_factors(a, b, r):
    assert ratio(a, b) == pytest.approx(r, rel=1e-12)


@pytest.mark.parametrize("text", ["", "1", "dimensionless"])
def test_dimensionless(text):
    u = parse_unit(text)
    assert u.dimensionless and u.scale == 1.0


def test_dimensions_differ():
    assert not parse_unit("nM").same_dimension(parse_unit("1/min"))
    assert not parse_unit("molecule/cell").same_dimension(parse_unit("nM"))
    assert parse_unit("nM").same_dimension(parse_unit("mol/L"))


@pytest.mark.parametrize("text, match", [
    ("foo", "unknown unit 'foo'"), ("nM/minn", "unknown unit 'minn'"), ("nM^", "exponent"),
    ("(nM", r"missing '\)'"), ("nM)", r"unexpected '\)'"), ("nM/", "unexpected end"),
    ("nM$", "unexpected character"),
])
def test_bad_units(text, match):
    with pytest.raises(ModelError, match=match):
        parse_unit(text)


def test_format_unit():
    assert format_unit(parse_unit("nM^-1 min^-1")) == "1/(nM*min)"
    assert format_unit(parse_unit("nM/min")) == "nM/min"
    assert format_unit(parse_unit("uM*uM/h")) == "uM^2/h"
    assert format_unit(parse_unit("1")) == "dimensionless"


@pytest.mark.parametrize("unit, expected", [
    ("1/min", True), ("nM", True), ("1/(nM*min)", True), ("mg/L", True), ("1/nM", True),
    ("dimensionless", False), ("min", False), ("", False),
])
def test_requires_nonnegative(unit, expected):
    assert requires_nonnegative(unit) is expected


# ---------------------------------------------------------------- dimensional analysis
UNITS = {"A": parse_unit("nM"), "B": parse_unit("nM"), "C": parse_unit("uM"),
         "k1": parse_unit("1/min"), "k2": parse_unit("1/(nM*min)"), "n": parse_unit("1"),
         "Vmax": parse_unit("nM/min"), "q": None, "t": parse_unit("min")}


def unit_of(text):
    return expression_unit(parse_tree(text), UNITS, "test")


@pytest.mark.parametrize("text, expected", [
    ("k1*A", "nM/min"), ("k2*A*B", "nM/min"), ("A + B", "nM"), ("A + 1", "nM"),
    ("A/B", "1"), ("exp(A/B)", "1"), ("1 + A/B", "1"), ("A**2", "nM^2"),
    ("sqrt(A*B)", "nM"), ("hill(A, B, n)", "1"), ("mm(A, Vmax, B)", "nM/min"),
    ("min(A, B)", "nM"), ("abs(-A)", "nM"), ("k1*t", "1"), ("(A/B)**n", "1"),
    ("pow(A, 2)", "nM^2"), ("2*3", "1"),
])
def test_expression_units(text, expected):
    assert unit_of(text).equivalent(parse_unit(expected))


def test_unknown_units_propagate():
    assert unit_of("q*A") is None
    assert unit_of("q + A") is None


@pytest.mark.parametrize("text, match", [
    ("A + k1", r"'A' \(nM\) and 'k1' \(1/min\) have different dimensions"),
    ("A + C", "differ by a factor of 1000"),
    ("exp(A)", r"argument of exp\(\) must be dimensionless"),
    ("log(k1)", r"argument of log\(\)"),
    ("A**n", "non-numeric power"),
    ("hill(A, C, n)", "hill"),
    ("hill(A, B, A)", "Hill coefficient"),
    ("mm(A, Vmax, k1)", "mm"),
    ("max(A, k1)", r"max\(\)"),
    ("n**A", "exponent 'A' must be dimensionless"),
    ("q + A + k1", "'A' .* and 'k1'"),
])
def test_expression_unit_errors(text, match):
    with pytest.raises(ModelError, match=match):
        unit_of(text)


# ---------------------------------------------------------------- model unit checks
def mass_action(time_unit="min", k2_unit="1/(nM*min)", k1_unit="1/min"):
    m = Model("ma", time_unit=time_unit)
    for s in ("L", "R", "C"):
        m.species(s, 1.0, unit="nM")
    m.parameter("kon", 0.1, unit=k2_unit)
    m.parameter("koff", 0.01, unit=k1_unit)
    m.reaction("L + R -> C", "kon*L*R", name="bind")
    m.reaction("C -> L + R", "koff*C", name="unbind")
    return m


def test_consistent_mass_action_passes():
    mass_action().validate()
    mass_action(time_unit="h", k2_unit="1/(nM*h)", k1_unit="1/h").validate()
    mass_action(time_unit=None).validate()


def test_second_order_constant_in_first_order_units_fails():
    with pytest.raises(ModelError, match=r"reaction 'bind'.*nM\^2/min.*must be in nM/min"):
        mass_action(k2_unit="1/min").validate()


def test_rate_in_hours_in_minute_model_fails():
    with pytest.raises(ModelError, match=r"reaction 'unbind'.*convert 'koff' \(1/h\)"):
        mass_action(k1_unit="1/h").validate()


def test_no_time_unit_mixed_time_scales_fail():
    with pytest.raises(ModelError, match="imply different units of time"):
        mass_action(time_unit=None, k1_unit="1/h").validate()


def test_exp_of_concentration_fails_in_model():
    m = mass_action()
    m.species("X", 0.0, unit="nM")
    m.parameter("kx", 1.0, unit="nM/min")
    m.reaction("-> X", "kx*exp(L)", name="bad")
    with pytest.raises(ModelError, match=r"reaction 'bad'.*exp\(\)"):
        m.validate()


def test_species_of_one_reaction_share_a_unit():
    m = Model("mix", time_unit="min")
    m.species("A", 1.0, unit="nM")
    m.species("B", 1.0, unit="uM")
    m.parameter("k", 1.0, unit="1/min")
    m.reaction("A -> B", "k*A", name="conv")
    with pytest.raises(ModelError, match="reaction 'conv'.*different units"):
        m.validate()


def test_rate_rule_units():
    m = Model("rr", time_unit="min")
    m.species("X", 1.0, unit="nM")
    m.parameter("k", 1.0, unit="1/h")
    m.ode("X", "-k*X")
    with pytest.raises(ModelError, match="rate rule of 'X'"):
        m.validate()


def test_assignment_units_flow_into_rate_laws():
    m = Model("asg", time_unit="min")
    m.species("A", 1.0, unit="nM")
    m.species("B", 1.0, unit="nM")
    m.parameter("k", 1.0, unit="1/min")
    m.assignment("tot", "A + B")
    m.reaction("A ->", "k*tot")
    m.validate()
    m.reaction("B ->", "k*tot*tot", name="bad")
    with pytest.raises(ModelError, match="reaction 'bad'"):
        m.validate()


def test_inconsistent_observable_and_assignment():
    m = Model("obs", time_unit="min")
    m.species("A", 1.0, unit="nM")
    m.parameter("k", 1.0, unit="1/min")
    m.observable("bad_obs", "A + k")
    with pytest.raises(ModelError, match="observable 'bad_obs'"):
        m.validate()
    m2 = Model("asg2")
    m2.species("A", 1.0, unit="nM")
    m2.parameter("k", 1.0, unit="1/min")
    m2.assignment("bad_asg", "A + k")
    with pytest.raises(ModelError, match="assignment 'bad_asg'"):
        m2.validate()


def test_undeclared_units_skip_checks():
    m = Model("quick", time_unit="min")
    m.species("A", 1.0)
    m.parameter("k", 1.0)
    m.reaction("A ->", "k*A*A*A")
    m.validate()


def test_time_unit_must_be_time():
    with pytest.raises(ModelError, match="not a unit of time"):
        Model("x", time_unit="nM")
    with pytest.raises(ModelError, match="unknown unit 'minutes'"):
        Model("x", time_unit="minutes")


def test_pk_model_in_hours_and_amount_units():
    m = Model("pk", time_unit="h")
    m.species("Cp", 0.0, unit="mg/L")
    m.parameter("CL_V", 0.1, unit="1/h")
    m.parameter("k0", 2.0, unit="mg/L/h")
    m.reaction("-> Cp", "k0")
    m.reaction("Cp ->", "CL_V*Cp")
    m.validate()
    cells = Model("cells", time_unit="min")
    cells.species("R", 1e4, unit="molecule/cell")
    cells.parameter("kint", 0.05, unit="1/min")
    cells.parameter("ksyn", 50.0, unit="molecule/cell/min")
    cells.reaction("R ->", "kint*R")
    cells.reaction("-> R", "ksyn")
    cells.validate()
    cells.parameter("kbad", 1.0, unit="nM/min")
    cells.reaction("-> R", "kbad", name="bad")
    with pytest.raises(ModelError, match="reaction 'bad'"):
        cells.validate()
