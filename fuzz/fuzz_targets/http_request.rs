//! The server's request handling on any method, path, query string, headers and body: no panic,
//! and a status that says what happened (never 500, which would mean an unhandled case).
#![no_main]

use factgraph::serve::{Handler, Settings};
use libfuzzer_sys::fuzz_target;
use oxhttp::model::{Body, Method, Request};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::sync::OnceLock;

const DATA: &str = r#"
@prefix fg: <https://factgraph.dev/ontology#> .
@prefix kb: <https://factgraph.dev/id/> .
kb:shusha a fg:Settlement ; <http://www.w3.org/2000/01/rdf-schema#label> "Shusha"@en .
kb:doc-1 a fg:Document ; fg:text "Shusha is a town." .
"#;

fn handler() -> &'static Handler {
    static HANDLER: OnceLock<Handler> = OnceLock::new();
    HANDLER.get_or_init(|| {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, DATA).unwrap();
        let settings = Settings {
            query_timeout: std::time::Duration::from_secs(2),
            max_rows: 1000,
            ..Settings::default()
        };
        Handler::for_store(store, settings)
    })
}

fuzz_target!(|input: &[u8]| {
    // method byte, then target, then headers and body, separated by newlines
    let Some((&selector, rest)) = input.split_first() else {
        return;
    };
    let method = [
        Method::GET,
        Method::POST,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
    ][usize::from(selector) % 5]
        .clone();
    let mut parts = rest.splitn(4, |&b| b == b'\n');
    let target = parts.next().unwrap_or_default();
    let content_type = parts.next().unwrap_or_default();
    let accept = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default().to_vec();
    let Ok(target) = std::str::from_utf8(target) else {
        return;
    };
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("http://localhost{target}"));
    if !content_type.is_empty() {
        builder = builder.header("content-type", content_type);
    }
    if !accept.is_empty() {
        builder = builder.header("accept", accept);
    }
    let Ok(mut request) = builder.body(Body::from(body)) else {
        return;
    };
    let response = handler().respond(&mut request);
    assert_ne!(response.status().as_u16(), 500, "{response:?}");
});
