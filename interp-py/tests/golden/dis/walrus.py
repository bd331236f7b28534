if (n := len(data)) > 10:
    print(n)
while (chunk := read()):
    process(chunk)
values = [y for x in data if (y := f(x))]
