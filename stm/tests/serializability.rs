//! Serializability, checked against a serial replay of the committed order.
//!
//! QuickCheck generates random concurrent programs: several threads, each running a list of
//! transactions; a transaction is a list of steps over a few shared locations (half of them
//! `TVar<u64>`s, half fields of two-field `TObject`s, so field writes share an object lock).
//! Every committed transaction records what it observed and its serialization stamp
//! (`last_commit_stamp`). The checker sorts all committed transactions by stamp and replays
//! them one at a time against a plain `Vec<u64>`: each must observe exactly what it observed
//! concurrently, and the final state must match the STM's.

use std::sync::Barrier;

use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};
use tern_stm::{StmResult, TObject, TVar, Tx, atomically, last_commit_stamp};

const LOCATIONS: usize = 6;
const ROUNDS: usize = 4;

#[derive(Clone, Copy, Debug)]
enum Step {
    /// `acc = acc * 31 + loc`
    Read(usize),
    /// `loc = acc`
    Write(usize),
    /// `loc += k` (read-modify-write)
    Add(usize, u8),
    /// Copy one location into another (read one, write the other).
    Move(usize, usize),
}

impl Arbitrary for Step {
    fn arbitrary(g: &mut Gen) -> Self {
        let loc = |g: &mut Gen| usize::arbitrary(g) % LOCATIONS;
        match u8::arbitrary(g) % 4 {
            0 => Step::Read(loc(g)),
            1 => Step::Write(loc(g)),
            2 => Step::Add(loc(g), u8::arbitrary(g)),
            _ => Step::Move(loc(g), loc(g)),
        }
    }
}

#[derive(Clone, Debug)]
struct Program {
    /// threads x transactions x steps
    threads: Vec<Vec<Vec<Step>>>,
}

