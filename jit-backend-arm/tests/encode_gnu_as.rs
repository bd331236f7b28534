//! The printed text of a large set of instructions, assembled by GNU as
//! (`aarch64-linux-gnu-as`), must give exactly our bytes. This checks the encoder and the
//! printer against a second independent implementation: every systematic form of
//! tests/common/forms.rs, every label-referencing form at several distances (labels are
//! printed as `L<n>` and defined in the listing), and random programs with labels.
//!
//! Skipped with a message when the binutils for aarch64 are not installed (Debian:
//! `binutils-aarch64-linux-gnu`).

mod common;

use std::fmt::Write;

use common::forms;
use common::gen_inst::Choices;
use common::gnu::{available, gnu_assemble};
use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::*;

/// A listing built alongside the code: one line per instruction or label.
struct Listing {
    asm: Assembler,
    text: String,
    /// (instruction text, byte offset) for mismatch reports.
    lines: Vec<(String, usize)>,
    labels: Vec<Label>,
}

impl Listing {
    fn new() -> Listing {
        Listing {
            asm: Assembler::new(),
            text: String::from(".text\n"),
            lines: Vec::new(),
            labels: Vec::new(),
        }
    }

    fn emit(&mut self, inst: &Inst) {
        let at = self.asm.offset();
        self.asm.emit(inst);
        assert!(self.asm.error().is_none(), "{inst}: {:?}", self.asm.error());
        let line = inst.to_string();
        writeln!(self.text, "    {line}").unwrap();
        self.lines.push((line, at));
    }

    fn new_label(&mut self) -> Label {
        let l = self.asm.new_label();
        self.labels.push(l);
        l
    }

    fn bind(&mut self, l: Label) {
        self.asm.bind(l);
        writeln!(self.text, "{l}:").unwrap();
    }
}

fn compare(name: &str, listing: Listing) -> usize {
    let Listing {
        asm, text, lines, ..
    } = listing;
    let code = asm.finish().unwrap_or_else(|e| panic!("{e}"));
    let theirs = gnu_assemble(name, &text);
    let ours = code.bytes();
    if theirs != ours {
        let words = |b: &[u8], at: usize| {
            b.get(at..at + 4)
                .map(|w| format!("{:08x}", u32::from_le_bytes(w.try_into().unwrap())))
                .unwrap_or_else(|| "--------".into())
        };
        let mut report = Vec::new();
        for (i, (line, at)) in lines.iter().enumerate() {
            let end = lines.get(i + 1).map_or(ours.len(), |l| l.1);
            if ours.get(*at..end) != theirs.get(*at..end) {
                report.push(format!(
                    "`{line}`: ours {} GNU as {}",
                    words(ours, *at),
                    words(&theirs, *at)
                ));
                if report.len() == 30 {
                    break;
                }
            }
        }
        panic!(
            "{name}: GNU as disagrees ({} vs {} bytes):\n{}",
            ours.len(),
            theirs.len(),
            report.join("\n")
        );
    }
    lines.len()
}

#[test]
fn systematic_forms_match_gnu_as() {
    if !available() {
        return;
    }
    let mut l = Listing::new();
    for inst in forms::all() {
        l.emit(&inst);
    }
    let n = compare("forms", l);
    assert!(n > 40_000);
}

#[test]
fn label_forms_match_gnu_as() {
    if !available() {
        return;
    }
    let mut l = Listing::new();
    for pad in [0usize, 3, 1000] {
        let back = l.new_label();
        let fwd = l.new_label();
        l.bind(back);
        for _ in 0..pad {
            l.emit(&Inst::Nop);
        }
        for target in [back, fwd] {
            l.emit(&Inst::B(target));
            l.emit(&Inst::Bl(target));
            l.emit(&Inst::Adr { rd: X3, target });
            for &c in Cond::ALL {
                l.emit(&Inst::BCond(c, target));
            }
            for w in Width::ALL {
                for &op in CmpBranchOp::ALL {
                    l.emit(&Inst::Cb {
                        op,
                        w,
                        rt: Zr,
                        target,
                    });
                }
            }
            for bit in 0..64 {
                l.emit(&Inst::Tb {
                    op: if bit % 2 == 0 {
                        TestBranchOp::Tbz
                    } else {
                        TestBranchOp::Tbnz
                    },
                    rt: X9,
                    bit,
                    target,
                });
            }
            for &op in LiteralOp::ALL {
                l.emit(&Inst::LdrLiteral { op, rt: X5, target });
            }
            for w in FpWidth::ALL {
                l.emit(&Inst::LdrLiteralFp {
                    w,
                    rt: Fpr::V30,
                    target,
                });
            }
        }
        for _ in 0..pad {
            l.emit(&Inst::Nop);
        }
        l.bind(fwd);
        l.emit(&Inst::Nop);
    }
    compare("labels", l);
}

#[test]
fn random_programs_match_gnu_as() {
    if !available() {
        return;
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let data: Vec<u64> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        })
        .collect();
    let mut c = Choices::new(&data);
    let mut l = Listing::new();
    for _ in 0..200 {
        let labels: Vec<Label> = (0..4).map(|_| l.new_label()).collect();
        let n = 20 + c.below(30);
        let bind_at: Vec<usize> = labels.iter().map(|_| c.below(n + 1)).collect();
        for k in 0..=n {
            for (i, &at) in bind_at.iter().enumerate() {
                if at == k {
                    l.bind(labels[i]);
                }
            }
            if k < n {
                let inst = if c.below(4) == 0 {
                    c.label_inst(&labels)
                } else {
                    c.inst()
                };
                l.emit(&inst);
            }
        }
    }
    compare("random", l);
}
