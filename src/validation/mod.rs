//! Validation: the built graph against the SHACL shapes (`ontology/shapes.ttl`) and every quote
//! against its document. It sits between graph building and the store: `build` writes nothing
//! that fails, and `factgraph validate` runs the same checks on a store or an exported file.
//!
//! **Architecture invariant:** validation reads quads, never the facts files; to say which fact
//! a result comes from it asks a [`SourceMap`] built from extraction's located types.

pub mod engine;
pub mod provenance;
pub mod report;
pub mod shapes;
#[cfg(test)]
mod tests;
mod values;

pub use engine::{ValidationResult, validate};

use engine::{DataGraph, Undecided};
pub use shapes::Shapes;
use std::sync::Mutex;

use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::extraction::Claim;
use crate::extraction::registry::Registry;
use crate::graph::{fg_iri, value_term};
use crate::inputs::SEEDS_DIR;
use crate::vocab::Namespaces;
use oxigraph::model::{Quad, Term};
use shapes::{Path, ShapeSeverity, Target};
use std::collections::HashMap;

/// Every check over `quads`: the shapes, then the quotes.
pub fn check_all(
    shapes: &Shapes,
    quads: &[Quad],
    seeds: &HashMap<String, &str>,
) -> Vec<ValidationResult> {
    // Independent reads of the same quads: on a large corpus each takes seconds.
    std::thread::scope(|scope| {
        let quotes = scope.spawn(|| provenance::check(quads, seeds));
        let mut results = validate(shapes, quads);
        results.extend(quotes.join().expect("the quote check does not panic"));
        results
    })
}

/// Checks a dataset a document at a time, with the same results as [`check_all`] on the whole:
/// the shared quads (ontology, registry) once, then each document's quads over them. What one
/// document cannot decide (how many values a shared node has) waits for [`finish`].
///
/// This holds because no document's quads name another document's nodes
/// (`graph::document_quads`) and the shapes are [`Shapes::decidable_by_part`].
///
/// [`finish`]: ByPart::finish
pub struct ByPart<'a> {
    shapes: &'a Shapes,
    shared: DataGraph<'a>,
    undecided: Mutex<Undecided<'a>>,
    /// A shared node named by many documents is checked with each: its results are told once.
    told: Mutex<std::collections::HashSet<String>>,
}

impl<'a> ByPart<'a> {
    /// Checks the shared quads; `None` when the shapes cannot be decided by part.
    pub fn new(shapes: &'a Shapes, shared: &'a [Quad]) -> Option<(Self, Vec<ValidationResult>)> {
        if !shapes.decidable_by_part() {
            return None;
        }
        let by_part = ByPart {
            shapes,
            shared: DataGraph::shared(shared),
            undecided: Mutex::default(),
            told: Mutex::default(),
        };
        let (results, deferred) = engine::validate_graph(shapes, &by_part.shared);
        by_part.lock_undecided().add(deferred);
        let results = by_part.untold(results);
        Some((by_part, results))
    }

    /// Checks one document's quads (shapes and quotes); returns the results not told before.
    pub fn check(&self, quads: &[Quad]) -> Vec<ValidationResult> {
        let part = DataGraph::part(quads, &self.shared);
        let (mut results, deferred) = engine::validate_graph(self.shapes, &part);
        self.lock_undecided().add(deferred);
        results.extend(provenance::check(quads, &HashMap::new()));
        self.untold(results)
    }

    /// Whether a document may be checked a window of its quads at a time
    /// ([`check_head`](Self::check_head), then [`check_window`](Self::check_window)).
    pub fn by_window(&self) -> bool {
        self.shapes.decidable_by_window()
    }

    /// Checks a document's own triples (`graph::document_head`) and its text; returns the
    /// results not told before and what checks the rest of its quads, a window at a time.
    pub fn check_head<'d>(&'d self, head: &'d [Quad]) -> (Vec<ValidationResult>, Head<'d>) {
        let graph = DataGraph::part(head, &self.shared);
        let (mut results, deferred) = engine::validate_graph(self.shapes, &graph);
        self.lock_undecided().add(deferred);
        let (contents, texts) = provenance::contents(head, &HashMap::new());
        results.extend(contents);
        (self.untold(results), Head { graph, texts })
    }

    /// Checks a window of a document's quads (`graph::document_windows`, without the
    /// description) over its head: with the results of every window, the same results as
    /// [`check`](Self::check) on the document's quads at once. A window's claims and mentions
    /// have all their triples in it, and the document's own are in the head; the shared nodes
    /// wait for [`finish`](Self::finish) as they do for a whole document.
    pub fn check_window(&self, head: &Head<'_>, window: &[Quad]) -> Vec<ValidationResult> {
        let part = DataGraph::part(window, &head.graph);
        let (mut results, deferred) = engine::validate_graph(self.shapes, &part);
        self.lock_undecided().add(deferred);
        results.extend(provenance::quotes(window, &head.texts));
        self.untold(results)
    }

    /// Decides the checks that waited for every document.
    pub fn finish(&self) -> Vec<ValidationResult> {
        let undecided = std::mem::take(&mut *self.lock_undecided());
        let results = undecided.decide(&self.shared);
        let mut results = self.untold(results);
        engine::sort(&mut results);
        results
    }

    fn lock_undecided(&self) -> std::sync::MutexGuard<'_, Undecided<'a>> {
        self.undecided.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn untold(&self, mut results: Vec<ValidationResult>) -> Vec<ValidationResult> {
        if results.is_empty() {
            return results;
        }
        let mut told = self.told.lock().unwrap_or_else(|e| e.into_inner());
        results.retain(|r| {
            told.insert(format!(
                "{} {} {:?} {} {:?} {}",
                r.shape, r.focus, r.path, r.component, r.value, r.message
            ))
        });
        results
    }
}

