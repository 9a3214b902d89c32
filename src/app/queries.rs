//! `factgraph queries`: the canned queries of the project, each with what it answers.

use super::Global;
use super::workspace::find_workspace;
use crate::query;
use anyhow::Result;
use std::io::Write;

/// List the canned queries (queries/*.rq) with what each answers and how to call it.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(global: &Global, _args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let root = workspace.root(": its queries are in its queries/ folder")?;
    for (name, path) in query::canned_queries(root) {
        let text = query::read_canned(root, &path)?;
        writeln!(out, "{name}")?;
        for line in query::description(&text).lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
