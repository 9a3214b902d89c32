//! Remote SPARQL endpoints: the one HTTP client that `SERVICE` calls and `link --endpoint` use.
//!
//! Every request carries a User-Agent that names the tool and where to reach its authors (the
//! Wikidata Query Service asks for one), has a timeout, and is spaced from the previous one by
//! a minimum interval. An endpoint that answers 429 is waited for (its `Retry-After`, within
//! reason) and asked again a few times; anything else that is not a SPARQL results document is
//! an error that says which endpoint, what it answered, and what to try.

pub mod auth;
mod exchange;
pub mod federation;
pub mod push;
pub mod reconcile;

use crate::diagnostic::Refusal;
use anyhow::{Context, Result, anyhow, bail};
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use oxhttp::model::{Method, Request, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::Variable;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{QueryResults, QuerySolution, QueryTripleIter};
use std::io::{self, ErrorKind, Read};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const USER_AGENT: &str = concat!(
    "factgraph/",
    env!("CARGO_PKG_VERSION"),
    " (knowledge graph of attributed claims; https://w3id.org/factgraph)"
);

/// The Wikidata Query Service: the default endpoint of `link --endpoint`.
pub const WIKIDATA_ENDPOINT: &str = "https://query.wikidata.org/sparql";

/// How politely to talk to an endpoint.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// For connecting, sending and reading the whole answer, all together.
    pub timeout: Duration,
    /// Between the start of one request and the next.
    pub min_interval: Duration,
    /// How many times a request answered with 429 is sent again.
    pub retries_after_429: u32,
    /// The longest `Retry-After` waited for; a longer one is an error.
    pub max_retry_after: Duration,
}

impl Default for Politeness {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            min_interval: Duration::from_millis(500),
            retries_after_429: 2,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// A SPARQL endpoint reached over HTTP(S).
pub struct Endpoint {
    url: String,
    politeness: Politeness,
    last_request: Mutex<Option<Instant>>,
    authorizer: auth::Authorizer,
}

/// SELECT results, read whole (bounded by the caller's row limit).
#[derive(Debug)]
pub struct Solutions {
    pub variables: Vec<Variable>,
    pub rows: Vec<QuerySolution>,
}

impl Endpoint {
    pub fn new(url: &str, politeness: Politeness) -> Result<Self> {
        let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok || url.parse::<oxhttp::model::Uri>().is_err() {
            bail!(Refusal::new(
                format!("`{url}` is not an http:// or https:// URL"),
                format!("give the endpoint's full address, e.g. {WIKIDATA_ENDPOINT}")
            ));
        }
        Ok(Self {
            url: url.to_string(),
            politeness,
            last_request: Mutex::new(None),
            authorizer: auth::Authorizer::new(auth::Credentials::None),
        })
    }

    /// The same endpoint, sending `credentials` with every request.
    pub fn with_credentials(mut self, credentials: auth::Credentials) -> Self {
        self.authorizer = auth::Authorizer::new(credentials);
        self
    }

    /// Runs any query (SELECT, ASK, CONSTRUCT, DESCRIBE; `graph_result` for the last two) and
    /// returns its results as the local store would, so that the same output code prints them.
    pub fn run(&self, query: &str, graph_result: bool) -> Result<QueryResults<'static>> {
        let accept = if graph_result {
            GRAPH_ACCEPT
        } else {
            SOLUTIONS_ACCEPT
        };
        let (content_type, body) = self.post_query(query, accept)?;
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        if graph_result {
            let format = RdfFormat::from_media_type(media_type).ok_or_else(|| {
                anyhow!(
                    "{}: answered a graph query with Content-Type `{content_type}`, not RDF",
                    self.url
                )
            })?;
            let mut triples = Vec::new();
            for quad in RdfParser::from_format(format).for_reader(body) {
                let quad = quad.map_err(|e| self.unreadable(e.into()))?;
                triples.push(Triple::new(quad.subject, quad.predicate, quad.object));
            }
            return Ok(QueryResults::Graph(QueryTripleIter::new(
                triples.into_iter().map(Ok),
            )));
        }
        Ok(QueryResults::from(self.results(&content_type, body)?))
    }

