//! The default backend: the store is one N-Quads file, `snapshot.nq`, that every command loads
//! into a new in-memory oxigraph store. Plain text a person can diff; loading it is most of the
//! time a query takes on a large corpus (the `rocksdb` feature avoids that).

use super::Pending;
use anyhow::{Context, Result};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

const SNAPSHOT: &str = "snapshot.nq";
/// How often, in quads, the writer reports its progress.
const PROGRESS_EVERY: usize = 1 << 14;
/// How many threads parse a snapshot that is loaded, how many bytes of whole lines each takes
/// at once, and how many quads it hands over at once.
const PARSERS: usize = 2;
const CHUNK_BYTES: usize = 4 << 20;
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
/// re-checking IRIs, and by two threads (see [`parse_in_parallel`]): loading is most of the time
/// a query takes. Its blank nodes keep their labels (the build derives them from the inputs):
/// oxigraph's own parallel loader would rename them at random, and every export and query
/// answer naming one would differ from run to run.
fn load_nquads(path: &Path) -> Result<Store> {
    let store = Store::new()?;
    // The loader gathers quads into batches of a million (some 300 MB) by default: smaller
    // ones load as fast and keep a server that loads a new snapshot from doubling its peak.
    let mut loader = store
        .bulk_loader()
        .with_max_memory_size_in_megabytes(LOADER_MEGABYTES);
    parse_in_parallel(path, |batches| {
        // Ends at the first error; dropping the batches then stops the parsers.
        let quads = batches.flat_map(|batch| {
            let (quads, error) = match batch {
                Ok(batch) => (batch.quads, None),
                Err(error) => (Vec::new(), Some(error)),
            };
            quads.into_iter().map(Ok).chain(error.map(Err))
        });
        loader.load_ok_quads::<anyhow::Error, anyhow::Error>(quads)
    })?;
    loader.commit()?;
    Ok(store)
}

/// The quads of the snapshot in `directory`, in the file's order, parsed as for a load.
pub fn quads(directory: &Path) -> Result<Vec<Quad>> {
    parse_in_parallel(&version_path(directory), |batches| {
        let mut quads = Vec::new();
        for batch in batches {
            quads.extend(batch?.quads);
        }
        Ok(quads)
    })
}

/// Quads parsed from one chunk, and where they stand in the file: the chunk's rank, then the
/// batch's rank in the chunk, and whether it is the chunk's last.
struct Batch {
    order: (u64, usize),
    last: bool,
    quads: Vec<Quad>,
}

/// The parsers' batches in the file's order, whatever order they come in: a store loaded
/// twice from one file is then the same store, and an answer without ORDER BY the same
/// answer (a server and a command print the same bytes). Holds the batches that came early.
struct InOrder<I> {
    batches: I,
    early: std::collections::BTreeMap<(u64, usize), Batch>,
    next: (u64, usize),
}

impl<I: Iterator<Item = Result<Batch>>> Iterator for InOrder<I> {
    type Item = Result<Batch>;

