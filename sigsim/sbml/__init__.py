"""SBML import and export (python-libsbml, the optional extra ``sigsim[sbml]``).

``read_sbml(path_or_string, name=None) -> Model`` imports SBML Level 2-3 models;
``write_sbml(model, path=None)`` (also ``Model.to_sbml`` and ``sigsim.write_sbml``) exports
SBML Level 3 Version 2 with unit definitions, events, and each parameter's source as an
annotation. A sigsim annotation the import ignores because it contradicts the SBML gives an
``SBMLAnnotationWarning``. Elements sigsim cannot simulate (import) or SBML cannot express
(export) faithfully are refused with an error naming the element and its id, never dropped.
"""

from __future__ import annotations

__all__ = ["read_sbml", "write_sbml", "SBMLAnnotationWarning"]


def __getattr__(name):
    if name == "read_sbml":
        from ._import import read_sbml
        return read_sbml
    if name == "SBMLAnnotationWarning":
        from ._import import SBMLAnnotationWarning
        return SBMLAnnotationWarning
    if name == "write_sbml":
        from ._export import write_sbml
        return write_sbml
    raise AttributeError(f"module 'sigsim.sbml' has no attribute {name!r}")


def require_libsbml():
    """Import python-libsbml, or raise a clear error saying how to install it."""
    try:
        import libsbml
    except ImportError:
        from ..errors import ModelError
        raise ModelError("SBML support needs python-libsbml: pip install 'sigsim[sbml]' "
                         "(or pip install python-libsbml)") from None
    return libsbml
