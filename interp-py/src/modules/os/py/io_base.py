# Python-level part of tern's `_io` module, first file: the abstract bases, FileIO, BytesIO
# and the buffered classes. Run in the `_io` module's namespace at import (after the native
# part has set DEFAULT_BUFFER_SIZE); `io_text.py` follows with the text layer and open().
#
# Design: CPython writes these in C; tern writes them in Python over the native `posix`
# calls (like PyPy, which writes them in RPython), keeping CPython's observable behaviour:
# class names and hierarchy (`io.py` subclasses the `_*Base` classes with ABCMeta and
# registers the concrete ones), error types and messages, repr formats, and the
# closed/readable/writable/seekable checks. builtins.open keeps tern's native fast file
# objects for the common cases; `_io.open` (and builtins.open for file descriptors,
# buffering=0, openers, ...) builds the objects here.

import posix as _posix

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
_EINTR = 4
_EAGAIN = 11


class UnsupportedOperation(OSError, ValueError):
    pass


UnsupportedOperation.__module__ = "io"
BlockingIOError = BlockingIOError


def _native_twins():
    t = _native_twins.cache
    if t is None:
        text, reader, writer = _native_file_types
        t = _native_twins.cache = {text: TextIOWrapper, reader: BufferedReader,
                                   writer: BufferedWriter}
    return t


_native_twins.cache = None


def _unsupported(name):
    raise UnsupportedOperation(name)


def _closed_error():
    return ValueError("I/O operation on closed file.")


