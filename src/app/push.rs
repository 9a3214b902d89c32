//! `factgraph push`: the built dataset sent to another SPARQL store, graph by graph.

use super::Global;
use super::cli::RemoteCredentials;
use super::workspace::find_workspace;
use crate::diagnostic::Refusal;
use crate::remote::push::{self, Target};
use crate::remote::{Endpoint, Politeness};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// Send the built dataset to another SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, …).
///
/// Every graph (each claim's, the ontology's, the default one) is replaced, so
/// pushing twice gives the same content. The store's graphs under the dataset's
/// namespace (the base IRI of factgraph.toml) are listed first, through its
/// SPARQL query address: those the store has are emptied before they are filled,
/// and those the local store no longer has, such as a claim renamed or removed
/// since the last push, are deleted there; graphs under other names are never
/// touched. Small graphs go many to a SPARQL Update request (DELETE, then INSERT
/// DATA), large ones by the Graph Store HTTP Protocol (PUT); with
/// --bulk-load-dir, a Virtuoso on this machine loads them all with its own bulk
/// loader. A push that fails (network, credentials, a graph refused) records the
/// graphs already sent; run the same command again to send the rest. Afterwards
/// `factgraph query --endpoint` runs the canned queries there.
///
/// Examples:
///   factgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba \
///       --auth digest --default-graph-as https://w3id.org/factgraph/karabakh/graph/default
///   (Virtuoso on this machine: add --bulk-load-dir DIR, a folder in its DirsAllowed)
///   FACTGRAPH_TOKEN=… factgraph push --endpoint https://kb.example/rdf-graphs/service
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The store's Graph Store Protocol address (Virtuoso: /sparql-graph-crud-auth;
    /// Fuseki: /DATASET/data; GraphDB: /repositories/ID/rdf-graphs/service).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,

    #[command(flatten)]
    pub credentials: RemoteCredentials,

    /// Put the default graph's triples into this named graph instead, for stores whose
    /// default graph is the union of the named ones (Virtuoso).
    #[arg(long, value_name = "IRI")]
    pub default_graph_as: Option<String>,

    /// Triples per Graph Store Protocol request; a larger graph is sent as one PUT and then
    /// POSTs.
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub batch: usize,

    /// The store's SPARQL Update address, where graphs go many to a request (each replaced:
    /// DELETE of their triples, then INSERT DATA). Found from --endpoint for Virtuoso
    /// (/sparql-auth), Fuseki (/DATASET/update) and GraphDB (/repositories/ID/statements);
    /// without it every graph goes by the Graph Store Protocol.
    #[arg(long, value_name = "URL", conflicts_with = "graph_by_graph")]
    pub update_endpoint: Option<String>,

    /// Triples per SPARQL Update request (Virtuoso fails on an INSERT DATA of about 5,000); a
    /// larger graph goes by the Graph Store Protocol.
    #[arg(long, value_name = "N", default_value_t = 2_000,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub update_batch: usize,

    /// Send every graph by the Graph Store Protocol, one request or more each (for a store
    /// that refuses SPARQL Update).
    #[arg(long)]
    pub graph_by_graph: bool,

    /// Virtuoso on this machine: write the dataset as N-Quads into DIR, a folder Virtuoso may
    /// read (DirsAllowed in virtuoso.ini), and load it with Virtuoso's bulk loader (ld_dir,
    /// rdf_loader_run, checkpoint), called through the SPARQL endpoint as dba. Graphs the
    /// store holds are emptied first; the file is deleted after the load.
    #[arg(long, value_name = "DIR", conflicts_with = "graph_by_graph")]
    pub bulk_load_dir: Option<std::path::PathBuf>,

    /// Requests in flight at once, for a store far away: it works on one while the next
    /// travels. Virtuoso 7 serves a push's requests one at a time anyway, and after a crash it
    /// lost triples of requests it had answered while others were in flight: keep 1 for it.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64))]
    pub connections: usize,

    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout: u64,

    /// Send every graph again, even those an interrupted push already sent.
    #[arg(long)]
    pub restart: bool,

    /// The store's SPARQL query address, where the push lists its graphs. Found from
    /// --endpoint for Virtuoso (/sparql-auth), Fuseki (/DATASET/sparql) and GraphDB
    /// (/repositories/ID); other stores need it.
    #[arg(long, value_name = "URL", conflicts_with = "no_delete")]
    pub query_endpoint: Option<String>,

    /// Keep the store's graphs of this dataset that the local store no longer has.
    #[arg(long)]
    pub no_delete: bool,
}

pub fn run(global: &Global, args: &Args) -> Result<()> {
    let workspace = find_workspace(global)?;
    let credentials = args.credentials.credentials()?;
    workspace.ensure_current(global)?;
    let endpoint = args.endpoint.as_str();
    let timeout = Duration::from_secs(args.timeout);
    let delete = !args.no_delete;
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        bail!(Refusal::new(
            format!("`{}` is not an http:// or https:// URL", endpoint),
            "give the store's Graph Store Protocol address, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth"
        ));
    }
    // The store's quads rather than a loaded in-memory store: their blank node labels are
    // the same at every push, so pushing twice sends the same bytes.
    let quads = workspace
        .store
        .quads()
        .context("the store is unreadable; run `factgraph build`")?;
    let fingerprint = workspace.store.built_from().unwrap_or_default();
    let progress_path = push::progress_file(&workspace.store.path, endpoint, &fingerprint);
    if args.restart {
        let _ = std::fs::remove_file(&progress_path);
    }
    let politeness = Politeness {
        timeout,
        min_interval: Duration::ZERO,
        ..Politeness::default()
    };
    let prune = if delete {
        let url = match args.query_endpoint.as_deref() {
            Some(url) => url.to_string(),
            None => push::query_address(endpoint).ok_or_else(|| {
                anyhow::Error::new(Refusal::new(format!("cannot tell the SPARQL query address of {}: a push lists the store's graphs there, to delete those the local store no longer has", endpoint), "give it with --query-endpoint URL (e.g. Fuseki: /DATASET/sparql), or keep those graphs with --no-delete"))
            })?,
        };
        Some(Endpoint::new(&url, politeness.clone())?.with_credentials(credentials.clone()))
    } else {
        None
    };
    let update = match (&args.update_endpoint, args.graph_by_graph) {
        (_, true) => None,
        (Some(url), false) => Some(url.clone()),
        (None, false) => push::update_address(endpoint),
    };
    let update = update
        .map(|url| {
            Endpoint::new(&url, politeness.clone()).map(|e| e.with_credentials(credentials.clone()))
        })
        .transpose()?;
    let target = Target {
        url: endpoint.to_string(),
        authorizer: crate::remote::auth::Authorizer::new(credentials),
        timeout,
        default_graph_as: args.default_graph_as.clone(),
        batch: args.batch,
        prune,
        update,
        update_batch: args.update_batch,
        connections: args.connections,
        bulk_load_folder: args.bulk_load_dir.clone(),
        dataset_namespace: workspace.namespaces().base.clone(),
    };
    let bar = if global.quiet {
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
            endpoint
        )
    })?;
    if !global.quiet {
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
            endpoint,
            started.elapsed().as_secs_f64()
        );
        if delete {
            eprintln!(
                "deleted {} graphs there that the local store no longer has",
                report.graphs_deleted
            );
        }
    }
    Ok(())
}
