"""Drugs of the review's tables: records with sources, unit conversion, dosing regimens,
pharmacokinetic models, and binding mechanisms that attach to any pathway model.

>>> from sigsim import drugs
>>> drugs.list_drugs()                      # the agents, with mechanism, targets, MW, KD, PK
>>> toc = drugs.get_drug("tocilizumab")
>>> pk = drugs.pk_model(toc)                # Frey et al. 2010 popPK (days, mg)
>>> doses = drugs.regimen("8 mg/kg IV q4w x6").doses(pk, body_weight_kg=70)
>>> m = drugs.block_receptor(sigsim.load_model("il6"), "sarilumab", ["IL6R", "sIL6R"],
...                          kon=0.06, kd=0.0619, source="rafique2013")
>>> drugs.in_vitro_blockade(m, "sarilumab", [0.01, 0.1, 1.0]).ic50

Status: records, units, regimens, PK and the binding mechanisms with in-vitro blockade are in
place; coupling a PK model to a pathway model (in-vivo mode), kinase inhibitors and agonist
variants as drug objects are still to come.
"""

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
]
