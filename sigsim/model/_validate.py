"""Whole-model checks behind :meth:`sigsim.model.Model.validate`, unit checks included.

Unit policy
-----------
- A reaction's flux must be in (species unit)/(model time unit), scale included: a rate
  constant in 1/h inside a model whose ``time_unit`` is ``"min"`` is an error that says to
  convert. All species of one reaction must share a unit.
- A rate rule for X must be in (unit of X)/(time unit). An expression initial value must be
  in the species' unit. Assignments and observables must be internally consistent; an
  assignment's inferred unit is used wherever it appears.
- With ``time_unit=None`` fluxes and rules are checked by dimension (something per time), and
  all of them must imply the same unit of time.
- A check is skipped where any unit it needs is not declared.
"""

from __future__ import annotations

import math

import sympy as sp

from ..errors import ModelError
from ._dims import expression_unit
from ._expr import TIME, TIME_NAMES, names_in, parse_tree
from ._info import check_name, check_number
from ._units import (SCALE_RTOL, TIME_DIM, UNIT_NAMES, format_unit, parse_unit,
                     requires_nonnegative, tokenize_unit)

_TIME_DIMS = UNIT_NAMES["s"].dims


def _unit(text):
    return None if text is None else parse_unit(text)


def validate_model(m, require_units: bool = False, require_sources: bool = False) -> None:
    """Raise ModelError for the first problem found in model ``m``."""
    _check_records(m, require_units, require_sources)
    _check_references(m)
    m.initial_values()      # expression initials: cycles, negative or non-finite results
    _check_units(m)


def _check_records(m, require_units, require_sources):
    if not m._species:
        raise ModelError(f"model {m.name!r} has no species")
    for s, i in m._species.items():
        check_name(s, "species")
        if not isinstance(i.value, sp.Expr):
            check_number(i.value, f"initial value of species {s!r}", True)
        if require_units and not i.unit:
            raise ModelError(f"species {s!r} has no unit")
    for q, p in m._parameters.items():
        check_name(q, "parameter")
        nonneg = p.unit is not None and requires_nonnegative(parse_unit(p.unit))
        check_number(p.value, f"parameter {q!r}" + (f" ({p.unit})" if p.unit else ""), nonneg)
        if require_units and not p.unit:
            raise ModelError(f"parameter {q!r} has no unit")
        if require_sources and not p.source:
            raise ModelError(f"parameter {q!r} has no source (a citation key, 'assumed', "
                             f"'fitted:<data>' or 'derived:<formula>')")
    for s in m._rate_rules:
        if s not in m._species:
            raise ModelError(f"rate rule for {s!r}: not a declared species")
        if m._species[s].constant:
            raise ModelError(f"rate rule for {s!r}: the species is constant")
    for r in m._reactions:
        for s in r.species:
            if s not in m._species:
                raise ModelError(f"reaction {r.name!r}: {s!r} is not a declared species")
            if s in m._rate_rules:
                raise ModelError(f"reaction {r.name!r}: species {s!r} also has a rate rule")


def _check_references(m):
    sym = m._symbols
    base = {sym[n] for n in (*m._species, *m._parameters)} | {TIME}
    seen = set(base)
    for a, (e, _) in m._assignments.items():
        bad = e.free_symbols - seen
        if bad:
            raise ModelError(f"assignment {a!r} uses {sorted(map(str, bad))}, which are not "
                             f"species, parameters or earlier assignments")
        seen.add(sym[a])
    items = [(f"rate law of reaction {r.name!r}", r.rate) for r in m._reactions]
    items += [(f"rate rule of {s!r}", e) for s, (e, _) in m._rate_rules.items()]
    items += [(f"observable {o!r}", e) for o, (e, _) in m._observables.items()]
    for where, e in items:
        bad = e.free_symbols - seen
        if bad:
            raise ModelError(f"unknown symbol(s) {sorted(map(str, bad))} in {where}")
    init_ok = {sym[n] for n in (*m._species, *m._parameters)}
    for s, e in m.initial_expressions().items():
        bad = e.free_symbols - init_ok
        if bad:
            raise ModelError(f"initial value of species {s!r} uses {sorted(map(str, bad))}; "
                             f"only parameters and species may appear")


