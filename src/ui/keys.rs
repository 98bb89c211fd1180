//! The keyboard: which key does what, as a pure function so that it is tested natively.
//!
//! | key | free mode | guided tour |
//! |---|---|---|
//! | Space | play / pause | the tour advances by itself, or stops; at its last step, play on |
//! | → / ← | one event forward / back | next / previous step |
//! | PageDown / PageUp | one event forward / back | next / previous step |
//! | L | copy a link to this moment (in the share dialog) | same |
//! | Q | quiz me: a question about the next event | same |
//! | 1–6, R | answer the quiz card's question; reveal its answer | same (→ also reveals a step's question) |
//! | ? | keyboard help | keyboard help |
//! | Esc | close the popover, panel or help | same |
//! | Ctrl+Z (⌘Z) | undo a fork: bring back the future it abandoned | same |
//! | Ctrl+Shift+Z, Ctrl+Y | redo the fork | same |
//!
//! Keys typed into a text field, a slider or a list stay there, and Space or Enter on a focused
//! button presses that button (a file chooser and a checkbox are pressed like buttons: the other
//! keys work there). A list (the scenario picker) keeps ↑, ↓ and its letters, but → / ← and
//! PageDown / PageUp step. Ctrl+Z and its redo work everywhere but in a text field, where
//! they undo typing.

use super::action::{Action, KeyContext};

/// The action for `key` (a `KeyboardEvent.key` value), if any.
pub fn key_action(key: &str, ctx: KeyContext) -> Option<Action> {
    if key == "Escape" {
        return Some(Action::Escape);
    }
    if ctx.command && !ctx.in_text {
        let undo = key.eq_ignore_ascii_case("z");
        if undo && !ctx.shift {
            return Some(Action::UndoFork);
        }
        if undo || key.eq_ignore_ascii_case("y") {
            return Some(Action::RedoFork);
        }
    }
    let steps = matches!(key, "ArrowRight" | "PageDown" | "ArrowLeft" | "PageUp");
    if ctx.modified || ctx.in_field && !(ctx.in_list && steps) {
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
        "l" | "L" => Some(Action::CopyMoment),
        "q" | "Q" => Some(Action::Quiz),
        "r" | "R" => Some(Action::Answer(None)),
        // A quiz card's choices, by their numbers.
        "1" | "2" | "3" | "4" | "5" | "6" => {
            Some(Action::Answer(Some(usize::from(key.as_bytes()[0] - b'1'))))
        }
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
        assert_eq!(key_action("q", ctx), Some(Action::Quiz));
        assert_eq!(key_action("R", ctx), Some(Action::Answer(None)));
        assert_eq!(key_action("2", ctx), Some(Action::Answer(Some(1))));
        assert_eq!(key_action("7", ctx), None);
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
        // A list chooses with ↑ and ↓ and its letters; the step keys step.
        let list = KeyContext {
            in_field: true,
            in_list: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("ArrowRight", list), Some(Action::StepForward));
        assert_eq!(key_action("PageUp", list), Some(Action::StepBack));
        for key in ["ArrowDown", "ArrowUp", " ", "q", "l"] {
            assert_eq!(key_action(key, list), None, "{key}");
        }
    }

    #[test]
    fn ctrl_z_undoes_a_fork_and_ctrl_shift_z_or_ctrl_y_redoes_it() {
        let ctrl = KeyContext {
            modified: true,
            command: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("z", ctrl), Some(Action::UndoFork));
        let shift = KeyContext {
            shift: true,
            ..ctrl
        };
        // Shift makes the key a capital; so does Caps Lock, without Shift.
        assert_eq!(key_action("Z", shift), Some(Action::RedoFork));
        assert_eq!(key_action("Z", ctrl), Some(Action::UndoFork));
        assert_eq!(key_action("y", ctrl), Some(Action::RedoFork));
        // In a slider or a list too, but not in a text field, which undoes typing.
        let slider = KeyContext {
            in_field: true,
            ..ctrl
        };
        assert_eq!(key_action("z", slider), Some(Action::UndoFork));
        let text = KeyContext {
            in_text: true,
            ..slider
        };
        assert_eq!(key_action("z", text), None);
        assert_eq!(key_action("y", text), None);
        // Without Ctrl (or with Alt: `command` is off), a z is just a z.
        assert_eq!(key_action("z", KeyContext::default()), None);
        let alt = KeyContext {
            modified: true,
            ..KeyContext::default()
        };
        assert_eq!(key_action("z", alt), None);
    }
}
