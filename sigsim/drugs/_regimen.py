"""Dosing regimens: a readable form, a structured form, and the engine's dose events.

Readable form::

    <amount> <unit> <route> [over <n> <min|h>] <frequency> [x<count>] [from day <d>]

- unit: a mass (``mg``, ``g``, ``ug``/``µg``/``mcg``) or a mass per body weight (``mg/kg``,
  ``ug/kg``);
- route: ``IV`` (bolus, or infusion with ``over``), ``SC`` or ``PO`` (both into a depot);
- frequency: ``once``, ``qd``, ``bid``, ``tid``, ``qw``, ``q<N>h``, ``q<N>d``, ``q<N>w``;
- ``x<count>``: number of doses (repeated regimens without it need ``t_end`` in
  :meth:`Regimen.doses`).

Examples: ``"8 mg/kg IV q4w x6"``, ``"8 mg/kg IV over 1 h q4w x6"``, ``"162 mg SC qw"``,
``"100 mg SC qd"``, ``"600 mg IV once"``.

A loading dose followed by maintenance is written with ``then`` and read by
:func:`parse_schedule`: ``"600 mg SC once then 300 mg SC q2w x12"``; each part after ``then``
starts one of its own intervals after the last dose of the part before it (day 14 here).

Times inside a :class:`Regimen` are in days.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import ModelError
from ..simulate import Bolus, Infusion
from ._units import BODY_TO_KG, MASS_TO_MG, dose_to_mg

ROUTES = ("IV", "SC", "PO")
_TIME_TO_DAY = {"min": 1 / 1440, "h": 1 / 24, "d": 1.0, "day": 1.0, "w": 7.0, "week": 7.0}
_NAMED = {"qd": 1.0, "daily": 1.0, "bid": 0.5, "tid": 1 / 3, "qw": 7.0, "weekly": 7.0}
_ENGINE_TIME = {"day": 1.0, "d": 1.0, "h": 1 / 24, "hour": 1 / 24, "min": 1 / 1440, "s": 1 / 86400,
                "week": 7.0}

_RE = re.compile(
    r"^\s*(?P<amount>[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)\s*(?P<unit>[^\s\d]\S*)\s+"
    r"(?P<route>[A-Za-z]+)"
    r"(?:\s+over\s+(?P<over>\d+(?:\.\d*)?)\s*(?P<over_unit>min|h|d))?"
    r"\s+(?P<freq>once|qd|daily|bid|tid|qw|weekly|q(?P<n>\d+(?:\.\d*)?)(?P<n_unit>h|d|w))"
    r"(?:\s+x\s*(?P<count>\d+))?"
    r"(?:\s+from\s+day\s+(?P<start>\d+(?:\.\d*)?))?\s*$",
    re.IGNORECASE)


def _fmt(x):
    return f"{x:g}"


def _interval_text(days):
    if days is None:
        return "once"
    for name, d in (("qd", 1.0), ("bid", 0.5), ("tid", 1 / 3), ("qw", 7.0)):
        if math.isclose(days, d, rel_tol=1e-9):
            return name
    if days % 7 == 0:
        return f"q{_fmt(days / 7)}w"
    if days >= 1 and float(days).is_integer():
        return f"q{_fmt(days)}d"
    return f"q{_fmt(days * 24)}h"


def _duration_text(days):
    if days * 24 < 1 - 1e-12 or not float(round(days * 24, 9)).is_integer():
        return f"{_fmt(round(days * 1440, 9))} min"
    return f"{_fmt(round(days * 24, 9))} h"


@dataclass(frozen=True)
class Regimen:
    """A dosing regimen.

    Parameters
    ----------
    amount : float
        Dose per administration (> 0).
    unit : str
        ``mg``, ``g``, ``ug``, ``mg/kg``, ``ug/kg``, ...
    route : str
        ``IV``, ``SC`` or ``PO``.
    interval : float or None
        Days between doses; None for a single dose.
    count : int or None
        Number of doses; None for "until ``t_end``" (repeated regimens only).
    infusion : float or None
        IV infusion duration in days (None: bolus).
    start : float
        Day of the first dose.
    """

    amount: float
    unit: str
    route: str
    interval: float | None = None
    count: int | None = None
    infusion: float | None = None
    start: float = 0.0

    def __post_init__(self):
        try:
            a = float(self.amount)
        except (TypeError, ValueError):
            raise ModelError(f"regimen dose must be a number, got {self.amount!r}") from None
        if not math.isfinite(a) or a <= 0:
            raise ModelError(f"regimen dose must be positive and finite, got {self.amount!r}")
        object.__setattr__(self, "amount", a)
        unit = str(self.unit).strip().replace("μ", "µ")
        mass, _, per = unit.partition("/")
        if mass not in MASS_TO_MG or (per and per not in BODY_TO_KG):
            raise ModelError(f"unknown dose unit {self.unit!r}; use a mass ({', '.join(MASS_TO_MG)})"
                             f" or a mass per body weight such as 'mg/kg'")
        object.__setattr__(self, "unit", unit)
        route = str(self.route).strip().upper()
        if route not in ROUTES:
            raise ModelError(f"unknown route {self.route!r}; use one of {', '.join(ROUTES)}")
        object.__setattr__(self, "route", route)
        if isinstance(self.interval, str):
            object.__setattr__(self, "interval", _parse_freq(self.interval))
        if self.interval is not None:
            iv = float(self.interval)
            if not math.isfinite(iv) or iv <= 0:
                raise ModelError(f"dosing interval must be > 0 days, got {self.interval!r}")
            object.__setattr__(self, "interval", iv)
        if self.count is not None:
            if int(self.count) != self.count or int(self.count) < 1:
                raise ModelError(f"dose count must be a whole number >= 1, got {self.count!r}")
            object.__setattr__(self, "count", int(self.count))
            if self.interval is None and self.count > 1:
                raise ModelError(f"{self.count} doses need an interval")
        elif self.interval is None:
            object.__setattr__(self, "count", 1)
        if self.infusion is not None:
            d = float(self.infusion)
            if not math.isfinite(d) or d <= 0:
                raise ModelError(f"infusion duration must be > 0, got {self.infusion!r}")
            if route != "IV":
                raise ModelError(f"an infusion duration needs route IV, got {route}")
            if self.interval is not None and d >= self.interval:
                raise ModelError("infusion duration must be shorter than the dosing interval")
            object.__setattr__(self, "infusion", d)
        s = float(self.start)
        if not math.isfinite(s) or s < 0:
            raise ModelError(f"regimen start must be >= 0 days, got {self.start!r}")
        object.__setattr__(self, "start", s)

    # ------------------------------------------------------------------ parsing
    @classmethod
    def parse(cls, text: str) -> "Regimen":
        """Parse the readable form (see the module docstring).

        Raises
        ------
        sigsim.ModelError
            Text that does not follow the form, unknown units or routes, non-positive doses.
        """
        if isinstance(text, Regimen):
            return text
        if not isinstance(text, str):
            raise ModelError(f"regimen must be text or a Regimen, got {text!r}")
        m = _RE.match(text)
        if not m:
            raise ModelError(
                f"cannot read regimen {text!r}; expected '<amount> <unit> <route> [over <n> h] "
                f"<once|qd|bid|tid|qw|q<N>h|q<N>d|q<N>w> [x<count>]', e.g. '8 mg/kg IV q4w x6'")
        g = m.groupdict()
        interval = _parse_freq(g["freq"])
        over = None
        if g["over"] is not None:
            over = float(g["over"]) * _TIME_TO_DAY[g["over_unit"].lower()]
        count = int(g["count"]) if g["count"] else None
        if g["freq"].lower() == "once" and count not in (None, 1):
            raise ModelError(f"regimen {text!r}: 'once' with x{count}")
        return cls(float(g["amount"]), g["unit"], g["route"], interval, count, over,
                   float(g["start"]) if g["start"] else 0.0)

    def __str__(self):
        parts = [_fmt(self.amount), self.unit, self.route]
        if self.infusion is not None:
            parts += ["over", _duration_text(self.infusion)]
        parts.append(_interval_text(self.interval))
        if self.interval is not None and self.count is not None:
            parts.append(f"x{self.count}")
        if self.start:
            parts += ["from", "day", _fmt(self.start)]
        return " ".join(parts)

    # ------------------------------------------------------------------ events
    def dose_mg(self, body_weight_kg=None) -> float:
        """Dose per administration in mg (per-kg doses need ``body_weight_kg``)."""
        return dose_to_mg(self.amount, self.unit, body_weight_kg)

    def n_doses(self, t_end=None) -> int:
        """Number of administrations (``t_end`` in days bounds open-ended regimens)."""
        if self.count is not None:
            return self.count
        if t_end is None:
            raise ModelError(f"regimen '{self}' has no dose count; give x<count> or t_end")
        return max(1, int(math.floor((float(t_end) - self.start) / self.interval + 1e-9)) + 1)

    def doses(self, model=None, body_weight_kg=None, t_end=None, central="A_central",
              depot="A_depot", time_unit="day"):
        """The engine's dose events for this regimen.

        Parameters
        ----------
        model : sigsim.Model, optional
            A PK model of :func:`sigsim.drugs._pk.pk_model` (species ``A_central`` and, for SC
            and PO, ``A_depot``, in mg); its ``time_unit`` is used.
        body_weight_kg : float, optional
            Needed for per-kg doses.
        t_end : float, optional
            End of the simulation in days, for regimens without a count.
        central, depot : str
            Species that receive IV and SC/PO doses (amounts in mg).
        time_unit : str
            Time unit of the model when ``model`` is not given.

        Returns
        -------
        list
            One :class:`sigsim.Bolus` (IV bolus into ``central``, SC/PO into ``depot``) or
            :class:`sigsim.Infusion` (IV infusion into ``central`` at dose/duration), in mg,
            or in nmol (through the model's ``MW``) when the model's species are in nmol.
        """
        per_mg = 1.0
        if model is not None:
            time_unit = model.time_unit or time_unit
            names = set(model.species_names)
            target = central if self.route == "IV" else depot
            if target not in names:
                raise ModelError(f"model {model.name!r} has no species {target!r} for a "
                                 f"{self.route} dose; species: {', '.join(model.species_names)}")
            unit = model.species_info(target).unit
            if unit == "nmol":
                if "MW" not in model.parameter_names:
                    raise ModelError(f"model {model.name!r} holds nmol but has no MW parameter "
                                     f"to convert mg doses")
                per_mg = 1000.0 / model.parameter_info("MW").value
            elif unit not in (None, "mg"):
                raise ModelError(f"species {target!r} of model {model.name!r} is in {unit!r}; "
                                 f"doses go into species in mg or nmol")
        if time_unit not in _ENGINE_TIME:
            raise ModelError(f"unknown time unit {time_unit!r}; use one of {sorted(_ENGINE_TIME)}")
        f = 1.0 / _ENGINE_TIME[time_unit]         # days -> model time
        mg = self.dose_mg(body_weight_kg) * per_mg     # in the species' unit (mg or nmol)
        n = self.n_doses(None if t_end is None else t_end)
        every = None if n == 1 else self.interval * f
        start = self.start * f
        if self.route == "IV" and self.infusion is not None:
            dur = self.infusion * f
            return [Infusion(central, rate=mg / dur, start=start, stop=start + dur,
                             every=every, count=n)]
        return [Bolus(central if self.route == "IV" else depot, mg, at=start, every=every,
                      count=n)]


def _parse_freq(text):
    t = str(text).strip().lower()
    if t == "once":
        return None
    if t in _NAMED:
        return _NAMED[t]
    m = re.fullmatch(r"q(\d+(?:\.\d*)?)(h|d|w)", t)
    if not m:
        raise ModelError(f"unknown dosing frequency {text!r}; use once, qd, bid, tid, qw, "
                         f"q<N>h, q<N>d or q<N>w")
    return float(m.group(1)) * _TIME_TO_DAY[m.group(2)]


def regimen(text_or_regimen=None, **fields) -> Regimen:
    """A :class:`Regimen` from the readable form or from fields.

    >>> str(regimen("8 mg/kg IV over 1 h q4w x6"))
    '8 mg/kg IV over 1 h q4w x6'
    >>> str(regimen(amount=162, unit="mg", route="SC", interval="qw"))
    '162 mg SC qw'
    """
    if text_or_regimen is not None:
        if fields:
            raise ModelError("give either the readable regimen or its fields, not both")
        return Regimen.parse(text_or_regimen)
    return Regimen(**fields)


def parse_schedule(text) -> list:
    """Read one or more regimens joined by ``then`` (loading dose, then maintenance).

    Parameters
    ----------
    text : str or Regimen or list of Regimen

    Returns
    -------
    list of Regimen
        With ``start`` set: each part after the first starts one of its own dosing intervals
        after the last dose of the part before it (a single dose after ``then`` needs
        ``from day <d>``).

    Examples
    --------
    >>> [str(r) for r in parse_schedule("600 mg SC once then 300 mg SC q2w x3")]
    ['600 mg SC once', '300 mg SC q2w x3 from day 14']
    """
    if isinstance(text, Regimen):
        return [text]
    if isinstance(text, (list, tuple)):
        return [Regimen.parse(r) for r in text]
    if not isinstance(text, str):
        raise ModelError(f"regimen must be text or a Regimen, got {text!r}")
    parts = [p.strip(" ,;") for p in re.split(r"\bthen\b", text, flags=re.IGNORECASE)]
    out = []
    for k, part in enumerate(parts):
        if not part:
            raise ModelError(f"empty part in regimen {text!r}")
        r = Regimen.parse(part)
        if k > 0 and not re.search(r"from\s+day", part, re.IGNORECASE):
            prev = out[-1]
            if prev.count is None:
                raise ModelError(f"regimen {text!r}: '{prev}' has no dose count, so the part "
                                 f"after 'then' has no start; give x<count>")
            last = prev.start + (prev.count - 1) * (prev.interval or 0.0)
            if r.interval is None:
                raise ModelError(f"regimen {text!r}: a single dose after 'then' needs "
                                 f"'from day <d>'")
            r = Regimen(r.amount, r.unit, r.route, r.interval, r.count, r.infusion,
                        last + r.interval)
        out.append(r)
    return out


def schedule_doses(text, model=None, **kwargs) -> list:
    """Dose events of :func:`parse_schedule` ``(text)``; keyword arguments as
    :meth:`Regimen.doses`."""
    events = []
    for r in parse_schedule(text):
        events += r.doses(model, **kwargs)
    return events
