"""Writing generated modules to the cache directory and loading them.

A model's module file is named after the model's structural digest and a hash of the code
generator's sources, so a second process finds it without redoing the symbolic work (and a
changed generator never reuses an old file), and numba finds its compiled functions in the
``__pycache__`` folder beside it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import threading
from pathlib import Path

from ._generate import API_VERSION, generate, generator_hash

_LOADED: dict = {}
_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Folder for generated modules: ``$SIGSIM_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get("SIGSIM_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sigsim"


def module_name(digest: str) -> str:
    """Import name of the generated module for a model digest (also its file stem)."""
    return f"sigsim_model_{digest[:20]}_g{generator_hash()[:10]}_a{API_VERSION}"


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, unless the file already holds it."""
    if path.exists() and path.read_text() == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # atomic replace: a concurrent process never imports a half-written file
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def load_module(model):
    """Return the generated module of ``model``, generating and writing it if needed.

    Returns
    -------
    module, code
        The imported module, and the :class:`GeneratedCode` if it was generated in this call
        (None when an existing file was reused).
    """
    digest = model.digest()
    name = module_name(digest)
    with _LOCK:
        if name in _LOADED:
            return _LOADED[name], None
        path = cache_dir() / f"{name}.py"
        code = None
        if not path.exists():
            code = generate(model)
            write_if_changed(path, code.text)
        module = load_file_module(name, path)
        _LOADED[name] = module
        return module, code


def load_file_module(name: str, path: Path):
    """Import the module file ``path`` under ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    # numba can load its cache in a later process only if the module is registered first
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception:
        sys.modules.pop(name, None)
        raise
    return module
