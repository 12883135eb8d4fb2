"""numba signatures of generated model functions.

Every generated model function has one explicit signature, so that the generic batch entry
points can take it as a first-class function (``numba.types.FunctionType``): one compiled,
disk-cached copy of each solver then serves every model, and a new model only compiles its own
small functions.
"""

from numba import types

_VEC = types.float64[::1]

#: ``rhs(t, y, p, dy)``, ``jac(t, y, p, Jv)``, ``dfdt(t, y, p, ft)``, ``derived(t, y, p, out)``,
#: ``fluxes(t, y, p, w)``: outputs written in place into the last argument.
FUNC_SIG = types.void(types.float64, _VEC, _VEC, _VEC)
#: ``initial(p, y, fixed)``: writes expression initial values into ``y`` where not ``fixed``.
INIT_SIG = types.void(_VEC, _VEC, types.boolean[::1])

#: Lane forms ``rhs_lanes(t, y, p, dy)``, ``jac_lanes``, ``dfdt_lanes``: the same functions for
#: L parameter sets at once, ``t`` of shape (L,), ``y`` (n, L), ``p`` (n_p, L), outputs (m, L)
#: (lane index last, so that each statement runs over contiguous lanes).
LANE_SIG = types.void(_VEC, types.float64[:, ::1], types.float64[:, ::1], types.float64[:, ::1])

FUNC_TYPE = types.FunctionType(FUNC_SIG)
LANE_TYPE = types.FunctionType(LANE_SIG)
INIT_TYPE = types.FunctionType(INIT_SIG)

#: ``lu_solve(a, dinv, b, work)``: the substitutions with the sparse LU of ``W = shift*I - J``,
#: printed for the model's pattern (see :mod:`sigsim.codegen._lu`).
LU_SOLVE_SIG = types.void(_VEC, _VEC, _VEC, _VEC)
LU_SOLVE_TYPE = types.FunctionType(LU_SOLVE_SIG)

#: ``lu_solve_lanes(a, dinv, b)``: the same substitutions on every lane of the lane kernel
#: (``a`` (nnz_lu, L), ``dinv`` and ``b`` (n, L)); see :func:`sigsim.codegen._lu.lu_lanes_source`.
LANE_SOLVE_SIG = types.void(types.float64[:, ::1], types.float64[:, ::1],
                            types.float64[:, ::1])
LANE_SOLVE_TYPE = types.FunctionType(LANE_SOLVE_SIG)
#: ``lu_factor_lanes(Jv, shift, a, dinv, ok)``: ``W = shift*I - J`` factorized on every lane
#: (see :func:`sigsim.codegen._lu.lu_factor_lanes_source`).
LANE_FACTOR_SIG = types.void(types.float64[:, ::1], _VEC, types.float64[:, ::1],
                             types.float64[:, ::1], types.boolean[::1])
LANE_FACTOR_TYPE = types.FunctionType(LANE_FACTOR_SIG)
#: ``lu_factor(Jv, shift, a, dinv) -> ok``: ``W = shift*I - J`` built and factorized, printed
#: for the model's pattern (see :func:`sigsim.codegen._lu.lu_factor_source`).
LU_FACTOR_SIG = types.boolean(_VEC, types.float64, _VEC, _VEC)
LU_FACTOR_TYPE = types.FunctionType(LU_FACTOR_SIG)
