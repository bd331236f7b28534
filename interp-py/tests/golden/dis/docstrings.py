"""Module docstring."""

def f():
    """Function docstring."""

class C:
    """Class docstring."""
    def m(self):
        "Method docstring."
        return 1

def not_doc():
    x = 1
    "not a docstring"
