# Python-level `_warnings` for tern: CPython's C accelerator module of `warnings`. Only
# `warn` and `warn_explicit` are provided (forwarding to the Python `warnings` module);
# without `filters` here, `warnings.py` keeps its own pure-Python filter machinery.


def warn(message, category=None, stacklevel=1, source=None):
    import warnings
    warnings.warn(message, category, stacklevel + 1, source)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    import warnings
    return warnings.warn_explicit(message, category, filename, lineno, module, registry,
                                  module_globals, source)
