//! Evaluating shapes over a dataset: the union of its graphs, as `factgraph query` sees it.

use super::shapes::{Constraint, Path, Shape, ShapeSeverity, Shapes, Target};
use super::values::{compare, has_datatype, has_node_kind, show};
use crate::diagnostic::Location;
use crate::vocab::{RDF, RDFS, compact};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef, TripleRef};
// Fx: these index millions of borrowed terms; SipHash was a third of a large build.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
///
/// A graph may lie over a `base`: the quads every document shares (ontology, registry), read
/// once. Lookups see both; focus nodes come from this graph's own quads.
pub struct DataGraph<'a> {
    triples: Vec<TripleRef<'a>>,
    /// Keyed by [`node_key`], so that a lookup needs no term that lives as long as the data.
    by_subject: HashMap<&'a str, Vec<usize>>,
    by_predicate: HashMap<&'a str, Vec<usize>>,
    by_object: HashMap<&'a str, Vec<usize>>,
    /// Every class with itself and all its superclasses.
    superclasses: HashMap<NamedNodeRef<'a>, HashSet<NamedNodeRef<'a>>>,
    base: Option<&'a DataGraph<'a>>,
    role: Role,
}

/// Which part of a dataset a graph holds, which says what it can decide alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// All of it: every check is decided.
    Whole,
    /// The shared quads: checks on the number of values (`sh:minCount`, `sh:maxCount`,
    /// `sh:uniqueLang`) wait for the documents, which may add values.
    Shared,
    /// One document's quads over the shared ones: the number of values of a shared node waits
    /// for the other documents.
    Part,
}

impl<'a> DataGraph<'a> {
    pub fn new(quads: &'a [Quad]) -> Self {
        Self::with_role(quads, None, Role::Whole)
    }

    /// The shared quads, as the base of [`part`](Self::part)s.
    pub fn shared(quads: &'a [Quad]) -> Self {
        Self::with_role(quads, None, Role::Shared)
    }

    /// One document's quads over the shared ones; or a window of a document's quads over the
    /// part that holds the document's own triples (see `ByPart::check_window`).
    pub fn part(quads: &'a [Quad], base: &'a DataGraph<'a>) -> Self {
        Self::with_role(quads, Some(base), Role::Part)
    }

    fn with_role(quads: &'a [Quad], base: Option<&'a DataGraph<'a>>, role: Role) -> Self {
        let mut graph = DataGraph {
            triples: Vec::with_capacity(quads.len()),
            by_subject: HashMap::default(),
            by_predicate: HashMap::default(),
            by_object: HashMap::default(),
            superclasses: HashMap::default(),
            base,
            role,
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

    /// The bottom of the layers: the quads every document shares.
    fn shared_layer(&self) -> &DataGraph<'a> {
        match self.base {
            Some(base) => base.shared_layer(),
            None => self,
        }
    }

    /// Whether this graph's own quads name `node` (literals are not looked for).
    fn names(&self, node: TermRef<'_>) -> bool {
        node_key(node)
            .is_some_and(|k| self.by_subject.contains_key(k) || self.by_object.contains_key(k))
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
        let below: Box<dyn Iterator<Item = TripleRef<'a>> + 's> = match self.base {
            Some(base) => Box::new(base.with_predicate(predicate)),
            None => Box::new(std::iter::empty()),
        };
        below.chain(self.own_with_predicate(predicate))
    }

    fn own_with_predicate<'s>(
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
        let below: Box<dyn Iterator<Item = TripleRef<'a>> + 's> = match self.base {
            Some(base) => Box::new(base.with_subject(subject)),
            None => Box::new(std::iter::empty()),
        };
        below.chain(self.indexed(&self.by_subject, subject))
    }

