//! `factgraph coverage`: per document, the sentences that state something checkable and whether
//! curation covers them, for a curator working through a document.

use crate::cli::CoverageFormat;
use crate::diagnostic::{Diagnostics, Location, did_you_mean};
use crate::extraction::coverage::{Cover, DocumentCoverage, document_coverage};
use crate::extraction::rules::{Extractor, Source};
use crate::extraction::{facts, registry};
use crate::inputs::Inputs;
use crate::{corpus, ontology};
use anyhow::{Result, bail};
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub struct Options<'a> {
    pub document: Option<&'a str>,
    pub format: CoverageFormat,
    pub summary: bool,
}

/// A document's coverage with what a reader needs to find each sentence.
struct Report {
    coverage: DocumentCoverage,
    path: String,
    /// Line and column of each sentence, in order.
    places: Vec<(usize, usize)>,
}

pub fn run(root: &Path, options: &Options<'_>, out: &mut impl Write) -> Result<()> {
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let (corpus, _) = corpus::load(&inputs.seed_metadata, inputs.seeds.clone())?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    let context = facts::Context {
        corpus: &corpus,
        ontology: &ontology,
        registry: &registry,
    };
    let (claims, marks) = facts::load_with_marks(&inputs.facts, &context)?;
    let documents: Vec<&corpus::Document> = match options.document {
        None => corpus.documents.iter().collect(),
        Some(wanted) => {
            let wanted = wanted.trim_end_matches(".txt");
            let wanted = wanted.rsplit('/').next().unwrap_or(wanted);
            match corpus.get(wanted) {
                Some(document) => vec![document],
                None => bail!(
                    "no document `{wanted}` in seeds/\n  help: {}",
                    did_you_mean(wanted, corpus.ids(), "`factgraph coverage` lists them all")
                ),
            }
        }
    };
    let extractor = Extractor::new(&registry, &ontology);
    let mut reports = Vec::new();
    for document in documents {
        let text = document.text().map_err(Diagnostics::from)?;
        let extraction = extractor.extract(&Source {
            id: &document.id,
            short_id: document.short_id(),
            path: &document.file.path,
            text: &text,
            date: document.date(),
        });
        let claims: Vec<_> = claims
            .iter()
            .filter(|c| c.document == document.id && c.method == "curated")
            .collect();
        let marks: Vec<_> = marks.iter().filter(|m| m.document == document.id).collect();
        let coverage = document_coverage(&document.id, &text, &extraction, &claims, &marks);
        let places = places(&text, &coverage);
        reports.push(Report {
            coverage,
            path: document.file.path.display().to_string(),
            places,
        });
    }
    match options.format {
        CoverageFormat::Json => write_json(&reports, out),
        CoverageFormat::Text => write_text(&reports, options.summary, out),
    }
}

/// Line and column of each sentence's start.
fn places(text: &str, coverage: &DocumentCoverage) -> Vec<(usize, usize)> {
    let mut places = Vec::with_capacity(coverage.sentences.len());
    let (mut line, mut column, mut at) = (1, 1, 0);
    let mut chars = text.chars();
    for sentence in &coverage.sentences {
        while at < sentence.start {
            match chars.next() {
                Some('\n') => {
                    line += 1;
                    column = 1;
                }
                Some(_) => column += 1,
                None => break,
            }
            at += 1;
        }
        places.push((line, column));
    }
    places
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