impl Arbitrary for Program {
    fn arbitrary(g: &mut Gen) -> Self {
        let threads = 2 + usize::arbitrary(g) % 3;
        Program {
            threads: (0..threads)
                .map(|_| {
                    let txs = 1 + usize::arbitrary(g) % 12;
                    (0..txs)
                        .map(|_| {
                            let steps = 1 + usize::arbitrary(g) % 6;
                            (0..steps).map(|_| Step::arbitrary(g)).collect()
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let threads = self.threads.clone();
        Box::new(
            threads
                .shrink()
                .filter(|t| !t.is_empty())
                .map(|threads| Program { threads }),
        )
    }
}

/// The shared locations: even indices are TVars, odd ones are TObject fields (two per object).
struct Shared {
    vars: Vec<TVar<u64>>,
    objects: Vec<TObject>,
}

impl Shared {
    fn new() -> Self {
        Shared {
            vars: (0..LOCATIONS.div_ceil(2))
                .map(|i| TVar::new(i as u64))
                .collect(),
            objects: (0..LOCATIONS / 4 + 1)
                .map(|_| TObject::with_fields(&[0, 0]))
                .collect(),
        }
    }

    fn read(&self, tx: &mut Tx, loc: usize) -> StmResult<u64> {
        if loc.is_multiple_of(2) {
            tx.read(&self.vars[loc / 2])
        } else {
            let i = loc / 2;
            tx.load(&self.objects[i / 2], i % 2)
        }
    }

    fn write(&self, tx: &mut Tx, loc: usize, value: u64) -> StmResult<()> {
        if loc.is_multiple_of(2) {
            tx.write(&self.vars[loc / 2], value)
        } else {
            let i = loc / 2;
            tx.store(&self.objects[i / 2], i % 2, value)
        }
    }

    fn initial() -> Vec<u64> {
        (0..LOCATIONS)
            .map(|loc| {
                if loc.is_multiple_of(2) {
                    (loc / 2) as u64
                } else {
                    0
                }
            })
            .collect()
    }

    fn snapshot(&self) -> Vec<u64> {
        (0..LOCATIONS)
            .map(|loc| {
                if loc.is_multiple_of(2) {
                    self.vars[loc / 2].snapshot()
                } else {
                    let i = loc / 2;
                    self.objects[i / 2].snapshot_field(i % 2)
                }
            })
            .collect()
    }
}

/// Runs one transaction's steps through `read`/`write`, returning the values it observed.
fn run_steps<E>(
    id: u64,
    steps: &[Step],
    mut read: impl FnMut(usize) -> Result<u64, E>,
    mut write: impl FnMut(usize, u64) -> Result<(), E>,
) -> Result<Vec<u64>, E> {
    let mut acc = id;
    let mut seen = Vec::new();
    for &step in steps {
        match step {
            Step::Read(l) => {
                let v = read(l)?;
                seen.push(v);
                acc = acc.wrapping_mul(31).wrapping_add(v);
            }
            Step::Write(l) => write(l, acc)?,
            Step::Add(l, k) => {
                let v = read(l)?;
                seen.push(v);
                write(l, v.wrapping_add(u64::from(k)))?;
            }
            Step::Move(from, to) => {
                let v = read(from)?;
                seen.push(v);
                write(to, v)?;
            }
        }
    }
    Ok(seen)
}

struct Committed {
    stamp: u64,
    id: u64,
    steps: Vec<Step>,
    seen: Vec<u64>,
}

fn check(program: Program) -> TestResult {
    let shared = Shared::new();
    let barrier = Barrier::new(program.threads.len());
    let mut committed: Vec<Committed> = std::thread::scope(|s| {
        let handles: Vec<_> = program
            .threads
            .iter()
            .enumerate()
            .map(|(t, txs)| {
                let shared = &shared;
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let mut out = Vec::new();
                    // Several rounds over the same list, so the threads overlap for longer.
                    let rounds = txs.iter().cycle().take(txs.len() * ROUNDS);
                    for (n, steps) in rounds.enumerate() {
                        let id = (t as u64) << 32 | n as u64;
                        let seen = atomically(|tx| {
                            let tx = std::cell::RefCell::new(tx);
                            run_steps(
                                id,
                                steps,
                                |l| shared.read(&mut tx.borrow_mut(), l),
                                |l, v| shared.write(&mut tx.borrow_mut(), l, v),
                            )
                        });
                        out.push(Committed {
                            stamp: last_commit_stamp(),
                            id,
                            steps: steps.clone(),
                            seen,
                        });
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker panicked"))
            .collect()
    });
    committed.sort_by_key(|c| c.stamp);
    // Update transactions have distinct stamps (distinct commit versions).
    for pair in committed.windows(2) {
        if pair[0].stamp == pair[1].stamp && pair[0].stamp & 1 == 0 {
            return TestResult::error(format!("two updates share commit stamp {}", pair[0].stamp));
        }
    }
    let mut model = Shared::initial();
    for c in &committed {
        let writes = std::cell::RefCell::new(Vec::new());
        let seen = run_steps::<()>(
            c.id,
            &c.steps,
            |l| {
                let buffered = writes
                    .borrow()
                    .iter()
                    .rev()
                    .find(|&&(w, _)| w == l)
                    .map(|&(_, v)| v);
                Ok(buffered.unwrap_or(model[l]))
            },
            |l, v| {
                writes.borrow_mut().push((l, v));
                Ok(())
            },
        )
        .expect("the model never fails");
        if seen != c.seen {
            return TestResult::error(format!(
                "transaction {:#x} (stamp {}) observed {:?} concurrently but {:?} in the serial replay",
                c.id, c.stamp, c.seen, seen
            ));
        }
        for (l, v) in writes.into_inner() {
            model[l] = v;
        }
    }
    let actual = shared.snapshot();
    if actual != model {
        return TestResult::error(format!("final state {actual:?}, serial replay {model:?}"));
    }
    TestResult::passed()
}

#[test]
fn concurrent_transactions_equal_a_serial_replay_of_the_commit_order() {
    let cases = std::env::var("TERN_STM_QUICKCHECK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    QuickCheck::new()
        .tests(cases)
        .quickcheck(check as fn(Program) -> TestResult);
}
