//! `factgraph coverage`: per document, the sentences that state something checkable and whether
//! curation covers them, for a curator working through a document.

use crate::build::coverage::{Report, reports};
use crate::cli::CoverageFormat;
use crate::diagnostic::Location;
use crate::extraction::coverage::Cover;
use anyhow::Result;
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub struct Options<'a> {
    pub document: Option<&'a str>,
    pub format: CoverageFormat,
    pub summary: bool,
}

pub fn run(root: &Path, options: &Options<'_>, out: &mut impl Write) -> Result<()> {
    let reports = reports(root, options.document)?;
    match options.format {
        CoverageFormat::Json => write_json(&reports, out),
        CoverageFormat::Text => write_text(&reports, options.summary, out),
    }
}

fn write_text(reports: &[Report], summary: bool, out: &mut impl Write) -> Result<()> {
    let (mut checkable, mut covered) = (0, 0);
    for report in reports {
        let c = &report.coverage;
        checkable += c.checkable();
        covered += c.covered();
        writeln!(
            out,
            "{}  {:5.1} %  {} of {} checkable sentences covered ({} marked as no fact)",
            c.document,
            c.percent(),
            c.covered(),
            c.checkable(),
            c.marked()
        )?;
        if summary {
            continue;
        }
        for (sentence, (line, column)) in c.sentences.iter().zip(&report.places) {
            if sentence.cover != Cover::Uncovered {
                continue;
            }
            let kinds: Vec<&str> = sentence.checkable.iter().map(|k| k.name()).collect();
            writeln!(
                out,
                "  {}:{line}:{column}  chars {}..{}  {}",
                report.path,
                sentence.start,
                sentence.end,
                kinds.join(", ")
            )?;
            writeln!(out, "    {}", shortened(&sentence.text, 74))?;
            if !sentence.candidates.is_empty() {
                writeln!(
                    out,
                    "    rule candidates: {}",
                    sentence.candidates.join(", ")
                )?;
            }
        }
    }
    if reports.len() > 1 {
        let percent = if checkable == 0 {
            100.0
        } else {
            100.0 * covered as f64 / checkable as f64
        };
        writeln!(
            out,
            "all  {percent:5.1} %  {covered} of {checkable} checkable sentences covered"
        )?;
    }
    Ok(())
}

/// `text` on one line, cut to `width` characters with an ellipsis.
fn shortened(text: &str, width: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        one_line
    } else {
        let cut: String = one_line.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

fn write_json(reports: &[Report], out: &mut impl Write) -> Result<()> {
    let documents: Vec<_> = reports
        .iter()
        .map(|report| {
            let c = &report.coverage;
            let sentences: Vec<_> = c
                .sentences
                .iter()
                .zip(&report.places)
                .map(|(s, (line, column))| {
                    let (state, detail) = match &s.cover {
                        Cover::Claims(ids) => ("claims", json!(ids)),
                        Cover::Marked(reason) => ("marked", json!(reason)),
                        Cover::Uncovered => ("uncovered", json!(null)),
                    };
                    json!({
                        "start": s.start,
                        "end": s.end,
                        "location": Location {
                            path: report.path.clone().into(),
                            line: *line,
                            column: *column,
                        }.to_string(),
                        "text": s.text,
                        "checkable": s.checkable.iter().map(|k| k.name()).collect::<Vec<_>>(),
                        "cover": state,
                        "claims": if state == "claims" { detail.clone() } else { json!([]) },
                        "reason": if state == "marked" { detail } else { json!(null) },
                        "candidates": s.candidates,
                    })
                })
                .collect();
            json!({
                "document": c.document,
                "checkable": c.checkable(),
                "covered": c.covered(),
                "marked": c.marked(),
                "percent": (c.percent() * 10.0).round() / 10.0,
                "sentences": sentences,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &documents)?;
    writeln!(out)?;
    Ok(())
}
