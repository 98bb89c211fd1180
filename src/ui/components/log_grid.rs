//! The log grid of a Multi-Paxos run: slots in columns, servers in rows (see [`crate::ui::grid`]).
//!
//! The component only draws the [`LogGrid`] the scene built. It is memoised on the grid's `Rc`,
//! which the scene keeps while the log does not change, so playing costs it nothing per frame;
//! when the log changes, each cell is a component of its own, drawn again only if it changed.
//! Each cell is a button: its accessible name says what the server holds there, and pressing it
//! explains what it accepted and why, in a live line under the grid.

use std::rc::Rc;

use yew::prelude::*;

use crate::paxos::NodeId;
use crate::ui::grid::{short_command, Cell, Column, Delay, Kind, LogGrid};
use crate::ui::i18n::Lang;

/// Props of [`LogGridView`].
#[derive(Properties, PartialEq)]
pub struct LogGridProps {
    /// The interface language.
    pub lang: Lang,
    /// What to draw.
    pub grid: Rc<LogGrid>,
    /// The message delays of the commands chosen so far.
    pub delays: Rc<Vec<Delay>>,
    /// The cell explained under the grid: a node and the first slot of a column.
    pub picked: Option<(NodeId, u32)>,
    /// A cell was pressed (again: closed).
    pub on_pick: Callback<Option<(NodeId, u32)>>,
}

/// The short name of a cell: "Server B, slot 136: ⟨1, withdraw 30⟩, chosen, executed".
fn cell_label(name: &str, acceptor: bool, column: &Column, c: &Cell, lang: Lang) -> String {
    let mut parts = vec![format!(
        "{name}{}{}",
        lang.pick("，", ", "),
        column.slots(lang)
    )];
    match &c.accepted {
        Some((b, v)) => parts.push(format!("⟨{b}, {v}⟩")),
        None if acceptor => parts.push(lang.pick("未接受", "nothing accepted").into()),
        None => {}
    }
    for (on, zh_word, en_word) in [
        (c.chosen, "已选定", "chosen"),
        (c.known && !c.executed, "已知选定", "known chosen"),
        (c.executed, "已执行", "executed"),
    ] {
        if on {
            parts.push(lang.pick(zh_word, en_word).into());
        }
    }
    parts.join(lang.pick("，", ", "))
}

/// Props of one cell of the grid: plain values, so that a cell whose server's state in its
/// column did not change is not drawn again. With 200 slots and 9 servers, a frame that delivers
/// a few messages redraws a few cells of some 2,000.
#[derive(Properties, PartialEq)]
struct CellProps {
    lang: Lang,
    /// The server's name.
    name: AttrValue,
    node: NodeId,
    /// Whether the server is an acceptor.
    acceptor: bool,
    column: Column,
    cell: Cell,
    picked: bool,
    on_pick: Callback<Option<(NodeId, u32)>>,
}

/// One cell: a button named for what the server holds there.
#[function_component(GridCell)]
fn grid_cell(props: &CellProps) -> Html {
    let c = &props.cell;
    let (node, slot, picked) = (props.node, props.column.first(), props.picked);
    let on_pick = props.on_pick.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        on_pick.emit((!picked).then_some((node, slot)));
    });
    let class = classes!(
        "cell",
        c.accepted.is_some().then_some("accepted"),
        (c.kind == Kind::Noop && !c.is_empty()).then_some("noop"),
        c.chosen.then_some("chosen"),
        (c.known && !c.executed).then_some("known"),
        c.executed.then_some("executed"),
        picked.then_some("picked"),
    );
    let run = matches!(props.column, Column::Run { .. });
    let (text, ballot) = match &c.accepted {
        Some((b, _)) if run && c.kind == Kind::Command => ("…".to_owned(), Some(*b)),
        Some((b, v)) => (short_command(v), Some(*b)),
        None => (String::new(), None),
    };
    // The button is the cell's box, named in words; what it holds is drawn over it in symbols,
    // hidden from screen readers, and clicks go through to the button. A button's own text would
    // have to be a run of its name's words (WCAG 2.5.3, label in name), which "+5 1 ✓" is not.
    html! {
        <td>
            <button type="button" {class} {onclick}
                aria-label={cell_label(&props.name, props.acceptor, &props.column, c, props.lang)}
                aria-pressed={picked.to_string()} />
            <span class="face" aria-hidden="true">
                <span class="v">{ text }</span>
                <span class="marks">
                    if let Some(b) = ballot { <span class="b">{ b }</span> }
                    { if c.chosen { "✓" } else { "" } }
                    { if c.executed { "●" } else if c.known { "○" } else { "" } }
                </span>
            </span>
        </td>
    }
}

