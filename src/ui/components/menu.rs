//! The menu of a message: deliver now, drop, duplicate, hold or release. It opens beside the
//! message when the message is clicked (or Enter/Space on it), and Escape closes it. Delivering
//! or dropping it closes the menu and gives focus to the node the message was for.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::MsgId;
use crate::ui::action::MsgVerb;
use crate::ui::browser;
use crate::ui::describe::{message_aria, Names};
use crate::ui::i18n::Lang;
use crate::ui::layout::num;
use crate::ui::scene::{MsgView, Scene, Still};

/// Props of [`MessageMenu`].
#[derive(Properties, PartialEq)]
pub struct MessageMenuProps {
    /// The interface language.
    pub lang: Lang,
    /// The message.
    pub view: Rc<MsgView>,
    /// Where the message is drawn, in CSS pixels of the box the menu opens in.
    pub at: (f64, f64),
    /// The size of that box.
    pub area: (f64, f64),
    /// Node names.
    pub names: Names,
    /// A verb was picked for the message.
    pub on_verb: Callback<(MsgVerb, MsgId)>,
    /// The menu's close button.
    pub on_close: Callback<MsgId>,
}

/// Where on the stage (CSS pixels) message `m` is drawn at display time `time`.
pub fn on_stage(
    scene: &Scene,
    px: (u32, u32),
    m: &MsgView,
    time: f64,
    still: Option<Still>,
) -> (f64, f64) {
    let p = scene.drawn_at(m, time, still);
    to_pixels(scene, px, p.x, p.y)
}

/// Where on the stage (CSS pixels) a point of the scene is drawn.
fn to_pixels(scene: &Scene, px: (u32, u32), x: f64, y: f64) -> (f64, f64) {
    let (w, h) = (scene.layout.width, scene.layout.height);
    let (pw, ph) = (f64::from(px.0), f64::from(px.1));
    let scale = (pw / w).min(ph / h);
    (
        (pw - w * scale) / 2.0 + x * scale,
        (ph - h * scale) / 2.0 + y * scale,
    )
}

/// A small popover menu next to a message.
#[function_component(MessageMenu)]
pub fn message_menu(props: &MessageMenuProps) -> Html {
    let lang = props.lang;
    let m = &props.view;
    let id = m.envelope.id;
    let held = m.envelope.held_at.is_some();
    let menu_ref = use_node_ref();
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(id, move |_| {
            if let Some(first) = menu_ref
                .cast::<web_sys::Element>()
                .and_then(|el| el.query_selector(".menu-actions button").ok().flatten())
            {
                browser::focus(&first);
            }
        });
    }
    let (x, y) = props.at;
    let (pw, ph) = props.area;
    // Open towards the roomier side, so the menu stays on the stage.
    let horizontal = if x > pw * 0.6 {
        format!("right:{}px", num((pw - x + 18.0).max(4.0)))
    } else {
        format!("left:{}px", num((x + 18.0).min((pw - 200.0).max(4.0))))
    };
    let vertical = if y > ph * 0.55 {
        format!("bottom:{}px", num((ph - y - 10.0).max(4.0)))
    } else {
        format!("top:{}px", num((y - 10.0).max(4.0)))
    };
    let to = m.envelope.to;
    let act = |verb: MsgVerb| {
        let on_verb = props.on_verb.clone();
        Callback::from(move |_: MouseEvent| {
            // Delivered or dropped, the message is gone and the menu with it: focus goes to the
            // node it was for, rather than to nowhere, before the menu closes, so that no key
            // pressed after finds it elsewhere. Held, released or copied, the menu stays.
            if matches!(verb, MsgVerb::Deliver | MsgVerb::Drop) {
                browser::focus_first(&format!("[data-node=\"{}\"]", to.0));
            }
            on_verb.emit((verb, id));
        })
    };
    let title = message_aria(&m.envelope, &props.names, lang);
    html! {
        <div class="menu" role="dialog" aria-label={title.clone()} ref={menu_ref}
            style={format!("{horizontal};{vertical}")}>
            <div class="menu-title">
                <span>{ title }</span>
                <button type="button" class="close" aria-label={lang.pick("关闭", "Close")}
                    onclick={props.on_close.reform(move |_| id)}>{ "×" }</button>
            </div>
            <div class="menu-actions">
                <button type="button" onclick={act(MsgVerb::Deliver)}>{ lang.pick("立即送达", "Deliver now") }</button>
                <button type="button" onclick={act(MsgVerb::Drop)}>{ lang.pick("丢弃", "Drop") }</button>
                <button type="button" onclick={act(MsgVerb::Duplicate)}>{ lang.pick("复制", "Duplicate") }</button>
                if held {
                    <button type="button" onclick={act(MsgVerb::Release)}>{ lang.pick("放行", "Release") }</button>
                } else {
                    <button type="button" onclick={act(MsgVerb::Hold)}>{ lang.pick("扣住", "Hold") }</button>
                }
            </div>
        </div>
    }
}
