//! `factgraph disputes`: disagreements and agreements found by the build, every side with its
//! document, attribution and quote.

use crate::common::Project;
use serde_json::Value;
use std::collections::BTreeMap;

/// One dispute (or agreement) of `disputes --format json`: its heading (subject slug,
/// property, kind or agreed value, group) and its rows as (stated value, document title).
type Blocks = BTreeMap<String, (Vec<String>, Vec<(String, String)>)>;

fn blocks(project: &Project, args: &[&str]) -> Blocks {
    let mut command = vec!["disputes", "--format", "json"];
    command.extend_from_slice(args);
    let agreements = args.contains(&"--agreements");
    let json: Value = project.run(&command).json();
    let get = |row: &Value, name: &str| row[name]["value"].as_str().unwrap_or("").to_string();
    let mut blocks = Blocks::new();
    for row in json["results"]["bindings"].as_array().unwrap() {
        let (node, third, stated) = if agreements {
            ("corroboration", "agreed", get(row, "agreed"))
        } else {
            ("dispute", "kind", get(row, "stated"))
        };
        let heading = vec![
            get(row, "s").rsplit('/').next().unwrap().to_string(),
            get(row, "property"),
            get(row, third),
            get(row, "group"),
        ];
        let block = blocks
            .entry(get(row, node))
            .or_insert_with(|| (heading, Vec::new()));
        block.1.push((stated, get(row, "document")));
    }
    blocks
}