/// The log grid.
#[function_component(LogGridView)]
pub fn log_grid(props: &LogGridProps) -> Html {
    let lang = props.lang;
    let grid = &props.grid;
    let picked = props.picked.and_then(|(node, slot)| {
        let row = grid.rows.iter().position(|r| r.node == node)?;
        let col = grid.columns.iter().position(|c| c.first() == slot)?;
        Some((row, col))
    });
    let heads = grid.columns.iter().map(|col| {
        let first = col.first();
        let last = match col {
            Column::Slot(s) => *s,
            Column::Run { to, .. } => *to,
        };
        let watermark = grid.watermark >= first && grid.watermark <= last && grid.watermark > 0;
        let next = grid.next.is_some_and(|(_, n)| n == first);
        let class = classes!(
            "slot-head",
            matches!(col, Column::Run { .. }).then_some("run"),
            watermark.then_some("watermark"),
            next.then_some("next"),
        );
        let title = match (watermark, next) {
            (true, _) => lang.pick(
                "选定水位：到这里为止全部已选定",
                "chosen watermark: every slot up to here is chosen",
            ),
            (_, true) => lang.pick("领导者的下一个槽位", "the leader's next slot"),
            _ => "",
        };
        html! {
            <th scope="col" class={class} title={title}>
                { col.heading() }
                if watermark { <span class="mark">{ lang.pick("水位", "chosen") }</span> }
                if next { <span class="mark">{ lang.pick("下一个", "next") }</span> }
            </th>
        }
    });
    let rows = grid.rows.iter().enumerate().map(|(ri, r)| {
        let mut who = Vec::new();
        if r.acceptor {
            who.push(format!("{} {}", lang.pick("承诺", "promised"), r.promised));
        }
        if r.replica {
            who.push(format!("{} {}", lang.pick("执行到", "executed to"), r.executed));
        }
        let name = AttrValue::from(r.name.clone());
        let cells = r.cells.iter().zip(&grid.columns).enumerate().map(|(ci, (c, column))| {
            html! {
                <GridCell lang={lang} name={name.clone()} node={r.node} acceptor={r.acceptor}
                    column={column.clone()} cell={c.clone()} picked={picked == Some((ri, ci))}
                    on_pick={props.on_pick.clone()} />
            }
        });
        html! {
            <tr class={classes!(r.down.then_some("down"))}>
                <th scope="row" class="row-head">
                    <span class="name">
                        { &r.name }
                        if r.leads { <span class="lead">{ lang.pick(" ★领导者", " ★ leader") }</span> }
                        if r.down { <span class="lead">{ lang.pick(" ✕宕机", " ✕ down") }</span> }
                    </span>
                    <span class="who">{ who.join(" · ") }</span>
                    if let Some(state) = &r.state {
                        <span class="state">{ state }</span>
                    }
                </th>
                { for cells }
            </tr>
        }
    });
    let why = picked.map(|(r, c)| grid.explain(r, c, lang));
    // The last few commands: how many message delays each took from its submission until the
    // leader knew it chosen (a majority's Accepted counted), the measure of the notes' §3.4.
    let recent = props.delays.len().saturating_sub(3);
    let delays = props.delays[recent..].iter().map(|d| {
        let n = d.count();
        html! {
            <li>
                <span class="cmd">{ format!("#{} {}", d.slot, d.command) }</span>
                { match lang {
                    Lang::Zh => format!("：{n} 次消息延迟"),
                    Lang::En => format!(": {n} message delays"),
                } }
            </li>
        }
    });
    html! {
        <section class="log-grid" aria-label={lang.pick("复制日志", "Replicated log")}>
            <div class="grid-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col" class="corner">{ lang.pick("槽位", "Slot") }</th>
                            { for heads }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if !props.delays.is_empty() {
                <ul class="grid-delays" aria-label={lang.pick("从提交到领导者得知选定", "From submit until the leader knows it is chosen")}>
                    <li class="head">{ lang.pick("提交→领导者得知选定", "Submit→leader knows chosen") }</li>
                    { for delays }
                </ul>
            }
            <p class="grid-why" aria-live="polite">
                { why.unwrap_or_else(|| lang.pick(
                    "格子：接受的命令和编号 · ✓ 已选定 · ○ 已知 · ● 已执行 · 空操作带斜纹 · 点格子看原因",
                    "A cell: the command accepted and its ballot · ✓ chosen · ○ known · ● executed · no-ops striped · press a cell for why",
                ).to_owned()) }
            </p>
        </section>
    }
}
