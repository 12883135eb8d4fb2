"""sigsim.read_sbml: each SBML feature on a small inline model, checked against closed-form
solutions, and each refused construct (a ModelError naming the element and its id).

The models are tiny; most simulations use scipy's Radau on the generated functions, one per
model structure, and a few use the compiled Rosenbrock solver.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

pytest.importorskip("libsbml")

import sigsim  # noqa: E402
from sigsim import ModelError, SimulationError  # noqa: E402
from sigsim.model import parse_expression  # noqa: E402
from sigsim.sbml._import import SBMLAnnotationWarning  # noqa: E402

L3 = ('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">\n'
      '<model id="{id}">\n{body}\n</model>\n</sbml>\n')
L3V1 = L3.replace("level3/version2", "level3/version1").replace('version="2"', 'version="1"')
MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML">{}</math>'


def doc(body, model_id="m", template=L3):
    return template.format(id=model_id, body=body)


def comps(*pairs):
    items = "".join(f'<compartment id="{c}" size="{v}" constant="true"/>' for c, v in pairs)
    return f"<listOfCompartments>{items}</listOfCompartments>"


def species(*items):
    """items: (id, compartment, kind, value[, extra attributes])."""
    out = []
    for sid, c, kind, v, *extra in items:
        init = "initialAmount" if kind == "amount" else "initialConcentration"
        hosu = "true" if "hosu" in extra else "false"
        bc = "true" if "boundary" in extra else "false"
        const = "true" if "constant" in extra else "false"
        out.append(f'<species id="{sid}" compartment="{c}" {init}="{v}" '
                   f'hasOnlySubstanceUnits="{hosu}" boundaryCondition="{bc}" '
                   f'constant="{const}"/>')
    return f"<listOfSpecies>{''.join(out)}</listOfSpecies>"


def params(*pairs, constant=True, variable=()):
    """Parameters (id, value); those named in ``variable`` are not constant."""
    items = "".join(f'<parameter id="{p}" value="{v}" '
                    f'constant="{str(constant and p not in variable).lower()}"/>'
                    for p, v in pairs)
    return f"<listOfParameters>{items}</listOfParameters>"


def reaction(rid, reactants, products, law, local=""):
    def refs(tag, items):
        if not items:
            return ""
        inner = "".join(f'<speciesReference species="{s}" stoichiometry="{n}" constant="true"/>'
                        for s, n in items)
        return f"<{tag}>{inner}</{tag}>"
    loc = f"<listOfLocalParameters>{local}</listOfLocalParameters>" if local else ""
    return (f'<reaction id="{rid}" reversible="false">{refs("listOfReactants", reactants)}'
            f'{refs("listOfProducts", products)}<kineticLaw>{MATH.format(law)}{loc}'
            f"</kineticLaw></reaction>")


def ci(x):
    return f"<ci>{x}</ci>"


def apply(op, *args):
    return f"<apply><{op}/>{''.join(args)}</apply>"


TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t' \
       '</csymbol>'


def radau(model, t, **kw):
    return sigsim.simulate(model, t, method="scipy-radau", rtol=1e-10, atol=1e-12,
                           on_failure="raise", **kw)


def col(res, model, sid):
    return np.asarray(res[model.sbml_ids[sid]], dtype=float).reshape(-1)


# ---------------------------------------------------------------------------- basics
def test_compartment_volume_concentration_and_amount():
    """A -> B with the amount rate k*A*V (A, B concentrations) and C -> with hOSU (C amount):
    d[A]/dt = -k[A], dC/dt = -k2*C."""
    body = (comps(("cell", 2.0))
            + species(("A", "cell", "amount", 4.0), ("B", "cell", "conc", 0.0),
                      ("C", "cell", "amount", 3.0, "hosu"))
            + params(("k", 0.3), ("k2", 0.5))
            + "<listOfReactions>"
            + reaction("r1", [("A", 1)], [("B", 1)], apply("times", ci("k"), ci("A"),
                                                           ci("cell")))
            + reaction("r2", [("C", 1)], [], apply("times", ci("k2"), ci("C")))
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["A"]["quantity"] == "concentration"
    assert model.sbml_info["C"]["quantity"] == "amount"
    # initialAmount 4 in a compartment of size 2 is the concentration 2
    assert model.initial_values()[model.species_names.index("A")] == 2.0
    t = np.linspace(0.0, 5.0, 6)
    res = radau(model, t)
    np.testing.assert_allclose(col(res, model, "A"), 2.0 * np.exp(-0.3 * t), rtol=1e-8)
    np.testing.assert_allclose(col(res, model, "B"), 2.0 * (1 - np.exp(-0.3 * t)), rtol=1e-8,
                               atol=1e-12)
    np.testing.assert_allclose(col(res, model, "C"), 3.0 * np.exp(-0.5 * t), rtol=1e-8)
    # the compiled solver gives the same numbers
    res2 = sigsim.simulate(model, t, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(col(res2, model, "A"), 2.0 * np.exp(-0.3 * t), rtol=1e-7)


def test_transport_between_compartments_of_different_size():
    """A (V1 = 1) -> B (V2 = 4), amount rate k*[A]*V1: B gains A's amount diluted by V1/V2."""
    body = (comps(("c1", 1.0), ("c2", 4.0))
            + species(("A", "c1", "conc", 2.0), ("B", "c2", "conc", 0.0))
            + params(("k", 0.7))
            + "<listOfReactions>"
            + reaction("tr", [("A", 1)], [("B", 1)], apply("times", ci("k"), ci("A"), ci("c1")))
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["tr"]["role"] == "reactions"       # split by compartment
    t = np.linspace(0, 3, 4)
    res = radau(model, t)
    np.testing.assert_allclose(col(res, model, "A"), 2 * np.exp(-0.7 * t), rtol=1e-8)
    np.testing.assert_allclose(col(res, model, "B"), 2 * (1 - np.exp(-0.7 * t)) / 4,
                               rtol=1e-8, atol=1e-13)


def test_local_parameter_shadows_global_and_is_renamed():
    body = (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0)) + params(("k", 100.0))
            + "<listOfReactions>"
            + reaction("r", [("A", 2)], [], apply("times", ci("k"), ci("A")),
                       local='<localParameter id="k" value="0.25"/>')
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["r.k"]["name"] == "r_k"
    assert model.parameter_info("r_k").value == 0.25
    assert model.parameter_info("k").value == 100.0
    # stoichiometry 2: dA/dt = -2*0.25*A
    res = radau(model, [0.0, 2.0])
    assert col(res, model, "A")[-1] == pytest.approx(math.exp(-1.0), rel=1e-8)


