"""The whitelisted expression parser (sigsim.model._expr)."""

import pytest
import sympy as sp

from sigsim.errors import ModelError
from sigsim.model import TIME, parse_expression

A, B, K, n, V = (sp.Symbol(s, real=True) for s in ("A", "B", "K", "n", "V"))
NAMES = {"A": A, "B": B, "K": K, "n": n, "V": V}


def same(a, b):
    return sp.simplify(a - b) == 0


@pytest.mark.parametrize("text, expected", [
    ("A + B", A + B),
    ("A - 2*B", A - 2 * B),
    ("A*B/K", A * B / K),
    ("A**2", A ** 2),
    ("-A + +B", B - A),
    ("(A + B)*(A - B)", A ** 2 - B ** 2),
    ("1e-3*A", sp.Float(1e-3) * A),
    ("1/2*A", A / 2),
    ("exp(A)", sp.exp(A)),
    ("log(A)", sp.log(A)),
    ("ln(A)", sp.log(A)),
    ("log10(A)", sp.log(A) / sp.log(10)),
    ("sqrt(A)", sp.sqrt(A)),
    ("abs(A)", sp.Abs(A)),
    ("min(A, B)", sp.Min(A, B)),
    ("max(A, B, K)", sp.Max(A, B, K)),
    ("pow(A, n)", A ** n),
    ("sin(A) + cos(B) + tanh(K)", sp.sin(A) + sp.cos(B) + sp.tanh(K)),
    ("hill(A, K, n)", A ** n / (K ** n + A ** n)),
    ("mm(A, V, K)", V * A / (K + A)),
    ("A*t", A * TIME),
    ("A*time", A * TIME),
    ("2**3*A", 8 * A),
])
def test_accepts_whitelist(text, expected):
    assert same(parse_expression(text, NAMES), expected)


def test_hill_and_mm_values():
    h = parse_expression("hill(A, K, n)", NAMES)
    assert float(h.subs({A: 2.0, K: 2.0, n: 3})) == pytest.approx(0.5)
    assert float(h.subs({A: 6.0, K: 2.0, n: 1})) == pytest.approx(0.75)
    m = parse_expression("mm(A, V, K)", NAMES)
    assert float(m.subs({A: 1.0, V: 10.0, K: 1.0})) == pytest.approx(5.0)
    assert float(m.subs({A: 1e9, V: 10.0, K: 1.0})) == pytest.approx(10.0)


def test_time_symbol():
    assert TIME.name == "t" and TIME.is_real
    assert parse_expression("t", {}) == TIME and parse_expression("time", {}) == TIME


@pytest.mark.parametrize("text, match", [
    ("__import__('os')", "unknown function '__import__'"),
    ("A.real", "attribute access"),
    ("A[0]", "subscript"),
    ("lambda x: x", "lambda"),
    ("'abc'", "string"),
    ("foo(A)", "unknown function 'foo'"),
    ("A^2", r"\*\*"),
    ("A < B", "comparison"),
    ("A and B", "boolean operator"),
    ("A if B else K", "conditional expression"),
    ("[A]", "list"),
    ("min(A, key=B)", "keyword"),
    ("A % 2", "'%'"),
    ("A // 2", "'//'"),
    ("True", "bool"),
    ("exp(A, B)", r"exp\(\) takes 1"),
    ("hill(A, K)", r"hill\(\) takes 3"),
    ("(A", "cannot parse"),
    ("", "empty"),
    ("A.__class__.__bases__", "attribute access"),
    ("(lambda: 1)()", "non-name"),
    ("A/0", "division by zero"),
    ("10**10**10", "cannot be evaluated"),
    ("f'{A}'", "f-string"),
])
def test_rejects(text, match):
    with pytest.raises(ModelError, match=match):
        parse_expression(text, NAMES)


def test_unknown_symbol_names_context():
    with pytest.raises(ModelError, match="unknown symbol 'X' in rate law of reaction 'r1'"):
        parse_expression("k*X", {"k": sp.Symbol("k", real=True)},
                         where="rate law of reaction 'r1'")


def test_not_a_string():
    with pytest.raises(ModelError, match="expected an expression string"):
        parse_expression(1.5, NAMES)
