"""tern's `_warnings`: the two entry points `importlib._bootstrap_external` imports.

Why this is a tern override: CPython's `_warnings` is C (Python/_warnings.c). `warnings.py`
already carries a complete pure-Python implementation that it uses when `_warnings` lacks
its filter state, so this module deliberately provides only `warn` and `warn_explicit`,
forwarding to `warnings` (whose own `from _warnings import filters, ...` then fails with
ImportError and selects the pure-Python path).
"""


def warn(message, category=None, stacklevel=1, source=None):
    """Issue a warning, or maybe ignore it or raise an exception."""
    import warnings

    warnings.warn(message, category, stacklevel + 1, source)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    """Low-level interface to warnings functionality."""
    import warnings

    warnings.warn_explicit(message, category, filename, lineno, module, registry,
                           module_globals, source)
