//! SPARQL 1.1 Federated Query: `SERVICE <iri> { … }` in a query is sent to that endpoint, or
//! to the one `--service-map IRI=URL` names instead (a mirror, or a local test server).

use super::{Endpoint, Politeness};
use crate::diagnostic::Refusal;
use anyhow::{Result, bail};
use oxigraph::model::NamedNode;
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The most solutions read from one SERVICE call.
const MAX_SERVICE_ROWS: usize = 1_000_000;

/// Where each SERVICE IRI is sent: to itself, unless the map redirects it.
#[derive(Debug, Clone, Default)]
pub struct ServiceMap {
    redirects: Vec<(String, String)>,
}

impl ServiceMap {
    /// Reads `--service-map` values, each `IRI=URL`.
    pub fn parse(values: &[String]) -> Result<Self> {
        let mut redirects = Vec::new();
        for value in values {
            let Some((iri, url)) = value
                .split_once('=')
                .filter(|(i, u)| !i.is_empty() && !u.is_empty())
            else {
                bail!(Refusal::new(
                    format!("--service-map `{value}` is not of the form IRI=URL"),
                    "e.g. --service-map https://query.wikidata.org/sparql=http://127.0.0.1:7878/sparql"
                ));
            };
            let iri = iri.trim_start_matches('<').trim_end_matches('>');
            redirects.push((iri.to_string(), url.to_string()));
        }
        Ok(Self { redirects })
    }

    /// The URL that receives the calls to `service`.
    pub fn url_for<'a>(&'a self, service: &'a str) -> &'a str {
        self.redirects
            .iter()
            .find(|(iri, _)| iri == service)
            .map_or(service, |(_, url)| url.as_str())
    }
}

/// Sends SERVICE patterns over HTTP, one [`Endpoint`] per URL (each keeps its own pace).
pub struct HttpServices {
    map: ServiceMap,
    politeness: Politeness,
    endpoints: Mutex<HashMap<String, Arc<Endpoint>>>,
}

impl HttpServices {
    pub fn new(map: ServiceMap, politeness: Politeness) -> Self {
        Self {
            map,
            politeness,
            endpoints: Mutex::default(),
        }
    }

    fn endpoint(&self, url: &str) -> Result<Arc<Endpoint>> {
        let mut endpoints = self.endpoints.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(endpoint) = endpoints.get(url) {
            return Ok(Arc::clone(endpoint));
        }
        let endpoint = Arc::new(Endpoint::new(url, self.politeness.clone())?);
        endpoints.insert(url.to_string(), Arc::clone(&endpoint));
        Ok(endpoint)
    }
}

/// A SERVICE call that failed, with the message [`Endpoint`] wrote.
#[derive(Debug)]
pub struct ServiceError(String);

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServiceError {}

impl ServiceError {
    pub fn new(message: String) -> Self {
        Self(message)
    }
}

impl DefaultServiceHandler for HttpServices {
    type Error = ServiceError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceError> {
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        }
        .to_string();
        let url = self.map.url_for(service_name.as_str());
        let solutions = self
            .endpoint(url)
            .and_then(|endpoint| endpoint.select(&query, MAX_SERVICE_ROWS))
            .map_err(|e| {
                ServiceError(format!(
                    "SERVICE <{}>: {}",
                    service_name.as_str(),
                    crate::diagnostic::render(&e)
                ))
            })?;
        Ok(QuerySolutionIter::new(
            solutions.variables.into(),
            solutions
                .rows
                .into_iter()
                .map(Ok::<_, QueryEvaluationError>),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_redirects_named_services_and_leaves_others() {
        let map = ServiceMap::parse(&[
            "<https://query.wikidata.org/sparql>=http://127.0.0.1:9/sparql".into(),
        ])
        .unwrap();
        assert_eq!(
            map.url_for("https://query.wikidata.org/sparql"),
            "http://127.0.0.1:9/sparql"
        );
        assert_eq!(
            map.url_for("https://dbpedia.org/sparql"),
            "https://dbpedia.org/sparql"
        );
        assert!(ServiceMap::parse(&["no-equals-sign".into()]).is_err());
        assert!(ServiceMap::parse(&["=http://x".into()]).is_err());
    }
}
