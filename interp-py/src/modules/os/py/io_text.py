# Python-level part of tern's `_io` module, second file: IncrementalNewlineDecoder,
# TextIOWrapper, StringIO, open(), open_code() and text_encoding(). Runs after io_base.py in
# the same namespace.
#
# TextIOWrapper keeps CPython's model: decoded characters of the last chunk plus a snapshot
# (the decoder state and the bytes fed since), so tell() returns an opaque cookie that is
# the plain byte offset whenever the decoder is in a clean state at the current character
# (always, for stateless encodings without pending '\r'), and seek() accepts it back.
# UTF-8, ASCII and Latin-1 are decoded by the native bytes.decode (with UTF-8's incomplete
# trailing sequence carried to the next chunk); other encodings go through `codecs`.


def _norm_encoding(name):
    return name.lower().replace("_", "-").replace(" ", "-")


_UTF8_NAMES = {"utf-8", "utf8", "u8", "utf", "cp65001"}
_LATIN1_NAMES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "8859", "cp819", "l1", "latin"}
_ASCII_NAMES = {"ascii", "us-ascii", "646"}


def _fast_codec(encoding):
    n = _norm_encoding(encoding)
    if n in _UTF8_NAMES:
        return "utf-8"
    if n in _LATIN1_NAMES:
        return "latin-1"
    if n in _ASCII_NAMES:
        return "ascii"
    return None


def _utf8_incomplete_tail(data):
    """Length of an incomplete UTF-8 sequence at the end of `data` (0 if none)."""
    n = len(data)
    for back in range(1, min(4, n) + 1):
        c = data[n - back]
        if c < 0x80:
            return 0
        if c >= 0xC0:
            need = 2 if c < 0xE0 else 3 if c < 0xF0 else 4
            return back if need > back else 0
    return 0


class _FastDecoder:
    """Incremental decoder over bytes.decode for UTF-8 / ASCII / Latin-1."""

    def __init__(self, codec, errors="strict"):
        self.codec = codec
        self.errors = errors
        self.buffer = b""

    def decode(self, input, final=False):
        data = self.buffer + bytes(input) if self.buffer else bytes(input)
        if self.codec == "utf-8" and not final:
            k = _utf8_incomplete_tail(data)
            if k:
                self.buffer = data[-k:]
                data = data[:-k]
            else:
                self.buffer = b""
        else:
            self.buffer = b""
        return data.decode(self.codec, self.errors)

    def reset(self):
        self.buffer = b""

    def getstate(self):
        return (self.buffer, 0)

    def setstate(self, state):
        self.buffer = state[0]


class _FastEncoder:
    def __init__(self, codec, errors="strict"):
        self.codec = codec
        self.errors = errors

    def encode(self, input, final=False):
        return input.encode(self.codec, self.errors)

    def reset(self):
        pass

    def getstate(self):
        return 0

    def setstate(self, state):
        pass


def _lookup_codec(encoding):
    import codecs
    return codecs.lookup(encoding)


class IncrementalNewlineDecoder:
    """Translates \\r\\n and \\r into \\n (when `translate`) and records which newlines
    were seen, wrapping another incremental decoder (or none: str input)."""

    def __init__(self, decoder, translate, errors="strict"):
        self.decoder = decoder
        self.translate = translate
        self.errors = errors
        self.seennl = 0
        self.pendingcr = False

    def decode(self, input, final=False):
        if self.decoder is None:
            output = input
        else:
            output = self.decoder.decode(input, final=final)
        if self.pendingcr and (output or final):
            output = "\r" + output
            self.pendingcr = False
        if output.endswith("\r") and not final:
            output = output[:-1]
            self.pendingcr = True
        crlf = output.count("\r\n")
        cr = output.count("\r") - crlf
        lf = output.count("\n") - crlf
        self.seennl |= (lf and self._LF) | (cr and self._CR) | (crlf and self._CRLF)
        if self.translate:
            if crlf:
                output = output.replace("\r\n", "\n")
            if cr:
                output = output.replace("\r", "\n")
        return output

    def getstate(self):
        if self.decoder is None:
            buf = b""
            flag = 0
        else:
            buf, flag = self.decoder.getstate()
        flag <<= 1
        if self.pendingcr:
            flag |= 1
        return buf, flag

    def setstate(self, state):
        buf, flag = state
        self.pendingcr = bool(flag & 1)
        if self.decoder is not None:
            self.decoder.setstate((buf, flag >> 1))

    def reset(self):
        self.seennl = 0
        self.pendingcr = False
        if self.decoder is not None:
            self.decoder.reset()

    _LF = 1
    _CR = 2
    _CRLF = 4

    @property
    def newlines(self):
        return (None, "\n", "\r", ("\r", "\n"), "\r\n", ("\n", "\r\n"),
                ("\r", "\r\n"), ("\r", "\n", "\r\n"))[self.seennl]


