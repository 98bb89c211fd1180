//! A guided tour that plays by itself: each step stays up for the time it takes to read its
//! caption at the chosen speed, then the next one comes (the timer lives in the app, which
//! dispatches [`Action::AutoAdvance`](crate::ui::action::Action::AutoAdvance)).

use super::State;
use crate::ui::i18n::Lang;

/// Time to read a caption at speed 1×, in ms: a pause plus about 250 English words or 450
/// Chinese characters a minute, capped at half a minute.
pub fn reading_ms(caption: &str, lang: Lang) -> u32 {
    let chars = caption.chars().count().min(1000) as u32;
    let per_char = match lang {
        Lang::Zh => 130,
        Lang::En => 48,
    };
    (2500 + chars * per_char).min(30_000)
}

impl State {
    /// Whether the play button plays the tour (advancing it by itself) rather than the run:
    /// on the script, before its last step, or while it plays.
    pub fn plays_tour(&self) -> bool {
        self.guided() && (self.autoplay || self.tour_step < self.loaded.steps())
    }

    /// How long a step stays up while the tour plays by itself, in ms: time to read its
    /// caption at the chosen speed.
    pub fn autoplay_delay(&self) -> u32 {
        let caption = self.loaded.caption(self.tour_step, self.lang).unwrap_or("");
        (f64::from(reading_ms(caption, self.lang)) / self.speed.factor()) as u32
    }

    /// The reading time is up: the next step, and the tour stops at its last.
    pub(super) fn auto_advance(&mut self) {
        self.goto_step(self.tour_step + 1, true);
        self.autoplay = self.tour_step < self.loaded.steps();
    }
}
