//! The space-time diagram on the page: lanes, arrows and marks from [`DiagramView`], a "now"
//! line that the view follows while the run plays, zoom, fit and a compact mode.
//!
//! Only what is in view is drawn: the run's items come in sealed chunks, and a chunk is drawn
//! only if it reaches into the visible stretch of time. The chunks' groups are kept by hand
//! (`chunks`), so a frame adds the newest items and redraws the messages in flight, not the
//! run's history. The drawing is two viewport-wide SVGs, one over the other, that stay put
//! (`position: sticky`) while a wide content box gives the scrollbar its length: the run drawn
//! so far, and over it what changes every frame.
//!
//! From the keyboard the diagram is one stop: `j`/`k` walk the run event by event (Home and
//! End to its ends), a live region reads the event out, and Enter moves the run to it;
//! `+`/`-` zoom, `0` fits the whole run. Tab never has to pass through the arrows.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::{EventId, MsgId};
use crate::ui::action::MsgVerb;
use crate::ui::browser;
use crate::ui::describe::Names;
use crate::ui::scene::MsgView;

mod chunks;
mod flying;
mod kept;

use super::MessageMenu;
use crate::ui::diagram::svg::{self, path_d};
use crate::ui::diagram::{DiagramView, BOTTOM, LEFT, TOP};
use crate::ui::i18n::Lang;
use crate::ui::layout::num;
use crate::ui::state::{CursorMove, Focused};
use chunks::ChunkLayer;
use flying::{FlyingHits, Frame};

/// Props of [`Diagram`].
#[derive(Properties)]
pub struct DiagramProps {
    /// The interface language.
    pub lang: Lang,
    /// What to draw.
    pub view: Rc<DiagramView>,
    /// The display clock.
    pub time: f64,
    /// Messages wait midway (a guided tour).
    pub midway: bool,
    /// The run is playing.
    pub playing: bool,
    /// Scrolling jumps instead of gliding.
    pub reduced_motion: bool,
    /// The message linked across the views.
    pub linked: Option<MsgId>,
    /// The message whose menu is open.
    pub selected: Option<MsgId>,
    /// The keyboard cursor's event.
    pub focused: Option<Focused>,
    /// In a guided tour: the first event of the current step, whose events are highlighted.
    pub step_from: Option<EventId>,
    /// The pointer or focus is on a message, or left it.
    pub on_link: Callback<Option<MsgId>>,
    /// A message in flight was clicked: its menu.
    pub on_select: Callback<MsgId>,
    /// An event was clicked (or Enter on the cursor): the run goes there.
    pub on_goto: Callback<EventId>,
    /// Zoom in (true) or out.
    pub on_zoom: Callback<bool>,
    /// Fit the whole run.
    pub on_fit: Callback<()>,
    /// Labels off or on.
    pub on_compact: Callback<()>,
    /// Move the keyboard cursor.
    pub on_cursor: Callback<CursorMove>,
    /// The drawing area's size changed.
    pub on_resize: Callback<(u32, u32)>,
    /// The message whose menu opens in the diagram (when the stage is not shown).
    pub menu: Option<Rc<MsgView>>,
    /// Node names, for the menu.
    pub names: Names,
    /// A verb was picked in the menu.
    pub on_verb: Callback<(MsgVerb, MsgId)>,
}

/// The picture is compared by address: the state makes a new one only when the run, its
/// drawing or the clock's step changed, so comparing its contents, hundreds of messages in
/// flight among them, would only find them equal at a cost.
impl PartialEq for DiagramProps {
    fn eq(&self, other: &Self) -> bool {
        let DiagramProps {
            lang,
            view,
            time,
            midway,
            playing,
            reduced_motion,
            linked,
            selected,
            focused,
            step_from,
            on_link,
            on_select,
            on_goto,
            on_zoom,
            on_fit,
            on_compact,
            on_cursor,
            on_resize,
            menu,
            names,
            on_verb,
        } = self;
        Rc::ptr_eq(view, &other.view)
            && (*lang, *time, *midway, *playing, *reduced_motion)
                == (
                    other.lang,
                    other.time,
                    other.midway,
                    other.playing,
                    other.reduced_motion,
                )
            && (*linked, *selected, *step_from) == (other.linked, other.selected, other.step_from)
            && *focused == other.focused
            && *menu == other.menu
            && *names == other.names
            && *on_link == other.on_link
            && *on_select == other.on_select
            && *on_goto == other.on_goto
            && *on_zoom == other.on_zoom
            && *on_fit == other.on_fit
            && *on_compact == other.on_compact
            && *on_cursor == other.on_cursor
            && *on_resize == other.on_resize
            && *on_verb == other.on_verb
    }
}

