//! `factgraph coverage`: per document, the sentences that state something checkable and whether
//! curation covers them, for a curator working through a document.

use super::Global;
use super::workspace::find_workspace;
use crate::build::coverage::{Report, reports};
use crate::diagnostic::Location;
use crate::extraction::coverage::Cover;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

/// How `coverage` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// Per document its figure, then each uncovered sentence with its place and text.
    Text,
    /// Every checkable sentence of every document, covered or not, with its claims or mark.
    Json,
}

/// What curation covers: the sentences that state something checkable, per document.
///
/// A sentence is checkable when the rules find a date or a figure in it, or two
/// entities named with a verb between them. It is covered when a curated claim's
/// quote overlaps it, or marked when the facts file has a [[no_fact]] mark on it (a
/// passage judged to state nothing checkable, with the reason: see data/README.md).
/// Listed for each uncovered sentence: file:line:column, its character offsets, why
/// it is checkable, its text, and the rule candidates made from it. Reads the
/// inputs, not the store.
///
/// Examples:
///   factgraph coverage                        every document
///   factgraph coverage 003_898eee803d7ca7f3   one document
///   factgraph coverage --summary              the figures only
///   factgraph coverage --format json          every checkable sentence, for tools
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A document identifier (the seed file name, with or without seeds/ and .txt).
    pub document: Option<String>,

    /// text (default) or json.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    pub format: CoverageFormat,

    /// Only each document's figure, not its uncovered sentences.
    #[arg(long)]
    pub summary: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let root = workspace.root(": coverage reads its documents and facts")?;
    let reports = reports(root, args.document.as_deref())?;
    match args.format {
        CoverageFormat::Json => write_json(&reports, out),
        CoverageFormat::Text => write_text(&reports, args.summary, out),
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
