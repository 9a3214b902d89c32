//! The build: every stage of the pipeline, from the files of a project to a written snapshot.

pub mod coverage;
mod stream;

use crate::corpus::{self, Corpus, Document};
use crate::diagnostic::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::extraction::registry::{self, Registry};
use crate::extraction::rules::names::{Discoveries, NameEntity};
use crate::extraction::rules::{Expressions, Extractor, Source};
use crate::extraction::{Claim, Mention, facts};
use crate::graph::{self, Sources};
use crate::inputs::{Inputs, Project, SEED_METADATA, SeedFile, Texts, stat_fingerprint};
use crate::ontology;
use crate::store::{BuildLock, StoreDir};
use crate::validation::{self, Shapes, SourceMap};
use crate::vocab::FG;
use anyhow::Result;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use oxigraph::model::Quad;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build made, for the summary line and `stats`.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub corpus: Corpus,
    pub registry: Registry,
    pub claims: Vec<Claim>,
    pub mentions: Vec<Mention>,
    pub quads: Vec<Quad>,
    pub warnings: Diagnostics,
    /// The project's settings (namespaces, title) the graph was built with.
    pub project: Project,
}

/// The shapes and provenance results of a compiled graph, as diagnostics at their facts.
fn validate(compiled: &Compiled, shapes: &Shapes) -> Diagnostics {
    let results = validation::check_all(shapes, &compiled.quads, &HashMap::new());
    if results.is_empty() {
        return Diagnostics::default();
    }
    validation::diagnostics(&results, &compiled.source_map())
}

/// Keeps warnings with the compiled graph; any error rejects it.
fn accept(compiled: &mut Compiled, problems: Diagnostics) -> Result<(), Diagnostics> {
    compiled.warnings.extend(problems);
    if compiled.warnings.has_errors() {
        return Err(std::mem::take(&mut compiled.warnings));
    }
    Ok(())
}

impl Compiled {
    /// Where each claim, entity and document of the graph was written.
    pub fn source_map(&self) -> SourceMap {
        SourceMap::new(
            &self.project.namespaces,
            &self.corpus,
            &self.registry,
            &self.claims,
        )
    }
}

/// The inputs read and checked, before any document is read for mentions or candidates: what
/// every document's quads are built from.
pub(crate) struct Prepared {
    pub corpus: Corpus,
    pub ontology: ontology::Ontology,
    pub shapes: Shapes,
    pub registry: Registry,
    /// The curated claims of every document.
    pub curated: Vec<Claim>,
    pub diagnostics: Diagnostics,
    /// The project's settings: the namespaces IRIs are minted under, the dataset's title.
    pub project: Project,
}

/// Reads the ontology, corpus (from `seeds`, the files of `inputs.seeds`, which it keeps),
/// shapes, registry and facts, and checks them against each other.
fn prepare(
    inputs: &Inputs,
    seeds: Vec<SeedFile>,
    progress: &ProgressBar,
) -> Result<Prepared, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    progress.set_message("reading the ontology");
    let ontology = ontology::load(&inputs.ontology);
    progress.set_message("reading the corpus");
    let corpus = corpus::load(&inputs.seed_metadata, seeds);
    let (ontology, corpus) = match (ontology, corpus) {
        (Ok(o), Ok((c, warnings))) => {
            diagnostics.extend(warnings);
            (o, c)
        }
        (o, c) => {
            if let Err(d) = o {
                diagnostics.extend(d);
            }
            if let Err(d) = c {
                diagnostics.extend(d);
            }
            return Err(diagnostics);
        }
    };
    progress.set_message("reading the shapes");
    let shapes = Shapes::parse(&inputs.shapes, FG, Some(&ontology.declared_names()))?;
    progress.set_message("reading the entity registry");
    let registry = registry::load(&inputs.entities, &ontology)?;
    check_publishers(&corpus, &registry, inputs, &mut diagnostics);
    progress.set_message(format!("checking {} facts files", inputs.facts.len()));
    let context = facts::Context {
        corpus: &corpus,
        ontology: &ontology,
        registry: &registry,
    };
    let curated = match facts::load(&inputs.facts, &context) {
        Ok(claims) => claims,
        Err(d) => {
            diagnostics.extend(d);
            Vec::new()
        }
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Prepared {
        corpus,
        ontology,
        shapes,
        registry,
        curated,
        diagnostics,
        project: inputs.project.clone(),
    })
}

