//! Presentational components: data and `Callback` props in, HTML/SVG out.
//!
//! Each takes only what it draws, compared cheaply (`Rc` pointers for the scene's parts), so a
//! frame that only moves messages re-renders only the message layer.

mod challenge;
mod controls;
mod diagram;
mod focus;
mod header;
mod help;
pub mod icons;
mod log;
mod log_grid;
mod menu;
mod node_panel;
mod notice;
mod problem;
mod quiz;
mod settings;
mod share;
mod stage;
mod timeline;
mod tour;
mod view_switch;

pub use challenge::{challenge_bar, ChallengeBar, Challenges};
pub use controls::{banners, Controls};
pub use diagram::Diagram;
pub use header::{Header, SameLoaded};
pub use help::Help;
pub use log::LogView;
pub use log_grid::LogGridView;
pub use menu::{on_stage, MessageMenu};
pub use node_panel::{NodePanel, ProposeForm};
pub use notice::notices;
pub use problem::problem_box;
pub use quiz::Quiz;
pub use settings::{liveness_field, Settings};
pub use share::ShareDialog;
pub use stage::{stage, Stage};
pub use timeline::Timeline;
pub use tour::TourBar;
pub use view_switch::view_switch;
