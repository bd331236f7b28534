//! The drivers above the matcher: one `match`/`fullmatch`/`search`, and the scanning loop
//! shared by `findall`, `split`, `sub` and scanners, with CPython's rules (positions clamped
//! to the subject, `must_advance` after an empty match so a scan never returns two matches
//! at one position but may return an empty match right after a non-empty one).
//!
//! Results are flat records of `i64`s, [`Record`] describes the layout; -1 means "unset".

use super::engine::{EngineError, State, Subject};

/// How one attempt looks for its match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Anchored at the start.
    Match,
    /// Anchored at both ends.
    FullMatch,
    /// The first match at or after the start.
    Search,
}

impl Mode {
    /// The mode numbered `n` (`0` match, `1` fullmatch, `2` search).
    pub fn from_index(n: i64) -> Option<Mode> {
        match n {
            0 => Some(Mode::Match),
            1 => Some(Mode::FullMatch),
            2 => Some(Mode::Search),
            _ => None,
        }
    }
}

/// Layout of one match record: `[start, end, lastindex, g1.start, g1.end, ...]`.
pub struct Record;

impl Record {
    /// Words per record for a pattern with `groups` groups.
    pub fn stride(groups: usize) -> usize {
        3 + 2 * groups
    }
}

/// Clamps `pos`/`endpos` to `0..=len` (CPython's `state_init`).
pub fn clamp(pos: i64, endpos: i64, len: usize) -> (usize, usize) {
    let c = |x: i64| x.clamp(0, len as i64) as usize;
    (c(pos), c(endpos))
}

fn push_record<S: Subject + ?Sized>(st: &State<'_, S>, groups: usize, out: &mut Vec<i64>) {
    out.push(st.start as i64);
    out.push(st.ptr as i64);
    out.push(st.lastindex as i64);
    for g in 1..=groups {
        match st.group_span(g) {
            Some((a, b)) => {
                out.push(a as i64);
                out.push(b as i64);
            }
            None => {
                out.push(-1);
                out.push(-1);
            }
        }
    }
}

/// One attempt from `start` (within the clamped `pos..endpos`); appends a record to `out`
/// and returns whether it matched.
#[allow(clippy::too_many_arguments)]
pub fn run_once<S: Subject + ?Sized>(
    s: &S,
    code: &[u32],
    groups: usize,
    pos: usize,
    endpos: usize,
    start: usize,
    mode: Mode,
    must_advance: bool,
    out: &mut Vec<i64>,
) -> Result<bool, EngineError> {
    let mut st = State::new(s, code, groups, pos, endpos);
    st.start = start;
    st.must_advance = must_advance;
    let ok = match mode {
        Mode::Match => st.pattern_match()?,
        Mode::FullMatch => {
            st.match_all = true;
            st.pattern_match()?
        }
        Mode::Search => st.search()?,
    };
    if ok {
        push_record(&st, groups, out);
    }
    Ok(ok)
}

/// Successive searches over `pos..endpos` (at most `limit` matches; 0: no limit), each
/// appended to `out` as a record.
pub fn scan_all<S: Subject + ?Sized>(
    s: &S,
    code: &[u32],
    groups: usize,
    pos: usize,
    endpos: usize,
    limit: usize,
    out: &mut Vec<i64>,
) -> Result<usize, EngineError> {
    let mut st = State::new(s, code, groups, pos, endpos);
    let mut n = 0;
    while (limit == 0 || n < limit) && st.start <= st.end {
        st.reset();
        st.ptr = st.start;
        if !st.search()? {
            break;
        }
        push_record(&st, groups, out);
        n += 1;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    Ok(n)
}
