//! `factgraph push` and `query --endpoint` against a Graph Store stand-in on the loopback: an
//! in-memory store that speaks the Graph Store Protocol (at Fuseki's address layout, /kb/data),
//! runs SPARQL Update (/kb/update) and answers SPARQL queries over its graphs (/kb/sparql), asks
//! for digest credentials, and can be told to fail part-way.

use crate::common::{Project, free_port, wait_for_port};
use md5::{Digest, Md5};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

const REALM: &str = "SPARQL";
const NONCE: &str = "4f3e2d1c";

#[derive(Default)]
pub struct Graphs {
    /// Graph name (or "default") to its N-Triples lines.
    pub content: BTreeMap<String, BTreeSet<String>>,
    /// Graph Store and update requests answered (queries are not counted).
    pub requests: usize,
    /// Of those, SPARQL Update requests.
    pub updates: usize,
    /// Of those, the ones that empty graphs before filling them.
    pub clears: usize,
    /// Answer 500 to the request with this number (counting from 1), once.
    fail_at: Option<usize>,
    /// Answer 400 to any write of this graph.
    refuse_graph: Option<String>,
}

pub struct GraphStore {
    _server: oxhttp::ListeningServer,
    pub url: String,
    pub graphs: Arc<Mutex<Graphs>>,
}

fn hex_md5(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

/// Checks a digest `Authorization` header for dba/dba, as RFC 7616 computes it.
fn digest_is_valid(header: &str, method: &str) -> bool {
    let field = |name: &str| {
        let start = header.find(&format!("{name}="))? + name.len() + 1;
        let rest = header[start..].trim_start_matches('"');
        let end = rest.find(['"', ',']).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    };
    let (Some(uri), Some(nc), Some(cnonce), Some(response)) = (
        field("uri"),
        field("nc"),
        field("cnonce"),
        field("response"),
    ) else {
        return false;
    };
    let ha1 = hex_md5(&format!("dba:{REALM}:dba"));
    let ha2 = hex_md5(&format!("{method}:{uri}"));
    response == hex_md5(&format!("{ha1}:{NONCE}:{nc}:{cnonce}:auth:{ha2}"))
}

fn answer(status: StatusCode, body: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn handle(graphs: &Mutex<Graphs>, request: &mut Request<Body>) -> Response<Body> {
    let method = request.method().as_str().to_string();
    let authorized = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|h| h.starts_with("Digest ") && digest_is_valid(h, &method));
    if !authorized {
        let mut response = answer(StatusCode::UNAUTHORIZED, "");
        response.headers_mut().insert(
            "www-authenticate",
            format!("Digest realm=\"{REALM}\", nonce=\"{NONCE}\", qop=\"auth\", algorithm=\"MD5\"")
                .parse()
                .unwrap(),
        );
        return response;
    }
    let query = request.uri().query().unwrap_or("").to_string();
    let graph = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "graph" || k == "default")
        .map(|(k, v)| {
            if k == "default" {
                "default".to_string()
            } else {
                v.into_owned()
            }
        })
        .unwrap_or_default();
    let mut body = String::new();
    std::io::Read::read_to_string(request.body_mut(), &mut body).unwrap();
    if request.uri().path().ends_with("/sparql") {
        return evaluate(&graphs.lock().unwrap().content, &body);
    }
    let mut state = graphs.lock().unwrap();
    state.requests += 1;
    if state.fail_at == Some(state.requests) {
        state.fail_at = None;
        return answer(StatusCode::INTERNAL_SERVER_ERROR, "the disk is full");
    }
    if request.uri().path().ends_with("/update") {
        state.updates += 1;
        let update = form_urlencoded::parse(body.as_bytes())
            .find(|(k, _)| k == "update")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if update.starts_with("DELETE") {
            state.clears += 1;
        }
        if let Some(refused) = &state.refuse_graph
            && update.contains(&format!("<{refused}>"))
        {
            return answer(StatusCode::BAD_REQUEST, "this graph is not welcome");
        }
        return apply(&mut state.content, &update);
    }
    if state.refuse_graph.as_deref() == Some(graph.as_str()) {
        return answer(StatusCode::BAD_REQUEST, "this graph is not welcome");
    }
    let lines = body.lines().map(str::to_string);
    match *request.method() {
        Method::PUT => {
            state.content.insert(graph, lines.collect());
        }
        Method::POST => state.content.entry(graph).or_default().extend(lines),
        Method::DELETE => {
            return match state.content.remove(&graph) {
                Some(_) => answer(StatusCode::NO_CONTENT, ""),
                None => answer(StatusCode::NOT_FOUND, ""),
            };
        }
        _ => return answer(StatusCode::METHOD_NOT_ALLOWED, ""),
    }
    answer(StatusCode::CREATED, "")
}

