//! The query endpoint of the SPARQL 1.1 Protocol (`/sparql`): the request's query and
//! dataset (`default-graph-uri`, `named-graph-uri`, §2.1.4) from a GET, a form POST or a direct
//! POST; the query run within the server's limits; the answer in the format the client
//! accepts. Relative IRIs in a query resolve against the endpoint's own IRI.

use super::form::{self, single};
use super::protocol::{
    Failure, Handler, accept, bytes, client_address, fail, internal, media_type, negotiate_graph,
    query_string, ranges, text, timed_out,
};
use super::workers::Unanswered;
use crate::query::{self, QueryText, output};
use crate::vocab::{FG, Namespaces};
use oxhttp::model::header::CONTENT_TYPE;
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryDataset, QueryEvaluationError, QueryResults};
use std::time::{Duration, Instant};

/// A query request: its text, the dataset the protocol gives it, and the base for its IRIs.
pub(super) struct QueryRequest {
    query: String,
    dataset: ProtocolDataset,
    base_iri: Option<String>,
}

/// The graphs `default-graph-uri` and `named-graph-uri` name. Either replaces the query's own
/// dataset (FROM, FROM NAMED) and the union default graph: named graphs alone leave the default
/// graph empty, default graphs alone leave no named graph, as FROM and FROM NAMED do.
#[derive(Debug, Default)]
struct ProtocolDataset {
    default_graphs: Vec<NamedNode>,
    named_graphs: Vec<NamedNode>,
}

impl ProtocolDataset {
    fn of(fields: &[(String, String)]) -> Result<Self, Failure> {
        let graphs = |name: &str| -> Result<Vec<NamedNode>, Failure> {
            fields
                .iter()
                .filter(|(key, _)| key == name)
                .map(|(_, iri)| {
                    NamedNode::new(iri.trim()).map_err(|e| {
                        fail(
                            StatusCode::BAD_REQUEST,
                            format!("`{name}` is not an absolute IRI: `{iri}` ({e})"),
                        )
                    })
                })
                .collect()
        };
        Ok(Self {
            default_graphs: graphs("default-graph-uri")?,
            named_graphs: graphs("named-graph-uri")?,
        })
    }

    fn apply(&self, dataset: &mut QueryDataset) {
        if self.default_graphs.is_empty() && self.named_graphs.is_empty() {
            return;
        }
        dataset.set_default_graph(
            self.default_graphs
                .iter()
                .cloned()
                .map(GraphName::NamedNode)
                .collect(),
        );
        dataset.set_available_named_graphs(
            self.named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::NamedNode)
                .collect(),
        );
    }
}

impl Handler {
    /// `/sparql`: a query by GET, form POST or direct POST; an update is refused; a GET with no
    /// query gets the service description.
    pub(super) fn sparql(&self, request: &mut Request<Body>) -> Result<Response<Body>, Failure> {
        let url_fields = query_string(request)?;
        let base_iri = endpoint_iri(request);
        let (query, fields) = match request.method().clone() {
            Method::GET | Method::HEAD => {
                let Some(query) = single(&url_fields, "query")? else {
                    if url_fields.iter().any(|(k, _)| k == "update") {
                        return Err(read_only());
                    }
                    return Ok(service_description(request));
                };
                (query, url_fields)
            }
            Method::POST => {
                let content_type = media_type(request, CONTENT_TYPE);
                let body = self.body(request)?;
                match content_type.as_str() {
                    "application/sparql-query" => (form::utf8("the query", body)?, url_fields),
                    "application/x-www-form-urlencoded" => {
                        let mut fields = form::fields(&body)?;
                        if fields.iter().any(|(k, _)| k == "update") {
                            return Err(read_only());
                        }
                        let query = single(&fields, "query")?.ok_or_else(|| {
                            fail(StatusCode::BAD_REQUEST, "the form has no `query` field")
                        })?;
                        // The dataset may come in the URL as well as in the form.
                        fields.extend(url_fields);
                        (query, fields)
                    }
                    "application/sparql-update" => return Err(read_only()),
                    other => {
                        return Err(fail(
                            StatusCode::UNSUPPORTED_MEDIA_TYPE,
                            format!(
                                "a POST to /sparql must be application/sparql-query or application/x-www-form-urlencoded, not `{other}`"
                            ),
                        ));
                    }
                }
            }
            other => {
                return Err(fail(
                    StatusCode::METHOD_NOT_ALLOWED,
                    format!("/sparql answers GET, HEAD and POST, not {other}"),
                ));
            }
        };
        let request_to_run = QueryRequest {
            query,
            dataset: ProtocolDataset::of(&fields)?,
            base_iri,
        };
        self.run(request_to_run, accept(request), client_address(request))
    }
}

