from ..core import core_func as cf
def sub_func():
    return "sub+" + cf()