/// Runs a SPARQL Update over `content`, as a store would.
fn apply(content: &mut BTreeMap<String, BTreeSet<String>>, update: &str) -> Response<Body> {
    use oxigraph::model::{GraphName, Triple};
    let store = store_of(content);
    if let Err(error) = store.update(update) {
        return answer(StatusCode::BAD_REQUEST, &error.to_string());
    }
    content.clear();
    for quad in store.iter() {
        let quad = quad.unwrap();
        let graph = match &quad.graph_name {
            GraphName::NamedNode(node) => node.as_str().to_string(),
            _ => "default".into(),
        };
        let triple = Triple::new(quad.subject, quad.predicate, quad.object);
        content
            .entry(graph)
            .or_default()
            .insert(format!("{triple} ."));
    }
    answer(StatusCode::OK, "")
}

/// `content` as an oxigraph store.
fn store_of(content: &BTreeMap<String, BTreeSet<String>>) -> oxigraph::store::Store {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{GraphName, NamedNode, Quad};
    let store = oxigraph::store::Store::new().unwrap();
    for (graph, lines) in content {
        let name = match graph.as_str() {
            "default" => GraphName::DefaultGraph,
            iri => NamedNode::new(iri).unwrap().into(),
        };
        let text = lines.iter().cloned().collect::<Vec<_>>().join("\n");
        for quad in RdfParser::from_format(RdfFormat::NTriples).for_slice(text.as_bytes()) {
            let quad = quad.unwrap();
            let quad = Quad::new(quad.subject, quad.predicate, quad.object, name.clone());
            store.insert(&quad).unwrap();
        }
    }
    store
}

/// Runs the SELECT query of a form-encoded `body` over `content`, answering SPARQL JSON.
fn evaluate(content: &BTreeMap<String, BTreeSet<String>>, body: &str) -> Response<Body> {
    use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    let query = form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "query")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let store = store_of(content);
    let Ok(QueryResults::Solutions(solutions)) = SparqlEvaluator::new()
        .parse_query(&query)
        .unwrap()
        .on_store(&store)
        .execute()
    else {
        return answer(StatusCode::BAD_REQUEST, "only SELECT queries here");
    };
    let mut serializer = QueryResultsSerializer::from_format(QueryResultsFormat::Json)
        .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
        .unwrap();
    for solution in solutions {
        serializer.serialize(&solution.unwrap()).unwrap();
    }
    let mut response = answer(StatusCode::OK, "");
    *response.body_mut() = Body::from(serializer.finish().unwrap());
    response.headers_mut().insert(
        "content-type",
        "application/sparql-results+json".parse().unwrap(),
    );
    response
}

impl GraphStore {
    pub fn start() -> Self {
        let graphs = Arc::new(Mutex::new(Graphs::default()));
        let port = free_port();
        let shared = graphs.clone();
        let server = oxhttp::Server::new(move |request| handle(&shared, request))
            .bind(([127, 0, 0, 1], port))
            .spawn()
            .expect("the stand-in listens");
        wait_for_port(port);
        Self {
            _server: server,
            url: format!("http://127.0.0.1:{port}/kb/data"),
            graphs,
        }
    }

