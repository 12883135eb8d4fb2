"""Pharmacokinetic models as :class:`sigsim.Model` objects.

Conventions: time in **days**; compartment contents are **amounts in mg** (``A_depot``,
``A_central``, ``A_periph``), so intercompartmental transfer conserves mass. Assignments
give concentrations: ``C`` (central, mg/L) and ``C_nM`` (central, nM, with the molecular
weight ``MW`` in kDa: 1 mg/L = 1000/MW nM). Elimination from the central compartment is
linear (``CL*C``) and optionally Michaelis-Menten (``Vmax*C/(Km + C)``, the usual
target-mediated approximation); SC and PO doses enter ``A_depot`` and are absorbed at
``ka``, a fraction ``F`` reaching ``A_central`` and ``1 - F`` being lost.

Doses: :meth:`sigsim.drugs._regimen.Regimen.doses` gives the events (mg into ``A_central``
or ``A_depot``).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ModelError
from ..model import Model
from ._library import SOURCES, Value, get_drug

_UNITS = {"CL": "L/day", "V1": "L", "Q": "L/day", "V2": "L", "Vmax": "mg/day", "Km": "mg/L",
          "ka": "1/day", "F": "dimensionless", "MW": "kDa",
          "R0": "nM", "kon": "1/(nM*day)", "koff": "1/day", "kint": "1/day", "kdeg": "1/day"}
_TMDD_KEYS = ("R0", "kon", "koff", "kint", "kdeg")


def _as_value(x, key):
    if isinstance(x, Value):
        return x
    if x is None:
        return None
    return Value(float(x), _UNITS[key], "assumed", "user-supplied value")


def compartment_model(name, *, CL, V1, Q=None, V2=None, Vmax=None, Km=None, ka=None, F=None,
                      MW=None, target=None, description=""):
    """Build a one- or two-compartment PK model.

    Parameters
    ----------
    name : str
        Model name.
    CL : Value or float
        Linear clearance, L/day (> 0, or 0 with Michaelis-Menten elimination).
    V1 : Value or float
        Central volume, L.
    Q, V2 : Value or float, optional
        Intercompartmental clearance (L/day) and peripheral volume (L); both or neither.
    Vmax, Km : Value or float, optional
        Michaelis-Menten elimination (mg/day, mg/L); both or neither.
    ka : Value or float, optional
        First-order absorption rate (1/day) from a depot (SC, PO); None for IV only.
    F : Value or float, optional
        Bioavailability of depot doses (0 < F <= 1; default 1).
    MW : Value or float, optional
        Molecular weight in kDa; adds the assignment ``C_nM``.
    target : dict, optional
        Full target-mediated drug disposition (Mager & Jusko 2001 structure) with a
        membrane target in the central compartment: keys ``R0`` (baseline target, nM),
        ``kon`` (1/(nM*day)), ``koff`` (1/day), ``kint`` (complex internalization, 1/day),
        ``kdeg`` (free target turnover, 1/day), each a Value or float. Needs ``MW``; excludes
        ``Vmax``/``Km``. The model then holds **amounts in nmol**: drug ``A_*``, free target
        ``R_central`` and complex ``DR_central``; assignments ``C_nM`` (free drug),
        ``R_nM``, ``DR_nM``, ``C`` (free drug, mg/L); :meth:`Regimen.doses` converts mg
        doses to nmol with ``MW``.
    description : str

    Returns
    -------
    sigsim.Model
        Species ``A_central`` (and ``A_periph``, ``A_depot``) in mg; assignments ``C``
        (mg/L) and ``C_nM``; time unit ``day``. Plain floats get the source ``assumed``
        ("user-supplied value").

    Raises
    ------
    sigsim.ModelError
        Missing partners (Q without V2, Vmax without Km), non-positive volumes, F outside
        (0, 1].
    """
    vals = {k: _as_value(v, k) for k, v in dict(CL=CL, V1=V1, Q=Q, V2=V2, Vmax=Vmax, Km=Km,
                                                ka=ka, F=F, MW=MW).items()}
    for a, b in (("Q", "V2"), ("Vmax", "Km")):
        if (vals[a] is None) != (vals[b] is None):
            raise ModelError(f"PK model {name!r}: {a} and {b} go together; give both or neither")
    for k, v in vals.items():
        if v is not None and (v.value is None or not math.isfinite(v.value) or v.value < 0):
            raise ModelError(f"PK model {name!r}: {k} must be a finite number >= 0, got {v!r}")
    for k in ("V1", "V2", "Km", "ka", "MW"):
        if vals[k] is not None and vals[k].value <= 0:
            raise ModelError(f"PK model {name!r}: {k} must be > 0, got {vals[k].value:g}")
    if vals["F"] is not None and not 0 < vals["F"].value <= 1:
        raise ModelError(f"PK model {name!r}: F must be in (0, 1], got {vals['F'].value:g}")
    if vals["CL"].value == 0 and vals["Vmax"] is None:
        raise ModelError(f"PK model {name!r}: no elimination (CL = 0 and no Vmax)")
    if vals["F"] is not None and vals["ka"] is None:
        raise ModelError(f"PK model {name!r}: F needs an absorption rate ka")
    tm = None
    if target is not None:
        if not isinstance(target, dict):
            raise ModelError(f"PK model {name!r}: target must be a dict of {_TMDD_KEYS}")
        unknown = set(target) - set(_TMDD_KEYS)
        missing = set(_TMDD_KEYS) - set(target)
        if unknown or missing:
            raise ModelError(f"PK model {name!r}: target needs exactly {', '.join(_TMDD_KEYS)}"
                             + (f"; unknown {sorted(unknown)}" if unknown else "")
                             + (f"; missing {sorted(missing)}" if missing else ""))
        if vals["MW"] is None:
            raise ModelError(f"PK model {name!r}: a TMDD target needs the molecular weight MW")
        if vals["Vmax"] is not None:
            raise ModelError(f"PK model {name!r}: give either Michaelis-Menten (Vmax, Km) or a "
                             f"TMDD target, not both")
        tm = {k: _as_value(v, k) for k, v in target.items()}
        for k, v in tm.items():
            if v.value is None or not math.isfinite(v.value) or v.value < 0:
                raise ModelError(f"PK model {name!r}: target {k} must be finite and >= 0")
    amt = "nmol" if tm else "mg"

    m = Model(name, time_unit="day", description=description)
    for k, v in vals.items():
        if v is None:
            continue
        if k == "F" and vals["ka"] is None:
            continue
        m.parameter(k, v.value, unit=_UNITS[k], source=v.source, note=f"{v.unit}; {v.note}".strip("; "))
    if vals["ka"] is not None and vals["F"] is None:
        m.parameter("F", 1.0, unit="dimensionless", source="assumed",
                    note="no bioavailability given: all of a depot dose is absorbed")
    if tm:
        for k, v in tm.items():
            m.parameter(k, v.value, unit=_UNITS[k], source=v.source,
                        note=f"{v.unit}; {v.note}".strip("; "))
    if vals["ka"] is not None:
        m.species("A_depot", 0.0, unit=amt, note="SC/PO injection site or gut")
    m.species("A_central", 0.0, unit=amt, note="drug amount in the central compartment (free)")
    if vals["Q"] is not None:
        m.species("A_periph", 0.0, unit=amt, note="drug amount in the peripheral compartment")
    if tm:
        m.species("R_central", "R0*V1", unit="nmol", note="free target in the central volume")
        m.species("DR_central", 0.0, unit="nmol", note="drug-target complex")
        m.assignment("C_nM", "A_central/V1")
        m.assignment("C", "MW*A_central/(1000*V1)")
        m.assignment("R_nM", "R_central/V1")
        m.assignment("DR_nM", "DR_central/V1")
    else:
        m.assignment("C", "A_central/V1")
        if vals["MW"] is not None:
            m.assignment("C_nM", "1000*A_central/(V1*MW)")
    if vals["ka"] is not None:
        m.reaction("A_depot -> A_central", "F*ka*A_depot", name="absorption")
        m.reaction("A_depot ->", "(1 - F)*ka*A_depot", name="presystemic_loss")
    if vals["CL"].value > 0:
        m.reaction("A_central ->", "CL*A_central/V1", name="linear_elimination")
    if vals["Vmax"] is not None:
        m.reaction("A_central ->", "Vmax*A_central/(Km*V1 + A_central)", name="mm_elimination")
    if vals["Q"] is not None:
        m.reaction("A_central -> A_periph", "Q*A_central/V1", name="distribution")
        m.reaction("A_periph -> A_central", "Q*A_periph/V2", name="redistribution")
    if tm:
        m.reaction("A_central + R_central -> DR_central", "kon*A_central*R_central/V1",
                   name="target_binding")
        m.reaction("DR_central -> A_central + R_central", "koff*DR_central",
                   name="target_unbinding")
        m.reaction("DR_central ->", "kint*DR_central", name="complex_internalization")
        m.reaction("-> R_central", "kdeg*R0*V1", name="target_synthesis")
        m.reaction("R_central ->", "kdeg*R_central", name="target_degradation")
    return m


def pk_model(drug, tmdd=False) -> Model:
    """The published popPK model of a drug of the library, as a :class:`sigsim.Model`.

    Parameters
    ----------
    drug : str or Drug
        A name of :func:`sigsim.drugs._library.list_drugs` or a record.
    tmdd : bool or dict
        True: full TMDD with the record's ``pk["tmdd"]`` target parameters instead of
        Michaelis-Menten (only where the record has them, e.g. anakinra); a dict overrides
        some of them (keys of :func:`compartment_model`'s ``target``).

    Returns
    -------
    sigsim.Model
        Named ``pk_<drug>``; see :func:`compartment_model` for species and units. Typical
        values of the population (no covariates or random effects); a depot only where the
        record has an absorption rate ``ka`` (tocilizumab's Frey 2010 model is IV-only).
        The attribute ``sources`` maps the record's citation keys to full citations.

    Raises
    ------
    sigsim.ModelError
        Unknown drug, or a drug without a located popPK (olamkicept, rilonacept,
        pitrakinra).
    """
    d = get_drug(drug)
    pk = d.pk
    if not pk or "structure" not in pk:
        raise ModelError(f"drug {d.name!r} has no popPK in the library ({d.notes or 'none located'})")

    def get(k):
        v = pk.get(k)
        return v if isinstance(v, Value) and v.value is not None else None

    ka = get("ka")
    F = get("F") if ka is not None else None
    two = pk["structure"] == "2cmt"
    mm = "mm" in pk["elimination"]
    target = None
    if tmdd:
        if "tmdd" not in pk:
            raise ModelError(f"drug {d.name!r} has no TMDD target parameters in the library; "
                             f"use compartment_model(..., target={{...}})")
        target = dict(pk["tmdd"])
        if isinstance(tmdd, dict):
            target.update(tmdd)
        mm = False
    m = compartment_model(
        f"pk_{d.name}" + ("_tmdd" if target else ""), CL=get("CL"), V1=get("V1"),
        Q=get("Q") if two else None, V2=get("V2") if two else None,
        Vmax=get("Vmax") if mm else None, Km=get("Km") if mm else None, ka=ka, F=F,
        MW=d.mw if d.mw.value is not None else None, target=target,
        description=f"{d.name}: {pk['structure']} {pk['elimination']} elimination, "
                    f"{pk['route']} ({d.description})")
    m.sources = {k: SOURCES[k] for k in d.sources() if k in SOURCES}   # citations, by key
    return m


def half_life(t, conc, t_from, t_to):
    """Apparent half-life from a log-linear fit of ``conc`` over ``t_from <= t <= t_to``.

    Parameters
    ----------
    t : array_like
        Times (any unit; the result has the same unit).
    conc : array_like
        Concentrations (> 0 in the window), same length as ``t``.
    t_from, t_to : float
        The fitting window.

    Returns
    -------
    float
        ``ln 2 / slope`` of ``-log(conc)`` against ``t``.
    """
    t = np.asarray(t, dtype=float)
    c = np.asarray(conc, dtype=float).ravel()
    if t.shape != c.shape:
        raise ValueError(f"t and conc differ in length ({t.size} vs {c.size})")
    w = (t >= t_from) & (t <= t_to)
    if np.count_nonzero(w) < 2:
        raise ValueError(f"fewer than two points between t = {t_from} and {t_to}")
    if np.any(c[w] <= 0):
        raise ValueError("concentrations must be > 0 in the fitting window")
    slope = np.polyfit(t[w], np.log(c[w]), 1)[0]
    if slope >= 0:
        raise ValueError("concentration does not decline in the fitting window")
    return math.log(2) / -slope
