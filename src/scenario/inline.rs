//! Scenarios carried in the address: `#scenario=` followed by the JSON in base64url (RFC 4648 §5,
//! padding optional), so a scenario can be shared as a link without any server.

use super::{ScenarioError, Text, MAX_BYTES};

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
    let bad = |zh: String, en: String| ScenarioError::Invalid {
        path: "#scenario".into(),
        problem: Text::new(zh, en),
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
                // Every byte before this one is ASCII, so a character starts here.
                let shown = data[i..].chars().next().unwrap_or('?');
                let shown = if shown.is_control() {
                    format!("'\\u{{{:x}}}'", u32::from(shown))
                } else {
                    format!("'{shown}'")
                };
                let position = i + 1;
                return Err(bad(
                    format!("不是 base64url：第 {position} 个字符 {shown} 不能出现在这里"),
                    format!("not base64url: character {shown} at position {position}"),
                ));
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
        return Err(bad(
            "不是 base64url：长度不可能是这样（除以 4 余 1）".into(),
            "not base64url: the length is impossible".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        bad(
            "解码出的数据不是 UTF-8 文本".into(),
            "the decoded data is not UTF-8 text".into(),
        )
    })
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

    #[test]
    fn bad_base64_is_explained_in_both_languages() {
        let text = decode("eyJ0aXRsZSI6 1}").unwrap_err().text();
        assert_eq!(
            text.zh,
            "#scenario：不是 base64url：第 13 个字符 ' ' 不能出现在这里"
        );
        assert_eq!(
            text.en,
            "#scenario: not base64url: character ' ' at position 13"
        );
        let text = decode("abcde").unwrap_err().text();
        assert!(text.zh.starts_with("#scenario：不是 base64url：长度"));
        assert!(text.en.ends_with("the length is impossible"));
        let text = decode("_w").unwrap_err().text();
        assert_eq!(text.zh, "#scenario：解码出的数据不是 UTF-8 文本");
        let huge = decode(&"A".repeat(MAX_BYTES * 2)).unwrap_err();
        assert!(matches!(huge, ScenarioError::TooLarge { .. }));
        assert!(huge.text().zh.starts_with("场景有 "));
    }
}