    fn triples(&self) -> usize {
        self.graphs
            .lock()
            .unwrap()
            .content
            .values()
            .map(BTreeSet::len)
            .sum()
    }
}

/// The local store's graphs, as the stand-in keys them, with their triple counts.
pub fn local_graphs(project: &Project) -> BTreeMap<String, usize> {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::GraphName;
    let snapshot = project.snapshot().expect("a built store");
    let mut graphs = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&snapshot) {
        let quad = quad.unwrap();
        let graph = match quad.graph_name {
            GraphName::NamedNode(node) => node.into_string(),
            _ => "default".into(),
        };
        *graphs.entry(graph).or_insert(0) += 1;
    }
    graphs
}

pub fn push(project: &Project, store: &GraphStore, extra: &[&str]) -> crate::common::Run {
    push_as(project, store, "dba", extra)
}

/// `factgraph push` as user dba with `password`, by digest.
fn push_as(
    project: &Project,
    store: &GraphStore,
    password: &str,
    extra: &[&str],
) -> crate::common::Run {
    let output = std::process::Command::new(crate::common::BIN)
        .arg("--root")
        .arg(&project.root)
        .args(["push", "--endpoint", &store.url])
        .args(["--user", "dba", "--auth", "digest"])
        .args(extra)
        .env("FACTGRAPH_PASSWORD", password)
        .env_remove("FACTGRAPH_STORE")
        .output()
        .unwrap();
    crate::common::Run(output)
}

#[test]
fn a_push_sends_every_graph_with_digest_credentials_and_twice_changes_nothing() {
    let project = Project::copy().built();
    let local = local_graphs(&project);
    let mut contents = Vec::new();
    let ways = [
        &[][..],
        &["--graph-by-graph"][..],
        &["--connections", "4"][..],
    ];
    for way in ways {
        let store = GraphStore::start();
        push(&project, &store, &[&["--batch", "400"], way].concat()).success();
        let remote: BTreeMap<String, usize> = store
            .graphs
            .lock()
            .unwrap()
            .content
            .iter()
            .map(|(g, t)| (g.clone(), t.len()))
            .collect();
        let differences: Vec<_> = local
            .iter()
            .filter(|(graph, count)| remote.get(*graph) != Some(count))
            .map(|(graph, count)| format!("{graph}: {count} here, {:?} there", remote.get(graph)))
            .collect();
        assert!(differences.is_empty(), "{way:?}: {differences:?}");
        assert_eq!(remote.len(), local.len());
        let (requests, updates) = {
            let state = store.graphs.lock().unwrap();
            (state.requests, state.updates)
        };
        if way.contains(&"--graph-by-graph") {
            assert_eq!(updates, 0);
            assert!(requests >= local.len());
        } else {
            // Many graphs to a request: a claim's graph holds a few triples. The store had
            // none of them: nothing was emptied before it was filled.
            assert!(
                updates > 0 && requests * 10 < local.len(),
                "{requests} requests"
            );
            assert_eq!(store.graphs.lock().unwrap().clears, 0);
        }
        let before = store.graphs.lock().unwrap().content.clone();
        push(&project, &store, &[&["--batch", "400"], way].concat()).success();
        assert_eq!(store.graphs.lock().unwrap().content, before, "{way:?}");
        if !way.contains(&"--graph-by-graph") {
            // The second time, the graphs it holds are emptied first.
            assert!(store.graphs.lock().unwrap().clears > 0, "{way:?}");
        }
        contents.push(remote);
    }
    assert!(contents.iter().all(|content| *content == contents[0]));
}

