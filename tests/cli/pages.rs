//! `factgraph serve`'s pages over a socket: a body too large to keep and a client that never
//! finishes, which only a connection shows. (What the entity and document pages, the Graph
//! Store Protocol and the web UI's files answer is tested on the handler itself in
//! `src/serve/tests/pages.rs`.)

use crate::common::{Project, Server, send};
use oxhttp::model::{Method, StatusCode};
use std::io::{Read, Write};

#[test]
fn a_huge_body_is_refused_and_a_client_that_never_finishes_blocks_no_one() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    // A 100 MB body: refused without being kept (oxhttp reads it to the end, then we answer).
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let size = 100 << 20;
        let head = format!(
            "POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
        );
        let chunk = vec![b' '; 1 << 20];
        let _ = writer.write_all(head.as_bytes());
        for _ in 0..100 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    sender.join().unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 413 "),
        "{}",
        answer.lines().next().unwrap_or_default()
    );
    // A client that sends half a request and waits.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nquery=",
    )
    .unwrap();
    let (status, _, body) = send(
        Method::GET,
        &server.at("/id/shusha"),
        &[("accept", "text/html")],
        "",
    );
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Shusha"));
    drop(slow);
}
