"""Cytokine agonist variants of IL-2 as options of the ``il2`` model, pSTAT5 EC50s and selectivity.

An :class:`Agonist` record names the ``il2`` model options that represent the agent (the model
already carries the IL-2 variants as its ``ligand`` option: ``"wt"``, ``"F42K"``, ``"R38A"``),
the ligand species it is added as (``IL2``), and what is known about it. :func:`agonist_model`
builds the model for a cell type; :func:`pstat5_ec50` computes the 30-min pSTAT5 EC50 per cell
type; :func:`selectivity_index` divides two cell types' EC50s.

Agents (:data:`AGONISTS`):

- ``aldesleukin``: recombinant human IL-2 (des-Ala1, C125S); signals as wild-type IL-2
  (``ligand="wt"``). PK: :func:`sigsim.drugs.get_drug` ``("aldesleukin")``.
- ``F42K``, ``R38A``: IL-2 muteins of the IL-2Ralpha interface without detectable IL-2Ralpha
  binding (Sauve 1991); F42K circumvents Treg expansion and favours NK cells (Sim 2016). The
  il2 model gives them an assumed 1000-fold weaker IL-2Ralpha binding.
- ``IL2_Fc``: IL-2 fused to an Fc (half-life extension by FcRn recycling). On cells it is
  represented as wild-type IL-2 (monovalent, same receptor binding); the longer half-life is
  qualitative only here (no PK parameters: ``pk`` is empty and ``half_life_extended`` is True).

Selectivity index: ``EC50(numerator) / EC50(denominator)``, by default Treg over CD8: small
(~0.015 for wild-type IL-2, Farhat 2021 data 0.045/2.6 nM) means Treg-biased; near 1 means no
Treg preference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import ModelError

__all__ = ["SOURCES", "AGONISTS", "Agonist", "get_agonist", "list_agonists", "agonist_model",
           "pstat5_ec50", "selectivity_index", "EC50_DOSES_nM"]

SOURCES = {
    "sauve1991": "Sauve K, Nachman M, Spence C, et al. (1991) Localization in human interleukin "
                 "2 of the binding site to the alpha chain (p55) of the interleukin 2 receptor. "
                 "Proc Natl Acad Sci USA 88:4636-4640. doi:10.1073/pnas.88.11.4636",
    "sim2016": "Sim GC, Liu C, Wang E, et al. (2016) IL2 variant circumvents ICOS+ regulatory "
               "T-cell expansion and promotes NK cell activation. Cancer Immunol Res 4:983-994. "
               "doi:10.1158/2326-6066.CIR-15-0195; PMID 27697858",
    "farhat2021": "Farhat AM, Weiner AC, Posner C, et al. (2021) Modeling cell-specific dynamics "
                  "and regulation of the common gamma chain cytokines. Cell Rep 35:109044. "
                  "doi:10.1016/j.celrep.2021.109044 (30-min pSTAT5 EC50s: Treg ~0.045, CD8 "
                  "~2.6, NK ~1.6 nM)",
    "label": "Proleukin (aldesleukin) prescribing information (secondary, via the project's "
             "literature notes)",
}

#: IL-2 doses (nM) used for EC50 fits: 0.1 pM to ~32 nM, log-spaced.
EC50_DOSES_nM = np.logspace(-4, 1.5, 10)

CELLS = ("treg", "th", "cd8", "nk")


@dataclass(frozen=True)
class Agonist:
    """An IL-2 agonist variant.

    Attributes
    ----------
    name : str
    options : dict
        ``il2`` model options (``{"ligand": ...}``).
    species : str
        Ligand species the agent is added as (nM of the medium).
    description : str
    source : str
        Key of :data:`SOURCES`.
    half_life_extended : bool
        Qualitative PK flag (Fc fusion).
    drug : str or None
        Name of the :mod:`sigsim.drugs` library record with PK, where there is one.
    aliases : tuple of str
    """

    name: str
    options: dict = field(default_factory=dict)
    species: str = "IL2"
    description: str = ""
    source: str = ""
    half_life_extended: bool = False
    drug: str | None = None
    aliases: tuple = ()


AGONISTS = {a.name: a for a in (
    Agonist("aldesleukin", {"ligand": "wt"}, description="recombinant human IL-2 "
            "(des-Ala1, C125S); receptor binding as wild-type IL-2", source="label",
            drug="aldesleukin", aliases=("proleukin", "wt", "il2", "il-2")),
    Agonist("F42K", {"ligand": "F42K"}, description="IL-2 F42K: no detectable IL-2Ralpha "
            "binding; favours NK over ICOS+ Treg", source="sim2016", aliases=("il2_f42k",)),
    Agonist("R38A", {"ligand": "R38A"}, description="IL-2 R38A: no detectable IL-2Ralpha "
            "binding", source="sauve1991", aliases=("il2_r38a",)),
    Agonist("IL2_Fc", {"ligand": "wt"}, description="IL-2-Fc fusion: wild-type receptor "
            "binding (monovalent approximation), half-life extended (qualitative; no PK "
            "parameters)", source="assumed", half_life_extended=True,
            aliases=("il-2-fc", "il2-fc", "il2fc")),
)}


def list_agonists():
    """Names of the agonist variants."""
    return sorted(AGONISTS)


def get_agonist(name):
    """The :class:`Agonist` called ``name`` (case-insensitive; aliases accepted).

    Raises
    ------
    sigsim.ModelError
        Unknown name (the message lists the known ones).
    """
    if isinstance(name, Agonist):
        return name
    if not isinstance(name, str):
        raise ModelError(f"agonist name must be text; got {name!r}")
    key = name.strip().lower()
    for a in AGONISTS.values():
        if key == a.name.lower() or key in a.aliases:
            return a
    raise ModelError(f"unknown agonist {name!r}; known: {list_agonists()}")


def agonist_model(agonist, cell="treg", **options):
    """Build the ``il2`` model of ``cell`` stimulated by ``agonist``.

    Parameters
    ----------
    agonist : str or Agonist
    cell : {"treg", "th", "cd8", "nk"}
    **options
        Further ``il2`` options (e.g. ``trafficking=False``); ``ligand`` is set by the agonist.

    Returns
    -------
    sigsim.Model
    """
    import sigsim

    a = get_agonist(agonist)
    if cell not in CELLS:
        raise ModelError(f"unknown cell type {cell!r}; known: {list(CELLS)}")
    if "ligand" in options:
        raise ModelError("option 'ligand' is set by the agonist; do not pass it")
    return sigsim.load_model("il2", cell=cell, **a.options, **options)


def pstat5_ec50(agonist, cells=("treg", "cd8", "nk"), t=30.0, doses=None, readout="pSTAT5",
                rtol=1e-8, atol=1e-12, return_fits=False):
    """pSTAT5 EC50 (nM) of an agonist per cell type, from a 4-parameter Hill fit.

    Cells at rest (pre-equilibrated) receive the agonist at each dose at t = 0; ``readout`` at
    ``t`` minutes is fitted against dose.

    Parameters
    ----------
    agonist : str or Agonist
    cells : sequence of str
        Cell types of the il2 model.
    t : float
        Readout time, minutes (> 0); 30 min as in Farhat 2021.
    doses : array_like, optional
        Doses in nM (> 0, at least 4); default :data:`EC50_DOSES_nM`.
    readout : str
        Observable of the il2 model.
    return_fits : bool
        Return the :class:`sigsim.protocols.HillFit` objects instead of the EC50 numbers.

    Returns
    -------
    dict
        Cell -> EC50 in nM (or HillFit).
    """
    import sigsim
    from sigsim.protocols import fit_hill

    a = get_agonist(agonist)
    if isinstance(cells, str):
        cells = [cells]
    if not (isinstance(t, (int, float)) and math.isfinite(t) and t > 0):
        raise ModelError(f"t must be a finite number > 0 (minutes); got {t!r}")
    d = EC50_DOSES_nM if doses is None else np.asarray(doses, dtype=float).ravel()
    if d.size < 4 or not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ModelError(f"doses must be at least 4 finite numbers > 0 nM; got {doses!r}")
    out = {}
    for c in cells:
        m = agonist_model(a, c)
        res = sigsim.simulate(m, t=[0.0, float(t)], y0={a.species: d}, preequilibrate=True,
                              rtol=rtol, atol=atol, on_failure="raise")
        fit = fit_hill(d, np.asarray(res[readout])[:, -1])
        out[c] = fit if return_fits else float(fit.mid)
    return out


def selectivity_index(ec50, numerator="treg", denominator="cd8"):
    """``EC50[numerator] / EC50[denominator]`` (default Treg over CD8).

    Parameters
    ----------
    ec50 : dict
        Cell -> EC50 (nM) or HillFit, as returned by :func:`pstat5_ec50`.
    numerator, denominator : str

    Returns
    -------
    float
        Below 1: the numerator cells respond at lower doses (Treg bias for wild-type IL-2).
    """
    def value(cell):
        if cell not in ec50:
            raise ModelError(f"no EC50 for cell {cell!r}; have {sorted(ec50)}")
        v = ec50[cell]
        v = float(getattr(v, "mid", v))
        if not (math.isfinite(v) and v > 0):
            raise ModelError(f"EC50 of {cell!r} must be a finite number > 0; got {v!r}")
        return v

    return value(numerator) / value(denominator)
