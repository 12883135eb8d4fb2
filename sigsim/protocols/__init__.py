"""Protocols built on the engine: dose-response fits, readouts, sweeps, sensitivity,
combinations, and tidy output with run metadata."""

from ._hill import HillFit, fit_hill, hill_curve  # noqa: F401
from ._output import run_metadata, versions, write_metadata, write_table  # noqa: F401
