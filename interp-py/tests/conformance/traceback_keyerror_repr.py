inventory = {"apples": 3, ("tuple", "key"): 1}
print(inventory[("tuple", "key")])
def lookup(name):
    return inventory[name]
try:
    lookup("pears")
except KeyError as e:
    print("handled", repr(e), e.args)
lookup(("missing", 1))
