//! Recursive-descent parser for the C declaration subset `cdef` accepts.
//!
//! Accepts: function declarations (incl. variadic `...`), global variables, `typedef`,
//! `struct`/`union` (nested, anonymous members, flexible array members, bit-fields), `enum` with
//! values, arrays, pointers incl. function pointers, `const`/`volatile`/`restrict`
//! (dropped), the standard integer typedefs, `#define NAME <constant expression>`, and
//! integer constant expressions (`+ - * / % << >> & | ^ ~ !`, parentheses, casts,
//! `sizeof(type)`, enumerators and defines). `long double`, initializers, attributes and
//! function bodies are parsed far enough to be recognised and rejected with a message.
//!
//! Design: declarators are parsed into a small tree ([`Declarator`]) and then applied to
//! the base type inside-out, the way C reads them: pointers bind to the base, suffixes
//! (`[n]`, `(params)`) apply right-to-left, then the parenthesised inner declarator applies
//! to that result. Types are created in the arena as soon as they are known (records get
//! their body once the closing `}` is parsed); names go into the caller's [`Registry`],
//! which `cdef` commits only when the whole text parsed.
//!
//! Invariants: every error carries the line and column of the token where parsing stopped
//! and says what was expected; recursion is bounded by `MAX_DEPTH`, so no input overflows
//! the stack; all arithmetic is checked, so no input panics.

use std::collections::HashMap;

use crate::error::CdefError;
mod expr;

use crate::layout::{
    Layout, MAX_OBJECT_SIZE, RecordLayouter, Scalar, array_layout, enum_underlying,
};
use crate::lexer::{Tok, Token, tokenize};

use expr::check_constant_range;

use crate::types::{
    BitField, Decl, EnumDef, Field, FlatField, FnSig, Prim, Record, RecordBody, Registry,
    STANDARD_TYPEDEFS, TypeId, TypeKind, Types, VOID, prim_id,
};

/// Deepest nesting of declarators, records and expressions accepted.
const MAX_DEPTH: u32 = 100;

type PResult<T> = Result<T, CdefError>;

/// C keywords that can never be names.
const KEYWORDS: [&str; 37] = [
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Alignas",
];

const QUALIFIERS: [&str; 8] = [
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "__const",
    "__volatile__",
    "__volatile",
];

const BASIC_SPECIFIERS: [&str; 11] = [
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "_Bool",
    "__signed__",
];

/// Parses `src` as cdef text, adding its names to `registry`.
pub(crate) fn parse_cdef(types: &Types, registry: &mut Registry, src: &str) -> PResult<()> {
    let tokens = tokenize(src, types.target.char_is_signed())?;
    let mut parser = Parser::new(types, registry, tokens);
    parser.translation_unit()
}

