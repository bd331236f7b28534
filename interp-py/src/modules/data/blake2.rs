//! BLAKE2b and BLAKE2s (RFC 7693) with the full parameter block CPython's `_blake2` exposes
//! (digest size, key, salt, personalization, fanout, depth, leaf size, node offset, node
//! depth, inner size, last node). The RustCrypto `blake2` crate does not expose the tree
//! parameters, which `hashlib.blake2b(fanout=..., ...)` needs, so the (small) algorithm is
//! written here.
//!
//! Invariant: `buf` holds at most one block; a full block is only compressed once more data
//! arrives, because the last block must be compressed with the final flag.

macro_rules! blake2_impl {
    ($name:ident, $word:ty, $bb:expr, $rounds:expr, $r:expr, $iv:expr) => {
        /// A BLAKE2 state.
        #[derive(Clone, Debug)]
        pub struct $name {
            h: [$word; 8],
            t: u128,
            buf: Vec<u8>,
            out_len: usize,
            last_node: bool,
        }

        impl $name {
            /// Block size in bytes.
            pub const BLOCK: usize = $bb;
            /// Largest digest (and key) size in bytes.
            pub const MAX_OUT: usize = $bb / 2;
            /// Salt and personalization size in bytes.
            pub const SALT: usize = $bb / 8;

            /// A state for the given parameter block fields (lengths already checked).
            pub fn new(p: &Params) -> $name {
                const W: usize = std::mem::size_of::<$word>();
                let mut pb = [0u8; 8 * W];
                pb[0] = p.digest_size as u8;
                pb[1] = p.key.len() as u8;
                pb[2] = p.fanout;
                pb[3] = p.depth;
                pb[4..8].copy_from_slice(&p.leaf_size.to_le_bytes());
                // Node offset: 8 bytes in BLAKE2b, 6 in BLAKE2s.
                let no = p.node_offset.to_le_bytes();
                let nlen = if W == 8 { 8 } else { 6 };
                pb[8..8 + nlen].copy_from_slice(&no[..nlen]);
                pb[8 + nlen] = p.node_depth;
                pb[9 + nlen] = p.inner_size;
                let s = 4 * W;
                pb[s..s + p.salt.len()].copy_from_slice(&p.salt);
                let q = s + 2 * W;
                pb[q..q + p.person.len()].copy_from_slice(&p.person);
                let mut h: [$word; 8] = $iv;
                for (i, hw) in h.iter_mut().enumerate() {
                    let mut b = [0u8; W];
                    b.copy_from_slice(&pb[i * W..(i + 1) * W]);
                    *hw ^= <$word>::from_le_bytes(b);
                }
                let mut st = $name {
                    h,
                    t: 0,
                    buf: Vec::with_capacity($bb),
                    out_len: p.digest_size,
                    last_node: p.last_node,
                };
                if !p.key.is_empty() {
                    let mut block = vec![0u8; $bb];
                    block[..p.key.len()].copy_from_slice(&p.key);
                    st.update(&block);
                }
                st
            }

            fn compress(&mut self, block: &[u8], last: bool) {
                const W: usize = std::mem::size_of::<$word>();
                let mut m = [0 as $word; 16];
                for (i, mw) in m.iter_mut().enumerate() {
                    let mut b = [0u8; W];
                    b.copy_from_slice(&block[i * W..(i + 1) * W]);
                    *mw = <$word>::from_le_bytes(b);
                }
                let iv: [$word; 8] = $iv;
                let mut v = [0 as $word; 16];
                v[..8].copy_from_slice(&self.h);
                v[8..].copy_from_slice(&iv);
                v[12] ^= self.t as $word;
                v[13] ^= (self.t >> (8 * W)) as $word;
                if last {
                    v[14] = !v[14];
                    if self.last_node {
                        v[15] = !v[15];
                    }
                }
                let r: [u32; 4] = $r;
                let g = |v: &mut [$word; 16],
                         a: usize,
                         b: usize,
                         c: usize,
                         d: usize,
                         x: $word,
                         y: $word| {
                    v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
                    v[d] = (v[d] ^ v[a]).rotate_right(r[0]);
                    v[c] = v[c].wrapping_add(v[d]);
                    v[b] = (v[b] ^ v[c]).rotate_right(r[1]);
                    v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
                    v[d] = (v[d] ^ v[a]).rotate_right(r[2]);
                    v[c] = v[c].wrapping_add(v[d]);
                    v[b] = (v[b] ^ v[c]).rotate_right(r[3]);
                };
                for round in 0..$rounds {
                    let s = &SIGMA[round % 10];
                    g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
                    g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
                    g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
                    g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
                    g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
                    g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
                    g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
                    g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
                }
                for i in 0..8 {
                    self.h[i] ^= v[i] ^ v[i + 8];
                }
            }

            /// Absorbs `data`.
            pub fn update(&mut self, mut data: &[u8]) {
                while !data.is_empty() {
                    if self.buf.len() == $bb {
                        self.t = self.t.wrapping_add($bb as u128);
                        let block = std::mem::take(&mut self.buf);
                        self.compress(&block, false);
                        self.buf = block;
                        self.buf.clear();
                    }
                    let take = ($bb - self.buf.len()).min(data.len());
                    self.buf.extend_from_slice(&data[..take]);
                    data = &data[take..];
                }
            }

            /// The digest (the state is not consumed).
            pub fn finalize(&self) -> Vec<u8> {
                let mut st = self.clone();
                st.t = st.t.wrapping_add(st.buf.len() as u128);
                let mut block = st.buf.clone();
                block.resize($bb, 0);
                st.compress(&block, true);
                let mut out = Vec::with_capacity(8 * std::mem::size_of::<$word>());
                for w in st.h {
                    out.extend_from_slice(&w.to_le_bytes());
                }
                out.truncate(st.out_len);
                out
            }
        }
    };
}

