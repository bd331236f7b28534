# binascii (hex, base64 incl. strict mode, uuencode, quoted-printable, crc32, crc_hqx) and the
# base64 module built on it; binascii.Error/Incomplete and CPython's messages.
import binascii, base64
for d in [b'', b'a', b'ab', b'abc', bytes(range(256))]:
    e = binascii.b2a_base64(d); print(e[:40], binascii.a2b_base64(e) == d, binascii.hexlify(d)[:20], binascii.crc32(d), binascii.crc_hqx(d, 0), binascii.b2a_uu(d[:45]), binascii.a2b_uu(binascii.b2a_uu(d[:45])) == d[:45])
print(binascii.hexlify(b'\x01\x02\x03\x04\x05', '-', 2), binascii.hexlify(b'\x01\x02\x03\x04\x05', b':', -2), binascii.b2a_hex(b'ab', sep='_'))
for bad in ['abc', 'zz', '\u00e9']:
    try: binascii.unhexlify(bad)
    except Exception as e: print(type(e).__name__, e)
for bad, s in [(b'YWJj=', True), (b'=YWJj', True), (b'YW=Jj', True), (b'YWJj!', True), (b'YWJjZ', False), (b'YWJjZA', False), (b'YWJjZA==extra', True), (b'YWJjZA===', True)]:
    try: print(binascii.a2b_base64(bad, strict_mode=s))
    except Exception as e: print(type(e).__name__, e)
print(binascii.a2b_base64('YW Jj\nZA=='), binascii.b2a_base64(b'x', newline=False))
try: binascii.b2a_base64('x')
except TypeError as e: print(e)
try: binascii.a2b_base64(5)
except TypeError as e: print(e)
print(binascii.b2a_qp(b'hello = world \t\nline two\r\n' + b'x'*100 + b'\xff.'), binascii.b2a_qp(b'a b_c', header=True), binascii.a2b_qp(b'a=3Db=\r\nc_d=zz', header=True))
print(binascii.b2a_uu(b'', backtick=True), binascii.b2a_uu(b'\x00\x00\x00', backtick=True))
print(base64.b64encode(b'hi there'), base64.b64decode('aGkgdGhlcmU='), base64.urlsafe_b64encode(b'\xfb\xff'), base64.b32encode(b'hello'), base64.b16decode('6869'), base64.b85encode(b'hello'), base64.a85encode(b'hello'))
print(binascii.crc32(b'hello', 12345), binascii.crc32(b'x', -1), binascii.crc_hqx(b'abc', 0xffff))
print(issubclass(binascii.Error, ValueError), binascii.Error.__module__, binascii.Incomplete.__mro__[1])
for bad in [b'YWJj=', b'YWJj==', b'YWJjZA===', b'YWJjZA=', b'YWJjZ=', b'YW=Jj', b'=', b'YQ==YQ==', b'YQ=', b'Y!Q==']:
    for strict in (False, True):
        try:
            print(bad, strict, binascii.a2b_base64(bad, strict_mode=strict))
        except binascii.Error as e:
            print(bad, strict, 'Error', e)
for bad in [b'!x', b' \n', b'\x7f']:
    try:
        print(binascii.a2b_uu(bad))
    except binascii.Error as e:
        print('Error', e)
try:
    binascii.b2a_uu(b'x' * 46)
except binascii.Error as e:
    print(e)
print(binascii.a2b_uu(b''), binascii.a2b_uu(b'#86)C\n'), binascii.a2b_uu(b'$86)C'))
for sep in ['ab', '\u00e9', 5]:
    try:
        binascii.hexlify(b'ab', sep)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(binascii.hexlify(bytearray(b'\xde\xad\xbe\xef'), '|', 3), binascii.unhexlify('DEADbeef'),
      binascii.a2b_hex(b''), binascii.crc32(b''), binascii.crc32(b'a' * 1000, 2**40 + 5))
long_text = ('word ' * 40 + '\n') * 2 + 'trailing tab\t\nend.\n.\n'
q = binascii.b2a_qp(long_text.encode())
print(q)
print(binascii.a2b_qp(q) == long_text.encode(), binascii.b2a_qp(b'tab\there', quotetabs=True),
      binascii.b2a_qp(b'line\r\nnext\r\n'), binascii.b2a_qp(b'\x00\xff=', istext=False))
print(base64.b64encode(bytes(range(60))), base64.b64decode(b'AAEC\nAwQF', validate=False))
print(base64.encodebytes(bytes(range(100))), base64.decodebytes(b'aGVsbG8=\n'))
print(base64.standard_b64decode('YWJj'), base64.urlsafe_b64decode('-_8='), base64.b32decode('NBSWY3DP'),
      base64.b32hexencode(b'hi'), base64.b16encode(b'\x01\xab'), base64.b85decode(b'Xk~0{Zv'),
      base64.a85decode(b'BOu!rDZ'))
try:
    base64.b64decode('abc', validate=True)
except binascii.Error as e:
    print('Error', e)
