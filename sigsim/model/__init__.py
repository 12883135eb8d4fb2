"""Model definition layer: species, parameters, reactions, rules, units and sources.

Plain Python + sympy (never numba). The public entry point is :class:`Model`; code
generation and simulation consume its internal API (``species_names``, ``reactions``,
``rhs_expressions``, ``digest``, ...).
"""

from ._expr import TIME, parse_expression
from ._info import ParameterInfo, Reaction, SpeciesInfo
from ._model import Model
from ._units import Unit, parse_unit

__all__ = ["Model", "TIME", "parse_expression", "SpeciesInfo", "ParameterInfo", "Reaction",
           "Unit", "parse_unit"]
