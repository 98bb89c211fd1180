//! The stage: the SVG drawing of nodes, message tracks, messages and effects.
//!
//! Layers, bottom to top: the backdrop (with the tracks of the messages in flight), the node
//! cards, the brief effects of the last change, and the messages. Cards and message bodies are
//! memoised components compared by `Rc` pointer, so a frame that only advances the clock
//! re-renders the message layer's positions and nothing else.

use std::rc::Rc;

use yew::prelude::*;

use crate::paxos::{NodeId, Role};
use crate::sim::MsgId;
use crate::ui::describe::{role_class, role_name};
use crate::ui::i18n::{shorten, Lang};
use crate::ui::layout::{num, translate, Point, LINE_HEIGHT};
use crate::ui::scene::{
    fitted_label, pill_width, resting_points, text_width, Fit, MsgView, NodeView, Rest, Scene,
    Still,
};
use crate::ui::state::{EffectKind, Recent};

/// What [`stage`] draws.
pub struct Stage {
    /// The interface language.
    pub lang: Lang,
    /// What to draw.
    pub scene: Rc<Scene>,
    /// The display clock.
    pub time: f64,
    /// How messages stand while the clock stands still; `None` while they move with it.
    pub still: Option<Still>,
    /// Effects of the last change.
    pub recent: Rc<Recent>,
    /// The node whose panel is open.
    pub selected_node: Option<NodeId>,
    /// The message whose menu is open.
    pub selected_message: Option<MsgId>,
    /// A node was clicked (or Enter/Space on it).
    pub on_select_node: Callback<NodeId>,
    /// A message was clicked (or Enter/Space on it).
    pub on_select_message: Callback<MsgId>,
    /// The message linked across the views (pointed at here, in the diagram or in the log).
    pub linked: Option<MsgId>,
    /// The pointer or focus came onto a message, or left it.
    pub on_link: Callback<Option<MsgId>>,
}

/// The stage: three SVG layers with the same coordinate system, scaled to fit the space they
/// get (`xMidYMid meet`; the scene's viewBox already has that space's shape). The lowest holds
/// what changes only with the run (backdrop, tracks, nodes); the middle one the brief effects,
/// whose animations run for a while after each change; the top one the messages, which move
/// every frame. Each upper layer is composited on its own, so the browser repaints only the
/// layers that changed. A plain function, not a component: the display clock changes on every
/// frame, so a component would be drawn again on every frame too; the layers below it are the
/// components that skip what did not change.
pub fn stage(props: &Stage) -> Html {
    let lang = props.lang;
    let scene = &props.scene;
    let (w, h) = (scene.layout.width, scene.layout.height);
    let view_box = format!("0 0 {} {}", num(w), num(h));
    let selected_node = props.selected_node;
    html! {
        <>
            <svg
                class="stage"
                role="group"
                aria-label={lang.pick("节点", "Nodes")}
                viewBox={view_box.clone()}
                preserveAspectRatio="xMidYMid meet"
            >
                <Backdrop {lang} scene={Rc::clone(scene)} />
                <g class="nodes">
                    { for scene.nodes.iter().map(|n| html! {
                        <NodeCard
                            key={n.id.0}
                            {lang}
                            view={Rc::clone(n)}
                            selected={selected_node == Some(n.id)}
                            on_select={props.on_select_node.clone()}
                        />
                    }) }
                </g>
            </svg>
            <svg class="stage-fx" aria-hidden="true" viewBox={view_box.clone()} preserveAspectRatio="xMidYMid meet">
                <Effects scene={Rc::clone(scene)} recent={Rc::clone(&props.recent)} />
            </svg>
            <svg
                class="stage-top"
                role="group"
                aria-label={lang.pick("传送中的消息", "Messages in flight")}
                viewBox={view_box}
                preserveAspectRatio="xMidYMid meet"
            >
                <Messages
                    scene={Rc::clone(scene)}
                    time={props.time}
                    still={props.still}
                    recent={Rc::clone(&props.recent)}
                    selected={props.selected_message}
                    on_select={props.on_select_message.clone()}
                    linked={props.linked}
                    on_link={props.on_link.clone()}
                />
            </svg>
        </>
    }
}