    /// Runs a query parsed here (`query --endpoint`): sent with full IRIs, `params` bound by a
    /// VALUES clause.
    pub fn run_parsed(
        &self,
        parsed: &spargebra::Query,
        params: &[(Variable, Term)],
    ) -> Result<QueryResults<'static>> {
        let graph_result = matches!(
            parsed,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
        );
        self.run(&with_parameters(parsed, params)?, graph_result)
    }

    /// Runs a SELECT query and reads at most `max_rows` solutions: more is an error, so that an
    /// endpoint that ignores the query's LIMIT cannot make us read without end.
    pub fn select(&self, query: &str, max_rows: usize) -> Result<Solutions> {
        let (content_type, body) = self.post_query(query, SOLUTIONS_ACCEPT)?;
        let ReaderQueryResultsParserOutput::Solutions(reader) =
            self.results(&content_type, body)?
        else {
            bail!(
                "{}: answered a SELECT query with a boolean, not solutions",
                self.url
            );
        };
        let variables = reader.variables().to_vec();
        let mut rows = Vec::new();
        for solution in reader {
            let solution = solution.map_err(|e| self.unreadable(e.into()))?;
            if rows.len() == max_rows {
                bail!(Refusal::new(
                    format!(
                        "{}: returned more than {max_rows} rows for one query; factgraph stopped reading",
                        self.url
                    ),
                    "the endpoint may ignore LIMIT; raise --max-rows if this many is expected"
                ));
            }
            rows.push(solution);
        }
        Ok(Solutions { variables, rows })
    }

    /// A parser of the SPARQL results in `body`, in the format `content_type` names.
    fn results(
        &self,
        content_type: &str,
        body: oxhttp::model::Body,
    ) -> Result<ReaderQueryResultsParserOutput<oxhttp::model::Body>> {
        let format = results_format(content_type).ok_or_else(|| {
            anyhow::Error::new(Refusal::new(
                format!(
                    "{}: answered with Content-Type `{content_type}`, not SPARQL results",
                    self.url
                ),
                "is this the endpoint's SPARQL address (often ending in /sparql)?",
            ))
        })?;
        QueryResultsParser::from_format(format)
            .for_reader(body)
            .map_err(|e| self.unreadable(e.into()))
    }

    /// Runs a SPARQL Update, sent form-encoded as `update` (what every SPARQL 1.1 endpoint
    /// accepts); the answer's body, whatever the store says on success, is read and dropped.
    pub fn update(&self, update: &str) -> Result<()> {
        let (_, body) = self.post_form("update", update, "*/*")?;
        io::copy(&mut body.take(1 << 20), &mut io::sink()).map_err(|e| self.unreadable(e))?;
        Ok(())
    }

    /// POSTs `query` form-encoded (what every SPARQL 1.1 endpoint accepts) and returns the
    /// answer's media type and body, after the status is checked.
    fn post_query(&self, query: &str, accept: &str) -> Result<(String, oxhttp::model::Body)> {
        self.post_form("query", query, accept)
    }

    /// POSTs `text` as the form field `field`, and returns the answer's media type and body,
    /// after the status is checked.
    fn post_form(
        &self,
        field: &str,
        text: &str,
        accept: &str,
    ) -> Result<(String, oxhttp::model::Body)> {
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair(field, text)
            .finish();
        let mut attempt = 0;
        loop {
            self.wait_turn();
            let (url, accept, form) = (self.url.clone(), accept.to_string(), form.clone());
            let build = move |authorization: Option<String>| {
                let mut request = Request::builder()
                    .method(Method::POST)
                    .uri(&url)
                    .header(ACCEPT, &accept)
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                if let Some(header) = authorization {
                    request = request.header(AUTHORIZATION, header);
                }
                request
                    .body(form.clone().into_bytes())
                    .map_err(io::Error::other)
            };
            let response = self
                .authorizer
                .send(
                    self.politeness.timeout,
                    Method::POST,
                    self.url.clone(),
                    build,
                )
                .map_err(|e| self.network_error(&e))?;
            let status = response.status();
            if let Some(limit) = response.headers().get("x-sparql-maxrows") {
                bail!(Refusal::new(
                    format!(
                        "{}: cut the results at {} rows (X-SPARQL-MaxRows) and answered as if they were whole",
                        self.url,
                        limit.to_str().unwrap_or("?")
                    ),
                    "raise the store's limit (Virtuoso: ResultSetMaxRows in virtuoso.ini), or add a LIMIT"
                ));
            }
            if status == StatusCode::TOO_MANY_REQUESTS
                && attempt < self.politeness.retries_after_429
            {
                let wait = retry_after(response.headers().get(RETRY_AFTER));
                if wait <= self.politeness.max_retry_after {
                    attempt += 1;
                    std::thread::sleep(wait);
                    continue;
                }
            }
            if !status.is_success() {
                let mut excerpt = String::new();
                let _ = response.into_body().take(400).read_to_string(&mut excerpt);
                let help = if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
                {
                    credentials_help(self.authorizer.is_anonymous())
                } else if status == StatusCode::TOO_MANY_REQUESTS {
                    "the endpoint asks for fewer requests: wait, then run again with a longer --delay"
                } else if status.is_server_error() {
                    "the endpoint failed on its side; try again later, or a smaller query"
                } else {
                    "check the endpoint URL and the query"
                };
                bail!(Refusal::new(
                    format!(
                        "{}: answered HTTP {status}{}",
                        self.url,
                        if excerpt.trim().is_empty() {
                            String::new()
                        } else {
                            format!(": {}", excerpt.trim())
                        }
                    ),
                    help.to_string()
                ));
            }
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            return Ok((content_type, response.into_body()));
        }
    }

    /// Sleeps until `min_interval` has passed since the previous request began.
    fn wait_turn(&self) {
        let mut last = self.last_request.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(previous) = *last {
            let due = previous + self.politeness.min_interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        *last = Some(Instant::now());
    }

    fn network_error(&self, error: &io::Error) -> anyhow::Error {
        network_error(&self.url, self.politeness.timeout, error)
    }

    /// An answer that could not be read to its end: cut by the deadline, or malformed.
    fn unreadable(&self, error: io::Error) -> anyhow::Error {
        match error.kind() {
            ErrorKind::TimedOut => self.network_error(&error),
            _ => malformed(&self.url, &error),
        }
    }
}

