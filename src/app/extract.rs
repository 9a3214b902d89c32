//! `factgraph extract`, `factgraph draft`: the extraction rules on any text file, and their
//! score against the curated claims.

use super::Location;
use crate::cli::{Cli, ExtractFormat};
use crate::diagnostic::Diagnostics;
use crate::extraction::rules::dates::Dated;
use crate::extraction::rules::evaluate::{self, DocumentScore, Score};
use crate::extraction::rules::{Extraction, Extractor, Source};
use crate::extraction::{Claim, registry};
use crate::inputs::{Decoding, Inputs, decode};
use crate::{build, ontology};
use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Options<'a> {
    pub paths: &'a [PathBuf],
    pub format: Option<ExtractFormat>,
    pub evaluate: bool,
    pub misses: bool,
    pub decoding: Decoding,
    pub jobs: Option<usize>,
}

/// The extractor for the project's registry and ontology.
pub fn extractor(location: &Location) -> Result<(Extractor, Inputs)> {
    let root = location.root(": the rules need its entity registry")?;
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    Ok((Extractor::new(&registry, &ontology), inputs))
}

pub fn run(
    cli: &Cli,
    location: &Location,
    options: &Options<'_>,
    out: &mut impl Write,
) -> Result<()> {
    if options.evaluate {
        return evaluate_command(location, options, out);
    }
    let (extractor, inputs) = extractor(location)?;
    let files = if options.paths.is_empty() {
        let root = location
            .root
            .as_ref()
            .expect("extractor() checked the root");
        inputs.seeds.iter().map(|s| root.join(&s.path)).collect()
    } else {
        expand(options.paths, location.root.as_deref())?
    };
    let format = options
        .format
        .unwrap_or(if std::io::stdout().is_terminal() {
            ExtractFormat::Table
        } else {
            ExtractFormat::Json
        });
    let jobs = options
        .jobs
        .unwrap_or_else(crate::parallel::default_jobs)
        .max(1);
    let started = Instant::now();
    let mut totals = Totals::default();
    let mut failed = 0;
    extract_files(
        &extractor,
        &files,
        jobs,
        options.decoding,
        format,
        |path, result| {
            match result {
                Ok(rendered) => {
                    totals.add(&rendered.totals);
                    if rendered.totals.bytes == 0 && !cli.quiet {
                        eprintln!(
                            "warning: {}: the file is empty; nothing to extract",
                            path.display()
                        );
                    }
                    out.write_all(rendered.text.as_bytes())?;
                }
                Err(err) => {
                    failed += 1;
                    eprintln!("error: {err:#}");
                }
            }
            Ok(())
        },
    )?;
    if format == ExtractFormat::Summary {
        let seconds = started.elapsed().as_secs_f64();
        let summary = json!({
            "documents": totals.documents,
            "bytes": totals.bytes,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "mentions": totals.mentions,
            "dates": totals.dates,
            "quantities": totals.quantities,
            "candidates": totals.candidates,
            "failed": failed,
        });
        writeln!(out, "{summary}")?;
    }
    if failed > 0 {
        bail!(
            "{failed} of {} files could not be read (see above)",
            files.len()
        );
    }
    Ok(())
}

/// A path as given, or else relative to the project root ("seeds/005_….txt" from anywhere).
pub fn resolve(path: &Path, root: Option<&Path>) -> PathBuf {
    match root {
        Some(root) if !path.exists() && path.is_relative() && root.join(path).exists() => {
            root.join(path)
        }
        _ => path.to_path_buf(),
    }
}

/// Files as given, and the `.txt` files of folders, sorted.
fn expand(paths: &[PathBuf], root: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let path = &resolve(path, root);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the folder {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt") && p.is_file())
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            bail!(
                "{}: no such file or folder\n  help: give text files, or folders of .txt files",
                path.display()
            );
        }
    }
    Ok(files)
}

#[derive(Debug, Default, Clone)]
struct Totals {
    documents: usize,
    bytes: usize,
    mentions: usize,
    dates: usize,
    quantities: usize,
    candidates: usize,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        self.mentions += other.mentions;
        self.dates += other.dates;
        self.quantities += other.quantities;
        self.candidates += other.candidates;
    }
}

struct Rendered {
    text: String,
    totals: Totals,
}

/// Reads and extracts `files` on `jobs` threads, one document per thread at a time, and hands
/// the results to `sink` in the order of `files`. Memory holds at most a few documents at once.
fn extract_files(
    extractor: &Extractor,
    files: &[PathBuf],
    jobs: usize,
    decoding: Decoding,
    format: ExtractFormat,
    mut sink: impl FnMut(&Path, Result<Rendered>) -> Result<()>,
) -> Result<()> {
    crate::parallel::for_each_ordered(
        files,
        jobs,
        |path| extract_file(extractor, path, decoding, format),
        |index, result| sink(&files[index], result),
    )
}

/// A document's identifier from its file name: `005_…` for `seeds/005_….txt`.
pub fn document_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