#[test]
fn a_push_through_a_bulk_loader_needs_a_folder_and_a_graph_for_the_default_graph() {
    let project = Project::copy().built();
    let store = GraphStore::start();
    let folder = tempfile::tempdir().unwrap();
    let folder_path = folder.path().to_str().unwrap();
    let stderr = push(&project, &store, &["--bulk-load-dir", folder_path]).failure();
    assert!(stderr.contains("--default-graph-as"), "{stderr}");
    let graph = [
        "--default-graph-as",
        "https://w3id.org/factgraph/karabakh/graph/default",
    ];
    let missing = folder.path().join("missing");
    let stderr = push(
        &project,
        &store,
        &[&graph[..], &["--bulk-load-dir", missing.to_str().unwrap()]].concat(),
    )
    .failure();
    assert!(stderr.contains("no such folder"), "{stderr}");
    let file = folder.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let stderr = push(
        &project,
        &store,
        &[&graph[..], &["--bulk-load-dir", file.to_str().unwrap()]].concat(),
    )
    .failure();
    assert!(stderr.contains("is not a folder"), "{stderr}");
    let stderr = push(
        &project,
        &store,
        &["--bulk-load-dir", folder_path, "--graph-by-graph"],
    )
    .failure();
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    // Nothing was written to the store, nor left in the folder but the file put there.
    assert_eq!(store.triples(), 0);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn an_interrupted_push_goes_on_where_it_stopped_and_ends_with_the_same_content() {
    let project = Project::copy().built();
    let complete = GraphStore::start();
    push(&project, &complete, &[]).success();

    // Graph by graph: the second push sends exactly the graphs the first did not.
    let store = GraphStore::start();
    store.graphs.lock().unwrap().fail_at = Some(300);
    let stderr = push(&project, &store, &["--graph-by-graph"]).failure();
    assert!(stderr.contains("HTTP 500"), "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");
    let sent_before = store.graphs.lock().unwrap().requests;

    let run = push(&project, &store, &["--graph-by-graph"]);
    run.success();
    assert!(run.stderr().contains("skipped"), "{}", run.stderr());
    let resumed = store.graphs.lock().unwrap().requests - sent_before;
    let graphs = local_graphs(&project).len();
    assert_eq!(resumed, graphs - (sent_before - 1), "{graphs} graphs");
    assert_eq!(
        store.graphs.lock().unwrap().content,
        complete.graphs.lock().unwrap().content
    );

    // Many graphs to a request: a batch that failed is sent again, whole.
    let store = GraphStore::start();
    store.graphs.lock().unwrap().fail_at = Some(3);
    let stderr = push(&project, &store, &[]).failure();
    assert!(stderr.contains("HTTP 500"), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");
    let run = push(&project, &store, &[]);
    assert!(
        run.success().stderr().contains("skipped"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        store.graphs.lock().unwrap().content,
        complete.graphs.lock().unwrap().content
    );
}

#[test]
fn wrong_credentials_and_a_refused_graph_stop_with_a_reason() {
    let project = Project::copy().built();
    let store = GraphStore::start();
    let stderr = push_as(&project, &store, "not-the-password", &[]).failure();
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(stderr.contains("refused these credentials"), "{stderr}");
    assert_eq!(store.triples(), 0);

    let without = project.run(&["push", "--endpoint", &store.url]).failure();
    assert!(without.contains("wants credentials"), "{without}");

    let ontology = "https://w3id.org/factgraph/ontology";
    store.graphs.lock().unwrap().refuse_graph = Some(ontology.into());
    let stderr = push(&project, &store, &["--restart", "--graph-by-graph"]).failure();
    assert!(stderr.contains(&format!("graph <{ontology}>")), "{stderr}");
    assert!(stderr.contains("HTTP 400"), "{stderr}");
    // Many graphs to a request: the error says which request, and what the store answered.
    let claim = local_graphs(&project)
        .into_iter()
        .find(|(graph, triples)| graph.contains("/claim/") && *triples < 20)
        .expect("a claim's graph")
        .0;
    store.graphs.lock().unwrap().refuse_graph = Some(claim);
    let stderr = push(&project, &store, &["--restart"]).failure();
    assert!(stderr.contains("HTTP 400"), "{stderr}");
    assert!(stderr.contains("not welcome"), "{stderr}");
    assert!(stderr.contains("refused a SPARQL Update of"), "{stderr}");
}
