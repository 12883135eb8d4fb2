"""Binding mechanisms of drugs that attach to any pathway model, and an in-vitro blockade helper.

Each ``attach`` function takes a built model and returns a NEW model (``model.copy()``; the
model's own equations are not edited) with

- a drug species named after the drug (nM of the medium, initial value 0: the caller adds the
  drug through ``y0`` or a pre-incubation),
- one inert complex ``<drug>_<target>`` per target (nM of the medium; it does not signal),
- binding ``drug + target -> complex`` at ``kon_<drug>_<target>*drug*target`` and dissociation
  at ``kon_<drug>_<target>*KD_<drug>_<target>*complex`` (so a sweep of the KD through
  ``simulate(params=...)`` changes the affinity at a fixed on-rate),
- observables ``<drug>_free`` (free drug, nM), ``<drug>_total`` (free plus bound drug, nM) and
  ``<drug>_occupancy_<target>`` (complex over complex plus free target, 0..1).

Parameters carry the units and sources given by the caller (kon in 1/(nM*min), KD in nM).

**Approximation.** Antibodies and Fc-fusion traps are bivalent; the mechanisms here are a
monovalent 1:1 binding approximation (one drug molecule, one target molecule). With the drug
in excess over its target - the in-vitro situation - this changes occupancy little; avidity on
the cell surface is folded into the KD the caller supplies.

Mechanisms (functions):

- :func:`neutralize_ligand` - ligand-neutralizing antibody (siltuximab -> ``IL6``,
  canakinumab -> ``IL1b``).
- :func:`block_receptor` - receptor antibody binding membrane and soluble receptor
  (tocilizumab, sarilumab -> ``IL6R`` and ``sIL6R``; dupilumab -> ``IL4Ra``).
- :func:`ligand_trap` - decoy receptor / trap with a separate affinity per target, so selectivity
  is a parameter (sgp130Fc -> ``IL6_sIL6R`` (trans) and ``IL6_IL6R`` (classic path);
  rilonacept -> ``IL1b`` and ``IL1a``).
- :func:`receptor_antagonist` - competitive receptor antagonist that occupies the receptor
  without signaling (pitrakinra -> ``IL4Ra``). Anakinra is recombinant IL-1Ra, which the
  ``il1`` model already contains as the species ``IL1Ra`` (binding IL-1R1 and IL-1R2 with
  the model's own sourced constants): use :func:`native_species` to get it, and pass
  ``"IL1Ra"`` as the drug species of :func:`in_vitro_blockade`.

A membrane target is removed from the cell surface with its own turnover in the parent model;
when the drug binds it the complex is internalized only if ``internalization`` names a rate (a
model parameter in 1/min, or a number with its source) for that target; otherwise the bound
receptor stays on the surface (an in-vitro pre-incubation of 1-2 h is short beside receptor
turnover of hours).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

import numpy as np

from ..errors import ModelError

__all__ = [
    "SOURCES", "NATIVE_ANTAGONISTS", "neutralize_ligand", "block_receptor", "ligand_trap",
    "receptor_antagonist", "native_species", "in_vitro_blockade", "BlockadeResult",
]

SOURCES = {
    "rafique2013": "Rafique A, Martin J, Blome M, Huang T, Ouyang A, Papadopoulos N (2013) "
                   "Evaluation of the binding kinetics and functional bioassay activity of "
                   "sarilumab and tocilizumab to the human IL-6 receptor alpha. Ann Rheum Dis "
                   "72(Suppl 3):A797, conference abstract AB0037 (DOI/PMID not verified) "
                   "(sarilumab KD 61.9 pM monomeric hIL-6R; tocilizumab 15-22x weaker; HepG2 "
                   "STAT3-luciferase IC50 146 pM with 50 pM IL-6, ~4x below tocilizumab)",
    "aitoudhia2012": "Ait-Oudhia S, Lowe PJ, Mager DE (2012) Bridging clinical outcomes of "
                     "canakinumab treatment in patients with rheumatoid arthritis with a "
                     "population model of IL-1beta kinetics. CPT Pharmacometrics Syst Pharmacol "
                     "1:e5. doi:10.1038/psp.2012.6; PMID 23835885 (in vivo KD 0.38 nM)",
    "chakraborty2013": "Chakraborty A et al. (2013) Pharmacokinetic and pharmacodynamic "
                       "properties of canakinumab in patients with gouty arthritis. J Clin "
                       "Pharmacol 53:1240-1251. doi:10.1002/jcph.162; PMID 24122883 (apparent "
                       "in vivo KD 0.99 nM)",
    "widjaja2024": "Widjaja AA, Cook SA (2024) Int J Mol Sci 25:1363 (DOI/PMID not verified; "
                   "as summarized in the project's literature notes: sgp130Fc also inhibited "
                   "IL-6 cis (classic) signaling, with IC50 20-200x below concentrations used "
                   "in trials, questioning 'trans-only' selectivity)",
    "dwivedi2014": "Dwivedi G et al. (2014) A multiscale model of interleukin-6-mediated immune "
                   "regulation in Crohn's disease and its application in drug discovery and "
                   "development. CPT Pharmacometrics Syst Pharmacol 3:e89. "
                   "doi:10.1038/psp.2013.64; PMID 24402116",
}

#: Drugs that a built-in model already contains as a species: drug -> (model name, species).
NATIVE_ANTAGONISTS = {
    "anakinra": ("il1", "IL1Ra"),
}

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


# --------------------------------------------------------------------------- checks

def _check_name(name, what):
    if not isinstance(name, str) or not _NAME.match(name):
        raise ModelError(f"{what} must be an identifier (letter, then letters, digits, _); "
                         f"got {name!r}")


def _check_target(model, target, drug):
    species = model.species_names
    if target not in species:
        close = difflib.get_close_matches(target, species, n=5, cutoff=0.4)
        hint = f"; did you mean {close}?" if close else ""
        raise ModelError(f"drug {drug!r}: target species {target!r} is not in model "
                         f"{model.name!r}{hint} Species of the model: {species}")


def _positive(value, what):
    ok = (isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)
          and math.isfinite(float(value)) and float(value) > 0)
    if not ok:
        raise ModelError(f"{what} must be a finite number > 0; got {value!r}")
    return float(value)


def _per_target(value, targets, what):
    """A scalar for every target, or a dict {target: value} covering each target."""
    if isinstance(value, dict):
        missing = [t for t in targets if t not in value]
        extra = [k for k in value if k not in targets]
        if missing or extra:
            raise ModelError(f"{what}: give a value for each target {list(targets)}; "
                             f"missing {missing}, unknown {extra}")
        return {t: value[t] for t in targets}
    return {t: value for t in targets}


def _source(value, what):
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{what}: a source is required (a citation with DOI/PMID, a key, or "
                         f"'assumed' with the reason in the note); got {value!r}")
    return value


# --------------------------------------------------------------------------- core

def _attach(model, drug, targets, kon, kd, source, kon_source=None, note="", internalization=None,
            mechanism="binder"):
    """Shared builder: drug species, one inert complex per target, observables."""
    from ..model import Model

    if not isinstance(model, Model):
        raise ModelError(f"expected a sigsim.Model; got {type(model).__name__}")
    _check_name(drug, "drug name")
    if isinstance(targets, str):
        targets = [targets]
    targets = list(targets)
    if not targets:
        raise ModelError(f"drug {drug!r}: no target given")
    if len(set(targets)) != len(targets):
        raise ModelError(f"drug {drug!r}: duplicate targets {targets}")
    for t in targets:
        _check_target(model, t, drug)
    taken = set(model.species_names) | set(model.parameter_names)
    if drug in taken:
        raise ModelError(f"drug {drug!r}: the name is already used in model {model.name!r} "
                         f"(choose another drug name)")
    kons = _per_target(kon, targets, f"drug {drug!r}: kon")
    kds = _per_target(kd, targets, f"drug {drug!r}: KD")
    srcs = _per_target(source, targets, f"drug {drug!r}: source")
    ksrcs = _per_target(kon_source if kon_source is not None else source, targets,
                        f"drug {drug!r}: kon_source")
    internalization = dict(internalization or {})
    unknown = [k for k in internalization if k not in targets]
    if unknown:
        raise ModelError(f"drug {drug!r}: internalization given for {unknown}, which are not "
                         f"targets {targets}")

    m = model.copy()
    m.species(drug, 0.0, unit="nM", note=f"free {drug} ({mechanism}; nM of the medium)")
    floor = f"c_floor_{drug}"
    m.parameter(floor, 1e-18, unit="nM", source="assumed",
                note="floor of occupancy denominators (0/0 when the target is absent)")
    bound = []
    for t in targets:
        cplx = f"{drug}_{t}"
        kon_p, kd_p = f"kon_{drug}_{t}", f"KD_{drug}_{t}"
        for name in (cplx, kon_p, kd_p):
            if name in taken:
                raise ModelError(f"drug {drug!r}: name {name!r} already exists in model "
                                 f"{model.name!r}")
        m.parameter(kon_p, _positive(kons[t], f"drug {drug!r}: kon for {t!r}"),
                    unit="1/(nM*min)", source=_source(ksrcs[t], f"drug {drug!r}: kon for {t!r}"),
                    note=f"{drug} + {t} association (monovalent 1:1 approximation). {note}".strip())
        m.parameter(kd_p, _positive(kds[t], f"drug {drug!r}: KD for {t!r}"), unit="nM",
                    source=_source(srcs[t], f"drug {drug!r}: KD for {t!r}"),
                    note=f"{drug}:{t} dissociation constant; koff = kon*KD. {note}".strip())
        m.species(cplx, 0.0, unit="nM", note=f"{drug}:{t}, inert (does not signal; nM of the "
                                              f"medium)")
        m.reaction(f"{drug} + {t} -> {cplx}", f"{kon_p}*{drug}*{t}", name=f"{drug}_binds_{t}")
        m.reaction(f"{cplx} -> {drug} + {t}", f"{kon_p}*{kd_p}*{cplx}",
                   name=f"{drug}_releases_{t}")
        if t in internalization:
            rate = internalization[t]
            if isinstance(rate, str):
                if rate not in model.parameter_names:
                    raise ModelError(f"drug {drug!r}: internalization rate {rate!r} for {t!r} "
                                     f"is not a parameter of model {model.name!r}")
                k = rate
            else:
                try:
                    value, src = rate
                except (TypeError, ValueError):
                    raise ModelError(f"drug {drug!r}: internalization for {t!r} must be a model "
                                     f"parameter name or (value in 1/min, source); got "
                                     f"{rate!r}") from None
                k = f"kint_{drug}_{t}"
                m.parameter(k, _positive(value, f"internalization of {cplx}"), unit="1/min",
                            source=_source(src, f"internalization of {cplx}"),
                            note=f"{cplx} internalized and degraded")
            m.reaction(f"{cplx} ->", f"{k}*{cplx}", name=f"{cplx}_internalized")
        m.observable(f"{drug}_occupancy_{t}", f"{cplx}/max({cplx} + {t}, {floor})")
        bound.append(cplx)
    m.observable(f"{drug}_free", drug)
    m.observable(f"{drug}_total", " + ".join([drug] + bound))
    return m


# --------------------------------------------------------------------------- mechanisms

def neutralize_ligand(model, drug, ligand, kon, kd, source, kon_source=None, note=""):
    """Attach a ligand-neutralizing antibody (e.g. siltuximab -> "IL6", canakinumab -> "IL1b").

    Parameters
    ----------
    model : sigsim.Model
        A built pathway model; it is copied, not changed.
    drug : str
        Name of the drug species (nM of the medium, starts at 0), e.g. ``"siltuximab"``.
    ligand : str or list of str
        Ligand species the antibody binds; the complex ``<drug>_<ligand>`` does not signal.
    kon : float or dict
        Association rate constant in 1/(nM*min) (per ligand with a dict).
    kd : float or dict
        Dissociation constant in nM (per ligand with a dict).
    source : str or dict
        Source of the KD (citation with DOI/PMID, a key of :data:`SOURCES`, or ``"assumed"``
        with the reason in ``note``).
    kon_source : str or dict, optional
        Source of kon; default ``source``.
    note : str
        Added to the parameter notes.

    Returns
    -------
    sigsim.Model
        New model with the drug, its complexes and observables ``<drug>_free``,
        ``<drug>_total``, ``<drug>_occupancy_<ligand>``.
    """
    return _attach(model, drug, ligand, kon, kd, source, kon_source, note,
                   mechanism="ligand-neutralizing antibody")


def block_receptor(model, drug, receptors, kon, kd, source, kon_source=None, note="",
                   internalization=None):
    """Attach a receptor antibody that binds membrane and soluble receptor.

    E.g. tocilizumab or sarilumab -> ``["IL6R", "sIL6R"]`` (il6), dupilumab -> ``"IL4Ra"``
    (il4). The drug competes with the ligand for the free receptor; the drug:receptor complex
    does not bind ligand and does not signal.

    Parameters
    ----------
    model, drug, kon, kd, source, kon_source, note
        As in :func:`neutralize_ligand`.
    receptors : str or list of str
        Receptor species (membrane and/or soluble).
    internalization : dict, optional
        ``{receptor: rate}`` for membrane receptors whose drug complex is internalized: rate is
        a parameter name of the model (1/min, e.g. ``"kdeg_IL6R"``) or ``(value in 1/min,
        source)``. Default: bound receptors stay (no internalization).

    Returns
    -------
    sigsim.Model
    """
    return _attach(model, drug, receptors, kon, kd, source, kon_source, note, internalization,
                   mechanism="receptor antibody")


def ligand_trap(model, drug, targets, kon, kd, source, kon_source=None, note="",
                internalization=None):
    """Attach a ligand trap / decoy receptor with a separate affinity per target.

    Selectivity is set by the per-target KDs, not hard-coded. Examples: sgp130Fc in the il6
    model with ``targets=["IL6_sIL6R", "IL6_IL6R"]`` (trans-signaling complex and the classic
    path's membrane IL-6:IL-6R complex; raise ``KD_<drug>_IL6_IL6R`` for a trans-selective
    trap, lower it for the Widjaja & Cook 2024 caveat); rilonacept in the il1 model with
    ``targets=["IL1b", "IL1a"]`` and ``kd={"IL1b": ..., "IL1a": ...}``.

    Parameters
    ----------
    model, drug, kon, source, kon_source, note, internalization
        As in :func:`block_receptor`.
    targets : str or list of str
        Species trapped.
    kd : float or dict
        KD in nM, one per target with a dict ``{target: KD}``.

    Returns
    -------
    sigsim.Model
    """
    return _attach(model, drug, targets, kon, kd, source, kon_source, note, internalization,
                   mechanism="ligand trap")


def receptor_antagonist(model, drug, receptors, kon, kd, source, kon_source=None, note="",
                        internalization=None):
    """Attach a competitive receptor antagonist that occupies the receptor without signaling.

    E.g. pitrakinra -> ``"IL4Ra"`` in the il4 model (it blocks assembly with gamma-c and
    IL-13Ra1, so both type I and type II signaling). For anakinra use the il1 model's own
    ``IL1Ra`` species (:func:`native_species`). Same arguments as :func:`block_receptor`.

    Returns
    -------
    sigsim.Model
    """
    return _attach(model, drug, receptors, kon, kd, source, kon_source, note, internalization,
                   mechanism="competitive receptor antagonist")


def native_species(model, drug):
    """The species of a built-in model that is the drug itself (anakinra -> "IL1Ra" in il1).

    Parameters
    ----------
    model : sigsim.Model
    drug : str
        A key of :data:`NATIVE_ANTAGONISTS`.

    Returns
    -------
    str
        The species name, to use as ``drug_species`` of :func:`in_vitro_blockade`.
    """
    if drug not in NATIVE_ANTAGONISTS:
        raise ModelError(f"no native species for drug {drug!r}; known: {sorted(NATIVE_ANTAGONISTS)}")
    model_name, species = NATIVE_ANTAGONISTS[drug]
    _check_target(model, species, drug)
    return species


# --------------------------------------------------------------------------- in vitro

@dataclass(frozen=True)
class BlockadeResult:
    """Result of :func:`in_vitro_blockade`.

    Attributes
    ----------
    concentrations : numpy.ndarray
        Drug concentrations (nM), first entry 0 (the control without drug).
    response : numpy.ndarray
        Readout per concentration (its statistic: value at ``t_end`` or peak).
    relative : numpy.ndarray
        Response over the drug-free control.
    fit : sigsim.protocols.HillFit or None
        Four-parameter Hill fit of response vs concentration (> 0); ``fit.mid`` is the IC50.
        None when not asked for, with fewer than 4 concentrations > 0, or when the response
        changes by less than 5 % of the control over the concentrations (no inhibition).
    ic50 : float
        ``fit.mid`` in nM (nan without a fit).
    result : sigsim.Result
        The simulation (sets in the order of ``concentrations``).
    """

    concentrations: np.ndarray
    response: np.ndarray
    relative: np.ndarray
    fit: object
    ic50: float
    result: object


def in_vitro_blockade(model, drug_species, concentrations, stimulus=None, preincubation_min=60.0,
                      readout="pSTAT3", t_end=30.0, statistic="end", params=None, fit=True,
                      n_times=61, rtol=1e-8, atol=1e-12, premix_min=None):
    """Pre-incubate cells with a drug, stimulate, and read the pathway response.

    The cells are brought to rest (steady state without drug), then incubated with the drug at
    each concentration for ``preincubation_min`` (drug added to the medium at that
    concentration), then stimulated at t = 0 with ``stimulus`` (added to the medium; the drug
    stays), and ``readout`` is taken at ``t_end`` (``statistic="end"``), as its maximum over
    0..t_end (``"peak"``), or as its time integral over 0..t_end (``"auc"``, trapezoid rule
    on the output grid: a proxy for a reporter gene that accumulates while the pathway is
    on). A 4-parameter Hill curve is fitted to the readout against the drug concentrations
    > 0; a drug-free control is always simulated first.

    With ``premix_min`` the protocol for ligand-neutralizing drugs is used instead: drug and
    stimulus are mixed without cells for ``premix_min`` (1:1 binding of the drug to those of
    its targets that are in the stimulus, with the model's ``kon_<drug>_<target>`` and
    ``KD_<drug>_<target>``), and the mixture is added at t = 0 to cells at rest that have not
    seen the drug (``preincubation_min`` is then not used). Concentrations are those in the
    final medium (no dilution).

    Parameters
    ----------
    model : sigsim.Model
        Model with the drug attached (or a native drug species such as ``IL1Ra``).
    drug_species : str
        Species of the drug in the model.
    concentrations : array_like
        Drug concentrations in nM (>= 0, finite); the 0 control is added if missing.
    stimulus : dict, optional
        ``{species: nM}`` added at t = 0; default ``{"IL6": 0.05}`` (50 pM IL-6).
    preincubation_min : float
        Pre-incubation with the drug before the stimulus, minutes (> 0).
    readout : str
        Observable (or species) read out.
    t_end : float
        Readout time after the stimulus, minutes (> 0).
    statistic : {"end", "peak", "auc"}
        Value at ``t_end``, the maximum over 0..t_end, or the integral over 0..t_end.
    params : dict, optional
        Parameter overrides (scalars) for pre-incubation and stimulation.
    fit : bool
        Fit the Hill curve (needs >= 4 concentrations > 0).
    n_times : int
        Output time points over 0..t_end.
    rtol, atol : float
        Solver tolerances.

    Returns
    -------
    BlockadeResult
    """
    import sigsim
    from sigsim.protocols import fit_hill

    if stimulus is None:
        stimulus = {"IL6": 0.05}
    species = model.species_names
    if drug_species not in species:
        close = difflib.get_close_matches(drug_species, species, n=5, cutoff=0.4)
        raise ModelError(f"drug species {drug_species!r} is not in model {model.name!r}"
                         + (f"; did you mean {close}?" if close else "")
                         + f" Species: {species}")
    for s, v in stimulus.items():
        if s not in species:
            raise ModelError(f"stimulus species {s!r} is not in model {model.name!r}; "
                             f"species: {species}")
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
            raise ModelError(f"stimulus {s!r} must be a finite number >= 0 nM; got {v!r}")
    observables = _observable_names(model)
    if readout not in observables and readout not in species:
        raise ModelError(f"readout {readout!r} is neither an observable nor a species of model "
                         f"{model.name!r}; observables: {observables}")
    if statistic not in ("end", "peak", "auc"):
        raise ModelError(f"statistic must be 'end', 'peak' or 'auc'; got {statistic!r}")
    _positive(preincubation_min, "preincubation_min")
    _positive(t_end, "t_end")
    c = np.asarray(concentrations, dtype=float).ravel()
    if c.size == 0 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ModelError(f"concentrations must be finite numbers >= 0 nM; got {concentrations!r}")
    c = np.unique(np.concatenate([[0.0], c]))
    t = np.linspace(0.0, float(t_end), int(n_times))
    if premix_min is None:
        pre = {"y0": {drug_species: c}, "duration": float(preincubation_min)}
        if params:
            pre["params"] = dict(params)
        y0 = dict(stimulus)
    else:
        _positive(premix_min, "premix_min")
        pre = {"params": dict(params)} if params else True
        y0 = _premix(model, drug_species, c, stimulus, float(premix_min), params or {})
    res = sigsim.simulate(model, t, params=dict(params or {}), y0=y0,
                          preequilibrate=pre, rtol=rtol, atol=atol, on_failure="raise")
    y = np.asarray(res[readout])
    if statistic == "end":
        response = y[:, -1]
    elif statistic == "peak":
        response = y.max(axis=1)
    else:
        response = np.trapezoid(y, t, axis=1) if hasattr(np, "trapezoid") else np.trapz(y, t, axis=1)
    relative = response / response[0] if response[0] != 0 else np.full_like(response, np.nan)
    hill, ic50 = None, float("nan")
    spread = np.nanmax(relative) - np.nanmin(relative) if np.all(np.isfinite(relative)) else 1.0
    if fit and np.count_nonzero(c > 0) >= 4 and spread >= 0.05:
        hill = fit_hill(c[1:], response[1:])
        ic50 = float(hill.mid)
    return BlockadeResult(c, response, relative, hill, ic50, res)


def _premix(model, drug, c, stimulus, duration, params):
    """Free drug, free stimulus and complexes after mixing without cells (1:1 binding)."""
    from scipy.integrate import solve_ivp

    def value(name):
        return float(params[name]) if name in params else float(model.parameter_info(name).value)

    targets = [s for s in stimulus if f"KD_{drug}_{s}" in model.parameter_names
               and f"{drug}_{s}" in model.species_names]
    y0 = {s: np.full(c.shape, float(v)) for s, v in stimulus.items()}
    y0[drug] = c.copy()
    if not targets:
        return y0
    kon = np.array([value(f"kon_{drug}_{s}") for s in targets])
    kd = np.array([value(f"KD_{drug}_{s}") for s in targets])
    n = len(targets)
    for i in range(len(c)):
        def rhs(_, y):
            d, tt, cc = y[0], y[1:1 + n], y[1 + n:]
            v = kon * d * tt - kon * kd * cc
            return np.concatenate([[-v.sum()], -v, v])
        start = np.concatenate([[c[i]], [float(stimulus[s]) for s in targets], np.zeros(n)])
        sol = solve_ivp(rhs, (0.0, duration), start, method="LSODA", rtol=1e-10, atol=1e-16)
        if not sol.success:
            raise ModelError(f"premix of {drug} with {targets} failed: {sol.message}")
        end = np.maximum(sol.y[:, -1], 0.0)
        y0[drug][i] = end[0]
        for j, s in enumerate(targets):
            y0[s][i] = end[1 + j]
            y0.setdefault(f"{drug}_{s}", np.zeros(c.shape))[i] = end[1 + n + j]
    return y0


def _observable_names(model):
    obs = model.observables
    if isinstance(obs, dict):
        return list(obs)
    return [o[0] if isinstance(o, tuple) else getattr(o, "name", o) for o in obs]