    fn next(&mut self) -> Option<Result<Batch>> {
        loop {
            if let Some(batch) = self.early.remove(&self.next) {
                self.next = if batch.last {
                    (self.next.0 + 1, 0)
                } else {
                    (self.next.0, self.next.1 + 1)
                };
                return Some(Ok(batch));
            }
            match self.batches.next()? {
                Ok(batch) => {
                    self.early.insert(batch.order, batch);
                }
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// Parses the N-Quads file at `path` by [`PARSERS`] threads and hands `consume` their batches
/// in the file's order (an error ends them); what `consume` returns once it stops taking them,
/// or the reader's error.
///
/// One thread reads the file as chunks of whole lines and the parsers take each chunk as a
/// slice: a parser fed from a reader refuses any token over 16 MiB, and a large document's text
/// is one literal on one line. A copy of the whole file in memory was as large as the store it
/// makes, and a server that loads a new snapshot holds the previous store meanwhile.
fn parse_in_parallel<T>(
    path: &Path,
    consume: impl FnOnce(&mut dyn Iterator<Item = Result<Batch>>) -> Result<T>,
) -> Result<T> {
    let mut file = BufReader::with_capacity(
        1 << 20,
        File::open(path).context("cannot open the snapshot")?,
    );
    std::thread::scope(|scope| -> Result<T> {
        let (chunk_sender, chunks) = mpsc::sync_channel::<Chunk>(PARSERS);
        // The parsers hold the only references: once they stop, the reader's sends fail.
        let chunks = Arc::new(Mutex::new(chunks));
        let (sender, receiver) = mpsc::sync_channel::<Result<Batch>>(PARSERS);
        let reader = scope.spawn(move || read_chunks(&mut file, &chunk_sender));
        for _ in 0..PARSERS {
            let sender = sender.clone();
            let chunks = Arc::clone(&chunks);
            scope.spawn(move || {
                while let Some(chunk) = next_chunk(&chunks) {
                    if !parse_chunk(&chunk, &sender) {
                        return;
                    }
                }
            });
        }
        drop((sender, chunks));
        // Dropping the receiver stops the parsers, and they the reader.
        let mut in_order = InOrder {
            batches: receiver.into_iter(),
            early: std::collections::BTreeMap::new(),
            next: (0, 0),
        };
        let consumed = consume(&mut in_order);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("the snapshot reader stopped unexpectedly"))?;
        let consumed = consumed?;
        read?;
        Ok(consumed)
    })
}

/// Whole lines of the snapshot, and the number of the first.
struct Chunk {
    /// The chunk's rank in the file.
    index: u64,
    first_line: u64,
    bytes: Vec<u8>,
}

/// Sends the file as chunks of whole lines of about [`CHUNK_BYTES`] (a longer line is a chunk
/// of its own), until the end or until nobody takes them.
fn read_chunks(file: &mut impl BufRead, chunks: &mpsc::SyncSender<Chunk>) -> Result<()> {
    let mut first_line = 1;
    let mut index = 0;
    loop {
        let mut bytes = Vec::with_capacity(CHUNK_BYTES + (CHUNK_BYTES >> 4));
        let mut lines = 0;
        while bytes.len() < CHUNK_BYTES {
            let read = file
                .read_until(b'\n', &mut bytes)
                .context("cannot read the snapshot")?;
            if read == 0 {
                break;
            }
            lines += 1;
        }
        if lines == 0 {
            return Ok(());
        }
        let chunk = Chunk {
            index,
            first_line,
            bytes,
        };
        if chunks.send(chunk).is_err() {
            return Ok(());
        }
        first_line += lines;
        index += 1;
    }
}

/// The next chunk a parser takes; the lock is held only to take it, never while parsing.
fn next_chunk(chunks: &Mutex<mpsc::Receiver<Chunk>>) -> Option<Chunk> {
    chunks.lock().ok()?.recv().ok()
}

/// Parses one chunk and sends its quads in batches; false once nobody takes them.
fn parse_chunk(chunk: &Chunk, sender: &mpsc::SyncSender<Result<Batch>>) -> bool {
    let mut quads = Vec::with_capacity(BATCH);
    let mut rank = 0;
    for quad in RdfParser::from_format(RdfFormat::NQuads)
        .lenient()
        .for_slice(&chunk.bytes)
    {
        match quad {
            Ok(quad) => quads.push(quad),
            Err(error) => {
                // Lines count from 0 within the chunk.
                let line = chunk.first_line + error.location().map_or(0, |at| at.start.line);
                let _ = sender.send(Err(anyhow::anyhow!("line {line}: {error}")));
                return false;
            }
        }
        if quads.len() == BATCH {
            let full = std::mem::replace(&mut quads, Vec::with_capacity(BATCH));
            let order = (chunk.index, rank);
            rank += 1;
            let batch = Batch {
                order,
                last: false,
                quads: full,
            };
            if sender.send(Ok(batch)).is_err() {
                return false;
            }
        }
    }
    let order = (chunk.index, rank);
    let batch = Batch {
        order,
        last: true,
        quads,
    };
    sender.send(Ok(batch)).is_ok()
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
