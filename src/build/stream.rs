//! The build a document at a time: each document's text is read (again: the inputs were read
//! with [`Texts::OnDisk`](crate::inputs::Texts)), turned into quads, checked and handed to the
//! store's writer, and its text and quads are gone before the next ones come. Memory holds the
//! inputs but the texts, the shared quads, a few documents in flight, a mention count per entity,
//! per claim and distinct shared term a 16-byte hash (claim names must be unique; VoID counts
//! distinct terms), and per claim what the comparison of sources needs (its subject, property,
//! value, group, source and name: about 200 bytes).

use super::{
    BYTES, Prepared, SPINNER, StampedInputs, Summary, publishers, read_document, show_stage,
    text_bytes, used_by, warn_unused_entities,
};
use crate::corpus::Document;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::extraction::rules::Expressions;
use crate::extraction::rules::Extractor;
use crate::extraction::rules::names::Discoveries;
use crate::extraction::{Claim, Mention};
use crate::graph::count::{Counts, PartCounts, TermHasher};
use crate::graph::{self, MentionCounts, Windows, compare, void};
use crate::store::{BuildLock, Pending, StoreDir};
use crate::validation::{self, ByPart, SourceMap};
use crate::vocab::Namespaces;
use anyhow::Result;
use indicatif::ProgressBar;
use oxigraph::model::{NamedNode, Quad, TermRef};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::mpsc::{Receiver, SyncSender};

/// What one document gave.
#[derive(Default)]
struct Part {
    quads: Vec<Quad>,
    /// A large document's quads are made again, a window at a time, as they are written.
    later: Option<Later>,
    diagnostics: Diagnostics,
    /// `None` for a document whose quads are counted as they are written.
    counts: Option<PartCounts>,
    used: HashSet<String>,
    claim_names: Vec<(u128, String, Location)>,
    claims: usize,
    mentions: usize,
    mention_counts: MentionCounts,
    discovered: Discoveries,
    /// What the comparison of sources keeps of the claims.
    statements: Vec<compare::Statement>,
}

impl Part {
    /// A document whose text could not be read again: nothing but the error.
    fn unread(diagnostic: Diagnostic) -> Self {
        Part {
            diagnostics: diagnostic.into(),
            ..Part::default()
        }
    }
}

/// What a large document's quads are made from: far smaller than the quads (a mention is
/// about a hundred bytes, and six quads of about 300 bytes each).
struct Later {
    /// The document's description, its text in it (the only copy).
    description: Vec<Quad>,
    claims: Vec<Claim>,
    mentions: Vec<Mention>,
    expressions: Expressions,
}

/// Documents' quads waiting for the writer: enough to keep it busy while the next are read.
const IN_FLIGHT: usize = 4;

/// Which documents are made, checked, counted and written a window of their quads at a time,
/// so that memory follows a document's text and not its quads (a 200 MB document makes some
/// 17 million quads, some 6 GB); the others are read at once, which is faster.
pub(super) struct Windowing {
    /// Documents of more bytes than this.
    larger_than: usize,
    /// About how many quads a window holds.
    quads: usize,
}

impl Windowing {
    pub(super) const LARGE: Windowing = Windowing {
        larger_than: 1 << 20,
        quads: 1 << 15,
    };
}

