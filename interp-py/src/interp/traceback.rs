//! Printing exceptions exactly like CPython 3.11's default `sys.excepthook`: chained
//! exceptions (`__cause__` / `__context__` with their separator lines), the traceback
//! entries with source lines and `^^^^`/`~~~^^^~~~` location markers (CPython's
//! `tb_displayline`, incl. the anchors for binary operators and subscripts found by parsing
//! the highlighted segment), `[Previous line repeated N more times]`, `SyntaxError`
//! formatting, `__notes__`, and the "Did you mean" suggestions of `NameError` and
//! `AttributeError` (CPython's `suggestions.c` Levenshtein costs).

use crate::interp::frame::tb_;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const TB_RECURSIVE_CUTOFF: usize = 3;
/// CPython's `max_group_width` / `max_group_depth` for printing exception groups.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// Exception-group nesting while printing (CPython's `exception_print_context`): lines of a
/// nested exception start with `2 * depth` spaces and the `| ` margin.
struct GroupCtx {
    depth: usize,
    need_close: bool,
}

impl GroupCtx {
    fn margin(&self) -> &'static str {
        if self.depth > 0 { "| " } else { "" }
    }

    fn prefix(&self, out: &mut String) {
        if self.depth > 0 {
            out.push_str(&" ".repeat(2 * self.depth));
            out.push_str("| ");
        }
    }

    fn margin_line(&self, out: &mut String, text: &str) {
        self.prefix(out);
        out.push_str(text);
        out.push('\n');
    }

    /// The blank-line-framed "The above exception..." separator of chained exceptions.
    fn separator(&self, out: &mut String, text: &str) {
        self.margin_line(out, "");
        self.margin_line(out, text);
        self.margin_line(out, "");
    }
}
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_STRING_SIZE: usize = 40;
const MAX_CANDIDATE_ITEMS: usize = 750;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return CASE_COST;
    }
    MOVE_COST
}

/// CPython's suggestion distance (bytes of the UTF-8 text).
pub fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a = &a[1..];
        b = &b[1..];
    }
    while !a.is_empty() && !b.is_empty() && a[a.len() - 1] == b[b.len() - 1] {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The best suggestion for `name` among `candidates` (sorted), CPython's rules.
pub fn suggest(name: &str, candidates: &[String]) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<&String> = None;
    let mut best_d = usize::MAX;
    for item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        max_distance = max_distance.min(best_d.saturating_sub(1));
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none() || d < best_d {
            best = Some(item);
            best_d = d;
        }
    }
    best.cloned()
}