def text_encoding(encoding, stacklevel=2):
    if encoding is None:
        return "locale"
    return encoding


def _check_newline(newline):
    if newline is not None and not isinstance(newline, str):
        raise TypeError("TextIOWrapper() argument 'newline' must be str or None, not %s"
                        % (type(newline).__name__,))
    if newline not in (None, "", "\n", "\r", "\r\n"):
        raise ValueError("illegal newline value: %s" % (newline,))


class TextIOWrapper(_TextIOBase):
    """Character and line based layer over a BufferedIOBase object, buffer."""

    _CHUNK_SIZE = 8192
    _buffer = None

    def __init__(self, buffer, encoding=None, errors=None, newline=None,
                 line_buffering=False, write_through=False):
        _check_newline(newline)
        if encoding is None or encoding == "locale":
            encoding = "UTF-8"
        elif not isinstance(encoding, str):
            raise TypeError("TextIOWrapper() argument 'encoding' must be str or None, not %s"
                            % type(encoding).__name__)
        if "\0" in encoding:
            raise ValueError("embedded null character")
        if errors is None:
            errors = "strict"
        elif not isinstance(errors, str):
            raise TypeError("TextIOWrapper() argument 'errors' must be str or None, not %s"
                            % type(errors).__name__)
        self._fast = _fast_codec(encoding)
        if self._fast is None:
            info = _lookup_codec(encoding)
            if not getattr(info, "_is_text_encoding", True):
                raise LookupError("%r is not a text encoding; use codecs.open() to handle "
                                  "arbitrary codecs" % encoding)
        self._buffer = buffer
        self._encoding = encoding
        self._errors = errors
        self._readuniversal = not newline
        self._readtranslate = newline is None
        self._readnl = newline
        self._writetranslate = newline != ""
        self._writenl = newline or "\n"
        self._line_buffering = bool(line_buffering)
        self._write_through = bool(write_through)
        self._decoder = None
        self._encoder = None
        self._decoded_chars = ""
        self._decoded_chars_used = 0
        self._snapshot = None
        self._seekable = self._telling = self._buffer.seekable()
        self._has_read1 = hasattr(self._buffer, "read1")
        self._b2cratio = 0.0
        if self._seekable and self.writable():
            position = self._buffer.tell()
            if position != 0:
                try:
                    self._get_encoder().setstate(0)
                except LookupError:
                    pass

    def __repr__(self):
        result = "<{}.{}".format(type(self).__module__, type(self).__qualname__)
        try:
            name = self.name
        except AttributeError:
            pass
        except ValueError:
            pass
        else:
            result += " name={0!r}".format(name)
        try:
            mode = self.mode
        except AttributeError:
            pass
        else:
            result += " mode={0!r}".format(mode)
        return result + " encoding={0!r}>".format(self.encoding)

    @property
    def encoding(self):
        return self._encoding

    @property
    def errors(self):
        return self._errors

    @property
    def line_buffering(self):
        return self._line_buffering

    @property
    def write_through(self):
        return self._write_through

    @property
    def buffer(self):
        return self._buffer

    def reconfigure(self, *, encoding=None, errors=None, newline=Ellipsis,
                    line_buffering=None, write_through=None):
        if self._decoder is not None and (encoding is not None or errors is not None
                                          or newline is not Ellipsis):
            raise UnsupportedOperation(
                "It is not possible to set the encoding or newline of stream after the first read")
        if errors is None:
            if encoding is None:
                errors = self._errors
            else:
                errors = "strict"
        if encoding is None:
            encoding = self._encoding
        if newline is Ellipsis:
            newline = self._readnl
        _check_newline(newline)
        if line_buffering is None:
            line_buffering = self.line_buffering
        if write_through is None:
            write_through = self.write_through
        self.flush()
        self._fast = _fast_codec(encoding)
        if self._fast is None:
            _lookup_codec(encoding)
        self._encoding = encoding
        self._errors = errors
        self._encoder = None
        self._readuniversal = not newline
        self._readtranslate = newline is None
        self._readnl = newline
        self._writetranslate = newline != ""
        self._writenl = newline or "\n"
        self._line_buffering = line_buffering
        self._write_through = write_through

    def seekable(self):
        if self.closed:
            raise _closed_error()
        return self._seekable

    def readable(self):
        return self._buffer.readable()

    def writable(self):
        return self._buffer.writable()

    def flush(self):
        self._buffer.flush()
        self._telling = self._seekable

    def close(self):
        if self._buffer is not None and not self.closed:
            try:
                self.flush()
            finally:
                self._buffer.close()

    @property
    def closed(self):
        return self._buffer.closed

    @property
    def name(self):
        return self._buffer.name

    def fileno(self):
        return self._buffer.fileno()

    def isatty(self):
        return self._buffer.isatty()

    def write(self, s):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        length = len(s)
        haslf = (self._writetranslate or self._line_buffering) and "\n" in s
        if haslf and self._writetranslate and self._writenl != "\n":
            s = s.replace("\n", self._writenl)
        b = self._get_encoder().encode(s)
        self._buffer.write(b)
        if self._line_buffering and (haslf or "\r" in s):
            self.flush()
        if self._snapshot is not None or self._decoded_chars:
            self._set_decoded_chars("")
            self._snapshot = None
        if self._decoder:
            self._decoder.reset()
        return length

    def _get_encoder(self):
        if self._encoder is None:
            if self._fast is not None:
                self._encoder = _FastEncoder(self._fast, self._errors)
            else:
                import codecs
                self._encoder = codecs.getincrementalencoder(self._encoding)(self._errors)
        return self._encoder

    def _get_decoder(self):
        if self._fast is not None:
            decoder = _FastDecoder(self._fast, self._errors)
        else:
            import codecs
            decoder = codecs.getincrementaldecoder(self._encoding)(self._errors)
        if self._readuniversal:
            decoder = IncrementalNewlineDecoder(decoder, self._readtranslate)
        self._decoder = decoder
        return decoder

    def _set_decoded_chars(self, chars):
        self._decoded_chars = chars
        self._decoded_chars_used = 0

    def _get_decoded_chars(self, n=None):
        offset = self._decoded_chars_used
        if n is None:
            chars = self._decoded_chars[offset:]
        else:
            chars = self._decoded_chars[offset:offset + n]
        self._decoded_chars_used += len(chars)
        return chars

    def _rewind_decoded_chars(self, n):
        if self._decoded_chars_used < n:
            raise AssertionError("rewind decoded_chars out of bounds")
        self._decoded_chars_used -= n

    def _read_chunk(self):
        if self._decoder is None:
            raise ValueError("no decoder")
        if self._telling:
            dec_buffer, dec_flags = self._decoder.getstate()
        if self._has_read1:
            input_chunk = self._buffer.read1(self._CHUNK_SIZE)
        else:
            input_chunk = self._buffer.read(self._CHUNK_SIZE)
        if input_chunk is None:
            input_chunk = b""
        eof = not input_chunk
        decoded_chars = self._decoder.decode(input_chunk, eof)
        self._set_decoded_chars(decoded_chars)
        if self._telling:
            self._snapshot = (dec_flags, dec_buffer + input_chunk)
        return not eof

    def _pack_cookie(self, position, dec_flags=0, bytes_to_feed=0, need_eof=False,
                     chars_to_skip=0):
        # CPython's C layout: 64-bit position, then 32-bit decoder flags, bytes to feed and
        # chars to skip, then the need-eof byte.
        return (position | (dec_flags << 64) | (bytes_to_feed << 96)
                | (chars_to_skip << 128) | bool(need_eof) << 160)

    def _unpack_cookie(self, bigint):
        rest, position = divmod(bigint, 1 << 64)
        rest, dec_flags = divmod(rest, 1 << 32)
        rest, bytes_to_feed = divmod(rest, 1 << 32)
        need_eof, chars_to_skip = divmod(rest, 1 << 32)
        return position, dec_flags, bytes_to_feed, bool(need_eof), chars_to_skip

    def tell(self):
        if not self._seekable:
            raise UnsupportedOperation("underlying stream is not seekable")
        if not self._telling:
            raise OSError("telling position disabled by next() call")
        self.flush()
        position = self._buffer.tell()
        decoder = self._decoder
        if decoder is None or self._snapshot is None:
            if self._decoded_chars:
                raise AssertionError("pending decoded text")
            return position
        dec_flags, next_input = self._snapshot
        position -= len(next_input)
        chars_to_skip = self._decoded_chars_used
        if chars_to_skip == 0:
            return self._pack_cookie(position, dec_flags)
        saved_state = decoder.getstate()
        try:
            decoder.setstate((b"", dec_flags))
            start_pos = position
            start_flags, bytes_fed, chars_decoded = dec_flags, 0, 0
            for i in range(len(next_input)):
                bytes_fed += 1
                chars_decoded += len(decoder.decode(next_input[i:i + 1]))
                dec_buffer, dec_flags = decoder.getstate()
                if not dec_buffer and chars_decoded <= chars_to_skip:
                    start_pos += bytes_fed
                    chars_to_skip -= chars_decoded
                    start_flags, bytes_fed, chars_decoded = dec_flags, 0, 0
                if chars_decoded >= chars_to_skip:
                    break
            else:
                chars_decoded += len(decoder.decode(b"", final=True))
                need_eof = True
                if chars_decoded < chars_to_skip:
                    raise OSError("can't reconstruct logical file position")
                return self._pack_cookie(start_pos, start_flags, bytes_fed, need_eof,
                                         chars_to_skip)
            return self._pack_cookie(start_pos, start_flags, bytes_fed, False, chars_to_skip)
        finally:
            decoder.setstate(saved_state)

    def truncate(self, pos=None):
        self.flush()
        if pos is None:
            pos = self.tell()
        return self._buffer.truncate(pos)

    def detach(self):
        if self._buffer is None:
            raise ValueError("buffer is already detached")
        self.flush()
        buffer = self._buffer
        self._buffer = None
        return buffer

    def seek(self, cookie, whence=0):
        def _reset_encoder(position):
            try:
                encoder = self._encoder or self._get_encoder()
            except LookupError:
                pass
            else:
                if position != 0:
                    encoder.setstate(0)
                else:
                    encoder.reset()

        if self.closed:
            raise ValueError("tell on closed file")
        if not self._seekable:
            raise UnsupportedOperation("underlying stream is not seekable")
        if whence == SEEK_CUR:
            if cookie != 0:
                raise UnsupportedOperation("can't do nonzero cur-relative seeks")
            whence = 0
            cookie = self.tell()
        elif whence == SEEK_END:
            if cookie != 0:
                raise UnsupportedOperation("can't do nonzero end-relative seeks")
            self.flush()
            position = self._buffer.seek(0, whence)
            self._set_decoded_chars("")
            self._snapshot = None
            if self._decoder:
                self._decoder.reset()
            _reset_encoder(position)
            return position
        if whence != 0:
            raise ValueError("invalid whence (%r, should be 0, 1 or 2)" % (whence,))
        if not isinstance(cookie, int):
            raise TypeError("an integer is required")
        if cookie < 0:
            raise ValueError("negative seek position %r" % (cookie,))
        self.flush()
        start_pos, dec_flags, bytes_to_feed, need_eof, chars_to_skip = \
            self._unpack_cookie(cookie)
        self._buffer.seek(start_pos)
        self._set_decoded_chars("")
        self._snapshot = None
        if cookie == 0 and self._decoder:
            self._decoder.reset()
        elif self._decoder or dec_flags or chars_to_skip:
            self._decoder = self._decoder or self._get_decoder()
            self._decoder.setstate((b"", dec_flags))
            self._snapshot = (dec_flags, b"")
        if chars_to_skip:
            input_chunk = self._buffer.read(bytes_to_feed)
            self._set_decoded_chars(self._decoder.decode(input_chunk, need_eof))
            self._snapshot = (dec_flags, input_chunk)
            if len(self._decoded_chars) < chars_to_skip:
                raise OSError("can't restore logical file position")
            self._decoded_chars_used = chars_to_skip
        _reset_encoder(cookie)
        return cookie

    def read(self, size=None):
        self._checkReadable()
        if size is None:
            size = -1
        else:
            try:
                size_index = size.__index__
            except AttributeError:
                raise TypeError(f"{size!r} is not an integer")
            else:
                size = size_index()
        decoder = self._decoder or self._get_decoder()
        if size < 0:
            data = self._buffer.read()
            if data is None:
                data = b""
            result = self._get_decoded_chars() + decoder.decode(data, final=True)
            if self._snapshot is not None:
                self._set_decoded_chars("")
                self._snapshot = None
            return result
        eof = False
        result = self._get_decoded_chars(size)
        while len(result) < size and not eof:
            eof = not self._read_chunk()
            result += self._get_decoded_chars(size - len(result))
        return result

    def _checkReadable(self, msg=None):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if not self._buffer.readable():
            raise UnsupportedOperation("not readable")

    def __next__(self):
        self._telling = False
        line = self.readline()
        if not line:
            self._snapshot = None
            self._telling = self._seekable
            raise StopIteration
        return line

    def readline(self, size=None):
        if self.closed:
            raise ValueError("read from closed file")
        if size is None:
            size = -1
        else:
            try:
                size_index = size.__index__
            except AttributeError:
                raise TypeError(f"{size!r} is not an integer")
            else:
                size = size_index()
        if not self._buffer.readable():
            raise UnsupportedOperation("not readable")
        line = self._get_decoded_chars()
        start = 0
        if not self._decoder:
            self._get_decoder()
        pos = endpos = None
        while True:
            if self._readtranslate:
                pos = line.find("\n", start)
                if pos >= 0:
                    endpos = pos + 1
                    break
                else:
                    start = len(line)
            elif self._readuniversal:
                nlpos = line.find("\n", start)
                crpos = line.find("\r", start)
                if crpos == -1:
                    if nlpos == -1:
                        start = len(line)
                    else:
                        endpos = nlpos + 1
                        break
                elif nlpos == -1:
                    endpos = crpos + 1
                    break
                elif nlpos < crpos:
                    endpos = nlpos + 1
                    break
                elif nlpos == crpos + 1:
                    endpos = crpos + 2
                    break
                else:
                    endpos = crpos + 1
                    break
            else:
                pos = line.find(self._readnl)
                if pos >= 0:
                    endpos = pos + len(self._readnl)
                    break
            if size >= 0 and len(line) >= size:
                endpos = size
                break
            while self._read_chunk():
                if self._decoded_chars:
                    break
            if self._decoded_chars:
                line += self._get_decoded_chars()
            else:
                self._set_decoded_chars("")
                self._snapshot = None
                return line
        if size >= 0 and endpos > size:
            endpos = size
        self._rewind_decoded_chars(len(line) - endpos)
        return line[:endpos]

    @property
    def newlines(self):
        return self._decoder.newlines if self._decoder else None


