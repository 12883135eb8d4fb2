"""Orchestration: validate inputs, allocate outputs, call generated entry points, wrap results."""

from ._compiled import CompiledModel, compile_model  # noqa: F401
from ._doses import Bolus, Infusion, SetParameter  # noqa: F401
from ._results import STAT_NAMES, Result  # noqa: F401
from ._simulate import METHODS, SimulationWarning, simulate  # noqa: F401
from ._steady import SteadyState, steady_state  # noqa: F401
