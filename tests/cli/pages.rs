//! `factgraph serve` beyond the protocol: entity and document pages, the Graph Store Protocol,
//! the web UI's files, and requests that name nothing or never finish.

use crate::common::{Project, Server};
use crate::serve::send;
use oxhttp::model::{Method, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::io::{Read, Write};

fn page(server: &Server, path: &str, accept: &str) -> (StatusCode, String, String) {
    send(Method::GET, &server.at(path), &[("accept", accept)], "")
}

fn parse(format: RdfFormat, body: &str) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The text of every `<mark class="claim current">`, joined, with the markup's escapes undone.
fn current_marks(html: &str) -> String {
    let mut text = String::new();
    for piece in html.split("<mark class=\"claim current\"").skip(1) {
        let inner = &piece[piece.find('>').unwrap() + 1..piece.find("</mark>").unwrap()];
        text.push_str(inner);
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn an_entity_page_groups_claims_by_source_and_each_quote_leads_to_its_highlighted_span() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    let (status, content_type, html) = page(&server, "/id/shusha", "text/html");
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("<h1>Shusha</h1>"));
    assert!(html.contains("Also written: Shushi"));
    assert!(html.contains("href=\"http://dbpedia.org/resource/Shusha\""));
    assert!(html.contains("<section class=\"source\">"));

    // Every quote link: the document page marks exactly that quote as current.
    let links: Vec<&str> = html
        .split("class=\"quote\" href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(links.len() >= 3, "{html}");
    for link in links {
        let claim = link
            .split("?claim=")
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap();
        let quote = project
            .run(&[
                "query",
                "--format",
                "json",
                &format!("SELECT ?q WHERE {{ claim:{claim} fg:quote ?q }}"),
            ])
            .column("q")
            .remove(0);
        let (status, _, document) = page(&server, link, "text/html");
        assert_eq!(status, StatusCode::OK, "{link}");
        assert_eq!(current_marks(&document), quote, "{link}");
        assert!(document.contains(&format!("id=\"claim-{claim}\"")));
    }
}

#[test]
fn an_entity_is_rdf_for_programs_and_unknown_ones_are_not_found() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    let (status, content_type, turtle) = page(&server, "/id/shusha", "text/turtle");
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/turtle"));
    let quads = parse(RdfFormat::Turtle, &turtle);
    let has = |quads: &[Quad], needle: &str| quads.iter().any(|q| q.to_string().contains(needle));
    assert!(has(
        &quads,
        "<http://www.w3.org/2000/01/rdf-schema#label> \"Shusha\"@en"
    ));
    // Claims come with their provenance, never as bare facts alone.
    assert!(has(&quads, "<https://w3id.org/factgraph/ontology#quote>"));
    assert!(has(&quads, "<https://w3id.org/factgraph/ontology#inClaim>"));
    let (status, _, json_ld) = page(&server, "/id/shusha", "application/ld+json");
    assert_eq!(status, StatusCode::OK);
    let quads = parse(
        RdfFormat::JsonLd {
            profile: Default::default(),
        },
        &json_ld,
    );
    assert!(has(&quads, "\"Shusha\"@en"));

    assert_eq!(
        page(&server, "/id/no-such-entity", "text/html").0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&server, "/id/shusha", "image/png").0,
        StatusCode::NOT_ACCEPTABLE
    );
    assert_eq!(
        page(&server, "/doc/no-such-document", "text/html").0,
        StatusCode::NOT_FOUND
    );
    let (status, _, message) = page(&server, "/id/shu%ZZsha", "text/html");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("percent-escape"), "{message}");
    // Percent-escapes are decoded: the same entity.
    assert_eq!(page(&server, "/id/shu%73ha", "text/html").0, StatusCode::OK);
}

#[test]
fn the_graph_store_protocol_reads_one_graph() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    let claim = "https://w3id.org/factgraph/karabakh/claim/004-shusha-located-in";
    let (status, _, body) = page(
        &server,
        &format!(
            "/store?graph={}",
            form_urlencoded::byte_serialize(claim.as_bytes()).collect::<String>()
        ),
        "application/n-triples",
    );
    assert_eq!(status, StatusCode::OK);
    let triples = parse(RdfFormat::NTriples, &body);
    let expected = project
        .run(&[
            "query",
            "--format",
            "json",
            &format!("SELECT * WHERE {{ GRAPH <{claim}> {{ ?s ?p ?o }} }}"),
        ])
        .column("s")
        .len();
    assert_eq!(triples.len(), expected);
    assert_eq!(triples.len(), 1);

    let (status, _, body) = page(&server, "/store?default", "text/turtle");
    assert_eq!(status, StatusCode::OK);
    assert!(parse(RdfFormat::Turtle, &body).len() > 1000);
    assert_eq!(
        page(
            &server,
            "/store?graph=http%3A%2F%2Fexample.org%2Fnone",
            "*/*"
        )
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(page(&server, "/store", "*/*").0, StatusCode::BAD_REQUEST);
}

#[test]
fn the_web_ui_is_served_from_the_binary_with_the_projects_canned_queries() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    let (status, content_type, html) = page(&server, "/", "text/html");
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("<textarea id=\"editor\""));
    assert!(html.contains("src=\"/ui/app.js\""));
    let (status, content_type, script) = page(&server, "/ui/app.js", "*/*");
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/javascript"));
    assert!(script.contains("/api/queries"));
    let (_, _, queries) = page(&server, "/api/queries", "application/json");
    let queries: serde_json::Value = serde_json::from_str(&queries).unwrap();
    let names: Vec<&str> = queries
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    let on_disk = std::fs::read_dir(project.path("queries")).unwrap().count();
    assert_eq!(names.len(), on_disk);
    assert!(names.contains(&"timeline") && names.contains(&"disputes"));
}

/// Sends raw bytes and returns the status line, for requests a client library would fix up.
fn raw(server: &Server, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_string()
}

#[test]
fn paths_that_climb_out_name_nothing_and_a_client_that_never_finishes_blocks_no_one() {
    let project = Project::copy();
    let server = Server::project(&project, &[]);
    for path in [
        "/doc/../../etc/passwd",
        "/id/..%2F..%2Fetc%2Fpasswd",
        "/ui/../../Cargo.toml",
    ] {
        let status = raw(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        );
        assert!(status.contains(" 404 "), "{path}: {status}");
    }
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
    // A broken percent-escape in the query string is a bad query, not a crash.
    let status = raw(
        &server,
        "GET /sparql?query=SELECT%20*%20WHERE%20%7B%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains(" 400 "), "{status}");
    // A client that sends half a request and waits.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nquery=",
    )
    .unwrap();
    let (status, _, body) = page(&server, "/id/shusha", "text/html");
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Shusha"));
    drop(slow);
}
