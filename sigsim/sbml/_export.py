"""Export a :class:`~sigsim.model.Model` as SBML Level 3 Version 2 (python-libsbml).

Layout of the document
----------------------
- One compartment (id ``compartment``, or ``compartment_1``... when a model name takes it),
  volume 1 L, constant. Species whose unit is a concentration (amount per volume, e.g. nM) are
  concentrations (``hasOnlySubstanceUnits="false"``, ``initialConcentration``, substance units
  = the unit times litre, e.g. nmol); species in other units (``cells``, ``dimensionless``) are
  amounts (``hasOnlySubstanceUnits="true"``, ``initialAmount``). Constant species are
  ``constant`` boundary species. An initial value that is an expression becomes an
  ``initialAssignment``.
- Every parameter is a constant global ``parameter`` with a ``unitDefinition`` built from its
  unit string (nM -> mole 1e-9 / litre, 1/(nM*min) -> per (1e-9 mole / litre) per 60 s, ...).
  SBML has no unit for cells: a cell is counted as an ``item`` (so ``molecules/cell`` is
  dimensionless), which the unit definition's notes say. A unit sigsim cannot read is left
  undeclared and named in the notes; nothing fails on a unit.
- Reactions are irreversible, with their stoichiometries, the species their rate law reads as
  modifiers, and a kinetic law ``compartment * rate`` (amount per time: the compartment is 1 L,
  so the numbers are sigsim's flux) -- or the bare rate when every species of the reaction is an
  amount. ``hill`` and ``mm`` appear expanded (the sympy form). A species whose substance
  unit differs from the model's extent unit (the tumor model's cells and dimensionless IL-2)
  has a conversion factor 1 (parameter ``<species>_conversion``, substance per extent) and its
  reactions' kinetic laws are divided by it, so the numbers stay sigsim's and the units check.
- Rate rules (``Model.ode``) are ``rateRule``\\ s; assignments and observables are
  non-constant parameters with ``assignmentRule``\\ s, in declaration order, with units
  inferred from their expressions where all units are declared.
- Events. A time event (:meth:`Model.event`) becomes an ``event`` with the trigger
  ``time >= at`` (``time > at`` when ``strict``), and-ed with its ``when`` condition, the
  trigger's ``initialValue`` its ``initial_value``, ``persistent`` true and
  ``useValuesFromTriggerTime`` true; the parameters it sets are non-constant. A state event
  (:meth:`Model.state_event`) becomes an ``event`` with its trigger, ``initialValue``,
  ``persistent``, ``useValuesFromTriggerTime`` and ``priority``; a constant species it sets
  is a boundary species that is not ``constant``. The event id is the event's name (with
  ``_event`` appended when another element has that id). Refused, with an error naming the
  event, because SBML would give other numbers: a time event whose time uses a parameter that
  an event sets (sigsim evaluates the time once, SBML's trigger all along), whose condition
  uses a parameter another event sets, and two time events that may fire at the same time
  (the same number, or a time that is an expression) and set or read the same quantity
  (sigsim applies them in declaration order, SBML in no defined order). State events that
  fire at the same time with equal priorities run in declaration order in sigsim; SBML leaves
  that order open (sigsim's import keeps it).
- The model's ``time_unit`` is the model's ``timeUnits`` (and ``substanceUnits``/
  ``extentUnits`` come from the species' most common substance unit, ``volumeUnits`` litre).

Annotations
-----------
Each element carries an annotation in the namespace :data:`NAMESPACE` (prefix ``sigsim``)::

    <sigsim:info kind="parameter">
      <sigsim:unit>1/(nM*min)</sigsim:unit>
      <sigsim:source>dwivedi2014</sigsim:source>
      <sigsim:note>...</sigsim:note>
    </sigsim:info>

``kind`` is ``model``, ``species``, ``parameter``, ``assignment``, ``observable``,
``reaction``, ``conversion`` (a conversion factor the export added), ``event`` or ``event
assignment``; children, each present only when set: ``unit`` (the sigsim unit string),
``source``, ``note``, ``initial`` (an initial-value expression as written), ``expression``
(an assignment or observable as written), ``equation`` and ``rate`` (a reaction as written),
``species`` (of a conversion factor), on the model ``name``, ``timeUnit`` and
``description``, on an event ``type`` (``time`` or ``state``), ``name`` (the sigsim name),
``at`` and ``when`` (of a time event, as written; no ``at`` when the time is a number) or
``trigger`` (of a state event), and on an event assignment ``target`` and ``value`` (as
written; none when the value is a number). The text forms are
informative: the SBML elements and their MathML are authoritative. The same source and note
are repeated in plain XHTML ``notes`` for tools that do not read annotations.

Numbers
-------
Every number of the MathML carries its unit (``sbml:units``): dimensionless in products,
exponents and function arguments, the unit of the other terms in sums and ``min``/``max``
(sigsim's rule), so libsbml checks the units of every kinetic law and rule completely; the
built-in models export without a single warning. Numbers are written exactly: libsbml writes
doubles with 15 significant digits, so every real number of the MathML and every parameter or
initial value that 15 digits would round is written in Python's shortest round-trip form.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from xml.sax.saxutils import escape

import sympy as sp

from ..errors import ModelError
from ..model._expr import TIME
from ..model._units import (AMOUNT, CELL, DIMENSIONLESS, ITEM, LENGTH, MASS, TIME_DIM,
                            UNIT_NAMES, Unit, parse_unit)

__all__ = ["write_sbml", "NAMESPACE", "sbml_problems"]

#: XML namespace of sigsim's annotations (prefix ``sigsim``).
NAMESPACE = "urn:sigsim:sbml-annotation:1"
_MATHML = "http://www.w3.org/1998/Math/MathML"
_XHTML = "http://www.w3.org/1999/xhtml"
_TIME_URL = "http://www.sbml.org/sbml/symbols/time"
_PLACEHOLDER = "__sigsim_real_"
_SBML_NS = "http://www.sbml.org/sbml/level3/version2/core"
_MATH_OPEN = f'<math xmlns="{_MATHML}" xmlns:sbml="{_SBML_NS}">'

# SBML base unit names: a unitDefinition may not take one of them as its id.
_BASE_UNITS = {"ampere", "avogadro", "becquerel", "candela", "celsius", "coulomb",
               "dimensionless", "farad", "gram", "gray", "henry", "hertz", "item", "joule",
               "katal", "kelvin", "kilogram", "litre", "liter", "lumen", "lux", "metre",
               "meter", "mole", "newton", "ohm", "pascal", "radian", "second", "siemens",
               "sievert", "steradian", "tesla", "volt", "watt", "weber", "substance", "volume",
               "area", "length", "time"}
_TIME_FACTORS = (1.0, 60.0, 3600.0, 86400.0, 604800.0)


def write_sbml(model, path=None, validate: bool = True) -> str:
    """Export ``model`` as SBML Level 3 Version 2.

    Parameters
    ----------
    model : sigsim.Model
    path : str or os.PathLike, optional
        File to write (UTF-8). The document is returned either way.
    validate : bool
        Read the document back with libsbml and run its consistency checks; raise
        :class:`~sigsim.errors.ModelError` on any error (warnings, e.g. on units in models that
        mix amounts and concentrations, are allowed; :func:`sbml_problems` lists them).

    Returns
    -------
    str
        The SBML document.

    Raises
    ------
    ModelError
        A model feature SBML cannot express (named with the element), or a document that
        fails libsbml's checks.
    """
    from . import require_libsbml

    libsbml = require_libsbml()
    text = _Exporter(model, libsbml).run()
    if validate:
        errors = [p for p in sbml_problems(text) if p.startswith("error")]
        if errors:
            raise ModelError(f"SBML export of model {model.name!r} fails libsbml's checks: "
                             + "; ".join(errors[:5])
                             + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""))
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return text


def sbml_problems(text: str, units: bool = True) -> list:
    """libsbml's read and consistency-check messages for an SBML document.

    Parameters
    ----------
    text : str
        The document.
    units : bool
        Include the unit-consistency checks.

    Returns
    -------
    list of str
        ``"<severity> <error id> (line N): message"``, severity ``error`` (also for fatal
        ones) or ``warning``; empty for a clean document.
    """
    from . import require_libsbml

    libsbml = require_libsbml()
    doc = libsbml.readSBMLFromString(text)
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, bool(units))
    out = []
    n_read = doc.getNumErrors()
    reads = [doc.getError(i) for i in range(n_read)]
    if not any(e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR for e in reads):
        doc.checkConsistency()
    for i in range(doc.getNumErrors()):
        e = doc.getError(i)
        sev = "error" if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR else "warning"
        msg = " ".join(e.getMessage().split())
        out.append(f"{sev} {e.getErrorId()} (line {e.getLine()}): {msg}")
    return out


# ---------------------------------------------------------------------------- the exporter
class _Exporter:
    def __init__(self, model, libsbml):
        self.m = model
        self.lib = libsbml
        self.reals: list = []            # placeholder index -> (exact float, unit id)
        self.exact_attrs: dict = {}      # (tag, id, attribute) -> float
        self.units = _UnitTable(libsbml)

    # ---------------------------------------------------------------- helpers
    def check(self, status, what):
        if status != self.lib.LIBSBML_OPERATION_SUCCESS:
            raise ModelError(f"SBML export of model {self.m.name!r}: libsbml refused {what} "
                             f"({self.lib.OperationReturnValue_toString(status)})")

    def math(self, body, where):
        """libsbml AST of MathML content ``body``."""
        ast = self.lib.readMathMLFromStringWithNamespaces(_MATH_OPEN + body + "</math>",
                                                          self.ns.getNamespaces())
        if ast is None:
            raise ModelError(f"SBML export: libsbml cannot read the MathML of {where}")
        return ast

    def set_math(self, element, expr, where, unit=None):
        """Set ``element``'s math to ``expr``; ``unit``: the unit the whole expression has
        (gives a bare number its unit)."""
        body = _MathML(self, where).node(expr, unit)
        self.check(element.setMath(self.math(body, where)), f"the math of {where}")

    def unit_id(self, u):
        """unitDefinition id of Unit ``u`` (created when new), or None."""
        if u is None:
            return None
        return self.units.from_unit(u, _unit_label(u))[0]

    def rate_unit(self, species):
        """Unit of d(species)/dt, or None when a unit is not declared."""
        u = _try_unit(self.m._species[species].unit) if self.m._species[species].unit else None
        return None if u is None or self.time is None else u / self.time

    def exact(self, tag, ident, attr, value):
        value = float(value)
        if float(f"{value:.15g}") != value:
            self.exact_attrs[(tag, ident, attr)] = value

    def annotate(self, element, kind, fields, notes=()):
        parts = [f'<sigsim:info xmlns:sigsim="{NAMESPACE}" kind="{kind}">']
        for key, value in fields:
            if value not in (None, ""):
                parts.append(f"<sigsim:{key}>{escape(str(value))}</sigsim:{key}>")
        parts.append("</sigsim:info>")
        self.check(element.setAnnotation("<annotation>" + "".join(parts) + "</annotation>"),
                   f"the annotation of {kind} {element.getId()!r}")
        lines = [n for n in notes if n]
        if lines:
            body = "".join(f"<p>{escape(line)}</p>" for line in lines)
            self.check(element.setNotes(f'<notes><body xmlns="{_XHTML}">{body}</body></notes>'),
                       f"the notes of {kind} {element.getId()!r}")

    def unit_ref(self, unit_text, element, what):
        """Set ``element``'s units from sigsim unit text; returns notes about the unit."""
        if not unit_text:
            return []
        uid, notes = self.units.from_text(unit_text)
        if uid is not None:
            self.check(element.setUnits(uid), f"the units of {what}")
        return notes

    # ---------------------------------------------------------------- the document
    def run(self) -> str:
        lib, m = self.lib, self.m
        self.ns = lib.SBMLNamespaces(3, 2)
        doc = lib.SBMLDocument(self.ns)
        model = doc.createModel()
        self.model = model
        self.units.model = model
        names = set(m._kinds)
        model_id = _sid(m.name)
        if model_id in names:
            model_id += "_model"
        self.check(model.setId(model_id), "the model id")
        self.check(model.setName(m.name), "the model name")
        self.annotate(model, "model", [("name", m.name), ("timeUnit", m.time_unit),
                                       ("description", m.description)],
                      [m.description, "Exported by sigsim."])
        if m.time_unit:
            tid, _ = self.units.from_text(m.time_unit)
            if tid is not None:
                self.check(model.setTimeUnits(tid), "the model time unit")
        self.check(model.setVolumeUnits("litre"), "the model volume unit")

        comp_id = "compartment"
        k = 0
        while comp_id in names or comp_id == model_id:
            k += 1
            comp_id = f"compartment_{k}"
        self.comp_id = comp_id
        comp = model.createCompartment()
        for status, what in ((comp.setId(comp_id), "id"), (comp.setSize(1.0), "size"),
                             (comp.setConstant(True), "constant"),
                             (comp.setSpatialDimensions(3), "dimensions"),
                             (comp.setUnits("litre"), "units")):
            self.check(status, f"the compartment {what}")

        self.time = _try_unit(m.time_unit) if m.time_unit else None
        self.assign_units = self.inferred_units()
        self.sym_unit = {m._symbols[n]: _try_unit(i.unit) if i.unit else None
                         for table in (m._species, m._parameters) for n, i in table.items()}
        self.sym_unit.update({m._symbols[n]: u for n, u in self.assign_units.items()
                              if n in m._symbols})
        self.sym_unit[TIME] = self.time
        self.event_targets = {t for ev in (*m._events.values(), *m._state_events.values())
                              for t, _, _ in ev.assignments}
        self.species(model)
        self.parameters(model)
        self.rules(model)
        self.reactions(model)
        self.events(model)
        text = lib.writeSBMLToString(doc)
        return self.finish(text)

    def species(self, model):
        m = self.m
        self.conc = {}
        self.substance = {}     # species -> (unit id, Unit) of its substance, or None
        self.factor = {}        # species -> id of its conversion factor
        substance = Counter()
        for s, info in m._species.items():
            sp_ = model.createSpecies()
            where = f"species {s!r}"
            self.check(sp_.setId(s), f"the id of {where}")
            self.check(sp_.setCompartment(self.comp_id), f"the compartment of {where}")
            u = _try_unit(info.unit)
            conc = u is None or u.dims[LENGTH] == -3
            self.conc[s] = conc
            notes = []
            self.substance[s] = None
            if info.unit:
                if u is None:
                    notes.append(f"Unit {info.unit!r} is not a unit sigsim knows; not declared.")
                else:
                    sub = u * UNIT_NAMES["L"] if conc else u
                    uid, unotes = self.units.from_unit(sub, _substance_text(info.unit, conc))
                    notes += unotes
                    if uid is not None:
                        self.check(sp_.setSubstanceUnits(uid), f"the units of {where}")
                        substance[uid] += 1
                        self.substance[s] = (uid, sub)
            self.check(sp_.setHasOnlySubstanceUnits(not conc), f"{where}")
            self.check(sp_.setBoundaryCondition(bool(info.constant)), f"{where}")
            # (a constant species that events set is a boundary species, not SBML-constant)
            self.check(sp_.setConstant(bool(info.constant) and s not in self.event_targets),
                       f"{where}")
            if isinstance(info.value, sp.Expr):
                ia = model.createInitialAssignment()
                self.check(ia.setSymbol(s), f"the initial assignment of {where}")
                self.set_math(ia, info.value, f"the initial value of {where}", u)
            else:
                attr = "initialConcentration" if conc else "initialAmount"
                v = float(info.value)
                self.check(sp_.setInitialConcentration(v) if conc else sp_.setInitialAmount(v),
                           f"the initial value of {where}")
                self.exact("species", s, attr, v)
            self.annotate(sp_, "species", [("unit", info.unit), ("source", info.source),
                                           ("note", info.note), ("initial", info.value_text)],
                          [info.note, info.source and f"Source: {info.source}",
                           info.unit and f"Unit: {info.unit}", *notes])
        if substance:
            uid = substance.most_common(1)[0][0]
            self.check(model.setSubstanceUnits(uid), "the model substance unit")
            self.check(model.setExtentUnits(uid), "the model extent unit")
            self.conversion_factors(model, uid)

    def conversion_factors(self, model, extent_id):
        """A species whose substance unit is not the extent unit (cells and a dimensionless
        IL-2 in one model) gets a conversion factor of 1 (substance per extent), so that its
        reactions' kinetic laws are in extent per time and the units check."""
        m = self.m
        extent = next(u for uid, u in self.substance.values() if uid == extent_id)
        reacting = {s for r in m._reactions for s in r.species}
        taken = set(m._kinds) | {self.comp_id}
        for s in m._species:
            sub = self.substance[s]
            if sub is None or sub[0] == extent_id or s not in reacting:
                continue
            cid, k = f"{s}_conversion", 1
            while cid in taken:
                k += 1
                cid = f"{s}_conversion_{k}"
            taken.add(cid)
            p = model.createParameter()
            where = f"the conversion factor of species {s!r}"
            self.check(p.setId(cid), where)
            self.check(p.setValue(1.0), where)
            self.check(p.setConstant(True), where)
            uid, _ = self.units.from_unit(sub[1] / extent, _unit_label(sub[1] / extent))
            if uid is not None:
                self.check(p.setUnits(uid), f"the units of {where}")
            self.check(model.getSpecies(s).setConversionFactor(cid), where)
            self.factor[s] = cid
            self.annotate(p, "conversion", [("species", s)],
                          [f"Species {s} is counted in other units than the reactions' extent: "
                           f"its changes are 1 (substance of {s}) per extent."])

    def parameters(self, model):
        for q, info in self.m._parameters.items():
            p = model.createParameter()
            where = f"parameter {q!r}"
            self.check(p.setId(q), f"the id of {where}")
            self.check(p.setValue(float(info.value)), f"the value of {where}")
            self.exact("parameter", q, "value", info.value)
            self.check(p.setConstant(q not in self.event_targets), where)
            notes = self.unit_ref(info.unit, p, where)
            self.annotate(p, "parameter", [("unit", info.unit), ("source", info.source),
                                           ("note", info.note)],
                          [info.note, info.source and f"Source: {info.source}",
                           info.unit and f"Unit: {info.unit}", *notes])

    def rules(self, model):
        m = self.m
        unit_of = self.assign_units
        for kind, table in (("assignment", m._assignments), ("observable", m._observables)):
            for name, (expr, text) in table.items():
                where = f"{kind} {name!r}"
                p = model.createParameter()
                self.check(p.setId(name), f"the id of {where}")
                self.check(p.setConstant(False), where)
                u = unit_of.get(name)
                notes = []
                if u is not None:
                    uid, notes = self.units.from_unit(u, _unit_label(u))
                    if uid is not None:
                        self.check(p.setUnits(uid), f"the units of {where}")
                rule = model.createAssignmentRule()
                self.check(rule.setVariable(name), f"the rule of {where}")
                self.set_math(rule, expr, where, u)
                self.annotate(p, kind, [("expression", text)],
                              [f"sigsim {kind}: {name} = {text}", *notes])
        for s, (expr, text) in m._rate_rules.items():
            where = f"rate rule (ode) of species {s!r}"
            rule = model.createRateRule()
            self.check(rule.setVariable(s), where)
            self.set_math(rule, expr, where, self.rate_unit(s))

    def inferred_units(self) -> dict:
        """Units of assignments and observables, inferred where every unit is declared."""
        from ..model._dims import expression_unit
        from ..model._expr import parse_tree

        m = self.m
        unit_of = {n: _try_unit(i.unit) if i.unit else None for n, i in m._species.items()}
        unit_of.update({n: _try_unit(i.unit) if i.unit else None
                        for n, i in m._parameters.items()})
        tu = _try_unit(m.time_unit) if m.time_unit else None
        unit_of["t"] = unit_of["time"] = tu
        out = {}
        for table in (m._assignments, m._observables):
            for name, (_, text) in table.items():
                try:
                    u = expression_unit(parse_tree(text), unit_of)
                except ModelError:
                    u = None
                unit_of[name] = out[name] = u
        return out

    def reactions(self, model):
        m = self.m
        sym_species = {m._symbols[s]: s for s in m._species}
        for r in m._reactions:
            where = f"reaction {r.name!r}"
            rx = model.createReaction()
            self.check(rx.setId(r.name), f"the id of {where}")
            self.check(rx.setReversible(False), where)
            for side, create in ((r.reactants, rx.createReactant),
                                 (r.products, rx.createProduct)):
                for s, c in side.items():
                    ref = create()
                    self.check(ref.setSpecies(s), where)
                    self.check(ref.setStoichiometry(float(c)), f"a stoichiometry of {where}")
                    self.check(ref.setConstant(True), where)
            used = set(r.species)
            for symbol in sorted(r.rate.free_symbols, key=str):
                s = sym_species.get(symbol)
                if s is not None and s not in used:
                    mod = rx.createModifier()
                    self.check(mod.setSpecies(s), f"a modifier of {where}")
                    used.add(s)
            kl = rx.createKineticLaw()
            rate = r.rate
            scale = any(self.conc[s] for s in r.species)
            body = _MathML(self, f"the rate law of {where}").node(rate,
                                                                  self.rate_unit(r.species[0]))
            if scale:
                body = f"<apply><times/><ci>{self.comp_id}</ci>{body}</apply>"
            factors = [self.factor[s] for s in r.species if s in self.factor]
            if factors:      # (all species of a reaction share a unit: one factor)
                body = f"<apply><divide/>{body}<ci>{factors[0]}</ci></apply>"
            self.check(kl.setMath(self.math(body, where)), f"the kinetic law of {where}")
            self.annotate(rx, "reaction", [("equation", r.equation), ("rate", r.rate_text),
                                           ("note", r.note)],
                          [f"{r.equation} with rate {r.rate_text}", r.note])

    # ---------------------------------------------------------------- events
    def events(self, model):
        """``Model.event`` and ``Model.state_event`` as SBML events (see the module notes)."""
        m = self.m
        if not m._events and not m._state_events:
            return
        taken = {model.getId()}
        for items in (model.getListOfSpecies(), model.getListOfParameters(),
                      model.getListOfCompartments(), model.getListOfReactions()):
            taken |= {x.getId() for x in items}
        self.check_timed_events()
        for ev in m._events.values():
            where = f"event {ev.name!r}"
            e = self.new_event(model, ev.name, taken, where)
            mm = _MathML(self, f"the trigger of {where}")
            trig = mm.apply("gt" if ev.strict else "geq", mm.node(TIME),
                            mm.node(ev.at, self.time))
            if ev.when is not None:
                trig = mm.apply("and", trig, mm.node(ev.when))
            self.trigger(e, trig, where, ev.initial_value, True)
            self.check(e.setUseValuesFromTriggerTime(True), where)
            self.event_assignments(e, ev, where)
            at = ev.at_text if ev.at_text is not None else _real_text(float(ev.at))
            when = f" if {ev.when_text}" if ev.when_text else ""
            self.annotate(e, "event", [("type", "time"), ("name", ev.name),
                                       ("at", ev.at_text), ("when", ev.when_text)],
                          [f"sigsim time event {ev.name}: at time "
                           f"{'> ' if ev.strict else ''}{at}{when}, "
                           + _assign_text(ev.assignments)])
        for ev in m._state_events.values():
            where = f"event {ev.name!r}"
            e = self.new_event(model, ev.name, taken, where)
            trig = _MathML(self, f"the trigger of {where}").node(ev.trigger)
            self.trigger(e, trig, where, ev.initial_value, ev.persistent)
            if ev.priority is not None:
                pr = e.createPriority()
                self.set_math(pr, ev.priority, f"the priority of {where}", DIMENSIONLESS)
            self.check(e.setUseValuesFromTriggerTime(bool(ev.use_trigger_values)), where)
            self.event_assignments(e, ev, where)
            self.annotate(e, "event", [("type", "state"), ("name", ev.name),
                                       ("trigger", ev.trigger_text)],
                          [f"sigsim state event {ev.name}: when {ev.trigger_text}, "
                           + _assign_text(ev.assignments)])

    def new_event(self, model, name, taken, where):
        eid, k = _sid(name), 1
        while eid in taken:
            k += 1
            eid = f"{_sid(name)}_event" + (f"_{k}" if k > 2 else "")
        taken.add(eid)
        e = model.createEvent()
        self.check(e.setId(eid), f"the id of {where}")
        return e

    def trigger(self, event, body, where, initial_value, persistent):
        trig = event.createTrigger()
        self.check(trig.setMath(self.math(body, f"the trigger of {where}")),
                   f"the trigger of {where}")
        self.check(trig.setInitialValue(bool(initial_value)), f"the trigger of {where}")
        self.check(trig.setPersistent(bool(persistent)), f"the trigger of {where}")

    def event_assignments(self, event, ev, where):
        m = self.m
        for target, expr, text in ev.assignments:
            info = m._species.get(target) or m._parameters.get(target)
            unit = _try_unit(info.unit) if info is not None and info.unit else None
            ea = event.createEventAssignment()
            self.check(ea.setVariable(target), f"the assignment to {target!r} in {where}")
            self.set_math(ea, expr, f"the value of {target!r} in {where}", unit)
            fields = [("target", target), ("value", text)]
            self.annotate(ea, "event assignment", fields)

    def check_timed_events(self):
        """Refuse what SBML's events would do differently from sigsim's timed events: a time
        that events change (sigsim evaluates it once, at the start), a condition that
        other events change, and events that may fire at the same time and depend on each
        other (sigsim applies them in declaration order; SBML leaves that order open)."""
        m = self.m
        events = list(m._events.values())
        targets = {ev.name: {t for t, _, _ in ev.assignments} for ev in events}
        set_by = {}
        for ev in events:
            for t in targets[ev.name]:
                set_by.setdefault(t, []).append(ev.name)
        for ev in events:
            for label, expr, text in (("time", ev.at, ev.at_text),
                                      ("condition", ev.when, ev.when_text)):
                if expr is None:
                    continue
                for sym in sorted(expr.free_symbols, key=str):
                    by = [n for n in set_by.get(str(sym), [])
                          if label == "time" or n != ev.name]
                    if by:
                        raise ModelError(
                            f"SBML export of model {m.name!r}: the {label} of event "
                            f"{ev.name!r} ({text or expr}) uses {str(sym)!r}, which event "
                            f"{by[0]!r} sets: sigsim evaluates it "
                            f"{'once at the start' if label == 'time' else 'when the time comes'}"
                            f", an SBML trigger all along, so the event cannot be exported "
                            f"faithfully")
        reads = {ev.name: {str(x) for _, e, _ in ev.assignments for x in e.free_symbols}
                 for ev in events}
        for i, a in enumerate(events):
            for b in events[i + 1:]:
                shared = (targets[a.name] & targets[b.name]) | (targets[a.name]
                                                                 & reads[b.name])
                shared |= targets[b.name] & reads[a.name]
                if shared and _may_coincide(a, b):
                    raise ModelError(
                        f"SBML export of model {m.name!r}: events {a.name!r} and {b.name!r} "
                        f"may fire at the same time and both involve "
                        f"{', '.join(map(repr, sorted(shared)))}: sigsim applies them in "
                        f"declaration order, SBML in an undefined order, so they cannot be "
                        f"exported faithfully (give them distinct numeric times)")

    # ---------------------------------------------------------------- exact numbers
    def finish(self, text: str) -> str:
        if self.reals:
            def real(mo):
                v, uid = self.reals[int(mo.group(1))]
                units = f' xmlns:sbml="{_SBML_NS}" sbml:units="{uid}"' if uid else ""
                return f"<cn{units}> {_real_text(v)} </cn>"
            text = re.sub(r"<ci>\s*" + _PLACEHOLDER + r"(\d+)\s*</ci>", real, text)
        if self.exact_attrs:
            def tag(mo):
                t = mo.group(0)
                ident = re.search(r'\sid="([^"]*)"', t)
                if ident is None:
                    return t
                for attr in ("value", "initialConcentration", "initialAmount"):
                    v = self.exact_attrs.get((mo.group(1), ident.group(1), attr))
                    if v is not None:
                        t = re.sub(rf'(\s{attr}=")[^"]*(")',
                                   lambda a: a.group(1) + _real_text(v) + a.group(2), t)
                return t
            text = re.sub(r"<(parameter|species)\s[^>]*>", tag, text)
        return text


