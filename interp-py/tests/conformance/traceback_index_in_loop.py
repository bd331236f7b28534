matrix = [[1, 2, 3], [4, 5, 6]]
def column(m, c):
    return [row[c] for row in m]
print(column(matrix, 2))
for c in range(4):
    print(sum(column(matrix, c)))
