//! Scenarios carried in the address: `#scenario=` followed by the JSON in base64url (RFC 4648 §5,
//! padding optional), so a scenario can be shared as a link without any server.

use super::{ScenarioError, MAX_BYTES};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes text as unpadded base64url.
pub fn encode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (standard `+` and `/` are accepted too) into UTF-8 text.
pub fn decode(data: &str) -> Result<String, ScenarioError> {
    let data = data.trim().trim_end_matches('=');
    if data.len() / 4 * 3 > MAX_BYTES {
        return Err(ScenarioError::TooLarge {
            bytes: data.len() / 4 * 3,
        });
    }
    let bad = |problem: String| ScenarioError::Invalid {
        path: "#scenario".into(),
        problem,
    };
    let mut bytes = Vec::with_capacity(data.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in data.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => {
                return Err(bad(format!(
                    "not base64url: character {:?} at position {}",
                    c as char,
                    i + 1
                )))
            }
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if data.len() % 4 == 1 {
        return Err(bad("not base64url: the length is impossible".into()));
    }
    String::from_utf8(bytes).map_err(|_| bad("the decoded data is not UTF-8 text".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_including_chinese() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "{\"title\":\"年会\"}",
            "1+1=3?>~",
        ] {
            assert_eq!(decode(&encode(s)).unwrap(), s);
        }
        assert_eq!(encode("1+1=3?>~"), "MSsxPTM_Pn4");
        assert_eq!(decode("MSsxPTM/Pn4=").unwrap(), "1+1=3?>~");
    }

    #[test]
    fn refuses_garbage() {
        assert!(decode("ab$c")
            .unwrap_err()
            .to_string()
            .contains("character '$'"));
        assert!(decode("abcde").is_err());
        assert!(decode("_w").unwrap_err().to_string().contains("UTF-8"));
    }
}
