//! Reading a SHACL shapes graph into the constraints factgraph checks.
//!
//! We implement the SHACL Core subset that `ontology/shapes.ttl` needs (see its header). A shape
//! that uses any other SHACL term is refused with the term's line, because a constraint that is
//! silently skipped would let through data the shapes file claims to forbid.

use crate::diagnostic::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::inputs::SourceFile;
use crate::ontology::parse_turtle;
use oxigraph::model::{
    Graph, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef,
    TripleRef,
};
use std::collections::BTreeSet;

pub const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

/// Which nodes a shape applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every instance of the class or of one of its subclasses.
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// The path of a property shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Path {
    Predicate(NamedNode),
    Inverse(NamedNode),
}

impl Path {
    pub fn predicate(&self) -> &NamedNode {
        match self {
            Path::Predicate(p) | Path::Inverse(p) => p,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

#[derive(Debug, Clone)]
pub enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NodeKind),
    In(Vec<Term>),
    /// Each value conforms to at least one of these shapes.
    Or(Vec<Shape>),
    LanguageIn(Vec<String>),
    UniqueLang,
    MinInclusive(Literal),
    MaxInclusive(Literal),
}

impl Constraint {
    /// The local name of the SHACL constraint component, for reports.
    pub fn component(&self) -> &'static str {
        match self {
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
            Constraint::LanguageIn(_) => "LanguageInConstraintComponent",
            Constraint::UniqueLang => "UniqueLangConstraintComponent",
            Constraint::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Constraint::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShapeSeverity {
    Info,
    Warning,
    Violation,
}

impl ShapeSeverity {
    pub fn local_name(self) -> &'static str {
        match self {
            ShapeSeverity::Info => "Info",
            ShapeSeverity::Warning => "Warning",
            ShapeSeverity::Violation => "Violation",
        }
    }
}

/// A node shape (no path) or a property shape (a path).
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape's node in the shapes graph: an IRI, or a blank node for inline shapes.
    pub id: Term,
    /// Where the shape is written, for messages.
    pub location: Location,
    pub targets: Vec<Target>,
    pub path: Option<Path>,
    pub constraints: Vec<Constraint>,
    pub properties: Vec<Shape>,
    pub severity: ShapeSeverity,
    pub message: Option<String>,
}

/// The shapes of a shapes graph that have targets (the others are reached through them).
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    pub shapes: Vec<Shape>,
}

impl Shapes {
    /// Whether a dataset can be checked a document at a time with the same results as whole
    /// (see `engine::DataGraph::part`): not when an `sh:or` alternative counts values, since
    /// whether a node conforms to it may then depend on other documents.
    pub fn decidable_by_part(&self) -> bool {
        fn counts_in_or(shape: &Shape) -> bool {
            shape.constraints.iter().any(|c| match c {
                Constraint::Or(members) => members.iter().any(counts_anywhere),
                _ => false,
            }) || shape.properties.iter().any(counts_in_or)
        }
        fn counts_anywhere(shape: &Shape) -> bool {
            shape.constraints.iter().any(|c| match c {
                Constraint::Or(members) => members.iter().any(counts_anywhere),
                other => super::engine::counts_values(other),
            }) || shape.properties.iter().any(counts_anywhere)
        }
        !self.shapes.iter().any(counts_in_or)
    }

    /// Whether a document can be checked a window of its quads at a time, over the part that
    /// holds the document's own triples, with the same results as whole (see
    /// `ByPart::check_window`): not when a path is inverse, since the triples that point at the
    /// document (one per mention and claim) are spread over the windows.
    pub fn decidable_by_window(&self) -> bool {
        fn inverse(shape: &Shape) -> bool {
            matches!(shape.path, Some(Path::Inverse(_)))
                || shape.constraints.iter().any(|c| match c {
                    Constraint::Or(members) => members.iter().any(inverse),
                    _ => false,
                })
                || shape.properties.iter().any(inverse)
        }
        self.decidable_by_part() && !self.shapes.iter().any(inverse)
    }

    /// Reads the shapes of `file`. Every IRI of `vocabulary` (the ontology's namespace) that a
    /// shape names must be in `declared`, when given, so a misspelt class cannot target nothing.
    pub fn parse(
        file: &SourceFile,
        vocabulary: &str,
        declared: Option<&BTreeSet<String>>,
    ) -> Result<Shapes, Diagnostics> {
        let mut graph = Graph::new();
        for quad in parse_turtle(file, GraphName::DefaultGraph)? {
            graph.insert(&quad.into());
        }
        let reader = ShapesReader {
            graph: &graph,
            file,
            vocabulary,
            declared,
            diagnostics: Diagnostics::default(),
            depth: 0,
        };
        reader.read()
    }
}

