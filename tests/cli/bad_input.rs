//! Bad input: each mistake exits non-zero with a message saying what, where and how to fix it,
//! and leaves the previous store exactly as it was.

use crate::common::Project;

/// Breaks one input of a built project, builds again, and checks the message and the store.
fn rejected(file: &str, edit: impl FnOnce(String) -> String, expected: &[&str]) -> String {
    let project = Project::copy().built();
    let before = project.snapshot().unwrap();
    let text = project.read(file);
    project.write(file, &edit(text));
    let stderr = project.run(&["build"]).failure();
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
    assert!(
        stderr.contains("the previous store is unchanged"),
        "{stderr}"
    );
    assert_eq!(
        project.snapshot().unwrap(),
        before,
        "the store changed after a failed build"
    );
    // a query still answers from the previous store
    project
        .run(&["query", "--no-build", "ASK { ?c a fg:Claim }"])
        .success();
    stderr
}

const FACTS: &str = "data/facts/003_898eee803d7ca7f3.toml";

fn append(claim: &str) -> impl FnOnce(String) -> String + '_ {
    move |text| format!("{text}\n[[claim]]\n{claim}\n")
}

/// The line number at which `append` puts the first line of the claim.
fn appended_line(project_text: &str) -> usize {
    project_text.lines().count() + 3
}

#[test]
fn malformed_toml_names_line_and_column() {
    let line = appended_line(&Project::copy().read(FACTS));
    let stderr = rejected(FACTS, append("quote = \"unterminated"), &["malformed TOML"]);
    assert!(stderr.contains(&format!("{FACTS}:{line}:")), "{stderr}");
}

#[test]
fn unknown_property_suggests_the_closest() {
    rejected(
        FACTS,
        append(
            "quote = \"Fair Observer\"\noccurrence = 1\nsubject = \"khojaly-massacre\"\nkiled = 5",
        ),
        &["unknown property `kiled`", "did you mean `killed`"],
    );
}

#[test]
fn unknown_entity_suggests_the_closest() {
    rejected(
        FACTS,
        append(
            "quote = \"Fair Observer\"\noccurrence = 1\nsubject = \"khojaly-masacre\"\nkilled = 5",
        ),
        &[
            "unknown entity `khojaly-masacre`",
            "did you mean `khojaly-massacre`",
        ],
    );
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    let line = appended_line(&Project::copy().read(FACTS));
    let stderr = rejected(
        FACTS,
        append(
            "quote = \"613 Khojaly town residents, including 106 women, 36 children\"\nsubject = \"khojaly-massacre\"\nkilled = 613",
        ),
        &[
            "quote not found",
            "the closest passage is at seeds/003_898eee803d7ca7f3.txt:9:",
            "613 Khojaly town residents, including 106 women, 63 children",
        ],
    );
    assert!(
        stderr.contains(&format!("{FACTS}:{line}:9:")),
        "points at the quote: {stderr}"
    );
}

#[test]
fn ambiguous_quote_lists_where_it_occurs() {
    rejected(
        FACTS,
        append("quote = \"Fair Observer\"\nsubject = \"fair-observer\"\ninception = \"2000\""),
        &[
            "ambiguous quote",
            "add occurrence = N",
            "seeds/003_898eee803d7ca7f3.txt:2:",
        ],
    );
}

#[test]
fn invalid_date_says_why() {
    rejected(
        FACTS,
        append(
            "quote = \"On February 26, 1992\"\nsubject = \"khojaly-massacre\"\ndate = \"1992-02-30\"",
        ),
        &[
            "invalid date for `date`",
            "has day 30, but that month has 29 days",
        ],
    );
}

#[test]
fn missing_seed_file_is_named() {
    let project = Project::copy().built();
    let before = project.snapshot().unwrap();
    std::fs::remove_file(project.path("seeds/002_6b91f0ad599db617.txt")).unwrap();
    let stderr = project.run(&["build"]).failure();
    assert!(stderr.contains("seeds/metadata.toml:"), "{stderr}");
    assert!(
        stderr.contains("there is no seeds/002_6b91f0ad599db617.txt"),
        "{stderr}"
    );
    assert_eq!(project.snapshot().unwrap(), before);
}

#[test]
fn invalid_sparql_names_line_and_column() {
    let project = Project::copy().built();
    let stderr = project
        .run(&["query", "SELECT ?x WHERE {\n  ?x fg:killed \n}"])
        .failure();
    assert!(stderr.contains("<query argument>:3:"), "{stderr}");
    assert!(stderr.contains("invalid SPARQL"), "{stderr}");
}

#[test]
fn unknown_canned_query_lists_the_others() {
    let project = Project::copy().built();
    let stderr = project.run(&["query", "timelin"]).failure();
    assert!(
        stderr.contains("unknown canned query `timelin`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `timeline`"), "{stderr}");
}

#[test]
fn unknown_parameter_is_refused() {
    let project = Project::copy().built();
    let stderr = project
        .run(&["query", "timeline", "--param", "nope=1"])
        .failure();
    assert!(stderr.contains("no variable ?nope"), "{stderr}");
}

#[test]
fn a_second_build_fails_while_one_runs() {
    let project = Project::copy().built();
    let before = project.snapshot().unwrap();
    // Hold the build lock as a running build does.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(project.path(".factgraph/build.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(project.path(".factgraph/build.lock"), "4242").unwrap();
    let stderr = project.run(&["build"]).failure();
    assert!(stderr.contains("is being built by PID 4242"), "{stderr}");
    drop(lock);
    assert_eq!(project.snapshot().unwrap(), before);
    project.run(&["build"]).success();
}

#[test]
fn two_entities_claiming_one_alias_are_refused() {
    rejected(
        "data/entities/places.toml",
        |text| {
            format!(
                "{text}\n[khojaly-twin]\ntype = \"Settlement\"\nlabel = \"Khojaly twin\"\naliases = [\"Kocaeli\"]\n"
            )
        },
        &["both claim the name \"Kocaeli\""],
    );
}

#[test]
fn invalid_ontology_turtle_names_line_and_column() {
    rejected(
        "ontology/factgraph.ttl",
        |text| format!("{text}\nfg:broken a \n"),
        &["ontology/factgraph.ttl:", "invalid Turtle"],
    );
}