/// Parses a type name such as `struct point *` or `int(*)(int)`.
pub(crate) fn parse_type_name(
    types: &Types,
    registry: &mut Registry,
    src: &str,
) -> PResult<TypeId> {
    let tokens = tokenize(src, types.target.char_is_signed())?;
    let mut parser = Parser::new(types, registry, tokens);
    let ty = parser.type_name()?;
    if !matches!(parser.peek(), Tok::Eof) {
        return Err(parser.expected("the end of the type name"));
    }
    Ok(ty)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Storage {
    None,
    Typedef,
    Extern,
}

struct Specifiers {
    base: TypeId,
    storage: Storage,
    /// A struct/union/enum tag or body appeared, so `struct foo;` declares something.
    declares_tag: bool,
    /// An untagged struct/union with a body: a candidate anonymous member.
    anonymous_record: bool,
}

#[derive(Default)]
struct SpecifierCounts {
    counts: HashMap<&'static str, u32>,
    /// The specifiers in source order, for messages.
    spelled: Vec<&'static str>,
}

impl SpecifierCounts {
    fn get(&self, name: &str) -> u32 {
        self.counts.get(name).copied().unwrap_or(0)
    }

    fn any(&self) -> bool {
        !self.counts.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DeclaratorMode {
    /// A name is required (declarations, struct members).
    Named,
    /// No name allowed (type names).
    Abstract,
    /// Either (function parameters).
    Either,
}

struct Declarator {
    name: Option<String>,
    pointers: usize,
    inner: Option<Box<Declarator>>,
    suffixes: Vec<Suffix>,
    /// Position of the declarator's first token, for messages.
    line: u32,
    column: u32,
}

enum Suffix {
    Array(Option<u64>),
    Function { params: Vec<TypeId>, variadic: bool },
}

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    types: &'a Types,
    reg: &'a mut Registry,
    depth: u32,
}

impl<'a> Parser<'a> {
    fn new(types: &'a Types, reg: &'a mut Registry, tokens: Vec<Token>) -> Self {
        Parser {
            tokens,
            pos: 0,
            types,
            reg,
            depth: 0,
        }
    }

    // ----- token helpers -----

    fn token(&self) -> &Token {
        // The list always ends with Eof and `bump` never moves past it.
        let last = self.tokens.len() - 1;
        &self.tokens[self.pos.min(last)]
    }

    fn peek(&self) -> &Tok {
        &self.token().tok
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + ahead).min(last)].tok
    }

    fn bump(&mut self) {
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(self.peek(), Tok::Ident(n) if n == name)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let found = self.is_punct(p);
        if found {
            self.bump();
        }
        found
    }

    fn expect_punct(&mut self, p: &str, context: &str) -> PResult<()> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{p}` {context}")))
        }
    }

    fn error_here(&self, message: impl Into<String>) -> CdefError {
        let token = self.token();
        CdefError {
            line: token.line,
            column: token.column,
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> CdefError {
        self.error_here(format!("expected {what}, found {}", self.peek().describe()))
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here(format!(
                "declaration nested too deeply (more than {MAX_DEPTH} levels)"
            )));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn type_error_at(&self, line: u32, column: u32, message: impl Into<String>) -> CdefError {
        CdefError {
            line,
            column,
            message: message.into(),
        }
    }

    // ----- top level -----

    fn translation_unit(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                Tok::Eof => return Ok(()),
                Tok::Define => self.define()?,
                Tok::Punct(";") => self.bump(),
                _ => self.declaration()?,
            }
        }
    }

    fn define(&mut self) -> PResult<()> {
        self.bump(); // #define
        let name = match self.peek() {
            Tok::Ident(name) => name.clone(),
            _ => return Err(self.expected("a macro name after `#define`")),
        };
        self.bump();
        if matches!(self.peek(), Tok::DirectiveEnd) {
            return Err(
                self.error_here(format!("expected an integer value after `#define {name}`"))
            );
        }
        let value = self.const_expr()?;
        if !matches!(self.peek(), Tok::DirectiveEnd) {
            return Err(self.expected(&format!("the end of the `#define {name}` line")));
        }
        check_constant_range(value).map_err(|message| self.error_here(message))?;
        self.bump();
        match self.reg.constants.get(&name) {
            Some(old) if *old != value => Err(self.error_here(format!(
                "`{name}` redefined with a different value ({old} before, {value} now)"
            ))),
            _ => {
                self.reg.constants.insert(name, value);
                Ok(())
            }
        }
    }

    fn declaration(&mut self) -> PResult<()> {
        let spec = self.specifiers(true)?;
        if self.is_punct(";") {
            if spec.declares_tag && spec.storage == Storage::None {
                self.bump();
                return Ok(());
            }
            return Err(self.error_here("declaration does not declare anything"));
        }
        loop {
            let declarator = self.declarator(DeclaratorMode::Named)?;
            let ty = self.apply(&declarator, spec.base)?;
            let name = declarator.declared_name().unwrap_or_default().to_string();
            if self.is_punct("{") {
                return Err(self.error_here("function bodies are not supported in cdef"));
            }
            if self.is_punct("=") {
                return Err(self.error_here("initializers are not supported in cdef"));
            }
            if let Tok::Ident(word) = self.peek()
                && matches!(
                    word.as_str(),
                    "__attribute__" | "__asm__" | "asm" | "__attribute"
                )
            {
                return Err(self.error_here(format!("`{word}` is not supported in cdef")));
            }
            self.register(&declarator, &name, ty, spec.storage)?;
            if self.eat_punct(",") {
                continue;
            }
            return self.expect_punct(";", "after the declaration");
        }
    }

    fn register(
        &mut self,
        d: &Declarator,
        name: &str,
        ty: TypeId,
        storage: Storage,
    ) -> PResult<()> {
        let conflict = |what: &str| {
            self.type_error_at(
                d.line,
                d.column,
                format!("`{name}` redeclared as a different kind of symbol (it is already {what})"),
            )
        };
        match storage {
            Storage::Typedef => {
                if self.reg.decls.contains_key(name) {
                    return Err(conflict("a function or variable"));
                }
                if self.reg.constants.contains_key(name) {
                    return Err(conflict("a constant"));
                }
                let previous = self.reg.typedefs.get(name).copied().or_else(|| {
                    STANDARD_TYPEDEFS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, p)| prim_id(*p))
                });
                match previous {
                    Some(old) if old != ty => {
                        return Err(self.type_error_at(
                            d.line,
                            d.column,
                            format!(
                                "conflicting typedef `{name}`: it was `{}`, now `{}`",
                                self.types.name(old),
                                self.types.name(ty)
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        if let TypeKind::Record(record) = self.types.kind(ty)
                            && record.tag.is_none()
                        {
                            let _ = record.alias.set(name.to_string());
                        }
                        self.reg.typedefs.insert(name.to_string(), ty);
                        self.reg.declared_order.push(name.to_string());
                    }
                }
            }
            Storage::None | Storage::Extern => {
                if self.reg.typedefs.contains_key(name) {
                    return Err(conflict("a typedef"));
                }
                if self.reg.constants.contains_key(name) {
                    return Err(conflict("a constant"));
                }
                let decl = match self.types.kind(ty) {
                    TypeKind::Function(_) => Decl::Function(ty),
                    TypeKind::Void => {
                        return Err(self.type_error_at(
                            d.line,
                            d.column,
                            format!("variable `{name}` declared void"),
                        ));
                    }
                    _ => Decl::Variable(ty),
                };
                match self.reg.decls.get(name) {
                    Some(old) if *old != decl => {
                        return Err(self.type_error_at(
                            d.line,
                            d.column,
                            format!("conflicting declarations of `{name}`"),
                        ));
                    }
                    _ => {
                        self.reg.decls.insert(name.to_string(), decl);
                    }
                }
            }
        }
        Ok(())
    }

    /// A type name: specifiers plus an abstract declarator.
    fn type_name(&mut self) -> PResult<TypeId> {
        let spec = self.specifiers(false)?;
        let declarator = self.declarator(DeclaratorMode::Abstract)?;
        self.apply(&declarator, spec.base)
    }

    // ----- specifiers -----

    fn is_type_name(&self, name: &str) -> bool {
        self.reg.typedefs.contains_key(name) || STANDARD_TYPEDEFS.iter().any(|(n, _)| *n == name)
    }

    /// Whether the current token can start a type name (for casts and `sizeof`).
    fn starts_type(&self) -> bool {
        match self.peek() {
            Tok::Ident(name) => {
                BASIC_SPECIFIERS.contains(&name.as_str())
                    || QUALIFIERS.contains(&name.as_str())
                    || matches!(name.as_str(), "struct" | "union" | "enum")
                    || self.is_type_name(name)
            }
            _ => false,
        }
    }

    fn specifiers(&mut self, allow_storage: bool) -> PResult<Specifiers> {
        let (line, column) = (self.token().line, self.token().column);
        let mut counts = SpecifierCounts::default();
        let mut named: Option<TypeId> = None;
        let mut storage = Storage::None;
        let mut declares_tag = false;
        let mut anonymous_record = false;
        while let Tok::Ident(word) = self.peek().clone() {
            let word = word.as_str();
            if QUALIFIERS.contains(&word) {
                self.bump();
                continue;
            }
            match word {
                "typedef" | "extern" if allow_storage => {
                    if storage != Storage::None {
                        return Err(self.error_here("more than one storage class in a declaration"));
                    }
                    storage = if word == "typedef" {
                        Storage::Typedef
                    } else {
                        Storage::Extern
                    };
                    self.bump();
                    continue;
                }
                "typedef" | "extern" | "static" | "inline" | "register" | "auto"
                | "_Thread_local" | "__inline" | "__inline__" => {
                    return Err(self.error_here(format!("`{word}` is not supported here in cdef")));
                }
                "__attribute__" | "__declspec" | "__extension__" | "_Alignas" | "__asm__"
                | "asm" => {
                    return Err(self.error_here(format!("`{word}` is not supported in cdef")));
                }
                "_Complex" | "__int128" | "_Float128" | "__float128" | "_Atomic" => {
                    return Err(self.error_here(format!("type `{word}` is not supported")));
                }
                _ => {}
            }
            if let Some(spelled) = BASIC_SPECIFIERS.iter().find(|s| **s == word) {
                if named.is_some() {
                    return Err(self.error_here(format!(
                        "`{word}` cannot be combined with the type named before it"
                    )));
                }
                let key: &'static str = if *spelled == "__signed__" {
                    "signed"
                } else {
                    spelled
                };
                *counts.counts.entry(key).or_insert(0) += 1;
                counts.spelled.push(spelled);
                self.bump();
                continue;
            }
            if matches!(word, "struct" | "union" | "enum") {
                if named.is_some() || counts.any() {
                    return Err(self.error_here(format!(
                        "`{word}` cannot be combined with another type specifier"
                    )));
                }
                let (ty, anonymous) = if word == "enum" {
                    (self.enum_spec()?, false)
                } else {
                    self.record_spec(word == "union")?
                };
                named = Some(ty);
                declares_tag = true;
                anonymous_record = anonymous;
                continue;
            }
            if named.is_none() && !counts.any() {
                if let Some(ty) = self.reg.typedefs.get(word) {
                    named = Some(*ty);
                    self.bump();
                    continue;
                }
                if let Some((_, prim)) = STANDARD_TYPEDEFS.iter().find(|(n, _)| *n == word) {
                    named = Some(prim_id(*prim));
                    self.bump();
                    continue;
                }
            }
            break;
        }
        let base = match named {
            Some(ty) => ty,
            None if counts.any() => self.basic_type(&counts, line, column)?,
            None => {
                return Err(match self.peek() {
                    Tok::Ident(name)
                        if !KEYWORDS.contains(&name.as_str())
                            && matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("*")) =>
                    {
                        self.error_here(format!("unknown type name `{name}`"))
                    }
                    _ => self.expected("a type name"),
                });
            }
        };
        Ok(Specifiers {
            base,
            storage,
            declares_tag,
            anonymous_record,
        })
    }

    fn basic_type(&self, counts: &SpecifierCounts, line: u32, column: u32) -> PResult<TypeId> {
        let err = |message: String| self.type_error_at(line, column, message);
        for (name, count) in &counts.counts {
            if *count > 1 && *name != "long" {
                return Err(err(format!("duplicate `{name}` in a type")));
            }
        }
        let (signed, unsigned) = (counts.get("signed"), counts.get("unsigned"));
        let (short, long, int) = (counts.get("short"), counts.get("long"), counts.get("int"));
        let sign_given = signed + unsigned > 0;
        let spelled = counts.spelled.join(" ");
        let invalid = || {
            err(format!(
                "invalid combination of type specifiers: `{spelled}`"
            ))
        };
        if signed > 0 && unsigned > 0 {
            return Err(invalid());
        }
        let only = |allowed: &[&str]| counts.counts.keys().all(|k| allowed.contains(k));
        let prim = if counts.get("void") > 0 {
            if !only(&["void"]) {
                return Err(invalid());
            }
            return Ok(VOID);
        } else if counts.get("_Bool") > 0 {
            if !only(&["_Bool"]) {
                return Err(invalid());
            }
            Prim::Bool
        } else if counts.get("float") > 0 {
            if !only(&["float"]) {
                return Err(invalid());
            }
            Prim::Float
        } else if counts.get("double") > 0 {
            if long > 0 && only(&["double", "long"]) {
                return Err(err("`long double` is not supported".to_string()));
            }
            if !only(&["double"]) {
                return Err(invalid());
            }
            Prim::Double
        } else if counts.get("char") > 0 {
            if !only(&["char", "signed", "unsigned"]) {
                return Err(invalid());
            }
            match (signed > 0, unsigned > 0) {
                (true, _) => Prim::SChar,
                (_, true) => Prim::UChar,
                _ => Prim::Char,
            }
        } else if short > 0 {
            if long > 0 || !only(&["short", "int", "signed", "unsigned"]) {
                return Err(invalid());
            }
            if unsigned > 0 {
                Prim::UShort
            } else {
                Prim::Short
            }
        } else if long > 0 {
            if long > 2 {
                return Err(err("`long long long` is too long".to_string()));
            }
            if !only(&["long", "int", "signed", "unsigned"]) {
                return Err(invalid());
            }
            match (long, unsigned > 0) {
                (1, false) => Prim::Long,
                (1, true) => Prim::ULong,
                (_, false) => Prim::LongLong,
                (_, true) => Prim::ULongLong,
            }
        } else if int > 0 || sign_given {
            if unsigned > 0 { Prim::UInt } else { Prim::Int }
        } else {
            return Err(invalid());
        };
        Ok(prim_id(prim))
    }

    // ----- struct / union -----

    fn record_spec(&mut self, is_union: bool) -> PResult<(TypeId, bool)> {
        self.enter()?;
        let result = self.record_spec_inner(is_union);
        self.leave();
        result
    }

    fn record_spec_inner(&mut self, is_union: bool) -> PResult<(TypeId, bool)> {
        let keyword = if is_union { "union" } else { "struct" };
        self.bump(); // struct / union
        let tag = match self.peek() {
            Tok::Ident(name) if !KEYWORDS.contains(&name.as_str()) => {
                let name = name.clone();
                self.bump();
                Some(name)
            }
            _ => None,
        };
        if let Some(tag) = &tag {
            let (other_map, other_word) = if is_union {
                (&self.reg.structs, "struct")
            } else {
                (&self.reg.unions, "union")
            };
            if other_map.contains_key(tag) || self.reg.enums.contains_key(tag) {
                let other = if other_map.contains_key(tag) {
                    other_word
                } else {
                    "enum"
                };
                return Err(self.error_here(format!(
                    "`{keyword} {tag}`: the tag `{tag}` is already used by a {other}"
                )));
            }
        }
        if !self.is_punct("{") {
            let Some(tag) = tag else {
                return Err(self.expected(&format!("a tag name or `{{` after `{keyword}`")));
            };
            return Ok((self.record_by_tag(is_union, &tag), false));
        }
        let (open_line, open_column) = (self.token().line, self.token().column);
        let id = match &tag {
            Some(tag) => {
                let id = self.record_by_tag(is_union, tag);
                if self.types.record_body(id).is_some() {
                    return Err(self.error_here(format!("redefinition of `{keyword} {tag}`")));
                }
                id
            }
            None => self.new_record(is_union, None),
        };
        self.bump(); // {
        let body = self.record_body(id, keyword, open_line, open_column)?;
        if let TypeKind::Record(record) = self.types.kind(id)
            && record.body.set(body).is_err()
        {
            return Err(self.type_error_at(
                open_line,
                open_column,
                format!("redefinition of `{}`", self.types.name(id)),
            ));
        }
        Ok((id, tag.is_none()))
    }

    fn new_record(&mut self, is_union: bool, tag: Option<String>) -> TypeId {
        let record = Record {
            is_union,
            tag,
            alias: Default::default(),
            body: Default::default(),
        };
        self.types.push(TypeKind::Record(Box::new(record)), None)
    }

    fn record_by_tag(&mut self, is_union: bool, tag: &str) -> TypeId {
        let existing = if is_union {
            self.reg.unions.get(tag)
        } else {
            self.reg.structs.get(tag)
        };
        if let Some(id) = existing {
            return *id;
        }
        let id = self.new_record(is_union, Some(tag.to_string()));
        let keyword = if is_union { "union" } else { "struct" };
        if is_union {
            self.reg.unions.insert(tag.to_string(), id);
        } else {
            self.reg.structs.insert(tag.to_string(), id);
        }
        self.reg.declared_order.push(format!("{keyword} {tag}"));
        id
    }

    /// Members up to and including the closing `}`.
    fn record_body(
        &mut self,
        id: TypeId,
        keyword: &str,
        line: u32,
        column: u32,
    ) -> PResult<RecordBody> {
        let is_union = keyword == "union";
        let mut layouter = RecordLayouter::new(is_union, self.types.target);
        let mut fields: Vec<Field> = Vec::new();
        let mut flat: HashMap<String, FlatField> = HashMap::new();
        let mut flexible: Option<(String, u32, u32)> = None;
        let mut has_bitfields = false;
        let record_name = self.types.name(id);
        while !self.eat_punct("}") {
            if matches!(self.peek(), Tok::Eof) {
                return Err(self.expected(&format!("`}}` to close `{record_name}`")));
            }
            if let Some((name, fline, fcolumn)) = &flexible {
                return Err(self.type_error_at(
                    *fline,
                    *fcolumn,
                    format!(
                        "flexible array member `{name}` must be the last member of `{record_name}`"
                    ),
                ));
            }
            let spec = self.specifiers(false)?;
            if self.is_punct(";") {
                if !spec.anonymous_record {
                    return Err(self.error_here("declaration does not declare anything"));
                }
                self.bump();
                let layout = self.complete_layout(spec.base)?;
                let offset = layouter.add(layout).map_err(|m| self.error_here(m))?;
                let Some(inner) = self.types.record_body(spec.base) else {
                    return Err(self.error_here("anonymous member has no body"));
                };
                has_bitfields |= inner.has_bitfields;
                for (name, field) in &inner.flat {
                    let moved = FlatField {
                        ty: field.ty,
                        offset: field.offset + offset,
                        bits: field.bits,
                    };
                    if flat.insert(name.clone(), moved).is_some() {
                        return Err(self
                            .error_here(format!("duplicate member `{name}` in `{record_name}`")));
                    }
                }
                fields.push(Field {
                    name: None,
                    ty: spec.base,
                    offset,
                    bits: None,
                });
                continue;
            }
            loop {
                if let Some((name, fline, fcolumn)) = &flexible {
                    return Err(self.type_error_at(
                        *fline,
                        *fcolumn,
                        format!("flexible array member `{name}` must be the last member of `{record_name}`"),
                    ));
                }
                if self.is_punct(":") {
                    // An unnamed bit-field: padding that follows the bit-field rules.
                    self.bump();
                    let width = self.const_expr()?;
                    self.bitfield(&mut layouter, spec.base, width, None)?;
                    has_bitfields = true;
                    if self.eat_punct(",") {
                        continue;
                    }
                    self.expect_punct(";", "after the member declaration")?;
                    break;
                }
                let declarator = self.declarator(DeclaratorMode::Named)?;
                let name = declarator.declared_name().unwrap_or_default().to_string();
                let ty = self.apply(&declarator, spec.base)?;
                let mut bits = None;
                let offset = match self.types.kind(ty) {
                    _ if self.is_punct(":") => {
                        self.bump();
                        let width = self.const_expr()?;
                        let (offset, placed) = self
                            .bitfield(&mut layouter, ty, width, Some(&name))?
                            .ok_or_else(|| {
                                self.error_here("a bit-field of width 0 has no storage")
                            })?;
                        bits = Some(placed);
                        has_bitfields = true;
                        offset
                    }
                    TypeKind::Array { elem, len: None } => {
                        if is_union {
                            return Err(self.type_error_at(
                                declarator.line,
                                declarator.column,
                                format!("flexible array member `{name}` in a union"),
                            ));
                        }
                        if fields.is_empty() {
                            return Err(self.type_error_at(
                                declarator.line,
                                declarator.column,
                                format!("flexible array member `{name}` in a struct with no other members"),
                            ));
                        }
                        let align = self.complete_layout(*elem)?.align;
                        flexible = Some((name.clone(), declarator.line, declarator.column));
                        layouter
                            .add_flexible(align)
                            .map_err(|m| self.error_here(m))?
                    }
                    _ => {
                        let layout = self.member_layout(ty, &name, &declarator)?;
                        has_bitfields |= self.contains_bitfields(ty);
                        layouter.add(layout).map_err(|m| self.error_here(m))?
                    }
                };
                if flat
                    .insert(name.clone(), FlatField { ty, offset, bits })
                    .is_some()
                {
                    return Err(self.type_error_at(
                        declarator.line,
                        declarator.column,
                        format!("duplicate member `{name}` in `{record_name}`"),
                    ));
                }
                fields.push(Field {
                    name: Some(name),
                    ty,
                    offset,
                    bits,
                });
                if self.eat_punct(",") {
                    // A member after a flexible array is reported when it arrives.
                    continue;
                }
                self.expect_punct(";", "after the member declaration")?;
                break;
            }
        }
        let layout = layouter
            .finish()
            .map_err(|m| self.type_error_at(line, column, m))?;
        Ok(RecordBody {
            fields,
            layout,
            flat,
            has_bitfields,
        })
    }

    /// Whether a member of type `ty` contains bit-fields (in a record, or an array of them).
    fn contains_bitfields(&self, ty: TypeId) -> bool {
        match self.types.kind(ty) {
            TypeKind::Record(_) => self.types.record_body(ty).is_some_and(|b| b.has_bitfields),
            TypeKind::Array { elem, .. } => self.contains_bitfields(*elem),
            _ => false,
        }
    }

    /// Checks and places a bit-field of declared type `ty` (the `:` and width are parsed).
    fn bitfield(
        &self,
        layouter: &mut RecordLayouter,
        ty: TypeId,
        width: i128,
        name: Option<&str>,
    ) -> PResult<Option<(u64, BitField)>> {
        let what = match name {
            Some(name) => format!("bit-field `{name}`"),
            None => "unnamed bit-field".to_string(),
        };
        let scalar = self
            .types
            .scalar(ty)
            .filter(|s| !s.is_float() && *s != Scalar::Ptr)
            .ok_or_else(|| {
                self.error_here(format!(
                    "{what} has type `{}`; bit-fields need an integer, `_Bool` or enum type",
                    self.types.name(ty)
                ))
            })?;
        let max = if scalar == Scalar::Bool {
            1
        } else {
            8 * scalar.size() as i128
        };
        if width < 0 || width > max {
            return Err(self.error_here(format!(
                "{what} has width {width}; `{}` allows 0 to {max} bits",
                self.types.name(ty)
            )));
        }
        if width == 0 && name.is_some() {
            return Err(self.error_here(format!("{what} has width 0; only unnamed bit-fields may")));
        }
        let unit = self
            .types
            .layout(ty)
            .ok_or_else(|| self.error_here("bit-field type has no size"))?;
        let placed = layouter
            .add_bitfield(unit, width as u32, name.is_some())
            .map_err(|m| self.error_here(m))?;
        Ok(placed.map(|(offset, shift)| {
            (
                offset,
                BitField {
                    shift,
                    width: width as u32,
                },
            )
        }))
    }

    fn member_layout(&self, ty: TypeId, name: &str, d: &Declarator) -> PResult<Layout> {
        self.types.layout(ty).ok_or_else(|| {
            let what = match self.types.kind(ty) {
                TypeKind::Function(_) => "a function type".to_string(),
                TypeKind::Void => "type void".to_string(),
                _ => format!("incomplete type `{}`", self.types.name(ty)),
            };
            self.type_error_at(d.line, d.column, format!("member `{name}` has {what}"))
        })
    }

    fn complete_layout(&self, ty: TypeId) -> PResult<Layout> {
        self.types.layout(ty).ok_or_else(|| {
            self.error_here(format!(
                "`{}` is an incomplete type here",
                self.types.name(ty)
            ))
        })
    }

    // ----- enum -----

    fn enum_spec(&mut self) -> PResult<TypeId> {
        self.bump(); // enum
        let tag = match self.peek() {
            Tok::Ident(name) if !KEYWORDS.contains(&name.as_str()) => {
                let name = name.clone();
                self.bump();
                Some(name)
            }
            _ => None,
        };
        if let Some(tag) = &tag
            && (self.reg.structs.contains_key(tag) || self.reg.unions.contains_key(tag))
        {
            return Err(self.error_here(format!(
                "`enum {tag}`: the tag `{tag}` is already used by a struct or union"
            )));
        }
        if !self.is_punct("{") {
            let Some(tag) = tag else {
                return Err(self.expected("a tag name or `{` after `enum`"));
            };
            return match self.reg.enums.get(&tag) {
                Some(id) => Ok(*id),
                None => Err(self.error_here(format!(
                    "`enum {tag}` is not defined (forward references to enums are not supported)"
                ))),
            };
        }
        if let Some(tag) = &tag
            && self.reg.enums.contains_key(tag)
        {
            return Err(self.error_here(format!("redefinition of `enum {tag}`")));
        }
        self.bump(); // {
        let mut values: Vec<(String, i128)> = Vec::new();
        let mut next: i128 = 0;
        loop {
            if self.eat_punct("}") {
                if values.is_empty() {
                    return Err(self.error_here("an enum needs at least one enumerator"));
                }
                break;
            }
            let name = match self.peek() {
                Tok::Ident(name) if !KEYWORDS.contains(&name.as_str()) => name.clone(),
                _ => return Err(self.expected("an enumerator name or `}`")),
            };
            if self.reg.constants.contains_key(&name)
                || self.reg.typedefs.contains_key(&name)
                || self.reg.decls.contains_key(&name)
            {
                return Err(self.error_here(format!("`{name}` is already defined")));
            }
            self.bump();
            let value = if self.eat_punct("=") {
                self.const_expr()?
            } else {
                next
            };
            check_constant_range(value).map_err(|m| self.error_here(m))?;
            next = value
                .checked_add(1)
                .ok_or_else(|| self.error_here("enumerator value overflows"))?;
            self.reg.constants.insert(name.clone(), value);
            values.push((name, value));
            if !self.eat_punct(",") {
                self.expect_punct("}", "after the last enumerator")?;
                break;
            }
        }
        let underlying =
            enum_underlying(values.iter().map(|(_, v)| *v)).map_err(|m| self.error_here(m))?;
        let layout = self.types.target.prim_layout(underlying);
        let def = EnumDef {
            tag: tag.clone(),
            underlying,
            values,
        };
        let id = self.types.push(TypeKind::Enum(Box::new(def)), Some(layout));
        if let Some(tag) = tag {
            self.reg.enums.insert(tag.clone(), id);
            self.reg.declared_order.push(format!("enum {tag}"));
        }
        Ok(id)
    }

    // ----- declarators -----

    /// Whether a `(` at the current position opens a nested declarator (as in
    /// `int (*f)(int)`) rather than a parameter list (as in the abstract `int (int)`).
    fn paren_opens_declarator(&self, mode: DeclaratorMode) -> bool {
        match self.peek_at(1) {
            Tok::Punct("*" | "(" | "[") => true,
            Tok::Ident(name) => {
                mode != DeclaratorMode::Abstract
                    && !KEYWORDS.contains(&name.as_str())
                    && !QUALIFIERS.contains(&name.as_str())
                    && !self.is_type_name(name)
            }
            _ => false,
        }
    }

    fn declarator(&mut self, mode: DeclaratorMode) -> PResult<Declarator> {
        self.enter()?;
        let result = self.declarator_inner(mode);
        self.leave();
        result
    }

    fn declarator_inner(&mut self, mode: DeclaratorMode) -> PResult<Declarator> {
        let (line, column) = (self.token().line, self.token().column);
        let mut pointers = 0;
        while self.eat_punct("*") {
            pointers += 1;
            while matches!(self.peek(), Tok::Ident(q) if QUALIFIERS.contains(&q.as_str())) {
                self.bump();
            }
        }
        let mut inner = None;
        let mut name = None;
        if self.is_punct("(") && self.paren_opens_declarator(mode) {
            self.bump();
            inner = Some(Box::new(self.declarator(mode)?));
            self.expect_punct(")", "to close the parenthesised declarator")?;
        } else if let Tok::Ident(word) = self.peek() {
            if KEYWORDS.contains(&word.as_str()) {
                return Err(self.error_here(format!("expected a name, found keyword `{word}`")));
            }
            if mode == DeclaratorMode::Abstract {
                return Err(self.error_here(format!("unexpected name `{word}` in a type name")));
            }
            name = Some(word.clone());
            self.bump();
        } else if mode == DeclaratorMode::Named {
            return Err(self.expected("a name in the declaration"));
        }
        let mut suffixes = Vec::new();
        loop {
            if self.eat_punct("[") {
                if self.eat_punct("]") {
                    suffixes.push(Suffix::Array(None));
                    continue;
                }
                let len = self.const_expr()?;
                let len = match u64::try_from(len) {
                    Err(_) => {
                        return Err(self.error_here(format!("negative array length {len}")));
                    }
                    Ok(len) if len > MAX_OBJECT_SIZE => {
                        return Err(self.error_here(format!(
                            "array length {len} is larger than any object can be"
                        )));
                    }
                    Ok(len) => len,
                };
                self.expect_punct("]", "to close the array length")?;
                suffixes.push(Suffix::Array(Some(len)));
            } else if self.is_punct("(") {
                self.bump();
                let (params, variadic) = self.parameter_list()?;
                suffixes.push(Suffix::Function { params, variadic });
            } else {
                break;
            }
        }
        if mode == DeclaratorMode::Named
            && name.is_none()
            && inner.as_ref().is_none_or(|d| !d.has_name())
        {
            return Err(self.type_error_at(line, column, "expected a name in the declaration"));
        }
        Ok(Declarator {
            name,
            pointers,
            inner,
            suffixes,
            line,
            column,
        })
    }

    /// Parameters after `(`, through the closing `)`.
    fn parameter_list(&mut self) -> PResult<(Vec<TypeId>, bool)> {
        self.enter()?;
        let result = self.parameter_list_inner();
        self.leave();
        result
    }

    fn parameter_list_inner(&mut self) -> PResult<(Vec<TypeId>, bool)> {
        if self.eat_punct(")") {
            return Ok((Vec::new(), false));
        }
        if self.is_ident("void") && matches!(self.peek_at(1), Tok::Punct(")")) {
            self.bump();
            self.bump();
            return Ok((Vec::new(), false));
        }
        let mut params = Vec::new();
        loop {
            if self.is_punct("...") {
                if params.is_empty() {
                    return Err(self.error_here(
                        "a variadic function needs at least one named parameter before `...`",
                    ));
                }
                self.bump();
                self.expect_punct(")", "after `...`")?;
                return Ok((params, true));
            }
            let spec = self.specifiers(false)?;
            let declarator = self.declarator(DeclaratorMode::Either)?;
            let ty = self.apply(&declarator, spec.base)?;
            let adjusted = match self.types.kind(ty) {
                TypeKind::Array { elem, .. } => self.reg.pointer(self.types, *elem),
                TypeKind::Function(_) => self.reg.pointer(self.types, ty),
                TypeKind::Void => {
                    return Err(self.type_error_at(
                        declarator.line,
                        declarator.column,
                        "a parameter cannot have type void (use `(void)` alone for no parameters)",
                    ));
                }
                _ => ty,
            };
            params.push(adjusted);
            if self.eat_punct(",") {
                continue;
            }
            self.expect_punct(")", "or `,` in the parameter list")?;
            return Ok((params, false));
        }
    }

    /// Builds the declared type from the base type, inside-out.
    fn apply(&mut self, d: &Declarator, base: TypeId) -> PResult<TypeId> {
        let mut ty = base;
        for _ in 0..d.pointers {
            ty = self.reg.pointer(self.types, ty);
        }
        for suffix in d.suffixes.iter().rev() {
            ty = match suffix {
                Suffix::Array(len) => self.make_array(ty, *len, d)?,
                Suffix::Function { params, variadic } => {
                    match self.types.kind(ty) {
                        TypeKind::Array { .. } => {
                            return Err(self.type_error_at(
                                d.line,
                                d.column,
                                "a function cannot return an array",
                            ));
                        }
                        TypeKind::Function(_) => {
                            return Err(self.type_error_at(
                                d.line,
                                d.column,
                                "a function cannot return a function",
                            ));
                        }
                        _ => {}
                    }
                    let sig = FnSig {
                        ret: ty,
                        params: params.clone(),
                        variadic: *variadic,
                    };
                    self.reg.function(self.types, sig)
                }
            };
        }
        match &d.inner {
            Some(inner) => self.apply(inner, ty),
            None => Ok(ty),
        }
    }

    fn make_array(&mut self, elem: TypeId, len: Option<u64>, d: &Declarator) -> PResult<TypeId> {
        let Some(elem_layout) = self.types.layout(elem) else {
            let what = match self.types.kind(elem) {
                TypeKind::Function(_) => "an array of functions is not allowed".to_string(),
                TypeKind::Void => "an array of void is not allowed".to_string(),
                _ => format!("array of incomplete type `{}`", self.types.name(elem)),
            };
            return Err(self.type_error_at(d.line, d.column, what));
        };
        let layout = match len {
            Some(len) => Some(
                array_layout(elem_layout, len)
                    .map_err(|m| self.type_error_at(d.line, d.column, m))?,
            ),
            None => None,
        };
        Ok(self.reg.array(self.types, elem, len, layout))
    }
}

