"""Drugs of the review's tables: records with sources, unit conversion, dosing regimens,
pharmacokinetic models, and binding mechanisms that attach to any pathway model.

>>> from sigsim import drugs
>>> drugs.list_drugs()                      # the agents, with mechanism, targets, MW, KD, PK
>>> toc = drugs.get_drug("tocilizumab")
>>> pk = drugs.pk_model(toc)                # Frey et al. 2010 popPK (days, mg)
>>> doses = drugs.regimen("8 mg/kg IV q4w x6").doses(pk, body_weight_kg=70)
>>> m = drugs.attach_drug(sigsim.load_model("il6"), "sarilumab")  # record's KD and kon
>>> # or by hand: drugs.block_receptor(model, "sarilumab", ["IL6R", "sIL6R"], kon=0.15,
>>> #     kd={"IL6R": 0.0128, "sIL6R": 0.0619}, source="rafique2013")
>>> drugs.in_vitro_blockade(m, "sarilumab", [0.01, 0.1, 1.0]).ic50

In vivo, ``serum_il6_model("tocilizumab")`` couples a drug's popPK to the soluble IL-6 axis in
plasma (IL-6, sIL-6R, sgp130 with turnover; drug-target complexes cleared like the antibody);
``inhibit_kinase`` attaches a JAK inhibitor (IC50s, plasma protein binding) to the pathway
models' JAK activity; ``pstat5_ec50``/``selectivity_index`` compare IL-2 and its muteins.

``pathway_response_under_regimen(drug, regimen, model, times_days)`` drives a pathway model with
the drug's plasma PK under a regimen (timescale separation: at each sample time the cells see
the plasma level times a stated tissue factor, are pre-incubated, stimulated and read out).

Still to come: olamkicept PK, bivalent binding, tissue distribution beyond a constant factor.
"""

from ._agonists import (Agonist, agonist_model, get_agonist, list_agonists, pstat5_ec50,
                        selectivity_index)
from ._coupling import PathwayUnderRegimen, attach_drug, pathway_response_under_regimen
from ._invivo import dose_window, serum_il6_model, simulate_serum_il6
from ._kinase import KinaseInhibitor, inhibit_kinase, kinase_activity
from ._library import Drug, Value, get_drug, list_drugs
from ._mechanisms import (BlockadeResult, block_receptor, in_vitro_blockade, ligand_trap,
                          native_species, neutralize_ligand, receptor_antagonist)
from ._pk import compartment_model, half_life, pk_model
from ._regimen import Regimen, parse_schedule, regimen, schedule_doses
from ._units import dose_to_mg, mass_conc_to_nM, nM_to_mg_per_L, to_nM, volume_to_L

__all__ = [
    "Drug", "Value", "get_drug", "list_drugs",
    "Regimen", "regimen", "parse_schedule", "schedule_doses",
    "compartment_model", "pk_model", "half_life",
    "dose_to_mg", "mass_conc_to_nM", "nM_to_mg_per_L", "to_nM", "volume_to_L",
    "neutralize_ligand", "block_receptor", "ligand_trap", "receptor_antagonist",
    "native_species", "in_vitro_blockade", "BlockadeResult",
    "serum_il6_model", "simulate_serum_il6", "dose_window",
    "pathway_response_under_regimen", "PathwayUnderRegimen", "attach_drug",
    "inhibit_kinase", "kinase_activity", "KinaseInhibitor",
    "Agonist", "agonist_model", "get_agonist", "list_agonists", "pstat5_ec50",
    "selectivity_index",
]
