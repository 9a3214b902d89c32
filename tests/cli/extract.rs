//! `extract`, `draft` and `add`: the rules on new text, and what bad text gets.

use crate::common::Project;
use std::fs;

/// The first JSON line `extract --format json` prints for `text`.
fn extract_json(project: &Project, text: &[u8], extra: &[&str]) -> serde_json::Value {
    let path = project.path("article.txt");
    fs::write(&path, text).unwrap();
    let mut args = vec!["extract", "--format", "json"];
    args.extend_from_slice(extra);
    let path = path.to_string_lossy().into_owned();
    args.push(&path);
    let run = project.run(&args);
    run.success();
    serde_json::from_str(run.stdout().lines().next().expect("one line per document")).unwrap()
}

fn chars(text: &str, start: &serde_json::Value, end: &serde_json::Value) -> String {
    let (start, end) = (
        start.as_u64().unwrap() as usize,
        end.as_u64().unwrap() as usize,
    );
    text.chars().skip(start).take(end - start).collect()
}

/// Every date, quantity and mention sits at its character offsets.
fn assert_offsets(text: &str, found: &serde_json::Value) {
    for kind in ["dates", "quantities", "mentions"] {
        for item in found[kind].as_array().unwrap() {
            assert_eq!(
                chars(text, &item["start"], &item["end"]),
                item["text"].as_str().unwrap(),
                "{kind}: {item}"
            );
        }
    }
    for claim in found["candidates"].as_array().unwrap() {
        assert_eq!(
            chars(text, &claim["start"], &claim["end"]),
            claim["quote"].as_str().unwrap()
        );
    }
}

const ARTICLE: &str = "\u{feff}Şuşa and Ağdam.\r\n\r\nOn 27/9/2020 the war began; on 9/28/2023 it was over. \
The Khojaly massacre of February 26, 1992 killed about 192 soldiers and 300-350 thousand were displaced.\r\n\
On 19 September the offensive began, and on September 19\u{2013}20 it ended; exercises on the 1st and 6th of September 2023 followed.\r\n\
Since the 1920s, and during the period (1988-1990), aid grew from two million euros to five million euros, worth $6 billion, \
between 600,000 and 800,000 people, 20% to 24% of 4,400 km2. Dated 19 Rabi' Al-Awal 1445 AH 4/10/2023 CE.\r\n";

