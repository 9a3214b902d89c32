//! The remote side, hardened: a push leaves the store with the local dataset and nothing of it
//! that the local store no longer has; every remote call ends within its timeout, however slowly
//! the other side sends.

use crate::common::{BIN, Project, wait_until};
use crate::push::{GraphStore, local_graphs, push};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const OLD_CLAIM: &str = "https://w3id.org/factgraph/karabakh/claim/003-khojaly-massacre-count";
const NEW_CLAIM: &str = "https://w3id.org/factgraph/karabakh/claim/003-khojaly-massacre-women";
/// Graphs of others on the same store: outside the dataset's namespace, never deleted.
const THEIRS: &[&str] = &[
    "http://example.org/their-graph",
    "https://w3id.org/factgraph/another-dataset/claim/003-khojaly-massacre-count",
];

fn remote_graphs(store: &GraphStore) -> BTreeSet<String> {
    store
        .graphs
        .lock()
        .unwrap()
        .content
        .keys()
        .cloned()
        .collect()
}

fn rename_the_claim(project: &Project, from: &str, to: &str) {
    let file = "data/facts/003_898eee803d7ca7f3.toml";
    let text = project.read(file);
    let old = format!("id = \"{from}\"");
    assert!(text.contains(&old), "{file} has no claim {from}");
    project.write(file, &text.replace(&old, &format!("id = \"{to}\"")));
}

#[test]
fn a_push_deletes_the_graphs_the_local_store_no_longer_has_and_nothing_of_others() {
    let project = Project::copy().built();
    let store = GraphStore::start();
    {
        let mut graphs = store.graphs.lock().unwrap();
        for graph in THEIRS {
            let triple = format!("<{graph}> <http://example.org/p> \"kept\" .");
            graphs
                .content
                .insert(graph.to_string(), BTreeSet::from([triple]));
        }
        // A graph of this dataset that no push of this project sent (an older clone's, say).
        let stray = "https://w3id.org/factgraph/karabakh/claim/000-stray";
        let triple = format!("<{stray}> <http://example.org/p> \"stale\" .");
        graphs
            .content
            .insert(stray.to_string(), BTreeSet::from([triple]));
    }
    let first = push(&project, &store, &[]);
    first.success();
    assert!(
        first.stderr().contains("deleted 1 graphs"),
        "{}",
        first.stderr()
    );
    let mut expected: BTreeSet<String> = local_graphs(&project).into_keys().collect();
    expected.extend(THEIRS.iter().map(|g| g.to_string()));
    assert_eq!(remote_graphs(&store), expected);
    assert!(remote_graphs(&store).contains(OLD_CLAIM));

    // The claim renamed: the push (which builds first) sends the new graph, deletes the old.
    rename_the_claim(&project, "khojaly-massacre-count", "khojaly-massacre-women");
    let second = push(&project, &store, &[]);
    second.success();
    assert!(
        second.stderr().contains("deleted 1 graphs"),
        "{}",
        second.stderr()
    );
    let remote = remote_graphs(&store);
    assert!(!remote.contains(OLD_CLAIM), "the old claim's graph is left");
    assert!(remote.contains(NEW_CLAIM));
    let mut expected: BTreeSet<String> = local_graphs(&project).into_keys().collect();
    expected.extend(THEIRS.iter().map(|g| g.to_string()));
    assert_eq!(remote, expected);

    // --no-delete keeps the graph of the claim renamed again.
    rename_the_claim(&project, "khojaly-massacre-women", "khojaly-massacre-count");
    push(&project, &store, &["--no-delete"]).success();
    let remote = remote_graphs(&store);
    assert!(remote.contains(OLD_CLAIM) && remote.contains(NEW_CLAIM));
    // And the next push without it deletes it.
    push(&project, &store, &[]).success();
    assert!(!remote_graphs(&store).contains(NEW_CLAIM));
}

