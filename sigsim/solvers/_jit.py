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

import functools
import hashlib
from pathlib import Path

import numba
from numba import njit

# ---------------------------------------------------------------------------------------------
# Cache freshness. numba keys a cached function on its own source file only, yet a kernel
# compiles into itself the kernels it calls from other files: after an edit of _stepping.py,
# the cached rosenbrock_lanes of _lanes.py would still hold the old step-size control. The
# kernels of this package are therefore cached with a stamp that also carries a hash of every
# solver source file, so that any change recompiles them all. (numba's locator classes are
# not public API: if they change, the default per-file stamp applies, as before.)
_SOLVERS = Path(__file__).resolve().parent


def hash_files(files) -> str:
    """SHA-256 (hex) of the names and contents of ``files``, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def solver_sources_hash() -> str:
    """Hash of the solver package's sources (every ``*.py`` of ``sigsim/solvers``)."""
    return hash_files(sorted(_SOLVERS.glob("*.py")))


def _install_cache_locator():
    try:
        from numba.core import caching
        base = caching._CacheLocator
        impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl
    except (ImportError, AttributeError):
        return False

    class SolverSourcesLocator(base):
        """numba's usual locator for a solver file, its stamp extended by the hash of all
        solver sources."""

        def __init__(self, inner):
            self._inner = inner

        def ensure_cache_path(self):
            self._inner.ensure_cache_path()

        def get_cache_path(self):
            return self._inner.get_cache_path()

        def get_source_stamp(self):
            return (self._inner.get_source_stamp(), solver_sources_hash())

        def get_disambiguator(self):
            return self._inner.get_disambiguator()

        @classmethod
        def from_function(cls, py_func, py_file):
            try:
                if Path(py_file).resolve().parent != _SOLVERS:
                    return None
            except OSError:
                return None
            for other in impl._locator_classes:
                if other is not cls:
                    inner = other.from_function(py_func, py_file)
                    if inner is not None:
                        return cls(inner)
            return None

    if not any(getattr(c, "__name__", "") == "SolverSourcesLocator"
               for c in impl._locator_classes):
        impl._locator_classes.insert(0, SolverSourcesLocator)
    return True


CACHE_LOCATOR_INSTALLED = _install_cache_locator()

#: numba options of the helper kernels (cached, callable from compiled code only).
KERNEL_OPTIONS = {"cache": True, "no_cpython_wrapper": True, "no_cfunc_wrapper": True,
                  "error_model": "numpy"}

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


# ---------------------------------------------------------------------------------------------
# Borrowed arrays. numba counts references to every array through its meminfo, with an atomic
# (locked) increment and decrement each time an array is passed to a kernel that is not inlined
# or a view of it is made: for small models these atomics were a sixth of a step's time. An
# array whose meminfo is NULL is not counted (NRT_incref/decref test for NULL first), so the
# solvers work on borrowed views of arrays whose owner outlives them: arguments (the caller holds
# them) and local allocations kept alive with :func:`keep_alive` after their last use.
from numba.core import cgutils, types  # noqa: E402
from numba.extending import intrinsic  # noqa: E402


def _borrow_value(context, builder, ty, val):
    if isinstance(ty, types.Array):
        src = context.make_array(ty)(context, builder, val)
        dst = context.make_array(ty)(context, builder)
        context.populate_array(dst, data=src.data, shape=src.shape, strides=src.strides,
                               itemsize=src.itemsize, meminfo=None)
        return dst._getvalue()
    if isinstance(ty, types.BaseTuple):
        items = [_borrow_value(context, builder, t, builder.extract_value(val, i))
                 for i, t in enumerate(ty.types)]
        return context.make_tuple(builder, ty, items)
    context.nrt.incref(builder, ty, val)        # anything else is passed on as it is
    return val


@intrinsic
def borrowed(typingctx, x):
    """``x`` (an array, or a tuple of arrays and other values, nested) with every array's
    meminfo set to NULL: same data, no reference counting. The owner must outlive the view."""
    def codegen(context, builder, sig, args):
        return _borrow_value(context, builder, sig.args[0], args[0])
    return x(x), codegen


@intrinsic
def keep_alive(typingctx, x):
    """No code: a use of ``x`` (pass a tuple for several), so that numba releases it only
    after this point."""
    def codegen(context, builder, sig, args):
        return context.get_dummy_value()
    return types.none(x), codegen



@intrinsic
def merge_last_axes(typingctx, a):
    """The C-contiguous array ``a`` (ndim >= 2) as a view with its last two axes merged,
    e.g. (s, n, L) -> (s, n*L). What ``a.reshape`` gives, without the library call that
    numba's reshape makes each time (a few percent of a lane-batched sweep)."""
    if not (isinstance(a, types.Array) and a.layout == "C" and a.ndim >= 2):
        return None
    ret = a.copy(ndim=a.ndim - 1)

    def codegen(context, builder, sig, args):
        src = context.make_array(sig.args[0])(context, builder, args[0])
        dst = context.make_array(sig.return_type)(context, builder)
        shape = [builder.extract_value(src.shape, i) for i in range(a.ndim)]
        strides = [builder.extract_value(src.strides, i) for i in range(a.ndim)]
        new_shape = shape[:-2] + [builder.mul(shape[-2], shape[-1])]
        new_strides = strides[:-2] + [strides[-1]]
        context.populate_array(dst, data=src.data,
                               shape=cgutils.pack_array(builder, new_shape),
                               strides=cgutils.pack_array(builder, new_strides),
                               itemsize=src.itemsize, meminfo=src.meminfo)
        out = dst._getvalue()
        context.nrt.incref(builder, sig.return_type, out)
        return out
    return ret(a), codegen


def merge_last_axes_plain(a):
    """:func:`merge_last_axes` in plain Python (NumPy's reshape)."""
    return a.reshape(a.shape[:-2] + (a.shape[-2] * a.shape[-1],))


if numba.config.DISABLE_JIT:     # plain Python (NUMBA_DISABLE_JIT=1): nothing is counted
    def borrowed(x):  # noqa: F811
        return x

    def keep_alive(x):  # noqa: F811
        return None

    merge_last_axes = merge_last_axes_plain  # noqa: F811
