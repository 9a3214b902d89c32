//! `factgraph push` and `query --endpoint`: the dataset and its queries on another store.

use super::Location;
use crate::cli::{AuthScheme, RemoteCredentials};
use crate::graph::iri::Namespaces;
use crate::query::QueryText;
use crate::query::output::{self, Format};
use crate::remote::auth::Credentials;
use crate::remote::push::{self, Target};
use crate::remote::{Endpoint, Politeness};
use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::model::Term;
use oxigraph::sparql::Variable;
use std::io::Write;
use std::time::{Duration, Instant};

impl RemoteCredentials {
    pub fn credentials(&self) -> Result<Credentials> {
        if let Some(token) = &self.token {
            return Ok(Credentials::Bearer(token.clone()));
        }
        let Some(user) = &self.user else {
            return Ok(Credentials::None);
        };
        let Some(password) = &self.password else {
            bail!(
                "--user {user} needs a password\n  help: set FACTGRAPH_PASSWORD (or pass --password, which other users of the machine can see)"
            );
        };
        let (user, password) = (user.clone(), password.clone());
        Ok(match self.auth {
            AuthScheme::Basic => Credentials::Basic { user, password },
            AuthScheme::Digest => Credentials::Digest { user, password },
        })
    }
}

pub struct PushOptions<'a> {
    pub endpoint: &'a str,
    pub credentials: Credentials,
    pub default_graph_as: Option<String>,
    pub batch: usize,
    pub timeout: Duration,
    pub restart: bool,
    /// Where to list the store's graphs; found from `endpoint` when `None`.
    pub query_endpoint: Option<&'a str>,
    /// Delete the store's graphs of the dataset that the local store does not have.
    pub delete: bool,
    pub quiet: bool,
}

pub fn push_command(location: &Location, options: PushOptions<'_>) -> Result<()> {
    if !(options.endpoint.starts_with("http://") || options.endpoint.starts_with("https://")) {
        bail!(
            "`{}` is not an http:// or https:// URL\n  help: give the store's Graph Store Protocol address, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth",
            options.endpoint
        );
    }
    // The store's N-Quads rather than a loaded in-memory store: their blank node labels are
    // the same at every push, so pushing twice sends the same bytes.
    let snapshot = location.store.nquads()?;
    let quads = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(&snapshot)
        .collect::<Result<Vec<_>, _>>()
        .context("the store's snapshot is unreadable; run `factgraph build`")?;
    let fingerprint = location.store.built_from().unwrap_or_default();
    let progress_path = push::progress_file(&location.store.path, options.endpoint, &fingerprint);
    if options.restart {
        let _ = std::fs::remove_file(&progress_path);
    }
    let prune = if options.delete {
        let url = match options.query_endpoint {
            Some(url) => url.to_string(),
            None => push::query_address(options.endpoint).ok_or_else(|| {
                anyhow!(
                    "cannot tell the SPARQL query address of {}: a push lists the store's graphs there, to delete those the local store no longer has\n  help: give it with --query-endpoint URL (e.g. Fuseki: /DATASET/sparql), or keep those graphs with --no-delete",
                    options.endpoint
                )
            })?,
        };
        let politeness = Politeness {
            timeout: options.timeout,
            min_interval: Duration::ZERO,
            ..Politeness::default()
        };
        Some(Endpoint::new(&url, politeness)?.with_credentials(options.credentials.clone()))
    } else {
        None
    };
    let target = Target {
        url: options.endpoint.to_string(),
        authorizer: crate::remote::auth::Authorizer::new(options.credentials),
        timeout: options.timeout,
        default_graph_as: options.default_graph_as,
        batch: options.batch,
        prune,
        dataset_namespace: location.namespaces().base.clone(),
    };
    let bar = if options.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("pushing {bar:30} {pos}/{len} graphs, {per_sec}, ETA {eta}")
            .expect("a valid progress template"),
    );
    let started = Instant::now();
    let report = push::push(&target, quads, &progress_path, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = report.with_context(|| {
        format!(
            "the push to {} stopped; run the same command again to send the remaining graphs",
            options.endpoint
        )
    })?;
    if !options.quiet {
        eprintln!(
            "pushed {} graphs ({} triples, {} requests{}) to {} in {:.1}s",
            report.graphs_sent,
            report.triples_sent,
            report.requests,
            if report.graphs_skipped > 0 {
                format!(
                    "; {} graphs sent by the interrupted push skipped",
                    report.graphs_skipped
                )
            } else {
                String::new()
            },
            options.endpoint,
            started.elapsed().as_secs_f64()
        );
        if options.delete {
            eprintln!(
                "deleted {} graphs there that the local store no longer has",
                report.graphs_deleted
            );
        }
    }
    Ok(())
}

/// The remote endpoint `query --endpoint` asks.
pub fn query_endpoint(url: &str, credentials: Credentials, timeout: Duration) -> Result<Endpoint> {
    Ok(Endpoint::new(
        url,
        Politeness {
            timeout,
            min_interval: Duration::ZERO,
            ..Politeness::default()
        },
    )?
    .with_credentials(credentials))
}

/// Runs `text` on a remote endpoint: parsed here with the project's prefixes (so a syntax error
/// points at its line), sent with full IRIs, parameters bound by a final VALUES clause.
pub fn query_remote(
    ns: &Namespaces,
    text: &QueryText,
    params: &[(Variable, Term)],
    endpoint: &Endpoint,
    format: Option<Format>,
    out: &mut impl Write,
) -> Result<()> {
    let parsed = crate::query::parse_algebra(ns, text)?;
    let graph_result = matches!(
        parsed,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
    );
    let mut sent = parsed.to_string();
    if !params.is_empty() {
        let variables: Vec<String> = params.iter().map(|(v, _)| v.to_string()).collect();
        let values: Vec<String> = params.iter().map(|(_, t)| t.to_string()).collect();
        sent = format!(
            "{sent}\nVALUES ({}) {{ ({}) }}",
            variables.join(" "),
            values.join(" ")
        );
        // Parsed once more and written out again, the trailing VALUES becomes part of the
        // pattern: Virtuoso ignores a VALUES clause after the query.
        sent = spargebra::SparqlParser::new()
            .parse_query(&sent)
            .context("the query with its parameters bound does not parse")?
            .to_string();
    }
    let results = endpoint.run(&sent, graph_result)?;
    output::write(ns, results, format, out)
}