impl Vm {
    /// The lines of a source file (cached), or `None` for pseudo-files.
    pub fn source_lines(&mut self, filename: &str) -> Option<std::rc::Rc<Vec<String>>> {
        if filename.starts_with('<') && filename.ends_with('>') {
            return None;
        }
        if let Some(c) = self.source_cache.get(filename) {
            return c.clone();
        }
        let lines = std::fs::read(filename).ok().map(|b| {
            let text = crate::source::decode_source(&b, filename)
                .unwrap_or_else(|_| String::from_utf8_lossy(&b).into_owned());
            let mut v: Vec<String> = Vec::new();
            let mut cur = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\n' => v.push(std::mem::take(&mut cur)),
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        v.push(std::mem::take(&mut cur));
                    }
                    c => cur.push(c),
                }
            }
            if !cur.is_empty() {
                v.push(cur);
            }
            std::rc::Rc::new(v)
        });
        self.source_cache
            .insert(filename.to_string(), lines.clone());
        lines
    }

    /// Formats a whole exception report (`Traceback ...` through the last message line).
    pub fn format_exception(&mut self, exc: Value) -> String {
        let mut out = String::new();
        let mut seen: Vec<Value> = Vec::new();
        let mark = self.sp();
        if self.push_root(exc).is_ok() {
            let mut ctx = GroupCtx {
                depth: 0,
                need_close: false,
            };
            self.format_exception_chain(Root(mark as u32), &mut out, &mut seen, 0, &mut ctx);
        }
        self.truncate(mark);
        out
    }

    /// CPython's `print_exception_recursive`: the cause/context chain first, then the
    /// exception itself (exception groups with their nested, margin-framed members).
    fn format_exception_chain(
        &mut self,
        er: Root,
        out: &mut String,
        seen: &mut Vec<Value>,
        depth: usize,
        ctx: &mut GroupCtx,
    ) {
        let exc = self.get(er);
        seen.push(exc);
        if depth < 100 && self.is_exception(exc) {
            let cause = self.exc_cause(exc);
            let context = self.exc_context(exc);
            if let Some(c) = cause {
                if !seen.contains(&c)
                    && self.is_exception(c)
                    && let Ok(cr) = self.push_root(c)
                {
                    self.format_exception_chain(cr, out, seen, depth + 1, ctx);
                    self.truncate(cr.index());
                    ctx.separator(
                        out,
                        "The above exception was the direct cause of the following exception:",
                    );
                }
            } else if let Some(c) = context {
                let exc = self.get(er);
                if !self.exc_suppress_context(exc)
                    && !seen.contains(&c)
                    && self.is_exception(c)
                    && let Ok(cr) = self.push_root(c)
                {
                    self.format_exception_chain(cr, out, seen, depth + 1, ctx);
                    self.truncate(cr.index());
                    ctx.separator(
                        out,
                        "During handling of the above exception, another exception occurred:",
                    );
                }
            }
        }
        let exc = self.get(er);
        if !self.isinstance_builtin(exc, T::BaseExceptionGroup) {
            self.format_one_exception(er, out, ctx, false);
            return;
        }
        // An exception group (CPython's `print_exception_group`).
        if ctx.depth > MAX_GROUP_DEPTH {
            ctx.margin_line(out, &format!("... (max_group_depth is {MAX_GROUP_DEPTH})"));
            return;
        }
        let top = ctx.depth == 0;
        if top {
            ctx.depth = 1;
        }
        self.format_one_exception(er, out, ctx, true);
        let exc = self.get(er);
        let members = self
            .exc_field(exc, crate::objects::exceptions::EXC_X0 + 1)
            .and_then(|t| self.as_tuple_obj(t));
        let n = members.map_or(0, |t| self.tuple_len(t));
        let shown = if n > MAX_GROUP_WIDTH {
            MAX_GROUP_WIDTH + 1
        } else {
            n
        };
        ctx.need_close = false;
        for i in 0..shown {
            let last = i + 1 == shown;
            if last {
                ctx.need_close = true;
            }
            out.push_str(&" ".repeat(2 * ctx.depth));
            let lead = if i == 0 { "+-" } else { "  " };
            let truncated = i >= MAX_GROUP_WIDTH;
            if truncated {
                out.push_str(&format!("{lead}+---------------- ... ----------------\n"));
            } else {
                out.push_str(&format!(
                    "{lead}+---------------- {} ----------------\n",
                    i + 1
                ));
            }
            ctx.depth += 1;
            if truncated {
                let more = n - MAX_GROUP_WIDTH;
                let s = if more > 1 { "s" } else { "" };
                ctx.margin_line(out, &format!("and {more} more exception{s}"));
            } else {
                let exc = self.get(er);
                let member = self
                    .exc_field(exc, crate::objects::exceptions::EXC_X0 + 1)
                    .and_then(|t| self.as_tuple_obj(t))
                    .map(|t| self.tuple_get(t, i));
                if let Some(m) = member
                    && let Ok(mr) = self.push_root(m)
                {
                    self.format_exception_chain(mr, out, seen, depth + 1, ctx);
                    self.truncate(mr.index());
                }
            }
            if last && ctx.need_close {
                out.push_str(&" ".repeat(2 * ctx.depth));
                out.push_str("+------------------------------------\n");
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if top {
            ctx.depth = 0;
        }
    }

    /// One exception's traceback and message lines, each behind the group margin.
    fn format_one_exception(&mut self, er: Root, out: &mut String, ctx: &GroupCtx, group: bool) {
        let exc = self.get(er);
        let mut body = String::new();
        let has_tb = if let Some(tb) = self.exc_traceback(exc) {
            self.format_tb(tb, &mut body);
            true
        } else {
            false
        };
        let exc = self.get(er);
        let mut msg = String::new();
        self.format_exception_only(exc, &mut msg);
        if has_tb {
            let header = if group {
                "Exception Group Traceback (most recent call last):"
            } else {
                "Traceback (most recent call last):"
            };
            out.push_str(&" ".repeat(2 * ctx.depth));
            out.push_str(if group && ctx.depth == 1 {
                "+ "
            } else {
                ctx.margin()
            });
            out.push_str(header);
            out.push('\n');
        }
        for text in [body, msg] {
            for line in text.split_inclusive('\n') {
                ctx.prefix(out);
                out.push_str(line);
            }
        }
    }

    /// Formats traceback entries (without the header).
    pub fn format_tb(&mut self, tb: Value, out: &mut String) {
        let mark = self.sp();
        let mut entries: Vec<Root> = Vec::new();
        let mut t = Some(tb);
        while let Some(x) = t {
            match self.push_root(x) {
                Ok(r) => entries.push(r),
                Err(e) => {
                    let _ = self.take_exc(e);
                    break;
                }
            }
            t = self.ldv(x, tb_::NEXT);
            if entries.len() > 100_000 {
                break;
            }
        }
        let mut last: Option<(String, u32, String)> = None;
        let mut cnt = 0usize;
        for r in entries {
            let tbv = self.get(r);
            let fo = self.ldv1(tbv, tb_::FRAME);
            let code = self.frameobj_code(fo);
            let (file, name) = {
                let rt = self.code_ref(code);
                (rt.co.filename.to_string(), rt.co.name.to_string())
            };
            let line = self.ld_scalar::<u64>(tbv, tb_::LINENO) as u32;
            let key = (file.clone(), line, name.clone());
            if last.as_ref() != Some(&key) {
                if cnt > TB_RECURSIVE_CUTOFF {
                    repeated(out, cnt);
                }
                last = Some(key);
                cnt = 0;
            }
            cnt += 1;
            if cnt <= TB_RECURSIVE_CUTOFF {
                let lasti = self.ld_scalar::<u64>(tbv, tb_::LASTI) as u32;
                self.format_tb_line(&file, line, &name, code, lasti, out);
            }
        }
        if cnt > TB_RECURSIVE_CUTOFF {
            repeated(out, cnt);
        }
        self.truncate(mark);
    }

    fn format_tb_line(
        &mut self,
        file: &str,
        line: u32,
        name: &str,
        code: Value,
        lasti: u32,
        out: &mut String,
    ) {
        out.push_str(&format!("  File \"{file}\", line {line}, in {name}\n"));
        let Some(lines) = self.source_lines(file) else {
            return;
        };
        let Some(src) = lines.get((line as usize).wrapping_sub(1)) else {
            return;
        };
        let stripped: String = src.trim_start_matches([' ', '\t', '\x0c']).to_string();
        let strip_n = src.chars().count() - stripped.chars().count();
        out.push_str("    ");
        out.push_str(&stripped);
        out.push('\n');
        let Some(loc) = self.code_ref(code).co.location(lasti) else {
            return;
        };
        if loc.line != line || loc.line == 0 {
            return;
        }
        let line_len = src.chars().count();
        let start = byte_to_char(src, loc.col as usize);
        let mut end = byte_to_char(src, loc.end_col as usize);
        let mut anchors: Option<(usize, usize, char, char)> = None;
        if loc.line == loc.end_line {
            if start <= end && end <= line_len {
                anchors = extract_anchors(src, start, end);
            }
        } else {
            // Multi-line: highlight to the last non-whitespace character of this line.
            let trimmed = src.trim_end_matches([' ', '\t', '\x0c']);
            end = trimmed.chars().count();
        }
        if start > end || end > line_len {
            return;
        }
        let stripped_len = line_len - strip_n;
        if end - start == stripped_len && anchors.is_none() {
            return;
        }
        let (left_end, right_start, primary, secondary) = match anchors {
            Some((l, r, p, s)) => (l as isize, r as isize, p, s),
            None => (-1, -1, '^', '^'),
        };
        let special = left_end != -1 || right_start != -1;
        let mut offset = strip_n as isize - 4;
        let mut carets = String::new();
        loop {
            offset += 1;
            if offset > end as isize {
                break;
            }
            if offset <= start as isize {
                carets.push(' ');
            } else if special && left_end < offset && offset <= right_start {
                carets.push(secondary);
            } else {
                carets.push(primary);
            }
        }
        out.push_str(&carets);
        out.push('\n');
    }

    /// `TypeName: message` (plus notes), the last part of an exception report.
    pub fn format_exception_only(&mut self, exc: Value, out: &mut String) {
        let mark = self.sp();
        let Ok(er) = self.push_root(exc) else {
            return;
        };
        let ty = self.type_of(exc);
        let qual = self.type_qualname_str(ty);
        let module = self.type_module_name(ty);
        let tname = match module.as_deref() {
            Some("builtins") | Some("__main__") | None => qual,
            Some(m) => format!("{m}.{qual}"),
        };
        if self.isinstance_builtin(exc, T::SyntaxError) {
            self.format_syntax_error_location(exc, out);
        }
        let exc = self.get(er);
        let msg = match self.exception_message_for_print(exc) {
            Ok(m) => m,
            Err(e) => {
                let _ = self.take_exc(e);
                Some("<exception str() failed>".to_string())
            }
        };
        match msg {
            Some(m) if !m.is_empty() => out.push_str(&format!("{tname}: {m}\n")),
            _ => out.push_str(&format!("{tname}\n")),
        }
        // __notes__
        let exc = self.get(er);
        if let Some(notes) = self.own_attr(exc, n::NOTES) {
            if let Some(l) = self.as_list_obj(notes).or_else(|| self.as_tuple_obj(notes)) {
                let items = self.set_items_snapshot(l).unwrap_or_default();
                let nr = self.sp();
                for it in &items {
                    let _ = self.push_root(*it);
                }
                for i in 0..items.len() {
                    let it = Value::from_raw_nonnull(self.slot(nr + i));
                    let s = if self.as_str_obj(it).is_some() {
                        self.str_string(self.as_str_obj(it).expect("str"))
                    } else {
                        match self.str_string_of(it) {
                            Ok(s) => s,
                            Err(e) => {
                                let _ = self.take_exc(e);
                                "<note str() failed>".into()
                            }
                        }
                    };
                    out.push_str(&s);
                    out.push('\n');
                }
            } else {
                let s = match self.repr_string(notes) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = self.take_exc(e);
                        "<__notes__ repr() failed>".into()
                    }
                };
                out.push_str(&s);
                out.push('\n');
            }
        }
        self.truncate(mark);
    }

    /// `str(exc)` plus the "Did you mean" suggestion; `None` for an empty message.
    fn exception_message_for_print(&mut self, exc: Value) -> PyResult<Option<String>> {
        let mark = self.sp();
        let er = self.push_root(exc)?;
        let is_syntax = self.isinstance_builtin(exc, T::SyntaxError);
        let s = if is_syntax {
            match self
                .exc_field(exc, crate::objects::exceptions::EXC_X0)
                .filter(|v| !self.is_none(*v))
            {
                Some(m) => self.str_string_of(m)?,
                None => self.str_string_of(exc)?,
            }
        } else {
            self.str_string_of(exc)?
        };
        let mut s = s;
        let exc = self.get(er);
        if let Some(sug) = self.suggestion_for(exc)? {
            s.push_str(&format!(". Did you mean: '{sug}'?"));
        }
        self.truncate(mark);
        Ok(Some(s))
    }

    fn suggestion_for(&mut self, exc: Value) -> PyResult<Option<String>> {
        use crate::objects::exceptions::{EXC_NAME, EXC_OBJ};
        let is_attr = self.isinstance_builtin(exc, T::AttributeError);
        let is_name = self.isinstance_builtin(exc, T::NameError);
        if !is_attr && !is_name {
            return Ok(None);
        }
        let Some(name) = self.exc_field(exc, EXC_NAME).filter(|v| self.is_str(*v)) else {
            return Ok(None);
        };
        let name = self.str_string(name);
        let mark = self.sp();
        let er = self.push_root(exc)?;
        let mut result = None;
        if is_attr {
            if let Some(obj) = self.exc_field(exc, EXC_OBJ) {
                let d = match self.dir_of(obj) {
                    Ok(d) => d,
                    Err(e) => {
                        let _ = self.take_exc(e);
                        self.truncate(mark);
                        return Ok(None);
                    }
                };
                result = suggest(&name, &d);
            }
        } else {
            // The frame where the NameError happened: the last traceback entry.
            let exc = self.get(er);
            let mut tb = self.exc_traceback(exc);
            let mut last = None;
            while let Some(t) = tb {
                last = Some(t);
                tb = self.ldv(t, tb_::NEXT);
            }
            if let Some(t) = last {
                let fo = self.ldv1(t, tb_::FRAME);
                let fr = self.push_root(fo)?;
                let locals = {
                    let live =
                        self.ld_scalar::<u64>(fo, crate::interp::frame::frameobj_::LIVE) as usize;
                    if live > 0 && live <= self.st().frames.len() {
                        Some(self.frame_locals_dict(live - 1)?)
                    } else {
                        self.ldv(fo, crate::interp::frame::frameobj_::LOCALS)
                    }
                };
                if let Some(l) = locals {
                    let keys = self.dict_key_strings(l);
                    result = suggest(&name, &keys);
                }
                if result.is_none() {
                    let g = self.ldv1(self.get(fr), crate::interp::frame::frameobj_::GLOBALS);
                    let keys = self.dict_key_strings(g);
                    result = suggest(&name, &keys);
                }
                if result.is_none() {
                    let b = self.g(crate::runtime::roots::G::BuiltinsDict);
                    let keys = self.dict_key_strings(b);
                    result = suggest(&name, &keys);
                }
            }
        }
        self.truncate(mark);
        Ok(result)
    }

    /// Sorted str keys of a dict.
    fn dict_key_strings(&mut self, d: Value) -> Vec<String> {
        let mut v = Vec::new();
        if !self.is_dict(d) {
            return v;
        }
        let mut pos = 0;
        while let Some((next, k, _)) = self.dict_next(d, pos) {
            pos = next;
            if self.is_str(k) {
                v.push(self.str_string(k));
            }
        }
        v.sort();
        v
    }

    /// `dir(obj)` as sorted strings.
    pub fn dir_of(&mut self, obj: Value) -> PyResult<Vec<String>> {
        let l = self.builtin_dir(obj)?;
        let items = self.list_items(l).to_vec();
        Ok(items
            .into_iter()
            .filter(|v| self.is_str(*v))
            .map(|v| self.str_string(v))
            .collect())
    }

    fn format_syntax_error_location(&mut self, exc: Value, out: &mut String) {
        use crate::objects::exceptions::EXC_X0;
        let f = |vm: &Vm, i: usize| vm.exc_field(exc, EXC_X0 + i).filter(|v| !vm.is_none(*v));
        let filename = f(self, 1)
            .filter(|v| self.is_str(*v))
            .map(|v| self.str_string(v));
        let lineno = f(self, 2).and_then(|v| v.as_small());
        let offset = f(self, 3).and_then(|v| v.as_small());
        let text = f(self, 4)
            .filter(|v| self.is_str(*v))
            .map(|v| self.str_string(v));
        let end_lineno = f(self, 5).and_then(|v| v.as_small());
        let end_offset = f(self, 6).and_then(|v| v.as_small());
        let file = filename.unwrap_or_else(|| "<string>".into());
        out.push_str(&format!(
            "  File \"{file}\", line {}\n",
            lineno.unwrap_or(0)
        ));
        if let Some(t) = text {
            let e = crate::syntax_error::CompileError {
                kind: crate::syntax_error::ErrorKind::SyntaxError,
                msg: String::new(),
                filename: Some(file),
                lineno: Some(lineno.unwrap_or(0) as u32),
                offset: offset.map(|x| x as i32),
                end_lineno: end_lineno.map(|x| x as u32),
                end_offset: end_offset.map(|x| x as i32),
                text: Some(t),
            };
            let full = e.format_cpython();
            // `format_cpython` ends with "SyntaxError: \n"; keep only the source + caret lines.
            let mut lines: Vec<&str> = full.lines().collect();
            lines.pop();
            for l in lines.into_iter().skip(1) {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
}

fn repeated(out: &mut String, cnt: usize) {
    let c = cnt - TB_RECURSIVE_CUTOFF;
    out.push_str(&format!(
        "  [Previous line repeated {c} more time{}]\n",
        if c > 1 { "s" } else { "" }
    ));
}

fn byte_to_char(s: &str, byte: usize) -> usize {
    let mut count = 0;
    for (i, _) in s.char_indices() {
        if i >= byte {
            return count;
        }
        count += 1;
    }
    count + byte.saturating_sub(s.len())
}

/// CPython's `extract_anchors_from_line`: parse the highlighted segment; for a binary
/// operation mark the operator, for a subscript the brackets. Returns
/// `(left_end, right_start, primary, secondary)` in char offsets of the line.
fn extract_anchors(line: &str, start: usize, end: usize) -> Option<(usize, usize, char, char)> {
    let seg: String = line.chars().skip(start).take(end - start).collect();
    let src = crate::syntax_error::SourceFile::new("<segment>", seg.clone());
    let parsed = crate::parse::parse_with_warnings(&src, crate::parse::ParseMode::Module)
        .ok()?
        .0;
    let crate::parse::Parsed::Module(mut module) = parsed else {
        return None;
    };
    crate::compile::fold::fold_module(&mut module, false);
    if module.body.len() != 1 {
        return None;
    }
    let crate::ast::StmtKind::Expr(e) = &module.body[0].kind else {
        return None;
    };
    let segb = seg.as_bytes();
    let ws = |c: u8| c == b' ' || c == b'\t' || c == b'\x0c';
    let (l, r) = match &e.kind {
        crate::ast::ExprKind::BinOp { left, right, .. } => {
            let mut la = None;
            let mut ra = 0;
            let mut i = left.loc.end_col as usize;
            let rc = right.loc.col as usize;
            if left.loc.end_line != 1 || right.loc.line != 1 {
                return None;
            }
            while i < rc && i < segb.len() {
                if ws(segb[i]) {
                    i += 1;
                    continue;
                }
                la = Some(i);
                ra = i + 1;
                if i + 1 < rc && !ws(segb[i + 1]) {
                    ra += 1;
                }
                if i + 1 < rc && segb[i] == b')' {
                    i += 1;
                    continue;
                }
                break;
            }
            (la?, ra)
        }
        crate::ast::ExprKind::Subscript { value, slice, .. } => {
            if value.loc.end_line != 1 || slice.loc.end_line != 1 {
                return None;
            }
            let mut la = value.loc.end_col as usize;
            let mut ra = slice.loc.end_col as usize + 1;
            let n = segb.len();
            while la < n && (ws(segb[la]) || segb[la] != b'[') {
                la += 1;
            }
            while ra < n && (ws(segb[ra]) || segb[ra] != b']') {
                ra += 1;
            }
            if ra < n {
                ra += 1;
            }
            (la, ra)
        }
        _ => return None,
    };
    let to_char = |b: usize| byte_to_char(&seg, b) + start;
    Some((to_char(l), to_char(r), '~', '^'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_match_cpython() {
        let c: Vec<String> = ["foo", "bar", "baz", "print"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(suggest("fo", &c), Some("foo".into()));
        assert_eq!(suggest("prnt", &c), Some("print".into()));
        assert_eq!(suggest("xyzzy", &c), None);
        assert_eq!(levenshtein(b"abc", b"ABC", 100), 3);
    }
}
