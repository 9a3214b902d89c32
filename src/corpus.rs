//! The corpus: the source documents, byte for byte, with their metadata.
//!
//! Offsets everywhere in factgraph count Unicode scalar values (Rust `char`s) from the start of
//! the document file exactly as stored in `seeds/`: a byte-order mark or a `\r` counts as one
//! character like any other.

use crate::diagnostic::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::inputs::{SEED_METADATA, SeedFile, SourceFile};
use crate::temporal::PartialDate;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One source text and what we know about it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name in `seeds/` without `.txt`, e.g. `003_898eee803d7ca7f3`.
    pub id: String,
    /// The file, with its digest and length; its text in memory or on disk.
    pub file: SeedFile,
    pub metadata: DocumentMetadata,
}

impl Document {
    /// The text, read again from its file if it was not kept.
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        self.file.text()
    }

    /// The short prefix used in claim names: `003` for `003_898eee803d7ca7f3`.
    /// The date the metadata gives the document (`issued`), if any.
    pub fn date(&self) -> Option<crate::temporal::PartialDate> {
        let issued = self.metadata.issued.as_deref()?;
        crate::temporal::PartialDate::parse(issued).ok()
    }

    pub fn short_id(&self) -> &str {
        short_id(&self.id)
    }
}

/// The prefix of a document identifier before its first `_`: `003` for `003_898eee803d7ca7f3`.
pub fn short_id(id: &str) -> &str {
    id.split('_').next().unwrap_or(id)
}

/// Metadata from `seeds/metadata.toml`.
#[derive(Debug, Clone)]
pub struct DocumentMetadata {
    pub title: String,
    /// Registry slug of the publisher.
    pub publisher: Option<String>,
    /// The issue date, only where the text gives one.
    pub issued: Option<String>,
    pub language: String,
    pub genre: Vec<String>,
    /// Whether the text is a translation; unknown for a document without metadata.
    pub translated: Option<bool>,
    /// Where the text was published, if known.
    pub source: Option<String>,
}

/// [`DocumentMetadata`] as read, with the places of the values checked beyond their type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    title: toml::Spanned<String>,
    publisher: Option<String>,
    issued: Option<String>,
    language: toml::Spanned<String>,
    #[serde(default)]
    genre: Vec<String>,
    translated: Option<bool>,
    source: Option<String>,
}

