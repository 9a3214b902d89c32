//! The web UI: plain HTML, CSS and JavaScript, embedded in the binary at compile time (no CDN,
//! no build step). It talks to the server only through `/sparql`, `/api/queries` and
//! `/api/prefixes` (the project's namespaces).

pub const INDEX: &str = include_str!("ui/index.html");
pub const SCRIPT: &str = include_str!("ui/app.js");
pub const STYLE: &str = include_str!("ui/style.css");
