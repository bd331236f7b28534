def r(kind):
    if kind == 1:
        raise ValueError
    if kind == 2:
        raise ValueError("message")
    if kind == 3:
        raise ValueError("message") from None
    try:
        pass
    except Exception:
        raise
