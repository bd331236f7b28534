def fail():
    e = ValueError("bad value")
    e.add_note("Note: check the input")
    e.add_note("second note")
    raise e
try:
    fail()
except ValueError as e:
    import sys
    sys.excepthook(type(e), e, e.__traceback__)
print("---")
raise KeyError("final uncaught")
