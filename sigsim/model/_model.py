"""The symbolic model: species, parameters, reactions, rate rules, assignments, observables."""

from __future__ import annotations

import copy as _copy
import dataclasses
import difflib
import hashlib

import numpy as np
import sympy as sp

from ..errors import ModelError
from . import _report
from ._expr import make_symbol, names_in, parse_tree, to_sympy
from ._info import (ParameterInfo, Reaction, SpeciesInfo, check_name, check_number,
                    parse_equation)
from ._units import parse_unit, requires_nonnegative

#: Bumped when the digest recipe changes, so that old cached modules are never reused.
_DIGEST_VERSION = "sigsim-model-digest-1"


class Model:
    """A reaction-network model with units and provenance, kept symbolically (sympy).

    Parameters
    ----------
    name : str
        Model name (used in generated code headers and reports).
    time_unit : str, optional
        The unit of time of the model (``"min"``, ``"h"``, ...). Rate constants must be
        given per this unit; when it is None, unit checks that involve time compare
        dimensions only and require all rate laws to imply the same time unit.
    description : str, optional

    Notes
    -----
    Components are declared in order of use: an expression may refer only to names declared
    before it (so assignments cannot form cycles). The declaration methods return the new
    record (:class:`SpeciesInfo`, :class:`ParameterInfo`, :class:`Reaction`) or, for
    :meth:`ode`, :meth:`assignment` and :meth:`observable`, the parsed sympy expression.

    Examples
    --------
    >>> m = Model("binding", time_unit="min")
    >>> _ = m.species("L", 1.0, unit="nM"); _ = m.species("C", 0.0, unit="nM")
    >>> _ = m.parameter("k", 0.1, unit="1/min", source="assumed")
    >>> _ = m.reaction("L -> C", "k*L")
    >>> m
    <Model 'binding': 2 species, 1 parameter, 1 reaction>
    """

    def __init__(self, name: str, time_unit: str | None = None, description: str = ""):
        if not isinstance(name, str) or not name.strip():
            raise ModelError(f"model name must be a non-empty string, got {name!r}")
        if time_unit is not None:
            u = parse_unit(time_unit)
            if u.dims != parse_unit("s").dims:
                raise ModelError(f"model {name!r}: time_unit {time_unit!r} is not a unit of time")
        self.name = name
        self.time_unit = time_unit
        self.description = description
        self._species: dict = {}
        self._parameters: dict = {}
        self._reactions: list = []
        self._rate_rules: dict = {}     # species -> (expr, text)
        self._assignments: dict = {}    # name -> (expr, text), declaration = dependency order
        self._observables: dict = {}    # name -> (expr, text)
        self._events: dict = {}         # name -> TimedEvent
        self._state_events: dict = {}   # name -> StateEvent
        self._symbols: dict = {}
        self._kinds: dict = {}          # every name -> its kind, for duplicate detection
        self._digest_memo = None        # digest() is hashed once per structure (hot path)

    # ------------------------------------------------------------------ declaration
    def _claim(self, name, kind):
        self._digest_memo = None
        check_name(name, kind)
        if name in self._kinds:
            raise ModelError(f"duplicate name {name!r}: already declared as "
                             f"{_a(self._kinds[name])}")
        self._kinds[name] = kind

    def _parse(self, text, allowed, where, time=True):
        tree = parse_tree(text, where)
        for n in sorted(names_in(tree)):
            if n in allowed or (time and n in ("t", "time")):
                continue
            if n in ("t", "time"):
                raise ModelError(f"{where} must not depend on time ({n!r})")
            if n in self._kinds:
                hint = f"; {n!r} is {_a(self._kinds[n])}, which cannot be used here"
            else:
                close = difflib.get_close_matches(n, list(allowed), n=3)
                hint = (f"; did you mean {', '.join(map(repr, close))}?" if close else
                        "; declare names before the expressions that use them")
            raise ModelError(f"unknown symbol {n!r} in {where} ({text!r}){hint}")
        return to_sympy(tree, allowed, where, text)

    def _names(self, *kinds) -> dict:
        return {n: self._symbols[n] for n, k in self._kinds.items()
                if k in kinds and n in self._symbols}

    def _initial(self, name, value):
        where = f"initial value of species {name!r}"
        if isinstance(value, str):
            allowed = {n: s for n, s in self._names("species", "parameter").items() if n != name}
            expr = self._parse(value, allowed, where, time=False)
            if expr.is_Number:
                return check_number(float(expr), where, True), None
            return expr, value
        return check_number(value, where, True), None

    def species(self, name: str, value=0.0, unit: str | None = None, constant: bool = False,
                note: str = "", source: str | None = None) -> SpeciesInfo:
        """Declare a species (a state variable, in declaration order).

        Parameters
        ----------
        name : str
        value : float or str
            Initial value (>= 0), or an expression string of parameters and earlier species
            (their initial values), e.g. ``"R_total - C0"``.
        unit : str, optional
            Concentration or amount unit, e.g. ``"nM"``.
        constant : bool
            A boundary species whose value never changes.
        note, source : str
        """
        if unit is not None:
            parse_unit(unit)
        self._claim(name, "species")
        try:
            val, text = self._initial(name, value)
        except ModelError:
            del self._kinds[name]
            raise
        self._symbols[name] = make_symbol(name)
        info = SpeciesInfo(name, val, unit, bool(constant), source, note, text)
        self._species[name] = info
        return info

    def parameter(self, name: str, value, unit: str | None = None, source: str | None = None,
                  note: str = "") -> ParameterInfo:
        """Declare a parameter.

        Parameters
        ----------
        name : str
        value : float
            Finite; must not be negative when ``unit`` is a rate or measures an amount,
            volume, mass or count (dimensionless parameters and plain times may be).
        unit : str, optional
            E.g. ``"1/min"``, ``"1/(nM*min)"``, ``"nM"``.
        source : str, optional
            A citation key, ``"assumed"``, ``"fitted:<data>"`` or ``"derived:<formula>"``.
        note : str
        """
        nonneg = unit is not None and requires_nonnegative(parse_unit(unit))
        val = check_number(value, f"parameter {name!r}" + (f" ({unit})" if unit else ""), nonneg)
        self._claim(name, "parameter")
        self._symbols[name] = make_symbol(name)
        info = ParameterInfo(name, val, unit, source, note)
        self._parameters[name] = info
        return info

    def reaction(self, equation: str, rate: str, name: str | None = None,
                 note: str = "") -> Reaction:
        """Declare a reaction.

        Parameters
        ----------
        equation : str
            ``"A + B -> C"``, ``"2 A -> D"``, ``"-> A"``, ``"A ->"``; species must be
            declared. Reversible arrows are rejected (declare two reactions).
        rate : str
            The flux (species unit per time unit), e.g. ``"kon*A*B"``.
        name : str, optional
            Defaults to ``"r<k>"`` with the first free k.
        note : str
        """
        if name is None:
            k = len(self._reactions) + 1
            while f"r{k}" in self._kinds:
                k += 1
            name = f"r{k}"
        check_name(name, "reaction")
        where = f"reaction {name!r}"
        reactants, products = parse_equation(equation, where)
        for s in dict.fromkeys([*reactants, *products]):
            if s not in self._species:
                kind = self._kinds.get(s)
                raise ModelError(f"{where}: {s!r} in {equation!r} is "
                                 + (f"{_a(kind)}, not a species" if kind else
                                    "not a declared species (declare it with Model.species)"))
            if s in self._rate_rules:
                raise ModelError(f"{where}: species {s!r} has a rate rule (Model.ode); a "
                                 f"species changes either by reactions or by a rate rule")
        expr = self._parse(rate, self._names("species", "parameter", "assignment"),
                           f"rate law of reaction {name!r}")
        self._claim(name, "reaction")
        r = Reaction(name, reactants, products, expr, rate, equation, note)
        self._reactions.append(r)
        return r

    def ode(self, species: str, rhs: str) -> sp.Expr:
        """Declare a rate rule ``d species/dt = rhs`` for a species not in any reaction."""
        where = f"rate rule (ode) of {species!r}"
        if species not in self._species:
            raise ModelError(f"{where}: {species!r} is not a declared species")
        if species in self._rate_rules:
            raise ModelError(f"{where}: {species!r} already has a rate rule")
        if self._species[species].constant:
            raise ModelError(f"{where}: {species!r} is constant")
        used = [r.name for r in self._reactions if species in r.species]
        if used:
            raise ModelError(f"{where}: {species!r} also takes part in reaction(s) {used}; a "
                             f"species changes either by reactions or by a rate rule")
        expr = self._parse(rhs, self._names("species", "parameter", "assignment"), where)
        self._rate_rules[species] = (expr, rhs)
        self._digest_memo = None
        return expr

    def assignment(self, name: str, expr: str) -> sp.Expr:
        """Declare ``name = expr`` (of species, parameters, earlier assignments, time)."""
        self._claim(name, "assignment")
        try:
            e = self._parse(expr, self._names("species", "parameter", "assignment"),
                            f"assignment {name!r}")
        except ModelError:
            del self._kinds[name]
            raise
        self._symbols[name] = make_symbol(name)
        self._assignments[name] = (e, expr)
        return e

    def observable(self, name: str, expr: str) -> sp.Expr:
        """Declare an output ``name = expr`` (of species, parameters, assignments, time)."""
        e = self._parse(expr, self._names("species", "parameter", "assignment"),
                        f"observable {name!r}")
        self._claim(name, "observable")
        self._observables[name] = (e, expr)
        return e

    def event(self, name: str, at, assignments: dict, when: str | None = None,
              strict: bool = False, initial_value: bool = True) -> "TimedEvent":
        """Declare a time-triggered event carried by the model (applied by every simulation).

        The event fires once, when ``time`` reaches ``at`` (the trigger ``time >= at``, or
        ``time > at`` with ``strict``), and sets each target to its value. It is the model's
        own counterpart of the dose objects of :func:`sigsim.simulate` (SBML time-triggered
        events are imported as these).

        Parameters
        ----------
        name : str
        at : float or str
            The firing time, in the model's time unit: a number or an expression of
            parameters (evaluated for each parameter set; all sets of a batch must agree).
        assignments : dict
            ``{target: value}``: a species (its state is set) or a parameter (its value is
            set from then on); values are numbers or expressions of parameters, evaluated
            when the event fires (after earlier events).
        when : str, optional
            An extra condition of parameters (``lt``, ``eq``, ``and_``, ...) checked when
            ``time`` reaches ``at``: the event fires only if it holds then. Its parameters
            must not be set by other events.
        strict : bool
            The trigger is ``time > at`` rather than ``time >= at`` (differs only when
            ``at`` equals the start time).
        initial_value : bool
            The trigger's value before the start (SBML ``initialValue``): when true, a
            trigger already true at the start time does not fire; when false it fires then.
        """
        check_name(name, "event")
        if name in self._events:
            raise ModelError(f"duplicate event name {name!r}")
        where = f"event {name!r}"
        params = self._names("parameter")
        at_text = at if isinstance(at, str) else None
        at_expr = (self._parse(at, params, f"time of {where}", time=False) if at_text
                   else sp.Float(check_number(at, f"time of {where}", False)))
        if not isinstance(assignments, dict) or not assignments:
            raise ModelError(f"{where}: assignments must be a non-empty dict {{target: value}}")
        items = []
        for target, value in assignments.items():
            if target not in self._species and target not in self._parameters:
                kind = self._kinds.get(target)
                raise ModelError(f"{where}: target {target!r} is "
                                 + (f"{_a(kind)}, not a species or parameter" if kind else
                                    "not a declared species or parameter"))
            w = f"value of {target!r} in {where}"
            if isinstance(value, str):
                e = self._parse(value, params, w, time=False)
            else:
                e = sp.Float(check_number(value, w, False))
            items.append((target, e, value if isinstance(value, str) else None))
        cond = None
        if when is not None:
            tree = parse_tree(when, f"condition of {where}")
            for n in sorted(names_in(tree)):
                if n not in params:
                    raise ModelError(f"condition of {where} ({when!r}): {n!r} is not a "
                                     f"parameter; only parameters may appear")
            cond = to_sympy(tree, params, f"condition of {where}", when, condition=True)
        ev = TimedEvent(name, at_expr, at_text, tuple(items), cond, when, bool(strict),
                        bool(initial_value))
        self._events[name] = ev
        self._digest_memo = None
        return ev

    def state_event(self, name: str, trigger: str, assignments: dict,
                    initial_value: bool = True, persistent: bool = True,
                    priority: str | None = None,
                    use_trigger_values: bool = True) -> "StateEvent":
        """Declare an event triggered by a condition on the state (SBML event semantics).

        The event fires each time ``trigger`` changes from false to true and then sets each
        target species to its value, computed from the state just before the event. Only the
        scipy methods of :func:`sigsim.simulate` locate such events (by root finding on each
        relation of the trigger); the compiled solvers refuse models that have them.

        Parameters
        ----------
        name : str
        trigger : str
            A condition (``lt``, ``ge``, ``eq``, ``and_``, ...) of species, parameters,
            assignments and ``time``.
        assignments : dict
            ``{species: value expression}`` (species, parameters, assignments, time). To change
            a parameter-like quantity with a state event, declare it as a constant species.
        initial_value : bool
            Value of the trigger before the start (false: a trigger true at the start fires).
        persistent : bool
            False: a pending event whose trigger turns false before it executes (because an
            event of higher priority executed first) is cancelled.
        priority : str, optional
            Expression; among events firing at the same time, higher priority executes first
            (then declaration order).
        use_trigger_values : bool
            Compute the values when the trigger fires (true) or when the event executes,
            after higher-priority events of the same time point (false).
        """
        check_name(name, "event")
        if name in self._state_events or name in self._events:
            raise ModelError(f"duplicate event name {name!r}")
        where = f"event {name!r}"
        allowed = self._names("species", "parameter", "assignment")
        tree = parse_tree(trigger, f"trigger of {where}")
        for n in sorted(names_in(tree)):
            if n not in allowed and n not in ("t", "time"):
                raise ModelError(f"unknown symbol {n!r} in the trigger of {where}")
        trig = to_sympy(tree, allowed, f"trigger of {where}", trigger, condition=True)
        if not isinstance(assignments, dict) or not assignments:
            raise ModelError(f"{where}: assignments must be a non-empty dict {{target: value}}")
        items = []
        for target, value in assignments.items():
            if target not in self._species:
                raise ModelError(f"{where}: target {target!r} is not a declared species")
            text = value if isinstance(value, str) else repr(float(value))
            items.append((target, self._parse(text, allowed, f"value of {target!r} in {where}"),
                          text))
        prio = None if priority is None else self._parse(priority, allowed,
                                                         f"priority of {where}")
        ev = StateEvent(name, trig, trigger, tuple(items), bool(initial_value),
                        bool(persistent), prio, bool(use_trigger_values))
        self._state_events[name] = ev
        self._digest_memo = None
        return ev

    @property
    def state_events(self) -> list:
        """The model's state-triggered events (:class:`StateEvent`), in declaration order."""
        return list(self._state_events.values())

    @property
    def events(self) -> list:
        """The model's time-triggered events (:class:`TimedEvent`), in declaration order."""
        return list(self._events.values())

    # ------------------------------------------------------------------ values
    def _unknown(self, name, table, kind):
        close = difflib.get_close_matches(str(name), list(table), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        return ModelError(f"unknown {kind} {name!r} in model {self.name!r}{hint}")

    def set_parameter(self, name: str, value) -> None:
        """Change a parameter's default value (same checks as :meth:`parameter`)."""
        if name not in self._parameters:
            raise self._unknown(name, self._parameters, "parameter")
        info = self._parameters[name]
        nonneg = info.unit is not None and requires_nonnegative(parse_unit(info.unit))
        val = check_number(value, f"parameter {name!r}", nonneg)
        self._parameters[name] = dataclasses.replace(info, value=val)

    def set_initial(self, name: str, value) -> None:
        """Change a species' initial value (a number >= 0 or an expression string)."""
        if name not in self._species:
            raise self._unknown(name, self._species, "species")
        info = self._species[name]
        val, text = self._initial(name, value)
        self._species[name] = dataclasses.replace(info, value=val, value_text=text)
        self._digest_memo = None

    # ------------------------------------------------------------------ internal API
    @property
    def species_names(self) -> list:
        """Species names in declaration (= state) order."""
        return list(self._species)

    @property
    def parameter_names(self) -> list:
        """Parameter names in declaration order."""
        return list(self._parameters)

    def species_info(self, name: str) -> SpeciesInfo:
        """The record of species ``name``."""
        if name not in self._species:
            raise self._unknown(name, self._species, "species")
        return self._species[name]

    def parameter_info(self, name: str) -> ParameterInfo:
        """The record of parameter ``name``."""
        if name not in self._parameters:
            raise self._unknown(name, self._parameters, "parameter")
        return self._parameters[name]

    @property
    def symbols(self) -> dict:
        """Name -> sympy Symbol for every species, parameter and assignment."""
        return dict(self._symbols)

    @property
    def reactions(self) -> list:
        """The reactions, in declaration order."""
        return list(self._reactions)

    @property
    def rate_rules(self) -> dict:
        """Species name -> d(species)/dt expression, for species with a rate rule."""
        return {s: e for s, (e, _) in self._rate_rules.items()}

    @property
    def assignments(self) -> list:
        """``(name, expr)`` pairs in dependency order (each uses only earlier ones)."""
        return [(n, e) for n, (e, _) in self._assignments.items()]

    @property
    def observables(self) -> list:
        """``(name, expr)`` pairs in declaration order."""
        return [(n, e) for n, (e, _) in self._observables.items()]

    def parameter_values(self) -> np.ndarray:
        """Default parameter values in :attr:`parameter_names` order."""
        return np.array([p.value for p in self._parameters.values()], dtype=float)

    def initial_expressions(self) -> dict:
        """Species name -> sympy initial-value expression, for expression initials only."""
        return {s: i.value for s, i in self._species.items() if isinstance(i.value, sp.Expr)}

    def initial_numbers(self, expressions=None) -> np.ndarray:
        """Initial values in state order, fast: numbers as they are; a species whose initial
        value is an expression gets ``expressions`` (None: such a model is an error -- use
        :meth:`initial_values`)."""
        if expressions is None:
            return np.array([i.value for i in self._species.values()], dtype=float)
        return np.array([expressions if isinstance(i.value, sp.Expr) else i.value
                         for i in self._species.values()], dtype=float)

    def initial_values(self) -> np.ndarray:
        """Initial values in state order; expressions evaluated at the default values."""
        sym = self._symbols
        values = {sym[q]: p.value for q, p in self._parameters.items()}
        values.update({sym[s]: i.value for s, i in self._species.items()
                       if not isinstance(i.value, sp.Expr)})
        pending = self.initial_expressions()
        while pending:
            ready = [s for s, e in pending.items() if e.free_symbols <= set(values)]
            if not ready:
                raise ModelError(f"initial values of {sorted(pending)} depend on each other "
                                 f"in a cycle")
            for s in ready:
                # (an initial value that is one bare parameter becomes a plain float here)
                v = float(sp.sympify(pending.pop(s).xreplace(values)))
                values[sym[s]] = check_number(v, f"initial value of species {s!r}", True)
        return np.array([values[sym[s]] for s in self._species], dtype=float)

    def stoichiometry(self) -> np.ndarray:
        """Net stoichiometry, shape (n_species, n_reactions); constant species have zero rows."""
        idx = {s: i for i, s in enumerate(self._species)}
        S = np.zeros((len(self._species), len(self._reactions)))
        for j, r in enumerate(self._reactions):
            for s, c in r.reactants.items():
                S[idx[s], j] -= c
            for s, c in r.products.items():
                S[idx[s], j] += c
        for s, i in idx.items():
            if self._species[s].constant:
                S[i, :] = 0.0
        return S

    def rhs_expressions(self, substitute_assignments: bool = True) -> list:
        """dy_i/dt = sum_r S[i, r]*rate_r (or the rate rule), in state order.

        With ``substitute_assignments`` the assignment symbols are replaced (in dependency
        order) so that the result depends on species, parameters and time only.
        """
        S = self.stoichiometry()
        rates = [r.rate for r in self._reactions]
        out = []
        for i, s in enumerate(self._species):
            if s in self._rate_rules:
                out.append(self._rate_rules[s][0])
                continue
            terms = [_coef(S[i, j]) * rates[j] for j in range(len(rates)) if S[i, j] != 0]
            out.append(sp.Add(*terms))
        if substitute_assignments:
            full: dict = {}
            for a, (e, _) in self._assignments.items():
                full[self._symbols[a]] = e.xreplace(full)
            out = [e.xreplace(full) for e in out]
        return out

    def digest(self) -> str:
        """sha256 hex digest of the model structure (never of numeric values).

        Computed once per structure: every structural change (a declaration, a rate rule, an
        initial value turned into an expression) clears the memo.
        """
        if self._digest_memo is not None and self._digest_memo[0] == self.name:
            return self._digest_memo[1]
        parts = [_DIGEST_VERSION, self.name]
        for s, i in self._species.items():
            init = sp.srepr(i.value) if isinstance(i.value, sp.Expr) else "number"
            parts.append(f"species {s} constant={i.constant} initial={init}")
        parts.append("parameters " + " ".join(self._parameters))
        for r in self._reactions:
            parts.append(f"reaction {r.name} {sorted(r.reactants.items())} "
                         f"{sorted(r.products.items())} {sp.srepr(r.rate)}")
        for kind, table in (("rule", self._rate_rules), ("assignment", self._assignments),
                            ("observable", self._observables)):
            for n, (e, _) in table.items():
                parts.append(f"{kind} {n} {sp.srepr(e)}")
        # events (absent from the parts of models without them, so older digests stand)
        for ev in (*self._events.values(), *self._state_events.values()):
            parts.append(f"event {ev!r}")
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        self._digest_memo = (self.name, digest)
        return digest

    def validate(self, require_units: bool = False, require_sources: bool = False) -> None:
        """Check the whole model; raise :class:`~sigsim.errors.ModelError` naming the item.

        Parameters
        ----------
        require_units : bool
            Also require a unit on every species and parameter (library models).
        require_sources : bool
            Also require a ``source`` on every parameter (library models).
        """
        from ._validate import validate_model

        validate_model(self, require_units, require_sources)

    def to_sbml(self, path=None) -> str:
        """Export as SBML Level 3 Version 2 (see :func:`sigsim.sbml.write_sbml`).

        Writes ``path`` when given; returns the document as a string. Needs python-libsbml
        (``pip install 'sigsim[sbml]'``).
        """
        from ..sbml import write_sbml

        return write_sbml(self, path)

    def copy(self) -> "Model":
        """An independent deep copy."""
        return _copy.deepcopy(self)

    # ------------------------------------------------------------------ reports
    def __repr__(self) -> str:
        counts = [(len(self._species), "species", "species"),
                  (len(self._parameters), "parameter", "parameters"),
                  (len(self._reactions), "reaction", "reactions"),
                  (len(self._rate_rules), "rate rule", "rate rules"),
                  (len(self._assignments), "assignment", "assignments"),
                  (len(self._observables), "observable", "observables"),
                  (len(self._events) + len(self._state_events), "event", "events")]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts
                         if n or one in ("species", "parameter", "reaction"))
        return f"<Model {self.name!r}: {text}>"

    def parameters_table(self) -> list:
        """List of dicts (name, value, unit, source, note), one per parameter."""
        return [dict(name=p.name, value=p.value, unit=p.unit, source=p.source, note=p.note)
                for p in self._parameters.values()]

    def summary(self) -> str:
        """A readable multi-line description: species, parameters, reactions, rules."""
        return _report.summary(self)


@dataclasses.dataclass(frozen=True)
class TimedEvent:
    """A time-triggered event of a model (see :meth:`Model.event`).

    Attributes
    ----------
    name : str
    at : sympy.Expr
        Firing time, an expression of parameters.
    at_text : str or None
    assignments : tuple of (target, sympy.Expr, text or None)
    when : sympy condition or None
        Extra condition of parameters checked at the firing time.
    when_text : str or None
    strict, initial_value : bool
    """

    name: str
    at: object
    at_text: object
    assignments: tuple
    when: object = None
    when_text: object = None
    strict: bool = False
    initial_value: bool = True


@dataclasses.dataclass(frozen=True)
class StateEvent:
    """An event triggered by a condition on the state (see :meth:`Model.state_event`)."""

    name: str
    trigger: object
    trigger_text: str
    assignments: tuple
    initial_value: bool = True
    persistent: bool = True
    priority: object = None
    use_trigger_values: bool = True


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _coef(c: float) -> sp.Expr:
    return sp.Integer(int(c)) if float(c).is_integer() else sp.Float(c)
