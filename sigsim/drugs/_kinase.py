"""Kinase (JAK) inhibitors acting on the JAK activity of a pathway model.

:func:`inhibit_kinase` returns a NEW model (the pathway model's own definition is not edited)
with

- a drug species ``<drug>`` (nM, total drug: the plasma total in vivo, the medium concentration
  in vitro; it has no reactions, so it stays at the value given through ``y0``, or follows dose
  events),
- parameters ``fu_<drug>`` (fraction unbound, dimensionless) and ``IC50_<drug>_<kinase>``
  (nM of free drug),
- assignments ``<drug>_free = fu_<drug>*<drug>`` and, per inhibited kinase,
  ``<drug>_act_<kinase> = 1/(1 + <drug>_free/IC50_<drug>_<kinase>)`` (the fraction of kinase
  activity left),
- the model's JAK "hooks" (see :data:`JAK_HOOKS`) multiplied by those fractions wherever the
  model uses them (rate laws, assignments, observables),
- observables ``<drug>_free_nM`` (free drug) and ``<drug>_activity_<kinase>``.

In vitro, pass the model to :func:`sigsim.drugs.in_vitro_blockade` with ``drug_species`` the
drug name (the total drug is then the medium concentration; set ``fraction_unbound`` to the
free fraction in the medium, 1 without serum). In vivo, a PK model's total plasma concentration
drives the drug species; ``fu_<drug>`` maps it to free drug.

The model is rebuilt from its declarations (same names, units, sources and order), so the
parent's equations are kept; only uses of a hook get the factor.

**Assumptions** (stated, not sourced). The inhibitor is in rapid equilibrium with its kinase and
is not depleted by binding (JAKs are at tens of nM in the cell, the drug at hundreds of nM total);
free drug in the cell equals free drug outside (passive diffusion of a small molecule); the
enzymatic IC50 is used as the free-drug IC50 in the cell unless the caller gives another value
(for an ATP-competitive inhibitor the millimolar ATP of a cell would raise it - Cheng-Prusoff -
which the ``ic50_nM`` argument allows one to express). Where a hook is used by two kinases of
the same complex (il2: JAK1/JAK3), the activity left is the product of the two fractions (the
complex needs both kinases).

Hooks per model (:data:`JAK_HOOKS`):

- ``il6``: JAK1 -> ``JAK_act`` (active JAK1 phosphorylating STAT3, SHP2 and PI3K) and
  ``k_jak1`` (JAK1 trans-phosphorylation in the receptor complex).
- ``il2``: JAK1 and JAK3 -> ``JAK_activity`` (the model's own multiplicative JAK activity).
- ``il4``: JAK1 -> ``kpS_J1`` (STAT6 phosphorylation by pJAK1); JAK2 -> ``kpS_Jp`` (STAT5
  phosphorylation by pJAK2; only non-zero in the ``medb1`` context). JAK activation steps in il4
  share one rate constant (``kJp``) between JAK3 and TYK2/JAK2, so they have no per-kinase hook.
- ``il1`` and ``tumor_immune_il2``: no JAK (IL-1 signals through IRAK/TAK1) -> a clear error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import ModelError
from ._library import Drug, get_drug
from ._mechanisms import _positive

__all__ = ["SOURCES", "JAK_HOOKS", "KINASES", "inhibit_kinase", "kinase_activity",
           "KinaseInhibitor"]

SOURCES = {
    "QuintasCardama2010": "Quintas-Cardama A, Vaddi K, Liu P, et al. Preclinical "
                          "characterization of the selective JAK1/2 inhibitor INCB018424: "
                          "therapeutic implications for the treatment of myeloproliferative "
                          "neoplasms. Blood. 2010;115(15):3109-3117. doi:10.1182/blood-2009-04-"
                          "214957 (DOI not verified in this session). Enzymatic IC50 JAK1 3.3 nM, "
                          "JAK2 2.8 nM, TYK2 19 nM, JAK3 428 nM; IL-6-induced pSTAT3 in human "
                          "whole blood IC50 281 nM (abstract figure as recalled; not verified "
                          "in this session)",
    "label": "Jakafi (ruxolitinib) prescribing information: 97% bound to plasma proteins "
             "(mostly albumin), i.e. 3% unbound (secondary, via the project's literature notes)",
}

#: The JAK family members an inhibitor may name.
KINASES = ("JAK1", "JAK2", "JAK3", "TYK2")

#: model name -> {kinase: [names (parameters or assignments) scaled by its activity left]}.
JAK_HOOKS = {
    "il6": {"JAK1": ["JAK_act", "k_jak1"]},
    "il2": {"JAK1": ["JAK_activity"], "JAK3": ["JAK_activity"]},
    "il4": {"JAK1": ["kpS_J1"], "JAK2": ["kpS_Jp"]},
    "il1": {},
    "tumor_immune_il2": {},
}

_NO_JAK = {
    "il1": "IL-1 signals through MyD88/IRAK4/IRAK1/TRAF6/TAK1, not through JAKs",
    "tumor_immune_il2": "it is a tumor-level model without intracellular signaling",
}


@dataclass(frozen=True)
class KinaseInhibitor:
    """What :func:`inhibit_kinase` attached (returned with the model when ``return_info``).

    Attributes
    ----------
    drug : str
        Drug species name.
    kinases : tuple of str
        Kinases inhibited in this model (targets that have a hook).
    ignored : tuple of str
        Targets of the drug without a hook in this model (not modelled there).
    ic50_nM : dict
        Kinase -> free-drug IC50 (nM).
    fraction_unbound : float
    hooks : dict
        Kinase -> names of the model scaled by its activity left.
    """

    drug: str
    kinases: tuple
    ignored: tuple
    ic50_nM: dict
    fraction_unbound: float
    hooks: dict

    def activity(self, total_nM, kinase):
        """Fraction of ``kinase`` activity left at a total drug concentration (nM)."""
        return kinase_activity(total_nM, self.ic50_nM[kinase], self.fraction_unbound)


def kinase_activity(total_nM, ic50_nM, fraction_unbound=1.0):
    """Fraction of kinase activity left, ``1/(1 + fu*total/IC50)``.

    Parameters
    ----------
    total_nM : float or array_like
        Total drug concentration (nM, >= 0).
    ic50_nM : float
        Free-drug IC50 (nM, > 0).
    fraction_unbound : float
        Free fraction in (0, 1].

    Returns
    -------
    numpy.ndarray or float
    """
    c = np.asarray(total_nM, dtype=float)
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ModelError(f"drug concentration must be finite and >= 0 nM; got {total_nM!r}")
    ic50 = _positive(ic50_nM, "ic50_nM")
    fu = _fraction(fraction_unbound)
    out = 1.0 / (1.0 + fu * c / ic50)
    return float(out) if out.ndim == 0 else out


def _fraction(value):
    v = _positive(value, "fraction_unbound")
    if v > 1:
        raise ModelError(f"fraction_unbound must be in (0, 1]; got {value!r}")
    return v


def _sub(text, names, factor):
    """Replace each whole-word use of a hook name by ``(name*factor)``."""
    for n in names:
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])",
                      f"({n}*{factor[n]})", text)
    return text


def inhibit_kinase(model, drug="ruxolitinib", targets=None, ic50_nM=None, fraction_unbound=None,
                   source=None, note="", return_info=False):
    """Attach a JAK inhibitor to a pathway model, scaling its JAK activity by 1/(1 + free/IC50).

    Parameters
    ----------
    model : sigsim.Model
        A built pathway model (``il6``, ``il2``, ``il4``); copied, not changed. Its ``name``
        selects the hooks of :data:`JAK_HOOKS`.
    drug : str or Drug
        A library drug (its ``kd`` gives the enzymatic IC50s, ``pk["fu"]`` the fraction unbound)
        or any identifier when ``ic50_nM`` and ``source`` are given.
    targets : str or list of str, optional
        Kinases inhibited (of :data:`KINASES`); default the drug record's targets. Targets
        without a hook in this model are ignored (listed in the returned info); none with a
        hook is an error.
    ic50_nM : float or dict, optional
        Free-drug IC50 in nM (one value, or ``{kinase: value}``); default the record's values.
    fraction_unbound : float, optional
        Free fraction of the total drug in (0, 1]; default the record's ``pk["fu"]`` (plasma;
        ruxolitinib 0.03) or 1. Pass 1 for serum-free medium.
    source : str, optional
        Source of ``ic50_nM`` when given (required then).
    note : str
        Added to the IC50 parameter notes.
    return_info : bool
        Also return a :class:`KinaseInhibitor`.

    Returns
    -------
    sigsim.Model or (sigsim.Model, KinaseInhibitor)
        The new model with species ``<drug>`` (total drug, nM, initial 0), observables
        ``<drug>_free_nM`` and ``<drug>_activity_<kinase>``.

    Raises
    ------
    sigsim.ModelError
        Unknown drug or kinase, a model without a JAK hook, a non-positive IC50 or fraction,
        a name clash.
    """
    from ..model import Model

    if not isinstance(model, Model):
        raise ModelError(f"expected a sigsim.Model; got {type(model).__name__}")
    record = None
    if isinstance(drug, Drug) or ic50_nM is None:
        record = get_drug(drug)
        if record.kind != "kinase_inhibitor":
            raise ModelError(f"drug {record.name!r} is a {record.kind}, not a kinase inhibitor")
        name = record.name
    else:
        name = drug
    if not isinstance(name, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", name):
        raise ModelError(f"drug name must be an identifier; got {name!r}")
    if record is None:
        try:
            record = get_drug(name)
        except ModelError:
            record = None
    if targets is None:
        if record is None:
            raise ModelError(f"drug {name!r}: give targets (kinases of {KINASES})")
        targets = [t for t in record.targets]
    if isinstance(targets, str):
        targets = [targets]
    targets = list(targets)
    if not targets:
        raise ModelError(f"drug {name!r}: no target kinase given")
    bad = [t for t in targets if t not in KINASES]
    if bad:
        raise ModelError(f"drug {name!r}: unknown kinase target(s) {bad}; known: {list(KINASES)}")
    if model.name not in JAK_HOOKS:
        raise ModelError(f"model {model.name!r} has no known JAK activity hook (models with "
                         f"hooks: {sorted(k for k, v in JAK_HOOKS.items() if v)})")
    hooks = JAK_HOOKS[model.name]
    if not hooks:
        raise ModelError(f"model {model.name!r} has no JAK activity to inhibit: "
                         f"{_NO_JAK.get(model.name, 'no JAK hook')}")
    kinases = [t for t in targets if t in hooks]
    ignored = tuple(t for t in targets if t not in hooks)
    if not kinases:
        raise ModelError(f"drug {name!r}: none of its targets {targets} has a hook in model "
                         f"{model.name!r} (hooks: {hooks})")
    # IC50 per kinase, with sources
    ic50, src = {}, {}
    for k in kinases:
        if ic50_nM is None:
            v = record.kd.get(k) if record is not None else None
            if v is None or v.value is None:
                raise ModelError(f"drug {name!r}: no IC50 for {k} in its record; give ic50_nM")
            ic50[k], src[k] = _positive(v.value, f"IC50 of {name} on {k}"), v.source
        else:
            val = ic50_nM.get(k) if isinstance(ic50_nM, dict) else ic50_nM
            if val is None:
                raise ModelError(f"drug {name!r}: ic50_nM has no value for {k}")
            if not isinstance(source, str) or not source.strip():
                raise ModelError(f"drug {name!r}: ic50_nM given without a source (a citation "
                                 f"with DOI/PMID or 'assumed' with the reason in note)")
            ic50[k], src[k] = _positive(val, f"IC50 of {name} on {k}"), source
    if fraction_unbound is None:
        fu_v = record.pk.get("fu") if record is not None else None
        if fu_v is not None and fu_v.value is not None:
            fu, fu_src = _fraction(fu_v.value), fu_v.source
        else:
            fu, fu_src = 1.0, "assumed"
    else:
        fu, fu_src = _fraction(fraction_unbound), (source or "assumed")

    names = {name, f"fu_{name}", f"{name}_free", f"{name}_free_nM"} | {f"IC50_{name}_{k}" for k in kinases} \
        | {f"{name}_act_{k}" for k in kinases} | {f"{name}_activity_{k}" for k in kinases}
    existing = set(model.species_names) | set(model.parameter_names) \
        | {n for n, _ in model.assignments} | {n for n, _ in model.observables} \
        | {r.name for r in model.reactions}
    clash = sorted(names & existing)
    if clash:
        raise ModelError(f"drug {name!r}: name(s) {clash} already exist in model {model.name!r}")
    for k in kinases:
        for h in hooks[k]:
            if h not in existing:
                raise ModelError(f"model {model.name!r} lacks {h!r}, the JAK hook of {k}")
    factor = {}
    for k in kinases:
        for h in hooks[k]:
            factor[h] = (factor[h] + "*" if h in factor else "") + f"{name}_act_{k}"

    m = Model(model.name, time_unit=model.time_unit, description=model.description)
    for p in model.parameter_names:
        i = model.parameter_info(p)
        m.parameter(p, i.value, unit=i.unit, source=i.source, note=i.note)
    m.parameter(f"fu_{name}", fu, unit="dimensionless", source=fu_src,
                note=f"fraction of total {name} that is unbound (free); plasma value by default")
    for k in kinases:
        m.parameter(f"IC50_{name}_{k}", ic50[k], unit="nM", source=src[k],
                    note=f"free {name} that halves {k} activity (enzymatic IC50 used as the "
                         f"in-cell value unless given). {note}".strip())
    for s in model.species_names:
        i = model.species_info(s)
        value = i.value_text if i.value_text is not None else i.value
        m.species(s, value, unit=i.unit, constant=i.constant, note=i.note, source=i.source)
    m.species(name, 0.0, unit="nM", note=f"total {name} (plasma total in vivo, medium in vitro); "
                                         f"no reactions: set by y0 or dose events")
    m.assignment(f"{name}_free", f"fu_{name}*{name}")
    for k in kinases:
        m.assignment(f"{name}_act_{k}", f"1/(1 + {name}_free/IC50_{name}_{k})")
    hooked = list(factor)
    for n, (_, text) in model._assignments.items():
        m.assignment(n, _sub(text, hooked, factor))
    for r in model.reactions:
        m.reaction(r.equation, _sub(r.rate_text, hooked, factor), name=r.name, note=r.note)
    for s, (_, text) in model._rate_rules.items():
        m.ode(s, _sub(text, hooked, factor))
    for n, (_, text) in model._observables.items():
        m.observable(n, _sub(text, hooked, factor))
    m.observable(f"{name}_free_nM", f"{name}_free")
    for k in kinases:
        m.observable(f"{name}_activity_{k}", f"{name}_act_{k}")
    info = KinaseInhibitor(name, tuple(kinases), ignored, dict(ic50), fu,
                           {k: list(hooks[k]) for k in kinases})
    return (m, info) if return_info else m
