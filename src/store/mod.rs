//! The store: the built dataset, on disk between commands, with atomic replacement.
//!
//! **Architecture invariant:** this is the only module that creates or opens an oxigraph
//! `Store` from the project's store directory. Two backends implement it, chosen at compile
//! time: `snapshot` (default: an N-Quads file loaded into memory by each command) and `disk`
//! (the `rocksdb` feature: an on-disk RocksDB store each command opens read-only in
//! milliseconds). Nothing outside this module knows which one it runs on.
//!
//! Either way a new store is written beside the current one under a temporary name, made
//! durable, and put in place by one rename, so readers see either the old dataset or the new
//! one, whole, and a failed or killed build loses nothing. Each store records the fingerprint of
//! the inputs it was built from in a header line. Builds hold an exclusive lock on `build.lock`,
//! which the OS releases if the build dies.

#[cfg(feature = "rocksdb")]
mod disk;
mod lock;
#[cfg(not(feature = "rocksdb"))]
mod snapshot;

#[cfg(feature = "rocksdb")]
use disk as backend;
#[cfg(not(feature = "rocksdb"))]
use snapshot as backend;

use crate::interrupt::Temporary;
use anyhow::{Context, Result, bail};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

const LOCK: &str = "build.lock";
/// Advisory: the stat fingerprint of the inputs that had the store's content fingerprint.
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

/// The lock that serializes edits of a project's inputs, beside the default store: in the
/// project, so that every command editing it meets the same lock whatever `--store` it names.
const INPUTS_LOCK: &str = ".factgraph/inputs.lock";

/// Held while a command reads, changes and writes the project's inputs (`factgraph add`), so
/// that two such edits never interleave; dropping it releases the lock.
#[derive(Debug)]
pub struct InputsLock {
    _file: File,
}

/// Takes the inputs lock of the project at `root`, waiting for the command that holds it;
/// `waiting` hears who holds it ("PID n") before the wait begins.
pub fn lock_inputs(root: &Path, waiting: impl FnOnce(&str)) -> Result<InputsLock> {
    let file = lock::take(&root.join(INPUTS_LOCK), waiting)?;
    Ok(InputsLock { _file: file })
}

