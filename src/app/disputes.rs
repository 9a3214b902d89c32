//! `factgraph disputes`: where the sources disagree, one block per dispute with every side's
//! value, documents, attribution and quote; with `--agreements`, what they state alike, one
//! line per value.
//!
//! The build finds both (`graph::compare`); `queries/disputes.rq` (a side per row) and
//! `queries/agreements.rq` read them, so that this command and `factgraph query disputes`
//! always agree. This module only groups and prints the rows.

use super::Global;
use super::output::{canned_or_builtin, default_solutions_format};
use super::served;
use super::workspace::find_workspace;
use crate::query::output::{self, Format, ResultsFormat, display_term};
use crate::query::{self, QueryText, builtin};
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::model::Variable;
use oxigraph::sparql::{QueryResults, QuerySolution};
use oxigraph::store::Store;
use std::collections::BTreeSet;
use std::io::Write;

/// List where the sources disagree, each side's value, document and quote side by side.
///
/// Every build compares the claims on each subject and property (README, "Where the sources
/// part"). Two sources (a document, with whom it attributes the statement to) disagree when
/// they give figures for the same group of people, as of the same date, that cannot both
/// hold once their hedges are read ("about", "more than", a range); dates neither of which
/// contains the other (a day right after the other's date is listed as a weak dispute);
/// the same figure for different groups; different values of a property that has one value.
/// A source that also states the other side's value is not in dispute with it.
/// `factgraph query disputes` gives the same, a side per row.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only disputes (or agreements) about this entity: a slug (khojaly-massacre), kb:…, a
    /// label ("Khojaly massacre") or an alias (Kocaeli).
    #[arg(long, value_name = "ENTITY")]
    pub about: Option<String>,

    /// List what two or more documents state alike instead, one line each, with how many
    /// documents state it, how many in curated claims, and how many independent sources
    /// they are (documents of one publisher count once), and the publishers.
    #[arg(long)]
    pub agreements: bool,

    /// table (default on a terminal: one block per dispute), or the query's rows as csv,
    /// tsv, json or xml.
    #[arg(long, value_enum)]
    pub format: Option<ResultsFormat>,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,

    /// Keep to curated claims: leave out every side a rule made (and a dispute left with one
    /// side); with --agreements, keep what two or more documents state in curated claims.
    #[arg(long)]
    pub curated: bool,
}

/// One side of a dispute: a value one or more documents state alike.
struct Side {
    stated: String,
    /// The title of the document of the side's example claim, with how many more state it.
    document: String,
    source: String,
    quote: String,
    /// "automatic · 0.70 (rule:event-date)" for a rule-made claim, "curated" otherwise.
    basis: String,
}

/// The sides of one dispute.
struct Block {
    /// "Khojaly massacre · killed · different figures · people".
    heading: String,
    subject: String,
    sides: Vec<Side>,
}

/// Values two or more documents state alike.
struct Agreement {
    subject: String,
    property: String,
    /// "70 (elderly)".
    value: String,
    documents: usize,
    curated: usize,
    independent: usize,
    publishers: Vec<String>,
}

/// What `disputes` prints, as its command line asks it (`served`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Work {
    /// The disputes or agreements query, the project's or the binary's.
    text: QueryText,
    about: Option<String>,
    agreements: bool,
    curated: bool,
    /// The format, with the default for where the output goes already chosen.
    format: Option<Format>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let (name, builtin) = if args.agreements {
        ("agreements", builtin::AGREEMENTS)
    } else {
        ("disputes", builtin::DISPUTES)
    };
    let text = canned_or_builtin(&workspace, name, builtin)?;
    // Parsed here, so that an error in the project's copy is reported before any build.
    let _checked = query::prepare(workspace.namespaces(), &text)?;
    let work = Work {
        text,
        about: args.about.clone(),
        agreements: args.agreements,
        curated: args.curated,
        format: args
            .format
            .map(Format::from)
            .or_else(default_solutions_format),
    };
    if !args.no_build {
        workspace.ensure_current(global)?;
    }
    let ns = workspace.namespaces();
    served::answer(
        &workspace,
        &served::Work::Disputes(work.clone()),
        out,
        |store, out| answer(store, ns, &work, out),
    )
}

/// Writes what `disputes` prints for `work` on `store`.
pub(super) fn answer(
    store: &Store,
    ns: &Namespaces,
    work: &Work,
    out: &mut impl Write,
) -> Result<()> {
    let prepared = query::prepare(ns, &work.text)?;
    let mut params = Vec::new();
    if let Some(about) = &work.about {
        let asked = query::entities::Asked {
            option: "--about",
            value: about,
        };
        let entity = query::entities::resolve(store, ns, &asked)?;
        params.push((
            oxigraph::sparql::Variable::new_unchecked("s"),
            entity.into(),
        ));
    }
    let mut results = query::execute(store, &work.text, prepared, &params)?;
    if work.curated && work.agreements {
        results = query::curated::keep_curated_agreements(results, &work.text.origin)?;
    } else if work.curated {
        results = query::curated::keep_curated(results, &work.text.origin)?;
    }
    if work.format.is_some_and(|f| f != Format::Table) {
        return output::write(ns, Some(store), results, work.format, out);
    }
    if work.agreements {
        return print_agreements(&agreements(ns, results)?, out);
    }
    let mut blocks = group(ns, results)?;
    // Left with one side (--curated), a dispute is none.
    blocks.retain(|b| b.sides.len() >= 2);
    print(&blocks, out)
}

