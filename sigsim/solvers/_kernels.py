"""Generic numba solver kernels: adaptive Rosenbrock (Rodas family), variable-order BDF and
explicit Runge-Kutta.

The kernels are ``@njit(inline="always")`` and receive the model functions as arguments, so
that a model's generated module can call them from its own cached entry points (see the
package design notes).  Semantics shared by the kernels:

* integration starts at ``t_out[0]`` from a copy of ``y0`` with a copy of ``p``;
* output times inside an accepted step are interpolated with the method's continuous
  extension (the tableau's ``H``/``B_dense``); steps are clipped only to event times and to the
  last output time (the unclipped step-size proposal is kept for the next step).  A tableau
  passed without its extension (``arrays(dense_output=False)``) clips a step onto every output
  time instead;
* events stop the integrator exactly at their time, are applied in order, and restart it
  (new initial step; for Rosenbrock a new Jacobian); an output at an event time reports the
  state after the events; events before ``t_out[0]`` or after ``t_out[-1]`` are ignored;
* on failure the unreached rows of ``y_out`` are NaN and a status code is returned (never an
  exception); statistics accumulate into ``stats``.

Step-size control and the error norm are described in :mod:`sigsim.solvers._stepping`.
"""

from ._bdf import bdf_solve  # noqa: F401
from ._rk import rk_solve  # noqa: F401
from ._rosenbrock import rosenbrock_solve  # noqa: F401
