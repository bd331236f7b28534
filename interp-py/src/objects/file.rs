//! File objects (`sys.stdout`/`stderr`/`stdin` and `open()`), the process's standard
//! stream buffers, and the generic boxed-state destructor.
//!
//! A file object is a `boxed` layout owning a `Box<Box<dyn Any>>` holding a [`FileState`].
//! Text files decode/encode UTF-8 (or Latin-1/ASCII) with universal newlines on read;
//! binary files move bytes. Writes to `sys.stdout`/`sys.stderr` go through
//! [`StdStreams`], which buffers stdout like CPython (block-buffered when not a terminal,
//! line-buffered on a terminal, unbuffered with `-u`) and writes stderr at once.
//!
//! This is the basic I/O layer; the full `_io` module (buffer classes, `io.StringIO`...)
//! is a later issue.

use std::any::Any;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};

use tern_gc::GcRef;

use crate::objects::builtin_func::{GetSetDef, MethodDef, getter, meth};
use crate::runtime::builtin_types::T;
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Destructor of the generic boxed layout: drops the `Box<dyn Any>`.
pub fn boxed_drop(obj: GcRef) {
    // SAFETY: `obj` is a dead boxed object whose `PTR` was set at allocation.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut Box<dyn Any>;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `new_boxed`.
        unsafe { drop(Box::from_raw(p)) };
    }
}

/// The process's standard output streams.
pub struct StdStreams {
    /// Pending stdout bytes.
    pub out: Vec<u8>,
    /// `-u`.
    pub unbuffered: bool,
    /// stdout is a terminal (line buffering).
    pub out_tty: bool,
    /// Bytes read from stdin but not consumed yet.
    pub in_buf: Vec<u8>,
    /// stdin reached its end.
    pub in_eof: bool,
}

impl Default for StdStreams {
    fn default() -> Self {
        StdStreams::new()
    }
}

impl StdStreams {
    /// Streams with default buffering.
    pub fn new() -> StdStreams {
        StdStreams {
            out: Vec::with_capacity(8192),
            unbuffered: false,
            out_tty: is_tty(1),
            in_buf: Vec::new(),
            in_eof: false,
        }
    }

    /// Writes to stdout (buffered).
    pub fn write_out(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
        if self.unbuffered || self.out.len() >= 8192 || (self.out_tty && b.contains(&b'\n')) {
            self.flush_out();
        }
    }

    /// Flushes stdout.
    pub fn flush_out(&mut self) {
        if !self.out.is_empty() {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(&self.out);
            let _ = o.flush();
            self.out.clear();
        }
    }

    /// Writes to stderr (immediately).
    pub fn write_err(&mut self, b: &[u8]) {
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(b);
        let _ = e.flush();
    }

    /// Reads one line from stdin (with its newline); empty at EOF.
    pub fn read_line(&mut self) -> Vec<u8> {
        loop {
            if let Some(p) = self.in_buf.iter().position(|&c| c == b'\n') {
                let rest = self.in_buf.split_off(p + 1);
                return std::mem::replace(&mut self.in_buf, rest);
            }
            if self.in_eof {
                return std::mem::take(&mut self.in_buf);
            }
            let mut chunk = Vec::new();
            let n = std::io::stdin()
                .lock()
                .read_until(b'\n', &mut chunk)
                .unwrap_or(0);
            if n == 0 {
                self.in_eof = true;
            }
            self.in_buf.extend_from_slice(&chunk);
        }
    }

    /// Reads all of stdin.
    pub fn read_all(&mut self) -> Vec<u8> {
        if !self.in_eof {
            let mut rest = Vec::new();
            let _ = std::io::stdin().lock().read_to_end(&mut rest);
            self.in_buf.extend_from_slice(&rest);
            self.in_eof = true;
        }
        std::mem::take(&mut self.in_buf)
    }
}

