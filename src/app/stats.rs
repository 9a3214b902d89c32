//! `factgraph stats`: documents, entities, claims, mentions and triples, per document and in
//! all.

use super::Global;
use super::output::{default_solutions_format, run_builtin_query};
use super::served;
use super::workspace::find_workspace;
use crate::query::builtin;
use crate::query::output::{Format, ResultsFormat};
use crate::vocab::Namespaces;
use anyhow::Result;
use oxigraph::store::Store;
use std::io::Write;

/// Count documents, entities, claims, mentions and triples, per document.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: table (default on a terminal), csv, tsv, json, xml.
    #[arg(long, value_enum)]
    pub format: Option<ResultsFormat>,
}

/// What `stats` prints, as its command line asks it (`served`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Work {
    /// The format, with the default for where the output goes already chosen.
    format: Option<Format>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let work = Work {
        format: args
            .format
            .map(Format::from)
            .or_else(default_solutions_format),
    };
    workspace.ensure_current(global)?;
    let ns = workspace.namespaces();
    served::answer(
        &workspace,
        &served::Work::Stats(work.clone()),
        out,
        |store, out| answer(store, ns, &work, out),
    )
}

/// Writes what `stats` prints for `work` on `store`.
pub(super) fn answer(
    store: &Store,
    ns: &Namespaces,
    work: &Work,
    out: &mut impl Write,
) -> Result<()> {
    run_builtin_query(ns, store, builtin::STATS, "<stats>", work.format, out)?;
    let totals = builtin::totals(store.len()?);
    run_builtin_query(ns, store, &totals, "<stats>", work.format, out)?;
    if work.format.is_none_or(|f| f == Format::Table) {
        writeln!(out, "\n{QUADS_COUNT}")?;
    }
    Ok(())
}

/// What the quads of `stats` count, beside the two other sizes a user meets.
const QUADS_COUNT: &str = "\
quads: each triple once per graph that holds it (a triple two claims state counts twice),
the dataset's VoID description included. `factgraph query dataset` counts distinct
triples; an export's last line says what it wrote.";
