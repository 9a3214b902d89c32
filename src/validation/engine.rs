//! Evaluating shapes over a dataset: the union of its graphs, as `factgraph query` sees it.

use super::shapes::{Constraint, NodeKind, Path, Shape, ShapeSeverity, Shapes, Target};
use crate::diagnostic::Location;
use crate::graph::iri::{RDF, RDFS, compact};
use oxigraph::model::{
    Literal, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef, TripleRef,
};
use oxsdatatypes::{Boolean, Date, Decimal, Double, GYear, GYearMonth, Integer};
// Fx: these index millions of borrowed terms; SipHash was a third of a large build.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::str::FromStr;

/// One way a node fails a shape, in the terms of a SHACL validation result.
#[derive(Debug, Clone)]
pub struct ValidationResult {
    pub focus: Term,
    pub path: Option<Path>,
    pub value: Option<Term>,
    /// The local name of the SHACL constraint component, e.g. `MinCountConstraintComponent`.
    pub component: &'static str,
    pub shape: Term,
    pub shape_location: Option<Location>,
    pub severity: ShapeSeverity,
    pub message: String,
    /// The target through which the focus node was reached, to find the fact that made it.
    pub target: Option<Target>,
}

/// The union of a dataset's graphs, indexed for the lookups shapes need.
pub struct DataGraph<'a> {
    triples: Vec<TripleRef<'a>>,
    /// Keyed by [`node_key`], so that a lookup needs no term that lives as long as the data.
    by_subject: HashMap<&'a str, Vec<usize>>,
    by_predicate: HashMap<&'a str, Vec<usize>>,
    by_object: HashMap<&'a str, Vec<usize>>,
    /// Every class with itself and all its superclasses.
    superclasses: HashMap<NamedNodeRef<'a>, HashSet<NamedNodeRef<'a>>>,
}

impl<'a> DataGraph<'a> {
    pub fn new(quads: &'a [Quad]) -> Self {
        let mut graph = DataGraph {
            triples: Vec::with_capacity(quads.len()),
            by_subject: HashMap::default(),
            by_predicate: HashMap::default(),
            by_object: HashMap::default(),
            superclasses: HashMap::default(),
        };
        for quad in quads {
            // A triple stated by several claims appears once per claim graph; value and focus
            // lists are de-duplicated where they are read, which is cheaper than hashing every
            // triple (document texts included) here.
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            let index = graph.triples.len();
            graph.triples.push(triple);
            if let Some(key) = node_key(triple.subject.into()) {
                graph.by_subject.entry(key).or_default().push(index);
            }
            graph
                .by_predicate
                .entry(triple.predicate.as_str())
                .or_default()
                .push(index);
            if let Some(key) = node_key(triple.object) {
                graph.by_object.entry(key).or_default().push(index);
            }
        }
        graph.superclasses = graph.class_closure();
        graph
    }

    fn class_closure(&self) -> HashMap<NamedNodeRef<'a>, HashSet<NamedNodeRef<'a>>> {
        let sub_class_of = format!("{RDFS}subClassOf");
        let mut direct: HashMap<NamedNodeRef<'a>, Vec<NamedNodeRef<'a>>> = HashMap::default();
        for triple in self.with_predicate(&sub_class_of) {
            if let (NamedOrBlankNodeRef::NamedNode(sub), TermRef::NamedNode(sup)) =
                (triple.subject, triple.object)
            {
                direct.entry(sub).or_default().push(sup);
            }
        }
        let rdf_type = format!("{RDF}type");
        let mut classes: HashSet<NamedNodeRef<'a>> = direct.keys().copied().collect();
        for triple in self.with_predicate(&rdf_type) {
            if let TermRef::NamedNode(class) = triple.object {
                classes.insert(class);
            }
        }
        classes
            .into_iter()
            .map(|class| {
                let mut closure = HashSet::from_iter([class]);
                let mut stack = vec![class];
                while let Some(c) = stack.pop() {
                    for &sup in direct.get(&c).into_iter().flatten() {
                        if closure.insert(sup) {
                            stack.push(sup);
                        }
                    }
                }
                (class, closure)
            })
            .collect()
    }

