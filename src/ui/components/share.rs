//! "Embed in slides": the `<iframe>` snippet and the plain link for the scenario and tour step
//! on the stage, or for this very moment of the run (`run=`, see [`crate::ui::moment`]), ready
//! to copy into reveal.js, a web page, PowerPoint or Google Slides, or to send to someone.

use yew::prelude::*;

use super::focus::{edge, use_focus_return};

use crate::quiz::challenge::Challenge;
use crate::ui::address::{iframe, Link, Target, View};
use crate::ui::browser;
use crate::ui::i18n::Lang;

/// The iframe sizes offered: 16:9 at three scales, all of which the page fits without
/// scrollbars.
const SIZES: [(u32, u32); 3] = [(800, 450), (1024, 576), (1280, 720)];

/// The downloads (static/export.js carries them out): kind, picture size, and the button's
/// name in Chinese and English.
const EXPORTS: [(&str, &str, &str, &str); 5] = [
    ("svg", "", "图片（SVG）", "Picture (SVG)"),
    ("png", "1920x1080", "PNG 1920×1080", "PNG 1920×1080"),
    ("png", "1280x720", "PNG 1280×720", "PNG 1280×720"),
    ("trace", "", "追踪记录（JSON 行）", "Trace (JSON lines)"),
    (
        "scenario",
        "",
        "场景文件（可重放）",
        "Scenario file (replays it)",
    ),
];

/// Props of [`ShareDialog`].
#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// The interface language (and the language of the link).
    pub lang: Lang,
    /// The scenario's title, for the iframe's accessible name.
    pub title: String,
    /// The built-in scenario's name, or `None` for one carried in the link.
    pub name: Option<String>,
    /// The scenario in base64url, when it is not built in.
    pub inline: Option<String>,
    /// The tour step shown, in a guided tour.
    pub step: Option<usize>,
    /// The guided tour's number of steps (0 when the scenario is not a tour): its handout has a
    /// page for each.
    pub steps: usize,
    /// The view shown now, which the links offer first.
    pub view: View,
    /// This moment of the run, as `run=` carries it, if the scenario's address does not show it.
    pub moment: Option<String>,
    /// Copy the link at once (the dialog was opened by its key).
    pub copy: bool,
    /// The projector theme is on: the links carry it.
    pub projector: bool,
    /// The challenge under way: the page's links open it (`exercise=`) rather than its
    /// scenario alone. The embed code and the handout show the scenario.
    pub exercise: Option<Challenge>,
    /// Close the dialog.
    pub on_close: Callback<()>,
}

/// Which copy button was pressed, and whether the clipboard took it.
#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Code(bool),
    Link(bool),
}

