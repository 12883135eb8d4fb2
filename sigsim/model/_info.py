"""Records of model components, name rules and the reaction-equation parser."""

from __future__ import annotations

import keyword
import math
import numbers
import re
from dataclasses import dataclass, field

import sympy as sp

from ..errors import ModelError
from ._expr import FUNCTIONS, TIME_NAMES


@dataclass(frozen=True)
class SpeciesInfo:
    """A species (a state variable).

    Attributes
    ----------
    name : str
    value : float or sympy.Expr
        Initial value, or an expression of parameters and other species' initial values.
    unit : str or None
    constant : bool
        A boundary species: its value never changes (zero stoichiometry row).
    source, note : str or None, str
    value_text : str or None
        The expression text when ``value`` is an expression.
    """

    name: str
    value: object
    unit: str | None = None
    constant: bool = False
    source: str | None = None
    note: str = ""
    value_text: str | None = None


@dataclass(frozen=True)
class ParameterInfo:
    """A parameter with its value, unit and provenance (``source``: a citation key,
    ``"assumed"``, ``"fitted:<data>"`` or ``"derived:<formula>"``)."""

    name: str
    value: float
    unit: str | None = None
    source: str | None = None
    note: str = ""


@dataclass(frozen=True, eq=True)
class Reaction:
    """A reaction: a flux ``rate`` times net stoichiometry (``products - reactants``).

    Attributes
    ----------
    name : str
    reactants, products : dict of str to int or float
        Stoichiometric coefficients as written (a species on both sides appears in both).
    rate : sympy.Expr
        The flux, in species, parameter and assignment symbols and ``TIME``.
    rate_text : str
        The rate law as written.
    equation : str
        The equation as written.
    note : str
    """

    name: str
    reactants: dict = field(hash=False)
    products: dict = field(hash=False)
    rate: sp.Expr = field(hash=False)
    rate_text: str = ""
    equation: str = ""
    note: str = ""

    @property
    def species(self) -> list:
        """Species taking part, reactants first, without repetition."""
        return list(dict.fromkeys([*self.reactants, *self.products]))


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def check_name(name, kind: str) -> str:
    """Raise ModelError unless ``name`` is a usable, unreserved identifier."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ModelError(f"{kind} name {name!r} is not a valid name (letters, digits and '_', "
                         f"not starting with a digit)")
    if name in TIME_NAMES:
        raise ModelError(f"{kind} name {name!r} is reserved for time")
    if keyword.iskeyword(name):
        raise ModelError(f"{kind} name {name!r} is a Python keyword")
    if name in FUNCTIONS:
        raise ModelError(f"{kind} name {name!r} is reserved (a function of rate laws)")
    return name


def check_number(value, what: str, nonnegative: bool) -> float:
    """Return ``value`` as a finite float, or raise ModelError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ModelError(f"{what} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ModelError(f"{what} must be finite, got {value!r}")
    if nonnegative and v < 0:
        raise ModelError(f"{what} must not be negative, got {value!r}")
    return v


_TERM = re.compile(r"(?:(\d+(?:\.\d*)?|\.\d+)\s*\*?\s*)?([A-Za-z_][A-Za-z0-9_]*)\Z")


def parse_equation(text, where: str) -> tuple:
    """Parse ``"A + 2 B -> C"`` into ``(reactants, products)`` coefficient dicts.

    Accepted: ``"A + B -> C"``, ``"2 A -> D"``, ``"2A -> D"``, ``"2*A -> D"``, ``"-> A"``,
    ``"A ->"``; a species repeated on one side adds up (``"A + A -> B"`` gives 2).
    Reversible arrows are rejected: write two reactions, each with its own rate law.
    """
    if not isinstance(text, str):
        raise ModelError(f"{where}: the equation must be a string, got {text!r}")
    for arrow in ("<->", "<=>", "<-"):
        if arrow in text:
            raise ModelError(f"{where}: reversible reactions ({arrow!r}) are not supported in "
                             f"{text!r}; write two reactions, forward and backward, each with "
                             f"its own rate law")
    if text.count("->") != 1:
        raise ModelError(f"{where}: cannot parse {text!r}: expected exactly one '->'")
    lhs, rhs = text.split("->")
    if not lhs.strip() and not rhs.strip():
        raise ModelError(f"{where}: cannot parse {text!r}: the reaction has no species")
    return _side(lhs, text, where), _side(rhs, text, where)


def _side(side: str, text: str, where: str) -> dict:
    out: dict = {}
    if not side.strip():
        return out
    for term in side.split("+"):
        m = _TERM.match(term.strip())
        if m is None:
            raise ModelError(f"{where}: cannot parse {text!r}: {term.strip()!r} is not a "
                             f"species term (write e.g. 'A' or '2 A')")
        coef = float(m.group(1)) if m.group(1) else 1.0
        if coef <= 0:
            raise ModelError(f"{where}: cannot parse {text!r}: coefficient of "
                             f"{m.group(2)!r} must be positive")
        coef = int(coef) if coef.is_integer() else coef
        out[m.group(2)] = out.get(m.group(2), 0) + coef
    return out
