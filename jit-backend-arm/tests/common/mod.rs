//! Shared test support: the independent decoder (yaxpeax-arm), a normalisation of the few
//! places where yaxpeax-arm 0.5.0 prints differently from GNU objdump (the syntax the
//! assembler's printer follows), single-instruction checks, and label substitution.
//!
//! yaxpeax-arm differences, each verified against GNU objdump on the same words:
//! - it prints `mov` for every `orr rd, zr, #imm`, while objdump keeps `orr` when a single
//!   `movz`/`movn` could write the value; likewise `mov` for `movz rd, #0, lsl #16` and
//!   `movn` with a zero immediate shifted, and for the 32-bit `movn wd, #0xffff`;
//! - in extended-register add/sub it prints `uxtw`/`uxtx` as `lsl` (or nothing) even where
//!   no SP operand makes `lsl` the preferred form;
//! - in register-offset addresses it drops `lsl #0` and prints `#0` differently for the
//!   byte forms (the S bit is still checked by the GNU as test);
//! - it prints ARMv8.2's `bfc` for `bfi rd, zr, ...` (the printer keeps to ARMv8.0);
//! - it decodes the register of `msr` from 4 of the 5 bits (x16 shows as x0);
//! - `lsr`/`asr`/`ror` shifts by 0 print without `#0`; floating-point immediates in scientific
//!   notation; `dc`/`ic` as generic `sys`; some system registers by generic name;
//!   PC-relative targets as `$+0x..`.
//!
//! Both texts go through the same normalisation, so only these spellings are unified.

#![allow(dead_code)]

pub mod forms;
pub mod gen_inst;
pub mod gnu;

use tern_jit_backend_arm::asm::*;
use yaxpeax_arch::{Decoder, U8Reader};
use yaxpeax_arm::armv8::a64::InstDecoder;

/// yaxpeax-arm's text for one instruction word.
pub fn yax(word: u32) -> Result<String, String> {
    let bytes = word.to_le_bytes();
    let mut reader = U8Reader::new(&bytes);
    InstDecoder::default()
        .decode(&mut reader)
        .map(|i| i.to_string())
        .map_err(|e| format!("decode error {e:?}"))
}

