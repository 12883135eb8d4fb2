"""SBML Level 2-3 import: ``read_sbml(path_or_string) -> Model``.

How SBML maps onto a sigsim :class:`~sigsim.model.Model`
----------------------------------------------------------
* A species becomes a state. Its value is its **concentration** (amount / compartment size)
  when ``hasOnlySubstanceUnits`` is false and its compartment has a fixed size, else its
  **amount** (``hasOnlySubstanceUnits`` true, or a compartment whose size changes; SBML math
  then still sees the concentration, ``amount/size``). Boundary and constant species are
  constant states (changed only by rules and events).
* A reaction's kinetic law is a rate in amount per time; each species it changes receives
  ``stoichiometry * law / size`` (concentration states) or ``stoichiometry * law`` (amount
  states). A reaction whose species sit in compartments of different sizes is split into one
  sigsim reaction per compartment, ``<id>__<compartment>``, sharing the law.
* Constant compartments and parameters (and local parameters, renamed ``<reaction>_<id>``)
  become parameters; those with a rate rule become states (``Model.ode``); assignment rules
  become assignments. A constant parameter with an initial assignment of parameters becomes
  an assignment; with an initial assignment that needs species, a constant state.
* Function definitions are inlined; initial assignments of species become expression
  initial values. Species references whose stoichiometry rules, initial assignments or
  events change (and L2 ``stoichiometryMath``) become variables, and the reaction's change of
  that species a reaction of its own with the stoichiometry in its rate; conversion factors
  multiply the rates of their species. A reaction without a kinetic law changes nothing.
* Events: when every event is time-triggered (``time >= c`` or ``time > c``, optionally
  and-ed with conditions of parameters) and assigns values of parameters, they become
  :meth:`~sigsim.model.Model.event` events that every solver applies. Otherwise all events
  of the model become :meth:`~sigsim.model.Model.state_event` events (triggers of any state,
  priorities, persistence, trigger-time values), which the scipy methods of
  :func:`sigsim.simulate` locate by root finding (the compiled solvers refuse such models);
  parameters and compartments they assign then become constant states.
* SBML ids that clash with sigsim's reserved names (``t``, ``time``, function names, Python
  keywords) are renamed; ``model.sbml_ids`` maps every SBML id to its sigsim name and
  ``model.sbml_info`` tells how each is represented.

sigsim's own annotations
------------------------
Documents exported by sigsim (:func:`sigsim.write_sbml`) carry ``<sigsim:info>`` annotations
(namespace :data:`~sigsim.sbml._export.NAMESPACE`). The import reads them back: the model's
name, time unit and description; the unit, source and note of species and parameters;
parameters of kind ``observable`` become observables and those of kind ``assignment`` keep
their expression text; reactions keep their equation, rate text and note; events keep
their sigsim name and their texts as written (time, condition, trigger, values; a time or
value that sigsim holds as a number is a number again). In a document whose
model carries sigsim's model annotation, MathML integers stay integers, and the single
compartment of size 1 and the conversion factors of 1 the export added (kind
``conversion``) are inlined as the number 1 rather than imported as parameters, so that
export -> import gives back the model's structure (the same :meth:`Model.digest`).

The SBML elements and their MathML stay authoritative: an annotation never changes a value or
an expression. A text form (expression, rate, equation, initial value) is used only when it
parses to exactly the expression (or stoichiometry) of the SBML; a unit only when sigsim can
read it and it agrees with the element's SBML units (where those are declared). An annotation
that contradicts the SBML, or whose kind does not fit how the element is imported, is ignored
with a :class:`SBMLAnnotationWarning` naming the element. Units that are read and accepted
must also pass :meth:`Model.validate`'s unit checks; if they do not, all annotation units are
dropped, again with a warning. Documents without sigsim annotations import as before.

Refused, with a :class:`~sigsim.errors.ModelError` naming the element and its id: required
SBML Level 3 packages (optional ones such as layout are ignored), algebraic rules, fast
reactions, the ``delay`` and ``rateOf`` csymbols, events with delays, rate rules on species
in compartments whose size an assignment rule sets, infinite or NaN numbers in the math,
missing values, and what sigsim itself does not accept (negative initial values of states).
"""

from __future__ import annotations

import dataclasses
import keyword
import math
import os
import warnings
from pathlib import Path

from ..errors import ModelError
from ..model import Model
from ..model._expr import FUNCTIONS, TIME_NAMES, names_in, parse_tree, to_sympy
from ..model._info import parse_equation
from ..model._units import UNIT_NAMES, parse_unit
from . import require_libsbml
from ._export import NAMESPACE, _UnitTable
from ._math import MathConverter

_RESERVED = set(TIME_NAMES) | set(FUNCTIONS) | set(keyword.kwlist)


class SBMLAnnotationWarning(UserWarning):
    """A sigsim annotation of an SBML element that contradicts the SBML; it is ignored."""


def read_sbml(source, name: str | None = None) -> Model:
    """Import an SBML Level 2 or 3 model.

    Parameters
    ----------
    source : str or os.PathLike
        A path to an SBML file, or the SBML document itself as a string (starting with
        ``<``).
    name : str, optional
        Model name (default: the SBML model's id, else its name, else ``"sbml_model"``).

    Returns
    -------
    sigsim.Model
        A normal sigsim model (batches, doses, steady states). ``model.sbml_ids`` maps SBML
        ids to sigsim names; ``model.sbml_info`` maps each SBML id (a local parameter as
        ``"<reaction>.<id>"``) to a dict with ``kind`` (``"species"``, ``"compartment"``,
        ``"parameter"``, ``"local parameter"``, ``"species reference"``,
        ``"stoichiometry"``, ``"reaction"``), ``name`` (sigsim name), ``role``
        (``"state"``, ``"constant"`` (a constant state), ``"parameter"``, ``"assignment"``,
        ``"reaction"``, ``"reactions"`` (split by compartment: ``parts``), ``"none"``),
        for species ``quantity`` (``"concentration"`` or ``"amount"``: what the sigsim
        value is) and ``compartment`` (sigsim name of its compartment), and for reactions
        ``law`` (the kinetic law as a sigsim expression) and ``flux_scale`` (the
        compartment whose size times the sigsim flux gives the kinetic law, or None). Role
        ``"inlined"``: the compartment of size 1 or a conversion factor 1 of a sigsim export,
        replaced by the number 1 in the math (see the module notes on annotations).

    Warns
    -----
    SBMLAnnotationWarning
        For a sigsim annotation that contradicts the SBML (a unit sigsim cannot read or that
        disagrees with the SBML units, an ``observable`` without an assignment rule, an
        expression text that is not the MathML's, ...): the annotation is ignored.

    Raises
    ------
    ModelError
        For an unreadable or invalid document (quoting libsbml's first errors), or an SBML
        element sigsim does not simulate (named with its id).
    """
    libsbml = require_libsbml()
    doc = _read(libsbml, source)
    importer = _Importer(libsbml, doc, name)
    try:
        return importer.run()
    finally:
        level = _caller_level()
        for text in importer.warnings:
            warnings.warn(text, SBMLAnnotationWarning, stacklevel=level)


def _caller_level():
    """``stacklevel`` of the first caller outside the sigsim package (for warnings)."""
    import sys

    package = str(Path(__file__).resolve().parents[1])
    frame, level = sys._getframe(1), 1
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(
            package):
        frame, level = frame.f_back, level + 1
    return level


