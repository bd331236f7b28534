cases = [
    ("list index", lambda: [1, 2, 3][3]), ("tuple index", lambda: (1,)[-2]), ("str index", lambda: "ab"[5]),
    ("dict key", lambda: {"a": 1}["b"]), ("attr on int", lambda: (5).foo), ("attr on module", lambda: __import__("sys").nope),
    ("call int", lambda: 5()), ("subscript int", lambda: 5[0]), ("subscript func", lambda: len[0]), ("item assign str", lambda: exec("s = 'ab'; s[0] = 'x'")),
    ("item assign tuple", lambda: exec("t = (1,); t[0] = 2")), ("del tuple item", lambda: exec("t = (1,); del t[0]")), ("iterate int", lambda: [x for x in 5]),
    ("unpack int", lambda: exec("a, b = 1")), ("len int", lambda: len(42)), ("hash list", lambda: hash([1])), ("hash dict", lambda: {{}: 1}),
    ("add str int", lambda: "a" + 1), ("add int str", lambda: 1 + "a"), ("add list tuple", lambda: [1] + (2,)), ("sub str", lambda: "a" - "b"),
    ("mul str str", lambda: "a" * "b"), ("mul list float", lambda: [1] * 2.0), ("div str", lambda: "a" / 2), ("neg str", lambda: -"a"),
    ("invert float", lambda: ~1.0), ("lt int str", lambda: 1 < "a"), ("lt list int", lambda: [1] < 1), ("lt dict", lambda: {} < {}),
    ("lt none", lambda: None < None), ("int of list", lambda: int([1])), ("float of dict", lambda: float({})), ("int bad str", lambda: int("1.5")),
    ("float bad str", lambda: float("1,5")), ("range float", lambda: range(1.0)), ("sorted mixed", lambda: sorted([1, "a"])), ("max empty", lambda: max([])),
    ("min mixed", lambda: min([1, "a"])), ("sum str", lambda: sum("abc")), ("join ints", lambda: ",".join([1, 2])), ("str.format missing", lambda: "{0}{1}".format(1)),
    ("getattr non-str", lambda: getattr(1, 2)), ("setattr builtin", lambda: setattr(1, "real", 2)), ("isinstance bad", lambda: isinstance(1, "int")),
    ("issubclass bad", lambda: issubclass("a", str)), ("chr big", lambda: chr(0x110000)), ("ord empty", lambda: ord("")), ("bytes neg", lambda: bytes([-1])),
    ("divmod zero", lambda: divmod(1, 0)), ("pow zero neg", lambda: 0 ** -1), ("float pow", lambda: 0.0 ** -1), ("mod zero float", lambda: 1.0 % 0),
    ("list.remove", lambda: [1].remove(5)), ("list.index", lambda: [1].index(5)), ("str.index", lambda: "a".index("b")), ("tuple.index", lambda: (1,).index(2)),
    ("dict.pop", lambda: {}.pop("x")), ("set.remove", lambda: set().remove(1)), ("next exhausted", lambda: next(iter([]))), ("frozenset add", lambda: frozenset().add(1)),
    ("str.join none", lambda: "".join(None)), ("int.from_bytes", lambda: int.from_bytes("x", "big")), ("zip bad", lambda: zip(1, 2)), ("enumerate bad", lambda: enumerate(None)),
    ("super outside", lambda: super()), ("object call args", lambda: object(1)), ("type bad", lambda: type(1, 2)), ("slice assign", lambda: exec("l=[1]; l[::2]=[1,2]")),
    ("import bad", lambda: __import__("no_such_module_xyz")), ("bool int call", lambda: True()), ("none attr", lambda: None.x), ("none iter", lambda: list(None)),
    ("str mul neg ok", lambda: "a" * -1), ("abs str", lambda: abs("x")), ("round str", lambda: round("1.5")), ("complex cmp", lambda: 1j > 0),
]
for name, fn in cases:
    try:
        r = fn()
        print(f"{name}: no error -> {r!r}")
    except Exception as e:
        print(f"{name}: {type(e).__name__}: {e}")
