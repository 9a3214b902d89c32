//! The entity registry (`data/entities/*.toml`): who and what the claims are about.

mod write;

use crate::corpus::toml_error;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, Location, did_you_mean};
use crate::inputs::SourceFile;
use crate::ontology::Ontology;
use crate::temporal::{PartialDate, day_span};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

pub use write::{NewLink, entities_toml, with_links};

#[derive(Debug, Clone)]
pub struct Entity {
    pub slug: String,
    /// Local name of its `fg:` class.
    pub class: String,
    pub label: String,
    pub aliases: Vec<String>,
    /// Names this entity shares with others ("Aliyev" for Heydar and for Ilham Aliyev): a
    /// mention by one of them is resolved in each document by the nearest mention of one of
    /// the entities by a name of its own, never by a global rule.
    pub shared_aliases: Vec<String>,
    /// When the entity is the one a shared name means, for a document that names none of the
    /// entities sharing it by a name of their own (`active = "2003-10/"`: from, until; either
    /// end may be open).
    pub active: Option<Active>,
    pub wikidata: Option<String>,
    pub dbpedia: Option<String>,
    /// Where each link came from; `None` means a curator entered it.
    pub wikidata_source: Option<String>,
    pub dbpedia_source: Option<String>,
    pub location: Location,
}

/// A span of time, either end open, at the precision the registry gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Active {
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

impl Active {
    /// Parses `FROM/UNTIL`, each `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or empty.
    pub fn parse(text: &str) -> Result<Self, String> {
        let Some((from, until)) = text.split_once('/') else {
            return Err(format!(
                "`{text}` is not a span: write FROM/UNTIL, e.g. \"2003-10/\" or \"1993/2003\""
            ));
        };
        let end = |part: &str| {
            let part = part.trim();
            (!part.is_empty())
                .then(|| PartialDate::parse(part))
                .transpose()
                .map_err(|err| err.to_string())
        };
        let active = Self {
            from: end(from)?,
            until: end(until)?,
        };
        if let (Some(from), Some(until)) = (active.from, active.until)
            && day_span(&from).0 > day_span(&until).1
        {
            return Err(format!("`{text}` ends before it begins"));
        }
        Ok(active)
    }

    /// Whether the span holds `date` (a day, month or year: any part of it).
    pub fn holds(&self, date: PartialDate) -> bool {
        let (first, last) = day_span(&date);
        self.from.is_none_or(|from| day_span(&from).0 <= last)
            && self.until.is_none_or(|until| first <= day_span(&until).1)
    }
}

impl Entity {
    /// The label and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub entities: Vec<Entity>,
    index: HashMap<String, usize>,
}