/// Props of [`Backdrop`].
#[derive(Properties)]
struct BackdropProps {
    lang: Lang,
    scene: Rc<Scene>,
}

impl PartialEq for BackdropProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.scene.layout == other.scene.layout
            && self.scene.messages.len() == other.scene.messages.len()
            && self
                .scene
                .messages
                .iter()
                .zip(&other.scene.messages)
                .all(|(a, b)| a.track == b.track && a.class == b.class)
    }
}

/// The floor of the stage and the tracks of the messages in flight. It is the stage's image
/// for assistive technology: "Paxos stage".
#[function_component(Backdrop)]
fn backdrop(props: &BackdropProps) -> Html {
    let layout = &props.scene.layout;
    html! {
        <g class="backdrop" role="img" aria-label={props.lang.pick("Paxos 舞台", "Paxos stage")}>
            <rect class="floor" x="0" y="0" width={num(layout.width)} height={num(layout.height)} />
            // Keyed children only in this group: Yew diffs a list with any unkeyed child by
            // position, which would rebuild every track after a removed one.
            <g class="tracks">
                { for props.scene.messages.iter().map(|m| html! {
                    <path key={m.envelope.id.0} class={classes!("track", m.class)} d={m.track.d()} />
                }) }
            </g>
        </g>
    }
}

/// Props of [`NodeCard`].
#[derive(Properties)]
pub struct NodeCardProps {
    lang: Lang,
    view: Rc<NodeView>,
    selected: bool,
    on_select: Callback<NodeId>,
}

impl PartialEq for NodeCardProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
            && self.selected == other.selected
            && self.lang == other.lang
    }
}

/// A node: a card with its name, role badges and state, crossed out when it is down.
#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let v = &props.view;
    let lang = props.lang;
    let id = v.id;
    let onclick = props.on_select.reform(move |_: MouseEvent| id);
    let on_select = props.on_select.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_select.emit(id);
        }
    });
    let (hw, hh) = (v.w / 2.0, v.h / 2.0);
    let primary = v.roles.first().copied().unwrap_or(Role::Acceptor);
    let class = classes!(
        "node",
        role_class(primary),
        v.down.then_some("down"),
        v.decided.then_some("decided"),
        props.selected.then_some("selected")
    );
    let badge_w = 40.0;
    let name_room = v.w - 36.0 - badge_w * v.roles.len() as f64;
    let name = fit(&v.name, 27.0, name_room);
    let at = translate(v.x, v.y);
    // The button is the card with the node's name and role badges: its visible words are its
    // name, which its accessible name says (WCAG 2.5.3, label in name), with the roles before
    // it and the state after. The state's lines are drawn over the card by a picture of their
    // own, hidden from screen readers (the name says them, symbols spelt out), and clicks go
    // through them to the card.
    html! {
        <>
        <g class={class.clone()} transform={at.clone()}
            tabindex="0" role="button" aria-label={v.aria.clone()}
            aria-pressed={ if props.selected { "true" } else { "false" } }
            data-node={id.0.to_string()}
            {onclick} {onkeydown}>
            <rect class="card" x={num(-hw)} y={num(-hh)} width={num(v.w)} height={num(v.h)} rx="16" />
            <text class="name" x={num(-hw + 18.0)} y={num(-hh + 40.0)}>{ name }{ " " }</text>
            { for v.roles.iter().enumerate().map(|(i, r)| {
                let x = hw - 14.0 - badge_w * (v.roles.len() - i) as f64 + badge_w / 2.0;
                badge(*r, x, -hh + 30.0, lang)
            }) }
        </g>
        <g class={classes!(class, "face")} transform={at} aria-hidden="true">
            { for v.lines.iter().enumerate().map(|(i, line)| html! {
                <text class="line" x={num(-hw + 18.0)} y={num(-hh + 40.0 + LINE_HEIGHT * (i as f64 + 1.0))}>
                    { fit(line, 21.0, v.w - 30.0) }
                </text>
            }) }
            if v.down {
                <line class="cross" x1={num(-hw + 8.0)} y1={num(-hh + 8.0)} x2={num(hw - 8.0)} y2={num(hh - 8.0)} />
                <line class="cross" x1={num(hw - 8.0)} y1={num(-hh + 8.0)} x2={num(-hw + 8.0)} y2={num(hh - 8.0)} />
                <g class="down-tag" transform={translate(hw - 70.0, hh - 2.0)}>
                    <rect x="-58" y="-22" width="116" height="34" rx="8" />
                    <text x="0" y="3" text-anchor="middle">{ lang.pick("宕机", "DOWN") }</text>
                </g>
            }
        </g>
        </>
    }
}

