//! The page's address: what a shared link or a slide's iframe asks the page to show.
//!
//! | parameter | values | meaning |
//! |---|---|---|
//! | `scenario` | a built-in name | the scenario to open (default `sandbox`) |
//! | `lang` | `zh`, `en` | the interface language (default: the browser's) |
//! | `embed` | `1`, `0` | only the stage, the caption and the step controls, for slides |
//! | `step` | `1` … the last step | open a guided tour at this step |
//! | `autoplay` | `1`, `0` | the tour advances by itself (a scenario without steps plays) |
//! | `speed` | `0.1` … `10` | the speed factor |
//! | `view` | `stage`, `diagram`, `both` | the stage, the space-time diagram, or both one above the other (default `stage`) |
//! | `run` | see [`super::moment`] | the run to replay and the instant to show: a link to a moment |
//! | `theme` | `projector`, `light` | the high-contrast projector theme, or the light one even where the system is in dark mode (default: light, or dark where the system is) |
//! | `exercise` | a challenge's name | start that challenge (see [`crate::quiz::challenge`]) |
//! | `#scenario=` | base64url JSON | a scenario carried in the link itself |
//!
//! Anything else is ignored and listed in a notice on the page, so a mistyped link shows
//! what it got wrong instead of silently showing something else. The functions here are
//! pure and tested natively; `ui::browser` reads the address and writes it back.

use super::i18n::{percent_decode, Lang};
use super::speed::Speed;
use super::state::Progress;
use crate::quiz::challenge::Challenge;
use crate::scenario;

/// The scenario shown when none is asked for.
pub const DEFAULT_SCENARIO: &str = scenario::DEFAULT.0;

/// What the page was asked to show when it opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Startup {
    /// `?scenario=NAME`.
    pub scenario: Option<String>,
    /// `#scenario=` (base64url JSON).
    pub inline: Option<String>,
    /// The user prefers reduced motion.
    pub reduced_motion: bool,
    /// `?embed=1`: only the stage, the caption and the step controls.
    pub embed: bool,
    /// `?step=N`: the tour step to open at.
    pub step: Option<usize>,
    /// `?autoplay=1`: the tour advances by itself, or a scenario without steps plays.
    pub autoplay: bool,
    /// `?speed=X`.
    pub speed: Option<Speed>,
    /// `?view=stage|diagram|both`.
    pub view: Option<View>,
    /// `?run=`: a run to replay (see [`super::moment`]).
    pub run: Option<String>,
    /// `?theme=projector`: the high-contrast projector theme.
    pub projector: bool,
    /// `?theme=light`: the light theme even where the system is in dark mode.
    pub light: bool,
    /// `?exercise=NAME`: a challenge to start.
    pub exercise: Option<Challenge>,
    /// The progress kept in the browser (not from the address).
    pub progress: Progress,
    /// Parameters that were not used, for a notice.
    pub ignored: Vec<Ignored>,
}

/// The parameters the page understands, in the order the notice lists them.
pub const KNOWN: [&str; 10] = [
    "scenario", "lang", "embed", "step", "autoplay", "speed", "view", "run", "theme", "exercise",
];

/// What the page shows of the run: the stage, the space-time diagram, or both, one above the
/// other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The stage alone.
    Stage,
    /// The space-time diagram alone.
    Diagram,
    /// The stage above the diagram.
    Both,
}

impl View {
    /// Every view, in the order the switch offers them.
    pub const ALL: [View; 3] = [View::Stage, View::Both, View::Diagram];

    /// The view named in the address.
    pub fn parse(value: &str) -> Option<View> {
        match value.trim().to_ascii_lowercase().as_str() {
            "stage" => Some(View::Stage),
            "diagram" => Some(View::Diagram),
            "both" => Some(View::Both),
            _ => None,
        }
    }

