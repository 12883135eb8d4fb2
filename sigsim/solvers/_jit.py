"""How the solver kernels are compiled.

Every helper kernel is called only from other compiled code, never from Python, so it is compiled
without the CPython wrapper (argument unboxing, used only when Python calls in) and without the C
wrapper (used only for first-class function pointers). Both wrappers are compiled by default for
every ``@njit`` function; for the helpers of the Rosenbrock entry point (tuples of arrays as
arguments) they made up about a fifth of its cold compile time (measured: first simulation in an
empty cache 16.1 s -> 12.7 s, first lane-batched batch 28.6 s -> 20.7 s).

Tests that call a helper from Python wrap it with :func:`from_python`.
"""

from __future__ import annotations

import numba
from numba import njit

#: numba options of the helper kernels (cached, callable from compiled code only).
KERNEL_OPTIONS = {"cache": True, "no_cpython_wrapper": True, "no_cfunc_wrapper": True}

#: Decorator of a helper kernel.
kernel = njit(**KERNEL_OPTIONS)


def from_python(fn):
    """A Python-callable form of the helper kernel ``fn`` (for tests and interactive checks)."""
    if numba.config.DISABLE_JIT:
        return fn

    @njit
    def call(*args):
        return fn(*args)

    call.__name__ = call.__qualname__ = getattr(fn, "__name__", "kernel")
    return call
