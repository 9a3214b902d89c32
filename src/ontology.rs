//! The ontology (`ontology/factgraph.ttl`): loaded into the store, and read as the schema of
//! the curated facts.
//!
//! Which properties a facts file may use, and what kind of value each takes, is not written in
//! code: it follows from the ontology's `rdfs:range`, so that adding a property to the Turtle
//! file is all it takes to use it.

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::inputs::SourceFile;
use crate::vocab::{FG, ONTOLOGY_GRAPH, OWL, RDF, RDFS, SKOS, WIKIDATA_ENTITY, XSD};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a property's values are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// Registry entities; the class is the property's range (`None`: any resource).
    Entity(Option<String>),
    /// A date of year, month or day precision.
    Temporal,
    /// A number (`xsd:decimal` or `xsd:integer`).
    Number,
    /// Free text.
    Text,
    Boolean,
}

#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    pub kind: ValueKind,
    /// The local name of the property's `rdfs:domain` class, if it is one of ours.
    pub domain: Option<String>,
    /// An `owl:FunctionalProperty`: a subject has one value of it.
    pub functional: bool,
}

/// A group of people a figure may count (a concept of the `fg:groups` SKOS scheme), with the
/// words that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The concept's local name in `fg:`, e.g. `civilians`.
    pub name: String,
    /// Its `skos:prefLabel` and `skos:altLabel`s, in lower case.
    pub labels: Vec<String>,
}

/// The classes and properties of the `fg:` namespace, and the ontology's own triples.
#[derive(Debug, Clone, Default)]
pub struct Ontology {
    /// Local names of the classes, each with its direct superclasses in `fg:`.
    pub classes: BTreeMap<String, BTreeSet<String>>,
    pub properties: BTreeMap<String, Property>,
    /// Local names of the classes with their `skos:closeMatch` Wikidata classes (`Q…`).
    pub wikidata_classes: BTreeMap<String, Vec<String>>,
    /// The groups of people of the `fg:groups` scheme, in name order.
    pub groups: Vec<Group>,
    /// The triples of the file, in the ontology's named graph.
    pub quads: Vec<Quad>,
}

/// Properties describing claims, documents and mentions: never keys of a curated claim.
const METADATA_PROPERTIES: &[&str] = &[
    "statedIn",
    "quote",
    "start",
    "end",
    "method",
    "confidence",
    "attributedTo",
    "qualifier",
    "upperBound",
    "asOf",
    "unit",
    "genre",
    "translated",
    "sha256",
    "characters",
    "claimCount",
    "content",
    "mentions",
    "inDocument",
    "mentionOf",
    "mentionCount",
    "text",
    "inClaim",
    "value",
    "sentenceStart",
    "sentenceEnd",
    "onSubject",
    "onProperty",
    "disputeKind",
    "group",
    "includesClaim",
    "side",
    "exampleClaim",
    "agreedValue",
    "documentCount",
    "curatedDocumentCount",
    "publisherCount",
];

impl Ontology {
    /// Returns true if and only if `class` is `ancestor` or a subclass of it, transitively.
    pub fn is_subclass_of(&self, class: &str, ancestor: &str) -> bool {
        let mut stack = vec![class];
        let mut seen = BTreeSet::new();
        while let Some(c) = stack.pop() {
            if c == ancestor {
                return true;
            }
            if seen.insert(c)
                && let Some(parents) = self.classes.get(c)
            {
                stack.extend(parents.iter().map(String::as_str));
            }
        }
        false
    }

    /// The Wikidata classes an entity of `class` may be an instance of: the class's own close
    /// matches, or else those of its nearest superclass that has some (breadth first, so a
    /// nearer ancestor wins). `None` when no ancestor is aligned.
    pub fn wikidata_classes_of(&self, class: &str) -> Option<&[String]> {
        let mut queue = std::collections::VecDeque::from([class]);
        let mut seen = BTreeSet::new();
        while let Some(c) = queue.pop_front() {
            if let Some(matches) = self.wikidata_classes.get(c) {
                return Some(matches);
            }
            if seen.insert(c)
                && let Some(parents) = self.classes.get(c)
            {
                queue.extend(parents.iter().map(String::as_str));
            }
        }
        None
    }

