//! The JSON reader's messages in Chinese and English, with the place they point at.
//!
//! [`super::read`] reports what serde_json reported, with the offset it gave: a syntax error
//! (the text ends inside a list, a value is missing, …) or a data error in the shape of serde's
//! `de::Error` constructors (unknown field, missing field, invalid type, …). [`error`] says each
//! in both languages and adds the line, the column and the path of the field the reader had
//! reached. A shape with no translation keeps serde's English text behind a translated prefix.

use super::read::{Code, Error, Got, Kind, Want};
use super::{ScenarioError, Text};

/// The scenario error for `e`, raised while reading `text`: the position in characters, the path
/// of the field the reader had reached, and the message in both languages.
pub(super) fn error(e: &Error, text: &str) -> ScenarioError {
    // The offset is of the end of the last byte read.
    let mut end = e.at.unwrap_or(text.len()).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let read = &text[..end];
    let line_start = read.rfind('\n').map_or(0, |i| i + 1);
    // A syntax error's last character is the one at fault, which belongs to no field yet (it may
    // be a `]` where a value should be). At the end of the text, nothing is at fault.
    let sound = match e.kind {
        Kind::Syntax(Code::EofList | Code::EofObject | Code::EofString | Code::EofValue) => read,
        Kind::Syntax(_) => read
            .char_indices()
            .next_back()
            .map_or(read, |(last, _)| &read[..last]),
        _ => read,
    };
    ScenarioError::Syntax {
        line: 1 + text[..line_start].matches('\n').count(),
        // Counted from 1: a text that ends just after a line break stopped at column 1 of the
        // next line, not 0.
        column: read[line_start..].chars().count().max(1),
        // An object the text ends inside is at fault as a whole, not its last field.
        path: path_at(sound, e.kind != Kind::Syntax(Code::EofObject)),
        detail: detail(&e.kind),
    }
}

/// What `kind` says, without its position, in both languages.
fn detail(kind: &Kind) -> Text {
    match kind {
        Kind::Syntax(code) => syntax(*code),
        Kind::UnknownField(name, names) => unknown(name, names, ("字段", "field", "fields")),
        Kind::UnknownVariant(name, names) => unknown(name, names, ("名称", "variant", "variants")),
        Kind::Missing(field) => Text::new(
            format!("缺少字段 `{field}`"),
            format!("missing field `{field}`"),
        ),
        Kind::NeedsFields(name) => Text::new(
            format!("`{name}` 需要字段：写成 {{\"{name}\": {{ … }}}}"),
            format!("`{name}` needs its fields: write {{\"{name}\": {{ … }}}}"),
        ),
        Kind::Duplicate(field) => Text::new(
            format!("字段 `{field}` 出现了两次"),
            format!("duplicate field `{field}`"),
        ),
        Kind::Type(got, want) => {
            let (got, want) = (unexpected(got), expected(*want));
            Text::new(
                format!("类型不对：得到{}，需要{}", got.zh, want.zh),
                format!("wrong type: got {}, expected {}", got.en, want.en),
            )
        }
        Kind::Range(number, want) => {
            let want = expected(*want);
            Text::new(
                format!("数值 {number} 超出范围，需要{}", want.zh),
                format!("the number {number} is out of range; expected {}", want.en),
            )
        }
        Kind::Length(len, want) => {
            let want = expected(*want);
            let items = if *len == 1 { "item" } else { "items" };
            Text::new(
                format!("得到 {len} 项的列表，需要{}", want.zh),
                format!("got a list of {len} {items}, expected {}", want.en),
            )
        }
        Kind::Other(message) => Text::new(
            format!("不符合场景格式（英文原文）：{message}"),
            format!("not the scenario format: {message}"),
        ),
    }
}

