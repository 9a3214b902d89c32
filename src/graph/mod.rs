//! Graph building: the checked corpus, registry, claims and mentions as RDF quads, following the
//! vocabulary contract (`../shared/vocabulary.md`).
//!
//! **Architecture invariant:** this stage is a pure function from extraction's types to quads;
//! it neither reads files nor touches the store. A claim's triples live in the claim's own named
//! graph; everything about the claim (document, quote, offsets, attribution) is in the default
//! graph, so "who says so" is always one join away.

pub mod count;
pub mod discovered;
pub mod iri;
pub mod void;

use crate::corpus::Document;
use crate::extraction::registry::{Entity, Registry};
use crate::extraction::{Claim, Mention, Number, Value};
use crate::ontology::Ontology;
use crate::temporal::PartialDate;
use iri::{
    CLAIM, DBPEDIA_RESOURCE, DCTERMS, DOC, FG, KB, OWL, RDF, RDFS, SKOS, WIKIDATA_ENTITY, XSD,
    encode_dbpedia, encode_path, iri,
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
    /// The names the rules discovered in the documents.
    pub discovered: &'a [crate::extraction::rules::names::DiscoveredEntity],
}

// Names from the inputs go into IRIs through `encode_path` alone, so that any file name or
// value gives a valid IRI, and the same name always the same IRI.
pub fn entity_iri(slug: &str) -> NamedNode {
    iri(KB, &encode_path(slug))
}

/// `doc:<id>`, the id (the file name without `.txt`) encoded by [`iri::encode_path`].
pub fn document_iri(id: &str) -> NamedNode {
    iri(DOC, &encode_path(id))
}

pub fn fg_iri(local: &str) -> NamedNode {
    iri(FG, local)
}

pub fn claim_iri(id: &str) -> NamedNode {
    iri(CLAIM, &encode_path(id))
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

/// Collects quads for one graph at a time.
struct Writer {
    quads: Vec<Quad>,
}

impl Writer {
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
    let mut quads = shared_quads(sources.ontology, sources.registry);
    let mut claims: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for claim in sources.claims {
        claims.entry(&claim.document).or_default().push(claim);
    }
    let mut mentions: HashMap<&str, Vec<&Mention>> = HashMap::new();
    for mention in sources.mentions {
        mentions.entry(&mention.document).or_default().push(mention);
    }
    for &(document, text) in sources.documents {
        let id = document.id.as_str();
        quads.extend(document_quads(
            document,
            text,
            claims.get(id).map_or(&[], Vec::as_slice),
            mentions.get(id).map_or(&[], Vec::as_slice),
        ));
    }
    let mut counted = MentionCounts::default();
    for mentions in mentions.values() {
        counted.add(mentions);
    }
    quads.extend(counted.quads(sources.registry));
    quads.extend(discovered::quads(sources.discovered));
    let description = void::describe(&quads);
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
    pub fn quads(&self, registry: &Registry) -> Vec<Quad> {
        let mut writer = Writer { quads: Vec::new() };
        for entity in &registry.entities {
            let count = self.0.get(entity.slug.as_str()).copied().unwrap_or(0);
            writer.add(
                &entity_iri(&entity.slug),
                fg("mentionCount"),
                integer(count),
                &GraphName::DefaultGraph,
            );
        }
        writer.quads
    }
}

/// The quads every document refers to: the ontology and the registry's entities.
pub fn shared_quads(ontology: &Ontology, registry: &Registry) -> Vec<Quad> {
    let mut writer = Writer {
        quads: ontology.quads.clone(),
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
    document: &Document,
    text: &str,
    claims: &[&Claim],
    mentions: &[&Mention],
) -> Vec<Quad> {
    let mut quads = Vec::new();
    document_windows(
        document,
        claims,
        mentions,
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
    document: &Document,
    claims: &[&Claim],
    mentions: &[&Mention],
    windows: &Windows<'_>,
    each: &mut dyn FnMut(Vec<Quad>),
) {
    let mut writer = Writer { quads: Vec::new() };
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
    if !writer.quads.is_empty() {
        each(writer.quads);
    }
}

/// The quads of [`document_quads`] whose subject is the document, in the same order: its
/// description and the entities it mentions (at most one quad per registry entity), and how
/// many of them are the description. Every check on the document node reads these alone,
/// unless a path is inverse. The text is moved into the description, not copied.
pub fn document_head(
    document: &Document,
    text: String,
    claims: usize,
    mentions: &[&Mention],
) -> (Vec<Quad>, usize) {
    let mut writer = Writer { quads: Vec::new() };
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
    let subject = entity_iri(&entity.slug);
    w.add(&subject, iri(RDF, "type"), fg(&entity.class), g);
    w.add(&subject, iri(RDFS, "label"), english(&entity.label), g);
    for alias in &entity.aliases {
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
    let subject = document_iri(&document.id);
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
            entity_iri(publisher),
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
pub fn value_term(value: &Value) -> Term {
    match value {
        Value::Entity(slug) => entity_iri(slug).into(),
        Value::Date(date) => date_literal(date).into(),
        Value::Number(number) => number_literal(number).into(),
        Value::Text(text) => Literal::new_simple_literal(text).into(),
        Value::Boolean(b) => Literal::from(*b).into(),
    }
}

fn add_claim(w: &mut Writer, claim: &Claim, g: &GraphName) {
    let name = claim_iri(&claim.id);
    let graph = GraphName::NamedNode(name.clone());
    let subject = entity_iri(&claim.subject);
    for (property, value) in &claim.statements {
        w.add(&subject, fg(property), value_term(value), &graph);
    }
    w.add(&name, iri(RDF, "type"), fg("Claim"), g);
    w.add(&name, fg("statedIn"), document_iri(&claim.document), g);
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
        Literal::new_simple_literal(&claim.method),
        g,
    );
    if let Some(confidence) = claim.confidence {
        let decimal = Literal::new_typed_literal(format!("{confidence:.2}"), iri(XSD, "decimal"));
        w.add(&name, fg("confidence"), decimal, g);
    }
    if let Some(source) = &claim.attributed_to {
        w.add(&name, fg("attributedTo"), entity_iri(source), g);
    }
    if let Some(qualifier) = &claim.qualifier {
        w.add(
            &name,
            fg("qualifier"),
            Literal::new_simple_literal(qualifier),
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
    w.add(
        &document_iri(&mention.document),
        fg("mentions"),
        entity_iri(&mention.entity),
        g,
    );
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
    let document = document_iri(&mention.document);
    let entity = entity_iri(&mention.entity);
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