/// Shortens `text` to fit `room` units at `font` units.
fn fit(text: &str, font: f64, room: f64) -> String {
    if text_width(text, font) <= room {
        return text.to_owned();
    }
    let mut n = text.chars().count();
    while n > 1 && text_width(&shorten(text, n), font) > room {
        n -= 1;
    }
    shorten(text, n)
}

/// A role badge: P in an amber diamond, A in a blue square, L in a green circle. The letter
/// is drawn, not written: the card's visible text is then exactly its name, as its accessible
/// name says it (WCAG 2.5.3, label in name), and the role is said there too.
fn badge(role: Role, x: f64, y: f64, lang: Lang) -> Html {
    let (shape, letter) = match role {
        Role::Proposer => (
            html! { <path d="M0 -17L17 0L0 17L-17 0Z" /> },
            "M-4.5 7V-7h5a3.8 3.8 0 0 1 0 7.6h-5",
        ),
        Role::Acceptor => (
            html! { <rect x="-14" y="-14" width="28" height="28" rx="3" /> },
            "M-6.5 7.5L0-7.5L6.5 7.5M-3.8 2h7.6",
        ),
        Role::Learner => (html! { <circle r="15" /> }, "M-4-7.5V6h8.5"),
    };
    html! {
        <g class={classes!("badge", role_class(role))} transform={translate(x, y)}>
            <title>{ role_name(role, lang) }</title>
            { shape }
            <path class="letter" d={letter} />
        </g>
    }
}

/// Props of [`Effects`].
#[derive(Properties)]
struct EffectsProps {
    scene: Rc<Scene>,
    recent: Rc<Recent>,
}

impl PartialEq for EffectsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.recent, &other.recent) && self.scene.layout == other.scene.layout
    }
}

/// Pulses where messages arrived, fading crosses where they were lost or dropped. They are
/// drawn once per change and fade by themselves (CSS), so they cost nothing per frame.
#[function_component(Effects)]
fn effects(props: &EffectsProps) -> Html {
    let layout = &props.scene.layout;
    html! {
        <g class="effects">
            { for props.recent.effects.iter().map(|e| {
                let p = e.point.unwrap_or_else(|| layout.path(e.from, e.to).at(e.at));
                let key = format!("{}-{}", e.epoch, e.event);
                let at = translate(p.x, p.y);
                match e.kind {
                    EffectKind::Delivered => html! {
                        <g key={key} class="fx pulse" transform={at}><circle r="26" /></g>
                    },
                    EffectKind::Lost | EffectKind::Dropped => html! {
                        <g key={key} class={classes!("fx", "cross", (e.kind == EffectKind::Lost).then_some("lost"))} transform={at}>
                            <circle r="24" />
                            <path d="M-11 -11L11 11M11 -11L-11 11" />
                        </g>
                    },
                }
            }) }
        </g>
    }
}

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
struct MessagesProps {
    scene: Rc<Scene>,
    time: f64,
    still: Option<Still>,
    recent: Rc<Recent>,
    selected: Option<MsgId>,
    on_select: Callback<MsgId>,
    linked: Option<MsgId>,
    on_link: Callback<Option<MsgId>>,
}

/// A scene, compared by identity: a new scene is a new `Rc`.
struct SameScene(Rc<Scene>);

