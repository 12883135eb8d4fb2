"""sigsim: compiled simulator of interleukin signaling in the tumor microenvironment.

Quick start::

    import sigsim
    m = sigsim.Model("binding", time_unit="min")
    m.species("L", 1.0, unit="nM"); m.species("R", 0.5, unit="nM"); m.species("C", 0.0, unit="nM")
    m.parameter("kon", 0.1, unit="1/(nM*min)", source="assumed")
    m.parameter("koff", 0.01, unit="1/min", source="assumed")
    m.reaction("L + R -> C", "kon*L*R")
    m.reaction("C -> L + R", "koff*C")
    res = sigsim.simulate(m, t=[0, 10, 60])
    res["C"]          # shape (n_sets, n_times)
"""

__version__ = "0.1.0"

from .errors import ModelError, SigsimError, SimulationError  # noqa: F401,E402
from .library import list_models, load_model  # noqa: F401,E402
from .model import TIME, Model  # noqa: F401,E402
from .simulate import (  # noqa: F401,E402
    METHODS,
    Bolus,
    Infusion,
    Result,
    SetParameter,
    SimulationWarning,
    SteadyState,
    compile_model,
    simulate,
    steady_state,
)
from . import drugs  # noqa: F401,E402  (sigsim.drugs: the drug library, PK and mechanisms)


def read_sbml(source, name: str | None = None):
    """Import an SBML model (a path or an XML string) as a :class:`Model`, named ``name``
    when given; see :func:`sigsim.sbml.read_sbml`. Needs python-libsbml
    (``pip install 'sigsim[sbml]'``)."""
    from .sbml import read_sbml as _read

    return _read(source, name=name)


def write_sbml(model, path=None, validate: bool = True) -> str:
    """Export ``model`` as SBML Level 3 Version 2 (also :meth:`Model.to_sbml`); see
    :func:`sigsim.sbml.write_sbml`. Needs python-libsbml (``pip install 'sigsim[sbml]'``)."""
    from .sbml import write_sbml as _write

    return _write(model, path, validate=validate)


__all__ = [
    "Model", "TIME", "simulate", "steady_state", "compile_model", "Bolus", "Infusion",
    "SetParameter", "Result", "SteadyState", "METHODS", "ModelError", "SimulationError",
    "SigsimError", "SimulationWarning", "load_model", "list_models", "drugs", "read_sbml",
    "write_sbml", "__version__",
]