/// Every stage but validation, with the whole graph in memory: the graph as the inputs describe
/// it, and the shapes it must satisfy. `factgraph validate` uses this to point at facts even
/// when the graph is invalid.
pub fn compile_unvalidated(
    inputs: &Inputs,
    progress: &ProgressBar,
) -> Result<(Compiled, Shapes), Diagnostics> {
    compile_prepared(prepare(inputs, inputs.seeds.clone(), progress)?, progress)
}

fn compile_prepared(
    prepared: Prepared,
    progress: &ProgressBar,
) -> Result<(Compiled, Shapes), Diagnostics> {
    let Prepared {
        corpus,
        ontology,
        shapes,
        registry,
        curated: mut claims,
        mut diagnostics,
        project,
    } = prepared;
    show_stage(
        progress,
        "reading the documents",
        text_bytes(&corpus.documents),
        BYTES,
    );
    // The whole graph holds every text anyway, so they are all read first; they are dropped
    // (given back to the corpus they borrow from) once the quads are built.
    let (mentions, quads) = {
        let mut read = Vec::with_capacity(corpus.documents.len());
        for document in &corpus.documents {
            match document.text() {
                Ok(text) => read.push(text),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let documents: Vec<(&Document, &str)> = corpus
            .documents
            .iter()
            .zip(read.iter().map(|text| &**text))
            .collect();
        let curated: HashSet<&str> = claims.iter().map(|c| c.document.as_str()).collect();
        let extractor = Extractor::new(&registry, &ontology);
        let mut mentions = Vec::new();
        let mut candidates = Vec::new();
        let mut expressions = Vec::with_capacity(documents.len());
        let mut discoveries = Discoveries::default();
        crate::parallel::for_each_ordered(
            &documents,
            crate::parallel::default_jobs(),
            |&(document, text)| {
                let curated = curated.contains(document.id.as_str());
                let found = read_document(&extractor, document, text, curated);
                progress.inc(document.file.bytes as u64);
                found
            },
            |_, (found, proposed, dated, names)| {
                mentions.extend(found);
                candidates.extend(proposed);
                expressions.push(dated);
                discoveries.add(&names);
                Ok(())
            },
        )
        .expect("collecting what documents hold cannot fail");
        claims.extend(candidates);
        let mut used = used_by(&claims, &mentions);
        used.extend(publishers(&corpus));
        warn_unused_entities(&registry, &used, &mut diagnostics);
        show_stage(progress, "building the graph", 0, SPINNER);
        let quads = graph::build(&Sources {
            documents: &documents,
            ontology: &ontology,
            registry: &registry,
            claims: &claims,
            mentions: &mentions,
            namespaces: &project.namespaces,
            title: &project.title,
            expressions: &expressions,
            discovered: &discoveries.entities(),
        });
        (mentions, quads)
    };
    let compiled = Compiled {
        corpus,
        registry,
        claims,
        mentions,
        quads,
        warnings: diagnostics,
        project,
    };
    Ok((compiled, shapes))
}

/// One document's mentions (of registry entities and discovered names), dates, figures and
/// discovered names and, if nobody curated it, the rules' candidate claims, found in one word
/// pass. A new document is useful at once; a curated one gets no candidates, since there the
/// rules would only repeat (or contradict) what a person checked.
fn read_document(
    extractor: &Extractor,
    document: &Document,
    text: &str,
    curated: bool,
) -> (Vec<Mention>, Vec<Claim>, Expressions, Vec<NameEntity>) {
    let source = Source::of(document, text);
    let extraction = if curated {
        extractor.extract_without_claims(&source)
    } else {
        extractor.extract(&source)
    };
    let expressions = Expressions {
        dates: extraction.dates,
        quantities: extraction.quantities,
    };
    (
        extraction.mentions,
        extraction.candidates,
        expressions,
        extraction.names,
    )
}

fn check_publishers(
    corpus: &Corpus,
    registry: &Registry,
    inputs: &Inputs,
    diagnostics: &mut Diagnostics,
) {
    for document in &corpus.documents {
        if let Some(publisher) = &document.metadata.publisher
            && registry.get(publisher).is_none()
        {
            let offset = inputs.seed_metadata.text.find(&document.id).unwrap_or(0);
            diagnostics.push(
                Diagnostic::error(
                    Location::at_offset(
                        &PathBuf::from(SEED_METADATA),
                        &inputs.seed_metadata.text,
                        offset,
                    ),
                    format!(
                        "publisher `{publisher}` of {} is not in the registry",
                        document.id
                    ),
                )
                .with_help(did_you_mean(
                    publisher,
                    registry.slugs(),
                    "add the publisher to data/entities/",
                )),
            );
        }
    }
}

/// The entities that `claims` name and `mentions` find.
fn used_by<'c>(
    claims: impl IntoIterator<Item = &'c Claim>,
    mentions: &[Mention],
) -> HashSet<String> {
    let mut used: HashSet<String> = mentions.iter().map(|m| m.entity.to_string()).collect();
    for claim in claims {
        used.extend(entities_of(claim).map(str::to_owned));
    }
    used
}

/// The documents' publishers, which count as used entities.
fn publishers(corpus: &Corpus) -> impl Iterator<Item = String> + '_ {
    corpus
        .documents
        .iter()
        .filter_map(|d| d.metadata.publisher.clone())
}

