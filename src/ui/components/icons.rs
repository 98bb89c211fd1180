//! Small inline SVG icons, drawn in the current text colour. Symbols from fonts (⏵, ⛶) are
//! missing on many systems; paths are not.

use yew::prelude::*;

/// An icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    /// ▶
    Play,
    /// ❚❚
    Pause,
    /// |◀
    Back,
    /// ▶|
    Step,
    /// ↺
    Reset,
    /// Sliders.
    Settings,
    /// A list.
    Log,
    /// Four corners.
    Enlarge,
    /// A half-filled circle: the high-contrast projector theme.
    Contrast,
    /// `</>`: embed code.
    Embed,
    /// An arrow out of a tray: open a file.
    Open,
    /// An arrow out of a box: open in a new tab.
    External,
    /// An arrow curving back: undo.
    Undo,
    /// An arrow curving forward: redo.
    Redo,
    /// A question mark in a speech bubble: the quiz.
    Quiz,
    /// A flag: the challenges.
    Flag,
}

/// Draws `icon` at 1em, hidden from assistive technology (the button has the name).
pub fn icon(icon: Icon) -> Html {
    let (fill, d) = match icon {
        Icon::Play => (true, "M4 2.5v11l9.5-5.5z"),
        Icon::Pause => (true, "M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"),
        Icon::Back => (true, "M2.5 2.5h2v11h-2zM14 2.5v11L5.5 8z"),
        Icon::Step => (true, "M11.5 2.5h2v11h-2zM2 2.5v11L10.5 8z"),
        Icon::Reset => (false, "M3.2 5.5A5.5 5.5 0 1 1 2.5 9M3 1.8v3.9h3.9"),
        Icon::Settings => (
            false,
            "M1.5 4h13M1.5 8h13M1.5 12h13M5 2.3v3.4M11 6.3v3.4M7 10.3v3.4",
        ),
        Icon::Log => (false, "M5 4h9.5M5 8h9.5M5 12h9.5M1.5 4h1M1.5 8h1M1.5 12h1"),
        Icon::Enlarge => (
            false,
            "M1.8 6V1.8H6M10 1.8h4.2V6M14.2 10v4.2H10M6 14.2H1.8V10",
        ),
        Icon::Contrast => (
            false,
            "M8 1.8a6.2 6.2 0 1 0 0 12.4zM8 1.8a6.2 6.2 0 0 1 0 12.4",
        ),
        Icon::Embed => (false, "M5.5 4 1.5 8l4 4M10.5 4l4 4-4 4"),
        Icon::Open => (false, "M8 11V2M4.5 5.5 8 2l3.5 3.5M2 11v3h12v-3"),
        Icon::External => (false, "M9 2h5v5M14 2 7 9M12 9.5V14H2V4h4.5"),
        Icon::Undo => (false, "M5.5 2.5 2 6l3.5 3.5M2.5 6H10a4 4 0 0 1 0 8H7"),
        Icon::Redo => (false, "M10.5 2.5 14 6l-3.5 3.5M13.5 6H6a4 4 0 0 0 0 8h3"),
        Icon::Flag => (false, "M3 14.5V2M3 2.5h9l-2 3 2 3H3"),
        Icon::Quiz => (
            false,
            "M6 6a2 2 0 1 1 2.6 1.9c-.4.2-.6.5-.6.9V9.5M8 12v.1M2 2h12v9.5H9L5 14v-2.5H2z",
        ),
    };
    html! {
        <svg class="i" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
            if fill {
                <path d={d} fill="currentColor" />
            } else {
                <path d={d} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
            }
        </svg>
    }
}
