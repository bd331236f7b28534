"""Helper module docstring."""
print("importing helper", __name__)
VALUE = 42
_private = "hidden"
__all__ = ["VALUE", "greet"]
def greet(who):
    return f"hello {who}"
