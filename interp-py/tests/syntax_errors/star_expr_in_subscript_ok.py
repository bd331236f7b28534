x[*a, b] = c
