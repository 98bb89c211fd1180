//! What is open besides the stage: the selected node's panel or message's menu, the side
//! panel (settings or log, a drawer on small screens), and a dialog over the page (keyboard
//! help, or the embed dialog). Escape closes the topmost.

use crate::paxos::{NodeId, Rule};
use crate::sim::MsgId;

use super::State;

/// What is selected on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Nothing.
    None,
    /// A node: its panel is open.
    Node(NodeId),
    /// A message: its menu is open.
    Message(MsgId),
}

/// What the side panel shows when no node is selected (on small screens, a drawer over the
/// stage). The log shows on large screens anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The protocol settings.
    Settings,
    /// The event log.
    Log,
    /// The challenges, and the student's progress.
    Challenges,
}

/// A dialog over the whole page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The keyboard help.
    Help,
    /// The help, at the statement of a rule (from the quiz's rule chip).
    Rule(Rule),
    /// The "embed in slides" dialog.
    Share,
    /// The same, opened to copy the link to this moment at once.
    CopyMoment,
}

impl State {
    /// Whether the side panel (node, settings, log) is open on a small screen.
    pub fn drawer_open(&self) -> bool {
        self.quiz.is_some() || self.panel.is_some() || matches!(self.selection, Selection::Node(_))
    }

    /// On a small screen, where the side panel is a drawer over the stage: whether it should
    /// open on the left, because the selected node is on the right half (so that the drawer
    /// never hides the node it is about).
    pub fn drawer_on_left(&self) -> bool {
        match self.selection {
            Selection::Node(id) => self
                .scene
                .nodes
                .iter()
                .any(|n| n.id == id && n.x > self.scene.layout.width / 2.0),
            _ => false,
        }
    }

    /// On a small screen: whether the drawer should be narrow, because the selected node
    /// stands in the middle third of the stage (the middle column of a layout by role), where a
    /// drawer of the usual width would cover it from either side.
    pub fn drawer_narrow(&self) -> bool {
        let third = self.scene.layout.width / 3.0;
        match self.selection {
            Selection::Node(id) => self
                .scene
                .nodes
                .iter()
                .any(|n| n.id == id && n.x > third && n.x < 2.0 * third),
            _ => false,
        }
    }

    /// Opens a node's panel (over the settings), or closes it if it is open.
    pub(super) fn select_node(&mut self, id: NodeId) {
        self.selection = if self.selection == Selection::Node(id) {
            Selection::None
        } else {
            Selection::Node(id)
        };
        if self.panel == Some(Panel::Settings) {
            self.panel = None;
        }
    }

    /// Opens a message's menu, or closes it if it is open. Returns false for a message that
    /// is not on the stage: nothing changes.
    pub(super) fn select_message(&mut self, id: MsgId) -> bool {
        self.selection = if self.selection == Selection::Message(id) {
            Selection::None
        } else if self.scene.message(id).is_some() {
            Selection::Message(id)
        } else {
            return false;
        };
        true
    }

    /// Closes a message's menu once the message is gone from the stage.
    pub(super) fn forget_gone_message(&mut self) {
        if let Selection::Message(id) = self.selection {
            if self.scene.message(id).is_none() {
                self.selection = Selection::None;
            }
        }
    }

    /// Opens or closes the side panel's `panel`. The settings take the place of a node's
    /// panel; the log closes it.
    pub(super) fn toggle_panel(&mut self, panel: Panel) {
        if self.panel == Some(panel) {
            self.panel = None;
            return;
        }
        self.panel = Some(panel);
        // The settings and the challenges take the quiz card's place.
        if panel != Panel::Log {
            self.quiz = None;
        }
        match (panel, self.selection) {
            (Panel::Log | Panel::Challenges, _) | (Panel::Settings, Selection::Node(_)) => {
                self.selection = Selection::None;
            }
            (Panel::Settings, _) => {}
        }
    }

    /// Opens `overlay` (in place of another), or closes it if it is open.
    pub(super) fn toggle_overlay(&mut self, overlay: Overlay) {
        self.overlay = if self.overlay == Some(overlay) {
            None
        } else {
            Some(overlay)
        };
    }

    /// Closes the topmost thing open: a dialog, then the quiz card, then the selection, then the side panel, then
    /// the problem shown. Returns false if nothing was open.
    pub(super) fn escape(&mut self) -> bool {
        if self.overlay.is_some() {
            self.overlay = None;
        } else if self.quiz.is_some() {
            self.quiz = None;
        } else if self.selection != Selection::None {
            self.selection = Selection::None;
        } else if self.panel.is_some() {
            self.panel = None;
        } else if self.problem.is_some() {
            self.problem = None;
        } else {
            return false;
        }
        true
    }
}
