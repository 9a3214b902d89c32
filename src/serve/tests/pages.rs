//! The routes beyond `/sparql`: entity and document pages, the Graph Store Protocol, the web
//! UI's files, and paths that name nothing (moved from `tests/cli/pages.rs`,
//! `hardening_http.rs`, `coverage.rs` and `project.rs`, where each started a server).

use super::{Handler, Project, Settings, files, get, page, send};
use crate::query::{self, QueryText};
use oxhttp::model::{Method, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::path::Path;

fn parse(format: RdfFormat, body: &str) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The values of `variable` in the answer to `text` over `store`, as `factgraph query` gives
/// them (the bundled corpus's prefixes).
fn column(store: &Store, text: &str, variable: &str) -> Vec<String> {
    let ns = crate::vocab::Namespaces::karabakh();
    let text = QueryText {
        text: text.into(),
        origin: "query".into(),
    };
    let prepared = query::prepare(&ns, &text).expect("a valid query");
    let QueryResults::Solutions(solutions) =
        query::execute(store, &text, prepared, &[]).expect("the query runs")
    else {
        panic!("not a SELECT")
    };
    solutions
        .map(|s| s.expect("a solution"))
        .filter_map(|s| s.get(variable).map(term_value))
        .collect()
}

/// A term's value as SPARQL JSON results give it: an IRI's text, a literal's lexical form.
fn term_value(term: &oxigraph::model::Term) -> String {
    match term {
        oxigraph::model::Term::NamedNode(n) => n.as_str().to_string(),
        oxigraph::model::Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
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
    let store = project.store();
    let handler = Handler::for_store(store.clone(), project.settings());
    let answer = page(&handler, "/id/shusha", "text/html");
    let html = answer.body;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/html"));
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
        let quote = column(
            &store,
            &format!("SELECT ?q WHERE {{ claim:{claim} fg:quote ?q }}"),
            "q",
        )
        .remove(0);
        // The link is a path with a query and a fragment: a client sends no fragment.
        let target = link.split('#').next().unwrap();
        let document = page(&handler, target, "text/html");
        assert_eq!(document.status, StatusCode::OK, "{link}");
        assert_eq!(current_marks(&document.body), quote, "{link}");
        assert!(document.body.contains(&format!("id=\"claim-{claim}\"")));
    }
}

/// A figure on an entity page says what the claim says: its hedge and the group counted.
#[test]
fn an_entity_page_words_figures_with_their_hedge_and_group() {
    let project = Project::copy();
    let handler = project.serve();
    let html = page(&handler, "/id/khojaly-massacre", "text/html").body;
    for figure in [
        "<b>killed</b> about 200",
        "<b>killed</b> 106 women",
        "<b>killed</b> 70 old men",
    ] {
        assert!(html.contains(figure), "no {figure:?} in {html}");
    }
}

#[test]
fn the_index_pages_list_entities_by_type_and_documents_by_title() {
    let project = Project::copy();
    let handler = project.serve();
    let entities = page(&handler, "/id/", "text/html");
    assert_eq!(entities.status, StatusCode::OK);
    assert!(
        entities.body.contains("<h2>Massacre ("),
        "{}",
        entities.body
    );
    assert!(
        entities
            .body
            .contains("<a href=\"/id/khojaly-massacre\">Khojaly massacre</a>")
    );
    let listed = entities.body.matches("<li><a href=\"/id/").count();
    assert!(listed > 300, "{listed}");

    // ?q keeps the entities whose label, slug or alias holds the text, in any case.
    let found = page(&handler, "/id/?q=KOCAELI", "text/html").body;
    assert!(
        found.contains("2 entities whose name or alias holds"),
        "{found}"
    );
    assert!(
        found.contains(">Khojaly massacre<") && found.contains(">Khojaly<"),
        "{found}"
    );
    let none = page(&handler, "/id/?q=%3Cscript%3E", "text/html").body;
    assert!(
        none.contains("0 entities") && none.contains("&lt;script&gt;"),
        "{none}"
    );

    let documents = page(&handler, "/doc/", "text/html");
    assert_eq!(documents.status, StatusCode::OK);
    assert!(documents.body.contains("5 documents"));
    assert!(documents.body.contains("<a href=\"/doc/003_898eee803d7ca7f3\">003_898eee803d7ca7f3</a></td><td>Azerbaijan and Karabakh: the history behind the ethnic cleansing accusations</td><td>Fair Observer</td>"), "{}", documents.body);
}

#[test]
fn an_entity_is_rdf_for_programs_and_unknown_ones_are_not_found() {
    let handler = Project::copy().serve();
    let answer = page(&handler, "/id/shusha", "text/turtle");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/turtle"));
    let quads = parse(RdfFormat::Turtle, &answer.body);
    let has = |quads: &[Quad], needle: &str| quads.iter().any(|q| q.to_string().contains(needle));
    assert!(has(
        &quads,
        "<http://www.w3.org/2000/01/rdf-schema#label> \"Shusha\"@en"
    ));
    // Claims come with their provenance, never as bare facts alone.
    assert!(has(&quads, "<https://w3id.org/factgraph/ontology#quote>"));
    assert!(has(&quads, "<https://w3id.org/factgraph/ontology#inClaim>"));
    let answer = page(&handler, "/id/shusha", "application/ld+json");
    assert_eq!(answer.status, StatusCode::OK);
    let quads = parse(
        RdfFormat::JsonLd {
            profile: Default::default(),
        },
        &answer.body,
    );
    assert!(has(&quads, "\"Shusha\"@en"));

    assert_eq!(
        page(&handler, "/id/no-such-entity", "text/html").status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&handler, "/id/shusha", "image/png").status,
        StatusCode::NOT_ACCEPTABLE
    );
    assert_eq!(
        page(&handler, "/doc/no-such-document", "text/html").status,
        StatusCode::NOT_FOUND
    );
    let answer = page(&handler, "/id/shu%ZZsha", "text/html");
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("percent-escape"), "{}", answer.body);
    // Percent-escapes are decoded: the same entity.
    assert_eq!(
        page(&handler, "/id/shu%73ha", "text/html").status,
        StatusCode::OK
    );
}

