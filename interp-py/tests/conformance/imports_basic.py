import sys
import mods.helper
import mods.helper as h2
from mods.helper import greet, VALUE as V
print(mods.helper.VALUE, h2 is mods.helper, greet("x"), V, mods.helper.__doc__, mods.helper.__name__)
print("mods.helper" in sys.modules, type(mods.helper).__name__, mods.helper.__file__.endswith("helper.py"))
from mods.helper import *
print(VALUE, "_private" in dir())
import mods.pkg
print(mods.pkg.core_func(), mods.pkg.sub.sub_func(), mods.pkg.__path__[0].endswith("pkg"), mods.pkg.__package__)
from mods.pkg.sub import sub_func
print(sub_func())
import mods.cyc_a
print(mods.cyc_a.use_b(), mods.cyc_b.late())
try:
    import mods.broken
except RuntimeError as e:
    print("broken:", e, "mods.broken" in sys.modules)
try:
    import does_not_exist_module
except ModuleNotFoundError as e:
    print(e, e.name)
try:
    from mods.helper import nope
except ImportError as e:
    print(str(e).replace(__file__.rsplit("/", 1)[0] + "/", ""))
try:
    import mods.helper.deeper
except ModuleNotFoundError as e:
    print(str(e).replace(__file__.rsplit("/", 1)[0] + "/", ""))
try:
    import mods.partial_a
except ImportError as e:
    print(str(e).replace(__file__.rsplit("/", 1)[0] + "/", ""))
import math, time
print(math.__name__, type(time.time()).__name__)
m = __import__("mods.helper", fromlist=["greet"])
print(m.greet("dyn"))
print(__name__, __file__.endswith("imports_basic.py"))
