from ...shapes.flat import square_area
from . import cylinder_volume
def cube_volume(s):
    return square_area(s) * s
counter = 0
def bump():
    global counter
    counter += 1
    return counter