/// Whether file descriptor `fd` is a terminal.
pub fn is_tty(fd: i32) -> bool {
    // SAFETY: `isatty` only inspects the descriptor number.
    unsafe { libc_isatty(fd) == 1 }
}

unsafe extern "C" {
    #[link_name = "isatty"]
    fn libc_isatty(fd: i32) -> i32;
}

/// Where a file object's bytes go.
pub enum Backend {
    /// The process's stdout (through `StdStreams`).
    Stdout,
    /// The process's stderr.
    Stderr,
    /// The process's stdin.
    Stdin,
    /// A disk file.
    Disk(std::fs::File),
}

/// The Rust state of a file object.
pub struct FileState {
    /// Backend.
    pub backend: Backend,
    /// Text (str) or binary (bytes) interface.
    pub text: bool,
    /// Opened for reading.
    pub readable: bool,
    /// Opened for writing.
    pub writable: bool,
    /// Closed.
    pub closed: bool,
    /// `name` attribute.
    pub name: String,
    /// `mode` attribute.
    pub mode: String,
    /// Encoding of text files.
    pub encoding: String,
    /// Read-ahead buffer (disk files).
    pub rbuf: Vec<u8>,
    /// Pending writes (disk files).
    pub wbuf: Vec<u8>,
    /// Translate newlines on read (`newline=None`).
    pub universal: bool,
}

impl Vm {
    /// A boxed-state object of type `t` owning `state`.
    pub fn new_boxed(&mut self, t: T, state: Box<dyn Any>) -> PyResult<Value> {
        let p = Box::into_raw(Box::new(state));
        match self.alloc_t(self.lay.boxed, t) {
            Ok(v) => {
                self.st_scalar::<usize>(v, boxed_::PTR, p as usize);
                Ok(v)
            }
            Err(e) => {
                // SAFETY: `p` came from `Box::into_raw` above and was not stored.
                unsafe { drop(Box::from_raw(p)) };
                Err(e)
            }
        }
    }

    /// The `FileState` of a file object.
    pub fn file_state(&mut self, f: Value) -> Option<&mut FileState> {
        let f = self.payload_or_self(f);
        if !self.has_layout(f, self.lay.boxed) {
            return None;
        }
        let p = self.ld_scalar::<usize>(f, boxed_::PTR) as *mut Box<dyn Any>;
        // SAFETY: the box lives as long as the object (rule 1); `&mut self` makes the
        // reference unique.
        let b = unsafe { &mut *p };
        b.downcast_mut::<FileState>()
    }

    /// A file object.
    pub fn new_file(&mut self, state: FileState) -> PyResult<Value> {
        let t = if state.text {
            T::TextIOWrapper
        } else if state.writable && !state.readable {
            T::BufferedWriter
        } else {
            T::BufferedReader
        };
        self.new_boxed(t, Box::new(state))
    }

    /// Writes text to `sys.stdout` (honouring a replaced `sys.stdout`).
    pub fn write_stdout(&mut self, s: &str) -> PyResult<()> {
        let out = self.sys_attr("stdout")?;
        self.write_to_file(out, s.as_bytes())
    }

    /// Writes bytes of text to a file-like object `f` (native files fast, else `f.write`).
    pub fn write_to_file(&mut self, f: Value, text: &[u8]) -> PyResult<()> {
        if let Some(st) = self.file_state(f) {
            if st.closed {
                return Err(self.value_error("I/O operation on closed file."));
            }
            match &mut st.backend {
                Backend::Stdout => {
                    self.io.write_out(text);
                    return Ok(());
                }
                Backend::Stderr => {
                    self.io.write_err(text);
                    return Ok(());
                }
                Backend::Disk(_) => {
                    st.wbuf.extend_from_slice(text);
                    if st.wbuf.len() > 65536 {
                        flush_state(st);
                    }
                    return Ok(());
                }
                Backend::Stdin => return Err(self.new_error(T::OSError, "not writable")),
            }
        }
        let mark = self.sp();
        let fr = self.push_root(f)?;
        let s = self.new_str_wtf8(text)?;
        let r = self.call_method(self.get(fr), crate::runtime::names::n::WRITE, &[s]);
        self.truncate(mark);
        r.map(|_| ())
    }
}

