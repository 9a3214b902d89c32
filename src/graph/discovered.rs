//! Discovered entities: names the registry does not hold, found by the rules
//! (`extraction::rules::names`). Described like registry entities, in the default graph, with
//! `fg:method "rule:discovered"` so that a query tells them from curated ones; written once per
//! corpus, after every document, from what [`Discoveries`](crate::extraction::rules::names::Discoveries)
//! gathered.

use super::{Writer, english, fg, integer};
use crate::extraction::rules::names::DiscoveredEntity;
use crate::vocab::Namespaces;
use crate::vocab::{RDF, RDFS, SKOS, iri};
use oxigraph::model::{GraphName, Literal, Quad};

/// The `fg:method` of every discovered entity.
pub const METHOD: &str = "rule:discovered";

/// The description of each discovered entity: type, label, aliases, method, mention count.
pub fn quads(ns: &Namespaces, entities: &[DiscoveredEntity]) -> Vec<Quad> {
    let mut w = Writer {
        ns,
        quads: Vec::new(),
    };
    let g = GraphName::DefaultGraph;
    for entity in entities {
        let subject = w.ns.entity(&entity.slug);
        w.add(&subject, iri(RDF, "type"), fg(entity.class), &g);
        w.add(&subject, iri(RDFS, "label"), english(&entity.label), &g);
        for alias in &entity.aliases {
            w.add(&subject, iri(SKOS, "altLabel"), english(alias), &g);
        }
        w.add(
            &subject,
            fg("method"),
            Literal::new_simple_literal(METHOD),
            &g,
        );
        w.add(&subject, fg("mentionCount"), integer(entity.mentions), &g);
    }
    w.quads
}
