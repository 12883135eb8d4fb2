"""Locate the top-level ``models/`` and ``experiments/`` folders.

After ``pip install`` they are the packages ``sigsim._builtin_models`` and
``sigsim._builtin_experiments`` (mapped in pyproject.toml). In a source checkout used without
installing (``python -m pytest`` from the repository), the same names are bound here to the
folders beside the ``sigsim`` package, so both layouts behave alike.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

_FOLDERS = {"sigsim._builtin_models": "models", "sigsim._builtin_experiments": "experiments"}


def import_builtin(name: str):
    """Import ``sigsim._builtin_models`` or ``sigsim._builtin_experiments``."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
    folder = Path(__file__).resolve().parent.parent / _FOLDERS[name]
    init = folder / "__init__.py"
    if not init.exists():
        raise ModuleNotFoundError(f"cannot find {name} (looked for {folder})", name=name)
    spec = importlib.util.spec_from_file_location(name, init,
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
