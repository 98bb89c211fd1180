//! The root component: owns the reducer, connects the browser (frames, timers, keys, size,
//! address, dropped files) to it, and lays out header, controls, stage, tour bar and side
//! panel; in embed mode (`?embed=1`) only the stage, the caption and the step controls.

use std::rc::Rc;

use yew::prelude::*;

use super::action::{Action, MsgVerb};
use super::address::View;
use super::address::{Link, Target};
use super::ask::why_paxos_holds;
use super::browser::{self, OpenedFile};
use super::components::icons::{icon, Icon};
use super::components::{
    banners, challenge_bar, liveness_field, notices, on_stage, problem_box, stage, view_switch,
    ChallengeBar, Challenges, Controls, Diagram, Header, Help, LogGridView, LogView, MessageMenu,
    NodePanel, ProposeForm, Quiz, SameLoaded, Settings, ShareDialog, Stage, Timeline, TourBar,
};
use super::i18n::Lang;
use super::narrate::narrate;
use super::speed::Speed;
use super::state::{pick, CursorMove, Overlay, Panel, Selection, State};
use crate::paxos::{Learning, Liveness, NodeId, Proposal, Rule, Slot};
use crate::quiz::challenge::Challenge;
use crate::sim::EventKind;
use crate::sim::{EventId, MsgId, Switch};

/// The components' narrow callbacks, each turning one gesture into its [`Action`]. Made once,
/// so that memoised components keep them from frame to frame.
struct Handlers {
    play: Callback<()>,
    back: Callback<()>,
    forward: Callback<()>,
    prev: Callback<()>,
    next: Callback<()>,
    restart_tour: Callback<()>,
    reset: Callback<()>,
    speed: Callback<Speed>,
    loss: Callback<u8>,
    settings: Callback<()>,
    log: Callback<()>,
    share: Callback<()>,
    presentation: Callback<()>,
    projector: Callback<()>,
    help: Callback<()>,
    lang: Callback<Lang>,
    pick: Callback<String>,
    file: Callback<OpenedFile>,
    dismiss_notice: Callback<()>,
    dismiss_problem: Callback<()>,
    select_node: Callback<NodeId>,
    select_message: Callback<MsgId>,
    verb: Callback<(MsgVerb, MsgId)>,
    kill: Callback<NodeId>,
    restart: Callback<NodeId>,
    ask: Callback<NodeId>,
    propose: Callback<ProposeForm>,
    submit: Callback<(NodeId, String)>,
    lead: Callback<NodeId>,
    pick_cell: Callback<Option<(NodeId, u32)>>,
    learning: Callback<Learning>,
    liveness: Callback<Liveness>,
    switch: Callback<(Switch, bool)>,
    view: Callback<View>,
    zoom: Callback<bool>,
    fit: Callback<()>,
    compact: Callback<()>,
    diagram_resized: Callback<(u32, u32)>,
    link: Callback<Option<MsgId>>,
    cursor: Callback<CursorMove>,
    goto: Callback<usize>,
    goto_event: Callback<EventId>,
    undo_fork: Callback<()>,
    redo_fork: Callback<()>,
    quiz: Callback<()>,
    answer: Callback<Option<usize>>,
    again: Callback<()>,
    challenges: Callback<()>,
    start_challenge: Callback<Challenge>,
    stop_challenge: Callback<()>,
    reset_progress: Callback<()>,
    rule: Callback<Rule>,
    replay: Callback<()>,
}