def _real_text(v: float) -> str:
    return repr(float(v))


def _assign_text(assignments) -> str:
    return "set " + ", ".join(f"{t} = {text if text is not None else _real_text(float(e))}"
                              for t, e, text in assignments) + "."


def _may_coincide(a, b) -> bool:
    """Whether timed events ``a`` and ``b`` may fire at the same time (both times numbers
    that differ, and not both at or before the start time 0: no)."""
    if a.at.free_symbols or b.at.free_symbols:
        return True
    ta, tb = float(a.at), float(b.at)
    return ta == tb or (ta <= 0 and tb <= 0)


# ---------------------------------------------------------------------------- MathML
_NUMBER = object()      # the "unit" of an expression of numbers only (a wildcard)


class _MathML:
    """sympy expression -> MathML text (content markup, SBML Level 3 Version 2 subset)."""

    _FUNCS = {"exp": "exp", "log": "ln", "Abs": "abs", "sin": "sin", "cos": "cos",
              "tan": "tan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
              "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh",
              "acosh": "arccosh", "atanh": "arctanh", "floor": "floor", "ceil": "ceiling",
              "ceiling": "ceiling", "Min": "min", "Max": "max"}
    _RELATIONS = {"StrictLessThan": "lt", "LessThan": "leq", "StrictGreaterThan": "gt",
                  "GreaterThan": "geq", "Equality": "eq", "Unequality": "neq"}
    _LOGIC = {"And": "and", "Or": "or", "Not": "not", "Xor": "xor"}

    def __init__(self, exporter, where):
        self.ex = exporter
        self.where = where

    def fail(self, what):
        raise ModelError(f"SBML export of model {self.ex.m.name!r}: {what} in {self.where} "
                         f"cannot be expressed in SBML")

    @staticmethod
    def apply(op, *args):
        return f"<apply><{op}/>{''.join(args)}</apply>"

    # -------------------------------------------------------- units of subexpressions
    def unit(self, e):
        """Unit of ``e``: a Unit, None (undeclared somewhere) or _NUMBER (numbers only)."""
        if isinstance(e, sp.Symbol):
            return self.ex.sym_unit.get(e)
        if e.is_Number or e in (sp.S.Pi, sp.S.Exp1):
            return _NUMBER
        if isinstance(e, (sp.Add, sp.Min, sp.Max)) or type(e).__name__ in ("Abs", "floor",
                                                                           "ceil", "ceiling"):
            return self.common(e.args)
        if isinstance(e, sp.Piecewise):
            return self.common([v for v, _ in e.args if v is not sp.nan])
        if isinstance(e, sp.Mul):
            out = _NUMBER
            for a in e.args:
                u = self.unit(a)
                if u is None:
                    return None
                if u is not _NUMBER:
                    out = u if out is _NUMBER else out * u
            return out
        if isinstance(e, sp.Pow):
            b = self.unit(e.base)
            if b is _NUMBER or b is None:
                return b
            if e.exp.is_Number:
                return b ** float(e.exp)
            return DIMENSIONLESS
        return DIMENSIONLESS            # exp, log, trigonometric functions

    def common(self, args):
        """The unit shared by ``args`` (sums, min/max, relations): the first declared one."""
        units = [self.unit(a) for a in args]
        if any(u is None for u in units):
            return None
        known = [u for u in units if u is not _NUMBER]
        return known[0] if known else _NUMBER

    # -------------------------------------------------------- MathML
    def number(self, e, unit=None) -> str:
        """A number; ``unit`` (a Unit or None) becomes its ``sbml:units``."""
        uid = self.ex.unit_id(unit) if isinstance(unit, Unit) else None
        units = f' sbml:units="{uid}"' if uid else ""
        if e.is_Integer:
            v = int(e)
            if abs(v) < 2 ** 31:
                return f'<cn{units} type="integer">{v}</cn>'
            e = sp.Float(float(v))
        if e.is_Rational:
            one = DIMENSIONLESS
            return self.apply("divide", self.number(sp.Integer(e.p), unit),
                              self.number(sp.Integer(e.q), one))
        if e.is_Float:
            v = float(e)
            if not math.isfinite(v):
                self.fail(f"the number {v}")
            self.ex.reals.append((v, uid))
            return f"<ci>{_PLACEHOLDER}{len(self.ex.reals) - 1}</ci>"
        self.fail(f"the number {e}")

    def node(self, e, unit=None) -> str:  # noqa: C901 - one branch per sympy class
        """MathML of ``e``; ``unit``: the unit ``e`` has in its context (for bare numbers)."""
        one = DIMENSIONLESS
        if e is TIME or (isinstance(e, sp.Symbol) and e == TIME):
            return f'<csymbol encoding="text" definitionURL="{_TIME_URL}">t</csymbol>'
        if isinstance(e, sp.Symbol):
            return f"<ci>{e.name}</ci>"
        if e is sp.S.Pi:
            return "<pi/>"
        if e is sp.S.Exp1:
            return "<exponentiale/>"
        if e is sp.true:
            return "<true/>"
        if e is sp.false:
            return "<false/>"
        if e.is_Number:
            if e is sp.nan or e.is_infinite:
                self.fail(f"the value {e}")
            return self.number(e, unit)
        if isinstance(e, sp.Add):
            return self.add(e, unit)
        if isinstance(e, sp.Mul):
            return self.mul(e, unit)
        if isinstance(e, sp.Pow) and e.exp.is_Number and e.exp < 0:     # 1/x, not x^-1
            return self.apply("divide", self.number(sp.Integer(1), one),
                              self.node(sp.Pow(e.base, -e.exp)))
        if isinstance(e, sp.Pow):
            b = self.unit(e.base)
            return self.apply("power", self.node(e.base, one if b is _NUMBER else None),
                              self.node(e.exp, one))
        if isinstance(e, sp.Piecewise):
            return self.piecewise(e, unit)
        name = type(e).__name__
        if isinstance(e, sp.log) and len(e.args) == 1:
            return self.apply("ln", self.node(e.args[0], one))
        if name in self._RELATIONS:
            u = self.context(e.args, None)
            return self.apply(self._RELATIONS[name], *(self.node(a, u) for a in e.args))
        if name in self._LOGIC:
            return self.apply(self._LOGIC[name], *(self.node(a) for a in e.args))
        if name in self._FUNCS and isinstance(e, (sp.Function, sp.Min, sp.Max)):
            if name in ("Min", "Max", "Abs", "floor", "ceil", "ceiling"):
                u = self.context(e.args, unit)
            else:
                u = one
            return self.apply(self._FUNCS[name], *(self.node(a, u) for a in e.args))
        self.fail(f"the function or construct {name!r} ({e})")

    def context(self, args, unit):
        """Unit for the bare numbers among ``args`` that share one unit."""
        u = self.common(args)
        if isinstance(u, Unit):
            return u
        return unit if u is _NUMBER else None

    def add(self, e, unit=None) -> str:
        u = self.context(e.args, unit)
        pos, neg = [], []
        for term in e.as_ordered_terms():
            (neg if term.could_extract_minus_sign() else pos).append(term)
        plus = [self.node(t, u) for t in pos]
        minus = [self.node(-t, u) for t in neg]
        if not minus:
            return self.apply("plus", *plus)
        sub = minus[0] if len(minus) == 1 else self.apply("plus", *minus)
        if not plus:
            return self.apply("minus", sub)
        top = plus[0] if len(plus) == 1 else self.apply("plus", *plus)
        return self.apply("minus", top, sub)

    def mul(self, e, unit=None) -> str:
        one = DIMENSIONLESS
        coeff, rest = e.as_coeff_mul()
        if coeff.is_Number and coeff < 0:
            return self.apply("minus", self.node(-e, unit))
        num, den = [], []
        if coeff != 1:
            if coeff.is_Rational and not coeff.is_Integer:
                if coeff.p != 1:
                    num.append(self.number(sp.Integer(coeff.p), one))
                den.append(self.number(sp.Integer(coeff.q), one))
            else:
                num.append(self.number(coeff, one))
        for f in rest:
            if isinstance(f, sp.Pow) and f.exp.is_Number and f.exp < 0:
                den.append(self.node(sp.Pow(f.base, -f.exp)))
            else:           # (a float coefficient is a factor here: numbers in products
                num.append(self.node(f, one))   # are dimensionless)

        def prod(items):
            if not items:
                return self.number(sp.Integer(1), one)
            return items[0] if len(items) == 1 else self.apply("times", *items)
        if not den:
            return prod(num)
        return self.apply("divide", prod(num), prod(den))

    def piecewise(self, e, unit=None) -> str:
        u = self.context([v for v, _ in e.args if v is not sp.nan], unit)
        parts = []
        for value, cond in e.args:
            if cond is sp.true:
                if value is not sp.nan:
                    parts.append(f"<otherwise>{self.node(value, u)}</otherwise>")
                break
            parts.append(f"<piece>{self.node(value, u)}{self.node(cond)}</piece>")
        return f"<piecewise>{''.join(parts)}</piecewise>"