    /// The local names of every class and property the ontology declares.
    pub fn declared_names(&self) -> BTreeSet<String> {
        self.classes
            .keys()
            .chain(self.properties.keys())
            .cloned()
            .collect()
    }

    /// The properties a curated claim may state (everything but claim and document metadata).
    pub fn assertion_property(&self, name: &str) -> Option<&Property> {
        if METADATA_PROPERTIES.contains(&name) {
            return None;
        }
        self.properties.get(name)
    }

    pub fn assertion_property_names(&self) -> impl Iterator<Item = &str> {
        self.properties
            .keys()
            .map(String::as_str)
            .filter(|n| !METADATA_PROPERTIES.contains(n))
    }
}

pub fn load(file: &SourceFile) -> Result<Ontology, Diagnostics> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(ONTOLOGY_GRAPH));
    Ok(from_quads(parse_turtle(file, graph)?))
}

/// The quads of a Turtle file, in `graph`; a syntax error is a diagnostic at its line and column.
pub fn parse_turtle(file: &SourceFile, graph: GraphName) -> Result<Vec<Quad>, Diagnostics> {
    parse_rdf(file, RdfFormat::Turtle, graph)
}

/// The quads of an RDF file in `format`, triples in `graph`; a syntax error is a diagnostic at
/// its line and column.
pub fn parse_rdf(
    file: &SourceFile,
    format: RdfFormat,
    graph: GraphName,
) -> Result<Vec<Quad>, Diagnostics> {
    let mut quads = Vec::new();
    let mut labels = BlankLabels::for_file(file);
    for result in RdfParser::from_format(format)
        .with_default_graph(graph)
        .for_slice(file.text.as_bytes())
    {
        match result {
            Ok(quad) => quads.push(labels.relabel(quad)),
            Err(err) => {
                let offset = err.location().map_or(0, |l| l.start.offset as usize);
                let mut diagnostics = Diagnostics::default();
                diagnostics.push(
                    Diagnostic::error(
                        Location::at_offset(&file.path, &file.text, offset),
                        format!("invalid {format}: {err}"),
                    )
                    .with_help(format!(
                        "fix the {format} syntax at this position; `rapper -g FILE` shows it too"
                    )),
                );
                return Err(diagnostics);
            }
        }
    }
    Ok(quads)
}

/// Blank node labels that depend only on the file: the parser draws random ones, which would
/// make two builds of the same inputs write different snapshots. A label is a digest of the
/// file's path and text, then the node's rank of first appearance, so nodes of different files
/// never meet.
struct BlankLabels {
    prefix: String,
    given: HashMap<BlankNode, BlankNode>,
}

impl BlankLabels {
    fn for_file(file: &SourceFile) -> Self {
        let mut digest = Sha256::new();
        digest.update(file.path.to_string_lossy().as_bytes());
        digest.update([0]);
        digest.update(file.text.as_bytes());
        let prefix = hex::encode(&digest.finalize()[..6]);
        Self {
            prefix,
            given: HashMap::new(),
        }
    }

    fn label(&mut self, node: BlankNode) -> BlankNode {
        let rank = self.given.len();
        let prefix = &self.prefix;
        self.given
            .entry(node)
            .or_insert_with(|| BlankNode::new_unchecked(format!("b{prefix}n{rank}")))
            .clone()
    }

    fn relabel(&mut self, quad: Quad) -> Quad {
        let subject = match quad.subject {
            NamedOrBlankNode::BlankNode(node) => self.label(node).into(),
            named => named,
        };
        let object = match quad.object {
            Term::BlankNode(node) => self.label(node).into(),
            other => other,
        };
        let graph_name = match quad.graph_name {
            GraphName::BlankNode(node) => self.label(node).into(),
            other => other,
        };
        Quad::new(subject, quad.predicate, object, graph_name)
    }
}

