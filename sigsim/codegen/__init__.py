"""Code generation: models become readable, numba-compiled, cached Python modules."""

from ._cache import cache_dir, load_module, module_name  # noqa: F401
from ._entry import call_entry, entry_module  # noqa: F401
from ._generate import (API_VERSION, GeneratedCode, generate, generator_hash,  # noqa: F401
                        kernel_sources_hash)
