//! One seeded random number generator for every random decision of a run.
//!
//! SplitMix64 is one fixed algorithm on `u64`, so the same seed gives the same sequence natively
//! and in 32-bit WebAssembly (unlike `rand`'s `SmallRng`, which changes algorithm by platform).

use serde::{Deserialize, Serialize};

/// SplitMix64 (Steele, Lea and Flood, 2014).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..=max`, without modulo bias worth noticing for small `max`.
    pub fn upto(&mut self, max: u32) -> u32 {
        if max == 0 {
            return 0;
        }
        (((self.next_u64() >> 32) * (u64::from(max) + 1)) >> 32) as u32
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u8) -> bool {
        self.upto(99) < u32::from(percent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sequence() {
        // Reference values of SplitMix64 for seed 1234567.
        let mut r = Rng::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn upto_stays_in_range_and_covers_it() {
        let mut r = Rng::new(7);
        let mut seen = [false; 4];
        for _ in 0..1000 {
            let x = r.upto(3);
            assert!(x <= 3);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
