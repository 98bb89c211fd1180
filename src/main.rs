//! The browser entry point: mounts the Yew app into the page's `<body>`.

fn main() {
    yew::Renderer::<paxos_lab::ui::App>::new().render();
}
