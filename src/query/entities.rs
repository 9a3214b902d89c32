//! Entities named as a person names them: wherever a command expects an entity it takes a
//! slug (`khojaly-massacre`), a prefixed or full IRI, a label ("Khojaly massacre") or an alias
//! ("Kocaeli"), in any case. An entity the store does not have is an error naming the closest
//! ones, never a query that silently answers nothing.

use crate::diagnostic::{Refusal, closest};
use crate::vocab::{Namespaces, RDFS, SKOS, iri};
use anyhow::{Result, bail};
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// What `--param NAME=…` or `--about …` gave, for messages.
pub struct Asked<'a> {
    pub option: &'a str,
    pub value: &'a str,
}

/// The entity `asked.value` names in `store`.
pub fn resolve(store: &Store, ns: &Namespaces, asked: &Asked<'_>) -> Result<NamedNode> {
    let value = asked.value.trim();
    if let Some(node) = super::written_iri(ns, asked.option, value)? {
        if is_described(store, node.as_ref()) {
            return Ok(node);
        }
        let local = node.as_str().strip_prefix(&ns.kb).unwrap_or(value);
        return Err(not_found(&Names::of(store, ns), asked, local));
    }
    let slug_node = ns.entity(value);
    if is_described(store, slug_node.as_ref()) {
        return Ok(slug_node);
    }
    let names = Names::of(store, ns);
    let wanted = normalize(value);
    match names.by_name.get(&wanted) {
        Some(found) if found.len() == 1 => Ok(found.iter().next().cloned().expect("one")),
        Some(found) => bail!(Refusal::new(
            format!("{} `{value}` names {} entities", asked.option, found.len()),
            format!(
                "name one of them: {}",
                found
                    .iter()
                    .map(|n| ns.compact(n.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        )),
        None => Err(not_found(&names, asked, value)),
    }
}

/// The identifier of the document `value` names: its identifier (`003_898eee803d7ca7f3`), a
/// prefix only it has (`003`), or `doc:…`. Anything else is an error listing the documents.
pub fn resolve_document(store: &Store, asked: &Asked<'_>) -> Result<String> {
    let value = asked.value.trim();
    let value = value.strip_prefix("doc:").unwrap_or(value);
    let identifier = iri(crate::vocab::DCTERMS, "identifier");
    let document = iri(crate::vocab::FG, "Document");
    let rdf_type = iri(crate::vocab::RDF, "type");
    let identifiers: BTreeSet<String> = store
        .quads_for_pattern(
            None,
            Some(rdf_type.as_ref()),
            Some(document.as_ref().into()),
            None,
        )
        .flatten()
        .filter_map(|quad| {
            let subject = match &quad.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(node) => node.clone(),
                _ => return None,
            };
            store
                .quads_for_pattern(
                    Some(subject.as_ref().into()),
                    Some(identifier.as_ref()),
                    None,
                    None,
                )
                .flatten()
                .find_map(|q| match q.object {
                    Term::Literal(id) => Some(id.value().to_string()),
                    _ => None,
                })
        })
        .collect();
    if identifiers.contains(value) {
        return Ok(value.to_string());
    }
    let starting: Vec<&String> = identifiers
        .iter()
        .filter(|id| id.starts_with(value))
        .collect();
    if let [only] = starting.as_slice()
        && !value.is_empty()
    {
        return Ok((*only).clone());
    }
    let ambiguous = starting.len() > 1;
    let listed = if ambiguous {
        starting
    } else {
        identifiers.iter().collect()
    };
    let mut shown: Vec<&str> = listed.iter().take(10).map(|s| s.as_str()).collect();
    if listed.len() > shown.len() {
        shown.push("…");
    }
    bail!(Refusal::new(
        format!(
            "{} `{}`: {}",
            asked.option,
            asked.value,
            if ambiguous {
                "more than one document starts so"
            } else {
                "the store has no such document"
            }
        ),
        format!("the documents: {}", shown.join(", "))
    ))
}

/// Whether the store says anything about `node` (it is the subject of a quad).
fn is_described(store: &Store, node: NamedNodeRef<'_>) -> bool {
    store
        .quads_for_pattern(Some(node.into()), None, None, None)
        .next()
        .is_some()
}

/// The error for a name no entity has, with the entities whose names come closest.
fn not_found(names: &Names, asked: &Asked<'_>, value: &str) -> anyhow::Error {
    let keys: Vec<&str> = names.shown.keys().map(String::as_str).collect();
    let close = closest(value, keys.iter().copied());
    let help = if close.is_empty() {
        "`factgraph query entities` lists them, with their slugs".to_string()
    } else {
        let shown: BTreeSet<&str> = close
            .iter()
            .filter_map(|k| names.shown.get(*k).map(String::as_str))
            .collect();
        format!(
            "the closest: {}",
            shown.into_iter().collect::<Vec<_>>().join("; ")
        )
    };
    Refusal::new(
        format!(
            "{} `{}`: the store has no such entity (by slug, label or alias)",
            asked.option, asked.value
        ),
        help,
    )
    .into()
}

/// Every entity's names: its slug, labels and aliases.
struct Names {
    /// Normalized name → the entities it names.
    by_name: BTreeMap<String, BTreeSet<NamedNode>>,
    /// A name as written → how an entity is shown in a hint: `kb:slug (Label)`.
    shown: BTreeMap<String, String>,
}

impl Names {
    fn of(store: &Store, ns: &Namespaces) -> Self {
        let mut names = Self {
            by_name: BTreeMap::new(),
            shown: BTreeMap::new(),
        };
        let label = iri(RDFS, "label");
        let alias = iri(SKOS, "altLabel");
        for quad in store
            .quads_for_pattern(None, Some(label.as_ref()), None, None)
            .chain(store.quads_for_pattern(None, Some(alias.as_ref()), None, None))
            .flatten()
        {
            let (oxigraph::model::NamedOrBlankNode::NamedNode(node), Term::Literal(name)) =
                (&quad.subject, &quad.object)
            else {
                continue;
            };
            let Some(slug) = node.as_str().strip_prefix(&ns.kb) else {
                continue;
            };
            let shown = format!("kb:{slug} ({})", name.value());
            for written in [slug, name.value()] {
                names
                    .by_name
                    .entry(normalize(written))
                    .or_default()
                    .insert(node.clone());
                names
                    .shown
                    .entry(written.to_string())
                    .or_insert_with(|| shown.clone());
            }
        }
        names
    }
}

/// A name compared as a person would: case, spaces, hyphens and underscores aside.
fn normalize(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
