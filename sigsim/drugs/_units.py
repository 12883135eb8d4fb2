"""Unit conversions for drug doses and concentrations.

Masses, body-weight-normalised doses, mass concentrations and volumes are converted to the
quantities the engine uses (mg for amounts in PK compartments, nM for concentrations in
pathway models) with a drug's molecular weight in kDa.

Relation used throughout: a mass concentration of 1 mg/L of a protein of molecular weight
``MW`` kDa is ``1000 / MW`` nM (1 mg/L = 1e-3 g/L; 1 kDa = 1e3 g/mol; 1e-6 mol/L/MW =
1e3/MW nM). Example: 8 mg/kg for 70 kg = 560 mg; in 3.5 L of plasma 160 mg/L; with
MW 148 kDa that is 1081 nM.
"""

from __future__ import annotations

import math

from ..errors import ModelError

#: mass units -> factor to mg
MASS_TO_MG = {"g": 1e3, "mg": 1.0, "ug": 1e-3, "µg": 1e-3, "mcg": 1e-3, "ng": 1e-6}
#: volume units -> factor to L
VOLUME_TO_L = {"L": 1.0, "l": 1.0, "dL": 0.1, "mL": 1e-3, "ml": 1e-3, "uL": 1e-6, "µL": 1e-6}
#: molar concentration units -> factor to nM
MOLAR_TO_NM = {"M": 1e9, "mM": 1e6, "uM": 1e3, "µM": 1e3, "nM": 1.0, "pM": 1e-3, "fM": 1e-6}
#: body-weight units -> factor to kg
BODY_TO_KG = {"kg": 1.0, "g": 1e-3}


def _number(value, what, allow_zero=True):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ModelError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        cond = ">= 0" if allow_zero else "> 0"
        raise ModelError(f"{what} must be finite and {cond}, got {value!r}")
    return v


def _norm(unit):
    if not isinstance(unit, str):
        raise ModelError(f"unit must be text, got {unit!r}")
    return unit.strip().replace("μ", "µ").replace(" ", "")


def volume_to_L(value, unit):
    """Convert a volume to litres.

    Parameters
    ----------
    value : float
        Volume (>= 0).
    unit : str
        One of ``L``, ``dL``, ``mL``, ``uL`` (``µL``).

    Returns
    -------
    float
        Volume in L.
    """
    u = _norm(unit)
    if u not in VOLUME_TO_L:
        raise ModelError(f"unknown volume unit {unit!r}; use one of {sorted(VOLUME_TO_L)}")
    return _number(value, "volume") * VOLUME_TO_L[u]


def dose_to_mg(amount, unit, body_weight_kg=None):
    """Convert a dose to mg, resolving body-weight-normalised doses.

    Parameters
    ----------
    amount : float
        Dose (>= 0).
    unit : str
        A mass (``g``, ``mg``, ``ug``/``µg``/``mcg``, ``ng``) or a mass per body weight
        (``mg/kg``, ``ug/kg``, ...).
    body_weight_kg : float, optional
        Required for per-kg doses.

    Returns
    -------
    float
        Dose in mg.

    Examples
    --------
    >>> dose_to_mg(8, "mg/kg", body_weight_kg=70)
    560.0
    """
    a = _number(amount, "dose amount")
    u = _norm(unit)
    if "/" in u:
        mass, per = u.split("/", 1)
        if mass not in MASS_TO_MG or per not in BODY_TO_KG:
            raise ModelError(f"unknown dose unit {unit!r}; use a mass ({', '.join(MASS_TO_MG)}) "
                             f"or a mass per body weight such as 'mg/kg'")
        if body_weight_kg is None:
            raise ModelError(f"dose in {unit!r} needs body_weight_kg")
        bw = _number(body_weight_kg, "body_weight_kg", allow_zero=False) * BODY_TO_KG[per]
        return a * MASS_TO_MG[mass] * bw
    if u not in MASS_TO_MG:
        raise ModelError(f"unknown dose unit {unit!r}; use a mass ({', '.join(MASS_TO_MG)}) "
                         f"or a mass per body weight such as 'mg/kg'")
    return a * MASS_TO_MG[u]


