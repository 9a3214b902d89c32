//! The numbers of the VoID description, counted a part of the dataset at a time, so that a
//! streaming build never holds the whole dataset.
//!
//! Most nodes belong to one part (a document, its mentions, its claims): telling them apart
//! takes sets that borrow from that part's quads and go with them. What several parts may hold
//! (entities, classes, literals, triples about entities) is remembered across parts as a 128-bit
//! hash: 16 bytes per distinct term, whatever its length.

use super::void::LINKED;
use crate::vocab::{Namespaces, OWL, RDF, iri};
use oxigraph::model::{NamedNodeRef, Quad, Term, TermRef};
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hash, RandomState};

/// The dataset's numbers so far.
#[derive(Default)]
pub struct Counts {
    pub triples: usize,
    /// Distinct subjects in the registry's namespace.
    pub entities: usize,
    pub subjects: usize,
    pub objects: usize,
    /// Distinct triples per property IRI.
    pub properties: BTreeMap<String, usize>,
    /// Distinct instances per class IRI.
    pub classes: BTreeMap<String, usize>,
    /// `owl:sameAs` links into each of [`LINKED`].
    pub links: [usize; 2],
    shared: FxHashSet<u128>,
}

/// One part's numbers, counted on any thread; [`Counts::add`] folds them in.
#[derive(Default)]
pub struct PartCounts {
    counts: Counts,
    /// What other parts may hold too: counted once its hash is new to the dataset.
    shared: Vec<(u128, Effect)>,
}

/// What a term or triple that several parts may hold adds, the first time it is seen.
enum Effect {
    Triple {
        property: String,
        link: Option<usize>,
    },
    Subject {
        entity: bool,
    },
    Object,
    Instance {
        class: String,
    },
}

/// Hashes terms to 128 bits with two independent keys, the same for every part of one build:
/// two distinct terms share a hash with odds of about 2^-128 per pair.
#[derive(Clone, Default)]
pub struct TermHasher([RandomState; 2]);

impl TermHasher {
    pub fn hash(&self, value: impl Hash + Copy) -> u128 {
        let [a, b] = &self.0;
        (u128::from(a.hash_one(value)) << 64) | u128::from(b.hash_one(value))
    }
}

// Kinds mixed into hashes, so that a term as subject and as object are told apart.
const TRIPLE: u8 = 0;
const SUBJECT: u8 = 1;
const OBJECT: u8 = 2;
const INSTANCE: u8 = 3;

impl PartCounts {
    /// The numbers of `quads`, where `local` tells the nodes no other part holds: they are told
    /// apart here, everything else is left to [`Counts::add`]. Entities are the subjects in the
    /// project's `kb:` namespace.
    pub fn of(
        ns: &Namespaces,
        quads: &[Quad],
        hasher: &TermHasher,
        local: impl Fn(TermRef<'_>) -> bool,
    ) -> Self {
        let rdf_type = iri(RDF, "type");
        let same_as = iri(OWL, "sameAs");
        let mut part = PartCounts::default();
        let mut triples = FxHashSet::default();
        let mut subjects = FxHashSet::default();
        let mut objects = FxHashSet::default();
        let mut instances = FxHashSet::default();
        let mut shared = FxHashSet::default();
        let mut share = |hash: u128, effect: Effect, part: &mut PartCounts| {
            if shared.insert(hash) {
                part.shared.push((hash, effect));
            }
        };
        for quad in quads {
            let subject = quad.subject.as_ref();
            let object = quad.object.as_ref();
            let subject_is_local = local(subject.into());
            let link = if quad.predicate == same_as
                && let Term::NamedNode(target) = &quad.object
            {
                LINKED
                    .iter()
                    .position(|base| target.as_str().starts_with(base.uri_space))
            } else {
                None
            };
            // A triple stated in several graphs (two claims that agree) is one triple of the
            // dataset; it belongs to this part alone if its subject does.
            let triple = (subject, quad.predicate.as_ref(), object);
            if subject_is_local {
                if triples.insert(triple) {
                    part.counts.count_triple(quad.predicate.as_str(), link);
                }
            } else {
                let property = quad.predicate.as_str().to_owned();
                share(
                    hasher.hash((TRIPLE, triple)),
                    Effect::Triple { property, link },
                    &mut part,
                );
            }
            let entity = matches!(subject, oxigraph::model::NamedOrBlankNodeRef::NamedNode(n)
                if n.as_str().starts_with(&ns.kb));
            if subject_is_local {
                if subjects.insert(subject) {
                    part.counts.count_subject(entity);
                }
            } else {
                share(
                    hasher.hash((SUBJECT, subject)),
                    Effect::Subject { entity },
                    &mut part,
                );
            }
            if local(object) {
                if objects.insert(object) {
                    part.counts.objects += 1;
                }
            } else {
                share(hasher.hash((OBJECT, object)), Effect::Object, &mut part);
            }
            if quad.predicate == rdf_type
                && let Term::NamedNode(class) = &quad.object
            {
                let class: NamedNodeRef<'_> = class.as_ref();
                if subject_is_local {
                    if instances.insert((class, subject)) {
                        part.counts.count_instance(class.as_str());
                    }
                } else {
                    let instance = Effect::Instance {
                        class: class.as_str().to_owned(),
                    };
                    share(hasher.hash((INSTANCE, class, subject)), instance, &mut part);
                }
            }
        }
        part
    }
}

impl Counts {
    /// Adds a part's numbers. Parts come in any order; the result is the same.
    pub fn add(&mut self, part: PartCounts) {
        let PartCounts { counts, shared } = part;
        self.triples += counts.triples;
        self.entities += counts.entities;
        self.subjects += counts.subjects;
        self.objects += counts.objects;
        for (property, n) in counts.properties {
            *self.properties.entry(property).or_default() += n;
        }
        for (class, n) in counts.classes {
            *self.classes.entry(class).or_default() += n;
        }
        for (total, n) in self.links.iter_mut().zip(counts.links) {
            *total += n;
        }
        for (hash, effect) in shared {
            if !self.shared.insert(hash) {
                continue;
            }
            match effect {
                Effect::Triple { property, link } => self.count_triple(&property, link),
                Effect::Subject { entity } => self.count_subject(entity),
                Effect::Object => self.objects += 1,
                Effect::Instance { class } => self.count_instance(&class),
            }
        }
    }

