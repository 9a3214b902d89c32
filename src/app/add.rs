//! `factgraph add`: a document joins the corpus and the store is built with it, so that it is
//! useful at once, before anyone curates it.

use super::Global;
use super::extract::read_document;
use super::workspace::{Workspace, find_workspace, report_build};
use crate::build;
use crate::corpus::{self, NewDocument};
use crate::diagnostic::Refusal;
use crate::files::write_atomically;
use crate::inputs::{Decoding, SEED_METADATA, SEEDS_DIR};
use crate::temporal::PartialDate;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Add a document to the corpus and build: it is useful at once, before anyone curates it.
///
/// Copies FILE byte for byte into seeds/, describes it in seeds/metadata.toml, and builds
/// the store: the rules find its mentions and candidate claims (method rule:<name>) since no
/// curated facts exist for it yet. If the build fails, seeds/ is left as it was.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A UTF-8 text file.
    pub file: PathBuf,

    /// The document identifier (the seed file name without .txt). Default: the next number
    /// and the start of the text's SHA-256, like the bundled seeds (005_1a2b3c4d5e6f7a8b).
    #[arg(long)]
    pub id: Option<String>,

    /// The title. Default: the file name.
    #[arg(long)]
    pub title: Option<String>,

    /// The publisher, as an entity slug of data/entities/.
    #[arg(long, value_name = "SLUG")]
    pub publisher: Option<String>,

    /// The issue date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub issued: Option<String>,

    /// The language of the text, a BCP 47 tag. Default: und (undetermined).
    #[arg(long, default_value = "und")]
    pub language: String,

    /// A genre (news, opinion, analysis, …). Repeatable.
    #[arg(long)]
    pub genre: Vec<String>,

    /// The text is a translation.
    #[arg(long)]
    pub translated: bool,
}

pub fn run(global: &Global, args: &Args) -> Result<()> {
    let workspace = find_workspace(global)?;
    let root = workspace.root(": documents are added to its seeds/ folder")?;
    let text = read_document(&args.file, Decoding::Strict)?;
    if text.trim().is_empty() {
        bail!(
            "{}: the file is empty (or only whitespace); there is nothing to add",
            args.file.display()
        );
    }
    if let Some(issued) = &args.issued {
        PartialDate::parse(issued).map_err(|m| anyhow::anyhow!("--issued: {m}"))?;
    }
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    // Everything from here to the end of the build reads and writes the inputs: another `add`
    // at the same time would pick the same number, miss a duplicate, or build a corpus with a
    // document that is about to be taken out again.
    let _inputs = super::workspace::lock_inputs(global, root)?;
    let (id, seed) = place_in_corpus(root, args, &sha256)?;
    let metadata_path = root.join(SEED_METADATA);
    let metadata_before = read_metadata(&metadata_path)?;
    let title = args.title.clone().unwrap_or_else(|| {
        args.file
            .file_stem()
            .map_or_else(|| id.clone(), |s| s.to_string_lossy().into_owned())
    });
    let mut added = corpus::metadata_entry(
        &id,
        &title,
        &NewDocument {
            publisher: args.publisher.as_deref(),
            issued: args.issued.as_deref(),
            language: &args.language,
            genre: &args.genre,
            translated: args.translated,
        },
    );
    if !metadata_before.ends_with('\n') {
        added.insert(0, '\n');
    }
    let report = write_and_build(
        &workspace,
        global,
        &NewSeed {
            file: &args.file,
            id: &id,
            seed: &seed,
            text: &text,
        },
        &metadata_path,
        &metadata_before,
        &added,
    )?;
    report_build(global, &report);
    let counts = report
        .summary
        .per_document
        .get(id.as_str())
        .copied()
        .unwrap_or_default();
    let (candidates, mentions) = (counts.claims, counts.mentions);
    eprintln!(
        "added {} ({} characters): {mentions} mentions, {candidates} candidate claims\n  next: factgraph draft {} — review the candidates and move them to data/facts/{id}.toml",
        seed.strip_prefix(root).unwrap_or(&seed).display(),
        text.chars().count(),
        seed.strip_prefix(root).unwrap_or(&seed).display(),
    );
    Ok(())
}