    fn with_predicate<'s>(
        &'s self,
        predicate: &str,
    ) -> impl Iterator<Item = TripleRef<'a>> + use<'s, 'a> {
        let list: &'s [usize] = self.by_predicate.get(predicate).map_or(&[], Vec::as_slice);
        list.iter().map(move |&i| self.triples[i])
    }

    fn with_subject<'s>(
        &'s self,
        subject: TermRef<'_>,
    ) -> impl Iterator<Item = TripleRef<'a>> + use<'s, 'a> {
        self.indexed(&self.by_subject, subject)
    }

    fn with_object<'s>(
        &'s self,
        object: TermRef<'_>,
    ) -> impl Iterator<Item = TripleRef<'a>> + use<'s, 'a> {
        self.indexed(&self.by_object, object)
    }

    fn indexed<'s>(
        &'s self,
        index: &'s HashMap<&'a str, Vec<usize>>,
        node: TermRef<'_>,
    ) -> impl Iterator<Item = TripleRef<'a>> + use<'s, 'a> {
        let list: &'s [usize] = node_key(node)
            .and_then(|k| index.get(k))
            .map_or(&[], Vec::as_slice);
        list.iter().map(move |&i| self.triples[i])
    }

    /// Whether `node` has `rdf:type` `class` or one of its subclasses.
    fn is_instance(&self, node: TermRef<'_>, class: NamedNodeRef<'_>) -> bool {
        self.with_subject(node).any(|t| {
            t.predicate.as_str() == RDF_TYPE
                && matches!(t.object, TermRef::NamedNode(c)
                    if self.superclasses.get(&c).is_some_and(|sup| sup.contains(&class)))
        })
    }

    /// The distinct values of `path` from `focus`, in the order they were written.
    fn values(&self, focus: TermRef<'_>, path: &Path) -> Vec<TermRef<'a>> {
        let mut seen = HashSet::default();
        let values: Vec<TermRef<'a>> = match path {
            Path::Predicate(p) => self
                .with_subject(focus)
                .filter(|t| t.predicate == p.as_ref())
                .map(|t| t.object)
                .collect(),
            Path::Inverse(p) => self
                .with_object(focus)
                .filter(|t| t.predicate == p.as_ref())
                .map(|t| t.subject.into())
                .collect(),
        };
        values.into_iter().filter(|v| seen.insert(*v)).collect()
    }

    fn focus_nodes(&self, target: &Target) -> Vec<TermRef<'a>> {
        let mut seen = HashSet::default();
        let nodes: Vec<TermRef<'a>> = match target {
            Target::Class(class) => self
                .with_predicate(RDF_TYPE)
                    .filter(|t| {
                        matches!(t.object, TermRef::NamedNode(c)
                            if self.superclasses.get(&c).is_some_and(|s| s.contains(&class.as_ref())))
                    })
                    .map(|t| t.subject.into())
                    .collect(),
            Target::Node(node) => self
                .with_subject(node.as_ref())
                .map(|t| t.subject.into())
                .take(1)
                .chain(self.with_object(node.as_ref()).map(|t| t.object).take(1))
                .collect(),
            Target::SubjectsOf(p) => self
                .with_predicate(p.as_str())
                .map(|t| t.subject.into())
                .collect(),
            Target::ObjectsOf(p) => self.with_predicate(p.as_str()).map(|t| t.object).collect(),
        };
        nodes.into_iter().filter(|n| seen.insert(*n)).collect()
    }
}

/// The index key of an IRI or blank node (IRIs are absolute, so they never equal a blank
/// node's identifier); literals are not indexed.
fn node_key(term: TermRef<'_>) -> Option<&str> {
    match term {
        TermRef::NamedNode(n) => Some(n.as_str()),
        TermRef::BlankNode(b) => Some(b.as_str()),
        TermRef::Literal(_) => None,
    }
}

/// Every result of every shape over `quads`, shape by shape in the order of the shapes file.
pub fn validate(shapes: &Shapes, quads: &[Quad]) -> Vec<ValidationResult> {
    let graph = DataGraph::new(quads);
    let mut results = validate_graph(shapes, &graph);
    // Blank-node shapes come out of the shapes graph in no stable order: sort, so that a report
    // is the same from one run to the next.
    results.sort_by_cached_key(|r| {
        (
            r.shape_location.as_ref().map(|l| (l.line, l.column)),
            r.focus.to_string(),
            r.path.as_ref().map(|p| p.predicate().as_str().to_string()),
            r.component,
            r.value.as_ref().map(ToString::to_string),
        )
    });
    results
}

