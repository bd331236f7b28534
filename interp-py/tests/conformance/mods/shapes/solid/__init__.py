from ..flat import circle_area
from .. import describe
def cylinder_volume(r, h):
    return circle_area(r) * h
print("solid init", __name__, __package__, describe())
