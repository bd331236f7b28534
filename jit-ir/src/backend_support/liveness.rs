//! Liveness over a trace: where each value is used.
//!
//! A trace is straight-line code (a loop's back edge only re-binds the label's
//! arguments, see the label contract in [`crate::trace`]), so one backward-free scan
//! gives every value's use positions: operation arguments, the failargs of guards (a
//! value a guard may report must survive until the guard) and jump arguments. A value is
//! dead after its last use; a backend frees its register there.

use crate::trace::{OpRef, Trace};

/// Use positions of every value of a trace.
///
/// Stored flat (one array of use positions, one of dying values, each with per-value or
/// per-op start offsets), so computing it costs two passes and a handful of allocations
/// whatever the trace size.
#[derive(Clone, Debug)]
pub struct Liveness {
    /// Uses of value `v`: `use_pool[use_start[v]..use_start[v + 1]]`, sorted.
    use_start: Vec<u32>,
    use_pool: Vec<u32>,
    /// Values whose last use is op `i`: `dying_pool[dying_start[i]..dying_start[i + 1]]`.
    dying_start: Vec<u32>,
    dying_pool: Vec<OpRef>,
}

impl Liveness {
    /// Computes the use positions of `trace`.
    pub fn compute(trace: &Trace) -> Liveness {
        let n = trace.num_values();
        const NEVER: u32 = u32::MAX;
        // Pass 1: count the uses of each value (an op using a value twice counts once).
        let mut last = vec![NEVER; n];
        let mut count = vec![0u32; n + 1];
        let each_use = |i: usize, f: &mut dyn FnMut(usize)| {
            for &a in trace.args_at(i) {
                if !a.is_const() {
                    f(a.index());
                }
            }
            for &a in trace.failargs(i) {
                f(a.index());
            }
        };
        for i in 0..trace.len() {
            each_use(i, &mut |v| {
                if last[v] != i as u32 {
                    last[v] = i as u32;
                    count[v] += 1;
                }
            });
        }
        // Offsets.
        let mut use_start = vec![0u32; n + 1];
        for v in 0..n {
            use_start[v + 1] = use_start[v] + count[v];
        }
        // Pass 2: fill, in op order (so each value's uses are sorted).
        let mut use_pool = vec![0u32; use_start[n] as usize];
        let mut fill: Vec<u32> = use_start[..n].to_vec();
        last.fill(NEVER);
        for i in 0..trace.len() {
            each_use(i, &mut |v| {
                if last[v] != i as u32 {
                    last[v] = i as u32;
                    use_pool[fill[v] as usize] = i as u32;
                    fill[v] += 1;
                }
            });
        }
        // Dying values per op, from each value's last use.
        let mut dying_count = vec![0u32; trace.len() + 1];
        for v in 0..n {
            if use_start[v + 1] > use_start[v] {
                dying_count[use_pool[use_start[v + 1] as usize - 1] as usize] += 1;
            }
        }
        let mut dying_start = vec![0u32; trace.len() + 1];
        for i in 0..trace.len() {
            dying_start[i + 1] = dying_start[i] + dying_count[i];
        }
        let mut dying_pool = vec![OpRef::value(0); dying_start[trace.len()] as usize];
        let mut dfill: Vec<u32> = dying_start[..trace.len()].to_vec();
        for v in 0..n {
            if use_start[v + 1] > use_start[v] {
                let op = use_pool[use_start[v + 1] as usize - 1] as usize;
                dying_pool[dfill[op] as usize] = OpRef::value(v as u32);
                dfill[op] += 1;
            }
        }
        Liveness {
            use_start,
            use_pool,
            dying_start,
            dying_pool,
        }
    }

    /// The op indices where `r` is used, in order.
    pub fn uses(&self, r: OpRef) -> &[u32] {
        if r.is_const() || r.index() + 1 >= self.use_start.len() {
            &[]
        } else {
            let v = r.index();
            &self.use_pool[self.use_start[v] as usize..self.use_start[v + 1] as usize]
        }
    }

    /// The last use of `r`, if it is used at all.
    pub fn last_use(&self, r: OpRef) -> Option<usize> {
        self.uses(r).last().map(|&u| u as usize)
    }

    /// The first use of `r` strictly after op `at`.
    pub fn next_use(&self, r: OpRef, at: usize) -> Option<usize> {
        let u = self.uses(r);
        let k = u.partition_point(|&x| x as usize <= at);
        u.get(k).map(|&x| x as usize)
    }

    /// Is `r` used by op `at` (as an argument or failarg)?
    pub fn used_at(&self, r: OpRef, at: usize) -> bool {
        self.uses(r).binary_search(&(at as u32)).is_ok()
    }

    /// Is `r` still needed after op `at`?
    pub fn is_live_after(&self, r: OpRef, at: usize) -> bool {
        self.last_use(r).is_some_and(|l| l > at)
    }

    /// The values whose last use is op `at` (their registers are free after it).
    pub fn dying_at(&self, at: usize) -> &[OpRef] {
        match (self.dying_start.get(at), self.dying_start.get(at + 1)) {
            (Some(&a), Some(&b)) => &self.dying_pool[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The values defined before op `at` (inputs included) that are still needed after
    /// it: what must survive the operation (e.g. a call).
    pub fn live_across(&self, trace: &Trace, at: usize) -> Vec<OpRef> {
        let defined = trace.num_inputs() + at;
        (0..defined as u32)
            .map(OpRef::value)
            .filter(|&r| self.is_live_after(r, at))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracegen::{GenConfig, generate};

    /// The obvious computation: a sorted, deduplicated list of use positions per value.
    fn naive(trace: &Trace) -> Vec<Vec<u32>> {
        let mut uses = vec![Vec::new(); trace.num_values()];
        for i in 0..trace.len() {
            for &a in trace.args_at(i).iter().chain(trace.failargs(i)) {
                if !a.is_const() && uses[a.index()].last() != Some(&(i as u32)) {
                    uses[a.index()].push(i as u32);
                }
            }
        }
        uses
    }

    #[test]
    fn matches_the_naive_computation_on_generated_traces() {
        for seed in 0..60 {
            let config = GenConfig {
                steps: 5 + seed as usize % 40,
                make_loop: seed % 3 != 0,
                ..GenConfig::default()
            };
            let t = generate(seed, &config).trace;
            let live = Liveness::compute(&t);
            let model = naive(&t);
            let mut dying: Vec<Vec<OpRef>> = vec![Vec::new(); t.len()];
            for (v, u) in model.iter().enumerate() {
                let r = OpRef::value(v as u32);
                assert_eq!(live.uses(r), u.as_slice(), "seed {seed}, {r:?}");
                assert_eq!(live.last_use(r), u.last().map(|&x| x as usize));
                for at in 0..t.len() {
                    assert_eq!(live.used_at(r, at), u.contains(&(at as u32)));
                    let next = u.iter().find(|&&x| x as usize > at).map(|&x| x as usize);
                    assert_eq!(live.next_use(r, at), next);
                }
                if let Some(&l) = u.last() {
                    dying[l as usize].push(r);
                }
            }
            for (at, d) in dying.iter().enumerate() {
                assert_eq!(live.dying_at(at), d.as_slice(), "seed {seed}, op {at}");
            }
            assert!(live.uses(OpRef::constant(0)).is_empty());
        }
    }
}
