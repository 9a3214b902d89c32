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

#[test]
fn a_fact_that_breaks_a_shape_names_its_line_and_the_shape() {
    let line = appended_line(&Project::copy().read(FACTS));
    // fg:killed belongs to events: a person cannot have a death toll.
    let stderr = rejected(
        FACTS,
        append(
            "quote = \"Fair Observer\"\noccurrence = 1\nsubject = \"nikol-pashinyan\"\nkilled = 5",
        ),
        &[
            "kb:nikol-pashinyan: the subject of fg:killed must be a fg:Event",
            "ontology/shapes.ttl:",
            "ClassConstraintComponent",
        ],
    );
    // the claim's location is its `[[claim]]` header, the line before its first key
    assert!(
        stderr.contains(&format!("{FACTS}:{}:1: error", line - 1)),
        "{stderr}"
    );
}

#[test]
fn a_percentage_over_100_breaks_its_shape() {
    rejected(
        FACTS,
        append(
            "quote = \"Fair Observer\"\noccurrence = 1\nsubject = \"khojaly-massacre\"\npercent = 150",
        ),
        &["fg:percent", "is not at most 100"],
    );
}

#[test]
fn an_entity_without_a_label_is_refused() {
    let stderr = rejected(
        "data/entities/places.toml",
        |text| format!("{text}\n[nameless]\ntype = \"Settlement\"\naliases = [\"Nowhere\"]\n"),
        &["`nameless` has no label", "exactly one English name"],
    );
    let line = Project::copy()
        .read("data/entities/places.toml")
        .lines()
        .count()
        + 2;
    assert!(
        stderr.contains(&format!("data/entities/places.toml:{line}:1: error")),
        "{stderr}"
    );
}

#[test]
fn a_shape_with_an_unsupported_constraint_is_refused_with_its_line() {
    let stderr = rejected(
        "ontology/shapes.ttl",
        |text| {
            format!(
                "{text}\nshapes:Extra a sh:NodeShape ;\n    sh:targetClass fg:Person ;\n    sh:pattern \"^[A-Z]\" .\n"
            )
        },
        &["sh:pattern is not supported"],
    );
    let line = Project::copy().read("ontology/shapes.ttl").lines().count() + 4;
    assert!(
        stderr.contains(&format!("ontology/shapes.ttl:{line}:")),
        "{stderr}"
    );
}

#[test]
fn a_shape_naming_an_undeclared_class_suggests_the_closest() {
    rejected(
        "ontology/shapes.ttl",
        |text| format!("{text}\nshapes:Extra a sh:NodeShape ;\n    sh:targetClass fg:Persn .\n"),
        &["the ontology does not declare", "did you mean `Person`"],
    );
}

#[test]
fn an_unused_entity_is_a_warning_with_its_line() {
    let project = Project::copy();
    let file = "data/entities/places.toml";
    let text = project.read(file);
    let line = text.lines().count() + 2;
    project.write(
        file,
        &format!("{text}\n[atlantis]\ntype = \"Settlement\"\nlabel = \"Atlantis\"\n"),
    );
    let run = project.run(&["build"]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:1: warning: entity `atlantis` is used by no claim"
        )),
        "{stderr}"
    );
}

#[test]
fn validate_finds_a_quote_edited_in_an_export_and_names_the_fact() {
    let project = Project::copy().built();
    project.run(&["validate"]).success();
    let exported = project.path("export.trig");
    project
        .run(&["export", "-o", exported.to_str().unwrap()])
        .success();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("\"613 Khojaly town residents\""));
    std::fs::write(
        &exported,
        text.replace(
            "\"613 Khojaly town residents\"",
            "\"614 Khojaly town residents\"",
        ),
    )
    .unwrap();
    let run = project.run(&["validate", "--data", exported.to_str().unwrap()]);
    let stderr = run.failure();
    assert!(stderr.contains("does not conform: 1 violation"), "{stderr}");
    let stdout = run.stdout();
    assert!(
        stdout.contains(&format!("{FACTS}:"))
            && stdout.contains("\"614 Khojaly town residents\" is not at"),
        "{stdout}"
    );
}

