//! The server's routes: the query endpoint (`sparql`), the graph store and the pages of
//! entities and documents (`pages`), the web UI, and what every answer shares (CORS, `Vary`,
//! 405 with `Allow` for a method a read-only resource does not answer).

use super::form::{self, single};
use super::live::LiveStore;
use super::workers::{ClientAddress, Workers};
use super::{Settings, index, pages, ui};
use oxhttp::model::header::{
    ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ALLOW, CONTENT_LENGTH, CONTENT_TYPE, ORIGIN, VARY,
};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

pub struct Handler {
    pub(super) store: Arc<LiveStore>,
    pub(super) settings: Settings,
    pub(super) workers: Workers,
    /// Commands' work answered (`delegate`), for `/api/status`.
    pub(super) answered: AtomicU64,
}

/// A reader that ends at a deadline, remembering that it cut the stream short. The deadline is
/// checked before each read; the socket's own timeout bounds a read that has begun.
struct UntilDeadline<R> {
    inner: R,
    until: Instant,
    cut: bool,
}

impl<R> UntilDeadline<R> {
    fn new(inner: R, until: Instant) -> Self {
        Self {
            inner,
            until,
            cut: false,
        }
    }
}

impl<R: Read> Read for UntilDeadline<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() >= self.until {
            self.cut = true;
            return Ok(0);
        }
        self.inner.read(buffer)
    }
}

/// A response that is not a result: a status and a short message for people.
pub(super) struct Failure {
    status: StatusCode,
    message: String,
}

#[cfg(test)]
impl Failure {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

pub(super) fn fail(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure {
        status,
        message: message.into(),
    }
}

impl Handler {
    /// A handler answering from `store`, or from the newest snapshot of
    /// `settings.reload_from` when that is set.
    pub fn for_store(store: Store, settings: Settings) -> Self {
        let store = match &settings.reload_from {
            Some(directory) => LiveStore::watched(
                store,
                settings.generation.clone(),
                directory.clone(),
                Duration::from_millis(250),
                settings.quiet,
            ),
            None => LiveStore::fixed(store),
        };
        Self::new(store, settings)
    }

    fn new(store: Arc<LiveStore>, settings: Settings) -> Self {
        let workers = Workers::start(settings.query_workers);
        Self {
            store,
            settings,
            workers,
            answered: AtomicU64::new(0),
        }
    }

