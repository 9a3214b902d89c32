//! `factgraph push`: the built dataset into any SPARQL 1.1 store, through SPARQL Update and the
//! Graph Store HTTP Protocol.
//!
//! Each graph is replaced, so sending a graph twice leaves the same content: a push can be
//! stopped anywhere and run again. Where the store's SPARQL Update address is known, graphs go
//! there many to a request (a claim's graph holds a few triples: one request each would be
//! tens of thousands of requests at 100× the corpus): one `DELETE` of their triples, then one
//! `INSERT DATA` of them all, under `update_batch` triples. A graph larger than that, or with
//! blank nodes, or every graph without an update address, goes by the Graph Store Protocol:
//! `PUT` (replace), a large graph as a `PUT` of its first batch and `POST`s (append) of the
//! rest; an interrupted graph is sent again from its `PUT`.
//! Graphs already sent are recorded in a progress file beside the store, named for the
//! endpoint and the snapshot's fingerprint, so a second run skips them; a complete push deletes
//! it. Blank nodes only occur in graphs sent whole by one `PUT`, so replacing never duplicates
//! them.
//!
//! Then the store holds what the local one does, and may still hold graphs the local store no
//! longer has (a claim renamed or removed since the last push). Unless told to keep them, a push
//! lists the store's graphs under the dataset's namespace through its SPARQL query address and
//! deletes each one the local store does not have, with a Graph Store `DELETE`. Graphs under any
//! other name (the store's own, other datasets') are never touched.

use super::auth::Authorizer;
use super::{Endpoint, network_error};
use crate::diagnostic::Refusal;
use anyhow::{Context, Result, bail};
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Method, Request, StatusCode, Uri};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Term, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

/// The most graphs a listing reads; a store that answers more is refused rather than read
/// without end.
const MAX_GRAPHS: usize = 10_000_000;

/// Where and how to push.
pub struct Target {
    /// The Graph Store Protocol address, e.g. `http://host:8890/sparql-graph-crud-auth`.
    pub url: String,
    pub authorizer: Authorizer,
    pub timeout: Duration,
    /// Send the default graph's triples to this named graph instead (for stores whose default
    /// graph is the union of the named ones, such as Virtuoso).
    pub default_graph_as: Option<String>,
    /// Triples per request.
    pub batch: usize,
    /// The store's SPARQL query address, to list its graphs and delete those of the dataset the
    /// local store does not have; `None` keeps them.
    pub prune: Option<Endpoint>,
    /// The store's SPARQL Update address: graphs of at most `update_batch` triples go there
    /// many to a request, each replaced (one `DELETE` of their triples, then one `INSERT DATA`), and
    /// stale graphs are dropped there many to a request. `None` sends every graph by the Graph
    /// Store Protocol, one or more requests each.
    pub update: Option<Endpoint>,
    /// Triples per SPARQL Update request (Virtuoso fails on an `INSERT DATA` of about 5,000).
    pub update_batch: usize,
    /// The dataset's namespace, the project's base IRI: every graph a build names lies under
    /// it (claims, the VoID description), so a graph under it that the local store lacks is one
    /// an earlier push sent; the ontology's graph, shared by every dataset, is outside it and
    /// always pushed.
    pub dataset_namespace: String,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct Report {
    pub graphs_sent: usize,
    pub graphs_skipped: usize,
    pub graphs_deleted: usize,
    pub triples_sent: usize,
    pub requests: usize,
}

/// The SPARQL query address of the store whose Graph Store Protocol address is `url`, for the
/// stores whose layout is known (Virtuoso, Fuseki, GraphDB); `None` for any other.
pub fn query_address(url: &str) -> Option<String> {
    addresses(url).map(|(query, _)| query)
}

/// The SPARQL Update address of the store whose Graph Store Protocol address is `url`, for
/// the stores whose layout is known (Virtuoso, Fuseki, GraphDB); `None` for any other.
pub fn update_address(url: &str) -> Option<String> {
    addresses(url).map(|(_, update)| update)
}

/// The query and update addresses beside a known store's Graph Store Protocol address.
fn addresses(url: &str) -> Option<(String, String)> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if !query.is_empty() {
        return None;
    }
    let path = path.trim_end_matches('/');
    let swaps = [
        ("/sparql-graph-crud-auth", "/sparql-auth", "/sparql-auth"),
        ("/sparql-graph-crud", "/sparql", "/sparql"),
        ("/rdf-graphs/service", "", "/statements"),
        ("/data", "/sparql", "/update"),
    ];
    swaps.iter().find_map(|(gsp, sparql, update)| {
        let base = path.strip_suffix(gsp)?;
        // Fuseki's address names a dataset: `http://host/data` alone is no store's.
        let named = *gsp != "/data" || base.matches('/').count() > 2;
        named.then(|| (format!("{base}{sparql}"), format!("{base}{update}")))
    })
}