/// Writes a disk file's pending bytes (no-op for the standard streams).
pub fn flush_file_state(st: &mut FileState) {
    flush_state(st);
}

fn flush_state(st: &mut FileState) {
    if let Backend::Disk(f) = &mut st.backend
        && !st.wbuf.is_empty()
    {
        let _ = f.write_all(&st.wbuf);
        st.wbuf.clear();
    }
}

/// Opens a disk file (`open()`'s core).
pub fn open_file(
    vm: &mut Vm,
    path: &str,
    mode: &str,
    encoding: Option<String>,
    newline: Option<String>,
) -> PyResult<Value> {
    let mut read = false;
    let mut write = false;
    let mut append = false;
    let mut create_new = false;
    let mut truncate = false;
    let mut binary = false;
    let mut plus = false;
    let mut seen = std::collections::HashSet::new();
    for c in mode.chars() {
        if !seen.insert(c) {
            return Err(crate::raise!(vm, ValueError, "invalid mode: '{mode}'"));
        }
        match c {
            'r' => read = true,
            'w' => {
                write = true;
                truncate = true;
            }
            'a' => {
                write = true;
                append = true;
            }
            'x' => {
                write = true;
                create_new = true;
            }
            'b' => binary = true,
            't' => {}
            '+' => plus = true,
            _ => return Err(crate::raise!(vm, ValueError, "invalid mode: '{mode}'")),
        }
    }
    let kinds = [read, truncate, append, create_new]
        .iter()
        .filter(|&&b| b)
        .count();
    if kinds != 1 {
        return Err(vm.value_error("must have exactly one of create/read/write/append mode"));
    }
    if binary && encoding.is_some() {
        return Err(vm.value_error("binary mode doesn't take an encoding argument"));
    }
    if plus {
        read = true;
        write = true;
    }
    let mut oo = std::fs::OpenOptions::new();
    oo.read(read)
        .write(write && !append)
        .append(append)
        .truncate(truncate)
        .create(truncate || append);
    if create_new {
        oo.create_new(true);
    }
    match oo.open(path) {
        Ok(f) => {
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(os_error(vm, 21, "Is a directory", Some(path)));
            }
            let encoding = encoding.unwrap_or_else(|| "UTF-8".into());
            if !binary && crate::objects::codecs::lookup(&encoding).is_none() {
                return Err(crate::raise!(
                    vm,
                    LookupError,
                    "unknown encoding: {encoding}"
                ));
            }
            let state = FileState {
                backend: Backend::Disk(f),
                text: !binary,
                readable: read,
                writable: write,
                closed: false,
                name: path.to_string(),
                mode: mode.to_string(),
                encoding,
                rbuf: Vec::new(),
                wbuf: Vec::new(),
                universal: newline.is_none(),
            };
            vm.new_file(state)
        }
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(0);
            let msg = crate::interp::errno_message(code, &e);
            Err(os_error(vm, code, &msg, Some(path)))
        }
    }
}

