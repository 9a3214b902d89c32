//! `factgraph disputes`: where the sources disagree (or, with `--agreements`, what they state
//! alike), one block per subject and property, with every side's value, document,
//! attribution and quote.
//!
//! The build finds both (`graph::compare`); `queries/disputes.rq` and `queries/agreements.rq`
//! read them, a claim per row, so that this command and `factgraph query disputes` always
//! agree. This module only groups and prints the rows.

use super::Global;
use super::output::default_solutions_format;
use super::workspace::{exiting, find_workspace};
use crate::query::output::{self, Format, display_term};
use crate::query::{self, QueryText, builtin};
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::model::Variable;
use oxigraph::sparql::QueryResults;
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
    /// Only disputes (or agreements) about this entity: a slug such as khojaly-massacre, or
    /// kb:….
    #[arg(long, value_name = "ENTITY")]
    pub about: Option<String>,

    /// List what two or more documents state alike instead, with how many independent
    /// sources they are (documents of one publisher count once).
    #[arg(long)]
    pub agreements: bool,

    /// table (default on a terminal: one block per dispute), or the query's rows as csv,
    /// tsv, json or xml.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,

    /// Keep to curated claims: leave out every side a rule made (and a dispute or agreement
    /// left with one side).
    #[arg(long)]
    pub curated: bool,
}

/// One claim of a dispute or agreement: what one source says.
struct Side {
    stated: String,
    document: String,
    publisher: String,
    source: String,
    quote: String,
    /// "automatic · 0.70 (rule:event-date)" for a rule-made claim, "curated" otherwise.
    basis: String,
}

/// The claims a dispute or agreement links.
struct Block {
    /// "Khojaly massacre · killed · different figures · people".
    heading: String,
    subject: String,
    sides: Vec<Side>,
}

impl Block {
    fn documents(&self) -> usize {
        self.sides
            .iter()
            .map(|s| s.document.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Independent sources: documents of one publisher count once.
    fn independent(&self) -> usize {
        self.sides
            .iter()
            .map(|s| {
                if s.publisher.is_empty() {
                    (s.document.as_str(), "")
                } else {
                    ("", s.publisher.as_str())
                }
            })
            .collect::<BTreeSet<_>>()
            .len()
    }
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let (name, builtin) = if args.agreements {
        ("agreements", builtin::AGREEMENTS)
    } else {
        ("disputes", builtin::DISPUTES)
    };
    let text = match workspace
        .root
        .as_deref()
        .map(|root| (root, root.join(format!("queries/{name}.rq"))))
        .filter(|(_, path)| path.is_file())
    {
        Some((root, path)) => QueryText {
            text: query::read_canned(root, &path)?,
            origin: path.display().to_string(),
        },
        None => QueryText {
            text: builtin.to_string(),
            origin: format!("<{name}>"),
        },
    };
    let ns = workspace.namespaces();
    let mut params = Vec::new();
    if let Some(about) = &args.about {
        let value = if about.contains(':') {
            about.to_string()
        } else {
            format!("kb:{about}")
        };
        params.push(query::parse_param(ns, &format!("s={value}"))?);
    }
    let prepared = query::prepare(ns, &text)?;
    let store = workspace.open_store(global, args.no_build)?;
    let mut results = query::execute(&store, &text, prepared, &params)?;
    if args.curated {
        results = query::curated::keep_curated(results, &text.origin)?;
    }
    let format = args.format.or_else(default_solutions_format);
    if format.is_some_and(|f| f != Format::Table) {
        output::write(ns, results, format, out)?;
        exiting(store);
        return Ok(());
    }
    let mut blocks = group(ns, results, args.agreements)?;
    exiting(store);
    // Left with one side (--curated), a dispute is none; left with one document, an
    // agreement is none.
    blocks.retain(|b| {
        if args.agreements {
            b.documents() >= 2
        } else {
            b.sides.len() >= 2
        }
    });
    print(&blocks, args.agreements, out)
}

/// The rows, a claim each, as blocks of one dispute (or agreement) each: the query orders
/// the rows of one together.
fn group(ns: &Namespaces, results: QueryResults<'_>, agreements: bool) -> Result<Vec<Block>> {
    let QueryResults::Solutions(solutions) = results else {
        bail!("the disputes query must be a SELECT query");
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut last = String::new();
    for solution in solutions {
        let solution = solution?;
        let get = |name: &str| -> String {
            solution
                .get(Variable::new_unchecked(name))
                .map(|term| display_term(ns, term))
                .unwrap_or_default()
        };
        let node = get(if agreements {
            "corroboration"
        } else {
            "dispute"
        });
        if blocks.is_empty() || node != last {
            let subject = get("subject");
            let mut heading = vec![subject.clone(), get("property")];
            if agreements {
                heading.push(get("agreed"));
            } else {
                heading.push(get("kind"));
            }
            heading.push(get("group"));
            heading.retain(|part| !part.is_empty());
            blocks.push(Block {
                heading: heading.join(" · "),
                subject,
                sides: Vec::new(),
            });
            last = node;
        }
        let block = blocks.last_mut().expect("pushed above");
        block.sides.push(Side {
            stated: get("stated"),
            document: get("document"),
            publisher: get("publisher"),
            source: get("source"),
            basis: query::curated::basis(&get("method"), &get("confidence")),
            quote: get("quote")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    Ok(blocks)
}

fn print(blocks: &[Block], agreements: bool, out: &mut impl Write) -> Result<()> {
    for block in blocks {
        if agreements {
            let publishers: BTreeSet<&str> = block
                .sides
                .iter()
                .map(|s| s.publisher.as_str())
                .filter(|p| !p.is_empty())
                .collect();
            writeln!(out, "{}", block.heading)?;
            let mut line = format!(
                "  stated in {} documents, {} independent",
                block.documents(),
                block.independent()
            );
            if !publishers.is_empty() {
                let names: Vec<&str> = publishers.into_iter().collect();
                line.push_str(&format!(", published by {}", names.join("; ")));
            }
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{}", block.heading)?;
        }
        let first = if agreements { "publisher" } else { "value" };
        let mut table = output::table([first, "document", "according to", "made", "quote"]);
        for side in &block.sides {
            let source = if side.source.is_empty() {
                "(the document)"
            } else {
                side.source.as_str()
            };
            let first = if agreements {
                side.publisher.as_str()
            } else {
                side.stated.as_str()
            };
            table.add_row([
                first,
                side.document.as_str(),
                source,
                side.basis.as_str(),
                side.quote.as_str(),
            ]);
        }
        writeln!(out, "{table}\n")?;
    }
    let subjects: BTreeSet<&str> = blocks.iter().map(|b| b.subject.as_str()).collect();
    let what = if agreements { "agreement" } else { "dispute" };
    writeln!(
        out,
        "{} {what}{} about {} subject{}",
        blocks.len(),
        if blocks.len() == 1 { "" } else { "s" },
        subjects.len(),
        if subjects.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