/// The graphs of `quads` by name (the order of a push, and the keys of its progress file),
/// each with its triples.
fn graphs(quads: Vec<Quad>) -> BTreeMap<String, (GraphName, Vec<Triple>)> {
    let mut graphs: BTreeMap<String, (GraphName, Vec<Triple>)> = BTreeMap::new();
    for quad in quads {
        graphs
            .entry(graph_key(&quad.graph_name))
            .or_insert_with(|| (quad.graph_name.clone(), Vec::new()))
            .1
            .push(Triple::new(quad.subject, quad.predicate, quad.object));
    }
    graphs
}

fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::NamedNode(node) => node.as_str().to_string(),
        GraphName::DefaultGraph => "default".into(),
        GraphName::BlankNode(node) => format!("_:{}", node.as_str()),
    }
}

/// The progress file of a push of the snapshot `fingerprint` to `url`: one graph per line.
pub fn progress_file(store: &std::path::Path, url: &str, fingerprint: &str) -> PathBuf {
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        format!("{url}\n{fingerprint}").as_bytes(),
    ));
    store.join(format!("push-{}.progress", &digest[..16]))
}

/// Pushes `quads`; `progress` names the file that records graphs sent (see the module doc),
/// `on_graph` is told of each graph as it is done.
pub fn push(
    target: &Target,
    quads: Vec<Quad>,
    progress: &std::path::Path,
    mut on_graph: impl FnMut(usize, usize),
) -> Result<Report> {
    let done: BTreeSet<String> = fs::read_to_string(progress)
        .map(|text| text.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let graphs = graphs(quads);
    let total = graphs.len();
    let mut report = Report::default();
    let mut record = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(progress)
        .with_context(|| format!("cannot write the push progress file {}", progress.display()))?;
    let mut batch = UpdateBatch::default();
    for (index, (key, (graph, triples))) in graphs.iter().enumerate() {
        if done.contains(key) {
            report.graphs_skipped += 1;
            on_graph(index + 1, total);
            continue;
        }
        // Blank nodes in two requests would be two nodes: such a graph goes in one request.
        let has_blank_nodes = triples
            .iter()
            .any(|t| t.subject.is_blank_node() || t.object.is_blank_node());
        if let Some(update) = &target.update
            && let Some(iri) = target.graph_iri(graph)
            && triples.len() <= target.update_batch
            && !has_blank_nodes
        {
            if batch.triples + triples.len() > target.update_batch
                || batch.keys.len() == GRAPHS_PER_UPDATE
            {
                batch.send(update, &mut record, &mut report, &mut on_graph, total)?;
            }
            batch.add(iri, key, triples, index + 1)?;
            continue;
        }
        let address = target.graph_address(graph)?;
        let batch_size = if has_blank_nodes {
            triples.len()
        } else {
            target.batch
        };
        for (batch, chunk) in triples.chunks(batch_size.max(1)).enumerate() {
            let method = if batch == 0 {
                Method::PUT
            } else {
                Method::POST
            };
            let body = ntriples(chunk)?;
            send(target, method, &address, body, key)?;
            report.requests += 1;
            report.triples_sent += chunk.len();
        }
        writeln!(record, "{key}")?;
        report.graphs_sent += 1;
        on_graph(index + 1, total);
    }
    if let Some(update) = &target.update {
        batch.send(update, &mut record, &mut report, &mut on_graph, total)?;
    }
    drop(record);
    // Listed once every graph is there, so that a failure before (credentials, a graph refused)
    // is reported as itself, and the store never lacks a graph the local store has.
    let stale = match &target.prune {
        Some(endpoint) => target.stale_graphs(endpoint, &graphs)?,
        None => Vec::new(),
    };
    match &target.update {
        Some(update) => {
            for chunk in stale.chunks(DROPS_PER_REQUEST) {
                let drops: Vec<String> = chunk
                    .iter()
                    .map(|graph| format!("DROP SILENT GRAPH <{}>", graph.as_str()))
                    .collect();
                update
                    .update(&drops.join(" ;\n"))
                    .with_context(|| format!("cannot delete {} stale graphs", chunk.len()))?;
                report.requests += 1;
                report.graphs_deleted += chunk.len();
            }
        }
        None => {
            for graph in &stale {
                let address = target.graph_address(&GraphName::NamedNode(graph.clone()))?;
                send(target, Method::DELETE, &address, Vec::new(), graph.as_str())?;
                report.requests += 1;
                report.graphs_deleted += 1;
            }
        }
    }
    // Everything is there: the next push starts afresh (and finds the same content).
    let _ = fs::remove_file(progress);
    Ok(report)
}

/// Graphs replaced by one SPARQL Update request: Virtuoso compiles each operation to SQL and
/// refuses a request of more than 10,000 lines of it (about a thousand `DROP`s, used for stale
/// graphs).
const GRAPHS_PER_UPDATE: usize = 200;

/// Stale graphs dropped by one SPARQL Update request (see `GRAPHS_PER_UPDATE`).
const DROPS_PER_REQUEST: usize = GRAPHS_PER_UPDATE;

/// Graphs waiting to go to the store in one SPARQL Update request: all emptied by one
/// `DELETE … WHERE { VALUES ?g { … } … }`, then all filled by one `INSERT DATA`, so sending the
/// request twice leaves the same content. (Virtuoso runs this in a third of the time of a
/// `DROP SILENT GRAPH` per graph: `bench/RESULTS.md`.)
#[derive(Default)]
struct UpdateBatch {
    /// The graphs' IRIs, each in `<>`, for the `VALUES` clause.
    graphs: String,
    inserts: String,
    triples: usize,
    /// The progress keys of the graphs, and the index of the last (for the progress bar).
    keys: Vec<String>,
    last_index: usize,
}

impl UpdateBatch {
    fn add(&mut self, graph: &str, key: &str, triples: &[Triple], index: usize) -> Result<()> {
        use std::fmt::Write;
        write!(self.graphs, " <{graph}>")?;
        writeln!(self.inserts, "GRAPH <{graph}> {{")?;
        // N-Triples lines are triples in SPARQL's syntax as well.
        self.inserts
            .push_str(std::str::from_utf8(&ntriples(triples)?).context("N-Triples are UTF-8")?);
        self.inserts.push_str("}\n");
        self.triples += triples.len();
        self.keys.push(key.to_string());
        self.last_index = index;
        Ok(())
    }

    /// Sends the graphs gathered, records them as sent, and empties the batch.
    fn send(
        &mut self,
        update: &Endpoint,
        record: &mut fs::File,
        report: &mut Report,
        on_graph: &mut impl FnMut(usize, usize),
        total: usize,
    ) -> Result<()> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let text = format!(
            "DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{{} }} GRAPH ?g {{ ?s ?p ?o }} }} ;\nINSERT DATA {{\n{}}}",
            self.graphs, self.inserts
        );
        update.update(&text).with_context(|| {
            format!(
                "the store refused a SPARQL Update of {} graphs ({} triples), <{}> to <{}>",
                self.keys.len(),
                self.triples,
                self.keys[0],
                self.keys[self.keys.len() - 1]
            )
        })?;
        for key in &self.keys {
            writeln!(record, "{key}")?;
        }
        report.requests += 1;
        report.graphs_sent += self.keys.len();
        report.triples_sent += self.triples;
        on_graph(self.last_index, total);
        *self = Self::default();
        Ok(())
    }
}