#[test]
fn validate_reports_shape_results_as_json_and_shacl() {
    let project = Project::copy().built();
    let exported = project.path("export.nt");
    project
        .run(&["export", "-o", exported.to_str().unwrap()])
        .success();
    let text = std::fs::read_to_string(&exported).unwrap();
    let label = "<https://w3id.org/factgraph/karabakh/id/baku> <http://www.w3.org/2000/01/rdf-schema#label> \"Bakou\"@fr .\n";
    std::fs::write(&exported, format!("{text}{label}")).unwrap();
    let path = exported.to_str().unwrap();
    let json = project.run(&["validate", "--data", path, "--format", "json"]);
    json.failure();
    let report: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(report["conforms"], false);
    let components: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["component"].as_str().unwrap())
        .collect();
    assert_eq!(
        components,
        [
            "http://www.w3.org/ns/shacl#LanguageInConstraintComponent",
            "http://www.w3.org/ns/shacl#MaxCountConstraintComponent"
        ]
    );
    assert!(
        report["results"][0]["locations"][0]
            .as_str()
            .unwrap()
            .starts_with("data/entities/places.toml:"),
        "{report}"
    );
    let turtle = project.run(&["validate", "--data", path, "--format", "turtle"]);
    turtle.failure();
    let stdout = turtle.stdout();
    assert!(stdout.contains("sh:conforms false"), "{stdout}");
    assert!(stdout.contains("sh:focusNode kb:baku"), "{stdout}");
}

/// A claim's name is its graph's IRI: two documents' claims may not share one, or their graphs
/// would merge into one claim with two sources. Names start with the document's number, so
/// two documents numbered alike can collide.
#[test]
fn a_claim_name_used_by_two_documents_is_refused() {
    let project = Project::copy().built();
    let before = project.snapshot().unwrap();
    project.write(
        "seeds/003_other.txt",
        "Khojaly was named in another text.\n",
    );
    let metadata = project.read("seeds/metadata.toml");
    project.write(
        "seeds/metadata.toml",
        &format!("{metadata}\n[\"003_other\"]\ntitle = \"Other\"\nlanguage = \"en\"\n"),
    );
    project.write(
        "data/facts/003_other.toml",
        "[[claim]]\nid = \"khojaly-massacre-count\"\nquote = \"Khojaly\"\nsubject = \"khojaly-massacre\"\nkilled = 1\n",
    );
    let stderr = project.run(&["build"]).failure();
    for expected in [
        "data/facts/003_other.toml:1:1: error",
        "claim `003-khojaly-massacre-count` is also a claim of 003_898eee803d7ca7f3",
        "give each claim a name of its own",
        "the previous store is unchanged",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
    }
    assert_eq!(project.snapshot().unwrap(), before);
}

/// `[[no_fact]]` marks a passage as stating nothing checkable: its quote is checked like a
/// claim's, and a mark without a reason or with an unknown key is refused at its line.
#[test]
fn a_no_fact_mark_needs_a_quote_found_in_the_document_and_a_reason() {
    let line = appended_line(&Project::copy().read(FACTS));
    let mark = |body: &'static str| move |text: String| format!("{text}\n[[no_fact]]\n{body}\n");
    let stderr = rejected(
        FACTS,
        mark("quote = \"a sentence this op-ed does not hold\"\nreason = \"opinion\""),
        &["quote not found"],
    );
    assert!(stderr.contains(&format!("{FACTS}:{line}:")), "{stderr}");
    rejected(
        FACTS,
        mark("quote = \"He achieves this by lifting\""),
        &["no_fact mark without a reason", "add reason"],
    );
    rejected(
        FACTS,
        mark("quote = \"He achieves this by lifting\"\nreason = \"opinion\"\nwhy = \"x\""),
        &["unknown key `why` in a no_fact mark"],
    );
    let project = Project::copy();
    let text = project.read(FACTS);
    project.write(
        FACTS,
        &format!(
            "{text}\n[[no_fact]]\nquote = \"He achieves this by lifting\"\nreason = \"the author's reading of another article\"\n"
        ),
    );
    project.run(&["build"]).success();
}
