//! `factgraph push`: the built dataset into any SPARQL 1.1 store, through SPARQL Update and the
//! Graph Store HTTP Protocol.
//!
//! Each graph is replaced, so sending a graph twice leaves the same content: a push can be
//! stopped anywhere and run again. Where the store's SPARQL Update address is known, graphs go
//! there many to a request (a claim's graph holds a few triples: one request each would be
//! tens of thousands of requests at 100× the corpus): one `DELETE` of their triples, then one
//! `INSERT DATA` of them all, under `update_batch` triples. A graph larger than that, or with
//! blank nodes, or every graph without an update address, goes by the Graph Store Protocol:
//! `PUT` (replace), a large graph as a `PUT` of its first part and `POST`s (append) of the
//! rest; an interrupted graph is sent again from its `PUT`. Several requests are in flight at
//! once ([`requests`]).
//! Graphs already sent are recorded in a progress file beside the store, named for the
//! endpoint and the snapshot's fingerprint, so a second run skips them; a complete push deletes
//! it. Blank nodes only occur in graphs sent whole by one `PUT`, so replacing never duplicates
//! them.
//!
//! Then the store holds what the local one does, and may still hold graphs the local store no
//! longer has (a claim renamed or removed since the last push). Unless told to keep them, a push
//! lists the store's graphs under the dataset's namespace through its SPARQL query address and
//! deletes each one the local store does not have. Graphs under any other name (the store's
//! own, other datasets') are never touched.

use super::auth::Authorizer;
use super::{Endpoint, credentials_help, network_error};
use crate::diagnostic::Refusal;
use anyhow::{Context, Result, bail};
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Method, Request, StatusCode, Uri};
use oxigraph::model::{GraphName, NamedNode, Quad, Term, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;
use std::time::Duration;

mod bulk;
mod requests;

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
    /// Requests in flight at once.
    pub connections: usize,
    /// A folder Virtuoso, on this machine, may read: the push goes through its bulk loader
    /// instead ([`bulk`]).
    pub bulk_load_folder: Option<PathBuf>,
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
/// `on_graph` is told how many graphs are done, of how many.
pub fn push(
    target: &Target,
    quads: Vec<Quad>,
    progress: &std::path::Path,
    on_graph: impl FnMut(usize, usize),
) -> Result<Report> {
    let done: BTreeSet<String> = fs::read_to_string(progress)
        .map(|text| text.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let graphs = graphs(quads);
    let record = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(progress)
        .with_context(|| format!("cannot write the push progress file {}", progress.display()))?;
    let mut tracker = requests::Tracker::new(record, graphs.len(), on_graph);
    // The store's graphs are listed first: a graph it does not have needs no clearing before
    // it is filled (on a first push, none does, and clearing was a third of the time), and the
    // push adds only graphs the local store has, so the stale ones are the same before and
    // after it. A listing that fails leaves every graph cleared, as without one, and is reported
    // once the push is through: a failure of the push itself (credentials, a graph refused)
    // is reported as itself.
    let listing = target
        .prune
        .as_ref()
        .map(|endpoint| target.listed_graphs(endpoint));
    let present = match &listing {
        Some(Ok(listed)) => Present::Listed {
            namespace: &target.dataset_namespace,
            graphs: listed,
        },
        _ => Present::Unknown,
    };
    if let Some(folder) = &target.bulk_load_folder {
        let stale = match &listing {
            Some(Ok(listed)) => target.stale(listed, &graphs),
            _ => Vec::new(),
        };
        let report = bulk::load(target, &graphs, &present, &stale, folder)?;
        listing.transpose()?;
        let _ = fs::remove_file(progress);
        return Ok(report);
    }
    requests::send_graphs(target, &graphs, &done, &present, &mut tracker)?;
    let stale = match listing {
        Some(listed) => target.stale(&listed?, &graphs),
        None => Vec::new(),
    };
    let mut report = tracker.report;
    match &target.update {
        Some(update) => drop_graphs(update, &stale, &mut report)?,
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

/// Which graphs the store may hold before the push: those must be cleared before they are
/// filled, the others need not be.
enum Present<'a> {
    /// Any graph.
    Unknown,
    /// The graphs listed under the namespace, and any graph outside it (never listed).
    Listed {
        namespace: &'a str,
        graphs: &'a BTreeSet<String>,
    },
}

impl Present<'_> {
    fn may_hold(&self, graph: &str) -> bool {
        match self {
            Present::Unknown => true,
            Present::Listed { namespace, graphs } => {
                !graph.starts_with(namespace) || graphs.contains(graph)
            }
        }
    }
}

/// Drops the graphs `stale`, [`DROPS_PER_REQUEST`] to a SPARQL Update request.
fn drop_graphs(update: &Endpoint, stale: &[NamedNode], report: &mut Report) -> Result<()> {
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
    Ok(())
}

/// Stale graphs dropped by one SPARQL Update request (see [`requests::GRAPHS_PER_UPDATE`]).
const DROPS_PER_REQUEST: usize = requests::GRAPHS_PER_UPDATE;

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

    /// The store's graphs under the dataset's namespace, listed through its SPARQL `endpoint`.
    fn listed_graphs(&self, endpoint: &Endpoint) -> Result<BTreeSet<String>> {
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
        Ok(listed
            .rows
            .iter()
            .filter_map(|row| match row.get("g") {
                // The store's filter is not trusted: nothing outside the namespace is deleted.
                Some(Term::NamedNode(graph))
                    if graph.as_str().starts_with(&self.dataset_namespace) =>
                {
                    Some(graph.as_str().to_string())
                }
                _ => None,
            })
            .collect())
    }

    /// Of the store's graphs `listed`, those that `graphs` (the local store's, by their keys)
    /// do not name once pushed.
    fn stale(
        &self,
        listed: &BTreeSet<String>,
        graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    ) -> Vec<NamedNode> {
        listed
            .iter()
            .filter(|graph| {
                !graphs.contains_key(*graph) && self.default_graph_as.as_deref() != Some(graph)
            })
            .map(|graph| NamedNode::new_unchecked(graph.as_str()))
            .collect()
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
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            credentials_help(target.authorizer.is_anonymous())
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
