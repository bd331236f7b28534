//! Parsing the text format (see the module documentation of `text`).
//!
//! Line-oriented: the lexer tokenizes one line at a time and remembers columns, so every
//! error names `line:column`. After parsing, the trace is verified; verifier errors are
//! reported at the line of the offending operation.

use crate::hash::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::descr::{
    ArrayDescr, CallDescr, Descr, EffectInfo, EffectSet, FieldDescr, SizeDescr, TargetToken,
};
use crate::ops::{DescrSpec, OpCode};
use crate::resume::{FrameId, PendingWrite, ResumeValue, Snapshot, SnapshotId, VirtualInfo};
use crate::trace::{OpRef, Trace, TraceBuilder};
use crate::value::{Kind, Value};

/// A parse error with its 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
    pub col: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Int(i128),
    Float(f64),
    Punct(char),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(s) => write!(f, "`{s}`"),
            Tok::Int(i) => write!(f, "`{i}`"),
            Tok::Float(x) => write!(f, "`{x:?}`"),
            Tok::Punct(c) => write!(f, "`{c}`"),
        }
    }
}

struct Line {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    line: usize,
    end_col: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$'
}

fn lex(text: &str, line: usize) -> Result<Line, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let err = |col: usize, message: String| ParseError { line, col, message };
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c == '#' {
            break;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            toks.push((Tok::Ident(chars[start..i].iter().collect()), col));
            continue;
        }
        let negative_start = c == '-' && i + 1 < chars.len();
        if c.is_ascii_digit()
            || (negative_start && (chars[i + 1].is_ascii_digit() || chars[i + 1] == 'i'))
        {
            let start = i;
            if c == '-' {
                i += 1;
            }
            if chars[i] == 'i' {
                // -inf
                let word: String = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if word != "inf" {
                    return Err(err(col, format!("unexpected `-{word}`")));
                }
                i += 3;
                toks.push((Tok::Float(f64::NEG_INFINITY), col));
                continue;
            }
            if chars[i] == '0'
                && i + 1 < chars.len()
                && (chars[i + 1] == 'x' || chars[i + 1] == 'X')
            {
                i += 2;
                let hstart = i;
                while i < chars.len() && chars[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let digits: String = chars[hstart..i].iter().collect();
                let v = u64::from_str_radix(&digits, 16)
                    .map_err(|_| err(col, format!("bad hexadecimal number `0x{digits}`")))?;
                let v = v as i128;
                toks.push((Tok::Int(if c == '-' { -v } else { v }), col));
                continue;
            }
            let mut is_float = false;
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_digit() {
                    i += 1;
                } else if d == '.' || d == 'e' || d == 'E' {
                    is_float = true;
                    i += 1;
                    if (d == 'e' || d == 'E')
                        && i < chars.len()
                        && (chars[i] == '-' || chars[i] == '+')
                    {
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            let s: String = chars[start..i].iter().collect();
            if is_float {
                let v: f64 = s
                    .parse()
                    .map_err(|_| err(col, format!("bad float `{s}`")))?;
                toks.push((Tok::Float(v), col));
            } else {
                let v: i128 = s
                    .parse()
                    .map_err(|_| err(col, format!("bad integer `{s}`")))?;
                toks.push((Tok::Int(v), col));
            }
            continue;
        }
        if "[](),=:;".contains(c) {
            toks.push((Tok::Punct(c), col));
            i += 1;
            continue;
        }
        return Err(err(col, format!("unexpected character `{c}`")));
    }
    Ok(Line {
        toks,
        pos: 0,
        line,
        end_col: chars.len() + 1,
    })
}

impl Line {
    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end_col, |t| t.1)
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            col: self.col(),
            message: message.into(),
        }
    }

    fn error_at(&self, col: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            col,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn peek2(&self) -> Option<&Tok> {
        self.toks.get(self.pos + 1).map(|t| &t.0)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.0.clone());
        self.pos += 1;
        t
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(t) => format!("found {t}"),
            None => "found the end of the line".into(),
        }
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, c: char) -> Result<(), ParseError> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{c}`, {}", self.found())))
        }
    }

    /// After a list item: `,` means more items, `close` ends the list.
    fn more_items(&mut self, close: char) -> Result<bool, ParseError> {
        if self.eat_punct(close) {
            Ok(false)
        } else if self.eat_punct(',') {
            Ok(true)
        } else {
            Err(self.error(format!("expected `,` or `{close}`, {}", self.found())))
        }
    }

    fn ident(&mut self, what: &str) -> Result<(String, usize), ParseError> {
        let col = self.col();
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok((s, col))
            }
            _ => Err(self.error(format!("expected {what}, {}", self.found()))),
        }
    }

    fn int(&mut self, what: &str) -> Result<i128, ParseError> {
        match self.peek() {
            Some(Tok::Int(v)) => {
                let v = *v;
                self.pos += 1;
                Ok(v)
            }
            _ => Err(self.error(format!("expected {what} (an integer), {}", self.found()))),
        }
    }

    fn expect_end(&self) -> Result<(), ParseError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.error(format!("expected the end of the line, {}", self.found())))
        }
    }
}

/// A resume value before virtual names are resolved.
enum RawResume {
    Dead,
    Value(OpRef),
    Virtual(String, usize),
}

enum RawVirtual {
    Struct(Arc<SizeDescr>, Vec<(Descr, RawResume)>),
    Array(Arc<ArrayDescr>, bool, Vec<RawResume>),
}

struct Parser {
    builder: Option<TraceBuilder>,
    descrs: HashMap<String, Descr>,
    descr_order: Vec<Descr>,
    names: HashMap<String, OpRef>,
    snapshots: HashMap<String, SnapshotId>,
    op_lines: Vec<usize>,
}

/// Parses a trace from the text format.
pub fn parse(text: &str) -> Result<Trace, ParseError> {
    parse_with(text, &[])
}

/// Parses a trace that may also use the descriptors in `known` by name without declaring
/// them (e.g. the label token of an already compiled loop that a bridge jumps to).
/// A declaration in the text with the same name is an error.
pub fn parse_with(text: &str, known: &[Descr]) -> Result<Trace, ParseError> {
    let mut p = Parser {
        builder: None,
        descrs: known
            .iter()
            .map(|d| (d.name().to_string(), d.clone()))
            .collect(),
        descr_order: Vec::new(),
        names: HashMap::default(),
        snapshots: HashMap::default(),
        op_lines: Vec::new(),
    };
    let mut last_line = 1;
    for (n, raw) in text.lines().enumerate() {
        let mut line = lex(raw, n + 1)?;
        last_line = n + 1;
        if line.at_end() {
            continue;
        }
        if p.builder.is_none() {
            if line.is_punct('[') {
                p.inputs(&mut line)?;
            } else {
                p.declaration(&mut line)?;
            }
        } else {
            p.operation(&mut line)?;
        }
    }
    let Some(builder) = p.builder else {
        return Err(ParseError {
            line: last_line,
            col: 1,
            message: "missing the input line `[...]`".into(),
        });
    };
    let trace = builder.finish();
    trace.verify().map_err(|e| {
        let line =
            e.op.and_then(|i| p.op_lines.get(i).copied())
                .unwrap_or(last_line);
        ParseError {
            line,
            col: 1,
            message: e.message,
        }
    })?;
    Ok(trace)
}

fn kind_of_name(name: &str) -> Option<Kind> {
    match name.chars().next()? {
        'i' => Some(Kind::Int),
        'p' => Some(Kind::Ref),
        'f' => Some(Kind::Float),
        _ => None,
    }
}

/// List items of an attribute, each with its column.
type Items = Vec<(Tok, usize)>;

#[derive(Debug)]
enum Attr {
    Flag,
    Int(i128),
    Word(String),
    /// List items with their columns.
    List(Items),
}

impl Parser {
    fn builder(&mut self) -> &mut TraceBuilder {
        self.builder.as_mut().expect("inputs parsed")
    }

    fn inputs(&mut self, line: &mut Line) -> Result<(), ParseError> {
        line.expect_punct('[')?;
        let mut names = Vec::new();
        let mut kinds = Vec::new();
        if !line.eat_punct(']') {
            loop {
                let (name, col) = line.ident("an input name")?;
                let kind = kind_of_name(&name).ok_or_else(|| {
                    line.error_at(col, format!("`{name}`: value names start with i, p or f"))
                })?;
                if names.iter().any(|(n, _)| *n == name) {
                    return Err(line.error_at(col, format!("input `{name}` is declared twice")));
                }
                names.push((name, col));
                kinds.push(kind);
                if !line.more_items(']')? {
                    break;
                }
            }
        }
        line.expect_end()?;
        let mut b = TraceBuilder::new(&kinds);
        for d in &self.descr_order {
            b.descr(d.clone());
        }
        for (i, (name, _)) in names.into_iter().enumerate() {
            self.names.insert(name, b.input(i));
        }
        self.builder = Some(b);
        Ok(())
    }

    fn attrs(line: &mut Line) -> Result<Vec<(String, usize, Attr)>, ParseError> {
        let mut out = Vec::new();
        while !line.at_end() {
            let (key, col) = line.ident("an attribute")?;
            let attr = if line.eat_punct('=') {
                match line.next() {
                    Some(Tok::Int(v)) => Attr::Int(v),
                    Some(Tok::Ident(w)) => Attr::Word(w),
                    Some(Tok::Punct('(')) => {
                        let mut items = Vec::new();
                        if !line.eat_punct(')') {
                            loop {
                                let item_col = line.col();
                                match line.next() {
                                    Some(t @ (Tok::Ident(_) | Tok::Int(_))) => {
                                        items.push((t, item_col))
                                    }
                                    _ => {
                                        line.pos -= 1;
                                        return Err(line.error(format!(
                                            "expected a list item, {}",
                                            line.found()
                                        )));
                                    }
                                }
                                if !line.more_items(')')? {
                                    break;
                                }
                            }
                        }
                        Attr::List(items)
                    }
                    _ => {
                        line.pos -= 1;
                        return Err(
                            line.error(format!("expected a value for `{key}`, {}", line.found()))
                        );
                    }
                }
            } else {
                Attr::Flag
            };
            if out.iter().any(|(k, _, _)| *k == key) {
                return Err(line.error_at(col, format!("attribute `{key}` given twice")));
            }
            out.push((key, col, attr));
        }
        Ok(out)
    }

    fn declaration(&mut self, line: &mut Line) -> Result<(), ParseError> {
        let (what, what_col) =
            line.ident("a declaration (field, array, size, call, token) or the input line")?;
        let (name, name_col) = line.ident("a descriptor name")?;
        if self.descrs.contains_key(&name) {
            return Err(line.error_at(
                name_col,
                format!("descriptor `{name}` is declared twice (or is already known)"),
            ));
        }
        let descr = if what == "token" {
            line.expect_end()?;
            Descr::Target(TargetToken::new(name.clone()))
        } else {
            line.expect_punct(':')?;
            let attrs = Self::attrs(line)?;
            let mut get = Getter {
                attrs,
                line: line.line,
                end_col: line.end_col,
            };
            let d = match what.as_str() {
                "field" => {
                    let offset = get.int("offset", i32::MIN as i128, i32::MAX as i128)? as i32;
                    let size = get.int("size", 1, 8)? as u8;
                    let kind = get.kind("kind")?;
                    let signed = get.signedness()?;
                    let immutable = get.flag("immutable")?;
                    Descr::Field(Arc::new(FieldDescr {
                        name: name.clone(),
                        offset,
                        size,
                        kind,
                        signed,
                        immutable,
                    }))
                }
                "array" => {
                    let base_offset = get.int("base", 0, i32::MAX as i128)? as i32;
                    let item_size = get.int("item", 1, 8)? as u8;
                    let kind = get.kind("kind")?;
                    let signed = get.signedness()?;
                    let length_offset = get.int("len", 0, i32::MAX as i128)? as i32;
                    let type_id = get.int("tid", 0, u32::MAX as i128)? as u32;
                    Descr::Array(Arc::new(ArrayDescr {
                        name: name.clone(),
                        base_offset,
                        item_size,
                        kind,
                        signed,
                        length_offset,
                        type_id,
                    }))
                }
                "size" => {
                    let size = get.int("size", 1, u32::MAX as i128)? as u32;
                    let type_id = get.int("tid", 0, u32::MAX as i128)? as u32;
                    let vtable = get
                        .opt_int("vtable", 0, u64::MAX as i128)?
                        .map(|v| v as u64);
                    let ref_offsets = get
                        .opt_ints("refs")?
                        .unwrap_or_default()
                        .into_iter()
                        .map(|v| v as i32)
                        .collect();
                    Descr::Size(Arc::new(SizeDescr {
                        name: name.clone(),
                        size,
                        type_id,
                        vtable,
                        ref_offsets,
                    }))
                }
                "call" => {
                    let arg_kinds = get.kinds("args")?;
                    let result = get.kind("result")?;
                    let result_size = get.opt_int("result_size", 1, 8)?.unwrap_or(8) as u8;
                    let result_signed = get.signedness()?;
                    let effects = get.words("effects")?.unwrap_or_default();
                    let mut effect = EffectInfo {
                        can_raise: false,
                        can_collect: false,
                        can_force: false,
                        elidable: false,
                        reads: get.effect_set("reads")?,
                        writes: get.effect_set("writes")?,
                    };
                    for (e, col) in effects {
                        match e.as_str() {
                            "raise" => effect.can_raise = true,
                            "collect" => effect.can_collect = true,
                            "force" => effect.can_force = true,
                            "elidable" => effect.elidable = true,
                            _ => {
                                return Err(line.error_at(
                                    col,
                                    format!(
                                        "unknown effect `{e}` (raise, collect, force, elidable)"
                                    ),
                                ));
                            }
                        }
                    }
                    Descr::Call(Arc::new(CallDescr {
                        name: name.clone(),
                        arg_kinds,
                        result,
                        result_size,
                        result_signed,
                        effect,
                    }))
                }
                _ => {
                    return Err(line.error_at(
                        what_col,
                        format!("unknown declaration `{what}` (field, array, size, call, token)"),
                    ));
                }
            };
            get.finish()?;
            d
        };
        descr.validate().map_err(|m| line.error_at(name_col, m))?;
        self.descrs.insert(name, descr.clone());
        self.descr_order.push(descr);
        Ok(())
    }

    fn value(&mut self, line: &mut Line) -> Result<OpRef, ParseError> {
        let col = line.col();
        let v = match line.next() {
            Some(Tok::Int(v)) => {
                if !(i64::MIN as i128..=u64::MAX as i128).contains(&v) {
                    return Err(line.error_at(col, format!("integer {v} does not fit in 64 bits")));
                }
                Value::Int(v as i64)
            }
            Some(Tok::Float(f)) => Value::Float(f),
            Some(Tok::Ident(w)) => match w.as_str() {
                "null" => Value::Ref(0),
                "nan" => Value::Float(f64::NAN),
                "inf" => Value::Float(f64::INFINITY),
                "ptr" => {
                    line.expect_punct('(')?;
                    let a = line.int("an address")?;
                    if !(0..=u64::MAX as i128).contains(&a) {
                        return Err(line.error_at(col, "address out of range"));
                    }
                    line.expect_punct(')')?;
                    Value::Ref(a as u64)
                }
                _ => {
                    return self
                        .names
                        .get(&w)
                        .copied()
                        .ok_or_else(|| line.error_at(col, format!("unknown value `{w}`")));
                }
            },
            _ => {
                line.pos -= 1;
                return Err(line.error(format!("expected a value, {}", line.found())));
            }
        };
        Ok(self.builder().constant(v))
    }

    fn descr_ref(&self, line: &mut Line) -> Result<Descr, ParseError> {
        let (name, col) = line.ident("a descriptor name")?;
        self.descrs
            .get(&name)
            .cloned()
            .ok_or_else(|| line.error_at(col, format!("unknown descriptor `{name}`")))
    }

    fn operation(&mut self, line: &mut Line) -> Result<(), ParseError> {
        let mut result_name = None;
        if matches!(line.peek2(), Some(Tok::Punct('='))) {
            let (name, col) = line.ident("a result name")?;
            line.expect_punct('=')?;
            result_name = Some((name, col));
        }
        let (opname, opcol) = line.ident("an operation name")?;
        let opcode = OpCode::from_name(&opname)
            .ok_or_else(|| line.error_at(opcol, format!("unknown operation `{opname}`")))?;
        match (&result_name, opcode.has_result()) {
            (None, true) => {
                return Err(line.error_at(
                    opcol,
                    format!("{opname} produces a value: name it (`x = {opname}(...)`)"),
                ));
            }
            (Some((_, col)), false) => {
                return Err(line.error_at(*col, format!("{opname} produces no value")));
            }
            (Some((name, col)), true) => {
                let expected = opcode.result_kind();
                if kind_of_name(name) != Some(expected) {
                    return Err(line.error_at(
                        *col,
                        format!(
                            "{opname} produces a {expected}: its name must start with `{}`",
                            expected.letter()
                        ),
                    ));
                }
                if self.names.contains_key(name) {
                    return Err(line.error_at(*col, format!("`{name}` is defined twice")));
                }
            }
            _ => {}
        }
        line.expect_punct('(')?;
        let mut args = Vec::new();
        let mut descr = None;
        if !line.eat_punct(')') {
            loop {
                if matches!(line.peek(), Some(Tok::Ident(w)) if w == "descr")
                    && matches!(line.peek2(), Some(Tok::Punct('=')))
                {
                    line.pos += 2;
                    let dcol = line.col();
                    let d = self.descr_ref(line)?;
                    if opcode.descr_spec() == DescrSpec::No {
                        return Err(line.error_at(dcol, format!("{opname} takes no descriptor")));
                    }
                    if d.spec() != opcode.descr_spec() {
                        return Err(line.error_at(
                            dcol,
                            format!(
                                "{opname} needs a {:?} descriptor, `{}` is a {:?}",
                                opcode.descr_spec(),
                                d.name(),
                                d.spec()
                            ),
                        ));
                    }
                    descr = Some(d);
                    line.expect_punct(')')?;
                    break;
                }
                args.push(self.value(line)?);
                if !line.more_items(')')? {
                    break;
                }
            }
        }
        if descr.is_none() && opcode.descr_spec() != DescrSpec::No {
            return Err(line.error_at(opcol, format!("{opname} needs `descr=...`")));
        }
        let snapshot = if line.is_punct('[') {
            if !opcode.is_guard() {
                return Err(line.error(format!("{opname} is not a guard: no resume data")));
            }
            Some(self.resume(line)?)
        } else {
            None
        };
        line.expect_end()?;
        let b = self.builder();
        let did = descr.map(|d| b.descr(d));
        let r = if opcode.is_guard() {
            b.emit_guard(opcode, &args, did, snapshot)
        } else {
            b.emit(opcode, &args, did)
        };
        if let Some((name, _)) = result_name {
            self.names.insert(name, r);
        }
        self.op_lines.push(line.line);
        Ok(())
    }

    fn raw_resume(&mut self, line: &mut Line) -> Result<RawResume, ParseError> {
        let col = line.col();
        if let Some(Tok::Ident(w)) = line.peek() {
            if w == "_" {
                line.pos += 1;
                return Ok(RawResume::Dead);
            }
            if w.starts_with('v') && w[1..].chars().all(|c| c.is_ascii_digit()) && w.len() > 1 {
                let w = w.clone();
                line.pos += 1;
                return Ok(RawResume::Virtual(w, col));
            }
        }
        Ok(RawResume::Value(self.value(line)?))
    }

    fn resume(&mut self, line: &mut Line) -> Result<SnapshotId, ParseError> {
        line.expect_punct('[')?;
        let (name, ncol) = line.ident("a snapshot name (r0, r1, ...)")?;
        if line.eat_punct(']') {
            return self.snapshots.get(&name).copied().ok_or_else(|| {
                line.error_at(
                    ncol,
                    format!("unknown snapshot `{name}` (define it with `[{name}: ...]`)"),
                )
            });
        }
        if self.snapshots.contains_key(&name) {
            return Err(line.error_at(ncol, format!("snapshot `{name}` is defined twice")));
        }
        line.expect_punct(':')?;
        let mut frames: Vec<(u64, u64, Vec<RawResume>)> = Vec::new();
        let mut virtuals: Vec<(String, RawVirtual)> = Vec::new();
        let mut pending: Vec<(RawResume, Descr, RawResume)> = Vec::new();
        loop {
            let (word, wcol) = line.ident("`frame`, `pending` or a virtual `vN = ...`")?;
            if word == "frame" {
                line.expect_punct('(')?;
                let code = line.int("a code id")?;
                line.expect_punct(',')?;
                let pc = line.int("a pc")?;
                if !(0..=u64::MAX as i128).contains(&code) || !(0..=u64::MAX as i128).contains(&pc)
                {
                    return Err(line.error_at(wcol, "code and pc must be unsigned 64-bit numbers"));
                }
                line.expect_punct(';')?;
                let mut slots = Vec::new();
                if !line.eat_punct(')') {
                    loop {
                        slots.push(self.raw_resume(line)?);
                        if !line.more_items(')')? {
                            break;
                        }
                    }
                }
                frames.push((code as u64, pc as u64, slots));
            } else if word == "pending" {
                line.expect_punct('(')?;
                let target = self.raw_resume(line)?;
                line.expect_punct(',')?;
                let d = self.descr_ref(line)?;
                if d.as_field().is_none() {
                    return Err(line.error_at(wcol, "pending writes need a field descriptor"));
                }
                line.expect_punct(',')?;
                let value = self.raw_resume(line)?;
                line.expect_punct(')')?;
                pending.push((target, d, value));
            } else if word.starts_with('v')
                && word.len() > 1
                && word[1..].chars().all(|c| c.is_ascii_digit())
            {
                if virtuals.iter().any(|(n, _)| *n == word) {
                    return Err(line.error_at(wcol, format!("virtual `{word}` is defined twice")));
                }
                line.expect_punct('=')?;
                let (shape, scol) = line.ident("`new`, `array` or `str`")?;
                line.expect_punct('(')?;
                let d = self.descr_ref(line)?;
                // `new(D)` / `array(D)` is an object without fields or items.
                let empty = line.eat_punct(')');
                if !empty {
                    line.expect_punct(';')?;
                }
                let v = match shape.as_str() {
                    "new" => {
                        let size = d
                            .as_size()
                            .cloned()
                            .ok_or_else(|| line.error_at(scol, "`new` needs a size descriptor"))?;
                        let mut fields = Vec::new();
                        if !empty && !line.eat_punct(')') {
                            loop {
                                let fd = self.descr_ref(line)?;
                                if fd.as_field().is_none() {
                                    return Err(
                                        line.error(format!("`{}` is not a field", fd.name()))
                                    );
                                }
                                line.expect_punct('=')?;
                                fields.push((fd, self.raw_resume(line)?));
                                if !line.more_items(')')? {
                                    break;
                                }
                            }
                        }
                        RawVirtual::Struct(size, fields)
                    }
                    "array" | "str" => {
                        let arr = d.as_array().cloned().ok_or_else(|| {
                            line.error_at(scol, format!("`{shape}` needs an array descriptor"))
                        })?;
                        let mut items = Vec::new();
                        if !empty && !line.eat_punct(')') {
                            loop {
                                items.push(self.raw_resume(line)?);
                                if !line.more_items(')')? {
                                    break;
                                }
                            }
                        }
                        RawVirtual::Array(arr, shape == "str", items)
                    }
                    _ => {
                        return Err(line.error_at(
                            scol,
                            format!("expected `new`, `array` or `str`, found `{shape}`"),
                        ));
                    }
                };
                virtuals.push((word, v));
            } else {
                return Err(line.error_at(
                    wcol,
                    format!("expected `frame`, `pending` or `vN = ...`, found `{word}`"),
                ));
            }
            if !line.more_items(']')? {
                break;
            }
        }
        // Resolve virtual names to indices (definition order).
        let index: HashMap<String, u32> = virtuals
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.clone(), i as u32))
            .collect();
        let resolve = |r: &RawResume| -> Result<ResumeValue, ParseError> {
            Ok(match r {
                RawResume::Dead => ResumeValue::Dead,
                RawResume::Value(v) => ResumeValue::Value(*v),
                RawResume::Virtual(n, col) => ResumeValue::Virtual(
                    *index
                        .get(n)
                        .ok_or_else(|| line.error_at(*col, format!("unknown virtual `{n}`")))?,
                ),
            })
        };
        let mut snap = Snapshot::default();
        let b = self.builder.as_mut().expect("inputs parsed");
        let mut parent: Option<FrameId> = None;
        for (code, pc, slots) in &frames {
            let slots = slots.iter().map(&resolve).collect::<Result<Vec<_>, _>>()?;
            parent = Some(b.resume_mut().add_frame(parent, *code, *pc, &slots));
        }
        snap.frame = parent;
        for (_, v) in &virtuals {
            snap.virtuals.push(match v {
                RawVirtual::Struct(size, fields) => VirtualInfo::Struct {
                    size: b.descr(Descr::Size(size.clone())),
                    fields: fields
                        .iter()
                        .map(|(f, r)| Ok((b.descr(f.clone()), resolve(r)?)))
                        .collect::<Result<Vec<_>, ParseError>>()?,
                },
                RawVirtual::Array(a, string, items) => VirtualInfo::Array {
                    descr: b.descr(Descr::Array(a.clone())),
                    string: *string,
                    items: items.iter().map(&resolve).collect::<Result<Vec<_>, _>>()?,
                },
            });
        }
        for (t, d, v) in &pending {
            snap.pending.push(PendingWrite {
                target: resolve(t)?,
                field: b.descr(d.clone()),
                value: resolve(v)?,
            });
        }
        let id = b.resume_mut().add_snapshot(snap);
        self.snapshots.insert(name, id);
        Ok(id)
    }
}

struct Getter {
    attrs: Vec<(String, usize, Attr)>,
    line: usize,
    end_col: usize,
}

impl Getter {
    fn err(&self, col: usize, message: String) -> ParseError {
        ParseError {
            line: self.line,
            col,
            message,
        }
    }

    fn take(&mut self, key: &str) -> Option<(usize, Attr)> {
        let i = self.attrs.iter().position(|(k, _, _)| k == key)?;
        let (_, col, a) = self.attrs.remove(i);
        Some((col, a))
    }

    fn opt_int(&mut self, key: &str, lo: i128, hi: i128) -> Result<Option<i128>, ParseError> {
        match self.take(key) {
            None => Ok(None),
            Some((col, Attr::Int(v))) => {
                if (lo..=hi).contains(&v) {
                    Ok(Some(v))
                } else {
                    Err(self.err(col, format!("`{key}` must be in {lo}..={hi}, got {v}")))
                }
            }
            Some((col, _)) => Err(self.err(col, format!("`{key}` needs an integer value"))),
        }
    }

    fn int(&mut self, key: &str, lo: i128, hi: i128) -> Result<i128, ParseError> {
        self.opt_int(key, lo, hi)?
            .ok_or_else(|| self.err(self.end_col, format!("missing `{key}=...`")))
    }

    fn kind(&mut self, key: &str) -> Result<Kind, ParseError> {
        match self.take(key) {
            Some((col, Attr::Word(w))) => Kind::from_keyword(&w).ok_or_else(|| {
                self.err(
                    col,
                    format!("`{key}`: unknown kind `{w}` (int, ref, float, void)"),
                )
            }),
            Some((col, _)) => {
                Err(self.err(col, format!("`{key}` needs a kind (int, ref, float, void)")))
            }
            None => Err(self.err(self.end_col, format!("missing `{key}=...`"))),
        }
    }

    fn flag(&mut self, key: &str) -> Result<bool, ParseError> {
        match self.take(key) {
            None => Ok(false),
            Some((_, Attr::Flag)) => Ok(true),
            Some((col, _)) => Err(self.err(col, format!("`{key}` takes no value"))),
        }
    }

    fn signedness(&mut self) -> Result<bool, ParseError> {
        let s = self.flag("signed")?;
        let u = self.flag("unsigned")?;
        if s && u {
            return Err(self.err(self.end_col, "both `signed` and `unsigned`".into()));
        }
        Ok(!u)
    }

    fn list(&mut self, key: &str) -> Result<Option<(usize, Items)>, ParseError> {
        match self.take(key) {
            None => Ok(None),
            Some((col, Attr::List(items))) => Ok(Some((col, items))),
            Some((col, _)) => Err(self.err(col, format!("`{key}` needs a list `(...)`"))),
        }
    }

    fn opt_ints(&mut self, key: &str) -> Result<Option<Vec<i128>>, ParseError> {
        let Some((_, items)) = self.list(key)? else {
            return Ok(None);
        };
        items
            .into_iter()
            .map(|(t, col)| match t {
                Tok::Int(v) if (i32::MIN as i128..=i32::MAX as i128).contains(&v) => Ok(v),
                _ => Err(self.err(col, format!("`{key}` needs a list of 32-bit integers"))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn words(&mut self, key: &str) -> Result<Option<Vec<(String, usize)>>, ParseError> {
        let Some((_, items)) = self.list(key)? else {
            return Ok(None);
        };
        items
            .into_iter()
            .map(|(t, col)| match t {
                Tok::Ident(w) => Ok((w, col)),
                _ => Err(self.err(col, format!("`{key}` needs a list of names"))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn kinds(&mut self, key: &str) -> Result<Vec<Kind>, ParseError> {
        let words = self
            .words(key)?
            .ok_or_else(|| self.err(self.end_col, format!("missing `{key}=(...)`")))?;
        words
            .into_iter()
            .map(|(w, col)| {
                Kind::from_keyword(&w)
                    .filter(|k| *k != Kind::Void)
                    .ok_or_else(|| {
                        self.err(
                            col,
                            format!("`{key}`: `{w}` is not an argument kind (int, ref, float)"),
                        )
                    })
            })
            .collect()
    }

    fn effect_set(&mut self, key: &str) -> Result<EffectSet, ParseError> {
        match self.take(key) {
            None => Ok(EffectSet::All),
            Some((_, Attr::Word(w))) if w == "all" => Ok(EffectSet::All),
            Some((_, Attr::List(items))) => items
                .into_iter()
                .map(|(t, col)| match t {
                    Tok::Ident(w) => Ok(w),
                    _ => Err(self.err(col, format!("`{key}` needs descriptor names"))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(EffectSet::Only),
            Some((col, _)) => Err(self.err(
                col,
                format!("`{key}` is `all` or a list of descriptor names"),
            )),
        }
    }

    fn finish(self) -> Result<(), ParseError> {
        match self.attrs.first() {
            None => Ok(()),
            Some((k, col, _)) => Err(self.err(*col, format!("unknown attribute `{k}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            err("[i0]\ni1 = int_frob(i0, 1)\nfinish(i1)"),
            "2:6: unknown operation `int_frob`"
        );
        assert_eq!(
            err("[i0]\ni1 = int_add(i0, i9)\nfinish(i1)"),
            "2:18: unknown value `i9`"
        );
        assert_eq!(
            err("[i0]\np1 = int_add(i0, 1)\nfinish(p1)"),
            "2:1: int_add produces a int: its name must start with `i`"
        );
        assert_eq!(
            err("[i0]\ni1 = int_add(i0 1)\nfinish(i1)"),
            "2:17: expected `,` or `)`, found `1`"
        );
        assert_eq!(
            err("[i0]\ni1 = int_add(i0)\nfinish(i1)"),
            "2:1: int_add needs 2 arguments, got 1"
        );
        assert_eq!(
            err("field F: offset=3 size=8 kind=int\n[i0]\nfinish()"),
            "1:7: F: offset 3 is not aligned to 8"
        );
        assert_eq!(
            err("field F: offset=8 size=8 kind=int colour=red\n[i0]\nfinish()"),
            "1:35: unknown attribute `colour`"
        );
        assert_eq!(
            err("[x0]\nfinish()"),
            "1:2: `x0`: value names start with i, p or f"
        );
        assert_eq!(
            err("[i0]\nguard_true(i0) [r3]\nfinish()"),
            "2:17: unknown snapshot `r3` (define it with `[r3: ...]`)"
        );
        assert_eq!(
            err("[i0]\ni1 = int_add(i0, 1)"),
            "2:1: the trace must end with jump or finish"
        );
        assert_eq!(err(""), "1:1: missing the input line `[...]`");
        assert_eq!(
            err("[i0]\nguard_true(i0) [r0: frame(1, 2; v3)]\nfinish()"),
            "2:33: unknown virtual `v3`"
        );
    }

    #[test]
    fn parses_constants() {
        let t = parse("[f0]\nf1 = float_add(f0, -1.5e-3)\nf2 = float_mul(f1, -inf)\ni3 = int_add(0xff, -7)\np4 = same_as_r(ptr(0x10))\nfinish(f2)").unwrap();
        assert_eq!(t.len(), 5);
        let text = crate::text::print(&t);
        assert!(text.contains("-0.0015"), "{text}");
        assert!(text.contains("-inf"), "{text}");
        assert!(text.contains("int_add(255, -7)"), "{text}");
        assert!(text.contains("ptr(0x10)"), "{text}");
    }
}
