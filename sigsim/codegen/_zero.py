"""``df/dt`` of autonomous models: zero. Shared by every such model (compiled once, cached on
disk) instead of compiling one all-zero function per model. Also the stand-ins passed for a
model's printed lane LU functions when a batch uses the generic ones."""

from numba import njit


@njit(cache=True)  # FUNC_SIG, compiled on first use
def dfdt(t, y, p, ft):
    for i in range(ft.shape[0]):
        ft[i] = 0.0


@njit(cache=True)  # LANE_SIG, compiled on first use
def dfdt_lanes(t, y, p, ft):
    for i in range(ft.shape[0]):
        for l in range(ft.shape[1]):
            ft[i, l] = 0.0


@njit(cache=True)  # LANE_FACTOR_SIG, compiled on first use
def no_lu_factor_lanes(Jv, shift, a, dinv, ok):
    # stands in for a model's printed lane factorization where it is not used
    pass


@njit(cache=True)  # LANE_SOLVE_SIG, compiled on first use
def no_lu_solve_lanes(a, dinv, b):
    # stands in for a model's printed lane substitutions where they are not used
    pass