impl StoreDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file that a build replaces, by a rename, to put a new store in place: a new inode
    /// here means a new store. Its first line is the header naming the inputs.
    pub fn version_path(&self) -> PathBuf {
        backend::version_path(&self.path)
    }

    /// Which store is in place now, told from any other without reading it: the version
    /// file's device, inode, length and time of change (a build puts a new store in place by
    /// renaming a new file there). `None` when there is no store. Read it before loading the
    /// store: a build in between then makes a newer store carry an older generation, which only
    /// makes it look stale, never the other way round.
    pub fn generation(&self) -> Option<String> {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(self.version_path()).ok()?;
        Some(format!(
            "{}-{}-{}-{}.{:09}",
            metadata.dev(),
            metadata.ino(),
            metadata.len(),
            metadata.mtime(),
            metadata.mtime_nsec()
        ))
    }

    /// The fingerprint of the inputs the current store was built from, if there is one.
    pub fn built_from(&self) -> Option<String> {
        let file = File::open(self.version_path()).ok()?;
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
        fs::write(&temporary, format!("{stat} {content}\n")).map_err(|err| {
            let _ = fs::remove_file(&temporary);
            anyhow::Error::new(err).context(format!("cannot write {}", temporary.display()))
        })?;
        fs::rename(&temporary, self.path.join(STAMP))
            .with_context(|| format!("cannot write {}", self.path.join(STAMP).display()))?;
        Ok(())
    }

    /// Takes the build lock, or fails at once naming the process that holds it.
    pub fn try_lock(&self) -> Result<BuildLock> {
        match lock::try_take(&self.path.join(LOCK))? {
            Ok(file) => self.locked(file),
            Err(holder) => bail!(
                "the store at {} is being built by {holder}; wait for that build to finish (or stop it) and run the command again",
                self.path.display(),
            ),
        }
    }

    /// Takes the build lock, waiting for a running build to finish first; `waiting` hears who
    /// holds the lock ("PID n") before the wait begins.
    pub fn lock(&self, waiting: impl FnOnce(&str)) -> Result<BuildLock> {
        let file = lock::take(&self.path.join(LOCK), waiting)?;
        self.locked(file)
    }

    /// Deletes the new stores of builds that died before renaming theirs into place: with the
    /// lock held, no live build is writing one.
    fn locked(&self, file: File) -> Result<BuildLock> {
        for entry in fs::read_dir(&self.path)?.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".tmp") && backend::is_ours(&name) {
                remove_any(&entry.path());
            }
        }
        Ok(BuildLock { _file: file })
    }

    /// Writes `quads` beside the current store, durably, without replacing it yet: the build
    /// checks the graph meanwhile, then commits or drops the new store. The quads are consumed as
    /// they come, so a build can hand them over a document at a time. `written` hears how many
    /// quads are written so far, now and then.
    pub fn write_pending(
        &self,
        _lock: &BuildLock,
        quads: impl IntoIterator<Item = Quad>,
        inputs_fingerprint: &str,
        written: &(dyn Fn(u64) + Sync),
    ) -> Result<Pending> {
        let header = format!("{HEADER_PREFIX}{inputs_fingerprint}");
        let invalid = std::sync::Mutex::new(None);
        let mut check = IriCheck::default();
        let quads = quads.into_iter().map_while(|quad| match check.quad(&quad) {
            Ok(()) => Some(quad),
            Err(message) => {
                if let Ok(mut slot) = invalid.lock() {
                    *slot = Some(message);
                }
                None
            }
        });
        let pending = backend::write_pending(&self.path, quads, &header, written)?;
        if let Some(message) = invalid.into_inner().ok().flatten() {
            // Dropping the pending store deletes it: the current one stays.
            drop(pending);
            bail!(crate::diagnostic::Refusal::new(
                message,
                "this is a bug in factgraph (a name from the inputs must be encoded or refused): please report it with the name"
            ));
        }
        Ok(pending)
    }

    /// Opens the store: an in-memory copy of the snapshot, or the on-disk store read-only.
    pub fn load(&self) -> Result<Store> {
        if !self.version_path().exists() {
            bail!(
                "no store at {}; run `factgraph build` first",
                self.path.display()
            );
        }
        backend::load(&self.path).with_context(|| {
            format!(
                "the store at {} is unreadable; run `factgraph build` to rebuild it",
                self.path.display()
            )
        })
    }

    /// The store's quads as N-Quads, in an order that depends only on its content.
    pub fn nquads(&self) -> Result<Vec<u8>> {
        backend::nquads(&self.path)
            .with_context(|| format!("cannot read the store at {}", self.path.display()))
    }

    /// The store's quads, in the order of [`nquads`](Self::nquads), with the same blank node
    /// labels (the snapshot's are parsed by several threads, as for a load).
    pub fn quads(&self) -> Result<Vec<oxigraph::model::Quad>> {
        backend::quads(&self.path)
            .with_context(|| format!("cannot read the store at {}", self.path.display()))
    }

    /// What a person reviewing the store would diff: the header naming the inputs, then
    /// [`nquads`](Self::nquads). Byte for byte the snapshot file of the in-memory backend.
    pub fn dump(&self) -> Result<Vec<u8>> {
        let mut bytes = format!(
            "{HEADER_PREFIX}{}\n",
            self.built_from().context("no store has been built")?
        )
        .into_bytes();
        bytes.extend(self.nquads()?);
        Ok(bytes)
    }
}

/// Checks each IRI of the quads about to be written, so that no store is written that no
/// command could load again (a `>` in an IRI ends it early in N-Quads). The build encodes or
/// refuses every name it puts in an IRI; this is the last line. Parsing an IRI costs more than
/// writing it, so an IRI is parsed once: one equal to the one in the same place of the quad
/// before is not checked again (quads come grouped by subject and graph), nor one of the last
/// [`IriCheck::REMEMBERED`] distinct IRIs checked (properties, classes, datatypes, entities).
#[derive(Default)]
struct IriCheck {
    last: [String; 4],
    seen: rustc_hash::FxHashSet<Box<str>>,
}

impl IriCheck {
    fn quad(&mut self, quad: &Quad) -> std::result::Result<(), String> {
        use oxigraph::model::{GraphName, NamedOrBlankNode, Term};
        if let NamedOrBlankNode::NamedNode(node) = &quad.subject {
            self.iri(0, node.as_str())?;
        }
        self.iri(1, quad.predicate.as_str())?;
        match &quad.object {
            Term::NamedNode(node) => self.iri(2, node.as_str())?,
            Term::Literal(literal) => self.iri(2, literal.datatype().as_str())?,
            _ => {}
        }
        if let GraphName::NamedNode(node) = &quad.graph_name {
            self.iri(3, node.as_str())?;
        }
        Ok(())
    }

