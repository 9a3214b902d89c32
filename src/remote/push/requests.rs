//! The requests of a push, sent by `connections` threads at once: a store spends most of a
//! push's time on its side of each request (parsing, indexing, its transaction log), so two or
//! more in flight keep it busy while the answer to the last one travels back.
//!
//! Order matters in one place only: the `PUT` that replaces a large graph goes before the `POST`s
//! that append the rest of it, so the thread that plans the requests queues those `POST`s once
//! that `PUT` is answered. Every other request is independent of the others.
//! A graph is recorded as sent once every request holding a part of it has been answered; a
//! request answered after another failed is still recorded, so a second run sends exactly what
//! is missing.

use super::{Present, Report, Target, send};
use crate::remote::Endpoint;
use anyhow::{Context, Result, anyhow};
use oxhttp::model::Method;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Triple};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Graphs replaced by one SPARQL Update request: Virtuoso compiles each operation to SQL and
/// refuses a request of more than 10,000 lines of it (about a thousand `DROP`s, used for stale
/// graphs).
pub(super) const GRAPHS_PER_UPDATE: usize = 200;

/// One request of a push, and the graphs it holds (a part of each).
enum Job {
    Update(UpdateBatch),
    /// A part of one graph by the Graph Store Protocol: its `PUT`, or a `POST` after it.
    Part {
        key: String,
        method: Method,
        address: String,
        body: Vec<u8>,
        triples: usize,
    },
}

/// What an answered request completed: a part of each graph named.
struct Answered {
    graphs: Vec<String>,
    triples: usize,
}

impl Job {
    fn send(self, target: &Target) -> Result<Answered> {
        match self {
            Job::Update(batch) => {
                let update = target
                    .update
                    .as_ref()
                    .context("no SPARQL Update address for a batch of graphs")?;
                batch.send(update)
            }
            Job::Part {
                key,
                method,
                address,
                body,
                triples,
            } => {
                send(target, method, &address, body, &key)?;
                Ok(Answered {
                    graphs: vec![key],
                    triples,
                })
            }
        }
    }
}

/// Sends every graph of `graphs` but those in `done`, and records each in `tracker` once the
/// store has all of it; the first error, once every request in flight has been answered.
pub(super) fn send_graphs(
    target: &Target,
    graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    done: &BTreeSet<String>,
    present: &Present,
    tracker: &mut Tracker<impl FnMut(usize, usize)>,
) -> Result<()> {
    let connections = target.connections.max(1);
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (jobs, waiting) = mpsc::sync_channel::<Job>(connections);
        let waiting = Arc::new(Mutex::new(waiting));
        let (answers, answered) = mpsc::channel::<Result<Answered>>();
        for _ in 0..connections {
            let (waiting, answers, failed) = (Arc::clone(&waiting), answers.clone(), &failed);
            scope.spawn(move || {
                while let Some(job) = next_job(&waiting) {
                    // After a failure, what is queued is dropped unsent.
                    if failed.load(Ordering::Relaxed) {
                        continue;
                    }
                    let answer = job.send(target);
                    if answer.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if answers.send(answer).is_err() {
                        return;
                    }
                }
            });
        }
        drop(answers);
        let queue = Queue {
            jobs: &jobs,
            answered: &answered,
            failed: &failed,
        };
        let mut first_error = plan(target, graphs, done, present, &queue, tracker)
            .err()
            .inspect(|_| failed.store(true, Ordering::Relaxed));
        drop(jobs);
        for answer in answered {
            if let Err(error) = answer.and_then(|answer| tracker.answered(answer)) {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    })
}

/// The next job a sender takes; the lock is held only to take it, never while sending.
fn next_job(queue: &Mutex<mpsc::Receiver<Job>>) -> Option<Job> {
    queue.lock().ok()?.recv().ok()
}

/// The planning thread's ends of the senders' channels.
struct Queue<'a> {
    jobs: &'a mpsc::SyncSender<Job>,
    answered: &'a mpsc::Receiver<Result<Answered>>,
    /// Set once a request failed: nothing more is queued.
    failed: &'a AtomicBool,
}

impl Queue<'_> {
    fn push(&self, job: Job) -> Result<()> {
        self.jobs
            .send(job)
            .map_err(|_| anyhow!("the push's senders stopped unexpectedly"))
    }
}

