//! `factgraph disputes`: where the sources disagree, one block per subject and property, with
//! every side's value, document, attribution and quote.
//!
//! What counts as a disagreement is defined once, in `queries/disputes.rq`, so that the command
//! and `factgraph query disputes` always agree; this module only groups and prints its rows.

use super::Global;
use super::output::default_solutions_format;
use super::workspace::{exiting, find_workspace};
use crate::query::output::{self, Format, display_term};
use crate::query::{self, QueryText};
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::model::Variable;
use oxigraph::sparql::QueryResults;
use std::io::Write;

/// List where the sources disagree, each side's value, document and quote side by side.
///
/// Found from the data (queries/disputes.rq defines it, and `factgraph query disputes` gives
/// the same rows): two sources (a document, with whom it attributes the statement to) that
/// give figures that cannot both hold once their hedges are read ("about", "more than", a
/// range) for the same thing counted as of the same date; dates neither of which contains
/// the other; the same figure for different groups; different values of a property that has
/// one value. A source that also states the other side's value is not in dispute with it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only disputes about this entity (a slug such as khojaly-massacre, or kb:…).
    #[arg(long, value_name = "ENTITY")]
    pub about: Option<String>,

    /// table (default on a terminal: one block per dispute), or the query's rows as csv,
    /// tsv, json or xml.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,

    /// Keep to disputes between curated claims: leave out every side a rule made.
    #[arg(long)]
    pub curated: bool,
}

/// One side of a dispute: what one source says.
struct Side {
    claim: String,
    value: String,
    document: String,
    source: String,
    quote: String,
    /// "automatic · 0.70 (rule:event-date)" for a rule-made claim, "curated" otherwise.
    basis: String,
}

/// The sides that disagree about one property of one subject.
struct Dispute {
    subject: String,
    property: String,
    kind: String,
    sides: Vec<Side>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let text = match workspace
        .root
        .as_deref()
        .map(|root| (root, root.join("queries/disputes.rq")))
        .filter(|(_, path)| path.is_file())
    {
        Some((root, path)) => QueryText {
            text: query::read_canned(root, &path)?,
            origin: path.display().to_string(),
        },
        None => QueryText {
            text: query::builtin::DISPUTES.to_string(),
            origin: "<disputes>".into(),
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
    let disputes = group(ns, results)?;
    exiting(store);
    print(&disputes, out)
}

fn group(ns: &Namespaces, results: QueryResults<'_>) -> Result<Vec<Dispute>> {
    let QueryResults::Solutions(solutions) = results else {
        bail!("the disputes query must be a SELECT query");
    };
    let mut disputes: Vec<Dispute> = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let get = |name: &str| -> String {
            solution
                .get(Variable::new_unchecked(name))
                .map(|term| display_term(ns, term))
                .unwrap_or_default()
        };
        let (subject, property, kind) = (get("subject"), get("property"), get("kind"));
        let is_new = disputes
            .last()
            .is_none_or(|d| (&d.subject, &d.property, &d.kind) != (&subject, &property, &kind));
        if is_new {
            disputes.push(Dispute {
                subject,
                property,
                kind,
                sides: Vec::new(),
            });
        }
        let dispute = disputes.last_mut().expect("pushed above");
        for end in ["A", "B"] {
            let claim = get(&format!("claim{end}"));
            if dispute.sides.iter().any(|side| side.claim == claim) {
                continue;
            }
            let value = solution
                .get(Variable::new_unchecked(format!("value{end}")))
                .map(|term| display_term(ns, term))
                .unwrap_or_default();
            dispute.sides.push(Side {
                claim,
                value: describe(
                    &value,
                    &get(&format!("qualifier{end}")),
                    &get(&format!("unit{end}")),
                ),
                document: get(&format!("document{end}")),
                source: get(&format!("source{end}")),
                basis: query::curated::basis(
                    &get(&format!("method{end}")),
                    &get(&format!("confidence{end}")),
                ),
                quote: get(&format!("quote{end}"))
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }
    Ok(disputes)
}

/// "about 192 Azerbaijani soldiers", "more than 500", "1992-02-26".
fn describe(value: &str, qualifier: &str, unit: &str) -> String {
    let hedge = match qualifier {
        "" | "exact" | "range" => "",
        "approximately" => "about ",
        other => return format!("{other} {value} {unit}").trim_end().to_string(),
    };
    format!("{hedge}{value} {unit}").trim_end().to_string()
}

fn kind_title(kind: &str) -> &str {
    match kind {
        "figure" => "different figures",
        "date" => "different dates",
        "counted" => "the same figure for different groups",
        "value" => "different values",
        other => other,
    }
}

fn print(disputes: &[Dispute], out: &mut impl Write) -> Result<()> {
    for dispute in disputes {
        writeln!(
            out,
            "{} · {} · {}",
            dispute.subject,
            dispute.property,
            kind_title(&dispute.kind)
        )?;
        let mut table = output::table(["value", "document", "according to", "made", "quote"]);
        for side in &dispute.sides {
            let source = if side.source.is_empty() {
                "(the document)"
            } else {
                side.source.as_str()
            };
            table.add_row([
                side.value.as_str(),
                side.document.as_str(),
                source,
                side.basis.as_str(),
                side.quote.as_str(),
            ]);
        }
        writeln!(out, "{table}\n")?;
    }
    let subjects: std::collections::BTreeSet<&str> =
        disputes.iter().map(|d| d.subject.as_str()).collect();
    writeln!(
        out,
        "{} dispute{} about {} subject{}",
        disputes.len(),
        if disputes.len() == 1 { "" } else { "s" },
        subjects.len(),
        if subjects.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