/// Raises the `OSError` subclass for `errno` with `strerror` and an optional filename.
pub fn os_error(
    vm: &mut Vm,
    errno: i32,
    strerror: &str,
    filename: Option<&str>,
) -> crate::runtime::errors::PyErr {
    let t = crate::objects::exceptions::errno_exception_type(errno as i64);
    let mark = vm.sp();
    let r = (|| -> PyResult<Value> {
        vm.push_root(Value::small(errno as i64))?;
        let s = vm.new_str(strerror)?;
        vm.push_root(s)?;
        if let Some(f) = filename {
            let fv = vm.new_str(f)?;
            vm.push_root(fv)?;
        }
        let args = vm.tuple_from_slots(mark, vm.sp() - mark)?;
        let tr = vm.push_root(vm.ty(t))?;
        let e = vm.new_exception_args(tr, args)?;
        let er = vm.push_root(e)?;
        let args = vm.exc_args(e);
        vm.exc_init_fields(vm.get(er), args)?;
        Ok(vm.get(er))
    })();
    vm.truncate(mark);
    match r {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

fn closed_error(vm: &mut Vm) -> crate::runtime::errors::PyErr {
    vm.value_error("I/O operation on closed file.")
}

fn state(vm: &mut Vm, args: Args) -> PyResult<&mut FileState> {
    let f = args.get(vm, 0);
    if vm.file_state(f).is_none() {
        return Err(vm.type_error("file method called on a non-file object"));
    }
    Ok(vm.file_state(f).expect("checked"))
}

/// Fills the read buffer of a disk file or reads stdin; returns all remaining bytes when
/// `all`, else ensures a line is buffered.
fn read_more(vm: &mut Vm, args: Args, all: bool) -> PyResult<()> {
    let st = state(vm, args)?;
    match &mut st.backend {
        Backend::Disk(_) => {
            flush_state_pending(st);
            let Backend::Disk(f) = &mut st.backend else {
                unreachable!("disk")
            };
            if all {
                let _ = f.read_to_end(&mut st.rbuf);
            } else {
                let mut chunk = [0u8; 8192];
                loop {
                    if st.rbuf.contains(&b'\n') {
                        break;
                    }
                    let n = f.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    st.rbuf.extend_from_slice(&chunk[..n]);
                }
            }
            let _ = f;
        }
        Backend::Stdin => {
            let data = if all {
                vm.io.read_all()
            } else {
                vm.io.read_line()
            };
            let st = state(vm, args)?;
            st.rbuf.extend_from_slice(&data);
        }
        _ => return Err(vm.new_error(T::OSError, "not readable")),
    }
    Ok(())
}

fn flush_state_pending(st: &mut FileState) {
    flush_state(st);
}

fn decode_text(vm: &mut Vm, args: Args, bytes: Vec<u8>) -> PyResult<Value> {
    let (enc, universal) = {
        let st = state(vm, args)?;
        (st.encoding.clone(), st.universal)
    };
    let bytes = if universal {
        translate_newlines(&bytes)
    } else {
        bytes
    };
    crate::objects::codecs::decode_bytes(vm, &bytes, &enc, "strict")
}

fn translate_newlines(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' {
            out.push(b'\n');
            if i + 1 < b.len() && b[i + 1] == b'\n' {
                i += 1;
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    out
}

fn f_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "write", 2, 2)?;
    let (text, closed, writable) = {
        let st = state(vm, args)?;
        (st.text, st.closed, st.writable)
    };
    if closed {
        return Err(closed_error(vm));
    }
    if !writable {
        return Err(crate::raise!(vm, OSError, "not writable"));
    }
    let v = args.get(vm, 1);
    let (data, count) = if text {
        let Some(s) = vm.as_str_obj(v) else {
            let tn = vm.type_name(v);
            return Err(crate::raise!(
                vm,
                TypeError,
                "write() argument must be str, not {tn}"
            ));
        };
        let n = vm.str_len(s);
        let enc = state(vm, args)?.encoding.clone();
        let bytes = if crate::objects::codecs::lookup(&enc).map(|c| c.0)
            == Some(crate::objects::codecs::Codec::Utf8)
        {
            vm.str_bytes(s).to_vec()
        } else {
            let b = crate::objects::codecs::encode_str(vm, s, &enc, "strict")?;
            vm.bytes_data(b).to_vec()
        };
        (bytes, n)
    } else {
        let Some(b) = vm.bytes_like(v) else {
            let tn = vm.type_name(v);
            return Err(crate::raise!(
                vm,
                TypeError,
                "a bytes-like object is required, not '{tn}'"
            ));
        };
        let n = b.len();
        (b, n)
    };
    let f = args.get(vm, 0);
    vm.write_to_file(f, &data)?;
    vm.new_usize(count)
}

fn f_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "read", 1, 2)?;
    let n = match args.opt(vm, 1) {
        Some(v) if !vm.is_none(v) => vm.small_int_of(v).unwrap_or(-1),
        _ => -1,
    };
    let (closed, readable, text) = {
        let st = state(vm, args)?;
        (st.closed, st.readable, st.text)
    };
    if closed {
        return Err(closed_error(vm));
    }
    if !readable {
        return Err(crate::raise!(vm, OSError, "not readable"));
    }
    if n < 0 {
        read_more(vm, args, true)?;
        let st = state(vm, args)?;
        let data = std::mem::take(&mut st.rbuf);
        return if text {
            decode_text(vm, args, data)
        } else {
            vm.new_bytes(&data)
        };
    }
    // Read `n` units (bytes for binary, chars for text: approximated by decoding and
    // buffering the remainder).
    let n = n as usize;
    loop {
        let have = {
            let st = state(vm, args)?;
            if text {
                crate::objects::str::count_chars(&st.rbuf)
            } else {
                st.rbuf.len()
            }
        };
        if have >= n {
            break;
        }
        let before = state(vm, args)?.rbuf.len();
        read_more(vm, args, false)?;
        if state(vm, args)?.rbuf.len() == before {
            break;
        }
    }
    let st = state(vm, args)?;
    let take = if text {
        crate::objects::str::nth_char_offset(&st.rbuf, 0, n)
    } else {
        n.min(st.rbuf.len())
    };
    let rest = st.rbuf.split_off(take.min(st.rbuf.len()));
    let data = std::mem::replace(&mut st.rbuf, rest);
    if text {
        decode_text(vm, args, data)
    } else {
        vm.new_bytes(&data)
    }
}

