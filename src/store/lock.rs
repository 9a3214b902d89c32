//! Exclusive locks on a file, for the build (`build.lock` in the store directory) and for edits of
//! the inputs (`inputs.lock`). The OS releases a lock when its holder dies, so a killed process
//! never leaves one behind; the file holds the holder's PID, for the message of whoever waits.

use anyhow::{Context, Result};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::Path;

/// Takes the lock on `path` if it is free; otherwise returns who holds it, as
/// [`holder`] words it.
pub fn try_take(path: &Path) -> Result<Result<File, String>> {
    let file = open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Ok(mark(file, path)?)),
        Err(TryLockError::WouldBlock) => Ok(Err(holder(path))),
        Err(TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Takes the lock on `path`, waiting for its holder to let go; `waiting` hears who holds it
/// before the wait begins, so that a process never waits without saying for whom.
pub fn take(path: &Path, waiting: impl FnOnce(&str)) -> Result<File> {
    match try_take(path)? {
        Ok(file) => Ok(file),
        Err(holder) => {
            waiting(&holder);
            let file = open(path)?;
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
            mark(file, path)
        }
    }
}

/// Who holds the lock on `path`: "PID n", or "another process" if it has not written its PID
/// within a moment of taking the lock (it writes it right after; the wait is bounded, so a
/// holder stopped in between cannot hold this one up).
fn holder(path: &Path) -> String {
    for _ in 0..50 {
        let mut pid = String::new();
        let _ = File::open(path).and_then(|mut f| f.read_to_string(&mut pid));
        let pid = pid.trim();
        if !pid.is_empty() {
            return format!("PID {pid}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    "another process".to_string()
}

/// Records our PID in the lock file we now hold.
fn mark(mut file: File, path: &Path) -> Result<File> {
    (|| {
        file.set_len(0)?;
        write!(file, "{}", std::process::id())
    })()
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(file)
}

fn open(path: &Path) -> Result<File> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))
}