class StringIO(_TextIOBase):
    """Text I/O implementation using an in-memory buffer."""

    def __init__(self, initial_value="", newline="\n"):
        if newline is not None and not isinstance(newline, str):
            raise TypeError("newline must be str or None, not %s" % type(newline).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        if initial_value is not None and not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s"
                            % type(initial_value).__name__)
        self._newline = newline
        self._translate_in = newline is None
        self._writenl = newline if newline not in (None, "", "\n") else None
        self._seen = IncrementalNewlineDecoder(None, newline is None) if not newline else None
        self._value = ""
        self._tail = []
        self._len = 0
        self._pos = 0
        self._closed = False
        if initial_value:
            self.write(initial_value)
            self._pos = 0

    def __repr__(self):
        return object.__repr__(self)

    def _realize(self):
        if self._tail:
            self._value += "".join(self._tail)
            self._tail = []
        return self._value

    def _checkClosed(self, msg=None):
        if self._closed:
            raise ValueError("I/O operation on closed file")

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True
        self._value = ""
        self._tail = []

    def getvalue(self):
        self._checkClosed()
        return self._realize()

    def write(self, s):
        self._checkClosed()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        n = len(s)
        if self._seen is not None:
            s = self._seen.decode(s, final=True)
        elif self._writenl is not None:
            s = s.replace("\n", self._writenl)
        if not s:
            return n
        pos = self._pos
        if pos == self._len:
            self._tail.append(s)
            self._len += len(s)
        else:
            value = self._realize()
            if pos > len(value):
                value += "\0" * (pos - len(value))
            value = value[:pos] + s + value[pos + len(s):]
            self._value = value
            self._len = len(value)
        self._pos = pos + len(s)
        return n

    def read(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        elif not isinstance(size, int):
            try:
                size = size.__index__()
            except AttributeError:
                raise TypeError("argument should be integer or None, not '%s'"
                                % type(size).__name__) from None
        value = self._realize()
        pos = self._pos
        if pos >= len(value):
            return ""
        end = len(value) if size < 0 else min(len(value), pos + size)
        self._pos = end
        return value[pos:end]

    def readline(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        elif not isinstance(size, int):
            try:
                size = size.__index__()
            except AttributeError:
                raise TypeError("argument should be integer or None, not '%s'"
                                % type(size).__name__) from None
        value = self._realize()
        pos = self._pos
        if pos >= len(value):
            return ""
        nl = self._newline
        if nl is None or nl == "\n":
            i = value.find("\n", pos)
            end = len(value) if i < 0 else i + 1
        elif nl == "":
            i = value.find("\n", pos)
            j = value.find("\r", pos)
            if j >= 0 and (i < 0 or j < i):
                end = j + 2 if value.startswith("\r\n", j) else j + 1
            else:
                end = len(value) if i < 0 else i + 1
        else:
            i = value.find(nl, pos)
            end = len(value) if i < 0 else i + len(nl)
        if size >= 0:
            end = min(end, pos + size)
        self._pos = end
        return value[pos:end]

    def __next__(self):
        self._checkClosed()
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def tell(self):
        self._checkClosed()
        return self._pos

    def seek(self, pos, whence=0):
        self._checkClosed()
        if not isinstance(pos, int):
            try:
                pos = pos.__index__()
            except AttributeError:
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(pos).__name__) from None
        if whence not in (0, 1, 2):
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        if pos < 0 and whence == 0:
            raise ValueError("Negative seek position %d" % pos)
        if whence != 0 and pos != 0:
            raise OSError("Can't do nonzero cur-relative seeks")
        if whence == 1:
            pos = self._pos
        elif whence == 2:
            pos = len(self._realize())
        self._pos = pos
        return pos

    def truncate(self, pos=None):
        self._checkClosed()
        if pos is None:
            pos = self._pos
        elif not isinstance(pos, int):
            try:
                pos = pos.__index__()
            except AttributeError:
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(pos).__name__) from None
        if pos < 0:
            raise ValueError("Negative size value %d" % pos)
        value = self._realize()
        if pos < len(value):
            self._value = value[:pos]
            self._len = pos
        return pos

    def readable(self):
        self._checkClosed()
        return True

    def writable(self):
        self._checkClosed()
        return True

    def seekable(self):
        self._checkClosed()
        return True

    def flush(self):
        self._checkClosed()

    def isatty(self):
        self._checkClosed()
        return False

    @property
    def line_buffering(self):
        self._checkClosed()
        return False

    @property
    def newlines(self):
        self._checkClosed()
        if self._seen is None:
            return None
        return self._seen.newlines

    def detach(self):
        _unsupported("detach")

    def __getstate__(self):
        self._checkClosed()
        return (self.getvalue(), self._newline, self._pos, getattr(self, "__dict__", {}).copy())

    def __setstate__(self, state):
        value, newline, pos, d = state
        StringIO.__init__(self, None, newline)
        self._value = value
        self._len = len(value)
        self._pos = pos


