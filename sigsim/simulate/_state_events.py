"""State-triggered events (:meth:`sigsim.Model.state_event`) for the scipy backend.

Each relation in a trigger (``lt(S, 0.5)``, ``ge(time, T)``, ...) becomes a root function
``lhs - rhs`` that ``solve_ivp`` locates; at a root the triggers are re-evaluated with the
relation on its post-crossing side, and every event whose trigger went from false to true
executes (highest priority first, then declaration order), its values computed from the state
just before it executes. Assignments can trigger further events at the same time (cascades);
a non-persistent pending event is cancelled when its trigger turns false first.

The functions are made by sympy's ``lambdify`` from expression trees built by the whitelisted
parser, never from user text.
"""

from __future__ import annotations

from operator import itemgetter

import numpy as np
import sympy as sp

from ..errors import SimulationError
from ..model import TIME

_REL = {sp.StrictGreaterThan: lambda g: g > 0, sp.GreaterThan: lambda g: g >= 0,
        sp.StrictLessThan: lambda g: g < 0, sp.LessThan: lambda g: g <= 0,
        sp.Equality: lambda g: g == 0, sp.Unequality: lambda g: g != 0}
#: Cascade limit: more event executions than this at one time point is an error.
MAX_CASCADE = 10_000


def _lambdify(args, expr, modules="math"):
    """``sympy.lambdify(args, expr)`` taking only the arguments ``expr`` uses.

    lambdify sorts and checks every argument on each call, which with hundreds of states and
    parameters costs far more than the printing; the returned function still takes all of
    ``args`` positionally.
    """
    expr = sp.sympify(expr)
    free = expr.free_symbols
    used = [i for i, a in enumerate(args) if a in free]
    small = sp.lambdify([args[i] for i in used], expr, modules)
    if len(used) == len(args):
        return small
    if not used:
        return lambda *a: small()
    if len(used) == 1:
        j = used[0]
        return lambda *a: small(a[j])
    get = itemgetter(*used)
    return lambda *a: small(*get(a))


class StateEvents:
    """Compiled (lambdified) triggers, values and priorities of a model's state events."""

    def __init__(self, model, species, parameters):
        sym = model.symbols
        full = {}
        for a_name, expr in model.assignments:
            full[sym[a_name]] = expr.xreplace(full)
        args = [TIME] + [sym[s] for s in species] + [sym[q] for q in parameters]
        self.n_params = len(parameters)
        sidx = {s: i for i, s in enumerate(species)}
        atoms, atom_index = [], {}
        self.events = list(model.state_events)
        self.triggers, self.values, self.priorities = [], [], []
        for ev in self.events:
            trig = ev.trigger.xreplace(full)
            rels = sorted(trig.atoms(sp.core.relational.Relational), key=sp.srepr)
            bsyms = []
            for rel in rels:
                key = sp.srepr(rel)
                if key not in atom_index:
                    atom_index[key] = len(atoms)
                    atoms.append(rel)
                bsyms.append(sp.Symbol(f"_b{atom_index[key]}"))
            logic = trig.xreplace(dict(zip(rels, bsyms)))
            idx = [int(str(b)[2:]) for b in bsyms]
            fn = sp.lambdify(bsyms, logic, modules=[{"And": _and, "Or": _or, "Not": _not,
                                                     "Xor": _xor}, "math"])
            self.triggers.append((idx, fn))
            self.values.append([(sidx[target], _lambdify(args, e.xreplace(full)))
                                for target, e, _ in ev.assignments])
            self.priorities.append(None if ev.priority is None else
                                   _lambdify(args, ev.priority.xreplace(full)))
        self.atoms = [(_REL[type(r)], _lambdify(args, (r.lhs - r.rhs).xreplace(full)))
                      for r in atoms]
        self.is_eq = [isinstance(r, sp.Equality) for r in atoms]
        self.rng = np.random.default_rng(20240223)

    # ------------------------------------------------------------------ evaluation
    def _g(self, t, y, p):
        a = (t, *y, *p[:self.n_params])
        return np.array([fn(*a) for _, fn in self.atoms], dtype=float)

    def truths(self, t, y, p, crossed=None):
        """Truth of each relation (those in ``crossed`` on the given side) and the raw
        root-function values."""
        raw = self._g(t, y, p)
        g = raw.copy()
        if crossed:
            for k, sign in crossed.items():
                g[k] = sign
        return [bool(test(v)) for (test, _), v in zip(self.atoms, g)], raw

    def trigger_values(self, truths):
        return [bool(fn(*[truths[i] for i in idx])) for idx, fn in self.triggers]

    def root_functions(self, p, t_start, masked):
        """One ``solve_ivp`` event function per relation (terminal, both directions);
        relations that just crossed return their new sign for a moment after ``t_start``."""
        n = self.n_params
        delta = 1e-9 * max(1.0, abs(t_start))
        funcs = []
        for k, (_, fn) in enumerate(self.atoms):
            def g(t, y, fn=fn, k=k):
                if k in masked and t <= t_start + delta:
                    return masked[k]
                return fn(t, *y, *p[:n])
            g.terminal = True
            g.direction = 0
            funcs.append(g)
        return funcs

    def _values(self, k, t, y, p):
        a = (t, *y, *p[:self.n_params])
        return [(i, float(fn(*a))) for i, fn in self.values[k]]

    def fire(self, t, y, p, prev, crossed=None):
        """Execute the events whose trigger goes from false to true at ``(t, y)``; updates
        ``y`` and ``prev`` in place. Returns the number of executions.

        Pending executions are kept in a queue: highest priority first, then declaration
        order. An event whose trigger goes from false to true again while pending gets one
        more execution. Values are computed when the trigger fires (``use_trigger_values``)
        or when the execution runs.
        """
        truths, g0 = self.truths(t, y, p, crossed)
        cur = self.trigger_values(truths)
        queue = []      # [event index, values or None]
        for k, v in enumerate(cur):
            if v and not prev[k]:
                queue.append([k, None])
        for item in queue:
            if self.events[item[0]].use_trigger_values:
                item[1] = self._values(item[0], t, y, p)
        prev[:] = cur
        count = 0
        while queue:
            a = (t, *y, *p[:self.n_params])

            def rank(item):
                k = item[0]
                pr = self.priorities[k]
                return (pr(*a) if pr is not None else -np.inf, -k)

            ranks = [rank(it) for it in queue]
            item = queue[int(np.argmax([r[0] for r in ranks]))]
            top = [it for it, r in zip(queue, ranks) if r[0] == rank(item)[0]]
            if len(top) > 1 and self.priorities[item[0]] is not None:
                # equal explicit priorities: SBML executes them in random order
                item = top[int(self.rng.integers(len(top)))]
            else:
                item = max(queue, key=rank)
            queue.remove(item)
            k, vals = item
            for i, v in (vals if vals is not None else self._values(k, t, y, p)):
                y[i] = v
            count += 1
            if count > MAX_CASCADE:
                raise SimulationError(f"more than {MAX_CASCADE} event executions at t = {t}")
            # relations whose inputs did not change keep their post-crossing side
            g1 = self._g(t, y, p)
            crossed = {j: s for j, s in (crossed or {}).items() if g1[j] == g0[j]}
            truths, g0 = self.truths(t, y, p, crossed)
            cur = self.trigger_values(truths)
            queue = [it for it in queue if cur[it[0]] or self.events[it[0]].persistent]
            for j, v in enumerate(cur):
                if v and not prev[j]:
                    queue.append([j, self._values(j, t, y, p)
                                  if self.events[j].use_trigger_values else None])
            prev[:] = cur
        return count