/// The endpoint's own IRI, `http://HOST/sparql`, from the request's Host header: the base of
/// relative IRIs in a query. None when the header does not make an IRI.
fn endpoint_iri(request: &Request<Body>) -> Option<String> {
    let host = request.headers().get("host")?.to_str().ok()?;
    let iri = format!("http://{host}/sparql");
    NamedNode::new(&iri).ok().map(|_| iri)
}

impl Handler {
    /// Runs the query of `request` on the current store in a worker, within the timeout.
    pub(super) fn run(
        &self,
        request: QueryRequest,
        accept: String,
        client: Option<std::net::IpAddr>,
    ) -> Result<Response<Body>, Failure> {
        if request.query.trim().is_empty() {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "the query is empty: send a SPARQL query in `query` (or as the body)",
            ));
        }
        let text = QueryText {
            text: request.query.clone(),
            origin: "query".into(),
        };
        let token = CancellationToken::new();
        let mut prepared = query::prepare_with(
            &self.settings.namespaces,
            &text,
            self.settings.services(),
            Some(token.clone()),
            request.base_iri.as_deref(),
        )
        .map_err(|e| {
            if query::is_update(&self.settings.namespaces, &request.query) {
                read_only()
            } else {
                fail(StatusCode::BAD_REQUEST, crate::diagnostic::render(&e))
            }
        })?;
        request.dataset.apply(prepared.dataset_mut());
        let timeout = self.settings.query_timeout;
        let max_rows = self.settings.max_rows;
        let namespaces = self.settings.namespaces.clone();
        let store = self.store.current();
        let answer = self.workers.run(client, Instant::now() + timeout, move || {
            let results = prepared
                .on_store(&store)
                .execute()
                .map_err(|e| evaluation_failure(&e, timeout))?;
            serialize(&namespaces, results, &accept, max_rows, timeout)
        });
        let answer = answer.unwrap_or_else(|unanswered| {
            // The query stops at its next store read; the client has its answer now.
            token.cancel();
            Err(match unanswered {
                Unanswered::Late => timed_out(timeout),
                Unanswered::Busy => fail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "{} queries that passed their timeout are still stopping; try again in a moment",
                        super::workers::MAX_LATE
                    ),
                ),
                Unanswered::ClientBusy => fail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "{} of your queries are still running or still stopping after their timeout, the most one address may have at once; try again in a moment",
                        super::workers::MAX_RUNNING_PER_CLIENT
                    ),
                ),
                Unanswered::Crashed => fail(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the query stopped on an internal error; please report it with the query",
                ),
            })
        });
        answer.map(|(content_type, body)| bytes(StatusCode::OK, content_type, body))
    }
}

