"""A closed vocabulary of units and a small parser for products, quotients and powers.

A unit is a scale factor relative to SI-like base units together with a vector of rational
exponents over the base dimensions (amount, length, time, mass, item, cell). Volumes are
length**3 (1 L = 1e-3 m**3), so a molar concentration is amount * length**-3.

Unit text grammar (whitespace, ``*`` and ``·`` multiply; ``/`` divides, left to right;
``^`` or ``**`` raise to a signed integer or decimal power; parentheses group; positive
numbers are scale factors)::

    nM   1/min   1/(nM*min)   nM^-1 min^-1   nM/min   mg/kg   molecule/cell   dimensionless

Only names in :data:`UNIT_NAMES` are accepted: an unknown word raises
:class:`~sigsim.errors.ModelError` naming it, so that a typo never passes as a new unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..errors import ModelError

#: Names of the base dimensions, in the order of :attr:`Unit.dims`.
DIMENSIONS = ("amount", "length", "time", "mass", "item", "cell")
_N = len(DIMENSIONS)
AMOUNT, LENGTH, TIME_DIM, MASS, ITEM, CELL = range(_N)

#: Relative tolerance when comparing scale factors (they come from products of decimals).
SCALE_RTOL = 1e-9


@dataclass(frozen=True)
class Unit:
    """A unit: ``scale`` times the product of base units raised to ``dims``.

    Attributes
    ----------
    scale : float
        Factor to the base units (mol, m, s, kg, item, cell); e.g. ``nM`` has 1e-6
        (1e-9 mol / 1e-3 m**3).
    dims : tuple of Fraction
        Exponents over :data:`DIMENSIONS`.
    """

    scale: float
    dims: tuple

    def __mul__(self, other: "Unit") -> "Unit":
        return Unit(self.scale * other.scale, tuple(a + b for a, b in zip(self.dims, other.dims)))

    def __truediv__(self, other: "Unit") -> "Unit":
        return Unit(self.scale / other.scale, tuple(a - b for a, b in zip(self.dims, other.dims)))

    def __pow__(self, power) -> "Unit":
        p = Fraction(power).limit_denominator(1000)
        return Unit(self.scale ** float(p), tuple(a * p for a in self.dims))

    @property
    def dimensionless(self) -> bool:
        """True when every exponent is zero (the scale may differ from 1, e.g. percent)."""
        return all(d == 0 for d in self.dims)

    def same_dimension(self, other: "Unit") -> bool:
        """True when both units measure the same kind of quantity."""
        return self.dims == other.dims

    def equivalent(self, other: "Unit") -> bool:
        """True when both units are the same (same dimension and same scale)."""
        return self.dims == other.dims and math.isclose(self.scale, other.scale,
                                                        rel_tol=SCALE_RTOL)

    def __str__(self) -> str:
        return format_unit(self)


def _u(scale: float, **exps) -> Unit:
    dims = [Fraction(0)] * _N
    for key, val in exps.items():
        dims[DIMENSIONS.index(key)] = Fraction(val)
    return Unit(float(scale), tuple(dims))


DIMENSIONLESS = _u(1.0)
_LITRE = 1e-3  # m**3


def _molar(f):
    return _u(f / _LITRE, amount=1, length=-3)


def _litre(f):
    return _u(f * _LITRE, length=3)


#: The closed vocabulary: unit word -> Unit.  Micro is spelled ``u``, ``µ`` (micro sign) or
#: ``μ`` (Greek mu).  Lengths other than volumes are deliberately absent: ``um``/``uM`` and
#: ``mm``/``mM`` differ only by case, and cell-level models have no use for them.
UNIT_NAMES: dict = {
    "dimensionless": DIMENSIONLESS, "percent": _u(0.01), "%": _u(0.01),
    # concentrations
    "M": _molar(1.0), "mM": _molar(1e-3), "uM": _molar(1e-6), "nM": _molar(1e-9),
    "pM": _molar(1e-12), "fM": _molar(1e-15),
    # amounts
    "mol": _u(1.0, amount=1), "mmol": _u(1e-3, amount=1), "umol": _u(1e-6, amount=1),
    "nmol": _u(1e-9, amount=1), "pmol": _u(1e-12, amount=1), "fmol": _u(1e-15, amount=1),
    "molecule": _u(1.0, item=1), "molecules": _u(1.0, item=1), "#": _u(1.0, item=1),
    "item": _u(1.0, item=1), "items": _u(1.0, item=1),
    "cell": _u(1.0, cell=1), "cells": _u(1.0, cell=1),
    # volumes
    "L": _litre(1.0), "l": _litre(1.0), "dL": _litre(0.1), "mL": _litre(1e-3),
    "uL": _litre(1e-6), "nL": _litre(1e-9), "pL": _litre(1e-12), "fL": _litre(1e-15),
    # time
    "s": _u(1.0, time=1), "sec": _u(1.0, time=1), "ms": _u(1e-3, time=1),
    "min": _u(60.0, time=1), "h": _u(3600.0, time=1), "hr": _u(3600.0, time=1),
    "hour": _u(3600.0, time=1), "day": _u(86400.0, time=1), "d": _u(86400.0, time=1),
    "week": _u(604800.0, time=1),
    # mass
    "kg": _u(1.0, mass=1), "g": _u(1e-3, mass=1), "mg": _u(1e-6, mass=1),
    "ug": _u(1e-9, mass=1), "ng": _u(1e-12, mass=1), "pg": _u(1e-15, mass=1),
    # molar mass
    "Da": _u(1e-3, mass=1, amount=-1), "kDa": _u(1.0, mass=1, amount=-1),
}
for _k in [k for k in UNIT_NAMES if k.startswith("u") and k not in ("item", "items")]:
    UNIT_NAMES["µ" + _k[1:]] = UNIT_NAMES[_k]   # micro sign U+00B5
    UNIT_NAMES["μ" + _k[1:]] = UNIT_NAMES[_k]   # Greek mu U+03BC

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
                    r"|(?P<name>[A-Za-zµμ#%_]+)|(?P<op>\*\*|[*·/^()+-]))")


def tokenize_unit(text: str) -> list:
    """Split unit text into ``(kind, text)`` tokens (kind: num, name or op)."""
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ModelError(f"unit {text!r}: unexpected character {text[pos:].lstrip()[:1]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _UnitParser:
    """Recursive descent over the tokens: unit := term (('*'|'/'|juxtaposition) term)*."""

    def __init__(self, text):
        self.text, self.toks, self.i = text, tokenize_unit(text), 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def fail(self, why):
        raise ModelError(f"cannot parse unit {self.text!r}: {why}")

    def parse(self) -> Unit:
        u = self.product()
        if self.i != len(self.toks):
            self.fail(f"unexpected {self.peek()[1]!r}")
        return u

    def product(self) -> Unit:
        u = self.power()
        while True:
            kind, val = self.peek()
            if val in ("*", "·"):
                self.take()
                u = u * self.power()
            elif val == "/":
                self.take()
                u = u / self.power()
            elif kind in ("name", "num") or val == "(":
                u = u * self.power()          # juxtaposition: "nM^-1 min^-1"
            else:
                return u

    def power(self) -> Unit:
        u = self.atom()
        if self.peek()[1] in ("^", "**"):
            self.take()
            sign = 1
            while self.peek()[1] in ("+", "-"):
                sign = -sign if self.take()[1] == "-" else sign
            paren = self.peek()[1] == "("
            if paren:
                self.take()
            kind, val = self.take()
            if kind != "num":
                self.fail("an exponent must be a number")
            exp = Fraction(val)
            if paren:
                if self.peek()[1] == "/":       # "^(1/2)"
                    self.take()
                    kind2, val2 = self.take()
                    if kind2 != "num":
                        self.fail("an exponent must be a number")
                    exp = exp / Fraction(val2)
                if self.take()[1] != ")":
                    self.fail("missing ')' in exponent")
            u = u ** (sign * exp)
        return u

    def atom(self) -> Unit:
        kind, val = self.take()
        if kind == "name":
            try:
                return UNIT_NAMES[val]
            except KeyError:
                raise ModelError(f"unknown unit {val!r} in {self.text!r}; known units: "
                                 f"{', '.join(sorted(k for k in UNIT_NAMES if k.isascii()))}"
                                 ) from None
        if kind == "num":
            f = float(val)
            if not (f > 0 and math.isfinite(f)):
                self.fail(f"a numeric factor must be positive, got {val!r}")
            return _u(f)
        if val == "(":
            u = self.product()
            if self.take()[1] != ")":
                self.fail("missing ')'")
            return u
        self.fail("unexpected end" if val is None else f"unexpected {val!r}")


@lru_cache(maxsize=512)
def parse_unit(text) -> Unit:
    """Parse unit text into a :class:`Unit`.

    Parameters
    ----------
    text : str or None
        Unit text, e.g. ``"1/(nM*min)"``. ``""``, ``"1"`` and ``"dimensionless"`` are
        dimensionless.

    Returns
    -------
    Unit

    Raises
    ------
    ModelError
        For an unknown unit word or malformed text.
    """
    if not isinstance(text, str):
        raise ModelError(f"a unit must be a string, got {text!r}")
    if not text.strip():
        return DIMENSIONLESS
    return _UnitParser(text).parse()


def requires_nonnegative(unit) -> bool:
    """True when a quantity in ``unit`` cannot be negative.

    That is the case for rates (a negative time exponent) and for anything measuring an
    amount, a volume, a mass, a number of items or cells (concentrations, Km values, doses,
    inverse concentrations). Dimensionless quantities and plain times (a delay, an offset)
    may be negative.
    """
    u = parse_unit(unit) if isinstance(unit, str) else unit
    d = u.dims
    return d[TIME_DIM] < 0 or any(d[k] != 0 for k in (AMOUNT, LENGTH, MASS, ITEM, CELL))


_CONC_NAMES = ("M", "mM", "uM", "nM", "pM", "fM")
_TIME_NAMES = ("s", "min", "h", "day")


def _pow_text(name: str, e: Fraction) -> str:
    return name if e == 1 else f"{name}^{e}" if e.denominator == 1 else f"{name}^({e})"


def format_unit(u: Unit) -> str:
    """Readable text of a unit, e.g. ``"nM/min"``, ``"1/(nM*min)"``, or a canonical form.

    Concentration-times-time units are recognised exactly (scale included); anything else is
    written as ``scale*mol^a*L^b*s^c*...`` so that no information is lost.
    """
    d = u.dims
    if u.dimensionless and math.isclose(u.scale, 1.0, rel_tol=SCALE_RTOL):
        return "dimensionless"
    others_zero = all(d[k] == 0 for k in (MASS, ITEM, CELL))
    if others_zero and d[LENGTH] == -3 * d[AMOUNT]:
        a, tm = d[AMOUNT], d[TIME_DIM]
        for c in (_CONC_NAMES if a != 0 else ("M",)):
            for tn in (_TIME_NAMES if tm != 0 else ("s",)):
                cand = UNIT_NAMES[c] ** a * UNIT_NAMES[tn] ** tm
                if math.isclose(cand.scale, u.scale, rel_tol=SCALE_RTOL):
                    num = [_pow_text(n, e) for n, e in ((c, a), (tn, tm)) if e > 0]
                    den = [_pow_text(n, -e) for n, e in ((c, a), (tn, tm)) if e < 0]
                    top = "*".join(num) or "1"
                    if not den:
                        return top
                    bottom = den[0] if len(den) == 1 else f"({'*'.join(den)})"
                    return f"{top}/{bottom}"
    # canonical: amounts in mol, volumes in L, time in s, mass in g
    base = {AMOUNT: ("mol", 1.0), LENGTH: ("L", None), TIME_DIM: ("s", 1.0), MASS: ("g", 1e-3),
            ITEM: ("molecule", 1.0), CELL: ("cell", 1.0)}
    scale, num, den = u.scale, [], []
    for k in range(_N):
        if d[k] == 0:
            continue
        name, f = base[k]
        if k == LENGTH:
            e = d[k] / 3                      # volume exponent
            scale /= _LITRE ** float(e)
        else:
            e = d[k]
            scale /= f ** float(e)
        (num if e > 0 else den).append(_pow_text(name, abs(e)))
    if not num and not den:
        return f"{scale:.6g} (dimensionless)"
    text = "*".join(num) or "1"
    if den:
        text += "/" + (den[0] if len(den) == 1 else f"({'*'.join(den)})")
    return text if math.isclose(scale, 1.0, rel_tol=SCALE_RTOL) else f"{scale:.6g}*{text}"
