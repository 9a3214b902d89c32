//! Graph building: the checked corpus, registry, claims and mentions as RDF quads, following the
//! vocabulary contract (`../shared/vocabulary.md`).
//!
//! **Architecture invariant:** this stage is a pure function from extraction's types to quads;
//! it neither reads files nor touches the store. A claim's triples live in the claim's own named
//! graph; everything about the claim (document, quote, offsets, attribution) is in the default
//! graph, so "who says so" is always one join away.

pub mod compare;
pub mod count;
pub mod discovered;
mod expressions;
pub mod void;

use crate::corpus::Document;
use crate::extraction::registry::{Entity, Registry};
use crate::extraction::rules::Expressions;
use crate::extraction::{Claim, Mention, Number, Value};
use crate::ontology::Ontology;
use crate::temporal::PartialDate;
use crate::vocab::{
    DBPEDIA_RESOURCE, DCTERMS, FG, Namespaces, OWL, RDF, RDFS, SKOS, WIKIDATA_ENTITY, XSD,
    encode_dbpedia, iri,
};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Everything the graph is built from.
pub struct Sources<'a> {
    /// The corpus's documents, each with its text.
    pub documents: &'a [(&'a Document, &'a str)],
    pub ontology: &'a Ontology,
    pub registry: &'a Registry,
    pub claims: &'a [Claim],
    pub mentions: &'a [Mention],
    /// The project's namespaces, under which every IRI is minted.
    pub namespaces: &'a Namespaces,
    /// The dataset's title, for its VoID description.
    pub title: &'a str,
    /// The dates and figures of each document, in the order of `documents`.
    pub expressions: &'a [Expressions],
    /// The names the rules discovered in the documents.
    pub discovered: &'a [crate::extraction::rules::names::DiscoveredEntity],
}

// Names from the inputs go into IRIs through `encode_path` alone (`Namespaces::entity`,
// `document`, `claim`), so that any file name or value gives a valid IRI, and the same name
// always the same IRI.

pub fn fg_iri(local: &str) -> NamedNode {
    iri(FG, local)
}

fn fg(local: &str) -> NamedNode {
    iri(FG, local)
}

fn integer(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), iri(XSD, "integer"))
}

fn english(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

pub fn date_literal(date: &PartialDate) -> Literal {
    Literal::new_typed_literal(date.to_string(), iri(XSD, date.xsd_datatype()))
}

pub fn number_literal(number: &Number) -> Literal {
    let datatype = if number.is_integer {
        "integer"
    } else {
        "decimal"
    };
    Literal::new_typed_literal(number.lexical.clone(), iri(XSD, datatype))
}

/// Collects quads for one graph at a time, minting IRIs under the project's namespaces.
struct Writer<'n> {
    quads: Vec<Quad>,
    ns: &'n Namespaces,
}

impl Writer<'_> {
    fn add(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNode,
        object: impl Into<Term>,
        graph: &GraphName,
    ) {
        self.quads.push(Quad::new(
            subject.clone(),
            predicate,
            object.into(),
            graph.clone(),
        ));
    }
}

/// All quads of the dataset: ontology, registry, documents, claims and mentions, and their VoID
/// description. The same quads as [`shared_quads`], then [`document_quads`] for each document,
/// then the description, which is how a streaming build writes them.
pub fn build(sources: &Sources<'_>) -> Vec<Quad> {
    let ns = sources.namespaces;
    let mut quads = shared_quads(ns, sources.ontology, sources.registry);
    let mut claims: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for claim in sources.claims {
        claims.entry(&claim.document).or_default().push(claim);
    }
    let mut mentions: HashMap<&str, Vec<&Mention>> = HashMap::new();
    for mention in sources.mentions {
        mentions.entry(&mention.document).or_default().push(mention);
    }
    let none = Expressions::default();
    let comparer = compare::Comparer::new(sources.ontology);
    let mut statements = compare::Statements::default();
    for (index, &(document, text)) in sources.documents.iter().enumerate() {
        let id = document.id.as_str();
        let claims = claims.get(id).map_or(&[][..], Vec::as_slice);
        statements.add(index, comparer.statements(claims));
        quads.extend(document_quads(
            ns,
            document,
            text,
            claims,
            mentions.get(id).map_or(&[], Vec::as_slice),
            sources.expressions.get(index).unwrap_or(&none),
        ));
    }
    let mut counted = MentionCounts::default();
    for mentions in mentions.values() {
        counted.add(mentions);
    }
    quads.extend(counted.quads(ns, sources.registry));
    quads.extend(discovered::quads(ns, sources.discovered));
    let documents: Vec<&Document> = sources.documents.iter().map(|(d, _)| *d).collect();
    quads.extend(compare::quads(ns, &comparer, &statements, &documents));
    let description = void::describe(ns, sources.title, &quads);
    quads.extend(description);
    quads
}