impl Registry {
    pub fn get(&self, slug: &str) -> Option<&Entity> {
        self.index.get(slug).map(|&i| &self.entities[i])
    }

    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().map(|e| e.slug.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    #[serde(rename = "type")]
    class: String,
    /// Missing is reported with the entity's name rather than as a TOML error.
    #[serde(default)]
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    shared_aliases: Vec<String>,
    active: Option<String>,
    wikidata: Option<String>,
    dbpedia: Option<String>,
    wikidata_source: Option<String>,
    dbpedia_source: Option<String>,
}

/// Returns true if and only if `slug` is lowercase ASCII words joined by single hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub fn load(files: &[SourceFile], ontology: &Ontology) -> Result<Registry, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut registry = Registry::default();
    let mut alias_owner: HashMap<String, usize> = HashMap::new();
    for file in files {
        let raw: BTreeMap<String, toml::Spanned<RawEntity>> = match toml::from_str(&file.text) {
            Ok(raw) => raw,
            Err(err) => {
                diagnostics.push(toml_error(file, &err));
                continue;
            }
        };
        let mut entries: Vec<_> = raw.into_iter().collect();
        entries.sort_by_key(|(_, e)| e.span().start);
        let lines = LineIndex::new(&file.text);
        for (slug, spanned) in entries {
            let location = lines.location(&file.path, &file.text, spanned.span().start);
            let raw = spanned.into_inner();
            if !is_valid_slug(&slug) {
                diagnostics.push(
                    Diagnostic::error(location.clone(), format!("`{slug}` is not a valid slug"))
                        .with_help("use lowercase letters, digits and single hyphens, e.g. `khojaly-massacre`"),
                );
            }
            if let Some(&first) = registry.index.get(&slug) {
                diagnostics.push(
                    Diagnostic::error(
                        location.clone(),
                        format!("entity `{slug}` is defined twice"),
                    )
                    .with_help(format!(
                        "it is already defined at {}; merge the two entries",
                        registry.entities[first].location
                    )),
                );
                continue;
            }
            if !ontology.classes.contains_key(&raw.class) {
                diagnostics.push(
                    Diagnostic::error(
                        location.clone(),
                        format!("`{slug}`: unknown type `{}`", raw.class),
                    )
                    .with_help(did_you_mean(
                        &raw.class,
                        ontology.classes.keys().map(String::as_str),
                        "use a class declared in ontology/factgraph.ttl",
                    )),
                );
            }
            if raw.label.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(location.clone(), format!("`{slug}` has no label"))
                        .with_help(
                            "add `label = \"…\"`: every entity has exactly one English name (other spellings go in `aliases`)",
                        ),
                );
            }
            if let Some(q) = &raw.wikidata
                && !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].bytes().all(|b| b.is_ascii_digit()))
            {
                diagnostics.push(
                    Diagnostic::error(
                        location.clone(),
                        format!("`{slug}`: `{q}` is not a Wikidata item id"),
                    )
                    .with_help("write the item id alone, e.g. wikidata = \"Q227\""),
                );
            }
            for (kb, link, source) in [
                ("wikidata", &raw.wikidata, &raw.wikidata_source),
                ("dbpedia", &raw.dbpedia, &raw.dbpedia_source),
            ] {
                if link.is_none() && source.is_some() {
                    diagnostics.push(
                        Diagnostic::error(
                            location.clone(),
                            format!("`{slug}` says where its {kb} link came from, but has none"),
                        )
                        .with_help(format!("add `{kb} = \"…\"`, or remove `{kb}_source`")),
                    );
                }
            }
            let active = match raw.active.as_deref().map(Active::parse).transpose() {
                Ok(active) => active,
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(location.clone(), format!("`{slug}`: active: {message}"))
                            .with_help("active = \"FROM/UNTIL\" says when a shared name means this entity; leave an end empty when open"),
                    );
                    None
                }
            };
            let index = registry.entities.len();
            let mut aliases: Vec<String> = Vec::new();
            for name in std::iter::once(&raw.label).chain(&raw.aliases) {
                let key = name.trim().to_lowercase();
                if key.is_empty() {
                    continue;
                }
                match alias_owner.get(&key) {
                    Some(&owner) if owner != index => {
                        let other = &registry.entities[owner];
                        diagnostics.push(
                            Diagnostic::error(
                                location.clone(),
                                format!("`{slug}` and `{}` both claim the name \"{name}\"", other.slug),
                            )
                            .with_help(format!(
                                "a name must resolve to one entity: keep it on one of them ({} is defined at {})",
                                other.slug, other.location
                            )),
                        );
                    }
                    Some(_) => {}
                    None => {
                        alias_owner.insert(key, index);
                        if name != &raw.label {
                            aliases.push(name.clone());
                        }
                    }
                }
            }
            registry.index.insert(slug.clone(), index);
            registry.entities.push(Entity {
                slug,
                class: raw.class,
                label: raw.label,
                aliases,
                shared_aliases: raw.shared_aliases,
                active,
                wikidata: raw.wikidata,
                dbpedia: raw.dbpedia,
                wikidata_source: raw.wikidata_source,
                dbpedia_source: raw.dbpedia_source,
                location,
            });
        }
    }
    // A shared name is nobody's own: it would otherwise resolve one way everywhere.
    for entity in &registry.entities {
        for name in &entity.shared_aliases {
            if let Some(&owner) = alias_owner.get(&name.trim().to_lowercase()) {
                let other = &registry.entities[owner];
                diagnostics.push(
                    Diagnostic::error(
                        entity.location.clone(),
                        format!(
                            "`{}` shares the name \"{name}\", which is a name of `{}` alone",
                            entity.slug, other.slug
                        ),
                    )
                    .with_help(format!(
                        "move \"{name}\" from the aliases of `{}` (defined at {}) to its shared_aliases, or drop it here",
                        other.slug, other.location
                    )),
                );
            }
        }
    }
    diagnostics.into_result(registry).map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn ontology() -> Ontology {
        let mut ontology = Ontology::default();
        ontology
            .classes
            .insert("Settlement".into(), Default::default());
        ontology
    }

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("data/entities/places.toml"),
            text: text.into(),
        }
    }

    #[test]
    fn loads_entities_with_aliases() {
        let registry = load(
            &[file(
                "[khojaly]\ntype = \"Settlement\"\nlabel = \"Khojaly\"\naliases = [\"Kocaeli\"]\n",
            )],
            &ontology(),
        )
        .unwrap();
        let khojaly = registry.get("khojaly").unwrap();
        assert_eq!(khojaly.names().collect::<Vec<_>>(), ["Khojaly", "Kocaeli"]);
    }

    #[test]
    fn two_entities_may_not_share_a_name() {
        let err = load(
            &[file(
                "[a]\ntype = \"Settlement\"\nlabel = \"A\"\naliases = [\"Same\"]\n\n[b]\ntype = \"Settlement\"\nlabel = \"B\"\naliases = [\"same\"]\n",
            )],
            &ontology(),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("data/entities/places.toml:6:1"),
            "{message}"
        );
        assert!(message.contains("both claim the name"), "{message}");
    }

    #[test]
    fn a_shared_name_must_be_nobodys_own_and_a_span_must_read() {
        let err = load(
            &[file(
                "[a]\ntype = \"Settlement\"\nlabel = \"A\"\naliases = [\"Same\"]\n\n[b]\ntype = \"Settlement\"\nlabel = \"B\"\nshared_aliases = [\"same\"]\nactive = \"2004/2003\"\n",
            )],
            &ontology(),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("`b` shares the name \"same\", which is a name of `a` alone"),
            "{message}"
        );
        assert!(
            message.contains("`b`: active: `2004/2003` ends before it begins"),
            "{message}"
        );
        let shared = load(
            &[file(
                "[a]\ntype = \"Settlement\"\nlabel = \"A\"\nshared_aliases = [\"Same\"]\nactive = \"/1990-05\"\n\n[b]\ntype = \"Settlement\"\nlabel = \"B\"\nshared_aliases = [\"Same\"]\n",
            )],
            &ontology(),
        )
        .unwrap();
        let a = shared.get("a").unwrap();
        assert_eq!(a.shared_aliases, ["Same"]);
        let active = a.active.unwrap();
        assert!(active.holds(PartialDate::parse("1990").unwrap()));
        assert!(!active.holds(PartialDate::parse("1990-06").unwrap()));
    }

    #[test]
    fn unknown_type_suggests_the_closest_class() {
        let err = load(
            &[file("[x]\ntype = \"Setlement\"\nlabel = \"X\"\n")],
            &ontology(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `Settlement`?"),
            "{err}"
        );
    }
}