def _and(*a):
    return all(a)


def _or(*a):
    return any(a)


def _not(a):
    return not a


def _xor(*a):
    return sum(bool(x) for x in a) % 2 == 1


def solve_with_state_events(ses, f, kw, t_out, y, p, ev_t, ev_kind, ev_idx, ev_val,
                            apply_events, y_out, stats):
    """Integrate with ``solve_ivp`` (options ``kw``) through time events (doses) and state
    events; fills ``y_out``; returns None or a failure message."""
    from scipy.integrate import solve_ivp

    t0, t_end = float(t_out[0]), float(t_out[-1])
    n_out = len(t_out)
    k = apply_events(0, ev_t, ev_kind, ev_idx, ev_val, t0, y, p)
    prev = [ev.initial_value for ev in ses.events]
    ses.fire(t0, y, p, prev)
    j = 0
    while j < n_out and t_out[j] <= t0:
        y_out[j] = y
        j += 1
    t, masked, n_events = t0, {}, 0
    while t < t_end:
        tb = float(ev_t[k]) if k < len(ev_t) and ev_t[k] < t_end else t_end
        if tb <= t:
            k = apply_events(k, ev_t, ev_kind, ev_idx, ev_val, t, y, p)
            ses.fire(t, y, p, prev)
            continue
        funcs = ses.root_functions(p, t, masked)
        sol = solve_ivp(f, (t, tb), y, events=funcs or None, dense_output=True, **kw)
        stats[3] += sol.nfev
        stats[4] += sol.njev
        stats[5] += sol.nlu
        if sol.status == -1 or not np.all(np.isfinite(sol.y)):
            return sol.message
        t_stop = float(sol.t[-1])
        while j < n_out and t_out[j] < t_stop:
            y_out[j] = sol.sol(t_out[j])
            j += 1
        y = sol.y[:, -1].copy()
        t = t_stop
        masked = {}
        if sol.status == 1:
            crossed = {}
            for a, te in enumerate(sol.t_events):
                if len(te) and te[-1] == t_stop:
                    before = (sol.t[-2], sol.y[:, -2]) if len(sol.t) > 1 else (t, y)
                    masked[a] = -1.0 if funcs[a](*before) > 0 else 1.0
                    # an equality holds at its root only
                    crossed[a] = 0.0 if ses.is_eq[a] else masked[a]
            n_events += ses.fire(t, y, p, prev, crossed)
            # after the events, hide a relation's root only while it sits at its root
            raw = ses._g(t, y, p)
            tiny = 1e-12 * max(1.0, float(np.max(np.abs(y))) if len(y) else 1.0)
            masked = {a: s for a, s in masked.items() if abs(raw[a]) <= tiny}
            if masked:
                # such a relation continues on its post-crossing side: so do the triggers
                truths, _ = ses.truths(t, y, p, masked)
                prev[:] = ses.trigger_values(truths)
            if n_events > 1_000_000:
                return "too many events"
        else:
            k_new = apply_events(k, ev_t, ev_kind, ev_idx, ev_val, t, y, p)
            if k_new != k:          # doses can trigger events
                ses.fire(t, y, p, prev)
            k = k_new
        while j < n_out and t_out[j] <= t:
            y_out[j] = y
            j += 1
    while j < n_out:
        y_out[j] = y
        j += 1
    return None