    pub fn respond(&self, request: &mut Request<Body>) -> Response<Body> {
        let cors = request.headers().contains_key(ORIGIN);
        let mut response = self.route(request).unwrap_or_else(|failure| {
            text(
                failure.status,
                "text/plain; charset=utf-8",
                format!("{}\n", failure.message),
            )
        });
        if cors {
            let headers = response.headers_mut();
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
        // Answers these paths give depend on Accept: a cache must not give one client's
        // format to another.
        let path = request.uri().path();
        if path == "/sparql" || path == "/store" || path.starts_with("/id/") {
            response
                .headers_mut()
                .insert(VARY, HeaderValue::from_static("Accept"));
        }
        // What is left of a body is not read after the answer: `connections` closes the
        // connection instead.
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Result<Response<Body>, Failure> {
        let path = request.uri().path().to_string();
        match (request.method().clone(), path.as_str()) {
            (Method::OPTIONS, _) => Ok(preflight()),
            (Method::GET | Method::HEAD, "/") => Ok(asset("text/html; charset=utf-8", ui::INDEX)),
            (Method::GET | Method::HEAD, "/ui/app.js") => {
                Ok(asset("text/javascript; charset=utf-8", ui::SCRIPT))
            }
            (Method::GET | Method::HEAD, "/ui/style.css") => {
                Ok(asset("text/css; charset=utf-8", ui::STYLE))
            }
            (Method::GET | Method::HEAD, "/api/queries") => Ok(bytes(
                StatusCode::OK,
                "application/json",
                serde_json::to_vec(&self.settings.queries).map_err(internal)?,
            )),
            (Method::GET | Method::HEAD, "/api/prefixes") => {
                let prefixes: serde_json::Map<String, serde_json::Value> = self
                    .settings
                    .namespaces
                    .prefixes()
                    .into_iter()
                    .map(|(prefix, namespace)| (format!("{prefix}:"), namespace.into()))
                    .collect();
                Ok(bytes(
                    StatusCode::OK,
                    "application/json",
                    serde_json::to_vec(&prefixes).map_err(internal)?,
                ))
            }
            (Method::GET | Method::HEAD, "/id/") => {
                let params = query_string(request)?;
                index::entities(
                    &self.settings.namespaces,
                    &self.store.current(),
                    single(&params, "q")?.as_deref(),
                    &mut self.budget(),
                )
            }
            (Method::GET | Method::HEAD, "/doc/") => index::documents(
                &self.settings.namespaces,
                &self.store.current(),
                &mut self.budget(),
            ),
            (Method::GET | Method::HEAD, "/store") => {
                let params = query_string(request)?;
                pages::graph_store(
                    &self.settings.namespaces,
                    &self.store.current(),
                    &params,
                    &accept(request),
                    &mut self.budget(),
                )
            }
            (Method::GET | Method::HEAD, path) if path.starts_with("/id/") => pages::entity(
                &self.settings.namespaces,
                &self.store.current(),
                &segment(path, "/id/")?,
                &accept(request),
                &mut self.budget(),
            ),
            (Method::GET | Method::HEAD, path) if path.starts_with("/doc/") => {
                let params = query_string(request)?;
                if params.iter().any(|(key, _)| key == "uncovered") {
                    return super::coverage::uncovered(
                        self.settings.project_root.as_deref(),
                        &segment(path, "/doc/")?,
                    );
                }
                let current = single(&params, "claim")?;
                pages::document(
                    &self.settings.namespaces,
                    &self.store.current(),
                    &segment(path, "/doc/")?,
                    current.as_deref(),
                    &mut self.budget(),
                )
            }
            (Method::GET | Method::HEAD | Method::POST, "/sparql") => self.sparql(request),
            (Method::GET, "/api/status") => self.status(request),
            (Method::POST, "/api/run") => self.run_work(request),
            (_, "/sparql") => {
                let mut response = text(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "text/plain; charset=utf-8",
                    "/sparql answers GET, HEAD and POST\n".into(),
                );
                response
                    .headers_mut()
                    .insert(ALLOW, HeaderValue::from_static("GET, HEAD, POST, OPTIONS"));
                Ok(response)
            }
            (_, "/store") => Ok(not_allowed("/store", "GET, HEAD, OPTIONS")),
            (_, path) if path.starts_with("/id/") || path.starts_with("/doc/") => {
                Ok(not_allowed(path, "GET, HEAD, OPTIONS"))
            }
            _ => Err(fail(
                StatusCode::NOT_FOUND,
                format!(
                    "nothing at {path}; this server answers /sparql, /store, /id/ (and /id/SLUG), /doc/ (and /doc/ID) and /"
                ),
            )),
        }
    }

    /// What a page may read: the limits a query has.
    fn budget(&self) -> pages::Budget {
        pages::Budget::new(self.settings.max_rows, self.settings.query_timeout)
    }

    /// The request body, refused past the size limit without reading it all.
    pub(super) fn body(&self, request: &mut Request<Body>) -> Result<Vec<u8>, Failure> {
        let limit = self.settings.max_body_bytes;
        let too_large = || {
            fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {limit} bytes"),
            )
        };
        let announced = request
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        let timeout = self.settings.client_timeout;
        let mut reader = UntilDeadline::new(request.body_mut(), Instant::now() + timeout);
        let mut body = Vec::new();
        (&mut reader)
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| {
                fail(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the body: {e}"),
                )
            })?;
        if reader.cut {
            return Err(fail(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s",
                    timeout.as_secs_f64()
                ),
            ));
        }
        if body.len() > limit {
            return Err(too_large());
        }
        // All of it is read: nothing is left for oxhttp to drain, and the connection stays open.
        *request.body_mut() = Body::empty();
        Ok(body)
    }
}

