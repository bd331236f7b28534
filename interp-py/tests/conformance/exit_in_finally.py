def f():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(f())
raise SystemExit(0)