impl PartialEq for SameScene {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The messages in flight, each placed at its position on its path. Only this layer changes
/// from frame to frame, and only in where its messages are: the messages themselves are drawn
/// by [`MessageList`] when they change (sent, delivered, selected), and each frame only moves
/// them ([`place`]).
#[function_component(Messages)]
fn messages(props: &MessagesProps) -> Html {
    // When messages start to move (Play takes a run out of its tour, or out of a pause), they
    // glide from where their labels rested onto their paths instead of jumping there: for the
    // next `SETTLE` of display time (0.4 s at 1×), `.settling` gives their positions a
    // transition.
    const SETTLE: f64 = 8.0;
    let resting = props.still.is_some();
    let left_rest = use_mut_ref(|| (resting, None::<f64>));
    let settling = {
        let mut left = left_rest.borrow_mut();
        if left.0 && !resting {
            left.1 = Some(props.time);
        }
        left.0 = resting;
        left.1.is_some_and(|t| (props.time - t).abs() < SETTLE)
    };
    // While the clock stands still, each message rests where its label is clear; computed once
    // per scene and pause.
    let rests = use_memo(
        (SameScene(Rc::clone(&props.scene)), props.still),
        |(scene, still)| still.map(|still| resting_points(&scene.0, still)),
    );
    let group = use_node_ref();
    let placed = use_mut_ref(Placed::default);
    {
        let (group, placed) = (group.clone(), Rc::clone(&placed));
        let (scene, rests, time) = (Rc::clone(&props.scene), Rc::clone(&rests), props.time);
        use_effect(move || {
            if let Some(group) = group.cast::<web_sys::Element>() {
                place(&mut placed.borrow_mut(), &group, &scene, &rests, time);
            }
        });
    }
    html! {
        <g ref={group} class={classes!("messages", settling.then_some("settling"))}>
            <MessageList
                scene={Rc::clone(&props.scene)}
                time={props.time}
                {rests}
                recent={Rc::clone(&props.recent)}
                selected={props.selected}
                on_select={props.on_select.clone()}
                linked={props.linked}
                on_link={props.on_link.clone()}
            />
        </g>
    }
}

/// Where each message of the last frame was put: its element's translation, and the point it
/// was moved to, in the scene's order.
#[derive(Default)]
struct Placed {
    /// The group the elements are in, and the scene they were found for.
    group: Option<web_sys::Element>,
    scene: Option<Rc<Scene>>,
    moves: Vec<(MsgId, Translation, Point)>,
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// An element's `SVGTransform` of type translate.
    type Translation;
    /// `SVGTransform.setTranslate`, bound without web-sys's wrapper for exceptions, which
    /// costs a `try` a call: it throws only for a read-only transform, and an element's own
    /// `transform.baseVal` is not one.
    #[wasm_bindgen(method, js_name = setTranslate)]
    fn set_translate(this: &Translation, x: f32, y: f32);
}

/// Moves each message's element to where it is at display time `time`: on its path, or where
/// its label rests. Through each element's `SVGTransform`, with two numbers: no text to write
/// and for the browser to parse, and Yew need not draw and compare the layer again. This is
/// most of the work of a frame in which nothing but the clock moved (the stress run: 200
/// messages a frame).
fn place(
    placed: &mut Placed,
    group: &web_sys::Element,
    scene: &Rc<Scene>,
    rests: &Option<Vec<Rest>>,
    time: f64,
) {
    if placed.group.as_ref() != Some(group) {
        *placed = Placed {
            group: Some(group.clone()),
            ..Placed::default()
        };
    }
    if !placed.scene.as_ref().is_some_and(|s| Rc::ptr_eq(s, scene)) && !find(placed, group, scene) {
        return;
    }
    for (i, (m, (_, translate, at))) in scene.messages.iter().zip(&mut placed.moves).enumerate() {
        let p = position(m, rests.as_ref().and_then(|r| r.get(i)), time);
        if p != *at {
            translate.set_translate(p.x as f32, p.y as f32);
            *at = p;
        }
    }
}

/// Where a message is drawn at display time `time`: where its label rests, if it rests, or
/// else on its path.
fn position(m: &MsgView, rest: Option<&Rest>, time: f64) -> Point {
    rest.map_or_else(|| m.point(time, false), |r| r.at)
}

/// Finds the elements of a new scene's messages: they are the group's children, in the
/// scene's order ([`MessageList`] draws nothing else). A message that was there before keeps
/// its element (Yew keeps an element while its key stays), so only new ones are looked up.
/// False if the children are not the scene's messages.
fn find(placed: &mut Placed, group: &web_sys::Element, scene: &Rc<Scene>) -> bool {
    use wasm_bindgen::JsCast;
    // The old list, in the old scene's order: messages that stay keep their order, so each is
    // looked for from where the last one was found.
    let mut before: Vec<_> = placed.moves.drain(..).map(Some).collect();
    let mut from = 0;
    placed.scene = None;
    // The child at index `i`, walked to only when a new message needs it.
    let mut child: (usize, Option<web_sys::Element>) = (0, group.first_element_child());
    for (i, m) in scene.messages.iter().enumerate() {
        let id = m.envelope.id;
        let stays = before[from..]
            .iter()
            .position(|b| b.as_ref().is_some_and(|(old, ..)| *old == id));
        if let Some(kept) = stays.and_then(|k| {
            from += k + 1;
            before[from - 1].take()
        }) {
            placed.moves.push(kept);
            continue;
        }
        while child.0 < i {
            child = (child.0 + 1, child.1.and_then(|c| c.next_element_sibling()));
        }
        let Some(element) = &child.1 else {
            placed.moves.clear();
            return false;
        };
        let list = element
            .unchecked_ref::<web_sys::SvgGraphicsElement>()
            .transform()
            .base_val();
        let Ok(translate) = list.get_item(0) else {
            placed.moves.clear();
            return false;
        };
        let nowhere = Point {
            x: f64::NAN,
            y: f64::NAN,
        };
        placed.moves.push((id, translate.unchecked_into(), nowhere));
    }
    placed.scene = Some(Rc::clone(scene));
    true
}

/// Props of [`MessageList`].
#[derive(Properties)]
struct MessageListProps {
    scene: Rc<Scene>,
    /// The display clock, read only when the list is drawn (for where new messages ease in
    /// from): a tick of the clock alone does not draw it again.
    time: f64,
    rests: Rc<Option<Vec<Rest>>>,
    recent: Rc<Recent>,
    selected: Option<MsgId>,
    on_select: Callback<MsgId>,
    linked: Option<MsgId>,
    on_link: Callback<Option<MsgId>>,
}

impl PartialEq for MessageListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene)
            && Rc::ptr_eq(&self.rests, &other.rests)
            && Rc::ptr_eq(&self.recent, &other.recent)
            && self.selected == other.selected
            && self.linked == other.linked
    }
}