# ---------------------------------------------------------------------------- units
def _try_unit(text):
    try:
        return parse_unit(text)
    except ModelError:
        return None


_MOLAR_AMOUNT = {"M": "mol", "mM": "mmol", "uM": "umol", "µM": "umol", "μM": "umol",
                 "nM": "nmol", "pM": "pmol", "fM": "fmol"}


def _substance_text(unit_text: str, conc: bool) -> str:
    """Label of a species' substance unit: ``nM`` -> ``nmol``, else ``(unit)*L``."""
    if not conc:
        return unit_text
    return _MOLAR_AMOUNT.get(unit_text.strip(), f"({unit_text})*L")


def _unit_label(u: Unit) -> str:
    from ..model._units import format_unit

    return format_unit(u)


def _sid(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return s if s and not s[0].isdigit() else "m_" + s


def _unit_id(text: str) -> str:
    s = text.replace("µ", "u").replace("μ", "u").replace("%", "percent").replace("#", "item")
    s = s.replace("**", "^").replace("·", "*").replace(" ", "*")
    s = s.replace("^-", "_pow_m").replace("^", "_pow_").replace("/", "_per_").replace("*", "_")
    s = re.sub(r"[^A-Za-z0-9_]", "", s.replace(".", "_"))
    s = re.sub(r"_+", "_", s).strip("_")
    if s.startswith("1_per_"):
        s = s[2:]
    if not s or s[0].isdigit():
        s = "u_" + s
    if s in _BASE_UNITS:
        s = "u_" + s
    return s


def _pow10(x: float):
    """The integer k with x == 10**k (within 1e-9 relative), else None."""
    if x <= 0:
        return None
    k = round(math.log10(x))
    return k if math.isclose(x, 10.0 ** k, rel_tol=1e-9) else None


class _UnitTable:
    """unitDefinitions of a document, one per distinct unit (equivalent units share one)."""

    def __init__(self, libsbml):
        self.lib = libsbml
        self.model = None
        self.by_text: dict = {}     # unit text -> (id or None, notes)
        self.by_key: dict = {}      # (dims, rounded scale) -> id
        self.ids: set = set()

    def from_text(self, text: str):
        if text in self.by_text:
            return self.by_text[text]
        u = _try_unit(text)
        if u is None:
            out = (None, [f"Unit {text!r} is not a unit sigsim knows; not declared in SBML."])
        else:
            out = self.from_unit(u, text)
        self.by_text[text] = out
        return out

    def from_unit(self, u: Unit, label: str):
        notes = []
        if u.dims[CELL] != 0:
            notes.append(f"Unit {label!r}: SBML has no unit for cells; a cell is counted as "
                         f"an item (so molecules per cell is dimensionless).")
        parts = self.parts(u)
        if parts == [("dimensionless", 1.0, 1.0, 0)]:
            return "dimensionless", notes
        key = tuple(parts)
        if key in self.by_key:
            return self.by_key[key], notes
        uid = base = _unit_id(label)
        k = 1
        while uid in self.ids:
            k += 1
            uid = f"{base}_{k}"
        ud = self.model.createUnitDefinition()
        ud.setId(uid)
        ud.setName(label)
        for kind, exponent, multiplier, scale in parts:
            unit = ud.createUnit()
            unit.setKind(self.lib.UnitKind_forName(kind))
            unit.setExponent(exponent)
            unit.setMultiplier(multiplier)
            unit.setScale(scale)
        if notes:
            body = "".join(f"<p>{escape(n)}</p>" for n in notes)
            ud.setNotes(f'<notes><body xmlns="{_XHTML}">{body}</body></notes>')
        self.ids.add(uid)
        self.by_key[key] = uid
        return uid, notes

    @staticmethod
    def parts(u: Unit) -> list:
        """``[(kind, exponent, multiplier, scale)]`` whose product is ``u``."""
        d = u.dims
        factor = u.scale                 # relative to mol, m, s, kg, item
        exps = []                        # (kind, exponent) in the order the factor goes on
        if d[AMOUNT]:
            exps.append(("mole", float(d[AMOUNT])))
        if d[ITEM] + d[CELL]:
            exps.append(("item", float(d[ITEM] + d[CELL])))
        if d[MASS]:
            exps.append(("gram", float(d[MASS])))
            factor /= 1e-3 ** float(d[MASS])
        if d[LENGTH]:
            vol = d[LENGTH] / 3
            if vol.denominator == 1:
                exps.append(("litre", float(vol)))
                factor /= 1e-3 ** float(vol)
            else:
                exps.append(("metre", float(d[LENGTH])))
        et = float(d[TIME_DIM])
        if not exps and not et:
            return [("dimensionless", 1.0, _clean(factor), 0)]
        if not exps:
            return [("second", et, _clean(factor ** (1.0 / et)), 0)]
        e0 = exps[0][1]
        tmult, s, m0 = 1.0, None, None
        for c in (_TIME_FACTORS if et else (1.0,)):
            rest = factor / c ** et
            k = _pow10(rest ** (1.0 / e0))
            if k is not None:
                tmult, s, m0 = c, k, 1.0
                break
        if s is None:
            tmult, s, m0 = 1.0, 0, _clean(factor ** (1.0 / e0))
        out = [(exps[0][0], e0, m0, s)] + [(k_, e, 1.0, 0) for k_, e in exps[1:]]
        if et:
            out.append(("second", et, tmult, 0))
        return out


def _clean(x: float) -> float:
    """Round a multiplier that is within 1e-12 of a short decimal (60.00000000001 -> 60)."""
    r = float(f"{x:.12g}")
    return r if math.isclose(r, x, rel_tol=1e-12) else x