class _IOBase:
    """The abstract base class for all I/O classes."""

    def seek(self, pos, whence=0):
        _unsupported("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        _unsupported("truncate")

    def flush(self):
        self._checkClosed()

    __IOBase_closed = False

    def close(self):
        if not self.__IOBase_closed:
            try:
                self.flush()
            finally:
                self.__IOBase_closed = True

    def __del__(self):
        pass

    @classmethod
    def __subclasshook__(cls, C):
        # tern's native file objects (from builtins.open) stand for the classes here.
        twin = _native_twins().get(C)
        if twin is not None:
            return issubclass(twin, cls)
        return NotImplemented

    def seekable(self):
        return False

    def _checkSeekable(self, msg=None):
        if not self.seekable():
            raise UnsupportedOperation("File or stream is not seekable."
                                       if msg is None else msg)

    def readable(self):
        return False

    def _checkReadable(self, msg=None):
        if not self.readable():
            raise UnsupportedOperation("File or stream is not readable."
                                       if msg is None else msg)

    def writable(self):
        return False

    def _checkWritable(self, msg=None):
        if not self.writable():
            raise UnsupportedOperation("File or stream is not writable."
                                       if msg is None else msg)

    @property
    def closed(self):
        return self.__IOBase_closed

    def _checkClosed(self, msg=None):
        if self.closed:
            raise _closed_error() if msg is None else ValueError(msg)

    def __enter__(self):
        self._checkClosed()
        return self

    def __exit__(self, *args):
        self.close()

    def fileno(self):
        _unsupported("fileno")

    def isatty(self):
        self._checkClosed()
        return False

    def readline(self, size=-1):
        if size is None:
            size = -1
        elif not isinstance(size, int):
            size = size.__index__()
        peek = getattr(self, "peek", None)
        res = bytearray()
        while size < 0 or len(res) < size:
            if peek is not None:
                ahead = peek(1)
                if not ahead:
                    n = 1
                else:
                    n = (ahead.find(b"\n") + 1) or len(ahead)
                    if size >= 0:
                        n = min(n, size - len(res))
            else:
                n = 1
            b = self.read(n)
            if not b:
                break
            res += b
            if res.endswith(b"\n"):
                break
        return bytes(res)

    def __iter__(self):
        self._checkClosed()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readlines(self, hint=None):
        if hint is None or hint <= 0:
            return list(self)
        n = 0
        lines = []
        for line in self:
            lines.append(line)
            n += len(line)
            if n >= hint:
                break
        return lines

    def writelines(self, lines):
        self._checkClosed()
        for line in lines:
            self.write(line)


class _RawIOBase(_IOBase):
    """Base class for raw binary I/O."""

    def read(self, size=-1):
        if size is None:
            size = -1
        if size < 0:
            return self.readall()
        b = bytearray(size.__index__())
        n = self.readinto(b)
        if n is None:
            return None
        del b[n:]
        return bytes(b)

    def readall(self):
        res = bytearray()
        while True:
            data = self.read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            res += data
        if res:
            return bytes(res)
        return data

    def readinto(self, b):
        raise NotImplementedError

    def write(self, b):
        raise NotImplementedError


class _BufferedIOBase(_IOBase):
    """Base class for buffered binary I/O."""

    def read(self, size=-1):
        _unsupported("read")

    def read1(self, size=-1):
        _unsupported("read1")

    def readinto(self, b):
        return self._readinto(b, read1=False)

    def readinto1(self, b):
        return self._readinto(b, read1=True)

    def _readinto(self, b, read1):
        if not isinstance(b, memoryview):
            b = memoryview(b)
        b = b.cast("B")
        data = self.read1(len(b)) if read1 else self.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def write(self, b):
        _unsupported("write")

    def detach(self):
        _unsupported("detach")


class _TextIOBase(_IOBase):
    """Base class for text I/O."""

    def read(self, size=-1):
        _unsupported("read")

    def write(self, s):
        _unsupported("write")

    def truncate(self, pos=None):
        _unsupported("truncate")

    def readline(self):
        _unsupported("readline")

    def detach(self):
        _unsupported("detach")

    @property
    def encoding(self):
        return None

    @property
    def newlines(self):
        return None

    @property
    def errors(self):
        return None


def _mode_flags(mode):
    """(readable, writable, created, appending, plus) of a FileIO mode, checked."""
    if not isinstance(mode, str):
        raise TypeError("FileIO() argument 'mode' must be str, not %s" % type(mode).__name__)
    s = set(mode)
    rwax = sum(c in s for c in "rwax")
    if rwax != 1 or len(s) != len(mode) or not s <= set("rwaxb+"):
        if rwax > 1:
            raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
        if not s <= set("rwaxb+") or len(s) != len(mode):
            raise ValueError("invalid mode: %s" % mode)
        raise ValueError("Must have exactly one of read/write/create/append mode and at most one plus")
    return ("r" in s or "+" in s, "r" not in s or "+" in s, "x" in s, "a" in s, "+" in s)


class FileIO(_RawIOBase):
    _fd = -1
    _created = False
    _readable = False
    _writable = False
    _appending = False
    _seekable = None
    _closefd = True

    def __init__(self, file, mode="r", closefd=True, opener=None):
        if self._fd >= 0:
            try:
                if self._closefd:
                    _posix.close(self._fd)
            finally:
                self._fd = -1
        if isinstance(file, int):
            if isinstance(file, bool):
                import warnings
                warnings.warn("bool is used as a file descriptor", RuntimeWarning, stacklevel=2)
                file = int(file)
            fd = file
            if fd < 0:
                raise ValueError("negative file descriptor")
        else:
            _posix.fspath(file)
            fd = -1
        readable, writable, created, appending, plus = _mode_flags(mode)
        self._readable, self._writable = readable, writable
        self._created, self._appending = created, appending
        if plus:
            flags = _posix.O_RDWR
        elif readable:
            flags = _posix.O_RDONLY
        else:
            flags = _posix.O_WRONLY
        if created:
            flags |= _posix.O_EXCL | _posix.O_CREAT
        elif appending:
            flags |= _posix.O_APPEND | _posix.O_CREAT
        elif "w" in mode:
            flags |= _posix.O_CREAT | _posix.O_TRUNC
        flags |= getattr(_posix, "O_CLOEXEC", 0)
        owned_fd = -1
        try:
            if fd < 0:
                if not closefd:
                    raise ValueError("Cannot use closefd=False with file name")
                if opener is None:
                    fd = _posix.open(file, flags, 0o666)
                else:
                    fd = opener(file, flags)
                    if not isinstance(fd, int):
                        raise TypeError("expected integer from opener")
                    if fd < 0:
                        raise ValueError("opener returned %d" % fd)
                owned_fd = fd
            self._closefd = bool(closefd)
            st = _posix.fstat(fd)
            if (st.st_mode & 0o170000) == 0o040000:
                raise IsADirectoryError(21, _posix.strerror(21), file)
            self._blksize = getattr(st, "st_blksize", 0) or DEFAULT_BUFFER_SIZE
            self.name = file
            if appending:
                try:
                    _posix.lseek(fd, 0, SEEK_END)
                except OSError as e:
                    if e.errno != 29:
                        raise
        except:
            if owned_fd >= 0:
                _posix.close(owned_fd)
            raise
        self._fd = fd

    def __del__(self):
        pass

    def __getstate__(self):
        raise TypeError("cannot pickle %r object" % type(self).__name__)

    def __repr__(self):
        class_name = "%s.%s" % (type(self).__module__, type(self).__qualname__)
        if self.closed:
            return "<%s [closed]>" % class_name
        try:
            name = self.name
        except AttributeError:
            return "<%s fd=%d mode=%r closefd=%r>" % (class_name, self._fd, self.mode, self._closefd)
        return "<%s name=%r mode=%r closefd=%r>" % (class_name, name, self.mode, self._closefd)

    def _checkReadable(self):
        if not self._readable:
            raise UnsupportedOperation("File not open for reading")

    def _checkWritable(self, msg=None):
        if not self._writable:
            raise UnsupportedOperation("File not open for writing")

    def read(self, size=-1):
        self._checkClosed()
        self._checkReadable()
        if size is None or size < 0:
            return self.readall()
        try:
            return _posix.read(self._fd, size)
        except BlockingIOError:
            return None

    def readall(self):
        self._checkClosed()
        self._checkReadable()
        chunks = []
        while True:
            try:
                chunk = _posix.read(self._fd, max(self._blksize, DEFAULT_BUFFER_SIZE) * 8)
            except BlockingIOError:
                if chunks:
                    break
                return None
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def readinto(self, b):
        self._checkClosed()
        self._checkReadable()
        m = memoryview(b).cast("B")
        data = self.read(len(m))
        if data is None:
            return None
        n = len(data)
        m[:n] = data
        return n

    def write(self, b):
        self._checkClosed()
        self._checkWritable()
        try:
            return _posix.write(self._fd, b)
        except BlockingIOError:
            return None

    def seek(self, pos, whence=SEEK_SET):
        if isinstance(pos, float):
            raise TypeError("an integer is required")
        self._checkClosed()
        return _posix.lseek(self._fd, pos, whence)

    def tell(self):
        self._checkClosed()
        return _posix.lseek(self._fd, 0, SEEK_CUR)

    def truncate(self, size=None):
        self._checkClosed()
        self._checkWritable()
        if size is None:
            size = self.tell()
        _posix.ftruncate(self._fd, size)
        return size

    def close(self):
        if not self.closed:
            try:
                super().close()
            finally:
                fd, self._fd = self._fd, -1
                if self._closefd and fd >= 0:
                    _posix.close(fd)

    @property
    def closed(self):
        return self._fd < 0 or super().closed

    def seekable(self):
        self._checkClosed()
        if self._seekable is None:
            try:
                self.tell()
            except OSError:
                self._seekable = False
            else:
                self._seekable = True
        return self._seekable

    def readable(self):
        self._checkClosed()
        return self._readable

    def writable(self):
        self._checkClosed()
        return self._writable

    def fileno(self):
        self._checkClosed()
        return self._fd

    def isatty(self):
        self._checkClosed()
        return _posix.isatty(self._fd)

    @property
    def closefd(self):
        return self._closefd

    @property
    def mode(self):
        if self._created:
            return "xb+" if self._readable else "xb"
        if self._appending:
            return "ab+" if self._readable else "ab"
        if self._readable:
            return "rb+" if self._writable else "rb"
        return "wb"


class BytesIO(_BufferedIOBase):
    """Buffered I/O implementation using an in-memory bytes buffer."""

    _buffer = None

    def __init__(self, initial_bytes=None):
        buf = bytearray()
        if initial_bytes is not None:
            if isinstance(initial_bytes, str):
                raise TypeError("a bytes-like object is required, not 'str'")
            buf += initial_bytes
        self._buffer = buf
        self._pos = 0
        self._exports = 0

    def __getstate__(self):
        if self.closed:
            raise ValueError("__getstate__ on closed file")
        return (self.getvalue(), self._pos, getattr(self, "__dict__", {}).copy())

    def getvalue(self):
        if self._buffer is None:
            raise _closed_error()
        return bytes(self._buffer)

    def getbuffer(self):
        if self._buffer is None:
            raise _closed_error()
        return memoryview(self._buffer)

    def close(self):
        if self._buffer is not None:
            super().close()
            self._buffer.clear()
        self._buffer = None

    @property
    def closed(self):
        return self._buffer is None

    def _checkClosed(self, msg=None):
        if self._buffer is None:
            raise _closed_error()

    def read(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        else:
            size = size.__index__()
        buf = self._buffer
        pos = self._pos
        if size < 0:
            size = len(buf)
        if len(buf) <= pos:
            return b""
        newpos = min(len(buf), pos + size)
        b = buf[pos:newpos]
        self._pos = newpos
        return bytes(b)

    def read1(self, size=-1):
        return self.read(size)

    def readline(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        buf = self._buffer
        pos = self._pos
        end = buf.find(b"\n", pos)
        end = len(buf) if end < 0 else end + 1
        if size >= 0:
            end = min(end, pos + size)
        if end <= pos:
            return b""
        self._pos = end
        return bytes(buf[pos:end])

    def readinto(self, b):
        self._checkClosed()
        m = memoryview(b).cast("B")
        data = self.read(len(m))
        n = len(data)
        m[:n] = data
        return n

    readinto1 = readinto

    def write(self, b):
        self._checkClosed()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        with memoryview(b) as view:
            n = view.nbytes
        if n == 0:
            return 0
        pos = self._pos
        buf = self._buffer
        if pos > len(buf):
            buf += b"\x00" * (pos - len(buf))
        if pos == len(buf):
            buf += b
        else:
            buf[pos:pos + n] = b
        self._pos = pos + n
        return n

    def seek(self, pos, whence=0):
        self._checkClosed()
        try:
            pos_index = pos.__index__
        except AttributeError:
            raise TypeError("'%s' object cannot be interpreted as an integer"
                            % type(pos).__name__) from None
        pos = pos_index()
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % (pos,))
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._buffer) + pos)
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    def tell(self):
        self._checkClosed()
        return self._pos

    def truncate(self, pos=None):
        self._checkClosed()
        if pos is None:
            pos = self._pos
        else:
            try:
                pos_index = pos.__index__
            except AttributeError:
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(pos).__name__) from None
            pos = pos_index()
            if pos < 0:
                raise ValueError("negative size value %d" % (pos,))
        del self._buffer[pos:]
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

    def __repr__(self):
        return "<_io.BytesIO object>"


