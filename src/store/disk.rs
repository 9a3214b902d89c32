//! The `rocksdb` backend: the store is an oxigraph RocksDB directory, opened read-only by every
//! command in milliseconds whatever its size.
//!
//! A RocksDB directory cannot be replaced by one rename while it has readers, so a build bulk
//! loads a new directory (`db-<pid>-<nanos>.tmp`), makes it durable, renames it to its final
//! name, and then replaces `current`, a small file naming the directory in use, by a rename.
//! Readers read `current` and open what it names; a directory is never written once named
//! there. The directory `current` named before is kept one build longer, for readers that
//! opened it just before the switch; older ones are deleted.

use super::{Pending, remove_any, sync_directory};
use anyhow::{Context, Result, bail};
use oxigraph::io::RdfFormat;
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const POINTER: &str = "current";
const DATABASE_PREFIX: &str = "db-";

pub fn version_path(directory: &Path) -> PathBuf {
    directory.join(POINTER)
}

/// Whether `name`, in the store directory, is one of this backend's files.
pub fn is_ours(name: &str) -> bool {
    name.starts_with(DATABASE_PREFIX) || name.starts_with(POINTER)
}

pub fn write_pending(
    directory: &Path,
    quads: impl IntoIterator<Item = Quad>,
    header: &str,
    written: &(dyn Fn(u64) + Sync),
) -> Result<Pending> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("{DATABASE_PREFIX}{}-{nanos}", std::process::id());
    let pointer = format!("{header}\n{name}\n");
    let store_directory = directory.to_path_buf();
    let pending = Pending::new(
        directory.join(format!("{name}.tmp")),
        directory.join(&name),
        directory,
        Some(Box::new(move || point_to(&store_directory, &pointer))),
    );
    // A full disk or a file size limit fails here: the message names the new database.
    (|| -> Result<()> {
        {
            let store = Store::open(&pending.temporary)
                .with_context(|| format!("cannot create {}", pending.temporary.display()))?;
            // The loader wants a 'static callback: the count goes through a shared counter that a
            // scoped thread reports until the load ends.
            let loaded = Arc::new(AtomicU64::new(0));
            let counter = Arc::clone(&loaded);
            let mut loader = store
                .bulk_loader()
                .on_progress(move |count| counter.store(count, Ordering::Relaxed));
            let done = AtomicBool::new(false);
            std::thread::scope(|scope| -> Result<()> {
                scope.spawn(|| {
                    while !done.load(Ordering::Relaxed) {
                        written(loaded.load(Ordering::Relaxed));
                        std::thread::sleep(Duration::from_millis(100));
                    }
                });
                let result = loader.load_quads(quads).and_then(|()| loader.commit());
                done.store(true, Ordering::Relaxed);
                Ok(result?)
            })?;
            written(loaded.load(Ordering::Relaxed));
            store.flush()?;
        }
        sync_tree(&pending.temporary)
    })()
    .with_context(|| format!("cannot write {}", pending.temporary.display()))?;
    Ok(pending)
}

/// Makes `current` name the database `pointer` names, then deletes the databases no reader
/// can still be opening.
fn point_to(directory: &Path, pointer: &str) -> Result<()> {
    let previous = database_named(directory).ok();
    let temporary = directory.join(format!("{POINTER}.{}.tmp", std::process::id()));
    (|| -> std::io::Result<()> {
        let mut file = File::create(&temporary)?;
        file.write_all(pointer.as_bytes())?;
        file.sync_all()
    })()
    .with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, version_path(directory))
        .context("cannot point the store at the new database")?;
    sync_directory(directory);
    let current = database_named(directory)?;
    for entry in fs::read_dir(directory)?.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(DATABASE_PREFIX)
            && !name.to_string_lossy().ends_with(".tmp")
            && path != current
            && Some(&path) != previous.as_ref()
        {
            remove_any(&path);
        }
    }
    Ok(())
}

/// The database directory `current` names.
fn database_named(directory: &Path) -> Result<PathBuf> {
    let text = fs::read_to_string(version_path(directory))?;
    match text.lines().nth(1) {
        Some(name) if name.starts_with(DATABASE_PREFIX) && !name.contains(['/', '\\']) => {
            Ok(directory.join(name))
        }
        _ => bail!("{} names no database", version_path(directory).display()),
    }
}

pub fn load(directory: &Path) -> Result<Store> {
    let database = database_named(directory)?;
    Store::open_read_only(&database).with_context(|| format!("cannot open {}", database.display()))
}

pub fn quads(directory: &Path) -> Result<Vec<Quad>> {
    Ok(load(directory)?.iter().collect::<Result<_, _>>()?)
}

pub fn nquads(directory: &Path) -> Result<Vec<u8>> {
    let store = load(directory)?;
    Ok(store.dump_to_writer(RdfFormat::NQuads, Vec::new())?)
}

/// Syncs every file of a new database and the directory itself, so that the rename that
/// follows never names a database whose content is still in the page cache only.
fn sync_tree(database: &Path) -> Result<()> {
    for entry in fs::read_dir(database)?.flatten() {
        if entry.file_type()?.is_file() {
            File::open(entry.path())?.sync_all()?;
        }
    }
    sync_directory(database);
    Ok(())
}
