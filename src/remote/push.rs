//! `factgraph push`: the built dataset into any SPARQL 1.1 store, through the Graph Store
//! HTTP Protocol.
//!
//! Each graph is sent with `PUT` (replace), so sending a graph twice leaves the same content:
//! a push can be stopped anywhere and run again. A large graph goes as a `PUT` of its first
//! batch and `POST`s (append) of the rest; an interrupted graph is sent again from its `PUT`.
//! Graphs already sent are recorded in a progress file beside the store, named for the
//! endpoint and the snapshot's fingerprint, so a second run skips them; a complete push deletes
//! it. Blank nodes only occur in graphs sent whole by one `PUT`, so replacing never duplicates
//! them.

use super::auth::Authorizer;
use super::{USER_AGENT, network_error};
use anyhow::{Context, Result, anyhow, bail};
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Method, Request, StatusCode, Uri};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

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
}

/// What a push did.
#[derive(Debug, Default)]
pub struct Report {
    pub graphs_sent: usize,
    pub graphs_skipped: usize,
    pub triples_sent: usize,
    pub requests: usize,
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
    let digest = crate::inputs::hex(&<sha2::Sha256 as sha2::Digest>::digest(
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
    let client = oxhttp::Client::new()
        .with_global_timeout(target.timeout)
        .with_redirection_limit(3)
        .with_user_agent(USER_AGENT)
        .expect("the user agent is a valid header");
    let mut report = Report::default();
    let mut record = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(progress)
        .with_context(|| format!("cannot write the push progress file {}", progress.display()))?;
    for (index, (key, (graph, triples))) in graphs.iter().enumerate() {
        if done.contains(key) {
            report.graphs_skipped += 1;
            on_graph(index + 1, total);
            continue;
        }
        let address = target.graph_address(graph)?;
        // Blank nodes in two requests would be two nodes: such a graph goes in one request.
        let has_blank_nodes = triples
            .iter()
            .any(|t| t.subject.is_blank_node() || t.object.is_blank_node());
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
            send(target, &client, method, &address, body, key)?;
            report.requests += 1;
            report.triples_sent += chunk.len();
        }
        use std::io::Write;
        writeln!(record, "{key}")?;
        report.graphs_sent += 1;
        on_graph(index + 1, total);
    }
    drop(record);
    // Everything is there: the next push starts afresh (and finds the same content).
    let _ = fs::remove_file(progress);
    Ok(report)
}

impl Target {
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
/// names the graph and says what to do.
fn send(
    target: &Target,
    client: &oxhttp::Client,
    method: Method,
    address: &str,
    body: Vec<u8>,
    graph: &str,
) -> Result<()> {
    address
        .parse::<Uri>()
        .with_context(|| format!("`{address}` is not a valid URL"))?;
    let build = |authorization: Option<String>| {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(address)
            .header(CONTENT_TYPE, "application/n-triples");
        if let Some(header) = authorization {
            request = request.header(AUTHORIZATION, header);
        }
        request
            .body(body.clone())
            .expect("the address was checked above")
    };
    let response = target
        .authorizer
        .send(client, &method, address, build)
        .map_err(|e| network_error(&target.url, target.timeout, &e))?;
    let status = response.status();
    if status.is_success() {
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
    Err(anyhow!(
        "{}: answered HTTP {status} to {method} of graph <{graph}>{}\n  help: {help}",
        target.url,
        if excerpt.is_empty() {
            String::new()
        } else {
            format!(": {excerpt}")
        }
    ))
}
