//! The default backend: the store is one N-Quads file, `snapshot.nq`, that every command loads
//! into a new in-memory oxigraph store. Plain text a person can diff; loading it is most of the
//! time a query takes on a large corpus (the `rocksdb` feature avoids that).

use super::Pending;
use anyhow::{Context, Result};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser, RdfSerializer};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

const SNAPSHOT: &str = "snapshot.nq";
/// How often, in quads, the writer reports its progress.
const PROGRESS_EVERY: usize = 1 << 14;
/// How many threads parse a snapshot that is loaded, and how many quads each hands over at once.
const PARSERS: usize = 2;
const BATCH: usize = 1 << 16;
/// What the loader may hold before it writes into the store.
const LOADER_MEGABYTES: usize = 64;

pub fn version_path(directory: &Path) -> PathBuf {
    directory.join(SNAPSHOT)
}

/// Whether `name`, in the store directory, is one of this backend's files.
pub fn is_ours(name: &str) -> bool {
    name.starts_with(SNAPSHOT)
}

pub fn write_pending(
    directory: &Path,
    quads: impl IntoIterator<Item = Quad>,
    header: &str,
    written: &(dyn Fn(u64) + Sync),
) -> Result<Pending> {
    let pending = Pending::new(
        directory.join(format!("{SNAPSHOT}.{}.tmp", std::process::id())),
        version_path(directory),
        directory,
        None,
    );
    write_snapshot(&pending.temporary, quads, header, written)
        .with_context(|| format!("cannot write {}", pending.temporary.display()))?;
    Ok(pending)
}

pub fn load(directory: &Path) -> Result<Store> {
    load_nquads(&version_path(directory))
}

pub fn nquads(directory: &Path) -> Result<Vec<u8>> {
    let mut bytes = fs::read(version_path(directory))?;
    let header_end = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    bytes.drain(..header_end);
    Ok(bytes)
}

/// A new in-memory store holding the N-Quads of the file at `path`.
///
/// The snapshot is our own output, already validated when it was built, so it is parsed without
/// re-checking IRIs, and by two threads: loading is most of the time a query takes. Its blank
/// nodes keep their labels (the build derives them from the inputs): oxigraph's own parallel
/// loader would rename them at random, and every export and query answer naming one would
/// differ from run to run.
///
/// The parsers read the file themselves: a copy of it in memory was as large as the store it
/// makes, and a server that loads a new snapshot holds the previous store meanwhile.
fn load_nquads(path: &Path) -> Result<Store> {
    let store = Store::new()?;
    // The loader gathers quads into batches of a million (some 300 MB) by default: smaller
    // ones load as fast and keep a server that loads a new snapshot from doubling its peak.
    let mut loader = store
        .bulk_loader()
        .with_max_memory_size_in_megabytes(LOADER_MEGABYTES);
    let parsers = RdfParser::from_format(RdfFormat::NQuads)
        .lenient()
        .split_file_for_parallel_parsing(path, PARSERS)?;
    std::thread::scope(|scope| -> Result<()> {
        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Quad>, RdfParseError>>(PARSERS);
        for parser in parsers {
            let sender = sender.clone();
            scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                for quad in parser {
                    match quad {
                        Ok(quad) => batch.push(quad),
                        Err(error) => {
                            let _ = sender.send(Err(error));
                            return;
                        }
                    }
                    if batch.len() == BATCH
                        && sender
                            .send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))
                            .is_err()
                    {
                        // The loader stopped at an error: nobody wants the rest.
                        return;
                    }
                }
                let _ = sender.send(Ok(batch));
            });
        }
        drop(sender);
        // Ends at the first error; dropping the receiver then stops the parsers.
        let quads = receiver.into_iter().flat_map(|batch| {
            let (quads, error) = match batch {
                Ok(quads) => (quads, None),
                Err(error) => (Vec::new(), Some(error)),
            };
            quads.into_iter().map(Ok).chain(error.map(Err))
        });
        loader.load_ok_quads::<RdfParseError, anyhow::Error>(quads)
    })?;
    loader.commit()?;
    Ok(store)
}

fn write_snapshot(
    path: &Path,
    quads: impl IntoIterator<Item = Quad>,
    header: &str,
    written: &(dyn Fn(u64) + Sync),
) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    writeln!(out, "{header}")?;
    let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
    let mut count = 0;
    for quad in quads {
        serializer.serialize_quad(&quad)?;
        count += 1;
        if count % PROGRESS_EVERY == 0 {
            written(count as u64);
        }
    }
    written(count as u64);
    let out = serializer.finish()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
        .context("cannot sync the new snapshot to disk")?;
    Ok(())
}
