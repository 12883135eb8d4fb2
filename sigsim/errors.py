"""Exceptions raised by sigsim."""


class SigsimError(Exception):
    """Base class of all sigsim errors."""


class ModelError(SigsimError, ValueError):
    """A model definition is invalid: unknown symbol, duplicate name, bad unit, ..."""


class SimulationError(SigsimError, RuntimeError):
    """A simulation request is invalid or the solver failed."""
