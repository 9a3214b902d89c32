//! `factgraph add` (a new document, built at once) and `factgraph draft` (its candidate claims
//! as a facts file for a person to review).

use super::extract::{extractor, read_document};
use super::{Location, report_build, write_atomically};
use crate::build;
use crate::cli::Cli;
use crate::extraction::rules::Source;
use crate::extraction::rules::names::NameEntity;
use crate::extraction::{Claim, Value};
use crate::inputs::{Decoding, SEED_METADATA, SEEDS_DIR, hex};
use crate::temporal::PartialDate;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Metadata<'a> {
    pub file: &'a Path,
    pub id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub issued: Option<&'a str>,
    pub language: &'a str,
    pub genre: &'a [String],
    pub translated: bool,
}

fn project_root(location: &Location) -> Result<&Path> {
    location.root(": documents are added to its seeds/ folder")
}

pub fn add(cli: &Cli, location: &Location, meta: &Metadata<'_>) -> Result<()> {
    let root = project_root(location)?;
    let text = read_document(meta.file, Decoding::Strict)?;
    if text.trim().is_empty() {
        bail!(
            "{}: the file is empty (or only whitespace); there is nothing to add",
            meta.file.display()
        );
    }
    if let Some(issued) = meta.issued {
        PartialDate::parse(issued).map_err(|m| anyhow::anyhow!("--issued: {m}"))?;
    }
    let sha256 = hex(&Sha256::digest(text.as_bytes()));
    // Everything from here to the end of the build reads and writes the inputs: another `add`
    // at the same time would pick the same number, miss a duplicate, or build a corpus with a
    // document that is about to be taken out again.
    let _inputs = crate::store::lock_inputs(root, |holder| {
        if !cli.quiet {
            eprintln!(
                "factgraph: waiting for {holder}, which is editing the inputs of {}, to finish",
                root.display()
            );
        }
    })?;
    let seeds = root.join(SEEDS_DIR);
    let mut existing: Vec<PathBuf> = fs::read_dir(&seeds)
        .with_context(|| format!("cannot read {}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    existing.sort();
    for path in &existing {
        // Through the checks of every input: a FIFO among the seeds would hang the comparison.
        let relative = path.strip_prefix(root).unwrap_or(path);
        if crate::inputs::read_bytes(root, relative)
            .is_ok_and(|bytes| hex(&Sha256::digest(&bytes)) == sha256)
        {
            bail!(
                "{} is already in the corpus as {}",
                meta.file.display(),
                path.display()
            );
        }
    }
    let id = match meta.id {
        Some(id) => id.to_string(),
        None => format!("{:03}_{}", next_number(&existing), &sha256[..16]),
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        bail!(
            "--id `{id}`: use letters, digits, `_` and `-` only (it becomes a file name and an IRI)"
        );
    }
    let seed = seeds.join(format!("{id}.txt"));
    if seed.exists() {
        bail!(
            "{} exists already\n  help: choose another --id",
            seed.display()
        );
    }
    let metadata_path = root.join(SEED_METADATA);
    let metadata_before = read_metadata(&metadata_path)?;
    let title = meta.title.map(str::to_string).unwrap_or_else(|| {
        meta.file
            .file_stem()
            .map_or_else(|| id.clone(), |s| s.to_string_lossy().into_owned())
    });
    let mut added = metadata_entry(&id, &title, meta);
    if !metadata_before.ends_with('\n') {
        added.insert(0, '\n');
    }
    // The seed is copied byte for byte: its offsets are the ones users will quote.
    write_atomically(&seed, |file| Ok(file.write_all(text.as_bytes())?))?;
    let metadata_after = format!("{metadata_before}{added}");
    let result = write_atomically(&metadata_path, |file| {
        Ok(file.write_all(metadata_after.as_bytes())?)
    })
    .and_then(|()| build::build_after_others(root, &location.store, cli.quiet));
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            // Leave the corpus as it was: the store is untouched by a failed build. Only what
            // this command added is taken out, from the file as it is now, so that an edit
            // made meanwhile (by a person, or a command that does not take the lock) stays.
            let _ = fs::remove_file(&seed);
            let undone = remove_entry(&metadata_path, &added);
            let err = err.context(format!(
                "{} was not added: the build with it failed",
                meta.file.display()
            ));
            return Err(match undone {
                Ok(()) => err,
                Err(undo) => err.context(format!(
                    "{undo:#}\n  help: remove the entry [\"{id}\"] from {} by hand",
                    metadata_path.display()
                )),
            });
        }
    };
    report_build(cli, &report);
    let (candidates, mentions) = report
        .summary
        .per_document
        .get(id.as_str())
        .copied()
        .unwrap_or_default();
    eprintln!(
        "added {} ({} characters): {mentions} mentions, {candidates} candidate claims\n  next: factgraph draft {} — review the candidates and move them to data/facts/{id}.toml",
        seed.strip_prefix(root).unwrap_or(&seed).display(),
        text.chars().count(),
        seed.strip_prefix(root).unwrap_or(&seed).display(),
    );
    Ok(())
}

