//! The pipeline on the bundled corpus: build, canned queries with answers taken from the
//! documents, exports, and provenance.

use crate::common::Project;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, Quad};
use std::collections::HashSet;

fn query(project: &Project, args: &[&str]) -> crate::common::Run {
    let mut all = vec!["query", "--format", "json"];
    all.extend_from_slice(args);
    project.run(&all)
}

#[test]
fn build_reports_what_it_made() {
    let project = Project::copy();
    let run = project.run(&["build"]);
    run.success();
    let stderr = run.stderr();
    assert!(stderr.contains("5 documents"), "{stderr}");
    assert!(project.snapshot().is_some());
}

/// `documents` and `unlinked` read the counts the build writes instead of counting: each must be
/// the number of claims or mentions in the store, and every registry entity must have one.
#[test]
fn the_counts_the_build_writes_are_those_of_the_store() {
    let project = Project::copy().built();
    let compare = |query_text: &str| -> Vec<(String, u64, u64)> {
        query(&project, &[query_text]).json()["results"]["bindings"]
            .as_array()
            .expect("bindings")
            .iter()
            .map(|row| {
                let number = |name: &str| row[name]["value"].as_str().unwrap().parse().unwrap();
                let node = row["node"]["value"].as_str().unwrap().to_string();
                (node, number("stored"), number("counted"))
            })
            .collect()
    };
    let documents = compare(
        "SELECT ?node ?stored (COUNT(DISTINCT ?claim) AS ?counted) WHERE { \
           ?node a fg:Document ; fg:claimCount ?stored . OPTIONAL { ?claim fg:statedIn ?node } \
         } GROUP BY ?node ?stored",
    );
    assert_eq!(documents.len(), 5, "{documents:?}");
    assert!(
        documents
            .iter()
            .all(|(_, stored, counted)| stored == counted),
        "{documents:?}"
    );
    assert!(
        documents.iter().all(|&(_, _, counted)| counted > 0),
        "{documents:?}"
    );

    let entities = compare(
        "SELECT ?node ?stored (COUNT(DISTINCT ?mention) AS ?counted) WHERE { \
           ?node fg:mentionCount ?stored . OPTIONAL { ?mention fg:mentionOf ?node } \
         } GROUP BY ?node ?stored",
    );
    assert!(
        entities
            .iter()
            .all(|(_, stored, counted)| stored == counted),
        "{entities:?}"
    );
    let khojaly = entities
        .iter()
        .find(|(node, _, _)| node.ends_with("/id/khojaly"))
        .expect("Khojaly has a mention count");
    assert!(khojaly.2 > 0, "{khojaly:?}");
    let every_mention = query(
        &project,
        &["SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?mention ?entity WHERE { ?mention fg:mentionOf ?entity } }"],
    )
    .column("n");
    let stored: u64 = entities.iter().map(|&(_, stored, _)| stored).sum();
    assert_eq!(every_mention, vec![stored.to_string()]);
    let uncounted = query(
        &project,
        &[
            "SELECT ?entity WHERE { ?entity rdfs:label ?label ; a ?class \
             FILTER(STRSTARTS(STR(?entity), \"https://w3id.org/factgraph/karabakh/id/\")) \
             FILTER NOT EXISTS { ?entity fg:mentionCount ?count } }",
        ],
    )
    .column("entity");
    assert!(uncounted.is_empty(), "{uncounted:?}");
}

