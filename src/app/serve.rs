//! `factgraph serve`: the store, or RDF files, over the SPARQL 1.1 Protocol.

use super::Global;
use super::cli::seconds;
use super::validate::read_rdf;
use super::workspace::find_workspace;
use crate::diagnostic::Refusal;
use crate::remote::federation::ServiceMap;
use crate::serve::{self, CannedQuery, Settings, delegate};
use crate::store::StoreDir;
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::store::Store;
use std::path::PathBuf;
use std::time::Duration;

/// Serve the store over the SPARQL 1.1 Protocol at http://ADDRESS/sparql.
///
/// GET /sparql?query=… or POST (form-encoded or application/sparql-query); the result
/// format follows the Accept header (JSON, XML, CSV, TSV for solutions; Turtle, N-Triples,
/// N-Quads, TriG, JSON-LD, RDF/XML for graphs). A GET without a query returns the service
/// description. The server is read-only: SPARQL Update is always refused. It listens on
/// the loopback address unless told otherwise; stop it with Ctrl-C, or `factgraph stop`.
///
/// While it serves the project's store, the project's `query`, `stats`, `disputes` and
/// `export` send it their work instead of loading the store (seconds at a few hundred
/// documents), and print the same answer; each loads the store itself when the server holds
/// an older build or does not answer. The server writes where it listens, its PID and a token only its user may read
/// to server.json in the store folder, and loads each new build as it is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// Serve these RDF files (format by extension: .ttl .nt .nq .trig .jsonld .rdf)
    /// instead of the project's store. Repeatable.
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,

    /// Serve in the background: return once the server answers, leaving it running (its
    /// messages go to server.log in the store folder). Stop it with `factgraph stop`.
    #[arg(long, conflicts_with = "data")]
    pub detach: bool,

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
    if let Some(workspace) = &workspace {
        refuse_a_second_server(&workspace.store)?;
        // Before a detached server starts: a build's errors belong on this terminal.
        workspace.ensure_current(global)?;
        if args.detach {
            let record = serve::detach::start(&workspace.store)?;
            if !global.quiet {
                eprintln!(
                    "factgraph serve: listening on http://{}/sparql (PID {}); stop it with `factgraph stop`",
                    record.address, record.pid
                );
            }
            return Ok(());
        }
    }
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
    let (store, generation) = match &workspace {
        Some(workspace) => {
            // Read before the load: see `StoreDir::generation`.
            let generation = workspace.store.generation();
            (workspace.store.load()?, generation)
        }
        None => (load_files(&args.data)?, None),
    };
    let settings = Settings {
        generation,
        runner: workspace
            .as_ref()
            .map(|w| super::served::runner(w.namespaces().clone())),
        ..settings
    };
    let quiet = global.quiet;
    serve::serve(store, settings, |address| {
        if !quiet {
            eprintln!("factgraph serve: listening on http://{address}/sparql");
        }
    })
}

/// One server per store: a second would replace the first's record, and `stop` would no
/// longer find the first.
fn refuse_a_second_server(store: &StoreDir) -> Result<()> {
    if let Some((record, status)) = delegate::running(store) {
        bail!(Refusal::new(
            format!(
                "a server already serves this store at http://{}/sparql (PID {})",
                record.address, status.pid
            ),
            "use that one, or stop it first with `factgraph stop`"
        ));
    }
    Ok(())
}

/// A new in-memory store holding `files`, each parsed in the format its extension names.
fn load_files(files: &[PathBuf]) -> Result<Store> {
    let store = Store::new()?;
    for path in files {
        store.extend(read_rdf(path)?)?;
    }
    Ok(store)
}
