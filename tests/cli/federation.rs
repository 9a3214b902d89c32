//! SERVICE calls from `factgraph query`, redirected by --service-map to real servers on the
//! loopback: our own `serve` with a Wikidata-shaped fixture, and stand-ins that misbehave.

use crate::common::{Project, Server, answer, free_port, stand_in};
use std::time::Duration;

const WIKIDATA: &str = "https://query.wikidata.org/sparql";

fn redirect_to(url: &str) -> String {
    format!("{WIKIDATA}={url}")
}

#[test]
fn enrichment_queries_join_our_links_with_the_endpoint_the_map_names() {
    let wikidata = Server::files(&["tests/fixtures/wikidata.ttl"], &[]);
    let project = Project::copy();
    let run = project.run(&[
        "query",
        "enrich-places",
        "--format",
        "json",
        "--service-map",
        &redirect_to(&wikidata.url()),
    ]);
    let json = run.success().json();
    let rows = json["results"]["bindings"].as_array().unwrap();
    // Baku is linked to Q9248 in the registry; Shusha is in the fixture but not linked.
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["label"]["value"], "Baku");
    assert_eq!(
        rows[0]["item"]["value"],
        "http://www.wikidata.org/entity/Q9248"
    );
    assert_eq!(rows[0]["coordinates"]["value"], "Point(49.8671 40.3953)");
    assert_eq!(rows[0]["population"]["value"], "2300500");
}

#[test]
fn endpoint_failures_end_the_query_with_what_the_endpoint_did() {
    let project = Project::copy();
    let query = format!("SELECT * WHERE {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}");
    let run_against = |url: &str| {
        project
            .run(&[
                "query",
                "--service-timeout",
                "2",
                "--service-map",
                &redirect_to(url),
                &query,
            ])
            .failure()
    };

    let closed = format!("http://127.0.0.1:{}/sparql", free_port());
    let message = run_against(&closed);
    assert!(message.contains("refused the connection"), "{message}");

    let (_server, url) = stand_in(|| answer(429, "text/plain", "slow down"));
    let message = run_against(&url);
    assert!(message.contains("429"), "{message}");
    assert!(message.contains("--delay"), "{message}");

    let (_server, url) = stand_in(|| answer(500, "text/plain", "the database is on fire"));
    let message = run_against(&url);
    assert!(
        message.contains("500") && message.contains("on fire"),
        "{message}"
    );

    let (_server, url) = stand_in(|| {
        answer(
            200,
            "application/sparql-results+json",
            "{\"head\": {\"vars\": [\"s\"]}, \"results\": {\"bindings\": [{\"s\": ",
        )
    });
    let message = run_against(&url);
    assert!(
        message.contains("not a valid SPARQL results document"),
        "{message}"
    );

    let (_server, url) = stand_in(|| answer(200, "text/html", "<html>a login page</html>"));
    let message = run_against(&url);
    assert!(message.contains("text/html"), "{message}");

    let (_server, url) = stand_in(|| {
        // Not a wait: an endpoint slower than the 2 s timeout, the behaviour under test.
        std::thread::sleep(Duration::from_secs(5));
        answer(200, "application/sparql-results+json", "{}")
    });
    let message = run_against(&url);
    assert!(message.contains("did not answer within 2 s"), "{message}");
}