#[test]
fn canned_queries_answer_from_the_documents() {
    let project = Project::copy().built();

    let documents = query(&project, &["documents"]).column("document");
    assert_eq!(documents.len(), 5);
    assert!(documents.contains(&"003_898eee803d7ca7f3".to_string()));

    // 003 states 613 killed at Khojaly; 004 states about 200, and 613 from Azerbaijani sources.
    let casualties = query(
        &project,
        &["casualties", "--param", "event=kb:khojaly-massacre"],
    )
    .json();
    let rows = casualties["results"]["bindings"]
        .as_array()
        .unwrap()
        .clone();
    let figure = |doc: &str, value: &str| {
        rows.iter().any(|r| {
            r["document"]["value"] == doc
                && r["value"]["value"] == value
                && r["measure"]["value"] == "killed"
        })
    };
    assert!(figure("003_898eee803d7ca7f3", "613"), "{rows:#?}");
    assert!(figure("004_ab05866d2733586f", "200"), "{rows:#?}");

    let timeline = query(&project, &["timeline"]).json();
    let dated = timeline["results"]["bindings"].as_array().unwrap();
    assert!(
        dated.iter().any(
            |r| r["label"]["value"] == "Khojaly massacre" && r["date"]["value"] == "1992-02-26"
        )
    );
    // An event dated only by the time its figure refers to (fg:asOf) is on the timeline too.
    assert!(
        dated.iter().any(|r| r["event"]["value"]
            .as_str()
            .unwrap()
            .ends_with("/flight-of-karabakh-armenians")
            && r["date"]["value"] == "2023-09-30"
            && r["property"]["value"] == "asOf"),
        "no fg:asOf date on the timeline"
    );
    let dates: Vec<&str> = dated
        .iter()
        .map(|r| r["date"]["value"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "timeline is in date order"
    );

    let sources = query(
        &project,
        &["sources", "--param", "entity=kb:khojaly-massacre"],
    )
    .column("document");
    assert!(sources.contains(&"003_898eee803d7ca7f3".to_string()));
    assert!(sources.contains(&"004_ab05866d2733586f".to_string()));

    // "Kocaeli" is how the translation of 004 spells Khojaly.
    let aliases = query(&project, &["aliases", "--param", "entity=kb:khojaly"]).json();
    let kocaeli = aliases["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["alias"]["value"] == "Kocaeli")
        .expect("Kocaeli is an alias of Khojaly")
        .clone();
    assert!(
        kocaeli["usedIn"]["value"]
            .as_str()
            .unwrap()
            .contains("004_ab05866d2733586f")
    );

    let links = query(
        &project,
        &["external-links", "--param", "entity=kb:azerbaijan"],
    )
    .column("wikidata");
    assert_eq!(links, ["http://www.wikidata.org/entity/Q227"]);

    let disputes = query(&project, &["disputes"]).json();
    let disputed: Vec<(String, String)> = disputes["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["subject"]["value"].as_str().unwrap().to_string(),
                r["property"]["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        disputed.contains(&("Khojaly massacre".into(), "killed".into())),
        "{disputed:?}"
    );
    assert!(
        disputed.contains(&(
            "2020 Nagorno-Karabakh ceasefire agreement".into(),
            "date".into()
        )),
        "{disputed:?}"
    );
}

#[test]
fn claims_of_a_document_are_exactly_its_facts_file() {
    let project = Project::copy().built();
    let facts = project.read("data/facts/003_898eee803d7ca7f3.toml");
    let written = facts.matches("[[claim]]").count();
    let run = query(
        &project,
        &["claims", "--param", "document=003_898eee803d7ca7f3"],
    );
    let claims: HashSet<String> = run.column("claim").into_iter().collect();
    assert_eq!(claims.len(), written);
    assert!(
        claims
            .iter()
            .all(|c| c.starts_with("https://w3id.org/factgraph/karabakh/claim/003-"))
    );
}

#[test]
fn every_quote_is_the_document_text_at_its_offsets() {
    let project = Project::copy().built();
    let run = query(
        &project,
        &[
            "SELECT ?doc ?quote ?start ?end WHERE { ?c a fg:Claim ; fg:statedIn/dcterms:identifier ?doc ; fg:quote ?quote ; fg:start ?start ; fg:end ?end }",
        ],
    );
    let rows = run.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .clone();
    assert!(rows.len() > 500, "{} claims", rows.len());
    for row in rows {
        let doc = row["doc"]["value"].as_str().unwrap();
        let text = project.read(&format!("seeds/{doc}.txt"));
        let start: usize = row["start"]["value"].as_str().unwrap().parse().unwrap();
        let end: usize = row["end"]["value"].as_str().unwrap().parse().unwrap();
        let at_offsets: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(
            at_offsets,
            row["quote"]["value"].as_str().unwrap(),
            "{doc} [{start}, {end})"
        );
    }
}

fn parse(format: RdfFormat, bytes: &[u8]) -> HashSet<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("valid RDF")
}

#[test]
fn exported_trig_reimports_to_the_same_dataset() {
    let project = Project::copy().built();
    let run = project.run(&["export", "--format", "trig"]);
    run.success();
    // The snapshot is the store's own content. The ontology has blank nodes (an owl:unionOf
    // list), so the two are compared after canonical relabelling of blank nodes: isomorphism.
    let canonical = |format, bytes: &[u8]| {
        let mut dataset: Dataset = parse(format, bytes).into_iter().collect();
        dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
        dataset
    };
    let exported = canonical(RdfFormat::TriG, &run.0.stdout);
    let snapshot = canonical(RdfFormat::NQuads, &project.snapshot().unwrap());
    assert!(exported.len() > 20_000);
    assert_eq!(exported.len(), snapshot.len());
    assert!(exported == snapshot, "TriG export differs from the store");
}

/// A triple syntax has no graphs: by default a claim's triple is written reified only, so a
/// triple store that loads the file reads that a document says it, not that it is so; --bare
/// asserts every side.
#[test]
fn a_turtle_export_reifies_the_claims_and_asserts_them_only_when_bare() {
    let project = Project::copy().built();
    let killed = "https://w3id.org/factgraph/ontology#killed";
    let massacre = "https://w3id.org/factgraph/karabakh/id/khojaly-massacre";
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "--format", "turtle"];
        args.extend_from_slice(extra);
        let run = project.run(&args);
        run.success();
        parse(RdfFormat::Turtle, &run.0.stdout)
    };
    let asserted = |quads: &HashSet<Quad>| {
        quads
            .iter()
            .filter(|q| {
                q.predicate.as_str() == killed && q.subject.to_string() == format!("<{massacre}>")
            })
            .count()
    };
    let reified = |quads: &HashSet<Quad>| {
        quads
            .iter()
            .filter(|q| {
                q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
                    && q.object.to_string() == format!("<{killed}>")
            })
            .count()
    };
    let default = export(&[]);
    assert_eq!(asserted(&default), 0, "the figures of a dispute asserted");
    assert!(reified(&default) > 5);
    let bare = export(&["--bare"]);
    assert!(asserted(&bare) >= 3, "the disputed figures, each asserted");
    assert_eq!(reified(&bare), 0);
    let both = export(&["--provenance"]);
    assert_eq!(asserted(&both), asserted(&bare));
    assert_eq!(reified(&both), reified(&default));
}

