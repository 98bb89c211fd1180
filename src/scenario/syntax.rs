//! The JSON reader's messages in Chinese and English, with the place they point at.
//!
//! serde_json reports a bad document as one English line, such as "unknown field `ballott`,
//! expected one of `node`, `value`, `ballot`, `to` at line 12 column 20". The messages come in a
//! few fixed shapes: serde's `de::Error` constructors (unknown field, missing field, invalid
//! type, …) and serde_json's syntax errors (EOF while parsing, expected value, …). [`detail`]
//! recognises each shape and says the same in both languages; [`error`] adds the line, the
//! column and the path of the field the reader had reached. A message of no known shape keeps
//! serde's English text behind a translated prefix.

use super::{ScenarioError, Text};
use serde_json::error::Category;

/// The scenario error for `e`, raised while reading `text`: the position in characters, the path
/// of the field the reader had reached, and the message in both languages.
pub(super) fn error(e: &serde_json::Error, text: &str) -> ScenarioError {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    // serde_json counts the column in bytes: the last byte it read on the line.
    let mut end = (line_start + e.column()).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let read = &text[..end];
    // A syntax error's last character is the one at fault, which belongs to no field yet (it may
    // be a `]` where a value should be). At the end of the text, nothing is at fault.
    let sound = match e.classify() {
        Category::Syntax => read
            .char_indices()
            .next_back()
            .map_or(read, |(last, _)| &read[..last]),
        Category::Eof | Category::Data | Category::Io => read,
    };
    ScenarioError::Syntax {
        line: e.line(),
        column: text[line_start.min(end)..end].chars().count(),
        path: path_at(sound),
        detail: detail(e),
    }
}

/// What `e` says, without its position, in both languages.
fn detail(e: &serde_json::Error) -> Text {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let known = match e.classify() {
        Category::Syntax | Category::Eof => syntax(message),
        Category::Data => data(message),
        Category::Io => None,
    };
    known.unwrap_or_else(|| match e.classify() {
        Category::Syntax | Category::Eof => Text::new(
            format!("JSON 语法错误（英文原文）：{message}"),
            format!("JSON syntax error: {message}"),
        ),
        Category::Data | Category::Io => Text::new(
            format!("不符合场景格式（英文原文）：{message}"),
            format!("not the scenario format: {message}"),
        ),
    })
}