/// The parameter block fields (checked by the caller against the variant's limits).
#[derive(Clone, Debug, Default)]
pub struct Params {
    /// Digest length in bytes.
    pub digest_size: usize,
    /// Key (at most `MAX_OUT` bytes).
    pub key: Vec<u8>,
    /// Salt (at most `SALT` bytes; zero-padded).
    pub salt: Vec<u8>,
    /// Personalization (at most `SALT` bytes; zero-padded).
    pub person: Vec<u8>,
    /// Fanout.
    pub fanout: u8,
    /// Depth.
    pub depth: u8,
    /// Leaf size.
    pub leaf_size: u32,
    /// Node offset (48 bits in BLAKE2s).
    pub node_offset: u64,
    /// Node depth.
    pub node_depth: u8,
    /// Inner hash size.
    pub inner_size: u8,
    /// Whether this is the last node of its level.
    pub last_node: bool,
}

const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

blake2_impl!(
    Blake2b,
    u64,
    128,
    12,
    [32, 24, 16, 63],
    [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ]
);

blake2_impl!(
    Blake2s,
    u32,
    64,
    10,
    [16, 12, 8, 7],
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn params(n: usize) -> Params {
        Params {
            digest_size: n,
            fanout: 1,
            depth: 1,
            ..Params::default()
        }
    }

    /// RFC 7693 appendix A/B test vectors ("abc").
    #[test]
    fn rfc_vectors() {
        let mut b = Blake2b::new(&params(64));
        b.update(b"abc");
        assert_eq!(
            hex(&b.finalize()),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
             7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        );
        let mut s = Blake2s::new(&params(32));
        s.update(b"abc");
        assert_eq!(
            hex(&s.finalize()),
            "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"
        );
    }

    #[test]
    fn split_updates_match() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let mut one = Blake2b::new(&params(64));
        one.update(&data);
        let mut many = Blake2b::new(&params(64));
        for c in data.chunks(37) {
            many.update(c);
        }
        assert_eq!(one.finalize(), many.finalize());
    }
}
