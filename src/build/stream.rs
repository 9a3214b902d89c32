//! The build a document at a time: each document's text is read (again: the inputs were read
//! with [`Texts::OnDisk`](crate::inputs::Texts)), turned into quads, checked and handed to the
//! store's writer, and its text and quads are gone before the next ones come. Memory holds the
//! inputs but the texts, the shared quads, a few documents in flight, a mention count per entity
//! and, per claim and distinct shared term, a 16-byte hash (claim names must be unique; VoID
//! counts distinct terms).

use super::{
    BYTES, Prepared, SPINNER, StampedInputs, Summary, publishers, read_document, show_stage,
    text_bytes, used_by, warn_unused_entities,
};
use crate::corpus::Document;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::extraction::rules::Extractor;
use crate::extraction::{Claim, Mention};
use crate::graph::count::{Counts, PartCounts, TermHasher};
use crate::graph::iri::CLAIM;
use crate::graph::{self, MentionCounts, document_iri, void};
use crate::store::{BuildLock, Pending, StoreDir};
use crate::validation::{self, ByPart, SourceMap};
use anyhow::Result;
use indicatif::ProgressBar;
use oxigraph::model::{Quad, TermRef};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::mpsc::{Receiver, SyncSender};

/// What one document gave.
#[derive(Default)]
struct Part {
    quads: Vec<Quad>,
    diagnostics: Diagnostics,
    counts: PartCounts,
    used: HashSet<String>,
    claim_names: Vec<(u128, String, Location)>,
    claims: usize,
    mentions: usize,
    mention_counts: MentionCounts,
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

/// Documents' quads waiting for the writer: enough to keep it busy while the next are read.
const IN_FLIGHT: usize = 4;

/// Builds and writes the store a document at a time; `None` when the shapes cannot be checked
/// by part (then the caller builds it whole).
pub(super) fn build(
    prepared: &Prepared,
    stamped: &StampedInputs,
    store: &StoreDir,
    lock: &BuildLock,
    progress: &ProgressBar,
) -> Option<Result<(Summary, Pending)>> {
    let shared = graph::shared_quads(&prepared.ontology, &prepared.registry);
    let (by_part, shared_results) = ByPart::new(&prepared.shapes, &shared)?;
    let source_map =
        |claims: &[Claim]| SourceMap::new(&prepared.corpus, &prepared.registry, claims);
    let mut diagnostics = prepared.diagnostics.clone();
    diagnostics.extend(validation::diagnostics(
        &shared_results,
        &source_map(&prepared.curated),
    ));
    let mut curated: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for claim in &prepared.curated {
        curated.entry(&claim.document).or_default().push(claim);
    }
    let reader = Reader {
        extractor: Extractor::new(&prepared.registry, &prepared.ontology),
        curated,
        by_part: &by_part,
        hasher: TermHasher::default(),
        source_map: &source_map,
    };
    let documents = &prepared.corpus.documents;
    show_stage(
        progress,
        "reading, checking and writing the documents",
        text_bytes(documents),
        BYTES,
    );
    let mut counts = Counts::default();
    counts.add(PartCounts::of(&shared, &reader.hasher, |_| false));
    let mut summary = Summary {
        documents: documents.len(),
        entities: prepared.registry.entities.len(),
        quads: shared.len() as u64,
        ..Summary::default()
    };
    let mut used: HashSet<String> = publishers(&prepared.corpus).collect();
    let mut claim_names = ClaimNames::default();
    let mut mention_counts = MentionCounts::default();
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
                summary
                    .per_document
                    .insert(documents[index].id.clone(), (part.claims, part.mentions));
                counts.add(part.counts);
                mention_counts.merge(part.mention_counts);
                used.extend(part.used);
                diagnostics.extend(part.diagnostics);
                claim_names.check(part.claim_names, index, documents, &mut diagnostics);
                outbox.send(part.quads, diagnostics.has_errors());
                Ok(())
            },
        );
        read.expect("reading documents cannot fail");
        show_stage(progress, "finishing the store", 0, SPINNER);
        diagnostics.extend(validation::diagnostics(
            &by_part.finish(),
            &source_map(&prepared.curated),
        ));
        warn_unused_entities(&prepared.registry, &used, &mut diagnostics);
        let counted = mention_counts.quads(&prepared.registry);
        counts.add(PartCounts::of(&counted, &reader.hasher, |_| false));
        summary.quads += counted.len() as u64;
        outbox.send(counted, diagnostics.has_errors());
        let description = void::describe_counts(&counts);
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
struct Reader<'a> {
    extractor: Extractor,
    curated: HashMap<&'a str, Vec<&'a Claim>>,
    by_part: &'a ByPart<'a>,
    hasher: TermHasher,
    source_map: &'a (dyn Fn(&[Claim]) -> SourceMap + Sync),
}

impl Reader<'_> {
    /// One document's mentions, claims (curated, or the rules' candidates if none is), quads,
    /// and the results of checking them.
    fn read(&self, document: &Document) -> Part {
        let text = match document.text() {
            Ok(text) => text,
            Err(diagnostic) => return Part::unread(diagnostic),
        };
        let curated = self.curated.get(document.id.as_str());
        let (mentions, candidates) =
            read_document(&self.extractor, document, &text, curated.is_some());
        let claims: Vec<&Claim> = curated
            .into_iter()
            .flatten()
            .copied()
            .chain(&candidates)
            .collect();
        let mention_refs: Vec<&Mention> = mentions.iter().collect();
        let quads = graph::document_quads(document, &text, &claims, &mention_refs);
        let mut mention_counts = MentionCounts::default();
        mention_counts.add(&mention_refs);
        // The quads hold a copy of the text; one copy is enough while they are checked.
        drop(text);
        let results = self.by_part.check(&quads);
        let diagnostics = if results.is_empty() {
            Diagnostics::default()
        } else {
            let owned: Vec<Claim> = claims.iter().map(|c| (*c).clone()).collect();
            validation::diagnostics(&results, &(self.source_map)(&owned))
        };
        let iri = document_iri(&document.id);
        let fragment = format!("{}#", iri.as_str());
        let local = |term: TermRef<'_>| match term {
            TermRef::NamedNode(n) => {
                let n = n.as_str();
                n == iri.as_str() || n.starts_with(&fragment) || n.starts_with(CLAIM)
            }
            _ => false,
        };
        let counts = PartCounts::of(&quads, &self.hasher, local);
        let used = used_by(claims.iter().copied(), &mentions);
        let claim_names = claims
            .iter()
            .map(|c| {
                (
                    self.hasher.hash(c.id.as_str()),
                    c.id.clone(),
                    c.location.clone(),
                )
            })
            .collect();
        Part {
            quads,
            diagnostics,
            counts,
            used,
            claim_names,
            claims: claims.len(),
            mentions: mentions.len(),
            mention_counts,
        }
    }
}

/// Per document: its claims and mentions.
pub type PerDocument = BTreeMap<String, (usize, usize)>;
