//! The store: an in-memory oxigraph dataset persisted as one snapshot file.
//!
//! **Architecture invariant:** this is the only module that creates or loads an oxigraph
//! `Store`; an on-disk backend (RocksDB) would replace this module and nothing else.
//!
//! The snapshot is N-Quads with a header comment recording the fingerprint of the inputs it was
//! built from. It is written beside the old one, synced, and renamed into place, so readers see
//! either the old dataset or the new one, whole, and a failed or killed build loses nothing.
//! Builds hold an exclusive lock on `build.lock`, which the OS releases if the build dies.

use anyhow::{Context, Result, bail};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const SNAPSHOT: &str = "snapshot.nq";
const LOCK: &str = "build.lock";
/// Advisory: the stat fingerprint of the inputs that had the snapshot's content fingerprint.
const STAMP: &str = "inputs.stamp";
const HEADER_PREFIX: &str = "# factgraph snapshot v1 inputs=";

/// Where a store lives: a directory holding the snapshot and the build lock.
#[derive(Debug, Clone)]
pub struct StoreDir {
    pub path: PathBuf,
}

/// Held while a build writes the store; dropping it releases the lock.
#[derive(Debug)]
pub struct BuildLock {
    _file: File,
}

impl StoreDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn snapshot_path(&self) -> PathBuf {
        self.path.join(SNAPSHOT)
    }

    /// The fingerprint of the inputs the current snapshot was built from, if there is one.
    pub fn built_from(&self) -> Option<String> {
        let file = File::open(self.snapshot_path()).ok()?;
        let mut line = String::new();
        BufReader::new(file).read_line(&mut line).ok()?;
        line.trim_end()
            .strip_prefix(HEADER_PREFIX)
            .map(str::to_string)
    }

    /// The stat fingerprint recorded for the snapshot's inputs, if the record matches the
    /// snapshot (see `inputs::stat_fingerprint`).
    pub fn stamp(&self) -> Option<String> {
        let text = fs::read_to_string(self.path.join(STAMP)).ok()?;
        let (stat, content) = text.trim().split_once(' ')?;
        (self.built_from().as_deref() == Some(content)).then(|| stat.to_string())
    }

    /// Records that inputs with stat fingerprint `stat` have content fingerprint `content`.
    /// Losing this file costs one content hash, nothing else, so it is written without sync.
    pub fn set_stamp(&self, stat: &str, content: &str) -> Result<()> {
        let temporary = self
            .path
            .join(format!("{STAMP}.{}.tmp", std::process::id()));
        fs::write(&temporary, format!("{stat} {content}\n"))?;
        fs::rename(&temporary, self.path.join(STAMP))?;
        Ok(())
    }

    /// Takes the build lock, or fails at once naming the process that holds it.
    pub fn try_lock(&self) -> Result<BuildLock> {
        let file = self.open_lock()?;
        match file.try_lock() {
            Ok(()) => self.locked(file),
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = File::open(self.path.join(LOCK))
                    .and_then(|mut f| f.read_to_string(&mut holder));
                bail!(
                    "the store at {} is being built by PID {}; wait for that build to finish (or stop it) and run the command again",
                    self.path.display(),
                    holder.trim()
                )
            }
            Err(TryLockError::Error(err)) => Err(err).context("cannot lock the store"),
        }
    }

    /// Takes the build lock, waiting for a running build to finish first.
    pub fn lock(&self) -> Result<BuildLock> {
        let file = self.open_lock()?;
        file.lock().context("cannot lock the store")?;
        self.locked(file)
    }

    /// Records the holder's PID, and deletes the new snapshots of builds that died before
    /// renaming theirs into place: with the lock held, no live build is writing one.
    fn locked(&self, mut file: File) -> Result<BuildLock> {
        file.set_len(0)?;
        write!(file, "{}", std::process::id())?;
        for entry in fs::read_dir(&self.path)?.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(SNAPSHOT) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(BuildLock { _file: file })
    }

    fn open_lock(&self) -> Result<File> {
        fs::create_dir_all(&self.path).with_context(|| {
            format!("cannot create the store directory {}", self.path.display())
        })?;
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(self.path.join(LOCK))
            .with_context(|| format!("cannot open {}", self.path.join(LOCK).display()))
    }

    /// Replaces the snapshot with `quads`, atomically. The caller holds the build lock.
    pub fn write(&self, lock: &BuildLock, quads: &[Quad], inputs_fingerprint: &str) -> Result<()> {
        self.write_pending(lock, quads, inputs_fingerprint)?
            .commit()
    }

    /// Writes `quads` beside the snapshot, synced, without replacing it yet: the build checks
    /// the graph meanwhile, then commits or drops the new snapshot.
    pub fn write_pending(
        &self,
        _lock: &BuildLock,
        quads: &[Quad],
        inputs_fingerprint: &str,
    ) -> Result<PendingSnapshot> {
        let temporary = self
            .path
            .join(format!("{SNAPSHOT}.{}.tmp", std::process::id()));
        let pending = PendingSnapshot {
            temporary,
            snapshot: self.snapshot_path(),
            directory: self.path.clone(),
        };
        write_snapshot(&pending.temporary, quads, inputs_fingerprint)?;
        Ok(pending)
    }

    /// Loads the snapshot into a new in-memory store.
    pub fn load(&self) -> Result<Store> {
        let path = self.snapshot_path();
        let bytes = fs::read(&path).with_context(|| {
            format!(
                "no store at {}; run `factgraph build` first",
                self.path.display()
            )
        })?;
        load_nquads(&bytes).with_context(|| {
            format!(
                "the snapshot {} is unreadable; run `factgraph build` to rebuild it",
                path.display()
            )
        })
    }
}

