"""sigsim: compiled simulator of interleukin signaling in the tumor microenvironment."""

__version__ = "0.1.0"

from .errors import ModelError, SigsimError, SimulationError  # noqa: F401