fn read_metadata(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Takes the text `added` out of the metadata file at `path`, as the file is now.
fn remove_entry(path: &Path, added: &str) -> Result<()> {
    let mut current = read_metadata(path)?;
    let Some(at) = current.rfind(added) else {
        // Someone took it out already.
        return Ok(());
    };
    current.replace_range(at..at + added.len(), "");
    write_atomically(path, |file| Ok(file.write_all(current.as_bytes())?))
}

/// One more than the highest `NNN_` prefix among the seeds.
fn next_number(seeds: &[PathBuf]) -> u32 {
    seeds
        .iter()
        .filter_map(|p| {
            p.file_stem()?
                .to_str()?
                .split('_')
                .next()?
                .parse::<u32>()
                .ok()
        })
        .max()
        .map_or(0, |n| n + 1)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn metadata_entry(id: &str, title: &str, meta: &Metadata<'_>) -> String {
    let mut entry = format!("\n[{}]\ntitle = {}\n", toml_string(id), toml_string(title));
    if let Some(publisher) = meta.publisher {
        let _ = writeln!(entry, "publisher = {}", toml_string(publisher));
    }
    if let Some(issued) = meta.issued {
        let _ = writeln!(entry, "issued = {}", toml_string(issued));
    }
    let _ = writeln!(entry, "language = {}", toml_string(meta.language));
    let genres: Vec<String> = meta.genre.iter().map(|g| toml_string(g)).collect();
    let _ = writeln!(entry, "genre = [{}]", genres.join(", "));
    if meta.translated {
        entry.push_str("translated = true\n");
    }
    entry
}

pub fn draft(
    cli: &Cli,
    location: &Location,
    file: &Path,
    output: Option<&Path>,
    force: bool,
    out: &mut impl Write,
) -> Result<()> {
    let (extractor, _) = extractor(location)?;
    let root = project_root(location)?;
    let file = &super::extract::resolve(file, Some(root));
    let text = read_document(file, Decoding::Strict)?;
    let id = super::extract::document_id(file);
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
            if path.exists() && !force {
                bail!(
                    "{} exists already: it may hold a review in progress\n  help: pass --force to overwrite it, or -o to write elsewhere",
                    path.display()
                );
            }
            write_atomically(&path, |f| Ok(f.write_all(draft.as_bytes())?))?;
            if !cli.quiet {
                eprintln!(
                    "wrote {} candidate claims to {}\n  next: check each against the text, then move the file to data/facts/{id}.toml",
                    extraction.candidates.len(),
                    path.display()
                );
            }
            let entities = root.join("data/drafts").join(format!("{id}.entities.toml"));
            if !extraction.names.is_empty() {
                if entities.exists() && !force {
                    bail!(
                        "{} exists already: it may hold a review in progress\n  help: pass --force to overwrite it, or -o to write elsewhere",
                        entities.display()
                    );
                }
                if let Some(folder) = entities.parent() {
                    fs::create_dir_all(folder)
                        .with_context(|| format!("cannot create {}", folder.display()))?;
                }
                let toml = entities_toml(&id, shown, &extraction.names);
                write_atomically(&entities, |f| Ok(f.write_all(toml.as_bytes())?))?;
                if !cli.quiet {
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

/// The discovered names of a document as registry entries (`data/entities` format): once the
/// file is in `data/entities/`, the next build finds these names as registry mentions and
/// describes them as curated entities (no `fg:method`).
pub fn entities_toml(id: &str, file: &Path, names: &[NameEntity]) -> String {
    let mut toml = format!(
        "# Names found in {id} ({}) that the registry does not hold, typed by the extraction\n\
         # rules. Nothing here is checked by a person yet. For each: check the name, the type (a\n\
         # class of ontology/factgraph.ttl; `Agent` means the text did not say whether a person or\n\
         # an organization) and the aliases; delete what is no name; then move this file to\n\
         # data/entities/{id}.toml. The format is described in data/README.md.\n",
        file.display()
    );
    for name in names {
        let _ = write!(
            toml,
            "\n[{}]\ntype = {}\nlabel = {}\n",
            name.slug,
            toml_string(name.class),
            toml_string(&name.label)
        );
        if !name.aliases.is_empty() {
            let aliases: Vec<String> = name.aliases.iter().map(|a| toml_string(a)).collect();
            let _ = writeln!(toml, "aliases = [{}]", aliases.join(", "));
        }
    }
    toml
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::Entity(slug) => toml_string(slug),
        Value::Date(date) => toml_string(&date.to_string()),
        Value::Number(n) => n.lexical.clone(),
        Value::Text(t) => toml_string(t),
        Value::Boolean(b) => b.to_string(),
    }
}

/// The candidates as `[[claim]]` tables in the format of data/facts/, each headed by the rule
/// that proposed it, its confidence and its line.
pub fn draft_toml(id: &str, file: &Path, candidates: &[Claim]) -> String {
    let mut draft = format!(
        "# Draft facts for {id}, proposed by the extraction rules (`factgraph draft {}`).\n\
         # Nothing here is checked by a person yet. For each claim: compare it with the text,\n\
         # correct the subject, values and qualifier, or delete it; then move this file to\n\
         # data/facts/{id}.toml (the document must be in seeds/, e.g. through `factgraph add`).\n\
         # The format is described in data/README.md.\n",
        file.display()
    );
    for claim in candidates {
        let _ = write!(
            draft,
            "\n# {}, confidence {:.2}, line {}\n[[claim]]\nquote = {}\nsubject = {}\n",
            claim.method,
            claim.confidence.unwrap_or_default(),
            claim.location.line,
            toml_string(&claim.quote),
            toml_string(&claim.subject)
        );
        for (property, value) in &claim.statements {
            let _ = writeln!(draft, "{property} = {}", toml_value(value));
        }
        if let Some(source) = &claim.attributed_to {
            let _ = writeln!(draft, "attributed_to = {}", toml_string(source));
        }
        if let Some(qualifier) = &claim.qualifier {
            let _ = writeln!(draft, "qualifier = {}", toml_string(qualifier));
        }
        if let Some(upper) = &claim.upper_bound {
            let _ = writeln!(draft, "upper = {}", upper.lexical);
        }
        if let Some(as_of) = &claim.as_of {
            let _ = writeln!(draft, "as_of = {}", toml_string(&as_of.to_string()));
        }
        if let Some(unit) = &claim.unit {
            let _ = writeln!(draft, "unit = {}", toml_string(unit));
        }
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failed `add` takes out its own entry from the file as it is now: an entry another
    /// edit wrote after it stays.
    #[test]
    fn undoing_an_add_keeps_what_was_written_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metadata.toml");
        let ours = "\n[\"950_a\"]\ntitle = \"A\"\nlanguage = \"en\"\ngenre = []\n";
        let theirs = "\n[\"951_b\"]\ntitle = \"B\"\nlanguage = \"en\"\ngenre = []\n";
        fs::write(&path, format!("[\"000_x\"]\ntitle = \"X\"\n{ours}{theirs}")).unwrap();
        remove_entry(&path, ours).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            format!("[\"000_x\"]\ntitle = \"X\"\n{theirs}")
        );
        // Taken out already (by hand): nothing else changes.
        remove_entry(&path, ours).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            format!("[\"000_x\"]\ntitle = \"X\"\n{theirs}")
        );
    }
}
