from mods.partial_b import thing_b
thing_a = 1
