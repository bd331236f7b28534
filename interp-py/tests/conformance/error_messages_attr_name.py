class Widget:
    color = "red"
    def __init__(self): self.size = 3; self.weight = 1.5
    def render(self): return "ok"
w = Widget()
for expr in ["w.colour", "w.sise", "w.rendr()", "w.weigth", "Widget.colr", "w.zzzzzz", "len.nme", "(1).rea", "[].apend", "{}.itmes", "'s'.uper()", "None.x"]:
    try:
        eval(expr)
    except AttributeError as e:
        print(f"{expr}: AttributeError: {e}")
value_one = 1
for expr in ["valu_one", "vlaue_one", "prnt", "lenn", "Widgt", "True_", "nonexistent_name_xyz"]:
    try:
        eval(expr)
    except NameError as e:
        print(f"{expr}: NameError: {e}")
def scope():
    local_counter = 0
    try:
        return local_countr
    except NameError as e:
        return str(e)
print(scope())
import sys
try:
    sys.argvv
except AttributeError as e:
    print("AttributeError:", e)
try:
    import mods.shapes as sh
    sh.sqare_area
except AttributeError as e:
    print("AttributeError:", e)
