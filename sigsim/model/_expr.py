"""Whitelisted parsing of expression strings (rate laws, rules, observables) into sympy.

A user string is parsed with :func:`ast.parse` in ``eval`` mode and the tree is walked node by
node; only numbers, names, ``+ - * / **``, unary ``-``/``+`` and calls of the functions in
:data:`FUNCTIONS` are accepted. The string is never passed to ``eval`` or ``sympify``, so a
model file or an SBML document cannot run code through an expression.

The walk first produces a small intermediate tree (:class:`Node`) that keeps the functions as
written (``hill``, ``mm``, ...); :func:`to_sympy` turns it into a sympy expression, and the
unit checker (:mod:`sigsim.model._dims`) reads the same tree, so it sees ``hill(x, K, n)``
rather than its expansion.
"""

from __future__ import annotations

import ast
import math
from typing import Mapping, NamedTuple

import sympy as sp

from ..errors import ModelError

#: The time symbol. The names ``t`` and ``time`` are reserved and both parse to it.
TIME = sp.Symbol("t", real=True)
TIME_NAMES = ("t", "time")


def make_symbol(name: str) -> sp.Symbol:
    """The sympy symbol of a model name (all model symbols are created the same way)."""
    return sp.Symbol(name, real=True)


def _hill(x, K, n):
    return x ** n / (K ** n + x ** n)


def _mm(x, vmax, K):
    return vmax * x / (K + x)


class BadArgument(ValueError):
    """A function got an argument of the wrong kind (a condition where a number belongs)."""


def _is_bool(x) -> bool:
    # (a sympy Symbol is also a Boolean: test for the logic classes themselves)
    return isinstance(x, (sp.logic.boolalg.BooleanFunction, sp.logic.boolalg.BooleanAtom,
                          sp.core.relational.Relational))


def _cond(c):
    """A condition: a relation or logic function, or a number (non-zero means true)."""
    if _is_bool(c):
        return c
    if getattr(c, "is_Number", False):
        return sp.false if c.is_zero else sp.true     # (Float(0.0) != 0 in sympy)
    raise BadArgument(f"'{c}' is a number where a condition (lt, eq, and_, ...) is expected")


def _num(x):
    if _is_bool(x):
        raise BadArgument(f"the condition '{x}' is used where a number is expected")
    return x


def _piecewise(*args):
    """``piecewise(v1, c1, v2, c2, ..., [otherwise])``: the first value whose condition
    holds; ``otherwise`` (NaN when absent) if none does."""
    pairs = [(_num(args[i]), _cond(args[i + 1])) for i in range(0, len(args) - 1, 2)]
    other = _num(args[-1]) if len(args) % 2 else sp.nan
    return sp.Piecewise(*pairs, (other, True))


def _relation(op):
    return lambda a, b: op(_num(a), _num(b))


def _logic(op):
    return lambda *a: op(*[_cond(x) for x in a])


def _xor(*a):
    out = sp.false
    for x in a:
        x = _cond(x)
        out = sp.Or(sp.And(out, sp.Not(x)), sp.And(sp.Not(out), x))
    return out


class floor(sp.Function):
    """Largest integer <= x (a step function: its derivative is taken as 0)."""

    @classmethod
    def eval(cls, x):
        if x.is_Number:
            return sp.floor(x)

    def fdiff(self, argindex=1):
        return sp.S.Zero


class ceil(sp.Function):
    """Smallest integer >= x (a step function: its derivative is taken as 0)."""

    @classmethod
    def eval(cls, x):
        if x.is_Number:
            return sp.ceiling(x)

    def fdiff(self, argindex=1):
        return sp.S.Zero


#: name -> (minimum arity, maximum arity or None for n-ary, sympy builder)
FUNCTIONS = {
    "exp": (1, 1, sp.exp),
    "log": (1, 1, sp.log),           # natural logarithm, as in Python and SBML's ln
    "ln": (1, 1, sp.log),
    "log10": (1, 1, lambda x: sp.log(x, 10)),
    "sqrt": (1, 1, sp.sqrt),
    "abs": (1, 1, sp.Abs),
    "min": (1, None, sp.Min),
    "max": (1, None, sp.Max),
    "pow": (2, 2, lambda a, b: a ** b),
    "sin": (1, 1, sp.sin),
    "cos": (1, 1, sp.cos),
    "tanh": (1, 1, sp.tanh),
    "hill": (3, 3, _hill),           # x**n / (K**n + x**n)
    "mm": (3, 3, _mm),               # Vmax*x / (K + x)
    "tan": (1, 1, sp.tan),
    "asin": (1, 1, sp.asin),
    "acos": (1, 1, sp.acos),
    "atan": (1, 1, sp.atan),
    "sinh": (1, 1, sp.sinh),
    "cosh": (1, 1, sp.cosh),
    "asinh": (1, 1, sp.asinh),
    "acosh": (1, 1, sp.acosh),
    "atanh": (1, 1, sp.atanh),
    "gamma": (1, 1, sp.gamma),       # gamma(n + 1) = n! (SBML factorial)
    "floor": (1, 1, floor),
    "ceil": (1, 1, ceil),
    # conditionals: piecewise(v1, c1, v2, c2, ..., [otherwise]) with conditions written as
    # calls (Python's comparison and boolean operators are not accepted by the parser)
    "piecewise": (2, None, _piecewise),
    "lt": (2, 2, _relation(sp.Lt)),
    "le": (2, 2, _relation(sp.Le)),
    "gt": (2, 2, _relation(sp.Gt)),
    "ge": (2, 2, _relation(sp.Ge)),
    "eq": (2, 2, _relation(sp.Eq)),
    "neq": (2, 2, _relation(sp.Ne)),
    "and_": (1, None, _logic(sp.And)),
    "or_": (1, None, _logic(sp.Or)),
    "not_": (1, 1, _logic(sp.Not)),
    "xor_": (1, None, _xor),
}

