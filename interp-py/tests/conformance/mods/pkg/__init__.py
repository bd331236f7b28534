print("init pkg", __name__, __package__)
from .core import core_func
from . import sub