impl Handlers {
    fn new(dispatch: &Callback<Action>) -> Self {
        let tell = |action: Action| dispatch.reform(move |()| action.clone());
        Handlers {
            play: tell(Action::TogglePlay),
            back: tell(Action::StepBack),
            forward: tell(Action::StepForward),
            prev: tell(Action::TourPrev),
            next: tell(Action::TourNext),
            restart_tour: tell(Action::RestartTour),
            reset: tell(Action::Reset),
            speed: dispatch.reform(Action::SetSpeed),
            loss: dispatch.reform(Action::SetLoss),
            settings: tell(Action::ToggleSettings),
            log: tell(Action::ToggleLog),
            share: tell(Action::ToggleShare),
            presentation: tell(Action::TogglePresentation),
            projector: tell(Action::ToggleProjector),
            help: tell(Action::ToggleHelp),
            lang: dispatch.reform(Action::SetLang),
            pick: dispatch.reform(Action::LoadScenario),
            file: dispatch.reform(|(name, text)| Action::LoadFile { name, text }),
            dismiss_notice: tell(Action::DismissNotice),
            dismiss_problem: tell(Action::DismissProblem),
            select_node: dispatch.reform(Action::SelectNode),
            select_message: dispatch.reform(Action::SelectMessage),
            verb: dispatch.reform(|(verb, msg)| Action::Message(verb, msg)),
            kill: dispatch.reform(Action::Kill),
            restart: dispatch.reform(Action::Restart),
            ask: dispatch.reform(Action::Ask),
            propose: dispatch.reform(|form: ProposeForm| Action::Propose {
                node: form.node,
                value: form.value,
                ballot: form.ballot,
                recipients: form.recipients,
            }),
            submit: dispatch.reform(|(node, command)| Action::Submit { node, command }),
            lead: dispatch.reform(Action::Lead),
            pick_cell: dispatch.reform(Action::PickCell),
            learning: dispatch.reform(Action::SetLearning),
            liveness: dispatch.reform(Action::SetLiveness),
            switch: dispatch.reform(|(switch, on)| Action::SetSwitch(switch, on)),
            view: dispatch.reform(Action::SetView),
            zoom: dispatch.reform(Action::ZoomDiagram),
            fit: tell(Action::FitDiagram),
            compact: tell(Action::ToggleCompact),
            diagram_resized: dispatch.reform(|(w, h)| Action::DiagramResized(w, h)),
            link: dispatch.reform(Action::Link),
            cursor: dispatch.reform(Action::MoveCursor),
            goto: dispatch.reform(Action::Goto),
            goto_event: dispatch.reform(Action::GotoEvent),
            undo_fork: tell(Action::UndoFork),
            redo_fork: tell(Action::RedoFork),
            quiz: tell(Action::Quiz),
            answer: dispatch.reform(Action::Answer),
            again: tell(Action::AskAgain),
            challenges: tell(Action::ToggleChallenges),
            start_challenge: dispatch.reform(Action::StartChallenge),
            stop_challenge: tell(Action::StopChallenge),
            reset_progress: tell(Action::ResetProgress),
            rule: dispatch.reform(Action::ShowRule),
            replay: tell(Action::ReplayChallenge),
        }
    }
}

thread_local! {
    /// The state on the stage, as last drawn, for [`moment_address`]: the reducer's handle, so
    /// that keeping it each render costs a reference count, not a copy of the state.
    static SHOWN: std::cell::RefCell<Option<UseReducerHandle<State>>> =
        const { std::cell::RefCell::new(None) };
}

/// The address of the moment on the stage (the scenario, the step or the run to replay, the
/// language and the view), as the share dialog's link to this moment writes it. The page's
/// module exports it (`moment`, src/main.rs) for the tour recorder (static/author.js), which
/// follows the run by it.
pub fn moment_address() -> String {
    SHOWN.with(|shown| {
        let shown = shown.borrow();
        let Some(state) = shown.as_ref() else {
            return String::new();
        };
        page_link(
            state,
            state.moment().as_deref(),
            false,
            &browser::page_base(),
        )
    })
}

/// The full page's address for the run on the stage: the challenge or the scenario, the
/// language and the view, and the run to replay (`run`, from [`State::moment`]) or else the
/// tour's step.
fn page_link(state: &State, run: Option<&str>, projector: bool, base: &str) -> String {
    Link {
        target: match state.exercise() {
            Some(challenge) => Target::Exercise(challenge.name()),
            None => Target::of(state.loaded.name.as_deref(), state.loaded.inline.as_deref()),
        },
        lang: state.lang,
        embed: false,
        step: state.guided().then_some(state.tour_step),
        autoplay: false,
        view: state.view,
        run,
        projector,
    }
    .url(base)
}

