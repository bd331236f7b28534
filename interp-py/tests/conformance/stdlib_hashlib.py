# hashlib without OpenSSL's names: known digests (empty, short, more than one block) of
# every algorithm, update in pieces, copy, SHAKE lengths, BLAKE2 parameters, the builtin
# modules directly, hmac on top; CPython's messages for bad input.
import hashlib
import hmac
import _md5
import _sha1
import _sha256
import _sha512
import _sha3
import _blake2

inputs = [b'', b'abc', b'The quick brown fox jumps over the lazy dog', bytes(range(256)) * 5]
names = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256',
         'sha3_384', 'sha3_512', 'blake2b', 'blake2s']
for name in names:
    for data in inputs:
        h = hashlib.new(name, data)
        print(name, h.name, h.digest_size, h.block_size, h.hexdigest())
    # The same data fed in pieces, and copies that diverge.
    h = getattr(hashlib, name)()
    for i in range(0, len(inputs[3]), 97):
        h.update(inputs[3][i:i + 97])
    print(name, 'pieces', h.hexdigest() == hashlib.new(name, inputs[3]).hexdigest())
    h = getattr(hashlib, name)(b'a')
    c = h.copy()
    h.update(b'b' * 300)
    c.update(memoryview(b'c'))
    c.update(bytearray(b'd'))
    print(name, h.hexdigest()[:32], c.hexdigest()[:32], h.digest()[:4], c.name)

for name in ['shake_128', 'shake_256']:
    h = hashlib.new(name, b'abc')
    print(name, h.hexdigest(10), h.digest(3), h.digest(0), h.digest_size, h.block_size,
          h.copy().hexdigest(40) == h.hexdigest(40))

print(hashlib.blake2b(b'hi', digest_size=20, key=b'k', salt=b's', person=b'p', fanout=2,
                      depth=3, leaf_size=5, node_offset=7, node_depth=1, inner_size=9,
                      last_node=True).hexdigest())
print(hashlib.blake2s(b'hi', digest_size=20, key=b'key' * 10, salt=b'salt', person=b'me',
                      node_offset=2**40).hexdigest())
print(hashlib.blake2b(key=b'x' * 64).hexdigest()[:32], hashlib.blake2s(digest_size=1).digest_size)
print(_blake2.BLAKE2B_SALT_SIZE, _blake2.BLAKE2B_PERSON_SIZE, _blake2.BLAKE2B_MAX_KEY_SIZE,
      _blake2.BLAKE2B_MAX_DIGEST_SIZE, _blake2.BLAKE2S_SALT_SIZE, _blake2.BLAKE2S_MAX_KEY_SIZE,
      hashlib.blake2b.SALT_SIZE, hashlib.blake2s.MAX_DIGEST_SIZE)
for kw in [dict(digest_size=0), dict(digest_size=65), dict(key=b'k' * 65), dict(salt=b's' * 17),
           dict(person=b'p' * 17), dict(fanout=256), dict(depth=0), dict(node_depth=256),
           dict(inner_size=65), dict(key='str')]:
    try:
        hashlib.blake2b(**kw)
    except Exception as e:
        print(sorted(kw), type(e).__name__, e)

for bad in ['text', 5, None]:
    try:
        hashlib.sha256(bad)
    except TypeError as e:
        print(repr(bad), e)
try:
    hashlib.md5().update('x')
except TypeError as e:
    print(e)
try:
    hashlib.new('nope')
except ValueError as e:
    print(e)

# The builtin modules themselves.
print(_md5.md5(b'x').hexdigest(), _sha1.sha1(b'x').hexdigest(), _sha256.sha224(b'x').hexdigest(),
      _sha512.sha384(b'x').hexdigest()[:20], _sha3.sha3_256(b'x').hexdigest()[:20],
      _md5.md5(string=b'y', usedforsecurity=False).hexdigest())
print(hashlib.sha256(b'abc', usedforsecurity=False).hexdigest()[:16], hashlib.md5(b'a').digest())
print(hashlib.file_digest(__import__('io').BytesIO(b'file data'), 'sha1').hexdigest())

# hmac falls back to the pure-Python construction.
print(hmac.new(b'key', b'msg', 'sha256').hexdigest())
print(hmac.new(b'k' * 200, b'msg', hashlib.sha512).hexdigest()[:40])
m = hmac.new(b'key', digestmod='md5')
m.update(b'part1')
m2 = m.copy()
m2.update(b'part2')
print(m.hexdigest(), m2.hexdigest(), m.name, m.digest_size, m.block_size)
print(hmac.digest(b'k', b'm', 'sha1'), hmac.compare_digest(b'abc', b'abc'),
      hmac.compare_digest('abc', 'abd'), hmac.compare_digest(b'a', b'ab'))
for a, b in [('a', b'a'), ('\u00e9', '\u00e9'), (1, 1)]:
    try:
        hmac.compare_digest(a, b)
    except TypeError as e:
        print(e)