impl Declarator {
    fn has_name(&self) -> bool {
        self.declared_name().is_some()
    }

    /// The declared name, wherever it sits in the nesting.
    fn declared_name(&self) -> Option<&str> {
        match &self.name {
            Some(name) => Some(name),
            None => self.inner.as_ref().and_then(|d| d.declared_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Target;

    fn cdef(src: &str) -> Result<(Types, Registry), CdefError> {
        let types = Types::new(Target::X86_64SysV);
        let mut reg = types.registry().clone();
        parse_cdef(&types, &mut reg, src)?;
        Ok((types, reg))
    }

    fn err(src: &str) -> CdefError {
        match cdef(src) {
            Ok(_) => panic!("expected an error for {src:?}"),
            Err(e) => e,
        }
    }

    fn type_of(src: &str, name: &str) -> String {
        let (types, mut reg) = cdef(src).unwrap();
        let ty = parse_type_name(&types, &mut reg, name).unwrap();
        types.name(ty)
    }

    #[test]
    fn declarators_read_inside_out() {
        let (types, reg) = cdef(
            "int *a[3]; int (*b)[3]; int (*f)(int, char *); void (*signal(int, void (*)(int)))(int);",
        )
        .unwrap();
        let name = |n: &str| match reg.decls[n] {
            Decl::Function(t) | Decl::Variable(t) => types.name(t),
        };
        assert_eq!(name("a"), "int *[3]");
        assert_eq!(name("b"), "int(*)[3]");
        assert_eq!(name("f"), "int(*)(int, char *)");
        assert_eq!(name("signal"), "void(*(int, void(*)(int)))(int)");
    }

    #[test]
    fn type_names_parse_abstract_declarators() {
        assert_eq!(type_of("", "int(*)(int)"), "int(*)(int)");
        assert_eq!(type_of("", "unsigned long long"), "unsigned long long");
        assert_eq!(type_of("", "const char * const *"), "char **");
        assert_eq!(type_of("typedef int T;", "T[2][3]"), "int[2][3]");
        assert_eq!(type_of("struct s { int x; };", "struct s *"), "struct s *");
    }

    #[test]
    fn constant_expressions() {
        let (_, reg) = cdef(
            "#define A (1 << 4)\n#define B (A * 2 + ~0)\nenum e { X = B, Y, Z = sizeof(long) };",
        )
        .unwrap();
        assert_eq!(reg.constants["A"], 16);
        assert_eq!(reg.constants["B"], 31);
        assert_eq!(reg.constants["Y"], 32);
        assert_eq!(reg.constants["Z"], 8);
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = err("int f(int)\nint g;");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("expected `;`"), "{}", e.message);
        let e = err("struct s { int a : 33; };");
        assert!(e.message.contains("has width 33"), "{}", e.message);
        assert_eq!(e.column, 22);
        let e = err("long double x;");
        assert!(e.message.contains("long double"), "{}", e.message);
        let e = err("foo_t x;");
        assert!(
            e.message.contains("unknown type name `foo_t`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("int {}x{};", "(".repeat(5000), ")".repeat(5000));
        assert!(err(&src).message.contains("nested too deeply"));
        let src = format!("#define X {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        assert!(err(&src).message.contains("nested too deeply"));
        let src = format!("int x[{}1];", "-".repeat(5000));
        assert!(cdef(&src).is_err(), "negations");
    }
}