def test_function_definition_rules_and_initial_assignment():
    """f(x, y) = x*y inlined; q = 2*p (assignment rule); dp/dt = r (rate rule on a
    parameter); A0 = q at t = 0 (initial assignment); dA/dt = -f(kd, A)."""
    fdef = ('<listOfFunctionDefinitions><functionDefinition id="f">'
            + MATH.format("<lambda><bvar><ci>x</ci></bvar><bvar><ci>y</ci></bvar>"
                          + apply("times", ci("x"), ci("y")) + "</lambda>")
            + "</functionDefinition></listOfFunctionDefinitions>")
    rules = ('<listOfRules><assignmentRule variable="q">'
             + MATH.format(apply("times", "<cn>2</cn>", ci("p"))) + "</assignmentRule>"
             + '<rateRule variable="p">' + MATH.format(ci("r")) + "</rateRule></listOfRules>")
    ia = ('<listOfInitialAssignments><initialAssignment symbol="A">' + MATH.format(ci("q"))
          + "</initialAssignment></listOfInitialAssignments>")
    body = (fdef + comps(("c", 1.0)) + species(("A", "c", "conc", 0.0))
            + params(("kd", 0.4), ("r", 0.5), ("p", 1.5), ("q", 0.0), variable=("p", "q"))
            + ia + rules + "<listOfReactions>"
            + reaction("deg", [("A", 1)], [], "<apply><ci>f</ci><ci>kd</ci><ci>A</ci></apply>")
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["p"]["role"] == "state"
    assert model.sbml_info["q"]["role"] == "assignment"
    t = np.linspace(0, 4, 5)
    res = radau(model, t)
    np.testing.assert_allclose(col(res, model, "A"), 3.0 * np.exp(-0.4 * t), rtol=1e-8)
    np.testing.assert_allclose(col(res, model, "p"), 1.5 + 0.5 * t, rtol=1e-9)
    np.testing.assert_allclose(np.asarray(res["q"]).reshape(-1), 2 * (1.5 + 0.5 * t),
                               rtol=1e-9)


def test_piecewise_time_input_and_logic():
    """u = piecewise(2, time < 3, 0) drives dX/dt = u: X(t) = 2*min(t, 3); the second input
    uses and/not/geq: v = 1 while 1 <= t and not(t >= 2)."""
    u = ("<piecewise><piece><cn>2</cn>" + apply("lt", TIME, "<cn>3</cn>")
         + "</piece><otherwise><cn>0</cn></otherwise></piecewise>")
    v = ("<piecewise><piece><cn>1</cn>"
         + apply("and", apply("geq", TIME, "<cn>1</cn>"),
                 apply("not", apply("geq", TIME, "<cn>2</cn>")))
         + "</piece><otherwise><cn>0</cn></otherwise></piecewise>")
    rules = ('<listOfRules><assignmentRule variable="u">' + MATH.format(u) + "</assignmentRule>"
             '<assignmentRule variable="v">' + MATH.format(v) + "</assignmentRule>"
             '<rateRule variable="X">' + MATH.format(ci("u")) + "</rateRule>"
             '<rateRule variable="Y">' + MATH.format(ci("v")) + "</rateRule></listOfRules>")
    body = (comps(("c", 1.0)) + species(("X", "c", "conc", 0.0), ("Y", "c", "conc", 0.0))
            + params(("u", 0.0), ("v", 0.0), variable=("u", "v")) + rules)
    model = sigsim.read_sbml(doc(body))
    t = np.array([0.0, 1.0, 2.0, 3.0, 5.0])
    res = sigsim.simulate(model, t, rtol=1e-10, atol=1e-12, max_step=0.01)
    np.testing.assert_allclose(col(res, model, "X"), 2 * np.minimum(t, 3), atol=1e-6)
    np.testing.assert_allclose(col(res, model, "Y"), np.clip(t - 1, 0, 1), atol=1e-6)


def test_reserved_ids_are_renamed_and_mapped():
    body = (comps(("c", 1.0)) + species(("t", "c", "conc", 1.0), ("exp", "c", "conc", 0.0))
            + params(("lambda", 0.5), ("time_", 1.0))
            + "<listOfReactions>"
            + reaction("r", [("t", 1)], [("exp", 1)], apply("times", ci("lambda"), ci("t")))
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    names = model.sbml_ids
    assert names["t"] != "t" and names["exp"] != "exp" and names["lambda"] != "lambda"
    assert len(set(names.values())) == len(names)
    res = radau(model, [0.0, 1.0])
    assert col(res, model, "t")[-1] == pytest.approx(math.exp(-0.5), rel=1e-8)


def test_variable_stoichiometry_and_conversion_factor():
    """Stoichiometry from an initial assignment (s = 3) and a species conversion factor
    (cf = 0.5): dA/dt = -k*A, dB/dt = 3*0.5*k*A."""
    body = (comps(("c", 1.0))
            + '<listOfSpecies><species id="A" compartment="c" initialConcentration="1" '
              'hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>'
              '<species id="B" compartment="c" initialConcentration="0" conversionFactor="cf" '
              'hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>'
              '</listOfSpecies>'
            + params(("k", 0.2), ("cf", 0.5))
            + '<listOfInitialAssignments><initialAssignment symbol="s">'
            + MATH.format("<cn>3</cn>") + "</initialAssignment></listOfInitialAssignments>"
            + '<listOfReactions><reaction id="r" reversible="false"><listOfReactants>'
              '<speciesReference species="A" stoichiometry="1" constant="true"/>'
              '</listOfReactants><listOfProducts><speciesReference id="s" species="B" '
              'constant="true"/></listOfProducts><kineticLaw>'
            + MATH.format(apply("times", ci("k"), ci("A"))) + "</kineticLaw></reaction>"
              "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    t = np.linspace(0, 3, 4)
    res = radau(model, t)
    np.testing.assert_allclose(col(res, model, "B"), 1.5 * (1 - np.exp(-0.2 * t)), rtol=1e-8,
                               atol=1e-13)


def test_rate_rule_on_species_in_growing_compartment():
    """d[S]/dt = -[S] in a compartment with dV/dt = 1 (V0 = 1): the state is the amount
    n = [S]*V = exp(-t)*(1 + t)."""
    body = ('<listOfCompartments><compartment id="V" size="1" constant="false"/>'
            "</listOfCompartments>" + species(("S", "V", "conc", 1.0))
            + '<listOfRules><rateRule variable="V">' + MATH.format("<cn>1</cn>")
            + '</rateRule><rateRule variable="S">' + MATH.format(apply("minus", ci("S")))
            + "</rateRule></listOfRules>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["S"]["quantity"] == "amount"
    t = np.linspace(0, 2, 5)
    res = radau(model, t)
    np.testing.assert_allclose(col(res, model, "S"), np.exp(-t) * (1 + t), rtol=1e-8)


def test_conditions_and_numbers_interchange_as_in_sbml():
    """SBML lets a condition be a number (true = 1) and a number a condition (0 = false)."""
    p1 = apply("and", "<true/>", apply("or", "<cn>0</cn>", "<cn>0</cn>"))
    p2 = apply("plus", apply("lt", "<cn>1</cn>", "<cn>2</cn>"), "<cn>1</cn>")
    p3 = "<piecewise><piece><cn>5</cn>" + ci("k") + "</piece><otherwise><cn>7</cn>" \
         "</otherwise></piecewise>"
    rules = "".join(f'<assignmentRule variable="{v}">{MATH.format(m)}</assignmentRule>'
                    for v, m in (("p1", p1), ("p2", p2), ("p3", p3)))
    body = (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0))
            + params(("k", 0.0), ("p1", 0.0), ("p2", 0.0), ("p3", 0.0),
                     variable=("p1", "p2", "p3"))
            + f"<listOfRules>{rules}</listOfRules>")
    model = sigsim.read_sbml(doc(body))
    res = radau(model, [0.0, 1.0], params={"k": [0.0, 2.0]})
    np.testing.assert_allclose(np.asarray(res["p1"])[:, 0], [0, 0])
    np.testing.assert_allclose(np.asarray(res["p2"])[:, 0], [2, 2])
    np.testing.assert_allclose(np.asarray(res["p3"])[:, 0], [7, 5])


# ---------------------------------------------------------------------------- events
def _event(trigger, assigns, eid="E1", extra=""):
    items = "".join(f'<eventAssignment variable="{v}">{MATH.format(m)}</eventAssignment>'
                    for v, m in assigns)
    return (f'<event id="{eid}" useValuesFromTriggerTime="true">'
            f'<trigger initialValue="true" persistent="true">{MATH.format(trigger)}</trigger>'
            f"{extra}<listOfEventAssignments>{items}</listOfEventAssignments></event>")


def _decay(events):
    return (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0))
            + params(("k", 0.5), ("k_after", 0.1), ("flag", 0.0), variable=("k", "flag"))
            + "<listOfReactions>"
            + reaction("r", [("A", 1)], [], apply("times", ci("k"), ci("A")))
            + "</listOfReactions>" + f"<listOfEvents>{events}</listOfEvents>")