/// How many times each entity is mentioned in the corpus: a total no document's quads can say,
/// written once every document is read, so that "most mentioned" is one lookup per entity
/// instead of a pass over every mention.
#[derive(Default)]
pub struct MentionCounts(HashMap<Arc<str>, usize>);

impl MentionCounts {
    /// Counts one document's mentions. Each is one `#mention-` node: mentions never overlap, so
    /// no two share a place in the text.
    pub fn add(&mut self, mentions: &[&Mention]) {
        for mention in mentions {
            *self.0.entry(mention.entity.clone()).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: MentionCounts) {
        for (entity, count) in other.0 {
            *self.0.entry(entity).or_default() += count;
        }
    }

    /// `fg:mentionCount` of every registry entity (mentions name registry entities only), 0 for
    /// those no document names.
    pub fn quads(&self, ns: &Namespaces, registry: &Registry) -> Vec<Quad> {
        let mut writer = Writer {
            quads: Vec::new(),
            ns,
        };
        for entity in &registry.entities {
            let count = self.0.get(entity.slug.as_str()).copied().unwrap_or(0);
            writer.add(
                &ns.entity(&entity.slug),
                fg("mentionCount"),
                integer(count),
                &GraphName::DefaultGraph,
            );
        }
        writer.quads
    }
}

/// The quads every document refers to: the ontology and the registry's entities.
pub fn shared_quads(ns: &Namespaces, ontology: &Ontology, registry: &Registry) -> Vec<Quad> {
    let mut writer = Writer {
        quads: ontology.quads.clone(),
        ns,
    };
    for entity in &registry.entities {
        add_entity(&mut writer, entity, &GraphName::DefaultGraph);
    }
    writer.quads
}

/// The quads of one document: its description and text, its claims (each in its own graph,
/// described in the default graph) and its mentions. No other document's quads name any of
/// the nodes minted here (the document, `#mention-` nodes, the claims): a document's quads can
/// be checked and counted on their own, beside the shared ones.
pub fn document_quads(
    ns: &Namespaces,
    document: &Document,
    text: &str,
    claims: &[&Claim],
    mentions: &[&Mention],
    expressions: &Expressions,
) -> Vec<Quad> {
    let mut quads = Vec::new();
    document_windows(
        ns,
        document,
        claims,
        mentions,
        expressions,
        &Windows {
            quads: usize::MAX,
            description: Some(text),
        },
        &mut |window| quads.extend(window),
    );
    quads
}

/// How [`document_windows`] cuts a document's quads.
pub struct Windows<'t> {
    /// About how many quads a window holds: it ends after the first claim or mention that
    /// reaches this many, so that no claim's or mention's quads are cut apart.
    pub quads: usize,
    /// The document's text, when its description (the text included) comes first; without it
    /// the windows hold the claims and mentions alone.
    pub description: Option<&'t str>,
}

