//! The regular-expression matcher: executes the opcode programs CPython 3.11's
//! `re._compiler` emits, with the semantics of CPython's `_sre` (`sre_lib.h`), including
//! its capture-group quirks (which marks survive backtracking, `lastindex`, repeated-group
//! captures) and 3.7+ empty-match rules (`must_advance`).
//!
//! Design: the algorithm is CPython's: a match is a tree of "try the rest of the pattern
//! from here" sub-matches (one per alternative of a `BRANCH`, per backtracking point of a
//! repeat, per assertion). CPython runs that tree on an explicit stack of contexts and so
//! does this engine: [`Ctx`] records live in a `Vec` (heap), a sub-match is a push plus a
//! [`Jump`] tag saying where to resume the parent, and a result pops back to the parent. No
//! Rust recursion depends on the subject or the pattern, so `(a|b)*c` over a megabyte only
//! grows the `Vec`s.
//!
//! The engine knows nothing about the VM: subjects are [`Subject`]s (code units: bytes of a
//! `bytes`/ASCII `str`, or code points), the program is a `&[u32]`. Malformed programs
//! (possible through `_sre.compile` with hand-written code) never panic: out-of-range code
//! reads yield `FAILURE`, subject reads past the end yield 0, and impossible states are
//! reported as [`EngineError`].
//!
//! Invariants: `marks.len()` is fixed at `2 * groups` and every `MARK` index is checked
//! against it; `repeats` is a stack (a `REPEAT` context pops its record when it returns,
//! after every nested context has returned); `mark_stack`/`ptr_stack` pushes and pops are
//! paired per context exactly as CPython's data stack.

use super::constants::{self as k, at, op};

/// A subject: a sequence of code units addressed by index.
pub trait Subject {
    /// Number of code units.
    fn len(&self) -> usize;
    /// The unit at `i`, or 0 past the end (CPython reads the terminating NUL there).
    fn at(&self, i: usize) -> u32;
    /// Whether the subject is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One-byte units: `bytes`, `bytearray`, buffers, and ASCII `str`.
pub struct Narrow<'a>(pub &'a [u8]);
/// Code points packed as little-endian `u32`s (non-ASCII `str`).
pub struct Wide<'a>(pub &'a [u8]);
/// Code points (tests).
pub struct CodePoints<'a>(pub &'a [u32]);

impl Subject for Narrow<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0) as u32
    }
}

impl Subject for Wide<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.len() / 4
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        match self.0.get(4 * i..4 * i + 4) {
            Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
            None => 0,
        }
    }
}

impl Subject for CodePoints<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }
}

/// A failure of the engine itself (CPython's `SRE_ERROR_*`), not a failed match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineError {
    /// An opcode the matcher does not execute, or a mark index out of range.
    Illegal,
    /// `MAX_UNTIL`/`MIN_UNTIL` without an enclosing `REPEAT`.
    State,
}

/// Where a finished sub-match resumes its parent (CPython's `JUMP_*` labels).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// "No position" for a context's saved pointer (CPython's `ptr = NULL`).
const NO_PTR: usize = usize::MAX;

/// One sub-match in progress (CPython's `match_context`).
#[derive(Clone, Copy, Debug)]
struct Ctx {
    /// Code position to resume at (the word after the opcode that jumped).
    pc: usize,
    /// Subject position to resume at.
    ptr: usize,
    count: i64,
    /// The repeat record (`REPEAT`, `*_UNTIL`) or the tail literal (`REPEAT_ONE`).
    aux: usize,
    lastmark: isize,
    lastindex: isize,
    toplevel: bool,
    jump: Jump,
}

/// A `REPEAT` in progress (CPython's `SRE_REPEAT`).
#[derive(Clone, Copy, Debug)]
struct Repeat {
    count: i64,
    /// Code position of the `REPEAT`'s skip word.
    pattern: usize,
    prev: Option<usize>,
    last_ptr: Option<usize>,
}

/// What the main loop does next.
enum Flow {
    /// Start the context on top of the stack at `self.ptr`.
    Enter,
    /// Execute opcodes from `pc` at subject position `ptr` in the top context.
    Dispatch(usize, usize),
    /// The top context finished with this result.
    Return(bool),
}

/// Matching state for one subject and one program (CPython's `SRE_STATE`).
pub struct State<'a, S: Subject + ?Sized> {
    s: &'a S,
    code: &'a [u32],
    /// Where the current match attempt starts (`state->start`).
    pub start: usize,
    /// The end of the searched region (`endpos`).
    pub end: usize,
    /// The current position; after a successful match, the end of the match.
    pub ptr: usize,
    /// Group boundaries: `marks[2*(g-1)]`/`marks[2*(g-1)+1]` for group `g`.
    pub marks: Vec<Option<usize>>,
    /// The highest valid index of `marks` (-1: none).
    pub lastmark: isize,
    /// The last closed group (-1: none).
    pub lastindex: isize,
    /// The whole region must be matched (`fullmatch`).
    pub match_all: bool,
    /// An empty match at `start` is not allowed (after an empty match in a scan).
    pub must_advance: bool,
    repeat: Option<usize>,
    repeats: Vec<Repeat>,
    mark_stack: Vec<Option<usize>>,
    ptr_stack: Vec<Option<usize>>,
    ctxs: Vec<Ctx>,
}

