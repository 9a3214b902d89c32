//! Reading the project's input files: the only stage of the build that touches the file system.
//!
//! Everything after this works on text in memory, which keeps the other stages pure and lets the
//! store tell whether it is up to date by comparing one hash of these inputs. The one exception
//! is a document's text, which a build may leave on disk ([`Texts::OnDisk`]) and read again when
//! its turn comes, checked against the digest taken here: then the build's memory does not grow
//! with the corpus.

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub mod project;
mod read;
pub use project::{PROJECT_FILE, Project, find_project_root, is_project_root};
pub use read::{Decoding, decode, describe, open_regular, read_bytes, read_text};

/// A text file of the project, with its path relative to the project root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A document's file in `seeds/`: checked as UTF-8, hashed and measured when the inputs were
/// read, its text kept or left on disk.
#[derive(Debug, Clone)]
pub struct SeedFile {
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, in hexadecimal.
    pub sha256: String,
    /// Length in bytes.
    pub bytes: usize,
    /// Length in Unicode scalar values.
    pub characters: usize,
    text: Text,
}

/// Where a document's text is.
#[derive(Debug, Clone)]
enum Text {
    Kept(String),
    /// Read, checked and dropped; read again from the project at this root when needed.
    OnDisk(PathBuf),
}

impl SeedFile {
    /// The text: kept, or read again and checked to be the one hashed when the inputs were read
    /// (the file may have changed since; building from it would contradict the fingerprint).
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let root = match &self.text {
            Text::Kept(text) => return Ok(Cow::Borrowed(text)),
            Text::OnDisk(root) => root,
        };
        // Opened by the same checks as the first time: the file may have become a link or a
        // FIFO meanwhile.
        let bytes = read_bytes(root, &self.path).map_err(|diagnostic| {
            Diagnostic::error(
                Location::file(&self.path),
                format!("cannot read the document again: {}", diagnostic.message),
            )
            .with_help(
                "the file was moved or deleted while factgraph was building: run the build again",
            )
        })?;
        if hex::encode(Sha256::digest(&bytes)) != self.sha256 {
            return Err(Diagnostic::error(
                Location::file(&self.path),
                "the document changed while factgraph was building it",
            )
            .with_help("run the build again once the file is saved"));
        }
        decode(&self.path, bytes, Decoding::Strict).map(Cow::Owned)
    }

    /// The text if it is in memory.
    pub fn kept_text(&self) -> Option<&str> {
        match &self.text {
            Text::Kept(text) => Some(text),
            Text::OnDisk(_) => None,
        }
    }
}

/// What [`Inputs::read`] does with the documents' texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Keeps every text in memory: for commands that look at all of them at once.
    Kept,
    /// Checks, hashes and measures each text, then drops it, so that memory holds one text at a
    /// time: for the build, which reads each document again when its turn comes.
    OnDisk,
}

/// Every input of a build, read into memory (the documents' texts as [`Texts`] says).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// `seeds/*.txt`, sorted by file name.
    pub seeds: Vec<SeedFile>,
    /// `seeds/metadata.toml`.
    pub seed_metadata: SourceFile,
    /// `ontology/factgraph.ttl`.
    pub ontology: SourceFile,
    /// `ontology/shapes.ttl`: the SHACL shapes the built graph must conform to.
    pub shapes: SourceFile,
    /// `data/entities/*.toml`, sorted.
    pub entities: Vec<SourceFile>,
    /// `data/facts/*.toml`, sorted.
    pub facts: Vec<SourceFile>,
    /// `factgraph.toml`, absent in the old layout.
    pub project_file: Option<SourceFile>,
    /// The project's settings: from `factgraph.toml`, or the old layout's defaults.
    pub project: Project,
}

pub const SEEDS_DIR: &str = "seeds";
pub const SEED_METADATA: &str = "seeds/metadata.toml";
pub const ONTOLOGY: &str = "ontology/factgraph.ttl";
pub const SHAPES: &str = "ontology/shapes.ttl";
pub const ENTITIES_DIR: &str = "data/entities";
pub const FACTS_DIR: &str = "data/facts";

impl Inputs {
    /// Reads all inputs below `root`, every text kept; every unreadable file is reported, not
    /// only the first.
    pub fn read(root: &Path) -> Result<Self, Diagnostics> {
        Self::read_with(root, Texts::Kept)
    }