#[test]
fn turtle_with_provenance_keeps_who_said_what() {
    let project = Project::copy().built();
    let out = project.path("khojaly.ttl");
    project
        .run(&[
            "export",
            "--provenance",
            "--document",
            "003_898eee803d7ca7f3",
            "-o",
            out.to_str().unwrap(),
        ])
        .success();
    let turtle = std::fs::read_to_string(&out).unwrap();
    assert!(
        turtle.contains("@prefix fg: <https://w3id.org/factgraph/ontology#> ."),
        "the ontology's prefixes"
    );
    assert!(turtle.contains("@prefix kb: <https://w3id.org/factgraph/karabakh/id/> ."));
    let triples = parse(RdfFormat::Turtle, turtle.as_bytes());
    let has = |p: &str, o: &str| {
        triples
            .iter()
            .any(|q| q.predicate.as_str() == p && q.object.to_string() == o)
    };
    assert!(has(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"
    ));
    assert!(has(
        "https://w3id.org/factgraph/ontology#statedIn",
        "<https://w3id.org/factgraph/karabakh/doc/003_898eee803d7ca7f3>"
    ));
    // only this document
    assert!(!has(
        "https://w3id.org/factgraph/ontology#statedIn",
        "<https://w3id.org/factgraph/karabakh/doc/004_ab05866d2733586f>"
    ));
    // every reified statement points to a claim of 003
    let in_claim: Vec<String> = triples
        .iter()
        .filter(|q| q.predicate.as_str() == "https://w3id.org/factgraph/ontology#inClaim")
        .map(|q| q.object.to_string())
        .collect();
    assert!(!in_claim.is_empty());
    assert!(
        in_claim
            .iter()
            .all(|c| c.starts_with("<https://w3id.org/factgraph/karabakh/claim/003-"))
    );
}

#[test]
fn query_rebuilds_when_an_input_changes() {
    let project = Project::copy().built();
    let before = project.snapshot().unwrap();
    let facts = project.read("data/facts/003_898eee803d7ca7f3.toml");
    project.write(
        "data/facts/003_898eee803d7ca7f3.toml",
        &format!("{facts}\n[[claim]]\nid = \"test-added\"\nquote = \"Fair Observer\"\noccurrence = 1\nsubject = \"khojaly-massacre\"\nwounded = 42\n"),
    );
    let values = query(
        &project,
        &["SELECT ?n WHERE { kb:khojaly-massacre fg:wounded ?n }"],
    )
    .column("n");
    assert_eq!(values, ["42"]);
    assert_ne!(project.snapshot().unwrap(), before);
}

