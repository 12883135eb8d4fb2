"""Drug-combination scores on a dose matrix: Bliss independence, highest single agent (HSA)
and Loewe additivity (with the combination index)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize

__all__ = ["synergy_scores", "SynergyResult", "SingleAgentFit"]


@dataclass(frozen=True)
class SingleAgentFit:
    """Hill curve of one agent alone, ``E(x) = emax x^h / (x^h + ec50^h)`` (effect 0 at dose
    0); ``ec50`` in the dose unit, ``rmse`` in effect units."""

    ec50: float
    hill: float
    emax: float
    rmse: float

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            r = (x / self.ec50) ** self.hill
            return np.where(x > 0, self.emax * r / (1.0 + r), 0.0)

    def dose_for(self, e):
        """Dose of this agent alone that gives effect ``e`` (inf at or above ``emax``, 0 at
        or below 0)."""
        e = np.asarray(e, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            x = self.ec50 * (e / (self.emax - e)) ** (1.0 / self.hill)
        return np.where(e >= self.emax, np.inf, np.where(e <= 0, 0.0, x))


def _fit_single(dose, effect, label):
    keep = (dose > 0) & np.isfinite(effect)
    x, y = dose[keep], effect[keep]
    if x.size < 3:
        raise ValueError(f"agent {label}: a Hill fit needs at least 3 positive doses")
    lx = np.log(x)
    top = max(float(np.max(y)), 1e-6)
    # start: EC50 at the dose closest to half the top effect
    mid0 = lx[int(np.argmin(np.abs(y - top / 2)))]

    def model(lx, lec, h, emax):
        r = np.exp(h * (lx - lec))
        return emax * r / (1.0 + r)

    best = None
    for h0 in (1.0, 2.0, 0.5, 4.0):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optimize.OptimizeWarning)
                p, _ = optimize.curve_fit(model, lx, y, p0=(mid0, h0, min(top, 1.0)),
                                          bounds=([lx.min() - 10, 0.05, 1e-6],
                                                  [lx.max() + 10, 20.0, 1.5]), maxfev=20000)
        except (RuntimeError, ValueError):
            continue
        rmse = float(np.sqrt(np.mean((model(lx, *p) - y) ** 2)))
        if best is None or rmse < best[1]:
            best = (p, rmse)
    if best is None:
        raise ValueError(f"agent {label}: the Hill fit did not converge")
    (lec, h, emax), rmse = best
    return SingleAgentFit(ec50=float(np.exp(lec)), hill=float(h), emax=float(emax), rmse=rmse)


def _loewe_expected(a, b, fa, fb):
    """Effect E with a / A(E) + b / B(E) = 1 (A, B: single-agent doses for E)."""
    if a == 0 and b == 0:
        return 0.0
    top = max(fa.emax, fb.emax)

    def g(e):
        return a / fa.dose_for(e) + b / fb.dose_for(e) - 1.0

    lo, hi = top * 1e-12, top * (1.0 - 1e-12)
    if g(hi) >= 0:          # needs more than either agent can give: the upper limit
        return top
    if g(lo) <= 0:
        return 0.0
    return float(optimize.brentq(g, lo, hi, xtol=1e-14, rtol=1e-12))


@dataclass
class SynergyResult:
    """Scores of :func:`synergy_scores`. Matrices have shape ``(len(dose_a), len(dose_b))``;
    entries with dose 0 of either agent are NaN (not a combination).

    Attributes
    ----------
    dose_a, dose_b : dose vectors (including 0), in the user's units.
    effect : fractional effect matrix (0 = none, 1 = full).
    bliss_expected, bliss : Bliss-independent effect ``Ea + Eb - Ea Eb`` and the excess
        ``observed - expected`` (positive = synergy).
    hsa_expected, hsa : ``max(Ea, Eb)`` and the excess over it.
    loewe_expected, loewe : Loewe-additive effect from the single-agent Hill fits and the
        excess (NaN when the fits failed).
    combination_index : ``a / A(E) + b / B(E)`` at the observed effect ``E`` (< 1 synergy,
        > 1 antagonism), where ``0 < E < min(emax_a, emax_b)``; NaN elsewhere.
    fit_a, fit_b : :class:`SingleAgentFit` or None.
    summary : dict of mean and max excess of each score over the combinations.
    """

    dose_a: np.ndarray
    dose_b: np.ndarray
    effect: np.ndarray
    bliss_expected: np.ndarray
    bliss: np.ndarray
    hsa_expected: np.ndarray
    hsa: np.ndarray
    loewe_expected: np.ndarray
    loewe: np.ndarray
    combination_index: np.ndarray
    fit_a: SingleAgentFit | None
    fit_b: SingleAgentFit | None
    summary: dict

    @property
    def table(self):
        """Tidy table: one row per combination (both doses > 0) with every score."""
        import pandas as pd

        ia, ib = np.meshgrid(np.arange(len(self.dose_a)), np.arange(len(self.dose_b)),
                             indexing="ij")
        keep = (self.dose_a[ia] > 0) & (self.dose_b[ib] > 0)
        ia, ib = ia[keep], ib[keep]
        cols = {"dose_a": self.dose_a[ia], "dose_b": self.dose_b[ib],
                "effect": self.effect[ia, ib]}
        for name in ("bliss_expected", "bliss", "hsa_expected", "hsa", "loewe_expected",
                     "loewe", "combination_index"):
            cols[name] = getattr(self, name)[ia, ib]
        return pd.DataFrame(cols).rename(columns={"bliss": "bliss_excess",
                                                  "hsa": "hsa_excess",
                                                  "loewe": "loewe_excess"})


def synergy_scores(dose_a, dose_b, effect, effect_kind="inhibition"):
    """Bliss, HSA and Loewe excess over additivity on a two-drug dose matrix.

    Parameters
    ----------
    dose_a, dose_b : array_like
        Doses (concentrations, any unit, same for both entries of one agent) of agent A
        (rows) and agent B (columns); each must include 0 (the single-agent row/column).
    effect : array_like, shape (len(dose_a), len(dose_b))
        Response at each dose pair.
    effect_kind : {"inhibition", "viability"}
        ``"inhibition"``: ``effect`` is the fractional effect (0 = none, 1 = full).
        ``"viability"``: ``effect`` is the fraction remaining (1 = none); it is converted to
        ``1 - effect``.

    Returns
    -------
    SynergyResult
        Excess matrices (positive = synergy), the Loewe combination index, the single-agent
        fits and ``summary`` (``bliss_mean``, ``bliss_max``, ``hsa_mean``, ``hsa_max``,
        ``loewe_mean``, ``loewe_max``, ``ci_median``) over the combinations.

    Notes
    -----
    Bliss: ``E_AB = Ea + Eb - Ea Eb`` with ``Ea``, ``Eb`` the measured single-agent effects.
    HSA: ``max(Ea, Eb)``. Loewe: each agent alone is fitted with
    ``E = emax x^h / (x^h + ec50^h)`` (at least 3 positive doses each) and the additive
    effect solves ``a / A(E) + b / B(E) = 1``; where an agent cannot reach ``E`` alone its
    term is 0. If a fit fails the Loewe scores are NaN and a warning says why.
    """
    a = np.asarray(dose_a, dtype=float).ravel()
    b = np.asarray(dose_b, dtype=float).ravel()
    E = np.asarray(effect, dtype=float)
    if E.shape != (a.size, b.size):
        raise ValueError(f"effect must have shape (len(dose_a), len(dose_b)) = "
                         f"({a.size}, {b.size}); got {E.shape}")
    if np.any(a < 0) or np.any(b < 0) or not (np.all(np.isfinite(a)) and
                                              np.all(np.isfinite(b))):
        raise ValueError("doses must be finite and non-negative")
    if len(np.unique(a)) != a.size or len(np.unique(b)) != b.size:
        raise ValueError("doses of each agent must be distinct")
    if not (np.any(a == 0) and np.any(b == 0)):
        raise ValueError("both dose vectors must include 0 (the single-agent responses)")
    if effect_kind == "viability":
        E = 1.0 - E
    elif effect_kind != "inhibition":
        raise ValueError(f"effect_kind must be 'inhibition' or 'viability'; got "
                         f"{effect_kind!r}")
    if not np.all(np.isfinite(E)):
        raise ValueError("effect has non-finite entries")
    if np.any(E < -0.05) or np.any(E > 1.05):
        warnings.warn("some effects lie outside [0, 1]: is effect_kind right?", RuntimeWarning,
                      stacklevel=2)
    ia0, ib0 = int(np.flatnonzero(a == 0)[0]), int(np.flatnonzero(b == 0)[0])
    Ea = E[:, ib0][:, None]        # A alone (B = 0), per row
    Eb = E[ia0, :][None, :]        # B alone, per column
    combo = (a[:, None] > 0) & (b[None, :] > 0)
    nan = np.full(E.shape, np.nan)
    bliss_exp = np.where(combo, Ea + Eb - Ea * Eb, np.nan)
    hsa_exp = np.where(combo, np.maximum(Ea, Eb), np.nan)
    loewe_exp, ci = nan.copy(), nan.copy()
    fit_a = fit_b = None
    try:
        fit_a = _fit_single(a, E[:, ib0], "A")
        fit_b = _fit_single(b, E[ia0, :], "B")
    except ValueError as exc:
        warnings.warn(f"Loewe scores not computed: {exc}", RuntimeWarning, stacklevel=2)
        fit_a = fit_b = None
    if fit_a is not None:
        low_top = min(fit_a.emax, fit_b.emax)
        for i, j in zip(*np.nonzero(combo)):
            loewe_exp[i, j] = _loewe_expected(a[i], b[j], fit_a, fit_b)
            e = E[i, j]
            if 0 < e < low_top:
                ci[i, j] = a[i] / fit_a.dose_for(e) + b[j] / fit_b.dose_for(e)
    result = {"bliss": E - bliss_exp, "hsa": E - hsa_exp, "loewe": E - loewe_exp}
    summary = {}
    for k, m in result.items():
        vals = m[combo]
        ok = np.isfinite(vals)
        summary[f"{k}_mean"] = float(vals[ok].mean()) if ok.any() else float("nan")
        summary[f"{k}_max"] = float(vals[ok].max()) if ok.any() else float("nan")
    cis = ci[np.isfinite(ci)]
    summary["ci_median"] = float(np.median(cis)) if cis.size else float("nan")
    return SynergyResult(dose_a=a, dose_b=b, effect=E, bliss_expected=bliss_exp,
                         bliss=result["bliss"], hsa_expected=hsa_exp, hsa=result["hsa"],
                         loewe_expected=loewe_exp, loewe=result["loewe"],
                         combination_index=ci, fit_a=fit_a, fit_b=fit_b, summary=summary)
