//! The commands. Each lives in `src/app/<command>.rs` with its arguments (`Args`, whose doc
//! comments are its `--help`) and its `run`, which checks the arguments before touching the
//! store, then calls the pipeline's stages. `main` only parses the command line and reports
//! errors; this module only dispatches.

mod add;
mod build;
mod cli;
mod coverage;
mod disputes;
mod draft;
mod export;
mod extract;
mod init;
mod link;
mod output;
mod push;
mod queries;
mod query;
mod serve;
mod served;
mod stats;
mod stop;
pub mod terminal;
mod timeline;
mod validate;
mod workspace;

pub use cli::{Cli, Command, Global};

use anyhow::Result;
use std::io::Write;

pub fn run(cli: &Cli, out: &mut impl Write) -> Result<()> {
    let global = &cli.global;
    crate::query::output::set_layout(terminal::layout(global.wide));
    match &cli.command {
        Command::Build(args) => build::run(global, args),
        Command::Query(args) => query::run(global, args, out),
        Command::Timeline(args) => timeline::run(global, args, out),
        Command::Serve(args) => serve::run(global, args),
        Command::Queries(args) => queries::run(global, args, out),
        Command::Export(args) => export::run(global, args, out),
        Command::Disputes(args) => disputes::run(global, args, out),
        Command::Validate(args) => validate::run(global, args, out),
        Command::Extract(args) => extract::run(global, args, out),
        Command::Draft(args) => draft::run(global, args, out),
        Command::Add(args) => add::run(global, args),
        Command::Push(args) => push::run(global, args),
        Command::Link(args) => link::run(global, args, out),
        Command::Coverage(args) => coverage::run(global, args, out),
        Command::Stats(args) => stats::run(global, args, out),
        Command::Stop(args) => stop::run(global, args, out),
        Command::Init(args) => init::run(global, args),
    }
}