/// The entities a claim names: its subject, its source, and its values that are entities.
fn entities_of(claim: &Claim) -> impl Iterator<Item = &str> {
    let values = claim
        .statements
        .iter()
        .filter_map(|(_, value)| match value {
            crate::extraction::Value::Entity(slug) => Some(slug.as_str()),
            _ => None,
        });
    std::iter::once(claim.subject.as_str())
        .chain(claim.attributed_to.as_deref())
        .chain(values)
}

/// An entity that nothing uses is probably a typo or a leftover.
fn warn_unused_entities(
    registry: &Registry,
    used: &HashSet<String>,
    diagnostics: &mut Diagnostics,
) {
    for entity in &registry.entities {
        if !used.contains(entity.slug.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    entity.location.clone(),
                    format!(
                        "entity `{}` is used by no claim and mentioned in no document",
                        entity.slug
                    ),
                )
                .with_help("remove it, or add the alias spelling the documents use"),
            );
        }
    }
}

/// A progress display on standard error, drawn only on a terminal.
pub fn progress_bar(quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if quiet {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    show_stage(&bar, "starting", 0, SPINNER);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// How a stage's progress reads: a spinner for the short stages, a bar with its rate and the
/// time left for the long ones (reading documents, writing quads).
const SPINNER: &str = "{spinner} {elapsed} {msg}";
const BYTES: &str = "{spinner} {elapsed} {msg} [{bar:24}] {binary_bytes}/{binary_total_bytes} \
                     {binary_bytes_per_sec}, {eta} left";
const QUADS: &str = "{spinner} {elapsed} {msg} [{bar:24}] {human_pos}/{human_len} quads, {rate} quads/s, {eta} left";

/// Starts a stage of `total` units (0 for a stage without a size) shown with `template`.
fn show_stage(bar: &ProgressBar, message: &'static str, total: u64, template: &str) {
    let style = ProgressStyle::with_template(template)
        .expect("valid template")
        .with_key(
            "rate",
            |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{}", HumanCount(state.per_sec() as u64));
            },
        );
    bar.set_style(style);
    bar.set_length(total);
    bar.set_position(0);
    bar.reset_eta();
    bar.set_message(message);
}

fn text_bytes<'a>(documents: impl IntoIterator<Item = &'a Document>) -> u64 {
    documents.into_iter().map(|d| d.file.bytes as u64).sum()
}

/// What a build made, in numbers, and its warnings.
#[derive(Debug, Default)]
pub struct Summary {
    pub quads: u64,
    pub documents: usize,
    pub entities: usize,
    pub claims: usize,
    pub mentions: usize,
    /// Claims and mentions of each document, by identifier.
    pub per_document: stream::PerDocument,
    pub warnings: Diagnostics,
}

