"""Dimensional analysis of expression trees (:class:`~sigsim.model._expr.Node`).

Rules
-----
- Sums, differences, ``min`` and ``max`` need operands in the same unit, scale included
  (``nM + uM`` is an error: the stored numbers would be added as if they were alike).
- Products and quotients multiply units; a power needs a numeric exponent, unless its base is
  dimensionless (then any dimensionless exponent is fine).
- ``exp log ln log10 sin cos tanh`` need a dimensionless argument of scale 1; ``sqrt`` halves
  the exponents; ``abs`` keeps the unit.
- ``hill(x, K, n)``: ``x`` and ``K`` in the same unit, ``n`` dimensionless; the result is
  dimensionless. ``mm(x, Vmax, K)``: ``x`` and ``K`` in the same unit; the result has the
  unit of ``Vmax``.
- A literal number (or an expression of literal numbers only) is a wildcard: in a sum it
  takes the unit of the other terms (``A + 1`` is in the unit of ``A``), in a product it is
  dimensionless. This is pragmatic rather than strict (COPASI treats numbers as
  dimensionless); it keeps ``1 + S/Ki`` and ``A - 0.5`` usable without unit annotations.
- A name whose unit is not declared makes every result it flows into unknown, and checks that
  need an unknown unit are skipped: units are optional for quick models, and checked wherever
  all the units involved are declared.
"""

from __future__ import annotations

import math
from typing import Mapping, NamedTuple

from ..errors import ModelError
from ._expr import Node
from ._units import DIMENSIONLESS, SCALE_RTOL, Unit, format_unit

