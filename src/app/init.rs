//! `factgraph init DIR`: a new project, ready for one's own documents. Everything it writes is
//! carried by the binary, so an installed `factgraph` makes a project anywhere.

use super::Global;
use crate::diagnostic::Refusal;
use crate::inputs::SourceFile;
use crate::inputs::project::{self, PROJECT_FILE, Project, check_base, default_base, slug};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// The files of a new project, by path: the shipped ontology, shapes and canned queries.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "ontology/factgraph.ttl",
        include_str!("../../ontology/factgraph.ttl"),
    ),
    (
        "ontology/shapes.ttl",
        include_str!("../../ontology/shapes.ttl"),
    ),
    ("data/README.md", include_str!("../../data/README.md")),
    (
        "queries/aliases.rq",
        include_str!("../../queries/aliases.rq"),
    ),
    (
        "queries/casualties.rq",
        include_str!("../../queries/casualties.rq"),
    ),
    (
        "queries/agreements.rq",
        include_str!("../../queries/agreements.rq"),
    ),
    ("queries/claims.rq", include_str!("../../queries/claims.rq")),
    ("queries/dates.rq", include_str!("../../queries/dates.rq")),
    (
        "queries/figures.rq",
        include_str!("../../queries/figures.rq"),
    ),
    (
        "queries/dataset.rq",
        include_str!("../../queries/dataset.rq"),
    ),
    (
        "queries/disputes.rq",
        include_str!("../../queries/disputes.rq"),
    ),
    (
        "queries/documents.rq",
        include_str!("../../queries/documents.rq"),
    ),
    (
        "queries/enrich-people.rq",
        include_str!("../../queries/enrich-people.rq"),
    ),
    (
        "queries/enrich-places.rq",
        include_str!("../../queries/enrich-places.rq"),
    ),
    (
        "queries/external-links.rq",
        include_str!("../../queries/external-links.rq"),
    ),
    (
        "queries/sources.rq",
        include_str!("../../queries/sources.rq"),
    ),
    (
        "queries/timeline.rq",
        include_str!("../../queries/timeline.rq"),
    ),
    (
        "queries/unlinked.rq",
        include_str!("../../queries/unlinked.rq"),
    ),
];

/// The empty metadata file of a new project, with its format in a comment.
const METADATA: &str = "\
# Metadata of the documents in seeds/, one table per document: the key is the file name without
# .txt. `factgraph add FILE` copies a document into seeds/ and writes its table here; you may
# also write one yourself. sha256 and character counts are computed by the build, never typed.
#
# [\"001_my-article\"]
# title = \"The article's title\"          # required
# language = \"en\"                         # required
# issued = \"2005-05-13\"                   # optional: only where the text itself gives the date
# publisher = \"some-publisher\"            # optional: a slug of data/entities/*.toml
# genre = [\"news report\"]                 # optional
# translated = false                      # optional
# source = \"Where the text comes from\"    # optional
";

const GITIGNORE: &str = "\
# The store factgraph builds from the inputs (rebuilt whenever they change).
/.factgraph
";

/// Folders every project has, empty ones included.
const FOLDERS: [&str; 5] = [
    "seeds",
    "data/entities",
    "data/facts",
    "ontology",
    "queries",
];

/// Make a new project in DIR, ready for your own documents.
///
/// Creates DIR (or fills it if it is empty) with factgraph.toml, seeds/ (an empty
/// metadata.toml), data/entities/, data/facts/, ontology/ (the shipped ontology and
/// shapes), queries/ (the canned queries) and a .gitignore for the store. Then
/// `factgraph add FILE` in DIR adds a document and builds. A folder that is not empty is
/// refused, and nothing is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of the new project (created if missing).
    pub dir: PathBuf,

    /// The dataset's name: lower-case letters, digits and '-'. Default: DIR's name, slugged.
    #[arg(long)]
    pub name: Option<String>,

    /// The base IRI of the project's own IRIs (kb: = BASE/id/, doc: = BASE/doc/,
    /// claim: = BASE/claim/): absolute http(s), ending in '/'. Default:
    /// https://example.org/factgraph/NAME/ (choose one you control before publishing).
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