    /// Reads all inputs below `root`, the documents' texts kept or not as `texts` says.
    pub fn read_with(root: &Path, texts: Texts) -> Result<Self, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let seeds = read_seeds(root, texts, &mut diagnostics);
        if seeds.is_empty() && !diagnostics.has_errors() {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&root.join(SEEDS_DIR)),
                    "no documents: the corpus folder has no .txt file",
                )
                .with_help("put the source texts in seeds/ as UTF-8 .txt files"),
            );
        }
        let seed_metadata = read_required(root, SEED_METADATA, &mut diagnostics);
        let ontology = read_required(root, ONTOLOGY, &mut diagnostics);
        let shapes = read_required(root, SHAPES, &mut diagnostics);
        let entities = read_dir_files(root, ENTITIES_DIR, "toml", &mut diagnostics);
        let facts = read_dir_files(root, FACTS_DIR, "toml", &mut diagnostics);
        let project_file = root
            .join(PROJECT_FILE)
            .exists()
            .then(|| read_required(root, PROJECT_FILE, &mut diagnostics))
            .flatten();
        let project = match &project_file {
            Some(file) => Project::parse(file)
                .map_err(|diagnostic| diagnostics.push(diagnostic))
                .ok(),
            None => Some(Project::karabakh()),
        };
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Self {
            seeds,
            seed_metadata: seed_metadata.expect("checked above"),
            ontology: ontology.expect("checked above"),
            shapes: shapes.expect("checked above"),
            entities,
            facts,
            project_file,
            project: project.expect("checked above"),
        })
    }

    fn other_files(&self) -> impl Iterator<Item = &SourceFile> {
        [&self.seed_metadata, &self.ontology, &self.shapes]
            .into_iter()
            .chain(&self.entities)
            .chain(&self.facts)
            .chain(&self.project_file)
    }

    /// A hash of every input file and of the program itself: the store is current if and only
    /// if it was built from inputs with this hash. A document counts by its digest, so the
    /// hash is the same whether its text was kept or not.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(program_fingerprint().as_bytes());
        for seed in &self.seeds {
            hasher.update(seed.path.to_string_lossy().as_bytes());
            hasher.update((seed.bytes as u64).to_le_bytes());
            hasher.update(seed.sha256.as_bytes());
        }
        for file in self.other_files() {
            hasher.update(file.path.to_string_lossy().as_bytes());
            hasher.update((file.text.len() as u64).to_le_bytes());
            hasher.update(file.text.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

/// A cheap stand-in for [`Inputs::fingerprint`]: a hash of the names, sizes, inode numbers,
/// modification and change times of the input files, read without opening them. Equal stat
/// fingerprints mean the inputs were not touched since the content fingerprint was taken; a
/// different one means only that the content must be hashed again.
///
/// The change time (ctime) moves at every write and no tool can set it back, so an edit that
/// keeps the size and restores the modification time (`touch -r`, `cp -p`) is seen. Two writes
/// within one tick of the file system's clock leave the same times: while an input changed in
/// the last [`RECENT`], the fingerprint is unique (it never equals a recorded one), so its
/// content is compared.
pub fn stat_fingerprint(root: &Path) -> String {
    stat_fingerprint_at(root, std::time::SystemTime::now())
}

/// [`stat_fingerprint`] as it would be at time `now`.
fn stat_fingerprint_at(root: &Path, now: std::time::SystemTime) -> String {
    let mut paths = Vec::new();
    for (dir, extension) in [
        (SEEDS_DIR, "txt"),
        (ENTITIES_DIR, "toml"),
        (FACTS_DIR, "toml"),
    ] {
        let names = list_dir(root, dir, extension).unwrap_or_default();
        paths.extend(
            names
                .into_iter()
                .flatten()
                .map(|name| Path::new(dir).join(name)),
        );
    }
    paths.push(PathBuf::from(SEED_METADATA));
    paths.push(PathBuf::from(ONTOLOGY));
    paths.push(PathBuf::from(SHAPES));
    paths.push(PathBuf::from(PROJECT_FILE));
    let mut hasher = Sha256::new();
    hasher.update(program_fingerprint().as_bytes());
    let now = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut recent = false;
    for path in paths {
        hasher.update(path.to_string_lossy().as_bytes());
        if let Ok(meta) = fs::metadata(root.join(&path)) {
            let changed = changed_nanos(&meta);
            hasher.update(meta.len().to_le_bytes());
            hasher.update(meta.ino().to_le_bytes());
            hasher.update(modified_nanos(&meta).to_le_bytes());
            hasher.update(changed.to_le_bytes());
            recent |= changed.max(modified_nanos(&meta)) + RECENT.as_nanos() > now;
        }
    }
    if recent {
        static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        hasher.update(b"recent");
        hasher.update(now.to_le_bytes());
        hasher.update(std::process::id().to_le_bytes());
        hasher.update(call.to_le_bytes());
    }
    hex::encode(hasher.finalize())
}

/// How long after an input changed its content is always compared (see [`stat_fingerprint`]):
/// above the tick of any file system's clock (FAT's is 2 s, ext4's a few milliseconds).
const RECENT: std::time::Duration = std::time::Duration::from_secs(2);

fn changed_nanos(meta: &fs::Metadata) -> u128 {
    let seconds = u128::try_from(meta.ctime()).unwrap_or(0);
    let nanos = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
    seconds * 1_000_000_000 + nanos
}

/// Identifies the running build of factgraph, so that a new binary rebuilds the store (a change
/// to the code may change the graph even when no input changed).
fn program_fingerprint() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|path| fs::metadata(path).ok())
        .map(|meta| format!("{}:{}", meta.len(), modified_nanos(&meta)))
        .unwrap_or_default();
    format!("factgraph {} {exe}", env!("CARGO_PKG_VERSION"))
}

