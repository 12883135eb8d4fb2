"""Protocols built on the engine: dose-response fits, readouts, sweeps, sensitivity,
combinations, virtual populations, and tidy output with run metadata."""

from ._hill import HillFit, fit_hill, hill_curve  # noqa: F401
from ._output import run_metadata, versions, write_metadata, write_table  # noqa: F401
from ._population import virtual_population  # noqa: F401
from ._readouts import READOUT_KINDS, SteadyStateWarning, as_readout, readout  # noqa: F401
from ._sensitivity import (  # noqa: F401
    global_sensitivity,
    local_sensitivity,
    morris_indices,
    sobol_indices,
)
from ._sweep import SWEEP_METHODS, SweepResult, sweep  # noqa: F401
from ._synergy import SingleAgentFit, SynergyResult, synergy_scores  # noqa: F401