    /// Its name in the address.
    pub fn code(self) -> &'static str {
        match self {
            View::Stage => "stage",
            View::Diagram => "diagram",
            View::Both => "both",
        }
    }

    /// Its name, as the view switch says it.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            View::Stage => lang.pick("舞台", "Stage"),
            View::Diagram => lang.pick("时空图", "Diagram"),
            View::Both => lang.pick("两者", "Both"),
        }
    }

    /// The view a page shows when the address names none: the stage, as a page always did,
    /// so that older links and slides look as they did.
    pub const DEFAULT: View = View::Stage;

    /// Whether the stage is shown.
    pub fn stage(self) -> bool {
        self != View::Diagram
    }

    /// Whether the diagram is shown.
    pub fn diagram(self) -> bool {
        self != View::Stage
    }
}

/// A parameter the page did not use, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// The parameter as written, `key=value`.
    pub param: String,
    /// Why it was not used.
    pub reason: Reason,
}

/// Why a parameter was not used (or not used as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The page has no such parameter.
    Unknown,
    /// `lang` is neither `zh` nor `en`.
    Language,
    /// `embed` or `autoplay` is not `1` or `0`.
    Flag,
    /// `step` is not a whole number from 1.
    Step,
    /// `step` is past the tour's last step, which is shown instead.
    StepBeyond {
        /// The last step.
        last: usize,
    },
    /// `step` was given for a scenario without steps.
    NoSteps,
    /// `speed` is not a number from 0.1 to 10.
    Speed,
    /// `view` is not `stage`, `diagram` or `both`.
    View,
    /// `theme` is not `projector` or `light`.
    Theme,
    /// `exercise` names no challenge.
    Exercise,
    /// `scenario`, `#scenario`, `step` or `autoplay` beside `exercise`: a challenge opens its
    /// own scenario, from its own start.
    WithExercise,
    /// A parameter given a second time: the first one applies.
    Repeated,
    /// `scenario` names no scenario, and another `scenario` names one, which applies.
    NoScenario,
    /// `scenario` beside `#scenario`: the scenario the link carries is the one shown.
    WithInline,
    /// `step` beside `run`: the run's own instant is shown.
    WithRun,
}

