import sys
import mods.shapes as shapes
print(shapes.square_area(3), shapes.describe(), shapes.flat.circle_area(1), shapes.__doc__, shapes.lazy_value)
try:
    shapes.missing_thing
except AttributeError as e:
    print("AttributeError:", e)
from mods.shapes import *
print(square_area(2), describe(), "flat" in dir())
from mods.shapes.solid import cylinder_volume
from mods.shapes.solid.cube import cube_volume, bump
import mods.shapes.solid.cube as cube_mod
print(cylinder_volume(1, 2), cube_volume(3), bump(), bump(), cube_mod.counter, cube_mod.bump is bump)
import mods.shapes.solid.cube
print(mods.shapes.solid.cube is cube_mod, "mods.shapes.solid.cube" in sys.modules, cube_mod.__name__, cube_mod.__package__)
print(sorted(k for k in sys.modules if k.startswith("mods.shapes")))
print(shapes.__name__, shapes.__package__, shapes.__spec__.name, shapes.__path__[0].endswith("shapes"), type(shapes.__loader__).__name__ != "", shapes.__file__.endswith("__init__.py"))
m = __import__("mods.shapes.flat", fromlist=["x"])
top = __import__("mods.shapes.flat")
print(m is shapes.flat, top is sys.modules["mods"], __import__("mods", globals(), None, ["shapes"]).shapes is shapes)
del sys.modules["mods.shapes.solid.cube"]
import mods.shapes.solid.cube as cube_again
print(cube_again is cube_mod, cube_again.counter)
try:
    from mods.shapes import nonexistent
except ImportError as e:
    print("ImportError:", type(e).__name__, e.name)
try:
    import mods.shapes.nope
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, e.name)
print(__name__, __package__, __spec__)