fn from_quads(quads: Vec<Quad>) -> Ontology {
    let rdf_type = format!("{RDF}type");
    let sub_class = format!("{RDFS}subClassOf");
    let range = format!("{RDFS}range");
    let domain = format!("{RDFS}domain");
    let close_match = format!("{SKOS}closeMatch");
    let in_scheme = format!("{SKOS}inScheme");
    let labels = [format!("{SKOS}prefLabel"), format!("{SKOS}altLabel")];
    let functional_property = format!("{OWL}FunctionalProperty");
    let local = |term: &Term| match term {
        Term::NamedNode(n) => n.as_str().strip_prefix(FG).map(str::to_string),
        _ => None,
    };
    let mut classes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut property_names = BTreeSet::new();
    let mut ranges = BTreeMap::new();
    let mut domains = BTreeMap::new();
    let mut wikidata_classes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut functional = BTreeSet::new();
    let mut group_names = BTreeSet::new();
    let mut group_labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for quad in &quads {
        let Some(subject) = local(&quad.subject.clone().into()) else {
            continue;
        };
        let predicate = quad.predicate.as_str();
        let object = match &quad.object {
            Term::NamedNode(n) => n.as_str().to_string(),
            _ => String::new(),
        };
        if predicate == rdf_type {
            if object == format!("{OWL}Class") {
                classes.entry(subject).or_default();
            } else if object == format!("{OWL}ObjectProperty")
                || object == format!("{OWL}DatatypeProperty")
            {
                property_names.insert(subject);
            } else if object == functional_property {
                functional.insert(subject);
            }
        } else if predicate == in_scheme && object == format!("{FG}groups") {
            group_names.insert(subject);
        } else if labels.iter().any(|l| l == predicate) {
            if let Term::Literal(label) = &quad.object {
                group_labels
                    .entry(subject)
                    .or_default()
                    .push(label.value().to_lowercase());
            }
        } else if predicate == sub_class {
            if let Some(parent) = object.strip_prefix(FG) {
                classes
                    .entry(subject)
                    .or_default()
                    .insert(parent.to_string());
            }
        } else if predicate == range {
            ranges.insert(subject, object);
        } else if predicate == domain {
            domains.insert(subject, object);
        } else if predicate == close_match
            && let Some(item) = object.strip_prefix(WIKIDATA_ENTITY)
        {
            wikidata_classes
                .entry(subject)
                .or_default()
                .push(item.to_string());
        }
    }
    let properties = property_names
        .into_iter()
        .map(|name| {
            let range = ranges.get(&name).map(String::as_str).unwrap_or_default();
            let kind = if range == format!("{FG}TemporalValue") {
                ValueKind::Temporal
            } else if range == format!("{XSD}decimal") || range == format!("{XSD}integer") {
                ValueKind::Number
            } else if range == format!("{XSD}string") || range == format!("{RDF}langString") {
                ValueKind::Text
            } else if range == format!("{XSD}boolean") {
                ValueKind::Boolean
            } else {
                ValueKind::Entity(range.strip_prefix(FG).map(str::to_string))
            };
            let domain = domains
                .get(&name)
                .and_then(|d| d.strip_prefix(FG))
                .map(str::to_string);
            let functional = functional.contains(&name);
            let property = Property {
                name: name.clone(),
                kind,
                domain,
                functional,
            };
            (name, property)
        })
        .collect();
    let groups = group_names
        .into_iter()
        .map(|name| {
            let labels = group_labels.remove(&name).unwrap_or_default();
            Group { name, labels }
        })
        .collect();
    Ontology {
        classes,
        properties,
        wikidata_classes,
        groups,
        quads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(ttl: &str) -> Result<Ontology, Diagnostics> {
        load(&SourceFile {
            path: PathBuf::from("ontology/test.ttl"),
            text: ttl.to_string(),
        })
    }

    #[test]
    fn property_kinds_follow_the_range() {
        let ontology = parse(
            "@prefix fg: <https://w3id.org/factgraph/ontology#> .
             @prefix owl: <http://www.w3.org/2002/07/owl#> .
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
             @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
             fg:Event a owl:Class . fg:War a owl:Class ; rdfs:subClassOf fg:Event .
             fg:Place a owl:Class .
             fg:killed a owl:DatatypeProperty ; rdfs:range xsd:decimal .
             fg:date a owl:DatatypeProperty ; rdfs:range fg:TemporalValue .
             fg:place a owl:ObjectProperty ; rdfs:domain fg:Event ; rdfs:range fg:Place .
             fg:quote a owl:DatatypeProperty ; rdfs:range xsd:string .",
        )
        .unwrap();
        assert_eq!(ontology.properties["killed"].kind, ValueKind::Number);
        assert_eq!(ontology.properties["date"].kind, ValueKind::Temporal);
        assert_eq!(
            ontology.properties["place"].kind,
            ValueKind::Entity(Some("Place".into()))
        );
        assert!(ontology.is_subclass_of("War", "Event"));
        assert!(!ontology.is_subclass_of("Event", "War"));
        assert!(ontology.assertion_property("quote").is_none());
        assert!(ontology.assertion_property("killed").is_some());
    }

    #[test]
    fn groups_come_from_the_scheme_and_functional_properties_are_marked() {
        let ontology = parse(
            "@prefix fg: <https://w3id.org/factgraph/ontology#> .
             @prefix owl: <http://www.w3.org/2002/07/owl#> .
             @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
             fg:capital a owl:ObjectProperty, owl:FunctionalProperty .
             fg:place a owl:ObjectProperty .
             fg:groups a skos:ConceptScheme .
             fg:elderly a skos:Concept ; skos:inScheme fg:groups ;
                 skos:prefLabel \"Elderly\"@en ; skos:altLabel \"old men\"@en .
             fg:other a skos:Concept ; skos:prefLabel \"not in the scheme\"@en .",
        )
        .unwrap();
        assert!(ontology.properties["capital"].functional);
        assert!(!ontology.properties["place"].functional);
        assert_eq!(
            ontology.groups,
            vec![Group {
                name: "elderly".into(),
                labels: vec!["elderly".into(), "old men".into()],
            }]
        );
    }

    #[test]
    fn a_class_without_a_wikidata_match_uses_its_nearest_aligned_ancestor() {
        let ontology = parse(
            "@prefix fg: <https://w3id.org/factgraph/ontology#> .
             @prefix owl: <http://www.w3.org/2002/07/owl#> .
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
             @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
             @prefix wd: <http://www.wikidata.org/entity/> .
             fg:Agent a owl:Class .
             fg:Event a owl:Class ; skos:closeMatch wd:Q1190554 .
             fg:Agreement a owl:Class ; rdfs:subClassOf fg:Event ; skos:closeMatch wd:Q131569 .
             fg:Ceasefire a owl:Class ; rdfs:subClassOf fg:Agreement .
             fg:Statement a owl:Class ; rdfs:subClassOf fg:Event .",
        )
        .unwrap();
        let of = |class| ontology.wikidata_classes_of(class).map(<[String]>::to_vec);
        assert_eq!(of("Ceasefire"), Some(vec!["Q131569".to_string()]));
        assert_eq!(of("Statement"), Some(vec!["Q1190554".to_string()]));
        assert_eq!(of("Agent"), None);
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let err = parse(
            "@prefix fg: <https://w3id.org/factgraph/ontology#> .\nfg:a fg:b fg:c .\nfg:c fg:d .",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("ontology/test.ttl:3:"), "{message}");
    }
}
