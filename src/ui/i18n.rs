//! Two languages, written side by side.
//!
//! Every visible string goes through [`Lang::pick`], so the Chinese and the
//! English text of one label always sit next to each other in the source:
//!
//! ```
//! use paxos_lab::ui::i18n::Lang;
//! let title = Lang::En.pick("Paxos 实验室", "Paxos Lab");
//! assert_eq!(title, "Paxos Lab");
//! ```
//!
//! The starting language comes from the address (`?lang=zh` or `?lang=en`)
//! and otherwise from the browser (`navigator.language`). The parsing here is
//! plain Rust and is unit-tested on the host; reading the browser's values is
//! left to `ui::browser`.

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese (简体中文).
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// Picks the text for this language from a Chinese/English pair.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The BCP 47 tag for `<html lang>` and `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The short code used in the address, as in `?lang=zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The language's own name, as the language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    /// Reads a language tag such as `zh`, `zh-CN`, `zh_TW`, `en` or `en-GB`
    /// (any letter case). Only the primary subtag counts, so `zh-Hant-TW` is
    /// Chinese while `zha` (Zhuang) is not. Returns `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::Zh)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The default for a browser whose `navigator.language` is `tag`:
    /// Chinese for any `zh*` tag, English for everything else (and when the
    /// browser reports nothing).
    pub fn from_browser(tag: Option<&str>) -> Lang {
        match tag.and_then(Lang::from_tag) {
            Some(Lang::Zh) => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// The starting language, and the unsupported `?lang=` value if there was one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LangChoice {
    /// The language to start in.
    pub lang: Lang,
    /// The `?lang=` value that was given but not understood, for a notice.
    pub unknown: Option<String>,
}

/// Chooses the starting language from the address's query string (`search`,
/// with or without its leading `?`) and the browser's `navigator.language`.
///
/// A `lang` parameter wins. An empty one is ignored. An unknown one falls back
/// to the browser's language and is reported in [`LangChoice::unknown`], so
/// the page can say why it ignored it.
pub fn choose_lang(search: &str, navigator_language: Option<&str>) -> LangChoice {
    let query = search.strip_prefix('?').unwrap_or(search);
    let values = query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .filter(|(k, _)| !k.is_empty() && percent_decode(k) == "lang")
        .map(|(_, v)| percent_decode(v))
        .filter(|v| !v.trim().is_empty());
    // Of several, the first the page can use applies (as for every parameter, see
    // `address::read`); the first it cannot is reported.
    let mut choice = LangChoice {
        lang: Lang::from_browser(navigator_language),
        unknown: None,
    };
    for value in values {
        match Lang::from_tag(&value) {
            Some(lang) => {
                choice.lang = lang;
                break;
            }
            None => {
                choice.unknown.get_or_insert(value);
            }
        }
    }
    choice
}

/// Decodes `%XX` escapes and `+` as in `application/x-www-form-urlencoded`.
/// Malformed escapes are kept as they are; invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' if i + 2 < bytes.len() => match hex_pair(bytes[i + 1], bytes[i + 2]) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                }
                None => {
                    out.push(b'%');
                    i += 1;
                }
            },
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// Shortens a user-supplied value for display, keeping at most `max` characters.
pub fn shorten(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_owned()
    } else {
        let mut short: String = value.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// A state machine's words in the page's language: the bank's `"balance 70"` is `"余额 70"` in
/// Chinese, and `"refused"` is `"拒绝（余额不足）"`. Commands and other machines' states are data,
/// shown as written, like proposed values.
pub fn machine_text(text: &str, lang: Lang) -> String {
    match (lang, text.strip_prefix("balance ")) {
        (Lang::Zh, Some(amount)) => format!("余额 {amount}"),
        (Lang::Zh, None) if text == "refused" => "拒绝（余额不足）".to_owned(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_returns_the_text_of_the_language() {
        assert_eq!(Lang::Zh.pick("舞台", "stage"), "舞台");
        assert_eq!(Lang::En.pick("舞台", "stage"), "stage");
    }

    #[test]
    fn tags_and_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn browser_language_zh_star_is_chinese_and_everything_else_english() {
        for tag in ["zh", "zh-CN", "zh-TW", "zh_HK", "ZH-hans-cn", " zh-SG "] {
            assert_eq!(Lang::from_browser(Some(tag)), Lang::Zh, "{tag}");
        }
        for tag in ["en", "en-US", "fr", "ja-JP", "zha", "", "x"] {
            assert_eq!(Lang::from_browser(Some(tag)), Lang::En, "{tag}");
        }
        assert_eq!(Lang::from_browser(None), Lang::En);
    }

    #[test]
    fn query_lang_overrides_the_browser() {
        let zh = choose_lang("?lang=zh", Some("en-US"));
        assert_eq!(
            zh,
            LangChoice {
                lang: Lang::Zh,
                unknown: None
            }
        );
        let en = choose_lang("?lang=en", Some("zh-CN"));
        assert_eq!(
            en,
            LangChoice {
                lang: Lang::En,
                unknown: None
            }
        );
        assert_eq!(choose_lang("?x=1&lang=EN&y=2", Some("zh")).lang, Lang::En);
        assert_eq!(choose_lang("lang=zh-TW", None).lang, Lang::Zh);
    }

    #[test]
    fn without_a_query_the_browser_decides() {
        assert_eq!(choose_lang("", Some("zh-CN")).lang, Lang::Zh);
        assert_eq!(choose_lang("?", Some("de")).lang, Lang::En);
        assert_eq!(choose_lang("?other=zh", Some("en")).lang, Lang::En);
        assert_eq!(choose_lang("?lang=", Some("zh")).unknown, None);
    }

    #[test]
    fn an_unknown_lang_is_reported_and_falls_back() {
        let choice = choose_lang("?lang=fr", Some("zh-CN"));
        assert_eq!(choice.lang, Lang::Zh);
        assert_eq!(choice.unknown.as_deref(), Some("fr"));

        let choice = choose_lang("?lang=%E6%97%A5%E6%9C%AC", None);
        assert_eq!(choice.lang, Lang::En);
        assert_eq!(choice.unknown.as_deref(), Some("日本"));
    }

    #[test]
    fn the_first_usable_lang_parameter_wins() {
        assert_eq!(choose_lang("?lang=zh&lang=en", None).lang, Lang::Zh);
        let choice = choose_lang("?lang=xx&lang=zh&lang=en", Some("en-US"));
        assert_eq!(choice.lang, Lang::Zh);
        assert_eq!(choice.unknown.as_deref(), Some("xx"));
        let choice = choose_lang("?lang=&lang=en", Some("zh"));
        assert_eq!((choice.lang, choice.unknown), (Lang::En, None));
    }

    #[test]
    fn query_values_are_percent_decoded() {
        assert_eq!(percent_decode("a+b%21"), "a b!");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(choose_lang("?flag&lang=zh%2DCN", None).lang, Lang::Zh);
    }

    #[test]
    fn shorten_keeps_short_values_and_cuts_long_ones() {
        assert_eq!(shorten("fr", 8), "fr");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        assert_eq!(shorten("中文中文中文", 3), "中文…");
    }

    #[test]
    fn the_bank_speaks_both_languages() {
        assert_eq!(machine_text("balance 1280", Lang::Zh), "余额 1280");
        assert_eq!(machine_text("refused", Lang::Zh), "拒绝（余额不足）");
        assert_eq!(machine_text("balance 1280", Lang::En), "balance 1280");
        assert_eq!(machine_text("{a=1}", Lang::Zh), "{a=1}");
    }
}