    fn with_object<'s>(
        &'s self,
        object: TermRef<'_>,
    ) -> impl Iterator<Item = TripleRef<'a>> + use<'s, 'a> {
        let below: Box<dyn Iterator<Item = TripleRef<'a>> + 's> = match self.base {
            Some(base) => Box::new(base.with_object(object)),
            None => Box::new(std::iter::empty()),
        };
        below.chain(self.indexed(&self.by_object, object))
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
        let mut values = self.base.map_or_else(Vec::new, |b| b.values(focus, path));
        values.extend(self.own_values(focus, path));
        distinct(values)
    }

    /// The values of `path` from `focus` in this graph's own quads, without the base's.
    fn own_values(&self, focus: TermRef<'_>, path: &Path) -> Vec<TermRef<'a>> {
        let values: Vec<TermRef<'a>> = match path {
            Path::Predicate(p) => self
                .indexed(&self.by_subject, focus)
                .filter(|t| t.predicate == p.as_ref())
                .map(|t| t.object)
                .collect(),
            Path::Inverse(p) => self
                .indexed(&self.by_object, focus)
                .filter(|t| t.predicate == p.as_ref())
                .map(|t| t.subject.into())
                .collect(),
        };
        distinct(values)
    }

    /// Whether checks on the number of `focus`'s values must wait for the rest of the dataset.
    fn counts_later(&self, focus: TermRef<'_>) -> bool {
        match self.role {
            Role::Whole => false,
            Role::Shared => true,
            // Over a window of a document, the document's other quads are a base too: only
            // what the shared quads name waits for the other documents.
            Role::Part => self.base.is_some_and(|b| b.shared_layer().names(focus)),
        }
    }

    /// The nodes `target` reaches. Over a base, only those this graph's own quads name: the
    /// shared nodes alone were checked with the base.
    fn focus_nodes(&self, target: &Target) -> Vec<TermRef<'a>> {
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
            Target::ObjectsOf(p) => {
                // A literal is no node of either layer: it is this graph's if a quad here has it.
                let below = self.base.map(|b| b.with_predicate(p.as_str()));
                below
                    .into_iter()
                    .flatten()
                    .map(|t| t.object)
                    .filter(|o| !o.is_literal())
                    .chain(self.own_with_predicate(p.as_str()).map(|t| t.object))
                    .collect()
            }
        };
        let mut nodes = distinct(nodes);
        if self.base.is_some() {
            nodes.retain(|n| n.is_literal() || self.names(*n));
        }
        nodes
    }
}

fn distinct<T: Copy + Eq + std::hash::Hash>(items: Vec<T>) -> Vec<T> {
    let mut seen = HashSet::default();
    items.into_iter().filter(|i| seen.insert(*i)).collect()
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
    let (mut results, _) = validate_graph(shapes, &graph);
    sort(&mut results);
    results
}

/// Sorts results by shape, focus, path, component and value. Blank-node shapes come out of the
/// shapes graph in no stable order: sorted, a report is the same from one run to the next.
pub fn sort(results: &mut [ValidationResult]) {
    results.sort_by_cached_key(|r| {
        (
            r.shape_location.as_ref().map(|l| (l.line, l.column)),
            r.focus.to_string(),
            r.path.as_ref().map(|p| p.predicate().as_str().to_string()),
            r.component,
            r.value.as_ref().map(ToString::to_string),
        )
    });
}

/// A check on the number of a shared node's values (`sh:minCount`, `sh:maxCount`,
/// `sh:uniqueLang`) that waits until every document has given its values.
pub struct Deferred<'s> {
    pub shape: &'s Shape,
    pub focus: Term,
    /// The values the graph that found it holds itself.
    pub values: Vec<Term>,
    pub target: Option<Target>,
}

/// What checking a graph finds: results, and the checks that wait for other parts.
struct Checked<'s> {
    results: Vec<ValidationResult>,
    deferred: Vec<Deferred<'s>>,
    /// Inside `sh:or` a check is decided on what is there (`Shapes::decidable_by_part`
    /// keeps value counts out of `sh:or` for builds that check by part).
    may_defer: bool,
}

/// The results over `graph`, and the checks that wait for the rest of the dataset.
pub fn validate_graph<'s>(
    shapes: &'s Shapes,
    graph: &DataGraph<'_>,
) -> (Vec<ValidationResult>, Vec<Deferred<'s>>) {
    let mut found = Checked {
        results: Vec::new(),
        deferred: Vec::new(),
        may_defer: true,
    };
    for shape in &shapes.shapes {
        let mut done = HashSet::default();
        for target in &shape.targets {
            for focus in graph.focus_nodes(target) {
                if done.insert(focus) {
                    let (results, deferred) = (found.results.len(), found.deferred.len());
                    check(graph, shape, focus, &mut found);
                    for result in &mut found.results[results..] {
                        result.target = Some(target.clone());
                    }
                    for deferred in &mut found.deferred[deferred..] {
                        deferred.target = Some(target.clone());
                    }
                }
            }
        }
    }
    (found.results, found.deferred)
}

/// The deferred checks of every part so far, one per (shape, node): as many as the shared
/// nodes, however many parts name them.
#[derive(Default)]
pub struct Undecided<'s> {
    /// Keyed by the shape's address: shapes are told apart by identity, not by content.
    groups: HashMap<(usize, Term), Deferred<'s>>,
}