/// The messages, each in a group that [`place`] moves: it is drawn at the origin, and Yew
/// never sets its `transform` again, so the translation `place` holds stays the element's own.
#[function_component(MessageList)]
fn message_list(props: &MessageListProps) -> Html {
    let selected = props.selected;
    html! {
        { for props.scene.messages.iter().enumerate().map(|(i, m)| {
            let id = m.envelope.id;
            let rest = (*props.rests).as_ref().and_then(|r| r.get(i).copied());
            let p = position(m, rest.as_ref(), props.time);
            let fit = rest.map_or(Fit::Whole, |r| r.fit);
            // A label resting off its lane is tied to it by a line.
            let tie = rest.and_then(|r| r.tie.map(|t| (t.x - r.at.x, t.y - r.at.y)));
            // A message the last change sent eases in from its sender.
            let enter = props.recent.fresh.contains_key(&id).then(|| {
                let s = m.path.at(0.0);
                (s.x - p.x, s.y - p.y)
            });
            html! {
                <g key={id.0} class="msg-pos" transform="translate(0 0)">
                    <MessageBody
                        view={Rc::clone(m)}
                        {enter}
                        {fit}
                        {tie}
                        flash={props.recent.flash.contains_key(&id)}
                        selected={selected == Some(id)}
                        linked={props.linked == Some(id)}
                        on_select={props.on_select.clone()}
                        on_link={props.on_link.clone()}
                    />
                </g>
            }
        }) }
    }
}

