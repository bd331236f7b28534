"""Shapes package docstring."""
print("shapes init", __name__, __package__, __doc__)
from .flat import square_area, PI as _PI
from . import flat
__all__ = ["square_area", "describe"]
def describe():
    return f"shapes with PI={_PI}"
def __getattr__(name):
    if name == "lazy_value":
        return "computed lazily"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