#[test]
fn extract_reads_the_tricky_formats_at_character_offsets() {
    let project = Project::copy();
    let found = extract_json(&project, ARTICLE.as_bytes(), &[]);
    assert_offsets(ARTICLE, &found);
    let dates: Vec<(String, String)> = found["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["text"].as_str().unwrap().to_string(),
                d["value"].to_string(),
            )
        })
        .collect();
    let expect = |text: &str, value: &str| {
        assert!(
            dates.iter().any(|(t, v)| t == text && v == value),
            "{text} → {value} not in {dates:#?}"
        );
    };
    expect("27/9/2020", r#"{"date":"2020-09-27"}"#);
    expect("9/28/2023", r#"{"date":"2023-09-28"}"#);
    expect("February 26, 1992", r#"{"date":"1992-02-26"}"#);
    expect("19 September", r#"{"date":"1992-09-19"}"#);
    expect(
        "September 19\u{2013}20",
        r#"{"end":"1992-09-20","start":"1992-09-19"}"#,
    );
    expect(
        "1st and 6th of September 2023",
        r#"{"dates":["2023-09-01","2023-09-06"]}"#,
    );
    expect("1920s", r#"{"end":"1929","start":"1920"}"#);
    expect("1988-1990", r#"{"end":"1990","start":"1988"}"#);
    expect(
        "19 Rabi' Al-Awal 1445 AH 4/10/2023 CE",
        r#"{"date":"2023-10-04"}"#,
    );
    let quantities: Vec<(String, f64, Option<f64>, String)> = found["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap().to_string(),
                q["value"].as_f64().unwrap(),
                q["upper"].as_f64(),
                q["qualifier"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (text, value, upper, qualifier) in [
        ("about 192 soldiers", 192.0, None, "approximately"),
        ("300-350 thousand", 300_000.0, Some(350_000.0), "range"),
        ("five million euros", 5e6, None, "exact"),
        ("$6 billion", 6e9, None, "exact"),
        (
            "between 600,000 and 800,000 people",
            600_000.0,
            Some(800_000.0),
            "range",
        ),
        ("20% to 24%", 20.0, Some(24.0), "range"),
        ("4,400 km2", 4400.0, None, "exact"),
    ] {
        assert!(
            quantities
                .iter()
                .any(|q| q.0.ends_with(text) && q.1 == value && q.2 == upper && q.3 == qualifier),
            "{text} not in {quantities:#?}"
        );
    }
    let candidates = found["candidates"].as_array().unwrap();
    assert!(candidates.iter().any(|c| c["subject"] == "khojaly-massacre"
        && c["statements"]["date"] == "1992-02-26"
        && c["method"] == "rule:event-date"));
}

#[test]
fn the_rules_meet_their_targets_against_the_curated_claims() {
    let project = Project::copy();
    let run = project.run(&["extract", "--evaluate", "--format", "json"]);
    run.success();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let all = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["document"] == "all")
        .unwrap();
    let at_least = |kind: &str, measure: &str, target: f64| {
        let value = all[kind][measure].as_f64().unwrap();
        assert!(
            value >= target,
            "{kind} {measure} {value:.3} < {target}: {all:#}"
        );
    };
    at_least("dates", "precision", 0.95);
    at_least("dates", "recall", 0.90);
    at_least("quantities", "precision", 0.90);
    at_least("quantities", "recall", 0.85);
    at_least("mentions", "recall", 0.95);
    assert!(all["dates"]["gold"].as_u64().unwrap() > 200);
    // The rules' claims, judged against the curated claims of their document, by property.
    let claims = &all["claims"];
    for property in ["role", "locatedIn", "participant"] {
        let judged = claims[property]["judged"].as_u64().unwrap_or(0);
        let precision = claims[property]["precision"].as_f64().unwrap_or(0.0);
        assert!(
            judged >= 4 && precision >= 0.85,
            "{property}: {precision:.3} of {judged} judged: {claims:#}"
        );
    }
}

#[test]
fn an_added_document_is_useful_at_once_and_its_draft_becomes_curated() {
    let project = Project::copy();
    let article = project.path("new.txt");
    fs::write(&article, "The Khojaly massacre took place on February 26, 1992. About 613 people were killed in the Khojaly massacre.\n").unwrap();
    let claims_before = project.read("data/facts/003_898eee803d7ca7f3.toml");
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
    assert_eq!(
        fs::read(project.path("seeds/005_new.txt")).unwrap(),
        fs::read(&article).unwrap()
    );
    assert!(
        project
            .read("seeds/metadata.toml")
            .contains("[\"005_new\"]\ntitle = \"A new article\"")
    );
    let query = "SELECT ?method ?confidence WHERE { ?c fg:statedIn doc:005_new ; fg:method ?method ; fg:confidence ?confidence } ORDER BY ?method";
    let methods = project
        .run(&["query", "--format", "json", query])
        .column("method");
    assert_eq!(
        methods,
        ["rule:event-date", "rule:event-figure", "rule:name-place"]
    );
    // The canned listing shows it, though nobody said whether it is a translation.
    let listed = project
        .run(&["query", "--format", "json", "documents"])
        .column("document");
    assert!(listed.iter().any(|d| d == "005_new"), "{listed:?}");
    assert_eq!(listed.len(), 6, "{listed:?}");
    // Curated documents get no candidates: only curated claims there.
    let curated_only =
        "ASK { ?c fg:statedIn doc:003_898eee803d7ca7f3 ; fg:method ?m FILTER(?m != \"curated\") }";
    assert_eq!(
        project
            .run(&["query", "--format", "json", curated_only])
            .json()["boolean"],
        false
    );
    assert_eq!(
        project.read("data/facts/003_898eee803d7ca7f3.toml"),
        claims_before
    );

    project
        .run(&[
            "draft",
            "seeds/005_new.txt",
            "-o",
            &project.path("data/facts/005_new.toml").to_string_lossy(),
        ])
        .success();
    project.run(&["build"]).success();
    let methods = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT DISTINCT ?m WHERE { ?c fg:statedIn doc:005_new ; fg:method ?m }",
        ])
        .column("m");
    assert_eq!(methods, ["curated"]);
}

#[test]
fn a_failed_add_leaves_the_corpus_as_it_was() {
    let project = Project::copy();
    let article = project.path("new.txt");
    fs::write(&article, "Some text about Baku.\n").unwrap();
    let metadata = project.read("seeds/metadata.toml");
    let error = project
        .run(&[
            "add",
            &article.to_string_lossy(),
            "--id",
            "005_new",
            "--publisher",
            "no-such-publisher",
        ])
        .failure();
    assert!(error.contains("no-such-publisher"), "{error}");
    assert!(!project.path("seeds/005_new.txt").exists());
    assert_eq!(project.read("seeds/metadata.toml"), metadata);
}

#[test]
fn a_seed_without_metadata_is_built_with_a_warning() {
    let project = Project::copy();
    project.write(
        "seeds/006_dropped.txt",
        "On 27/9/2020 the Second Nagorno-Karabakh War began.\n",
    );
    let run = project.run(&["build"]);
    run.success();
    assert!(
        run.stderr()
            .contains("006_dropped` has no entry in seeds/metadata.toml"),
        "{}",
        run.stderr()
    );
    let query =
        "SELECT ?d WHERE { GRAPH ?c { ?e fg:startDate ?d } ?c fg:statedIn doc:006_dropped }";
    assert_eq!(
        project
            .run(&["query", "--format", "json", query])
            .column("d"),
        ["2020-09-27"]
    );
}

#[test]
fn bad_bytes_are_named_and_lossy_mode_reads_them() {
    let project = Project::copy();
    let path = project.path("latin1.txt");
    fs::write(&path, b"Baku in 1992\nna\xefve text").unwrap();
    let error = project.run(&["extract", &path.to_string_lossy()]).failure();
    assert!(
        error.contains("byte 0xEF at byte offset 15") && error.contains("latin1.txt:2:3"),
        "{error}"
    );
    assert!(error.contains("--lossy"), "{error}");
    let found = extract_json(&project, b"Baku in 1992\nna\xefve text", &["--lossy"]);
    assert_eq!(found["dates"][0]["text"], "1992");

    fs::write(&path, b"PK\x03\x04\x00\x00binary").unwrap();
    let error = project.run(&["extract", &path.to_string_lossy()]).failure();
    assert!(
        error.contains("binary file") && error.contains("byte offset 4"),
        "{error}"
    );
}

/// Every bundled document read as one nobody curated, as written and with its quotes, dashes
/// and spaces turned into characters of several bytes: the rules slice text next to
/// them, and a slice inside one would panic.
#[test]
fn every_bundled_document_with_its_punctuation_in_several_bytes_is_read_whole() {
    let project = Project::copy();
    let folder = project.path("uncurated");
    fs::create_dir(&folder).unwrap();
    let mut texts = Vec::new();
    for entry in fs::read_dir(project.path("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let wide: String = text
            .chars()
            .map(|c| match c {
                '"' => '\u{201c}',
                '\'' => '\u{2019}',
                '-' => '\u{2013}',
                ' ' => '\u{a0}',
                c => c,
            })
            .collect();
        for (suffix, variant) in [("as-written", text), ("wide", wide)] {
            let name = path.file_stem().unwrap().to_string_lossy();
            fs::write(folder.join(format!("{name}-{suffix}.txt")), &variant).unwrap();
            texts.push(variant);
        }
    }
    let run = project.run(&["extract", "--format", "json", &folder.to_string_lossy()]);
    run.success();
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), texts.len());
    let mut claims = 0;
    for found in &lines {
        let path = found["path"].as_str().unwrap();
        let text = fs::read_to_string(path).unwrap();
        assert_offsets(&text, found);
        claims += found["candidates"].as_array().unwrap().len();
    }
    assert!(claims > 100, "the rules made {claims} claims");
}

#[test]
fn empty_files_and_huge_lines_give_results_not_panics() {
    let project = Project::copy();
    let path = project.path("empty.txt");
    fs::write(&path, b"").unwrap();
    let run = project.run(&["extract", "--format", "json", &path.to_string_lossy()]);
    run.success();
    assert!(run.stderr().contains("empty"), "{}", run.stderr());
    let found: serde_json::Value = serde_json::from_str(run.stdout().trim()).unwrap();
    assert_eq!(found["characters"], 0);

    // 50 MB on one line, without a full stop: bounded sentences, every figure found.
    let line = "Baku reported about 613 people in 1992 and ".repeat(50 * 1024 * 1024 / 43);
    let big = project.path("big.txt");
    fs::write(&big, &line).unwrap();
    let run = project.run(&["extract", "--format", "summary", &big.to_string_lossy()]);
    run.success();
    let summary: serde_json::Value = serde_json::from_str(run.stdout().trim()).unwrap();
    let repeats = 50 * 1024 * 1024 / 43;
    assert_eq!(summary["dates"], repeats);
    assert_eq!(summary["quantities"], repeats);
    assert_eq!(summary["mentions"], repeats);
}
