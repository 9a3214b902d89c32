//! Exports of the whole dataset or of one document, in every RDF syntax oxigraph writes.
//!
//! Dataset syntaxes (TriG, N-Quads, JSON-LD) keep each claim as its named graph. Triple syntaxes
//! (Turtle, N-Triples, RDF/XML) have no graphs, and a claim's triple written there as it is
//! would be asserted: loaded into a triple store, every side of a dispute would read as fact.
//! So by default a claim's triple is written only reified, as an `rdf:Statement` linked to its
//! claim by `fg:inClaim` (the claim's metadata, document, quote and offsets, comes along), which
//! states that the document says it, not that it is so. `--bare` asserts the claims' triples
//! instead, `--provenance` both.

use crate::diagnostic::Refusal;
use crate::graph::void::LINKED;
use crate::query::output::serializer;
use crate::vocab::{FG, Namespaces, OWL, RDF, iri};
use anyhow::Result;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::store::Store;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashSet};
use std::io::Write;

/// How a syntax without named graphs writes the triples of claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ClaimTriples {
    /// Each as an `rdf:Statement` linked to its claim: said, not asserted.
    #[default]
    Reified,
    /// Each as a plain triple, once, whoever states it (`--bare`).
    Asserted,
    /// Both (`--provenance`).
    ReifiedAndAsserted,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// The project's namespaces: its prefixes, and which graphs are claims.
    pub namespaces: Namespaces,
    /// Only what this document states, its metadata and mentions, and the entities involved.
    pub document: Option<String>,
    /// How triple syntaxes write the claims' triples.
    pub claims: ClaimTriples,
    /// Only the owl:sameAs links to the external knowledge bases.
    pub links: bool,
}

/// Writes the store's content to `out`; returns the number of quads or triples written.
pub fn export(
    store: &Store,
    format: RdfFormat,
    options: &Options,
    out: impl Write,
) -> Result<usize> {
    let mut quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
    quads.sort_by_cached_key(|q| q.to_string());
    if let Some(document) = &options.document {
        quads = only_document(&options.namespaces, quads, document)?;
    }
    if options.links {
        let same_as = iri(OWL, "sameAs");
        quads.retain(|q| {
            q.predicate == same_as
                && matches!(&q.object, Term::NamedNode(target)
                    if LINKED.iter().any(|base| target.as_str().starts_with(base.uri_space)))
        });
    }
    write_quads(&options.namespaces, &quads, format, options.claims, out)
}

/// Writes `quads` in `format`; a syntax without named graphs gets each triple once, a claim's
/// as `claims` says. Returns what was written.
pub fn write_quads(
    ns: &Namespaces,
    quads: &[Quad],
    format: RdfFormat,
    claims: ClaimTriples,
    out: impl Write,
) -> Result<usize> {
    let mut writer = serializer(ns, format).for_writer(out);
    let mut written = 0;
    if format.supports_datasets() {
        for quad in quads {
            writer.serialize_quad(quad)?;
            written += 1;
        }
    } else {
        let mut seen = HashSet::new();
        for quad in quads {
            let triple = Triple::new(
                quad.subject.clone(),
                quad.predicate.clone(),
                quad.object.clone(),
            );
            let claim = match &quad.graph_name {
                GraphName::NamedNode(claim) if claim.as_str().starts_with(&ns.claim) => Some(claim),
                _ => None,
            };
            if let Some(claim) = claim
                && claims != ClaimTriples::Asserted
            {
                for reified in reify(&triple, claim) {
                    if seen.insert(reified.clone()) {
                        writer.serialize_triple(&reified)?;
                        written += 1;
                    }
                }
            }
            let asserted = claim.is_none() || claims != ClaimTriples::Reified;
            if asserted && seen.insert(triple.clone()) {
                writer.serialize_triple(&triple)?;
                written += 1;
            }
        }
    }
    writer.finish()?;
    Ok(written)
}

/// The standard reification of `triple`, named after the claim and the triple so that the same
/// data always gives the same IRIs.
fn reify(triple: &Triple, claim: &NamedNode) -> Vec<Triple> {
    let digest = hex::encode(Sha256::digest(triple.to_string().as_bytes()));
    let statement =
        NamedNode::new_unchecked(format!("{}#statement-{}", claim.as_str(), &digest[..16]));
    let node: NamedOrBlankNode = statement.into();
    vec![
        Triple::new(node.clone(), iri(RDF, "type"), iri(RDF, "Statement")),
        Triple::new(
            node.clone(),
            iri(RDF, "subject"),
            Term::from(triple.subject.clone()),
        ),
        Triple::new(
            node.clone(),
            iri(RDF, "predicate"),
            triple.predicate.clone(),
        ),
        Triple::new(node.clone(), iri(RDF, "object"), triple.object.clone()),
        Triple::new(node, iri(FG, "inClaim"), claim.clone()),
    ]
}

/// The quads that belong to one document: its metadata, its claims (graphs and metadata), its
/// mentions, and the registry descriptions of the entities these involve.
fn only_document(ns: &Namespaces, quads: Vec<Quad>, document: &str) -> Result<Vec<Quad>> {
    let doc = ns.document(document);
    let stated_in = iri(FG, "statedIn");
    let in_document = iri(FG, "inDocument");
    let doc_term: Term = doc.clone().into();
    if !quads.iter().any(|q| q.subject == doc.clone().into()) {
        let prefix = ns.document("");
        // Identifiers as the user writes them: the file names, not their encoded IRIs.
        let known: BTreeSet<String> = quads
            .iter()
            .filter_map(|q| match &q.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().strip_prefix(prefix.as_str()),
                _ => None,
            })
            .filter(|id| !id.contains(['/', '#']))
            .filter_map(crate::vocab::percent_decode)
            .collect();
        anyhow::bail!(Refusal::new(
            format!("no document `{document}` in the store"),
            crate::diagnostic::did_you_mean(
                document,
                known.iter().map(String::as_str),
                "`factgraph query documents` lists the documents and their identifiers"
            )
            .to_string()
        ));
    }
    let mut members: HashSet<NamedOrBlankNode> = HashSet::new();
    members.insert(doc.clone().into());
    let mut claims: HashSet<GraphName> = HashSet::new();
    for quad in &quads {
        if quad.object == doc_term && (quad.predicate == stated_in || quad.predicate == in_document)
        {
            members.insert(quad.subject.clone());
            if quad.predicate == stated_in
                && let NamedOrBlankNode::NamedNode(n) = &quad.subject
            {
                claims.insert(GraphName::NamedNode(n.clone()));
            }
        }
    }
    let mut kept: Vec<Quad> = quads
        .iter()
        .filter(|q| {
            claims.contains(&q.graph_name)
                || (q.graph_name.is_default_graph() && members.contains(&q.subject))
        })
        .cloned()
        .collect();
    let mut entities: HashSet<NamedOrBlankNode> = HashSet::new();
    for quad in &kept {
        for term in [Term::from(quad.subject.clone()), quad.object.clone()] {
            if let Term::NamedNode(n) = term
                && n.as_str().starts_with(&ns.kb)
            {
                entities.insert(n.into());
            }
        }
    }
    kept.extend(
        quads
            .into_iter()
            .filter(|q| q.graph_name.is_default_graph() && entities.contains(&q.subject)),
    );
    Ok(kept)
}
