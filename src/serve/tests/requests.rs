//! HTTP requests a client may get wrong, each answered with a 4xx that names its fault and the
//! store unchanged (moved from the table of malformed inputs in `tests/cli/malformed.rs`, where
//! it started a server).

use super::{Handler, Project, send};
use oxhttp::model::Method;
use oxigraph::store::Store;

/// HTTP requests a client may get wrong: method, target, headers, body; the status and a
/// message naming the part of the request at fault.
struct HttpCase {
    name: &'static str,
    method: Method,
    target: &'static str,
    content_type: &'static str,
    body: &'static str,
    status: u16,
    expected: &'static [&'static str],
}

const HTTP_CASES: &[HttpCase] = &[
    HttpCase {
        name: "a query with a syntax error",
        method: Method::GET,
        target: "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B",
        content_type: "",
        body: "",
        status: 400,
        expected: &["query:1:", "invalid SPARQL"],
    },
    HttpCase {
        name: "the query parameter twice",
        method: Method::GET,
        target: "/sparql?query=ASK%7B%7D&query=ASK%7B%7D",
        content_type: "",
        body: "",
        status: 400,
        expected: &["query"],
    },
    HttpCase {
        name: "a broken percent escape",
        method: Method::GET,
        target: "/id/%ZZ",
        content_type: "",
        body: "",
        status: 400,
        expected: &["%ZZ"],
    },
    HttpCase {
        name: "an update by POST",
        method: Method::POST,
        target: "/sparql",
        content_type: "application/sparql-update",
        body: "DROP ALL",
        status: 403,
        expected: &["read-only"],
    },
    HttpCase {
        name: "an update in a form",
        method: Method::POST,
        target: "/sparql",
        content_type: "application/x-www-form-urlencoded",
        body: "update=DROP%20ALL",
        status: 403,
        expected: &["read-only"],
    },
    HttpCase {
        name: "a form without a query",
        method: Method::POST,
        target: "/sparql",
        content_type: "application/x-www-form-urlencoded",
        body: "quer=ASK%7B%7D",
        status: 400,
        expected: &["query"],
    },
    HttpCase {
        name: "an unknown body type",
        method: Method::POST,
        target: "/sparql",
        content_type: "text/plain",
        body: "ASK {}",
        status: 415,
        expected: &["text/plain", "application/sparql-query"],
    },
    HttpCase {
        name: "a query that is a NUL character",
        method: Method::POST,
        target: "/sparql",
        content_type: "application/sparql-query",
        body: "\u{0}",
        status: 400,
        expected: &["query:1:"],
    },
    HttpCase {
        name: "a method /sparql does not answer",
        method: Method::DELETE,
        target: "/sparql",
        content_type: "",
        body: "",
        status: 405,
        expected: &["GET, HEAD and POST"],
    },
    HttpCase {
        name: "a document outside the store",
        method: Method::GET,
        target: "/doc/..%2F..%2Fetc%2Fpasswd",
        content_type: "",
        body: "",
        status: 404,
        expected: &["nothing at"],
    },
    HttpCase {
        name: "a path nothing answers",
        method: Method::GET,
        target: "/admin",
        content_type: "",
        body: "",
        status: 404,
        expected: &["/admin", "/sparql"],
    },
    HttpCase {
        name: "a document page with the claim parameter twice",
        method: Method::GET,
        target: "/doc/003_898eee803d7ca7f3?claim=a&claim=b",
        content_type: "",
        body: "",
        status: 400,
        expected: &["claim"],
    },
];

#[test]
fn every_malformed_request_gets_a_4xx_that_names_its_fault_and_the_store_unchanged() {
    let project = Project::copy();
    let store = project.store();
    let before = dump(&store);
    let handler = Handler::for_store(store.clone(), project.settings());
    let mut failures = Vec::new();
    for case in HTTP_CASES {
        let headers: Vec<(&str, &str)> = if case.content_type.is_empty() {
            Vec::new()
        } else {
            vec![("content-type", case.content_type)]
        };
        let answer = send(
            &handler,
            case.method.clone(),
            case.target,
            &headers,
            case.body,
        );
        let (status, body) = (answer.status, answer.body);
        if status.as_u16() != case.status {
            failures.push(format!(
                "{}: status {status}, not {}\n{body}",
                case.name, case.status
            ));
        }
        for part in case.expected {
            if !body.contains(part) {
                failures.push(format!("{}: no {part:?} in\n{body}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The handler still answers, and nothing reached the store it serves.
    let answer = send(&handler, Method::GET, "/sparql?query=ASK%7B%7D", &[], "");
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(dump(&store), before);
}

/// The store's quads, sorted: what a change would show in.
fn dump(store: &Store) -> Vec<String> {
    let mut quads: Vec<String> = store
        .iter()
        .map(|q| q.expect("a readable quad").to_string())
        .collect();
    quads.sort_unstable();
    quads
}
