"""In-vivo pathway readouts: a drug's plasma PK under a regimen drives a pathway model.

:func:`pathway_response_under_regimen` links the two halves of the drugs package: the popPK
model of a drug (:func:`sigsim.drugs._pk.pk_model`, days, mg) under a dosing regimen
(:func:`sigsim.drugs._regimen.regimen`) and a pathway model with the drug attached
(:mod:`sigsim.drugs._mechanisms`, :mod:`sigsim.drugs._kinase`).

**Approach: timescale separation.** The pathway responds to a stimulus in minutes (pSTAT3
peaks ~30 min after IL-6), while the plasma concentration changes over hours (ruxolitinib,
t1/2 ~3 h) to weeks (antibodies). So at each sample time the drug concentration seen by the
cells is treated as constant:

1. the PK model is simulated under the regimen; ``C_nM`` (central compartment, nM) is read at
   the sample times (at a sample time that coincides with an IV bolus the concentration just
   after the bolus; sample a little earlier for a trough. Infusions, SC and PO doses start
   from the pre-dose value). For antibodies and other binders this is the free plasma drug
   (the popPK models' central amount is unbound drug); for a kinase inhibitor it is the total
   plasma drug, and the kinase mechanism applies its free fraction ``fu_<drug>`` (ruxolitinib
   3 %);
2. the tissue (interstitial) concentration is ``tissue_factor * C_nM``: a stated factor with
   its unit (dimensionless) and source (``"assumed"`` with the reason when not measured;
   default 1, i.e. the cells see the plasma concentration);
3. for every sample time, the pathway model (drug attached) is taken from rest (its default
   state), incubated with the drug at that tissue concentration for ``preincubation_min``
   (drug species set in the medium; the cells were exposed for much longer in vivo, the
   incubation lets binding to the receptors settle), then stimulated at t = 0 (default 50 pM
   IL-6), and ``readout`` is read at ``readout_min``. All sample times and a drug-free control
   are one engine batch.

Not modelled: depletion of plasma drug by binding in the tissue (the PK model's Michaelis-Menten
or TMDD term already carries target-mediated clearance), drug distribution delays into the
tissue beyond the constant factor, and changes of the cells' state (receptor levels) over the
days of treatment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import ModelError
from ._library import get_drug

__all__ = ["SOURCES", "DEFAULT_ANTIBODY_KON", "PathwayUnderRegimen",
           "pathway_response_under_regimen", "attach_drug"]

SOURCES = {
    "antibody_kon": "assumed: typical antibody association rate 1e6 /(M*s) = 0.06 /(nM*min); "
                    "antibody on-rates were not located in the project's sources (sarilumab "
                    "and tocilizumab carry a kon fitted to Rafique 2013 in their records)",
    "tissue_factor": "assumed: interstitial free drug equal to plasma free drug (factor 1); "
                     "no tissue:plasma ratio located for the drugs of the library",
}

#: Association rate used by :func:`attach_drug` for antibodies, 1/(nM*min) (assumed, see
#: ``SOURCES["antibody_kon"]``).
DEFAULT_ANTIBODY_KON = 0.06


@dataclass
class PathwayUnderRegimen:
    """Result of :func:`pathway_response_under_regimen` (one row per sample time).

    Attributes
    ----------
    drug : str
        Drug name (species of the pathway model).
    regimen : str
        The regimen, in readable form.
    times_days : numpy.ndarray
        Sample times after the first dose, days.
    plasma_nM : numpy.ndarray
        PK model's ``C_nM`` at the sample times (free drug for binders; total drug for kinase
        inhibitors), nM.
    tissue_nM : numpy.ndarray
        ``tissue_factor * plasma_nM``: the drug concentration given to the pathway model, nM.
    readout : str
        Observable read out.
    response : numpy.ndarray
        Readout at ``readout_min`` after the stimulus, per sample time.
    control : float
        Readout of the drug-free control (same protocol, no drug).
    relative : numpy.ndarray
        ``response / control`` (1: no effect; 0: full block).
    tissue_factor : float
        Factor from plasma to tissue concentration (dimensionless).
    tissue_factor_source : str
        Its source.
    result : sigsim.Result
        The pathway simulation; set 0 is the control, set i+1 the sample time i.
    """

    drug: str
    regimen: str
    times_days: np.ndarray
    plasma_nM: np.ndarray
    tissue_nM: np.ndarray
    readout: str
    response: np.ndarray
    control: float
    relative: np.ndarray
    tissue_factor: float
    tissue_factor_source: str
    result: object = field(repr=False)

    def rows(self):
        """The result as a list of dicts (time_days, plasma_nM, tissue_nM, response, relative)."""
        return [{"time_days": float(t), "plasma_nM": float(p), "tissue_nM": float(c),
                 "response": float(r), "relative": float(q)}
                for t, p, c, r, q in zip(self.times_days, self.plasma_nM, self.tissue_nM,
                                         self.response, self.relative)]


def attach_drug(model, drug, kon=None, kon_source=None):
    """Attach a library drug to a pathway model with the mechanism of its kind.

    Parameters
    ----------
    model : sigsim.Model
        A built pathway model (copied, not changed).
    drug : str or Drug
        A library drug: ``kinase_inhibitor`` -> :func:`sigsim.drugs._kinase.inhibit_kinase`
        (record IC50s and fraction unbound); ``receptor_antibody`` ->
        :func:`sigsim.drugs._mechanisms.block_receptor` on those of its targets that the model
        has; ``ligand_antibody`` -> :func:`sigsim.drugs._mechanisms.neutralize_ligand`. The
        record's KD (nM) and its source are used.
    kon : float, optional
        Antibody association rate, 1/(nM*min); default: the record's ``kon`` per target where
        it has one, else :data:`DEFAULT_ANTIBODY_KON` (assumed).
    kon_source : str, optional
        Source of ``kon`` (required when ``kon`` is given).

    Returns
    -------
    sigsim.Model
        The model with the drug species named after the drug.

    Raises
    ------
    sigsim.ModelError
        A drug kind without a default mechanism (traps, antagonists, agonists: attach it
        yourself and pass ``attach``), no target of the drug in the model, a missing KD.
    """
    from ._kinase import inhibit_kinase
    from ._mechanisms import block_receptor, neutralize_ligand

    d = get_drug(drug)
    if d.kind == "kinase_inhibitor":
        return inhibit_kinase(model, d)
    if d.kind not in ("receptor_antibody", "ligand_antibody"):
        raise ModelError(f"drug {d.name!r} ({d.kind}): no default mechanism; attach it with a "
                         f"function of sigsim.drugs and pass attach=<function model -> model>")
    species = set(model.species_names)
    targets = [t for t in d.targets if t in species]
    if not targets:
        raise ModelError(f"drug {d.name!r}: none of its targets {list(d.targets)} is a species "
                         f"of model {model.name!r}")
    kd, src = {}, {}
    for t in targets:
        v = d.kd.get(t)
        if v is None or v.value is None:
            raise ModelError(f"drug {d.name!r}: no KD for {t!r} in its record; attach it "
                             f"yourself with a sourced KD and pass attach=")
        kd[t], src[t] = float(v.value), v.source
    if kon is None and all(d.kon.get(t) is not None and d.kon[t].value is not None
                           for t in targets):
        kon = {t: float(d.kon[t].value) for t in targets}
        kon_source = {t: d.kon[t].source for t in targets}
    elif kon is None:
        kon, kon_source = DEFAULT_ANTIBODY_KON, SOURCES["antibody_kon"]
    elif not isinstance(kon_source, str) or not kon_source.strip():
        raise ModelError(f"drug {d.name!r}: kon given without kon_source")
    fn = block_receptor if d.kind == "receptor_antibody" else neutralize_ligand
    return fn(model, d.name, targets, kon, kd, src, kon_source=kon_source)


def _number(value, what, positive=True):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ModelError(f"{what} must be a number; got {value!r}")
    v = float(value)
    if not math.isfinite(v) or (v <= 0 if positive else v < 0):
        raise ModelError(f"{what} must be a finite number {'> 0' if positive else '>= 0'}; "
                         f"got {value!r}")
    return v


def pathway_response_under_regimen(drug, regimen, pathway_model, times_days, *, attach=None,
                                   stimulus=None, readout="pSTAT3", readout_min=30.0,
                                   preincubation_min=60.0, tissue_factor=1.0,
                                   body_weight_kg=70.0, pk=None, params=None, rtol=1e-8,
                                   atol=1e-12):
    """Pathway response to a stimulus at times during a dosing regimen (plasma PK -> cells).

    See the module docstring for the approach (timescale separation: PK sampled at each time,
    pathway pre-incubated with the drug at that concentration, then stimulated).

    Parameters
    ----------
    drug : str or Drug
        A library drug with a popPK (:func:`sigsim.drugs._pk.pk_model`).
    regimen : str or Regimen
        E.g. ``"25 mg PO once"``, ``"8 mg/kg IV q4w x6"``; doses from day 0.
    pathway_model : sigsim.Model
        A pathway model, without the drug (``attach`` adds it) or already carrying a species
        named after the drug (then pass ``attach=False``).
    times_days : array_like
        Sample times after the first dose, days (finite, >= 0, at least one).
    attach : callable, False or None
        ``None``: :func:`attach_drug` (record mechanism, KD, IC50, fraction unbound);
        a callable ``f(model) -> model`` that adds a species named after the drug; ``False``:
        the model already has it.
    stimulus : dict, optional
        ``{species: nM}`` added at t = 0; default ``{"IL6": 0.05}`` (50 pM IL-6).
    readout : str
        Observable or species read out (default ``"pSTAT3"``).
    readout_min : float
        Minutes after the stimulus at which the readout is taken (> 0).
    preincubation_min : float
        Minutes of drug exposure before the stimulus (> 0).
    tissue_factor : float or (float, str)
        Tissue over plasma concentration (dimensionless, >= 0), optionally with its source;
        a bare number has the source ``SOURCES["tissue_factor"]`` when 1, else ``"assumed"``.
    body_weight_kg : float
        Body weight for per-kg doses.
    pk : sigsim.Model, optional
        A PK model to use instead of ``pk_model(drug)`` (species ``A_central`` in mg, time in
        days, assignment ``C_nM``).
    params : dict, optional
        Scalar parameter overrides of the pathway model (pre-incubation and stimulation).
    rtol, atol : float
        Solver tolerances of both simulations.

    Returns
    -------
    PathwayUnderRegimen

    Raises
    ------
    sigsim.ModelError
        Unknown drug, a drug without a popPK, bad times, factor or durations, a stimulus or
        readout not in the model, a drug species missing from the pathway model.
    """
    import sigsim
    from ._mechanisms import _observable_names
    from ._pk import pk_model
    from ._regimen import regimen as make_regimen

    d = get_drug(drug)
    if not isinstance(pathway_model, sigsim.Model):
        raise ModelError(f"pathway_model must be a sigsim.Model; got "
                         f"{type(pathway_model).__name__}")
    reg = make_regimen(regimen)
    pkm = pk_model(d) if pk is None else pk
    if not isinstance(pkm, sigsim.Model) or "C_nM" not in {n for n, _ in pkm.assignments}:
        raise ModelError(f"the PK model of {d.name!r} must be a sigsim.Model with the "
                         f"assignment C_nM (nM; needs the molecular weight)")
    t = np.asarray(times_days, dtype=float).ravel() if not isinstance(times_days, str) \
        else np.array([np.nan])
    if t.size == 0 or not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ModelError(f"times_days must be finite numbers >= 0 (days after the first dose); "
                         f"got {times_days!r}")
    if isinstance(tissue_factor, tuple):
        if len(tissue_factor) != 2 or not isinstance(tissue_factor[1], str) \
                or not tissue_factor[1].strip():
            raise ModelError(f"tissue_factor must be a number or (number, source); got "
                             f"{tissue_factor!r}")
        factor = _number(tissue_factor[0], "tissue_factor", positive=False)
        factor_src = tissue_factor[1]
    else:
        factor = _number(tissue_factor, "tissue_factor", positive=False)
        factor_src = SOURCES["tissue_factor"] if factor == 1.0 else \
            "assumed: tissue factor given without a source"
    readout_min = _number(readout_min, "readout_min")
    preincubation_min = _number(preincubation_min, "preincubation_min")
    body_weight_kg = _number(body_weight_kg, "body_weight_kg")

    # pathway model with the drug
    if attach is None:
        model = attach_drug(pathway_model, d)
    elif attach is False:
        model = pathway_model
    elif callable(attach):
        model = attach(pathway_model)
        if not isinstance(model, sigsim.Model):
            raise ModelError(f"attach must return a sigsim.Model; got {type(model).__name__}")
    else:
        raise ModelError(f"attach must be None, False or a function model -> model; "
                         f"got {attach!r}")
    species = model.species_names
    if d.name not in species:
        raise ModelError(f"drug species {d.name!r} is not in model {model.name!r} "
                         f"(attach the drug, or name its species after the drug)")
    if stimulus is None:
        stimulus = {"IL6": 0.05}
    if not isinstance(stimulus, dict) or not stimulus:
        raise ModelError(f"stimulus must be a non-empty dict {{species: nM}}; got {stimulus!r}")
    for s, v in stimulus.items():
        if s not in species:
            raise ModelError(f"stimulus species {s!r} is not in model {model.name!r}")
        _number(v, f"stimulus {s!r} (nM)", positive=False)
    if readout not in _observable_names(model) and readout not in species:
        raise ModelError(f"readout {readout!r} is neither an observable nor a species of model "
                         f"{model.name!r}")

    # plasma PK at the sample times
    t_end = float(t.max())
    grid = np.unique(np.concatenate([[0.0], t, [max(t_end, 1e-6)]]))
    doses = reg.doses(pkm, body_weight_kg=body_weight_kg, t_end=grid[-1])
    pk_res = sigsim.simulate(pkm, grid, doses=doses, rtol=rtol, atol=1e-12,
                             on_failure="raise")
    c_grid = np.asarray(pk_res["C_nM"])[0]
    plasma = np.interp(t, grid, c_grid)
    plasma = np.maximum(plasma, 0.0)
    tissue = factor * plasma

    # pathway: control (no drug) + one set per sample time, one batch
    conc = np.concatenate([[0.0], tissue])
    pre = {"y0": {d.name: conc}, "duration": preincubation_min}
    if params:
        pre["params"] = dict(params)
    res = sigsim.simulate(model, np.array([0.0, readout_min]), params=dict(params or {}),
                          y0=dict(stimulus), preequilibrate=pre, rtol=rtol, atol=atol,
                          on_failure="raise")
    y = np.asarray(res[readout])[:, -1]
    control = float(y[0])
    rel = y[1:] / control if control != 0 else np.full(t.shape, np.nan)
    return PathwayUnderRegimen(d.name, str(reg), t, plasma, tissue, readout, y[1:], control,
                               rel, factor, factor_src, res)