fn f_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (closed, text) = {
        let st = state(vm, args)?;
        (st.closed, st.text)
    };
    if closed {
        return Err(closed_error(vm));
    }
    read_more(vm, args, false)?;
    let st = state(vm, args)?;
    // With universal newlines a line also ends at '\r' or "\r\n". `read_more` buffered up
    // to a '\n' (or EOF), so a '\r' ending the buffer is followed by nothing.
    let end = if st.universal {
        match st.rbuf.iter().position(|&c| c == b'\n' || c == b'\r') {
            Some(p) if st.rbuf[p] == b'\r' && st.rbuf.get(p + 1) == Some(&b'\n') => p + 2,
            Some(p) => p + 1,
            None => st.rbuf.len(),
        }
    } else {
        st.rbuf
            .iter()
            .position(|&c| c == b'\n')
            .map_or(st.rbuf.len(), |p| p + 1)
    };
    let rest = st.rbuf.split_off(end);
    let line = std::mem::replace(&mut st.rbuf, rest);
    if text {
        decode_text(vm, args, line)
    } else {
        vm.new_bytes(&line)
    }
}

fn f_readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mark = vm.sp();
    loop {
        let line = f_readline(vm, Args::positional(args.start as usize, 1))?;
        let empty = if vm.is_str(line) {
            vm.str_len(line) == 0
        } else {
            vm.bytes_like(line).is_none_or(|b| b.is_empty())
        };
        if empty {
            break;
        }
        vm.push_root(line)?;
    }
    vm.pack_list(mark)
}

fn f_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let line = f_readline(vm, args)?;
    let empty = if vm.is_str(line) {
        vm.str_len(line) == 0
    } else {
        vm.bytes_like(line).is_none_or(|b| b.is_empty())
    };
    if empty {
        return Err(vm.stop_iteration());
    }
    Ok(line)
}

fn f_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if state(vm, args)?.closed {
        return Err(closed_error(vm));
    }
    Ok(args.get(vm, 0))
}