impl Target {
    /// The IRI a graph is sent under in a SPARQL Update: its own, or `default_graph_as` for
    /// the default graph; `None` for a default graph sent as such (by the Graph Store
    /// Protocol's `?default`).
    fn graph_iri<'a>(&'a self, graph: &'a GraphName) -> Option<&'a str> {
        match graph {
            GraphName::NamedNode(node) => Some(node.as_str()),
            GraphName::DefaultGraph => self.default_graph_as.as_deref(),
            GraphName::BlankNode(_) => None,
        }
    }

    /// The store's graphs under the dataset's namespace that `graphs` (the local store's, by
    /// their keys) do not name once pushed.
    fn stale_graphs(
        &self,
        endpoint: &Endpoint,
        graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    ) -> Result<Vec<oxigraph::model::NamedNode>> {
        let query = format!(
            "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
            self.dataset_namespace
        );
        let listed = endpoint.select(&query, MAX_GRAPHS).with_context(|| {
            Refusal::new(
                format!(
                    "cannot list the graphs of {} to delete those the local store no longer has",
                    self.url
                ),
                "give the store's SPARQL query address with --query-endpoint URL, or keep them with --no-delete",
            )
        })?;
        let kept: BTreeSet<&str> = graphs
            .keys()
            .map(String::as_str)
            .chain(self.default_graph_as.as_deref())
            .collect();
        let mut stale = BTreeSet::new();
        for row in &listed.rows {
            // The store's filter is not trusted: nothing outside the namespace is deleted.
            if let Some(Term::NamedNode(graph)) = row.get("g")
                && graph.as_str().starts_with(&self.dataset_namespace)
                && !kept.contains(graph.as_str())
            {
                stale.insert(graph.clone());
            }
        }
        Ok(stale.into_iter().collect())
    }

