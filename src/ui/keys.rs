//! The keyboard: which key does what, as a pure function so that it is tested natively.
//!
//! | key | free mode | guided tour |
//! |---|---|---|
//! | Space | play / pause | the tour advances by itself, or stops; at its last step, play on |
//! | → / ← | one event forward / back | next / previous step |
//! | PageDown / PageUp | one event forward / back | next / previous step |
//! | ? | keyboard help | keyboard help |
//! | Esc | close the popover, panel or help | same |
//!
//! Keys typed into a text field, a slider or a list stay there, and Space or Enter on a focused
//! button presses that button.

use super::action::{Action, KeyContext};

/// The action for `key` (a `KeyboardEvent.key` value), if any.
pub fn key_action(key: &str, ctx: KeyContext) -> Option<Action> {
    if key == "Escape" {
        return Some(Action::Escape);
    }
    if ctx.modified || ctx.in_field {
        return None;
    }
    let (next, prev) = if ctx.guided {
        (Action::TourNext, Action::TourPrev)
    } else {
        (Action::StepForward, Action::StepBack)
    };
    match key {
        " " | "Spacebar" if !ctx.on_button => Some(Action::TogglePlay),
        "ArrowRight" | "PageDown" => Some(next),
        "ArrowLeft" | "PageUp" => Some(prev),
        "?" => Some(Action::ToggleHelp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_free_mode() {
        let ctx = KeyContext::default();
        assert_eq!(key_action(" ", ctx), Some(Action::TogglePlay));
        assert_eq!(key_action("ArrowRight", ctx), Some(Action::StepForward));
        assert_eq!(key_action("ArrowLeft", ctx), Some(Action::StepBack));
        assert_eq!(key_action("PageDown", ctx), Some(Action::StepForward));
        assert_eq!(key_action("?", ctx), Some(Action::ToggleHelp));
        assert_eq!(key_action("Escape", ctx), Some(Action::Escape));
        assert_eq!(key_action("x", ctx), None);
    }

    #[test]
    fn keys_in_a_guided_tour_move_by_step() {
        let ctx = KeyContext {
            guided: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("ArrowRight", ctx), Some(Action::TourNext));
        assert_eq!(key_action("PageUp", ctx), Some(Action::TourPrev));
        assert_eq!(key_action(" ", ctx), Some(Action::TogglePlay));
    }

    #[test]
    fn fields_buttons_and_modifiers_keep_their_keys() {
        let field = KeyContext {
            in_field: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("ArrowLeft", field), None);
        assert_eq!(key_action(" ", field), None);
        assert_eq!(key_action("Escape", field), Some(Action::Escape));
        let button = KeyContext {
            on_button: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action(" ", button), None);
        assert_eq!(key_action("ArrowRight", button), Some(Action::StepForward));
        let ctrl = KeyContext {
            modified: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("ArrowRight", ctrl), None);
    }
}