def test_time_event_sets_parameter_and_species():
    """At t = 2 the event sets k = k_after and A = 1: A = exp(-0.5 t), then
    exp(-0.1 (t - 2))."""
    body = _decay(_event(apply("geq", TIME, "<cn>2</cn>"),
                         [("k", ci("k_after")), ("A", "<cn>1</cn>")]))
    model = sigsim.read_sbml(doc(body))
    (ev,) = model.events
    assert float(ev.at) == 2.0
    t = np.array([0.0, 1.0, 2.0, 4.0])
    want = [1.0, math.exp(-0.5), 1.0, math.exp(-0.1 * 2)]
    for method in ("scipy-radau", "rodas5p"):
        res = sigsim.simulate(model, t, method=method, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(col(res, model, "A"), want, rtol=1e-7)


def test_time_event_with_parameter_condition_fires_once():
    """Trigger (time >= 1) && (flag == 0) sets A = 2 and flag = 1."""
    trig = apply("and", apply("geq", TIME, "<cn>1</cn>"), apply("eq", ci("flag"), "<cn>0</cn>"))
    body = _decay(_event(trig, [("A", "<cn>2</cn>"), ("flag", "<cn>1</cn>")]))
    model = sigsim.read_sbml(doc(body))
    res = radau(model, [0.0, 1.0, 3.0])
    np.testing.assert_allclose(col(res, model, "A"), [1.0, 2.0, 2 * math.exp(-1.0)], rtol=1e-8)
    # with flag = 1 from the start the condition is false: the event never fires
    res = radau(model, [0.0, 3.0], params={"flag": 1.0})
    assert col(res, model, "A")[-1] == pytest.approx(math.exp(-1.5), rel=1e-8)


def test_state_triggered_event_resets_species():
    """Trigger A < 0.5 sets A = 1 and counts in n: dA/dt = -A fires every ln 2."""
    trig = apply("lt", ci("A"), "<cn>0.5</cn>")
    body = (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0), ("n", "c", "conc", 0.0))
            + params(("k", 1.0)) + "<listOfReactions>"
            + reaction("r", [("A", 1)], [], apply("times", ci("k"), ci("A")))
            + "</listOfReactions><listOfEvents>"
            + _event(trig, [("A", "<cn>1</cn>"), ("n", apply("plus", ci("n"), "<cn>1</cn>"))])
            + "</listOfEvents>")
    model = sigsim.read_sbml(doc(body))
    assert len(model.state_events) == 1 and not model.events
    t = np.array([0.0, 1.0, 1.5, 3.0])
    res = radau(model, t)
    period = math.log(2.0)
    fired = np.floor(t / period)
    np.testing.assert_allclose(col(res, model, "n"), fired)
    np.testing.assert_allclose(col(res, model, "A"), np.exp(-(t - fired * period)), rtol=1e-7)
    with pytest.raises(SimulationError, match="state-triggered events"):
        sigsim.simulate(model, t)       # the compiled solvers do not locate state events