    /// The address of one graph: `?graph=IRI` (percent-encoded), or `?default`.
    fn graph_address(&self, graph: &GraphName) -> Result<String> {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        let iri = match graph {
            GraphName::NamedNode(node) => node.as_str().to_string(),
            GraphName::DefaultGraph => match &self.default_graph_as {
                Some(iri) => iri.clone(),
                None => return Ok(format!("{}{separator}default", self.url)),
            },
            GraphName::BlankNode(_) => bail!("a graph named by a blank node cannot be pushed"),
        };
        let encoded: String = form_urlencoded::byte_serialize(iri.as_bytes()).collect();
        Ok(format!("{}{separator}graph={encoded}", self.url))
    }
}

fn ntriples(triples: &[Triple]) -> Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples {
        serializer.serialize_triple(triple)?;
    }
    Ok(serializer.finish()?)
}

/// Sends one request, answering a digest challenge once; any status but 2xx is an error that
/// names the graph and says what to do (but 404 to a `DELETE`: the graph is gone already).
fn send(target: &Target, method: Method, address: &str, body: Vec<u8>, graph: &str) -> Result<()> {
    address
        .parse::<Uri>()
        .with_context(|| format!("`{address}` is not a valid URL"))?;
    let (request_method, request_address) = (method.clone(), address.to_string());
    let build = move |authorization: Option<String>| {
        let mut request = Request::builder()
            .method(request_method.clone())
            .uri(&request_address);
        if !body.is_empty() {
            request = request.header(CONTENT_TYPE, "application/n-triples");
        }
        if let Some(header) = authorization {
            request = request.header(AUTHORIZATION, header);
        }
        request.body(body.clone()).map_err(io::Error::other)
    };
    let response = target
        .authorizer
        .send(target.timeout, method.clone(), address.to_string(), build)
        .map_err(|e| network_error(&target.url, target.timeout, &e))?;
    let status = response.status();
    if status.is_success() || (method == Method::DELETE && status == StatusCode::NOT_FOUND) {
        return Ok(());
    }
    let mut excerpt = String::new();
    let _ = response.into_body().take(400).read_to_string(&mut excerpt);
    let excerpt = excerpt.trim();
    let help = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN if target.authorizer.is_anonymous() => {
            "the store wants credentials: pass --user (and the password in FACTGRAPH_PASSWORD) or --token"
        }
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            "the store refused these credentials: check --user, FACTGRAPH_PASSWORD or the token, and --auth (basic or digest)"
        }
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
            "is this the store's Graph Store Protocol address (e.g. Virtuoso's /sparql-graph-crud-auth, Fuseki's /DATASET/data)?"
        }
        _ => {
            "the graphs sent so far are recorded; fix the cause and run the same push again to go on"
        }
    };
    Err(anyhow::Error::new(Refusal::new(
        format!(
            "{}: answered HTTP {status} to {method} of graph <{graph}>{}",
            target.url,
            if excerpt.is_empty() {
                String::new()
            } else {
                format!(": {excerpt}")
            }
        ),
        help.to_string(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab;

    #[test]
    fn every_graph_of_a_build_but_the_shared_ontology_is_under_the_dataset_namespace() {
        let ns = vocab::Namespaces::karabakh();
        for namespace in [&ns.claim, &ns.doc, &ns.kb, &ns.void] {
            assert!(namespace.starts_with(&ns.base), "{namespace}");
        }
        assert!(!vocab::ONTOLOGY_GRAPH.starts_with(&ns.base));
    }

    #[test]
    fn the_query_address_of_known_stores_is_found_from_their_graph_store_address() {
        let cases = [
            (
                "http://127.0.0.1:8890/sparql-graph-crud-auth",
                Some("http://127.0.0.1:8890/sparql-auth"),
            ),
            (
                "http://127.0.0.1:8890/sparql-graph-crud/",
                Some("http://127.0.0.1:8890/sparql"),
            ),
            (
                "http://127.0.0.1:3030/kb/data",
                Some("http://127.0.0.1:3030/kb/sparql"),
            ),
            (
                "https://db.example/repositories/kb/rdf-graphs/service",
                Some("https://db.example/repositories/kb"),
            ),
            ("http://127.0.0.1:3030/data", None),
            ("http://127.0.0.1:3030/kb/data?x=1", None),
            ("https://kb.example/store", None),
        ];
        for (gsp, sparql) in cases {
            assert_eq!(query_address(gsp).as_deref(), sparql, "{gsp}");
        }
    }
}