class _BufferedMixin:
    """Shared by the buffered classes: the raw stream and the delegating methods."""

    def _init_raw(self, raw, buffer_size):
        if buffer_size is None:
            buffer_size = DEFAULT_BUFFER_SIZE
        if buffer_size <= 0:
            raise ValueError("buffer size must be strictly positive")
        self._raw = raw
        self.buffer_size = buffer_size

    @property
    def raw(self):
        return self._raw

    def _check_raw(self):
        if self._raw is None:
            raise ValueError("raw stream has been detached")

    def seekable(self):
        self._check_raw()
        return self._raw.seekable()

    @property
    def closed(self):
        self._check_raw()
        return self._raw.closed

    @property
    def name(self):
        self._check_raw()
        return self._raw.name

    @property
    def mode(self):
        self._check_raw()
        return self._raw.mode

    def fileno(self):
        self._check_raw()
        return self._raw.fileno()

    def isatty(self):
        self._check_raw()
        return self._raw.isatty()

    def __getstate__(self):
        raise TypeError(f"cannot pickle {type(self).__name__!r} object")

    def __repr__(self):
        modname = type(self).__module__
        clsname = type(self).__qualname__
        try:
            name = self.name
        except AttributeError:
            return "<{}.{}>".format(modname, clsname)
        except ValueError:
            return "<{}.{}>".format(modname, clsname)
        return "<{}.{} name={!r}>".format(modname, clsname, name)

    def detach(self):
        self._check_raw()
        self.flush()
        raw = self._raw
        self._raw = None
        return raw

    def close(self):
        self._check_raw()
        if self._raw.closed:
            return
        try:
            self.flush()
        finally:
            self._raw.close()


