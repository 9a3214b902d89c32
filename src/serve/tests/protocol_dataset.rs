//! `/sparql` as SPARQL clients use it: the dataset a request names (`default-graph-uri`,
//! `named-graph-uri`, Protocol §2.1.4) by GET, form POST and direct POST; relative IRIs; HEAD;
//! `Vary`; 405 with `Allow` on read-only resources; a graph for a client that lists only
//! results formats; and a service description that says what the default graph is.

use super::{Answer, get, page, send};
use crate::serve::{Handler, Settings};
use oxhttp::model::{Method, StatusCode};
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::Store;

const G1: &str = "http://example.org/g1";
const G2: &str = "http://example.org/g2";

/// Two graphs, each with one triple, and one triple in both.
fn two_graphs() -> Handler {
    let store = Store::new().unwrap();
    let node = |iri: &str| NamedNode::new(iri).unwrap();
    for (graph, subject) in [(G1, "http://example.org/a"), (G2, "http://example.org/b")] {
        for s in [subject, "http://example.org/shared"] {
            store
                .insert(&Quad::new(
                    node(s),
                    node("http://example.org/p"),
                    node("http://example.org/o"),
                    GraphName::NamedNode(node(graph)),
                ))
                .unwrap();
        }
    }
    Handler::for_store(store, Settings::default())
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
const NAMED: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

fn count(answer: &Answer) -> u64 {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const JSON: &str = "application/sparql-results+json";

#[test]
fn the_request_names_the_default_and_named_graphs_by_get_form_post_and_direct_post() {
    let handler = two_graphs();
    // Without a dataset: the union of the graphs, a triple in both counted twice.
    assert_eq!(count(&get(&handler, COUNT, JSON)), 4);
    let by_get = |query: &str, dataset: &str| {
        page(
            &handler,
            &format!("/sparql?query={}&{dataset}", encoded(query)),
            JSON,
        )
    };
    let g1 = format!("default-graph-uri={}", encoded(G1));
    assert_eq!(count(&by_get(COUNT, &g1)), 2);
    let both = format!("{g1}&default-graph-uri={}", encoded(G2));
    assert_eq!(count(&by_get(COUNT, &both)), 4);
    // Named graphs alone: an empty default graph, and only those named graphs.
    let named = format!("named-graph-uri={}", encoded(G2));
    assert_eq!(count(&by_get(COUNT, &named)), 0);
    assert_eq!(count(&by_get(NAMED, &named)), 2);
    // Default graphs alone: no named graph.
    assert_eq!(count(&by_get(NAMED, &g1)), 0);

    let form = send(
        &handler,
        Method::POST,
        "/sparql",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", JSON),
        ],
        format!("query={}&{g1}", encoded(COUNT)),
    );
    assert_eq!(count(&form), 2);
    // The W3C tests put the dataset of a form POST in the URL too.
    let form_url = send(
        &handler,
        Method::POST,
        &format!("/sparql?{g1}"),
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", JSON),
        ],
        format!("query={}", encoded(COUNT)),
    );
    assert_eq!(count(&form_url), 2);
    let direct = send(
        &handler,
        Method::POST,
        &format!("/sparql?{named}"),
        &[
            ("content-type", "application/sparql-query"),
            ("accept", JSON),
        ],
        NAMED,
    );
    assert_eq!(count(&direct), 2);

    let bad = by_get(COUNT, "default-graph-uri=not%20an%20iri");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("default-graph-uri"), "{}", bad.body);
}

#[test]
fn relative_iris_resolve_against_the_endpoint() {
    let handler = two_graphs();
    let answer = send(
        &handler,
        Method::GET,
        &format!(
            "/sparql?query={}",
            encoded("CONSTRUCT { <s> <p> 1 } WHERE {}")
        ),
        &[
            ("host", "example.org:7878"),
            ("accept", "application/n-triples"),
        ],
        "",
    );
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("<http://example.org:7878/s> <http://example.org:7878/p>"),
        "{}",
        answer.body
    );
}

#[test]
fn an_empty_query_is_a_bad_request() {
    let handler = two_graphs();
    for query in ["", "  \n"] {
        let answer = page(&handler, &format!("/sparql?query={}", encoded(query)), JSON);
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
        assert!(
            answer.body.contains("the query is empty"),
            "{}",
            answer.body
        );
    }
}

#[test]
fn head_vary_and_method_not_allowed() {
    let handler = two_graphs();
    let target = format!("/sparql?query={}", encoded(COUNT));
    let head = send(&handler, Method::HEAD, &target, &[("accept", JSON)], "");
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.content_type.starts_with(JSON), "{}", head.content_type);
    assert_eq!(head.header("vary"), "Accept");
    let store = send(&handler, Method::HEAD, "/store?default", &[], "");
    assert_eq!(store.status, StatusCode::OK, "{}", store.body);
    assert_eq!(store.header("vary"), "Accept");

    for method in [Method::PUT, Method::POST, Method::DELETE] {
        let answer = send(&handler, method.clone(), "/store?default", &[], "x");
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(answer.header("allow"), "GET, HEAD, OPTIONS", "{method}");
    }
    let answer = send(&handler, Method::PUT, "/sparql", &[], "x");
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.header("allow"), "GET, HEAD, POST, OPTIONS");
}

/// rdflib's `SPARQLStore(returnFormat="json")` sends a CONSTRUCT with an Accept that lists
/// only results formats: it gets the graph, in Turtle.
#[test]
fn a_graph_for_a_client_that_lists_only_results_formats_comes_as_turtle() {
    let handler = two_graphs();
    let answer = get(
        &handler,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "application/sparql-results+json",
    );
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.content_type.starts_with("text/turtle"));
    assert!(
        answer.body.contains("<http://example.org/shared>"),
        "{}",
        answer.body
    );
}

#[test]
fn the_service_description_says_the_default_graph_is_a_multiset_union() {
    let handler = two_graphs();
    let answer = send(
        &handler,
        Method::GET,
        "/sparql",
        &[("host", "example.org")],
        "",
    );
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .body
            .contains("<http://example.org/sparql> a sd:Service"),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("sd:feature fg:MultisetUnionDefaultGraph"),
        "{}",
        answer.body
    );
    assert!(
        !answer.body.contains("sd:UnionDefaultGraph"),
        "{}",
        answer.body
    );
}
