//! Machine-made claims are marked wherever claims are shown, `--curated` keeps to curated
//! ones, and a dateline never dates an event.

use crate::common::{Local, Project};
use oxhttp::model::{Method, StatusCode};
use std::fs;

/// A news report with a dateline, about a war three years before it, and a figure that
/// disputes a curated one. No curated facts exist for it: the rules make its claims.
const REPORT: &str = "YEREVAN, 27 September 2023 — Three years have passed since the Second Nagorno-Karabakh War.\n\nThe Second Nagorno-Karabakh War began on 27 September 2020. More than 2000 people were killed in the Khojaly massacre, the report said.\n";

fn project_with_report() -> Project {
    let project = Project::copy();
    let article = project.path("report.txt");
    fs::write(&article, REPORT).unwrap();
    project
        .run(&[
            "add",
            &article.to_string_lossy(),
            "--id",
            "900_report",
            "--title",
            "A report",
            "--language",
            "en",
        ])
        .success();
    project
}

#[test]
fn a_rule_made_claim_is_marked_in_every_view_and_curated_leaves_it_out() {
    let project = project_with_report();
    let all = project
        .run(&["query", "--format", "json", "timeline"])
        .json();
    let rows = all["results"]["bindings"].as_array().unwrap().clone();
    let ours: Vec<_> = rows
        .iter()
        .filter(|r| r["document"]["value"] == "900_report")
        .collect();
    assert!(!ours.is_empty(), "{rows:?}");
    for row in &ours {
        assert_eq!(row["method"]["value"], "rule:event-date", "{row}");
        assert!(row["confidence"]["value"].as_str().is_some(), "{row}");
    }
    // A dateline is not an event date: 2023-09-27 dates nothing, 2020-09-27 does.
    let dates: Vec<&str> = ours
        .iter()
        .map(|r| r["date"]["value"].as_str().unwrap())
        .collect();
    assert!(dates.contains(&"2020-09-27"), "{dates:?}");
    assert!(!dates.iter().any(|d| d.starts_with("2023")), "{dates:?}");
    // Curated claims show no method.
    assert!(
        rows.iter()
            .any(|r| r["document"]["value"] != "900_report" && r["method"]["value"] == "curated")
    );
    let curated = project
        .run(&["query", "--format", "json", "timeline", "--curated"])
        .json();
    let kept = curated["results"]["bindings"].as_array().unwrap();
    assert!(!kept.is_empty());
    assert!(kept.iter().all(|r| r["document"]["value"] != "900_report"));
    assert_eq!(kept.len(), rows.len() - ours.len());

    // disputes: the rule-made figure against the curated one, marked; gone with --curated.
    let table = project.run(&["disputes", "--format", "table"]).stdout();
    let line = table
        .lines()
        .find(|l| l.contains("A report"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("automatic · 0.70"), "{line}");
    assert!(table.contains("curated"), "{table}");
    let table = project
        .run(&["disputes", "--format", "table", "--curated"])
        .stdout();
    assert!(!table.contains("A report"), "{table}");
    assert!(!table.contains("automatic"), "{table}");

    // A query that does not say how its claims were made cannot be kept to curated ones.
    let err = project
        .run(&["query", "SELECT ?s WHERE { ?s a fg:War }", "--curated"])
        .failure();
    assert!(err.contains("?method") && err.contains("help:"), "{err}");
}

#[test]
fn entity_and_document_pages_mark_rule_made_claims() {
    let project = project_with_report();
    project.run(&["build"]).success();
    // The handler in process: the pages are what is tested, not a connection.
    let server = Local::project(&project);
    let (status, _, html) = server.send(
        Method::GET,
        "/id/second-nagorno-karabakh-war",
        &[("accept", "text/html")],
        "",
    );
    assert_eq!(status, StatusCode::OK);
    let section = html
        .split("<section class=\"source\">")
        .find(|s| s.contains("900_report"))
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        section.contains("<span class=\"basis\">automatic · 0.85 (rule:event-date)</span>"),
        "{section}"
    );
    let curated = html
        .split("<section class=\"source\">")
        .skip(1)
        .find(|s| !s.contains("900_report"))
        .unwrap();
    assert!(!curated.contains("class=\"basis\""), "{curated}");

    let (status, _, html) = server.send(
        Method::GET,
        "/doc/900_report",
        &[("accept", "text/html")],
        "",
    );
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("(3 automatic)"), "{html}");
    assert!(
        html.contains("<sup class=\"basis\">automatic · 0.85 (rule:event-date)</sup>"),
        "{html}"
    );
}
