"""MathML (libsbml ASTs) to sigsim expression text.

The text uses only what :mod:`sigsim.model._expr` accepts (numbers, names, ``+ - * / **`` and
the whitelisted functions, with conditions written as calls: ``piecewise``, ``lt``,
``and_``, ...), so SBML math becomes code only through the whitelisted expression tree.
Names are translated through a map (SBML id -> text), which also renames ids that clash
with sigsim's reserved names and turns a species id into its concentration or amount.
Function definitions are inlined. Anything else is refused with a
:class:`~sigsim.errors.ModelError` naming the construct and where it occurs.
"""

from __future__ import annotations

import math

from ..errors import ModelError

#: libsbml's value of Avogadro's number (the SBML L3 csymbol).
AVOGADRO = 6.02214179e23


def _num(v: float, where: str) -> str:
    if math.isnan(v):
        raise ModelError(f"{where}: NaN ('notanumber') in the math is not supported")
    if math.isinf(v):
        raise ModelError(f"{where}: infinity in the math is not supported")
    text = repr(float(v))
    return f"({text})" if v < 0 else text


class MathConverter:
    """Convert libsbml ASTs to expression text.

    Parameters
    ----------
    libsbml : module
    names : dict
        SBML id -> replacement text (already parenthesized where needed).
    functions : dict
        Function definition id -> (argument ids, body AST).
    time_text : str
        Text of the time csymbol (``"0.0"`` for initial values).
    exact_integers : bool
        Write MathML integers as integers (``2``, exact in sympy) rather than as floats
        (``2.0``). The importer sets it for documents that sigsim exported, whose integers
        are the model's own, so that the imported expressions equal the original ones.
    """

    def __init__(self, libsbml, names: dict, functions: dict, time_text: str = "time",
                 exact_integers: bool = False):
        self.time_text = time_text
        self.exact_integers = exact_integers
        self.L = libsbml
        self.names = names
        self.functions = functions
        L = libsbml
        self._unary = {
            L.AST_FUNCTION_ABS: "abs", L.AST_FUNCTION_EXP: "exp", L.AST_FUNCTION_LN: "ln",
            L.AST_FUNCTION_FLOOR: "floor", L.AST_FUNCTION_CEILING: "ceil",
            L.AST_FUNCTION_SIN: "sin", L.AST_FUNCTION_COS: "cos", L.AST_FUNCTION_TAN: "tan",
            L.AST_FUNCTION_ARCSIN: "asin", L.AST_FUNCTION_ARCCOS: "acos",
            L.AST_FUNCTION_ARCTAN: "atan", L.AST_FUNCTION_SINH: "sinh",
            L.AST_FUNCTION_COSH: "cosh", L.AST_FUNCTION_TANH: "tanh",
            L.AST_FUNCTION_ARCSINH: "asinh", L.AST_FUNCTION_ARCCOSH: "acosh",
            L.AST_FUNCTION_ARCTANH: "atanh",
        }
        # reciprocal trigonometric functions: 1/f(x) and f(1/x)
        self._recip = {L.AST_FUNCTION_SEC: "cos", L.AST_FUNCTION_CSC: "sin",
                       L.AST_FUNCTION_COT: "tan", L.AST_FUNCTION_SECH: "cosh",
                       L.AST_FUNCTION_CSCH: "sinh", L.AST_FUNCTION_COTH: "tanh"}
        self._arc_recip = {L.AST_FUNCTION_ARCSEC: "acos", L.AST_FUNCTION_ARCCSC: "asin",
                           L.AST_FUNCTION_ARCCOT: "atan", L.AST_FUNCTION_ARCSECH: "acosh",
                           L.AST_FUNCTION_ARCCSCH: "asinh", L.AST_FUNCTION_ARCCOTH: "atanh"}
        self._rel = {L.AST_RELATIONAL_LT: "lt", L.AST_RELATIONAL_LEQ: "le",
                     L.AST_RELATIONAL_GT: "gt", L.AST_RELATIONAL_GEQ: "ge",
                     L.AST_RELATIONAL_EQ: "eq", L.AST_RELATIONAL_NEQ: "neq"}
        self._logic = {L.AST_LOGICAL_AND: ("and_", "1"), L.AST_LOGICAL_OR: ("or_", "0"),
                       L.AST_LOGICAL_XOR: ("xor_", "0")}

    def convert(self, ast, where: str, names: dict | None = None,
                condition: bool = False) -> str:
        """Expression text of ``ast`` (a condition with ``condition=True``); ``where`` names
        the element for error messages.

        SBML lets a condition stand for a number (true = 1) and a number for a condition
        (non-zero = true); the text makes such uses explicit, ``piecewise(1, c, 0)`` and
        ``neq(x, 0)``, since sigsim's expressions keep the two apart.
        """
        if ast is None:
            raise ModelError(f"{where}: the math is missing")
        try:
            return self._rec(ast, where, self.names if names is None else names, (),
                             "bool" if condition else "num")
        except RecursionError:
            raise ModelError(f"{where}: math nested too deeply") from None

    def _kind(self, node, stack=()):
        """'bool' for relations and logic (and functions returning them), else 'num'."""
        t = node.getType()
        if t in self._rel or t in self._logic or t == self.L.AST_LOGICAL_NOT or \
                t == getattr(self.L, "AST_LOGICAL_IMPLIES", -1):
            return "bool"
        if t == self.L.AST_FUNCTION and node.getName() in self.functions \
                and node.getName() not in stack:
            return self._kind(self.functions[node.getName()][1], stack + (node.getName(),))
        return "num"

    def _rec(self, node, where, names, stack, want="num"):
        text = self._raw(node, where, names, stack)
        have = self._kind(node)
        if have == want:
            return text
        if want == "num":
            return f"piecewise(1, {text}, 0)"
        try:
            float(text.strip("()"))
            return text         # a number as a condition: non-zero means true
        except ValueError:
            return f"neq({text}, 0)"

    def _raw(self, node, where, names, stack):  # noqa: C901 - one branch per MathML element
        L = self.L
        t = node.getType()
        kids = [node.getChild(i) for i in range(node.getNumChildren())]
        logic = t in self._logic or t in (L.AST_LOGICAL_NOT,
                                          getattr(L, "AST_LOGICAL_IMPLIES", -1))

        def sub(k, want=None):
            return self._rec(k, where, names, stack, want or ("bool" if logic else "num"))

        def args():
            if t == L.AST_FUNCTION_PIECEWISE:
                return [sub(k, "bool" if i % 2 else "num") for i, k in enumerate(kids)]
            return [sub(k) for k in kids]

        if t == L.AST_INTEGER:
            if self.exact_integers:
                v = node.getInteger()
                return f"({v})" if v < 0 else str(v)
            return _num(float(node.getInteger()), where)
        if t in (L.AST_REAL, L.AST_REAL_E, L.AST_RATIONAL):
            return _num(node.getReal(), where)
        if t == L.AST_NAME:
            nm = node.getName()
            if nm not in names:
                raise ModelError(f"{where}: unknown identifier {nm!r} in the math")
            return names[nm]
        if t == L.AST_NAME_TIME:
            return self.time_text
        if t == L.AST_NAME_AVOGADRO:
            return repr(AVOGADRO)
        if t == L.AST_CONSTANT_E:
            return repr(math.e)
        if t == L.AST_CONSTANT_PI:
            return repr(math.pi)
        if t == L.AST_CONSTANT_TRUE:
            return "1"
        if t == L.AST_CONSTANT_FALSE:
            return "0"
        if t == L.AST_FUNCTION_DELAY:
            raise ModelError(f"{where}: the 'delay' csymbol is not supported (delay "
                             f"differential equations)")
        if t == getattr(L, "AST_FUNCTION_RATE_OF", -12345):
            raise ModelError(f"{where}: the 'rateOf' csymbol is not supported")
        if t == L.AST_PLUS:
            a = args()
            return "(" + " + ".join(a) + ")" if a else "0"
        if t == L.AST_TIMES:
            a = args()
            return "(" + "*".join(a) + ")" if a else "1"
        if t == L.AST_MINUS:
            a = args()
            if len(a) == 1:
                return f"(-{a[0]})"
            if len(a) == 2:
                return f"({a[0]} - {a[1]})"
            raise ModelError(f"{where}: minus with {len(a)} arguments")
        if t == L.AST_DIVIDE:
            a = args()
            if len(a) != 2:
                raise ModelError(f"{where}: divide with {len(a)} arguments")
            return f"({a[0]}/{a[1]})"
        if t in (L.AST_POWER, L.AST_FUNCTION_POWER):
            a = args()
            if len(a) != 2:
                raise ModelError(f"{where}: power with {len(a)} arguments")
            return f"({a[0]}**{a[1]})"
        if t == L.AST_FUNCTION_ROOT:
            a = args()
            if len(a) == 1:
                return f"sqrt({a[0]})"
            if a[0] in ("2.0", "2"):
                return f"sqrt({a[1]})"
            return f"({a[1]}**(1.0/{a[0]}))"
        if t == L.AST_FUNCTION_LOG:
            a = args()
            if len(a) == 1:
                return f"log10({a[0]})"
            if a[0] in ("10.0", "10"):
                return f"log10({a[1]})"
            return f"(ln({a[1]})/ln({a[0]}))"
        if t in self._unary:
            a = args()
            if len(a) != 1:
                raise ModelError(f"{where}: {node.getName()} takes one argument, got {len(a)}")
            return f"{self._unary[t]}({a[0]})"
        if t in (getattr(L, "AST_FUNCTION_QUOTIENT", -1), getattr(L, "AST_FUNCTION_REM", -1)):
            a = args()
            if len(a) != 2:
                raise ModelError(f"{where}: {node.getName()} takes two arguments")
            # the integer part of a/b (truncated toward zero); rem = a - b*quotient
            r = f"({a[0]}/{a[1]})"
            q = f"piecewise(floor({r}), ge({r}, 0), ceil({r}))"
            return q if t == L.AST_FUNCTION_QUOTIENT else f"({a[0]} - {a[1]}*{q})"
        if t == L.AST_FUNCTION_FACTORIAL:
            a = args()
            return f"gamma({a[0]} + 1.0)"
        if t in self._recip:
            a = args()
            return f"(1.0/{self._recip[t]}({a[0]}))"
        if t in self._arc_recip:
            a = args()
            return f"{self._arc_recip[t]}(1.0/{a[0]})"
        if t in (getattr(L, "AST_FUNCTION_MAX", -1), getattr(L, "AST_FUNCTION_MIN", -1)):
            a = args()
            name = "max" if t == L.AST_FUNCTION_MAX else "min"
            if not a:
                raise ModelError(f"{where}: {name} without arguments")
            return f"{name}({', '.join(a)})"
        if t == L.AST_FUNCTION_PIECEWISE:
            a = args()
            if not a:
                raise ModelError(f"{where}: empty piecewise")
            if len(a) == 1:
                return a[0]
            return f"piecewise({', '.join(a)})"
        if t in self._rel:
            a = args()
            fn = self._rel[t]
            if len(a) < 2:
                return "1"
            if fn == "neq" and len(a) != 2:
                raise ModelError(f"{where}: 'neq' with {len(a)} arguments")
            pairs = [f"{fn}({a[i]}, {a[i + 1]})" for i in range(len(a) - 1)]
            return pairs[0] if len(pairs) == 1 else f"and_({', '.join(pairs)})"
        if t in self._logic:
            fn, empty = self._logic[t]
            a = args()
            return f"{fn}({', '.join(a)})" if a else empty
        if t == L.AST_LOGICAL_NOT:
            a = args()
            return f"not_({a[0]})"
        if t == getattr(L, "AST_LOGICAL_IMPLIES", -1):
            a = args()
            return f"or_(not_({a[0]}), {a[1]})"
        if t == L.AST_FUNCTION:
            return self._call(node, kids, where, names, stack)
        if t == L.AST_LAMBDA:
            raise ModelError(f"{where}: a lambda outside a function definition")
        name = node.getName()
        raise ModelError(f"{where}: the MathML element {name or t!r} is not supported")

    def _call(self, node, kids, where, names, stack):
        fid = node.getName()
        if fid not in self.functions:
            raise ModelError(f"{where}: call of the unknown function {fid!r}")
        if fid in stack:
            raise ModelError(f"{where}: function definition {fid!r} calls itself")
        bvars, body = self.functions[fid]
        if len(kids) != len(bvars):
            raise ModelError(f"{where}: function {fid!r} takes {len(bvars)} argument(s), "
                             f"got {len(kids)}")
        args = [self._rec(k, where, names, stack) for k in kids]
        # the body sees only its arguments (SBML function definitions are closed)
        inner = {b: f"({a})" for b, a in zip(bvars, args)}
        return "(" + self._raw(body, f"{where} (function {fid!r})", inner,
                               stack + (fid,)) + ")"
