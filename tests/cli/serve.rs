//! `factgraph serve` over real HTTP: the protocol, content negotiation, and what it refuses.

use crate::common::Server;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};

pub(crate) fn send(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, String, String) {
    let mut request = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response: Response<Body> = oxhttp::Client::new()
        .request(request.body(body.to_string()).unwrap())
        .expect("the server answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.into_body().to_string().unwrap(),
    )
}

/// A GET of `query` with `accept`: status, content type and body.
pub(crate) fn get(server: &Server, query: &str, accept: &str) -> (StatusCode, String, String) {
    let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    send(
        Method::GET,
        &format!("{}?query={encoded}", server.url()),
        &[(ACCEPT.as_str(), accept)],
        "",
    )
}

const LABEL_OF_BAKU: &str = "SELECT ?label WHERE { wd:Q9248 rdfs:label ?label }";

#[test]
fn queries_are_answered_by_get_and_both_kinds_of_post_in_the_format_accepted() {
    let server = Server::files(&["tests/fixtures/wikidata.ttl"], &[]);
    let (status, content_type, body) =
        get(&server, LABEL_OF_BAKU, "application/sparql-results+json");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(content_type.starts_with("application/sparql-results+json"));
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["results"]["bindings"][0]["label"]["value"], "Baku");

    let form = format!(
        "query={}",
        form_urlencoded::byte_serialize(LABEL_OF_BAKU.as_bytes()).collect::<String>()
    );
    let (status, content_type, body) = send(
        Method::POST,
        &server.url(),
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "text/csv"),
        ],
        &form,
    );
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    assert_eq!(body.replace('\r', ""), "label\nBaku\n");

    let (status, _, body) = send(
        Method::POST,
        &server.url(),
        &[
            ("content-type", "application/sparql-query"),
            ("accept", "text/tab-separated-values"),
        ],
        LABEL_OF_BAKU,
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "?label\n\"Baku\"@en\n");

    let (status, _, body) = get(&server, LABEL_OF_BAKU, "application/sparql-results+xml");
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<literal xml:lang=\"en\">Baku</literal>"),
        "{body}"
    );

    let construct =
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?s = wd:Q9248) }";
    let (status, content_type, body) = get(&server, construct, "application/n-triples");
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/n-triples")
    );
    assert_eq!(
        body.trim(),
        "<http://www.wikidata.org/entity/Q9248> <http://www.w3.org/2000/01/rdf-schema#label> \"Baku\"@en ."
    );
}

#[test]
fn updates_bad_queries_unknown_formats_and_service_calls_are_refused_with_a_reason() {
    let server = Server::files(&["tests/fixtures/wikidata.ttl"], &[]);
    let (status, _, body) = get(&server, "INSERT DATA { wd:Q1 rdfs:label \"x\" }", "*/*");
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("read-only"), "{body}");
    let (status, _, _) = send(
        Method::POST,
        &server.url(),
        &[("content-type", "application/sparql-update")],
        "CLEAR ALL",
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nothing was changed.
    let (_, _, body) = get(
        &server,
        "ASK { wd:Q1 ?p ?o }",
        "application/sparql-results+json",
    );
    assert!(body.contains("false"), "{body}");

    let (status, _, body) = get(&server, "SELECT ?x WHERE { ?x ", "*/*");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("invalid SPARQL"), "{body}");

    let (status, _, body) = get(&server, LABEL_OF_BAKU, "image/png");
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
    assert!(body.contains("application/sparql-results+json"), "{body}");

    let service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
    let (status, _, body) = get(&server, service, "*/*");
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.contains("--allow-federation"), "{body}");

    let (status, _, _) = send(
        Method::GET,
        &format!("http://127.0.0.1:{}/elsewhere", server.port),
        &[],
        "",
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn a_bare_get_describes_the_service_and_large_bodies_and_long_results_are_bounded() {
    let server = Server::files(
        &["tests/fixtures/wikidata.ttl"],
        &[
            "--max-body-bytes",
            "100",
            "--max-rows",
            "3",
            "--timeout",
            "1",
        ],
    );
    let (status, content_type, body) = send(Method::GET, &server.url(), &[], "");
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/turtle"));
    assert!(body.contains("sd:SPARQL11Query"), "{body}");

    let long = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(200));
    let (status, _, _) = send(
        Method::POST,
        &server.url(),
        &[("content-type", "application/sparql-query")],
        &long,
    );
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let (status, _, body) = get(&server, "SELECT * WHERE { ?s ?p ?o }", "*/*");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("more than 3 rows"), "{body}");
    // Five unconstrained patterns over the fixture, each combination looked up again: far more
    // than a second of work. (The lookup matters: oxigraph checks for cancellation when it reads
    // the store, not while it joins rows it already holds.)
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o FILTER NOT EXISTS { ?a ?x ?m } }";
    let started = std::time::Instant::now();
    let (status, _, body) = get(&server, endless, "*/*");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("longer than 1 s"), "{body}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // The server still answers.
    let (status, _, _) = get(&server, LABEL_OF_BAKU, "*/*");
    assert_eq!(status, StatusCode::OK);
}
