import mods.cyc_a
B_VALUE = "b"
def late():
    return mods.cyc_a.A_VALUE
