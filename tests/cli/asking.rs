//! How an analyst asks: entities by the names people use, the timeline kept to a period, a
//! document or an entity, and errors that say what to change.

use crate::common::Project;

const KHOJALY_MASSACRE: &str = "https://w3id.org/factgraph/karabakh/id/khojaly-massacre";

#[test]
fn an_entity_is_named_by_slug_iri_label_or_alias_and_an_unknown_one_gets_the_closest() {
    let project = Project::copy().built();
    let entities = |value: &str| {
        project
            .run(&["query", "sources", "--format", "json", "--param", value])
            .column("entity")
    };
    let by_iri = entities("entity=kb:khojaly-massacre");
    assert!(!by_iri.is_empty());
    assert!(by_iri.iter().all(|e| e == KHOJALY_MASSACRE), "{by_iri:?}");
    for named in [
        "entity=khojaly-massacre",
        "entity=Khojaly massacre",
        "entity=KHOJALY MASSACRE",
        &format!("entity=<{KHOJALY_MASSACRE}>"),
    ] {
        assert_eq!(entities(named), by_iri, "{named}");
    }
    // "Kocaeli", the translation's garbling, is an alias of Khojaly.
    let alias = entities("entity=Kocaeli");
    assert!(!alias.is_empty());
    assert!(
        alias.iter().all(|e| e.ends_with("/id/khojaly")),
        "{alias:?}"
    );

    for (misspelled, closest) in [
        (
            "entity=kb:khojaly-masacre",
            "kb:khojaly-massacre (Khojaly massacre)",
        ),
        (
            "entity=khojaly-masacre",
            "kb:khojaly-massacre (Khojaly massacre)",
        ),
        (
            "entity=Khojaly masacre",
            "kb:khojaly-massacre (Khojaly massacre)",
        ),
    ] {
        let err = project
            .run(&["query", "sources", "--param", misspelled])
            .failure();
        assert!(err.contains("the store has no such entity"), "{err}");
        assert!(err.contains(closest), "{misspelled}: {err}");
    }
    let err = project
        .run(&["query", "sources", "--param", "entity=kbb:baku"])
        .failure();
    assert!(
        err.contains("prefix `kbb:`, which is not declared"),
        "{err}"
    );
    assert!(err.contains("did you mean `kb`?"), "{err}");

    // A parameter that takes a string is left a string.
    let figures = project.run(&[
        "query",
        "figures",
        "--format",
        "json",
        "--param",
        "word=killed",
    ]);
    assert!(!figures.column("sentence").is_empty());
}

#[test]
fn disputes_about_an_entity_take_its_label_and_refuse_an_unknown_one() {
    let project = Project::copy().built();
    let about = |value: &str| {
        project
            .run(&["disputes", "--about", value, "--format", "json"])
            .column("s")
    };
    let by_slug = about("khojaly-massacre");
    assert!(!by_slug.is_empty());
    assert_eq!(about("Khojaly massacre"), by_slug);
    let err = project
        .run(&["disputes", "--about", "Khojaly masacre"])
        .failure();
    assert!(err.contains("--about `Khojaly masacre`"), "{err}");
    assert!(err.contains("kb:khojaly-massacre"), "{err}");
}

