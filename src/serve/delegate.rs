//! A command's work, run by the project's server instead of by the command: both sides.
//!
//! A query at 100× the corpus costs its process seconds and a gigabyte to load the store, and
//! milliseconds to answer once loaded. A running `factgraph serve` holds the store loaded, so
//! `query`, `stats`, `disputes` and `export` send it their work as their command line asks
//! it, and print what they get back: what the command would have written to standard output
//! and standard error, written on the server by the same code (the `Runner` the commands give
//! the server), its tables laid out for the command's terminal (`output::with_layout`).
//!
//! The server must be one the command can trust to hold the store it would load: its record
//! (`record`) names it, it must answer `/api/status` with the record's token within
//! `STATUS_TIMEOUT`, and it must hold the store's current generation (`StoreDir::generation`),
//! checked again when the work arrives. Anything else (no record, a dead or stopped server, a
//! server still loading a newer build, a wrong token, any failure of the work itself) makes
//! the command do the work as it always did, so a user who never starts a server sees no
//! change, and an error is always the command's own, with its own message.

use super::protocol::{Failure, Handler, bytes, client_address, fail};
use super::record::Record;
use super::workers::Unanswered;
use crate::query::output::{self, Layout};
use crate::remote::auth::{Authorizer, Credentials};
use crate::store::StoreDir;
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, ORIGIN};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long a server may take to say it is there: on this machine, a live one answers in
/// milliseconds; one stopped (SIGSTOP) or swamped is not waited on longer.
const STATUS_TIMEOUT: Duration = Duration::from_secs(2);

/// The most bytes of an answer a command reads back; a larger one is not written by the
/// server (the command prints it itself).
const MAX_ANSWER_BYTES: usize = 1 << 30;

/// What a server says of itself to the holder of its token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Status {
    pub pid: u32,
    /// The generation of the store it answers from now.
    pub generation: Option<String>,
    /// How long the server lets a query run, in seconds.
    pub query_timeout_seconds: u64,
    /// Commands' work it has answered since it started.
    pub answered: u64,
}

/// The header that carries what the command writes to standard error.
const STDERR_HEADER: &str = "x-factgraph-stderr";

/// What a command prints for its work.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Answer {
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// What does a command's work on the server's store: `app`, which knows the commands, gives
/// it (`Settings::runner`). It gets the work as the command sent it, and a token that stops
/// a query running past the server's timeout.
#[derive(Clone)]
pub struct Runner(pub Arc<RunWork>);

/// The work as the command sent it, the store, and the token that stops a query.
pub type RunWork =
    dyn Fn(&Store, serde_json::Value, &CancellationToken) -> anyhow::Result<Answer> + Send + Sync;

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Runner")
    }
}

/// A command's work, for the store of `generation` in the project of base IRI `base`, laid out
/// for the command's terminal.
#[derive(Debug, Serialize, Deserialize)]
struct Work {
    generation: String,
    base: String,
    layout: Layout,
    work: serde_json::Value,
}

impl Handler {
    /// The request carries the token of this server's record, and comes from no web page (a
    /// browser sends Origin; a command does not).
    fn check_token(&self, request: &Request<Body>) -> Result<(), Failure> {
        let Some(record) = &self.settings.record else {
            return Err(fail(
                StatusCode::NOT_FOUND,
                "this server runs no command's work: it serves files, or no project store",
            ));
        };
        let expected = format!("Bearer {}", record.token);
        let given = request.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
        if request.headers().contains_key(ORIGIN) || given != Some(expected.as_bytes()) {
            return Err(fail(
                StatusCode::FORBIDDEN,
                "only a command of the user who started this server may send it work",
            ));
        }
        Ok(())
    }

    /// `GET /api/status`: who this server is and which store it holds.
    pub(super) fn status(&self, request: &Request<Body>) -> Result<Response<Body>, Failure> {
        self.check_token(request)?;
        let (_, generation) = self.store.current_with_generation();
        let status = Status {
            pid: std::process::id(),
            generation,
            query_timeout_seconds: self.settings.query_timeout.as_secs(),
            answered: self.answered.load(Ordering::SeqCst),
        };
        let body = serde_json::to_vec(&status).map_err(super::protocol::internal)?;
        Ok(bytes(StatusCode::OK, "application/json", body))
    }

