# random / _random: seeded sequences must be CPython's exactly (MT19937, init_by_array,
# 53-bit random(), getrandbits, the seeding of ints, floats, str/bytes via sha512), state
# round trips, the distributions built on them, subclassing; CPython's messages.
import random
import _random


def show(label, f, *a, **k):
    try:
        print(label, repr(f(*a, **k)))
    except Exception as e:
        print(label, type(e).__name__, e)


for seed in [0, 1, 42, -42, 2**32, 2**64 + 12345, 10**40, 3.25, -0.5, 'hello', b'bytes',
             bytearray(b'ba'), True]:
    random.seed(seed)
    print(repr(seed), random.random(), random.getrandbits(8), random.getrandbits(33),
          random.getrandbits(100), random.randrange(10**20))

random.seed(12345)
print([random.randint(1, 6) for _ in range(20)])
print([random.randrange(0, 100, 7) for _ in range(10)], random.randrange(5), random.randrange(-3, 3))
print(random.choice('abcdefg'), random.choice(range(1000)), random.choices('abc', k=5))
print(random.choices(range(5), weights=[1, 0, 3, 0, 6], k=8),
      random.choices('xyz', cum_weights=[1, 2, 10], k=6))
deck = list(range(20))
random.shuffle(deck)
print(deck)
print(random.sample(range(100), 10), random.sample('abcdefgh', 3),
      random.sample(['r', 'g', 'b'], counts=[3, 1, 2], k=4))
print(random.uniform(1, 2), random.triangular(0, 10, 3), random.gauss(0, 1), random.gauss(5, 2))
print(random.normalvariate(1, 3), random.lognormvariate(0, 0.5), random.expovariate(2.0))
print(random.vonmisesvariate(1.0, 4.0), random.gammavariate(2.0, 3.0), random.gammavariate(0.5, 1.0))
print(random.betavariate(2, 5), random.paretovariate(3), random.weibullvariate(1, 1.5))
print(random.randbytes(7), random.getrandbits(0), random.random())

# State round trips.
st = random.getstate()
first = [random.random() for _ in range(3)]
random.setstate(st)
print(first == [random.random() for _ in range(3)], st[0], len(st[1]), st[2])
r = _random.Random(7)
core = r.getstate()
a = r.random()
r.setstate(core)
print(a == r.random(), len(core), core[-1], type(core).__name__)
show('setstate', r.setstate, [0] * 625)
show('setstate', r.setstate, (0,) * 3)
show('setstate', r.setstate, (0,) * 624 + (625,))
show('setstate', r.setstate, (0,) * 624 + (-1,))
show('setstate', r.setstate, ('x',) * 625)
show('setstate', r.setstate, (-1,) * 625)
show('getrandbits', r.getrandbits, -1)
show('getrandbits', r.getrandbits, 'x')
show('seed', r.seed, 1, 2)
show('Random()', _random.Random, 1, 2)
show('Random()', _random.Random, x=1)
show('randrange', random.randrange, 0)
show('randrange', random.randrange, 1, 1)
show('choice', random.choice, [])
show('sample', random.sample, range(3), 5)
show('seed type', random.seed, [1, 2])

# Independent generators and subclasses.
g1, g2 = random.Random(99), random.Random(99)
print([g1.random() for _ in range(3)] == [g2.random() for _ in range(3)], g1.randint(0, 10**30))


class Counting(random.Random):
    def __init__(self, seed):
        self.calls = 0
        super().__init__(seed)

    def random(self):
        self.calls += 1
        return super().random()


c = Counting(5)
print(c.random(), c.choice(range(100)), c.calls, c.getrandbits(16), isinstance(c, _random.Random))


class Core(_random.Random):
    pass


k = Core(3)
print(type(k).__name__, k.random(), k.getrandbits(70), Core.__mro__[1].__name__)
random.seed(2024, version=1)
print(random.random())
random.seed('text', version=1)
print(random.random())