def mass_conc_to_nM(value, unit, mw_kda):
    """Convert a mass concentration (``mg/L``, ``ug/mL``, ``ng/mL``, ``g/L``, ...) to nM.

    Parameters
    ----------
    value : float
    unit : str
        ``<mass>/<volume>`` with the mass and volume units of :func:`dose_to_mg` and
        :func:`volume_to_L`.
    mw_kda : float
        Molecular weight in kDa (> 0).

    Returns
    -------
    float
        Concentration in nM.

    Examples
    --------
    >>> round(mass_conc_to_nM(2.7, "ug/mL", 148.0), 2)   # tocilizumab Km of Frey 2010
    18.24
    """
    u = _norm(unit)
    if "/" not in u:
        raise ModelError(f"unknown concentration unit {unit!r}; use e.g. 'mg/L' or 'ug/mL'")
    mass, vol = u.split("/", 1)
    if mass not in MASS_TO_MG or vol not in VOLUME_TO_L:
        raise ModelError(f"unknown concentration unit {unit!r}; use <mass>/<volume> with mass in "
                         f"{sorted(MASS_TO_MG)} and volume in {sorted(VOLUME_TO_L)}")
    mw = _number(mw_kda, "molecular weight (kDa)", allow_zero=False)
    mg_per_L = _number(value, "concentration") * MASS_TO_MG[mass] / VOLUME_TO_L[vol]
    return mg_per_L * 1e3 / mw


def nM_to_mg_per_L(value_nM, mw_kda):
    """Convert nM to mg/L with a molecular weight in kDa (inverse of :func:`mass_conc_to_nM`)."""
    mw = _number(mw_kda, "molecular weight (kDa)", allow_zero=False)
    return _number(value_nM, "concentration") * mw / 1e3


def to_nM(value, unit, mw_kda=None, volume=None, volume_unit="L", body_weight_kg=None):
    """Convert an amount or a concentration to a concentration in nM.

    Parameters
    ----------
    value : float
        The quantity (>= 0).
    unit : str
        A molar concentration (``M``, ``mM``, ``uM``, ``nM``, ``pM``), a mass concentration
        (``mg/L``, ``ug/mL``, ...), a mass (``mg``, ``ug``, ...) or a dose per body weight
        (``mg/kg``). Masses and doses are divided by ``volume``.
    mw_kda : float, optional
        Molecular weight in kDa; needed for every mass unit.
    volume : float, optional
        Distribution volume, needed for masses and doses.
    volume_unit : str
        Unit of ``volume`` (default ``"L"``).
    body_weight_kg : float, optional
        Needed for per-kg doses.

    Returns
    -------
    float
        Concentration in nM.

    Examples
    --------
    >>> round(to_nM(8, "mg/kg", mw_kda=148, volume=3.5, body_weight_kg=70), 1)
    1081.1
    """
    u = _norm(unit)
    if u in MOLAR_TO_NM:
        return _number(value, "concentration") * MOLAR_TO_NM[u]
    if mw_kda is None:
        raise ModelError(f"converting {unit!r} to nM needs the molecular weight (mw_kda)")
    if "/" in u and u.split("/", 1)[1] in VOLUME_TO_L:
        return mass_conc_to_nM(value, u, mw_kda)
    mg = dose_to_mg(value, u, body_weight_kg=body_weight_kg)
    if volume is None:
        raise ModelError(f"converting an amount in {unit!r} to nM needs a volume")
    V = volume_to_L(volume, volume_unit)
    if V <= 0:
        raise ModelError("volume must be > 0")
    return mass_conc_to_nM(mg / V, "mg/L", mw_kda)
