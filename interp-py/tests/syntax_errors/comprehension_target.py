x = [y for 1 in z]
