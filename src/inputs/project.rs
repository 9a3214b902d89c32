//! The project file, `factgraph.toml`: what makes a folder a factgraph project, and what is
//! particular to its corpus (the dataset's name and title, and the base IRI its own IRIs are
//! minted under). Commands find it by walking up from the current folder, as git finds `.git`.

use super::{ONTOLOGY, SourceFile, read_text};
use crate::diagnostic::{Diagnostic, Location, Refusal, did_you_mean};
use crate::vocab::Namespaces;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The project file's name, at the project's root.
pub const PROJECT_FILE: &str = "factgraph.toml";

/// The keys a project file may hold.
const KEYS: [&str; 3] = ["name", "base", "title"];

/// A project's settings, read from its `factgraph.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The dataset's name: lower-case letters, digits and `-`.
    pub name: String,
    /// The dataset's title, in its VoID description.
    pub title: String,
    /// The namespaces derived from the base IRI.
    pub namespaces: Namespaces,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: toml::Spanned<String>,
    base: toml::Spanned<String>,
    title: Option<toml::Spanned<String>>,
}

impl Project {
    /// The settings of a project in the old layout (`ontology/factgraph.ttl` but no
    /// `factgraph.toml`): the bundled corpus's, so that its IRIs stay as they were.
    pub fn karabakh() -> Self {
        Self {
            name: "karabakh".to_string(),
            title: KARABAKH_TITLE.to_string(),
            namespaces: Namespaces::karabakh(),
        }
    }

    /// Reads `factgraph.toml` at `root`, or the old layout's defaults when the folder has no
    /// project file but an ontology; every error with its `file:line:column` and a fix.
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        if !root.join(PROJECT_FILE).exists() && root.join(ONTOLOGY).is_file() {
            return Ok(Self::karabakh());
        }
        Self::parse(&read_text(root, Path::new(PROJECT_FILE))?)
    }

    /// Parses a project file's text.
    pub fn parse(file: &SourceFile) -> Result<Self, Diagnostic> {
        let at = |offset: usize| Location::at_offset(&file.path, &file.text, offset);
        let raw: Raw = toml::from_str(&file.text).map_err(|err| {
            let offset = err.span().map_or(0, |span| span.start);
            let message = err.message();
            let help = match unknown_key(message) {
                Some(key) => did_you_mean(key, KEYS, "a project file holds name, base and title"),
                None => "a project file holds name = \"…\", base = \"https://…/\" and optionally title = \"…\"".to_string(),
            };
            Diagnostic::error(at(offset), format!("invalid project file: {message}"))
                .with_help(help)
        })?;
        let name = raw.name.get_ref();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(Diagnostic::error(
                at(raw.name.span().start),
                format!(
                    "invalid project name `{name}`: a name is lower-case letters, digits and `-`"
                ),
            )
            .with_help(format!(
                "e.g. name = \"{}\"",
                slug(name).unwrap_or_else(|| "my-corpus".to_string())
            )));
        }
        let base = raw.base.get_ref();
        if let Err(problem) = check_base(base) {
            return Err(Diagnostic::error(
                at(raw.base.span().start),
                format!("invalid base IRI <{base}>: {problem}"),
            )
            .with_help(format!(
                "the base is an absolute http(s) IRI ending in /, under which the project's IRIs are minted, e.g. base = \"{}\"",
                default_base(name)
            )));
        }
        Ok(Self {
            name: name.clone(),
            title: raw
                .title
                .map_or_else(|| format!("factgraph: {name}"), |t| t.into_inner()),
            namespaces: Namespaces::new(base),
        })
    }
}

/// The bundled corpus's dataset title.
pub const KARABAKH_TITLE: &str =
    "factgraph: claims about the Karabakh conflict, with their sources";

/// The key named by serde's "unknown field `x`, expected …" message.
fn unknown_key(message: &str) -> Option<&str> {
    message
        .strip_prefix("unknown field `")?
        .split_once('`')
        .map(|(key, _)| key)
}