/// Reads what the page was asked for from `search` (`?a=1&b=2`) and `hash` (`#scenario=…`).
/// The language is read separately by [`super::i18n::choose_lang`]; an unknown `lang` value is
/// reported by [`super::state::State::new`].
pub fn read(search: &str, hash: &str, reduced_motion: bool) -> Startup {
    let mut startup = Startup {
        reduced_motion,
        ..Startup::default()
    };
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut seen: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (percent_decode(key), percent_decode(value));
        // A language the page cannot use is reported by the language's own choice
        // (`i18n::choose_lang`), and a later one may still apply.
        if key == "lang" && Lang::from_tag(&value).is_none() {
            continue;
        }
        // Of a parameter given twice, the first value the page could use applies, as the
        // language's first value does.
        let reason = match key.as_str() {
            _ if seen.contains(&key) => Some(Reason::Repeated),
            // A name the page has no scenario of is reported when the page opens (it shows the
            // default), unless a later one names a scenario, which then applies.
            "scenario" if !opens_scenario(&value) => {
                if startup.scenario.is_some() {
                    Some(Reason::NoScenario)
                } else {
                    startup.scenario = Some(value.clone());
                    continue;
                }
            }
            "scenario" => {
                if let Some(unknown) = startup.scenario.replace(value.clone()) {
                    startup.ignored.push(Ignored {
                        param: pair_text(&key, &unknown),
                        reason: Reason::NoScenario,
                    });
                }
                None
            }
            "lang" => None,
            "embed" => flag(&value).map(|on| startup.embed = on).err(),
            "autoplay" => flag(&value).map(|on| startup.autoplay = on).err(),
            "step" => match whole_number(value.trim()) {
                Some(k) if k >= 1 => {
                    startup.step = Some(k);
                    None
                }
                _ => Some(Reason::Step),
            },
            "speed" => match Speed::parse(&value) {
                Some(v) => {
                    startup.speed = Some(v);
                    None
                }
                None => Some(Reason::Speed),
            },
            "run" => {
                startup.run = Some(value.clone());
                None
            }
            "theme" => match value.trim() {
                "projector" => {
                    startup.projector = true;
                    None
                }
                "light" => {
                    startup.light = true;
                    None
                }
                _ => Some(Reason::Theme),
            },
            "exercise" => match Challenge::from_name(value.trim()) {
                Some(c) => {
                    startup.exercise = Some(c);
                    None
                }
                None => Some(Reason::Exercise),
            },
            "view" => match View::parse(&value) {
                Some(v) => {
                    startup.view = Some(v);
                    None
                }
                None => Some(Reason::View),
            },
            _ => Some(Reason::Unknown),
        };
        match reason {
            Some(reason) => startup.ignored.push(Ignored {
                param: pair_text(&key, &value),
                reason,
            }),
            None => seen.push(key),
        }
    }
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    for pair in hash.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            // The first applies, as in the query (and as `inline_data` reads it).
            Some(("scenario", _)) if startup.inline.is_some() => startup.ignored.push(Ignored {
                param: "#scenario=…".to_owned(),
                reason: Reason::Repeated,
            }),
            Some(("scenario", data)) => startup.inline = Some(data.to_owned()),
            _ => startup.ignored.push(Ignored {
                param: format!("#{pair}"),
                reason: Reason::Unknown,
            }),
        }
    }
    if startup.exercise.is_none() && startup.inline.is_some() {
        if let Some(name) = startup.scenario.take() {
            startup.ignored.push(Ignored {
                param: format!("scenario={name}"),
                reason: Reason::WithInline,
            });
        }
    }
    if startup.exercise.is_some() {
        // A challenge opens its own scenario at its own start; a run (`run=`) still replays.
        let mut not_for_a_challenge = |param: String| {
            startup.ignored.push(Ignored {
                param,
                reason: Reason::WithExercise,
            })
        };
        if let Some(name) = startup.scenario.take() {
            not_for_a_challenge(format!("scenario={name}"));
        }
        if startup.inline.take().is_some() {
            not_for_a_challenge("#scenario=…".to_owned());
        }
        if let Some(k) = startup.step.take() {
            not_for_a_challenge(format!("step={k}"));
        }
        if std::mem::take(&mut startup.autoplay) {
            not_for_a_challenge("autoplay=1".to_owned());
        }
    }
    if startup.run.is_some() {
        if let Some(k) = startup.step.take() {
            startup.ignored.push(Ignored {
                param: format!("step={k}"),
                reason: Reason::WithRun,
            });
        }
    }
    startup
}

/// Whether a `scenario=` value is one the page opens: a built-in scenario's name, or empty (the
/// default). The first such value applies, in `read` and in `follow` alike.
fn opens_scenario(value: &str) -> bool {
    value.is_empty() || scenario::is_builtin(value)
}

/// A whole number written in decimal digits (a leading `+` allowed, as Rust reads it); one too
/// large for the machine's word is as large as the word holds, so that a step far past a tour's
/// end still means "past the end", not "not a number".
fn whole_number(text: &str) -> Option<usize> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(usize::MAX))
}

/// `key=value` for a notice (an absent value shows as `key`).
fn pair_text(key: &str, value: &str) -> String {
    if value.is_empty() {
        key.to_owned()
    } else {
        format!("{key}={value}")
    }
}

/// `1`/`0` (also `true`/`false`, `yes`/`no`, `on`/`off`, and a bare `embed`).
fn flag(value: &str) -> Result<bool, Reason> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Reason::Flag),
    }
}