/// [`document_quads`] a window at a time, in the same order, so that a large document is never
/// all in memory as quads (a mention is six quads of about 300 bytes each).
pub fn document_windows(
    ns: &Namespaces,
    document: &Document,
    claims: &[&Claim],
    mentions: &[&Mention],
    expressions: &Expressions,
    windows: &Windows<'_>,
    each: &mut dyn FnMut(Vec<Quad>),
) {
    let mut writer = Writer {
        quads: Vec::new(),
        ns,
    };
    let default = GraphName::DefaultGraph;
    let mut full = |writer: &mut Writer| {
        if writer.quads.len() >= windows.quads {
            each(std::mem::take(&mut writer.quads));
        }
    };
    if let Some(text) = windows.description {
        add_document(
            &mut writer,
            document,
            text.to_owned(),
            claims.len(),
            &default,
        );
    }
    for claim in claims {
        add_claim(&mut writer, claim, &default);
        full(&mut writer);
    }
    let mut mentioned = BTreeSet::new();
    for mention in mentions {
        add_mention(&mut writer, mention, &mut mentioned, &default);
        full(&mut writer);
    }
    expressions::add_expressions(&mut writer, &document.id, expressions, &default, &mut full);
    if !writer.quads.is_empty() {
        each(writer.quads);
    }
}

/// The quads of [`document_quads`] whose subject is the document, in the same order: its
/// description and the entities it mentions (at most one quad per registry entity), and how
/// many of them are the description. Every check on the document node reads these alone,
/// unless a path is inverse. The text is moved into the description, not copied.
pub fn document_head(
    ns: &Namespaces,
    document: &Document,
    text: String,
    claims: usize,
    mentions: &[&Mention],
) -> (Vec<Quad>, usize) {
    let mut writer = Writer {
        quads: Vec::new(),
        ns,
    };
    let default = GraphName::DefaultGraph;
    add_document(&mut writer, document, text, claims, &default);
    let description = writer.quads.len();
    let mut mentioned = BTreeSet::new();
    for mention in mentions {
        if mentioned.insert((mention.document.clone(), mention.entity.clone())) {
            add_mentions_entity(&mut writer, mention, &default);
        }
    }
    (writer.quads, description)
}

fn add_entity(w: &mut Writer, entity: &Entity, g: &GraphName) {
    let subject = w.ns.entity(&entity.slug);
    w.add(&subject, iri(RDF, "type"), fg(&entity.class), g);
    w.add(&subject, iri(RDFS, "label"), english(&entity.label), g);
    // A name shared with other entities is still one of this one's names.
    for alias in entity.aliases.iter().chain(&entity.shared_aliases) {
        w.add(&subject, iri(SKOS, "altLabel"), english(alias), g);
    }
    if let Some(q) = &entity.wikidata {
        w.add(&subject, iri(OWL, "sameAs"), iri(WIKIDATA_ENTITY, q), g);
    }
    if let Some(name) = &entity.dbpedia {
        w.add(
            &subject,
            iri(OWL, "sameAs"),
            iri(DBPEDIA_RESOURCE, &encode_dbpedia(name)),
            g,
        );
    }
}

fn add_document(w: &mut Writer, document: &Document, text: String, claims: usize, g: &GraphName) {
    let subject = w.ns.document(&document.id);
    let meta = &document.metadata;
    w.add(&subject, iri(RDF, "type"), fg("Document"), g);
    w.add(
        &subject,
        iri(DCTERMS, "identifier"),
        Literal::new_simple_literal(&document.id),
        g,
    );
    w.add(&subject, iri(DCTERMS, "title"), english(&meta.title), g);
    if let Some(publisher) = &meta.publisher {
        w.add(
            &subject,
            iri(DCTERMS, "publisher"),
            w.ns.entity(publisher),
            g,
        );
    }
    if let Some(issued) = meta
        .issued
        .as_deref()
        .and_then(|d| PartialDate::parse(d).ok())
    {
        w.add(&subject, iri(DCTERMS, "issued"), date_literal(&issued), g);
    }
    if let Some(source) = &meta.source {
        w.add(
            &subject,
            iri(DCTERMS, "source"),
            Literal::new_simple_literal(source),
            g,
        );
    }
    w.add(
        &subject,
        iri(DCTERMS, "language"),
        Literal::new_simple_literal(&meta.language),
        g,
    );
    for genre in &meta.genre {
        w.add(&subject, fg("genre"), Literal::new_simple_literal(genre), g);
    }
    if let Some(translated) = meta.translated {
        w.add(&subject, fg("translated"), Literal::from(translated), g);
    }
    w.add(
        &subject,
        fg("sha256"),
        Literal::new_simple_literal(&document.file.sha256),
        g,
    );
    w.add(
        &subject,
        fg("characters"),
        integer(document.file.characters),
        g,
    );
    w.add(&subject, fg("claimCount"), integer(claims), g);
    w.add(
        &subject,
        fg("content"),
        Literal::new_simple_literal(text),
        g,
    );
}

