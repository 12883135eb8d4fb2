"""Printing sympy expressions as numba-compatible Python source.

The printer is the only place where symbolic expressions become code. It receives expression
trees built by the whitelisted parser (or by sympy operations on them), never user strings.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter


#: Integral exponents up to this size are printed as products (``x**3`` -> ``(x*x*x)``).
MAX_EXPANDED_POWER = 4


class KernelPrinter(PythonCodePrinter):
    """Print expressions for generated kernels.

    Parameters
    ----------
    names : dict
        Maps sympy symbols to the source text that replaces them (``y[3]``, ``p[0]``, ``t``,
        or a local temporary).

    Notes
    -----
    Floats are printed with :func:`repr` so that they round-trip exactly; rationals are
    printed as the float nearest to them (``1/3`` would be a float division in Python anyway,
    but printing the value makes the generated text unambiguous).
    """

    def __init__(self, names: dict, vector: bool = False):
        super().__init__({"fully_qualified_modules": True, "standard": "python3"})
        self._names = names
        self._vector = vector

    def _print_Symbol(self, expr):
        try:
            return self._names[expr]
        except KeyError:
            raise KeyError(f"code generation: no storage assigned to symbol {expr}") from None

    _print_Dummy = _print_Symbol

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Rational(self, expr):
        return repr(float(expr.p) / float(expr.q))

    def _print_Integer(self, expr):
        return repr(float(int(expr)))

    def _print_floor(self, expr):
        return f"math.floor({self._print(expr.args[0])})"

    def _print_ceil(self, expr):
        return f"math.ceil({self._print(expr.args[0])})"

    _print_ceiling = _print_ceil

    def _print_NaN(self, expr):
        return "math.nan"

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.as_base_exp()
        if exp.is_Integer or (exp.is_Float and float(exp).is_integer()
                              and abs(float(exp)) <= MAX_EXPANDED_POWER):
            # an integral exponent (2 or 2.0: SBML writes the latter) as products: a call to
            # pow would keep the compiler from vectorizing the lane functions
            n = int(exp)
            b = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"])
            if n == 0:
                return "1.0"
            if 0 < abs(n) <= MAX_EXPANDED_POWER:
                prod = b if abs(n) == 1 else "(" + "*".join([b] * abs(n)) + ")"
                return prod if n > 0 else f"(1.0/{prod})"
            # larger integer exponents keep numba on its integer-power path
            return f"{b}**{n}"
        if exp == sp.S.Half:
            return f"math.sqrt({self._print(base)})"
        if exp == -sp.S.Half:
            return f"(1.0/math.sqrt({self._print(base)}))"
        if self._vector:
            # lane functions: sigsim's vectorizable pow (sigsim.solvers._mathfn); the C
            # library's would keep the statement's loop scalar
            return f"spow({self._print(base)}, {self._print(exp)})"
        return super()._print_Pow(expr, rational=rational)

    def _print_exp(self, expr):
        if self._vector:
            return f"vexp({self._print(expr.args[0])})"
        return f"math.exp({self._print(expr.args[0])})"


def print_expr(expr: sp.Expr, names: dict, vector: bool = False) -> str:
    """Return the source text of ``expr`` with symbols replaced according to ``names``;
    ``vector``: for a lane function (powers and exponentials by sigsim's vectorizable
    ``spow``/``vexp``)."""
    return KernelPrinter(names, vector).doprint(expr)
