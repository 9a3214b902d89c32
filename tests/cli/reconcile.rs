//! `factgraph link --endpoint`: reconciliation against a real SPARQL server on the loopback
//! (our own `serve` with a Wikidata-shaped fixture), and against stand-ins that misbehave.

use crate::common::{Project, Server, answer, free_port, stand_in};
use std::collections::BTreeMap;

fn fixture() -> Server {
    Server::files(&["tests/fixtures/wikidata.ttl"], &[])
}

const ENTITIES: [&str; 6] = [
    "shusha",
    "aghdam-district",
    "mardakert",
    "khojaly",
    "abulfaz-elchibey",
    "baku",
];

/// `link --endpoint URL --delay 0` restricted to `ENTITIES`, plus `extra`.
fn link_args<'a>(url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["link", "--endpoint", url, "--delay", "0"];
    for slug in ENTITIES {
        args.extend(["--entity", slug]);
    }
    args.extend(extra);
    args
}

/// Every registry file's text, by file name.
fn registry_texts(project: &Project) -> BTreeMap<String, String> {
    std::fs::read_dir(project.path("data/entities"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn entity(project: &Project, file: &str, slug: &str) -> toml::Table {
    let table: toml::Table = toml::from_str(&project.read(file)).unwrap();
    table[slug].as_table().unwrap().clone()
}

#[test]
fn candidates_of_the_right_class_are_scored_and_only_clear_winners_confirmed() {
    let wikidata = fixture();
    let project = Project::copy();
    let before = registry_texts(&project);
    let run = project.run(&link_args(&wikidata.url(), &["--format", "json"]));
    let report = run.success().json();
    let outcome = |slug: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["entity"] == slug)
            .unwrap_or_else(|| panic!("{slug} in {report}"))
            .clone()
    };
    let items = |slug: &str| -> Vec<String> {
        outcome(slug)["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["item"].as_str().unwrap().to_string())
            .collect()
    };

    // The person named Shusha is not a settlement, so never a candidate for the town.
    assert_eq!(outcome("shusha")["verdict"], "confirmed");
    assert_eq!(items("shusha"), ["Q1010101"]);
    assert_eq!(
        outcome("shusha")["candidates"][0]["shared_context"][0],
        "azerbaijan"
    );
    // Two districts of the same name: shown, not chosen.
    assert_eq!(outcome("aghdam-district")["verdict"], "ambiguous");
    assert_eq!(items("aghdam-district"), ["Q3030301", "Q3030302"]);
    // Our label is the item's alias.
    assert_eq!(outcome("mardakert")["verdict"], "confirmed");
    assert_eq!(
        outcome("mardakert")["candidates"][0]["matched"],
        "label-to-alias"
    );
    // A garbled spelling of ours names a Turkish city: an alias alone is weak.
    assert_eq!(outcome("khojaly")["verdict"], "weak");
    assert_eq!(outcome("abulfaz-elchibey")["verdict"], "confirmed");
    // Baku is already linked: skipped, and said so.
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["entity"] != "baku")
    );
    assert!(
        run.stderr().contains("`baku` already links to Q9248"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains(
        "reconciled 5 entities: 3 confirmed, 1 ambiguous, 1 weak, 0 too many, 0 without a candidate"
    ));
    // Without --write nothing changes.
    assert_eq!(registry_texts(&project), before);
}

#[test]
fn write_adds_the_confirmed_links_with_their_source_and_the_build_uses_them() {
    let wikidata = fixture();
    let project = Project::copy();
    let before = registry_texts(&project);
    let run = project.run(&link_args(&wikidata.url(), &["--write", "--format", "tsv"]));
    run.success();
    assert!(run.stderr().contains("review with: git diff data/entities"));

    let shusha = entity(&project, "data/entities/places.toml", "shusha");
    assert_eq!(shusha["wikidata"].as_str(), Some("Q1010101"));
    let source = shusha["wikidata_source"].as_str().unwrap();
    assert!(source.contains(&wikidata.url()), "{source}");
    assert!(
        source.contains("label = label \"Shusha\", score 1.00"),
        "{source}"
    );
    // Shusha had a DBpedia link from a curator: it stays as it was, without a source.
    assert_eq!(shusha["dbpedia"].as_str(), Some("Shusha"));
    assert!(!shusha.contains_key("dbpedia_source"));
    // Mardakert had none: its item's English article names the DBpedia resource.
    let mardakert = entity(&project, "data/entities/places.toml", "mardakert");
    assert_eq!(mardakert["wikidata"].as_str(), Some("Q6060606"));
    assert_eq!(mardakert["dbpedia"].as_str(), Some("Aghdara"));
    assert!(
        mardakert["dbpedia_source"]
            .as_str()
            .unwrap()
            .contains("Q6060606")
    );
    let elchibey = entity(&project, "data/entities/people.toml", "abulfaz-elchibey");
    assert_eq!(elchibey["wikidata"].as_str(), Some("Q4040404"));
    for (file, slug) in [
        ("data/entities/places.toml", "aghdam-district"),
        ("data/entities/places.toml", "khojaly"),
    ] {
        assert!(
            !entity(&project, file, slug).contains_key("wikidata"),
            "{slug}"
        );
    }

    // The edit only adds lines: every line of before is still there, in order, and the
    // untouched files are byte for byte the same.
    let after = registry_texts(&project);
    for (name, old) in &before {
        let new = &after[name];
        let mut remaining = new.lines();
        for line in old.lines() {
            assert!(
                remaining.any(|l| l == line),
                "{name}: lost or moved `{line}`"
            );
        }
    }
    assert_eq!(before["events.toml"], after["events.toml"]);
    assert_eq!(
        after["places.toml"].lines().count(),
        before["places.toml"].lines().count() + 6
    );

    // The next build reads the new links.
    let ask = project.run(&[
        "query",
        "--format",
        "json",
        "ASK { kb:shusha owl:sameAs <http://www.wikidata.org/entity/Q1010101> . kb:mardakert owl:sameAs <http://dbpedia.org/resource/Aghdara> }",
    ]);
    assert_eq!(ask.success().json()["boolean"], true);
}

#[test]
fn endpoint_failures_write_nothing() {
    let project = Project::copy();
    let before = registry_texts(&project);
    let run_against = |url: &str, extra: &[&str]| {
        let mut args = link_args(url, &["--write", "--timeout", "2"]);
        args.extend(extra);
        let message = project.run(&args).failure();
        assert_eq!(registry_texts(&project), before, "after: {message}");
        message
    };

    let closed = format!("http://127.0.0.1:{}/sparql", free_port());
    let message = run_against(&closed, &[]);
    assert!(message.contains("refused the connection"), "{message}");
    assert!(
        message.contains("nothing was written to the registry"),
        "{message}"
    );

    let (_server, url) = stand_in(|| answer(429, "text/plain", "slow down"));
    assert!(run_against(&url, &[]).contains("429"));

    let (_server, url) = stand_in(|| answer(500, "text/plain", "internal error"));
    assert!(run_against(&url, &[]).contains("500"));

    let (_server, url) = stand_in(|| {
        answer(
            200,
            "application/sparql-results+json",
            r#"{"head":{"vars":["item"]},"results":{"bindings":[{"item":"#,
        )
    });
    let message = run_against(&url, &[]);
    assert!(
        message.contains("not a valid SPARQL results document"),
        "{message}"
    );

    let (_server, url) = stand_in(|| {
        // Not a wait: an endpoint slower than the 2 s timeout, the behaviour under test.
        std::thread::sleep(std::time::Duration::from_secs(5));
        answer(200, "application/sparql-results+json", "{}")
    });
    let message = run_against(&url, &[]);
    assert!(message.contains("did not answer within 2 s"), "{message}");

    // An endpoint that ignores LIMIT and sends thousands of candidates.
    let (_server, url) = stand_in(|| {
        let rows: Vec<String> = (0..5000)
            .map(|i| {
                format!(
                    r#"{{"item":{{"type":"uri","value":"http://www.wikidata.org/entity/Q{i}"}},"name":{{"type":"literal","value":"Shusha","xml:lang":"en"}},"matched":{{"type":"literal","value":"label"}}}}"#
                )
            })
            .collect();
        answer(
            200,
            "application/sparql-results+json",
            &format!(
                r#"{{"head":{{"vars":["item","name","matched"]}},"results":{{"bindings":[{}]}}}}"#,
                rows.join(",")
            ),
        )
    });
    let message = run_against(&url, &["--max-rows", "100"]);
    assert!(message.contains("returned more than 100 rows"), "{message}");

    let leftovers: Vec<_> = std::fs::read_dir(project.path("data/entities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".toml"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_unknown_slug_is_refused_before_any_request() {
    let project = Project::copy();
    let closed = format!("http://127.0.0.1:{}/sparql", free_port());
    let message = project
        .run(&["link", "--endpoint", &closed, "--entity", "shusa"])
        .failure();
    assert!(message.contains("`shusa` is not an entity"), "{message}");
    assert!(message.contains("shusha"), "{message}");
    let message = project.run(&["link", "--write"]).failure();
    assert!(message.contains("--endpoint"), "{message}");
}

/// `link --write` edits the registry, as `add` edits the seeds: while another command holds
/// the inputs lock, it waits, says for whom, and writes after.
#[test]
fn write_waits_for_the_command_editing_the_inputs() {
    let wikidata = fixture();
    let project = Project::copy();
    let before = registry_texts(&project);
    std::fs::create_dir_all(project.path(".factgraph")).unwrap();
    let held = std::fs::File::create(project.path(".factgraph/inputs.lock")).unwrap();
    held.lock().unwrap();
    let url = wikidata.url();
    let mut child = std::process::Command::new(crate::common::BIN)
        .arg("--root")
        .arg(project.path(""))
        .args(link_args(&url, &["--write", "--format", "tsv"]))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("waiting for") {
        line.clear();
        let read = std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        assert!(read > 0, "link ended without waiting");
    }
    assert!(line.contains("editing the inputs"), "{line}");
    assert_eq!(
        registry_texts(&project),
        before,
        "written while the lock was held"
    );
    drop(held);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    let shusha = entity(&project, "data/entities/places.toml", "shusha");
    assert_eq!(shusha["wikidata"].as_str(), Some("Q1010101"));
}