struct ShapesReader<'a> {
    graph: &'a Graph,
    file: &'a SourceFile,
    vocabulary: &'a str,
    declared: Option<&'a BTreeSet<String>>,
    diagnostics: Diagnostics,
    /// How many shapes hold the one being read.
    depth: usize,
}

/// How deep shapes may nest: ours nest two deep, and each level is a recursion in reading and
/// checking them.
const MAX_SHAPE_NESTING: usize = 32;

/// Predicates of a shape that carry no constraint.
const ANNOTATIONS: [&str; 6] = [
    "name",
    "description",
    "order",
    "group",
    "deactivated",
    "message",
];

impl ShapesReader<'_> {
    fn read(mut self) -> Result<Shapes, Diagnostics> {
        let node_shape = NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#NodeShape");
        let property_shape =
            NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#PropertyShape");
        let rdf_type = NamedNodeRef::new_unchecked(RDF_TYPE);
        let mut roots: Vec<NamedOrBlankNodeRef<'_>> = Vec::new();
        for class in [node_shape, property_shape] {
            roots.extend(self.graph.subjects_for_predicate_object(rdf_type, class));
        }
        // Shapes with targets but no declared type are shapes too.
        for target in [
            "targetClass",
            "targetNode",
            "targetSubjectsOf",
            "targetObjectsOf",
        ] {
            let predicate = sh(target);
            for triple in self.graph.triples_for_predicate(predicate.as_ref()) {
                if !roots.contains(&triple.subject) {
                    roots.push(triple.subject);
                }
            }
        }
        let mut shapes = Vec::new();
        for root in roots {
            if self.is_deactivated(root.into()) {
                continue;
            }
            if let Some(shape) = self.shape(root.into()) {
                shapes.push(shape);
            }
        }
        shapes.sort_by_key(|shape| shape.location.line);
        if self.diagnostics.has_errors() {
            Err(self.diagnostics)
        } else {
            Ok(Shapes { shapes })
        }
    }

    fn is_deactivated(&self, node: TermRef<'_>) -> bool {
        if node.is_literal() {
            return false;
        }
        self.objects(node, "deactivated")
            .iter()
            .any(|o| matches!(o, TermRef::Literal(l) if l.value() == "true"))
    }

    fn objects<'g>(&'g self, node: TermRef<'_>, local: &str) -> Vec<TermRef<'g>> {
        let subject = match node {
            TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
            TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
            _ => return Vec::new(),
        };
        let predicate = sh(local);
        self.graph
            .objects_for_subject_predicate(subject, predicate.as_ref())
            .collect()
    }

    /// Where a term is written: the first line that names it (shapes are usually written once).
    fn locate(&self, needle: &str) -> Location {
        let offset = self.file.text.find(needle).unwrap_or(0);
        Location::at_offset(&self.file.path, &self.file.text, offset)
    }

    fn error(&mut self, needle: &str, message: String, help: &str) {
        let location = self.locate(needle);
        self.diagnostics
            .push(Diagnostic::error(location, message).with_help(help));
    }

    /// The text most likely to name `iri` in the shapes file: its local name after a prefix
    /// (`fg:Claim`, `shapes:Claim`), the definition `x:Claim a` first.
    fn needle(&self, iri: &str) -> String {
        let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
        let definition = format!(":{local} a ");
        if self.file.text.contains(&definition) {
            definition
        } else if self.file.text.contains(&format!(":{local}")) {
            format!(":{local}")
        } else {
            format!("<{iri}>")
        }
    }

    fn check_declared(&mut self, term: TermRef<'_>) {
        if let TermRef::NamedNode(n) = term
            && let Some(declared) = self.declared
            && let Some(local) = n.as_str().strip_prefix(self.vocabulary)
            && !declared.contains(local)
        {
            let help = did_you_mean(
                local,
                declared.iter().map(String::as_str),
                "declare it in ontology/factgraph.ttl, or fix the name",
            );
            self.error(
                &format!(":{local}"),
                format!("the shapes name `{n}`, which the ontology does not declare"),
                &help,
            );
        }
    }

    /// A shape, and the shapes it holds (`sh:property`, `sh:or`) down to [`MAX_SHAPE_NESTING`]:
    /// deeper is refused, since reading, checking and dropping shapes recurse, and a shape that
    /// holds itself would never end.
    fn shape(&mut self, node: TermRef<'_>) -> Option<Shape> {
        if self.depth >= MAX_SHAPE_NESTING {
            let needle = match node {
                TermRef::NamedNode(n) => self.needle(n.as_str()),
                _ => "sh:or".to_string(),
            };
            self.error(
                &needle,
                format!(
                    "shapes nest more than {MAX_SHAPE_NESTING} deep through sh:property and sh:or (at {node}), or a shape holds itself"
                ),
                "write the nested shapes as separate shapes with their own targets, and make sure no shape is inside itself",
            );
            return None;
        }
        self.depth += 1;
        let shape = self.shape_within(node);
        self.depth -= 1;
        shape
    }

    fn shape_within(&mut self, node: TermRef<'_>) -> Option<Shape> {
        let subject = match node {
            TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
            TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
            TermRef::Literal(_) => {
                self.error(
                    &node.to_string(),
                    format!("a literal ({node}) where a shape was expected"),
                    "sh:property and sh:or take shapes (IRIs or [ … ] blocks)",
                );
                return None;
            }
        };
        let location = match node {
            TermRef::NamedNode(n) => self.locate(&self.needle(n.as_str())),
            _ => self.locate_blank_shape(subject),
        };
        let mut shape = Shape {
            id: node.into_owned(),
            location,
            targets: Vec::new(),
            path: None,
            constraints: Vec::new(),
            properties: Vec::new(),
            severity: ShapeSeverity::Violation,
            message: None,
        };
        let triples: Vec<TripleRef<'_>> = self.graph.triples_for_subject(subject).collect();
        for triple in triples {
            let predicate = triple.predicate.as_str();
            let object = triple.object;
            if predicate == RDF_TYPE {
                continue;
            }
            let Some(local) = predicate.strip_prefix(SH) else {
                continue; // rdfs:comment and other annotations
            };
            self.check_declared(object);
            match local {
                "targetClass" => match object {
                    TermRef::NamedNode(n) => shape.targets.push(Target::Class(n.into_owned())),
                    _ => self.expected_iri(local, object),
                },
                "targetNode" => shape.targets.push(Target::Node(object.into_owned())),
                "targetSubjectsOf" => match object {
                    TermRef::NamedNode(n) => {
                        shape.targets.push(Target::SubjectsOf(n.into_owned()));
                    }
                    _ => self.expected_iri(local, object),
                },
                "targetObjectsOf" => match object {
                    TermRef::NamedNode(n) => shape.targets.push(Target::ObjectsOf(n.into_owned())),
                    _ => self.expected_iri(local, object),
                },
                "path" => shape.path = self.path(object),
                "property" => {
                    if !self.is_deactivated(object)
                        && let Some(property) = self.shape(object)
                    {
                        if property.path.is_none() {
                            self.error(
                                "sh:property",
                                format!("the property shape {object} has no sh:path"),
                                "give every sh:property block a sh:path",
                            );
                        }
                        shape.properties.push(property);
                    }
                }
                "severity" => {
                    shape.severity = match object {
                        TermRef::NamedNode(n) if n.as_str() == format!("{SH}Warning") => {
                            ShapeSeverity::Warning
                        }
                        TermRef::NamedNode(n) if n.as_str() == format!("{SH}Info") => {
                            ShapeSeverity::Info
                        }
                        _ => ShapeSeverity::Violation,
                    }
                }
                "message" => {
                    if let TermRef::Literal(l) = object {
                        shape.message = Some(l.value().to_string());
                    }
                }
                _ if ANNOTATIONS.contains(&local) => {}
                _ => {
                    if let Some(constraint) = self.constraint(local, object) {
                        shape.constraints.push(constraint);
                    }
                }
            }
        }
        Some(shape)
    }

    /// A blank shape has no name to search for; its first constraint's text is the best guess.
    fn locate_blank_shape(&self, subject: NamedOrBlankNodeRef<'_>) -> Location {
        let path = sh("path");
        if let Some(TermRef::NamedNode(p)) = self
            .graph
            .object_for_subject_predicate(subject, path.as_ref())
        {
            let compact = self.needle(p.as_str());
            let needle = format!("sh:path {}", compact.trim_start_matches(':'));
            if let Some(offset) = self.file.text.find(&needle) {
                return Location::at_offset(&self.file.path, &self.file.text, offset);
            }
            let local = p.as_str().rsplit(['#', '/']).next().unwrap_or_default();
            if let Some(offset) = self.file.text.find(&format!(":{local} ;")) {
                return Location::at_offset(&self.file.path, &self.file.text, offset);
            }
        }
        Location::file(&self.file.path)
    }

    fn expected_iri(&mut self, local: &str, object: TermRef<'_>) {
        self.error(
            &format!("sh:{local}"),
            format!("sh:{local} takes an IRI, not {object}"),
            "write the class or property IRI",
        );
    }

    fn path(&mut self, object: TermRef<'_>) -> Option<Path> {
        match object {
            TermRef::NamedNode(n) => Some(Path::Predicate(n.into_owned())),
            TermRef::BlankNode(b) => {
                let inverse = sh("inversePath");
                match self.graph.object_for_subject_predicate(b, inverse.as_ref()) {
                    Some(TermRef::NamedNode(n)) => Some(Path::Inverse(n.into_owned())),
                    _ => {
                        self.error(
                            "sh:path",
                            "only predicate paths and sh:inversePath are supported".to_string(),
                            "write `sh:path fg:p` or `sh:path [ sh:inversePath fg:p ]`",
                        );
                        None
                    }
                }
            }
            TermRef::Literal(_) => {
                self.expected_iri("path", object);
                None
            }
        }
    }

    fn constraint(&mut self, local: &str, object: TermRef<'_>) -> Option<Constraint> {
        match self.parse_constraint(local, object) {
            Some(Some(constraint)) => Some(constraint),
            Some(None) => {
                self.error(
                    &format!("sh:{local}"),
                    format!("sh:{local} has a value it cannot take: {object}"),
                    "see the SHACL specification for the values of this parameter",
                );
                None
            }
            None => {
                self.error(
                    &format!("sh:{local}"),
                    format!("sh:{local} is not supported by factgraph's SHACL validator"),
                    "use the constraints listed at the top of ontology/shapes.ttl",
                );
                None
            }
        }
    }

    /// `None` for a parameter we do not implement; `Some(None)` for one of ours whose value is
    /// not of the kind it takes.
    fn parse_constraint(&mut self, local: &str, object: TermRef<'_>) -> Option<Option<Constraint>> {
        let count = |object: TermRef<'_>| match object {
            TermRef::Literal(l) => l.value().parse::<usize>().ok(),
            _ => None,
        };
        Some(match local {
            "minCount" => count(object).map(Constraint::MinCount),
            "maxCount" => count(object).map(Constraint::MaxCount),
            "datatype" => named(object).map(Constraint::Datatype),
            "class" => named(object).map(Constraint::Class),
            "nodeKind" => node_kind(object).map(Constraint::NodeKind),
            "in" => self.list(object).map(Constraint::In),
            "or" => self
                .list(object)
                .and_then(|members| {
                    members
                        .iter()
                        .map(|member| self.shape(member.as_ref()))
                        .collect::<Option<Vec<_>>>()
                })
                .map(Constraint::Or),
            "languageIn" => self.list(object).map(|tags| {
                Constraint::LanguageIn(
                    tags.into_iter()
                        .filter_map(|t| match t {
                            Term::Literal(l) => Some(l.value().to_ascii_lowercase()),
                            _ => None,
                        })
                        .collect(),
                )
            }),
            "uniqueLang" => match object {
                TermRef::Literal(l) if l.value() == "true" => Some(Constraint::UniqueLang),
                _ => None,
            },
            "minInclusive" => literal(object).map(Constraint::MinInclusive),
            "maxInclusive" => literal(object).map(Constraint::MaxInclusive),
            _ => return None,
        })
    }

    /// The members of an RDF list.
    fn list(&mut self, head: TermRef<'_>) -> Option<Vec<Term>> {
        let first = NamedNodeRef::new_unchecked(RDF_FIRST);
        let rest = NamedNodeRef::new_unchecked(RDF_REST);
        let mut items = Vec::new();
        let mut node = head;
        loop {
            match node {
                TermRef::NamedNode(n) if n.as_str() == RDF_NIL => return Some(items),
                TermRef::BlankNode(b) => {
                    items.push(
                        self.graph
                            .object_for_subject_predicate(b, first)?
                            .into_owned(),
                    );
                    node = self.graph.object_for_subject_predicate(b, rest)?;
                }
                _ => {
                    self.error(
                        "(",
                        format!("expected an RDF list, found {node}"),
                        "write the members as a Turtle list: ( a b c )",
                    );
                    return None;
                }
            }
        }
    }
}

pub fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn named(term: TermRef<'_>) -> Option<NamedNode> {
    match term {
        TermRef::NamedNode(n) => Some(n.into_owned()),
        _ => None,
    }
}

fn literal(term: TermRef<'_>) -> Option<Literal> {
    match term {
        TermRef::Literal(l) => Some(l.into_owned()),
        _ => None,
    }
}

fn node_kind(term: TermRef<'_>) -> Option<NodeKind> {
    let TermRef::NamedNode(n) = term else {
        return None;
    };
    Some(match n.as_str().strip_prefix(SH)? {
        "IRI" => NodeKind::Iri,
        "BlankNode" => NodeKind::BlankNode,
        "Literal" => NodeKind::Literal,
        "BlankNodeOrIRI" => NodeKind::BlankNodeOrIri,
        "BlankNodeOrLiteral" => NodeKind::BlankNodeOrLiteral,
        "IRIOrLiteral" => NodeKind::IriOrLiteral,
        _ => return None,
    })
}