/// The dialog.
#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareDialogProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let at_step = use_state(|| true);
    let at_moment = use_state(|| true);
    let autoplay = use_state(|| false);
    let size = use_state(|| 0usize);
    let view = {
        let now = props.view;
        use_state(move || now)
    };
    let copied = use_state(|| None::<Copied>);
    let code_ref = use_node_ref();
    let link_ref = use_node_ref();
    let target = Target::of(props.name.as_deref(), props.inline.as_deref());
    let page_target = props
        .exercise
        .map_or(target, |challenge| Target::Exercise(challenge.name()));
    let base = browser::page_base();
    let run = props.moment.as_deref().filter(|_| *at_moment);
    let step = props.step.filter(|_| *at_step && run.is_none());
    let embed_url = Link {
        target,
        lang,
        embed: true,
        step,
        autoplay: *autoplay,
        view: *view,
        run,
        projector: props.projector,
    }
    .url(&base);
    let page_url = Link {
        target: page_target,
        lang,
        embed: false,
        step,
        autoplay: *autoplay,
        view: *view,
        run,
        projector: props.projector,
    }
    .url(&base);
    // What the downloads replay: always this very moment, whatever the options above say.
    let now_url = Link {
        target: page_target,
        lang,
        embed: false,
        step: props.step.filter(|_| props.moment.is_none()),
        autoplay: false,
        view: props.view,
        run: props.moment.as_deref(),
        projector: false,
    }
    .url(&base);
    let stem = props.name.clone().unwrap_or_else(|| "scenario".into());
    // The handout opens each step of the tour in the embed, one after another.
    let tour_url = Link {
        target,
        lang,
        embed: true,
        step: None,
        autoplay: false,
        view: View::Stage,
        run: None,
        projector: false,
    }
    .url(&base);
    {
        let (code_ref, link_ref, copied) = (code_ref.clone(), link_ref.clone(), copied.clone());
        let copy = props.copy.then(|| page_url.clone());
        use_effect_with((), move |_| {
            let field = if copy.is_some() { link_ref } else { code_ref };
            if let Some(el) = field.cast::<web_sys::Element>() {
                browser::focus(&el);
            }
            if let Some(url) = copy {
                browser::select_field(&field);
                browser::copy_text(
                    url,
                    Callback::from(move |ok| copied.set(Some(Copied::Link(ok)))),
                );
            }
        });
    }
    let (w, h) = SIZES[*size];
    let title = format!(
        "{}: {}",
        lang.pick("Paxos 实验室", "Paxos Lab"),
        props.title
    );
    let code = iframe(&embed_url, &title, w, h);

    let copy = |what: fn(bool) -> Copied, text: String, field: NodeRef| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            // Selected first, so that Ctrl+C works even where the clipboard is not offered.
            browser::select_field(&field);
            let copied = copied.clone();
            browser::copy_text(
                text.clone(),
                Callback::from(move |ok| copied.set(Some(what(ok)))),
            );
        })
    };
    let on_code = copy(Copied::Code, code.clone(), code_ref.clone());
    let on_link = copy(Copied::Link, page_url.clone(), link_ref.clone());
    let status = match *copied {
        Some(Copied::Code(true)) => lang.pick("嵌入代码已复制。", "Embed code copied."),
        Some(Copied::Link(true)) => lang.pick("链接已复制。", "Link copied."),
        Some(_) => lang.pick(
            "浏览器不允许直接复制：内容已选中，请按 Ctrl+C（Mac 上 ⌘C）。",
            "The browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).",
        ),
        None => "",
    };
    let toggle = |flag: &UseStateHandle<bool>| {
        let (flag, copied) = (flag.clone(), copied.clone());
        Callback::from(move |_: Event| {
            flag.set(!*flag);
            copied.set(None);
        })
    };
    let on_size = {
        let (size, copied) = (size.clone(), copied.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            size.set(select.value().parse().unwrap_or(0).min(SIZES.len() - 1));
            copied.set(None);
        })
    };
    let on_view = {
        let (view, copied) = (view.clone(), copied.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            view.set(View::parse(&select.value()).unwrap_or(View::Stage));
            copied.set(None);
        })
    };
    let close = props.on_close.reform(|_| ());
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="dialog share" role="dialog" aria-modal="true" aria-labelledby="share-title"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                { edge(true) }
                <div class="dialog-head">
                    <h2 id="share-title">{ lang.pick("嵌入幻灯片", "Embed in slides") }</h2>
                    <button type="button" class="close"
                        aria-label={lang.pick("关闭", "Close")} onclick={close}>{ "×" }</button>
                </div>
                <p class="hint">
                    { lang.pick(
                        "把嵌入代码粘贴到 reveal.js 幻灯片或任何网页中；PowerPoint 和 Google 幻灯片可以插入下面的链接。做法见 README 的“教师指南”。",
                        "Paste the embed code into a reveal.js slide or any web page; in PowerPoint or Google Slides, insert the link below. The README's instructor section has the details.",
                    ) }
                </p>
                <div class="share-options">
                    if props.moment.is_some() {
                        <label>
                            <input type="checkbox" checked={*at_moment} onchange={toggle(&at_moment)} />
                            { lang.pick("停在此刻（重放你的操作）", "At this moment (replays what you did)") }
                        </label>
                    }
                    if let (Some(k), None) = (props.step, run) {
                        <label>
                            <input type="checkbox" checked={*at_step} onchange={toggle(&at_step)} />
                            { match lang {
                                Lang::Zh => format!("从第 {k} 步开始"),
                                Lang::En => format!("Open at step {k}"),
                            } }
                        </label>
                    }
                    <label>
                        <input type="checkbox" checked={*autoplay} onchange={toggle(&autoplay)} />
                        { lang.pick("自动播放", "Autoplay") }
                    </label>
                    <label>
                        { lang.pick("视图", "View") }
                        <select onchange={on_view} aria-label={lang.pick("视图", "View")}>
                            { for View::ALL.iter().map(|v| html! {
                                <option value={v.code()} selected={*v == *view}>{ v.name(lang) }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        { lang.pick("尺寸", "Size") }
                        <select onchange={on_size} aria-label={lang.pick("尺寸", "Size")}>
                            { for SIZES.iter().enumerate().map(|(i, (w, h))| html! {
                                <option value={i.to_string()} selected={i == *size}>{ format!("{w}×{h}") }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <label class="field">
                    <span>{ lang.pick("嵌入代码", "Embed code") }</span>
                    <textarea readonly=true rows="4" ref={code_ref} value={code} spellcheck="false" />
                </label>
                <button type="button" class="btn primary" onclick={on_code}>
                    { lang.pick("复制嵌入代码", "Copy embed code") }
                </button>
                <label class="field">
                    <span>{ lang.pick("链接（用于 PowerPoint、Google 幻灯片或分享）", "Link (for PowerPoint, Google Slides, or sharing)") }</span>
                    <input type="text" readonly=true ref={link_ref} value={page_url} spellcheck="false" />
                </label>
                <button type="button" class="btn" onclick={on_link}>
                    { lang.pick("复制链接", "Copy link") }
                </button>
                <p class="share-status" role="status" aria-live="polite">{ status }</p>
                <h3>{ lang.pick("下载此刻", "Download this moment") }</h3>
                <div class="export-buttons">
                    { for EXPORTS.iter().map(|(kind, size, zh, en)| html! {
                        <button type="button" class="btn" data-export={*kind} data-size={*size}
                            data-link={now_url.clone()} data-name={stem.clone()}
                            data-title={props.title.clone()}>
                            { lang.pick(zh, en) }
                        </button>
                    }) }
                    if props.steps > 0 {
                        <button type="button" class="btn" data-export="handout" data-link={tour_url}
                            data-steps={props.steps.to_string()} data-name={stem.clone()}
                            data-title={props.title.clone()}>
                            { lang.pick("讲义：每步一页（打印）", "Handout: a page per step (print)") }
                        </button>
                    }
                    <button type="button" class="btn" data-export="record">
                        { lang.pick("录制导览……", "Record a tour…") }
                    </button>
                </div>
                if props.view.diagram() {
                    <label class="export-bare">
                        { lang.pick("图片内容", "Pictures of") }
                        <select data-export-what="">
                            <option value="stage" selected={props.view.stage()}>{ lang.pick("舞台", "the stage") }</option>
                            <option value="diagram" selected={!props.view.stage()}>{ lang.pick("时空图", "the space-time diagram") }</option>
                        </select>
                    </label>
                }
                <label class="export-bare">
                    <input type="checkbox" data-export-bare="" />
                    { lang.pick("图片不含标题与横幅", "Pictures without the title and banners") }
                </label>
                <p class="share-status" role="status" aria-live="polite" data-export-status="" />
                { edge(false) }
            </div>
        </div>
    }
}