/// Builds and writes the store a document at a time; `None` when the shapes cannot be checked
/// by part (then the caller builds it whole).
pub(super) fn build(
    prepared: &Prepared,
    stamped: &StampedInputs,
    store: &StoreDir,
    lock: &BuildLock,
    progress: &ProgressBar,
    windowing: &Windowing,
) -> Option<Result<(Summary, Pending)>> {
    let ns = &prepared.project.namespaces;
    let shared = graph::shared_quads(ns, &prepared.ontology, &prepared.registry);
    let (by_part, shared_results) = ByPart::new(&prepared.shapes, &shared)?;
    let source_map =
        |claims: &[Claim]| SourceMap::new(ns, &prepared.corpus, &prepared.registry, claims);
    let mut diagnostics = prepared.diagnostics.clone();
    diagnostics.extend(validation::diagnostics(
        &shared_results,
        &source_map(&prepared.curated),
    ));
    let mut curated: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for claim in &prepared.curated {
        curated.entry(&claim.document).or_default().push(claim);
    }
    let reader = DocumentReader {
        extractor: Extractor::new(&prepared.registry, &prepared.ontology),
        comparer: compare::Comparer::new(&prepared.ontology),
        curated,
        by_part: &by_part,
        hasher: TermHasher::default(),
        source_map: &source_map,
        windowing,
        ns,
    };
    let documents = &prepared.corpus.documents;
    show_stage(
        progress,
        "reading, checking and writing the documents",
        text_bytes(documents),
        BYTES,
    );
    let mut counts = Counts::default();
    counts.add(PartCounts::of(ns, &shared, &reader.hasher, |_| false));
    let mut summary = Summary {
        documents: documents.len(),
        entities: prepared.registry.entities.len(),
        quads: shared.len() as u64,
        ..Summary::default()
    };
    let mut used: HashSet<String> = publishers(&prepared.corpus).collect();
    let mut claim_names = ClaimNames::default();
    let mut mention_counts = MentionCounts::default();
    let mut discoveries = Discoveries::default();
    let mut statements = compare::Statements::default();
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Quad>>(IN_FLIGHT);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write(store, lock, &stamped.fingerprint, receiver));
        let mut outbox = Outbox(Some(sender));
        outbox.send(shared.clone(), diagnostics.has_errors());
        let jobs = crate::parallel::default_jobs();
        let read = crate::parallel::for_each_ordered(
            documents,
            jobs,
            |document| {
                let part = reader.read(document);
                progress.inc(document.file.bytes as u64);
                part
            },
            |index, part| {
                summary.quads += part.quads.len() as u64;
                summary.claims += part.claims;
                summary.mentions += part.mentions;
                summary.per_document.insert(
                    documents[index].id.clone(),
                    DocumentCounts {
                        claims: part.claims,
                        mentions: part.mentions,
                    },
                );
                if let Some(part_counts) = part.counts {
                    counts.add(part_counts);
                }
                mention_counts.merge(part.mention_counts);
                discoveries.merge(part.discovered);
                statements.add(index, part.statements);
                used.extend(part.used);
                diagnostics.extend(part.diagnostics);
                claim_names.check(part.claim_names, index, documents, &mut diagnostics);
                let failed = diagnostics.has_errors();
                outbox.send(part.quads, failed);
                if let Some(later) = part.later {
                    let document = &documents[index];
                    let local = Local::of(ns, document);
                    let claims: Vec<&Claim> = later.claims.iter().collect();
                    let mentions: Vec<&Mention> = later.mentions.iter().collect();
                    let windows = Windows {
                        quads: windowing.quads,
                        description: None,
                    };
                    let mut each = |window: Vec<Quad>| {
                        summary.quads += window.len() as u64;
                        counts.add(PartCounts::of(ns, &window, &reader.hasher, |t| {
                            local.minted(t)
                        }));
                        outbox.send(window, failed);
                    };
                    each(later.description);
                    graph::document_windows(
                        ns,
                        document,
                        &claims,
                        &mentions,
                        &later.expressions,
                        &windows,
                        &mut each,
                    );
                }
                Ok(())
            },
        );
        read.expect("reading documents cannot fail");
        show_stage(progress, "comparing the sources", 0, SPINNER);
        let documents: Vec<&Document> = documents.iter().collect();
        // Checked, counted and written a window at a time, each window whole disputes and
        // corroborations (a node's quads are never cut apart).
        let mut results = Vec::new();
        let mut window = Vec::new();
        let failed = diagnostics.has_errors();
        let mut flush = |window: Vec<Quad>| {
            results.extend(by_part.check(&window));
            counts.add(PartCounts::of(ns, &window, &reader.hasher, |_| false));
            summary.quads += window.len() as u64;
            outbox.send(window, failed);
        };
        compare::write(ns, &reader.comparer, &statements, &documents, &mut |unit| {
            window.extend(unit);
            if window.len() >= windowing.quads {
                flush(std::mem::take(&mut window));
            }
        });
        flush(window);
        drop(statements);
        show_stage(progress, "finishing the store", 0, SPINNER);
        results.extend(by_part.finish());
        diagnostics.extend(validation::diagnostics(
            &results,
            &source_map(&prepared.curated),
        ));
        warn_unused_entities(&prepared.registry, &used, &mut diagnostics);
        let counted = mention_counts.quads(ns, &prepared.registry);
        counts.add(PartCounts::of(ns, &counted, &reader.hasher, |_| false));
        summary.quads += counted.len() as u64;
        outbox.send(counted, diagnostics.has_errors());
        let discovered = graph::discovered::quads(ns, &discoveries.entities());
        counts.add(PartCounts::of(ns, &discovered, &reader.hasher, |_| false));
        summary.quads += discovered.len() as u64;
        outbox.send(discovered, diagnostics.has_errors());
        let description = void::describe_counts(ns, &prepared.project.title, &counts);
        summary.quads += description.len() as u64;
        outbox.send(description, diagnostics.has_errors());
        drop(outbox);
        writer.join().expect("the store writer does not panic")
    });
    if diagnostics.has_errors() {
        return Some(Err(diagnostics.into()));
    }
    summary.warnings = diagnostics;
    Some(written.map(|pending| (summary, pending)))
}