fn validate_graph(shapes: &Shapes, graph: &DataGraph<'_>) -> Vec<ValidationResult> {
    let mut results = Vec::new();
    for shape in &shapes.shapes {
        let mut done = HashSet::default();
        for target in &shape.targets {
            for focus in graph.focus_nodes(target) {
                if done.insert(focus) {
                    let mut found = Vec::new();
                    check(graph, shape, focus, &mut found);
                    for mut result in found {
                        result.target = Some(target.clone());
                        results.push(result);
                    }
                }
            }
        }
    }
    results
}

fn check(
    graph: &DataGraph<'_>,
    shape: &Shape,
    focus: TermRef<'_>,
    out: &mut Vec<ValidationResult>,
) {
    let values = match &shape.path {
        Some(path) => graph.values(focus, path),
        None => vec![focus],
    };
    for constraint in &shape.constraints {
        let mut report = |value: Option<TermRef<'_>>, default: String| {
            out.push(ValidationResult {
                focus: focus.into_owned(),
                path: shape.path.clone(),
                value: value.map(TermRef::into_owned),
                component: constraint.component(),
                shape: shape.id.clone(),
                shape_location: Some(shape.location.clone()),
                severity: shape.severity,
                message: shape.message.clone().unwrap_or(default),
                target: None,
            });
        };
        // Only a failing value needs the message, so it is written only then.
        let subject = || {
            shape.path.as_ref().map_or_else(String::new, |p| {
                format!("{}: ", compact(p.predicate().as_str()))
            })
        };
        match constraint {
            Constraint::MinCount(min) if values.len() < *min => report(
                None,
                format!(
                    "{}at least {min} value(s) required, found {}",
                    subject(),
                    values.len()
                ),
            ),
            Constraint::MaxCount(max) if values.len() > *max => report(
                None,
                format!(
                    "{}at most {max} value(s) allowed, found {}",
                    subject(),
                    values.len()
                ),
            ),
            Constraint::UniqueLang => {
                let mut languages = HashMap::<&str, usize>::default();
                for value in &values {
                    if let TermRef::Literal(l) = value
                        && let Some(language) = l.language()
                    {
                        *languages.entry(language).or_default() += 1;
                    }
                }
                let mut shared: Vec<_> = languages.into_iter().filter(|(_, n)| *n > 1).collect();
                shared.sort();
                for (language, _) in shared {
                    report(
                        None,
                        format!("{}two values share the language tag @{language}", subject()),
                    );
                }
            }
            Constraint::MinCount(_) | Constraint::MaxCount(_) => {}
            _ => {
                for &value in &values {
                    if let Some(problem) = value_problem(graph, constraint, value) {
                        report(Some(value), format!("{}{problem}", subject()));
                    }
                }
            }
        }
    }
    for property in &shape.properties {
        if shape.path.is_none() {
            check(graph, property, focus, out);
        } else {
            for &value in &values {
                check(graph, property, value, out);
            }
        }
    }
}

fn conforms(graph: &DataGraph<'_>, shape: &Shape, node: TermRef<'_>) -> bool {
    let mut found = Vec::new();
    check(graph, shape, node, &mut found);
    found.is_empty()
}

