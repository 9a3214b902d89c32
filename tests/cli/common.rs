//! Shared set-up for the integration tests: a private copy of the project per test, and a way to
//! run the real binary on it.

use oxhttp::model::{Body, Response, StatusCode};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Waits until `condition` holds, checking it every 20 ms, and panics after `limit` with
/// `what` did not happen: the one way tests wait, on a condition, never for a fixed time.
pub fn wait_until(limit: std::time::Duration, what: &str, condition: impl FnMut() -> bool) {
    let mut condition = condition;
    let deadline = std::time::Instant::now() + limit;
    while !condition() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not happen within {limit:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

pub fn wait_for_port(port: u16) {
    wait_until(
        std::time::Duration::from_secs(10),
        &format!("a server listening on port {port}"),
        || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok(),
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
