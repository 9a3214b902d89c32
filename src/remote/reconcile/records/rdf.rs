//! Records from RDF in Wikidata's vocabulary, or from DBpedia's `owl:sameAs` links to items.
//!
//! Statements about one item may lie anywhere in a file, so the file is read twice: the first
//! pass keeps the items that a wanted name or title names (and every subclass statement), the
//! second gathers what is said of those items alone. Memory holds the wanted items, never the
//! file.

use super::{Hierarchy, Record, item_id, normalize, wikipedia_title};
use anyhow::Result;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{Quad, Term};
use std::collections::HashMap;
use std::io::Read;
use std::ops::ControlFlow;

const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
const SCHEMA_NAME: &str = "http://schema.org/name";
const SCHEMA_ABOUT: &str = "http://schema.org/about";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const WDT: &str = "http://www.wikidata.org/prop/direct/";

/// What one statement says of an item.
enum Said<'a> {
    Label(&'a str),
    Alias(&'a str),
    Title(String),
    Class(&'a str),
    Related(&'a str),
    Subclass(&'a str),
}

/// The item a statement is about and what it says, or `None` for a statement of no use here.
fn said(quad: &Quad) -> Option<(&str, Said<'_>)> {
    let subject = match &quad.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(node) => node.as_str(),
        _ => return None,
    };
    let predicate = quad.predicate.as_str();
    let object_iri = match &quad.object {
        Term::NamedNode(node) => Some(node.as_str()),
        _ => None,
    };
    if predicate == SCHEMA_ABOUT {
        let is_article = subject.contains("://en.wikipedia.org/wiki/");
        let item = object_iri.and_then(entity)?;
        return is_article.then(|| Some((item, Said::Title(wikipedia_title(subject)?))))?;
    }
    if predicate == OWL_SAME_AS {
        let object = object_iri?;
        let (item, resource) = match (entity(subject), entity(object)) {
            (Some(item), None) => (item, object),
            (None, Some(item)) => (item, subject),
            _ => return None,
        };
        if !resource.contains("://dbpedia.org/resource/") {
            return None;
        }
        return Some((item, Said::Title(wikipedia_title(resource)?)));
    }
    let item = entity(subject)?;
    if let Some(property) = predicate.strip_prefix(WDT) {
        let value = object_iri.and_then(entity)?;
        let said = match property {
            "P31" => Said::Class(value),
            "P279" => Said::Subclass(value),
            p if super::RELATED.contains(&p) => Said::Related(value),
            _ => return None,
        };
        return Some((item, said));
    }
    let Term::Literal(literal) = &quad.object else {
        return None;
    };
    let english = matches!(literal.language(), None | Some("en" | "mul"))
        || literal.language().is_some_and(|l| l.starts_with("en-"));
    if !english {
        return None;
    }
    match predicate {
        RDFS_LABEL | SKOS_PREF_LABEL | SCHEMA_NAME => Some((item, Said::Label(literal.value()))),
        SKOS_ALT_LABEL => Some((item, Said::Alias(literal.value()))),
        _ => None,
    }
}

/// `Q…` of a Wikidata entity IRI (`http` or `https`).
fn entity(iri: &str) -> Option<&str> {
    let rest = iri
        .strip_prefix("http://www.wikidata.org/entity/")
        .or_else(|| iri.strip_prefix("https://www.wikidata.org/entity/"))?;
    item_id(rest)
}

pub(super) fn read<'a>(
    format: RdfFormat,
    open: &dyn Fn() -> Result<Box<dyn Read + 'a>>,
    wanted: &dyn Fn(&str) -> bool,
    hierarchy: &mut Hierarchy,
    found: &mut dyn FnMut(Record) -> ControlFlow<()>,
) -> Result<()> {
    let mut records: HashMap<String, Record> = HashMap::new();
    each_statement(format, open()?, &mut |item, said| match said {
        Said::Subclass(parent) => hierarchy.add(item, parent),
        Said::Label(name) | Said::Alias(name) if wanted(&normalize(name)) => {
            records.entry(item.to_string()).or_default();
        }
        Said::Title(title) if wanted(&normalize(&title)) => {
            records.entry(item.to_string()).or_default();
        }
        _ => {}
    })?;
    if records.is_empty() {
        return Ok(());
    }
    each_statement(format, open()?, &mut |item, said| {
        let Some(record) = records.get_mut(item) else {
            return;
        };
        let push = |list: &mut Vec<String>, value: &str| {
            if !list.iter().any(|v| v == value) {
                list.push(value.to_string());
            }
        };
        match said {
            Said::Label(name) => push(&mut record.labels, name),
            Said::Alias(name) => push(&mut record.aliases, name),
            Said::Title(title) => {
                record.wikipedia_title.get_or_insert(title);
            }
            Said::Class(class) => push(&mut record.classes, class),
            Said::Related(other) => push(&mut record.related, other),
            Said::Subclass(_) => {}
        }
    })?;
    let mut items: Vec<(String, Record)> = records.into_iter().collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    for (item, mut record) in items {
        record.item = item;
        if found(record).is_break() {
            break;
        }
    }
    Ok(())
}

fn each_statement(
    format: RdfFormat,
    reader: Box<dyn Read + '_>,
    on: &mut dyn FnMut(&str, Said<'_>),
) -> Result<()> {
    for quad in RdfParser::from_format(format).for_reader(reader) {
        let quad = quad.map_err(|err| match &err {
            RdfParseError::Syntax(syntax) => match syntax.location() {
                Some(at) => anyhow::anyhow!(
                    "line {}, column {}: {err}",
                    at.start.line + 1,
                    at.start.column + 1
                ),
                None => anyhow::Error::new(err),
            },
            RdfParseError::Io(_) => anyhow::Error::new(err),
        })?;
        if let Some((item, said)) = said(&quad) {
            on(item, said);
        }
    }
    Ok(())
}
