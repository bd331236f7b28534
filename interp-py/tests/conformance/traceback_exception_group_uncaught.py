def task(n):
    if n % 2:
        raise ValueError(f"task {n} failed")
    return n
errors = []
for i in range(4):
    try:
        task(i)
    except ValueError as e:
        errors.append(e)
print(len(errors))
raise ExceptionGroup("several tasks failed", errors)
