"""Code generation: models become readable, numba-compiled, cached Python modules."""

from ._cache import cache_dir, load_module, module_name  # noqa: F401
from ._generate import API_VERSION, GeneratedCode, generate, kernel_sources_hash  # noqa: F401
