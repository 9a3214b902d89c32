//! Standard output for people: the width tables are fitted to, and a pager for output longer
//! than the screen. In a pipe or a file nothing changes: every byte goes straight through.

use crate::query::output::Layout;
use std::io::{self, IsTerminal, Stdout, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

/// The width of a terminal that reports none (a serial console, `script` without a size).
const FALLBACK_WIDTH: u16 = 80;

/// How tables are laid out on standard output: fitted to the terminal (its reported width,
/// else `COLUMNS`, else 80 columns), whole in a pipe or with `wide`.
pub fn layout(wide: bool) -> Layout {
    let stdout = io::stdout();
    let width = stdout.is_terminal().then(|| {
        screen_size()
            .map(|(_, columns)| columns)
            .or_else(columns_from_environment)
            .unwrap_or(FALLBACK_WIDTH)
    });
    Layout { width, wide }
}

/// Rows and columns of the terminal on standard output, when it reports them.
fn screen_size() -> Option<(u16, u16)> {
    console::Term::stdout().size_checked()
}

fn columns_from_environment() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|&c| c > 0)
}

/// Where a command's standard output goes. On a terminal, output longer than the screen is
/// handed to a pager (`FACTGRAPH_PAGER`, else `PAGER`, else `less`, with `LESS=FRX` unless
/// set); until then it is held, so a short answer is printed as it is.
pub enum Output {
    Direct(io::BufWriter<Stdout>),
    Held {
        held: Vec<u8>,
        lines: usize,
        /// The lines that fit on the screen: one more starts the pager.
        screen: usize,
        pager: String,
    },
    Paged {
        pager: Child,
        input: io::BufWriter<ChildStdin>,
    },
}

impl Output {
    /// Standard output, paged when `paging` and it is a terminal that reports its height and
    /// a pager is set (an empty `PAGER`, or `cat`, turns paging off).
    pub fn new(paging: bool) -> Self {
        let direct = || Output::Direct(io::BufWriter::new(io::stdout()));
        if !paging || !io::stdout().is_terminal() {
            return direct();
        }
        let (Some((rows, _)), Some(pager)) = (screen_size(), pager_command()) else {
            return direct();
        };
        Output::Held {
            held: Vec::new(),
            lines: 0,
            // The last line of the screen is the shell's prompt once the command ends.
            screen: usize::from(rows).saturating_sub(1).max(1),
            pager,
        }
    }

    /// Writes what is held and waits for the pager, if one was started, to be quit.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Direct(mut out) => out.flush(),
            Output::Held { held, .. } => {
                let mut stdout = io::stdout();
                stdout.write_all(&held)?;
                stdout.flush()
            }
            Output::Paged { mut pager, input } => {
                // A pager quit before the end closed its input: what was left is not wanted.
                let flushed = input.into_inner().map(drop).map_err(|e| e.into_error());
                let waited = pager.wait();
                crate::interrupt::paging_ended();
                match flushed {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
                    _ => {}
                }
                waited.map(drop)
            }
        }
    }

    /// Starts the pager and hands it what is held; without one, prints it as it is.
    fn start_pager(&mut self) -> io::Result<()> {
        let Output::Held { held, pager, .. } = self else {
            return Ok(());
        };
        let held = std::mem::take(held);
        *self = match spawn_pager(pager) {
            Some((pager, input)) => {
                crate::interrupt::paging_started();
                Output::Paged {
                    pager,
                    input: io::BufWriter::new(input),
                }
            }
            None => Output::Direct(io::BufWriter::new(io::stdout())),
        };
        self.write_all(&held)
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Output::Direct(out) => out.write(bytes),
            Output::Paged { input, .. } => input.write(bytes),
            Output::Held {
                held,
                lines,
                screen,
                ..
            } => {
                held.extend_from_slice(bytes);
                *lines += memchr::memchr_iter(b'\n', bytes).count();
                if *lines > *screen {
                    self.start_pager()?;
                }
                Ok(bytes.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Direct(out) => out.flush(),
            Output::Paged { input, .. } => input.flush(),
            Output::Held { .. } => Ok(()),
        }
    }
}

/// The pager the user set, or `less`; `None` when paging is turned off.
fn pager_command() -> Option<String> {
    let Ok(command) = std::env::var("FACTGRAPH_PAGER").or_else(|_| std::env::var("PAGER")) else {
        // A pager that the shell cannot find would take the output with it.
        return on_path("less").then(|| "less".to_string());
    };
    let command = command.trim();
    (!command.is_empty() && command != "cat").then(|| command.to_string())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Starts `command` through the shell (so `PAGER="less -S"` works) reading from a pipe; `None`
/// if it cannot be started.
fn spawn_pager(command: &str) -> Option<(Child, ChildStdin)> {
    let mut shell = Command::new("sh");
    shell.args(["-c", command]).stdin(Stdio::piped());
    // less: quit if it fits one screen (F), keep colours (R), leave the text on the screen (X).
    if std::env::var_os("LESS").is_none() {
        shell.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        shell.env("LV", "-c");
    }
    let mut pager = shell.spawn().ok()?;
    let input = pager.stdin.take()?;
    Some((pager, input))
}