def test_simultaneous_events_priority_and_trigger_time_values():
    """At t > 1 both fire: E1 (priority 10) sets x = 7 first; E2 (priority 5) sets y = x with
    the value of x when the triggers fired (3), as SBML's useValuesFromTriggerTime says."""
    prio = "<priority>" + MATH.format("<cn>{}</cn>") + "</priority>"
    trig = apply("gt", TIME, "<cn>1</cn>")
    events = (_event(trig, [("x", "<cn>7</cn>")], eid="E1", extra=prio.format(10))
              + _event(trig, [("y", ci("x"))], eid="E2", extra=prio.format(5)))
    body = (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0))
            + params(("x", 3.0), ("y", 0.0), variable=("x", "y"))
            + f"<listOfEvents>{events}</listOfEvents>")
    model = sigsim.read_sbml(doc(body))
    assert model.sbml_info["x"]["role"] == "constant"      # a state that events change
    res = radau(model, [0.0, 0.5, 2.0])
    np.testing.assert_allclose(col(res, model, "x"), [3, 3, 7])
    np.testing.assert_allclose(col(res, model, "y"), [0, 0, 3])


def test_model_event_api_and_batches():
    m = sigsim.Model("ev")
    m.species("A", 1.0)
    m.parameter("k", 0.5)
    m.parameter("t_on", 1.0)
    m.parameter("dose", 3.0)
    m.reaction("A ->", "k*A")
    m.event("add", "t_on", {"A": "dose"})
    t = np.array([0.0, 1.0, 2.0])
    res = sigsim.simulate(m, t, params={"dose": [1.0, 3.0]}, method="scipy-radau",
                          rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(res["A"][:, -1], [math.exp(-0.5), 3 * math.exp(-0.5)],
                               rtol=1e-8)
    # the firing time must agree across the sets of a batch
    with pytest.raises(SimulationError, match="differs between parameter sets"):
        sigsim.simulate(m, t, params={"t_on": [1.0, 1.5]}, method="scipy-radau")
    # an event before the start with initial_value=True never fires
    res = sigsim.simulate(m, [2.0, 3.0], method="scipy-radau", rtol=1e-10, atol=1e-12)
    assert np.asarray(res["A"]).reshape(-1)[-1] == pytest.approx(math.exp(-0.5), rel=1e-8)
    with pytest.raises(ModelError, match="not a declared species or parameter"):
        m.event("bad", 1.0, {"Z": 1.0})
    with pytest.raises(ModelError, match="unknown symbol"):
        m.event("bad2", 1.0, {"A": "A + 1"})


def test_imported_model_steady_state():
    """A <-> B (two irreversible reactions): A_ss = kr/(kf + kr) * total."""
    body = (comps(("c", 1.0)) + species(("A", "c", "conc", 3.0), ("B", "c", "conc", 1.0))
            + params(("kf", 2.0), ("kr", 0.5)) + "<listOfReactions>"
            + reaction("f", [("A", 1)], [("B", 1)], apply("times", ci("kf"), ci("A"),
                                                          ci("c")))
            + reaction("b", [("B", 1)], [("A", 1)], apply("times", ci("kr"), ci("B"),
                                                          ci("c")))
            + "</listOfReactions>")
    model = sigsim.read_sbml(doc(body))
    ss = sigsim.steady_state(model)
    assert float(np.asarray(ss["A"]).reshape(-1)[0]) == pytest.approx(0.5 / 2.5 * 4.0,
                                                                      rel=1e-8)


# ---------------------------------------------------------------------------- expressions
def test_expression_conditionals():
    import sympy as sp

    x = sp.Symbol("x", real=True)
    e = parse_expression("piecewise(1, lt(x, 0), 2, and_(ge(x, 0), not_(gt(x, 5))), 3)",
                         {"x": x})
    assert [float(e.subs(x, v)) for v in (-1, 0, 5, 6)] == [1, 2, 2, 3]
    assert float(parse_expression("piecewise(4, xor_(lt(x, 1), gt(x, 0)))", {"x": x})
                 .subs(x, 2)) == 4.0
    assert float(parse_expression("floor(x) + ceil(x)", {"x": x}).subs(x, 1.5)) == 3.0
    with pytest.raises(ModelError, match="condition"):
        parse_expression("lt(x, 1) + 1", {"x": x})
    with pytest.raises(ModelError, match="where a condition"):
        parse_expression("piecewise(1, x, 2)", {"x": x})


# ---------------------------------------------------------------------------- refusals
def _one_species(extra="", reactions=""):
    return (comps(("c", 1.0)) + species(("A", "c", "conc", 1.0)) + params(("k", 1.0))
            + extra + (f"<listOfReactions>{reactions}</listOfReactions>" if reactions else ""))


@pytest.mark.parametrize("body, template, match", [
    (_one_species('<listOfRules><algebraicRule id="alg1">'
                  + MATH.format(apply("minus", ci("A"), ci("k"))) + "</algebraicRule>"
                  "</listOfRules>"), L3, "algebraic rule.*alg1"),
    (_one_species(reactions=reaction("rf", [("A", 1)], [], ci("k")).replace(
        'reversible="false"', 'reversible="false" fast="true"')), L3V1,
     "reaction 'rf'.*fast"),
    (_one_species(reactions=reaction(
        "rd", [("A", 1)], [], apply(
            "times", ci("k"), '<apply><csymbol encoding="text" definitionURL='
            '"http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>A</ci>'
            '<cn>1</cn></apply>'))), L3, "reaction 'rd'.*delay"),
    (_one_species("<listOfEvents>" + _event(apply("geq", TIME, "<cn>1</cn>"), [
        ("A", "<cn>1</cn>")], eid="Edelay", extra="<delay>" + MATH.format("<cn>1</cn>")
        + "</delay>") + "</listOfEvents>"), L3, "event 'Edelay'.*delay"),
    (_one_species(reactions=reaction(
        "rr", [("A", 1)], [], apply(
            "times", ci("k"), '<apply><csymbol encoding="text" definitionURL='
            '"http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>A</ci>'
            '</apply>'))), L3, "reaction 'rr'.*rateOf"),
])
def test_refused_constructs_name_the_element(body, template, match):
    with pytest.raises(ModelError, match=match):
        sigsim.read_sbml(doc(body, template=template))


def test_required_package_is_refused():
    text = doc(_one_species()).replace(
        'level="3" version="2">',
        'xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" level="3" '
        'version="2" comp:required="true">')
    with pytest.raises(ModelError, match="package 'comp'"):
        sigsim.read_sbml(text)


def test_malformed_document_and_missing_file():
    with pytest.raises(ModelError, match="invalid SBML document"):
        sigsim.read_sbml("<sbml><model><oops></sbml>")
    with pytest.raises(ModelError, match="not found"):
        sigsim.read_sbml("no/such/file.xml")


# ---------------------------------------------------------------------------- sigsim's annotations
def _annotated_model():
    """A -> B (k), X -> (kx) with an expression initial value, an assignment and an
    observable: A = 2 exp(-k t), B = 2 - A, X = 2*X0 exp(-kx t), frac = 1 - exp(-k t)."""
    m = sigsim.Model("annotated", time_unit="min", description="A -> B and X ->")
    m.parameter("k", 0.3, unit="1/min", source="paper2020", note="decay")
    m.parameter("kx", 0.2, unit="1/min", source="assumed")
    m.parameter("X0", 1.5, unit="dimensionless", source="assumed")
    m.species("A", 2.0, unit="nM", note="ligand", source="assumed")
    m.species("B", 0.0, unit="nM")
    m.species("X", "2*X0", unit="dimensionless")    # an amount with a conversion factor 1
    m.reaction("A -> B", "k*A", name="conv", note="the conversion")
    m.reaction("X ->", "kx*X", name="loss")
    m.assignment("total", "A + B")
    m.observable("frac", "B/total")
    return m


def _check_closed_form(model):
    t = np.linspace(0.0, 10.0, 6)
    res = radau(model, t)
    e = np.exp(-0.3 * t)
    np.testing.assert_allclose(np.asarray(res["A"]).ravel(), 2.0 * e, rtol=1e-8)
    np.testing.assert_allclose(np.asarray(res["B"]).ravel(), 2.0 * (1 - e), rtol=1e-8,
                               atol=1e-12)
    np.testing.assert_allclose(np.asarray(res["X"]).ravel(), 3.0 * np.exp(-0.2 * t),
                               rtol=1e-8)
    np.testing.assert_allclose(np.asarray(res["frac"]).ravel(), 1 - e, rtol=1e-8, atol=1e-12)


def _replace(text, old, new):
    assert text.count(old) == 1, old            # the export's layout is what the test edits
    return text.replace(old, new)


def test_own_annotations_give_back_units_sources_and_observables():
    m = _annotated_model()
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # a clean export reads back without a warning
        back = sigsim.read_sbml(m.to_sbml())
    assert back.digest() == m.digest()
    assert (back.name, back.time_unit, back.description) == \
        ("annotated", "min", "A -> B and X ->")
    for s in m.species_names:
        assert back.species_info(s) == m.species_info(s)
    assert back.species_info("X").value_text == "2*X0"
    for q in m.parameter_names:
        assert back.parameter_info(q) == m.parameter_info(q)
    assert back.parameter_names == ["k", "kx", "X0"]      # no compartment, no X_conversion
    assert back.sbml_info["compartment"]["role"] == "inlined"
    assert back.sbml_info["X_conversion"]["role"] == "inlined"
    assert [n for n, _ in back.observables] == ["frac"]
    assert [n for n, _ in back.assignments] == ["total"]
    assert back.sbml_info["frac"]["role"] == "observable"
    (conv, loss) = back.reactions
    assert (conv.equation, conv.rate_text, conv.note) == ("A -> B", "k*A", "the conversion")
    assert (loss.equation, loss.rate_text, loss.note) == ("X ->", "kx*X", "")
    _check_closed_form(back)


def test_tampered_annotations_warn_and_keep_the_sbml_numbers():
    text = _annotated_model().to_sbml()
    edits = [
        # a malformed unit; a unit that contradicts the substance units (nmol)
        ("<sigsim:unit>1/min</sigsim:unit>\n            <sigsim:source>paper2020",
         "<sigsim:unit>1/(min</sigsim:unit>\n            <sigsim:source>paper2020"),
        ("<sigsim:unit>nM</sigsim:unit>\n            <sigsim:source>assumed",
         "<sigsim:unit>uM</sigsim:unit>\n            <sigsim:source>assumed"),
        ("<sigsim:timeUnit>min<", "<sigsim:timeUnit>h<"),             # timeUnits say min
        ("<sigsim:rate>k*A<", "<sigsim:rate>2*k*A<"),                  # not the MathML
        # an observable without an assignment rule; one that other math uses
        ('kind="parameter">\n            <sigsim:unit>dimensionless',
         'kind="observable">\n            <sigsim:unit>dimensionless'),
        ('kind="assignment"', 'kind="observable"'),
        # a conversion factor that is not 1, a compartment that is not of size 1
        ('<parameter id="X_conversion" value="1"', '<parameter id="X_conversion" value="2"'),
        ('<compartment id="compartment" spatialDimensions="3" size="1"',
         '<compartment id="compartment" spatialDimensions="3" size="2"'),
    ]
    for old, new in edits:
        text = _replace(text, old, new)
    with pytest.warns(SBMLAnnotationWarning) as record:
        back = sigsim.read_sbml(text)
    messages = "\n".join(str(w.message) for w in record)
    for pattern in [r"parameter 'k': its sigsim unit '1/\(min' is not a unit sigsim can read",
                    r"species 'A': its sigsim unit 'uM' contradicts its SBML substance units",
                    r"model 'annotated': its sigsim time unit 'h' contradicts its SBML timeUnits",
                    r"reaction 'conv': its sigsim rate '2\*k\*A' differs from the SBML math",
                    r"parameter 'X0': its sigsim annotation is of kind 'observable', but the "
                    r"SBML makes it a parameter",
                    r"parameter 'total': .*rule 'frac' use",
                    r"parameter 'X_conversion': .*has the value 2.0, not 1"]:
        assert re.search(pattern, messages), (pattern, messages)
    assert len(record) == 7, messages
    # what contradicts is dropped, the rest of the annotation is kept
    k = back.parameter_info("k")
    assert (k.value, k.unit, k.source, k.note) == (0.3, None, "paper2020", "decay")
    a = back.species_info("A")
    assert (a.value, a.unit, a.source, a.note) == (2.0, None, "assumed", "ligand")
    assert back.species_info("B").unit == "nM" and back.time_unit is None
    assert back.parameter_info("X0").unit is None and back.parameter_info("X0").value == 1.5
    assert back.parameter_info("X_conversion").value == 2.0
    assert back.parameter_info("compartment").value == 2.0
    conv = back.reactions[0]
    assert conv.rate_text != "2*k*A" and conv.rate == parse_expression("k*A", back.symbols)
    assert [n for n, _ in back.assignments] == ["total"]
    assert [n for n, _ in back.observables] == ["frac"]
    # and the SBML's numbers: the same solution (the factor 2 and the size 2 cancel)
    _check_closed_form(back)


def test_without_annotations_the_export_imports_as_any_sbml():
    m = _annotated_model()
    text = re.sub(r"<annotation>.*?</annotation>", "", m.to_sbml(), flags=re.S)
    assert "sigsim:info" not in text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = sigsim.read_sbml(text)
    assert back.time_unit is None and back.description == ""
    assert back.parameter_names == ["compartment", "X_conversion", "k", "kx", "X0"]
    assert all(back.parameter_info(q).unit is None for q in back.parameter_names)
    assert back.parameter_info("k").note == "SBML parameter k"
    assert [n for n, _ in back.assignments] == ["total", "frac"] and back.observables == []
    assert back.digest() != m.digest()
    # MathML integers become floats, as in any SBML document (in sigsim's exports: integers)
    assert str(back.species_info("X").value) == "2.0*X0"
    assert str(m.species_info("X").value) == "2*X0"
    _check_closed_form(back)
