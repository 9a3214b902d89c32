//! `factgraph build`: check every input and build the store.

use super::Global;
use super::workspace::{find_workspace, report_build};
use anyhow::Result;

/// Check every input and build the store.
///
/// Reads seeds/ (documents and metadata.toml), ontology/factgraph.ttl, data/entities/*.toml
/// and data/facts/*.toml; checks every claim's quote against its document; and writes the
/// store. All problems are reported at once, each with file:line:column. The build is
/// atomic: if anything fails, the previous store is left exactly as it was.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(global: &Global, _args: &Args) -> Result<()> {
    let workspace = find_workspace(global)?;
    let root = workspace.root(": there is nothing to build")?;
    let report = crate::build::build(root, &workspace.store, global.quiet)?;
    report_build(global, &report);
    Ok(())
}