impl Summary {
    fn of(compiled: Compiled) -> Self {
        let mut per_document = stream::PerDocument::new();
        for document in &compiled.corpus.documents {
            per_document.insert(document.id.clone(), stream::DocumentCounts::default());
        }
        for claim in &compiled.claims {
            if let Some(counts) = per_document.get_mut(&claim.document) {
                counts.claims += 1;
            }
        }
        for mention in &compiled.mentions {
            if let Some(counts) = per_document.get_mut(&*mention.document) {
                counts.mentions += 1;
            }
        }
        Summary {
            quads: compiled.quads.len() as u64,
            documents: compiled.corpus.documents.len(),
            entities: compiled.registry.entities.len(),
            claims: compiled.claims.len(),
            mentions: compiled.mentions.len(),
            per_document,
            warnings: compiled.warnings,
        }
    }
}

/// The outcome of a build that wrote a snapshot.
#[derive(Debug)]
pub struct Report {
    pub summary: Summary,
    pub elapsed: Duration,
    pub snapshot: PathBuf,
}

/// Builds the store from the project at `root`. Nothing is written unless every input is valid;
/// a build already running on the same store makes this one fail at once.
pub fn build(root: &Path, store: &StoreDir, quiet: bool) -> Result<Report> {
    let lock = store.try_lock()?;
    let stamped = StampedInputs::read(root)?;
    build_locked(stamped, store, &lock, quiet)
}

/// Builds the store like [`build`], but waits for a build already running on it to finish,
/// saying so on standard error (unless `quiet`).
pub fn build_after_others(root: &Path, store: &StoreDir, quiet: bool) -> Result<Report> {
    let lock = store.lock(|holder| say_waiting(store, holder, quiet))?;
    let stamped = StampedInputs::read(root)?;
    build_locked(stamped, store, &lock, quiet)
}

/// Tells the user why a command does not go on: a wait on a stopped or slow build would
/// otherwise look like a hang.
fn say_waiting(store: &StoreDir, holder: &str, quiet: bool) {
    if !quiet {
        eprintln!(
            "factgraph: waiting for {holder}, which is building the store at {}, to finish",
            store.path.display()
        );
    }
}

/// The inputs, read once, with the stat fingerprint taken just before reading them (so that an
/// edit made while they are read shows as a change next time).
struct StampedInputs {
    stat: String,
    inputs: Inputs,
    fingerprint: String,
}

impl StampedInputs {
    fn read(root: &Path) -> Result<Self> {
        let stat = stat_fingerprint(root);
        let inputs = Inputs::read_with(root, Texts::OnDisk)?;
        let fingerprint = inputs.fingerprint();
        Ok(Self {
            stat,
            inputs,
            fingerprint,
        })
    }
}

fn build_locked(
    mut stamped: StampedInputs,
    store: &StoreDir,
    lock: &BuildLock,
    quiet: bool,
) -> Result<Report> {
    let started = Instant::now();
    let progress = progress_bar(quiet);
    let result = (|| {
        let seeds = std::mem::take(&mut stamped.inputs.seeds);
        let prepared = prepare(&stamped.inputs, seeds, &progress)?;
        let (summary, pending) = match stream::build(
            &prepared,
            &stamped,
            store,
            lock,
            &progress,
            &stream::Windowing::LARGE,
        ) {
            Some(built) => built?,
            // The shapes need the whole graph at once.
            None => build_whole(prepared, &stamped, store, lock, &progress)?,
        };
        pending.commit()?;
        store.set_stamp(&stamped.stat, &stamped.fingerprint)?;
        Ok(Report {
            summary,
            elapsed: started.elapsed(),
            snapshot: store.version_path(),
        })
    })();
    progress.finish_and_clear();
    result
}

