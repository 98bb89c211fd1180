//! The scenario reader: JSON text to a [`Scenario`], written out by hand.
//!
//! It accepts exactly what serde_json accepted when it read the format's types through their
//! derived `Deserialize`, and rejects the rest at the same place with the same complaint: each
//! function below follows the serde_json or serde routine named in its comment, including where
//! an error is placed (serde_json places a data error, such as an unknown field, where the
//! innermost list or object around it stopped reading). One departure: a field missing from a
//! learning strategy or a liveness rule is placed at the end of that object, so that its path
//! names it. Written out, the reader is a fraction of the size of serde's generic code in the
//! page. [`super::syntax`] puts the errors into words. Three complaints are the reader's own, where
//! serde's words were about its types rather than the format: an action with fields written as
//! its bare name (`"deliver"`), a second key beside an action's name, and an empty object where
//! an action is wanted; each is placed where serde_json placed its own.

use super::format::{
    AcceptedSpec, Action, Expect, ExpectViolation, KnownSpec, LearningSpec, LivenessSpec, LogSpec,
    MatchSpec, MultiSpec, NodeSpec, ReplicaExpect, Rules, Scenario, SlotCommand, Step,
    StepQuestion, Text,
};
use super::MAX_RUN;
use crate::paxos::{MachineKind, MessageKind, Role, Switch, Variant};
use crate::sim::Invariant;

/// A JSON syntax error: the serde_json error codes a scenario can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Code {
    EofList,
    EofObject,
    EofString,
    EofValue,
    Colon,
    ListCommaOrEnd,
    ObjectCommaOrEnd,
    Ident,
    Value,
    Escape,
    Number,
    OutOfRange,
    Control,
    Key,
    LoneSurrogate,
    TrailingComma,
    Trailing,
    HexEnd,
    Depth,
    /// A second key beside the name of an action (or of a kind written as an object).
    OneKey,
    /// `{}` where an action (or a kind written as an object) is wanted.
    NoKey,
    /// Neither a name nor an object where an action or a kind is wanted, such as `["step"]`.
    NameOrObject,
}

/// What the document holds where the format wants something else (serde's `Unexpected`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Got {
    Bool(bool),
    /// A number as written; `float` if it has a fraction or an exponent, or does not fit 64 bits.
    Number {
        text: String,
        float: bool,
    },
    Str(String),
    Null,
    List,
    Map,
}

/// What the format wants (serde's `Expected`), for the wants that have words in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Want {
    /// A whole number from 0 to this.
    Int(u64),
    Bool,
    Str,
    List,
    /// Nothing: a unit variant written as an object, `{"step": null}` or `{"step": {}}`.
    Unit,
    Text,
    Object,
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Syntax(Code),
    UnknownField(String, &'static [&'static str]),
    UnknownVariant(String, &'static [&'static str]),
    Missing(&'static str),
    Duplicate(&'static str),
    Type(Got, Want),
    /// A number out of the range of the wanted type.
    Range(String, Want),
    /// A list of this many items where an object was wanted.
    Length(usize, Want),
    /// A shape with no translation, in serde's English.
    Other(String),
    /// An action that has fields, written as its bare name, such as `"deliver"`.
    NeedsFields(&'static str),
}

/// A reading error, at the byte offset serde_json would give (the end of what it had read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Error {
    pub(super) at: Option<usize>,
    pub(super) kind: Kind,
}

/// Boxed, so that passing an error up is as cheap as passing a pointer.
type Res<T> = Result<T, Box<Error>>;

fn data<T>(kind: Kind) -> Res<T> {
    Err(Box::new(Error { at: None, kind }))
}

/// A type error whose expectation has no translation, in serde's words.
fn foreign(got: &Got, want: &str) -> Kind {
    Kind::Other(format!("invalid type: {}, expected {want}", got.serde()))
}

impl Got {
    /// serde_json's words for it.
    pub(super) fn serde(&self) -> String {
        match self {
            Got::Bool(b) => format!("boolean `{b}`"),
            Got::Number { text, float: false } => format!("integer `{text}`"),
            Got::Number { text, float: true } => format!("floating point `{text}`"),
            Got::Str(s) => format!("string {}", super::quoted(s)),
            Got::Null => "null".into(),
            Got::List => "sequence".into(),
            Got::Map => "map".into(),
        }
    }
}

/// A JSON value kept for later, as serde buffers the fields of an internally tagged enum.
enum Value {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// A number: its text, its value if it is a whole number that fits 64 bits, and whether it is
/// written as a whole number (without a fraction or an exponent), whatever its size.
struct Number {
    text: String,
    whole: Option<i128>,
    integral: bool,
}

impl Number {
    fn got(self) -> Got {
        Got::Number {
            float: !self.integral,
            text: self.text,
        }
    }

    /// As an unsigned integer up to `max` (serde's primitive visitors). A whole number too
    /// large for 64 bits is out of range too (serde_json would call it a float).
    fn uint(self, max: u64) -> Res<u64> {
        match self.whole {
            Some(n) if (0..=i128::from(max)).contains(&n) => Ok(n as u64),
            None if !self.integral => data(Kind::Type(self.got(), Want::Int(max))),
            _ => data(Kind::Range(self.text, Want::Int(max))),
        }
    }
}

impl Value {
    fn got(self) -> Got {
        match self {
            Value::Null => Got::Null,
            Value::Bool(b) => Got::Bool(b),
            Value::Number(n) => n.got(),
            Value::Str(s) => Got::Str(s),
            Value::List(_) => Got::List,
            Value::Map(_) => Got::Map,
        }
    }

    /// serde's `ContentDeserializer::deserialize_string`.
    fn string(self) -> Res<String> {
        match self {
            Value::Str(s) => Ok(s),
            v => data(Kind::Type(v.got(), Want::Str)),
        }
    }

    /// serde's `ContentDeserializer::deserialize_u32`.
    fn u32(self) -> Res<u32> {
        match self {
            Value::Number(n) => n.uint(u32::MAX.into()).map(|n| n as u32),
            v => data(Kind::Type(v.got(), Want::Int(u32::MAX.into()))),
        }
    }

    /// serde's `ContentDeserializer::deserialize_seq` of strings.
    fn strings(self) -> Res<Vec<String>> {
        match self {
            Value::List(items) => items.into_iter().map(Value::string).collect(),
            v => data(Kind::Type(v.got(), Want::List)),
        }
    }

    /// A struct variant of an internally tagged enum, from the buffered fields (serde's
    /// `ContentDeserializer::deserialize_any` with the variant's derived visitor): every field is
    /// required; `field(k, value)` takes field `k`.
    fn record(
        self,
        fields: &'static [&'static str],
        field: &mut dyn FnMut(usize, Value) -> Res<()>,
    ) -> Res<()> {
        match self {
            Value::List(items) => {
                let total = items.len();
                let mut items = items.into_iter();
                for k in 0..fields.len() {
                    match items.next() {
                        Some(v) => field(k, v)?,
                        None => return data(Kind::Length(k, Want::Object)),
                    }
                }
                if total > fields.len() {
                    let n = fields.len();
                    let s = if n == 1 { "" } else { "s" };
                    return data(Kind::Other(format!(
                        "invalid length {total}, expected {n} element{s} in sequence"
                    )));
                }
                Ok(())
            }
            Value::Map(entries) => {
                let mut seen = 0u32;
                for (key, v) in entries {
                    let Some(k) = fields.iter().position(|f| *f == key) else {
                        return data(Kind::UnknownField(key, fields));
                    };
                    if seen & (1 << k) != 0 {
                        return data(Kind::Duplicate(fields[k]));
                    }
                    seen |= 1 << k;
                    field(k, v)?;
                }
                match (0..fields.len()).find(|k| seen & (1 << k) == 0) {
                    Some(k) => data(Kind::Missing(fields[k])),
                    None => Ok(()),
                }
            }
            // The tagged-enum reader only buffers a list or an object.
            v => data(Kind::Type(v.got(), Want::Object)),
        }
    }
}

/// The variant names, as the format writes them, with the values they stand for.
const ROLES: [&str; 3] = ["proposer", "acceptor", "learner"];
const KINDS: [&str; 7] = [
    "prepare", "promise", "accept", "accepted", "nack", "chosen", "query",
];
const KIND_VALUES: [MessageKind; 7] = [
    MessageKind::Prepare,
    MessageKind::Promise,
    MessageKind::Accept,
    MessageKind::Accepted,
    MessageKind::Nack,
    MessageKind::Chosen,
    MessageKind::Query,
];
const VARIANTS: &[&str] = Switch::NAMES.split_at(4).1;
const ACTIONS: [&str; 17] = [
    "propose",
    "deliver",
    "drop",
    "duplicate",
    "hold",
    "release",
    "kill",
    "restart",
    "ask",
    "set",
    "step",
    "run",
    "submit",
    "lead",
    "set-loss",
    "set-learning",
    "set-liveness",
];
const MACHINES: [&str; 2] = ["bank", "key-value"];
const STRATEGIES: [&str; 3] = ["all", "distinguished", "set"];
const LIVENESS: [&str; 3] = ["none", "leader", "backoff"];

/// What `ExpectViolation` expects, in serde's words.
const VIOLATION: &str = "true, false or the name of an invariant";

/// serde_json's deserializer over the text.
struct Reader<'a> {
    text: &'a str,
    i: usize,
    /// How many more lists and objects may open (serde_json's recursion limit).
    depth: u8,
}