/// A new snapshot written and synced beside the current one. Dropped without [`commit`], it is
/// deleted and the current snapshot stays.
///
/// [`commit`]: PendingSnapshot::commit
pub struct PendingSnapshot {
    temporary: PathBuf,
    snapshot: PathBuf,
    directory: PathBuf,
}

impl PendingSnapshot {
    /// Moves the new snapshot into place, atomically.
    pub fn commit(self) -> Result<()> {
        fs::rename(&self.temporary, &self.snapshot)
            .context("cannot move the new snapshot into place")?;
        // The rename is durable only once the directory entry is.
        File::open(&self.directory)
            .and_then(|dir| dir.sync_all())
            .ok();
        Ok(())
    }
}

impl Drop for PendingSnapshot {
    fn drop(&mut self) {
        // After a commit the file has been renamed away, and this does nothing.
        let _ = fs::remove_file(&self.temporary);
    }
}

/// A new in-memory store holding the N-Quads of `bytes`.
///
/// The snapshot is our own output, already validated when it was built, so it is parsed without
/// re-checking IRIs, and in parallel: loading is most of the time a query takes.
pub fn load_nquads(bytes: &[u8]) -> Result<Store> {
    let store = Store::new()?;
    // The loader uses half its threads for parsing; ask for four to get two parsers.
    let mut loader = store.bulk_loader().with_num_threads(4);
    loader.parallel_load_from_slice(RdfParser::from_format(RdfFormat::NQuads).lenient(), bytes)?;
    loader.commit()?;
    Ok(store)
}

/// A new in-memory store holding `quads`.
pub fn from_quads(quads: &[Quad]) -> Result<Store> {
    let store = Store::new()?;
    let mut loader = store.bulk_loader();
    loader.load_quads(quads.iter().cloned())?;
    loader.commit()?;
    Ok(store)
}

fn write_snapshot(path: &Path, quads: &[Quad], inputs_fingerprint: &str) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    writeln!(out, "{HEADER_PREFIX}{inputs_fingerprint}")?;
    let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
    for quad in quads {
        serializer.serialize_quad(quad)?;
    }
    let out = serializer.finish()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
        .context("cannot sync the new snapshot to disk")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn quad(n: u32) -> Quad {
        let node = NamedNode::new_unchecked(format!("http://example.org/{n}"));
        Quad::new(
            node.clone(),
            node,
            Literal::from(n),
            GraphName::DefaultGraph,
        )
    }

    #[test]
    fn writes_and_reloads_with_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        let lock = store.try_lock().unwrap();
        store
            .write_pending(&lock, &[quad(1), quad(2)], "abc")
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(store.built_from().as_deref(), Some("abc"));
        assert_eq!(store.load().unwrap().len().unwrap(), 2);
        // no temporary file is left behind
        let names: Vec<_> = fs::read_dir(&store.path)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn taking_the_lock_deletes_what_a_killed_build_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        fs::write(dir.path().join("snapshot.nq.4242.tmp"), "half a snapshot").unwrap();
        let _held = store.try_lock().unwrap();
        assert!(!dir.path().join("snapshot.nq.4242.tmp").exists());
    }

    #[test]
    fn a_second_builder_is_refused_with_the_holders_pid() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        let _held = store.try_lock().unwrap();
        let err = store.try_lock().unwrap_err().to_string();
        assert!(
            err.contains(&format!("being built by PID {}", std::process::id())),
            "{err}"
        );
    }
}
