def read_lines(text):
    for line in text.splitlines():
        yield line
def strip_comments(lines):
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            yield line
def parse(lines):
    for line in lines:
        key, _, value = line.partition("=")
        yield key.strip(), value.strip()
def typed(pairs):
    for k, v in pairs:
        if v.isdigit(): v = int(v)
        elif v in ("true", "false"): v = v == "true"
        yield k, v
config = """
# settings
name = tern   # the vm
workers = 4
debug = false

ratio = 0.5
"""
print(dict(typed(parse(strip_comments(read_lines(config))))))
def take(n, it):
    for i, v in enumerate(it):
        if i >= n: return
        yield v
def naturals():
    n = 1
    while True:
        yield n
        n += 1
def primes():
    seen = []
    for n in naturals():
        if n > 1 and all(n % p for p in seen if p * p <= n):
            seen.append(n)
            yield n
print(list(take(15, primes())), list(take(3, (x * x for x in naturals()))))
def chunks(it, size):
    buf = []
    for v in it:
        buf.append(v)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf
print(list(chunks(range(10), 3)), list(chunks([], 2)))
def flatten(nested):
    for v in nested:
        if isinstance(v, (list, tuple)):
            yield from flatten(v)
        else:
            yield v
print(list(flatten([1, [2, (3, [4, 5]), []], 6])))
def running_avg():
    total = count = 0
    avg = None
    while True:
        v = yield avg
        if v is None: break
        total += v; count += 1
        avg = total / count
    return count
ra = running_avg(); next(ra)
print([ra.send(v) for v in [10, 20, 60]])
try:
    ra.send(None)
except StopIteration as s:
    print("count", s.value)
def interleave(*its):
    its = [iter(i) for i in its]
    while its:
        for it in list(its):
            try:
                yield next(it)
            except StopIteration:
                its.remove(it)
print(list(interleave("abc", [1, 2], range(10, 14))))
def tee_like(it, n=2):
    buf = list(it)
    return [iter(buf) for _ in range(n)]
x, y = tee_like(v * 3 for v in range(4)); print(list(x), list(y))
def windowed(seq, n):
    for i in range(len(seq) - n + 1):
        yield tuple(seq[i:i + n])
print(list(windowed("abcde", 3)), [sum(w) / 2 for w in windowed([1, 3, 5, 7], 2)])
gen = (c.upper() for c in "pipe" if c != "i")
print(type(gen).__name__, next(gen), "".join(gen), list(gen))
def counter_gen():
    i = 0
    try:
        while True:
            yield i
            i += 1
    finally:
        print("counter closed at", i)
cg = counter_gen()
for v in cg:
    if v == 3:
        break
cg.close()
print(sum(v for v in take(100, naturals()) if v % 7 == 0), max(take(5, naturals())), sorted(take(4, primes()), reverse=True))