    fn iri(&mut self, place: usize, iri: &str) -> std::result::Result<(), String> {
        if self.last[place] == iri {
            return Ok(());
        }
        iri.clone_into(&mut self.last[place]);
        if self.seen.contains(iri) {
            return Ok(());
        }
        oxiri::Iri::parse(iri).map_err(|err| {
            format!(
                "the build made an invalid IRI <{iri}> ({err}); nothing was written and the store is as it was"
            )
        })?;
        if self.seen.len() == Self::REMEMBERED {
            self.seen.clear();
        }
        self.seen.insert(iri.into());
        Ok(())
    }

    /// Bounds the memory of the check: a few MB.
    const REMEMBERED: usize = 1 << 16;
}

/// A new store written durably beside the current one. Dropped without [`commit`], it is
/// deleted and the current store stays.
///
/// [`commit`]: Pending::commit
pub struct Pending {
    /// The new store, under a name the current store's readers never open.
    temporary: PathBuf,
    /// Where the new store goes: the snapshot file, or the on-disk store's directory.
    destination: PathBuf,
    directory: PathBuf,
    /// What else makes the new store the current one, once it is in place (the on-disk
    /// backend's pointer file).
    then: Option<Box<dyn FnOnce() -> Result<()> + Send>>,
    /// Deletes the new store if the process is interrupted before it is in place.
    interrupted: Temporary,
}

impl Pending {
    /// A new store to be written at `temporary`, for `destination` in the store `directory`.
    fn new(
        temporary: PathBuf,
        destination: PathBuf,
        directory: &Path,
        then: Option<Box<dyn FnOnce() -> Result<()> + Send>>,
    ) -> Self {
        Self {
            interrupted: Temporary::register(&temporary),
            temporary,
            destination,
            directory: directory.to_path_buf(),
            then,
        }
    }