/// The RDF object of a stated value.
pub fn value_term(ns: &Namespaces, value: &Value) -> Term {
    match value {
        Value::Entity(slug) => ns.entity(slug).into(),
        Value::Date(date) => date_literal(date).into(),
        Value::Number(number) => number_literal(number).into(),
        Value::Text(text) => Literal::new_simple_literal(text).into(),
        Value::Boolean(b) => Literal::from(*b).into(),
    }
}

fn add_claim(w: &mut Writer, claim: &Claim, g: &GraphName) {
    let name = w.ns.claim(&claim.id);
    let graph = GraphName::NamedNode(name.clone());
    let subject = w.ns.entity(&claim.subject);
    for (property, value) in &claim.statements {
        let object = value_term(w.ns, value);
        w.add(&subject, fg(property), object, &graph);
    }
    w.add(&name, iri(RDF, "type"), fg("Claim"), g);
    let document = w.ns.document(&claim.document);
    w.add(&name, fg("statedIn"), document, g);
    w.add(
        &name,
        fg("quote"),
        Literal::new_simple_literal(&claim.quote),
        g,
    );
    w.add(&name, fg("start"), integer(claim.start), g);
    w.add(&name, fg("end"), integer(claim.end), g);
    w.add(
        &name,
        fg("method"),
        Literal::new_simple_literal(claim.method.to_string()),
        g,
    );
    if let Some(confidence) = claim.confidence {
        let decimal = Literal::new_typed_literal(format!("{confidence:.2}"), iri(XSD, "decimal"));
        w.add(&name, fg("confidence"), decimal, g);
    }
    if let Some(source) = &claim.attributed_to {
        let source = w.ns.entity(source);
        w.add(&name, fg("attributedTo"), source, g);
    }
    if let Some(qualifier) = claim.qualifier {
        w.add(
            &name,
            fg("qualifier"),
            Literal::new_simple_literal(qualifier.as_str()),
            g,
        );
    }
    if let Some(upper) = &claim.upper_bound {
        w.add(&name, fg("upperBound"), number_literal(upper), g);
    }
    if let Some(as_of) = &claim.as_of {
        w.add(&name, fg("asOf"), date_literal(as_of), g);
    }
    if let Some(unit) = &claim.unit {
        w.add(&name, fg("unit"), Literal::new_simple_literal(unit), g);
    }
}

/// The document's `fg:mentions` quad for the entity of `mention`.
fn add_mentions_entity(w: &mut Writer, mention: &Mention, g: &GraphName) {
    let document = w.ns.document(&mention.document);
    let entity = w.ns.entity(&mention.entity);
    w.add(&document, fg("mentions"), entity, g);
}

/// Mentions get readable IRIs from their position (`doc:<id>#mention-<start>-<end>`), so a
/// rebuild of the same text gives the same IRIs and exports stay free of blank nodes. The
/// document's `fg:mentions` of an entity comes before the first mention of it (`mentioned`
/// holds the pairs seen so far).
fn add_mention(
    w: &mut Writer,
    mention: &Mention,
    mentioned: &mut BTreeSet<(Arc<str>, Arc<str>)>,
    g: &GraphName,
) {
    let document = w.ns.document(&mention.document);
    let entity = w.ns.entity(&mention.entity);
    if mentioned.insert((mention.document.clone(), mention.entity.clone())) {
        add_mentions_entity(w, mention, g);
    }
    let node = NamedNode::new_unchecked(format!(
        "{}#mention-{}-{}",
        document.as_str(),
        mention.start,
        mention.end
    ));
    w.add(&node, iri(RDF, "type"), fg("Mention"), g);
    w.add(&node, fg("inDocument"), document, g);
    w.add(&node, fg("mentionOf"), entity, g);
    w.add(
        &node,
        fg("text"),
        Literal::new_simple_literal(&mention.text),
        g,
    );
    w.add(&node, fg("start"), integer(mention.start), g);
    w.add(&node, fg("end"), integer(mention.end), g);
}
