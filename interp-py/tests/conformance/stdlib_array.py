# array.array: construction, every typecode's range checks, sequence protocol, slicing and
# slice assignment, methods, comparisons, arithmetic, repr, buffer protocol, pickling
# support, subclassing; CPython's messages.
import array
import copy
import io


def show(label, f, *a):
    try:
        print(label, repr(f(*a)))
    except Exception as e:
        print(label, type(e).__name__, e)


print(array.typecodes, array.ArrayType is array.array)
for tc in array.typecodes:
    a = array.array(tc)
    print(tc, a.itemsize, a.typecode, repr(a), len(a))

# Construction.
print(array.array('i', [1, 2, 3]), array.array('d', (0.5, 1, True)), array.array('u', 'h\u20acllo'),
      array.array('b', b'\x01\xff'), array.array('H', bytearray(b'\x01\x00\x02\x00')),
      array.array('l', array.array('l', [7, 8])), array.array('f', range(3)),
      array.array('q', iter([5, 6])), array.array('u', array.array('i')))
show('ctor', array.array)
show('ctor', array.array, 'i', [1], 3)
show('ctor', array.array, 5)
show('ctor', array.array, 'ii')
show('ctor', array.array, 'z')
show('ctor', array.array, 'i', 'abc')
show('ctor', array.array, 'i', array.array('u', 'x'))
show('ctor', array.array, 'i', 5)
show('ctor', array.array, 'h', b'abc')
try:
    array.array(typecode='i')
except TypeError as e:
    print('kw', e)

# Range checks per typecode.
for tc in 'bBhHiIlLqQ':
    for v in [2**70, -2**70, 2**40, -2**40, 2**31, 200, -1, 1.5, '1']:
        show('item %s %r' % (tc, v), array.array, tc, [v])
for tc in 'fd':
    for v in ['x', 10**400, 2**60]:
        show('item %s %r' % (tc, v), array.array, tc, [v])
show('item u', array.array, 'u', [1])
show('item u', array.array, 'u', ['ab'])

# Sequence protocol.
a = array.array('i', range(10))
print(a[0], a[-1], a[2:5], a[::3], a[::-2], a[5:2], len(a), 3 in a, 42 in a, list(a)[:3])
show('getitem', a.__getitem__, 10)
show('getitem', a.__getitem__, 'x')
a[0] = 100
a[-1] = -100
a[1:3] = array.array('i', [7, 7, 7])
print(a)
a[::2] = array.array('i', [0] * len(a[::2]))
print(a)
del a[0]
del a[::3]
del a[1:2]
print(a)
show('setitem', a.__setitem__, 50, 1)
show('setitem', a.__setitem__, 0, 2**40)
show('setitem', a.__setitem__, slice(0, 2), [1])
show('setitem', a.__setitem__, slice(0, 2), array.array('d'))
show('setitem', a.__setitem__, slice(0, 5, 2), array.array('i', [1]))
show('delitem', a.__delitem__, 50)

# Methods.
b = array.array('h', [3, 1, 4, 1, 5])
b.append(9)
b.extend([2, 6])
b.extend(array.array('h', [5]))
b.insert(0, -1)
b.insert(100, 99)
b.insert(-100, 98)
print(b, b.pop(), b.pop(0), b.pop(-2), b.count(1), b.index(1), b.index(1, 3), b.index(5, -3))
b.remove(1)
b.reverse()
print(b, b.tolist(), b.buffer_info()[1])
show('pop', array.array('i').pop)
show('pop', b.pop, 100)
show('remove', b.remove, 42)
show('index', b.index, 42)
show('index', b.index, 3, 0, 1)
show('extend', b.extend, array.array('i'))
show('extend', b.extend, 5)
show('byteswap', b.byteswap, 1)
c = array.array('I', [1, 2, 0x01020304])
c.byteswap()
print(c, c.tobytes())
c.frombytes(b'\x05\x00\x00\x00')
print(c)
show('frombytes', c.frombytes, b'abc')
show('frombytes', c.frombytes, 'abcd')
c.fromlist([7, 8])
print(c)
show('fromlist', c.fromlist, (1,))
show('fromlist', c.fromlist, [1, 'x'])
print(c)
u = array.array('u', 'ab')
u.fromunicode('cd')
print(u, u.tounicode())
show('tounicode', c.tounicode)
show('fromunicode', c.fromunicode, 'x')
f = io.BytesIO()
array.array('i', [1, 2, 3]).tofile(f)
f.seek(0)
d = array.array('i')
d.fromfile(f, 2)
print(d, f.read())
show('fromfile', d.fromfile, io.BytesIO(b'\x01\x00\x00\x00\x02'), 2)
print(d)

# Comparisons and arithmetic.
x, y = array.array('i', [1, 2, 3]), array.array('i', [1, 3])
print(x == array.array('d', [1, 2, 3]), x != y, x < y, x <= x, y > x, x >= y, x == [1, 2, 3],
      x.__eq__([1]))
print(x + y, x * 2, 2 * x, x * 0, x * -1)
show('add', lambda: x + array.array('d'))
show('add', lambda: x + [1])
show('mul', lambda: x * 'x')
x += y
x *= 2
print(x)
show('iadd', lambda: x.__iadd__([1]))
x *= 0
print(x, len(x))

# Iteration, buffers, copies, pickling support.
it = iter(array.array('b', [1, 2]))
print(type(it).__name__, next(it), list(it), list(it))
a = array.array('i', [1, -2, 3])
print(bytes(a), bytearray(a), memoryview(a).tobytes(), a.__reduce_ex__(2), a.__reduce_ex__(3))
r = a.__reduce_ex__(3)
print(r[0](*r[1]), array._array_reconstructor(array.array, 'i', 9, b'\x00\x00\x00\x01'))
show('reconstruct', array._array_reconstructor, 5, 'i', 8, b'')
show('reconstruct', array._array_reconstructor, array.array, 'z', 8, b'')
show('reconstruct', array._array_reconstructor, array.array, 'i', 99, b'')
show('reconstruct', array._array_reconstructor, array.array, 'i', 8, 'x')
print(copy.copy(a), copy.deepcopy(a), copy.copy(a) is a)
print(array.array('d', [1.5, -0.0, float('inf')]), array.array('f', [0.1]), array.array('u', 'it\'s'))


class Samples(array.array):
    def mean(self):
        return sum(self) / len(self)


s = Samples('d', [1.0, 2.0, 4.5])
s.label = 'demo'
print(s, s.mean(), s.label, type(s[:2]).__name__, isinstance(s, array.array), s.__reduce_ex__(3)[2])

import pickle
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    p = pickle.loads(pickle.dumps(s, proto))
    print(proto, type(p).__name__, p, p.label, pickle.loads(pickle.dumps(array.array('u', 'hi'), proto)))

# Arrays export their item format through the buffer protocol.
for tc in 'bBhHiIlLqQfd':
    a = array.array(tc, [1, 2, 3])
    m = memoryview(a)
    print(tc, m.format, m.itemsize, len(m), m.nbytes, m.tolist(), m[1], m[::2].tolist(),
          m.tobytes() == a.tobytes(), bytes(m) == bytes(a))