/// The whole app. Mount it with `yew::Renderer::<App>::new().render()`.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(browser::initial_lang(), browser::startup()));
    let lang = state.lang;
    SHOWN.with(|shown| *shown.borrow_mut() = Some(state.clone()));

    // One callback for every gesture, and the components' narrow ones, made once so that
    // memoised components keep them.
    let dispatch: Callback<Action> = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    let on = {
        let dispatch = dispatch.clone();
        use_memo((), move |_| Handlers::new(&dispatch))
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

    // The address follows the scenario the user opens, and the challenge begun or stopped (not
    // what the page opened with, so that a link that failed to load stays in the address bar
    // as it was).
    {
        let first = use_mut_ref(|| true);
        let loaded = Rc::clone(&state.loaded);
        let exercise = state.exercise();
        use_effect_with((Rc::as_ptr(&state.loaded) as usize, exercise), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                browser::show_in_address(
                    loaded.name.as_deref(),
                    loaded.inline.as_deref(),
                    exercise.map(|c| c.name()),
                );
            }
        });
    }

    // The progress is kept in the browser whenever it changes.
    use_effect_with(state.progress.clone(), |progress| {
        browser::save_progress(progress)
    });

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
        let (dragging, on_file) = (dragging.clone(), on.file.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                browser::open_scenario_file(file, &on_file);
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
            // A scenario pasted into the address's hash (the page does not reload for it).
            browser::listen_hash(dispatch.reform(Action::LoadInline));
            let listener = browser::listen_keys(Callback::from(move |(key, ctx)| {
                let back_to = match *selection.borrow() {
                    _ if key != "Escape" => None,
                    Selection::Node(id) => Some(format!("[data-node=\"{}\"]", id.0)),
                    Selection::Message(id) => Some(format!("[data-msg=\"{}\"]", id.0)),
                    Selection::None => None,
                };
                dispatch.emit(Action::Key(key, ctx));
                if let Some(selector) = back_to {
                    browser::focus_soon(selector);
                }
            }));
            move || drop(listener)
        });
    }

    // The stage's size decides the shape of its coordinate system.
    let stage_ref = use_node_ref();
    {
        let dispatch = dispatch.clone();
        let stage_ref = stage_ref.clone();
        // Watched once the stage is on the page: after the loading message, and again each
        // time it comes back after the diagram alone was shown, as a new element.
        use_effect_with((state.loading(), state.view.stage()), move |_| {
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
    // The link to this moment, written once when the share dialog opens, not on every frame
    // it stays open.
    let share_moment = {
        let open = matches!(state.overlay, Some(Overlay::Share | Overlay::CopyMoment));
        let state = state.clone();
        use_memo(open, move |open| open.then(|| state.moment()).flatten())
    };

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
    let selected = match state.selection {
        Selection::Node(id) => (Some(id), None),
        Selection::Message(id) => (None, Some(id)),
        Selection::None => (None, None),
    };
    let menu = match state.selection {
        Selection::Message(id) => state.scene.message(id).cloned(),
        _ => None,
    };
    let side_class = classes!(
        "side",
        state.drawer_open().then_some("open"),
        state.drawer_on_left().then_some("on-left"),
        state.drawer_narrow().then_some("narrow"),
        (state.quiz.is_some() && !matches!(state.selection, Selection::Node(_)))
            .then_some("quizzing"),
    );
    let app_class = classes!(
        "app",
        state.presentation.then_some("presentation"),
        state.projector.then_some("projector"),
        state.light.then_some("light"),
        state.embed.then_some("embed"),
        dragging.then_some("dragging"),
    );
    let notice =
        (!state.notices.is_empty()).then(|| notices(lang, &state.notices, &on.dismiss_notice));
    // A challenge opens at its own start: no step to offer.
    let tour_step =
        (state.loaded.guided() && state.exercise().is_none()).then_some(state.tour_step);
    let title = pick(&state.loaded.tour.scenario.title, lang).to_owned();
    let stage_menu = menu.clone().filter(|_| state.view.stage()).map(|view| {
        let at = on_stage(
            &state.scene,
            state.stage_px,
            &view,
            state.time,
            state.still(),
        );
        let area = (f64::from(state.stage_px.0), f64::from(state.stage_px.1));
        html! {
            <MessageMenu {lang} {view} {at} {area} names={state.loaded.names.clone()}
                on_verb={on.verb.clone()} on_close={on.select_message.clone()} />
        }
    });
    let step_from = state.guided().then(|| state.step_first_event()).flatten();
    let views = html! {
        <div class={classes!("views", format!("view-{}", state.view.code()), state.scene.grid.is_some().then_some("has-grid"))}>
            if state.view.stage() {
                <div class="stage-wrap" ref={stage_ref}>
                    { stage(&Stage {
                        lang,
                        scene: Rc::clone(&state.scene),
                        time: state.time,
                        still: state.still(),
                        recent: Rc::clone(&state.recent),
                        selected_node: selected.0,
                        selected_message: selected.1,
                        on_select_node: on.select_node.clone(),
                        on_select_message: on.select_message.clone(),
                        linked: state.linked,
                        on_link: on.link.clone(),
                    }) }
                    // One child whether or not the menu is open: Yew matches unkeyed children
                    // from the end, so a child that comes and goes ahead of the problem box would
                    // make it draw the whole stage anew, and lose the focus on a node.
                    if let Some(menu) = stage_menu {
                        { menu }
                    }
                    if let Some(problem) = &state.problem {
                        { problem_box(lang, problem, &state.loaded.names, &on.dismiss_problem) }
                    }
                </div>
                if let Some(grid) = state.scene.grid.clone() {
                    <LogGridView {lang} {grid} delays={Rc::clone(&state.delays)} picked={state.cell} on_pick={on.pick_cell.clone()} />
                }
            }
            if state.view.diagram() {
                <Diagram
                    {lang}
                    view={Rc::clone(&state.diagram)}
                    time={state.time}
                    midway={state.midway()}
                    playing={state.playing}
                    reduced_motion={state.reduced_motion}
                    linked={state.linked}
                    selected={selected.1}
                    focused={state.focused.clone()}
                    {step_from}
                    on_link={on.link.clone()}
                    on_select={on.select_message.clone()}
                    on_goto={on.goto_event.clone()}
                    on_zoom={on.zoom.clone()}
                    on_fit={on.fit.clone()}
                    on_compact={on.compact.clone()}
                    on_cursor={on.cursor.clone()}
                    on_resize={on.diagram_resized.clone()}
                    menu={menu.filter(|_| !state.view.stage())}
                    names={state.loaded.names.clone()}
                    on_verb={on.verb.clone()}
                />
                if !state.view.stage() {
                    if let Some(problem) = &state.problem {
                        { problem_box(lang, problem, &state.loaded.names, &on.dismiss_problem) }
                    }
                }
            }
        </div>
    };
    let timeline = {
        let history = state.history();
        html! {
            <Timeline
                {lang}
                cursor={history.cursor()}
                len={history.len()}
                tick={sim.now}
                marks={state.marks()}
                set_aside={history.set_aside()}
                on_goto={on.goto.clone()}
                on_undo={on.undo_fork.clone()}
                on_redo={on.redo_fork.clone()}
            />
        }
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
            on_play={on.play.clone()}
            on_back={on.back.clone()}
            on_forward={on.forward.clone()}
            on_prev={on.prev.clone()}
            on_next={on.next.clone()}
            on_restart={on.restart_tour.clone()}
            question={state.quiz.is_none() && state.gate().is_some()}
            on_question={on.quiz.clone()}
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
            decided={sim.decisions.iter().filter(|(d, _)| d.node == id).map(|(d, _)| d.proposal.value.to_string()).collect::<Vec<_>>()}
            next_ballot={sim.next_ballot(id)}
            on_close={on.select_node.clone()}
            on_kill={on.kill.clone()}
            on_restart={on.restart.clone()}
            on_ask={on.ask.clone()}
            on_propose={on.propose.clone()}
            on_submit={on.submit.clone()}
            on_lead={on.lead.clone()}
        />
    });

    let help_rule = match state.overlay {
        Some(Overlay::Rule(rule)) => Some(rule),
        _ => None,
    };
    let quiz_card = state.quiz.clone().map(|card| html! {
        <Quiz {lang} {card} names={state.loaded.names.clone()} score={(state.progress.right, state.progress.answered)} embed={state.embed}
            on_answer={on.answer.clone()} on_again={on.again.clone()} on_step={on.forward.clone()}
            on_continue={on.next.clone()} on_rule={on.rule.clone()} on_close={on.quiz.clone()} />
    });
    let challenge_bar = state.standing().map(|(challenge, standing)| {
        let names = &state.loaded.names;
        let attempts = state.challenge.as_ref().map_or(0, |r| r.attempts);
        // The run's moments are read only where they are shown or explain something, not on
        // every frame of a challenge that plays (making the livelock live).
        let moments = if standing.won || challenge == Challenge::Correct {
            state.moments()
        } else {
            Vec::new()
        };
        let listed = if standing.won {
            moments
                .iter()
                .filter_map(|e| Some((e.id, narrate(e, names, lang)?)))
                .collect()
        } else {
            Vec::new()
        };
        // Correct Paxos: why no run can break it, once the student has tried (a proposer held
        // to P2c after a value was chosen, a restart, or the budget spent).
        let held = moments
            .iter()
            .skip_while(|e| !matches!(e.kind, EventKind::Chosen { .. }))
            .any(|e| {
                matches!(
                    e.kind,
                    EventKind::Acted {
                        rule: Rule::P2c,
                        ..
                    }
                )
            });
        let tried = attempts > 0 || standing.spent || held;
        let why = (challenge == Challenge::Correct && tried).then(|| {
            let chosen = moments.iter().find_map(|e| match &e.kind {
                EventKind::Chosen {
                    ballot,
                    value,
                    acceptors,
                    ..
                } => Some((
                    Proposal {
                        ballot: *ballot,
                        value: value.clone(),
                        slot: Slot::FIRST,
                    },
                    acceptors.clone(),
                )),
                _ => None,
            });
            why_paxos_holds(
                chosen.as_ref().map(|(p, by)| (p, by.as_slice())),
                names,
                lang,
            )
        });
        challenge_bar(&ChallengeBar {
            lang,
            challenge,
            standing,
            attempts,
            moments: listed,
            why,
            on_restart: on.reset.clone(),
            on_stop: on.stop_challenge.clone(),
            on_goto: on.goto_event.clone(),
            on_replay: on.replay.clone(),
            switch: (state.embed && challenge == Challenge::Live)
                .then(|| liveness_field(lang, &sim.config, names, &on.liveness)),
        })
    });
    let challenges_label = lang.pick("挑战：试着攻破 Paxos", "Challenges: try to break Paxos");
    let challenges_button = html! {
        <button type="button" class={classes!("btn", "exercise-btn", (state.panel == Some(Panel::Challenges)).then_some("on"))}
            aria-pressed={if state.panel == Some(Panel::Challenges) { "true" } else { "false" }}
            title={challenges_label} aria-label={challenges_label} onclick={on.challenges.reform(|_| ())}>
            { icon(Icon::Flag) }<span class="label">{ lang.pick("挑战", "Challenges") }</span>
        </button>
    };
    let quiz_label = lang.pick(
        "考考我：预测下一个事件 (Q)",
        "Quiz me: predict the next event (Q)",
    );
    let quiz_button = html! {
        <button type="button" class={classes!("btn", "exercise-btn", state.quiz.is_some().then_some("on"))}
            aria-pressed={if state.quiz.is_some() { "true" } else { "false" }}
            title={quiz_label} aria-label={quiz_label} onclick={on.quiz.reform(|_| ())}>
            { icon(Icon::Quiz) }<span class="label">{ lang.pick("考考我", "Quiz me") }</span>
        </button>
    };

    if state.embed {
        // For slides: a title strip with the banners, the stage, and the caption with the
        // step controls. A node's panel opens as a drawer over the stage.
        // The step's address is drawn; a press of any mouse button, or the click a key makes,
        // writes the run's own, with what was done since the step began, just before the
        // browser follows it. Written on every frame, it would encode the whole run each time.
        let full = page_link(&state, None, state.projector, &page_base);
        let on_full_press = {
            let (state, base) = (state.clone(), page_base.clone());
            Callback::from(move |e: MouseEvent| {
                let run = state.moment();
                browser::set_href(
                    &e,
                    &page_link(&state, run.as_deref(), state.projector, &base),
                );
            })
        };
        let open_full = lang.pick(
            "在新标签页中打开完整的 Paxos 实验室",
            "Open the full Paxos Lab in a new tab",
        );
        return html! {
            <div class={app_class} ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                { notice }
                <header class="embed-top">
                    <h1 class="embed-title">{ title }</h1>
                    { banners(lang, &state.scene.chosen, &state.scene.learned_by, state.scene.violation.as_deref(), state.guided()) }
                    { view_switch(lang, state.view, &on.view) }
                    { quiz_button.clone() }
                    <a class="btn icon" href={full} target="_blank" rel="noopener" aria-label={open_full} title={open_full}
                        onmousedown={on_full_press.clone()} onclick={on_full_press}>
                        { icon(Icon::External) }
                    </a>
                </header>
                <div class="workspace">
                    <main class="stage-col">
                        { challenge_bar }
                        { views }
                        { timeline }
                        { tour_bar }
                    </main>
                    if node_panel.is_some() {
                        <aside class={side_class} aria-label={lang.pick("节点面板", "Node panel")}>
                            { node_panel }
                        </aside>
                    } else if quiz_card.is_some() {
                        <aside class={side_class} aria-label={lang.pick("测验", "Quiz")}>
                            { quiz_card }
                        </aside>
                    }
                </div>
                if let Some(Overlay::Help | Overlay::Rule(_)) = state.overlay {
                    <Help {lang} guided={state.guided()} embed=true rule={help_rule} on_close={on.help.clone()} />
                }
            </div>
        };
    }

    html! {
        <div class={app_class} ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            <Header
                {lang}
                catalog={Rc::clone(&state.catalog)}
                loaded={SameLoaded(Rc::clone(&state.loaded))}
                presentation={state.presentation}
                projector={state.projector}
                on_pick={on.pick.clone()}
                on_file={on.file.clone()}
                on_share={on.share.clone()}
                on_presentation={on.presentation.clone()}
                on_projector={on.projector.clone()}
                on_help={on.help.clone()}
                on_lang={on.lang.clone()}
            />
            { notice }
            <div class="workspace">
                <main class="stage-col">
                    { challenge_bar }
                    <div class="control-row">
                    <Controls
                        {lang}
                        playing={state.playing || state.autoplay}
                        plays_tour={state.plays_tour()}
                        speed={state.speed}
                        loss={sim.net.loss_percent}
                        can_back={state.can_back()}
                        guided={state.guided()}
                        settings_open={state.panel == Some(Panel::Settings)}
                        log_open={state.panel == Some(Panel::Log)}
                        chosen={state.scene.chosen.clone()}
                        learned_by={state.scene.learned_by.clone()}
                        violation={state.scene.violation.clone()}
                        on_play={on.play.clone()}
                        on_back={on.back.clone()}
                        on_forward={on.forward.clone()}
                        on_speed={on.speed.clone()}
                        on_reset={on.reset.clone()}
                        on_loss={on.loss.clone()}
                        on_settings={on.settings.clone()}
                        on_log={on.log.clone()}
                    />
                    { quiz_button }
                    { challenges_button }
                    { view_switch(lang, state.view, &on.view) }
                    </div>
                    { views }
                    { timeline }
                    { tour_bar }
                </main>
                <aside class={side_class} aria-label={lang.pick("侧栏", "Side panel")}>
                    if node_panel.is_some() {
                        { node_panel }
                    } else if quiz_card.is_some() {
                        { quiz_card }
                    } else if state.panel == Some(Panel::Challenges) {
                        <Challenges {lang} progress={state.progress.clone()} on_start={on.start_challenge.clone()}
                            on_reset={on.reset_progress.clone()} on_close={on.challenges.clone()} />
                    } else if state.panel == Some(Panel::Settings) {
                        <Settings
                            {lang}
                            config={sim.config.clone()}
                            names={state.loaded.names.clone()}
                            on_learning={on.learning.clone()}
                            on_liveness={on.liveness.clone()}
                            on_switch={on.switch.clone()}
                            on_close={on.settings.clone()}
                        />
                    }
                    <LogView {lang} log={Rc::clone(&state.log)} on_close={on.log.clone()} on_goto={on.goto_event.clone()}
                        linked={state.linked} on_link={on.link.clone()} live={!state.guided() && !state.playing} />
                </aside>
            </div>
            if let Some(Overlay::Help | Overlay::Rule(_)) = state.overlay {
                <Help {lang} guided={state.guided()} rule={help_rule} on_close={on.help.clone()} />
            }
            if let Some(overlay @ (Overlay::Share | Overlay::CopyMoment)) = state.overlay {
                <ShareDialog {lang} {title} name={state.loaded.name.clone()}
                    inline={state.loaded.inline.clone()} step={tour_step} view={state.view}
                    steps={if state.guided() { state.loaded.tour.steps.len() } else { 0 }}
                    moment={(*share_moment).clone()} copy={overlay == Overlay::CopyMoment} projector={state.projector}
                    exercise={state.exercise()}
                    on_close={on.share.clone()} />
            }
            if *dragging {
                <div class="drop-hint" aria-hidden="true">
                    { lang.pick("松开以打开场景文件", "Drop to open the scenario file") }
                </div>
            }
        </div>
    }
}