pub fn read_document(path: &Path, decoding: Decoding) -> Result<String> {
    let cannot_read = || format!("cannot read {}", path.display());
    // Opening a FIFO for reading waits for a writer, and a device never ends: only a regular
    // file (or a link to one, since the user named it) is read, checked before and after opening.
    let regular = |kind: std::fs::FileType| {
        if kind.is_file() {
            Ok(())
        } else {
            Err(anyhow::anyhow!(
                "{}: the file is {}, not a regular file\n  help: name a text file",
                path.display(),
                crate::inputs::describe(kind)
            ))
        }
    };
    regular(
        std::fs::metadata(path)
            .with_context(cannot_read)?
            .file_type(),
    )?;
    let mut file = std::fs::File::open(path).with_context(cannot_read)?;
    regular(file.metadata().with_context(cannot_read)?.file_type())?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).with_context(cannot_read)?;
    decode(path, bytes, decoding).map_err(|d| anyhow::anyhow!("{d}"))
}

fn extract_file(
    extractor: &Extractor,
    path: &Path,
    decoding: Decoding,
    format: ExtractFormat,
) -> Result<Rendered> {
    let text = read_document(path, decoding)?;
    let id = document_id(path);
    let extraction = extractor.extract(&Source {
        id: &id,
        short_id: crate::corpus::short_id(&id),
        path,
        text: &text,
        date: None,
    });
    let totals = Totals {
        documents: 1,
        bytes: text.len(),
        mentions: extraction.mentions.len(),
        dates: extraction.dates.len(),
        quantities: extraction.quantities.len(),
        candidates: extraction.candidates.len(),
    };
    let text = match format {
        ExtractFormat::Summary => String::new(),
        ExtractFormat::Json => format!("{}\n", to_json(&id, path, &text, &extraction)),
        ExtractFormat::Table => to_table(path, &text, &extraction),
    };
    Ok(Rendered { text, totals })
}

fn dated_json(value: &Dated) -> serde_json::Value {
    let values: Vec<String> = value.values().iter().map(ToString::to_string).collect();
    match value {
        Dated::Point(_) => json!({ "date": values[0] }),
        Dated::Range(..) => json!({ "start": values[0], "end": values[1] }),
        Dated::List(_) => json!({ "dates": values }),
    }
}

fn claim_json(claim: &Claim) -> serde_json::Value {
    let statements: serde_json::Map<String, serde_json::Value> = claim
        .statements
        .iter()
        .map(|(p, v)| (p.clone(), json!(v.to_string())))
        .collect();
    json!({
        "id": claim.id,
        "method": claim.method,
        "confidence": claim.confidence,
        "subject": claim.subject,
        "statements": statements,
        "attributed_to": claim.attributed_to,
        "qualifier": claim.qualifier,
        "upper": claim.upper_bound.as_ref().map(|n| &n.lexical),
        "unit": claim.unit,
        "as_of": claim.as_of.map(|d| d.to_string()),
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
    })
}

fn to_json(id: &str, path: &Path, text: &str, extraction: &Extraction) -> serde_json::Value {
    json!({
        "document": id,
        "path": path.display().to_string(),
        "characters": text.chars().count(),
        "mentions": extraction.mentions.iter().map(|m| json!({
            "entity": &*m.entity, "start": m.start, "end": m.end, "text": m.text,
        })).collect::<Vec<_>>(),
        "dates": extraction.dates.iter().map(|d| json!({
            "start": d.start, "end": d.end, "text": d.text, "value": dated_json(&d.item.value),
            "rule": d.item.rule, "year_from_context": d.item.year_from_context,
        })).collect::<Vec<_>>(),
        "quantities": extraction.quantities.iter().map(|q| json!({
            "start": q.start, "end": q.end, "text": q.text, "value": q.item.value,
            "upper": q.item.upper, "qualifier": q.item.qualifier, "unit": q.item.unit,
            "rule": q.item.rule,
        })).collect::<Vec<_>>(),
        "candidates": extraction.candidates.iter().map(claim_json).collect::<Vec<_>>(),
    })
}

fn one_line(text: &str) -> String {
    crate::extraction::quote::abbreviate(text, 70)
}

fn to_table(path: &Path, text: &str, extraction: &Extraction) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(["kind", "at", "text", "reading"]);
    for m in &extraction.mentions {
        table.add_row([
            "mention".into(),
            format!("{}-{}", m.start, m.end),
            one_line(&m.text),
            m.entity.to_string(),
        ]);
    }
    for d in &extraction.dates {
        let values: Vec<String> = d
            .item
            .value
            .values()
            .iter()
            .map(ToString::to_string)
            .collect();
        let context = if d.item.year_from_context {
            ", year from context"
        } else {
            ""
        };
        table.add_row([
            "date".into(),
            format!("{}-{}", d.start, d.end),
            one_line(&d.text),
            format!("{} ({}{context})", values.join(" … "), d.item.rule),
        ]);
    }
    for q in &extraction.quantities {
        let upper = q.item.upper.map(|u| format!("–{u}")).unwrap_or_default();
        let unit = q
            .item
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        table.add_row([
            "quantity".into(),
            format!("{}-{}", q.start, q.end),
            one_line(&q.text),
            format!("{}{upper}{unit}, {}", q.item.value, q.item.qualifier),
        ]);
    }
    for c in &extraction.candidates {
        let statements: Vec<String> = c
            .statements
            .iter()
            .map(|(p, v)| format!("{p} {v}"))
            .collect();
        table.add_row([
            "claim".into(),
            format!("{}-{}", c.start, c.end),
            one_line(&c.quote),
            format!(
                "{} {} ({}, {:.2})",
                c.subject,
                statements.join("; "),
                c.method,
                c.confidence.unwrap_or_default()
            ),
        ]);
    }
    format!(
        "{} ({} characters)\n{table}\n\n",
        path.display(),
        text.chars().count()
    )
}