/// `factgraph init`: makes the project and says what to do next. It needs no project.
pub fn run(global: &Global, args: &Args) -> Result<()> {
    let dir = args.dir.as_path();
    let project = init(&Options {
        dir,
        name: args.name.as_deref(),
        base: args.base.as_deref(),
    })?;
    if !global.quiet {
        let shown = dir.display().to_string();
        let cd = if shown
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            shown.clone()
        } else {
            format!("'{}'", shown.replace('\'', "'\\''"))
        };
        eprintln!(
            "factgraph: made the project `{}` in {shown} (its IRIs under {})\n  next: cd {cd} && factgraph add FILE --title 'The title'",
            project.name, project.namespaces.base,
        );
    }
    Ok(())
}

/// Where and how to make a project.
pub struct Options<'a> {
    pub dir: &'a Path,
    pub name: Option<&'a str>,
    pub base: Option<&'a str>,
}

/// Makes the project and returns its settings.
pub fn init(options: &Options<'_>) -> Result<Project> {
    let dir = options.dir;
    let name = match options.name {
        Some(name) => name.to_string(),
        None => default_name(dir)?,
    };
    if project::slug(&name).as_deref() != Some(name.as_str()) {
        bail!(Refusal::new(
            format!("--name `{name}`: a project name is lower-case letters, digits and '-'"),
            format!(
                "e.g. --name {}",
                slug(&name).unwrap_or_else(|| "my-corpus".to_string())
            )
        ));
    }
    let base = options
        .base
        .map_or_else(|| default_base(&name), str::to_string);
    if let Err(problem) = check_base(&base) {
        bail!(Refusal::new(
            format!("--base <{base}> cannot be a project's base IRI: {problem}"),
            format!(
                "give an absolute http(s) IRI ending in /, under which the project's IRIs are minted, e.g. --base {}",
                default_base(&name)
            )
        ));
    }
    let project_file = project_file(&name, &base);
    // The same rule as every later read of the file.
    let project = Project::parse(&SourceFile {
        path: PathBuf::from(PROJECT_FILE),
        text: project_file.clone(),
    })
    .map_err(|d| anyhow::anyhow!("{d}"))?;
    let mut files: Vec<(&str, &str)> = vec![
        (PROJECT_FILE, &project_file),
        (".gitignore", GITIGNORE),
        ("seeds/metadata.toml", METADATA),
    ];
    files.extend(SHIPPED.iter().copied());
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => bail!(Refusal::new(
            format!(
                "{} is a symbolic link; init writes only into a real folder, never through a link",
                dir.display()
            ),
            "give the folder the link points to, or another path"
        )),
        Ok(meta) if !meta.is_dir() => bail!(Refusal::new(
            format!("{} exists and is not a folder", dir.display()),
            "choose another path for the project"
        )),
        Ok(_) => {
            refuse_if_not_empty(dir)?;
            // Filled in place (the folder may be the current one, which a rename would replace
            // under the user's feet); on failure, what was made is removed again.
            write_project(dir, &files).inspect_err(|_| {
                for top in top_level(&files) {
                    let path = dir.join(top);
                    let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
                }
            })?;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => create_new(dir, &files)?,
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", dir.display())),
    }
    Ok(project)
}

/// The project file's text.
fn project_file(name: &str, base: &str) -> String {
    let string = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!(
        "# The factgraph project file: this folder is a factgraph project. Commands run anywhere\n\
         # below it find it, as git finds .git.\n\
         # name: the dataset's name. base: the IRI under which the project's own IRIs are minted:\n\
         # kb: = base + \"id/\", doc: = base + \"doc/\", claim: = base + \"claim/\", VoID graph = base + \"void\".\n\
         # Choose a base you control before publishing the data; changing it later changes every IRI.\n\
         name = {}\n\
         base = {}\n\
         # title = \"A title for the dataset's description\"\n",
        string(name),
        string(base)
    )
}

