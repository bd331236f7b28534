PI = 3.14159
def square_area(s):
    return s * s
def circle_area(r):
    return PI * r * r
if __name__ == "__main__":
    print("never printed on import")
print("flat loaded as", __name__)
