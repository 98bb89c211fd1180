//! The view switch: the stage, the space-time diagram, or both, as a group of radio buttons.

use yew::prelude::*;

use crate::ui::address::View;
use crate::ui::browser;
use crate::ui::i18n::Lang;

/// Three radio buttons in a row; the arrow keys move between them, as in any radio group.
pub fn view_switch(lang: Lang, view: View, on_view: &Callback<View>) -> Html {
    let on_key = {
        let on_view = on_view.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = View::ALL.iter().position(|v| *v == view).unwrap_or(0);
            let n = View::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => View::ALL[(at + 1) % n],
                "ArrowLeft" | "ArrowUp" => View::ALL[(at + n - 1) % n],
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            on_view.emit(next);
            browser::focus_soon(format!(".view-switch [data-view=\"{}\"]", next.code()));
        })
    };
    html! {
        <div class="view-switch" role="radiogroup" aria-label={lang.pick("视图", "View")} onkeydown={on_key}>
            { for View::ALL.iter().map(|&v| {
                let checked = v == view;
                html! {
                    <button type="button" role="radio" data-view={v.code()} aria-checked={checked.to_string()}
                        tabindex={if checked { "0" } else { "-1" }} class={classes!(checked.then_some("on"))}
                        onclick={on_view.reform(move |_| v)}>
                        { v.name(lang) }
                    </button>
                }
            }) }
        </div>
    }
}
