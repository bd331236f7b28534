f("abc)