#: Functions whose result is a condition (true/false), not a number.
CONDITIONS = ("lt", "le", "gt", "ge", "eq", "neq", "and_", "or_", "not_", "xor_")

_BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}
_OP_TEXT = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
            ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&"}
_CONSTRUCTS = {
    ast.Attribute: "attribute access", ast.Subscript: "subscript", ast.Lambda: "lambda",
    ast.Compare: "comparison", ast.BoolOp: "boolean operator ('and'/'or')",
    ast.IfExp: "conditional expression", ast.List: "list", ast.Tuple: "tuple",
    ast.Dict: "dict", ast.Set: "set", ast.ListComp: "comprehension",
    ast.SetComp: "comprehension", ast.DictComp: "comprehension",
    ast.GeneratorExp: "generator expression", ast.JoinedStr: "f-string",
    ast.NamedExpr: "assignment expression ':='", ast.Starred: "starred argument",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slice",
}


class Node(NamedTuple):
    """A node of the validated expression tree.

    ``kind`` is ``"num"`` (``value`` int or float), ``"name"`` (``value`` the name),
    ``"add" "sub" "mul" "div" "pow"`` (two ``args``), ``"neg" "pos"`` (one ``arg``) or
    ``"call"`` (``value`` the function name).
    """

    kind: str
    value: object = None
    args: tuple = ()


def _fail(where: str, text: str, why: str):
    raise ModelError(f"{where}: {why} in {text!r}")