/// The claim names of the documents read so far, as hashes, each with its document's index. A
/// claim's name is its graph's IRI: two documents' claims named alike would be one claim with
/// two sources.
#[derive(Default)]
struct ClaimNames(FxHashMap<u128, usize>);

impl ClaimNames {
    fn check(
        &mut self,
        names: Vec<(u128, String, Location)>,
        index: usize,
        documents: &[Document],
        diagnostics: &mut Diagnostics,
    ) {
        for (hash, name, location) in names {
            if let Some(&first) = self.0.get(&hash) {
                let first = &documents[first].id;
                diagnostics.push(
                    Diagnostic::error(
                        location,
                        format!("claim `{name}` is also a claim of {first}"),
                    )
                    .with_help("give each claim a name of its own"),
                );
            } else {
                self.0.insert(hash, index);
            }
        }
    }
}

/// The writer's end of the channel, closed for good once the build has failed or the writer
/// has stopped: then nothing more is written, and the partial store is deleted.
struct Outbox(Option<SyncSender<Vec<Quad>>>);

impl Outbox {
    fn send(&mut self, quads: Vec<Quad>, failed: bool) {
        if failed {
            self.0 = None;
        }
        if let Some(sender) = &self.0
            && sender.send(quads).is_err()
        {
            self.0 = None;
        }
    }
}

/// Writes every quad the channel brings into a new store beside the current one.
fn write(
    store: &StoreDir,
    lock: &BuildLock,
    fingerprint: &str,
    receiver: Receiver<Vec<Quad>>,
) -> Result<Pending> {
    store.write_pending(lock, receiver.into_iter().flatten(), fingerprint, &|_| {})
}

/// What reading one document needs, shared by the threads that read.
struct DocumentReader<'a> {
    extractor: Extractor,
    comparer: compare::Comparer,
    curated: HashMap<&'a str, Vec<&'a Claim>>,
    by_part: &'a ByPart<'a>,
    hasher: TermHasher,
    source_map: &'a (dyn Fn(&[Claim]) -> SourceMap + Sync),
    windowing: &'a Windowing,
    ns: &'a Namespaces,
}