impl<'s> Undecided<'s> {
    pub fn add(&mut self, deferred: Vec<Deferred<'s>>) {
        for d in deferred {
            match self
                .groups
                .entry((std::ptr::from_ref(d.shape).addr(), d.focus.clone()))
            {
                std::collections::hash_map::Entry::Occupied(mut group) => {
                    let values = &mut group.get_mut().values;
                    for value in d.values {
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(d);
                }
            }
        }
    }

    /// Decides every check with the values of the shared graph `base` and of every part.
    pub fn decide(self, base: &DataGraph<'_>) -> Vec<ValidationResult> {
        let mut results = Vec::new();
        for d in self.groups.into_values() {
            let path = d.shape.path.as_ref().expect("only property shapes defer");
            let mut values: Vec<TermRef<'_>> = base.values(d.focus.as_ref(), path);
            values.extend(d.values.iter().map(Term::as_ref));
            let values = distinct(values);
            for constraint in &d.shape.constraints {
                for message in count_problems(constraint, d.shape, &values) {
                    let mut r = result(d.shape, constraint, d.focus.as_ref(), None, message);
                    r.target.clone_from(&d.target);
                    results.push(r);
                }
            }
        }
        results
    }
}

fn result(
    shape: &Shape,
    constraint: &Constraint,
    focus: TermRef<'_>,
    value: Option<TermRef<'_>>,
    default: String,
) -> ValidationResult {
    ValidationResult {
        focus: focus.into_owned(),
        path: shape.path.clone(),
        value: value.map(TermRef::into_owned),
        component: constraint.component(),
        shape: shape.id.clone(),
        shape_location: Some(shape.location.clone()),
        severity: shape.severity,
        message: shape.message.clone().unwrap_or(default),
        target: None,
    }
}

/// Whether a constraint is about the number of values rather than each value.
pub fn counts_values(constraint: &Constraint) -> bool {
    matches!(
        constraint,
        Constraint::MinCount(_) | Constraint::MaxCount(_) | Constraint::UniqueLang
    )
}

/// What is wrong with the number of `values` for a constraint on their number.
fn count_problems(constraint: &Constraint, shape: &Shape, values: &[TermRef<'_>]) -> Vec<String> {
    let subject = shape.path.as_ref().map_or_else(String::new, |p| {
        format!("{}: ", compact(p.predicate().as_str()))
    });
    match constraint {
        Constraint::MinCount(min) if values.len() < *min => vec![format!(
            "{subject}at least {min} value(s) required, found {}",
            values.len()
        )],
        Constraint::MaxCount(max) if values.len() > *max => vec![format!(
            "{subject}at most {max} value(s) allowed, found {}",
            values.len()
        )],
        Constraint::UniqueLang => {
            let mut languages = HashMap::<&str, usize>::default();
            for value in values {
                if let TermRef::Literal(l) = value
                    && let Some(language) = l.language()
                {
                    *languages.entry(language).or_default() += 1;
                }
            }
            let mut shared: Vec<_> = languages.into_iter().filter(|(_, n)| *n > 1).collect();
            shared.sort();
            shared
                .into_iter()
                .map(|(language, _)| {
                    format!("{subject}two values share the language tag @{language}")
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn check<'s>(graph: &DataGraph<'_>, shape: &'s Shape, focus: TermRef<'_>, out: &mut Checked<'s>) {
    let values = match &shape.path {
        Some(path) => graph.values(focus, path),
        None => vec![focus],
    };
    let later =
        out.may_defer && shape.constraints.iter().any(counts_values) && graph.counts_later(focus);
    if let (true, Some(path)) = (later, &shape.path) {
        out.deferred.push(Deferred {
            shape,
            focus: focus.into_owned(),
            values: graph
                .own_values(focus, path)
                .into_iter()
                .map(TermRef::into_owned)
                .collect(),
            target: None,
        });
    }
    for constraint in &shape.constraints {
        if counts_values(constraint) {
            if !(later && shape.path.is_some()) {
                for message in count_problems(constraint, shape, &values) {
                    out.results
                        .push(result(shape, constraint, focus, None, message));
                }
            }
            continue;
        }
        // Only a failing value needs the message, so it is written only then.
        let subject = || {
            shape.path.as_ref().map_or_else(String::new, |p| {
                format!("{}: ", compact(p.predicate().as_str()))
            })
        };
        for &value in &values {
            if let Some(problem) = value_problem(graph, constraint, value) {
                let message = format!("{}{problem}", subject());
                out.results
                    .push(result(shape, constraint, focus, Some(value), message));
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
    let mut found = Checked {
        results: Vec::new(),
        deferred: Vec::new(),
        may_defer: false,
    };
    check(graph, shape, node, &mut found);
    found.results.is_empty()
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

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
