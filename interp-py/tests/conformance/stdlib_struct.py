# struct: every format character, byte orders, alignment, repeat counts, range checks and
# CPython's struct.error messages; Struct objects (subclassable), iter_unpack, pack_into,
# unpack_from, the cache.
import struct


def show(label, f, *a, **k):
    try:
        print(label, repr(f(*a, **k)))
    except Exception as e:
        print(label, type(e).__name__, e)


# Sizes with native alignment vs standard sizes.
for fmt in ['', 'x', 'c', 'b', '?', 'h', 'i', 'l', 'q', 'n', 'P', 'e', 'f', 'd',
            'bi', 'ih', 'iq', 'qi', 'ci', '?l', 'hhl', 'iii0q', '5x', '0s', '10s', '3p',
            '@hq', '=hq', '<hq', '>hq', '!hq', '=l', '<L', 'i  i', '2h3i', 'cxhxi']:
    show('calcsize', struct.calcsize, fmt)

# Round trips per code and byte order.
samples = {
    'b': [-128, -1, 0, 127], 'B': [0, 255], 'h': [-32768, 32767], 'H': [0, 65535],
    'i': [-2**31, 2**31 - 1], 'I': [0, 2**32 - 1], 'l': [-2**31, 2**31 - 1],
    'L': [0, 2**32 - 1], 'q': [-2**63, 2**63 - 1], 'Q': [0, 2**64 - 1],
    '?': [True, False], 'e': [0.5, -2.0, 65504.0, 1e-7, 0.1],
    'f': [1.5, -0.1, 3.4e38], 'd': [0.1, -1e308, 5e-324],
}
for order in '@=<>!':
    for code, values in samples.items():
        for v in values:
            packed = struct.pack(order + code, v)
            back = struct.unpack(order + code, packed)[0]
            print(order + code, v, packed.hex(), back)
for code in 'nNP':
    print(code, struct.pack(code, 12345).hex(), struct.unpack(code, struct.pack(code, 12345)))
print(struct.pack('<e', float('inf')).hex(), struct.pack('<e', float('-inf')).hex(),
      struct.pack('>e', float('nan')).hex(), struct.unpack('<e', b'\x00\x7c'),
      struct.unpack('<e', b'\x01\x00'), struct.unpack('>d', b'\x7f\xf0' + b'\x00' * 6))

# Strings, chars and Pascal strings.
print(struct.pack('5s', b'abc'), struct.pack('2s', b'abcdef'), struct.pack('s', b''),
      struct.pack('c', b'z'), struct.pack('5p', b'hi'), struct.pack('3p', b'abcdef'),
      struct.pack('s', bytearray(b'ab')), struct.pack('0p', b'x'))
print(struct.unpack('<3s2p', b'abc\x05z'), struct.unpack('5p', b'\x09abcd'),
      struct.unpack('c3x?', b'q\x00\x00\x00\x02'))
print(struct.pack('<hxi', 1, 2), struct.pack('@hxi', 1, 2), struct.pack('>2h3B', 1, -2, 3, 4, 5))
print(struct.pack('?', []), struct.pack('?', 'x'), struct.pack('<d', True), struct.pack('<q', True))


class Index:
    def __index__(self):
        return 7


class Floaty:
    def __float__(self):
        return 2.5


print(struct.pack('i', Index()), struct.pack('<f', Floaty()))

# Range errors and bad arguments (struct.error unless noted).
for fmt, v in [('b', 128), ('b', -129), ('B', -1), ('B', 256), ('h', 2**15), ('H', -1),
               ('i', 2**31), ('<i', -2**31 - 1), ('I', -1), ('I', 2**32), ('<l', 2**31),
               ('l', 2**63), ('L', -1), ('q', 2**63), ('Q', -1), ('Q', 2**64), ('n', 2**63),
               ('N', -1), ('P', 2**64), ('b', 2**70), ('i', 1.5), ('i', '1'), ('d', 'x'),
               ('f', 10**400), ('e', 65520.0), ('<f', 1e300), ('c', b'ab'), ('c', 'a'),
               ('s', 'a'), ('p', 5)]:
    show('pack ' + fmt, struct.pack, fmt, v)
for fmt in ['3', 'z', '<P', '=n', '<N', 'i\x00', '999999999999999999999i']:
    show('bad format ' + repr(fmt), struct.calcsize, fmt)
show('arg count', struct.pack, 'ii', 1)
show('arg count', struct.pack, 'i', 1, 2)
show('no format', struct.pack)
show('format type', struct.calcsize, 5)
show('format type', struct.Struct, 5)
show('unpack size', struct.unpack, 'i', b'abc')
show('unpack type', struct.unpack, 'i', 'abcd')
show('unpack type', struct.unpack, 'i', 5)

# unpack_from / pack_into / iter_unpack.
data = bytes(range(16))
print(struct.unpack_from('<hh', data), struct.unpack_from('<hh', data, 4),
      struct.unpack_from('<h', data, -2), struct.unpack_from('<h', buffer=data, offset=1))
show('unpack_from short', struct.unpack_from, 'i', b'abc', 1)
show('unpack_from neg', struct.unpack_from, 'i', b'abcdef', -10)
show('unpack_from past', struct.unpack_from, 'i', b'abcdef', 7)
buf = bytearray(12)
struct.pack_into('<hi', buf, 2, -1, 0x01020304)
struct.pack_into('<h', buf, -2, 7)
print(buf)
show('pack_into short', struct.pack_into, 'i', bytearray(6), 4, 1)
show('pack_into neg', struct.pack_into, 'i', bytearray(6), -10, 1)
show('pack_into nospace', struct.pack_into, 'i', bytearray(6), -2, 1)
show('pack_into ro', struct.pack_into, 'i', b'abcdefgh', 0, 1)
show('pack_into args', struct.pack_into, 'i', bytearray(4))
it = struct.iter_unpack('<hB', b'\x01\x00\x02\x03\x00\x04')
print(type(it).__name__, it.__length_hint__(), list(it), it.__length_hint__())
show('iter_unpack size', struct.iter_unpack, 'i', b'abcde')
show('iter_unpack empty', struct.iter_unpack, '', b'abc')

# Struct objects.
s = struct.Struct('<ih2s')
print(s.format, s.size, s.pack(1, 2, b'xy'), s.unpack(s.pack(1, 2, b'xy')))
print(struct.Struct(b'>q').format, s.unpack_from(b'\x00' + s.pack(3, 4, b'zz'), 1),
      list(s.iter_unpack(s.pack(1, 2, b'ab') * 2)))
show('kw pack', s.pack, x=1)
show('missing format', struct.Struct)


class Packet(struct.Struct):
    def __init__(self):
        super().__init__('>HH')
        self.kind = 'packet'

    def encode(self, a, b):
        return self.pack(a, b)


p = Packet()
print(p.encode(1, 2), p.kind, p.size, isinstance(p, struct.Struct), type(p).__mro__[1])
print(struct.error.__module__, struct.error.__mro__, struct.Struct.__module__)
struct._clearcache()
print(struct.pack('>I', 0xDEADBEEF), struct.calcsize('@3h'))