/// serde_json's syntax errors, which are fixed strings.
fn syntax(message: &str) -> Option<Text> {
    let (zh, en) = match message {
        "EOF while parsing a list" => (
            "文本在列表中途结束：缺少 `]`",
            "the text ends inside a list: a `]` is missing",
        ),
        "EOF while parsing an object" => (
            "文本在对象中途结束：缺少 `}`",
            "the text ends inside an object: a `}` is missing",
        ),
        "EOF while parsing a string" => (
            "文本在字符串中途结束：缺少结尾的 `\"`",
            "the text ends inside a string: the closing `\"` is missing",
        ),
        "EOF while parsing a value" => (
            "文本在应有值的地方结束",
            "the text ends where a value should be",
        ),
        "expected `:`" => ("键的后面应是 `:`", "expected `:` after the key"),
        "expected `,` or `]`" => (
            "列表里应是 `,` 或 `]`",
            "expected `,` or `]` in the list",
        ),
        "expected `,` or `}`" => (
            "对象里应是 `,` 或 `}`",
            "expected `,` or `}` in the object",
        ),
        "expected ident" => ("应是 true、false 或 null", "expected true, false or null"),
        "expected value" => (
            "这里缺少值，或者这种值不能用在这里",
            "a value is missing here, or this kind of value is not allowed here",
        ),
        "expected `\"`" => ("应是 `\"`", "expected `\"`"),
        "invalid escape" => (
            "字符串里的转义无效（`\\` 后面的字符）",
            "invalid escape in a string (the character after `\\`)",
        ),
        "invalid number" => ("数字的写法不对", "invalid number"),
        "number out of range" => ("数字超出范围", "number out of range"),
        "invalid unicode code point" => ("无效的 Unicode 码位", "invalid Unicode code point"),
        "control character (\\u0000-\\u001F) found while parsing a string" => (
            "字符串里有控制字符（U+0000 到 U+001F），请写成转义，如 \\n",
            "a control character (U+0000 to U+001F) inside a string; write it as an escape, such as \\n",
        ),
        "key must be a string" => (
            "对象的键必须是双引号括起的字符串",
            "an object's key must be a string in double quotes",
        ),
        "lone leading surrogate in hex escape" => (
            "\\u 转义里有落单的前导代理",
            "a lone leading surrogate in a \\u escape",
        ),
        "trailing comma" => ("最后一项后面多了逗号", "a comma after the last item"),
        "trailing characters" => (
            "场景结束以后还有多余的字符",
            "unexpected characters after the end of the scenario",
        ),
        "unexpected end of hex escape" => ("\\u 转义不完整", "an unfinished \\u escape"),
        "recursion limit exceeded" => ("嵌套太深", "nested too deeply"),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

/// serde's data errors, in the shapes of its `de::Error` constructors.
fn data(message: &str) -> Option<Text> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown(rest, ("字段", "field", "fields"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        return unknown(rest, ("名称", "variant", "variants"));
    }
    if let Some(field) = quoted(message, "missing field `") {
        return Some(Text::new(
            format!("缺少字段 `{field}`"),
            format!("missing field `{field}`"),
        ));
    }
    if let Some(field) = quoted(message, "duplicate field `") {
        return Some(Text::new(
            format!("字段 `{field}` 出现了两次"),
            format!("duplicate field `{field}`"),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, want) = rest.rsplit_once(", expected ")?;
        let (got, want) = (unexpected(got)?, expected(want)?);
        return Some(Text::new(
            format!("类型不对：得到{}，需要{}", got.zh, want.zh),
            format!("wrong type: got {}, expected {}", got.en, want.en),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (got, want) = rest.rsplit_once(", expected ")?;
        let want = expected(want)?;
        if let Some(number) = quoted(got, "integer `").or_else(|| quoted(got, "floating point `")) {
            return Some(Text::new(
                format!("数值 {number} 超出范围，需要{}", want.zh),
                format!("the number {number} is out of range; expected {}", want.en),
            ));
        }
        let got = unexpected(got)?;
        return Some(Text::new(
            format!("值不对：得到{}，需要{}", got.zh, want.zh),
            format!("invalid value: got {}, expected {}", got.en, want.en),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let (len, want) = rest.split_once(", expected ")?;
        let want = expected(want)?;
        let items = if len == "1" { "item" } else { "items" };
        return Some(Text::new(
            format!("得到 {len} 项的列表，需要{}", want.zh),
            format!("got a list of {len} {items}, expected {}", want.en),
        ));
    }
    None
}

/// "unknown field `x`, expected one of `a`, `b`" and the like, from after the first backtick;
/// `noun` is what is unknown, in Chinese, in English, and in the English plural.
fn unknown(rest: &str, noun: (&str, &str, &str)) -> Option<Text> {
    let (zh, en, plural) = noun;
    if let Some(name) = rest.strip_suffix(&format!("`, there are no {plural}")) {
        return Some(Text::new(
            format!("未知{zh} `{name}`：这里不能写任何{zh}"),
            format!("unknown {en} `{name}`; there are no {plural} here"),
        ));
    }
    // The list reads "`a`", "`a` or `b`", or "one of `a`, `b`, `c`".
    let (name, list) = rest.split_once("`, expected ")?;
    let names = list
        .strip_prefix("one of ")
        .unwrap_or(list)
        .split(['`', ',', ' '])
        .filter(|n| !n.is_empty() && *n != "or")
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>();
    Some(Text::new(
        format!("未知{zh} `{name}`，可用的{zh}：{}", names.join("、")),
        format!("unknown {en} `{name}`; expected {list}"),
    ))
}

/// The text between `prefix` (which ends with a backtick) and the closing backtick of `message`.
fn quoted<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.strip_suffix('`')
}

/// serde's `Unexpected`: what the document holds.
fn unexpected(got: &str) -> Option<Text> {
    if let Some(b) = quoted(got, "boolean `") {
        return Some(Text::new(format!("布尔值 {b}"), format!("the boolean {b}")));
    }
    if let Some(n) = quoted(got, "integer `") {
        return Some(Text::new(format!("整数 {n}"), format!("the integer {n}")));
    }
    if let Some(x) = quoted(got, "floating point `") {
        return Some(Text::new(format!("小数 {x}"), format!("the number {x}")));
    }
    if let Some(s) = got.strip_prefix("string ") {
        return Some(Text::new(format!("字符串 {s}"), format!("the string {s}")));
    }
    let (zh, en) = match got {
        "null" => ("空值 null", "null"),
        "sequence" => ("列表", "a list"),
        "map" => ("对象", "an object"),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

/// serde's `Expected`: what the format wants, in words rather than Rust types.
fn expected(want: &str) -> Option<Text> {
    let range = |max: u64| {
        Text::new(
            format!("介于 0 和 {max} 之间的整数"),
            format!("a whole number from 0 to {max}"),
        )
    };
    let text = match want {
        "u8" => range(u8::MAX.into()),
        "u32" => range(u32::MAX.into()),
        "u64" => range(u64::MAX),
        "usize" => range(usize::MAX as u64),
        "a boolean" => Text::new("布尔值 true 或 false", "true or false"),
        "a string" => Text::new("双引号括起的字符串", "a string in double quotes"),
        "a sequence" => Text::new("列表 [ … ]", "a list [ … ]"),
        "unit" => Text::new(
            "不带字段：直接写成字符串，如 \"step\"",
            "no fields: write it as a plain string, such as \"step\"",
        ),
        _ if want.starts_with("struct Text") => Text::new(
            "双语文本 {\"zh\": …, \"en\": …}",
            "a text {\"zh\": …, \"en\": …}",
        ),
        _ if want.starts_with("struct ") || want.starts_with("internally tagged enum ") => {
            Text::new("对象 { … }", "an object { … }")
        }
        _ => return None,
    };
    Some(text)
}

/// Where in the document the reader stopped, as a path such as `steps[2].do[0]`: the keys and
/// list positions of the objects and lists still open at the end of `read` (what it has read).
/// A key counts once its `:` is read, and until the next `,`.
fn path_at(read: &str) -> String {
    enum Open<'a> {
        Object { key: Option<&'a str>, value: bool },
        List { index: usize },
    }
    let bytes = read.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = i.min(bytes.len());
                if let Some(Open::Object { key, value: false }) = open.last_mut() {
                    *key = Some(&read[start..i]);
                }
            }
            b'{' => open.push(Open::Object {
                key: None,
                value: false,
            }),
            b'[' => open.push(Open::List { index: 0 }),
            b'}' | b']' => {
                open.pop();
            }
            b':' => {
                if let Some(Open::Object { value, .. }) = open.last_mut() {
                    *value = true;
                }
            }
            b',' => match open.last_mut() {
                Some(Open::Object { key, value }) => (*key, *value) = (None, false),
                Some(Open::List { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for o in &open {
        match o {
            Open::Object {
                key: Some(key),
                value: true,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object { .. } => {}
            Open::List { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> ScenarioError {
        let e = serde_json::from_str::<super::super::Scenario>(text).unwrap_err();
        error(&e, text)
    }

    const START: &str = r#"{"title": {"zh": "", "en": ""}, "nodes": []"#;

    #[test]
    fn the_path_follows_keys_and_list_positions() {
        assert_eq!(path_at(r#"{"a": [1, {"b": "x"#), "a[1].b");
        assert_eq!(path_at(r#"{"a": [1, {"b": "x"}"#), "a[1]");
        assert_eq!(path_at(r#"{"a": {"b": 1, "c""#), "a");
        assert_eq!(path_at(r#"{"a": {"b": 1}"#), "a");
        assert_eq!(path_at(r#"{"a\"b": {"#), "a\\\"b");
        assert_eq!(path_at(r#"{"a": 1}"#), "");
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"title\": {\"zh\": \"年会\", \"en\": 3}}";
        let ScenarioError::Syntax {
            line, column, path, ..
        } = of(text)
        else {
            panic!("a syntax error");
        };
        assert_eq!((line, path.as_str()), (1, "title.en"));
        assert_eq!(
            column,
            text.find('3').unwrap() + 1 - 4,
            "two 3-byte characters"
        );
    }

    #[test]
    fn each_shape_is_translated() {
        let step = |action: &str| {
            format!(
                r#"{START}, "steps": [{{"caption": {{"zh": "", "en": ""}}, "do": [{action}]}}]}}"#
            )
        };
        let cases = [
            ("{".to_owned(), "文本在对象中途结束：缺少 `}`"),
            ("{\"title\": {\"zh\": \"".to_owned(), "文本在字符串中途结束"),
            ("{\"nodes\": [".to_owned(), "文本在列表中途结束：缺少 `]`"),
            ("{\"title\": ".to_owned(), "文本在应有值的地方结束"),
            (format!("{START}}} x"), "场景结束以后还有多余的字符"),
            ("{\"title\" 1}".to_owned(), "键的后面应是 `:`"),
            ("{\"title\": tru}".to_owned(), "应是 true、false 或 null"),
            ("{\"title\": ]}".to_owned(), "这里缺少值"),
            (
                "{\"title\": {\"zh\": \"\\q\"}}".to_owned(),
                "字符串里的转义无效",
            ),
            ("{\"title\": -}".to_owned(), "数字的写法不对"),
            ("{\"title\": {\"zh\": \"a\nb\"}}".to_owned(), "控制字符"),
            ("{1: 2}".to_owned(), "对象的键必须是双引号括起的字符串"),
            ("{\"title\": 1e999}".to_owned(), "数字超出范围"),
            (
                format!(r#"{START}, "rules": {{"variants": ["amnesia" "x"]}}}}"#),
                "列表里应是 `,` 或 `]`",
            ),
            (
                "{\"title\": {\"zh\": \"\" \"en\": \"\"}}".to_owned(),
                "对象里应是 `,` 或 `}`",
            ),
            ("{\"title\": {\"zh\": \"\"}}".to_owned(), "缺少字段 `en`"),
            (
                "{\"title\": {\"zh\": \"\", \"zh\": \"\"}}".to_owned(),
                "字段 `zh` 出现了两次",
            ),
            (
                "{\"title\": null}".to_owned(),
                "类型不对：得到空值 null，需要双语文本",
            ),
            (
                "{\"title\": [\"\"]}".to_owned(),
                "得到 1 项的列表，需要双语文本 {\"zh\": …, \"en\": …}",
            ),
            (
                format!(r#"{START}, "rules": {{"nacks": 1}}}}"#),
                "类型不对：得到整数 1，需要布尔值 true 或 false",
            ),
            (
                format!(r#"{START}, "rules": {{"seed": -1}}}}"#),
                "数值 -1 超出范围，需要介于 0 和 18446744073709551615 之间的整数",
            ),
            (
                format!(r#"{START}, "rules": {{"latency": 1.5}}}}"#),
                "类型不对：得到小数 1.5，需要介于 0 和 4294967295 之间的整数",
            ),
            (
                format!(r#"{START}, "rules": {{"nacks": "yes"}}}}"#),
                "类型不对：得到字符串 \"yes\"，需要布尔值",
            ),
            (
                format!(r#"{START}, "rules": {{"learning": "all"}}}}"#),
                "类型不对：得到字符串 \"all\"，需要对象 { … }",
            ),
            (
                format!(r#"{START}, "rules": {{"learning": {{"strategy": "one"}}}}}}"#),
                "未知名称 `one`，可用的名称：`all`、`distinguished`、`set`",
            ),
            (
                format!(r#"{START}, "rules": {{"variants": {{}}}}}}"#),
                "类型不对：得到对象，需要列表 [ … ]",
            ),
            (
                format!(
                    r#"{START}, "rules": {{"learning": {{"strategy": "distinguished", "learner": null}}}}}}"#
                ),
                "类型不对：得到空值 null，需要双引号括起的字符串",
            ),
            (
                "{\"title\": {\"zh\": [], \"en\": \"\"}}".to_owned(),
                "类型不对：得到列表，需要双引号括起的字符串",
            ),
            (
                "{\"title\": {\"zh\": true, \"en\": \"\"}}".to_owned(),
                "类型不对：得到布尔值 true，需要双引号括起的字符串",
            ),
            (step(r#"{"step": {}}"#), "直接写成字符串"),
            (step(r#"{"propose": 3}"#), "需要对象 { … }"),
        ];
        for (text, zh) in &cases {
            let sentence = of(text).text();
            assert!(sentence.zh.contains(zh), "{text}: {}", sentence.zh);
            assert!(!sentence.zh.contains("英文原文"), "{text}: {}", sentence.zh);
            assert!(
                !sentence.en.contains(" at line "),
                "{text}: {}",
                sentence.en
            );
        }
        let deep = serde_json::from_str::<serde_json::Value>(&"[".repeat(200)).unwrap_err();
        assert_eq!(detail(&deep), Text::new("嵌套太深", "nested too deeply"));
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Empty {}
        let e = serde_json::from_str::<Empty>("{\"x\": 1}").unwrap_err();
        assert_eq!(
            detail(&e),
            Text::new(
                "未知字段 `x`：这里不能写任何字段",
                "unknown field `x`; there are no fields here"
            )
        );
    }

    #[test]
    fn an_unknown_shape_keeps_the_english_behind_a_translated_prefix() {
        let e =
            serde_json::from_str::<std::collections::BTreeMap<u32, u32>>("{\"x\": 1}").unwrap_err();
        let text = detail(&e);
        assert!(
            text.zh.starts_with("JSON 语法错误（英文原文）："),
            "{}",
            text.zh
        );
        assert!(text.en.ends_with("expected key to be a number in quotes"));
    }
}