/// Runs the rules on the corpus and scores them against its curated claims.
fn evaluate_command(
    location: &Location,
    options: &Options<'_>,
    out: &mut impl Write,
) -> Result<()> {
    let (extractor, inputs) = extractor(location)?;
    let (compiled, _) = build::compile_unvalidated(&inputs, &indicatif::ProgressBar::hidden())?;
    let mut scores = Vec::new();
    for document in &compiled.corpus.documents {
        let curated: Vec<Claim> = compiled
            .claims
            .iter()
            .filter(|c| c.document == document.id && c.method == "curated")
            .cloned()
            .collect();
        if curated.is_empty() {
            continue;
        }
        let text = document.text().map_err(Diagnostics::from)?;
        let extraction = extractor.extract(&Source::of(document, &text));
        scores.push(evaluate::score(
            &document.id,
            &extraction,
            &curated,
            &compiled.registry,
        ));
    }
    let mut total = DocumentScore {
        document: "all".into(),
        ..Default::default()
    };
    for score in &scores {
        total.dates.add(&score.dates);
        total.quantities.add(&score.quantities);
        total.mentions.add(&score.mentions);
        for (property, claims) in &score.claims {
            total
                .claims
                .entry(property.clone())
                .or_default()
                .add(claims);
        }
    }
    if options.format == Some(ExtractFormat::Json) {
        let rows: Vec<_> = scores
            .iter()
            .chain([&total])
            .map(|s| {
                json!({
                    "document": s.document,
                    "dates": score_json(&s.dates),
                    "quantities": score_json(&s.quantities),
                    "mentions": score_json(&s.mentions),
                    "claims": s.claims.iter()
                        .map(|(p, score)| (p.clone(), score_json(score)))
                        .collect::<serde_json::Map<_, _>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header([
        "document",
        "dates P",
        "dates R",
        "quantities P",
        "quantities R",
        "mentions R",
    ]);
    for s in scores.iter().chain([&total]) {
        table.add_row([
            s.document.clone(),
            percent(s.dates.precision(), s.dates.correct, s.dates.judged),
            percent(s.dates.recall(), s.dates.recalled, s.dates.gold),
            percent(
                s.quantities.precision(),
                s.quantities.correct,
                s.quantities.judged,
            ),
            percent(
                s.quantities.recall(),
                s.quantities.recalled,
                s.quantities.gold,
            ),
            percent(s.mentions.recall(), s.mentions.recalled, s.mentions.gold),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "targets: dates P ≥ 95% R ≥ 90%; quantities P ≥ 90% R ≥ 85%; mentions R ≥ 95%.\nnot scored: {} curated dates their quote does not write out; {} dates and {} quantities found outside any curated quote of their kind.",
        total.dates.implicit, total.dates.unjudged, total.quantities.unjudged
    )?;
    writeln!(out, "\n{}", claims_table(&total.claims))?;
    if options.misses {
        for s in &scores {
            for miss in &s.misses {
                writeln!(out, "{}: {miss}", s.document)?;
            }
        }
    }
    Ok(())
}

/// The rule claims judged against the curated claims, by property, with a total.
fn claims_table(claims: &std::collections::BTreeMap<String, Score>) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(["rule claims", "right", "wrong", "unjudged", "precision"]);
    let mut all = Score::default();
    for (property, score) in claims {
        all.add(score);
        table.add_row(claim_row(property, score));
    }
    table.add_row(claim_row("all", &all));
    table
}

fn claim_row(property: &str, score: &Score) -> [String; 5] {
    [
        property.to_string(),
        score.correct.to_string(),
        (score.judged - score.correct).to_string(),
        score.unjudged.to_string(),
        percent(score.precision(), score.correct, score.judged),
    ]
}

fn score_json(score: &Score) -> serde_json::Value {
    json!({
        "precision": score.precision(), "recall": score.recall(),
        "correct": score.correct, "judged": score.judged, "unjudged": score.unjudged,
        "implicit": score.implicit,
        "recalled": score.recalled, "gold": score.gold,
    })
}

fn percent(ratio: Option<f64>, part: usize, whole: usize) -> String {
    match ratio {
        Some(r) => format!("{:.1}% ({part}/{whole})", r * 100.0),
        None => "–".into(),
    }
}