    /// Moves the new store into place, atomically: readers see the old one or the new one.
    pub fn commit(mut self) -> Result<()> {
        self.interrupted
            .rename_to(&self.destination)
            .with_context(|| {
                format!(
                    "cannot move the new store {} into place at {}",
                    self.temporary.display(),
                    self.destination.display()
                )
            })?;
        // The rename is durable only once the directory entry is.
        sync_directory(&self.directory);
        match self.then.take() {
            Some(then) => then(),
            None => Ok(()),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // After a commit the temporary has been renamed away, and this does nothing.
        remove_any(&self.temporary);
    }
}

fn sync_directory(directory: &Path) {
    File::open(directory).and_then(|dir| dir.sync_all()).ok();
}

/// Deletes a file or a whole directory, whichever `path` is, if it exists.
fn remove_any(path: &Path) {
    if path.is_dir() {
        let _ = fs::remove_dir_all(path);
    } else {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces the store's content with `quads`, atomically, as a build does.
    fn write(store: &StoreDir, lock: &BuildLock, quads: &[Quad], fingerprint: &str) -> Result<()> {
        store
            .write_pending(lock, quads.iter().cloned(), fingerprint, &|_| {})?
            .commit()
    }
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
    fn an_invalid_iri_is_never_written_and_the_current_store_stays() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join(".factgraph"));
        let lock = store.lock(|_| {}).unwrap();
        write(&store, &lock, &[quad(1)], "one").unwrap();
        let before = store.dump().unwrap();
        let bad = Quad::new(
            NamedNode::new_unchecked("https://example.org/doc/900_a>b"),
            NamedNode::new_unchecked("https://example.org/p"),
            NamedNode::new_unchecked("https://example.org/o"),
            GraphName::DefaultGraph,
        );
        let error = write(&store, &lock, &[quad(2), bad], "two")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("invalid IRI <https://example.org/doc/900_a>b>"),
            "{error}"
        );
        assert_eq!(store.dump().unwrap(), before);
        assert!(temporaries(&store).is_empty());
    }

    fn temporaries(store: &StoreDir) -> Vec<String> {
        fs::read_dir(&store.path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_and_reloads_with_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        let lock = store.try_lock().unwrap();
        write(&store, &lock, &[quad(1), quad(2)], "abc").unwrap();
        assert_eq!(store.built_from().as_deref(), Some("abc"));
        assert_eq!(store.load().unwrap().len().unwrap(), 2);
        assert!(temporaries(&store).is_empty(), "{:?}", temporaries(&store));
        let dump = String::from_utf8(store.dump().unwrap()).unwrap();
        assert!(
            dump.starts_with("# factgraph snapshot v1 inputs=abc\n"),
            "{dump}"
        );
        assert_eq!(dump.lines().count(), 3, "{dump}");
    }

    #[test]
    fn the_quads_read_by_several_threads_are_those_of_the_dump_in_its_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        let lock = store.try_lock().unwrap();
        // More than one batch of a parser, so that their order counts; a blank node keeps its
        // label.
        let mut quads: Vec<Quad> = (0..150_000).map(quad).collect();
        quads.push(Quad::new(
            oxigraph::model::BlankNode::new_unchecked("b7"),
            NamedNode::new_unchecked("http://example.org/p"),
            Literal::new_language_tagged_literal_unchecked("Şuşa", "az"),
            NamedNode::new_unchecked("http://example.org/g"),
        ));
        write(&store, &lock, &quads, "abc").unwrap();
        let dumped: Vec<Quad> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
                .for_slice(&store.nquads().unwrap())
                .collect::<Result<_, _>>()
                .unwrap();
        assert_eq!(dumped.len(), quads.len());
        assert_eq!(store.quads().unwrap(), dumped);
    }

    #[test]
    fn a_new_store_replaces_the_old_and_the_old_is_eventually_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        let lock = store.try_lock().unwrap();
        for n in 1..=4 {
            let quads: Vec<Quad> = (0..n).map(quad).collect();
            write(&store, &lock, &quads, &format!("v{n}")).unwrap();
            assert_eq!(store.load().unwrap().len().unwrap(), n as usize);
            assert_eq!(store.built_from().unwrap(), format!("v{n}"));
        }
        // At most the current store and the one before it stay on disk.
        let entries = fs::read_dir(dir.path()).unwrap().count();
        assert!(
            entries <= 4,
            "{entries} entries left in the store directory"
        );
    }

    #[test]
    fn a_store_not_committed_is_deleted_and_the_current_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        let lock = store.try_lock().unwrap();
        write(&store, &lock, &[quad(1)], "old").unwrap();
        drop(
            store
                .write_pending(&lock, [quad(1), quad(2)], "new", &|_| {})
                .unwrap(),
        );
        assert_eq!(store.built_from().as_deref(), Some("old"));
        assert_eq!(store.load().unwrap().len().unwrap(), 1);
        assert!(temporaries(&store).is_empty(), "{:?}", temporaries(&store));
    }

    #[test]
    fn taking_the_lock_deletes_what_a_killed_build_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        let lock = store.try_lock().unwrap();
        // A build killed before its commit leaves its new store under a temporary name.
        std::mem::forget(
            store
                .write_pending(&lock, [quad(1)], "killed", &|_| {})
                .unwrap(),
        );
        assert_eq!(temporaries(&store).len(), 1);
        drop(lock);
        let _held = store.try_lock().unwrap();
        assert!(temporaries(&store).is_empty(), "{:?}", temporaries(&store));
        assert!(store.load().is_err(), "nothing was committed");
    }

    /// A command that waits for a build says for whom, before it waits.
    #[test]
    fn a_waiting_locker_hears_the_holders_pid_then_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path());
        let held = store.try_lock().unwrap();
        let (told, heard) = std::sync::mpsc::channel();
        let waiter = {
            let store = store.clone();
            std::thread::spawn(move || {
                store
                    .lock(|holder| told.send(holder.to_string()).unwrap())
                    .map(drop)
            })
        };
        assert_eq!(heard.recv().unwrap(), format!("PID {}", std::process::id()));
        drop(held);
        waiter.join().unwrap().unwrap();
    }

    #[test]
    fn inputs_locks_are_taken_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_inputs(dir.path(), |_| panic!("nobody holds it")).unwrap();
        let (told, heard) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            lock_inputs(&root, |holder| told.send(holder.to_string()).unwrap()).map(drop)
        });
        assert_eq!(heard.recv().unwrap(), format!("PID {}", std::process::id()));
        drop(held);
        waiter.join().unwrap().unwrap();
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
