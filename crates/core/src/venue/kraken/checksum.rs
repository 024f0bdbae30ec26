//! Kraken's book checksum (KR-CK, https://docs.kraken.com/api/docs/guides/spot-ws-book-v2;
//! the same algorithm as v1): CRC-32 of the top 10 asks (lowest first) then the top 10 bids
//! (highest first), each level written as its price then its qty, every number at the pair's
//! precision with the '.' deleted and the leading zeros stripped.
//!
//! A number written at its own tick scale with the point deleted is its tick count padded
//! with zeros on the left; stripping those leaves the tick count's decimal digits. So the
//! checksum is computed from i64 ticks directly, without formatting a decimal: exact, and
//! the same for a price sent as `45285.2` or `45285.20000`.

use crate::book::{Book, Side};

/// How many levels a side contributes, whatever the subscribed depth.
pub const CHECKSUM_LEVELS: usize = 10;

/// The checksum of `book`, whose ticks are at the pair's precision (price ticks at Kraken's
/// `price_precision`, amounts at `qty_precision`: how a Kraken book is kept here). No
/// decimals are passed because at its own scale a number's digits are its tick count.
///
/// A book kept at another scale must convert its levels with [`rescale`] and call
/// [`checksum_levels`].
pub fn checksum(book: &Book) -> u32 {
    let asks = book.levels(Side::Ask).map(|l| (l.price, l.amount));
    let bids = book.levels(Side::Bid).map(|l| (l.price, l.amount));
    checksum_levels(asks, bids)
}

/// The checksum of two sides given best first as `(price, qty)` in ticks at the pair's
/// precision (`price_precision`, `qty_precision`); only the first 10 of each are read.
/// This is the entry point for a book kept in another structure (the simulator's).
pub fn checksum_levels(asks: impl IntoIterator<Item = (i64, i64)>, bids: impl IntoIterator<Item = (i64, i64)>) -> u32 {
    let mut crc = Crc32::new();
    for (price, qty) in asks.into_iter().take(CHECKSUM_LEVELS).chain(bids.into_iter().take(CHECKSUM_LEVELS)) {
        crc.digits(price);
        crc.digits(qty);
    }
    crc.finish()
}

/// Converts ticks at `from` decimals to ticks at `to` decimals when that is exact (for a book
/// kept at another scale than the pair's precision); None when digits would be lost or the
/// result overflows.
pub fn rescale(ticks: i64, from: u32, to: u32) -> Option<i64> {
    if to >= from {
        10i64.checked_pow(to - from).and_then(|m| ticks.checked_mul(m))
    } else {
        let d = 10i64.checked_pow(from - to)?;
        (ticks % d == 0).then_some(ticks / d)
    }
}

/// The IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320, init and final xor all ones): the
/// one of zlib, and Kraken's. One 256-entry table (1 KB, built at compile time), one byte per
/// step: crc32fast's slice-by-16 tables are 16 KB, too much for the core-only npm wasm's size
/// budget, and a checksum of some 300 bytes per book message needs no more speed than this.
#[derive(Clone, Copy, Debug)]
pub struct Crc32(u32);

const TABLE: [u32; 256] = table();

const fn table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

impl Default for Crc32 {
    fn default() -> Self {
        Crc32::new()
    }
}

impl Crc32 {
    pub const fn new() -> Self {
        Crc32(0xFFFF_FFFF)
    }

    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = TABLE[((self.0 ^ b as u32) & 0xFF) as usize] ^ (self.0 >> 8);
        }
    }

    /// Feeds a tick count's decimal digits, no sign and no leading zeros (0 feeds nothing:
    /// "0.0" with every zero stripped is empty). Negative ticks never occur in a book; their
    /// magnitude is written.
    pub fn digits(&mut self, ticks: i64) {
        let mut buf = [0u8; 20];
        let mut n = ticks.unsigned_abs();
        let mut i = buf.len();
        while n > 0 {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.update(&buf[i..]);
    }

    pub const fn finish(self) -> u32 {
        !self.0
    }

    /// The CRC-32 of `bytes` at once.
    pub fn of(bytes: &[u8]) -> u32 {
        let mut c = Crc32::new();
        c.update(bytes);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_values() {
        // The standard check value of CRC-32/ISO-HDLC, and zlib.crc32 of two short strings.
        assert_eq!(Crc32::of(b"123456789"), 0xCBF4_3926);
        assert_eq!(Crc32::of(b""), 0);
        assert_eq!(Crc32::of(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
    }

    #[test]
    fn digits_strip_leading_zeros() {
        for (ticks, text) in [(100000i64, "100000"), (4528520, "4528520"), (7, "7"), (0, "")] {
            let mut c = Crc32::new();
            c.digits(ticks);
            assert_eq!(c.finish(), Crc32::of(text.as_bytes()), "{ticks}");
        }
    }

    #[test]
    fn rescale_exact_only() {
        assert_eq!(rescale(452852, 1, 2), Some(4528520));
        assert_eq!(rescale(4528520, 2, 1), Some(452852));
        assert_eq!(rescale(4528521, 2, 1), None);
        assert_eq!(rescale(i64::MAX, 0, 1), None);
    }
}
