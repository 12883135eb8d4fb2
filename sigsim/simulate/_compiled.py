"""A model's compiled form: generated module, sparsity structure, conservation laws."""

from __future__ import annotations

import threading
from functools import cached_property

import numpy as np

from ..codegen import load_module

_COMPILED: dict = {}
_LOCK = threading.Lock()

#: Systems at most this large, or denser than ``DENSE_FRACTION``, use dense LU.
DENSE_MAX_N = 6
DENSE_FRACTION = 0.5


class CompiledModel:
    """The structure-only, compiled counterpart of a :class:`sigsim.Model`.

    Values (parameters, initial concentrations) are not part of it: they are passed at each
    call, so one compiled model serves every parameter set of the same structure.
    """

    def __init__(self, model):
        model.validate()
        self.name = model.name
        self.digest = model.digest()
        self.module, _ = load_module(model)
        self.species = list(model.species_names)
        self.parameters = list(model.parameter_names)
        self.derived = [a for a, _ in model.assignments] + [o for o, _ in model.observables]
        self.reactions = [r.name for r in model.reactions]
        self.constant = np.array([bool(model.species_info(s).constant) for s in self.species])
        self.jac_rows = np.ascontiguousarray(self.module.JAC_ROWS, dtype=np.int64)
        self.jac_cols = np.ascontiguousarray(self.module.JAC_COLS, dtype=np.int64)
        self.expression_initials = list(model.initial_expressions())
        self._stoich = np.asarray(model.stoichiometry(), dtype=float)
        self._rule_species = set(model.rate_rules)
        check = (len(self.species), len(self.parameters), len(self.derived))
        found = (self.module.N_STATES, self.module.N_PARAMS, self.module.N_DERIVED)
        if check != found:
            raise RuntimeError(f"generated module of {self.name!r} does not match the model "
                               f"(states, parameters, derived: {found} vs {check}); "
                               "clear the sigsim cache folder")

    @property
    def n(self):
        return len(self.species)

    @property
    def n_param_slots(self):
        """Length of the kernels' parameter vector: parameters, then infusion slots."""
        return len(self.parameters) + self.n

    @cached_property
    def sparse_lu(self):
        from ..solvers._sparse import SparseLU

        return SparseLU(self.n, self.jac_rows, self.jac_cols)

    def use_dense(self, linear_solver="auto"):
        if linear_solver == "dense":
            return True
        if linear_solver == "sparse":
            return False
        if linear_solver != "auto":
            raise ValueError(f"linear_solver must be 'auto', 'sparse' or 'dense'; got {linear_solver!r}")
        n = self.n
        return n <= DENSE_MAX_N or len(self.jac_rows) + n > DENSE_FRACTION * n * n

    @cached_property
    def conservation(self):
        """(L, dep): conservation laws over the species (rows) and one dependent species each."""
        from ..model._conservation import conservation_laws

        # species with rate rules, constant species and those that no reaction touches are
        # excluded: a law must hold for every trajectory of the mass-action part only
        excluded = np.array([s in self._rule_species for s in self.species]) | self.constant
        if self.n == 0:
            return np.zeros((0, 0)), np.zeros(0, dtype=np.int64)
        L, dep = conservation_laws(self._stoich, excluded)
        return np.ascontiguousarray(L, dtype=float), np.ascontiguousarray(dep, dtype=np.int64)

    def __repr__(self):
        return (f"<CompiledModel {self.name!r}: {self.n} states, {len(self.parameters)} "
                f"parameters, Jacobian nnz {len(self.jac_rows)}, module {self.module.__name__}>")


def compile_model(model) -> CompiledModel:
    """Compile ``model`` (or reuse the compiled form of a model with the same structure)."""
    digest = model.digest()
    with _LOCK:
        cm = _COMPILED.get(digest)
    if cm is None:
        cm = CompiledModel(model)
        with _LOCK:
            _COMPILED[digest] = cm
    return cm
