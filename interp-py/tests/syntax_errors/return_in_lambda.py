lambda: (return 1)