/// The one HTTP client set-up. Its timeout bounds each read and write; `exchange` bounds the
/// whole exchange.
fn client(timeout: Duration) -> io::Result<oxhttp::Client> {
    oxhttp::Client::new()
        .with_global_timeout(timeout)
        .with_redirection_limit(3)
        .with_user_agent(USER_AGENT)
        .map_err(io::Error::other)
}

/// What to do when a store answers 401 or 403: give credentials, or check the ones given.
pub(crate) fn credentials_help(anonymous: bool) -> &'static str {
    if anonymous {
        "the store wants credentials: pass --user (and the password in FACTGRAPH_PASSWORD) or --token"
    } else {
        "the store refused these credentials: check --user, FACTGRAPH_PASSWORD or the token, and --auth (basic or digest)"
    }
}

/// A failed connection to `url` as an error that says what happened and what to try.
fn network_error(url: &str, timeout: Duration, error: &io::Error) -> anyhow::Error {
    let (what, help) = match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => (
            not_in_time(timeout),
            "try again later, or allow more time (query: --service-timeout SECONDS; push and link: --timeout SECONDS)",
        ),
        ErrorKind::ConnectionRefused => (
            "refused the connection".to_string(),
            "is the server running, and is the port right?",
        ),
        _ => (
            format!("cannot be reached: {error}"),
            "check the URL and the network (this machine may have no route to it)",
        ),
    };
    anyhow::Error::new(Refusal::new(format!("{url} {what}"), help.to_string()))
}

/// What an exchange with `url` that did not end within `timeout` says, wherever it is read.
fn late(url: &str, timeout: Duration) -> String {
    format!("{url} {}", not_in_time(timeout))
}

fn not_in_time(timeout: Duration) -> String {
    format!("did not answer within {} s", timeout.as_secs_f64())
}

const GRAPH_ACCEPT: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5";

const SOLUTIONS_ACCEPT: &str =
    "application/sparql-results+json, application/sparql-results+xml;q=0.9";

fn results_format(content_type: &str) -> Option<QueryResultsFormat> {
    let media_type = content_type.split(';').next()?.trim();
    QueryResultsFormat::from_media_type(media_type)
}

fn malformed(url: &str, error: &dyn std::fmt::Display) -> anyhow::Error {
    anyhow::Error::new(Refusal::new(
        format!("{url}: the answer is not a valid SPARQL results document: {error}"),
        "the endpoint may be failing, or not be a SPARQL endpoint",
    ))
}

/// The wait a `Retry-After` header asks for, in seconds (the HTTP-date form is read as one
/// second: we only need to wait a little and ask again).
fn retry_after(value: Option<&oxhttp::model::HeaderValue>) -> Duration {
    let seconds = value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Duration::from_secs(seconds)
}

/// The text of `parsed` with `params` bound by a VALUES clause inside its pattern: parsed once
/// more and written out again, a trailing VALUES becomes part of the pattern, and Virtuoso
/// ignores a VALUES clause after the query.
fn with_parameters(parsed: &spargebra::Query, params: &[(Variable, Term)]) -> Result<String> {
    let text = parsed.to_string();
    if params.is_empty() {
        return Ok(text);
    }
    let variables: Vec<String> = params.iter().map(|(v, _)| v.to_string()).collect();
    let values: Vec<String> = params.iter().map(|(_, t)| t.to_string()).collect();
    let with_values = format!(
        "{text}\nVALUES ({}) {{ ({}) }}",
        variables.join(" "),
        values.join(" ")
    );
    Ok(spargebra::SparqlParser::new()
        .parse_query(&with_values)
        .context("the query with its parameters bound does not parse")?
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_endpoints() {
        assert!(Endpoint::new("ftp://example.org/sparql", Politeness::default()).is_err());
        assert!(Endpoint::new("query.wikidata.org/sparql", Politeness::default()).is_err());
        assert!(Endpoint::new(WIKIDATA_ENDPOINT, Politeness::default()).is_ok());
    }

    #[test]
    fn results_formats_are_read_from_media_types_with_parameters() {
        assert_eq!(
            results_format("application/sparql-results+json; charset=utf-8"),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(results_format("text/html"), None);
    }
}