/// Builds the graph whole in memory, then writes it while it is validated.
fn build_whole(
    prepared: Prepared,
    stamped: &StampedInputs,
    store: &StoreDir,
    lock: &BuildLock,
    progress: &ProgressBar,
) -> Result<(Summary, crate::store::Pending)> {
    let (mut compiled, shapes) = compile_prepared(prepared, progress)?;
    let quads = compiled.quads.len() as u64;
    show_stage(progress, "validating and writing", quads, QUADS);
    let written = |count| progress.set_position(count);
    // The new store is written while the graph is validated, and put in place only if it
    // passes: a failure deletes it and leaves the previous store as it was.
    let (problems, pending) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let quads = compiled.quads.iter().cloned();
            store.write_pending(lock, quads, &stamped.fingerprint, &written)
        });
        let problems = validate(&compiled, &shapes);
        (
            problems,
            writer.join().expect("the snapshot writer does not panic"),
        )
    });
    accept(&mut compiled, problems)?;
    Ok((Summary::of(compiled), pending?))
}

/// Rebuilds the store if its inputs changed since it was built, or it does not exist. Returns
/// the report when it built. Without a project (a store used on its own) nothing is rebuilt.
pub fn ensure_current(
    root: Option<&Path>,
    store: &StoreDir,
    quiet: bool,
) -> Result<Option<Report>> {
    let Some(root) = root else {
        return Ok(None);
    };
    if store.stamp().as_deref() == Some(stat_fingerprint(root).as_str()) {
        return Ok(None);
    }
    // Inputs were touched. Wait for any build running on this store, then compare contents.
    let lock = store.lock(|holder| say_waiting(store, holder, quiet))?;
    let stamped = StampedInputs::read(root)?;
    if store.built_from().as_deref() == Some(stamped.fingerprint.as_str()) {
        // Touched but unchanged: remember, so the next run skips hashing the content.
        let _ = store.set_stamp(&stamped.stat, &stamped.fingerprint);
        return Ok(None);
    }
    build_locked(stamped, store, &lock, quiet).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfSerializer};

    fn sorted_lines(nquads: &[u8]) -> Vec<String> {
        let mut lines: Vec<String> = String::from_utf8_lossy(nquads)
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    }

    /// The streaming build checks and counts a document at a time; what it writes must be the
    /// graph built whole, VoID description included.
    #[test]
    fn the_streaming_build_writes_the_graph_built_whole() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        let report = build(root, &store, true).unwrap();
        let streamed = sorted_lines(&store.nquads().unwrap());

        let inputs = Inputs::read(root).unwrap();
        let (compiled, _) = compile_unvalidated(&inputs, &ProgressBar::hidden()).unwrap();
        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for quad in &compiled.quads {
            serializer.serialize_quad(quad).unwrap();
        }
        let whole = sorted_lines(&serializer.finish().unwrap());

        assert_eq!(streamed.len(), whole.len());
        assert!(streamed == whole, "the streamed and the whole graph differ");
        assert_eq!(report.summary.quads, compiled.quads.len() as u64);
        assert_eq!(report.summary.claims, compiled.claims.len());
        assert_eq!(report.summary.mentions, compiled.mentions.len());
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// The build reads each text again when its turn comes; a text edited since the inputs
    /// were read would make a graph that contradicts the fingerprint, so the build fails and
    /// the previous store stays.
    #[test]
    fn a_document_edited_during_the_build_fails_it_and_keeps_the_previous_store() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        for folder in ["seeds", "ontology", "data"] {
            copy_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
                &root.join(folder),
            );
        }
        let added = root.join("seeds/900_added.txt");
        std::fs::write(&added, "Shusha was taken on 8 May 1992.").unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        build(&root, &store, true).unwrap();
        let before = store.nquads().unwrap();

        let lock = store.try_lock().unwrap();
        let stamped = StampedInputs::read(&root).unwrap();
        std::fs::write(&added, "Shusha was taken on 9 May 1992.").unwrap();
        let error = build_locked(stamped, &store, &lock, true)
            .unwrap_err()
            .to_string();
        assert!(error.contains("seeds/900_added.txt"), "{error}");
        assert!(
            error.contains("changed while factgraph was building"),
            "{error}"
        );
        assert_eq!(store.nquads().unwrap(), before);
    }
}
