"""Lane forms of a model's functions, printed so that the compiler vectorizes them.

``rhs_lanes``, ``jac_lanes`` and ``dfdt_lanes`` evaluate :data:`LANE_WIDTH` parameter sets at
once for the lane-batched Rosenbrock kernel (:mod:`sigsim.solvers._lanes`); arrays are
``(rows, LANE_WIDTH)``, lane index last. Written naively (one loop over the lanes around the
whole model, ``y[i, l]``) LLVM does not vectorize them, for three reasons, each measured on the
25-state Bachmann model (rhs 93 ns per lane, scalar code) and removed here:

1. exceptions: numba's default error model checks every division for zero and raises; the
   generated functions use ``error_model="numpy"`` (IEEE results; a NaN or infinity then ends
   the step as any non-finite value does);
2. calls: ``x**2.0`` is a call to ``pow``; integral exponents are printed as products
   (:mod:`sigsim.codegen._printer`);
3. alias checks: a store to ``dy`` may alias any load of ``y`` or ``p``, and LLVM checks that at
   run time only for a bounded number of pointer groups. Rows at a distance known at compile
   time fall into one group, so the arrays are flattened and indexed ``y[i*W + l]`` with the
   lane width ``W`` a constant, and each loop is kept to about :data:`MAX_ACCESSES` array
   accesses (LLVM's default group limit is 100): fluxes go to a scratch array in several short
   loops, and the Jacobian is printed in chunks, each with its own common subexpressions.

With all three the Bachmann rhs takes 20-28 ns per lane (AVX2, 4 doubles per instruction).
The scalar ``jac``/``dfdt`` use the same chunks and subexpressions (:func:`chunked_cse`), so a
parameter set gives the same numbers, bit for bit, in a lane and alone.
"""

from __future__ import annotations

import sympy as sp

from ..model import TIME
from ..solvers._lanes import LANE_WIDTH
from ._printer import MAX_EXPANDED_POWER, print_expr

#: Array accesses per generated lane loop (LLVM merges at most 100 per run-time check group).
MAX_ACCESSES = 48
#: Decorator of every generated function (see the module docstring, point 1).
DECORATOR = '@njit(cache=True, error_model="numpy")'


def _cost(expr) -> int:
    """Array loads of ``expr`` as printed (symbols other than time), plus its store."""
    return 1 + sum(1 for s in expr.free_symbols if s != TIME)


#: Functions that compile to vector instructions (the others are calls to libm).
_VECTOR_FUNCTIONS = (sp.Abs, sp.Min, sp.Max, sp.Piecewise, sp.floor, sp.ceiling)


def has_call(expr) -> bool:
    """Whether ``expr`` prints as a library call (``exp``, ``log``, a power with a
    non-integral or symbolic exponent, ...), which keeps a loop from being vectorized."""
    for f in expr.atoms(sp.Function):
        if not isinstance(f, _VECTOR_FUNCTIONS):
            return True
    for pw in expr.atoms(sp.Pow):
        e = pw.exp
        if e.is_Integer or e in (sp.S.Half, -sp.S.Half):
            continue
        if e.is_Float and float(e).is_integer() and abs(float(e)) <= MAX_EXPANDED_POWER:
            continue
        return True
    return False


def _chunks(exprs, budget=MAX_ACCESSES):
    """Groups of ``exprs`` (index lists) of about ``budget`` accesses each; expressions with
    library calls go to groups of their own, so that the others still vectorize."""
    with_call = [has_call(e) for e in exprs]
    calls = [k for k, c in enumerate(with_call) if c]
    plain = [k for k, c in enumerate(with_call) if not c]
    return _group(exprs, plain, budget) + _group(exprs, calls, budget)


def _group(exprs, indices, budget):
    groups, cur, used = [], [], 0
    for k in indices:
        e = exprs[k]
        c = _cost(e)
        if cur and used + c > budget:
            groups.append(cur)
            cur, used = [], 0
        cur.append(k)
        used += c
    if cur:
        groups.append(cur)
    return groups


def chunked_cse(exprs, prefix):
    """Split ``exprs`` into chunks and eliminate common subexpressions within each.

    Returns ``[(indices, replacements, reduced)]``: the expression indices of each chunk, its
    ``(symbol, subexpression)`` pairs and its reduced expressions. Scalar and lane code print
    the same chunks, so that both evaluate the same arithmetic in the same order.
    """
    out = []
    for c, idx in enumerate(_chunks(exprs)):
        reps, reduced = sp.cse([exprs[k] for k in idx],
                               symbols=sp.numbered_symbols(f"_{prefix}{c}_"), optimizations=None)
        out.append((idx, reps, reduced))
    return out


def scalar_cse_lines(chunks, names, out, indent="    "):
    """Scalar body for :func:`chunked_cse` chunks: ``out(k)`` is the text of target ``k``."""
    lines = []
    for idx, reps, reduced in chunks:
        local = dict(names)
        for s, sub in reps:
            lines.append(f"{indent}{s} = {print_expr(sub, local)}")
            local[s] = str(s)
        lines += [f"{indent}{out(k)} = {print_expr(e, local)}" for k, e in zip(idx, reduced)]
    return lines


