def level(n):
    if n == 0:
        raise ValueError("bottom")
    try:
        level(n - 1)
    except ValueError as e:
        raise RuntimeError(f"level {n}") from e
level(3)
