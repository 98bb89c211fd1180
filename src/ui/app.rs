//! The root component: owns the reducer, connects the browser (frames, keys, size, address)
//! to it, and lays out header, controls, stage, tour bar and side panel.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::components::{
    Controls, Header, Help, LangNotice, LogView, MessageMenu, NodePanel, ProblemBox, Settings,
    Stage, TourBar,
};
use super::state::{Action, Selection, State};

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

    use_effect_with(lang, |lang| browser::apply_lang_to_document(*lang));

    {
        let name = state.loaded.name.clone();
        use_effect_with(name, |name| {
            if let Some(name) = name {
                browser::show_scenario_in_address(name);
            }
        });
    }

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
        use_effect_with((), move |_| {
            let watch = stage_ref.cast::<web_sys::Element>().and_then(|el| {
                browser::watch_size(
                    &el,
                    dispatch.reform(|(w, h): (u32, u32)| Action::StageResized(w, h)),
                )
            });
            move || drop(watch)
        });
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
    let side_class = classes!("side", state.drawer_open().then_some("open"));
    let app_class = classes!("app", state.presentation.then_some("presentation"));

    html! {
        <div class={app_class}>
            <Header
                {lang}
                catalog={Rc::clone(&state.catalog)}
                current={state.loaded.name.clone()}
                presentation={state.presentation}
                dispatch={dispatch.clone()}
            />
            if let Some(value) = state.unknown_lang.clone() {
                <LangNotice {lang} {value} on_dismiss={dispatch.reform(|_| Action::DismissNotice)} />
            }
            <div class="workspace">
                <main class="stage-col">
                    <Controls
                        {lang}
                        playing={state.playing}
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
                    <TourBar
                        {lang}
                        loaded={Rc::clone(&state.loaded)}
                        step={state.tour_step}
                        left_script={state.left_script()}
                        dispatch={dispatch.clone()}
                    />
                </main>
                <aside class={side_class} aria-label={lang.pick("侧栏", "Side panel")}>
                    if let Some((id, node)) = selected_node {
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
        </div>
    }
}