/// Why `base` cannot be a project's base IRI, if it cannot.
pub fn check_base(base: &str) -> Result<(), String> {
    let iri = oxiri::Iri::parse(base).map_err(|err| format!("not an absolute IRI ({err})"))?;
    if !matches!(iri.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme is `{}`, not http or https",
            iri.scheme()
        ));
    }
    if iri.authority().is_none_or(str::is_empty) {
        return Err("it has no host".to_string());
    }
    if iri.query().is_some() {
        return Err("it has a query (`?`)".to_string());
    }
    if iri.fragment().is_some() {
        // Mentions and the VoID nodes are `doc:X#mention-…` and `<base>void#dataset`: under a
        // base with a `#` they would hold two, which no IRI may.
        return Err("it has a `#`; factgraph's own IRIs put a fragment after the base (doc:X#mention-1-5), and an IRI holds one `#` at most".to_string());
    }
    if !base.ends_with('/') {
        return Err(
            "it does not end in `/`, so the names minted under it would run into its last segment"
                .to_string(),
        );
    }
    Ok(())
}

/// The base IRI `init` gives a project named `name` when none is given.
pub fn default_base(name: &str) -> String {
    format!("https://example.org/factgraph/{name}/")
}

/// `text` as a project name: lower-case ASCII letters and digits, runs of anything else as one
/// `-`; `None` when nothing is left.
pub fn slug(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// Whether `dir` is a project's root: it holds `factgraph.toml`, or (the old layout)
/// `ontology/factgraph.ttl`.
pub fn is_project_root(dir: &Path) -> bool {
    dir.join(PROJECT_FILE).is_file() || dir.join(ONTOLOGY).is_file()
}

/// The nearest folder from `start` up (itself included) that is a project's root.
pub fn find_project_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_project_root(dir))
        .map(Path::to_path_buf)
}

/// The one error for a command that needs a project and was run outside one: what was looked
/// for, where, and how to fix it. `why` says what the command needs the project for.
pub fn not_in_project(start: &Path, why: &str) -> anyhow::Error {
    anyhow::Error::new(Refusal::new(
        format!(
            "not inside a factgraph project{why}: no {PROJECT_FILE} in {} or any folder above it",
            start.display()
        ),
        "run `factgraph init DIR` to make a project, then run commands inside DIR; or pass --root DIR for a project elsewhere",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project, String> {
        Project::parse(&SourceFile {
            path: PathBuf::from("factgraph.toml"),
            text: text.to_string(),
        })
        .map_err(|d| d.to_string())
    }

    #[test]
    fn reads_a_project_file() {
        let project = parse("name = \"karabakh\"\nbase = \"https://w3id.org/factgraph/karabakh/\"\ntitle = \"factgraph: claims about the Karabakh conflict, with their sources\"\n").unwrap();
        assert_eq!(project, Project::karabakh());
        let other = parse("name = \"x\"\nbase = \"http://example.org/x/\"\n").unwrap();
        assert_eq!(other.namespaces.kb, "http://example.org/x/id/");
        assert_eq!(other.title, "factgraph: x");
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values_with_their_place() {
        let error = parse("name = \"x\"\nbase = \"http://e.org/\"\nbsae = 1\n").unwrap_err();
        assert!(error.starts_with("factgraph.toml:3:1: error:"), "{error}");
        assert!(error.contains("did you mean `base`"), "{error}");
        for (base, why) in [
            ("e.org/", "not an absolute IRI"),
            ("ftp://e.org/", "scheme"),
            ("http://e.org/x", "does not end"),
            ("http://e.org/?q/", "query"),
            ("http://e.org/#a#", "not an absolute IRI"),
            ("http://e.org/x#", "an IRI holds one `#` at most"),
            ("http://e.org/a b/", "not an absolute IRI"),
        ] {
            let error = parse(&format!("name = \"x\"\nbase = \"{base}\"\n")).unwrap_err();
            assert!(
                error.starts_with("factgraph.toml:2:8: error: invalid base IRI"),
                "{error}"
            );
            assert!(error.contains(why), "{base}: {error}");
            assert!(error.contains("help:"), "{error}");
        }
        let error = parse("name = \"My Corpus\"\nbase = \"http://e.org/\"\n").unwrap_err();
        assert!(error.starts_with("factgraph.toml:1:8:"), "{error}");
        assert!(error.contains("name = \"my-corpus\""), "{error}");
        let error = parse("name = \"x\"\n").unwrap_err();
        assert!(error.contains("missing field `base`"), "{error}");
    }

    #[test]
    fn slugs_names() {
        assert_eq!(slug("My Corpus (2005)").as_deref(), Some("my-corpus-2005"));
        assert_eq!(slug("--Ünïcode--x").as_deref(), Some("n-code-x"));
        assert_eq!(slug("ÜÜ"), None);
    }
}