impl From<RawMetadata> for DocumentMetadata {
    fn from(raw: RawMetadata) -> Self {
        Self {
            title: raw.title.into_inner(),
            publisher: raw.publisher,
            issued: raw.issued,
            language: raw.language.into_inner(),
            genre: raw.genre,
            translated: raw.translated,
            source: raw.source,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
}

impl Corpus {
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.documents.iter().map(|d| d.id.as_str())
    }
}

/// Builds the corpus from the seed files and their metadata (`seeds/metadata.toml`), with its
/// warnings; every metadata entry needs a document, and a document without metadata is a
/// warning. The documents take the seeds' files (and texts, if kept) over rather than copying
/// them.
pub fn load(
    metadata_file: &SourceFile,
    seeds: Vec<SeedFile>,
) -> Result<(Corpus, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut metadata: BTreeMap<String, toml::Spanned<RawMetadata>> =
        match toml::from_str(&metadata_file.text) {
            Ok(m) => m,
            Err(err) => {
                diagnostics.push(toml_error(metadata_file, &err));
                return Err(diagnostics);
            }
        };
    let known: Vec<String> = seeds
        .iter()
        .filter_map(|s| s.path.file_stem().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let mut documents = Vec::new();
    for seed in seeds {
        let id = seed
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if seed.bytes == 0 {
            // Its metadata is not an orphan: the file is there, only empty.
            metadata.remove(&id);
            diagnostics.push(
                Diagnostic::error(Location::file(&seed.path), "the document is empty")
                    .with_help("remove the file, or restore its text"),
            );
            continue;
        }
        let Some(meta) = metadata.remove(&id) else {
            // A document dropped into seeds/ is built at once; what is unknown stays unsaid.
            diagnostics.push(
                Diagnostic::warning(
                    Location::file(&seed.path),
                    format!("document `{id}` has no entry in {SEED_METADATA}: built with its file name as title and language `und`"),
                )
                .with_help(format!(
                    "add a table [\"{id}\"] with title, language, genre and translated to {SEED_METADATA} (`factgraph add` writes one)"
                )),
            );
            documents.push(Document {
                id: id.clone(),
                file: seed,
                metadata: DocumentMetadata {
                    title: id,
                    publisher: None,
                    issued: None,
                    language: "und".into(),
                    genre: Vec::new(),
                    translated: None,
                    source: None,
                },
            });
            continue;
        };
        let location =
            Location::at_offset(&metadata_file.path, &metadata_file.text, meta.span().start);
        let meta = meta.into_inner();
        for (key, value) in [("title", &meta.title), ("language", &meta.language)] {
            if value.get_ref().trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        Location::at_offset(
                            &metadata_file.path,
                            &metadata_file.text,
                            value.span().start,
                        ),
                        format!("`{id}` has an empty {key}"),
                    )
                    .with_help(match key {
                        "title" => "give the document's title as it is published",
                        _ => "give the language of the text as a BCP 47 tag, e.g. \"en\", or \"und\" if unknown",
                    }),
                );
            }
        }
        let meta = DocumentMetadata::from(meta);
        if let Some(issued) = &meta.issued
            && let Err(message) = PartialDate::parse(issued)
        {
            diagnostics.push(Diagnostic::error(
                location.clone(),
                format!("issued: {message}"),
            ));
        }
        documents.push(Document {
            id,
            file: seed,
            metadata: meta,
        });
    }
    for (id, meta) in metadata {
        diagnostics.push(
            Diagnostic::error(
                Location::at_offset(&metadata_file.path, &metadata_file.text, meta.span().start),
                format!("metadata for `{id}`, but there is no seeds/{id}.txt"),
            )
            .with_help(did_you_mean(
                &id,
                known.iter().map(String::as_str),
                "restore the missing seed file, or remove this entry",
            )),
        );
    }
    diagnostics.into_result(Corpus { documents })
}

/// A document about to join the corpus (`factgraph add`): what its `seeds/metadata.toml` entry
/// says besides its identifier and title.
pub struct NewDocument<'a> {
    pub publisher: Option<&'a str>,
    pub issued: Option<&'a str>,
    pub language: &'a str,
    pub genre: &'a [String],
    pub translated: bool,
}

/// The identifier of a new document: one more than the highest `NNN_` prefix among `existing`
/// identifiers, then the start of the text's SHA-256, like the bundled seeds
/// (`005_1a2b3c4d5e6f7a8b`).
pub fn new_document_id<'a>(existing: impl IntoIterator<Item = &'a str>, sha256: &str) -> String {
    let next = existing
        .into_iter()
        .filter_map(|id| short_id(id).parse::<u32>().ok())
        .max()
        .map_or(0, |n| n + 1);
    format!("{next:03}_{}", &sha256[..16.min(sha256.len())])
}

/// Whether `id` may name a document: it becomes a file name and an IRI.
pub fn is_document_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The `seeds/metadata.toml` entry of a new document, starting with a blank line.
pub fn metadata_entry(id: &str, title: &str, document: &NewDocument<'_>) -> String {
    use std::fmt::Write as _;
    let mut entry = format!("\n[{}]\ntitle = {}\n", toml_string(id), toml_string(title));
    if let Some(publisher) = document.publisher {
        let _ = writeln!(entry, "publisher = {}", toml_string(publisher));
    }
    if let Some(issued) = document.issued {
        let _ = writeln!(entry, "issued = {}", toml_string(issued));
    }
    let _ = writeln!(entry, "language = {}", toml_string(document.language));
    let genres: Vec<String> = document.genre.iter().map(|g| toml_string(g)).collect();
    let _ = writeln!(entry, "genre = [{}]", genres.join(", "));
    if document.translated {
        entry.push_str("translated = true\n");
    }
    entry
}

/// The metadata text `current` without the entry `added` (the last copy of it), or `None` when
/// it no longer holds it: an entry written after it stays.
pub fn without_entry(current: &str, added: &str) -> Option<String> {
    let at = current.rfind(added)?;
    let mut text = current.to_string();
    text.replace_range(at..at + added.len(), "");
    Some(text)
}

