//! Benchmark workloads shared by `benches/stm.rs` (criterion) and `examples/stm_table.rs`
//! (prints the README table). Every workload exists in three versions doing the same work:
//! plain (no synchronisation, single thread), transactional (tern-stm), and global lock
//! (one mutex around every unit of work: what a GIL gives).
//!
//! - read-mostly: a table of objects with 4 fields; each unit reads 8 random objects (all
//!   four fields each) and mixes the values through `work` rounds of arithmetic per field
//!   read; every 10th unit also writes one field. `work = 0` measures the bare cost of
//!   transactional access; larger values model an interpreter doing real work per access.
//! - conflict-free: each thread owns its objects; a unit reads 16 fields and writes 4 of its
//!   own objects (plus the same per-read work). Nothing is shared but the STM's own state.
//! - low-conflict: all threads pick random objects from one shared table of 4096 objects;
//!   a unit reads 8 and writes 2, so two units rarely touch the same object.

#![allow(dead_code)]

use parking_lot::Mutex;
use tern_stm::{StmResult, TObject, Tx, atomically};

pub const FIELDS: usize = 4;

/// A small deterministic generator (xorshift64*).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `rounds` of dependent arithmetic on `x` (the per-access "interpreter work").
#[inline]
pub fn mix(mut x: u64, rounds: u32) -> u64 {
    for _ in 0..rounds {
        x = x.rotate_left(5) ^ x.wrapping_mul(0x100_0000_01B3);
    }
    x
}

// ----- read-mostly -------------------------------------------------------------------------

pub struct PlainTable(pub Vec<[u64; FIELDS]>);
pub struct StmTable(pub Vec<TObject>);
pub struct LockedTable(pub Mutex<Vec<[u64; FIELDS]>>);

pub fn plain_table(n: usize) -> PlainTable {
    PlainTable((0..n as u64).map(|i| [i, i + 1, i + 2, i + 3]).collect())
}

pub fn stm_table(n: usize) -> StmTable {
    StmTable(
        (0..n as u64)
            .map(|i| TObject::with_fields(&[i, i + 1, i + 2, i + 3]))
            .collect(),
    )
}

pub fn locked_table(n: usize) -> LockedTable {
    LockedTable(Mutex::new(plain_table(n).0))
}

/// Picks the objects of one unit (drawn outside the unit so retries redo the same work).
#[inline]
fn pick(rng: &mut Rng, n: usize, out: &mut [usize]) {
    for slot in out.iter_mut() {
        *slot = rng.below(n);
    }
}

pub fn read_mostly_plain(table: &mut PlainTable, units: usize, work: u32, rng: &mut Rng) -> u64 {
    let mut acc = 0;
    let mut picks = [0; 8];
    for unit in 0..units {
        pick(rng, table.0.len(), &mut picks);
        let mut h = 0;
        for &i in &picks {
            for &field in &table.0[i] {
                h = mix(h ^ field, work);
            }
        }
        if unit % 10 == 0 {
            table.0[picks[0]][0] = h;
        }
        acc ^= h;
    }
    acc
}

fn read_mostly_unit(
    tx: &mut Tx,
    table: &StmTable,
    picks: &[usize; 8],
    write: bool,
    work: u32,
) -> StmResult<u64> {
    let mut h = 0;
    for &i in picks {
        for f in 0..FIELDS {
            h = mix(h ^ tx.load(&table.0[i], f)?, work);
        }
    }
    if write {
        tx.store(&table.0[picks[0]], 0, h)?;
    }
    Ok(h)
}

pub fn read_mostly_stm(table: &StmTable, units: usize, work: u32, rng: &mut Rng) -> u64 {
    let mut acc = 0;
    let mut picks = [0; 8];
    for unit in 0..units {
        pick(rng, table.0.len(), &mut picks);
        acc ^= atomically(|tx| read_mostly_unit(tx, table, &picks, unit % 10 == 0, work));
    }
    acc
}

pub fn read_mostly_locked(table: &LockedTable, units: usize, work: u32, rng: &mut Rng) -> u64 {
    let mut acc = 0;
    let mut picks = [0; 8];
    for unit in 0..units {
        let mut t = table.0.lock();
        pick(rng, t.len(), &mut picks);
        let mut h = 0;
        for &i in &picks {
            for &field in &t[i] {
                h = mix(h ^ field, work);
            }
        }
        if unit % 10 == 0 {
            t[picks[0]][0] = h;
        }
        acc ^= h;
    }
    acc
}

// ----- update units over a set of objects ---------------------------------------------------

/// One update unit: read all fields of `reads` objects, then write field 0 of `writes` of them.
fn update_unit(
    tx: &mut Tx,
    objects: &[TObject],
    picks: &[usize],
    writes: usize,
    work: u32,
) -> StmResult<u64> {
    let mut h = 0;
    for &i in picks {
        for f in 0..FIELDS {
            h = mix(h ^ tx.load(&objects[i], f)?, work);
        }
    }
    for &i in &picks[..writes] {
        tx.store(&objects[i], 0, h)?;
    }
    Ok(h)
}