def lane_names(species_syms, param_syms, width=LANE_WIDTH):
    """Symbol -> text for lane code: ``yf[i*W + l]``, ``pf[j*W + l]``, ``t[l]``."""
    names = {TIME: "t[l]"}
    for i, s in enumerate(species_syms):
        names[s] = _flat("yf", i, width)
    for j, q in enumerate(param_syms):
        names[q] = _flat("pf", j, width)
    return names


def _flat(array, row, width=LANE_WIDTH):
    return f"{array}[{row * width} + l]" if row else f"{array}[l]"


def _function(fname, out_arg, scratch, loops, width=LANE_WIDTH):
    """Source of a lane function: flattened views, optional scratch, then the loops."""
    head = [f"{DECORATOR}  # LANE_SIG, compiled on first use",
            f"def {fname}(t, y, p, {out_arg}):",
            f"    # {width} lanes; arrays flattened so that rows are a constant distance apart",
            "    yf = merge_last_axes(y)",
            "    pf = merge_last_axes(p)",
            f"    of = merge_last_axes({out_arg})"]
    if scratch:
        head.append(f"    ws = np.empty({scratch * width})")
    body = []
    for lines in loops:
        if lines:
            body.append(f"    for l in range({width}):")
            body += ["        " + x for x in lines]
    return "\n".join(head + (body or ["    pass"])) + "\n"


def _split_lines(items, budget=MAX_ACCESSES):
    """Group ``(cost, line[, calls])`` items into loops of about ``budget`` accesses; a loop
    also ends where items with library calls begin or end (they keep it from vectorizing)."""
    loops, cur, used, kind = [], [], 0, False
    for item in items:
        c, line = item[0], item[1]
        calls = item[2] if len(item) > 2 else False
        if cur and (used + c > budget or calls != kind):
            loops.append(cur)
            cur, used = [], 0
        kind = calls
        cur.append(line)
        used += c
    if cur:
        loops.append(cur)
    return loops


def rhs_lanes_source(names, assign_exprs, assign_syms, reactions, dy_terms):
    """``rhs_lanes``: assignments and fluxes into the scratch ``ws``, then ``dy``.

    ``assign_exprs``/``assign_syms``: assignment expressions (in declaration order) and their
    symbols; ``reactions``: rate expressions; ``dy_terms``: per species, a list of
    ``(coefficient text or "", flux index)`` pairs, the rate-rule expression or None, the
    input slot (parameter row) and whether the species is constant -- as the scalar ``rhs``
    prints them, so that both compute the same sums in the same order.
    """
    loc = dict(names)
    n_a = len(assign_exprs)
    items = []
    for k, (s, e) in enumerate(zip(assign_syms, assign_exprs)):
        text = print_expr(e, loc, vector=True)
        items.append((_cost(e), f"ws[{k * LANE_WIDTH} + l] = {text}", has_call(e)))
        loc[s] = f"ws[{k * LANE_WIDTH} + l]"
    # fluxes are independent of each other: those with library calls in loops of their own
    order = sorted(range(len(reactions)), key=lambda r: has_call(reactions[r]))
    for r in order:
        e = reactions[r]
        text = print_expr(e, loc, vector=True)
        items.append((_cost(e), f"ws[{(n_a + r) * LANE_WIDTH} + l] = {text}", has_call(e)))
    for i, (terms, rule, slot, constant) in enumerate(dy_terms):
        if constant:
            items.append((1, f"{_flat('of', i)} = 0.0"))
            continue
        parts = []
        for coef, r in terms:
            parts.append(f"{coef}ws[{(n_a + r) * LANE_WIDTH} + l]")
        cost = len(parts) + 2
        calls = False
        if rule is not None:
            parts.append(f"+ ({print_expr(rule, loc, vector=True)})")
            cost += _cost(rule)
            calls = has_call(rule)
        parts.append(f"+ {_flat('pf', slot)}")
        text = " ".join(parts)
        text = text[2:] if text.startswith("+ ") else "-" + text[2:]
        items.append((cost, f"{_flat('of', i)} = {text}", calls))
    scratch = n_a + len(reactions)
    return _function("rhs_lanes", "dy", scratch, _split_lines(items))


def cse_lanes_source(fname, out_arg, chunks, names):
    """Lane function printing :func:`chunked_cse` chunks, one loop per chunk."""
    loops = []
    for idx, reps, reduced in chunks:
        local = dict(names)
        lines = []
        for s, sub in reps:
            lines.append(f"{s} = {print_expr(sub, local, vector=True)}")
            local[s] = str(s)
        lines += [f"{_flat('of', k)} = {print_expr(e, local, vector=True)}"
                  for k, e in zip(idx, reduced)]
        loops.append(lines)
    return _function(fname, out_arg, 0, loops)