def _read(libsbml, source):
    if isinstance(source, (str, os.PathLike)) and not (isinstance(source, str)
                                                       and source.lstrip().startswith("<")):
        path = Path(source)
        if not path.is_file():
            raise ModelError(f"SBML file {str(source)!r} not found")
        doc = libsbml.readSBMLFromFile(str(path))
    elif isinstance(source, str):
        doc = libsbml.readSBMLFromString(source)
    else:
        raise ModelError(f"read_sbml expects a path or an SBML string, got "
                         f"{type(source).__name__}")
    errs = [doc.getError(i) for i in range(doc.getNumErrors())]
    bad = [e for e in errs if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR]
    if bad:
        msgs = "; ".join(f"line {e.getLine()}: {e.getMessage().strip()}" for e in bad[:3])
        raise ModelError(f"invalid SBML document ({len(bad)} error(s)): {msgs}")
    if doc.getModel() is None:
        raise ModelError("the SBML document has no model")
    return doc


def _what(kind, sid):
    return f"{kind} {sid!r}"


def _sigsim_annotation(element):
    """``(kind, {field: text})`` of an element's ``<sigsim:info>`` annotation, or None."""
    if element is None or not element.isSetAnnotation():
        return None
    ann = element.getAnnotation()
    for i in range(ann.getNumChildren() if ann is not None else 0):
        node = ann.getChild(i)
        if node.getName() != "info" or node.getURI() != NAMESPACE:
            continue
        fields = {}
        for j in range(node.getNumChildren()):
            child = node.getChild(j)
            if child.isText() or child.getURI() != NAMESPACE:
                continue
            fields[child.getName()] = "".join(
                child.getChild(k).getCharacters() for k in range(child.getNumChildren())
                if child.getChild(k).isText())
        return node.getAttrValue("kind"), fields
    return None


# SBML unit kinds sigsim's units map onto (kilogram counts as 1000 gram)
_KIND_ALIAS = {"liter": "litre", "meter": "metre", "kilogram": "gram"}
_KINDS = {"mole", "item", "gram", "litre", "metre", "second", "dimensionless"}


def _unit_key_of_parts(parts):
    """``(factor, {kind: exponent})`` of ``[(kind, exponent, multiplier, scale)]``."""
    factor, kinds = 1.0, {}
    for kind, exponent, multiplier, scale in parts:
        if kind == "kilogram":
            multiplier *= 1000.0
        kind = _KIND_ALIAS.get(kind, kind)
        if kind not in _KINDS:
            return None
        factor *= (multiplier * 10.0 ** scale) ** exponent
        if kind != "dimensionless":
            kinds[kind] = kinds.get(kind, 0.0) + exponent
    return factor, {k: e for k, e in kinds.items() if e != 0}


def _same_unit(a, b):
    return a[1] == b[1] and math.isclose(a[0], b[0], rel_tol=1e-9)


class _MathOnly:
    def __init__(self, ast):
        self._ast = ast

    def getMath(self):
        return self._ast