def open(file, mode="r", buffering=-1, encoding=None, errors=None,
         newline=None, closefd=True, opener=None):
    if not isinstance(file, int):
        file = _posix.fspath(file)
    if not isinstance(file, (str, bytes, int)):
        raise TypeError("invalid file: %r" % file)
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not %s" % type(mode).__name__)
    if not isinstance(buffering, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(buffering).__name__)
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError("open() argument 'encoding' must be str or None, not %s"
                        % type(encoding).__name__)
    if errors is not None and not isinstance(errors, str):
        raise TypeError("open() argument 'errors' must be str or None, not %s"
                        % type(errors).__name__)
    modes = set(mode)
    if modes - set("axrwb+t") or len(mode) > len(modes):
        raise ValueError("invalid mode: %r" % mode)
    creating = "x" in modes
    reading = "r" in modes
    writing = "w" in modes
    appending = "a" in modes
    updating = "+" in modes
    text = "t" in modes
    binary = "b" in modes
    if text and binary:
        raise ValueError("can't have text and binary mode at once")
    if creating + reading + writing + appending > 1:
        raise ValueError("must have exactly one of create/read/write/append mode")
    if not (creating or reading or writing or appending):
        raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
    if binary and encoding is not None:
        raise ValueError("binary mode doesn't take an encoding argument")
    if binary and errors is not None:
        raise ValueError("binary mode doesn't take an errors argument")
    if binary and newline is not None:
        raise ValueError("binary mode doesn't take a newline argument")
    if binary and buffering == 1:
        import warnings
        warnings.warn("line buffering (buffering=1) isn't supported in binary "
                      "mode, the default buffer size will be used",
                      RuntimeWarning, 2)
    if not binary:
        _check_newline(newline)
    raw = FileIO(file,
                 (creating and "x" or "") + (reading and "r" or "") + (writing and "w" or "")
                 + (appending and "a" or "") + (updating and "+" or ""),
                 closefd, opener=opener)
    result = raw
    try:
        line_buffering = False
        if buffering == 1 or buffering < 0 and raw.isatty():
            buffering = -1
            line_buffering = True
        if buffering < 0:
            buffering = DEFAULT_BUFFER_SIZE
        if buffering == 0:
            if binary:
                return result
            raise ValueError("can't have unbuffered text I/O")
        if updating:
            buffer = BufferedRandom(raw, buffering)
        elif creating or writing or appending:
            buffer = BufferedWriter(raw, buffering)
        else:
            buffer = BufferedReader(raw, buffering)
        result = buffer
        if binary:
            return result
        text = TextIOWrapper(buffer, encoding, errors, newline, line_buffering)
        result = text
        text.mode = mode
        return result
    except:
        result.close()
        raise


def open_code(path):
    if not isinstance(path, str):
        raise TypeError("open_code() argument 'path' must be str, not %s" % type(path).__name__)
    return open(path, "rb")
