//! The factgraph binary: parses the command line, runs the command, reports errors once.

use clap::Parser;
use factgraph::app::Cli;
use factgraph::app::terminal::Output;
use std::process::ExitCode;

/// The stack of the thread that runs the command: parsing and evaluating a query or a shapes
/// graph recurse over it, and the input limits keep that far below this.
const STACK_BYTES: usize = 64 << 20;

fn main() -> ExitCode {
    match std::thread::Builder::new()
        .name("factgraph".into())
        .stack_size(STACK_BYTES)
        .spawn(run)
        .map(std::thread::JoinHandle::join)
    {
        Ok(Ok(code)) => {
            factgraph::interrupt::end_if_interrupted();
            code
        }
        Ok(Err(_)) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("factgraph: cannot start the main thread: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl-C during a build must not leave a temporary copy of the store behind.
    factgraph::interrupt::clean_up_on_signals();
    let mut out = Output::new(!cli.global.no_pager);
    let result = factgraph::app::run(&cli, &mut out);
    // The pager, if one was started, is quit before an error is printed below it.
    let finished = out.finish();
    let result = result.and_then(|()| finished.map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("factgraph: {}", factgraph::diagnostic::render(&err));
            ExitCode::FAILURE
        }
    }
}

/// `factgraph query … | head` closes the pipe early; that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
