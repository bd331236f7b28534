import sys
class CustomExit(SystemExit):
    pass
try:
    raise CustomExit(7)
except SystemExit as e:
    print("caught", type(e).__name__, e.code)
print("exiting with a tuple code")
sys.exit((1, "two"))