impl DocumentReader<'_> {
    /// One document's mentions, claims (curated, or the rules' candidates if none is), quads,
    /// and the results of checking them.
    fn read(&self, document: &Document) -> Part {
        let text = match document.text() {
            Ok(text) => text,
            Err(diagnostic) => return Part::unread(diagnostic),
        };
        let curated = self.curated.get(document.id.as_str());
        let (mentions, candidates, expressions, names) =
            read_document(&self.extractor, document, &text, curated.is_some());
        let mut discovered = Discoveries::default();
        discovered.add(&names);
        let claims: Vec<&Claim> = curated
            .into_iter()
            .flatten()
            .copied()
            .chain(&candidates)
            .collect();
        // The rules' claims may name what the document discovered: checked with the names'
        // classes as this document gives them (the corpus-wide entities are written last).
        let names = graph::discovered::quads(self.ns, &discovered.entities());
        let statements = self.comparer.statements(&claims);
        if document.file.bytes > self.windowing.larger_than && self.by_part.by_window() {
            let claims = claims.into_iter().cloned().collect();
            return Part {
                discovered,
                statements,
                ..self.read_by_window(
                    document,
                    text.into_owned(),
                    claims,
                    mentions,
                    expressions,
                    names,
                )
            };
        }
        let mention_refs: Vec<&Mention> = mentions.iter().collect();
        let mut quads = graph::document_quads(
            self.ns,
            document,
            &text,
            &claims,
            &mention_refs,
            &expressions,
        );
        let mut mention_counts = MentionCounts::default();
        mention_counts.add(&mention_refs);
        // The quads hold a copy of the text; one copy is enough while they are checked.
        drop(text);
        let own = quads.len();
        quads.extend(names);
        let results = self.by_part.check(&quads);
        quads.truncate(own);
        let diagnostics = if results.is_empty() {
            Diagnostics::default()
        } else {
            let owned: Vec<Claim> = claims.iter().map(|c| (*c).clone()).collect();
            validation::diagnostics(&results, &(self.source_map)(&owned))
        };
        let local = Local::of(self.ns, document);
        let counts = PartCounts::of(self.ns, &quads, &self.hasher, |t| {
            local.document(t) || local.minted(t)
        });
        Part {
            quads,
            diagnostics,
            counts: Some(counts),
            used: used_by(claims.iter().copied(), &mentions),
            claim_names: self.claim_names(&claims),
            claims: claims.len(),
            mentions: mentions.len(),
            mention_counts,
            later: None,
            discovered,
            statements,
        }
    }

    /// A large document read a window of its quads at a time: its own triples first (the head,
    /// which takes the text), then its claims and mentions. Their quads are dropped once
    /// checked; the writer makes them again from what [`Later`] keeps.
    fn read_by_window(
        &self,
        document: &Document,
        text: String,
        claims: Vec<Claim>,
        mentions: Vec<Mention>,
        expressions: Expressions,
        names: Vec<Quad>,
    ) -> Part {
        let claim_refs: Vec<&Claim> = claims.iter().collect();
        let mention_refs: Vec<&Mention> = mentions.iter().collect();
        let (mut head, description) =
            graph::document_head(self.ns, document, text, claims.len(), &mention_refs);
        // Checked with the head, dropped with the description below.
        head.extend(names);
        let (mut results, checked) = self.by_part.check_head(&head);
        let windows = Windows {
            quads: self.windowing.quads,
            description: None,
        };
        let mut each = |window: Vec<Quad>| {
            results.extend(self.by_part.check_window(&checked, &window));
        };
        graph::document_windows(
            self.ns,
            document,
            &claim_refs,
            &mention_refs,
            &expressions,
            &windows,
            &mut each,
        );
        drop(checked);
        // The document's `fg:mentions` come again in the windows, each before its first mention.
        head.truncate(description);
        let diagnostics = if results.is_empty() {
            Diagnostics::default()
        } else {
            validation::diagnostics(&results, &(self.source_map)(&claims))
        };
        let mut mention_counts = MentionCounts::default();
        mention_counts.add(&mention_refs);
        Part {
            quads: Vec::new(),
            diagnostics,
            counts: None,
            used: used_by(claim_refs.iter().copied(), &mentions),
            claim_names: self.claim_names(&claim_refs),
            claims: claims.len(),
            mentions: mentions.len(),
            mention_counts,
            discovered: Discoveries::default(),
            statements: Vec::new(),
            later: Some(Later {
                description: head,
                claims,
                mentions,
                expressions,
            }),
        }
    }

    fn claim_names(&self, claims: &[&Claim]) -> Vec<(u128, String, Location)> {
        claims
            .iter()
            .map(|c| {
                (
                    self.hasher.hash(c.id.as_str()),
                    c.id.clone(),
                    c.location.clone(),
                )
            })
            .collect()
    }
}

/// The nodes minted for one document, which no other document's quads name: they are counted
/// with the document's quads, the rest by hash across the dataset.
struct Local<'n> {
    iri: NamedNode,
    fragment: String,
    /// The project's `claim:` namespace.
    claims: &'n str,
}

impl<'n> Local<'n> {
    fn of(ns: &'n Namespaces, document: &Document) -> Self {
        let iri = ns.document(&document.id);
        let fragment = format!("{}#", iri.as_str());
        Local {
            iri,
            fragment,
            claims: &ns.claim,
        }
    }

    /// The document itself: counted by hash when its quads come in windows (each window names
    /// it), as a local node when they come at once.
    fn document(&self, term: TermRef<'_>) -> bool {
        matches!(term, TermRef::NamedNode(n) if n == self.iri.as_ref())
    }

    /// Its mentions and claims, each of which a window holds whole.
    fn minted(&self, term: TermRef<'_>) -> bool {
        match term {
            TermRef::NamedNode(n) => {
                let n = n.as_str();
                n.starts_with(&self.fragment) || n.starts_with(self.claims)
            }
            _ => false,
        }
    }
}

