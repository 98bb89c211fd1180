//! Downloads: a run written as a scenario file replays to the same run, event for event, and a
//! trace file is the documented JSON lines.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::export;
use paxos_lab::scenario::{builtin, Scenario};
use paxos_lab::sim::{History, Rng};
use paxos_lab::ui::describe::Names;
use paxos_lab::ui::i18n::Lang;
use paxos_lab::ui::moment::{self, Moment};
use random_ops::random_op;

/// Every event of the run up to the cursor, as JSON lines.
fn lines(history: &History) -> String {
    export::trace(history)
}

/// Plays the first `k` steps of `name`'s tour, then `extra` random ops drawn from `seed`.
fn run(name: &str, k: usize, extra: usize, seed: u64) -> (paxos_lab::scenario::Tour, History) {
    let tour = Scenario::load(builtin(name).expect("built in")).expect("loads");
    let mut history = History::new(tour.initial.clone());
    for op in tour.steps.iter().take(k).flatten() {
        history.apply(op.clone()).expect("the tour replays");
    }
    let mut rng = Rng::new(seed);
    let mut done = 0;
    let mut tries = 0;
    while done < extra && tries < extra * 20 {
        tries += 1;
        let op = random_op(&mut rng, history.current());
        if history.apply(op).is_ok() {
            done += 1;
        }
    }
    (tour, history)
}

/// The run the scenario file `text` plays, whole.
fn replayed(text: &str) -> History {
    let tour = Scenario::load(text).unwrap_or_else(|e| panic!("the file loads: {e}\n{text}"));
    let mut history = History::new(tour.initial.clone());
    for op in tour.steps.iter().flatten() {
        history.apply(op.clone()).expect("the file replays");
    }
    history
}

#[test]
fn a_run_saved_as_a_scenario_replays_to_the_same_trace() {
    let names = [
        "sandbox",
        "annual-meeting-2",
        "one-plus-one",
        "learners-set",
        "livelock",
        "multi-new-leader",
        "odd-4",
    ];
    let mut with_number = 0;
    for (i, name) in names.iter().enumerate() {
        for seed in 1..=12u64 {
            let seed = seed * 100 + i as u64;
            let tour = Scenario::load(builtin(name).unwrap()).unwrap();
            let k = (seed as usize) % (tour.steps.len() + 1);
            let (tour, history) = run(name, k, 40, seed);
            let names = Names::of_scenario(&tour.scenario);
            let text = export::scenario(&tour, &names, &history, 0)
                .unwrap_or_else(|e| panic!("{name}, seed {seed}: {}", e.en));
            with_number += text.matches("\"msg\"").count();
            let again = replayed(&text);
            assert_eq!(
                lines(&history),
                lines(&again),
                "{name}, seed {seed}: the saved scenario replays another run\n{text}"
            );
            // The tour's steps the run followed are kept as written, captions and all.
            let saved = Scenario::parse(&text).unwrap();
            assert!(saved.steps.len() >= k.min(1), "{name}, seed {seed}");
            for (a, b) in saved
                .steps
                .iter()
                .zip(&tour.scenario.steps)
                .take(k.saturating_sub(1))
            {
                assert_eq!(a, b, "{name}, seed {seed}");
            }
        }
    }
    // Copies of messages were clicked, and named by number.
    assert!(with_number > 0, "no run needed a message number");
}

#[test]
fn each_user_operation_is_a_step_captioned_by_the_narration() {
    let (tour, history) = run("sandbox", 0, 12, 5);
    let names = Names::of_scenario(&tour.scenario);
    let text = export::scenario(&tour, &names, &history, 0).unwrap();
    let saved = Scenario::parse(&text).unwrap();
    // The sandbox's opening caption, then one step per operation.
    assert_eq!(saved.steps.len(), 1 + history.ops().len());
    assert_eq!(saved.steps[0], tour.scenario.steps[0]);
    for step in &saved.steps[1..] {
        assert_eq!(step.actions.len(), 1);
        assert!(!step.caption.en.is_empty() && !step.caption.zh.is_empty());
        assert!(step.caption.en.chars().count() <= 600);
        // Chinese sentences follow one another without a space; English ones with one.
        assert!(!step.caption.zh.contains("。 "), "{}", step.caption.zh);
        assert!(!step.caption.en.contains(".P"), "{}", step.caption.en);
    }
    // Written without nulls, and the same scenario otherwise.
    assert!(!text.contains("null"), "{text}");
    assert_eq!(saved.nodes, tour.scenario.nodes);
    assert_eq!(saved.rules, tour.scenario.rules);
}

#[test]
fn a_long_run_merges_its_steps_of_time_or_says_it_is_too_long() {
    // 400 "step" ops in a row fit: they become one step.
    let tour = Scenario::load(builtin("stress").unwrap()).unwrap();
    let mut history = History::new(tour.initial.clone());
    for op in tour.steps.iter().flatten() {
        history.apply(op.clone()).unwrap();
    }
    for _ in 0..400 {
        history.apply(paxos_lab::sim::Op::Step).unwrap();
    }
    let names = Names::of_scenario(&tour.scenario);
    let text = export::scenario(&tour, &names, &history, 0).unwrap();
    assert!(Scenario::parse(&text).unwrap().steps.len() <= 200);
    assert_eq!(lines(&history), lines(&replayed(&text)));
    // 300 separate actions do not: the error says what to use instead.
    let (tour, mut history) = run("sandbox", 0, 0, 1);
    for i in 0..300 {
        let op = if i % 2 == 0 {
            paxos_lab::sim::Op::SetLoss { percent: 10 }
        } else {
            paxos_lab::sim::Op::SetLoss { percent: 0 }
        };
        history.apply(op).unwrap();
    }
    let names = Names::of_scenario(&tour.scenario);
    let error = export::scenario(&tour, &names, &history, 0).unwrap_err();
    // 300 operations after the sandbox's one caption step: 301 steps.
    assert!(
        error.en.starts_with("this run needs 301 steps (the scenario's own 1 among them), and a scenario has at most 200;"),
        "{}",
        error.en
    );
    assert!(error.zh.contains("200"), "{}", error.zh);
}

