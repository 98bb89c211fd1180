//! The speed of the display clock, in one place: the slider's position, the factor it stands
//! for, and the `?speed=` values the address accepts. The slider, the address and the
//! playback all go through [`Speed`].

use super::layout::num;
use super::math::{log10, pow};

/// A speed, held as the speed slider's position: `-RANGE` is 0.1×, 0 is 1× and `RANGE` is
/// 10×, on a logarithmic scale (the factor is 10 to the power position / `RANGE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Speed(i32);

impl Speed {
    /// The slider runs from `-RANGE` (0.1×) to `RANGE` (10×).
    pub const RANGE: i32 = 100;

    /// The speed at slider position `position`, clamped to the slider's range.
    pub fn at(position: i32) -> Self {
        Speed(position.clamp(-Self::RANGE, Self::RANGE))
    }

    /// The slider's position.
    pub fn position(self) -> i32 {
        self.0
    }

    /// The factor by which the display clock runs faster than 1×: 0.1 to 10.
    pub fn factor(self) -> f64 {
        pow(10.0, f64::from(self.0) / f64::from(Self::RANGE))
    }

    /// The speed for a factor such as `2`, `0.5`, `1.25` or `3x`, if it lies within 0.1 to 10.
    /// Parsed by hand, in hundredths: float parsing would add kilobytes to the page.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim().trim_end_matches(['x', 'X', '×']);
        let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
            return None;
        }
        if whole.len() > 3 {
            return None;
        }
        let whole: u32 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut hundredths = whole * 100;
        for (i, b) in fraction.bytes().take(2).enumerate() {
            hundredths += u32::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        if !(10..=1000).contains(&hundredths) {
            return None;
        }
        let position = f64::from(Self::RANGE) * log10(f64::from(hundredths) / 100.0);
        Some(Speed(position.round() as i32))
    }

    /// The factor as shown beside the slider: "0.10×" to "10×" (integer arithmetic: float
    /// formatting would add tens of kilobytes to the page).
    pub fn text(self) -> String {
        let f = self.factor();
        if f < 0.995 {
            let hundredths = (f * 100.0).round() as u32;
            format!("0.{hundredths:02}×")
        } else if f < 9.95 {
            format!("{}×", num(f))
        } else {
            format!("{}×", f.round() as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_map_onto_the_slider() {
        let speed_position = |value: &str| Speed::parse(value).map(Speed::position);
        assert_eq!(speed_position("1"), Some(0));
        assert_eq!(speed_position("10"), Some(100));
        assert_eq!(speed_position("0.1"), Some(-100));
        assert_eq!(speed_position(".5"), Some(-30));
        assert_eq!(speed_position("3x"), Some(48));
        assert_eq!(speed_position("1.259"), Some(10));
        for bad in [
            "", ".", "0", "0.09", "10.01", "11", "-1", "1e2", "NaN", "1.2.3", "99999",
        ] {
            assert_eq!(speed_position(bad), None, "{bad}");
        }
    }

    #[test]
    fn speed_reads_as_a_factor() {
        let speed_text = |position: i32| Speed::at(position).text();
        assert_eq!(speed_text(-100), "0.10×");
        assert_eq!(speed_text(0), "1×");
        assert_eq!(speed_text(-50), "0.32×");
        assert_eq!(speed_text(50), "3.2×");
        assert_eq!(speed_text(100), "10×");
    }
}