/// Turns the graphs into jobs, queued in the order of their names, and records the answers
/// that came meanwhile.
fn plan(
    target: &Target,
    graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    done: &BTreeSet<String>,
    present: &Present,
    queue: &Queue,
    tracker: &mut Tracker<impl FnMut(usize, usize)>,
) -> Result<()> {
    let mut batch = UpdateBatch::default();
    for (key, (graph, triples)) in graphs {
        if queue.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        while let Ok(answer) = queue.answered.try_recv() {
            tracker.answered(answer?)?;
        }
        if done.contains(key) {
            tracker.skipped();
            continue;
        }
        // Blank nodes in two requests would be two nodes: such a graph goes in one request.
        let has_blank_nodes = triples
            .iter()
            .any(|t| t.subject.is_blank_node() || t.object.is_blank_node());
        if target.update.is_some()
            && let Some(iri) = target.graph_iri(graph)
            && triples.len() <= target.update_batch
            && !has_blank_nodes
        {
            if batch.triples + triples.len() > target.update_batch
                || batch.graphs.len() == GRAPHS_PER_UPDATE
            {
                queue.push(Job::Update(std::mem::take(&mut batch)))?;
            }
            batch.add(iri, key, triples, present.may_hold(iri))?;
            continue;
        }
        let address = target.graph_address(graph)?;
        let part_size = if has_blank_nodes {
            triples.len()
        } else {
            target.batch
        };
        let parts: Vec<&[Triple]> = triples.chunks(part_size.max(1)).collect();
        tracker.expect(key, parts.len());
        for (index, part) in parts.iter().enumerate() {
            let job = Job::Part {
                key: key.clone(),
                method: if index == 0 {
                    Method::PUT
                } else {
                    Method::POST
                },
                address: address.clone(),
                body: ntriples(part)?,
                triples: part.len(),
            };
            queue.push(job)?;
            if index == 0 && parts.len() > 1 {
                // The rest append to what this replaces: they wait for its answer (or for the
                // failure of any request, which ends the push).
                while tracker.parts_left(key) == parts.len() {
                    let answer = queue
                        .answered
                        .recv()
                        .map_err(|_| anyhow!("the push's senders stopped unexpectedly"))?;
                    tracker.answered(answer?)?;
                }
            }
        }
    }
    if !batch.graphs.is_empty() {
        queue.push(Job::Update(batch))?;
    }
    Ok(())
}

/// Records the graphs the store holds whole, one line each in the progress file, and counts
/// what was sent.
pub(super) struct Tracker<F> {
    record: fs::File,
    /// The parts of a graph sent in more than one request that are still unanswered.
    parts_left: HashMap<String, usize>,
    pub report: Report,
    total: usize,
    on_graph: F,
}

impl<F: FnMut(usize, usize)> Tracker<F> {
    pub(super) fn new(record: fs::File, total: usize, on_graph: F) -> Self {
        Self {
            record,
            parts_left: HashMap::new(),
            report: Report::default(),
            total,
            on_graph,
        }
    }

    fn expect(&mut self, key: &str, parts: usize) {
        if parts > 1 {
            self.parts_left.insert(key.to_string(), parts);
        }
    }

    /// The unanswered requests holding a part of the graph `key`, once it has more than one.
    fn parts_left(&self, key: &str) -> usize {
        self.parts_left.get(key).copied().unwrap_or(0)
    }

    fn skipped(&mut self) {
        self.report.graphs_skipped += 1;
        self.progressed();
    }

    fn answered(&mut self, answer: Answered) -> Result<()> {
        self.report.requests += 1;
        self.report.triples_sent += answer.triples;
        for key in answer.graphs {
            if let Some(left) = self.parts_left.get_mut(&key) {
                *left -= 1;
                if *left > 0 {
                    continue;
                }
                self.parts_left.remove(&key);
            }
            writeln!(self.record, "{key}").context("cannot write the push progress file")?;
            self.report.graphs_sent += 1;
        }
        self.progressed();
        Ok(())
    }

    fn progressed(&mut self) {
        let done = self.report.graphs_sent + self.report.graphs_skipped;
        (self.on_graph)(done, self.total);
    }
}

/// Graphs waiting to go to the store in one SPARQL Update request: those the store may hold
/// emptied by one `DELETE … WHERE { VALUES ?g { … } … }`, then all filled by one `INSERT DATA`,
/// so sending the request twice leaves the same content. (Virtuoso runs this in a third of the
/// time of a `DROP SILENT GRAPH` per graph, and the `INSERT DATA` alone in two thirds of the
/// time of both: `bench/RESULTS.md`.)
#[derive(Default)]
struct UpdateBatch {
    /// The IRIs of the graphs the store may hold, each in `<>`, for the `VALUES` clause.
    values: String,
    inserts: String,
    triples: usize,
    /// The progress keys of the graphs.
    graphs: Vec<String>,
}

impl UpdateBatch {
    fn add(&mut self, iri: &str, key: &str, triples: &[Triple], may_be_held: bool) -> Result<()> {
        use std::fmt::Write;
        if may_be_held {
            write!(self.values, " <{iri}>")?;
        }
        writeln!(self.inserts, "GRAPH <{iri}> {{")?;
        // N-Triples lines are triples in SPARQL's syntax as well.
        self.inserts
            .push_str(std::str::from_utf8(&ntriples(triples)?).context("N-Triples are UTF-8")?);
        self.inserts.push_str("}\n");
        self.triples += triples.len();
        self.graphs.push(key.to_string());
        Ok(())
    }

    fn send(self, update: &Endpoint) -> Result<Answered> {
        let clear = if self.values.is_empty() {
            String::new()
        } else {
            format!(
                "DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{{} }} GRAPH ?g {{ ?s ?p ?o }} }} ;\n",
                self.values
            )
        };
        let text = format!("{clear}INSERT DATA {{\n{}}}", self.inserts);
        update.update(&text).with_context(|| {
            format!(
                "the store refused a SPARQL Update of {} graphs ({} triples), <{}> to <{}>",
                self.graphs.len(),
                self.triples,
                self.graphs[0],
                self.graphs[self.graphs.len() - 1]
            )
        })?;
        Ok(Answered {
            graphs: self.graphs,
            triples: self.triples,
        })
    }
}

fn ntriples(triples: &[Triple]) -> Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples {
        serializer.serialize_triple(triple)?;
    }
    Ok(serializer.finish()?)
}
