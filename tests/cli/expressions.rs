//! Dates and figures as graph data: every temporal and quantity expression the rules find is a
//! node of the graph, with its document, offsets and value, checked against the stored text.

use crate::common::Project;
use std::fs;

const ARTICLE: &str = "Ünder the pact of 8 May 1992, the town fell. About 200 civilians were killed there, \
    a report said.\nBetween 1,000 and 1,500 people fled in March 1993.\n";

/// The project with `ARTICLE` added as `005_new` (nobody curated it) and built.
fn with_article() -> Project {
    let project = Project::copy();
    let article = project.path("new.txt");
    fs::write(&article, ARTICLE).unwrap();
    project
        .run(&[
            "add",
            &article.to_string_lossy(),
            "--id",
            "005_new",
            "--title",
            "A new article",
            "--language",
            "en",
        ])
        .success();
    project
}

/// The character offsets of `needle` in `ARTICLE`.
fn offsets(needle: &str) -> (String, String) {
    let byte = ARTICLE.find(needle).expect("in the article");
    let start = ARTICLE[..byte].chars().count();
    (
        start.to_string(),
        (start + needle.chars().count()).to_string(),
    )
}

#[test]
fn an_uncurated_document_gets_its_dates_and_figures_as_nodes() {
    let project = with_article();
    let query = "SELECT ?text ?start ?end ?value ?rule WHERE { \
        ?e a fg:TemporalExpression ; fg:inDocument doc:005_new ; fg:text ?text ; fg:start ?start ; \
        fg:end ?end ; fg:date ?value ; fg:method ?rule } ORDER BY ?start";
    let run = project.run(&["query", "--format", "json", query]);
    assert_eq!(run.column("text"), ["8 May 1992", "March 1993"]);
    assert_eq!(run.column("value"), ["1992-05-08", "1993-03"]);
    let (start, end) = offsets("8 May 1992");
    assert_eq!(run.column("start")[0], start);
    assert_eq!(run.column("end")[0], end);
    assert!(run.column("rule").iter().all(|r| r.starts_with("rule:")));
    let datatype = "SELECT ?d WHERE { ?e a fg:TemporalExpression ; fg:inDocument doc:005_new ; \
        fg:date ?v BIND(STR(DATATYPE(?v)) AS ?d) } ORDER BY ?d";
    assert_eq!(
        project
            .run(&["query", "--format", "json", datatype])
            .column("d"),
        [
            "http://www.w3.org/2001/XMLSchema#date",
            "http://www.w3.org/2001/XMLSchema#gYearMonth"
        ]
    );

    let query = "SELECT ?text ?start ?end ?value ?qualifier ?upper ?unit WHERE { \
        ?e a fg:QuantityExpression ; fg:inDocument doc:005_new ; fg:text ?text ; fg:start ?start ; \
        fg:end ?end ; fg:value ?value ; fg:qualifier ?qualifier \
        OPTIONAL { ?e fg:upperBound ?upper } OPTIONAL { ?e fg:unit ?unit } } ORDER BY ?start";
    let run = project.run(&["query", "--format", "json", query]);
    let texts = run.column("text");
    let about = texts
        .iter()
        .position(|t| t.starts_with("About 200"))
        .expect("the figure 200");
    let (start, _) = offsets("About 200");
    assert_eq!(run.column("start")[about], start);
    assert_eq!(run.column("value")[about], "200");
    assert_eq!(run.column("qualifier")[about], "approximately");
    let range = texts
        .iter()
        .position(|t| t.starts_with("Between 1,000"))
        .expect("the range");
    assert_eq!(run.column("value")[range], "1000");
    assert_eq!(run.column("qualifier")[range], "range");
    let uppers = run.column("upper");
    assert!(uppers.contains(&"1500".to_string()), "{uppers:?}");
}

#[test]
fn curated_documents_get_their_dates_and_figures_too() {
    let project = Project::copy().built();
    let ask = "ASK { ?e a fg:TemporalExpression ; fg:inDocument doc:003_898eee803d7ca7f3 ; \
        fg:text \"February 26, 1992\" ; fg:date \"1992-02-26\"^^xsd:date }";
    assert_eq!(
        project.run(&["query", "--format", "json", ask]).json()["boolean"],
        true
    );
    let ask = "ASK { ?e a fg:QuantityExpression ; fg:inDocument doc:003_898eee803d7ca7f3 ; \
        fg:value 613 }";
    assert_eq!(
        project.run(&["query", "--format", "json", ask]).json()["boolean"],
        true
    );
}

#[test]
fn the_canned_queries_list_a_documents_dates_and_the_figures_near_a_word() {
    let project = with_article();
    let run = project.run(&[
        "query",
        "--format",
        "json",
        "dates",
        "--param",
        "document=doc:005_new",
    ]);
    assert_eq!(run.column("text"), ["8 May 1992", "March 1993"]);
    assert_eq!(run.column("precision"), ["date", "gYearMonth"]);
    let run = project.run(&[
        "query",
        "--format",
        "json",
        "figures",
        "--param",
        "word=killed",
        "--param",
        "document=doc:005_new",
    ]);
    // "killed" is in the second sentence alone: its figure, not the first or third sentence's.
    assert_eq!(run.column("text"), ["About 200 civilians"]);
    assert!(run.column("sentence")[0].starts_with("About 200 civilians were killed"));
    let listed = project.run(&["queries"]).success().stdout();
    assert!(
        listed.contains("\ndates\n") && listed.contains("\nfigures\n"),
        "{listed}"
    );
}

#[test]
fn an_expression_with_a_wrong_offset_fails_validation() {
    let project = with_article();
    let exported = project.path("export.nq");
    project
        .run(&["export", "-o", exported.to_str().unwrap()])
        .success();
    let text = fs::read_to_string(&exported).unwrap();
    let (start, end) = offsets("8 May 1992");
    let node = format!("doc/005_new#date-{start}-{end}>");
    let line = text
        .lines()
        .find(|l| l.contains(&node) && l.contains("#start>"))
        .expect("the date's start");
    let wrong = (start.parse::<usize>().unwrap() + 1).to_string();
    let tampered = line.replace(&format!("\"{start}\""), &format!("\"{wrong}\""));
    assert_ne!(line, tampered);
    fs::write(&exported, text.replace(line, &tampered)).unwrap();
    let run = project.run(&["validate", "--data", exported.to_str().unwrap()]);
    let stderr = run.failure();
    assert!(stderr.contains("does not conform: 1 violation"), "{stderr}");
    assert!(
        run.stdout().contains("\"8 May 1992\" is not at"),
        "{}",
        run.stdout()
    );
}
