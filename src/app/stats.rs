//! `factgraph stats`: documents, entities, claims, mentions and triples, per document and in
//! all.

use super::Global;
use super::output::run_builtin_query;
use super::workspace::find_workspace;
use crate::query::builtin;
use crate::query::output::Format;
use anyhow::Result;
use std::io::Write;

/// Count documents, entities, claims, mentions and triples, per document.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: table (default on a terminal), csv, tsv, json, xml.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let store = workspace.open_store(global, false)?;
    let ns = workspace.namespaces();
    run_builtin_query(ns, &store, builtin::STATS, "<stats>", args.format, out)?;
    let totals = builtin::totals(store.len()?);
    run_builtin_query(ns, &store, &totals, "<stats>", args.format, out)
}
