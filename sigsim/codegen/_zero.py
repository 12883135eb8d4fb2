"""``df/dt`` of autonomous models: zero. Shared by every such model (compiled once, cached on
disk) instead of compiling one all-zero function per model."""

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