_TRANSCENDENTAL = ("exp", "log", "ln", "log10", "sin", "cos", "tanh", "tan", "asin", "acos",
                   "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "gamma")
_SYMBOL = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
_PREC = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pos": 3, "pow": 4}


class _Q(NamedTuple):
    unit: Unit | None      # None: unknown
    number: bool = False   # a pure numeric constant (a wildcard in sums)
    value: float | None = None


def node_text(node: Node, parent: int = 0) -> str:
    """Source-like text of a tree, for error messages."""
    k = node.kind
    if k == "num":
        return repr(node.value)
    if k == "name":
        return node.value
    if k == "call":
        return f"{node.value}({', '.join(node_text(a) for a in node.args)})"
    prec = _PREC[k]
    if k in ("neg", "pos"):
        text = ("-" if k == "neg" else "+") + node_text(node.args[0], prec)
    else:
        text = (f"{node_text(node.args[0], prec)}{_SYMBOL[k]}"
                f"{node_text(node.args[1], prec + (k in ('sub', 'div')))}")
    return f"({text})" if prec < parent else text


def _terms(node: Node) -> list:
    if node.kind in ("add", "sub"):
        return _terms(node.args[0]) + _terms(node.args[1])
    return [node]


def _dimensionless_one(u: Unit) -> bool:
    return u.dimensionless and math.isclose(u.scale, 1.0, rel_tol=SCALE_RTOL)


def expression_unit(tree: Node, unit_of: Mapping[str, Unit | None],
                    where: str = "expression") -> Unit | None:
    """Infer the unit of an expression tree and check its internal consistency.

    Parameters
    ----------
    tree : Node
        From :func:`sigsim.model._expr.parse_tree`.
    unit_of : mapping of str to Unit or None
        Unit of every name (None when undeclared). Include ``"t"``/``"time"`` for time.
    where : str
        Context for error messages.

    Returns
    -------
    Unit or None
        The unit, or None when it depends on an undeclared unit. A pure number gives
        :data:`~sigsim.model._units.DIMENSIONLESS`.

    Raises
    ------
    ModelError
        On inconsistent units (the message names both sides).
    """
    def err(why):
        raise ModelError(f"{where}: {why}")

    def same(nodes, qs, what):
        known = [(n, q) for n, q in zip(nodes, qs) if q.unit is not None and not q.number]
        for n, q in known[1:]:
            n0, q0 = known[0]
            if not q.unit.equivalent(q0.unit):
                how = ("differ by a factor of "
                       f"{q.unit.scale / q0.unit.scale:.6g}; convert one of them"
                       if q.unit.same_dimension(q0.unit) else "have different dimensions")
                err(f"{what} '{node_text(n0)}' ({format_unit(q0.unit)}) and "
                    f"'{node_text(n)}' ({format_unit(q.unit)}) {how}")
        if any(q.unit is None for q in qs):
            return _Q(None)
        if not known:
            return _Q(DIMENSIONLESS, True)
        return _Q(known[0][1].unit)

    def dimensionless_arg(node, q, label):
        if q.unit is not None and not q.number and not _dimensionless_one(q.unit):
            err(f"{label} must be dimensionless; "
                f"'{node_text(node)}' is in {format_unit(q.unit)}")

    def power(base_n, exp_n, qb, qe):
        if qe.unit is not None and not qe.number and not _dimensionless_one(qe.unit):
            err(f"the exponent '{node_text(exp_n)}' must be dimensionless, "
                f"not {format_unit(qe.unit)}")
        if qb.number and qe.number:
            return _Q(DIMENSIONLESS, True)
        if qe.number and qe.value is not None:
            return _Q(None if qb.unit is None else qb.unit ** qe.value)
        if qb.unit is not None and not qb.number and not _dimensionless_one(qb.unit):
            err(f"'{node_text(base_n)}' ({format_unit(qb.unit)}) is raised to the non-numeric "
                f"power '{node_text(exp_n)}'; only a dimensionless base may be")
        return _Q(None if qe.unit is None or qb.unit is None else DIMENSIONLESS)

    def rec(node) -> _Q:
        k = node.kind
        if k == "num":
            return _Q(DIMENSIONLESS, True, float(node.value))
        if k == "name":
            return _Q(unit_of.get(node.value))
        if k in ("add", "sub"):
            # flatten a chain a + b - c so that an unknown term does not hide a mismatch
            terms = _terms(node)
            return same(terms, [rec(a) for a in terms], "terms")
        qs = [rec(a) for a in node.args]
        if k in ("neg", "pos"):
            v = qs[0].value
            return qs[0]._replace(value=None if v is None else (-v if k == "neg" else v))
        if k in ("mul", "div"):
            a, b = qs
            if a.number and b.number:
                return _Q(DIMENSIONLESS, True)
            if a.unit is None or b.unit is None:
                return _Q(None)
            return _Q(a.unit * b.unit if k == "mul" else a.unit / b.unit)
        if k == "pow":
            return power(node.args[0], node.args[1], *qs)
        fname = node.value
        if fname in ("min", "max"):
            return same(node.args, qs, f"arguments of {fname}()")
        if fname == "abs":
            return qs[0]._replace(value=None)
        if fname == "pow":
            return power(node.args[0], node.args[1], *qs)
        if fname == "sqrt":
            q = qs[0]
            return _Q(DIMENSIONLESS, True) if q.number else _Q(None if q.unit is None
                                                               else q.unit ** 0.5)
        if fname in _TRANSCENDENTAL:
            dimensionless_arg(node.args[0], qs[0], f"the argument of {fname}()")
            return _Q(DIMENSIONLESS, qs[0].number)
        if fname in ("floor", "ceil"):
            return qs[0]._replace(value=None)
        if fname == "piecewise":
            values = [i for i in range(0, len(qs) - 1, 2)] + ([len(qs) - 1] if len(qs) % 2
                                                              else [])
            return same([node.args[i] for i in values], [qs[i] for i in values],
                        "values of piecewise()")
        if fname in ("lt", "le", "gt", "ge", "eq", "neq"):
            same(node.args, qs, f"arguments of {fname}()")
            return _Q(DIMENSIONLESS)
        if fname in ("and_", "or_", "not_", "xor_"):
            return _Q(DIMENSIONLESS)
        if fname == "hill":
            x, K, n = node.args
            same((x, K), qs[:2], "hill() arguments x and K:")
            dimensionless_arg(n, qs[2], "the Hill coefficient n of hill()")
            return _Q(DIMENSIONLESS)
        if fname == "mm":
            x, _, K = node.args
            same((x, K), (qs[0], qs[2]), "mm() arguments x and K:")
            return qs[1]._replace(value=None)
        raise AssertionError(f"unhandled function {fname}")  # parse_tree guarantees the table

    return rec(tree).unit
