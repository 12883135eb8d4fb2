"""Built-in pathway models (the top-level ``models/`` folder, installed as
``sigsim._builtin_models``)."""

from __future__ import annotations

import difflib
import importlib
import pkgutil

from ._resources import import_builtin
from .errors import ModelError

_PACKAGE = "sigsim._builtin_models"


def list_models() -> list:
    """Names of the built-in models (``sigsim.load_model`` accepts each)."""
    pkg = import_builtin(_PACKAGE)
    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__)
                  if not m.name.startswith("_"))


def model_module(name: str):
    """The module that defines built-in model ``name`` (its SOURCES, PARAMETERS, build)."""
    names = list_models()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ModelError(f"unknown model {name!r}; available: {', '.join(names)}{hint}")
    return importlib.import_module(f"{_PACKAGE}.{name}")


def load_model(name: str, **options):
    """Build built-in model ``name`` with its options (see the model file's ``build``)."""
    return model_module(name).build(**options)