class BufferedReader(_BufferedMixin, _BufferedIOBase):
    """A buffer for a readable, sequential raw stream."""

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        if not raw.readable():
            raise OSError('"raw" argument must be readable.')
        self._init_raw(raw, buffer_size)
        self._rbuf = b""
        self._rpos = 0

    def readable(self):
        self._check_raw()
        return self._raw.readable()

    def writable(self):
        self._check_raw()
        return False

    def flush(self):
        self._check_raw()
        if self._raw.closed:
            raise ValueError("flush of closed file")

    def _reset_read_buf(self):
        self._rbuf = b""
        self._rpos = 0

    def _fill(self):
        """Reads one raw chunk into the buffer; False at EOF (None if non-blocking)."""
        chunk = self._raw.read(self.buffer_size)
        if chunk is None:
            return None
        if not chunk:
            return False
        if self._rpos < len(self._rbuf):
            self._rbuf = self._rbuf[self._rpos:] + chunk
        else:
            self._rbuf = chunk
        self._rpos = 0
        return True

    def read(self, size=None):
        self._check_raw()
        if self._raw.closed:
            raise ValueError("read of closed file")
        if size is not None and size < -1:
            raise ValueError("read length must be non-negative or -1")
        if size is None or size < 0:
            rest = self._rbuf[self._rpos:]
            self._reset_read_buf()
            if hasattr(self._raw, "readall"):
                data = self._raw.readall()
                if data is None:
                    return rest or None
                return rest + data
            chunks = [rest]
            while True:
                chunk = self._raw.read()
                if chunk is None:
                    return b"".join(chunks) or None
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
        while len(self._rbuf) - self._rpos < size:
            r = self._fill()
            if not r:
                if r is None and len(self._rbuf) == self._rpos:
                    return None
                break
        pos = self._rpos
        out = self._rbuf[pos:pos + size]
        self._rpos = pos + len(out)
        return out

    def peek(self, size=0):
        self._check_raw()
        if self._raw.closed:
            raise ValueError("peek of closed file")
        if self._rpos >= len(self._rbuf):
            self._fill()
        return self._rbuf[self._rpos:]

    def read1(self, size=-1):
        self._check_raw()
        if self._raw.closed:
            raise ValueError("read of closed file")
        if size is None or size < 0:
            size = self.buffer_size
        if size == 0:
            return b""
        if self._rpos >= len(self._rbuf):
            self._reset_read_buf()
            self._fill()
        pos = self._rpos
        out = self._rbuf[pos:pos + size]
        self._rpos = pos + len(out)
        return out

    def readline(self, size=-1):
        self._check_raw()
        if self._raw.closed:
            raise ValueError("readline of closed file")
        if size is None:
            size = -1
        while True:
            i = self._rbuf.find(b"\n", self._rpos)
            if i >= 0 or (size >= 0 and len(self._rbuf) - self._rpos >= size):
                break
            if not self._fill():
                break
        end = len(self._rbuf) if i < 0 else i + 1
        if size >= 0:
            end = min(end, self._rpos + size)
        out = self._rbuf[self._rpos:end]
        self._rpos = end
        return out

    def tell(self):
        self._check_raw()
        pos = self._raw.tell() - (len(self._rbuf) - self._rpos)
        return max(pos, 0)

    def seek(self, pos, whence=0):
        self._check_raw()
        if whence not in (0, 1, 2):
            raise ValueError("whence value %d unsupported" % whence)
        if whence == 1:
            pos -= len(self._rbuf) - self._rpos
        pos = self._raw.seek(pos, whence)
        self._reset_read_buf()
        return pos

    def truncate(self, pos=None):
        _unsupported("truncate")


