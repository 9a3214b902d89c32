//! Deeply nested input is refused with its place, before any parser recurses into it: the
//! process never aborts on a stack overflow (issue 22, item 1), and an unknown prefix in a
//! `--param` is named (issue 22, weak spots).

use crate::common::{Local, Project};
use oxhttp::model::Method;
use oxhttp::model::StatusCode;
use std::os::unix::process::ExitStatusExt;

/// 900 nested groups, 1,000 parentheses, 600 nested `STR()` calls: each aborted the process.
fn deep_queries() -> Vec<String> {
    vec![
        format!("SELECT * WHERE {}{}", "{ ".repeat(900), "} ".repeat(900)),
        format!(
            "SELECT * WHERE {{ FILTER({}1{}) }}",
            "(".repeat(1000),
            ")".repeat(1000)
        ),
        format!(
            "SELECT * WHERE {{ BIND({}1{} AS ?x) }}",
            "STR(".repeat(600),
            ")".repeat(600)
        ),
        format!(
            "SELECT * WHERE {{ ?s <http://e/p> {} ?o {} }}",
            "[ <http://e/p> ".repeat(3000),
            "] ".repeat(3000)
        ),
    ]
}

#[test]
fn deep_queries_get_400_and_the_server_still_answers() {
    // The handler in process: what is tested is its answer, not a connection.
    let server = Local::files(&["tests/fixtures/wikidata.ttl"]);
    for query in deep_queries() {
        let (status, _, body) = if query.len() < 8000 {
            server.get(&query, "application/sparql-results+json")
        } else {
            let headers = [("content-type", "application/sparql-query")];
            server.send(Method::POST, "/sparql", &headers, &query)
        };
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            body.contains("query:1:") && body.contains("more than 64 deep"),
            "{body}"
        );
        assert!(body.contains("help:"), "{body}");
        let (status, _, body) = server.get(
            "SELECT ?label WHERE { wd:Q9248 rdfs:label ?label }",
            "application/sparql-results+json",
        );
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("Baku"), "{body}");
    }
}

#[test]
fn deep_queries_deep_shapes_and_unknown_prefixes_fail_with_a_message_not_a_signal() {
    let project = Project::copy().built();
    let before = project.dump_digest();
    for query in deep_queries() {
        let run = project.run(&["query", "--no-build", &query]);
        assert_eq!(run.0.status.signal(), None, "killed by a signal");
        assert_eq!(run.0.status.code(), Some(1));
        let err = run.stderr();
        assert!(
            err.contains("<query argument>:1:") && err.contains("more than 64 deep"),
            "{err}"
        );
    }

    let err = project
        .run(&[
            "query",
            "--no-build",
            "timeline",
            "--param",
            "entity=kbb:baku",
        ])
        .failure();
    assert!(err.contains("`kbb:`") && err.contains("kb:"), "{err}");

    // `sh:or` in `sh:or` 20,000 deep: Turtle lists in lists.
    let shapes = project.read("ontology/shapes.ttl");
    let deep = format!(
        "{shapes}\nfg:DeepShape a sh:NodeShape ; sh:targetClass fg:Claim ;\n  {} sh:datatype xsd:string {} .\n",
        "sh:or ( [ ".repeat(20_000),
        "] ) ".repeat(20_000)
    );
    project.write("ontology/shapes.ttl", &deep);
    let run = project.run(&["build"]);
    assert_eq!(run.0.status.signal(), None, "killed by a signal");
    assert_eq!(run.0.status.code(), Some(1), "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("shapes.ttl:") && err.contains("nest more than 32 deep"),
        "{err}"
    );
    assert_eq!(project.dump_digest(), before);
}

#[test]
fn a_query_past_the_cost_bounds_gets_400_without_being_planned() {
    // The handler in process: what is tested is its answer, not a connection.
    let server = Local::files(&["tests/fixtures/wikidata.ttl"]);
    // 200 joined groups would take many seconds to plan; 3,000 terms summed nest 3,000 deep.
    for (query, expected) in [
        (
            format!("SELECT * WHERE {{ {} }}", "{ ?s ?p ?o } ".repeat(200)),
            "more than 64 group patterns",
        ),
        (
            format!("SELECT * WHERE {{ BIND(1{} AS ?x) }}", "+1".repeat(3000)),
            "more than 1024 operators",
        ),
    ] {
        let headers = [("content-type", "application/sparql-query")];
        let (status, _, body) = server.send(Method::POST, "/sparql", &headers, &query);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains(expected) && body.contains("help:"), "{body}");
    }
}
