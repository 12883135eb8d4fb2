"""Plain-text summary of a model (tables of species, parameters, reactions, rules)."""

from __future__ import annotations


def _table(title: str, header: tuple, rows: list) -> list:
    if not rows:
        return []
    rows = [tuple("" if c is None else str(c) for c in r) for r in rows]
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]

    def line(cells):
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return ["", f"{title} ({len(rows)})", line(header), line(["-" * w for w in widths]),
            *(line(r) for r in rows)]


def summary(m) -> str:
    """Text tables describing model ``m`` (see :meth:`sigsim.model.Model.summary`)."""
    out = [repr(m)]
    if m.description:
        out.append(m.description)
    out.append(f"time unit: {m.time_unit or '(not declared)'}")
    sp_rows = []
    for s in m.species_names:
        i = m.species_info(s)
        value = i.value_text if i.value_text is not None else f"{i.value:g}"
        sp_rows.append((s, value, i.unit or "-", "yes" if i.constant else "", i.source or "",
                        i.note))
    out += _table("Species", ("name", "initial", "unit", "constant", "source", "note"), sp_rows)
    out += _table("Parameters", ("name", "value", "unit", "source", "note"),
                  [(p["name"], f"{p['value']:g}", p["unit"] or "-", p["source"] or "-",
                    p["note"]) for p in m.parameters_table()])
    out += _table("Reactions", ("name", "equation", "rate"),
                  [(r.name, r.equation, r.rate_text) for r in m.reactions])
    out += _table("Rate rules", ("species", "d/dt"),
                  [(s, text) for s, (_, text) in m._rate_rules.items()])
    out += _table("Assignments", ("name", "expression"),
                  [(a, text) for a, (_, text) in m._assignments.items()])
    out += _table("Observables", ("name", "expression"),
                  [(o, text) for o, (_, text) in m._observables.items()])
    return "\n".join(out)
