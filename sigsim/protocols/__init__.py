"""Protocols built on the engine: dose-response fits and readouts (more to come)."""

from ._hill import HillFit, fit_hill, hill_curve  # noqa: F401
