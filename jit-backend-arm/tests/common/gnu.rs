//! GNU binutils for aarch64 as a second, independent encoder: assemble a listing and
//! return the bytes of `.text`.

use std::path::PathBuf;
use std::process::Command;

pub const AS: &str = "aarch64-linux-gnu-as";
pub const OBJCOPY: &str = "aarch64-linux-gnu-objcopy";

pub fn tool_available(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Assembles `text` with GNU as and returns the bytes of `.text`.
pub fn gnu_assemble(name: &str, text: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("tern-arm-gnu-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src: PathBuf = dir.join("in.s");
    let obj = dir.join("out.o");
    let bin = dir.join("out.bin");
    std::fs::write(&src, text).unwrap();
    let out = Command::new(AS)
        .arg("-o")
        .arg(&obj)
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "GNU as rejected the listing (kept in {}):\n{}",
        src.display(),
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .take(30)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let out = Command::new(OBJCOPY)
        .args(["-O", "binary", "--only-section=.text"])
        .arg(&obj)
        .arg(&bin)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&bin).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    bytes
}

/// Whether both tools are installed; prints why a test is skipped when not.
pub fn available() -> bool {
    if tool_available(AS) && tool_available(OBJCOPY) {
        true
    } else {
        eprintln!("skipped: {AS} / {OBJCOPY} not found (install binutils-aarch64-linux-gnu)");
        false
    }
}
