//! The speed of the display clock, in one place: the slider's position, the factor it stands
//! for, and the `?speed=` values the address accepts. The slider, the address and the
//! playback all go through [`Speed`].

use super::math::{log10, pow};

/// A speed, held as its factor in thousandths: 100 is 0.1×, 1000 is 1× and 10000 is 10×. The
/// slider maps onto it on a logarithmic scale (position `-RANGE` is 0.1×, 0 is 1× and `RANGE`
/// is 10×), and an address's `?speed=7` is held exactly, so that the page says "7×", not the
/// slider's nearest step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speed(u16);

impl Default for Speed {
    fn default() -> Self {
        Speed(1000)
    }
}

impl Speed {
    /// The slider runs from `-RANGE` (0.1×) to `RANGE` (10×).
    pub const RANGE: i32 = 100;

    /// The speed at slider position `position`, clamped to the slider's range.
    pub fn at(position: i32) -> Self {
        let position = position.clamp(-Self::RANGE, Self::RANGE);
        let thousandths = 1000.0 * pow(10.0, f64::from(position) / f64::from(Self::RANGE));
        Speed((thousandths.round() as u16).clamp(100, 10_000))
    }

    /// The slider's position: the nearest to the factor.
    pub fn position(self) -> i32 {
        (f64::from(Self::RANGE) * log10(self.factor())).round() as i32
    }

    /// The factor by which the display clock runs faster than 1×: 0.1 to 10.
    pub fn factor(self) -> f64 {
        f64::from(self.0) / 1000.0
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
        let whole: u16 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut hundredths = whole * 100;
        for (i, b) in fraction.bytes().take(2).enumerate() {
            hundredths += u16::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        (10..=1000)
            .contains(&hundredths)
            .then_some(Speed(hundredths * 10))
    }

    /// The factor as shown beside the slider, to the hundredth without trailing zeros: "0.1×",
    /// "0.71×", "1×", "3.16×", "7×", "10×" (digit by digit: Rust's formatting would add to the
    /// page).
    pub fn text(self) -> String {
        let hundredths = (self.0 + 5) / 10;
        let digit = |d: u16| char::from(b'0' + (d % 10) as u8);
        let mut out = String::with_capacity(8);
        if hundredths >= 1000 {
            out.push('1');
        }
        out.push(digit(hundredths / 100));
        if hundredths % 100 != 0 {
            out.push('.');
            out.push(digit(hundredths / 10));
            if hundredths % 10 != 0 {
                out.push(digit(hundredths));
            }
        }
        out.push('×');
        out
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
        // Every slider position maps to a speed that maps back to it.
        for position in -Speed::RANGE..=Speed::RANGE {
            assert_eq!(Speed::at(position).position(), position);
        }
        assert_eq!(Speed::at(-300), Speed::at(-Speed::RANGE));
        assert_eq!(Speed::at(0), Speed::default());
    }

    #[test]
    fn speed_reads_as_a_factor() {
        let speed_text = |position: i32| Speed::at(position).text();
        assert_eq!(speed_text(-100), "0.1×");
        assert_eq!(speed_text(0), "1×");
        assert_eq!(speed_text(-50), "0.32×");
        assert_eq!(speed_text(50), "3.16×");
        assert_eq!(speed_text(100), "10×");
        // An address's speed reads as it was written, not as the slider's nearest step.
        let said = |value: &str| Speed::parse(value).map(Speed::text);
        for (value, text) in [
            ("7", "7×"),
            ("8", "8×"),
            ("9x", "9×"),
            ("0.7", "0.7×"),
            ("2.5", "2.5×"),
            ("1.25", "1.25×"),
            ("0.05", "0.05×"),
        ] {
            let expected = (text != "0.05×").then(|| text.to_owned());
            assert_eq!(said(value), expected, "{value}");
        }
        assert!((Speed::parse("7").unwrap().factor() - 7.0).abs() < 1e-12);
    }
}
