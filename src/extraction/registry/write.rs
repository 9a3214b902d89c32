//! The registry written, not read: the discovered names of a document as a draft entities file,
//! and links from reconciliation added to the files as they are, so that a diff shows only the
//! new lines.

use super::load;
use crate::corpus::toml_string;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::extraction::rules::names::NameEntity;
use crate::inputs::SourceFile;
use crate::ontology::Ontology;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

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

/// A link to add to an entity of the registry, with where it came from.
pub struct NewLink<'a> {
    pub slug: &'a str,
    /// The registry file that describes the entity.
    pub file: &'a Path,
    pub wikidata: &'a str,
    pub wikidata_source: String,
    /// The English Wikipedia article's title and where it came from, for an entity with no
    /// `dbpedia` yet.
    pub dbpedia: Option<(&'a str, String)>,
}

/// The registry files with `links` added, each edited in place (its comments and order kept).
/// An edit the build would reject is refused: the diagnostics say why.
pub fn with_links(
    files: &[SourceFile],
    links: &[NewLink<'_>],
    ontology: &Ontology,
) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut by_file: BTreeMap<&Path, Vec<&NewLink>> = BTreeMap::new();
    for link in links {
        by_file.entry(link.file).or_default().push(link);
    }
    let mut edited: Vec<SourceFile> = files.to_vec();
    for file in &mut edited {
        let Some(links) = by_file.get(file.path.as_path()) else {
            continue;
        };
        let refused = |message: String| Diagnostic::error(Location::file(&file.path), message);
        let mut document: toml_edit::DocumentMut = file
            .text
            .parse()
            .map_err(|err| refused(format!("cannot parse: {err}")))?;
        for link in links {
            let table = document
                .get_mut(link.slug)
                .and_then(|item| item.as_table_like_mut())
                .ok_or_else(|| refused(format!("no table `{}`", link.slug)))?;
            table.insert("wikidata", toml_edit::value(link.wikidata));
            table.insert("wikidata_source", toml_edit::value(&link.wikidata_source));
            if let Some((title, source)) = &link.dbpedia {
                table.insert("dbpedia", toml_edit::value(*title));
                table.insert("dbpedia_source", toml_edit::value(source));
            }
        }
        file.text = document.to_string();
    }
    load(&edited, ontology)?;
    Ok(edited)
}