/// Props of [`MessageBody`].
#[derive(Properties)]
struct MessageBodyProps {
    view: Rc<MsgView>,
    /// Offset to the sender, if it eases in (read once, when it appears).
    enter: Option<(f64, f64)>,
    /// How much of its label shows where it rests (the full label shows on hover and focus).
    fit: Fit,
    /// Where it rests off its lane: the offset to its point on the lane.
    tie: Option<(f64, f64)>,
    flash: bool,
    selected: bool,
    linked: bool,
    on_select: Callback<MsgId>,
    on_link: Callback<Option<MsgId>>,
}

impl PartialEq for MessageBodyProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
            && self.flash == other.flash
            && self.selected == other.selected
            && self.linked == other.linked
            && self.enter.is_some() == other.enter.is_some()
            && self.fit == other.fit
            && self.tie == other.tie
    }
}

/// A message: a pill in its type's colour with its label; a pause sign when held.
#[function_component(MessageBody)]
fn message_body(props: &MessageBodyProps) -> Html {
    let enter = use_state(|| props.enter);
    let m = &props.view;
    let id: MsgId = m.envelope.id;
    let held = m.envelope.held_at.is_some();
    let onclick = props.on_select.reform(move |e: MouseEvent| {
        e.stop_propagation();
        id
    });
    let on_select = props.on_select.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_select.emit(id);
        }
    });
    let (scale, h) = (m.scale, m.height());
    let extra = if held { 30.0 * scale } else { 0.0 };
    // Cut where it rests (to its type and number, or a badge), but whole while pointed at,
    // focused or selected.
    let fit = if props.linked || props.selected {
        Fit::Whole
    } else {
        props.fit
    };
    let w = pill_width(m, fit);
    let label = fitted_label(&m.label, fit);
    let class = classes!(
        "msg",
        m.class,
        held.then_some("held"),
        m.envelope.copy_of.is_some().then_some("copy"),
        props.flash.then_some("flash"),
        props.selected.then_some("selected"),
        props.linked.then_some("linked"),
        enter.is_some().then_some("enter"),
    );
    let link = |on: bool| {
        let on_link = props.on_link.clone();
        move || on_link.emit(on.then_some(id))
    };
    let (enter_in, leave) = (link(true), link(false));
    let (focus_in, blur) = (link(true), link(false));
    let style = enter.map(|(dx, dy)| format!("--dx:{}px;--dy:{}px", num(dx), num(dy)));
    html! {
        <g class={class} style={style} tabindex="0" role="button"
            aria-label={m.aria.clone()}
            aria-expanded={ if props.selected { "true" } else { "false" } }
            data-msg={id.0.to_string()}
            onmouseenter={Callback::from(move |_: MouseEvent| enter_in())}
            onmouseleave={Callback::from(move |_: MouseEvent| leave())}
            onfocus={Callback::from(move |_: FocusEvent| focus_in())}
            onblur={Callback::from(move |_: FocusEvent| blur())}
            {onclick} {onkeydown}>
            if let Some((x, y)) = props.tie {
                <line class="tie" x2={num(x)} y2={num(y)} />
            }
            <rect x={num(-w / 2.0)} y={num(-h / 2.0)} width={num(w)} height={num(h)} rx={num(h / 2.0)} />
            if held {
                <g class="pause" transform={format!("translate({} 0) scale({})", num(-w / 2.0 + 17.0 * scale), num(scale))}>
                    <rect x="-7" y="-8" width="5" height="16" />
                    <rect x="2" y="-8" width="5" height="16" />
                </g>
            }
            <text x={num(extra / 2.0)} y={num(6.5 * scale)} text-anchor="middle">{ label }</text>
        </g>
    }
}