#[test]
fn the_graph_store_protocol_reads_one_graph() {
    let project = Project::copy();
    let store = project.store();
    let handler = Handler::for_store(store.clone(), project.settings());
    let claim = "https://w3id.org/factgraph/karabakh/claim/004-shusha-located-in";
    let answer = page(
        &handler,
        &format!(
            "/store?graph={}",
            form_urlencoded::byte_serialize(claim.as_bytes()).collect::<String>()
        ),
        "application/n-triples",
    );
    assert_eq!(answer.status, StatusCode::OK);
    let triples = parse(RdfFormat::NTriples, &answer.body);
    let expected = column(
        &store,
        &format!("SELECT * WHERE {{ GRAPH <{claim}> {{ ?s ?p ?o }} }}"),
        "s",
    )
    .len();
    assert_eq!(triples.len(), expected);
    assert_eq!(triples.len(), 1);

    let answer = page(&handler, "/store?default", "text/turtle");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(parse(RdfFormat::Turtle, &answer.body).len() > 1000);
    assert_eq!(
        page(
            &handler,
            "/store?graph=http%3A%2F%2Fexample.org%2Fnone",
            "*/*"
        )
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&handler, "/store", "*/*").status,
        StatusCode::BAD_REQUEST
    );
}

#[test]
fn the_web_ui_is_served_from_the_binary_with_the_projects_canned_queries() {
    let project = Project::copy();
    let handler = project.serve();
    let answer = page(&handler, "/", "text/html");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/html"));
    assert!(answer.body.contains("<textarea id=\"editor\""));
    assert!(answer.body.contains("src=\"/ui/app.js\""));
    let answer = page(&handler, "/ui/app.js", "*/*");
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/javascript"));
    assert!(answer.body.contains("/api/queries"));
    let answer = page(&handler, "/api/queries", "application/json");
    let queries: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
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

/// (The other half of the test this was, a 100 MB body and a client that never finishes, needs
/// a socket: `tests/cli/pages.rs`.)
#[test]
fn paths_that_climb_out_name_nothing_and_a_broken_escape_is_a_bad_query() {
    let handler = Project::copy().serve();
    // Targets sent as they are: a client library would have removed the `..`.
    for path in [
        "/doc/../../etc/passwd",
        "/id/..%2F..%2Fetc%2Fpasswd",
        "/ui/../../Cargo.toml",
    ] {
        let answer = send(&handler, Method::GET, path, &[("host", "localhost")], "");
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            answer.body
        );
    }
    // A broken percent-escape in the query string is a bad query, not a crash.
    let answer = send(
        &handler,
        Method::GET,
        "/sparql?query=SELECT%20*%20WHERE%20%7B%ZZ",
        &[("host", "localhost")],
        "",
    );
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
}

