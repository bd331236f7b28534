//! The opcode numbering of CPython 3.11's `re._constants` (`MAGIC` 20220615) and the
//! character predicates and case mappings the engine applies (`sre_category`,
//! `sre_lower_*`/`sre_upper_*` of CPython's `_sre`).
//!
//! Invariant: the numbers here are exactly the indices of `_constants.OPCODES`, `ATCODES`
//! and `CHCODES`; the model test compiles patterns with the live `python3` and would fail on
//! any drift.

/// `re._constants.MAGIC` of CPython 3.11.
pub const MAGIC: u32 = 20220615;
/// `_sre.MAXREPEAT`: the "no upper bound" repeat count (the largest code word).
pub const MAXREPEAT: u32 = u32::MAX;
/// `_sre.MAXGROUPS`: the largest group count a pattern may have.
pub const MAXGROUPS: u32 = u32::MAX / 2;

/// Opcodes (`_constants.OPCODES`).
#[allow(missing_docs)]
pub mod op {
    pub const FAILURE: u32 = 0;
    pub const SUCCESS: u32 = 1;
    pub const ANY: u32 = 2;
    pub const ANY_ALL: u32 = 3;
    pub const ASSERT: u32 = 4;
    pub const ASSERT_NOT: u32 = 5;
    pub const AT: u32 = 6;
    pub const BRANCH: u32 = 7;
    pub const CATEGORY: u32 = 8;
    pub const CHARSET: u32 = 9;
    pub const BIGCHARSET: u32 = 10;
    pub const GROUPREF: u32 = 11;
    pub const GROUPREF_EXISTS: u32 = 12;
    pub const IN: u32 = 13;
    pub const INFO: u32 = 14;
    pub const JUMP: u32 = 15;
    pub const LITERAL: u32 = 16;
    pub const MARK: u32 = 17;
    pub const MAX_UNTIL: u32 = 18;
    pub const MIN_UNTIL: u32 = 19;
    pub const NOT_LITERAL: u32 = 20;
    pub const NEGATE: u32 = 21;
    pub const RANGE: u32 = 22;
    pub const REPEAT: u32 = 23;
    pub const REPEAT_ONE: u32 = 24;
    pub const SUBPATTERN: u32 = 25;
    pub const MIN_REPEAT_ONE: u32 = 26;
    pub const ATOMIC_GROUP: u32 = 27;
    pub const POSSESSIVE_REPEAT: u32 = 28;
    pub const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub const GROUPREF_IGNORE: u32 = 30;
    pub const IN_IGNORE: u32 = 31;
    pub const LITERAL_IGNORE: u32 = 32;
    pub const NOT_LITERAL_IGNORE: u32 = 33;
    pub const GROUPREF_LOC_IGNORE: u32 = 34;
    pub const IN_LOC_IGNORE: u32 = 35;
    pub const LITERAL_LOC_IGNORE: u32 = 36;
    pub const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub const GROUPREF_UNI_IGNORE: u32 = 38;
    pub const IN_UNI_IGNORE: u32 = 39;
    pub const LITERAL_UNI_IGNORE: u32 = 40;
    pub const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub const RANGE_UNI_IGNORE: u32 = 42;
}

/// Position assertions (`_constants.ATCODES`).
#[allow(missing_docs)]
pub mod at {
    pub const BEGINNING: u32 = 0;
    pub const BEGINNING_LINE: u32 = 1;
    pub const BEGINNING_STRING: u32 = 2;
    pub const BOUNDARY: u32 = 3;
    pub const NON_BOUNDARY: u32 = 4;
    pub const END: u32 = 5;
    pub const END_LINE: u32 = 6;
    pub const END_STRING: u32 = 7;
    pub const LOC_BOUNDARY: u32 = 8;
    pub const LOC_NON_BOUNDARY: u32 = 9;
    pub const UNI_BOUNDARY: u32 = 10;
    pub const UNI_NON_BOUNDARY: u32 = 11;
}

/// `INFO` block flags.
pub const INFO_PREFIX: u32 = 1;
/// `INFO`: the whole pattern is the literal prefix.
pub const INFO_LITERAL: u32 = 2;
/// `INFO`: the pattern starts with a character of the given set.
pub const INFO_CHARSET: u32 = 4;

