//! The handler tested in process, as oxigraph tests its server: a request value in, a response
//! value out, no process and no socket, so a test checks what a route answers and nothing else.
//! What needs a socket or a process (slow clients and timeouts, pipelining, connection limits,
//! reloads, the command's flags and messages) stays in `tests/cli/`.

mod pages;
mod protocol;
mod protocol_dataset;
mod requests;

use super::{CannedQuery, Handler, Settings};
use crate::store::StoreDir;
use oxhttp::model::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::path::{Path, PathBuf};

const REPO: &str = env!("CARGO_MANIFEST_DIR");
/// Wikidata's description of Baku and a few other places.
const WIKIDATA: &str = "tests/fixtures/wikidata.ttl";

/// What the handler answered.
struct Answer {
    status: StatusCode,
    /// Empty when the answer has none.
    content_type: String,
    body: String,
    headers: oxhttp::model::HeaderMap,
}

impl Answer {
    /// The value of header `name`, or "" without one.
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A handler serving RDF files as `factgraph serve --data FILE…` does: paths are relative to
/// the repository, or absolute.
fn files(files: &[&str], settings: Settings) -> Handler {
    let store = Store::new().expect("an in-memory store");
    for file in files {
        let path = Path::new(REPO).join(file);
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(RdfFormat::from_extension)
            .unwrap_or_else(|| panic!("no RDF format for {}", path.display()));
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        store
            .load_from_reader(format, text.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    Handler::for_store(store, settings)
}

/// The fixture served with default settings.
fn wikidata() -> Handler {
    files(&[WIKIDATA], Settings::default())
}

/// Sends a request as an HTTP client library would (with the body's length announced).
fn send(
    handler: &Handler,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: impl Into<Vec<u8>>,
) -> Answer {
    let body = body.into();
    let mut request = Request::builder().method(method).uri(target);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if !body.is_empty() {
        request = request.header(CONTENT_LENGTH, body.len());
    }
    let mut request = request.body(Body::from(body)).expect("a valid request");
    let response = handler.respond(&mut request);
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().expect("an ASCII content type").to_string())
        .unwrap_or_default();
    let headers = response.headers().clone();
    let body = response.into_body().to_string().expect("a UTF-8 body");
    Answer {
        status,
        content_type,
        body,
        headers,
    }
}

/// A GET of `path` with `accept`.
fn page(handler: &Handler, path: &str, accept: &str) -> Answer {
    send(handler, Method::GET, path, &[(ACCEPT.as_str(), accept)], "")
}

/// A GET of `query` at /sparql with `accept`.
fn get(handler: &Handler, query: &str, accept: &str) -> Answer {
    let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    page(handler, &format!("/sparql?query={encoded}"), accept)
}

/// A copy of the repository's project in a temporary folder, so a test may change it freely.
struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Project {
    fn copy() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("project");
        for folder in ["seeds", "ontology", "data", "queries"] {
            copy_dir(&Path::new(REPO).join(folder), &root.join(folder));
        }
        std::fs::copy(
            Path::new(REPO).join("factgraph.toml"),
            root.join("factgraph.toml"),
        )
        .expect("the project file is copied");
        Self { _dir: dir, root }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("a readable file")
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).expect("a writable file");
    }

    /// The project's store, built first if its inputs changed, as `factgraph serve` does.
    fn store(&self) -> Store {
        let directory = StoreDir::new(self.path(".factgraph"));
        crate::build::ensure_current(Some(&self.root), &directory, true)
            .unwrap_or_else(|e| panic!("the build fails: {e:#}"));
        directory.load().expect("the built store loads")
    }

    /// The settings `factgraph serve` has in this project (without reloads: no test here
    /// rebuilds under a running server).
    fn settings(&self) -> Settings {
        let project =
            crate::inputs::project::Project::load(&self.root).unwrap_or_else(|d| panic!("{d}"));
        Settings {
            queries: CannedQuery::of_project(&self.root),
            namespaces: project.namespaces,
            project_root: Some(self.root.clone()),
            ..Settings::default()
        }
    }

    /// A handler on the project's store, as `factgraph serve` in the project has.
    fn serve(&self) -> Handler {
        Handler::for_store(self.store(), self.settings())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the source folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}