fn modified_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The input files of one folder: `*.<extension>`, hidden files left out, sorted by name; a
/// name that is not UTF-8 is `Err`, shown with U+FFFD for its invalid bytes.
fn list_dir(
    root: &Path,
    relative_dir: &str,
    extension: &str,
) -> std::io::Result<Vec<Result<String, String>>> {
    Ok(
        crate::files::with_extension(&root.join(relative_dir), extension)?
            .into_iter()
            .filter_map(|path| {
                let name = path.file_name()?.to_os_string();
                Some(
                    name.into_string()
                        .map_err(|name| name.to_string_lossy().into_owned()),
                )
            })
            .collect(),
    )
}

fn read_required(root: &Path, relative: &str, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    let path = PathBuf::from(relative);
    match read_text(root, &path) {
        Ok(file) => Some(file),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// The documents, each read, checked and measured in turn, its text kept as `texts` says.
fn read_seeds(root: &Path, texts: Texts, diagnostics: &mut Diagnostics) -> Vec<SeedFile> {
    read_each(root, SEEDS_DIR, "txt", diagnostics, |path| {
        let bytes = read_bytes(root, &path)?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let text = decode(&path, bytes, Decoding::Strict)?;
        Ok(SeedFile {
            sha256,
            bytes: text.len(),
            characters: text.chars().count(),
            text: match texts {
                Texts::Kept => Text::Kept(text),
                Texts::OnDisk => Text::OnDisk(root.to_path_buf()),
            },
            path,
        })
    })
}

fn read_dir_files(
    root: &Path,
    relative_dir: &str,
    extension: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    read_each(root, relative_dir, extension, diagnostics, |path| {
        read_text(root, &path)
    })
}

/// `read` applied to each file `*.<extension>` of `relative_dir`; every file it refuses, and a
/// folder that cannot be listed, is reported, not only the first.
fn read_each<T>(
    root: &Path,
    relative_dir: &str,
    extension: &str,
    diagnostics: &mut Diagnostics,
    read: impl Fn(PathBuf) -> Result<T, Diagnostic>,
) -> Vec<T> {
    listed(root, relative_dir, extension, diagnostics)
        .into_iter()
        .filter_map(|path| match read(path) {
            Ok(file) => Some(file),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        })
        .collect()
}

/// The paths, relative to `root`, of the files `*.<extension>` in `relative_dir`; a folder that
/// cannot be read is reported.
fn listed(
    root: &Path,
    relative_dir: &str,
    extension: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let names = match list_dir(root, relative_dir, extension) {
        Ok(names) => names,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&PathBuf::from(relative_dir)),
                    format!("cannot read the folder: {err}"),
                )
                .with_help(format!(
                    "run factgraph from the project root, or pass --root; the folder {relative_dir}/ must exist"
                )),
            );
            Vec::new()
        }
    };
    let mut paths = Vec::with_capacity(names.len());
    for name in names {
        match name {
            Ok(name) => paths.push(Path::new(relative_dir).join(name)),
            Err(shown) => diagnostics.push(
                Diagnostic::error(
                    Location::file(&Path::new(relative_dir).join(&shown)),
                    "the file name is not valid UTF-8 (shown here with U+FFFD for its invalid bytes)",
                )
                .with_help("rename the file with a UTF-8 name: its name identifies it in the store"),
            ),
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with every input file, its one document `seeds/001_a.txt` saying `text`.
    fn project(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in [SEEDS_DIR, ENTITIES_DIR, FACTS_DIR, "ontology"] {
            fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        for file in [SEED_METADATA, ONTOLOGY, SHAPES] {
            fs::write(dir.path().join(file), "").unwrap();
        }
        fs::write(dir.path().join("seeds/001_a.txt"), text).unwrap();
        dir
    }

    #[test]
    fn a_text_left_on_disk_reads_as_the_kept_one_and_hashes_alike() {
        let dir = project("Şuşa, 1992\r\n");
        let kept = Inputs::read(dir.path()).unwrap();
        let on_disk = Inputs::read_with(dir.path(), Texts::OnDisk).unwrap();
        assert_eq!(kept.seeds[0].kept_text(), Some("Şuşa, 1992\r\n"));
        assert_eq!(on_disk.seeds[0].kept_text(), None);
        assert_eq!(on_disk.seeds[0].text().unwrap(), "Şuşa, 1992\r\n");
        assert_eq!(on_disk.seeds[0].characters, 12);
        assert_eq!(on_disk.seeds[0].bytes, 14);
        assert_eq!(kept.fingerprint(), on_disk.fingerprint());
    }

    #[test]
    fn a_text_changed_or_gone_after_reading_is_refused() {
        let dir = project("first words");
        let inputs = Inputs::read_with(dir.path(), Texts::OnDisk).unwrap();
        let file = dir.path().join("seeds/001_a.txt");

        fs::write(&file, "other words").unwrap();
        let changed = inputs.seeds[0].text().unwrap_err().to_string();
        assert!(changed.contains("seeds/001_a.txt"), "{changed}");
        assert!(
            changed.contains("changed while factgraph was building"),
            "{changed}"
        );

        fs::remove_file(&file).unwrap();
        let gone = inputs.seeds[0].text().unwrap_err().to_string();
        assert!(gone.contains("cannot read the document again"), "{gone}");
    }

    #[test]
    fn an_edit_that_keeps_size_and_modification_time_changes_the_stat_fingerprint() {
        let dir = project("first words");
        let file = dir.path().join("seeds/001_a.txt");
        let modified = fs::metadata(&file).unwrap().modified().unwrap();
        // An hour on, no change is recent: the stat fingerprint alone must tell.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        let before = stat_fingerprint_at(dir.path(), later);
        assert_eq!(stat_fingerprint_at(dir.path(), later), before);
        // Let the file system's clock tick past the file's change time, as it has for any edit
        // made by a person (two writes within one tick are what the recent window is for).
        let changed = changed_nanos(&fs::metadata(&file).unwrap());
        let probe = dir.path().join("probe");
        let ticked = crate::testing::wait_until(std::time::Duration::from_secs(10), || {
            fs::write(&probe, "").unwrap();
            changed_nanos(&fs::metadata(&probe).unwrap()) > changed
        });
        assert!(ticked, "the file system's clock did not move in 10 s");
        fs::write(&file, "other words").unwrap();
        fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), modified);
        assert_ne!(stat_fingerprint_at(dir.path(), later), before);
        // Right after a change, the fingerprint matches no other: the content is compared.
        assert_ne!(stat_fingerprint(dir.path()), stat_fingerprint(dir.path()));
    }

    #[test]
    fn a_document_that_is_not_utf8_is_refused_when_first_read() {
        let dir = project("");
        fs::write(dir.path().join("seeds/001_a.txt"), b"caf\xe9").unwrap();
        let error = Inputs::read_with(dir.path(), Texts::OnDisk)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("not valid UTF-8: byte 0xE9 at byte offset 3"),
            "{error}"
        );
    }
}