/// ASCII `\d`.
pub fn is_digit(ch: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&ch)
}

/// ASCII `\s` (`Py_ISSPACE`: `\t\n\v\f\r` and space).
pub fn is_space(ch: u32) -> bool {
    matches!(ch, 0x09..=0x0d | 0x20)
}

/// ASCII `\w`.
pub fn is_word(ch: u32) -> bool {
    ch < 128 && ((ch as u8).is_ascii_alphanumeric() || ch == b'_' as u32)
}

/// `.` stops at `\n` only.
pub fn is_linebreak(ch: u32) -> bool {
    ch == b'\n' as u32
}

/// Locale `\w`: tern runs in the C locale, where only ASCII letters and digits are
/// alphanumeric.
pub fn is_loc_word(ch: u32) -> bool {
    is_word(ch)
}

/// Unicode `\d` (`str.isdecimal`).
pub fn is_uni_digit(ch: u32) -> bool {
    crate::objects::str_methods2::is_decimal(ch)
}

/// Unicode `\s` (`str.isspace`).
pub fn is_uni_space(ch: u32) -> bool {
    crate::objects::str_methods::is_py_space(ch)
}

/// Unicode `\w` (`str.isalnum()` or `_`).
pub fn is_uni_word(ch: u32) -> bool {
    if ch < 128 {
        return is_word(ch);
    }
    crate::objects::str_methods2::is_alpha(ch) || crate::objects::str_methods2::is_numeric(ch)
}

/// Unicode line breaks (`Py_UNICODE_ISLINEBREAK`).
pub fn is_uni_linebreak(ch: u32) -> bool {
    matches!(ch, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

/// `sre_category(code, ch)`: membership of `ch` in category `code` (`CHCODES`).
pub fn category(code: u32, ch: u32) -> bool {
    match code {
        0 => is_digit(ch),
        1 => !is_digit(ch),
        2 => is_space(ch),
        3 => !is_space(ch),
        4 => is_word(ch),
        5 => !is_word(ch),
        6 => is_linebreak(ch),
        7 => !is_linebreak(ch),
        8 => is_loc_word(ch),
        9 => !is_loc_word(ch),
        10 => is_uni_digit(ch),
        11 => !is_uni_digit(ch),
        12 => is_uni_space(ch),
        13 => !is_uni_space(ch),
        14 => is_uni_word(ch),
        15 => !is_uni_word(ch),
        16 => is_uni_linebreak(ch),
        17 => !is_uni_linebreak(ch),
        _ => false,
    }
}

/// `sre_lower_ascii`.
pub fn lower_ascii(ch: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&ch) {
        ch + 32
    } else {
        ch
    }
}

/// `sre_upper_ascii`.
pub fn upper_ascii(ch: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&ch) {
        ch - 32
    } else {
        ch
    }
}

/// `sre_lower_locale` in the C locale.
pub fn lower_locale(ch: u32) -> u32 {
    lower_ascii(ch)
}

/// `sre_upper_locale` in the C locale.
pub fn upper_locale(ch: u32) -> u32 {
    upper_ascii(ch)
}

/// CPython's `_PyUnicode_ToLowercase`: the lowercase mapping, or for characters whose full
/// mapping has several code points (U+0130), its first one.
pub fn lower_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return lower_ascii(ch);
    }
    match char::from_u32(ch) {
        Some(c) => c.to_lowercase().next().map_or(ch, |l| l as u32),
        None => ch,
    }
}

/// CPython's `_PyUnicode_ToUppercase`: the uppercase mapping, or for characters whose full
/// mapping has several code points (`ß` -> "SS"), its first one.
pub fn upper_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return upper_ascii(ch);
    }
    match char::from_u32(ch) {
        Some(c) => c.to_uppercase().next().map_or(ch, |u| u as u32),
        None => ch,
    }
}

/// `char_loc_ignore(pattern, ch)`.
pub fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || lower_locale(ch) == pattern || upper_locale(ch) == pattern
}

/// `_sre.ascii_iscased`.
pub fn ascii_iscased(ch: u32) -> bool {
    ch < 128 && (ch as u8).is_ascii_alphabetic()
}

/// `_sre.unicode_iscased`.
pub fn unicode_iscased(ch: u32) -> bool {
    ch != lower_unicode(ch) || ch != upper_unicode(ch)
}
