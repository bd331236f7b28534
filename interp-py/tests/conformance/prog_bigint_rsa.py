def egcd(a, b):
    if b == 0: return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y
def is_probable_prime(n, bases=(2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)):
    if n < 2: return False
    for p in bases:
        if n % p == 0: return n == p
    d, r = n - 1, 0
    while d % 2 == 0: d //= 2; r += 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1): continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1: break
        else:
            return False
    return True
def next_prime(n):
    n |= 1
    while not is_probable_prime(n): n += 2
    return n
p = next_prime(10 ** 40 + 12345)
q = next_prime(3 * 10 ** 39 + 999)
n, phi, e = p * q, (p - 1) * (q - 1), 65537
g, x, _ = egcd(e, phi)
d = x % phi
print(p, q, g, d == pow(e, -1, phi), n.bit_length())
msg = int.from_bytes(b"tern says hi!", "big")
c = pow(msg, e, n)
m2 = pow(c, d, n)
print(c % 10 ** 20, m2 == msg, m2.to_bytes((m2.bit_length() + 7) // 8, "big"))
print([k for k in range(100, 200) if is_probable_prime(k)][:10], is_probable_prime(2 ** 61 - 1), is_probable_prime(2 ** 67 - 1))
def crt(rems, mods):
    total, prod = 0, 1
    for m in mods: prod *= m
    for r, m in zip(rems, mods):
        pm = prod // m
        total += r * pm * pow(pm, -1, m)
    return total % prod
print(crt([2, 3, 2], [3, 5, 7]), crt([1, 2, 3, 4], [5, 7, 9, 11]))
def collatz_len(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print(max(range(1, 300), key=collatz_len), collatz_len(27), collatz_len(2 ** 100 + 1))