/// An entity with ten triples of its own and three claims about it, stated in one document,
/// and two owl:sameAs: one to a web address, one to a script.
fn dataset(folder: &Path) -> String {
    let mut trig = String::from(
        "@prefix kb: <https://w3id.org/factgraph/karabakh/id/> .\n\
         @prefix doc: <https://w3id.org/factgraph/karabakh/doc/> .\n\
         @prefix claim: <https://w3id.org/factgraph/karabakh/claim/> .\n\
         @prefix fg: <https://w3id.org/factgraph/ontology#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         @prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
         kb:shusha rdfs:label \"Shusha\" ;\n\
           owl:sameAs <https://www.wikidata.org/entity/Q1>, <javascript:alert(document.cookie)> .\n\
         doc:d1 fg:content \"Shusha is a town. It is old. It is high.\" .\n",
    );
    for n in 0..7 {
        trig.push_str(&format!("kb:shusha skos:altLabel \"Shusha {n}\" .\n"));
    }
    for n in 0..3 {
        trig.push_str(&format!(
            "claim:c{n} {{ kb:shusha fg:population \"{n}\" }}\n\
             claim:c{n} fg:statedIn doc:d1 ; fg:start \"{0}\" ; fg:end \"{1}\" ; fg:quote \"q\" .\n",
            n * 10,
            n * 10 + 5
        ));
    }
    let path = folder.join("data.trig");
    std::fs::write(&path, trig).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn every_route_refuses_an_answer_past_max_rows_with_413() {
    let folder = tempfile::tempdir().unwrap();
    let data = dataset(folder.path());
    let with_max_rows = |max_rows| {
        files(
            &[&data],
            Settings {
                max_rows,
                ..Settings::default()
            },
        )
    };
    let roomy = with_max_rows(1000);
    let tight = with_max_rows(2);
    let routes = [
        ("/store?default", "application/n-triples"),
        (
            "/store?graph=https://w3id.org/factgraph/karabakh/claim/c0",
            "text/turtle",
        ),
        ("/id/shusha", "application/n-triples"),
        ("/id/shusha", "text/html"),
        ("/doc/d1", "text/html"),
    ];
    for (path, accept) in routes {
        let answer = page(&roomy, path, accept);
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{path} ({accept}): {}",
            answer.body
        );
    }
    // The claim graph has one triple: within two.
    let answer = page(&tight, routes[1].0, routes[1].1);
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    for (path, accept) in [routes[0], routes[2], routes[3], routes[4]] {
        let answer = page(&tight, path, accept);
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path} ({accept}): {}",
            answer.body
        );
        assert!(
            answer.body.contains("more than 2 triples") && answer.body.contains("--max-rows"),
            "{}",
            answer.body
        );
    }
    // /sparql keeps its own answer to too many rows.
    let answer = get(&tight, "SELECT * { ?s ?p ?o }", "*/*");
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
}

#[test]
fn an_owl_same_as_that_is_not_a_web_address_is_shown_as_text() {
    let folder = tempfile::tempdir().unwrap();
    let handler = files(&[&dataset(folder.path())], Settings::default());
    let answer = page(&handler, "/id/shusha", "text/html");
    let html = answer.body;
    assert_eq!(answer.status, StatusCode::OK, "{html}");
    assert!(
        html.contains("href=\"https://www.wikidata.org/entity/Q1\""),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
    assert!(
        html.contains("<code>javascript:alert(document.cookie)</code>"),
        "{html}"
    );
}

/// The document page links to its uncovered sentences, which the server reads from the
/// project's inputs as they are now.
#[test]
fn the_server_shows_a_documents_uncovered_sentences_on_request() {
    const TEXT: &str = "A report on the valley.\n\nSome 450 families left the valley that winter. \
                        The weather was mild.\n";
    let project = Project::copy();
    project.write("seeds/960_valley.txt", TEXT);
    let handler = project.serve();
    let answer = send(&handler, Method::GET, "/doc/960_valley", &[], "");
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer.body.contains("href=\"?uncovered\""),
        "{}",
        answer.body
    );
    let answer = send(&handler, Method::GET, "/doc/960_valley?uncovered", &[], "");
    let text = answer.body;
    assert_eq!(answer.status, StatusCode::OK, "{text}");
    assert!(
        text.contains("0 of 1 checkable sentences covered"),
        "{text}"
    );
    assert!(text.contains("Some 450 families left the valley"), "{text}");
    assert!(text.contains("seeds/960_valley.txt:3:1"), "{text}");
    project.write(
        "data/facts/960_valley.toml",
        "[[no_fact]]\nquote = \"Some 450 families\"\nreason = \"a test of marks\"\n",
    );
    let text = send(&handler, Method::GET, "/doc/960_valley?uncovered", &[], "").body;
    assert!(
        text.contains("1 of 1 checkable sentences covered"),
        "{text}"
    );
    assert!(
        !text.contains("Some 450 families left the valley"),
        "{text}"
    );
}

#[test]
fn serve_answers_with_the_projects_own_namespaces() {
    let project = Project::copy();
    let file = project.read("factgraph.toml").replace(
        "https://w3id.org/factgraph/karabakh/",
        "http://example.org/other/",
    );
    project.write("factgraph.toml", &file);
    let handler = project.serve();
    let answer = send(&handler, Method::GET, "/api/prefixes", &[], "");
    assert_eq!(answer.status, StatusCode::OK);
    let prefixes: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(prefixes["kb:"], "http://example.org/other/id/");
    assert_eq!(prefixes["doc:"], "http://example.org/other/doc/");
    // The entity pages are the project's: /id/khojaly is kb:khojaly under the new base.
    let answer = page(&handler, "/id/khojaly", "text/turtle");
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("@prefix kb: <http://example.org/other/id/>"),
        "{}",
        answer.body
    );
}