/// DIR's last name as a project name.
fn default_name(dir: &Path) -> Result<String> {
    // `.` and `..` name the folder they lead to.
    let absolute = fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .with_context(|| format!("cannot resolve the path {}", dir.display()))?;
    let last = absolute
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .next_back();
    last.as_deref().and_then(slug).with_context(|| {
        Refusal::new(
            format!(
                "cannot make a project name from the folder name {}",
                dir.display()
            ),
            "give one with --name NAME (lower-case letters, digits and '-')",
        )
    })
}

fn refuse_if_not_empty(dir: &Path) -> Result<()> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown = names.len().min(5);
    let more = if names.len() > shown {
        format!(" and {} more", names.len() - shown)
    } else {
        String::new()
    };
    let hint = if dir.join(PROJECT_FILE).exists() || dir.join(crate::inputs::ONTOLOGY).exists() {
        "it is a factgraph project already: run commands inside it (factgraph build, factgraph add FILE)"
    } else {
        "give a new or empty folder (e.g. factgraph init my-corpus), or move these files away first"
    };
    bail!(Refusal::new(
        format!(
            "{} is not empty: it holds {}{more}; init writes into a new or empty folder only, and wrote nothing",
            dir.display(),
            names[..shown].join(", ")
        ),
        hint
    ))
}

/// Creates `dir` by filling a temporary sibling and renaming it, so that a failure leaves no
/// half-made project.
fn create_new(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    let name = dir
        .file_name()
        .with_context(|| format!("{} names no folder", dir.display()))?;
    let temporary = parent.join(format!(
        ".{}.factgraph-init-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    fs::create_dir(&temporary)
        .with_context(|| format!("cannot create the folder {}", temporary.display()))?;
    let made = write_project(&temporary, files).and_then(|()| {
        // rename(2) would replace an empty folder made meanwhile; refuse to.
        if fs::symlink_metadata(dir).is_ok() {
            bail!(
                "{} appeared while init was writing; nothing was written there",
                dir.display()
            );
        }
        fs::rename(&temporary, dir)
            .with_context(|| format!("cannot rename {} to {}", temporary.display(), dir.display()))
    });
    if made.is_err() {
        let _ = fs::remove_dir_all(&temporary);
    }
    made
}

fn write_project(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    for folder in FOLDERS {
        fs::create_dir_all(dir.join(folder))
            .with_context(|| format!("cannot create {}", dir.join(folder).display()))?;
    }
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // create_new: never through a link or over a file someone put there meanwhile.
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The first part of every path init writes.
fn top_level<'a>(files: &[(&'a str, &str)]) -> Vec<&'a str> {
    let mut top: Vec<&str> = files
        .iter()
        .map(|(path, _)| path.split('/').next().unwrap_or(path))
        .chain(FOLDERS.iter().map(|f| f.split('/').next().unwrap_or(f)))
        .collect();
    top.sort_unstable();
    top.dedup();
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every canned query of the repository is carried into new projects: a query added to
    /// queries/ without a line in SHIPPED fails here.
    #[test]
    fn every_canned_query_is_shipped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        for entry in fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".rq") {
                let path = format!("queries/{name}");
                assert!(
                    SHIPPED.iter().any(|(p, _)| *p == path),
                    "{path} is missing from SHIPPED"
                );
            }
        }
    }

    #[test]
    fn the_project_file_of_a_new_project_reads_back() {
        let text = project_file("my-corpus", "https://example.org/factgraph/my-corpus/");
        let project = Project::parse(&SourceFile {
            path: PathBuf::from(PROJECT_FILE),
            text,
        })
        .unwrap();
        assert_eq!(project.name, "my-corpus");
        assert_eq!(
            project.namespaces.kb,
            "https://example.org/factgraph/my-corpus/id/"
        );
    }
}
