//! `factgraph serve`: the store over the SPARQL 1.1 Protocol.
//!
//! Safe by default: it binds the loopback address, answers queries only (an update is refused
//! whatever the flags), refuses `SERVICE` unless told otherwise, stops a query after a timeout,
//! and bounds request bodies and result rows. A bad request gets a 4xx status and the parser's
//! message as plain text, never a stack trace; one request's failure never stops the server.

mod connections;
mod coverage;
pub mod delegate;
pub mod detach;
mod form;
mod index;
mod live;
mod pages;
mod protocol;
pub mod record;
mod sparql;
#[cfg(test)]
mod tests;
mod ui;
mod workers;

pub use protocol::Handler;

use crate::query::Services;
use crate::remote::Politeness;
use crate::remote::federation::ServiceMap;
use crate::store::StoreDir;
use crate::vocab::Namespaces;
use anyhow::{Context, Result};
use oxigraph::store::Store;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// How a server is set up.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    /// `SERVICE` calls are made (through the map) instead of refused.
    pub allow_federation: bool,
    pub service_map: ServiceMap,
    /// How long a query may run before it is stopped with 503.
    pub query_timeout: Duration,
    pub max_body_bytes: usize,
    /// How long a client may stay silent while sending or reading, and how long a whole
    /// request body may take to arrive.
    pub client_timeout: Duration,
    pub max_rows: usize,
    /// The canned queries the web UI offers.
    pub queries: Vec<CannedQuery>,
    /// Threads that run queries; more queries at once wait in line (see `workers`).
    pub query_workers: usize,
    /// The store folder whose new snapshots the server loads as builds write them.
    pub reload_from: Option<StoreDir>,
    /// The generation of that store the server starts with (`StoreDir::generation`, read
    /// before the store was loaded).
    pub generation: Option<String>,
    /// The record of this server beside the store (see `record`): its token lets the
    /// project's commands send it their work (`delegate`).
    pub record: Option<record::Record>,
    /// What does the commands' work; `None` runs none.
    pub runner: Option<delegate::Runner>,
    /// Say nothing on standard error but errors.
    pub quiet: bool,
    /// The project's namespaces: the prefixes of queries, the IRIs of pages.
    pub namespaces: Namespaces,
    /// The project whose inputs `/doc/{id}?uncovered` compares (none for served files).
    pub project_root: Option<std::path::PathBuf>,
}

/// A query of the project's `queries/` folder, as the web UI lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CannedQuery {
    pub name: String,
    /// The header comment.
    pub description: String,
    pub text: String,
}

impl CannedQuery {
    /// The canned queries of the project at `root`, for the web UI's list (those that cannot
    /// be read are left out).
    pub fn of_project(root: &std::path::Path) -> Vec<Self> {
        crate::query::canned_queries(root)
            .into_iter()
            .filter_map(|(name, path)| {
                let text = crate::query::read_canned(root, &path).ok()?;
                Some(Self {
                    name,
                    description: crate::query::description(&text),
                    text,
                })
            })
            .collect()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            allow_federation: false,
            service_map: ServiceMap::default(),
            query_timeout: Duration::from_secs(30),
            max_body_bytes: 1 << 20,
            client_timeout: Duration::from_secs(15),
            max_rows: 100_000,
            queries: Vec::new(),
            query_workers: 8,
            reload_from: None,
            generation: None,
            record: None,
            runner: None,
            quiet: false,
            // Files served with --data belong to no project: the bundled corpus's namespaces.
            namespaces: Namespaces::karabakh(),
            project_root: None,
        }
    }
}

impl Settings {
    fn services(&self) -> Services {
        if self.allow_federation {
            Services::Http {
                map: self.service_map.clone(),
                politeness: Politeness {
                    timeout: self.query_timeout,
                    min_interval: Duration::ZERO,
                    ..Politeness::default()
                },
            }
        } else {
            Services::Refused(
                "this server does not call other endpoints; start it with --allow-federation",
            )
        }
    }
}

/// Serves `store` until the process ends. `ready` is called once the socket listens.
///
/// Serving a project's store (`reload_from`), it writes its record there (`record`) for the
/// project's commands, deleted again when a signal ends the server.
pub fn serve(store: Store, mut settings: Settings, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let bind = settings.bind;
    let client_timeout = settings.client_timeout;
    let listener = TcpListener::bind(bind).with_context(|| {
        crate::diagnostic::Refusal::new(
            format!("cannot listen on {bind}"),
            "is another server using the port? choose another with --bind 127.0.0.1:PORT",
        )
    })?;
    let address = listener.local_addr().unwrap_or(bind);
    let _record_deleted_on_signals = match &settings.reload_from {
        Some(directory) => {
            let record = record::Record::new(address)?;
            let path = record.write(directory)?;
            settings.record = Some(record);
            Some(crate::interrupt::Temporary::register(&path))
        }
        None => None,
    };
    let handler = Arc::new(Handler::for_store(store, settings));
    ready(address);
    connections::accept(listener, handler, client_timeout);
    Ok(())
}