/// The query string `search` with `key` set to `value` (in its place, or added at the end), or
/// removed when `value` is `None`; the other parameters stay as they were written. Returns `""`
/// or `"?…"`.
pub fn with_param(search: &str, key: &str, value: Option<&str>) -> String {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut value = value.map(|v| format!("{key}={v}"));
    let mut pairs: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        if percent_decode(pair.split_once('=').map_or(pair, |(k, _)| k)) == key {
            pairs.extend(value.take());
        } else {
            pairs.push(pair.to_owned());
        }
    }
    pairs.extend(value);
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The address to show once the page shows another scenario (its built-in `name`, else its
/// base64url `inline` data) or another challenge (`exercise`, the one under way), from the
/// address it has (`search`, `hash`): `None` when that address already opens it, so that a
/// link's `run=` and `step=` stay for a reload; else the new query and hash. A run, a step and
/// a challenge belong to the scenario they were made in, and go with it; a challenge stopped
/// leaves its scenario's address.
pub fn follow(
    search: &str,
    hash: &str,
    name: Option<&str>,
    inline: Option<&str>,
    exercise: Option<&str>,
) -> Option<(String, String)> {
    // What `read` makes of the address, for these three parameters alone: the first usable
    // challenge, else the scenario carried in the hash, else the first named (or the default).
    let values = |key: &'static str| {
        search
            .strip_prefix('?')
            .unwrap_or(search)
            .split('&')
            .filter_map(move |pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(k) == key).then(|| percent_decode(v))
            })
    };
    let challenge = values("exercise").find_map(|v| Challenge::from_name(v.trim()));
    let scenario = values("scenario")
        .find(|v| opens_scenario(v))
        .or_else(|| values("scenario").next());
    let carried = inline_data(hash);
    let opens = match (challenge, carried) {
        (Some(challenge), _) => Target::Exercise(challenge.name()),
        (None, Some(data)) => Target::Inline(data),
        (None, None) => Target::of(scenario.as_deref().filter(|n| !n.is_empty()), None),
    };
    let shown = exercise.map_or(Target::of(name, inline), Target::Exercise);
    if opens == shown {
        return None;
    }
    let without = |keys: [&str; 3]| {
        keys.iter()
            .fold(search.to_owned(), |q, key| with_param(&q, key, None))
    };
    Some(match shown {
        // A challenge opens its own scenario: `scenario=` beside it would be listed unused.
        Target::Exercise(challenge) => (
            with_param(
                &without(["run", "step", "scenario"]),
                "exercise",
                Some(challenge),
            ),
            String::new(),
        ),
        _ => (
            with_param(
                &without(["run", "step", "exercise"]),
                "scenario",
                name.filter(|n| *n != DEFAULT_SCENARIO),
            ),
            inline.map(|d| format!("#scenario={d}")).unwrap_or_default(),
        ),
    })
}

/// The scenario data an address's hash carries (`#scenario=…`), if any.
pub fn inline_data(hash: &str) -> Option<&str> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.split('&')
        .find_map(|pair| pair.strip_prefix("scenario="))
}