/// What one document gave the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    pub claims: usize,
    pub mentions: usize,
}

/// Per document, by identifier: its claims and mentions.
pub type PerDocument = BTreeMap<String, DocumentCounts>;

#[cfg(test)]
mod tests {
    use super::super::{StampedInputs, prepare};
    use super::*;
    use std::path::Path;

    const EVERY_DOCUMENT: Windowing = Windowing {
        larger_than: 0,
        quads: 16,
    };
    const NO_DOCUMENT: Windowing = Windowing {
        larger_than: usize::MAX,
        quads: 0,
    };

    /// The streaming build of the project at `root`: what it reports and the store it wrote,
    /// or its error.
    fn stream(root: &Path, windowing: &Windowing) -> Result<(Summary, Vec<u8>)> {
        let dir = tempfile::tempdir()?;
        let store = StoreDir::new(dir.path().join("store"));
        let lock = store.try_lock()?;
        let mut stamped = StampedInputs::read(root)?;
        let seeds = std::mem::take(&mut stamped.inputs.seeds);
        let progress = ProgressBar::hidden();
        let prepared = prepare(&stamped.inputs, seeds, &progress)?;
        let built = build(&prepared, &stamped, &store, &lock, &progress, windowing);
        let (summary, pending) = built.expect("the project's shapes are checked by part")?;
        pending.commit()?;
        Ok((summary, store.nquads()?))
    }

    fn copy_project(to: &Path) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["seeds", "ontology", "data"] {
            let copied = std::process::Command::new("cp")
                .arg("-r")
                .arg(from.join(folder))
                .arg(to.join(folder))
                .status()
                .unwrap();
            assert!(copied.success());
        }
    }

    /// Every document of the corpus read a window of 16 quads at a time gives the store, byte
    /// for byte, and the numbers of the build that reads each document at once.
    #[test]
    fn documents_read_by_window_give_the_store_of_documents_read_at_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (at_once, at_once_store) = stream(root, &NO_DOCUMENT).unwrap();
        let (by_window, by_window_store) = stream(root, &EVERY_DOCUMENT).unwrap();
        assert!(at_once.quads > 16 * 100, "{} quads", at_once.quads);
        assert!(at_once_store == by_window_store, "the stores differ");
        assert_eq!(at_once.quads, by_window.quads);
        assert_eq!(at_once.claims, by_window.claims);
        assert_eq!(at_once.mentions, by_window.mentions);
        assert_eq!(at_once.per_document, by_window.per_document);
        assert_eq!(
            format!("{:?}", at_once.warnings),
            format!("{:?}", by_window.warnings)
        );
    }

    fn sorted_lines(error: &anyhow::Error) -> Vec<String> {
        let mut lines: Vec<String> = format!("{error:#}").lines().map(str::to_owned).collect();
        lines.sort();
        lines
    }

    /// Shapes that fail on mentions in every window, and on a count of the document's own
    /// values that no window holds alone, fail the same way read by window as at once.
    #[test]
    fn checks_by_window_find_what_checks_at_once_find() {
        let dir = tempfile::tempdir().unwrap();
        copy_project(dir.path());
        let shapes = dir.path().join("ontology/shapes.ttl");
        let mut text = std::fs::read_to_string(&shapes).unwrap();
        text.push_str(
            "\nshapes:FewMentions a sh:NodeShape ;\n    sh:targetClass fg:Document ;\n    \
             sh:property [ sh:path fg:mentions ; sh:maxCount 3 ] .\n\
             shapes:EarlyMentions a sh:NodeShape ;\n    sh:targetClass fg:Mention ;\n    \
             sh:property [ sh:path fg:start ; sh:maxInclusive 5000 ] .\n",
        );
        std::fs::write(&shapes, text).unwrap();
        let at_once = stream(dir.path(), &NO_DOCUMENT).unwrap_err();
        let by_window = stream(dir.path(), &EVERY_DOCUMENT).unwrap_err();
        let at_once = sorted_lines(&at_once);
        assert!(
            at_once.iter().any(|l| l.contains("fg:mentions")),
            "{at_once:#?}"
        );
        assert!(
            at_once.iter().any(|l| l.contains("mention-")),
            "{at_once:#?}"
        );
        assert_eq!(at_once, sorted_lines(&by_window));
    }
}
