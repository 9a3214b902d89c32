//! `factgraph draft`: a facts-file draft of a document's candidate claims, and an entities-file
//! draft of the names it discovered, each for a person to review.

use super::Global;
use super::extract::{document_id, extractor, read_document, resolve};
use super::workspace::find_workspace;
use crate::diagnostic::Refusal;
use crate::extraction::facts::draft::draft_toml;
use crate::extraction::registry::entities_toml;
use crate::extraction::rules::Source;
use crate::files::write_atomically;
use crate::inputs::Decoding;
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write a facts-file draft for a document: every candidate claim with its quote filled in.
///
/// The draft is for a person: check each claim against the text, correct or delete it, and
/// move the file to data/facts/ (its name must be the document's identifier, the seed file
/// name without .txt). Drafts go to data/drafts/ by default, which the build does not read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document: a file in seeds/ (or any text file).
    pub file: PathBuf,

    /// Where to write the draft; `-` for standard output. Default: data/drafts/ID.toml.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite an existing draft.
    #[arg(long)]
    pub force: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let (extractor, _) = extractor(&workspace)?;
    let root = workspace.root(": drafts are written to its data/drafts/ folder")?;
    let file = &resolve(&args.file, Some(root));
    let (output, force) = (args.output.as_deref(), args.force);
    let text = read_document(file, Decoding::Strict)?;
    let id = document_id(file);
    let extraction = extractor.extract(&Source {
        id: &id,
        short_id: crate::corpus::short_id(&id),
        path: file,
        text: &text,
        date: None,
    });
    let shown = file.strip_prefix(root).unwrap_or(file);
    let draft = draft_toml(&id, shown, &extraction.candidates);
    match output {
        Some(path) if path == Path::new("-") => out.write_all(draft.as_bytes())?,
        _ => {
            let path = match output {
                Some(path) => path.to_path_buf(),
                None => {
                    let folder = root.join("data/drafts");
                    fs::create_dir_all(&folder)
                        .with_context(|| format!("cannot create {}", folder.display()))?;
                    folder.join(format!("{id}.toml"))
                }
            };
            refuse_to_overwrite(&path, force)?;
            write_atomically(&path, |f| Ok(f.write_all(draft.as_bytes())?))?;
            if !global.quiet {
                eprintln!(
                    "wrote {} candidate claims to {}\n  next: check each against the text, then move the file to data/facts/{id}.toml",
                    extraction.candidates.len(),
                    path.display()
                );
            }
            let entities = root.join("data/drafts").join(format!("{id}.entities.toml"));
            if !extraction.names.is_empty() {
                refuse_to_overwrite(&entities, force)?;
                if let Some(folder) = entities.parent() {
                    fs::create_dir_all(folder)
                        .with_context(|| format!("cannot create {}", folder.display()))?;
                }
                let toml = entities_toml(&id, shown, &extraction.names);
                write_atomically(&entities, |f| Ok(f.write_all(toml.as_bytes())?))?;
                if !global.quiet {
                    eprintln!(
                        "wrote {} discovered names to {}\n  next: check each name and type, then move the file to data/entities/{id}.toml",
                        extraction.names.len(),
                        entities.display()
                    );
                }
            }
        }
    }
    Ok(())
}

/// A draft already there may hold a review in progress: only `--force` replaces it.
fn refuse_to_overwrite(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(Refusal::new(
            format!(
                "{} exists already: it may hold a review in progress",
                path.display()
            ),
            "pass --force to overwrite it, or -o to write elsewhere"
        ));
    }
    Ok(())
}