class _Importer:
    def __init__(self, libsbml, doc, name):
        self.L = libsbml
        self.doc = doc
        self.m = doc.getModel()
        self.user_name = name
        self.model_name = name or self.m.getId() or self.m.getName() or "sbml_model"
        self.names = {}        # SBML id -> sigsim name
        self.info = {}         # SBML id -> representation
        self.used = set()
        self.locals_ = {}      # (reaction id, local id) -> (sigsim name, value)
        self.warnings = []     # about sigsim annotations, issued by read_sbml

    # ------------------------------------------------------------------ helpers
    def _name(self, sid):
        base = sid if sid not in _RESERVED else f"{sid}_"
        cand, k = base, 1
        while cand in self.used or cand in _RESERVED:
            k += 1
            cand = f"{base}_{k}"
        self.used.add(cand)
        return cand

    def _refuse(self, what, why):
        raise ModelError(f"SBML {what}: {why} (not supported by sigsim)")

    # ------------------------------------------------------------------ checks
    def _check_unsupported(self):
        L, m, doc = self.L, self.m, self.doc
        ns = doc.getNamespaces()
        for i in range(ns.getLength() if ns is not None else 0):
            uri = ns.getURI(i)
            if uri.startswith("http://www.sbml.org/sbml/level3/") and not uri.endswith("/core"):
                pkg = ns.getPrefix(i) or uri
                # optional packages (layout, render, ...) do not change the dynamics
                if doc.getPackageRequired(uri) or doc.getPackageRequired(pkg):
                    self._refuse(f"package {pkg!r}", "SBML Level 3 packages that are required "
                                 "for the model's meaning are not imported")
        for r in m.getListOfRules():
            if r.isAlgebraic():
                rid = (r.getIdAttribute() if hasattr(r, "getIdAttribute") else "") or \
                    r.getMetaId()
                formula = L.formulaToL3String(r.getMath()) if r.getMath() is not None else ""
                self._refuse(f"algebraic rule {rid or '(no id)'!r} (0 = {formula})",
                             "algebraic rules (DAEs)")
        for r in m.getListOfReactions():
            if r.isSetFast() and r.getFast():
                self._refuse(_what("reaction", r.getId()), "fast reactions")

    # ------------------------------------------------------------------ main
    def run(self) -> Model:
        L, m = self.L, self.m
        self._check_unsupported()
        self._read_annotations()
        # rules and initial assignments by variable
        # (L3V2 lets the math of a rule, initial or event assignment be absent: the element
        # then has no effect)
        self.arules, self.rrules = {}, {}
        for r in m.getListOfRules():
            if r.getMath() is not None:
                (self.arules if r.isAssignment() else self.rrules)[r.getVariable()] = r
        self.ias = {ia.getSymbol(): ia for ia in m.getListOfInitialAssignments()
                    if ia.getMath() is not None}
        self.event_targets = {}
        for e in m.getListOfEvents():
            for a in e.getListOfEventAssignments():
                if a.getMath() is not None:
                    self.event_targets.setdefault(a.getVariable(), []).append(e.getId())
        self.functions = {}
        for fd in m.getListOfFunctionDefinitions():
            lam = fd.getMath()
            if lam is None or lam.getNumChildren() == 0:
                continue            # no math (L3V2): a call of it is refused as unknown
            n = lam.getNumChildren()
            bvars = [lam.getChild(i).getName() for i in range(n - 1)]
            self.functions[fd.getId()] = (bvars, lam.getChild(n - 1))

        # all events become state events (scipy methods only) unless every one is a plain
        # time-triggered event with values of parameters (applied by every solver)
        self.state_mode = not all(self._simple_event(e) for e in m.getListOfEvents())
        self._event_states = set()
        self._plan_compartments()
        self._plan_parameters()
        self._plan_species()
        self._plan_inlined()
        self._plan_reactions_ids()
        self.conv = MathConverter(L, self.refs, self.functions,
                                  exact_integers=self.sigsim_doc)
        model = Model(self.model_name, time_unit=self.time_unit, description=self.description)
        self.model = model
        self._declare_parameters()
        self._declare_states()
        self._declare_assignments()
        self._set_initials()
        self._declare_reactions()
        self._declare_rate_rules()
        self._declare_events()
        if not model.species_names:
            # sigsim needs a state; this one never changes and is not an SBML id
            model.species(self._name("no_state_placeholder"), 0.0, constant=True,
                          note="placeholder state: the SBML model has no state variable")
        model.sbml_ids = dict(self.names)
        model.sbml_info = self.info
        self._unused_annotations()
        try:
            model.validate()
        except ModelError as exc:
            if not self.units_applied:
                raise
            self._warn(_what("model", m.getId()), f"the units its sigsim annotations give "
                       f"fail sigsim's unit checks ({exc})", "all annotation units are dropped")
            for table in (model._species, model._parameters):
                for k, v in table.items():
                    table[k] = dataclasses.replace(v, unit=None)
            model.validate()
        return model

    # ------------------------------------------------------------------ sigsim annotations
    def _warn(self, what, why, outcome="the sigsim annotation is ignored"):
        self.warnings.append(f"SBML {what}: {why}; {outcome}")

    def _read_annotations(self):
        """Collect the ``<sigsim:info>`` annotations; read the model's own."""
        m = self.m
        self.ann = {}           # SBML id -> (kind, fields, SBML element kind)
        self.ann_used = set()
        self.units_applied = False
        for items, element in ((m.getListOfSpecies(), "species"),
                               (m.getListOfParameters(), "parameter"),
                               (m.getListOfReactions(), "reaction"),
                               (m.getListOfCompartments(), "compartment")):
            for el in items:
                a = _sigsim_annotation(el)
                if a is not None:
                    self.ann[el.getId()] = (a[0], a[1], element)
        self.time_unit, self.description = None, ""
        a = _sigsim_annotation(m)
        self.sigsim_doc = a is not None and a[0] == "model"
        what = _what("model", m.getId())
        if a is None:
            return
        if not self.sigsim_doc:
            self._warn(what, f"its sigsim annotation has kind {a[0]!r}, not 'model'")
            return
        fields = a[1]
        name = fields.get("name")
        if name:
            if m.isSetName() and m.getName() != name:
                self._warn(what, f"the sigsim name {name!r} is not the SBML name "
                           f"{m.getName()!r}", "the name is ignored")
            elif self.user_name is None:
                self.model_name = name
        text = fields.get("timeUnit")
        if text:
            uid = m.getTimeUnits() if m.isSetTimeUnits() else ""
            u = self._annotation_unit(what, text, uid, "timeUnits", label="time unit")
            if u is not None and u.dims != UNIT_NAMES["s"].dims:
                self._warn(what, f"the sigsim time unit {text!r} is not a unit of time",
                           "the time unit is ignored")
            elif u is not None:
                self.time_unit = text
        self.description = fields.get("description", "")

    def _take(self, sid, kind):
        """The fields of ``sid``'s annotation when it is of ``kind`` (marked as used)."""
        a = self.ann.get(sid)
        if a is None or a[0] != kind:
            return None
        self.ann_used.add(sid)
        return a[1]

    def _sbml_unit_key(self, uid):
        """``(factor, {kind: exponent})`` of SBML unit ``uid``; None when not comparable."""
        L = self.L
        if not uid:
            return None
        ud = self.m.getUnitDefinition(uid)
        if ud is not None:
            parts = [(L.UnitKind_toString(x.getKind()), x.getExponentAsDouble(),
                      x.getMultiplier(), x.getScale()) for x in ud.getListOfUnits()]
        elif L.UnitKind_forName(uid) != L.UNIT_KIND_INVALID:
            parts = [(uid, 1.0, 1.0, 0)]
        else:
            return None
        return _unit_key_of_parts(parts) if parts else None

    def _annotation_unit(self, what, text, uid, attribute, litre=False, label="unit"):
        """Unit of sigsim unit text ``text`` if sigsim reads it and it agrees with SBML unit
        ``uid`` (times litre with ``litre``: a concentration's substance); else None (and a
        warning)."""
        if not text:
            return None
        try:
            u = parse_unit(text)
        except ModelError as exc:
            self._warn(what, f"its sigsim {label} {text!r} is not a unit sigsim can read "
                       f"({exc})", f"the {label} is ignored")
            return None
        sbml = self._sbml_unit_key(uid)
        mine = _unit_key_of_parts(_UnitTable.parts(u * UNIT_NAMES["L"] if litre else u))
        if sbml is not None and mine is not None and not _same_unit(mine, sbml):
            self._warn(what, f"its sigsim {label} {text!r} contradicts its SBML {attribute} "
                       f"{uid!r}", f"the {label} is ignored")
            return None
        return u

    def _unit_text(self, what, fields, uid, attribute, litre=False):
        text = fields.get("unit")
        if self._annotation_unit(what, text, uid, attribute, litre) is None:
            return None
        self.units_applied = True
        return text

    def _prefer(self, what, sbml_text, fields, key, allowed, condition=False):
        """The annotation's text ``fields[key]`` where it parses to exactly the expression of
        ``sbml_text`` (the MathML's), else ``sbml_text``."""
        text = (fields or {}).get(key)
        if not text:
            return sbml_text
        try:
            mine = to_sympy(parse_tree(sbml_text, what), allowed, what, sbml_text, condition)
        except ModelError:
            return sbml_text            # the declaration reports it
        try:
            theirs = to_sympy(parse_tree(text, what), allowed, what, text, condition)
        except ModelError as exc:
            self._warn(what, f"its sigsim {key} {text!r} cannot be read ({exc})",
                       f"the {key} text is ignored")
            return sbml_text
        if theirs != mine:
            self._warn(what, f"its sigsim {key} {text!r} differs from the SBML math "
                       f"({sbml_text})", "the MathML is used")
            return sbml_text
        return text

    def _plan_inlined(self):
        """Numbers 1 of a sigsim export that are not the model's own parameters."""
        self.inlined = {}
        m = self.m
        if self.sigsim_doc and len(self.comp) == 1:
            ((cid, c),) = self.comp.items()
            if (c["role"] == "parameter" and c["value"] == 1.0 and cid not in self.ann
                    and m.getCompartment(cid).getConstant() and cid not in self.event_targets):
                self.inlined[cid] = "1"
                self.info[cid]["role"] = "inlined"
        users = {}
        for s in m.getListOfSpecies():
            if s.isSetConversionFactor():
                users.setdefault(s.getConversionFactor(), []).append(s.getId())
        for pid, (kind, fields, element) in self.ann.items():
            if kind != "conversion":
                continue
            self.ann_used.add(pid)
            what = _what(element, pid)
            d = self.par.get(pid)
            if element != "parameter" or d is None:
                self._warn(what, "a sigsim conversion factor must be a parameter")
            elif d["role"] != "parameter" or pid in self.event_targets or \
                    not m.getParameter(pid).getConstant():
                self._warn(what, "the sigsim conversion factor is not a constant parameter",
                           "it is imported as the SBML defines it")
            elif d["value"] != 1.0:
                self._warn(what, f"the sigsim conversion factor has the value {d['value']!r}, "
                           f"not 1", "it is imported as a parameter")
            elif m.isSetConversionFactor() and m.getConversionFactor() == pid:
                self._warn(what, "the sigsim conversion factor is the model's conversion "
                           "factor", "it is imported as a parameter")
            elif users.get(pid) != [fields.get("species")]:
                self._warn(what, f"the sigsim conversion factor of species "
                           f"{fields.get('species')!r} is the conversion factor of "
                           f"{users.get(pid, [])}", "it is imported as a parameter")
            else:
                self.inlined[pid] = "1"
                self.info[pid]["role"] = "inlined"

    def _math_users(self):
        """SBML id -> the elements whose math uses it (``(kind, id)`` pairs)."""
        m, users = self.m, {}

        def add(owner, ast):
            if ast is not None:
                for i in self._ids_in(ast):
                    users.setdefault(i, set()).add(owner)
        for r in m.getListOfRules():
            add(("rule", r.getVariable()), r.getMath())
        for ia in m.getListOfInitialAssignments():
            add(("initial assignment", ia.getSymbol()), ia.getMath())
        for r in m.getListOfReactions():
            if r.isSetKineticLaw():
                add(("reaction", r.getId()), r.getKineticLaw().getMath())
            for sr in list(r.getListOfReactants()) + list(r.getListOfProducts()):
                if sr.isSetStoichiometryMath():
                    add(("reaction", r.getId()), sr.getStoichiometryMath().getMath())
        for k, e in enumerate(m.getListOfEvents()):
            owner = ("event", e.getId() or f"event{k + 1}")
            for part in (e.getTrigger(), e.getPriority(), e.getDelay()):
                if part is not None:
                    add(owner, part.getMath())
            for a in e.getListOfEventAssignments():
                add(owner, a.getMath())
        return users

    def _unused_annotations(self):
        roles = {"parameter": "a parameter", "assignment": "an assignment",
                 "state": "a state", "constant": "a constant state",
                 "observable": "an observable", "reaction": "a reaction",
                 "reactions": "several reactions (split by compartment)",
                 "none": "nothing (it changes no state)", "inlined": "the number 1"}
        for sid, (kind, _, element) in self.ann.items():
            if sid in self.ann_used:
                continue
            role = self.info.get(sid, {}).get("role")
            if element == "compartment":
                why = "sigsim annotates no compartments"
            else:
                why = f"the SBML makes it {roles.get(role, repr(role))}"
            self._warn(_what(element, sid), f"its sigsim annotation is of kind {kind!r}, but "
                       f"{why}")

    # ------------------------------------------------------------------ planning
    def _role_of(self, sid):
        """Role of a compartment or parameter: state, assignment, parameter or const-IA."""
        if sid in self.arules:
            return "assignment"
        if sid in self.rrules:
            return "state"
        if sid in self.ias:
            return "ia"
        return "parameter"

    def _plan_compartments(self):
        self.comp = {}
        for c in self.m.getListOfCompartments():
            cid = c.getId()
            nm = self._name(cid)
            self.names[cid] = nm
            role = self._role_of(cid)
            size = c.getSize() if c.isSetSize() else (
                1.0 if self.doc.getLevel() < 3 and c.getSpatialDimensions() != 0 else math.nan)
            if c.getSpatialDimensions() == 0 and not c.isSetSize():
                size = 1.0      # no size: species in it are amounts (hasOnlySubstanceUnits)
            self.comp[cid] = dict(name=nm, role=role, value=size)
            self.info[cid] = dict(kind="compartment", name=nm, role=role)

    def _plan_parameters(self):
        self.par = {}
        for p in self.m.getListOfParameters():
            pid = p.getId()
            nm = self._name(pid)
            self.names[pid] = nm
            role = self._role_of(pid)
            value = p.getValue() if p.isSetValue() else math.nan
            self.par[pid] = dict(name=nm, role=role, value=value)
            self.info[pid] = dict(kind="parameter", name=nm, role=role)
        # species references: a constant stoichiometry is a number; one that rules, initial
        # assignments or events change is a variable like a parameter (and the reaction's
        # change of that species becomes a reaction of its own, with the stoichiometry in the
        # rate); L2 stoichiometryMath is an assignment of such a variable
        self.stoich_id = {}        # (reaction id, index in reactants+products) -> id or text
        self.stoich_math = {}      # pseudo id -> math AST
        for r in self.m.getListOfReactions():
            rid = r.getId()
            for k, sr in enumerate(list(r.getListOfReactants()) + list(r.getListOfProducts())):
                srid = sr.getId() if sr.isSetId() else ""
                if sr.isSetStoichiometryMath():
                    sm = sr.getStoichiometryMath()
                    if sm.getMath() is None:
                        self._refuse(_what("reaction", rid), "empty stoichiometryMath")
                    pseudo = srid or f"{rid}_stoichiometry_{sr.getSpecies()}_{k}"
                    nm = self._name(pseudo)
                    self.names[pseudo] = nm
                    self.stoich_math[pseudo] = sm.getMath()
                    self.stoich_id[(rid, k)] = pseudo
                    self.info[pseudo] = dict(kind="stoichiometry", name=nm, role="assignment")
                    continue
                if not srid:
                    continue
                variable = (srid in self.arules or srid in self.rrules or srid in self.ias
                            or srid in self.event_targets
                            or (self.doc.getLevel() >= 3 and not sr.getConstant()))
                if not variable:
                    continue
                nm = self._name(srid)
                self.names[srid] = nm
                value = sr.getStoichiometry() if sr.isSetStoichiometry() else math.nan
                if srid in self.arules:
                    value = 0.0
                role = self._role_of(srid)
                self.par[srid] = dict(name=nm, role=role, value=value)
                self.info[srid] = dict(kind="species reference", name=nm, role=role)
                self.stoich_id[(rid, k)] = srid

    def _variable_compartment(self, cid):
        return self.comp[cid]["role"] in ("state", "assignment") or cid in self.event_targets

    def _plan_species(self):
        self.spc = {}
        for s in self.m.getListOfSpecies():
            sid = s.getId()
            nm = self._name(sid)
            self.names[sid] = nm
            cid = s.getCompartment()
            if cid not in self.comp:
                self._refuse(_what("species", sid), f"unknown compartment {cid!r}")
            hosu = bool(s.getHasOnlySubstanceUnits())
            varc = self._variable_compartment(cid)
            if sid in self.arules:
                role = "assignment"
                quantity = "amount" if hosu else "concentration"
            else:
                role = "state"
                quantity = "amount" if (hosu or varc) else "concentration"
                if sid in self.rrules and quantity == "amount" and not hosu \
                        and cid in self.arules:
                    self._refuse(_what("species", sid), f"a rate rule on a species in "
                                 f"compartment {cid!r}, whose size an assignment rule sets")
                if sid in self.event_targets and quantity == "amount" and not hosu \
                        and not self.state_mode:
                    self._refuse(_what("species", sid), f"an event assignment to a species in "
                                 f"compartment {cid!r}, whose size changes")
            constant = bool(s.getConstant()) or (bool(s.getBoundaryCondition())
                                                  and sid not in self.rrules)
            self.spc[sid] = dict(name=nm, role=role, hosu=hosu, quantity=quantity,
                                 compartment=cid, constant=constant,
                                 boundary=bool(s.getBoundaryCondition()) or bool(s.getConstant()))
            self.info[sid] = dict(kind="species", name=nm,
                                  role=("constant" if constant and role == "state" else role),
                                  quantity=quantity, compartment=self.comp[cid]["name"])
        for cid, c in self.comp.items():
            if cid in self.event_targets and not self.state_mode and any(
                    v["compartment"] == cid and not v["hosu"] for v in self.spc.values()):
                self._refuse(_what("compartment", cid), "an event assignment to the size of "
                             "a compartment holding species in concentration")

    def _plan_reactions_ids(self):
        """Name-reference map (SBML id -> text) for math, and reaction names."""
        refs = {}
        for cid, c in self.comp.items():
            refs[cid] = self.inlined.get(cid, c["name"])
        for pid, p in self.par.items():
            refs[pid] = self.inlined.get(pid, p["name"])
        for sid, s in self.spc.items():
            if s["quantity"] == "amount" and not s["hosu"] and s["role"] == "state":
                refs[sid] = f"({s['name']}/{self.comp[s['compartment']]['name']})"
            else:
                refs[sid] = s["name"]
        self.rxn = {}
        for r in self.m.getListOfReactions():
            rid = r.getId()
            nm = self._name(rid)
            self.names[rid] = nm
            self.rxn[rid] = dict(name=nm)
            for k, sr in enumerate(list(r.getListOfReactants()) + list(r.getListOfProducts())):
                srid = sr.getId() if sr.isSetId() else ""
                if (rid, k) in self.stoich_id:
                    pseudo = self.stoich_id[(rid, k)]
                    refs[pseudo] = self.names[pseudo]
                elif srid:
                    refs[srid] = _num_text(self._stoich(sr, rid))
        self.refs = refs
        # reaction ids in math mean their kinetic law: filled in lazily (see _law_text)
        for rid in self.rxn:
            refs.setdefault(rid, None)

    def _stoich(self, sr, rid):
        if self.doc.getLevel() >= 3 and not sr.isSetStoichiometry():
            if sr.isSetId() and sr.getId() in self.ias:
                return math.nan
            self._refuse(f"species reference to {sr.getSpecies()!r} in reaction {rid!r}",
                         "no stoichiometry given")
        v = sr.getStoichiometry()
        if not math.isfinite(v):
            self._refuse(f"species reference to {sr.getSpecies()!r} in reaction {rid!r}",
                         "stoichiometry is not a finite number")
        return float(v)

    # ------------------------------------------------------------------ math helpers
    def _law_text(self, rid, stack=()):
        """Kinetic law of reaction ``rid`` as text (local parameters renamed)."""
        rec = self.rxn[rid]
        if "law" in rec:
            return rec["law"]
        r = self.m.getReaction(rid)
        if not r.isSetKineticLaw() or r.getKineticLaw().getMath() is None:
            # no rate law (allowed by SBML L3V2): the reaction changes nothing
            rec["law"] = "(0.0)"
            return rec["law"]
        kl = r.getKineticLaw()
        names = dict(self.refs)
        for lp in _local_parameters(kl):
            names[lp.getId()] = self._local(rid, lp)
        self._resolve_reaction_refs(kl.getMath(), names, stack + (rid,))
        rec["law"] = "(" + self.conv.convert(kl.getMath(), f"kinetic law of reaction {rid!r}",
                                             names) + ")"
        return rec["law"]

    def _local(self, rid, lp):
        key = (rid, lp.getId())
        locs = self.locals_
        if key not in locs:
            nm = self._name(f"{rid}_{lp.getId()}")
            v = lp.getValue() if lp.isSetValue() else math.nan
            if not math.isfinite(v):
                self._refuse(f"local parameter {lp.getId()!r} of reaction {rid!r}",
                             "no finite value")
            locs[key] = (nm, v)
            self.info[f"{rid}.{lp.getId()}"] = dict(kind="local parameter", name=nm,
                                                    role="parameter")
        return locs[key][0]

    def _ids_in(self, ast):
        out = set()
        stack = [ast]
        while stack:
            n = stack.pop()
            if n is None:
                continue
            if n.getType() == self.L.AST_NAME:
                out.add(n.getName())
            if n.getType() == self.L.AST_FUNCTION and n.getName() in self.functions:
                out |= self._ids_in(self.functions[n.getName()][1])
            stack.extend(n.getChild(i) for i in range(n.getNumChildren()))
        return out

    def _resolve_reaction_refs(self, ast, names, stack):
        for rid in self._ids_in(ast):
            if rid in self.rxn and names.get(rid) is None:
                if rid in stack:
                    self._refuse(_what("reaction", rid), "its kinetic law refers to itself")
                names[rid] = self._law_text(rid, stack)
                self.refs[rid] = names[rid]

    def _convert(self, ast, where, names=None, condition=False):
        names = dict(self.refs if names is None else names)
        self._resolve_reaction_refs(ast, names, ())
        return self.conv.convert(ast, where, names, condition=condition)

    def _initial_names(self):
        """Names for initial values: assignment-rule variables inlined, time = 0."""
        if hasattr(self, "_init_names"):
            return self._init_names
        names = dict(self.refs)
        self._init_names = names
        conv0 = MathConverter(self.L, names, self.functions, time_text="0.0",
                              exact_integers=self.sigsim_doc)
        pending = {v: r for v, r in self.arules.items()}
        pending.update({v: _MathOnly(a) for v, a in self.stoich_math.items()})
        pending.update({p: self.ias[p] for p, d in self.par.items() if d["role"] == "ia"
                        and p not in self._ia_as_state})
        pending.update({c: self.ias[c] for c, d in self.comp.items() if d["role"] == "ia"
                        and c not in self._ia_as_state})
        done = {}

        def text_of(v, stack):
            if v in done:
                return done[v]
            if v in stack:
                self._refuse(f"rule of {v!r}", "circular dependency")
            ast = pending[v].getMath()
            for dep in self._ids_in(ast):
                if dep in pending:
                    names[dep] = text_of(dep, stack + (v,))
            self._resolve_reaction_refs(ast, names, ())
            done[v] = "(" + conv0.convert(ast, f"initial value of {v!r}", names) + ")"
            return done[v]

        for v in pending:
            names[v] = text_of(v, ())
        return names

    # ------------------------------------------------------------------ declarations
    def _declare_parameters(self):
        model = self.model
        self._ia_as_state = set()
        for table, kind in ((self.comp, "compartment"), (self.par, "parameter")):
            for sid, d in table.items():
                if d["role"] == "parameter":
                    if sid in self.inlined:
                        continue
                    if not math.isfinite(d["value"]):
                        self._refuse(_what(kind, sid), "no finite value (and no rule or "
                                     "initial assignment)")
                    if self.state_mode and sid in self.event_targets:
                        # state events change states only: a constant state it is
                        self._event_states.add(sid)
                        continue
                    fields = self._take(sid, "parameter") if kind == "parameter" else None
                    if fields is None:
                        model.parameter(d["name"], float(d["value"]),
                                        note=f"SBML {kind} {sid}")
                        continue
                    what = _what(kind, sid)
                    p = self.m.getParameter(sid)
                    unit = self._unit_text(what, fields, p.getUnits() if p.isSetUnits()
                                           else "", "units")
                    source, note = fields.get("source"), fields.get("note", "")
                    try:
                        model.parameter(d["name"], float(d["value"]), unit=unit,
                                        source=source, note=note)
                    except ModelError as exc:
                        if unit is None:
                            raise
                        self._warn(what, f"its sigsim unit {unit!r} does not fit its value "
                                   f"({exc})", "the unit is ignored")
                        model.parameter(d["name"], float(d["value"]), source=source,
                                        note=note)
                elif d["role"] == "ia":
                    ids = self._ids_in(self.ias[sid].getMath())
                    needs_state = (sid in self.event_targets or any(
                        i in self.spc or (i in self.rrules) or i in self.rxn for i in ids)
                        or self._uses_time(self.ias[sid].getMath()))
                    if needs_state:
                        self._ia_as_state.add(sid)
        # local parameters
        for r in self.m.getListOfReactions():
            if r.isSetKineticLaw():
                kl = r.getKineticLaw()
                for lp in _local_parameters(kl):
                    nm = self._local(r.getId(), lp)
                    v = self.locals_[(r.getId(), lp.getId())][1]
                    model.parameter(nm, float(v), note=f"SBML local parameter {lp.getId()} "
                                    f"of reaction {r.getId()}")

    def _uses_time(self, ast):
        stack = [ast]
        while stack:
            n = stack.pop()
            if n.getType() == self.L.AST_NAME_TIME:
                return True
            if n.getType() == self.L.AST_FUNCTION and n.getName() in self.functions:
                stack.append(self.functions[n.getName()][1])
            stack.extend(n.getChild(i) for i in range(n.getNumChildren()))
        return False

    def _declare_states(self):
        model = self.model
        self._expr_initials = {}
        self._species_fields = {}
        for sid, s in self.spc.items():
            if s["role"] != "state":
                continue
            sp_ = self.m.getSpecies(sid)
            size = self.comp[s["compartment"]]["value"]
            value = math.nan
            if sid not in self.ias:
                if sp_.isSetInitialConcentration():
                    c = sp_.getInitialConcentration()
                    value = c if s["quantity"] == "concentration" else c * size
                    if s["quantity"] == "amount" and self._size_is_expression(s):
                        self._expr_initials[sid] = ("*", c, s["compartment"])
                elif sp_.isSetInitialAmount():
                    a = sp_.getInitialAmount()
                    value = a if s["quantity"] == "amount" else a / size
                    if s["quantity"] == "concentration" and self._size_is_expression(s):
                        self._expr_initials[sid] = ("/", a, s["compartment"])
                if not math.isfinite(value) and sid not in self._expr_initials:
                    self._refuse(_what("species", sid), "no initial value")
            else:
                self._expr_initials[sid] = None     # from the initial assignment
            value = value if math.isfinite(value) else 0.0
            fields = self._take(sid, "species")
            if fields is None:
                model.species(s["name"], value, constant=s["constant"],
                              note=f"SBML species {sid} ({s['quantity']})")
                continue
            self._species_fields[sid] = fields
            uid = (sp_.getSubstanceUnits() if sp_.isSetSubstanceUnits() else
                   self.m.getSubstanceUnits() if self.m.isSetSubstanceUnits() else "")
            unit = self._unit_text(_what("species", sid), fields, uid, "substance units",
                                   litre=not s["hosu"])
            model.species(s["name"], value, unit=unit, constant=s["constant"],
                          note=fields.get("note", ""), source=fields.get("source"))
        for table, kind in ((self.comp, "compartment"), (self.par, "parameter")):
            for sid, d in table.items():
                if (d["role"] == "state" or sid in self._ia_as_state
                        or sid in self._event_states):
                    v = d["value"]
                    if sid in self.ias:
                        self._expr_initials[sid] = None
                    elif not math.isfinite(v):
                        self._refuse(_what(kind, sid), "no initial value for its rate rule")
                    model.species(d["name"], v if math.isfinite(v) else 0.0,
                                  constant=d["role"] != "state",
                                  note=f"SBML {kind} {sid} (a state)")
                    self.info[sid]["role"] = "state" if d["role"] == "state" else "constant"

    def _size_is_expression(self, s):
        """Whether the initial size of a species' compartment is not its size attribute."""
        c = self.comp[s["compartment"]]
        return (not math.isfinite(c["value"]) or s["compartment"] in self.ias
                or c["role"] != "parameter")

    def _declare_assignments(self):
        items = {}
        for v, r in self.arules.items():
            items[v] = self._convert(r.getMath(), f"assignment rule of {v!r}")
        for v, ast in self.stoich_math.items():
            items[v] = self._convert(ast, f"stoichiometryMath of {v!r}")
        for table in (self.comp, self.par):
            for sid, d in table.items():
                if d["role"] == "ia" and sid not in self._ia_as_state:
                    items[sid] = self._convert(self.ias[sid].getMath(),
                                               f"initial assignment of {sid!r}")
                    self.info[sid]["role"] = "assignment"
        # parameters of kind "observable" whose rule no other math uses: observables
        observables = {}
        users = None
        for v in list(items):
            a = self.ann.get(v)
            if a is None or a[0] != "observable" or v not in self.arules or v not in self.par:
                continue            # (an annotation that does not fit: a warning at the end)
            users = self._math_users() if users is None else users
            others = sorted(f"{k} {i!r}" for k, i in users.get(v, ()) if (k, i) != ("rule", v))
            self.ann_used.add(v)
            if others:
                self._warn(_what("parameter", v), f"sigsim's observables are used by no other "
                           f"math, but {', '.join(others)} use(s) it",
                           "it is imported as an assignment")
                continue
            observables[v] = items.pop(v)
            self.info[v]["role"] = "observable"
        # dependency order
        name_of = {v: self.names[v] for v in items}
        by_name = {n: v for v, n in name_of.items()}
        deps = {v: {by_name[n] for n in names_in(parse_tree(t, f"rule of {v!r}"))
                    if n in by_name} for v, t in items.items()}
        order, done = [], set()

        def visit(v, stack):
            if v in done:
                return
            if v in stack:
                self._refuse(f"assignment rule of {v!r}", "circular dependency between "
                             "assignment rules")
            for d in sorted(deps[v]):
                visit(d, stack | {v})
            done.add(v)
            order.append(v)

        for v in items:
            visit(v, frozenset())
        model = self.model
        for v in order:
            text = items[v]
            if v in self.arules and v in self.par:
                text = self._prefer(f"assignment rule of {v!r}", text,
                                    self._take(v, "assignment"), "expression", model.symbols)
            model.assignment(name_of[v], text)
        for v, text in observables.items():
            text = self._prefer(f"assignment rule of {v!r}", text, self.ann[v][1],
                                "expression", model.symbols)
            model.observable(self.names[v], text)

    def _set_initials(self):
        if not self._expr_initials:
            return
        names = self._initial_names()
        conv0 = MathConverter(self.L, names, self.functions, time_text="0.0",
                              exact_integers=self.sigsim_doc)
        for sid, text in self._expr_initials.items():
            if isinstance(text, tuple):
                op, v, cid = text
                text = f"{_num_text(v)}{op}{names[cid]}"
            elif text is None:
                ast = self.ias[sid].getMath()
                self._resolve_reaction_refs(ast, names, ())
                text = conv0.convert(ast, f"initial assignment of {sid!r}", names)
                s = self.spc.get(sid)
                if s is not None and s["quantity"] == "amount" and not s["hosu"]:
                    text = f"({text})*{names[s['compartment']]}"
                if sid in self._species_fields:
                    model, name = self.model, self.names[sid]
                    allowed = {n: y for n, y in model.symbols.items() if n != name and (
                        n in model.species_names or n in model.parameter_names)}
                    text = self._prefer(f"initial value of species {sid!r}", text,
                                        self._species_fields[sid], "initial", allowed)
            self.model.set_initial(self.names[sid], text)

    def _declare_reactions(self):
        model = self.model
        for r in self.m.getListOfReactions():
            rid = r.getId()
            law = self._law_text(rid)
            net, symbolic = {}, []
            refs = ([(x, -1) for x in r.getListOfReactants()]
                    + [(x, 1) for x in r.getListOfProducts()])
            for k, (sr, sign) in enumerate(refs):
                sid = sr.getSpecies()
                s = self.spc.get(sid)
                if s is None:
                    self._refuse(_what("reaction", rid), f"unknown species {sid!r}")
                if s["boundary"] or s["role"] != "state":
                    continue
                if (rid, k) in self.stoich_id:
                    symbolic.append((sid, sign, self.names[self.stoich_id[(rid, k)]]))
                else:
                    net[sid] = net.get(sid, 0.0) + sign * self._stoich(sr, rid)
            groups = {}
            for sid, c in net.items():
                if c == 0:
                    continue
                groups.setdefault(self._group_key(sid), {})[sid] = c
            for j, (sid, sign, stoich) in enumerate(symbolic):
                groups[self._group_key(sid) + (sid, j)] = {sid: (sign, stoich)}
            info = dict(kind="reaction", name=self.names[rid], law=law)
            fields = None
            if len(groups) == 1 and not symbolic:
                fields = self._take(rid, "reaction")
            elif groups and self.ann.get(rid, ("",))[0] == "reaction":
                self.ann_used.add(rid)
                self._warn(_what("reaction", rid), "a sigsim reaction has constant "
                           "stoichiometries and species of one compartment, and this one has "
                           + ("a variable stoichiometry" if symbolic else
                              f"its species split into {len(groups)} sigsim reactions"))
            if not groups:
                info["role"] = "none"
            elif len(groups) == 1:
                info["role"] = "reaction"
            else:
                info["role"] = "reactions"
                info["parts"] = []
            self.info[rid] = info
            for key, coefs in groups.items():
                comp, factor = key[0], key[1]
                rate = law if factor is None else f"{law}*{self.refs[factor]}"
                rate = rate if comp is None else f"{rate}/{self.refs[comp]}"
                if len(key) > 2:            # a variable stoichiometry
                    ((sid, (sign, stoich)),) = coefs.items()
                    rate = f"({stoich})*{rate}"
                    coefs = {sid: float(sign)}
                elif factor is None:
                    # kinetic law = flux of the (first) sigsim reaction * compartment size
                    info.setdefault("flux_scale", None if comp is None or comp in self.inlined
                                    else self.refs[comp])
                lhs = " + ".join(f"{_coef_text(-c, rid)}{self.spc[s]['name']}"
                                 for s, c in coefs.items() if c < 0)
                rhs = " + ".join(f"{_coef_text(c, rid)}{self.spc[s]['name']}"
                                 for s, c in coefs.items() if c > 0)
                if len(groups) == 1:
                    rname = self.names[rid]
                else:
                    part = "_".join(str(x) for x in key if x is not None) or "amounts"
                    rname = self._name(f"{rid}__{part}")
                    info["parts"].append(rname)
                equation, note = f"{lhs} -> {rhs}", f"SBML reaction {rid}"
                if fields is not None:
                    what = _what("reaction", rid)
                    note = fields.get("note", "")
                    rate = self._prefer(what, rate, fields, "rate", model.symbols)
                    equation = self._equation(what, equation, fields.get("equation"), r, coefs)
                model.reaction(equation, rate, name=rname, note=note)

    def _equation(self, what, equation, text, r, net):
        """The annotation's equation ``text`` where it has the SBML reaction's net
        stoichiometry ``net`` (SBML id -> coefficient) and only its species, else
        ``equation``."""
        if not text:
            return equation
        try:
            reactants, products = parse_equation(text, what)
        except ModelError as exc:
            self._warn(what, f"its sigsim equation {text!r} cannot be read ({exc})",
                       "the equation text is ignored")
            return equation
        sbml = {self.spc[s]["name"]: c for s, c in net.items()}
        present = {self.names.get(x.getSpecies()) for x in
                   list(r.getListOfReactants()) + list(r.getListOfProducts())}
        mine = {}
        for s in dict.fromkeys([*reactants, *products]):
            c = float(products.get(s, 0)) - float(reactants.get(s, 0))
            if s in self.model.species_names and c != 0 and \
                    not self.model.species_info(s).constant:
                mine[s] = c
        if set(reactants) | set(products) <= present and mine == sbml:
            return text
        self._warn(what, f"its sigsim equation {text!r} is not the SBML reaction's "
                   f"({equation})", "the equation text is ignored")
        return equation

    def _group_key(self, sid):
        """(compartment whose size divides the rate or None, conversion factor or None)."""
        s = self.spc[sid]
        comp = s["compartment"] if s["quantity"] == "concentration" else None
        sp_ = self.m.getSpecies(sid)
        factor = (sp_.getConversionFactor() if sp_.isSetConversionFactor() else
                  self.m.getConversionFactor() if self.m.isSetConversionFactor() else None)
        return (comp, factor)

    def _declare_rate_rules(self):
        for v, r in self.rrules.items():
            text = self._convert(r.getMath(), f"rate rule of {v!r}")
            s = self.spc.get(v)
            if s is not None and s["quantity"] == "amount" and not s["hosu"]:
                # the rule gives d[S]/dt; the state is the amount n = [S]*V:
                # dn/dt = V*d[S]/dt + [S]*dV/dt
                cid = s["compartment"]
                vr = (self._convert(self.rrules[cid].getMath(), f"rate rule of {cid!r}")
                      if cid in self.rrules else "0")
                vn = self.comp[cid]["name"]
                text = f"({text})*{vn} + ({s['name']}/{vn})*({vr})"
            if v not in self.names:
                self._refuse(f"rate rule of {v!r}", "unknown variable")
            if v in self.spc and self.spc[v]["constant"] and self.m.getSpecies(v).getConstant():
                self._refuse(f"rate rule of {v!r}", "the species is constant")
            self.model.ode(self.names[v], text)

    # ------------------------------------------------------------------ events
    def _simple_event(self, e):
        """A time-triggered event whose conditions and values use only parameters."""
        if e.isSetDelay():
            return True             # refused by _declare_events
        if e.isSetPriority():
            return False
        trig = e.getTrigger()
        if trig is None or trig.getMath() is None:
            return True
        conj = self._conjuncts(trig.getMath())
        timed = [c for c in conj if self._time_bound(c) is not None]
        if len(timed) != 1:
            return False
        asts = [self._time_bound(timed[0])[0]] + [c for c in conj if c is not timed[0]]
        targets = {a.getVariable() for a in e.getListOfEventAssignments()
                   if a.getMath() is not None}
        asts += [a.getMath() for a in e.getListOfEventAssignments() if a.getMath() is not None]
        comps = {c.getId() for c in self.m.getListOfCompartments()}
        if targets & comps:
            return False
        for sid in targets:
            sp_ = self.m.getSpecies(sid)
            c = sp_.getCompartment() if sp_ is not None else None
            if sp_ is not None and not sp_.getHasOnlySubstanceUnits() and (
                    c in self.rrules or c in self.arules or c in self.event_targets):
                return False        # an amount state: the value needs the size then
        variable = (set(self.arules) | set(self.rrules) | set(self.ias)
                    | {s.getId() for s in self.m.getListOfSpecies()}
                    | {r.getId() for r in self.m.getListOfReactions()})
        for r in self.m.getListOfReactions():
            for sr in list(r.getListOfReactants()) + list(r.getListOfProducts()):
                if sr.isSetId():
                    variable.add(sr.getId())
        for a in asts:
            if self._uses_time(a) or self._ids_in(a) & variable:
                return False
        # conditions must not use what other events change
        others = set()
        for e2 in self.m.getListOfEvents():
            if e2 is not e and e2.getId() != e.getId():
                others |= {a.getVariable() for a in e2.getListOfEventAssignments()}
        for c in conj:
            if c is not timed[0] and self._ids_in(c) & others:
                return False
        return True

    def _declare_state_events(self):
        for k, e in enumerate(self.m.getListOfEvents()):
            eid = e.getId() or f"event{k + 1}"
            what = _what("event", eid)
            if e.isSetDelay():
                self._refuse(what, "event delays")
            trig = e.getTrigger()
            if trig is None or trig.getMath() is None:
                continue            # no trigger math (L3V2): the event never fires
            text = self._convert(trig.getMath(), f"trigger of {what}", condition=True)
            fields = self._event_annotation(e, what, "state")
            text = self._event_text(what, text, fields, "trigger", condition=True)
            init = trig.getInitialValue() if trig.isSetInitialValue() else True
            persistent = trig.getPersistent() if trig.isSetPersistent() else True
            prio = None
            if e.isSetPriority() and e.getPriority().getMath() is not None:
                prio = self._convert(e.getPriority().getMath(), f"priority of {what}")
            assigns = {}
            for a in e.getListOfEventAssignments():
                var = a.getVariable()
                if a.getMath() is None:
                    continue
                if var not in self.names or var in self.rxn or var in self.arules:
                    self._refuse(what, f"assignment to {var!r}, which is not a species, "
                                 f"compartment, parameter or species reference without an "
                                 f"assignment rule")
                value = self._convert(a.getMath(), f"assignment to {var!r} in {what}")
                s = self.spc.get(var)
                if s is not None and s["quantity"] == "amount" and not s["hosu"]:
                    value = f"({value})*{self.refs[s['compartment']]}"
                elif fields is not None and var in fields["values"]:
                    value = self._prefer(f"assignment to {var!r} in {what}", value,
                                         fields["values"][var], "value", self.model.symbols)
                assigns[self.names[var]] = value
            if not assigns:
                # an event without assignments changes nothing
                continue
            name = eid if _valid(eid) and eid not in self.used else self._name(f"event{k + 1}")
            name = self._event_name(fields, name, self.model._state_events)
            self.model.state_event(name, text, assigns, initial_value=bool(init),
                                   persistent=bool(persistent), priority=prio,
                                   use_trigger_values=bool(e.getUseValuesFromTriggerTime()))

    def _declare_events(self):
        if self.state_mode:
            self._declare_state_events()
            return
        params = set(self.model.parameter_names)
        for k, e in enumerate(self.m.getListOfEvents()):
            eid = e.getId() or f"event{k + 1}"
            what = _what("event", eid)
            if e.isSetDelay():
                self._refuse(what, "event delays")
            if e.isSetPriority():
                self._refuse(what, "event priorities")
            trig = e.getTrigger()
            if trig is None or trig.getMath() is None:
                continue            # no trigger math (L3V2): the event never fires
            conj = self._conjuncts(trig.getMath())
            timed = [c for c in conj if self._time_bound(c) is not None]
            if len(timed) != 1:
                # (_simple_event sends such events to state events: a safeguard)
                self._refuse(what, "its trigger is not 'time >= c' or 'time > c'")
            bound_ast, strict = self._time_bound(timed[0])
            at = self._convert(bound_ast, f"trigger of {what}")
            self._params_only(at, params, what, "trigger time")
            fields = self._event_annotation(e, what, "time")
            at = self._event_text(what, at, fields, "at")
            rest = [c for c in conj if c is not timed[0]]
            when = None
            if rest:
                texts = [self._convert(c, f"trigger of {what}", condition=True) for c in rest]
                when = texts[0] if len(texts) == 1 else f"and_({', '.join(texts)})"
                used = self._params_only(when, params, what, "trigger condition")
                when = self._event_text(what, when, fields, "when", condition=True)
                for e2 in self.m.getListOfEvents():
                    if e2 is e or e2.getId() == e.getId():
                        continue
                    for a in e2.getListOfEventAssignments():
                        if self.names.get(a.getVariable()) in used:
                            self._refuse(what, f"its trigger condition uses "
                                         f"{a.getVariable()!r}, which event "
                                         f"{e2.getId()!r} changes")
            init = trig.getInitialValue() if (self.doc.getLevel() >= 3
                                              and trig.isSetInitialValue()) else True
            assigns = {}
            for a in e.getListOfEventAssignments():
                var = a.getVariable()
                if a.getMath() is None:
                    continue
                if var not in self.names or var in self.rxn:
                    self._refuse(what, f"assignment to {var!r}, which is not a species, "
                                 f"compartment or parameter")
                if (var in self.spc and self.spc[var]["role"] != "state") or var in self.arules:
                    self._refuse(what, f"assignment to {var!r}, which has an assignment rule")
                text = self._convert(a.getMath(), f"assignment to {var!r} in {what}")
                self._params_only(text, params, what, f"value assigned to {var!r}")
                if fields is not None:
                    text = self._event_text(f"assignment to {var!r} in {what}", text,
                                            fields["values"].get(var, {}), "value")
                assigns[self.names[var]] = text
            if not assigns:
                continue
            name = self._event_name(fields, eid if _valid(eid) else f"event{k + 1}",
                                    self.model._events)
            self.model.event(name, at, assigns, when=when,
                             strict=strict, initial_value=bool(init))

    def _event_annotation(self, e, what, kind):
        """The fields of event ``e``'s sigsim annotation of type ``kind`` (``"time"`` or
        ``"state"``; a state event may be a sigsim time event of a model that also has state
        events: its trigger then stays the MathML's), with ``"values"``: {SBML variable:
        fields of its assignment}; None without one (or with a warning when it does not
        fit)."""
        a = _sigsim_annotation(e) if self.sigsim_doc else None
        if a is None:
            return None
        if a[0] != "event" or a[1].get("type") not in (("time", "state") if kind == "state"
                                                       else (kind,)):
            self._warn(what, f"its sigsim annotation (kind {a[0]!r}, type "
                       f"{a[1].get('type')!r}) is not one of a {kind} event")
            return None
        fields = dict(a[1])
        fields["values"] = {}
        for x in e.getListOfEventAssignments():
            b = _sigsim_annotation(x)
            if b is not None and b[0] == "event assignment" and \
                    b[1].get("target") == x.getVariable():
                fields["values"][x.getVariable()] = b[1]
        return fields

    def _event_text(self, what, sbml_text, fields, key, condition=False):
        """An event's text as written (its annotation ``key``) where it is the MathML's;
        with an annotation but no ``key``, a number (written as a number in sigsim)."""
        if fields is None:
            return sbml_text
        if fields.get(key):
            return self._prefer(what, sbml_text, fields, key, self.model.symbols, condition)
        try:
            return float(sbml_text.strip("()"))
        except ValueError:
            return sbml_text

    def _event_name(self, fields, default, taken):
        name = (fields or {}).get("name")
        return name if name and _valid(name) and name not in taken else default

    def _params_only(self, text, params, what, label):
        used = names_in(parse_tree(text, f"{label} of {what}"))
        bad = sorted(n for n in used if n not in params)
        if bad:
            kinds = ", ".join(repr(n) for n in bad)
            self._refuse(what, f"its {label} depends on {kinds}, not only on parameters "
                         f"(state-dependent events are not supported)")
        return used

    def _conjuncts(self, ast):
        if ast.getType() == self.L.AST_LOGICAL_AND:
            out = []
            for i in range(ast.getNumChildren()):
                out += self._conjuncts(ast.getChild(i))
            return out
        return [ast]

    def _time_bound(self, ast):
        """(bound AST, strict) for ``time >= c``, ``time > c``, ``c <= time``, ``c < time``."""
        L = self.L
        t = ast.getType()
        if ast.getNumChildren() != 2 or t not in (L.AST_RELATIONAL_GEQ, L.AST_RELATIONAL_GT,
                                                  L.AST_RELATIONAL_LEQ, L.AST_RELATIONAL_LT):
            return None
        a, b = ast.getChild(0), ast.getChild(1)
        is_t = [x.getType() == L.AST_NAME_TIME for x in (a, b)]
        if t in (L.AST_RELATIONAL_GEQ, L.AST_RELATIONAL_GT) and is_t[0] and not \
                self._uses_time(b):
            return b, t == L.AST_RELATIONAL_GT
        if t in (L.AST_RELATIONAL_LEQ, L.AST_RELATIONAL_LT) and is_t[1] and not \
                self._uses_time(a):
            return a, t == L.AST_RELATIONAL_LT
        return None


def _local_parameters(kl):
    seen, out = set(), []
    for lp in list(kl.getListOfLocalParameters()) + list(kl.getListOfParameters()):
        if lp.getId() not in seen:
            seen.add(lp.getId())
            out.append(lp)
    return out


def _valid(name):
    import re

    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)) and name not in _RESERVED


def _num_text(v: float) -> str:
    text = repr(float(v))
    return f"({text})" if v < 0 else text


def _coef_text(c: float, rid: str) -> str:
    if c == 1:
        return ""
    text = repr(float(c))
    if "e" in text or "inf" in text or "nan" in text:
        raise ModelError(f"SBML reaction {rid!r}: stoichiometry {c!r} cannot be written "
                         f"(not supported by sigsim)")
    return f"{text} "