/// serde_json's syntax errors.
fn syntax(code: Code) -> Text {
    let (zh, en) = match code {
        Code::EofList => (
            "文本在列表中途结束：缺少 `]`",
            "the text ends inside a list: a `]` is missing",
        ),
        Code::EofObject => (
            "文本在对象中途结束：缺少 `}`",
            "the text ends inside an object: a `}` is missing",
        ),
        Code::EofString => (
            "文本在字符串中途结束：缺少结尾的 `\"`",
            "the text ends inside a string: the closing `\"` is missing",
        ),
        Code::EofValue => (
            "文本在应有值的地方结束",
            "the text ends where a value should be",
        ),
        Code::Colon => ("键的后面应是 `:`", "expected `:` after the key"),
        Code::ListCommaOrEnd => (
            "列表里应是 `,` 或 `]`",
            "expected `,` or `]` in the list",
        ),
        Code::ObjectCommaOrEnd => (
            "对象里应是 `,` 或 `}`",
            "expected `,` or `}` in the object",
        ),
        Code::Ident => ("应是 true、false 或 null", "expected true, false or null"),
        Code::Value => (
            "这里缺少值，或者这种值不能用在这里",
            "a value is missing here, or this kind of value is not allowed here",
        ),
        Code::Escape => (
            "字符串里的转义无效（`\\` 后面的字符）",
            "invalid escape in a string (the character after `\\`)",
        ),
        Code::Number => ("数字的写法不对", "invalid number"),
        Code::OutOfRange => ("数字超出范围", "number out of range"),
        Code::Control => (
            "字符串里有控制字符（U+0000 到 U+001F），请写成转义，如 \\n",
            "a control character (U+0000 to U+001F) inside a string; write it as an escape, such as \\n",
        ),
        Code::Key => (
            "对象的键必须是双引号括起的字符串",
            "an object's key must be a string in double quotes",
        ),
        Code::LoneSurrogate => (
            "\\u 转义里有落单的前导代理",
            "a lone leading surrogate in a \\u escape",
        ),
        Code::TrailingComma => ("最后一项后面多了逗号", "a comma after the last item"),
        Code::Trailing => (
            "场景结束以后还有多余的字符",
            "unexpected characters after the end of the scenario",
        ),
        Code::HexEnd => ("\\u 转义不完整", "an unfinished \\u escape"),
        Code::Depth => ("嵌套太深", "nested too deeply"),
        Code::OneKey => (
            "这里只能有一个键：名称，它的字段写在名称里面",
            "one key only here: the name, with its fields inside it",
        ),
        Code::NameOrObject => (
            "这里应是双引号括起的名称，或以名称为唯一键的对象",
            "expected a name in double quotes, or an object with a name as its one key",
        ),
        Code::NoKey => (
            "对象是空的：应以一个名称作为它唯一的键",
            "an empty object: write a name as its one key",
        ),
    };
    Text::new(zh, en)
}

