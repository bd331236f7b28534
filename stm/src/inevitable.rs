//! The inevitability token: at most one inevitable transaction at a time, granted FIFO.
//!
//! An inevitable transaction never aborts, so it may perform irrevocable actions (I/O,
//! calls into code that cannot be rolled back). Protocol:
//! 1. take the token (a ticket lock: FIFO, which makes inevitability starvation-free);
//! 2. set the clock's inevitable bit ([`Clock::set_inevitable`](crate::clock::Clock)). From
//!    then on no other transaction can publish writes (their clock CAS fails and they pause
//!    in [`Token::wait_while_inevitable`]), so nothing the inevitable transaction reads can
//!    change under it;
//! 3. commits that had already advanced the clock may still be writing back: the inevitable
//!    transaction waits for their locks (they never wait for it);
//! 4. at commit it advances the clock and clears the bit in one step, then releases the token,
//!    waking paused committers and the next ticket holder.
//!
//! Invariant: the clock's inevitable bit is only set by the token holder, and is always
//! cleared before the token is released.

use crate::clock::Clock;
use crate::runtime::{Slot, slot_at};
use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::{Condvar, Mutex, spin_hint};

struct Tickets {
    next: u64,
    serving: u64,
}

/// The inevitability token (FIFO ticket lock) plus the condition committers wait on while
/// an inevitable transaction runs.
pub(crate) struct Token {
    tickets: Mutex<Tickets>,
    changed: Condvar,
    /// Address of the holder's slot (0 when free); for conflict reports.
    holder: AtomicU64,
}

impl Token {
    pub(crate) fn new() -> Self {
        Token {
            tickets: Mutex::new(Tickets {
                next: 0,
                serving: 0,
            }),
            changed: Condvar::new(),
            holder: AtomicU64::new(0),
        }
    }

    /// Takes the token, waiting in FIFO order. Returns true if it had to wait.
    pub(crate) fn acquire(&self, slot: &'static Slot) -> bool {
        let mut tickets = self.tickets.lock();
        let mine = tickets.next;
        tickets.next += 1;
        let waited = tickets.serving != mine;
        while tickets.serving != mine {
            tickets = self.changed.wait(tickets);
        }
        drop(tickets);
        self.holder.store(slot.address() as u64, Ordering::Relaxed);
        waited
    }

    /// Takes the token only if nobody holds it or waits for it.
    pub(crate) fn try_acquire(&self, slot: &'static Slot) -> bool {
        let mut tickets = self.tickets.lock();
        if tickets.next != tickets.serving {
            return false;
        }
        tickets.next += 1;
        drop(tickets);
        self.holder.store(slot.address() as u64, Ordering::Relaxed);
        true
    }

    /// Gives the token to the next ticket and wakes paused committers. The caller has
    /// cleared the clock's inevitable bit.
    pub(crate) fn release(&self) {
        self.holder.store(0, Ordering::Relaxed);
        let mut tickets = self.tickets.lock();
        tickets.serving += 1;
        drop(tickets);
        self.changed.notify_all();
    }

    /// Blocks while the clock's inevitable bit is set.
    pub(crate) fn wait_while_inevitable(&self, clock: &Clock) {
        for _ in 0..64 {
            if !clock.inevitable_active() {
                return;
            }
            spin_hint();
        }
        let mut tickets = self.tickets.lock();
        // The bit is cleared before `release` takes this mutex and notifies, so checking it
        // under the mutex cannot miss the wake-up.
        while clock.inevitable_active() {
            tickets = self.changed.wait(tickets);
        }
        drop(tickets);
    }

    /// Marker of the current holder (0 if none or unknown).
    pub(crate) fn holder_marker(&self) -> u32 {
        match self.holder.load(Ordering::Relaxed) {
            0 => 0,
            // SAFETY: a non-zero holder is the address of a slot; slots are never freed.
            address => unsafe { slot_at(address as usize) }
                .marker
                .load(Ordering::Relaxed),
        }
    }
}