/// Reads a scenario.
pub(super) fn scenario(text: &str) -> Res<Scenario> {
    let mut r = Reader {
        text,
        i: 0,
        depth: 128,
    };
    let s = r.scenario()?;
    match r.ws() {
        Some(_) => Err(r.peek_error(Code::Trailing)),
        None => Ok(s),
    }
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    /// `parse_whitespace`: skips white space and peeks.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    /// An error at the last byte read.
    fn error(&self, code: Code) -> Box<Error> {
        Box::new(Error {
            at: Some(self.i),
            kind: Kind::Syntax(code),
        })
    }

    /// An error at the byte peeked.
    fn peek_error(&self, code: Code) -> Box<Error> {
        Box::new(Error {
            at: Some((self.i + 1).min(self.text.len())),
            kind: Kind::Syntax(code),
        })
    }

    /// A data error, placed here.
    fn here(&self, kind: Kind) -> Box<Error> {
        Box::new(Error {
            at: Some(self.i),
            kind,
        })
    }

    /// `fix_position`: places an error that has no place yet here.
    fn fix(&self, mut e: Box<Error>) -> Box<Error> {
        e.at.get_or_insert(self.i);
        e
    }

    fn ident(&mut self, rest: &[u8]) -> Res<()> {
        for &want in rest {
            match self.next() {
                None => return Err(self.error(Code::EofValue)),
                Some(c) if c != want => return Err(self.error(Code::Ident)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn colon(&mut self) -> Res<()> {
        match self.ws() {
            Some(b':') => {
                self.i += 1;
                Ok(())
            }
            Some(_) => Err(self.peek_error(Code::Colon)),
            None => Err(self.peek_error(Code::EofObject)),
        }
    }

    fn end_seq(&mut self) -> Res<()> {
        match self.ws() {
            Some(b']') => {
                self.i += 1;
                Ok(())
            }
            Some(b',') => {
                self.i += 1;
                match self.ws() {
                    Some(b']') => Err(self.peek_error(Code::TrailingComma)),
                    _ => Err(self.peek_error(Code::Trailing)),
                }
            }
            Some(_) => Err(self.peek_error(Code::Trailing)),
            None => Err(self.peek_error(Code::EofList)),
        }
    }

    fn end_map(&mut self) -> Res<()> {
        match self.ws() {
            Some(b'}') => {
                self.i += 1;
                Ok(())
            }
            Some(b',') => Err(self.peek_error(Code::TrailingComma)),
            Some(_) => Err(self.peek_error(Code::Trailing)),
            None => Err(self.peek_error(Code::EofObject)),
        }
    }

    /// One level deeper, or the recursion limit (`check_recursion!`).
    fn deeper(&mut self) -> Res<()> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.peek_error(Code::Depth));
        }
        Ok(())
    }

    /// The body of a list (`list`) or an object at the peeked `[` or `{`, then its end, as
    /// `deserialize_seq` and `deserialize_struct` do: the end is read even after an error, and
    /// an error without a place is placed after it.
    fn nested(&mut self, list: bool, body: &mut dyn FnMut(&mut Self) -> Res<()>) -> Res<()> {
        self.deeper()?;
        self.i += 1;
        let ret = body(self);
        self.depth += 1;
        let end = if list { self.end_seq() } else { self.end_map() };
        match (ret, end) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(e), _) | (_, Err(e)) => Err(self.fix(e)),
        }
    }

    /// The items of the list at the peeked `[`, each read by `item`.
    fn items(&mut self, item: &mut dyn FnMut(&mut Self) -> Res<()>) -> Res<()> {
        self.nested(true, &mut |r| {
            let mut first = true;
            while r.more_items(&mut first)? {
                item(r)?;
            }
            Ok(())
        })
    }

    /// `SeqAccess::has_next_element`.
    fn more_items(&mut self, first: &mut bool) -> Res<bool> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofList)),
            Some(b']') => Ok(false),
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(b',') => {
                self.i += 1;
                match self.ws() {
                    Some(b']') => Err(self.peek_error(Code::TrailingComma)),
                    Some(_) => Ok(true),
                    None => Err(self.peek_error(Code::EofValue)),
                }
            }
            Some(_) => Err(self.peek_error(Code::ListCommaOrEnd)),
        }
    }

    /// `MapAccess::next_key_seed`: the next key, if any (the value follows its `:`).
    fn next_key(&mut self, first: &mut bool) -> Res<Option<String>> {
        let more = match self.ws() {
            None => return Err(self.peek_error(Code::EofObject)),
            Some(b'}') => false,
            Some(c) if *first => {
                *first = false;
                if c != b'"' {
                    return Err(self.peek_error(Code::Key));
                }
                true
            }
            Some(b',') => {
                self.i += 1;
                match self.ws() {
                    Some(b'"') => true,
                    Some(b'}') => return Err(self.peek_error(Code::TrailingComma)),
                    Some(_) => return Err(self.peek_error(Code::Key)),
                    None => return Err(self.peek_error(Code::EofValue)),
                }
            }
            Some(_) => return Err(self.peek_error(Code::ObjectCommaOrEnd)),
        };
        if !more {
            return Ok(None);
        }
        self.i += 1;
        self.string().map(Some)
    }

    /// `parse_str`, after the opening quote.
    fn string(&mut self) -> Res<String> {
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let Some(c) = self.next() else {
                return Err(self.error(Code::EofString));
            };
            match c {
                b'"' | b'\\' => {
                    out.push_str(self.text.get(start..self.i - 1).unwrap_or_default());
                    if c == b'"' {
                        return Ok(out);
                    }
                    self.escape(&mut out)?;
                    start = self.i;
                }
                0..=0x1f => return Err(self.error(Code::Control)),
                _ => {}
            }
        }
    }

    /// `parse_escape`, after the backslash.
    fn escape(&mut self, out: &mut String) -> Res<()> {
        let Some(c) = self.next() else {
            return Err(self.error(Code::EofString));
        };
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\x08',
            b'f' => '\x0c',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = self.hex()?;
                let n = match n {
                    0xDC00..=0xDFFF => return Err(self.error(Code::LoneSurrogate)),
                    0xD800..=0xDBFF => {
                        for want in [b'\\', b'u'] {
                            match self.next() {
                                None => return Err(self.error(Code::EofString)),
                                Some(c) if c != want => return Err(self.error(Code::HexEnd)),
                                Some(_) => {}
                            }
                        }
                        let low = self.hex()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error(Code::LoneSurrogate));
                        }
                        0x10000 + (((n - 0xD800) << 10) | (low - 0xDC00))
                    }
                    n => n,
                };
                char::from_u32(n).unwrap_or_default()
            }
            _ => return Err(self.error(Code::Escape)),
        });
        Ok(())
    }

    /// `decode_hex_escape`: four hex digits.
    fn hex(&mut self) -> Res<u32> {
        let Some(digits) = self.text.as_bytes().get(self.i..self.i + 4) else {
            self.i = self.text.len();
            return Err(self.error(Code::EofString));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            match char::from(d).to_digit(16) {
                Some(v) => n = n * 16 + v,
                None => return Err(self.error(Code::Escape)),
            }
        }
        Ok(n)
    }

    /// `parse_integer` and what follows it, after an optional `-` (then `positive` is false).
    fn number(&mut self, positive: bool) -> Res<Number> {
        let start = self.i - usize::from(!positive);
        let digits = |r: &mut Self| {
            while let Some(b'0'..=b'9') = r.peek() {
                r.i += 1;
            }
        };
        match self.next() {
            None => return Err(self.error(Code::EofValue)),
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(Code::Number));
                }
            }
            Some(b'1'..=b'9') => digits(self),
            Some(_) => return Err(self.error(Code::Number)),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.i += 1;
            match self.peek() {
                Some(b'0'..=b'9') => digits(self),
                Some(_) => return Err(self.peek_error(Code::Number)),
                None => return Err(self.peek_error(Code::EofValue)),
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            match self.next() {
                None => return Err(self.error(Code::EofValue)),
                Some(b'0'..=b'9') => digits(self),
                Some(_) => return Err(self.error(Code::Number)),
            }
        }
        let text = self.text.get(start..self.i).unwrap_or_default().to_owned();
        // serde_json reads a whole number as a u64 if it is positive, as an i64 if it is
        // negative (but not -0), and as a float otherwise.
        let whole = match (float, positive) {
            (true, _) => None,
            (false, true) => text.parse::<u64>().ok().map(i128::from),
            (false, false) => text.parse::<i64>().ok().filter(|&n| n != 0).map(i128::from),
        };
        if whole.is_none() && out_of_range(&text) {
            return Err(self.error(Code::OutOfRange));
        }
        // `-0` reads as a float, as in serde_json.
        let integral = !float && text != "-0";
        Ok(Number {
            text,
            whole,
            integral,
        })
    }

    /// `peek_invalid_type`: reads the value that is not of the type `want` and says what it is.
    fn invalid_type(&mut self, want: Want) -> Box<Error> {
        match self.got() {
            Ok(got) => self.here(Kind::Type(got, want)),
            Err(e) => e,
        }
    }

    /// The value at the peeked byte, for `invalid_type` (a list or an object is not read).
    fn got(&mut self) -> Res<Got> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.i += 1;
                self.ident(b"ull")?;
                Got::Null
            }
            Some(b't') => {
                self.i += 1;
                self.ident(b"rue")?;
                Got::Bool(true)
            }
            Some(b'f') => {
                self.i += 1;
                self.ident(b"alse")?;
                Got::Bool(false)
            }
            Some(b'-') => {
                self.i += 1;
                self.number(false)?.got()
            }
            Some(b'0'..=b'9') => self.number(true)?.got(),
            Some(b'"') => {
                self.i += 1;
                Got::Str(self.string()?)
            }
            Some(b'[') => Got::List,
            Some(b'{') => Got::Map,
            _ => return Err(self.peek_error(Code::Value)),
        })
    }

    /// `deserialize_any` into a kept value (serde's `ContentVisitor`).
    fn any(&mut self) -> Res<Value> {
        Ok(match self.ws() {
            None => return Err(self.peek_error(Code::EofValue)),
            Some(b'[') => {
                let mut items = Vec::new();
                self.items(&mut |r| {
                    items.push(r.any()?);
                    Ok(())
                })?;
                Value::List(items)
            }
            Some(b'{') => {
                let mut entries = Vec::new();
                self.nested(false, &mut |r| {
                    let mut first = true;
                    while let Some(key) = r.next_key(&mut first)? {
                        r.colon()?;
                        entries.push((key, r.any()?));
                    }
                    Ok(())
                })?;
                Value::Map(entries)
            }
            Some(b'-') => {
                self.i += 1;
                Value::Number(self.number(false)?)
            }
            Some(b'0'..=b'9') => Value::Number(self.number(true)?),
            Some(_) => match self.got()? {
                Got::Null => Value::Null,
                Got::Bool(b) => Value::Bool(b),
                Got::Str(s) => Value::Str(s),
                // Lists, objects and numbers are read above.
                _ => return Err(self.peek_error(Code::Value)),
            },
        })
    }

    /// `deserialize_str`.
    fn str(&mut self) -> Res<String> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'"') => {
                self.i += 1;
                self.string()
            }
            Some(_) => Err(self.invalid_type(Want::Str)),
        }
    }

    /// `deserialize_bool`.
    fn bool(&mut self) -> Res<bool> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(c @ (b't' | b'f')) => {
                self.i += 1;
                self.ident(if c == b't' { b"rue" } else { b"alse" })?;
                Ok(c == b't')
            }
            Some(_) => Err(self.invalid_type(Want::Bool)),
        }
    }

    /// `deserialize_number` into an unsigned integer up to `max`.
    fn uint(&mut self, max: u64) -> Res<u64> {
        let number = match self.ws() {
            None => return Err(self.peek_error(Code::EofValue)),
            Some(b'-') => {
                self.i += 1;
                self.number(false)?
            }
            Some(b'0'..=b'9') => self.number(true)?,
            Some(_) => return Err(self.invalid_type(Want::Int(max))),
        };
        number.uint(max).map_err(|e| self.fix(e))
    }

    fn u32(&mut self) -> Res<u32> {
        self.uint(u32::MAX.into()).map(|n| n as u32)
    }

    /// `deserialize_option`: `null` is `None`.
    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Res<T>) -> Res<Option<T>> {
        if self.ws() == Some(b'n') {
            self.i += 1;
            self.ident(b"ull")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// `deserialize_seq` into a `Vec`.
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Res<T>) -> Res<Vec<T>> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'[') => {
                let mut items = Vec::new();
                self.items(&mut |r| {
                    items.push(read(r)?);
                    Ok(())
                })?;
                Ok(items)
            }
            Some(_) => Err(self.invalid_type(Want::List)),
        }
    }

    /// `deserialize_struct` with a derived visitor: an object with some of `fields` (each once),
    /// or a list of their values in order. Fields in `required` (a bit per field) must be there;
    /// `field(r, k)` reads the value of field `k`.
    fn record(
        &mut self,
        want: Want,
        fields: &'static [&'static str],
        required: u32,
        field: &mut dyn FnMut(&mut Self, usize) -> Res<()>,
    ) -> Res<()> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'[') => self.nested(true, &mut |r| {
                let mut first = true;
                for k in 0..fields.len() {
                    if r.more_items(&mut first)? {
                        field(r, k)?;
                    } else if required & (1 << k) != 0 {
                        return data(Kind::Length(k, want));
                    }
                }
                Ok(())
            }),
            Some(b'{') => self.nested(false, &mut |r| {
                let mut first = true;
                let mut seen = 0u32;
                while let Some(key) = r.next_key(&mut first)? {
                    let Some(k) = fields.iter().position(|f| *f == key) else {
                        return data(Kind::UnknownField(key, fields));
                    };
                    if seen & (1 << k) != 0 {
                        return data(Kind::Duplicate(fields[k]));
                    }
                    seen |= 1 << k;
                    r.colon()?;
                    field(r, k)?;
                }
                match (0..fields.len()).find(|k| required & !seen & (1 << k) != 0) {
                    Some(k) => data(Kind::Missing(fields[k])),
                    None => Ok(()),
                }
            }),
            Some(_) => Err(self.invalid_type(want)),
        }
    }

    /// A variant name as a string (`deserialize_identifier`), one of `names`.
    fn name(&mut self, names: &'static [&'static str]) -> Res<usize> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'"') => {
                self.i += 1;
                let name = self.string()?;
                match names.iter().position(|n| *n == name) {
                    Some(k) => Ok(k),
                    None => Err(self.here(Kind::UnknownVariant(name, names))),
                }
            }
            Some(_) => {
                let got = self.got()?;
                Err(self.here(foreign(&got, "variant identifier")))
            }
        }
    }

    /// `deserialize_enum`, externally tagged: `"name"` (`variant(r, k, false)`) or
    /// `{"name": …}` (`variant(r, k, true)` reads the `…`).
    fn external(
        &mut self,
        names: &'static [&'static str],
        variant: &mut dyn FnMut(&mut Self, usize, bool) -> Res<()>,
    ) -> Res<()> {
        match self.ws() {
            Some(b'{') => {
                self.deeper()?;
                self.i += 1;
                let ret = match self.ws() {
                    Some(b'"') => self
                        .name(names)
                        .and_then(|k| self.colon().map(|()| k))
                        .and_then(|k| variant(self, k, true)),
                    Some(b'}') => Err(self.peek_error(Code::NoKey)),
                    Some(_) => Err(self.peek_error(Code::Key)),
                    None => Err(self.peek_error(Code::EofObject)),
                };
                self.depth += 1;
                ret?;
                match self.ws() {
                    Some(b'}') => {
                        self.i += 1;
                        Ok(())
                    }
                    Some(b',') => Err(self.peek_error(Code::OneKey)),
                    Some(_) => Err(self.error(Code::Value)),
                    None => Err(self.error(Code::EofObject)),
                }
            }
            Some(b'"') => {
                let k = self.name(names)?;
                variant(self, k, false)
            }
            Some(_) => Err(self.peek_error(Code::NameOrObject)),
            None => Err(self.peek_error(Code::EofValue)),
        }
    }

    /// An enum of unit variants only, one of `names`: `"name"`, or `{"name": null}`.
    fn unit_enum(&mut self, names: &'static [&'static str]) -> Res<usize> {
        let mut index = 0;
        self.external(names, &mut |r, k, object| {
            index = k;
            if object {
                r.unit()?;
            }
            Ok(())
        })?;
        Ok(index)
    }

    /// `deserialize_unit`: `null`, or an object with no fields, `{}` (as `"run": {}` is written).
    fn unit(&mut self) -> Res<()> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'n') => {
                self.i += 1;
                self.ident(b"ull")
            }
            Some(b'{') => {
                let at = self.i;
                self.i += 1;
                if self.ws() == Some(b'}') {
                    self.i += 1;
                    return Ok(());
                }
                self.i = at;
                Err(self.invalid_type(Want::Unit))
            }
            Some(_) => Err(self.invalid_type(Want::Unit)),
        }
    }

    fn text(&mut self) -> Res<Text> {
        let mut t = Text::default();
        self.record(Want::Text, &["zh", "en"], 0b11, &mut |r, k| {
            let s = r.str()?;
            if k == 0 {
                t.zh = s;
            } else {
                t.en = s;
            }
            Ok(())
        })?;
        Ok(t)
    }

    fn scenario(&mut self) -> Res<Scenario> {
        let mut s = Scenario {
            title: Text::default(),
            summary: Text::default(),
            nodes: Vec::new(),
            rules: Rules::default(),
            steps: Vec::new(),
            log: None,
        };
        const FIELDS: &[&str] = &["title", "summary", "nodes", "rules", "steps", "log"];
        self.record(Want::Object, FIELDS, 0b101, &mut |r, k| {
            match k {
                0 => s.title = r.text()?,
                1 => s.summary = r.text()?,
                2 => s.nodes = r.list(Self::node)?,
                3 => s.rules = r.rules()?,
                4 => s.steps = r.list(Self::step)?,
                _ => s.log = r.option(Self::log)?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    fn node(&mut self) -> Res<NodeSpec> {
        let mut n = NodeSpec {
            id: String::new(),
            name: Text::default(),
            roles: Vec::new(),
        };
        self.record(
            Want::Object,
            &["id", "name", "roles"],
            0b111,
            &mut |r, k| {
                match k {
                    0 => n.id = r.str()?,
                    1 => n.name = r.text()?,
                    _ => n.roles = r.list(|r| r.unit_enum(&ROLES).map(|k| Role::ALL[k]))?,
                }
                Ok(())
            },
        )?;
        Ok(n)
    }

    fn rules(&mut self) -> Res<Rules> {
        let mut s = Rules::default();
        const FIELDS: &[&str] = &[
            "learning",
            "nacks",
            "retry",
            "timeout",
            "accept-to-all",
            "accept-equal",
            "liveness",
            "variants",
            "latency",
            "jitter",
            "loss",
            "seed",
            "multi",
        ];
        self.record(Want::Object, FIELDS, 0, &mut |r, k| {
            match k {
                0 => s.learning = r.learning()?,
                1 => s.nacks = r.bool()?,
                2 => s.retry = r.bool()?,
                3 => s.timeout = r.u32()?,
                4 => s.accept_to_all = r.bool()?,
                5 => s.accept_equal = r.bool()?,
                6 => s.liveness = r.liveness()?,
                7 => s.variants = r.list(|r| r.unit_enum(VARIANTS).map(|k| Variant::ALL[k]))?,
                8 => s.latency = r.u32()?,
                9 => s.jitter = r.u32()?,
                10 => s.loss = r.uint(u8::MAX.into())? as u8,
                11 => s.seed = r.uint(u64::MAX)?,
                _ => s.multi = r.option(Self::multi)?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    /// An internally tagged enum, `{"<tag>": "<name>", …fields}` (serde's
    /// `TaggedContentVisitor`): the variant's index among `names`, and its fields kept for later.
    fn tagged(&mut self, tag: &'static str, names: &'static [&'static str]) -> Res<(usize, Value)> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'{') => {
                let (mut variant, mut rest) = (None, Vec::new());
                self.nested(false, &mut |r| {
                    let mut first = true;
                    while let Some(key) = r.next_key(&mut first)? {
                        if key == tag {
                            if variant.is_some() {
                                return data(Kind::Duplicate(tag));
                            }
                            r.colon()?;
                            variant = Some(r.name(names)?);
                        } else {
                            r.colon()?;
                            rest.push((key, r.any()?));
                        }
                    }
                    match variant {
                        Some(_) => Ok(()),
                        None => data(Kind::Missing(tag)),
                    }
                })?;
                Ok((variant.unwrap_or_default(), Value::Map(rest)))
            }
            Some(b'[') => {
                let (mut variant, mut rest) = (0, Vec::new());
                self.nested(true, &mut |r| {
                    let mut first = true;
                    if !r.more_items(&mut first)? {
                        return data(Kind::Missing(tag));
                    }
                    variant = r.name(names)?;
                    while r.more_items(&mut first)? {
                        rest.push(r.any()?);
                    }
                    Ok(())
                })?;
                Ok((variant, Value::List(rest)))
            }
            Some(_) => Err(self.invalid_type(Want::Object)),
        }
    }

    fn learning(&mut self) -> Res<LearningSpec> {
        let (k, fields) = self.tagged("strategy", &STRATEGIES)?;
        let mut spec = LearningSpec::All {};
        let read = match k {
            0 => fields.record(&[], &mut |_, _| Ok(())),
            1 => fields.record(&["learner"], &mut |_, v| {
                spec = LearningSpec::Distinguished {
                    learner: v.string()?,
                };
                Ok(())
            }),
            _ => fields.record(&["learners"], &mut |_, v| {
                spec = LearningSpec::Set {
                    learners: v.strings()?,
                };
                Ok(())
            }),
        };
        // A field's error is placed at the end of this object, so that its path names it
        // (`rules.learning`) whatever follows. serde_json places it where the enclosing object
        // stops being read: before a following key's comma, or, when nothing follows, after
        // the enclosing object's end, and its path then names only that (`rules`).
        read.map_err(|e| self.fix(e))?;
        Ok(spec)
    }

    fn liveness(&mut self) -> Res<LivenessSpec> {
        let (k, fields) = self.tagged("kind", &LIVENESS)?;
        let mut spec = LivenessSpec::None {};
        let read = match k {
            0 => fields.record(&[], &mut |_, _| Ok(())),
            1 => fields.record(&["proposer"], &mut |_, v| {
                spec = LivenessSpec::Leader {
                    proposer: v.string()?,
                };
                Ok(())
            }),
            _ => fields.record(&["max-extra"], &mut |_, v| {
                spec = LivenessSpec::Backoff {
                    max_extra: v.u32()?,
                };
                Ok(())
            }),
        };
        read.map_err(|e| self.fix(e))?;
        Ok(spec)
    }

    fn step(&mut self) -> Res<Step> {
        let mut s = Step {
            caption: Text::default(),
            actions: Vec::new(),
            expect: None,
            question: None,
        };
        self.record(
            Want::Object,
            &["caption", "do", "expect", "question"],
            0b1,
            &mut |r, k| {
                match k {
                    0 => s.caption = r.text()?,
                    1 => s.actions = r.list(Self::action)?,
                    2 => s.expect = r.option(Self::expect)?,
                    _ => s.question = r.option(Self::step_question)?,
                }
                Ok(())
            },
        )?;
        Ok(s)
    }

    fn step_question(&mut self) -> Res<StepQuestion> {
        let mut q = StepQuestion::default();
        self.record(Want::Object, &["action", "prompt"], 0, &mut |r, k| {
            if k == 0 {
                q.action = r.option(Self::u32)?;
            } else {
                q.prompt = r.option(Self::text)?;
            }
            Ok(())
        })?;
        Ok(q)
    }

    fn action(&mut self) -> Res<Action> {
        let mut action = Action::Step;
        self.external(&ACTIONS, &mut |r, k, object| {
            if !object && k != 10 {
                return data(Kind::NeedsFields(ACTIONS[k]));
            }
            action = match k {
                0 => {
                    let (mut node, mut value, mut ballot, mut to) =
                        (String::new(), String::new(), None, None);
                    r.record(
                        Want::Object,
                        &["node", "value", "ballot", "to"],
                        0b11,
                        &mut |r, k| {
                            match k {
                                0 => node = r.str()?,
                                1 => value = r.str()?,
                                2 => ballot = r.option(Self::u32)?,
                                _ => to = r.option(|r| r.list(Self::str))?,
                            }
                            Ok(())
                        },
                    )?;
                    Action::Propose {
                        node,
                        value,
                        ballot,
                        to,
                    }
                }
                1..=5 => {
                    let m = r.match_spec()?;
                    match k {
                        1 => Action::Deliver(m),
                        2 => Action::Drop(m),
                        3 => Action::Duplicate(m),
                        4 => Action::Hold(m),
                        _ => Action::Release(m),
                    }
                }
                6..=8 => {
                    let mut node = String::new();
                    r.record(Want::Object, &["node"], 0b1, &mut |r, _| {
                        node = r.str()?;
                        Ok(())
                    })?;
                    match k {
                        6 => Action::Kill { node },
                        7 => Action::Restart { node },
                        _ => Action::Ask { node },
                    }
                }
                9 => {
                    let (mut switch, mut on) = (Switch::Nacks, false);
                    r.record(Want::Object, &["switch", "on"], 0b11, &mut |r, k| {
                        if k == 1 {
                            on = r.bool()?;
                            return Ok(());
                        }
                        // Read as a string first, then looked up: a misspelt name is placed
                        // where the action ends.
                        let name = r.str()?;
                        match Switch::NAMES.iter().position(|n| *n == name) {
                            Some(i @ 0..=3) => {
                                switch = [
                                    Switch::Nacks,
                                    Switch::Retry,
                                    Switch::AcceptToAll,
                                    Switch::AcceptEqual,
                                ][i];
                            }
                            Some(i) => switch = Switch::Variant(Variant::ALL[i - 4]),
                            None => return data(Kind::UnknownVariant(name, &Switch::NAMES)),
                        }
                        Ok(())
                    })?;
                    Action::Set { switch, on }
                }
                10 => {
                    if object {
                        r.unit()?;
                    }
                    Action::Step
                }
                12 => {
                    let (mut node, mut command) = (String::new(), String::new());
                    r.record(Want::Object, &["node", "command"], 0b11, &mut |r, k| {
                        match k {
                            0 => node = r.str()?,
                            _ => command = r.str()?,
                        }
                        Ok(())
                    })?;
                    Action::Submit { node, command }
                }
                13 => {
                    let mut node = String::new();
                    r.record(Want::Object, &["node"], 0b1, &mut |r, _| {
                        node = r.str()?;
                        Ok(())
                    })?;
                    Action::Lead { node }
                }
                14 => {
                    let mut percent = 0;
                    r.record(Want::Object, &["percent"], 0b1, &mut |r, _| {
                        percent = r.uint(u8::MAX.into())? as u8;
                        Ok(())
                    })?;
                    Action::SetLoss { percent }
                }
                15 => Action::SetLearning(r.learning()?),
                16 => Action::SetLiveness(r.liveness()?),
                _ => {
                    let mut max_steps = None;
                    r.record(Want::Object, &["max-steps"], 0, &mut |r, _| {
                        // The range a reader names is the real one: at most MAX_RUN steps.
                        max_steps = r.option(|r| Ok(r.uint(MAX_RUN as u64)? as u32))?;
                        Ok(())
                    })?;
                    Action::Run { max_steps }
                }
            };
            Ok(())
        })?;
        Ok(action)
    }

    fn match_spec(&mut self) -> Res<MatchSpec> {
        let mut m = MatchSpec {
            kind: MessageKind::Prepare,
            from: None,
            to: None,
            ballot: None,
            msg: None,
        };
        self.record(
            Want::Object,
            &["type", "from", "to", "ballot", "msg"],
            0b1,
            &mut |r, k| {
                match k {
                    0 => m.kind = KIND_VALUES[r.unit_enum(&KINDS)?],
                    1 => m.from = r.option(Self::str)?,
                    2 => m.to = r.option(Self::str)?,
                    3 => m.ballot = r.option(Self::u32)?,
                    _ => m.msg = r.option(Self::u32)?,
                }
                Ok(())
            },
        )?;
        Ok(m)
    }

    fn expect(&mut self) -> Res<Expect> {
        let mut e = Expect::default();
        const FIELDS: &[&str] = &[
            "chosen",
            "learned-value",
            "violation",
            "decisions",
            "learned",
            "messages",
            "chosen-in",
            "replicas",
        ];
        self.record(Want::Object, FIELDS, 0, &mut |r, k| {
            let usize = |r: &mut Self| r.uint(usize::MAX as u64).map(|n| n as usize);
            match k {
                0 => e.chosen = r.option(Self::str)?,
                1 => e.learned_value = r.option(Self::str)?,
                2 => e.violation = r.option(Self::violation)?,
                3 => e.decisions = r.option(usize)?,
                4 => e.learned = r.option(usize)?,
                5 => e.messages = r.option(|r| r.uint(u64::MAX))?,
                6 => e.chosen_in = r.option(Self::slot_command)?,
                _ => e.replicas = r.option(|r| r.list(Self::replica_expect))?,
            }
            Ok(())
        })?;
        Ok(e)
    }

    fn slot_command(&mut self) -> Res<SlotCommand> {
        let mut c = SlotCommand {
            slot: 0,
            command: String::new(),
        };
        self.record(Want::Object, &["slot", "command"], 0b11, &mut |r, k| {
            match k {
                0 => c.slot = r.u32()?,
                _ => c.command = r.str()?,
            }
            Ok(())
        })?;
        Ok(c)
    }

    fn replica_expect(&mut self) -> Res<ReplicaExpect> {
        let mut e = ReplicaExpect {
            node: String::new(),
            executed: 0,
            state: None,
        };
        self.record(
            Want::Object,
            &["node", "executed", "state"],
            0b11,
            &mut |r, k| {
                match k {
                    0 => e.node = r.str()?,
                    1 => e.executed = r.u32()?,
                    _ => e.state = r.option(Self::str)?,
                }
                Ok(())
            },
        )?;
        Ok(e)
    }

    fn multi(&mut self) -> Res<MultiSpec> {
        let mut m = MultiSpec::default();
        self.record(
            Want::Object,
            &["machine", "window", "alpha", "replicas"],
            0,
            &mut |r, k| {
                match k {
                    0 => {
                        m.machine =
                            [MachineKind::Bank, MachineKind::KeyValue][r.unit_enum(&MACHINES)?]
                    }
                    1 => m.window = r.u32()?,
                    2 => m.alpha = Some(r.u32()?),
                    _ => m.replicas = r.option(|r| r.list(Self::str))?,
                }
                Ok(())
            },
        )?;
        Ok(m)
    }

    fn log(&mut self) -> Res<LogSpec> {
        let mut log = LogSpec::default();
        self.record(Want::Object, &["accepted", "known"], 0, &mut |r, k| {
            match k {
                0 => log.accepted = r.list(Self::accepted)?,
                _ => log.known = r.list(Self::known)?,
            }
            Ok(())
        })?;
        Ok(log)
    }

    fn accepted(&mut self) -> Res<AcceptedSpec> {
        let mut a = AcceptedSpec {
            from: 0,
            to: None,
            ballot: 0,
            command: String::new(),
            by: Vec::new(),
        };
        self.record(
            Want::Object,
            &["from", "to", "ballot", "command", "by"],
            0b11101,
            &mut |r, k| {
                match k {
                    0 => a.from = r.u32()?,
                    1 => a.to = r.option(Self::u32)?,
                    2 => a.ballot = r.u32()?,
                    3 => a.command = r.str()?,
                    _ => a.by = r.list(Self::str)?,
                }
                Ok(())
            },
        )?;
        Ok(a)
    }

    fn known(&mut self) -> Res<KnownSpec> {
        let mut n = KnownSpec {
            from: 0,
            to: None,
            nodes: Vec::new(),
        };
        self.record(
            Want::Object,
            &["from", "to", "nodes"],
            0b101,
            &mut |r, k| {
                match k {
                    0 => n.from = r.u32()?,
                    1 => n.to = r.option(Self::u32)?,
                    _ => n.nodes = r.list(Self::str)?,
                }
                Ok(())
            },
        )?;
        Ok(n)
    }

    /// `expect.violation`: `true`, `false` or an invariant's name (`deserialize_any`).
    fn violation(&mut self) -> Res<ExpectViolation> {
        let wrong = |got: Got| foreign(&got, VIOLATION);
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'[') => self
                .nested(true, &mut |_| data(wrong(Got::List)))
                .map(|()| ExpectViolation::Any(false)),
            Some(b'{') => self
                .nested(false, &mut |_| data(wrong(Got::Map)))
                .map(|()| ExpectViolation::Any(false)),
            Some(_) => {
                let kind = match self.got()? {
                    Got::Bool(b) => return Ok(ExpectViolation::Any(b)),
                    Got::Str(name) => match Invariant::NAMES.iter().position(|n| *n == name) {
                        Some(k) => return Ok(ExpectViolation::Of(Invariant::ALL[k])),
                        None => Kind::UnknownVariant(name, &Invariant::NAMES),
                    },
                    got => wrong(got),
                };
                Err(self.here(kind))
            }
        }
    }
}

/// Whether a float as written is too large for an `f64` (serde_json's "number out of range").
fn out_of_range(text: &str) -> bool {
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exponent = exponent.trim_start_matches('+');
    let exponent: i64 = match exponent.strip_prefix('-') {
        Some(digits) => -(digits.parse::<i64>().unwrap_or(i64::MAX)),
        None => exponent.parse().unwrap_or(i64::MAX),
    };
    let mantissa = mantissa.trim_start_matches('-');
    let whole = mantissa.split('.').next().unwrap_or_default().len() as i64;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return false;
    }
    let leading = whole - (digits.len() - significant.len()) as i64 - 1;
    let magnitude = leading.saturating_add(exponent);
    // f64::MAX is 1.7976931348623157e308; from half a unit above it, numbers round to infinity.
    magnitude > 308 || magnitude == 308 && significant > "17976931348623158"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each name table says what serde calls the value at the same place.
    #[test]
    fn the_names_are_serdes() {
        let json = |v: String| v.trim_matches('"').to_owned();
        let same = |names: &[&str], values: Vec<String>| {
            assert_eq!(names, values.iter().map(String::as_str).collect::<Vec<_>>());
        };
        let to = |v: &dyn erased::Name| json(v.name());
        same(&ROLES, Role::ALL.iter().map(|r| to(r)).collect());
        same(&KINDS, KIND_VALUES.iter().map(|k| to(k)).collect());
        same(VARIANTS, Variant::ALL.iter().map(|v| to(v)).collect());
        same(
            &Invariant::NAMES,
            Invariant::ALL.iter().map(|v| to(v)).collect(),
        );
    }

    mod erased {
        pub trait Name {
            fn name(&self) -> String;
        }
        impl<T: serde::Serialize> Name for T {
            fn name(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    /// Every way of writing an action reads as serde read it.
    #[test]
    fn actions_read_back_what_serde_writes() {
        let actions = vec![
            Action::Propose {
                node: "a".into(),
                value: "v".into(),
                ballot: Some(3),
                to: Some(vec!["b".into()]),
            },
            Action::Deliver(MatchSpec {
                kind: MessageKind::Promise,
                from: Some("a".into()),
                to: None,
                ballot: Some(1),
                msg: None,
            }),
            Action::Drop(MatchSpec {
                kind: MessageKind::Accept,
                from: None,
                to: Some("a".into()),
                ballot: None,
                msg: Some(7),
            }),
            Action::Set {
                switch: Switch::Variant(Variant::Amnesia),
                on: true,
            },
            Action::Set {
                switch: Switch::AcceptToAll,
                on: false,
            },
            Action::Step,
            Action::Run { max_steps: None },
            Action::Kill { node: "b".into() },
            Action::Submit {
                node: "a".into(),
                command: "deposit 5".into(),
            },
            Action::Lead { node: "a".into() },
        ];
        let scenario = Scenario {
            title: Text::new("题", "T"),
            summary: Text::default(),
            nodes: vec![NodeSpec {
                id: "a".into(),
                name: Text::new("甲", "A \"quoted\" \\ \u{1F600}"),
                roles: Role::ALL.to_vec(),
            }],
            rules: Rules {
                learning: LearningSpec::Set {
                    learners: vec!["a".into()],
                },
                liveness: LivenessSpec::Backoff { max_extra: 7 },
                variants: Variant::ALL.to_vec(),
                seed: u64::MAX,
                multi: Some(MultiSpec {
                    machine: MachineKind::KeyValue,
                    window: 2,
                    alpha: None,
                    replicas: Some(vec!["a".into()]),
                }),
                ..Rules::default()
            },
            steps: vec![Step {
                caption: Text::new("一", "one"),
                actions,
                expect: Some(Expect {
                    violation: Some(ExpectViolation::Of(Invariant::Validity)),
                    messages: Some(4),
                    chosen_in: Some(SlotCommand {
                        slot: 3,
                        command: "no-op".into(),
                    }),
                    replicas: Some(vec![ReplicaExpect {
                        node: "a".into(),
                        executed: 2,
                        state: Some("{x=1}".into()),
                    }]),
                    ..Expect::default()
                }),
                question: Some(StepQuestion {
                    action: Some(2),
                    prompt: Some(Text::new("问", "ask")),
                }),
            }],
            log: Some(LogSpec {
                accepted: vec![AcceptedSpec {
                    from: 1,
                    to: Some(4),
                    ballot: 1,
                    command: "set x 1".into(),
                    by: vec!["a".into()],
                }],
                known: vec![KnownSpec {
                    from: 2,
                    to: None,
                    nodes: vec!["a".into()],
                }],
            }),
        };
        let json = serde_json::to_string_pretty(&scenario).unwrap();
        assert_eq!(super::scenario(&json), Ok(scenario));
    }

    #[test]
    fn escapes_and_numbers() {
        let read = |s: &str| {
            let mut r = Reader {
                text: s,
                i: 0,
                depth: 128,
            };
            r.any().map(|v| match v {
                Value::Str(s) => s,
                Value::Number(n) => format!("{} {:?}", n.text, n.whole),
                _ => String::new(),
            })
        };
        assert_eq!(read(r#""a\n\u00e9\ud83d\ude00\/""#).unwrap(), "a\né😀/");
        assert_eq!(read("-0").unwrap(), "-0 None");
        assert_eq!(read("-12").unwrap(), "-12 Some(-12)");
        assert_eq!(
            read("18446744073709551615").unwrap(),
            "18446744073709551615 Some(18446744073709551615)"
        );
        assert_eq!(
            read("18446744073709551616").unwrap(),
            "18446744073709551616 None"
        );
        assert_eq!(read("1.5e3").unwrap(), "1.5e3 None");
        assert_eq!(
            read("1.7976931348623157e308").unwrap(),
            "1.7976931348623157e308 None"
        );
        assert_eq!(
            read("1e309").unwrap_err().kind,
            Kind::Syntax(Code::OutOfRange)
        );
        assert_eq!(read("0.00001e-400").unwrap(), "0.00001e-400 None");
        assert_eq!(
            read(r#""\ud83d""#).unwrap_err().kind,
            Kind::Syntax(Code::HexEnd)
        );
        assert_eq!(
            read(r#""\ude00""#).unwrap_err().kind,
            Kind::Syntax(Code::LoneSurrogate)
        );
        assert_eq!(read("01").unwrap_err().kind, Kind::Syntax(Code::Number));
    }
}