/// What a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// A built-in scenario, by name.
    Builtin(&'a str),
    /// A scenario carried in the link (base64url JSON).
    Inline(&'a str),
    /// A challenge, by name (`exercise=`): its own scenario, with its rules.
    Exercise(&'a str),
}

impl<'a> Target<'a> {
    /// What opens the scenario shown: its built-in `name`, else its `inline` form (the default
    /// scenario if neither is known).
    pub fn of(name: Option<&'a str>, inline: Option<&'a str>) -> Self {
        match (name, inline) {
            (Some(name), _) => Target::Builtin(name),
            (None, Some(data)) => Target::Inline(data),
            (None, None) => Target::Builtin(DEFAULT_SCENARIO),
        }
    }
}

/// A link to the page: `base` is the page's address without query or hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link<'a> {
    /// The scenario.
    pub target: Target<'a>,
    /// The language.
    pub lang: Lang,
    /// Embed mode.
    pub embed: bool,
    /// The tour step to open at.
    pub step: Option<usize>,
    /// The tour advances by itself.
    pub autoplay: bool,
    /// The view, written only when it is not the default.
    pub view: View,
    /// The run to replay, `run=` (see [`super::moment`]).
    pub run: Option<&'a str>,
    /// The projector theme, `theme=projector`.
    pub projector: bool,
}

impl Link<'_> {
    /// The address, e.g. `https://x.github.io/paxos-lab/?scenario=one-plus-one&lang=zh&embed=1`.
    pub fn url(&self, base: &str) -> String {
        let mut params = Vec::new();
        match self.target {
            Target::Builtin(name) => params.push(format!("scenario={name}")),
            Target::Exercise(name) => params.push(format!("exercise={name}")),
            Target::Inline(_) => {}
        }
        params.push(format!("lang={}", self.lang.code()));
        if self.embed {
            params.push("embed=1".to_owned());
        }
        // A run decides its own instant, and a challenge starts at its own: a step beside
        // either would only be listed unused.
        let step = self.step.filter(|_| self.run.is_none());
        if let Some(k) = step.filter(|_| !matches!(self.target, Target::Exercise(_))) {
            params.push(format!("step={k}"));
        }
        if self.autoplay {
            params.push("autoplay=1".to_owned());
        }
        if self.view != View::DEFAULT {
            params.push(format!("view={}", self.view.code()));
        }
        if self.projector {
            params.push("theme=projector".to_owned());
        }
        if let Some(run) = self.run {
            params.push(format!("run={run}"));
        }
        let mut url = format!("{base}?{}", params.join("&"));
        if let Target::Inline(data) = self.target {
            url += &format!("#scenario={data}");
        }
        url
    }
}