    /// `POST /api/run`: a command's work, answered as the command would print it.
    pub(super) fn run_work(&self, request: &mut Request<Body>) -> Result<Response<Body>, Failure> {
        self.check_token(request)?;
        let Some(runner) = self.settings.runner.clone() else {
            return Err(fail(
                StatusCode::NOT_FOUND,
                "this server runs no command's work",
            ));
        };
        let body = self.body(request)?;
        let work: Work = serde_json::from_slice(&body).map_err(|e| {
            fail(
                StatusCode::BAD_REQUEST,
                format!("not a command's work: {e}"),
            )
        })?;
        let (store, generation) = self.store.current_with_generation();
        if generation.as_deref() != Some(work.generation.as_str()) {
            return Err(fail(
                StatusCode::CONFLICT,
                "this server holds another generation of the store than the command's",
            ));
        }
        // The same store read by another project (`--store`) would print its IRIs otherwise.
        if work.base != self.settings.namespaces.base {
            return Err(fail(
                StatusCode::CONFLICT,
                "this server serves the store for another project",
            ));
        }
        let cancel = CancellationToken::new();
        let stop = cancel.clone();
        let timeout = self.settings.query_timeout;
        let answer = self.workers.run(
            client_address(request),
            Instant::now() + timeout,
            move || {
                output::with_layout(work.layout, || (runner.0)(&store, work.work, &stop))
                    .map_err(|e| crate::diagnostic::render(&e))
            },
        );
        match answer {
            Ok(Ok(answer)) if answer.stdout.len() <= MAX_ANSWER_BYTES => {
                self.answered.fetch_add(1, Ordering::SeqCst);
                let stderr = utf8_percent_encode(&answer.stderr, NON_ALPHANUMERIC).to_string();
                let mut response = bytes(StatusCode::OK, "application/octet-stream", answer.stdout);
                if let Ok(value) = HeaderValue::from_str(&stderr) {
                    response.headers_mut().insert(STDERR_HEADER, value);
                }
                Ok(response)
            }
            Ok(Ok(_)) => Err(fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the answer is larger than a command reads back",
            )),
            // The command does the work again, and fails with its own message.
            Ok(Err(message)) => Err(fail(StatusCode::UNPROCESSABLE_ENTITY, message)),
            Err(unanswered) => {
                cancel.cancel();
                Err(fail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    match unanswered {
                        Unanswered::Late => "the work ran past this server's timeout",
                        _ => "this server cannot take the work now",
                    },
                ))
            }
        }
    }
}

/// The record and status of the server of `store`, if one is running and answers to its
/// record's token.
pub fn running(store: &StoreDir) -> Option<(Record, Status)> {
    let record = Record::read(store)?;
    let (answer, _) = exchange(&record, Method::GET, "/api/status", None, STATUS_TIMEOUT)?;
    let status: Status = serde_json::from_slice(&answer).ok()?;
    (status.pid == record.pid).then_some((record, status))
}

/// What the server of `store` prints for `work` of the project of base IRI `base`, if a server
/// is running there for that project and holds the store in place now; `None` tells the
/// command to do the work itself.
pub fn answer_by_server(store: &StoreDir, base: &str, work: serde_json::Value) -> Option<Answer> {
    let generation = store.generation()?;
    let (record, status) = running(store)?;
    if status.generation.as_deref() != Some(generation.as_str()) {
        return None;
    }
    let work = serde_json::to_vec(&Work {
        generation,
        base: base.to_string(),
        layout: output::layout(),
        work,
    })
    .ok()?;
    // The server stops the work at its timeout; a little more lets its answer arrive.
    let timeout = Duration::from_secs(status.query_timeout_seconds.saturating_add(10));
    let (stdout, stderr) = exchange(&record, Method::POST, "/api/run", Some(work), timeout)?;
    Some(Answer { stdout, stderr })
}

/// One request to the server `record` names, with its token; the body of a 200 answer, and
/// what it says the command writes to standard error.
fn exchange(
    record: &Record,
    method: Method,
    path: &str,
    body: Option<Vec<u8>>,
    timeout: Duration,
) -> Option<(Vec<u8>, String)> {
    let url = format!("http://{}{path}", record.reachable_address());
    let authorizer = Authorizer::new(Credentials::Bearer(record.token.clone()));
    let request_method = method.clone();
    let request_url = url.clone();
    let build = move |authorization: Option<String>| {
        let mut request = Request::builder()
            .method(request_method.clone())
            .uri(&request_url);
        if let Some(header) = authorization {
            request = request.header(AUTHORIZATION, header);
        }
        if body.is_some() {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        request
            .body(body.clone().unwrap_or_default())
            .map_err(std::io::Error::other)
    };
    let response = authorizer.send(timeout, method, url, build).ok()?;
    if response.status() != StatusCode::OK {
        return None;
    }
    let stderr = match response.headers().get(STDERR_HEADER) {
        Some(value) => percent_decode_str(value.to_str().ok()?)
            .decode_utf8()
            .ok()?
            .into_owned(),
        None => String::new(),
    };
    let mut answer = Vec::new();
    response
        .into_body()
        .take(MAX_ANSWER_BYTES as u64 + 1)
        .read_to_end(&mut answer)
        .ok()?;
    (answer.len() <= MAX_ANSWER_BYTES).then_some((answer, stderr))
}
