//! Unicode case mapping details Rust's `char` methods do not cover but CPython's `str`
//! methods use: title case (`title`, `capitalize`, `istitle`), full case folding
//! (`casefold`) and the final-sigma rule of `lower`.

/// Titlecase letters (general category Lt).
pub fn is_titlecase(cp: u32) -> bool {
    matches!(cp, 0x1C5 | 0x1C8 | 0x1CB | 0x1F2 | 0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC)
}

/// Appends the title-case mapping of `cp`.
pub fn push_title(out: &mut Vec<u32>, cp: u32) {
    let single = match cp {
        0x1C4..=0x1C6 => Some(0x1C5),
        0x1C7..=0x1C9 => Some(0x1C8),
        0x1CA..=0x1CC => Some(0x1CB),
        0x1F1..=0x1F3 => Some(0x1F2),
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => Some(cp + 8),
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF => Some(cp),
        0x1FB3 => Some(0x1FBC),
        0x1FC3 => Some(0x1FCC),
        0x1FF3 => Some(0x1FFC),
        _ => None,
    };
    if let Some(t) = single {
        out.push(t);
        return;
    }
    let Some(c) = char::from_u32(cp) else {
        out.push(cp);
        return;
    };
    let mut up = c.to_uppercase();
    if up.len() == 1 {
        out.push(up.next().expect("one char") as u32);
        return;
    }
    // Multi-character uppercase (ß -> SS, ﬃ -> FFI): first upper, the rest lower.
    let first = up.next().expect("non-empty");
    out.push(first as u32);
    for rest in up {
        out.extend(rest.to_lowercase().map(|x| x as u32));
    }
}

/// Characters that are "case-ignorable" for the final-sigma rule (an approximation of the
/// Unicode property: apostrophes, periods, colons and combining marks).
fn case_ignorable(cp: u32) -> bool {
    matches!(cp, 0x27 | 0x2E | 0x3A | 0x5E | 0x60 | 0xA8 | 0xAD | 0xAF | 0xB4 | 0xB7 | 0xB8 | 0x2019 | 0x300..=0x36F | 0x483..=0x489 | 0x200B..=0x200F)
}

fn cased(cp: u32) -> bool {
    is_titlecase(cp) || char::from_u32(cp).is_some_and(|c| c.is_uppercase() || c.is_lowercase())
}

/// Lowercases `cps[i]` into `out`, applying the final-sigma rule for U+03A3.
pub fn push_lower_at(out: &mut Vec<u32>, cps: &[u32], i: usize) {
    let cp = cps[i];
    if cp == 0x3A3 {
        let before = cps[..i]
            .iter()
            .rev()
            .find(|&&c| !case_ignorable(c))
            .is_some_and(|&c| cased(c));
        let after = cps[i + 1..]
            .iter()
            .find(|&&c| !case_ignorable(c))
            .is_some_and(|&c| cased(c));
        out.push(if before && !after { 0x3C2 } else { 0x3C3 });
        return;
    }
    match char::from_u32(cp) {
        Some(c) => out.extend(c.to_lowercase().map(|x| x as u32)),
        None => out.push(cp),
    }
}

/// Appends the full case folding of `cp` (`str.casefold`).
pub fn push_casefold(out: &mut Vec<u32>, cp: u32) {
    let special: &[u32] = match cp {
        0xDF | 0x1E9E => &[0x73, 0x73],
        0x17F => &[0x73],
        0xB5 => &[0x3BC],
        0x3C2 => &[0x3C3],
        0x345 => &[0x3B9],
        0x149 => &[0x2BC, 0x6E],
        0x130 => &[0x69, 0x307],
        0x1F0 => &[0x6A, 0x30C],
        0x390 => &[0x3B9, 0x308, 0x301],
        0x3B0 => &[0x3C5, 0x308, 0x301],
        0x587 => &[0x565, 0x582],
        0x1E96 => &[0x68, 0x331],
        0x1E97 => &[0x74, 0x308],
        0x1E98 => &[0x77, 0x30A],
        0x1E99 => &[0x79, 0x30A],
        0x1E9A => &[0x61, 0x2BE],
        0x1E9B => &[0x1E61],
        0x3D0 => &[0x3B2],
        0x3D1 => &[0x3B8],
        0x3D5 => &[0x3C6],
        0x3D6 => &[0x3C0],
        0x3F0 => &[0x3BA],
        0x3F1 => &[0x3C1],
        0x3F5 => &[0x3B5],
        0xFB00 => &[0x66, 0x66],
        0xFB01 => &[0x66, 0x69],
        0xFB02 => &[0x66, 0x6C],
        0xFB03 => &[0x66, 0x66, 0x69],
        0xFB04 => &[0x66, 0x66, 0x6C],
        0xFB05 | 0xFB06 => &[0x73, 0x74],
        _ => &[],
    };
    if !special.is_empty() {
        out.extend_from_slice(special);
        return;
    }
    match char::from_u32(cp) {
        Some(c) => out.extend(c.to_lowercase().map(|x| x as u32)),
        None => out.push(cp),
    }
}