def _check_units(m):
    T = _unit(m.time_unit)
    unit_of = {n: _unit(i.unit) for n, i in (*m._species.items(), *m._parameters.items())}
    for tn in TIME_NAMES:
        unit_of[tn] = T
    for a, (_, text) in m._assignments.items():
        unit_of[a] = expression_unit(parse_tree(text), unit_of, f"assignment {a!r}")
    for o, (_, text) in m._observables.items():
        expression_unit(parse_tree(text), unit_of, f"observable {o!r}")
    for s, i in m._species.items():
        if i.value_text is not None and unit_of[s] is not None:
            u = expression_unit(parse_tree(i.value_text), unit_of,
                                f"initial value of species {s!r}")
            if u is not None and not u.equivalent(unit_of[s]):
                raise ModelError(f"initial value of species {s!r} ({i.value_text!r}) is in "
                                 f"{format_unit(u)} but the species is in {i.unit}")

    implied = []   # (where, time scale) when the model's time unit is not declared
    for r in m._reactions:
        where = f"reaction {r.name!r}"
        units = {s: unit_of[s] for s in r.species}
        known = {s: u for s, u in units.items() if u is not None}
        first = next(iter(known), None)
        for s, u in known.items():
            if not u.equivalent(known[first]):
                raise ModelError(f"{where}: species {first!r} ({m._species[first].unit}) and "
                                 f"{s!r} ({m._species[s].unit}) are in different units; all "
                                 f"species of a reaction must share one unit")
        rate_u = expression_unit(parse_tree(r.rate_text), unit_of,
                                 f"rate law of reaction {r.name!r}")
        if first is None or len(known) < len(units) or rate_u is None:
            continue
        _check_flux(m, f"{where}: the rate law {r.rate_text!r}", rate_u, known[first],
                    m._species[first].unit, T, implied, r.rate_text, unit_of)
    for s, (_, text) in m._rate_rules.items():
        rate_u = expression_unit(parse_tree(text), unit_of, f"rate rule of {s!r}")
        if rate_u is None or unit_of[s] is None:
            continue
        _check_flux(m, f"rate rule of {s!r}: {text!r}", rate_u, unit_of[s],
                    m._species[s].unit, T, implied, text, unit_of)
    if implied:
        w0, t0 = implied[0]
        for w, t in implied[1:]:
            if not math.isclose(t, t0, rel_tol=SCALE_RTOL):
                raise ModelError(f"model {m.name!r} declares no time_unit, and {w0} and {w} "
                                 f"imply different units of time (ratio {t / t0:.6g}); "
                                 f"convert the rate constants and set time_unit")


def _check_flux(m, what, rate_u, species_u, species_text, T, implied, text, unit_of):
    if T is not None:
        expected = species_u / T
        if rate_u.equivalent(expected):
            return
        if rate_u.same_dimension(expected):
            culprits = _foreign_time_params(m, text, T)
            hint = (f"; convert {', '.join(culprits)} to the model's time unit "
                    f"{m.time_unit!r}" if culprits else "; convert the parameters to the "
                    "model's units")
            raise ModelError(f"{what} is in {format_unit(rate_u)} but must be in "
                             f"{format_unit(expected)} ({species_text} per {m.time_unit}); the "
                             f"scales differ by a factor of {rate_u.scale / expected.scale:.6g}"
                             f"{hint}")
        raise ModelError(f"{what} is in {format_unit(rate_u)} but must be in "
                         f"{format_unit(expected)} ({species_text} per {m.time_unit}); check "
                         f"the units of its parameters")
    per = species_u / rate_u
    if per.dims != _TIME_DIMS:
        raise ModelError(f"{what} is in {format_unit(rate_u)} but must be in "
                         f"{species_text} per unit of time")
    implied.append((what.split(":")[0], per.scale))


def _foreign_time_params(m, text, T) -> list:
    """Parameters of ``text`` whose unit has a time factor of another scale than ``T``."""
    out = []
    for n in sorted(names_in(parse_tree(text))):
        p = m._parameters.get(n)
        if p is None or not p.unit:
            continue
        for kind, word in tokenize_unit(p.unit):
            u = UNIT_NAMES.get(word) if kind == "name" else None
            if u is not None and u.dims[TIME_DIM] != 0 and not u.equivalent(T):
                out.append(f"{n!r} ({p.unit})")
                break
    return out