/// "unknown field `x`; expected one of `a`, `b`" and the like; `noun` is what is unknown, in
/// Chinese, in English, and in the English plural.
fn unknown(name: &str, names: &[&str], noun: (&str, &str, &str)) -> Text {
    let (zh, en, plural) = noun;
    if names.is_empty() {
        return Text::new(
            format!("未知{zh} `{name}`：这里不能写任何{zh}"),
            format!("unknown {en} `{name}`; there are no {plural} here"),
        );
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    // serde's list reads "`a`", "`a` or `b`", or "one of `a`, `b`, `c`".
    let list = match quoted.as_slice() {
        [a, b] => format!("{a} or {b}"),
        [_, _, _, ..] => format!("one of {}", quoted.join(", ")),
        _ => quoted.concat(),
    };
    Text::new(
        format!("未知{zh} `{name}`，可用的{zh}：{}", quoted.join("、")),
        format!("unknown {en} `{name}`; expected {list}"),
    )
}

/// serde's `Unexpected`: what the document holds.
fn unexpected(got: &Got) -> Text {
    match got {
        Got::Bool(b) => Text::new(format!("布尔值 {b}"), format!("the boolean {b}")),
        Got::Number { text, float: false } => {
            Text::new(format!("整数 {text}"), format!("the integer {text}"))
        }
        Got::Number { text, float: true } => {
            Text::new(format!("小数 {text}"), format!("the number {text}"))
        }
        Got::Str(s) => {
            let s = super::quoted(s);
            Text::new(format!("字符串 {s}"), format!("the string {s}"))
        }
        Got::Null => Text::new("空值 null", "null"),
        Got::List => Text::new("列表", "a list"),
        Got::Map => Text::new("对象", "an object"),
    }
}

/// serde's `Expected`: what the format wants, in words rather than Rust types.
fn expected(want: Want) -> Text {
    match want {
        Want::Int(max) => Text::new(
            format!("介于 0 和 {max} 之间的整数"),
            format!("a whole number from 0 to {max}"),
        ),
        Want::Bool => Text::new("布尔值 true 或 false", "true or false"),
        Want::Str => Text::new("双引号括起的字符串", "a string in double quotes"),
        Want::List => Text::new("列表 [ … ]", "a list [ … ]"),
        Want::Unit => Text::new(
            "不带字段：直接写成字符串，如 \"step\"",
            "no fields: write it as a plain string, such as \"step\"",
        ),
        Want::Text => Text::new(
            "双语文本 {\"zh\": …, \"en\": …}",
            "a text {\"zh\": …, \"en\": …}",
        ),
        Want::Object => Text::new("对象 { … }", "an object { … }"),
    }
}

/// Where in the document the reader stopped, as a path such as `steps[2].do[0]`: the keys and
/// list positions of the objects and lists still open at the end of `read` (what it has read).
/// A key counts once its `:` is read, and until the next `,`.
fn path_at(read: &str, innermost_key: bool) -> String {
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
    if !innermost_key {
        if let Some(Open::Object { value, .. }) = open.last_mut() {
            *value = false;
        }
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

    #[test]
    fn quoted_writes_strings_as_debug_does() {
        use super::super::{quoted, quoted_all};
        for text in [
            "x=1",
            "郑州",
            "say \"hi\"",
            "a\\b",
            "two\nlines\tand\r",
            "nul\0",
            "bell\u{7}",
            "",
        ] {
            assert_eq!(quoted(text), format!("{text:?}"));
        }
        assert_eq!(quoted_all(&["x=1", "x=2"], '{', '}'), r#"{"x=1", "x=2"}"#);
        assert_eq!(quoted_all(&[], '[', ']'), "[]");
    }

    fn of(text: &str) -> ScenarioError {
        let e = super::super::read::scenario(text).unwrap_err();
        error(&e, text)
    }

    const START: &str = r#"{"title": {"zh": "", "en": ""}, "nodes": []"#;

    #[test]
    fn the_path_follows_keys_and_list_positions() {
        assert_eq!(path_at(r#"{"a": [1, {"b": "x"#, true), "a[1].b");
        assert_eq!(path_at(r#"{"a": [1, {"b": "x"}"#, true), "a[1]");
        assert_eq!(path_at(r#"{"a": {"b": 1, "c""#, true), "a");
        assert_eq!(path_at(r#"{"a": {"b": 1}"#, true), "a");
        assert_eq!(path_at(r#"{"a\"b": {"#, true), "a\\\"b");
        assert_eq!(path_at(r#"{"a": 1}"#, true), "");
        // The object the text ends inside, not its last field.
        assert_eq!(path_at(r#"{"a": {"b": 1"#, false), "a");
        assert_eq!(path_at(r#"{"a": [1]"#, false), "");
    }

    #[test]
    fn a_text_that_ends_after_a_line_break_ends_at_column_1() {
        let ScenarioError::Syntax { line, column, .. } = of(&format!("{START}\n")) else {
            panic!("a syntax error");
        };
        assert_eq!((line, column), (2, 1));
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
                format!(r#"{START}, "rules": {{"seed": 18446744073709551616}}}}"#),
                "数值 18446744073709551616 超出范围，需要介于 0 和 18446744073709551615 之间的整数",
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
            (step(r#"{"step": {"max-steps": 2}}"#), "直接写成字符串"),
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
        let deep = format!(
            r#"{START}, "rules": {{"learning": {{"strategy": "all", "x": {}"#,
            "[".repeat(200)
        );
        // serde_json's limit: 128 lists and objects open, counting the scenario's own three.
        let ScenarioError::Syntax { column, detail, .. } = of(&deep) else {
            panic!("a syntax error");
        };
        assert_eq!(column, deep.rfind(' ').unwrap() + 126, "the 125th `[`");
        assert_eq!(detail, Text::new("嵌套太深", "nested too deeply"));
        let e = of(&format!(
            r#"{START}, "rules": {{"learning": {{"strategy": "all", "x": 1}}}}}}"#
        ));
        let ScenarioError::Syntax { detail, .. } = e else {
            panic!("a syntax error");
        };
        assert_eq!(
            detail,
            Text::new(
                "未知字段 `x`：这里不能写任何字段",
                "unknown field `x`; there are no fields here"
            )
        );
    }

    #[test]
    fn an_action_is_one_name_with_its_fields_inside() {
        let step = |action: &str| {
            of(&format!(
                r#"{START}, "steps": [{{"caption": {{"zh": "", "en": ""}}, "do": [{action}]}}]}}"#
            ))
            .text()
        };
        let cases = [
            (
                r#""deliver""#,
                "at `steps[0].do`: `deliver` needs its fields: write {\"deliver\": { … }}",
                "`deliver` 需要字段：写成 {\"deliver\": { … }}",
            ),
            (
                r#"{"propose": {"node": "p", "value": "x"}, "deliver": {}}"#,
                "at `steps[0].do[0].propose`: one key only here: the name, with its fields inside it",
                "这里只能有一个键",
            ),
            (
                "{}",
                "at `steps[0].do[0]`: an empty object: write a name as its one key",
                "对象是空的",
            ),
            (
                r#"["step"]"#,
                "at `steps[0].do[0]`: expected a name in double quotes, or an object with a name as its one key",
                "这里应是双引号括起的名称",
            ),
        ];
        for (action, en, zh) in cases {
            let text = step(action);
            assert!(text.en.ends_with(en), "{action}: {}", text.en);
            assert!(text.zh.contains(zh), "{action}: {}", text.zh);
        }
    }

    #[test]
    fn an_unknown_shape_keeps_the_english_behind_a_translated_prefix() {
        let e = of(&format!(
            r#"{START}, "steps": [{{"caption": {{"zh": "", "en": ""}}, "expect": {{"violation": []}}}}]}}"#
        ));
        let text = e.text();
        assert!(
            text.zh.contains("不符合场景格式（英文原文）："),
            "{}",
            text.zh
        );
        assert!(
            text.en.starts_with("line 1, column")
                && text
                    .en
                    .contains("not the scenario format: invalid type: sequence"),
            "{}",
            text.en
        );
    }
}