fn f_writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = vm.get_iter(args.get(vm, 1))?;
    let ir = vm.push_root(it)?;
    while let Some(x) = vm.iter_next(vm.get(ir))? {
        let base = vm.sp();
        vm.push_root(args.get(vm, 0))?;
        vm.push_root(x)?;
        f_write(vm, Args::positional(base, 2))?;
        vm.truncate(base);
    }
    Ok(vm.none())
}

fn f_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = state(vm, args)?;
    match st.backend {
        Backend::Stdout => vm.io.flush_out(),
        Backend::Disk(_) => flush_state(st),
        _ => {}
    }
    Ok(vm.none())
}

fn f_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = state(vm, args)?;
    if st.closed {
        return Ok(vm.none());
    }
    flush_state(st);
    st.closed = true;
    if let Backend::Stdout = st.backend {
        vm.io.flush_out();
    }
    Ok(vm.none())
}

fn f_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if state(vm, args)?.closed {
        return Err(closed_error(vm));
    }
    Ok(args.get(vm, 0))
}

fn f_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    f_close(vm, Args::positional(args.start as usize, 1))?;
    Ok(vm.none())
}

fn f_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = state(vm, args)?;
    let n = match &st.backend {
        Backend::Stdin => 0,
        Backend::Stdout => 1,
        Backend::Stderr => 2,
        Backend::Disk(f) => {
            use std::os::fd::AsRawFd;
            f.as_raw_fd() as i64
        }
    };
    Ok(Value::small(n))
}

fn f_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = state(vm, args)?;
    let fd = match &st.backend {
        Backend::Stdin => 0,
        Backend::Stdout => 1,
        Backend::Stderr => 2,
        Backend::Disk(_) => -1,
    };
    let r = fd >= 0 && is_tty(fd);
    Ok(vm.bool_val(r))
}

fn f_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = state(vm, args)?.readable;
    Ok(vm.bool_val(r))
}
fn f_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = state(vm, args)?.writable;
    Ok(vm.bool_val(r))
}
fn f_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = matches!(state(vm, args)?.backend, Backend::Disk(_));
    Ok(vm.bool_val(r))
}

fn f_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, off, whence] = vm.bind::<3>(
        args,
        &Sig {
            name: "seek",
            params: &["self", "offset", "whence"],
            posonly: 3,
            kwonly: 3,
            required: 2,
        },
    )?;
    let off = vm.small_int_of(vm.get(off.expect("offset"))).unwrap_or(0);
    let whence = whence
        .map(|r| vm.small_int_of(vm.get(r)).unwrap_or(0))
        .unwrap_or(0);
    let st = state(vm, args)?;
    flush_state(st);
    let buffered = st.rbuf.len() as i64;
    st.rbuf.clear();
    let Backend::Disk(f) = &mut st.backend else {
        return Err(crate::raise!(
            vm,
            OSError,
            "underlying stream is not seekable"
        ));
    };
    let pos = match whence {
        0 => f.seek(SeekFrom::Start(off.max(0) as u64)),
        1 => f.seek(SeekFrom::Current(off - buffered)),
        _ => f.seek(SeekFrom::End(off)),
    };
    let p = pos.unwrap_or(0);
    vm.new_int_u64(p)
}

fn f_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = state(vm, args)?;
    flush_state(st);
    let buffered = st.rbuf.len() as u64;
    let Backend::Disk(f) = &mut st.backend else {
        return Err(crate::raise!(
            vm,
            OSError,
            "underlying stream is not seekable"
        ));
    };
    let p = f.stream_position().unwrap_or(0).saturating_sub(buffered);
    vm.new_int_u64(p)
}

fn f_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    let tn = vm.type_name(f);
    let (name, mode, enc, text) = {
        let st = state(vm, args)?;
        (
            st.name.clone(),
            st.mode.clone(),
            st.encoding.clone(),
            st.text,
        )
    };
    let nr = crate::bytecode::PyStr::new(&name).repr();
    let s = if text {
        format!("<_io.{tn} name={nr} mode='{mode}' encoding='{enc}'>")
    } else {
        format!("<_io.{tn} name={nr}>")
    };
    vm.new_str(&s)
}