/// `s` as a TOML basic string, quoted and escaped, as the input files write strings.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML syntax or shape error as a diagnostic at its position.
pub fn toml_error(file: &SourceFile, err: &toml::de::Error) -> Diagnostic {
    let (offset, message) = match err.span() {
        Some(span) => (span.start, format!("malformed TOML: {}", err.message())),
        // The reader refuses a dotted key of more than 80 parts without saying where: find it.
        None => match deepest_key(&file.text) {
            Some((offset, parts)) if parts > MOST_KEY_PARTS => (
                offset,
                format!(
                    "malformed TOML: {} (this key has {parts} dotted parts; at most {MOST_KEY_PARTS} are read)",
                    err.message()
                ),
            ),
            _ => (0, format!("malformed TOML: {}", err.message())),
        },
    };
    Diagnostic::error(Location::at_offset(&file.path, &file.text, offset), message)
        .with_help("fix the syntax at this position (see data/README.md for the format)")
}

/// The most parts a dotted key may have: the `toml` crate's recursion limit.
const MOST_KEY_PARTS: usize = 80;

/// The byte offset and number of parts of the first key with the most dotted parts (a table
/// header's or a `key = value`'s), counting dots outside quotes; `None` if no key has a dot.
fn deepest_key(text: &str) -> Option<(usize, usize)> {
    let mut deepest: Option<(usize, usize)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let start = line_start + line.len() - trimmed.len();
        line_start += line.len();
        let key = trimmed.trim_start_matches('[');
        let mut quote = None;
        let mut dots = 0;
        for c in key.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => dots += 1,
                (None, '=' | ']' | '#') => break,
                _ => {}
            }
        }
        if dots > 0 && deepest.is_none_or(|(_, parts)| dots + 1 > parts) {
            deepest = Some((start, dots + 1));
        }
    }
    deepest
}

#[cfg(test)]
mod tests {

    /// A failed `add` takes out its own entry from the file as it is now: an entry another
    /// edit wrote after it stays.
    #[test]
    fn undoing_an_add_keeps_what_was_written_since() {
        let ours = "\n[\"950_a\"]\ntitle = \"A\"\nlanguage = \"en\"\ngenre = []\n";
        let theirs = "\n[\"951_b\"]\ntitle = \"B\"\nlanguage = \"en\"\ngenre = []\n";
        let current = format!("[\"000_x\"]\ntitle = \"X\"\n{ours}{theirs}");
        let undone = without_entry(&current, ours).unwrap();
        assert_eq!(undone, format!("[\"000_x\"]\ntitle = \"X\"\n{theirs}"));
        // Taken out already (by hand): nothing to do.
        assert_eq!(without_entry(&undone, ours), None);
    }

    #[test]
    fn a_new_document_is_numbered_after_the_highest_and_named_by_its_digest() {
        let digest = "1a2b3c4d5e6f7a8b9c0d";
        assert_eq!(
            new_document_id(["000_aa", "004_bb", "notes", "002_cc"], digest),
            "005_1a2b3c4d5e6f7a8b"
        );
        assert_eq!(new_document_id([], digest), "000_1a2b3c4d5e6f7a8b");
        assert!(is_document_id("005_1a2b"));
        assert!(!is_document_id("../etc"));
        assert!(!is_document_id(""));
    }
    use super::*;
    use std::path::PathBuf;

    fn key(parts: usize) -> String {
        vec!["k"; parts].join(".")
    }

    #[test]
    fn a_key_with_too_many_parts_is_placed_at_its_line() {
        assert!(toml::from_str::<toml::Table>(&format!("{} = 1", key(MOST_KEY_PARTS))).is_ok());
        let text = format!("a = 1\n[t]\nb.c = 2\n  {} = 1\n", key(MOST_KEY_PARTS + 1));
        let err = toml::from_str::<toml::Table>(&text).unwrap_err();
        let file = SourceFile {
            path: PathBuf::from("x.toml"),
            text,
        };
        let error = toml_error(&file, &err).to_string();
        assert!(error.starts_with("x.toml:4:3: error:"), "{error}");
        assert!(error.contains("81 dotted parts; at most 80"), "{error}");
    }
}
