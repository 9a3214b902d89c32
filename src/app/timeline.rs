//! `factgraph timeline`: the canned timeline query, kept to a period, a document or an entity.

use super::Global;
use super::output::{canned_or_builtin, default_solutions_format};
use super::workspace::{exiting, find_workspace};
use crate::query::entities::{self, Asked};
use crate::query::output::{self, Format, ResultsFormat};
use crate::query::period::Period;
use crate::query::{self, builtin};
use anyhow::Result;
use oxigraph::model::{Literal, Term, Variable};
use std::io::Write;

/// List everything the documents date, earliest first, with who states it and the quote.
///
/// The rows of `factgraph query timeline` (queries/timeline.rq), kept to a period, a document
/// or an entity. A date keeps the precision its source gives: with --from 1994-02, a claim
/// dated "1994" stays (the year holds February), one dated 1994-01 does not.
///
/// Examples:
///   factgraph timeline --from 1988 --to 1994
///   factgraph timeline --entity 'Khojaly massacre'
///   factgraph timeline --document 003 --curated
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only dates that overlap this one or come after: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only dates that overlap this one or come before: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Only what this document dates: its identifier, a prefix only it has (003), or doc:….
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// Only the dates of this entity: a slug (khojaly-massacre), kb:…, a label ("Khojaly
    /// massacre") or an alias (Kocaeli).
    #[arg(long, value_name = "ENTITY")]
    pub entity: Option<String>,

    /// Only curated claims (no rule-made ones).
    #[arg(long)]
    pub curated: bool,

    /// table (default on a terminal), csv, tsv (default in a pipe), json or xml.
    #[arg(long, value_enum)]
    pub format: Option<ResultsFormat>,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let period = Period::new(args.from.as_deref(), args.to.as_deref())?;
    let workspace = find_workspace(global)?;
    let ns = workspace.namespaces();
    let text = canned_or_builtin(&workspace, "timeline", builtin::TIMELINE)?;
    let prepared = query::prepare(ns, &text)?;
    let store = workspace.open_store(global, args.no_build)?;
    let mut params: Vec<(Variable, Term)> = Vec::new();
    if let Some(entity) = &args.entity {
        let asked = Asked {
            option: "--entity",
            value: entity,
        };
        let entity = entities::resolve(&store, ns, &asked)?;
        params.push((Variable::new_unchecked("event"), entity.into()));
    }
    if let Some(document) = &args.document {
        let asked = Asked {
            option: "--document",
            value: document,
        };
        let identifier = entities::resolve_document(&store, &asked)?;
        let identifier = Literal::new_simple_literal(identifier);
        params.push((Variable::new_unchecked("document"), identifier.into()));
    }
    let results = query::execute(&store, &text, prepared, &params)?;
    let results = query::curated::keep_if(args.curated, results, &text.origin)?;
    let results = period.keep(results, "date")?;
    let format = args
        .format
        .map(Format::from)
        .or_else(default_solutions_format);
    output::write(ns, Some(&store), results, format, out)?;
    exiting(store);
    Ok(())
}