/// A row of the disputes or agreements query, its terms as the tables show them.
struct Row<'n> {
    solution: QuerySolution,
    ns: &'n Namespaces,
}

impl Row<'_> {
    /// The column's value, or "" where the row leaves it unbound.
    fn get(&self, name: &str) -> String {
        self.solution
            .get(Variable::new_unchecked(name))
            .map(|term| display_term(self.ns, term))
            .unwrap_or_default()
    }

    fn count(&self, name: &str) -> usize {
        self.get(name).parse().unwrap_or(0)
    }
}

/// The rows of `results` in runs of one `key` each (one dispute, one agreement): the queries
/// order the rows of one together.
fn runs<'n>(ns: &'n Namespaces, results: QueryResults<'_>, key: &str) -> Result<Vec<Vec<Row<'n>>>> {
    let QueryResults::Solutions(solutions) = results else {
        bail!("the query must be a SELECT query, its rows grouped by ?{key}");
    };
    let mut runs: Vec<Vec<Row<'n>>> = Vec::new();
    let mut last = String::new();
    for solution in solutions {
        let row = Row {
            solution: solution?,
            ns,
        };
        let node = row.get(key);
        match runs.last_mut() {
            Some(run) if node == last => run.push(row),
            _ => runs.push(vec![row]),
        }
        last = node;
    }
    Ok(runs)
}

/// The rows, a side each, as blocks of one dispute each.
fn group(ns: &Namespaces, results: QueryResults<'_>) -> Result<Vec<Block>> {
    let blocks = runs(ns, results, "dispute")?.into_iter().map(|rows| {
        let first = &rows[0];
        let subject = first.get("subject");
        let mut heading = vec![
            subject.clone(),
            first.get("property"),
            first.get("kind"),
            first.get("group"),
        ];
        heading.retain(|part| !part.is_empty());
        let sides = rows.iter().map(|row| {
            let more = row.count("documents").saturating_sub(1);
            let mut document = row.get("document");
            if more > 0 {
                let s = if more == 1 { "" } else { "s" };
                document = format!("{document} (and {more} more document{s})");
            }
            Side {
                stated: row.get("stated"),
                document,
                source: row.get("source"),
                basis: query::curated::basis(&row.get("method"), &row.get("confidence")),
                quote: row
                    .get("quote")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        });
        Block {
            heading: heading.join(" · "),
            subject,
            sides: sides.collect(),
        }
    });
    Ok(blocks.collect())
}

fn print(blocks: &[Block], out: &mut impl Write) -> Result<()> {
    for block in blocks {
        writeln!(out, "{}", block.heading)?;
        let mut table = output::table(["value", "document", "according to", "made", "quote"]);
        for side in &block.sides {
            let source = if side.source.is_empty() {
                "(the document)"
            } else {
                side.source.as_str()
            };
            table.add_row([
                side.stated.as_str(),
                side.document.as_str(),
                source,
                side.basis.as_str(),
                side.quote.as_str(),
            ]);
        }
        writeln!(out, "{table}\n")?;
    }
    let subjects = blocks.iter().map(|b| b.subject.as_str());
    writeln!(out, "{}", how_many(blocks.len(), "dispute", subjects))?;
    Ok(())
}

/// "7 disputes about 6 subjects".
fn how_many<'s>(count: usize, what: &str, subjects: impl Iterator<Item = &'s str>) -> String {
    let subjects = subjects.collect::<BTreeSet<_>>().len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{count} {what}{} about {subjects} subject{}",
        plural(count),
        plural(subjects)
    )
}

/// The rows, one per agreement and publisher, as one agreement each.
fn agreements(ns: &Namespaces, results: QueryResults<'_>) -> Result<Vec<Agreement>> {
    let agreements = runs(ns, results, "corroboration")?.into_iter().map(|rows| {
        let first = &rows[0];
        let (agreed, group) = (first.get("agreed"), first.get("group"));
        Agreement {
            subject: first.get("subject"),
            property: first.get("property"),
            value: if group.is_empty() {
                agreed
            } else {
                format!("{agreed} ({group})")
            },
            documents: first.count("documents"),
            curated: first.count("curatedDocuments"),
            independent: first.count("independent"),
            publishers: rows
                .iter()
                .map(|row| row.get("publisher"))
                .filter(|p| !p.is_empty())
                .collect(),
        }
    });
    Ok(agreements.collect())
}

/// One line per agreement.
fn print_agreements(agreements: &[Agreement], out: &mut impl Write) -> Result<()> {
    let header = [
        "subject",
        "property",
        "value",
        "documents",
        "curated",
        "independent",
        "published by",
    ];
    let mut table = output::table(header);
    for a in agreements {
        table.add_row([
            a.subject.clone(),
            a.property.clone(),
            a.value.clone(),
            a.documents.to_string(),
            a.curated.to_string(),
            a.independent.to_string(),
            a.publishers.join("; "),
        ]);
    }
    writeln!(out, "{table}\n")?;
    let subjects = agreements.iter().map(|a| a.subject.as_str());
    writeln!(
        out,
        "{} (each value's quotes: factgraph query sources --param entity=kb:…)",
        how_many(agreements.len(), "agreement", subjects)
    )?;
    Ok(())
}
