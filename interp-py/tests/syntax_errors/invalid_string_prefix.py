x = bu"a"
