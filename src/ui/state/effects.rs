//! Brief effects after a change, derived from its events: deliveries pulse at the receiver,
//! losses and drops leave a fading cross, new messages ease in, duplicated ones flash. While
//! playing, the effects of earlier frames stay until they have faded.

use crate::sorted::VecMap;

use crate::paxos::NodeId;
use crate::sim::{Event, EventKind, MsgId};
use crate::ui::layout::Point;

use super::State;

/// How long an effect stays on the stage while playing, in ms.
const EFFECT_MS: f64 = 900.0;

/// Whether a change shows brief effects.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Effects {
    /// None: the run jumped (back, to a start, or along a script backwards).
    Skip,
    /// Those of its events.
    Show {
        /// The message the user dropped, and where it was drawn.
        dropped_at: Option<(MsgId, Point)>,
    },
}

/// An effect drawn briefly after an op.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EffectKind {
    /// A message reached its receiver: a pulse at the receiver.
    Delivered,
    /// A message was lost on arrival: a fading ✕ at the receiver's end.
    Lost,
    /// The user dropped a message: a fading ✕ where it was.
    Dropped,
}

/// One effect of the last change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effect {
    /// The change that caused it (see [`Recent::epoch`]).
    pub epoch: u64,
    /// The event that caused it (unique within the change).
    pub event: u64,
    /// When it appeared (animation-frame time, ms).
    pub born: f64,
    /// What to draw.
    pub kind: EffectKind,
    /// The message's sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
    /// Where along the path.
    pub at: f64,
    /// Where it is drawn instead, if not on the path: a dropped message where it was drawn.
    pub point: Option<Point>,
}

/// What the last forward change did, for brief effects: derived from its events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recent {
    /// Counts changes, so that effects of a new change are drawn afresh.
    pub epoch: u64,
    /// Messages it put on the network, with when: they ease in from their sender.
    pub fresh: VecMap<MsgId, f64>,
    /// Messages it duplicated (original and copy), with when: they flash.
    pub flash: VecMap<MsgId, f64>,
    /// Pulses and crosses.
    pub effects: Vec<Effect>,
}

impl State {
    /// The effects after the run moved from op `before` to the cursor: those of the ops on
    /// the way if the move was forward and `effects` shows them, and, while playing, those of
    /// earlier frames that have not faded yet.
    pub(super) fn effects_since(&self, before: usize, effects: Effects) -> Recent {
        let cursor = self.history().cursor();
        let epoch = self.recent.epoch + 1;
        let born = self.last_frame.unwrap_or(0.0);
        let Effects::Show { dropped_at } = effects else {
            return Recent {
                epoch,
                ..Recent::default()
            };
        };
        let mut recent = if cursor > before {
            let history = self.history();
            let events: Vec<&Event> = (before..cursor)
                .flat_map(|i| history.events_of(i).iter())
                .collect();
            recent_from(&events, dropped_at, epoch, born)
        } else {
            Recent {
                epoch,
                ..Recent::default()
            }
        };
        if self.playing {
            let young = |t: f64| born - t < EFFECT_MS;
            let sim = self.sim();
            recent.effects.extend(
                self.recent
                    .effects
                    .iter()
                    .filter(|e| young(e.born))
                    .copied(),
            );
            for (id, t) in &self.recent.fresh {
                if young(*t) && sim.in_flight.contains_key(id) {
                    recent.fresh.entry(*id).or_insert(*t);
                }
            }
            for (id, t) in &self.recent.flash {
                if young(*t) && sim.in_flight.contains_key(id) {
                    recent.flash.entry(*id).or_insert(*t);
                }
            }
        }
        recent
    }
}

/// The effects of a change, from its events. `dropped_at` is where a dropped message was
/// drawn; its `dropped` event carries its whole envelope, so its path needs no search.
fn recent_from(
    events: &[&Event],
    dropped_at: Option<(MsgId, Point)>,
    epoch: u64,
    born: f64,
) -> Recent {
    let mut recent = Recent {
        epoch,
        ..Recent::default()
    };
    for e in events {
        let effect = |kind, from, to, at| Effect {
            epoch,
            born,
            event: e.id.0,
            kind,
            from,
            to,
            at,
            point: None,
        };
        match &e.kind {
            EventKind::Sent { envelope } => {
                recent.fresh.insert(envelope.id, born);
            }
            EventKind::Duplicated { msg, copy } => {
                recent.flash.insert(*msg, born);
                recent.flash.insert(copy.id, born);
            }
            EventKind::Delivered { from, to, .. } => {
                recent
                    .effects
                    .push(effect(EffectKind::Delivered, *from, *to, 1.0));
            }
            EventKind::Lost { from, to, .. } => {
                recent
                    .effects
                    .push(effect(EffectKind::Lost, *from, *to, 0.9));
            }
            EventKind::Dropped { envelope } => {
                let point = dropped_at
                    .filter(|(m, _)| *m == envelope.id)
                    .map(|(_, p)| p);
                recent.effects.push(Effect {
                    point,
                    ..effect(EffectKind::Dropped, envelope.from, envelope.to, 0.5)
                });
            }
            _ => {}
        }
    }
    recent
}
