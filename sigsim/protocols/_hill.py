"""Four-parameter Hill (log-logistic) fits of dose-response data."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from ..errors import SimulationError


def hill_curve(x, bottom, top, mid, n):
    """Four-parameter Hill curve: ``bottom + (top - bottom) / (1 + (x/mid)**n)``.

    With ``n > 0`` the curve falls from ``top`` (x -> 0) to ``bottom`` (x -> inf): an
    inhibition curve whose ``mid`` is the IC50. With ``n < 0`` it rises (an EC50).
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        return bottom + (top - bottom) / (1.0 + (x / mid) ** n)


@dataclass(frozen=True)
class HillFit:
    """Result of :func:`fit_hill`.

    ``mid`` is the IC50 (decreasing curve) or EC50 (increasing curve), in the unit of ``x``;
    ``mid_ci`` its 95% confidence interval from the fit's covariance (on log10(mid));
    ``hill`` the Hill coefficient (positive for both directions).
    """

    bottom: float
    top: float
    mid: float
    hill: float
    mid_ci: tuple
    rmse: float
    increasing: bool

    def __call__(self, x):
        n = -self.hill if self.increasing else self.hill
        return hill_curve(x, self.bottom, self.top, self.mid, n)

    def __repr__(self):
        kind = "EC50" if self.increasing else "IC50"
        lo, hi = self.mid_ci
        return (f"HillFit({kind}={self.mid:.4g} [95% CI {lo:.4g}-{hi:.4g}], "
                f"hill={self.hill:.3g}, bottom={self.bottom:.4g}, top={self.top:.4g}, "
                f"rmse={self.rmse:.3g})")


def fit_hill(x, y):
    """Fit a four-parameter Hill curve to dose-response data.

    Parameters
    ----------
    x : array_like
        Positive doses or concentrations (zero doses are ignored for the fit).
    y : array_like
        Responses.

    Returns
    -------
    HillFit

    Raises
    ------
    SimulationError
        If there are fewer than 4 usable points or the fit does not converge.
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    keep = (x > 0) & np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 4:
        raise SimulationError(f"a Hill fit needs at least 4 positive doses; got {x.size}")
    order = np.argsort(x)
    x, y = x[order], y[order]
    increasing = y[-1] > y[0]
    lx = np.log10(x)

    def model(lxv, bottom, top, lmid, n):
        return bottom + (top - bottom) / (1.0 + 10.0 ** (np.clip(n * (lxv - lmid), -300, 300)))

    span = y.max() - y.min()
    if span == 0:
        raise SimulationError("responses are all equal: no dose-response to fit")
    half = y.min() + 0.5 * span
    lmid0 = lx[np.argmin(np.abs(y - half))]
    n0 = -1.0 if increasing else 1.0
    p0 = [min(y[0], y[-1]), max(y[0], y[-1]), lmid0, n0]
    try:
        with warnings.catch_warnings():
            # an exact fit (4 doses, or noise-free data) has no covariance estimate: the
            # confidence interval is then reported as unknown (0, inf) below
            warnings.simplefilter("ignore", optimize.OptimizeWarning)
            popt, pcov = optimize.curve_fit(model, lx, y, p0=p0, maxfev=20000)
    except RuntimeError as exc:
        raise SimulationError(f"Hill fit did not converge: {exc}") from None
    bottom, top, lmid, n = popt
    resid = y - model(lx, *popt)
    dof = max(x.size - 4, 1)
    se = float(np.sqrt(pcov[2, 2])) if np.all(np.isfinite(pcov)) and pcov[2, 2] >= 0 else np.inf
    q = stats.t.ppf(0.975, dof)
    ci = (10 ** (lmid - q * se), 10 ** (lmid + q * se))
    return HillFit(bottom=float(bottom), top=float(top), mid=float(10 ** lmid), hill=float(abs(n)),
                   mid_ci=ci, rmse=float(np.sqrt(np.mean(resid**2))), increasing=bool(increasing))
