//! `factgraph link --from`: reconciliation against data files, one source per file, with the
//! fixtures of tests/fixtures/link-from/ (one file per accepted shape, made-up item ids).

use crate::common::{Project, REPO};
use std::collections::BTreeMap;

const FIXTURES: [&str; 5] = [
    "dump.json",
    "names.csv",
    "labels.nt",
    "other.tsv",
    "flat.jsonl",
];
const ENTITIES: [&str; 5] = [
    "antony-blinken",
    "annalena-baerbock",
    "andrei-kozyrev",
    "sarsang-reservoir",
    "baku",
];

fn fixture(name: &str) -> String {
    format!("{REPO}/tests/fixtures/link-from/{name}")
}

/// `link --from` the fixtures, restricted to `ENTITIES`, plus `extra`.
fn link(project: &Project, extra: &[&str]) -> crate::common::Run {
    let files: Vec<String> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let mut args = vec!["link", "--from"];
    args.extend(files.iter().map(String::as_str));
    for slug in ENTITIES {
        args.extend(["--entity", slug]);
    }
    args.extend(extra);
    project.run(&args)
}

fn entity(project: &Project, file: &str, slug: &str) -> toml::Table {
    let table: toml::Table = toml::from_str(&project.read(file)).unwrap();
    table[slug].as_table().unwrap().clone()
}

fn registry_texts(project: &Project) -> BTreeMap<String, String> {
    std::fs::read_dir(project.path("data/entities"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}

#[test]
fn sources_are_weighed_and_each_entity_gets_a_verdict() {
    let project = Project::copy();
    let report = link(&project, &["--format", "json"]).json();
    let outcome = |slug: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["entity"] == slug)
            .unwrap_or_else(|| panic!("{slug} in {report}"))
            .clone()
    };
    // The dump gives the item with our Wikipedia title: one source is enough.
    assert_eq!(outcome("antony-blinken")["verdict"], "link");
    assert_eq!(outcome("antony-blinken")["decision"]["item"], "Q9000001");
    // The CSV's settlement named Antony Blinken is of another kind: no candidate at all.
    let csv = &outcome("antony-blinken")["sources"][1];
    assert_eq!(csv["source"], fixture("names.csv"));
    assert_eq!(csv["candidates"].as_array().unwrap().len(), 0, "{csv}");
    // Named in the CSV and in the N-Triples: two sources confirm it.
    assert_eq!(outcome("annalena-baerbock")["verdict"], "link");
    // Named in the CSV alone, without a title: a candidate, not a link.
    assert_eq!(outcome("andrei-kozyrev")["verdict"], "one-source");
    assert_eq!(outcome("andrei-kozyrev")["decision"]["item"], "Q9000003");
    // Two sources, two items.
    assert_eq!(outcome("sarsang-reservoir")["verdict"], "disputed");
    // Baku's link is Q9248; a source gives another item our Wikipedia title.
    assert_eq!(outcome("baku")["wikidata"], "Q9248");
    assert_eq!(outcome("baku")["verdict"], "contradicted");
}

#[test]
fn write_records_only_the_links_the_evidence_is_enough_for_with_their_sources() {
    let project = Project::copy();
    let before = registry_texts(&project);
    let run = link(&project, &["--write"]);
    run.success();
    assert!(run.stderr().contains("wrote "), "{}", run.stderr());

    let blinken = entity(&project, "data/entities/people.toml", "antony-blinken");
    assert_eq!(blinken["wikidata"].as_str(), Some("Q9000001"));
    let source = blinken["wikidata_source"].as_str().unwrap();
    // "link --from on YYYY-MM-DD: …": the day of the run.
    let day = source.strip_prefix("link --from on ").unwrap_or_default();
    let is_day = day.len() > 11
        && day[..10].bytes().enumerate().all(|(at, b)| match at {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
        && day[10..].starts_with(": ");
    assert!(is_day, "{source}");
    assert!(source.contains("dump.json sha256:"), "{source}");
    assert!(
        source.contains("same Wikipedia title \"Antony_Blinken\""),
        "{source}"
    );
    let baerbock = entity(&project, "data/entities/people.toml", "annalena-baerbock");
    assert_eq!(baerbock["wikidata"].as_str(), Some("Q9000002"));
    let source = baerbock["wikidata_source"].as_str().unwrap();
    assert!(
        source.contains("names.csv") && source.contains("labels.nt"),
        "{source}"
    );

    // Not written: one source, disputed, and a link the sources contradict.
    let kozyrev = entity(&project, "data/entities/people.toml", "andrei-kozyrev");
    assert!(!kozyrev.contains_key("wikidata"));
    let places = "data/entities/places.toml";
    assert!(!entity(&project, places, "sarsang-reservoir").contains_key("wikidata"));
    assert_eq!(
        entity(&project, places, "baku")["wikidata"].as_str(),
        Some("Q9248")
    );

    // Only the two entities changed, and the edited registry builds.
    let after = registry_texts(&project);
    let changed: Vec<&String> = before.keys().filter(|f| before[*f] != after[*f]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    project.run(&["build"]).success();
}

#[test]
fn a_broken_file_stops_the_run_naming_it_and_its_line_with_nothing_written() {
    let project = Project::copy();
    let before = registry_texts(&project);
    let broken = project.path("broken.json");
    std::fs::write(&broken, "[{\"qid\": \"Q9000001\"},\n{\"qid\": \n").unwrap();
    let blinken = fixture("dump.json");
    let stderr = project
        .run(&[
            "link",
            "--from",
            &blinken,
            &broken.display().to_string(),
            "--write",
        ])
        .failure();
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert_eq!(registry_texts(&project), before);

    let stderr = project.run(&["link", "--from", "Cargo.toml"]).failure();
    assert!(stderr.contains("not a shape link --from reads"), "{stderr}");
    let stderr = project.run(&["link", "--from", "no/such.csv"]).failure();
    assert!(stderr.contains("no/such.csv"), "{stderr}");
}

#[test]
fn the_bundled_sources_support_every_link_they_touch() {
    // What the registry says of the sources under data/sources/: no link they contradict.
    let project = Project::copy();
    let sources: Vec<String> = std::fs::read_dir(format!("{REPO}/data/sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.display().to_string())
        .collect();
    assert!(sources.len() >= 2, "{sources:?}");
    let mut args = vec!["link", "--format", "tsv", "--from"];
    args.extend(sources.iter().map(String::as_str));
    let run = project.run(&args);
    run.success();
    let stdout = run.stdout();
    let contradicted: Vec<&str> = stdout
        .lines()
        .filter(|line| line.split('\t').nth(2) == Some("contradicted"))
        .collect();
    assert!(contradicted.is_empty(), "{contradicted:#?}");
    // And nothing is left to write: every link they are enough for is in the registry.
    let to_link: Vec<&str> = stdout
        .lines()
        .filter(|line| line.split('\t').nth(2) == Some("link"))
        .collect();
    assert!(to_link.is_empty(), "{to_link:#?}");
}
