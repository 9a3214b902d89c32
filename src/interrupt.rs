//! What an interrupted command leaves behind. A new store or an export is written under a
//! temporary name and renamed into place; Ctrl-C (SIGINT), SIGTERM or SIGHUP would end the
//! process before the temporary is deleted, leaving a file as large as the store. Each temporary
//! is registered here while it exists, and on such a signal a thread deletes them all, then lets
//! the signal end the process as it would have.
//!
//! SIGKILL cannot be caught: the next build deletes what a killed one left when it takes the
//! build lock (`store::StoreDir::lock`).

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The last terminating signal received (0: none), set in the signal handler itself: the thread
/// that acts on a signal may not have run yet when the command ends.
static RECEIVED: LazyLock<Arc<AtomicUsize>> = LazyLock::new(|| Arc::new(AtomicUsize::new(0)));

fn temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file or folder that is deleted if the process is interrupted, until this is
/// dropped.
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
}

impl Temporary {
    pub fn register(path: &Path) -> Self {
        temporaries().push(path.to_path_buf());
        Self {
            path: path.to_path_buf(),
        }
    }

    /// Renames the temporary to `destination` while no interruption can delete it, so the
    /// rename happens whole or not at all.
    pub fn rename_to(&self, destination: &Path) -> std::io::Result<()> {
        let _held = temporaries();
        std::fs::rename(&self.path, destination)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let mut list = temporaries();
        if let Some(at) = list.iter().rposition(|p| *p == self.path) {
            list.swap_remove(at);
        }
    }
}

/// Starts the thread that deletes the registered temporaries on SIGINT, SIGTERM or SIGHUP.
/// If the handler cannot be installed the command runs on without it: a build lock taken
/// later still deletes what an interrupted build leaves.
pub fn clean_up_on_signals() {
    // A signal the process was started ignoring (`nohup` ignores SIGHUP, a shell's background
    // job SIGINT) stays ignored: catching it would end a process that was meant to live on.
    let ignored = ignored_signals();
    let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&signal| ignored & (1 << (signal - 1)) == 0)
        .collect();
    for &signal in &caught {
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&RECEIVED), signal as usize);
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            // While a pager shows the output, Ctrl-C is the pager's (less stops a search with
            // it); ending here would give the shell the terminal while the pager still has it.
            if signal == SIGINT && PAGING.load(Ordering::SeqCst) {
                let _ = RECEIVED.compare_exchange(
                    SIGINT as usize,
                    0,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
                continue;
            }
            end_by(signal);
        }
    });
}

/// Whether a pager is showing the output (`app::terminal`).
static PAGING: AtomicBool = AtomicBool::new(false);

/// From now until `paging_ended`, Ctrl-C is left to the pager.
pub fn paging_started() {
    PAGING.store(true, Ordering::SeqCst);
}

pub fn paging_ended() {
    PAGING.store(false, Ordering::SeqCst);
}

/// Ends the process as the signal received while the command ran would have, if one was: a
/// command that finished in the instant after Ctrl-C (its store renamed into place) still ends
/// as interrupted, not as a success.
pub fn end_if_interrupted() {
    let signal = RECEIVED.load(Ordering::SeqCst);
    if signal != 0 {
        end_by(signal as i32);
    }
}

/// Deletes the registered temporaries and ends the process by `signal`.
fn end_by(signal: i32) -> ! {
    // Held until the process ends, so no rename into place starts after this; if the other
    // caller holds it, that one ends the process.
    let list = temporaries();
    for path in list.iter() {
        remove_while_written(path);
    }
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    // Only if the default action did not end the process.
    std::process::exit(128 + signal);
}

/// Deletes `path`, a file or a folder that other threads of this process may still be writing
/// into: the on-disk backend's flush and compaction threads add files to a new database while
/// `remove_dir_all` empties it, and its last `rmdir` then fails as the folder is not empty.
/// Those threads name their files by the folder's path, so the folder is first renamed away:
/// under its new name no file can be added to it, and emptying it no longer races them. The new
/// name keeps the old one's start and its `.tmp` end, so a build lock taken after a SIGKILL here
/// still finds it. Should the rename fail, the removal is tried until the folder is gone.
fn remove_while_written(path: &Path) {
    let mut renamed = path.as_os_str().to_owned();
    renamed.push(".deleted.tmp");
    let renamed = PathBuf::from(renamed);
    let path = match std::fs::rename(path, &renamed) {
        Ok(()) => renamed.as_path(),
        Err(_) => path,
    };
    const ATTEMPTS: usize = 1000;
    for _ in 0..ATTEMPTS {
        let removed = match std::fs::symlink_metadata(path) {
            Err(_) => return,
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
            Ok(_) => std::fs::remove_file(path),
        };
        match removed {
            Ok(()) => return,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return,
            Err(_) => std::thread::yield_now(),
        }
    }
}

/// The set of signals this process ignores, as a mask (bit n-1 for signal n), from Linux's
/// /proc/self/status; none where that cannot be read.
fn ignored_signals() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test harness ignores no termination signal; SIGPIPE, which Rust programs ignore,
    /// shows that the mask is read.
    #[test]
    fn the_ignored_signals_are_read_from_the_process_status() {
        let ignored = ignored_signals();
        assert_ne!(ignored & (1 << (signal_hook::consts::SIGPIPE - 1)), 0);
        assert_eq!(ignored & (1 << (SIGTERM - 1)), 0);
    }

    /// A thread that keeps adding files to a folder, as a database's background threads do,
    /// does not keep it from being deleted.
    #[test]
    fn a_folder_still_being_written_is_deleted_whole() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("db-1.tmp");
        std::fs::create_dir(&folder).unwrap();
        let writing = folder.clone();
        let (started, wait_started) = std::sync::mpsc::channel();
        let writer = std::thread::spawn(move || {
            let mut written = 0usize;
            // Ends when the folder is gone: no file can be created in it any more.
            while std::fs::write(writing.join(format!("{written}.sst")), b"x").is_ok() {
                written += 1;
                if written == 100 {
                    started.send(()).unwrap();
                }
            }
            written
        });
        wait_started.recv().unwrap();
        remove_while_written(&folder);
        assert!(!folder.exists());
        assert!(writer.join().unwrap() >= 100);
        assert!(!folder.exists(), "the writer made the folder again");
        let left: Vec<_> = std::fs::read_dir(root.path()).unwrap().flatten().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