/// The one path segment after `prefix`, percent-decoded: a slash or a broken escape in it names
/// nothing here. The segment is an identifier looked up in the store, never a file path; a
/// backslash is a character a document's file name may hold.
fn segment(path: &str, prefix: &str) -> Result<String, Failure> {
    let raw = &path[prefix.len()..];
    let decoded = crate::vocab::percent_decode(raw).ok_or_else(|| {
        fail(
            StatusCode::BAD_REQUEST,
            format!("`{raw}` has a broken percent-escape or is not UTF-8"),
        )
    })?;
    if decoded.is_empty() || decoded.contains('/') || decoded.starts_with('.') {
        return Err(fail(StatusCode::NOT_FOUND, format!("nothing at {path}")));
    }
    Ok(decoded)
}

fn asset(content_type: &'static str, body: &'static str) -> Response<Body> {
    let mut response = text(StatusCode::OK, content_type, body.to_string());
    response.headers_mut().insert(
        oxhttp::model::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    response
}

pub(super) fn timed_out(timeout: Duration) -> Failure {
    fail(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the query ran longer than {} s and was stopped",
            timeout.as_secs_f64()
        ),
    )
}

pub(super) fn internal(error: impl std::fmt::Display) -> Failure {
    fail(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}

/// The decoded fields of the request's query string.
pub(super) fn query_string(request: &Request<Body>) -> Result<Vec<(String, String)>, Failure> {
    form::fields(request.uri().query().unwrap_or("").as_bytes())
}

pub(super) fn accept(request: &Request<Body>) -> String {
    request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*")
        .to_string()
}

pub(super) fn media_type(request: &Request<Body>, header: oxhttp::model::HeaderName) -> String {
    request
        .headers()
        .get(header)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The media ranges of an Accept header, best first (by q, then by order).
pub(super) fn ranges(accept: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(index, part)| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!range.is_empty() && q > 0.0).then_some((q, index, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, range)| range).collect()
}

pub(super) fn negotiate_graph(accept: &str) -> Result<RdfFormat, Failure> {
    let formats = [
        RdfFormat::Turtle,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::TriG,
        RdfFormat::JsonLd {
            profile: Default::default(),
        },
        RdfFormat::RdfXml,
    ];
    for range in ranges(accept) {
        if matches!(range.as_str(), "*/*" | "text/*") {
            return Ok(RdfFormat::Turtle);
        }
        if let Some(format) = RdfFormat::from_media_type(&range) {
            return Ok(format);
        }
    }
    Err(not_acceptable(
        accept,
        formats.iter().map(|f| f.media_type()),
    ))
}

fn not_acceptable<'a>(accept: &str, offered: impl Iterator<Item = &'a str>) -> Failure {
    fail(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "no format this server writes matches Accept: {accept}; it writes {}",
            offered.collect::<Vec<_>>().join(", ")
        ),
    )
}

/// 405 for a method a read-only resource does not answer, with the ones it does.
fn not_allowed(path: &str, allowed: &'static str) -> Response<Body> {
    let mut response = text(
        StatusCode::METHOD_NOT_ALLOWED,
        "text/plain; charset=utf-8",
        format!("{path} is read-only: it answers {allowed}\n"),
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allowed));
    response
}

fn preflight() -> Response<Body> {
    let mut response = bytes(StatusCode::NO_CONTENT, "text/plain", Vec::new());
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Accept"),
    );
    response
}

pub(super) fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    bytes(status, content_type, body.into_bytes())
}

pub(super) fn bytes(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a valid response")
}

/// Where the request came from, when the connection layer said (tests and the fuzz target call
/// the handler without a connection).
pub(super) fn client_address(request: &Request<Body>) -> Option<std::net::IpAddr> {
    request.extensions().get::<ClientAddress>().map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_are_read_by_quality_then_order() {
        assert_eq!(
            ranges("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1"),
            ["application/sparql-results+xml", "text/csv", "*/*"]
        );
        assert!(ranges("text/csv;q=0").is_empty());
        assert_eq!(
            negotiate_graph("application/n-triples").ok(),
            Some(RdfFormat::NTriples)
        );
        assert!(negotiate_graph("application/sparql-results+json").is_err());
    }
}
