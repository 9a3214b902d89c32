//! `factgraph coverage`: the checkable sentences a curator has still to cover, per document.
//! (The document page's list of them is tested on the handler in `src/serve/tests/pages.rs`.)

use crate::common::Project;

const TEXT: &str = "A report on the valley.\n\nSome 450 families left the valley that winter. \
                    The weather was mild.\n";
const FACTS: &str = "data/facts/960_valley.toml";

fn sentences(project: &Project) -> Vec<serde_json::Value> {
    let run = project.run(&["coverage", "960_valley", "--format", "json"]);
    let json = run.success().json();
    json[0]["sentences"].as_array().unwrap().clone()
}

#[test]
fn a_figure_without_a_claim_is_listed_until_a_mark_or_a_claim_covers_it() {
    let project = Project::copy();
    project.write("seeds/960_valley.txt", TEXT);

    // Listed, with its place, its reason and its text; the sentence without a figure is not.
    let text = project
        .run(&["coverage", "seeds/960_valley.txt"])
        .success()
        .stdout();
    assert!(
        text.contains("0 of 1 checkable sentences covered"),
        "{text}"
    );
    assert!(text.contains("seeds/960_valley.txt:3:1"), "{text}");
    assert!(text.contains("figure"), "{text}");
    assert!(text.contains("Some 450 families left the valley"), "{text}");
    assert!(!text.contains("The weather was mild"), "{text}");
    let listed = sentences(&project);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["cover"], "uncovered");
    assert_eq!(listed[0]["checkable"], serde_json::json!(["figure"]));

    // A mark with its reason covers it.
    project.write(
        FACTS,
        "[[no_fact]]\nquote = \"Some 450 families\"\nreason = \"a test of marks\"\n",
    );
    let listed = sentences(&project);
    assert_eq!(listed[0]["cover"], "marked");
    assert_eq!(listed[0]["reason"], "a test of marks");
    let text = project.run(&["coverage", "960_valley"]).success().stdout();
    assert!(
        text.contains("1 of 1 checkable sentences covered (1 marked"),
        "{text}"
    );
    assert!(!text.contains("Some 450 families left"), "{text}");

    // So does a claim whose quote overlaps it.
    project.write(
        FACTS,
        "[[claim]]\nid = \"left\"\nquote = \"450 families left the valley\"\nsubject = \"khojaly\"\ncount = 450\nunit = \"families\"\n",
    );
    let listed = sentences(&project);
    assert_eq!(listed[0]["cover"], "claims");
    assert_eq!(listed[0]["claims"][0].as_str().unwrap(), "960-left");
}

#[test]
fn an_unknown_document_is_refused_with_the_closest_names() {
    let project = Project::copy();
    let message = project.run(&["coverage", "003_898eee803d7ca7f4"]).failure();
    assert!(
        message.contains("no document `003_898eee803d7ca7f4`"),
        "{message}"
    );
    assert!(message.contains("003_898eee803d7ca7f3"), "{message}");
}