#[test]
fn every_output_format_is_well_formed() {
    let project = Project::copy().built();
    let select = "SELECT ?l WHERE { kb:baku rdfs:label ?l }";
    assert!(
        project
            .run(&["query", "--format", "csv", select])
            .stdout()
            .starts_with("l\r\nBaku")
    );
    assert!(
        project
            .run(&["query", "--format", "tsv", select])
            .stdout()
            .starts_with("?l\n\"Baku\"@en")
    );
    assert!(
        project
            .run(&["query", "--format", "xml", select])
            .stdout()
            .contains("<literal xml:lang=\"en\">Baku</literal>")
    );
    assert!(
        project
            .run(&["query", "--format", "table", select])
            .stdout()
            .lines()
            .any(|line| line == "Baku")
    );
    let construct = "CONSTRUCT { kb:baku rdfs:label ?l } WHERE { kb:baku rdfs:label ?l }";
    for (format, syntax) in [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
        ("rdfxml", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let run = project.run(&["query", "--format", format, construct]);
        run.success();
        assert_eq!(parse(syntax, &run.0.stdout).len(), 1, "{format}");
    }
    assert_eq!(
        project
            .run(&[
                "query",
                "--format",
                "json",
                "ASK { kb:baku a fg:Settlement }"
            ])
            .json()["boolean"],
        true
    );
}

#[test]
fn queries_come_from_a_file_or_standard_input_too() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let project = Project::copy().built();
    let select = "SELECT ?l WHERE { kb:khojaly rdfs:label ?l }";
    let file = project.path("q.rq");
    std::fs::write(&file, select).unwrap();
    assert_eq!(
        project
            .run(&["query", "--format", "json", "-f", file.to_str().unwrap()])
            .column("l"),
        ["Khojaly"]
    );
    assert_eq!(
        project
            .run(&["query", "--format", "json", file.to_str().unwrap()])
            .column("l"),
        ["Khojaly"]
    );
    let mut child = Command::new(crate::common::BIN)
        .args([
            "--root",
            project.root.to_str().unwrap(),
            "query",
            "--format",
            "csv",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(select.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "l\r\nKhojaly\r\n"
    );
}

#[test]
fn stats_count_each_document() {
    let project = Project::copy().built();
    let run = project.run(&["stats", "--format", "csv"]);
    run.success();
    let out = run.stdout();
    let written = project
        .read("data/facts/002_6b91f0ad599db617.toml")
        .matches("[[claim]]")
        .count();
    let row = out
        .lines()
        .find(|l| l.starts_with("002_6b91f0ad599db617,"))
        .expect("a row for 002");
    assert_eq!(row.split(',').nth(1).unwrap(), written.to_string(), "{out}");
    assert!(
        out.contains("documents,entities,claims,mentions,quads"),
        "{out}"
    );
}

#[test]
fn canned_queries_are_listed_with_what_they_answer() {
    let project = Project::copy();
    let out = project.run(&["queries"]).stdout();
    for name in [
        "timeline",
        "claims",
        "sources",
        "disputes",
        "casualties",
        "aliases",
        "documents",
        "external-links",
    ] {
        assert!(
            out.lines().any(|l| l == name),
            "{name} missing from:\n{out}"
        );
    }
    assert!(out.contains("Usage: factgraph query sources --param entity=kb:khojaly-massacre"));
}

#[test]
fn stats_count_every_quad_once() {
    let project = Project::copy().built();
    let out = project.run(&["stats", "--format", "csv"]).stdout();
    let totals = out.lines().last().unwrap();
    let quads: usize = totals.rsplit(',').next().unwrap().trim().parse().unwrap();
    let snapshot_lines = String::from_utf8(project.snapshot().unwrap())
        .unwrap()
        .lines()
        .count();
    assert_eq!(
        quads,
        snapshot_lines - 1,
        "the snapshot has one header line"
    );
}

#[test]
fn explain_prints_the_plan_with_the_rows_of_each_step() {
    let project = Project::copy().built();
    let mut plain = query(&project, &["casualties"]).column("quote");
    let run = query(&project, &["casualties", "--explain"]);
    // The results are those of the query without --explain (rows that tie in its ORDER BY may
    // come in another order); the plan goes to standard error.
    let mut explained = run.column("quote");
    plain.sort();
    explained.sort();
    assert_eq!(explained, plain);
    let stderr = run.stderr();
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("query plan"));
    assert!(lines.next().is_some(), "no plan in {stderr}");
    let header = lines.next().unwrap();
    assert!(
        header.contains("rows") && header.ends_with("step"),
        "{header}"
    );
    // The first step is the projection: its rows are the answer's rows.
    let root = lines.next().unwrap();
    let rows: usize = root
        .split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert_eq!(rows, plain.len(), "{root}");
    assert!(
        root.trim_end().ends_with(')') && root.contains("Project("),
        "{root}"
    );
    assert!(
        lines.any(|l| l.contains("QuadPattern(") && l.contains("factgraph/ontology#quote>")),
        "{stderr}"
    );
    let refused = project
        .run(&[
            "query",
            "casualties",
            "--explain",
            "--endpoint",
            "http://127.0.0.1:9/sparql",
        ])
        .failure();
    assert!(
        refused.contains("--explain") && refused.contains("--endpoint"),
        "{refused}"
    );
}
