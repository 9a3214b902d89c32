//! What `serve` promises a hostile client: loopback only by default, and a timeout that holds
//! for a query that never reads the store while other clients are answered. (No outbound
//! request unless allowed, refused updates, body and row caps and path traversal are tested on
//! the handler itself in `src/serve/tests/`.)

use crate::common::{BIN, REPO, Server, send, wait_for_port};
use oxhttp::model::{Method, StatusCode};
use std::net::{IpAddr, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(server: &Server, query: &str) -> (StatusCode, String) {
    let (status, _, body) = crate::common::get(server, query, "*/*");
    (status, body)
}

/// An address of this machine other than loopback, if it has one. Connecting a UDP socket
/// sends nothing; it only picks the interface a packet would leave by.
fn outward_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let address = socket.local_addr().ok()?.ip();
    (!address.is_loopback() && !address.is_unspecified()).then_some(address)
}

#[test]
fn the_server_listens_on_loopback_only_unless_told_otherwise() {
    let default_port = 7878;
    assert!(
        TcpStream::connect(("127.0.0.1", default_port)).is_err(),
        "something already listens on port {default_port}; stop it to run this test"
    );
    let fixture = format!("{REPO}/tests/fixtures/wikidata.ttl");
    let mut child = Command::new(BIN)
        .args(["serve", "--quiet", "--data", &fixture])
        .stderr(Stdio::null())
        .spawn()
        .expect("factgraph serve starts");
    wait_for_port(default_port);
    let outward = outward_address().map(|ip| TcpStream::connect((ip, default_port)));
    let _ = child.kill();
    let _ = child.wait();
    if let Some(connection) = outward {
        assert!(
            connection.is_err(),
            "the server answered on a non-loopback address"
        );
    }
}

/// Four `VALUES` of 100 numbers: 100 million combinations (over ten seconds of work), all
/// computed from rows the query already holds, so oxigraph never reaches a cancellation check.
pub(crate) fn never_reads_the_store() -> String {
    let numbers: Vec<String> = (0..100).map(|n| n.to_string()).collect();
    let values = numbers.join(" ");
    format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} VALUES ?d {{ {values} }} }}"
    )
}

#[test]
fn a_query_that_never_reads_the_store_gets_503_at_its_timeout_while_others_are_answered() {
    let server = std::sync::Arc::new(Server::files(
        &["tests/fixtures/wikidata.ttl"],
        &["--timeout", "1"],
    ));
    let heavy = {
        let server = server.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let (status, body) = get(&server, &never_reads_the_store());
            (status, body, started.elapsed())
        })
    };
    // Small queries until the heavy one is answered, which is not before its 1 s timeout:
    // however soon or late it starts, some of them are answered while it runs.
    let mut answered_meanwhile = 0;
    while !heavy.is_finished() {
        let (status, body) = get(&server, "ASK { ?s ?p ?o }");
        assert_eq!(status, StatusCode::OK, "{body}");
        if !heavy.is_finished() {
            answered_meanwhile += 1;
        }
    }
    assert!(answered_meanwhile > 0, "no query was answered meanwhile");
    let (status, body, elapsed) = heavy.join().unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("longer than 1 s"), "{body}");
    assert!(
        elapsed < Duration::from_secs(5),
        "answered after {elapsed:?}"
    );

    // Six more at once: each is answered at its timeout, and while all seven run on, a small
    // query is still answered (one address may have eight queries running at once).
    let many = |count: usize| -> Vec<(StatusCode, String)> {
        let handles: Vec<_> = (0..count)
            .map(|_| {
                let server = server.clone();
                std::thread::spawn(move || get(&server, &never_reads_the_store()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    };
    let answers = many(6);
    assert!(
        answers
            .iter()
            .all(|(status, body)| *status == StatusCode::SERVICE_UNAVAILABLE
                && body.contains("longer than 1 s")),
        "{answers:?}"
    );
    let (status, body) = get(&server, "ASK { ?s ?p ?o }");
    assert_eq!(status, StatusCode::OK, "{body}");

    // Past the bound on one address's queries, new queries are refused at once with a reason
    // (the bound on late queries of all addresses is held by `serve::workers`' unit tests), and
    // pages are still served.
    let answers = many(16);
    let (status, body) = get(&server, "ASK { ?s ?p ?o }");
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{body} {answers:?}"
    );
    assert!(body.contains("still stopping"), "{body}");
    let (status, _, body) = send(Method::GET, &server.at("/"), &[], "");
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Sends `head`, then one byte of body every 100 ms from another thread until the server
/// closes the connection; returns the answer's status line and how long it took.
fn drip(server: &Server, head: &str) -> (String, Duration) {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    writer.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let dripping = std::thread::spawn(move || {
        for _ in 0..300 {
            // Not a wait: the pace of a slow client, the behaviour under test.
            std::thread::sleep(Duration::from_millis(100));
            if writer.write_all(b" ").is_err() {
                return;
            }
        }
    });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let elapsed = started.elapsed();
    drop(stream);
    dripping.join().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    (
        answer.lines().next().unwrap_or_default().to_string(),
        elapsed,
    )
}

#[test]
fn a_client_that_sends_its_body_slowly_is_answered_and_let_go() {
    let server = Server::files(&["tests/fixtures/wikidata.ttl"], &["--client-timeout", "1"]);
    // A query body announced at 20 kB and sent a byte at a time: 408 after a second.
    let (status, elapsed) = drip(
        &server,
        "POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\nContent-Length: 20000\r\n\r\n",
    );
    assert!(status.contains(" 408 "), "{status}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    // A GET whose body never ends: answered, and the connection closed soon after, instead of
    // the server reading the rest for as long as the client sends.
    let (status, elapsed) = drip(
        &server,
        "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20000\r\n\r\n",
    );
    assert!(status.contains(" 200 "), "{status}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}