#[test]
fn the_timeline_is_kept_to_a_period_a_document_and_an_entity() {
    let project = Project::copy().built();
    let rows = |args: &[&str]| {
        let mut all = vec!["timeline", "--format", "json"];
        all.extend_from_slice(args);
        let json = project.run(&all).json();
        json["results"]["bindings"].as_array().unwrap().clone()
    };
    let value =
        |row: &serde_json::Value, name: &str| row[name]["value"].as_str().unwrap_or("").to_string();
    let everything = rows(&[]);
    let period = rows(&["--from", "1988-02", "--to", "1992"]);
    assert!(!period.is_empty() && period.len() < everything.len());
    // Each date overlaps the period at its own precision: "1988" holds February 1988.
    for row in &period {
        let date = value(row, "date");
        assert!(
            date.as_str() >= "1988" && date.as_str() < "1993" && date.as_str() != "1988-01",
            "{date}"
        );
    }
    assert!(period.iter().any(|r| value(r, "date") == "1988"));
    let expected = everything
        .iter()
        .filter(|r| {
            let date = value(r, "date");
            (date.as_str() >= "1988-02" || date == "1988") && date.as_str() < "1993"
        })
        .count();
    assert_eq!(period.len(), expected);

    let document = rows(&["--document", "003"]);
    assert!(!document.is_empty());
    assert!(
        document
            .iter()
            .all(|r| value(r, "document") == "003_898eee803d7ca7f3")
    );
    let entity = rows(&["--entity", "Khojaly massacre"]);
    assert!(!entity.is_empty());
    assert!(entity.iter().all(|r| value(r, "event") == KHOJALY_MASSACRE));
    let both = rows(&[
        "--entity",
        "khojaly-massacre",
        "--document",
        "003",
        "--to",
        "1992",
    ]);
    assert!(!both.is_empty() && both.len() < entity.len());

    let err = project.run(&["timeline", "--document", "00"]).failure();
    assert!(err.contains("more than one document starts so"), "{err}");
    assert!(err.contains("003_898eee803d7ca7f3"), "{err}");
    let err = project
        .run(&["timeline", "--from", "1994", "--to", "1993"])
        .failure();
    assert!(err.contains("--from 1994 is after --to 1993"), "{err}");
}

#[test]
fn a_query_error_names_the_undeclared_prefix_or_the_misspelled_keyword() {
    let project = Project::copy().built();
    let err = project
        .run(&["query", "SELECT * WHERE {\n  ?s foo:bar ?o }"])
        .failure();
    assert!(
        err.contains(":2:6: invalid SPARQL: prefix `foo:` is not declared"),
        "{err}"
    );
    assert!(err.contains("  |   ?s foo:bar ?o }\n  |      ^"), "{err}");
    assert!(err.contains("PREFIX foo: <…>"), "{err}");
    assert!(!err.contains("\\u{"), "character ranges: {err}");
    let err = project
        .run(&["query", "SELEC ?s WHERE { ?s ?p ?o }"])
        .failure();
    assert!(err.contains("`SELEC` is not a SPARQL keyword"), "{err}");
    assert!(err.contains("did you mean `SELECT`?"), "{err}");
}

/// A SERVICE that cannot be reached is reported once, not again as its own cause.
#[test]
fn an_unreachable_service_is_reported_once() {
    let project = Project::copy().built();
    let err = project
        .run(&[
            "query",
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "--service-map",
            "http://example.org/sparql=http://127.0.0.1:9/sparql",
        ])
        .failure();
    assert_eq!(err.matches("cannot be reached").count(), 1, "{err}");
    assert_eq!(err.matches("help:").count(), 1, "{err}");
}

#[test]
fn formats_are_offered_only_where_they_apply_and_named_as_written() {
    let project = Project::copy().built();
    let err = project.run(&["disputes", "--format", "turtle"]).failure();
    assert!(
        err.contains("[possible values: table, csv, tsv, json, xml]"),
        "{err}"
    );
    let err = project.run(&["export", "--format", "csv"]).failure();
    assert!(
        err.contains("[possible values: trig, nquads, jsonld, turtle, ntriples, rdfxml]"),
        "{err}"
    );
    let err = project
        .run(&[
            "query",
            "--format",
            "rdfxml",
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        ])
        .failure();
    assert!(err.contains("--format rdfxml is for graphs"), "{err}");
}

/// Three sizes a user meets, each saying what it counts.
#[test]
fn each_size_says_what_it_counts() {
    let project = Project::copy().built();
    let stats = project
        .run(&["stats", "--format", "table"])
        .success()
        .stdout();
    assert!(
        stats.contains("quads: each triple once per graph that holds it"),
        "{stats}"
    );
    let dataset = project.run(&["query", "dataset", "--format", "json"]);
    let counts = dataset.column("counts");
    assert!(
        counts.iter().any(|c| c.starts_with("distinct triples")),
        "{counts:?}"
    );
    let export = project
        .run(&["export", "--format", "turtle"])
        .success()
        .stderr();
    assert!(
        export.contains("triples: each once, the claims' triples reified"),
        "{export}"
    );
}