/// The stretch of the run in view, in content pixels.
#[derive(Clone, Copy, PartialEq)]
struct Window {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    /// Where the view is gliding to, if it is.
    glide: Option<f64>,
}

/// Where the "now" line is drawn: the display clock, or past the tips of messages waiting
/// halfway in a tour.
fn now_x(view: &DiagramView, time: f64, midway: bool) -> f64 {
    let x = view.x(time);
    if !midway {
        return x;
    }
    view.flying
        .iter()
        .filter_map(|f| f.points(time, true, view.now, view.ppt).last().map(|p| p.0))
        .fold(x, f64::max)
}

/// The diagram.
#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let lang = props.lang;
    let view = &props.view;
    let scroll_ref = use_node_ref();
    // The stretch in view, as the drawing area's size and scrolling report it, or as this
    // render scrolls it to follow the run; each report that changes it draws again.
    let window = use_mut_ref(|| Window {
        left: 0.0,
        top: 0.0,
        width: 800.0,
        height: 300.0,
        glide: None,
    });
    let redraw = use_force_update();
    let fly_ref = use_node_ref();
    let hits = use_mut_ref(FlyingHits::default);
    let chunks_ref = use_node_ref();
    let chunks = use_mut_ref(ChunkLayer::default);
    // Whether the view follows the "now" line. The reader's own scrolling (wheel, dragging,
    // the cursor keys) stops it; "Jump to now" starts it again.
    let follow = use_state(|| true);

    // The size of the drawing area.
    {
        let (scroll_ref, on_resize, window, redraw) = (
            scroll_ref.clone(),
            props.on_resize.clone(),
            window.clone(),
            redraw.clone(),
        );
        use_effect_with((), move |_| {
            let watch = scroll_ref.cast::<web_sys::Element>().and_then(|el| {
                browser::watch_size(
                    &el,
                    Callback::from(move |(w, h): (u32, u32)| {
                        {
                            let mut window = window.borrow_mut();
                            window.width = f64::from(w);
                            window.height = f64::from(h);
                        }
                        redraw.force_update();
                        on_resize.emit((w, h));
                    }),
                )
            });
            move || drop(watch)
        });
    }
    // Ctrl+wheel zooms (a listener that may cancel the browser's own zoom).
    {
        let (scroll_ref, on_zoom) = (scroll_ref.clone(), props.on_zoom.clone());
        use_effect_with((), move |_| {
            let listener = scroll_ref
                .cast::<web_sys::Element>()
                .map(|el| browser::listen_ctrl_wheel(&el, on_zoom));
            move || drop(listener)
        });
    }

    let now = now_x(view, props.time, props.midway);
    let drawing_w = (window.borrow().width - LEFT).max(40.0);
    // While playing and following, room ahead of "now" for two thirds of the view: the view
    // can then put the line at a third, and scrolls again only once it has crossed the rest.
    let ahead = if *follow && props.playing {
        drawing_w * 0.7
    } else {
        24.0
    };
    // Never narrower than the view: the drawing, as wide as the view and sticky, stays inside
    // its box, which would otherwise stretch the scrollable width to wherever it was scrolled.
    let content_w = (view.width.max(now + ahead) + LEFT).max(window.borrow().width);
    // Follow the "now" line: when it leaves the view, the view moves so that it sits at a
    // third. A move shorter than the view glides there (paused, and unless the reader asks for
    // reduced motion); any other, such as a move of the timeline across the run, is drawn at
    // its new place by this very render. The drawing stays put while the box scrolls, so the
    // scrollbar can follow once the page is drawn: scrolling at once would make the browser
    // lay the page out twice in the frame.
    // Once drawn: a glide to start, or the scrollbar to put where this render drew.
    let (glide, leap) = {
        let mut w = window.borrow_mut();
        let visible = now >= w.left + 8.0 && now <= w.left + drawing_w * 0.92;
        let to = (now - drawing_w / 3.0)
            .clamp(0.0, (content_w - w.width).max(0.0))
            .round();
        let smooth = !props.reduced_motion && !props.playing && (to - w.left).abs() < drawing_w;
        let glide = (*follow && !visible && smooth).then_some(to);
        let start = glide.filter(|_| w.glide != glide);
        w.glide = glide;
        // The run can also shrink under a view the reader has taken (a step back, an undo):
        // the view then comes back to its end, never stays past it over nothing.
        let most = (content_w - w.width).max(0.0);
        let leap = if *follow && !visible && !smooth {
            Some(to)
        } else {
            (w.left > most).then_some(most)
        };
        if let Some(left) = leap {
            w.left = left;
        }
        (start, leap.is_some())
    };
    let on_scroll = {
        let (window, redraw) = (window.clone(), redraw.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let (left, top) = (f64::from(el.scroll_left()), f64::from(el.scroll_top()));
            let mut window = window.borrow_mut();
            if (left, top) != (window.left, window.top) {
                (window.left, window.top) = (left, top);
                redraw.force_update();
            }
        })
    };
    let window_ref = window;
    let window = *window_ref.borrow();
    let stop_following = {
        let follow = follow.clone();
        move || {
            if *follow {
                follow.set(false);
            }
        }
    };
    let on_wheel = {
        let stop = stop_following.clone();
        Callback::from(move |e: WheelEvent| {
            if !e.ctrl_key() && !e.meta_key() {
                stop();
            }
        })
    };
    // Pressing on the background or the scrollbar (not on an arrow or a mark) is the reader
    // taking the view.
    let on_pointer = {
        let stop = stop_following.clone();
        Callback::from(move |e: PointerEvent| {
            let on_item = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-goto],[data-arrow]").ok().flatten());
            if on_item.is_none() {
                stop();
            }
        })
    };
    // Play follows the run again.
    {
        let follow = follow.clone();
        use_effect_with(props.playing, move |playing| {
            if *playing {
                follow.set(true);
            }
        });
    }
    let jump = {
        let follow = follow.clone();
        Callback::from(move |_: MouseEvent| follow.set(true))
    };
    let on_key = {
        let (on_cursor, on_goto, on_zoom, on_fit) = (
            props.on_cursor.clone(),
            props.on_goto.clone(),
            props.on_zoom.clone(),
            props.on_fit.clone(),
        );
        let focused = props.focused.as_ref().map(|f| f.event);
        let follow = follow.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            let handled = match e.key().as_str() {
                "j" => {
                    follow.set(false);
                    on_cursor.emit(CursorMove::Next);
                    true
                }
                "k" => {
                    follow.set(false);
                    on_cursor.emit(CursorMove::Prev);
                    true
                }
                "Home" => {
                    follow.set(false);
                    on_cursor.emit(CursorMove::First);
                    true
                }
                "End" => {
                    on_cursor.emit(CursorMove::Last);
                    true
                }
                "Enter" => match focused {
                    Some(event) => {
                        follow.set(true);
                        on_goto.emit(event);
                        true
                    }
                    None => false,
                },
                "+" | "=" => {
                    on_zoom.emit(true);
                    true
                }
                "-" | "_" => {
                    on_zoom.emit(false);
                    true
                }
                "0" => {
                    on_fit.emit(());
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
                e.stop_propagation();
            }
        })
    };
    // The keyboard cursor's event is scrolled into view.
    {
        let scroll_ref = scroll_ref.clone();
        let at = props.focused.as_ref().map(|f| f.x);
        let left = window.left;
        let smooth = !props.reduced_motion;
        use_effect_with(props.focused.clone(), move |_| {
            if let (Some(x), Some(el)) = (at, scroll_ref.cast::<web_sys::Element>()) {
                if x < left + 8.0 || x > left + drawing_w - 8.0 {
                    browser::scroll_to(&el, (x - drawing_w / 2.0).max(0.0), smooth);
                }
            }
        });
    }

    // One listener for every item: what was clicked or pointed at is read off the element.
    let on_click = {
        let (on_goto, on_select) = (props.on_goto.clone(), props.on_select.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((el, msg)) = under(&e, "data-arrow") {
                if el.has_attribute("data-fly") {
                    if let Ok(id) = msg.parse() {
                        on_select.emit(MsgId(id));
                    }
                    return;
                }
            }
            if let Some(id) = under(&e, "data-goto").and_then(|(_, v)| v.parse().ok()) {
                on_goto.emit(EventId(id));
            }
        })
    };
    let on_over = {
        let (on_link, linked) = (props.on_link.clone(), props.linked);
        Callback::from(move |e: MouseEvent| {
            let msg = under(&e, "data-arrow")
                .and_then(|(_, v)| v.parse().ok())
                .map(MsgId);
            if msg.is_some() && msg != linked {
                on_link.emit(msg);
            }
        })
    };
    let on_out = {
        let (on_link, linked) = (props.on_link.clone(), props.linked);
        Callback::from(move |e: MouseEvent| {
            let into = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-arrow]").ok().flatten());
            if into.is_none() && linked.is_some() {
                on_link.emit(None);
            }
        })
    };
    // The linked message and the cursor's event are highlighted by a rule, so that the
    // chunks' text need not change.
    let mut highlight = String::new();
    if let Some(m) = props.linked {
        highlight += &format!(
            ".dg-arrow[data-arrow=\"{0}\"] .dg-line{{stroke-width:3.6px}}.dg-arrow[data-arrow=\"{0}\"] .dg-label rect{{stroke:#111827;stroke-width:2px}}",
            m.0
        );
    }
    if let Some(f) = &props.focused {
        highlight += &format!(
            "[data-ev~=\"{0}\"] .dg-hit{{stroke:rgba(245,158,11,.5)}}.dg-mark[data-ev~=\"{0}\"] .dg-hit{{fill:rgba(245,158,11,.5)}}",
            f.event.0
        );
    }
    let (x0, x1) = (window.left - 80.0, window.left + drawing_w + 80.0);
    let height = view.height;
    let lanes_bottom = height - BOTTOM;
    let translate = format!("translate({} 0)", num(LEFT - window.left));
    let zoom_label = |zoom_in: bool| {
        if zoom_in {
            lang.pick("放大时空图", "Zoom in")
        } else {
            lang.pick("缩小时空图", "Zoom out")
        }
    };
    let menu = props.menu.as_ref().and_then(|m| {
        let f = view.flying.iter().find(|f| f.msg == m.envelope.id)?;
        let tip = *f.points(props.time, props.midway, view.now, view.ppt).last()?;
        let at = (LEFT + tip.0 - window.left, tip.1 - window.top);
        Some(html! {
            <MessageMenu {lang} view={Rc::clone(m)} {at} area={(window.width, window.height)}
                names={props.names.clone()} on_verb={props.on_verb.clone()} on_close={props.on_select.clone()} />
        })
    });
    let arrows = flying_layer(props, view, fly_ref.clone());
    let mut lanes = String::new();
    svg::lanes(&mut lanes, &view.lanes, (x0.max(0.0), x1), &view.downs, now);
    let mut names = String::new();
    svg::names(&mut names, &view.lanes, height);
    let mut markers = String::new();
    svg::markers(&mut markers);
    {
        let (view, time, midway, selected, step_from) = (
            Rc::clone(view),
            props.time,
            props.midway,
            props.selected,
            props.step_from,
        );
        let (scroll_ref, window) = (scroll_ref.clone(), window_ref.clone());
        let chunks_ref = chunks_ref.clone();
        use_effect(move || {
            if let Some(group) = chunks_ref.cast::<web_sys::Element>() {
                let (lanes, span) = ((TOP, lanes_bottom), (x0, x1));
                let mut chunks = chunks.borrow_mut();
                chunks.update(group, &view.chunks, span, lanes, step_from);
            }
            if let Some(group) = fly_ref.cast::<web_sys::Element>() {
                let frame = Frame {
                    view: &view,
                    time,
                    midway,
                    selected,
                    step_from,
                };
                hits.borrow_mut().update(group, &frame);
            }
            let Some(el) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            if let Some(to) = glide {
                browser::scroll_to(&el, to, true);
            }
            if leap {
                gloo_timers::callback::Timeout::new(0, move || {
                    el.set_scroll_left(window.borrow().left as i32);
                })
                .forget();
            }
        });
    }
    let view_box = format!("0 0 {} {}", num(window.width), num(height));
    let title = lang.pick("时空图", "Space-time diagram");
    let help = lang.pick(
        "时空图：每个节点一条泳道，时间从左向右。按 j / k 逐个事件移动，回车跳到该时刻，+ / − 缩放，0 显示全部。",
        "Space-time diagram: one lane per node, time running left to right. Press j / k to move event by event, Enter to go to that instant, + / − to zoom, 0 to fit the whole run.",
    );
    html! {
        <section class="diagram" aria-label={title}>
            <div class="dg-tools" role="toolbar" aria-label={lang.pick("时空图工具", "Diagram tools")}>
                <button type="button" class="btn icon" aria-label={zoom_label(false)} title={zoom_label(false)}
                    onclick={props.on_zoom.reform(|_| false)}>{ "−" }</button>
                <button type="button" class="btn icon" aria-label={zoom_label(true)} title={zoom_label(true)}
                    onclick={props.on_zoom.reform(|_| true)}>{ "+" }</button>
                <button type="button" class="btn" onclick={props.on_fit.reform(|_| ())}
                    title={lang.pick("缩放到能看到整个运行", "Zoom to show the whole run")}>
                    { lang.pick("全部", "Fit") }
                </button>
                <button type="button" class="btn" aria-pressed={(!view.compact).to_string()}
                    onclick={props.on_compact.reform(|_| ())}
                    title={lang.pick("显示或隐藏箭头和标记上的文字", "Show or hide the labels on arrows and marks")}>
                    { lang.pick("标签", "Labels") }
                </button>
                if !*follow {
                    <button type="button" class="btn" onclick={jump}>{ lang.pick("回到此刻", "Jump to now") }</button>
                }
            </div>
            <div class="dg-body">
            <div class="dg-scroll" ref={scroll_ref} tabindex="0" role="group" aria-label={title}
                aria-describedby="dg-help" onscroll={on_scroll} onkeydown={on_key} onwheel={on_wheel}
                onpointerdown={on_pointer}>
                <div class="dg-content" style={format!("width:{}px;height:{}px", num(content_w), num(height))}
                    onclick={on_click} onmouseover={on_over} onmouseout={on_out}>
                    // Two pictures, one over the other: the run drawn so far, which changes
                    // only when items are added or the view moves, and what changes every frame
                    // (the messages in flight, the "now" line) over it. The browser then paints
                    // each frame without going through the whole run again.
                    <div class="dg-stick" style={format!("width:{}px;height:{}px", num(window.width), num(height))}>
                        <svg class="dg-svg" width={num(window.width)} height={num(height)} viewBox={view_box.clone()}>
                            <defs>{ Html::from_html_unchecked(markers.into()) }</defs>
                            <g transform={translate.clone()}>
                                <g class="dg-lanes" aria-hidden="true">{ Html::from_html_unchecked(lanes.into()) }</g>
                                <g class="dg-chunks" ref={chunks_ref}></g>
                            </g>
                        </svg>
                        <svg class="dg-svg dg-over" width={num(window.width)} height={num(height)} viewBox={view_box}>
                            <g transform={translate}>
                                { arrows }
                                <style>{ highlight }</style>
                                <line class="dg-now" x1={num(now)} x2={num(now)} y1={num(TOP - 4.0)} y2={num(lanes_bottom)} />
                            </g>
                            <g class="dg-names">{ Html::from_html_unchecked(names.into()) }</g>
                        </svg>
                    </div>
                </div>
            </div>
            // One child whether or not the menu is open (see the app's stage menu).
            if let Some(menu) = menu {
                { menu }
            }
            </div>
            <p id="dg-help" class="visually-hidden">{ help }</p>
            <p class="visually-hidden" aria-live="polite">
                { props.focused.as_ref().map(|f| f.text.clone()).unwrap_or_default() }
            </p>
        </section>
    }
}

