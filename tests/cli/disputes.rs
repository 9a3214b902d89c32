//! `factgraph disputes`: disagreements found from the data, with both sides.

use crate::common::Project;
use serde_json::Value;

/// The rows of `disputes --format json` as (subject slug, property, kind, valueA, valueB,
/// documentA, documentB).
fn rows(project: &Project, args: &[&str]) -> Vec<[String; 7]> {
    let mut command = vec!["disputes", "--format", "json"];
    command.extend_from_slice(args);
    let json: Value = project.run(&command).json();
    let get = |row: &Value, name: &str| row[name]["value"].as_str().unwrap_or("").to_string();
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            [
                get(row, "s").rsplit('/').next().unwrap().to_string(),
                get(row, "property"),
                get(row, "kind"),
                get(row, "valueA"),
                get(row, "valueB"),
                get(row, "documentA")[..3].to_string(),
                get(row, "documentB")[..3].to_string(),
            ]
        })
        .collect()
}

/// Appends claims (TOML, without the `[[claim]]` headers) to document 002's facts; each quotes
/// a phrase of that document, since only the stated value matters here.
fn add_claims(project: &Project, claims: &[&str]) {
    let facts = "data/facts/002_6b91f0ad599db617.toml";
    let mut text = project.read(facts);
    for claim in claims {
        text.push_str(&format!(
            "\n[[claim]]\nquote = \"lightning-fast military operation\"\n{claim}\n"
        ));
    }
    project.write(facts, &text);
}

fn has(rows: &[[String; 7]], expected: [&str; 7]) -> bool {
    rows.iter().any(|row| {
        let same = |a: &[String], b: &[&str]| a.iter().zip(b).all(|(x, y)| x == y);
        // either order of the two sides
        let swapped = [
            expected[0],
            expected[1],
            expected[2],
            expected[4],
            expected[3],
            expected[6],
            expected[5],
        ];
        same(row, &expected) || same(row, &swapped)
    })
}

#[test]
fn the_corpus_disputes_are_found_from_the_data() {
    let project = Project::copy();
    let rows = rows(&project, &[]);
    for expected in [
        // the Khojaly death toll
        [
            "khojaly-massacre",
            "killed",
            "figure",
            "613",
            "200",
            "003",
            "004",
        ],
        // the date of the November 2020 trilateral statement
        [
            "ceasefire-2020",
            "date",
            "date",
            "2020-11-09",
            "2020-11-10",
            "000",
            "003",
        ],
        // who the landmine victims of 19 September 2023 were
        [
            "mine-explosions-2023-09-19",
            "killed",
            "counted",
            "4",
            "4",
            "002",
            "003",
        ],
    ] {
        assert!(has(&rows, expected), "{expected:?} not in {rows:#?}");
    }
    // the same figure stated by two sources is agreement, not a dispute
    assert!(
        !rows.iter().any(|r| r[3] == r[4] && r[2] != "counted"),
        "{rows:#?}"
    );
}

#[test]
fn a_new_contradicting_fact_shows_up() {
    let project = Project::copy();
    let before = rows(&project, &["--about", "khojaly-massacre"]);
    assert!(!before.iter().any(|r| r[3] == "5000" || r[4] == "5000"));
    add_claims(&project, &["subject = \"khojaly-massacre\"\nkilled = 5000"]);
    let after = rows(&project, &["--about", "khojaly-massacre"]);
    for other in ["613", "200"] {
        assert!(
            has(
                &after,
                [
                    "khojaly-massacre",
                    "killed",
                    "figure",
                    other,
                    "5000",
                    "003",
                    "002"
                ]
            ) || has(
                &after,
                [
                    "khojaly-massacre",
                    "killed",
                    "figure",
                    other,
                    "5000",
                    "004",
                    "002"
                ]
            ),
            "5000 against {other} not in {after:#?}"
        );
    }
    // and --about keeps to the entity asked for
    assert!(
        after.iter().all(|r| r[0] == "khojaly-massacre"),
        "{after:#?}"
    );
}

#[test]
fn hedged_figures_that_can_both_hold_are_not_disputes() {
    let project = Project::copy();
    // "more than 600" is compatible with 613; "about 620" is within 10 % of 613.
    add_claims(
        &project,
        &[
            "subject = \"khojaly-massacre\"\nkilled = 600\nqualifier = \"more than\"",
            "subject = \"khojaly-massacre\"\nkilled = 620\nqualifier = \"approximately\"",
        ],
    );
    let rows = rows(&project, &["--about", "khojaly-massacre"]);
    for value in ["600", "620"] {
        assert!(
            !rows
                .iter()
                .any(|r| (r[3] == value && r[4] == "613") || (r[4] == value && r[3] == "613")),
            "{value} should agree with 613: {rows:#?}"
        );
    }
    // but both contradict "approximately 200"
    assert!(
        rows.iter()
            .any(|r| (r[3] == "600" && r[4] == "200") || (r[3] == "200" && r[4] == "600")),
        "{rows:#?}"
    );
}

#[test]
fn the_table_shows_each_side_with_its_quote() {
    let project = Project::copy();
    let run = project.run(&[
        "disputes",
        "--format",
        "table",
        "--about",
        "khojaly-massacre",
    ]);
    let stdout = run.success().stdout();
    assert!(
        stdout.contains("Khojaly massacre · killed · different figures"),
        "{stdout}"
    );
    assert!(stdout.contains("Azerbaijani sources"), "{stdout}");
    assert!(stdout.contains("613 Khojaly town residents"), "{stdout}");
    assert!(stdout.contains("about 200"), "{stdout}");
}

#[test]
fn different_values_of_a_single_valued_property_are_a_dispute() {
    let project = Project::copy();
    // fg:capital is an owl:FunctionalProperty; document 004 names Stepanakert (and Shusha).
    add_claims(
        &project,
        &["subject = \"nagorno-karabakh\"\ncapital = \"baku\""],
    );
    let rows = rows(&project, &["--about", "nagorno-karabakh"]);
    let iri = |slug: &str| format!("https://w3id.org/factgraph/karabakh/id/{slug}");
    assert!(
        has(
            &rows,
            [
                "nagorno-karabakh",
                "capital",
                "value",
                &iri("baku"),
                &iri("stepanakert"),
                "002",
                "004"
            ]
        ),
        "{rows:#?}"
    );
}
