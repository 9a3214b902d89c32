//! `serve` against hostile clients (issue 22), where a process or a socket is what is tested:
//! flags refused out of range, pipelined requests, and slow or numerous connections that must
//! not lock out other clients. (What a route answers, within --max-rows, with links only to
//! web addresses, refusing queries that are not UTF-8, is tested on the handler itself in
//! `src/serve/tests/`.)

use crate::common::{BIN, REPO, Server, get};
use oxhttp::model::StatusCode;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn durations_and_sizes_out_of_range_are_refused_at_start_with_the_range() {
    let folder = tempfile::tempdir().unwrap();
    // Refused before the data is read: any file will do.
    let data = format!("{REPO}/tests/fixtures/wikidata.ttl");
    let cases: [(&[&str], &str); 6] = [
        (&["serve", "--timeout", "18446744073709551615"], "1..=86400"),
        (&["serve", "--timeout", "0"], "1..=86400"),
        (&["serve", "--client-timeout", "0"], "1..=3600"),
        (&["serve", "--max-rows", "0"], "1..=100000000"),
        (&["serve", "--max-body-bytes", "0"], "1..=1073741824"),
        (&["query", "--service-timeout", "0", "ASK {}"], "1..=86400"),
    ];
    for (args, range) in cases {
        let mut command = Command::new(BIN);
        command.args(args).current_dir(folder.path());
        if args[0] == "serve" {
            command.args(["--bind", "127.0.0.1:0", "--data", &data]);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(range), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// Writes `request` on a new connection and reads until the server closes it.
fn exchange(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let server = Server::files(&["tests/fixtures/wikidata.ttl"], &["--client-timeout", "3"]);
    let ask = |answer: &str| {
        let query: String = form_urlencoded::byte_serialize(
            format!("ASK {{ wd:Q9248 rdfs:label \"{answer}\"@en }}").as_bytes(),
        )
        .collect();
        format!("GET /sparql?query={query} HTTP/1.1\r\nhost: x\r\naccept: text/csv\r\n")
    };
    let both = format!(
        "{}\r\n{}connection: close\r\n\r\n",
        ask("Baku"),
        ask("Paris")
    );
    let started = Instant::now();
    let answers = exchange(&server, both.as_bytes());
    let parts: Vec<&str> = answers.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(parts.len(), 2, "{answers}");
    assert!(
        parts[0].starts_with("200") && parts[0].trim_end().ends_with("true"),
        "{answers}"
    );
    assert!(
        parts[1].starts_with("200") && parts[1].trim_end().ends_with("false"),
        "{answers}"
    );
    assert!(started.elapsed() < Duration::from_secs(3), "{answers}");
}

#[test]
fn a_head_sent_a_byte_at_a_time_is_cut_at_the_client_timeout() {
    let server = Server::files(&["tests/fixtures/wikidata.ttl"], &["--client-timeout", "1"]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    // Never silent for the 1 s a read may wait: only a bound on the whole head stops it.
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let head = b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nx-padding: ";
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut sent = 0;
    while started.elapsed() < Duration::from_secs(8) {
        let byte = head.get(sent).copied().unwrap_or(b'a');
        if stream.write_all(&[byte]).is_err() {
            break;
        }
        sent += 1;
        let mut buffer = [0; 1024];
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => answer.extend_from_slice(&buffer[..read]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "after {sent} bytes: {answer}"
    );
    assert!(answer.contains("--client-timeout"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

/// The raw answer to `ASK {}` sent from 127.0.0.2, read within 5 s.
fn ask_from_another_address(port: u16) -> String {
    let mut other = connect_from(Ipv4Addr::new(127, 0, 0, 2), port);
    other
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    other
        .write_all(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = other.read_to_string(&mut answer);
    answer
}

/// A connection to `port` from `local`, another loopback address than the usual one.
fn connect_from(local: Ipv4Addr, port: u16) -> TcpStream {
    use rustix::net::{AddressFamily, SocketType, bind, connect, socket};
    let socket = socket(AddressFamily::INET, SocketType::STREAM, None).unwrap();
    bind(&socket, &SocketAddr::from((local, 0))).unwrap();
    connect(&socket, &SocketAddr::from(([127, 0, 0, 1], port))).unwrap();
    TcpStream::from(socket)
}

#[test]
fn many_silent_connections_from_one_address_do_not_lock_out_another() {
    let server = Server::files(
        &["tests/fixtures/wikidata.ttl"],
        &["--client-timeout", "10"],
    );
    // More than oxhttp's 128 threads and than this server's limit per client: each starts a
    // request and stays silent.
    let silent: Vec<TcpStream> = (0..140)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            stream
        })
        .collect();
    // The last ones are over the limit for 127.0.0.1: told so at once, not left waiting.
    let mut last = silent.last().unwrap();
    last.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut refusal = String::new();
    let _ = last.read_to_string(&mut refusal);
    assert!(refusal.starts_with("HTTP/1.1 503"), "{refusal}");
    assert!(refusal.contains("limit per client"), "{refusal}");

    let started = Instant::now();
    let answer = ask_from_another_address(server.port);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(silent);
}

const JSON: &str = "application/sparql-results+json";

#[test]
fn one_address_with_all_its_queries_running_leaves_the_others_served() {
    let server = std::sync::Arc::new(Server::files(
        &["tests/fixtures/wikidata.ttl"],
        &["--timeout", "1"],
    ));
    // Queries of some 10 s of work each from 127.0.0.1, one more each time a small query of
    // the same address is still answered: they outlive their 1 s timeout, so they hold their
    // places for seconds, and once eight run (the most one address may have) the address is
    // refused. (A small query holds a place for a moment too, so a slow one may be refused
    // meanwhile: hence one more each round, not eight at once.)
    let spawn_slow = || {
        let server = server.clone();
        std::thread::spawn(move || get(&server, &crate::security::never_reads_the_store(), JSON))
    };
    let mut slow = Vec::new();
    let refusal = loop {
        let (status, _, body) = get(&server, "ASK {}", JSON);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            break body;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(
            slow.len() < 64,
            "127.0.0.1 was never refused while its slow queries ran"
        );
        slow.push(spawn_slow());
    };
    assert!(
        refusal.contains("the most one address may have"),
        "{refusal}"
    );
    // Another address is still answered, at once.
    let answer = ask_from_another_address(server.port);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for handle in slow {
        let (status, _, body) = handle.join().unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    }
}