    fn count_triple(&mut self, property: &str, link: Option<usize>) {
        self.triples += 1;
        increment(&mut self.properties, property);
        if let Some(base) = link {
            self.links[base] += 1;
        }
    }

    fn count_subject(&mut self, entity: bool) {
        self.subjects += 1;
        if entity {
            self.entities += 1;
        }
    }

    fn count_instance(&mut self, class: &str) {
        increment(&mut self.classes, class);
    }
}

/// Adds one to `key`'s count, allocating its name only the first time.
fn increment(counts: &mut BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::void::describe_counts;
    use crate::inputs::project::KARABAKH_TITLE;
    use crate::vocab::FG;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn named(iri: String) -> NamedNode {
        NamedNode::new_unchecked(iri)
    }

    fn quad(s: String, p: &str, o: impl Into<Term>, g: GraphName) -> Quad {
        Quad::new(named(s), named(format!("{FG}{p}")), o, g)
    }

    /// A document's quads: the document, a mention, a claim stating `killed` about a shared
    /// entity in its own graph, and literals other documents hold too.
    fn document(id: &str, killed: i64) -> Vec<Quad> {
        let ns = Namespaces::karabakh();
        let (doc, claim, kb) = (ns.doc, ns.claim, ns.kb);
        let doc = format!("{doc}{id}");
        let mention = format!("{doc}#mention-3-9");
        let claim = format!("{claim}{id}-c1");
        let default = GraphName::DefaultGraph;
        let entity = named(format!("{kb}khojaly"));
        vec![
            quad(
                doc.clone(),
                "language",
                Literal::new_simple_literal("en"),
                default.clone(),
            ),
            quad(
                mention.clone(),
                "inDocument",
                named(doc.clone()),
                default.clone(),
            ),
            quad(
                mention.clone(),
                "mentionOf",
                entity.clone(),
                default.clone(),
            ),
            // The same mention found for two entities: one node, its triples repeated.
            quad(
                mention.clone(),
                "mentionOf",
                entity.clone(),
                default.clone(),
            ),
            quad(mention, "start", Literal::from(3), default.clone()),
            quad(claim.clone(), "statedIn", named(doc), default.clone()),
            quad(
                format!("{kb}khojaly"),
                "killed",
                Literal::from(killed),
                GraphName::NamedNode(named(claim)),
            ),
        ]
    }

    fn described(counts: &Counts) -> Vec<String> {
        let mut quads: Vec<String> =
            describe_counts(&Namespaces::karabakh(), KARABAKH_TITLE, counts)
                .iter()
                .map(ToString::to_string)
                .collect();
        quads.sort();
        quads
    }

    #[test]
    fn counting_by_part_gives_the_numbers_of_the_whole() {
        let ns = Namespaces::karabakh();
        let shared = vec![quad(
            format!("{}khojaly", ns.kb),
            "label",
            Literal::new_simple_literal("Khojaly"),
            GraphName::DefaultGraph,
        )];
        // Two documents agree on a figure (one triple of the dataset), a third differs.
        let parts = [document("a", 613), document("b", 613), document("c", 485)];
        let whole: Vec<Quad> = shared
            .iter()
            .chain(parts.iter().flatten())
            .cloned()
            .collect();
        let mut at_once = Counts::default();
        at_once.add(PartCounts::of(&ns, &whole, &TermHasher::default(), |_| {
            true
        }));

        let hasher = TermHasher::default();
        let mut by_part = Counts::default();
        by_part.add(PartCounts::of(&ns, &shared, &hasher, |_| false));
        for (id, quads) in ["a", "b", "c"].iter().zip(&parts) {
            let doc = format!("{}{id}", ns.doc);
            let local = |t: TermRef<'_>| {
                matches!(t, TermRef::NamedNode(n)
                    if n.as_str().starts_with(&doc) || n.as_str().starts_with(&ns.claim))
            };
            by_part.add(PartCounts::of(&ns, quads, &hasher, local));
        }
        // 1 label + per document 5 distinct triples + 2 distinct `killed` triples.
        assert_eq!(at_once.triples, 1 + 3 * 5 + 2);
        assert_eq!(at_once.subjects, 1 + 3 * 3);
        assert_eq!(by_part.triples, at_once.triples);
        assert_eq!(by_part.subjects, at_once.subjects);
        assert_eq!(by_part.objects, at_once.objects);
        assert_eq!(by_part.entities, 1);
        assert_eq!(described(&by_part), described(&at_once));
    }
}
