//! `factgraph extract`, `factgraph draft`: the extraction rules on any text file, and their
//! score against the curated claims.

use super::Global;
use super::workspace::{Workspace, find_workspace};
use crate::diagnostic::Refusal;
use crate::extraction::registry;
use crate::extraction::rules::{Extraction, Extractor, Source};
use crate::inputs::{Decoding, Inputs, decode};
use crate::ontology;
use anyhow::{Context, Result, bail};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod evaluate;
mod json;

/// How `extract` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// One table per document: every mention, date, quantity and candidate claim.
    Table,
    /// One JSON object per document and line (JSON Lines), with offsets in characters.
    Json,
    /// Only the totals and the time taken, as one JSON object (for benchmarks).
    Summary,
}

/// Find mentions, dates, figures and candidate claims in text files, by rules alone.
///
/// Mentions: every label and alias of the entity registry, as whole words. Dates: every
/// format the corpus uses ("27/9/2020", "9/28/2023", "February 26, 1992", "19 September",
/// "September 19–20", "the 1st and 6th of September 2023", "1920s", "(1988-1990)", Hijri
/// dates), normalized at the precision given; a yearless date takes the last year the text
/// stated. Quantities with their hedges, ranges and units ("about 192 soldiers",
/// "300-350 thousand", "$6 billion", "20% to 24%", "4,400 km2"). Candidate claims: an event
/// (or a place) and a date or a figure in one sentence, with method rule:<name> and a
/// confidence.
///
/// Offsets count characters (Unicode scalar values) of the file as stored: a byte-order mark
/// and the \r of CRLF line ends count as one character each, as everywhere in factgraph.
/// Files are read one at a time per thread, so memory does not grow with their number.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files, or folders of .txt files. Default: every document of seeds/.
    pub paths: Vec<PathBuf>,

    /// table (default on a terminal), json (JSON Lines, one document per line), or summary.
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormat>,

    /// Score the rules against the curated claims of the corpus instead: precision and
    /// recall of dates and quantities, recall of mentions, per document; and each rule
    /// claim of a curated document right, wrong or unjudged against its curated claims,
    /// by property (table, or json).
    #[arg(long, conflicts_with = "paths")]
    pub evaluate: bool,

    /// With --evaluate: list every date, quantity and mention missed or read wrong, and
    /// every rule claim judged wrong.
    #[arg(long, requires = "evaluate")]
    pub misses: bool,

    /// Replace bytes that are not UTF-8 with U+FFFD instead of refusing the file. Offsets
    /// then count the replaced text, not the file.
    #[arg(long)]
    pub lossy: bool,

    /// Threads reading documents in parallel. Default: one per core.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// The extractor for the project's registry and ontology.
pub fn extractor(workspace: &Workspace) -> Result<(Extractor, Inputs)> {
    let root = workspace.root(": the rules need its entity registry")?;
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    Ok((Extractor::new(&registry, &ontology), inputs))
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = &find_workspace(global)?;
    if args.evaluate {
        return evaluate::run(workspace, args, out);
    }
    let decoding = if args.lossy {
        Decoding::Lossy
    } else {
        Decoding::Strict
    };
    let (extractor, inputs) = extractor(workspace)?;
    let files = if args.paths.is_empty() {
        let root = workspace
            .root
            .as_ref()
            .expect("extractor() checked the root");
        inputs.seeds.iter().map(|s| root.join(&s.path)).collect()
    } else {
        expand(&args.paths, workspace.root.as_deref())?
    };
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        ExtractFormat::Table
    } else {
        ExtractFormat::Json
    });
    let jobs = args
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
        decoding,
        format,
        |path, result| {
            match result {
                Ok(rendered) => {
                    totals.add(&rendered.totals);
                    if rendered.totals.bytes == 0 && !global.quiet {
                        eprintln!(
                            "warning: {}: the file is empty; nothing to extract",
                            path.display()
                        );
                    }
                    out.write_all(rendered.text.as_bytes())?;
                }
                Err(err) => {
                    failed += 1;
                    eprintln!("error: {}", crate::diagnostic::render(&err));
                }
            }
            Ok(())
        },
    )?;
    if format == ExtractFormat::Summary {
        let seconds = started.elapsed().as_secs_f64();
        let summary = json::Summary {
            bytes: totals.bytes,
            candidates: totals.candidates,
            dates: totals.dates,
            documents: totals.documents,
            failed,
            mentions: totals.mentions,
            quantities: totals.quantities,
            seconds: (seconds * 1000.0).round() / 1000.0,
        };
        writeln!(out, "{}", serde_json::to_string(&summary)?)?;
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
            let found = crate::files::with_extension(path, "txt")
                .with_context(|| format!("cannot read the folder {}", path.display()))?;
            files.extend(found.into_iter().filter(|p| p.is_file()));
        } else if path.exists() {
            files.push(path.clone());
        } else {
            bail!(Refusal::new(
                format!("{}: no such file or folder", path.display()),
                "give text files, or folders of .txt files"
            ));
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
    let mut file = crate::inputs::open_regular(path, "name a text file")?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
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
        ExtractFormat::Json => format!(
            "{}\n",
            serde_json::to_string(&json::DocumentJson::new(&id, path, &text, &extraction))?
        ),
        ExtractFormat::Table => to_table(path, &text, &extraction),
    };
    Ok(Rendered { text, totals })
}

fn one_line(text: &str) -> String {
    crate::extraction::quote::abbreviate(text, 70)
}

fn to_table(path: &Path, text: &str, extraction: &Extraction) -> String {
    let mut table = crate::query::output::table(["kind", "at", "text", "reading"]);
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