#[test]
fn a_trace_file_is_json_lines_of_documented_events() {
    let (_, history) = run("one-plus-one", 99, 30, 3);
    let text = lines(&history);
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a line is JSON"))
        .collect();
    assert_eq!(events.len(), history.events().len());
    assert_eq!(events[0]["kind"], "began");
    assert_eq!(events[0]["format"], 2);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["id"], i as u64);
    }
}

#[test]
fn a_link_to_a_moment_opens_the_run_it_was_made_from() {
    // The run of annual meeting, case 2, taken over after step 3: the link the share dialog
    // gives, replayed the way the download worker replays it.
    let (tour, history) = run("annual-meeting-2", 3, 25, 9);
    let script = tour.steps.iter().take(3).map(Vec::len).sum::<usize>();
    let run = moment::encode(&Moment {
        script,
        cursor: history.cursor(),
        time: history.current().now as f64,
        ops: history.ops()[script..].to_vec(),
    });
    let search = format!("?scenario=annual-meeting-2&run={run}");
    let fetched = builtin("annual-meeting-2").map(str::to_owned);
    let state = export::open(&search, "", fetched).unwrap_or_else(|e| panic!("{}", e.en));
    assert_eq!(lines(&state.history()), lines(&history));
    // Without the scenario's text, or with a link cut short, it says so.
    assert!(export::open(&search, "", None).is_err());
    let cut = &search[..search.len() - 6];
    let error = export::open(cut, "", builtin("annual-meeting-2").map(str::to_owned)).unwrap_err();
    assert!(error.en.contains("does not replay in full"), "{}", error.en);
}

#[test]
fn what_holds_now_is_written_as_an_expectation_that_holds() {
    // Annual meeting, case 2, to its end: Zhengzhou is chosen, and safety holds.
    let (tour, history) = run("annual-meeting-2", 99, 0, 1);
    let expect = export::expectation(&history);
    assert_eq!(expect, r#"{"chosen":"郑州","violation":false}"#);
    // Under no-adoption two values are chosen: the violation is expected.
    let (_, broken) = run("annual-meeting-2-no-adoption", 99, 0, 1);
    assert!(export::expectation(&broken).contains(r#""violation":true"#));
    // Added to a saved scenario's last step, it holds when the file is loaded.
    let names = Names::of_scenario(&tour.scenario);
    let mut saved: serde_json::Value =
        serde_json::from_str(&export::scenario(&tour, &names, &history, 0).unwrap()).unwrap();
    let last = saved["steps"].as_array().unwrap().len() - 1;
    saved["steps"][last]["expect"] = serde_json::from_str(&expect).unwrap();
    assert!(Scenario::load(&saved.to_string()).is_ok());
    saved["steps"][last]["expect"]["chosen"] = "海南".into();
    assert!(Scenario::load(&saved.to_string()).is_err());
}

#[test]
fn a_recorded_tour_is_published_as_its_link_and_embed_code_or_refused() {
    let text = builtin("one-plus-one").unwrap();
    let out: serde_json::Value = serde_json::from_str(
        &export::publish(text, "https://x.github.io/paxos-lab/", Lang::En).unwrap(),
    )
    .unwrap();
    let link = out["link"].as_str().unwrap();
    assert!(
        link.starts_with("https://x.github.io/paxos-lab/?lang=en#scenario="),
        "{link}"
    );
    let data = link.split("#scenario=").nth(1).unwrap();
    assert_eq!(paxos_lab::scenario::inline::decode(data).unwrap(), text);
    let embed = out["embed"].as_str().unwrap();
    assert!(
        embed.starts_with(
            "<iframe src=\"https://x.github.io/paxos-lab/?lang=en&amp;embed=1#scenario="
        ),
        "{embed}"
    );
    assert!(embed.contains("title=\"Paxos Lab: "), "{embed}");
    assert_eq!(out["steps"], Scenario::parse(text).unwrap().steps.len());
    // A step whose message is not in flight: the page's own error, in the language asked for.
    let broken = text.replacen("\"deliver\"", "\"drop\"", 1);
    let error = export::publish(&broken, "https://x/", Lang::Zh);
    assert!(error.is_err());
    let error = error.unwrap_err();
    assert!(!error.zh.is_empty() && !error.en.is_empty());
}

#[test]
fn a_caption_only_step_shown_at_the_end_of_the_run_is_kept() {
    // Odd sizes 2 ends with a summary: a step of captions alone, at the same instant as the
    // step before it. Shown, it is saved; at the step before, it has not been reached.
    let (tour, history) = run("odd-4", 7, 0, 1);
    assert!(tour.steps[6].is_empty());
    let names = Names::of_scenario(&tour.scenario);
    let saved = |shown| {
        let text = export::scenario(&tour, &names, &history, shown).unwrap();
        Scenario::parse(&text).unwrap().steps
    };
    assert_eq!(saved(7), tour.scenario.steps);
    assert_eq!(saved(6), tour.scenario.steps[..6]);
}
