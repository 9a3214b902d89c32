//! `factgraph serve`: the store, or RDF files, over the SPARQL 1.1 Protocol.

use super::Global;
use super::cli::seconds;
use super::validate::read_rdf;
use super::workspace::find_workspace;
use crate::remote::federation::ServiceMap;
use crate::serve::{self, CannedQuery, Settings};
use crate::vocab::Namespaces;
use anyhow::Result;
use oxigraph::store::Store;
use std::path::PathBuf;
use std::time::Duration;

/// Serve the store over the SPARQL 1.1 Protocol at http://ADDRESS/sparql.
///
/// GET /sparql?query=… or POST (form-encoded or application/sparql-query); the result
/// format follows the Accept header (JSON, XML, CSV, TSV for solutions; Turtle, N-Triples,
/// N-Quads, TriG, JSON-LD, RDF/XML for graphs). A GET without a query returns the service
/// description. The server is read-only: SPARQL Update is always refused. It listens on
/// the loopback address unless told otherwise; stop it with Ctrl-C.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// Serve these RDF files (format by extension: .ttl .nt .nq .trig .jsonld .rdf)
    /// instead of the project's store. Repeatable.
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,

    /// Let queries call other endpoints with SERVICE (refused by default).
    #[arg(long)]
    pub allow_federation: bool,

    /// With --allow-federation: send `SERVICE <IRI>` calls to URL instead. Repeatable.
    #[arg(long = "service-map", value_name = "IRI=URL")]
    pub service_map: Vec<String>,

    /// Stop a query after this many seconds (HTTP 503); 1 to 86400.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = seconds())]
    pub timeout: u64,

    /// Refuse results of more rows (or triples) than this (HTTP 400: add a LIMIT), and
    /// pages and graphs (/id/, /store) of more triples (HTTP 413); 1 to 100000000.
    #[arg(long, value_name = "N", default_value_t = 100_000,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000_000))]
    pub max_rows: usize,

    /// Refuse request bodies larger than this (HTTP 413); 1 to 1073741824 (1 GiB).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1 << 30))]
    pub max_body_bytes: usize,

    /// Disconnect a client that sends or reads nothing for this many seconds, or whose
    /// request line and headers take longer than this to arrive, and answer 408 to a
    /// request body that takes longer than this; 1 to 3600.
    #[arg(long, value_name = "SECONDS", default_value_t = 15,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub client_timeout: u64,
}

pub fn run(global: &Global, args: &Args) -> Result<()> {
    // Serving files needs no project.
    let workspace = if args.data.is_empty() {
        Some(find_workspace(global)?)
    } else {
        None
    };
    let settings = Settings {
        bind: args.bind,
        allow_federation: args.allow_federation,
        service_map: ServiceMap::parse(&args.service_map)?,
        query_timeout: Duration::from_secs(args.timeout),
        max_body_bytes: args.max_body_bytes,
        client_timeout: Duration::from_secs(args.client_timeout),
        max_rows: args.max_rows,
        queries: workspace
            .as_ref()
            .and_then(|l| l.root.as_deref())
            .map(CannedQuery::of_project)
            .unwrap_or_default(),
        reload_from: workspace.as_ref().map(|l| l.store.clone()),
        quiet: global.quiet,
        namespaces: workspace
            .as_ref()
            .map_or_else(Namespaces::karabakh, |l| l.namespaces().clone()),
        project_root: workspace.as_ref().and_then(|l| l.root.clone()),
        ..Settings::default()
    };
    let store = match &workspace {
        Some(workspace) => workspace.open_store(global, false)?,
        None => load_files(&args.data)?,
    };
    let quiet = global.quiet;
    serve::serve(store, settings, |address| {
        if !quiet {
            eprintln!("factgraph serve: listening on http://{address}/sparql");
        }
    })
}

/// A new in-memory store holding `files`, each parsed in the format its extension names.
fn load_files(files: &[PathBuf]) -> Result<Store> {
    let store = Store::new()?;
    for path in files {
        store.extend(read_rdf(path)?)?;
    }
    Ok(store)
}