/// A document's own triples, checked, as the base of its windows' checks.
pub struct Head<'d> {
    graph: DataGraph<'d>,
    texts: provenance::Texts<'d>,
}

/// Where each node and stated triple of the graph was written, to point a result at its fact.
#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<Term, Location>,
    /// (subject, predicate) → (object, the claim stating it).
    by_subject: HashMap<(Term, Term), Vec<(Term, Location)>>,
    /// (object, predicate) → the claims stating it.
    by_object: HashMap<(Term, Term), Vec<Location>>,
    /// The project's namespaces, to show its IRIs as `kb:…`; `None`: the bundled corpus's.
    namespaces: Option<Namespaces>,
}

impl SourceMap {
    pub fn new(ns: &Namespaces, corpus: &Corpus, registry: &Registry, claims: &[Claim]) -> Self {
        let mut map = SourceMap {
            namespaces: Some(ns.clone()),
            ..SourceMap::default()
        };
        for entity in &registry.entities {
            map.nodes
                .insert(ns.entity(&entity.slug).into(), entity.location.clone());
        }
        for document in &corpus.documents {
            let file = std::path::Path::new(SEEDS_DIR).join(format!("{}.txt", document.id));
            map.nodes
                .insert(ns.document(&document.id).into(), Location::file(&file));
        }
        for claim in claims {
            map.nodes
                .insert(ns.claim(&claim.id).into(), claim.location.clone());
            let subject: Term = ns.entity(&claim.subject).into();
            for (property, value) in &claim.statements {
                let predicate: Term = fg_iri(property).into();
                let object = value_term(ns, value);
                map.by_subject
                    .entry((subject.clone(), predicate.clone()))
                    .or_default()
                    .push((object.clone(), claim.location.clone()));
                map.by_object
                    .entry((object, predicate))
                    .or_default()
                    .push(claim.location.clone());
            }
        }
        map
    }

    /// The facts a result is about: the claims stating the offending triple when there are
    /// such, else the node's own definition.
    pub fn locate(&self, result: &ValidationResult) -> Vec<Location> {
        let stated = |predicate: &Term, value: Option<&Term>| -> Vec<Location> {
            self.by_subject
                .get(&(result.focus.clone(), predicate.clone()))
                .into_iter()
                .flatten()
                .filter(|(object, _)| value.is_none_or(|v| v == object))
                .map(|(_, location)| location.clone())
                .collect()
        };
        let found = match (&result.path, &result.target) {
            (Some(Path::Predicate(p)), _) => stated(&p.clone().into(), result.value.as_ref()),
            (None, Some(Target::SubjectsOf(p))) => stated(&p.clone().into(), None),
            (None, Some(Target::ObjectsOf(p))) => self
                .by_object
                .get(&(result.focus.clone(), p.clone().into()))
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if !found.is_empty() {
            return dedup(found);
        }
        self.nodes.get(&result.focus).cloned().into_iter().collect()
    }
}

/// `text` with each `<IRI>` in the project's namespaces written as `kb:…`, `doc:…` or
/// `claim:…` where it can be (the engine's messages know only the fixed prefixes).
fn compact_project_iris(ns: &Namespaces, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close)
                if [&ns.kb, &ns.doc, &ns.claim]
                    .iter()
                    .any(|n| after[..close].starts_with(n.as_str())) =>
            {
                out.push_str(&ns.compact(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn dedup(mut locations: Vec<Location>) -> Vec<Location> {
    locations.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    locations.dedup();
    locations
}

/// The results as diagnostics at the facts they come from (violations are errors).
pub fn diagnostics(results: &[ValidationResult], sources: &SourceMap) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let karabakh = Namespaces::karabakh();
    let ns = sources.namespaces.as_ref().unwrap_or(&karabakh);
    for result in results {
        let focus = match &result.focus {
            Term::NamedNode(n) => ns.compact(n.as_str()),
            other => other.to_string(),
        };
        let message = format!("{focus}: {}", compact_project_iris(ns, &result.message));
        let help = match &result.shape_location {
            Some(at) => format!(
                "fix the fact, or the shape at {at} if the fact is right (sh:{})",
                result.component
            ),
            None => "the quote must be the document's exact text at its offsets: rebuild the store from the facts".to_string(),
        };
        let mut locations = sources.locate(result);
        if locations.is_empty() {
            locations.push(
                result
                    .shape_location
                    .clone()
                    .unwrap_or_else(|| Location::file(std::path::Path::new("<graph>"))),
            );
        }
        for location in locations {
            let diagnostic = if result.severity == ShapeSeverity::Violation {
                Diagnostic::error(location, message.clone())
            } else {
                Diagnostic::warning(location, message.clone())
            };
            diagnostics.push(diagnostic.with_help(help.clone()));
        }
    }
    diagnostics
}

#[cfg(test)]
mod project_iris {
    use super::*;

    #[test]
    fn messages_show_the_projects_iris_with_its_prefixes() {
        let ns = Namespaces::new("http://example.org/x/");
        assert_eq!(
            compact_project_iris(
                &ns,
                "<http://example.org/x/id/baku> is not a fg:Event; <http://other.org/a> and < 3"
            ),
            "kb:baku is not a fg:Event; <http://other.org/a> and < 3"
        );
    }
}
