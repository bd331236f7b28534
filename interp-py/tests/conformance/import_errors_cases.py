import sys
try:
    import mods.broken
except RuntimeError as e:
    print("RuntimeError from module body:", e, "mods.broken" in sys.modules)
try:
    import mods.broken
except RuntimeError as e:
    print("second import re-runs:", e)
try:
    from mods.shapes import flat, nothing_here
except ImportError as e:
    print("ImportError:", e.name, type(e).__name__, "cannot import name 'nothing_here'" in str(e))
try:
    from . import something
except ImportError as e:
    print("ImportError:", e)
try:
    import mods.shapes.flat.deeper
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    __import__("")
except ValueError as e:
    print("ValueError:", e)
mod = __import__("mods.shapes.flat", fromlist=["PI"])
print(mod.PI, mod.__name__)
import mods.shapes.flat as f1
from mods.shapes import flat as f2
print(f1 is f2, f1 is sys.modules["mods.shapes.flat"])
sys.modules["fake_module"] = type(sys)("fake_module")
sys.modules["fake_module"].answer = 42
import fake_module
print(fake_module.answer, type(fake_module).__name__, fake_module.__name__)
sys.modules["blocked"] = None
try:
    import blocked
except ImportError as e:
    print("ImportError:", e)
print(type(sys).__name__, type(sys)("made").__name__, repr(type(sys)("m2")).startswith("<module 'm2'"))