/// The arrowhead at the end of `points`: a filled triangle, or an open chevron for replies.
fn head(out: &mut String, points: &[(f64, f64)], open: bool) {
    let (Some(&(x1, y1)), Some(&(x0, y0))) = (points.last(), points.iter().rev().nth(1)) else {
        return;
    };
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-6 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (x1 - 8.0 * ux, y1 - 8.0 * uy);
    let (nx, ny) = (-uy * 4.0, ux * 4.0);
    let (a, b) = ((bx + nx, by + ny), (bx - nx, by - ny));
    let tip = (x1, y1);
    let d = if open {
        path_d(&[a, tip, b])
    } else {
        path_d(&[a, tip, b]) + " Z"
    };
    out.push_str(&d);
    out.push(' ');
}

/// The messages on their way. Their lines are drawn as one path per type and look (held,
/// copy), with their arrowheads, so that a frame sets a handful of attributes however many
/// messages fly; each message's own element (its unseen hit area, name and label) is kept
/// in the group `hits` by [`FlyingHits`].
fn flying_layer(props: &DiagramProps, view: &DiagramView, hits: NodeRef) -> Html {
    // (type class, look, lines, heads)
    let mut batches: Vec<(&'static str, &'static str, String, String)> = Vec::new();
    let mut lit = None;
    for f in &view.flying {
        let points = f.points(props.time, props.midway, view.now, view.ppt);
        let look = if f.held {
            "dg-held"
        } else if f.copy {
            "dg-copy"
        } else {
            ""
        };
        let at = match batches.iter().position(|b| b.0 == f.class && b.1 == look) {
            Some(at) => at,
            None => {
                batches.push((f.class, look, String::new(), String::new()));
                batches.len() - 1
            }
        };
        let batch = &mut batches[at];
        batch.2.push_str(&path_d(&points));
        batch.2.push(' ');
        let open = matches!(f.class, "m-promise" | "m-accepted" | "m-nack");
        head(&mut batch.3, &points, open);
        if props.linked == Some(f.msg) || props.selected == Some(f.msg) {
            lit = Some((f.class, path_d(&points)));
        }
    }
    html! {
        <>
            <g class="dg-flylines" aria-hidden="true">
                { for batches.into_iter().map(|(class, look, lines, heads)| {
                    let open = matches!(class, "m-promise" | "m-accepted" | "m-nack");
                    html! {
                        <g class={classes!("dg-batch", class, (!look.is_empty()).then_some(look))}>
                            <path class="dg-line" d={lines} />
                            <path class={if open { "dg-heads open" } else { "dg-heads" }} d={heads} />
                        </g>
                    }
                }) }
                if let Some((class, d)) = lit {
                    <g class={classes!("dg-batch", class)}><path class="dg-line dg-lit" {d} /></g>
                }
            </g>
            <g class="dg-flyhits" ref={hits}></g>
        </>
    }
}

/// The element under the pointer that carries `attribute`, and its value.
fn under(e: &MouseEvent, attribute: &str) -> Option<(web_sys::Element, String)> {
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    let found = target.closest(&format!("[{attribute}]")).ok()??;
    let value = found.get_attribute(attribute)?;
    Some((found, value))
}