/// Why `value` fails a value-type or value-range constraint, or `None` when it passes.
fn value_problem(
    graph: &DataGraph<'_>,
    constraint: &Constraint,
    value: TermRef<'_>,
) -> Option<String> {
    let shown = || show(value);
    match constraint {
        Constraint::Datatype(datatype) => (!has_datatype(value, datatype.as_ref())).then(|| {
            format!(
                "{} is not a well-formed {}",
                shown(),
                compact(datatype.as_str())
            )
        }),
        Constraint::Class(class) => (!graph.is_instance(value, class.as_ref()))
            .then(|| format!("{} is not a {}", shown(), compact(class.as_str()))),
        Constraint::NodeKind(kind) => (!has_node_kind(value, *kind))
            .then(|| format!("{} is not of node kind {kind:?}", shown())),
        Constraint::In(allowed) => (!allowed.iter().any(|a| a.as_ref() == value)).then(|| {
            let list: Vec<String> = allowed.iter().map(|a| show(a.as_ref())).collect();
            format!("{} is not one of {}", shown(), list.join(", "))
        }),
        Constraint::Or(members) => {
            (!members.iter().any(|m| conforms(graph, m, value))).then(|| {
                let list: Vec<String> = members.iter().map(describe).collect();
                format!("{} is none of: {}", shown(), list.join("; "))
            })
        }
        Constraint::LanguageIn(languages) => {
            let matches = |tag: &str| {
                let tag = tag.to_ascii_lowercase();
                languages
                    .iter()
                    .any(|l| tag == *l || tag.starts_with(&format!("{l}-")))
            };
            let ok = matches!(value, TermRef::Literal(l) if l.language().is_some_and(matches));
            (!ok).then(|| format!("{} is not tagged @{}", shown(), languages.join(" or @")))
        }
        Constraint::MinInclusive(bound) => compare(value, bound)
            .is_none_or(|o| o.is_lt())
            .then(|| format!("{} is not at least {}", shown(), bound.value())),
        Constraint::MaxInclusive(bound) => compare(value, bound)
            .is_none_or(|o| o.is_gt())
            .then(|| format!("{} is not at most {}", shown(), bound.value())),
        Constraint::MinCount(_) | Constraint::MaxCount(_) | Constraint::UniqueLang => None,
    }
}

/// A short description of a shape used as an alternative of `sh:or`.
fn describe(shape: &Shape) -> String {
    let parts: Vec<String> = shape
        .constraints
        .iter()
        .map(|c| match c {
            Constraint::Datatype(d) => compact(d.as_str()),
            Constraint::Class(c) => compact(c.as_str()),
            other => other
                .component()
                .trim_end_matches("ConstraintComponent")
                .to_string(),
        })
        .collect();
    parts.join(" and ")
}

fn show(term: TermRef<'_>) -> String {
    match term {
        TermRef::NamedNode(n) => compact(n.as_str()),
        TermRef::Literal(l) if l.language().is_none() => {
            format!("\"{}\"^^{}", l.value(), compact(l.datatype().as_str()))
        }
        other => other.to_string(),
    }
}

fn has_node_kind(value: TermRef<'_>, kind: NodeKind) -> bool {
    match value {
        TermRef::NamedNode(_) => matches!(
            kind,
            NodeKind::Iri | NodeKind::BlankNodeOrIri | NodeKind::IriOrLiteral
        ),
        TermRef::BlankNode(_) => matches!(
            kind,
            NodeKind::BlankNode | NodeKind::BlankNodeOrIri | NodeKind::BlankNodeOrLiteral
        ),
        TermRef::Literal(_) => matches!(
            kind,
            NodeKind::Literal | NodeKind::BlankNodeOrLiteral | NodeKind::IriOrLiteral
        ),
    }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// A literal has a datatype when it carries it and its lexical form is valid for it (SHACL
/// counts an ill-formed `"1993-13-45"^^xsd:date` as failing `sh:datatype xsd:date`).
fn has_datatype(value: TermRef<'_>, datatype: NamedNodeRef<'_>) -> bool {
    let TermRef::Literal(literal) = value else {
        return false;
    };
    literal.datatype() == datatype && is_well_formed(literal)
}

fn is_well_formed(literal: LiteralRef<'_>) -> bool {
    let lexical = literal.value();
    match literal.datatype().as_str().strip_prefix(XSD) {
        Some("integer") => Integer::from_str(lexical).is_ok(),
        Some("decimal") => Decimal::from_str(lexical).is_ok(),
        Some("double") => Double::from_str(lexical).is_ok(),
        Some("boolean") => Boolean::from_str(lexical).is_ok(),
        Some("date") => Date::from_str(lexical).is_ok(),
        Some("gYearMonth") => GYearMonth::from_str(lexical).is_ok(),
        Some("gYear") => GYear::from_str(lexical).is_ok(),
        _ => true,
    }
}

/// Numeric comparison of a value with a bound; `None` when they cannot be compared.
fn compare(value: TermRef<'_>, bound: &Literal) -> Option<std::cmp::Ordering> {
    let TermRef::Literal(literal) = value else {
        return None;
    };
    let number = |l: LiteralRef<'_>| -> Option<Decimal> {
        match l.datatype().as_str().strip_prefix(XSD)? {
            "integer" | "decimal" => Decimal::from_str(l.value()).ok(),
            _ => None,
        }
    };
    Some(number(literal)?.cmp(&number(bound.as_ref())?))
}
