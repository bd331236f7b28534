def f():
    return f"{yield}"
