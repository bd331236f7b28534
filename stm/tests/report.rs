//! Specification of conflict reports: deterministic write-read, write-write and inevitable
//! conflicts produce the expected records (kinds, both markers, counts, time lost), the
//! text form matches a golden file (times normalised), and nothing is recorded while
//! reporting is off.
//!
//! Everything runs in one test function because reporting is process-wide.
//! `TERN_STM_BLESS=1` rewrites `tests/golden/report.txt`.

use std::sync::Barrier;
use std::time::Duration;

use tern_stm::{
    ConflictKind, Marker, TVar, atomically, atomically_inevitable, enable_reporting, marker,
    report, reset_report,
};

/// Thread A reads `x`, then B commits a write to `x`, then A tries to commit: A aborts once.
/// If `a_writes_x`, A also wrote `x` (write-write), else it wrote `y` (write-read).
fn lose_one_validation(a_writes_x: bool, hold: Duration) {
    let x = TVar::new(0_u32);
    let y = TVar::new(0_u32);
    let read_done = Barrier::new(2);
    let b_done = Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            atomically(|tx| {
                if a_writes_x {
                    tx.set_marker(marker!("A: x += 1"));
                } else {
                    tx.set_marker(marker!("A: reads x"));
                }
                let v = tx.read(&x)?;
                if tx.attempt() == 0 {
                    read_done.wait();
                    b_done.wait();
                    std::thread::sleep(hold);
                }
                if a_writes_x {
                    tx.write(&x, v + 1)
                } else {
                    tx.set_marker(marker!("A: writes y"));
                    tx.write(&y, v + 1)
                }
            });
        });
        s.spawn(|| {
            read_done.wait();
            atomically(|tx| {
                tx.set_marker(marker!("B: x = 10"));
                tx.write(&x, 10)
            });
            b_done.wait();
        });
    });
    assert_eq!(
        x.snapshot() + y.snapshot(),
        if a_writes_x { 11 } else { 21 }
    );
}

/// A is inevitable and holds on for `hold`; B's commit pauses behind it.
fn pause_behind_inevitable(hold: Duration) {
    let z = TVar::new(0_u32);
    let w = TVar::new(0_u32);
    let started = Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            atomically_inevitable(|tx| {
                tx.set_marker(marker!("A: inevitable I/O"));
                started.wait();
                std::thread::sleep(hold);
                tx.write(&z, 1)
            });
        });
        s.spawn(|| {
            started.wait();
            std::thread::sleep(Duration::from_millis(5));
            atomically(|tx| {
                tx.set_marker(marker!("B: w = 1"));
                tx.write(&w, 1)
            });
        });
    });
}

fn normalise(text: &str) -> String {
    // "0.061s" -> "X.XXXs"
    let mut out = String::new();
    for word in text.split_inclusive([' ', '\n']) {
        let trimmed = word.trim_end();
        let is_time = trimmed.ends_with('s')
            && trimmed.len() > 1
            && trimmed[..trimmed.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.');
        if is_time {
            out.push_str("X.XXXs");
            out.push_str(&word[trimmed.len()..]);
        } else {
            out.push_str(word);
        }
    }
    out
}

#[test]
fn conflict_reports() {
    // Off: conflicts happen, nothing is recorded.
    enable_reporting(false);
    reset_report();
    lose_one_validation(false, Duration::from_millis(1));
    assert_eq!(report(), tern_stm::Report::default());

    // On.
    enable_reporting(true);
    reset_report();
    // Durations far apart, so the order by time lost is certain even on a loaded machine.
    lose_one_validation(false, Duration::from_millis(400));
    lose_one_validation(true, Duration::from_millis(250));
    pause_behind_inevitable(Duration::from_millis(120));
    let r = report();
    enable_reporting(false);

    assert_eq!(r.commits, 6, "{r}");
    assert_eq!((r.aborts(), r.pauses()), (2, 1), "{r}");
    let kinds: Vec<_> = r
        .records
        .iter()
        .map(|c| (c.kind, c.marker.as_str(), c.other_marker.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ConflictKind::WriteRead, "A: reads x", "B: x = 10"),
            (ConflictKind::WriteWrite, "A: x += 1", "B: x = 10"),
            (ConflictKind::Inevitable, "B: w = 1", "A: inevitable I/O"),
        ],
        "{r}"
    );
    assert!(r.records[0].time_lost >= Duration::from_millis(400));
    assert!(r.records[1].time_lost >= Duration::from_millis(250));
    assert!(r.records[2].time_paused > Duration::ZERO);
    assert_eq!(r.records[2].time_lost, Duration::ZERO);
    let first_line = r.records[0].to_string();
    assert!(
        first_line.ends_with("s paused (1x WRITE_READ) at A: reads x / B: x = 10")
            && first_line.contains("s lost in aborts, "),
        "{first_line}"
    );
    assert!(
        r.records
            .windows(2)
            .all(|p| p[0].total_time() >= p[1].total_time())
    );

    let text = normalise(&r.to_string());
    let golden_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/report.txt");
    if std::env::var_os("TERN_STM_BLESS").is_some() {
        std::fs::write(golden_path, &text).expect("write golden file");
    }
    let golden =
        std::fs::read_to_string(golden_path).expect("golden file (bless with TERN_STM_BLESS=1)");
    assert_eq!(text, golden);

    assert_eq!(Marker::new("A: reads x"), marker!("A: reads x"));
    assert_eq!(Marker::UNKNOWN.label(), "<unknown>");
    let (here, line) = (marker!().label(), line!());
    assert!(here.ends_with(&format!("report.rs:{line}")), "{here}");
    reset_report();
    assert_eq!(report().records.len(), 0);
}
