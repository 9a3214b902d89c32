//! A server in the background: `serve --detach` starts one and returns once it answers;
//! `factgraph stop` ends it. Both find it through its record (`record`), and believe a record
//! only once the server it names has answered with its token (`delegate::running`).

use super::delegate;
use super::record::{self, Record};
use crate::diagnostic::Refusal;
use crate::store::StoreDir;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where a detached server's messages go, in the store folder.
pub const LOG_FILE: &str = "server.log";

/// How long a detached server may take to load the store and answer (1000× the corpus takes
/// minutes on a slow machine).
const START_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// How long a server may take to end after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(25);

/// Starts this command again without `--detach`, in a process group of its own (Ctrl-C in
/// this terminal does not reach it), its output appended to the store's `server.log`, and
/// returns its record once it answers.
pub fn start(store: &StoreDir) -> Result<Record> {
    let log_path = store.path.join(LOG_FILE);
    if std::fs::symlink_metadata(&log_path).is_ok_and(|m| !m.is_file()) {
        bail!(Refusal::new(
            format!("{} is not a regular file", log_path.display()),
            "delete it: a detached server writes its messages there"
        ));
    }
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&log_path)
        .with_context(|| format!("cannot open {}", log_path.display()))?;
    let arguments: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|argument| argument != "--detach")
        .collect();
    let mut child = Command::new(std::env::current_exe()?)
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .context("cannot start the server's process")?;
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(exit) = child.try_wait()? {
            bail!(Refusal::new(
                format!("the server ended before it answered ({exit})"),
                format!("its messages are in {}", log_path.display())
            ));
        }
        if let Some((record, status)) = delegate::running(store)
            && status.pid == child.id()
        {
            return Ok(record);
        }
        if Instant::now() >= deadline {
            bail!(Refusal::new(
                format!(
                    "the server (PID {}) did not answer within {} minutes",
                    child.id(),
                    START_TIMEOUT.as_secs() / 60
                ),
                format!(
                    "it may still be loading; see {}, and end it with `kill {}`",
                    log_path.display(),
                    child.id()
                )
            ));
        }
        std::thread::sleep(POLL);
    }
}

/// What `stop` found and did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// No record: no server was started on this store, or it ended cleanly.
    NoServer,
    /// The server answered, was sent SIGTERM and ended.
    Ended(Record),
    /// A record whose server does not answer (killed, or hung): the record is deleted, the
    /// process (if any) left alone, since nothing proves it is a factgraph server.
    Stale(Record),
}

/// Ends the server of `store`: SIGTERM to the process its record names, once that process
/// answered with the record's token, then waits for it to end.
pub fn stop(store: &StoreDir) -> Result<Stopped> {
    let Some(found) = Record::read(store) else {
        return Ok(Stopped::NoServer);
    };
    let Some((record, status)) = delegate::running(store) else {
        record::remove(store)?;
        return Ok(Stopped::Stale(found));
    };
    let pid = i32::try_from(status.pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .context("the server's record names no valid PID")?;
    rustix::process::kill_process(pid, rustix::process::Signal::TERM)
        .with_context(|| format!("cannot signal the server (PID {})", status.pid))?;
    let deadline = Instant::now() + STOP_TIMEOUT;
    while alive(pid) {
        if Instant::now() >= deadline {
            bail!(Refusal::new(
                format!(
                    "the server (PID {}) did not end within {} seconds",
                    status.pid,
                    STOP_TIMEOUT.as_secs()
                ),
                format!("end it with `kill -9 {}`", status.pid)
            ));
        }
        std::thread::sleep(POLL);
    }
    record.remove_if_ours(store);
    Ok(Stopped::Ended(record))
}

/// The process exists and has not ended: a zombie (ended, not yet waited for by its parent)
/// holds no socket and answers nothing.
fn alive(pid: rustix::process::Pid) -> bool {
    if rustix::process::test_kill_process(pid).is_err() {
        return false;
    }
    // /proc/PID/stat: "PID (NAME) STATE …", NAME possibly holding spaces or parentheses.
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.as_raw_nonzero()));
    !stat.is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
    })
}
