print("using the exit() builtin", type(exit).__name__ if False else "")
exit(3)
