def compute_total(prices):
    running_total = 0
    for p in prices:
        running_total += p
    return runing_total
print("computing")
compute_total([1, 2, 3])