/// An `<iframe>` for slides or a web page, showing `src` at `width`×`height` CSS pixels.
pub fn iframe(src: &str, title: &str, width: u32, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" \
         style=\"border:0\" loading=\"lazy\" allowfullscreen></iframe>",
        attribute(src),
        attribute(title)
    )
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_parameter() {
        let s = read(
            "?scenario=one-plus-one&embed=1&lang=zh&step=6&autoplay=1&speed=2&view=diagram",
            "",
            false,
        );
        assert_eq!(s.view, Some(View::Diagram));
        assert_eq!(s.scenario.as_deref(), Some("one-plus-one"));
        assert!(s.embed && s.autoplay);
        assert_eq!(s.step, Some(6));
        let speed = s.speed.expect("speed=2 is read");
        assert_eq!((speed.factor(), speed.position()), (2.0, 30));
        assert!(s.ignored.is_empty(), "{:?}", s.ignored);
        let s = read("?embed=0&autoplay=false", "#scenario=eyJ9", true);
        assert!(!s.embed && !s.autoplay && s.reduced_motion);
        assert_eq!(s.inline.as_deref(), Some("eyJ9"));
        assert!(read("?embed", "", false).embed);
        let s = read("?theme=light&exercise=break-paxos", "", false);
        assert!(s.light && !s.projector);
        assert_eq!(s.exercise, Some(Challenge::Correct));
        let s = read("?exercise=break-everything", "", false);
        assert_eq!(s.ignored[0].reason, Reason::Exercise);
        assert_eq!(s.exercise, None);
    }

    #[test]
    fn a_challenge_keeps_its_run_and_lists_what_it_cannot_use() {
        let s = read(
            "?scenario=one-plus-one&exercise=make-it-live&step=3&autoplay=1&run=1.0.1.0.1.q&speed=2",
            "#scenario=eyJ9",
            false,
        );
        assert_eq!(s.exercise, Some(Challenge::Live));
        assert_eq!(s.run.as_deref(), Some("1.0.1.0.1.q"));
        assert!(s.speed.is_some());
        assert!(s.scenario.is_none() && s.inline.is_none() && s.step.is_none() && !s.autoplay);
        let listed: Vec<&str> = s.ignored.iter().map(|i| i.param.as_str()).collect();
        assert_eq!(
            listed,
            [
                "scenario=one-plus-one",
                "#scenario=…",
                "step=3",
                "autoplay=1"
            ]
        );
        assert!(s.ignored.iter().all(|i| i.reason == Reason::WithExercise));
        // Without a challenge, the same parameters apply.
        let s = read("?scenario=one-plus-one&step=3&autoplay=1", "", false);
        assert!(s.ignored.is_empty() && s.step == Some(3) && s.autoplay);
    }

    /// What the notice lists, and why.
    fn listed(s: &Startup) -> Vec<(&str, Reason)> {
        s.ignored
            .iter()
            .map(|i| (i.param.as_str(), i.reason))
            .collect()
    }

    #[test]
    fn a_parameter_given_twice_keeps_its_first_value_and_the_second_is_listed() {
        let s = read(
            "?step=2&lang=en&step=5&step=x&lang=zh&view=3d&view=both&view=stage&scenario=odd-3",
            "#scenario=eyJ9",
            false,
        );
        assert_eq!((s.step, s.view), (Some(2), Some(View::Both)));
        // The scenario the link carries is shown; the named one is listed.
        assert_eq!(
            (s.scenario.as_deref(), s.inline.as_deref()),
            (None, Some("eyJ9"))
        );
        assert_eq!(
            listed(&s),
            [
                ("step=5", Reason::Repeated),
                ("step=x", Reason::Repeated),
                ("lang=zh", Reason::Repeated),
                ("view=3d", Reason::View),
                ("view=stage", Reason::Repeated),
                ("scenario=odd-3", Reason::WithInline),
            ]
        );
    }

    #[test]
    fn a_scenario_carried_twice_in_the_hash_keeps_the_first_as_the_address_does() {
        let s = read("", "#scenario=eyJ9&scenario=e30", false);
        assert_eq!(s.inline.as_deref(), Some("eyJ9"));
        assert_eq!(listed(&s), [("#scenario=…", Reason::Repeated)]);
        assert_eq!(inline_data("#scenario=eyJ9&scenario=e30"), Some("eyJ9"));
        assert_eq!(inline_data("#top"), None);
    }

    #[test]
    fn a_language_the_page_cannot_use_leaves_room_for_a_later_one_and_a_run_its_instant() {
        let s = read("?lang=xx&lang=zh&lang=en&step=3&run=1.0.0.0.0", "", false);
        // `lang=xx` is the language choice's to report (`i18n::choose_lang`); `lang=zh` applies.
        assert_eq!(
            listed(&s),
            [("lang=en", Reason::Repeated), ("step=3", Reason::WithRun)]
        );
        assert_eq!((s.step, s.run.as_deref()), (None, Some("1.0.0.0.0")));
    }

    #[test]
    fn the_address_follows_the_scenario_shown_and_keeps_a_link_that_opens_it() {
        // The page shows what its address opens: a link's run and step stay for a reload.
        let run = "?scenario=annual-meeting-2&lang=en&run=1.31.34.0.3.x26.s.k1";
        assert_eq!(follow(run, "", Some("annual-meeting-2"), None, None), None);
        assert_eq!(follow("?lang=en", "", Some("sandbox"), None, None), None);
        assert_eq!(follow("?scenario=", "", Some("sandbox"), None, None), None);
        assert_eq!(
            follow("?step=2", "#scenario=eyJ9", None, Some("eyJ9"), None),
            None
        );
        assert_eq!(
            follow(
                "?exercise=make-it-live&run=1.0.1.0.1.q",
                "",
                Some("livelock"),
                None,
                Some("make-it-live")
            ),
            None
        );
        // The challenge stopped: its scenario stays, and so does the address's language.
        assert_eq!(
            follow(
                "?exercise=make-it-live&lang=zh&run=1.0.1.0.1.q",
                "",
                Some("livelock"),
                None,
                None
            ),
            Some(("?lang=zh&scenario=livelock".into(), String::new()))
        );
        // A challenge begun on the scenario shown, or on another: the address opens it.
        assert_eq!(
            follow(
                "?scenario=livelock&lang=en&step=4",
                "",
                Some("livelock"),
                None,
                Some("make-it-live")
            ),
            Some(("?lang=en&exercise=make-it-live".into(), String::new()))
        );
        assert_eq!(
            follow(
                "?embed=1",
                "#scenario=eyJ9",
                Some("annual-meeting-2"),
                None,
                Some("break-paxos")
            ),
            Some(("?embed=1&exercise=break-paxos".into(), String::new()))
        );
        // Another scenario: its own address, without the other's run, step or challenge.
        assert_eq!(
            follow(
                "?lang=en&scenario=livelock&step=3&view=both",
                "",
                Some("one-plus-one"),
                None,
                None
            ),
            Some((
                "?lang=en&scenario=one-plus-one&view=both".into(),
                String::new()
            ))
        );
        assert_eq!(
            follow(
                "?lang=en&scenario=livelock&step=2",
                "",
                None,
                Some("eyJ9"),
                None
            ),
            Some(("?lang=en".into(), "#scenario=eyJ9".into()))
        );
        assert_eq!(
            follow(
                "?exercise=make-it-live&run=1.0.1.0.1.q",
                "",
                Some("sandbox"),
                None,
                None
            ),
            Some((String::new(), String::new()))
        );
        assert_eq!(
            follow(
                "?scenario=odd-3",
                "#scenario=eyJ9",
                Some("odd-3"),
                None,
                None
            ),
            Some(("?scenario=odd-3".into(), String::new()))
        );
    }

    #[test]
    fn the_first_scenario_the_page_has_applies() {
        let s = read("?scenario=nope&scenario=odd-4&scenario=odd-3", "", false);
        assert_eq!(s.scenario.as_deref(), Some("odd-4"));
        assert_eq!(
            listed(&s),
            [
                ("scenario=nope", Reason::NoScenario),
                ("scenario=odd-3", Reason::Repeated)
            ]
        );
        // None the page has: the first is reported when the page opens, the others listed.
        let s = read("?scenario=nope&scenario=nix", "", false);
        assert_eq!(s.scenario.as_deref(), Some("nope"));
        assert_eq!(listed(&s), [("scenario=nix", Reason::NoScenario)]);
        // An empty one opens the default: it is one the page can use.
        let s = read("?scenario=&scenario=odd-4", "", false);
        assert_eq!(s.scenario.as_deref(), Some(""));
        assert_eq!(listed(&s), [("scenario=odd-4", Reason::Repeated)]);
        // The address follows the same choice.
        assert_eq!(
            follow(
                "?scenario=nope&scenario=odd-4",
                "",
                Some("odd-4"),
                None,
                None
            ),
            None
        );
    }

    #[test]
    fn garbage_is_listed_not_used() {
        let s = read(
            "?embed=maybe&step=zero&step=0&speed=fast&speed=50&colour=red&%ZZ&autoplay=2&view=3d",
            "#top",
            false,
        );
        assert_eq!(
            listed(&s),
            [
                ("embed=maybe", Reason::Flag),
                ("step=zero", Reason::Step),
                ("step=0", Reason::Step),
                ("speed=fast", Reason::Speed),
                ("speed=50", Reason::Speed),
                ("colour=red", Reason::Unknown),
                ("%ZZ", Reason::Unknown),
                ("autoplay=2", Reason::Flag),
                ("view=3d", Reason::View),
                ("#top", Reason::Unknown),
            ]
        );
        assert!(!s.embed && !s.autoplay && s.step.is_none() && s.speed.is_none());
    }

    #[test]
    fn a_step_too_large_for_a_word_is_past_the_end_not_garbage() {
        for huge in ["4294967296", "99999999999999999999999", "+4294967296"] {
            let s = read(&format!("?step={huge}"), "", false);
            assert!(listed(&s).is_empty(), "{huge}: {:?}", listed(&s));
            // As large as the word holds (2³² − 1 in the browser's wasm32), or larger.
            assert!(
                s.step.is_some_and(|k| k as u64 >= u64::from(u32::MAX)),
                "{huge}"
            );
        }
        assert_eq!(read("?step=+3", "", false).step, Some(3));
        for bad in ["-3", "3.0", "1e3", "%2B%2B3", "+"] {
            let s = read(&format!("?step={bad}"), "", false);
            assert_eq!(s.step, None, "{bad}");
        }
    }

    #[test]
    fn one_parameter_changes_and_the_others_stay() {
        assert_eq!(with_param("", "lang", Some("en")), "?lang=en");
        assert_eq!(
            with_param("?lang=zh&embed=1&x=%41", "lang", Some("en")),
            "?lang=en&embed=1&x=%41"
        );
        assert_eq!(
            with_param("?embed=1", "lang", Some("en")),
            "?embed=1&lang=en"
        );
        assert_eq!(
            with_param("?scenario=odd-3&step=2", "scenario", None),
            "?step=2"
        );
        assert_eq!(with_param("?scenario=odd-3", "scenario", None), "");
        assert_eq!(
            with_param("?%73cenario=a&b", "scenario", Some("c")),
            "?scenario=c&b"
        );
        assert_eq!(
            with_param("?lang=zh&lang=en", "lang", Some("en")),
            "?lang=en"
        );
    }

    #[test]
    fn links_and_iframes() {
        let base = "https://example.org/paxos-lab/";
        let link = Link {
            target: Target::Builtin("one-plus-one"),
            lang: Lang::Zh,
            embed: true,
            step: Some(6),
            autoplay: false,
            view: View::Both,
            run: Some("1.0.4.0.2.p0~~~eA.s"),
            projector: true,
        };
        let url = link.url(base);
        assert_eq!(
            url,
            "https://example.org/paxos-lab/?scenario=one-plus-one&lang=zh&embed=1&view=both\
             &theme=projector&run=1.0.4.0.2.p0~~~eA.s"
        );
        // What the link says is what the page reads back.
        let query = &url[url.find('?').unwrap()..];
        let back = read(query, "", false);
        assert_eq!(back.scenario.as_deref(), Some("one-plus-one"));
        assert_eq!(
            (back.embed, back.step, back.autoplay, back.view),
            (true, None, false, Some(View::Both))
        );
        assert_eq!(back.run.as_deref(), Some("1.0.4.0.2.p0~~~eA.s"));
        assert!(back.ignored.is_empty());
        assert!(back.projector);
        let inline = Link {
            target: Target::Inline("eyJ0aXRsZSI6MX0"),
            lang: Lang::En,
            embed: false,
            step: None,
            autoplay: true,
            view: View::DEFAULT,
            run: None,
            projector: false,
        };
        assert_eq!(
            inline.url(base),
            "https://example.org/paxos-lab/?lang=en&autoplay=1#scenario=eyJ0aXRsZSI6MX0"
        );
        // A challenge's link names the challenge, which opens its scenario, and keeps its run.
        let challenge = Link {
            target: Target::Exercise("break-paxos"),
            run: Some("1.0.2.0.2.p0~~~eA.s"),
            ..inline
        };
        let url = challenge.url(base);
        assert_eq!(
            url,
            "https://example.org/paxos-lab/?exercise=break-paxos&lang=en&autoplay=1&run=1.0.2.0.2.p0~~~eA.s"
        );
        let back = read(&url[url.find('?').unwrap()..], "", false);
        assert_eq!(back.exercise, Some(Challenge::Correct));
        assert_eq!(back.run.as_deref(), Some("1.0.2.0.2.p0~~~eA.s"));
        assert_eq!(
            iframe("https://e.org/?a=1&b=2", "Paxos Lab: \"1+1\"", 800, 450),
            "<iframe src=\"https://e.org/?a=1&amp;b=2\" width=\"800\" height=\"450\" \
             title=\"Paxos Lab: &quot;1+1&quot;\" style=\"border:0\" loading=\"lazy\" \
             allowfullscreen></iframe>"
        );
    }
}
