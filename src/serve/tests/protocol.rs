//! `/sparql`: the protocol, content negotiation, and what it refuses (moved from
//! `tests/cli/serve.rs`, `hardening_http.rs` and `security.rs`, where each started a server).

use super::{WIKIDATA, files, get, send, wikidata};
use crate::serve::Settings;
use crate::testing::wait_until;
use oxhttp::model::{Method, StatusCode};
use std::io::ErrorKind;
use std::net::TcpListener;
use std::time::{Duration, Instant};

const LABEL_OF_BAKU: &str = "SELECT ?label WHERE { wd:Q9248 rdfs:label ?label }";

#[test]
fn queries_are_answered_by_get_and_both_kinds_of_post_in_the_format_accepted() {
    let handler = wikidata();
    let answer = get(&handler, LABEL_OF_BAKU, "application/sparql-results+json");
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer
            .content_type
            .starts_with("application/sparql-results+json")
    );
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(json["results"]["bindings"][0]["label"]["value"], "Baku");

    let form = format!(
        "query={}",
        form_urlencoded::byte_serialize(LABEL_OF_BAKU.as_bytes()).collect::<String>()
    );
    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "text/csv"),
        ],
        form,
    );
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    assert_eq!(answer.body.replace('\r', ""), "label\nBaku\n");

    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[
            ("content-type", "application/sparql-query"),
            ("accept", "text/tab-separated-values"),
        ],
        LABEL_OF_BAKU,
    );
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "?label\n\"Baku\"@en\n");

    let answer = get(&handler, LABEL_OF_BAKU, "application/sparql-results+xml");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .body
            .contains("<literal xml:lang=\"en\">Baku</literal>"),
        "{}",
        answer.body
    );

    let construct =
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?s = wd:Q9248) }";
    let answer = get(&handler, construct, "application/n-triples");
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (StatusCode::OK, "application/n-triples")
    );
    assert_eq!(
        answer.body.trim(),
        "<http://www.wikidata.org/entity/Q9248> <http://www.w3.org/2000/01/rdf-schema#label> \"Baku\"@en ."
    );
}

#[test]
fn updates_bad_queries_unknown_formats_and_service_calls_are_refused_with_a_reason() {
    let handler = wikidata();
    let answer = get(&handler, "INSERT DATA { wd:Q1 rdfs:label \"x\" }", "*/*");
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("read-only"), "{}", answer.body);
    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-update")],
        "CLEAR ALL",
    );
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // Nothing was changed.
    let answer = get(
        &handler,
        "ASK { wd:Q1 ?p ?o }",
        "application/sparql-results+json",
    );
    assert!(answer.body.contains("false"), "{}", answer.body);

    let answer = get(&handler, "SELECT ?x WHERE { ?x ", "*/*");
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("invalid SPARQL"), "{}", answer.body);

    // A client that accepts no results format gets JSON (RFC 9110 lets a server ignore Accept).
    let answer = get(&handler, LABEL_OF_BAKU, "image/png");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .content_type
            .starts_with("application/sparql-results+json")
    );

    let service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
    let answer = get(&handler, service, "*/*");
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert!(
        answer.body.contains("--allow-federation"),
        "{}",
        answer.body
    );

    let answer = send(&handler, Method::GET, "/elsewhere", &[], "");
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[test]
fn a_bare_get_describes_the_service_and_large_bodies_and_long_results_are_bounded() {
    let handler = files(
        &[WIKIDATA],
        Settings {
            max_body_bytes: 100,
            max_rows: 3,
            query_timeout: Duration::from_secs(1),
            ..Settings::default()
        },
    );
    let answer = send(&handler, Method::GET, "/sparql", &[], "");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/turtle"));
    assert!(answer.body.contains("sd:SPARQL11Query"), "{}", answer.body);

    let long = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(200));
    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-query")],
        long,
    );
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);

    let answer = get(&handler, "SELECT * WHERE { ?s ?p ?o }", "*/*");
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("more than 3 rows"), "{}", answer.body);
    // Five unconstrained patterns over the fixture, each combination looked up again: far more
    // than a second of work. (The lookup matters: oxigraph checks for cancellation when it reads
    // the store, not while it joins rows it already holds.)
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o FILTER NOT EXISTS { ?a ?x ?m } }";
    let started = Instant::now();
    let answer = get(&handler, endless, "*/*");
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("longer than 1 s"), "{}", answer.body);
    assert!(started.elapsed() < Duration::from_secs(20));
    // The handler still answers.
    let answer = get(&handler, LABEL_OF_BAKU, "*/*");
    assert_eq!(answer.status, StatusCode::OK);
}

#[test]
fn a_query_that_is_not_utf8_is_refused_with_its_byte_position_by_get_and_post() {
    let handler = wikidata();
    let answer = send(
        &handler,
        Method::GET,
        "/sparql?query=ASK%20%7B%7D%ff",
        &[],
        "",
    );
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(
        answer.body.contains("not valid UTF-8: byte 6"),
        "{}",
        answer.body
    );
    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[("content-type", "application/x-www-form-urlencoded")],
        "query=ASK%20%7B%7D%ff",
    );
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body.contains("byte 6"), "{}", answer.body);
    let mut query = b"ASK {}".to_vec();
    query.push(0xff);
    let answer = send(
        &handler,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-query")],
        query,
    );
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(
        answer.body.contains("the query is not valid UTF-8: byte 6"),
        "{}",
        answer.body
    );
}

#[test]
fn service_calls_make_no_connection_unless_federation_is_allowed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let query =
        format!("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}");

    let closed = wikidata();
    let answer = get(&closed, &query, "*/*");
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY, "{}", answer.body);
    assert!(
        answer.body.contains("--allow-federation"),
        "{}",
        answer.body
    );
    // No wait is needed: the query has ended, and a connection it had made would already be in
    // the listener's queue (the kernel completes it before `connect` returns).
    let accepted = listener.accept();
    assert!(
        matches!(&accepted, Err(e) if e.kind() == ErrorKind::WouldBlock),
        "the refused SERVICE call still connected: {accepted:?}"
    );

    // The same listener does see the call of a handler that allows it: the check above can fail.
    let open = files(
        &[WIKIDATA],
        Settings {
            allow_federation: true,
            query_timeout: Duration::from_secs(2),
            ..Settings::default()
        },
    );
    let caller = std::thread::spawn(move || get(&open, &query, "*/*").status);
    let mut connection = None;
    wait_until(Duration::from_secs(10), || {
        connection = listener.accept().ok();
        connection.is_some()
    });
    assert!(connection.is_some(), "no SERVICE call arrived");
    drop(connection);
    assert_ne!(caller.join().unwrap(), StatusCode::OK);
}