class BufferedWriter(_BufferedMixin, _BufferedIOBase):
    """A buffer for a writeable sequential raw stream."""

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        if not raw.writable():
            raise OSError('"raw" argument must be writable.')
        self._init_raw(raw, buffer_size)
        self._wbuf = bytearray()

    def readable(self):
        self._check_raw()
        return False

    def writable(self):
        self._check_raw()
        return self._raw.writable()

    def write(self, b):
        self._check_raw()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        if self._raw.closed:
            raise ValueError("write to closed file")
        data = bytes(b)
        n = len(data)
        if len(self._wbuf) + n <= self.buffer_size:
            self._wbuf += data
            return n
        # Like CPython's C buffer: flush what is pending, write whole buffer-sized
        # pieces through, keep the tail.
        self._flush_unlocked()
        pos = 0
        while n - pos > self.buffer_size:
            w = self._raw.write(data[pos:])
            if w is None:
                raise BlockingIOError(_EAGAIN, "write could not complete without blocking", pos)
            pos += w
        self._wbuf += data[pos:]
        return n

    def _flush_unlocked(self):
        if self._raw.closed:
            raise ValueError("flush of closed file")
        while self._wbuf:
            n = self._raw.write(bytes(self._wbuf))
            if n is None:
                raise BlockingIOError(_EAGAIN, "write could not complete without blocking", 0)
            if n > len(self._wbuf) or n < 0:
                raise OSError("write() returned incorrect number of bytes")
            del self._wbuf[:n]

    def flush(self):
        self._check_raw()
        self._flush_unlocked()

    def tell(self):
        self._check_raw()
        return self._raw.tell() + len(self._wbuf)

    def seek(self, pos, whence=0):
        self._check_raw()
        if whence not in (0, 1, 2):
            raise ValueError("whence value %d unsupported" % whence)
        self._flush_unlocked()
        return self._raw.seek(pos, whence)

    def truncate(self, pos=None):
        self._check_raw()
        self._flush_unlocked()
        if pos is None:
            pos = self._raw.tell()
        return self._raw.truncate(pos)

    def close(self):
        self._check_raw()
        if self._raw.closed:
            return
        try:
            self.flush()
        finally:
            self._wbuf.clear()
            self._raw.close()


