//! The root component: owns the reducer, connects the browser (frames, timers, keys, size,
//! address, dropped files) to it, and lays out header, controls, stage, tour bar and side
//! panel; in embed mode (`?embed=1`) only the stage, the caption and the step controls.

use std::rc::Rc;

use yew::prelude::*;

use super::address::{Link, Target};
use super::browser;
use super::components::icons::{icon, Icon};
use super::components::{
    Banners, Controls, Header, Help, LogView, MessageMenu, NodePanel, Notices, ProblemBox,
    Settings, ShareDialog, Stage, TourBar,
};
use super::state::{pick, Action, Selection, State};

/// The whole app. Mount it with `yew::Renderer::<App>::new().render()`.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(browser::initial_lang(), browser::startup()));
    let lang = state.lang;

    // One callback for every gesture, made once so that memoised components keep it.
    let dispatch: Callback<Action> = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };

    // The document follows the language; the address too, once the user switches it.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(lang, move |lang| {
            browser::apply_lang_to_document(*lang);
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                browser::show_lang_in_address(*lang);
            }
        });
    }

    // The address follows the scenario the user opens (not the one the page opened with, so
    // that a link that failed to load stays in the address bar as it was).
    {
        let first = use_mut_ref(|| true);
        let loaded = Rc::clone(&state.loaded);
        use_effect_with(Rc::as_ptr(&state.loaded) as usize, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                browser::show_in_address(loaded.name.as_deref(), loaded.inline.as_deref());
            }
        });
    }

    // A built-in scenario's file is fetched when it is opened.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.fetching.clone(), move |fetching| {
            if let Some(name) = fetching.clone() {
                browser::fetch_text(
                    &format!("scenarios/{name}.json"),
                    dispatch.reform(move |text| Action::Fetched {
                        name: name.clone(),
                        text,
                    }),
                );
            }
        });
    }

    // A tour that plays by itself moves on once its step's caption has had time to be read.
    {
        let dispatch = dispatch.clone();
        let delay = state.autoplay.then(|| state.autoplay_delay());
        use_effect_with((delay, state.tour_step), move |(delay, _)| {
            let timer = delay.map(|ms| {
                gloo_timers::callback::Timeout::new(ms, move || dispatch.emit(Action::AutoAdvance))
            });
            move || drop(timer)
        });
    }

    // A scenario file dropped anywhere on the page opens like a picked one.
    let dragging = use_state(|| false);
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only leaving the window counts, not moving between children.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let (dragging, dispatch) = (dragging.clone(), dispatch.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                browser::open_scenario_file(file, &dispatch);
            }
        })
    };

    // The animation clock runs only while playing: paused, nothing moves and nothing fires.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.playing, move |playing| {
            let frames = playing.then(|| browser::frames(dispatch.reform(Action::Frame)));
            move || drop(frames)
        });
    }

    // Keys on the whole page. Escape also returns focus to what the closed popover was about.
    let selection = use_mut_ref(|| Selection::None);
    *selection.borrow_mut() = state.selection;
    {
        let dispatch = dispatch.clone();
        let selection = Rc::clone(&selection);
        use_effect_with((), move |_| {
            let listener = browser::listen_keys(Callback::from(move |(key, ctx)| {
                if key == "Escape" {
                    match *selection.borrow() {
                        Selection::Node(id) => {
                            browser::focus_soon(format!("[data-node=\"{}\"]", id.0))
                        }
                        Selection::Message(id) => {
                            browser::focus_soon(format!("[data-msg=\"{}\"]", id.0))
                        }
                        Selection::None => {}
                    }
                }
                dispatch.emit(Action::Key(key, ctx));
            }));
            move || drop(listener)
        });
    }

    // The stage's size decides the shape of its coordinate system.
    let stage_ref = use_node_ref();
    {
        let dispatch = dispatch.clone();
        let stage_ref = stage_ref.clone();
        // Watched once the stage is on the page, i.e. after the loading message.
        use_effect_with(state.loading(), move |_| {
            let watch = stage_ref.cast::<web_sys::Element>().and_then(|el| {
                browser::watch_size(
                    &el,
                    dispatch.reform(|(w, h): (u32, u32)| Action::StageResized(w, h)),
                )
            });
            move || drop(watch)
        });
    }

    // The page's own address (without query or hash) does not change while it is open.
    let page_base = use_memo((), |_| browser::page_base());

    if state.loading() {
        return html! {
            <div class="app loading">
                <p role="status">{ lang.pick("正在打开场景……", "Opening the scenario…") }</p>
            </div>
        };
    }

    let sim = state.sim();
    let selected_node = match state.selection {
        Selection::Node(id) => sim.nodes.get(&id).map(|n| (id, n.clone())),
        _ => None,
    };
    let menu = match state.selection {
        Selection::Message(id) => state.scene.message(id).cloned(),
        _ => None,
    };
    let side_class = classes!(
        "side",
        state.drawer_open().then_some("open"),
        state.drawer_on_left().then_some("on-left"),
    );
    let app_class = classes!(
        "app",
        state.presentation.then_some("presentation"),
        state.embed.then_some("embed"),
        dragging.then_some("dragging"),
    );
    let notices = (!state.notices.is_empty()).then(|| html! {
        <Notices {lang} ignored={state.notices.clone()} on_dismiss={dispatch.reform(|_| Action::DismissNotice)} />
    });
    let tour_step = state.loaded.guided().then_some(state.tour_step);
    let title = pick(&state.loaded.tour.scenario.title, lang).to_owned();
    let stage = html! {
        <div class="stage-wrap" ref={stage_ref}>
            <Stage
                {lang}
                scene={Rc::clone(&state.scene)}
                time={state.time}
                midway={state.midway()}
                recent={Rc::clone(&state.recent)}
                selection={state.selection}
                dispatch={dispatch.clone()}
            />
            if let Some(view) = menu {
                <MessageMenu
                    {lang}
                    {view}
                    scene={Rc::clone(&state.scene)}
                    stage_px={state.stage_px}
                    time={state.time}
                    midway={state.midway()}
                    names={state.loaded.names.clone()}
                    dispatch={dispatch.clone()}
                />
            }
            if let Some(problem) = state.problem.clone() {
                <ProblemBox {lang} {problem} names={state.loaded.names.clone()} dispatch={dispatch.clone()} />
            }
        </div>
    };
    let tour_bar = html! {
        <TourBar
            {lang}
            loaded={Rc::clone(&state.loaded)}
            step={state.tour_step}
            left_script={state.left_script()}
            embed={state.embed}
            playing={state.playing || state.autoplay}
            can_back={state.can_back()}
            dispatch={dispatch.clone()}
        />
    };
    let node_panel = selected_node.map(|(id, node)| html! {
        <NodePanel
            key={id.0}
            {lang}
            {node}
            up={sim.is_up(id)}
            config={sim.config.clone()}
            names={state.loaded.names.clone()}
            decided={sim.decisions.iter().filter(|(d, _)| d.node == id).map(|(d, _)| d.value.0.clone()).collect::<Vec<_>>()}
            dispatch={dispatch.clone()}
        />
    });

    if state.embed {
        // For slides: a title strip with the banners, the stage, and the caption with the
        // step controls. A node's panel opens as a drawer over the stage.
        let full = Link {
            target: Target::of(state.loaded.name.as_deref(), state.loaded.inline.as_deref()),
            lang,
            embed: false,
            step: tour_step,
            autoplay: false,
        }
        .url(&page_base);
        let open_full = lang.pick(
            "在新标签页中打开完整的 Paxos 实验室",
            "Open the full Paxos Lab in a new tab",
        );
        return html! {
            <div class={app_class} ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                { notices }
                <div class="embed-top">
                    <h1 class="embed-title">{ title }</h1>
                    <Banners {lang} chosen={state.scene.chosen.clone()} violation={state.scene.violation.clone()} />
                    <a class="btn icon" href={full} target="_blank" rel="noopener" aria-label={open_full} title={open_full}>
                        { icon(Icon::External) }
                    </a>
                </div>
                <div class="workspace">
                    <main class="stage-col">
                        { stage }
                        { tour_bar }
                    </main>
                    if node_panel.is_some() {
                        <aside class={side_class} aria-label={lang.pick("节点面板", "Node panel")}>
                            { node_panel }
                        </aside>
                    }
                </div>
                if state.help_open {
                    <Help {lang} guided={state.guided()} dispatch={dispatch.clone()} />
                }
            </div>
        };
    }

    html! {
        <div class={app_class} ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            <Header
                {lang}
                catalog={Rc::clone(&state.catalog)}
                current={state.loaded.name.clone()}
                presentation={state.presentation}
                dispatch={dispatch.clone()}
            />
            { notices }
            <div class="workspace">
                <main class="stage-col">
                    <Controls
                        {lang}
                        playing={state.playing || state.autoplay}
                        plays_tour={state.plays_tour()}
                        speed={state.speed}
                        loss={sim.net.loss_percent}
                        can_back={state.can_back()}
                        guided={state.guided()}
                        settings_open={state.settings_open}
                        log_open={state.log_open}
                        chosen={state.scene.chosen.clone()}
                        violation={state.scene.violation.clone()}
                        dispatch={dispatch.clone()}
                    />
                    { stage }
                    { tour_bar }
                </main>
                <aside class={side_class} aria-label={lang.pick("侧栏", "Side panel")}>
                    if node_panel.is_some() {
                        { node_panel }
                    } else if state.settings_open {
                        <Settings
                            {lang}
                            config={sim.config.clone()}
                            names={state.loaded.names.clone()}
                            dispatch={dispatch.clone()}
                        />
                    }
                    <LogView {lang} log={Rc::clone(&state.log)} dispatch={dispatch.clone()} />
                </aside>
            </div>
            if state.help_open {
                <Help {lang} guided={state.guided()} dispatch={dispatch.clone()} />
            }
            if state.share_open {
                <ShareDialog {lang} {title} name={state.loaded.name.clone()}
                    inline={state.loaded.inline.clone()} step={tour_step} dispatch={dispatch.clone()} />
            }
            if *dragging {
                <div class="drop-hint" aria-hidden="true">
                    { lang.pick("松开以打开场景文件", "Drop to open the scenario file") }
                </div>
            }
        </div>
    }
}
