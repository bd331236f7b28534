for x in y:
    return x