fn f_name(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let n = vm.file_state(f).map(|s| s.name.clone()).unwrap_or_default();
    if let Some(i) = n.strip_prefix("fd:").and_then(|x| x.parse::<i64>().ok()) {
        return Ok(Value::small(i));
    }
    vm.new_str(&n)
}
fn f_mode(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let m = vm.file_state(f).map(|s| s.mode.clone()).unwrap_or_default();
    vm.new_str(&m)
}
fn f_closed(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let c = vm.file_state(f).is_some_and(|s| s.closed);
    Ok(vm.bool_val(c))
}
fn f_encoding(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let e = vm
        .file_state(f)
        .map(|s| s.encoding.clone())
        .unwrap_or_default();
    vm.new_str(&e)
}

/// File methods.
pub static FILE_METHODS: &[MethodDef] = &[
    meth("write", f_write),
    meth("read", f_read),
    meth("readline", f_readline),
    meth("readlines", f_readlines),
    meth("writelines", f_writelines),
    meth("__next__", f_next),
    meth("__iter__", f_iter),
    meth("flush", f_flush),
    meth("close", f_close),
    meth("__enter__", f_enter),
    meth("__exit__", f_exit),
    meth("fileno", f_fileno),
    meth("isatty", f_isatty),
    meth("readable", f_readable),
    meth("writable", f_writable),
    meth("seekable", f_seekable),
    meth("seek", f_seek),
    meth("tell", f_tell),
    meth("__repr__", f_repr),
];

fn f_errors(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let std = !matches!(
        vm.file_state(f).map(|s| &s.backend),
        Some(Backend::Disk(_)) | None
    );
    vm.new_str(if std && c_like_locale() {
        "surrogateescape"
    } else {
        "strict"
    })
}

/// Whether the environment selects the C/POSIX locale (or its UTF-8 coercion target), for
/// which CPython's standard streams use the `surrogateescape` error handler.
fn c_like_locale() -> bool {
    let value = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    matches!(
        value.as_str(),
        "" | "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "C.UTF8" | "C.utf-8"
    )
}
fn f_line_buffering(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let lb = matches!(vm.file_state(f).map(|s| &s.backend), Some(Backend::Stdout))
        && vm.io.out_tty
        && !vm.io.unbuffered;
    Ok(vm.bool_val(lb))
}
/// `buffer` of the standard text streams: a binary file object on the same stream (its
/// writes go through the same ordered buffer as the text ones).
fn f_buffer(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let Some(st) = vm.file_state(f) else {
        return Err(vm.type_error("file method called on a non-file object"));
    };
    let backend = match st.backend {
        Backend::Stdout => Backend::Stdout,
        Backend::Stderr => Backend::Stderr,
        Backend::Stdin => Backend::Stdin,
        Backend::Disk(_) => {
            let n = vm.intern("buffer")?;
            return Err(vm.attribute_error(f, n));
        }
    };
    let (readable, writable, name) = (st.readable, st.writable, st.name.clone());
    let mode = if readable { "rb" } else { "wb" };
    vm.new_file(FileState {
        backend,
        text: false,
        readable,
        writable,
        closed: false,
        name,
        mode: mode.to_string(),
        encoding: String::new(),
        rbuf: Vec::new(),
        wbuf: Vec::new(),
        universal: false,
    })
}

/// File attributes.
pub static FILE_GETSETS: &[GetSetDef] = &[
    getter("name", f_name),
    getter("mode", f_mode),
    getter("closed", f_closed),
    getter("encoding", f_encoding),
    getter("errors", f_errors),
    getter("line_buffering", f_line_buffering),
    getter("buffer", f_buffer),
];