def parse_tree(text: str, where: str = "expression") -> Node:
    """Parse ``text`` into a validated :class:`Node` tree (names are not resolved here).

    Parameters
    ----------
    text : str
        The expression, in Python syntax restricted to the whitelist.
    where : str
        Context for error messages, e.g. ``"rate law of reaction 'r1'"``.

    Raises
    ------
    ModelError
        For a syntax error or any construct outside the whitelist.
    """
    if not isinstance(text, str):
        raise ModelError(f"{where}: expected an expression string, got {type(text).__name__} "
                         f"{text!r}")
    if not text.strip():
        raise ModelError(f"{where}: the expression is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _walk(tree.body, text, where)
    except SyntaxError as exc:
        raise ModelError(f"{where}: cannot parse {text!r} ({exc.msg})") from None
    except RecursionError:
        raise ModelError(f"{where}: expression nested too deeply") from None


def _walk(node, text, where) -> Node:  # noqa: C901 - one branch per accepted construct
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            kind = "string" if isinstance(v, (str, bytes)) else type(v).__name__
            _fail(where, text, f"{kind} constant {v!r} is not allowed")
        if not math.isfinite(v):
            _fail(where, text, f"number {v!r} is not finite")
        return Node("num", v)
    if isinstance(node, ast.Name):
        return Node("name", node.id)
    if isinstance(node, ast.BinOp):
        op = type(node.op)
        if op is ast.BitXor:
            _fail(where, text, "'^' is not a power operator; write '**' (e.g. x**2)")
        if op not in _BINOPS:
            _fail(where, text, f"operator {_OP_TEXT.get(op, op.__name__)!r} is not supported")
        return Node(_BINOPS[op], None, (_walk(node.left, text, where),
                                        _walk(node.right, text, where)))
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return Node("neg", None, (_walk(node.operand, text, where),))
        if isinstance(node.op, ast.UAdd):
            return Node("pos", None, (_walk(node.operand, text, where),))
        _fail(where, text, f"unary operator {type(node.op).__name__!r} is not supported")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            _fail(where, text, "only calls of the functions "
                  f"{', '.join(FUNCTIONS)} are allowed (found a call of a non-name)")
        fname = node.func.id
        if fname not in FUNCTIONS:
            _fail(where, text, f"unknown function {fname!r} (allowed: {', '.join(FUNCTIONS)})")
        if node.keywords:
            _fail(where, text, f"keyword arguments are not allowed in {fname}()")
        lo, hi, _ = FUNCTIONS[fname]
        n = len(node.args)
        if n < lo or (hi is not None and n > hi):
            want = f"{lo}" if lo == hi else f"at least {lo}"
            _fail(where, text, f"{fname}() takes {want} argument(s), got {n}")
        return Node("call", fname, tuple(_walk(a, text, where) for a in node.args))
    what = _CONSTRUCTS.get(type(node), type(node).__name__)
    _fail(where, text, f"{what} is not allowed")


def _numeric_pow(base: sp.Expr, exp: sp.Expr, where: str) -> sp.Expr:
    # sympy would evaluate Integer**Integer exactly: 10**10**10 would never finish.
    try:
        value = float(base) ** float(exp)
    except (OverflowError, ZeroDivisionError):
        raise ModelError(f"{where}: ({base})**({exp}) cannot be evaluated") from None
    if isinstance(value, complex) or not math.isfinite(value):
        raise ModelError(f"{where}: ({base})**({exp}) is not a finite real number")
    if base.is_Integer and exp.is_Integer and int(exp) >= 0 and abs(value) < 2 ** 53:
        return sp.Integer(int(base) ** int(exp))
    return sp.Float(value)


def to_sympy(tree: Node, allowed_names: Mapping[str, sp.Expr], where: str = "expression",
             text: str | None = None, condition: bool = False) -> sp.Expr:
    """Turn a validated tree into a sympy expression, resolving names via ``allowed_names``.

    ``t`` and ``time`` resolve to :data:`TIME` unless ``allowed_names`` maps them itself
    (which a :class:`~sigsim.model.Model` never does). The result must be a number-valued
    expression, or with ``condition=True`` a condition (a relation or logic function, or a
    number meaning true when non-zero).
    """
    def rec(node):
        k = node.kind
        if k == "num":
            return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)
        if k == "name":
            if node.value in allowed_names:
                return allowed_names[node.value]
            if node.value in TIME_NAMES:
                return TIME
            raise ModelError(f"unknown symbol {node.value!r} in {where}"
                             + (f" ({text!r})" if text else ""))
        args = [rec(a) for a in node.args]
        if k != "call":
            args = [_num(a) for a in args]
        if k == "add":
            return args[0] + args[1]
        if k == "sub":
            return args[0] - args[1]
        if k == "mul":
            return args[0] * args[1]
        if k == "div":
            if args[1] == 0:
                raise ModelError(f"{where}: division by zero" + (f" in {text!r}" if text else ""))
            return args[0] / args[1]
        if k == "pow":
            if args[0].is_Number and args[1].is_Number:
                return _numeric_pow(args[0], args[1], where)
            return args[0] ** args[1]
        if k == "neg":
            return -args[0]
        if k == "pos":
            return args[0]
        if node.value == "pow" and args[0].is_Number and args[1].is_Number:
            return _numeric_pow(args[0], args[1], where)
        if node.value not in ("piecewise",) + CONDITIONS:
            args = [_num(a) for a in args]
        return FUNCTIONS[node.value][2](*args)

    suffix = f" in {text!r}" if text else ""
    try:
        out = rec(tree)
        return _cond(out) if condition else _num(out)
    except RecursionError:
        raise ModelError(f"{where}: expression nested too deeply") from None
    except BadArgument as exc:
        raise ModelError(f"{where}: {exc}{suffix}") from None
    except TypeError as exc:  # sympy refuses arithmetic on a condition
        raise ModelError(f"{where}: a condition is used as a number{suffix} ({exc})") from None


def parse_expression(text: str, allowed_names: Mapping[str, sp.Expr],
                     where: str = "expression") -> sp.Expr:
    """Parse an expression string into a sympy expression through a whitelisted AST walk.

    Parameters
    ----------
    text : str
        Python-syntax expression, e.g. ``"kon*L*R - koff*C"`` or ``"hill(S, K, 2)"``.
    allowed_names : mapping of str to sympy.Symbol
        The names the expression may use. ``t`` and ``time`` always mean :data:`TIME`.
    where : str, optional
        Context used in error messages, e.g. ``"rate law of reaction 'r1'"``.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ModelError
        For a syntax error, a construct outside the whitelist, an unknown function or an
        unknown symbol; the message names it and ``where``.

    Examples
    --------
    >>> k, A = sp.Symbol("k", real=True), sp.Symbol("A", real=True)
    >>> parse_expression("k*A**2", {"k": k, "A": A})
    A**2*k
    """
    return to_sympy(parse_tree(text, where), allowed_names, where, text)


def names_in(tree: Node) -> set:
    """All names used as values in ``tree`` (function names excluded)."""
    if tree.kind == "name":
        return {tree.value}
    out = set()
    for a in tree.args:
        out |= names_in(a)
    return out