impl<'a, S: Subject + ?Sized> State<'a, S> {
    /// A state for matching `code` (a program with `groups` groups) against `s[pos..endpos]`
    /// (both already clamped to `0..=len`).
    pub fn new(s: &'a S, code: &'a [u32], groups: usize, pos: usize, endpos: usize) -> Self {
        State {
            s,
            code,
            start: pos,
            end: endpos,
            ptr: pos,
            marks: vec![None; groups.saturating_mul(2).min(1 << 24)],
            lastmark: -1,
            lastindex: -1,
            match_all: false,
            must_advance: false,
            repeat: None,
            repeats: Vec::new(),
            mark_stack: Vec::new(),
            ptr_stack: Vec::new(),
            ctxs: Vec::new(),
        }
    }

    /// Forgets the captures of a previous attempt (`state_reset`).
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = None;
        self.repeats.clear();
        self.mark_stack.clear();
        self.ptr_stack.clear();
        self.ctxs.clear();
    }

    /// The span of group `g` (1-based) after a successful match, as CPython's
    /// `pattern_new_match` reads it.
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize <= self.lastmark {
            match (self.marks.get(j).copied()?, self.marks.get(j + 1).copied()?) {
                (Some(a), Some(b)) if a <= b => Some((a, b)),
                _ => None,
            }
        } else {
            None
        }
    }

    #[inline(always)]
    fn c(&self, pc: usize) -> u32 {
        self.code.get(pc).copied().unwrap_or(op::FAILURE)
    }

    #[inline(always)]
    fn cu(&self, pc: usize) -> usize {
        self.c(pc) as usize
    }

    /// `match()` from `self.start` (`toplevel`: the empty-match and full-match rules apply).
    pub fn pattern_match(&mut self) -> Result<bool, EngineError> {
        self.ptr = self.start;
        self.run(0, true)
    }

    // ----- character tests ----------------------------------------------------------------

    /// Whether `ch` is in the set starting at `set` (`SRE(charset)`).
    fn charset(&self, mut set: usize, ch: u32) -> bool {
        let mut ok = true;
        loop {
            let o = self.c(set);
            set += 1;
            match o {
                op::FAILURE => return !ok,
                op::LITERAL => {
                    if ch == self.c(set) {
                        return ok;
                    }
                    set += 1;
                }
                op::CATEGORY => {
                    if k::category(self.c(set), ch) {
                        return ok;
                    }
                    set += 1;
                }
                op::CHARSET => {
                    if ch < 256 && self.c(set + (ch as usize >> 5)) & (1u32 << (ch & 31)) != 0 {
                        return ok;
                    }
                    set += 8;
                }
                op::RANGE => {
                    if self.c(set) <= ch && ch <= self.c(set + 1) {
                        return ok;
                    }
                    set += 2;
                }
                op::RANGE_UNI_IGNORE => {
                    if self.c(set) <= ch && ch <= self.c(set + 1) {
                        return ok;
                    }
                    let uch = k::upper_unicode(ch);
                    if self.c(set) <= uch && uch <= self.c(set + 1) {
                        return ok;
                    }
                    set += 2;
                }
                op::NEGATE => ok = !ok,
                op::BIGCHARSET => {
                    let count = self.cu(set);
                    set += 1;
                    if ch < 0x10000 {
                        let hi = (ch >> 8) as usize;
                        // The block indices are bytes in the words' memory order
                        // (`_compiler._bytes_to_codes` casts them with the native order).
                        let block = self.c(set + hi / 4).to_ne_bytes()[hi % 4] as u32;
                        let bit = block as usize * 256 + (ch & 255) as usize;
                        if self.c(set + 64 + bit / 32) & (1u32 << (ch & 31)) != 0 {
                            return ok;
                        }
                    }
                    set += 64 + count.saturating_mul(8);
                }
                _ => return false,
            }
        }
    }

    fn charset_loc_ignore(&self, set: usize, ch: u32) -> bool {
        let lo = k::lower_locale(ch);
        if self.charset(set, lo) {
            return true;
        }
        let up = k::upper_locale(ch);
        up != lo && self.charset(set, up)
    }

    /// `SRE(at)`: the position assertion `code` at `ptr`.
    fn at(&self, code: u32, ptr: usize) -> bool {
        let s = self.s;
        let end = self.end;
        let boundary = |word: fn(u32) -> bool| -> Option<bool> {
            if end == 0 {
                return None;
            }
            let that = ptr > 0 && word(s.at(ptr - 1));
            let this = ptr < end && word(s.at(ptr));
            Some(this != that)
        };
        match code {
            at::BEGINNING | at::BEGINNING_STRING => ptr == 0,
            at::BEGINNING_LINE => ptr == 0 || k::is_linebreak(s.at(ptr - 1)),
            at::END => (end.wrapping_sub(ptr) == 1 && k::is_linebreak(s.at(ptr))) || ptr == end,
            at::END_LINE => ptr == end || k::is_linebreak(s.at(ptr)),
            at::END_STRING => ptr == end,
            at::BOUNDARY => boundary(k::is_word) == Some(true),
            at::NON_BOUNDARY => boundary(k::is_word) == Some(false),
            at::LOC_BOUNDARY => boundary(k::is_loc_word) == Some(true),
            at::LOC_NON_BOUNDARY => boundary(k::is_loc_word) == Some(false),
            at::UNI_BOUNDARY => boundary(k::is_uni_word) == Some(true),
            at::UNI_NON_BOUNDARY => boundary(k::is_uni_word) == Some(false),
            _ => false,
        }
    }

    /// Whether the one-unit item at `p` matches unit `ch`; `None` for other opcodes.
    #[inline]
    fn unit(&self, p: usize, ch: u32) -> Option<bool> {
        let arg = self.c(p + 1);
        Some(match self.c(p) {
            op::ANY => !k::is_linebreak(ch),
            op::ANY_ALL => true,
            op::IN => self.charset(p + 2, ch),
            op::IN_IGNORE => self.charset(p + 2, k::lower_ascii(ch)),
            op::IN_UNI_IGNORE => self.charset(p + 2, k::lower_unicode(ch)),
            op::IN_LOC_IGNORE => self.charset_loc_ignore(p + 2, ch),
            op::LITERAL => ch == arg,
            op::LITERAL_IGNORE => k::lower_ascii(ch) == arg,
            op::LITERAL_UNI_IGNORE => k::lower_unicode(ch) == arg,
            op::LITERAL_LOC_IGNORE => k::char_loc_ignore(arg, ch),
            op::NOT_LITERAL => ch != arg,
            op::NOT_LITERAL_IGNORE => k::lower_ascii(ch) != arg,
            op::NOT_LITERAL_UNI_IGNORE => k::lower_unicode(ch) != arg,
            op::NOT_LITERAL_LOC_IGNORE => !k::char_loc_ignore(arg, ch),
            op::CATEGORY => k::category(arg, ch),
            _ => return None,
        })
    }

    /// `SRE(count)`: how many times (at most `maxcount`) the one-unit item at `p` matches
    /// from `self.ptr`.
    fn count(&self, p: usize, maxcount: u32) -> usize {
        let start = self.ptr;
        let mut end = self.end;
        if start >= end {
            return 0;
        }
        if maxcount != k::MAXREPEAT && (maxcount as usize) < end - start {
            end = start + maxcount as usize;
        }
        let mut ptr = start;
        let s = self.s;
        match self.c(p) {
            op::ANY_ALL => ptr = end,
            op::LITERAL => {
                let c = self.c(p + 1);
                while ptr < end && s.at(ptr) == c {
                    ptr += 1;
                }
            }
            op::NOT_LITERAL => {
                let c = self.c(p + 1);
                while ptr < end && s.at(ptr) != c {
                    ptr += 1;
                }
            }
            op::ANY => {
                while ptr < end && !k::is_linebreak(s.at(ptr)) {
                    ptr += 1;
                }
            }
            op::IN => {
                while ptr < end && self.charset(p + 2, s.at(ptr)) {
                    ptr += 1;
                }
            }
            _ => {
                while ptr < end && self.unit(p, s.at(ptr)) == Some(true) {
                    ptr += 1;
                }
            }
        }
        ptr - start
    }

    // ----- marks ------------------------------------------------------------------------

    fn lastmark_save(&mut self) {
        let (lm, li) = (self.lastmark, self.lastindex);
        let ctx = self.top();
        ctx.lastmark = lm;
        ctx.lastindex = li;
    }

    fn lastmark_restore(&mut self) {
        let ctx = *self.top();
        self.lastmark = ctx.lastmark;
        self.lastindex = ctx.lastindex;
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.marks.len());
            self.mark_stack.extend_from_slice(&self.marks[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize, discard: bool) {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.marks.len());
            let base = self.mark_stack.len().saturating_sub(n);
            let n = n.min(self.mark_stack.len() - base);
            self.marks[..n].copy_from_slice(&self.mark_stack[base..base + n]);
            if discard {
                self.mark_stack.truncate(base);
            }
        }
    }

    fn mark_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.marks.len());
            let base = self.mark_stack.len().saturating_sub(n);
            self.mark_stack.truncate(base);
        }
    }

    fn group_ref(&self, p: usize) -> Option<(usize, usize)> {
        let g = self.cu(p).saturating_mul(2);
        if g as isize >= self.lastmark {
            return None;
        }
        match (self.marks.get(g).copied()?, self.marks.get(g + 1).copied()?) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            _ => None,
        }
    }

    // ----- the context stack -------------------------------------------------------------

    #[inline(always)]
    fn top(&mut self) -> &mut Ctx {
        self.ctxs
            .last_mut()
            .expect("a context is active while matching")
    }

    /// `DO_JUMP`: saves `pc`/`ptr` in the current context and starts a sub-match of the code
    /// at `next` (which inherits `toplevel` unless `toplevel0` is set).
    fn jump(&mut self, pc: usize, ptr: usize, jump: Jump, next: usize, toplevel0: bool) -> Flow {
        let top = self.top();
        top.pc = pc;
        top.ptr = ptr;
        let toplevel = !toplevel0 && top.toplevel;
        self.ctxs.push(Ctx {
            pc: next,
            ptr: 0,
            count: 0,
            aux: 0,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump,
        });
        Flow::Enter
    }

    /// `SRE(match)`: matches the code at `pc` at `self.ptr`; on success `self.ptr` is the end.
    pub fn run(&mut self, pc: usize, toplevel: bool) -> Result<bool, EngineError> {
        let base = self.ctxs.len();
        self.ctxs.push(Ctx {
            pc,
            ptr: 0,
            count: 0,
            aux: 0,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump: Jump::None,
        });
        let mut flow = Flow::Enter;
        loop {
            flow = match flow {
                Flow::Enter => {
                    let mut pc = self.top().pc;
                    let ptr = self.ptr;
                    if self.c(pc) == op::INFO {
                        let min = self.cu(pc + 3);
                        let avail = if ptr > self.end {
                            usize::MAX
                        } else {
                            self.end - ptr
                        };
                        if min != 0 && avail < min {
                            Flow::Return(false)
                        } else {
                            pc += self.cu(pc + 1) + 1;
                            Flow::Dispatch(pc, ptr)
                        }
                    } else {
                        Flow::Dispatch(pc, ptr)
                    }
                }
                Flow::Dispatch(pc, ptr) => self.dispatch(pc, ptr)?,
                Flow::Return(ret) => {
                    let done = self.ctxs.pop().expect("returning context");
                    if self.ctxs.len() <= base {
                        return Ok(ret);
                    }
                    self.resume(done.jump, ret)?
                }
            };
        }
    }

    /// Executes opcodes until the context jumps or returns.
    fn dispatch(&mut self, mut pc: usize, mut ptr: usize) -> Result<Flow, EngineError> {
        let end = self.end;
        let s = self.s;
        loop {
            let o = self.c(pc);
            let p = pc + 1;
            match o {
                op::MARK => {
                    let i = self.cu(p);
                    if i >= self.marks.len() {
                        return Err(EngineError::Illegal);
                    }
                    if i & 1 == 1 {
                        self.lastindex = (i / 2 + 1) as isize;
                    }
                    if i as isize > self.lastmark {
                        let from = (self.lastmark + 1) as usize;
                        for m in &mut self.marks[from..i] {
                            *m = None;
                        }
                        self.lastmark = i as isize;
                    }
                    self.marks[i] = Some(ptr);
                    pc = p + 1;
                }
                op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE
                | op::CATEGORY => {
                    if ptr >= end || self.unit(pc, s.at(ptr)) != Some(true) {
                        return Ok(Flow::Return(false));
                    }
                    pc = p + 1;
                    ptr += 1;
                }
                op::ANY | op::ANY_ALL => {
                    if ptr >= end || (o == op::ANY && k::is_linebreak(s.at(ptr))) {
                        return Ok(Flow::Return(false));
                    }
                    pc = p;
                    ptr += 1;
                }
                op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                    if ptr >= end || self.unit(pc, s.at(ptr)) != Some(true) {
                        return Ok(Flow::Return(false));
                    }
                    pc = p + self.cu(p);
                    ptr += 1;
                }
                op::SUCCESS => {
                    let top = *self.top();
                    if top.toplevel
                        && ((self.match_all && ptr != end)
                            || (self.must_advance && ptr == self.start))
                    {
                        return Ok(Flow::Return(false));
                    }
                    self.ptr = ptr;
                    return Ok(Flow::Return(true));
                }
                op::AT => {
                    if !self.at(self.c(p), ptr) {
                        return Ok(Flow::Return(false));
                    }
                    pc = p + 1;
                }
                op::JUMP | op::INFO => pc = p + self.cu(p),
                op::BRANCH => {
                    self.lastmark_save();
                    if self.repeat.is_some() {
                        self.mark_push(self.lastmark);
                    }
                    return Ok(self.branch_from(p, ptr));
                }
                op::REPEAT_ONE => {
                    let min = self.c(p + 1) as i64;
                    if min > end as i64 - ptr as i64 {
                        return Ok(Flow::Return(false));
                    }
                    self.ptr = ptr;
                    let count = self.count(p + 3, self.c(p + 2));
                    ptr += count;
                    if (count as i64) < min {
                        return Ok(Flow::Return(false));
                    }
                    let tail = p + self.cu(p);
                    let toplevel = self.top().toplevel;
                    if self.c(tail) == op::SUCCESS
                        && ptr == end
                        && !(toplevel && self.must_advance && ptr == self.start)
                    {
                        self.ptr = ptr;
                        return Ok(Flow::Return(true));
                    }
                    self.lastmark_save();
                    if self.repeat.is_some() {
                        self.mark_push(self.lastmark);
                    }
                    let literal = self.c(tail) == op::LITERAL;
                    let ctx = self.top();
                    ctx.count = count as i64;
                    if literal {
                        ctx.aux = 1;
                    } else {
                        ctx.aux = 0;
                    }
                    return Ok(self.repeat_one_from(p, ptr));
                }
                op::MIN_REPEAT_ONE => {
                    let min = self.c(p + 1);
                    if min as i64 > end as i64 - ptr as i64 {
                        return Ok(Flow::Return(false));
                    }
                    self.ptr = ptr;
                    let mut count = 0;
                    if min != 0 {
                        count = self.count(p + 3, min);
                        if count < min as usize {
                            return Ok(Flow::Return(false));
                        }
                        ptr += count;
                    }
                    let top = *self.top();
                    if self.c(p + self.cu(p)) == op::SUCCESS
                        && !(top.toplevel
                            && ((self.match_all && ptr != end)
                                || (self.must_advance && ptr == self.start)))
                    {
                        self.ptr = ptr;
                        return Ok(Flow::Return(true));
                    }
                    self.lastmark_save();
                    if self.repeat.is_some() {
                        self.mark_push(self.lastmark);
                    }
                    self.top().count = count as i64;
                    return Ok(self.min_repeat_one_from(p, ptr));
                }
                op::POSSESSIVE_REPEAT_ONE => {
                    let min = self.cu(p + 1);
                    if ptr.saturating_add(min) > end {
                        return Ok(Flow::Return(false));
                    }
                    self.ptr = ptr;
                    let count = self.count(p + 3, self.c(p + 2));
                    ptr += count;
                    if count < min {
                        return Ok(Flow::Return(false));
                    }
                    pc = p + self.cu(p);
                    let toplevel = self.top().toplevel;
                    if self.c(pc) == op::SUCCESS
                        && ptr == end
                        && !(toplevel && self.must_advance && ptr == self.start)
                    {
                        self.ptr = ptr;
                        return Ok(Flow::Return(true));
                    }
                }
                op::REPEAT => {
                    let idx = self.repeats.len();
                    self.repeats.push(Repeat {
                        count: -1,
                        pattern: p,
                        prev: self.repeat,
                        last_ptr: None,
                    });
                    self.repeat = Some(idx);
                    self.top().aux = idx;
                    self.ptr = ptr;
                    let next = p + self.cu(p);
                    return Ok(self.jump(p, ptr, Jump::Repeat, next, false));
                }
                op::MAX_UNTIL => {
                    let r = self.repeat.ok_or(EngineError::State)?;
                    self.top().aux = r;
                    self.ptr = ptr;
                    let count = self.repeats[r].count + 1;
                    self.top().count = count;
                    let rp = self.repeats[r].pattern;
                    if count < self.c(rp + 1) as i64 {
                        self.repeats[r].count = count;
                        return Ok(self.jump(p, ptr, Jump::MaxUntil1, rp + 3, false));
                    }
                    let max = self.c(rp + 2);
                    if (count < max as i64 || max == k::MAXREPEAT)
                        && Some(self.ptr) != self.repeats[r].last_ptr
                    {
                        self.repeats[r].count = count;
                        self.lastmark_save();
                        self.mark_push(self.lastmark);
                        self.ptr_stack.push(self.repeats[r].last_ptr);
                        self.repeats[r].last_ptr = Some(self.ptr);
                        return Ok(self.jump(p, ptr, Jump::MaxUntil2, rp + 3, false));
                    }
                    self.repeat = self.repeats[r].prev;
                    return Ok(self.jump(p, ptr, Jump::MaxUntil3, p, false));
                }
                op::MIN_UNTIL => {
                    let r = self.repeat.ok_or(EngineError::State)?;
                    self.top().aux = r;
                    self.ptr = ptr;
                    let count = self.repeats[r].count + 1;
                    self.top().count = count;
                    let rp = self.repeats[r].pattern;
                    if count < self.c(rp + 1) as i64 {
                        self.repeats[r].count = count;
                        return Ok(self.jump(p, ptr, Jump::MinUntil1, rp + 3, false));
                    }
                    self.repeat = self.repeats[r].prev;
                    self.lastmark_save();
                    if self.repeat.is_some() {
                        self.mark_push(self.lastmark);
                    }
                    return Ok(self.jump(p, ptr, Jump::MinUntil2, p, false));
                }
                op::POSSESSIVE_REPEAT => {
                    self.ptr = ptr;
                    self.top().count = 0;
                    return Ok(self.poss_repeat_min(p, ptr));
                }
                op::ATOMIC_GROUP => {
                    self.ptr = ptr;
                    return Ok(self.jump(p, ptr, Jump::AtomicGroup, p + 1, true));
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_UNI_IGNORE
                | op::GROUPREF_LOC_IGNORE => {
                    let Some((mut a, b)) = self.group_ref(p) else {
                        return Ok(Flow::Return(false));
                    };
                    let fold: fn(u32) -> u32 = match o {
                        op::GROUPREF => |c| c,
                        op::GROUPREF_IGNORE => k::lower_ascii,
                        op::GROUPREF_UNI_IGNORE => k::lower_unicode,
                        _ => k::lower_locale,
                    };
                    while a < b {
                        if ptr >= end || fold(s.at(ptr)) != fold(s.at(a)) {
                            return Ok(Flow::Return(false));
                        }
                        a += 1;
                        ptr += 1;
                    }
                    pc = p + 1;
                }
                op::GROUPREF_EXISTS => {
                    if self.group_ref(p).is_none() {
                        pc = p + self.cu(p + 1);
                    } else {
                        pc = p + 2;
                    }
                }
                op::ASSERT => {
                    let back = self.cu(p + 1);
                    if ptr < back {
                        return Ok(Flow::Return(false));
                    }
                    self.ptr = ptr - back;
                    return Ok(self.jump(p, ptr, Jump::Assert, p + 2, true));
                }
                op::ASSERT_NOT => {
                    let back = self.cu(p + 1);
                    if ptr >= back {
                        self.ptr = ptr - back;
                        self.lastmark_save();
                        if self.repeat.is_some() {
                            self.mark_push(self.lastmark);
                        }
                        return Ok(self.jump(p, ptr, Jump::AssertNot, p + 2, true));
                    }
                    pc = p + self.cu(p);
                }
                op::FAILURE => return Ok(Flow::Return(false)),
                _ => return Err(EngineError::Illegal),
            }
        }
    }

    /// Tries the alternatives of a `BRANCH` from the one at `p`.
    fn branch_from(&mut self, mut p: usize, ptr: usize) -> Flow {
        let end = self.end;
        while self.c(p) != 0 {
            let first = self.c(p + 1);
            let skip = (first == op::LITERAL && (ptr >= end || self.s.at(ptr) != self.c(p + 2)))
                || (first == op::IN && (ptr >= end || !self.charset(p + 3, self.s.at(ptr))));
            if !skip {
                self.ptr = ptr;
                return self.jump(p, ptr, Jump::Branch, p + 1, false);
            }
            p += self.cu(p);
        }
        if self.repeat.is_some() {
            let lm = self.top().lastmark;
            self.mark_discard(lm);
        }
        Flow::Return(false)
    }

    /// The backtracking loop of `REPEAT_ONE` (count in the context).
    fn repeat_one_from(&mut self, p: usize, mut ptr: usize) -> Flow {
        let min = self.c(p + 1) as i64;
        let tail = p + self.cu(p);
        let ctx = *self.top();
        let mut count = ctx.count;
        if ctx.aux == 1 {
            let chr = self.c(tail + 1);
            while count >= min && (ptr >= self.end || self.s.at(ptr) != chr) {
                ptr = ptr.wrapping_sub(1);
                count -= 1;
            }
        }
        if count >= min {
            self.top().count = count;
            self.ptr = ptr;
            let j = if ctx.aux == 1 {
                Jump::RepeatOne1
            } else {
                Jump::RepeatOne2
            };
            return self.jump(p, ptr, j, tail, false);
        }
        if self.repeat.is_some() {
            self.mark_discard(ctx.lastmark);
        }
        Flow::Return(false)
    }

    /// The loop of `MIN_REPEAT_ONE` (count in the context).
    fn min_repeat_one_from(&mut self, p: usize, ptr: usize) -> Flow {
        let max = self.c(p + 2);
        let count = self.top().count;
        if max == k::MAXREPEAT || count <= max as i64 {
            self.ptr = ptr;
            let tail = p + self.cu(p);
            return self.jump(p, ptr, Jump::MinRepeatOne, tail, false);
        }
        if self.repeat.is_some() {
            let lm = self.top().lastmark;
            self.mark_discard(lm);
        }
        Flow::Return(false)
    }

    /// `POSSESSIVE_REPEAT`: the mandatory iterations.
    fn poss_repeat_min(&mut self, p: usize, ptr: usize) -> Flow {
        let count = self.top().count;
        if count < self.c(p + 1) as i64 {
            return self.jump(p, ptr, Jump::PossRepeat1, p + 3, true);
        }
        self.poss_repeat_more(p, NO_PTR)
    }

    /// `POSSESSIVE_REPEAT`: the optional iterations, then the tail.
    fn poss_repeat_more(&mut self, p: usize, last: usize) -> Flow {
        let max = self.c(p + 2);
        let count = self.top().count;
        if (count < max as i64 || max == k::MAXREPEAT) && self.ptr != last {
            self.lastmark_save();
            self.mark_push(self.lastmark);
            let ptr = self.ptr;
            return self.jump(p, ptr, Jump::PossRepeat2, p + 3, true);
        }
        let tail = p + self.cu(p) + 1;
        Flow::Dispatch(tail, self.ptr)
    }

    /// Continues the parent context after a sub-match that returned `ret`.
    fn resume(&mut self, jump: Jump, ret: bool) -> Result<Flow, EngineError> {
        let ctx = *self.top();
        let (p, ptr) = (ctx.pc, ctx.ptr);
        Ok(match jump {
            Jump::None => Flow::Return(ret),
            Jump::Branch => {
                if ret {
                    if self.repeat.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(true));
                }
                if self.repeat.is_some() {
                    self.mark_pop(ctx.lastmark, false);
                }
                self.lastmark_restore();
                self.branch_from(p + self.cu(p), ptr)
            }
            Jump::RepeatOne1 | Jump::RepeatOne2 => {
                if ret {
                    if self.repeat.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(true));
                }
                if self.repeat.is_some() {
                    self.mark_pop(ctx.lastmark, false);
                }
                self.lastmark_restore();
                self.top().count = ctx.count - 1;
                self.repeat_one_from(p, ptr.wrapping_sub(1))
            }
            Jump::MinRepeatOne => {
                if ret {
                    if self.repeat.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(true));
                }
                if self.repeat.is_some() {
                    self.mark_pop(ctx.lastmark, false);
                }
                self.lastmark_restore();
                self.ptr = ptr;
                if self.count(p + 3, 1) == 0 {
                    if self.repeat.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(false));
                }
                self.top().count = ctx.count + 1;
                self.min_repeat_one_from(p, ptr + 1)
            }
            Jump::Repeat => {
                let r = ctx.aux;
                self.repeat = self.repeats[r].prev;
                self.repeats.truncate(r);
                Flow::Return(ret)
            }
            Jump::MaxUntil1 | Jump::MinUntil1 => {
                if ret {
                    return Ok(Flow::Return(true));
                }
                self.repeats[ctx.aux].count = ctx.count - 1;
                self.ptr = ptr;
                Flow::Return(false)
            }
            Jump::MaxUntil2 => {
                let r = ctx.aux;
                self.repeats[r].last_ptr = self.ptr_stack.pop().flatten();
                if ret {
                    self.mark_discard(ctx.lastmark);
                    return Ok(Flow::Return(true));
                }
                self.mark_pop(ctx.lastmark, true);
                self.lastmark_restore();
                self.repeats[r].count = ctx.count - 1;
                self.ptr = ptr;
                self.repeat = self.repeats[r].prev;
                self.jump(p, ptr, Jump::MaxUntil3, p, false)
            }
            Jump::MaxUntil3 => {
                self.repeat = Some(ctx.aux);
                if ret {
                    return Ok(Flow::Return(true));
                }
                self.ptr = ptr;
                Flow::Return(false)
            }
            Jump::MinUntil2 => {
                let r = ctx.aux;
                let repeat_of_tail = self.repeat;
                self.repeat = Some(r);
                if ret {
                    if repeat_of_tail.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(true));
                }
                if repeat_of_tail.is_some() {
                    self.mark_pop(ctx.lastmark, true);
                }
                self.lastmark_restore();
                self.ptr = ptr;
                let rp = self.repeats[r].pattern;
                let max = self.c(rp + 2);
                if (ctx.count >= max as i64 && max != k::MAXREPEAT)
                    || Some(self.ptr) == self.repeats[r].last_ptr
                {
                    return Ok(Flow::Return(false));
                }
                self.repeats[r].count = ctx.count;
                self.ptr_stack.push(self.repeats[r].last_ptr);
                self.repeats[r].last_ptr = Some(self.ptr);
                self.jump(p, ptr, Jump::MinUntil3, rp + 3, false)
            }
            Jump::MinUntil3 => {
                let r = ctx.aux;
                self.repeats[r].last_ptr = self.ptr_stack.pop().flatten();
                if ret {
                    return Ok(Flow::Return(true));
                }
                self.repeats[r].count = ctx.count - 1;
                self.ptr = ptr;
                Flow::Return(false)
            }
            Jump::PossRepeat1 => {
                if ret {
                    self.top().count = ctx.count + 1;
                    self.poss_repeat_min(p, ptr)
                } else {
                    self.ptr = ptr;
                    Flow::Return(false)
                }
            }
            Jump::PossRepeat2 => {
                if ret {
                    self.mark_discard(ctx.lastmark);
                    self.top().count = ctx.count + 1;
                    self.poss_repeat_more(p, ptr)
                } else {
                    self.mark_pop(ctx.lastmark, true);
                    self.lastmark_restore();
                    self.ptr = ptr;
                    let tail = p + self.cu(p) + 1;
                    Flow::Dispatch(tail, ptr)
                }
            }
            Jump::AtomicGroup => {
                if !ret {
                    self.ptr = ptr;
                    return Ok(Flow::Return(false));
                }
                Flow::Dispatch(p + self.cu(p), self.ptr)
            }
            Jump::Assert => {
                if !ret {
                    return Ok(Flow::Return(false));
                }
                Flow::Dispatch(p + self.cu(p), ptr)
            }
            Jump::AssertNot => {
                if ret {
                    if self.repeat.is_some() {
                        self.mark_discard(ctx.lastmark);
                    }
                    return Ok(Flow::Return(false));
                }
                if self.repeat.is_some() {
                    self.mark_pop(ctx.lastmark, true);
                }
                self.lastmark_restore();
                Flow::Dispatch(p + self.cu(p), ptr)
            }
        })
    }

    /// `SRE(search)`: the first match at or after `self.start`; on success `self.start` and
    /// `self.ptr` delimit it.
    pub fn search(&mut self) -> Result<bool, EngineError> {
        let mut ptr = self.start;
        let mut end = self.end;
        if ptr > end {
            return Ok(false);
        }
        let mut pc = 0;
        let mut flags = 0;
        let mut prefix: Option<(usize, usize, usize)> = None;
        let mut charset = None;
        if self.c(0) == op::INFO {
            flags = self.c(2);
            let min = self.cu(3);
            if min != 0 && end - ptr < min {
                return Ok(false);
            }
            if min > 1 {
                end = end.saturating_sub(min - 1);
                if end <= ptr {
                    end = ptr;
                }
            }
            if flags & k::INFO_PREFIX != 0 {
                prefix = Some((self.cu(5), self.cu(6), 7));
            } else if flags & k::INFO_CHARSET != 0 {
                charset = Some(5);
            }
            pc = 1 + self.cu(1);
        }
        let s = self.s;
        if let Some((len, skip, pre)) = prefix {
            if len == 1 {
                let c = self.c(pre);
                let end = self.end;
                self.must_advance = false;
                while ptr < end {
                    while s.at(ptr) != c {
                        ptr += 1;
                        if ptr >= end {
                            return Ok(false);
                        }
                    }
                    self.start = ptr;
                    self.ptr = ptr + skip;
                    if flags & k::INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if self.run(pc + 2 * skip, false)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    self.reset();
                }
                return Ok(false);
            }
            if len > 1 {
                let end = self.end;
                if len > end - ptr {
                    return Ok(false);
                }
                let overlap = pre + len - 1;
                while ptr < end {
                    let c = self.c(pre);
                    loop {
                        let x = s.at(ptr);
                        ptr += 1;
                        if x == c {
                            break;
                        }
                        if ptr >= end {
                            return Ok(false);
                        }
                    }
                    if ptr >= end {
                        return Ok(false);
                    }
                    let mut i = 1;
                    self.must_advance = false;
                    loop {
                        if s.at(ptr) == self.c(pre + i) {
                            i += 1;
                            if i != len {
                                ptr += 1;
                                if ptr >= end {
                                    return Ok(false);
                                }
                                continue;
                            }
                            self.start = (ptr + 1).saturating_sub(len);
                            self.ptr = (ptr + 1 + skip).saturating_sub(len);
                            if flags & k::INFO_LITERAL != 0 {
                                return Ok(true);
                            }
                            if self.run(pc + 2 * skip, false)? {
                                return Ok(true);
                            }
                            ptr += 1;
                            if ptr >= end {
                                return Ok(false);
                            }
                            self.reset();
                        }
                        i = self.cu(overlap + i);
                        if i == 0 {
                            break;
                        }
                    }
                }
                return Ok(false);
            }
        }
        if let Some(set) = charset {
            let end = self.end;
            self.must_advance = false;
            loop {
                while ptr < end && !self.charset(set, s.at(ptr)) {
                    ptr += 1;
                }
                if ptr >= end {
                    return Ok(false);
                }
                self.start = ptr;
                self.ptr = ptr;
                if self.run(pc, false)? {
                    return Ok(true);
                }
                ptr += 1;
                self.reset();
            }
        }
        self.start = ptr;
        self.ptr = ptr;
        let mut status = self.run(pc, true)?;
        self.must_advance = false;
        if !status
            && self.c(pc) == op::AT
            && matches!(self.c(pc + 1), at::BEGINNING | at::BEGINNING_STRING)
        {
            self.start = end;
            self.ptr = end;
            return Ok(false);
        }
        while !status && ptr < end {
            ptr += 1;
            self.reset();
            self.start = ptr;
            self.ptr = ptr;
            status = self.run(pc, false)?;
        }
        Ok(status)
    }
}
