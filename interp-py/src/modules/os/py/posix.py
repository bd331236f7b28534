# Python-level part of tern's native `posix` module (run in the module's namespace at
# import): `scandir` and its `DirEntry`, over the native `_scandir_raw` which reads a whole
# directory at once and returns (name, d_type, inode) triples. DirEntry caches its stat
# results like CPython's; d_type comes from readdir so is_dir()/is_file()/is_symlink() need
# no system call unless the file system reports DT_UNKNOWN.

from types import GenericAlias as _GenericAlias

_DT_UNKNOWN = 0
_DT_DIR = 4
_DT_REG = 8
_DT_LNK = 10
_S_IFMT = 0o170000
_S_IFDIR = 0o040000
_S_IFREG = 0o100000
_S_IFLNK = 0o120000
_ENTRY_TOKEN = object()


class DirEntry:
    __slots__ = ("name", "path", "_d_type", "_inode", "_stat", "_lstat", "_dir_fd")

    def __new__(cls, *args, **kwargs):
        if not args or args[0] is not _ENTRY_TOKEN:
            raise TypeError("cannot create 'posix.DirEntry' instances")
        self = object.__new__(cls)
        _, self.name, self.path, self._d_type, self._inode, self._dir_fd = args
        self._stat = None
        self._lstat = None
        return self

    def __init__(self, *args, **kwargs):
        pass

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry %r>" % (self.name,)

    def inode(self):
        return self._inode

    def stat(self, *, follow_symlinks=True):
        if follow_symlinks:
            if self._stat is None:
                if self.is_symlink():
                    self._stat = stat(self.path, dir_fd=self._dir_fd)
                else:
                    self._stat = self.stat(follow_symlinks=False)
            return self._stat
        if self._lstat is None:
            self._lstat = stat(self.path, dir_fd=self._dir_fd, follow_symlinks=False)
        return self._lstat

    def _test_mode(self, follow_symlinks, mode_bits):
        try:
            st = self.stat(follow_symlinks=follow_symlinks)
        except FileNotFoundError:
            return False
        return (st.st_mode & _S_IFMT) == mode_bits

    def is_dir(self, *, follow_symlinks=True):
        d = self._d_type
        if d == _DT_UNKNOWN or (follow_symlinks and d == _DT_LNK):
            return self._test_mode(follow_symlinks, _S_IFDIR)
        return d == _DT_DIR

    def is_file(self, *, follow_symlinks=True):
        d = self._d_type
        if d == _DT_UNKNOWN or (follow_symlinks and d == _DT_LNK):
            return self._test_mode(follow_symlinks, _S_IFREG)
        return d == _DT_REG

    def is_symlink(self):
        d = self._d_type
        if d == _DT_UNKNOWN:
            return self._test_mode(False, _S_IFLNK)
        return d == _DT_LNK

    __class_getitem__ = classmethod(_GenericAlias)


DirEntry.__module__ = "posix"


class ScandirIterator:
    __slots__ = ("_entries", "_pos")

    def __iter__(self):
        return self

    def __next__(self):
        entries = self._entries
        if entries is None or self._pos >= len(entries):
            self._entries = None
            raise StopIteration
        e = entries[self._pos]
        self._pos += 1
        return e

    def close(self):
        self._entries = None

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()
        return False


ScandirIterator.__module__ = "posix"


def scandir(path=None):
    if isinstance(path, int) and not isinstance(path, bool):
        raw = _scandir_raw(path)
        it = object.__new__(ScandirIterator)
        it._entries = [DirEntry(_ENTRY_TOKEN, name, name, d_type, ino, path)
                       for name, d_type, ino in raw]
        it._pos = 0
        return it
    raw = _scandir_raw(path)
    if path is None:
        top = "."
    else:
        top = path if isinstance(path, (str, bytes)) else fspath(path)
    sep = b"/" if isinstance(top, bytes) else "/"
    prefix = top if top.endswith(sep) else top + sep
    it = object.__new__(ScandirIterator)
    it._entries = [DirEntry(_ENTRY_TOKEN, name, prefix + name, d_type, ino, None)
                   for name, d_type, ino in raw]
    it._pos = 0
    return it


del _GenericAlias
