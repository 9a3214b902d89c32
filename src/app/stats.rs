//! `factgraph stats`: documents, entities, claims, mentions and triples, per document and in
//! all.

use super::Global;
use super::output::default_solutions_format;
use super::output::run_builtin_query;
use super::workspace::find_workspace;
use crate::query::builtin;
use crate::query::output::{Format, ResultsFormat};
use anyhow::Result;
use std::io::Write;

/// Count documents, entities, claims, mentions and triples, per document.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: table (default on a terminal), csv, tsv, json, xml.
    #[arg(long, value_enum)]
    pub format: Option<ResultsFormat>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let store = workspace.open_store(global, false)?;
    let ns = workspace.namespaces();
    run_builtin_query(
        ns,
        &store,
        builtin::STATS,
        "<stats>",
        args.format.map(Into::into),
        out,
    )?;
    let totals = builtin::totals(store.len()?);
    run_builtin_query(
        ns,
        &store,
        &totals,
        "<stats>",
        args.format.map(Into::into),
        out,
    )?;
    let format = args
        .format
        .map(Format::from)
        .or_else(default_solutions_format);
    if format.is_none_or(|f| f == Format::Table) {
        writeln!(out, "\n{QUADS_COUNT}")?;
    }
    Ok(())
}

/// What the quads of `stats` count, beside the two other sizes a user meets.
const QUADS_COUNT: &str = "\
quads: each triple once per graph that holds it (a triple two claims state counts twice),
the dataset's VoID description included. `factgraph query dataset` counts distinct
triples; an export's last line says what it wrote.";