class BufferedRandom(BufferedWriter, BufferedReader):
    """A buffered interface to random access streams."""

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        raw._checkSeekable()
        if not raw.readable():
            raise OSError('"raw" argument must be readable.')
        BufferedWriter.__init__(self, raw, buffer_size)
        self._rbuf = b""
        self._rpos = 0

    def readable(self):
        self._check_raw()
        return self._raw.readable()

    def writable(self):
        self._check_raw()
        return self._raw.writable()

    def _sync_for_write(self):
        if self._rpos < len(self._rbuf):
            self._raw.seek(self._rpos - len(self._rbuf), 1)
        self._reset_read_buf()

    def seek(self, pos, whence=0):
        self._check_raw()
        if whence not in (0, 1, 2):
            raise ValueError("whence value %d unsupported" % whence)
        self._flush_unlocked()
        if whence == 1:
            pos -= len(self._rbuf) - self._rpos
        pos = self._raw.seek(pos, whence)
        self._reset_read_buf()
        return pos

    def tell(self):
        self._check_raw()
        if self._wbuf:
            return self._raw.tell() + len(self._wbuf)
        return BufferedReader.tell(self)

    def truncate(self, pos=None):
        if pos is None:
            pos = self.tell()
        self.seek(pos)
        return BufferedWriter.truncate(self, pos)

    def read(self, size=None):
        self.flush()
        return BufferedReader.read(self, size)

    def readinto(self, b):
        self.flush()
        return BufferedReader.readinto(self, b)

    def peek(self, size=0):
        self.flush()
        return BufferedReader.peek(self, size)

    def read1(self, size=-1):
        self.flush()
        return BufferedReader.read1(self, size)

    def readline(self, size=-1):
        self.flush()
        return BufferedReader.readline(self, size)

    def write(self, b):
        self._check_raw()
        if self._rbuf:
            self._sync_for_write()
        return BufferedWriter.write(self, b)


class BufferedRWPair(_BufferedIOBase):
    """A buffered reader object and buffered writer object put together."""

    def __init__(self, reader, writer, buffer_size=DEFAULT_BUFFER_SIZE):
        if not reader.readable():
            raise UnsupportedOperation('"reader" argument must be readable.')
        if not writer.writable():
            raise UnsupportedOperation('"writer" argument must be writable.')
        self.reader = BufferedReader(reader, buffer_size)
        self.writer = BufferedWriter(writer, buffer_size)

    def read(self, size=-1):
        if size is None:
            size = -1
        return self.reader.read(size)

    def readinto(self, b):
        return self.reader.readinto(b)

    def write(self, b):
        return self.writer.write(b)

    def peek(self, size=0):
        return self.reader.peek(size)

    def read1(self, size=-1):
        return self.reader.read1(size)

    def readinto1(self, b):
        return self.reader.readinto1(b)

    def readline(self, size=-1):
        return self.reader.readline(size)

    def readable(self):
        return self.reader.readable()

    def writable(self):
        return self.writer.writable()

    def flush(self):
        return self.writer.flush()

    def close(self):
        try:
            self.writer.close()
        finally:
            self.reader.close()

    def isatty(self):
        return self.reader.isatty() or self.writer.isatty()

    @property
    def closed(self):
        return self.writer.closed
