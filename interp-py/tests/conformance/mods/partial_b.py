from mods.partial_a import thing_a
thing_b = 2