#[test]
fn a_push_to_a_store_of_unknown_layout_needs_its_query_address_or_no_delete() {
    let project = Project::copy().built();
    let store = GraphStore::start();
    let unknown = store.url.replace("/kb/data", "/kb/gsp");
    let run = |extra: &[&str]| {
        let output = Command::new(BIN)
            .arg("--root")
            .arg(&project.root)
            .args(["push", "--endpoint", &unknown])
            .args(["--user", "dba", "--auth", "digest"])
            .args(extra)
            .env("FACTGRAPH_PASSWORD", "dba")
            .env_remove("FACTGRAPH_STORE")
            .output()
            .unwrap();
        crate::common::Run(output)
    };
    let message = run(&[]).failure();
    assert!(message.contains("--query-endpoint"), "{message}");
    assert!(message.contains("--no-delete"), "{message}");
    assert_eq!(
        store.graphs.lock().unwrap().requests,
        0,
        "sent before asking"
    );
    let query = store.url.replace("/kb/data", "/kb/sparql");
    run(&["--query-endpoint", &query]).success();
    assert!(remote_graphs(&store).contains(OLD_CLAIM));
}

/// A server on the loopback that answers every connection with `head` at once, then one byte
/// of `drip` every 200 ms, for as long as the client stays.
fn trickling(head: &'static str, drip: u8) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = [0; 4096];
                let _ = stream.read(&mut request);
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                while stream.write_all(&[drip]).is_ok() {
                    // Not a wait: the pace of a slow endpoint, the behaviour under test.
                    std::thread::sleep(Duration::from_millis(200));
                }
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// Waits for `child` to exit by itself, up to 60 s (it never does without a deadline over the
/// whole exchange), and returns its standard error.
fn ended_by_itself(mut child: Child, what: &str) -> String {
    if !wait_until(Duration::from_secs(60), || {
        child.try_wait().unwrap().is_some()
    }) {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{what} still ran after 60 s against a server that sends a byte every 200 ms");
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success(), "{what} succeeded");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_remote_call_ends_within_its_timeout_however_slowly_the_endpoint_sends() {
    let project = Project::copy().built();
    // The answer's head at once and its body forever (JSON allows any run of spaces; the
    // length announced is more than it will ever send), or a head that never ends.
    let slow_body = trickling(
        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 1000000000000\r\n\r\n{\"head\":{\"vars\":[\"item\"]},\"results\":{\"bindings\":[",
        b' ',
    );
    let slow_head = trickling("HTTP/1.1 200 OK\r\nX-Padding: ", b'a');
    let service = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?item ?p ?o } }"
        .to_string();
    let map = |url: &str| format!("https://query.wikidata.org/sparql={url}/sparql");
    let start = |args: Vec<String>| {
        Command::new(BIN)
            .arg("--root")
            .arg(&project.root)
            .args(&args)
            .env_remove("FACTGRAPH_STORE")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let body_url = format!("{slow_body}/sparql");
    let head_url = format!("{slow_head}/sparql");
    let push_url = format!("{slow_body}/kb/data");
    let runs = [
        (
            "query with SERVICE",
            owned(&[
                "query",
                "--service-timeout",
                "1",
                "--service-map",
                &map(&slow_body),
                &service,
            ]),
        ),
        (
            "query with SERVICE, slow head",
            owned(&[
                "query",
                "--service-timeout",
                "1",
                "--service-map",
                &map(&slow_head),
                &service,
            ]),
        ),
        (
            "query --endpoint",
            owned(&[
                "query",
                "--service-timeout",
                "1",
                "--endpoint",
                &body_url,
                "SELECT * WHERE { ?item ?p ?o }",
            ]),
        ),
        (
            "link --endpoint",
            owned(&[
                "link",
                "--endpoint",
                &head_url,
                "--entity",
                "shusha",
                "--delay",
                "0",
                "--timeout",
                "1",
            ]),
        ),
        (
            "push",
            owned(&["push", "--timeout", "1", "--endpoint", &push_url]),
        ),
    ];
    // All at once: each should take about a second.
    let children: Vec<_> = runs
        .into_iter()
        .map(|(what, args)| (what, start(args)))
        .collect();
    for (what, child) in children {
        let message = ended_by_itself(child, what);
        assert!(
            message.contains("did not answer within 1 s"),
            "{what}: {message}"
        );
    }
}
