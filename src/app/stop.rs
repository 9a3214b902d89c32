//! `factgraph stop`: ends the project's server.

use super::Global;
use super::workspace::find_workspace;
use crate::serve::detach::{self, Stopped};
use anyhow::Result;
use std::io::Write;

/// Stop the server of the project's store (one started by `factgraph serve`, in the
/// background with --detach or not).
///
/// The server is found through server.json in the store folder, and sent SIGTERM only once it
/// has answered with that record's token; then this waits for it to end. A record whose server
/// no longer answers is deleted, and its process, if any, left alone.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(global: &Global, _args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    match detach::stop(&workspace.store)? {
        Stopped::NoServer => writeln!(out, "no server is running for this store")?,
        Stopped::Ended(record) => writeln!(
            out,
            "stopped the server at http://{}/sparql (PID {})",
            record.address, record.pid
        )?,
        Stopped::Stale(record) => writeln!(
            out,
            "the server at http://{}/sparql (PID {}) did not answer; deleted its record",
            record.address, record.pid
        )?,
    }
    Ok(())
}