fn serialize(
    ns: &Namespaces,
    results: QueryResults<'_>,
    accept: &str,
    max_rows: usize,
    timeout: Duration,
) -> Result<(&'static str, Vec<u8>), Failure> {
    let too_many = || {
        fail(
            StatusCode::BAD_REQUEST,
            format!("the result has more than {max_rows} rows, this server's limit: add a LIMIT"),
        )
    };
    let mut out = Vec::new();
    let content_type = match results {
        QueryResults::Solutions(solutions) => {
            let format = negotiate_results(accept);
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .map_err(internal)?;
            for (count, solution) in solutions.enumerate() {
                if count == max_rows {
                    return Err(too_many());
                }
                let solution = solution.map_err(|e| evaluation_failure(&e, timeout))?;
                writer.serialize(&solution).map_err(internal)?;
            }
            writer.finish().map_err(internal)?;
            format.media_type()
        }
        QueryResults::Boolean(value) => {
            let format = negotiate_results(accept);
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut out, value)
                .map_err(internal)?;
            format.media_type()
        }
        QueryResults::Graph(triples) => {
            // A client that lists only result formats (rdflib's SPARQLStore asking for JSON)
            // still gets the graph, in Turtle: RFC 9110 §12.5.1 lets a server ignore Accept.
            let format = negotiate_graph(accept).unwrap_or(RdfFormat::Turtle);
            let mut writer = output::serializer(ns, format).for_writer(&mut out);
            for (count, triple) in triples.enumerate() {
                if count == max_rows {
                    return Err(too_many());
                }
                let triple = triple.map_err(|e| evaluation_failure(&e, timeout))?;
                writer.serialize_triple(&triple).map_err(internal)?;
            }
            writer.finish().map_err(internal)?;
            format.media_type()
        }
    };
    Ok((content_type, out))
}

fn evaluation_failure(error: &QueryEvaluationError, timeout: Duration) -> Failure {
    match error {
        QueryEvaluationError::Cancelled => timed_out(timeout),
        QueryEvaluationError::Service(e) => fail(StatusCode::BAD_GATEWAY, e.to_string()),
        other => fail(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

fn read_only() -> Failure {
    fail(
        StatusCode::FORBIDDEN,
        "this endpoint is read-only: SPARQL Update is not accepted",
    )
}

/// The results format the client accepts best; JSON when it accepts none of them (a client
/// that lists only RDF syntaxes for a SELECT), as RFC 9110 §12.5.1 allows.
fn negotiate_results(accept: &str) -> QueryResultsFormat {
    for range in ranges(accept) {
        if matches!(range.as_str(), "*/*" | "application/*") {
            return QueryResultsFormat::Json;
        }
        if range == "text/*" {
            return QueryResultsFormat::Csv;
        }
        if let Some(format) = QueryResultsFormat::from_media_type(&range) {
            return format;
        }
    }
    QueryResultsFormat::Json
}

/// The SPARQL 1.1 Service Description, for a bare GET. The default graph is the union of the
/// named graphs as a multiset, not the set `sd:UnionDefaultGraph` names: a triple that several
/// claims state matches once per claim. `fg:MultisetUnionDefaultGraph` (declared in the
/// ontology) says so.
fn service_description(request: &Request<Body>) -> Response<Body> {
    let endpoint = endpoint_iri(request).unwrap_or_else(|| "http://127.0.0.1/sparql".into());
    let turtle = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix fg: <{FG}> .\n\
         <{endpoint}> a sd:Service ;\n\
         \x20   sd:endpoint <{endpoint}> ;\n\
         \x20   sd:supportedLanguage sd:SPARQL11Query ;\n\
         \x20   sd:feature fg:MultisetUnionDefaultGraph ;\n\
         \x20   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/N-Quads>, <http://www.w3.org/ns/formats/TriG>, <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/RDF_XML> .\n"
    );
    text(StatusCode::OK, "text/turtle; charset=utf-8", turtle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that accepts no results format still gets the results, as JSON.
    #[test]
    fn results_are_negotiated_and_json_when_nothing_matches() {
        assert_eq!(
            negotiate_results("text/tab-separated-values"),
            QueryResultsFormat::Tsv
        );
        assert_eq!(negotiate_results("*/*"), QueryResultsFormat::Json);
        assert_eq!(negotiate_results("text/turtle"), QueryResultsFormat::Json);
    }
}