fn update_unit_locked(
    table: &mut [[u64; FIELDS]],
    picks: &[usize],
    writes: usize,
    work: u32,
) -> u64 {
    let mut h = 0;
    for &i in picks {
        for &field in &table[i] {
            h = mix(h ^ field, work);
        }
    }
    for &i in &picks[..writes] {
        table[i][0] = h;
    }
    h
}

/// Conflict-free: thread `t` of `threads` works on its own 256 objects of `objects`
/// (which holds `threads * 256`). 4 objects read, 1 written, per unit.
pub fn conflict_free_stm(objects: &[TObject], thread: usize, units: usize, work: u32) -> u64 {
    let own = &objects[thread * 256..(thread + 1) * 256];
    let mut rng = Rng::new(thread as u64 + 1);
    let mut picks = [0; 4];
    let mut acc = 0;
    for _ in 0..units {
        pick(&mut rng, own.len(), &mut picks);
        acc ^= atomically(|tx| update_unit(tx, own, &picks, 1, work));
    }
    acc
}

pub fn conflict_free_locked(
    table: &Mutex<Vec<[u64; FIELDS]>>,
    thread: usize,
    units: usize,
    work: u32,
) -> u64 {
    let mut rng = Rng::new(thread as u64 + 1);
    let mut picks = [0; 4];
    let mut acc = 0;
    for _ in 0..units {
        pick(&mut rng, 256, &mut picks);
        for p in picks.iter_mut() {
            *p += thread * 256;
        }
        let mut t = table.lock();
        acc ^= update_unit_locked(&mut t, &picks, 1, work);
    }
    acc
}

/// Low-conflict: random objects of one shared table; 8 read, 2 written, per unit.
pub fn low_conflict_stm(objects: &[TObject], thread: usize, units: usize, work: u32) -> u64 {
    let mut rng = Rng::new(thread as u64 + 101);
    let mut picks = [0; 8];
    let mut acc = 0;
    for _ in 0..units {
        pick(&mut rng, objects.len(), &mut picks);
        acc ^= atomically(|tx| update_unit(tx, objects, &picks, 2, work));
    }
    acc
}

pub fn low_conflict_locked(
    table: &Mutex<Vec<[u64; FIELDS]>>,
    thread: usize,
    units: usize,
    work: u32,
) -> u64 {
    let mut rng = Rng::new(thread as u64 + 101);
    let mut picks = [0; 8];
    let mut acc = 0;
    for _ in 0..units {
        let mut t = table.lock();
        pick(&mut rng, t.len(), &mut picks);
        acc ^= update_unit_locked(&mut t, &picks, 2, work);
    }
    acc
}

/// CPU time consumed so far by the calling thread.
pub fn thread_cpu_time() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is supported on
    // Linux. On failure `ts` stays zero, which only makes the estimate useless, not unsound.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Timing of one multi-threaded run.
#[derive(Clone, Copy, Debug)]
pub struct RunTime {
    /// Wall-clock time from the common start to the last thread's end.
    pub wall: std::time::Duration,
    /// CPU time of the thread that used the most.
    pub max_thread_cpu: std::time::Duration,
}

/// Runs `body(thread)` on `threads` threads at once; returns the wall time.
pub fn run_threads(threads: usize, body: impl Fn(usize) -> u64 + Sync) -> std::time::Duration {
    run_threads_timed(threads, body).wall
}

/// Runs `body(thread)` on `threads` threads at once; returns wall and per-thread CPU time.
/// The wall time runs from the first worker's start to the last worker's end, measured by
/// the workers themselves (the spawning thread may be descheduled at any point).
pub fn run_threads_timed(threads: usize, body: impl Fn(usize) -> u64 + Sync) -> RunTime {
    let barrier = std::sync::Barrier::new(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let barrier = &barrier;
                let body = &body;
                s.spawn(move || {
                    barrier.wait();
                    let start = std::time::Instant::now();
                    let cpu = thread_cpu_time();
                    std::hint::black_box(body(t));
                    let cpu = thread_cpu_time() - cpu;
                    (start, std::time::Instant::now(), cpu)
                })
            })
            .collect();
        let results: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().expect("benchmark thread panicked"))
            .collect();
        let first_start = results
            .iter()
            .map(|r| r.0)
            .min()
            .expect("at least one thread");
        let last_end = results
            .iter()
            .map(|r| r.1)
            .max()
            .expect("at least one thread");
        let max_thread_cpu = results
            .iter()
            .map(|r| r.2)
            .max()
            .expect("at least one thread");
        RunTime {
            wall: last_end - first_start,
            max_thread_cpu,
        }
    })
}
