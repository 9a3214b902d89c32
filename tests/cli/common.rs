//! Shared set-up for the integration tests: a private copy of the project per test, and a way to
//! run the real binary on it.

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

// The library's own helper, compiled here too, so that unit and integration tests wait alike.
#[path = "../../src/testing.rs"]
mod testing;
pub use testing::wait_until;

pub const BIN: &str = env!("CARGO_BIN_EXE_factgraph");
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the repository's inputs in a temporary folder, so a test may break them freely.
pub struct Project {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Project {
    pub fn copy() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("project");
        for folder in ["seeds", "ontology", "data", "queries"] {
            copy_dir(&Path::new(REPO).join(folder), &root.join(folder));
        }
        fs::copy(
            Path::new(REPO).join("factgraph.toml"),
            root.join("factgraph.toml"),
        )
        .expect("copy the project file");
        Self { _dir: dir, root }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("readable file")
    }

    pub fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).expect("writable file");
    }

    /// Runs `factgraph --root <copy> ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(BIN)
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .env_remove("FACTGRAPH_STORE")
            .output()
            .expect("the binary runs");
        Run(output)
    }

    /// The store's content, header line first, whichever backend wrote it (for the default
    /// one, the snapshot file byte for byte).
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        factgraph::store::StoreDir::new(self.path(".factgraph"))
            .dump()
            .ok()
    }

    /// The SHA-256 of the snapshot file, byte for byte.
    pub fn snapshot_digest(&self) -> Option<String> {
        use sha2::{Digest, Sha256};
        Some(hex::encode(Sha256::digest(self.snapshot()?)))
    }

    /// A canonical dump of the store: its quads, sorted, hashed. The snapshot's header (the
    /// inputs' fingerprint) is left out: it names the inputs, not the data.
    pub fn dump_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let snapshot = self.snapshot().expect("a built store");
        let text = String::from_utf8(snapshot).expect("N-Quads are UTF-8");
        let mut lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        lines.sort_unstable();
        let mut digest = Sha256::new();
        for line in lines {
            digest.update(line.as_bytes());
            digest.update(b"\n");
        }
        hex::encode(digest.finalize())
    }

    /// Builds, checking that it works.
    pub fn built(self) -> Self {
        self.run(&["build"]).success();
        self
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn success(&self) -> &Self {
        assert!(
            self.0.status.success(),
            "expected success, got {}\nstderr:\n{}",
            self.0.status,
            self.stderr()
        );
        self
    }

    /// Asserts failure, and returns standard error.
    pub fn failure(&self) -> String {
        assert!(
            !self.0.status.success(),
            "expected a failure, got success\nstdout:\n{}",
            self.stdout()
        );
        self.stderr()
    }

    pub fn json(&self) -> serde_json::Value {
        self.success();
        serde_json::from_str(&self.stdout()).expect("SPARQL results JSON")
    }

    /// The values of the variable `name` in a SPARQL JSON result.
    pub fn column(&self, name: &str) -> Vec<String> {
        self.json()["results"]["bindings"]
            .as_array()
            .expect("bindings")
            .iter()
            .filter_map(|b| b[name]["value"].as_str().map(str::to_string))
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("source folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// A `factgraph serve` child process on a free loopback port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
}

impl Server {
    /// Serves `files` (relative to the repository) with the extra `args`.
    pub fn files(files: &[&str], args: &[&str]) -> Self {
        let mut serve_args: Vec<OsString> = Vec::new();
        for file in files {
            serve_args.push("--data".into());
            serve_args.push(Path::new(REPO).join(file).into());
        }
        serve_args.extend(args.iter().map(OsString::from));
        Self::spawn(Command::new(BIN), &serve_args)
    }

    /// Serves the project's store (built first if need be) with the extra `args`.
    pub fn project(project: &Project, args: &[&str]) -> Self {
        let mut command = Command::new(BIN);
        command
            .arg("--root")
            .arg(&project.root)
            .env_remove("FACTGRAPH_STORE");
        let serve_args: Vec<OsString> = args.iter().map(OsString::from).collect();
        Self::spawn(command, &serve_args)
    }

    /// Runs `command serve SERVE_ARGS` on a free loopback port and waits until it listens.
    fn spawn(mut command: Command, serve_args: &[OsString]) -> Self {
        let port = free_port();
        let child = command
            .args(["serve", "--quiet", "--bind", &format!("127.0.0.1:{port}")])
            .args(serve_args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("factgraph serve starts");
        let server = Self { child, port };
        wait_for_port(port);
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.port)
    }

    /// The address of `path` on this server.
    pub fn at(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on at the moment of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until something listens on `port`.
pub fn wait_for_port(port: u16) {
    assert!(
        wait_until(Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        }),
        "nothing listens on port {port} after 10 s"
    );
}

/// A stand-in endpoint that answers every request with `respond`.
pub fn stand_in(respond: fn() -> Response<Body>) -> (oxhttp::ListeningServer, String) {
    let port = free_port();
    let server = oxhttp::Server::new(move |_| respond())
        .bind(([127, 0, 0, 1], port))
        .spawn()
        .expect("the stand-in listens");
    wait_for_port(port);
    (server, format!("http://127.0.0.1:{port}/sparql"))
}

pub fn answer(status: u16, content_type: &str, body: &str) -> Response<Body> {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", content_type)
        .header("retry-after", "0")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Sends a request to a server over HTTP: status, content type and body.
pub fn send(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, String, String) {
    let mut request = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response: Response<Body> = oxhttp::Client::new()
        .request(request.body(body.to_string()).unwrap())
        .expect("the server answers");
    answer_parts(response)
}

/// A GET of `query` with `accept`: status, content type and body.
pub fn get(server: &Server, query: &str, accept: &str) -> (StatusCode, String, String) {
    let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    send(
        Method::GET,
        &format!("{}?query={encoded}", server.url()),
        &[(ACCEPT.as_str(), accept)],
        "",
    )
}

fn answer_parts(response: Response<Body>) -> (StatusCode, String, String) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.into_body().to_string().unwrap(),
    )
}

/// The handler of `factgraph serve`, in this process: for a test whose set-up needs the binary
/// (or shares a file's helpers) but whose check is what a route answers. A request value in, a
/// response value out, no server process and no socket.
pub struct Local(factgraph::serve::Handler);

impl Local {
    /// The project's store (built first if need be), with the settings `factgraph serve` has in
    /// the project.
    pub fn project(project: &Project) -> Self {
        use factgraph::serve::{CannedQuery, Handler, Settings};
        let directory = factgraph::store::StoreDir::new(project.path(".factgraph"));
        factgraph::build::ensure_current(Some(&project.root), &directory, true)
            .unwrap_or_else(|e| panic!("the build fails: {e:#}"));
        let store = directory.load().expect("the built store loads");
        let namespaces = factgraph::inputs::project::Project::load(&project.root)
            .unwrap_or_else(|d| panic!("{d}"))
            .namespaces;
        let settings = Settings {
            queries: CannedQuery::of_project(&project.root),
            namespaces,
            project_root: Some(project.root.clone()),
            ..Settings::default()
        };
        Self(Handler::for_store(store, settings))
    }

    /// RDF files (relative to the repository), as `factgraph serve --data FILE…` serves them.
    pub fn files(files: &[&str]) -> Self {
        let store = oxigraph::store::Store::new().expect("an in-memory store");
        for file in files {
            let path = Path::new(REPO).join(file);
            let format = path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(oxigraph::io::RdfFormat::from_extension)
                .expect("an RDF file extension");
            store
                .load_from_reader(format, fs::read(&path).expect("a readable file").as_slice())
                .expect("valid RDF");
        }
        Self(factgraph::serve::Handler::for_store(
            store,
            factgraph::serve::Settings::default(),
        ))
    }

    /// The answer to a request for `target` (a path and query), as a client library sends it.
    pub fn send(
        &self,
        method: Method,
        target: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (StatusCode, String, String) {
        let mut request = Request::builder().method(method).uri(target);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !body.is_empty() {
            request = request.header("content-length", body.len());
        }
        let mut request = request.body(Body::from(body.to_string())).unwrap();
        answer_parts(self.0.respond(&mut request))
    }

    /// A GET of `query` at /sparql with `accept`.
    pub fn get(&self, query: &str, accept: &str) -> (StatusCode, String, String) {
        let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
        self.send(
            Method::GET,
            &format!("/sparql?query={encoded}"),
            &[(ACCEPT.as_str(), accept)],
            "",
        )
    }
}