/// Little-endian words of `bytes` (whose length is a multiple of 4).
pub fn words(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Words as `d503201f 91000420` text.
pub fn hex_words(ws: &[u32]) -> String {
    ws.iter()
        .map(|w| format!("{w:08x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits an operand list at top-level commas (not inside `[...]`).
fn operands(rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for ch in rest.chars() {
        match ch {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(ch);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn parse_hex(s: &str) -> Option<u64> {
    let s = s.trim_start_matches('#');
    u64::from_str_radix(s.strip_prefix("0x")?, 16).ok()
}

const SYSREG_NAMES: [(&str, &str); 5] = [
    ("s3_3_c0_c0_1", "ctr_el0"),
    ("s3_3_c0_c0_7", "dczid_el0"),
    ("s3_3_c4_c2_0", "nzcv"),
    ("s3_3_c4_c4_0", "fpcr"),
    ("s3_3_c4_c4_1", "fpsr"),
];

fn normalize_one(text: &str) -> String {
    let mut t = text.trim().to_string();
    t = t
        .replace("sys #0x3, c7, c11, #0x1, ", "dc cvau, ")
        .replace("sys #0x3, c7, c5, #0x1, ", "ic ivau, ");
    for (generic, name) in SYSREG_NAMES {
        t = t.replace(generic, name);
    }
    let (mn, rest) = match t.split_once(' ') {
        Some((m, r)) => (m.to_string(), r.to_string()),
        None => return t,
    };
    let mut ops = operands(&rest);
    let mut mn = mn;
    match mn.as_str() {
        "orr"
            if ops.len() == 3
                && (ops[1] == "xzr" || ops[1] == "wzr")
                && ops[2].starts_with('#') =>
        {
            mn = "mov".into();
            ops.remove(1);
        }
        "movz" if ops.get(1).map(String::as_str) == Some("#0x0") => {
            mn = "mov".into();
            ops.truncate(2);
        }
        "movn" => {
            if let Some(imm) = ops.get(1).and_then(|s| parse_hex(s)) {
                let shift = ops
                    .get(2)
                    .and_then(|s| s.strip_prefix("lsl #"))
                    .and_then(|s| s.parse::<u32>().ok())
                    .unwrap_or(0);
                let mask = if ops[0].starts_with('w') {
                    u32::MAX as u64
                } else {
                    u64::MAX
                };
                mn = "mov".into();
                let v = !(imm << shift) & mask;
                ops = vec![ops[0].clone(), format!("#0x{v:x}")];
            }
        }
        "add" | "adds" | "sub" | "subs" | "cmp" | "cmn" => {
            if let Some(last) = ops.last_mut() {
                if last == "uxtw" || last == "uxtx" {
                    ops.pop();
                } else if let Some(n) = last
                    .strip_prefix("uxtw #")
                    .or_else(|| last.strip_prefix("uxtx #"))
                {
                    *last = format!("lsl #{n}");
                }
            }
        }
        "bfi" if ops.len() == 4 && (ops[1] == "xzr" || ops[1] == "wzr") => {
            // ARMv8.2's alias, which yaxpeax-arm prints.
            mn = "bfc".into();
            ops.remove(1);
        }
        "msr" if ops.len() == 2 => {
            // yaxpeax-arm decodes msr's Rt field with 4 bits only.
            let n = match ops[1].as_str() {
                "xzr" => 31,
                r => r[1..].parse::<u32>().unwrap_or(0),
            };
            ops[1] = format!("x{}", n & 15);
        }
        "fmov" => {
            if let Some(last) = ops.last_mut()
                && let Some(v) = last.strip_prefix('#')
                && let Ok(x) = v.parse::<f64>()
            {
                *last = format!("#{x:?}");
            }
        }
        _ => {}
    }
    if let Some(last) = ops.last_mut()
        && matches!(last.as_str(), "lsr" | "asr" | "ror")
    {
        last.push_str(" #0");
    }
    let joined = format!("{mn} {}", ops.join(", "));
    joined.replace(", lsl #0]", "]").replace(" #0]", "]")
}

/// Both decoders' texts are compared after this normalisation.
pub fn normalize(text: &str) -> String {
    text.split(';')
        .map(normalize_one)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The decoder's text for a sequence of words, joined with `; `.
pub fn yax_all(ws: &[u32]) -> Result<String, String> {
    Ok(ws
        .iter()
        .map(|&w| yax(w))
        .collect::<Result<Vec<_>, _>>()?
        .join("; "))
}

/// Where `check_single` places code (for instructions with absolute targets).
pub const SINGLE_BASE: u64 = 0x10000;

/// The printed text of `inst` placed at `pc`, with an absolute branch or `adrp` target
/// shown PC-relative as yaxpeax-arm shows it.
pub fn text_at(inst: &Inst, pc: u64) -> String {
    let text = inst.to_string();
    let (shown, delta) = match *inst {
        Inst::BAddr(t) | Inst::BlAddr(t) | Inst::BCondAddr(_, t) => (t, t.wrapping_sub(pc)),
        Inst::AdrpAddr { target, .. } => {
            let page = target & !0xfff;
            (page, page.wrapping_sub(pc & !0xfff))
        }
        _ => return text,
    };
    text.replace(&format!("0x{shown:x}"), &pc_rel(delta as i64))
}

/// Assembles a single label-free instruction (placed at [`SINGLE_BASE`]) and checks that
/// yaxpeax-arm decodes its words to the assembler's own text. Returns the words.
pub fn check_single(inst: &Inst) -> Result<Vec<u32>, String> {
    let mut asm = Assembler::new();
    asm.emit(inst);
    let code = asm
        .finish()
        .map_err(|e| format!("{inst}: unexpected error {e}"))?;
    let bytes = code
        .relocated(SINGLE_BASE)
        .map_err(|e| format!("{inst}: {e}"))?;
    let ws = words(&bytes);
    let theirs = yax_all(&ws).map_err(|e| format!("{inst}: {} {e}", hex_words(&ws)))?;
    let ours = text_at(inst, SINGLE_BASE);
    if normalize(&ours) != normalize(&theirs) {
        return Err(format!(
            "expected `{ours}`, yaxpeax decodes {} as `{theirs}`",
            hex_words(&ws)
        ));
    }
    Ok(ws)
}

/// A PC-relative displacement as yaxpeax prints it (`$+0x10`, `$-0x8`).
pub fn pc_rel(delta: i64) -> String {
    if delta < 0 {
        format!("$-0x{:x}", delta.unsigned_abs())
    } else {
        format!("$+0x{delta:x}")
    }
}

/// `text` (printed for an instruction at offset `at`) with every label `L<n>` replaced by
/// its PC-relative displacement, given the label offsets (in label-index order).
pub fn resolve_labels(text: &str, at: usize, label_offsets: &[usize]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(pos) = rest.find('L') {
        let (before, after) = rest.split_at(pos);
        out.push_str(before);
        let digits: String = after[1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let preceded_ok = before.chars().last().is_none_or(|c| c == ' ' || c == ',');
        if digits.is_empty() || !preceded_ok {
            out.push('L');
            rest = &after[1..];
            continue;
        }
        let index: usize = digits.parse().unwrap();
        out.push_str(&pc_rel(label_offsets[index] as i64 - at as i64));
        rest = &after[1 + digits.len()..];
    }
    out.push_str(rest);
    out
}