/// The identifier and seed path of the new document, once no seed has its text already.
fn place_in_corpus(root: &Path, args: &Args, sha256: &str) -> Result<(String, PathBuf)> {
    let seeds = root.join(SEEDS_DIR);
    let existing: Vec<PathBuf> = crate::files::with_extension(&seeds, "txt")
        .with_context(|| format!("cannot read {}", seeds.display()))?;
    for path in &existing {
        // Through the checks of every input: a FIFO among the seeds would hang the comparison.
        let relative = path.strip_prefix(root).unwrap_or(path);
        if crate::inputs::read_bytes(root, relative)
            .is_ok_and(|bytes| hex::encode(Sha256::digest(&bytes)) == *sha256)
        {
            bail!(
                "{} is already in the corpus as {}",
                args.file.display(),
                path.display()
            );
        }
    }
    let id = match &args.id {
        Some(id) => id.clone(),
        None => corpus::new_document_id(
            existing
                .iter()
                .filter_map(|path| path.file_stem()?.to_str()),
            sha256,
        ),
    };
    if !corpus::is_document_id(&id) {
        bail!(
            "--id `{id}`: use letters, digits, `_` and `-` only (it becomes a file name and an IRI)"
        );
    }
    let seed = seeds.join(format!("{id}.txt"));
    if seed.exists() {
        bail!(Refusal::new(
            format!("{} exists already", seed.display()),
            "choose another --id"
        ));
    }
    Ok((id, seed))
}

/// The document `add` puts into the corpus.
struct NewSeed<'a> {
    /// The file as the user named it.
    file: &'a Path,
    id: &'a str,
    /// Its copy in seeds/.
    seed: &'a Path,
    text: &'a str,
}

/// Writes the seed and its metadata entry, then builds; if anything fails, takes out what it
/// wrote, so the corpus is as it was.
fn write_and_build(
    workspace: &Workspace,
    global: &Global,
    new: &NewSeed<'_>,
    metadata_path: &Path,
    metadata_before: &str,
    added: &str,
) -> Result<build::Report> {
    let root = workspace.root("")?;
    // The seed is copied byte for byte: its offsets are the ones users will quote.
    write_atomically(new.seed, |file| Ok(file.write_all(new.text.as_bytes())?))?;
    let metadata_after = format!("{metadata_before}{added}");
    let result = write_atomically(metadata_path, |file| {
        Ok(file.write_all(metadata_after.as_bytes())?)
    })
    .and_then(|()| build::build_after_others(root, &workspace.store, global.quiet));
    match result {
        Ok(report) => Ok(report),
        Err(err) => {
            // Leave the corpus as it was: the store is untouched by a failed build. Only what
            // this command added is taken out, from the file as it is now, so that an edit
            // made meanwhile (by a person, or a command that does not take the lock) stays.
            let _ = fs::remove_file(new.seed);
            let undone = remove_entry(metadata_path, added);
            let err = err.context(format!(
                "{} was not added: the build with it failed",
                new.file.display()
            ));
            Err(match undone {
                Ok(()) => err,
                Err(undo) => err.context(Refusal::new(
                    format!("{undo:#}"),
                    format!(
                        "remove the entry [\"{}\"] from {} by hand",
                        new.id,
                        metadata_path.display()
                    ),
                )),
            })
        }
    }
}

fn read_metadata(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Takes the text `added` out of the metadata file at `path`, as the file is now.
fn remove_entry(path: &Path, added: &str) -> Result<()> {
    match corpus::without_entry(&read_metadata(path)?, added) {
        Some(text) => write_atomically(path, |file| Ok(file.write_all(text.as_bytes())?)),
        // Someone took it out already.
        None => Ok(()),
    }
}