/// The disputes about `subject` and `property`, as (kind, group, stated values sorted).
fn about(blocks: &Blocks, subject: &str, property: &str) -> Vec<(String, String, Vec<String>)> {
    blocks
        .values()
        .filter(|(heading, _)| heading[0] == subject && heading[1] == property)
        .map(|(heading, sides)| {
            let mut values: Vec<String> = sides.iter().map(|(v, _)| v.clone()).collect();
            values.sort();
            (heading[2].clone(), heading[3].clone(), values)
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

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn the_corpus_disputes_are_found_with_every_side() {
    let project = Project::copy();
    let blocks = blocks(&project, &[]);
    // the Khojaly death toll: three sides, one of them attributed within document 004
    assert_eq!(
        about(&blocks, "khojaly-massacre", "killed"),
        vec![(
            "different figures".into(),
            "people".into(),
            strings(&["613", "about 200", "about 613"])
        )]
    );
    // who the landmine victims of 19 September 2023 were: a dispute over who, not "4 vs 4"
    assert_eq!(
        about(&blocks, "mine-explosions-2023-09-19", "killed"),
        vec![(
            "different groups".into(),
            String::new(),
            strings(&["4 police officers", "4 soldiers"])
        )]
    );
    // when the war began: the two documents that share the paragraph are one side (stated
    // in 2 documents) of one dispute, not two disputes
    assert_eq!(
        about(&blocks, "first-nagorno-karabakh-war", "start date"),
        vec![(
            "different dates".into(),
            String::new(),
            strings(&["1988", "1988-02", "1992"])
        )]
    );
    let json = project
        .run(&["query", "--format", "json", "disputes"])
        .json();
    let shared = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["stated"]["value"] == "1988-02" && r["property"]["value"] == "start date")
        .unwrap()
        .clone();
    assert_eq!(shared["documents"]["value"], "2", "{shared}");
    // the November 2020 statement, 9 or 10 November: a day apart, weak
    assert_eq!(
        about(&blocks, "ceasefire-2020", "date"),
        vec![(
            "dates a day apart".into(),
            String::new(),
            strings(&["2020-11-09", "2020-11-10"])
        )]
    );
    // documents by title, not by hash
    let sides: Vec<&(String, String)> = blocks.values().flat_map(|(_, s)| s).collect();
    assert!(
        sides.iter().any(|(_, d)| d
            == "Azerbaijan and Karabakh: the history behind the ethnic cleansing accusations"),
        "{sides:?}"
    );
    assert!(
        !sides.iter().any(|(_, d)| d.contains("_898eee")),
        "{sides:?}"
    );
}

#[test]
fn the_false_alarms_of_the_query_time_disputes_are_gone() {
    let project = Project::copy();
    let blocks = blocks(&project, &[]);
    // "70 old men" (003) and "70 elderly" (004) count one group: no dispute on 70
    assert!(
        !blocks
            .values()
            .any(|(_, sides)| sides.iter().any(|(v, _)| v.starts_with("70 "))),
        "{blocks:#?}"
    );
    // "by the end of the year" (2023) against 1 January 2024: weak only
    assert_eq!(
        about(&blocks, "republic-of-artsakh", "dissolution"),
        vec![(
            "dates a day apart".into(),
            String::new(),
            strings(&["2023", "2024-01-01", "2024-01-01"])
        )]
    );
    // one dispute per subject, property, kind and group
    let mut headings: Vec<&Vec<String>> = blocks.values().map(|(h, _)| h).collect();
    let all = headings.len();
    headings.sort();
    headings.dedup();
    assert_eq!(headings.len(), all, "{headings:?}");
}

#[test]
fn agreements_list_what_documents_state_alike_with_their_publishers() {
    let project = Project::copy();
    let json = project
        .run(&["disputes", "--agreements", "--format", "json"])
        .json();
    let rows = json["results"]["bindings"].as_array().unwrap();
    let get = |row: &Value, name: &str| row[name]["value"].as_str().unwrap_or("").to_string();
    // "70 old men" (003) and "70 elderly" (004, attributed to Azerbaijani sources): alike
    let elderly = rows
        .iter()
        .find(|r| get(r, "subject") == "Khojaly massacre" && get(r, "group") == "elderly")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(get(elderly, "agreed"), "70");
    assert_eq!(get(elderly, "documents"), "2");
    assert_eq!(get(elderly, "independent"), "2");
    // a value four documents state, of which three name their publisher
    let turkey: Vec<&Value> = rows
        .iter()
        .filter(|r| get(r, "subject") == "Turkey" && get(r, "property") == "supports")
        .collect();
    assert!(!turkey.is_empty(), "{rows:#?}");
    assert!(
        turkey.iter().all(|r| get(r, "documents") == "4"),
        "{turkey:#?}"
    );
    let publishers: Vec<String> = turkey.iter().map(|r| get(r, "publisher")).collect();
    assert!(
        publishers.contains(&"Hizb ut-Tahrir".to_string()),
        "{publishers:?}"
    );
    let table = project
        .run(&["disputes", "--agreements", "--format", "table"])
        .success()
        .stdout();
    assert!(table.contains("Khojaly massacre"), "{table}");
    assert!(table.contains("70 (elderly)"), "{table}");
    assert!(table.contains("independent"), "{table}");
    // --curated keeps what two or more documents state in curated claims: here, all
    let curated = project
        .run(&["disputes", "--agreements", "--curated", "--format", "json"])
        .json();
    assert_eq!(
        curated["results"]["bindings"].as_array().unwrap().len(),
        rows.len()
    );
}

#[test]
fn a_new_contradicting_fact_shows_up() {
    let project = Project::copy();
    let before = about(
        &blocks(&project, &["--about", "khojaly-massacre"]),
        "khojaly-massacre",
        "killed",
    );
    assert!(
        !before
            .iter()
            .any(|(_, _, values)| values.contains(&"5000".to_string()))
    );
    add_claims(&project, &["subject = \"khojaly-massacre\"\nkilled = 5000"]);
    let after = blocks(&project, &["--about", "khojaly-massacre"]);
    assert_eq!(
        about(&after, "khojaly-massacre", "killed"),
        vec![(
            "different figures".into(),
            "people".into(),
            strings(&["5000", "613", "about 200", "about 613"])
        )]
    );
    // and --about keeps to the entity asked for
    assert!(
        after.values().all(|(h, _)| h[0] == "khojaly-massacre"),
        "{after:#?}"
    );
}

#[test]
fn hedged_figures_that_can_both_hold_are_not_disputes() {
    let project = Project::copy();
    // "more than 600" is compatible with 613 and "about 620" within 10 % of it; both
    // contradict "approximately 200", and so are sides of the dispute against it.
    add_claims(
        &project,
        &[
            "subject = \"khojaly-massacre\"\nkilled = 600\nqualifier = \"more than\"",
            "subject = \"khojaly-massacre\"\nkilled = 620\nqualifier = \"approximately\"",
        ],
    );
    let disputes = about(
        &blocks(&project, &["--about", "khojaly-massacre"]),
        "khojaly-massacre",
        "killed",
    );
    assert_eq!(
        disputes,
        vec![(
            "different figures".into(),
            "people".into(),
            strings(&[
                "613",
                "about 200",
                "about 613",
                "about 620",
                "more than 600"
            ])
        )]
    );
    // 800 against "more than 500", on an entity with no other figure: no dispute
    add_claims(
        &project,
        &[
            "subject = \"mine-explosions-2023-09-19\"\nwounded = 500\nqualifier = \"more than\"",
            "subject = \"mine-explosions-2023-09-19\"\nwounded = 800",
        ],
    );
    let blocks = blocks(&project, &["--about", "mine-explosions-2023-09-19"]);
    assert_eq!(
        about(&blocks, "mine-explosions-2023-09-19", "wounded"),
        vec![]
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
        stdout.contains("Khojaly massacre · killed · different figures · people"),
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
    let blocks = blocks(&project, &["--about", "nagorno-karabakh"]);
    let disputes = about(&blocks, "nagorno-karabakh", "capital");
    assert_eq!(disputes.len(), 1, "{blocks:#?}");
    assert_eq!(disputes[0].0, "different values");
    for label in ["Baku", "Stepanakert"] {
        assert!(disputes[0].2.contains(&label.to_string()), "{disputes:?}");
    }
}
