//! Logical immediates, exhaustively: every one of the 8192 (64-bit) and 4096 (32-bit)
//! `N:immr:imms` fields is decoded by our `decode_bitmask` and by yaxpeax-arm (as
//! `orr x1, x2, #imm`), and the two must agree on the value or on the field being reserved;
//! the set of values is exactly `bitmask_immediates` (5334 and 1302 values); every value
//! encodes back to a field with the same value; and `is_bitmask_imm` rejects values near
//! the valid ones that are not in the set.

mod common;

use std::collections::HashSet;
use std::sync::OnceLock;

use common::{gen_inst::Choices, yax};
use quickcheck::{QuickCheck, TestResult};
use tern_jit_backend_arm::asm::*;

fn all_fields(w: Width) -> impl Iterator<Item = (bool, u32, u32)> {
    let ns: &[bool] = match w {
        Width::W32 => &[false],
        Width::W64 => &[false, true],
    };
    ns.iter()
        .flat_map(|&n| (0..64).flat_map(move |immr| (0..64).map(move |imms| (n, immr, imms))))
}

#[test]
fn every_field_agrees_with_the_decoder() {
    for w in Width::ALL {
        let mut values = HashSet::new();
        let mut reserved_texts = Vec::new();
        for (n, immr, imms) in all_fields(w) {
            let field = (n as u32) << 22 | immr << 16 | imms << 10;
            // orr x1, x2, #imm / orr w1, w2, #imm
            let word = (w as u32) << 31 | 0x3200_0041 | field;
            let ours = decode_bitmask(n, immr, imms, w);
            let theirs = yax(word);
            match ours {
                Some(v) => {
                    values.insert(v);
                    let reg = if w == Width::W64 { "x" } else { "w" };
                    assert_eq!(
                        theirs.as_deref(),
                        Ok(format!("orr {reg}1, {reg}2, #0x{v:x}").as_str()),
                        "field {n}:{immr}:{imms}"
                    );
                    let b = encode_bitmask(v, w).expect("decoded values are encodable");
                    assert_eq!(b.value(w), v);
                    assert_eq!(decode_bitmask(b.n(), b.immr(), b.imms(), w), Some(v));
                }
                None => {
                    // yaxpeax-arm decodes reserved fields permissively (as all ones); what
                    // matters is that it never shows a valid immediate for one.
                    if let Ok(text) = &theirs {
                        reserved_texts.push((text.clone(), n, immr, imms));
                    }
                }
            }
        }
        let listed: HashSet<u64> = bitmask_immediates(w).collect();
        for (text, n, immr, imms) in reserved_texts {
            let imm = text
                .rsplit_once("#0x")
                .map(|(_, h)| u64::from_str_radix(h, 16));
            if let Some(Ok(imm)) = imm {
                assert!(
                    !listed.contains(&imm),
                    "reserved field {n}:{immr}:{imms} decodes as valid `{text}`"
                );
            }
        }
        assert_eq!(values.len(), if w == Width::W64 { 5334 } else { 1302 });
        assert_eq!(values, listed);
        for v in &listed {
            assert!(is_bitmask_imm(*v, w));
        }
        // Neighbours of valid values are valid exactly when they are in the set.
        for &v in &listed {
            for x in [
                v ^ 1,
                v ^ (1 << 17),
                v.wrapping_add(1),
                v.rotate_left(3),
                !v,
                v & 0xffff_fff0,
            ] {
                let x = x & w.mask();
                assert_eq!(is_bitmask_imm(x, w), listed.contains(&x), "{x:#x}");
            }
        }
    }
}

#[test]
fn encoded_fields_are_canonical() {
    // The encoder picks the field whose rotation is below the element size, which is
    // what the GNU assembler produces too (checked by the GNU as test).
    for w in Width::ALL {
        for v in bitmask_immediates(w) {
            let b = encode_bitmask(v, w).unwrap();
            let len = 31 - (((b.n() as u32) << 6) | (!b.imms() & 0x3f)).leading_zeros();
            assert!(b.immr() < 1 << len, "{v:#x}: immr {}", b.immr());
        }
    }
}

fn sets() -> &'static [HashSet<u64>; 2] {
    static SETS: OnceLock<[HashSet<u64>; 2]> = OnceLock::new();
    SETS.get_or_init(|| {
        [
            bitmask_immediates(Width::W32).collect(),
            bitmask_immediates(Width::W64).collect(),
        ]
    })
}

fn classified_like_the_set(data: Vec<u64>) -> TestResult {
    let [set32, set64] = sets();
    let mut c = Choices::new(&data);
    let v = c.constant(Width::W64);
    let v32 = v & 0xffff_ffff;
    TestResult::from_bool(
        is_bitmask_imm(v, Width::W64) == set64.contains(&v)
            && is_bitmask_imm(v32, Width::W32) == set32.contains(&v32)
            && !is_bitmask_imm(v | 1 << 32, Width::W32),
    )
}

#[test]
fn random_values_classified_like_the_set() {
    QuickCheck::new()
        .tests(2000)
        .quickcheck(classified_like_the_set as fn(Vec<u64>) -> TestResult);
}
