//! A push through Virtuoso's own bulk loader, for a Virtuoso that runs on this machine.
//!
//! Virtuoso 7 takes data over HTTP at about 70,000 triples a second by the Graph Store
//! Protocol and far slower in graphs of a few triples by SPARQL Update, one core busy and
//! requests served one at a time, where its bulk loader (`ld_dir`, `rdf_loader_run`) reads a
//! file at 120,000 (`bench/RESULTS.md`). Its SPARQL endpoint calls SQL procedures named
//! `<sql:…>` for a user allowed to run them (dba), so the loader is reachable without its SQL
//! port: the push writes the dataset as one N-Quads file into a folder Virtuoso may read
//! (`DirsAllowed` in virtuoso.ini), has Virtuoso load it, checkpoints, and deletes the file.
//!
//! The loader adds quads; it replaces nothing. So every local graph the store may hold is
//! emptied first (on a first push, none is), and stale graphs are dropped before the load.
//! The loader records a file's errors in its table `DB.DBA.LOAD_LIST` instead of answering
//! with them, so the push reads that line back (through SQL's `exec`, which raises them), and
//! deletes it. Run again, the same push lists and empties what the previous run left and loads
//! everything again.

use super::{DROPS_PER_REQUEST, Present, Report, Target, drop_graphs};
use crate::diagnostic::Refusal;
use crate::remote::Endpoint;
use anyhow::{Context, Result, bail};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad, Term, Triple};
use std::collections::BTreeMap;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Loads `graphs` into the store of `target` through the folder `folder`, after emptying
/// those `present` says it may hold and dropping `stale`.
pub(super) fn load(
    target: &Target,
    graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    present: &Present,
    stale: &[NamedNode],
    folder: &Path,
) -> Result<Report> {
    let endpoint = target.update.as_ref().context(
        "Virtuoso's bulk loader is reached through its SPARQL endpoint: give --update-endpoint",
    )?;
    let default_graph = target.default_graph_as.as_deref();
    if default_graph.is_none() && graphs.values().any(|(g, _)| g.is_default_graph()) {
        bail!(Refusal::new(
            "Virtuoso's bulk loader needs a graph for the default graph's triples",
            "give one with --default-graph-as IRI"
        ));
    }
    let mut report = Report::default();
    let held: Vec<&str> = graphs
        .values()
        .filter_map(|(graph, _)| target.graph_iri(graph))
        .filter(|iri| present.may_hold(iri))
        .collect();
    for chunk in held.chunks(DROPS_PER_REQUEST) {
        let values: String = chunk.iter().map(|iri| format!(" <{iri}>")).collect();
        endpoint
            .update(&format!(
                "DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{{values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            ))
            .with_context(|| format!("cannot empty {} graphs before the load", chunk.len()))?;
        report.requests += 1;
    }
    drop_graphs(endpoint, stale, &mut report)?;

    let file = LoadFile::write(folder, target, graphs)?;
    let (folder_text, name) = file.location()?;
    let path = sql_text(&format!("{folder_text}/{name}"))?;
    let default_graph = default_graph.unwrap_or(&target.dataset_namespace);
    let load = [
        format!(
            "<sql:ld_dir>({}, {}, {})",
            literal(&folder_text),
            literal(&name),
            literal(default_graph)
        ),
        "<sql:rdf_loader_run>()".to_string(),
    ];
    // The loader answers nothing of a file it could not read or parse: its table says. (The
    // message must depend on a column, or Virtuoso raises it whatever the table holds.)
    let check = [
        format!(
            "select signal('22023', sprintf('Virtuoso loaded no file %s (%d done): it must run on this machine and may read only the folders in DirsAllowed (virtuoso.ini)', {path}, N)) from (select count(*) as N from DB.DBA.LOAD_LIST where LL_FILE = {path} and LL_STATE = 2) C where N = 0"
        ),
        format!(
            "select signal('22023', LL_ERROR) from DB.DBA.LOAD_LIST where LL_FILE = {path} and LL_ERROR is not null"
        ),
    ];
    for call in &load {
        call_procedure(endpoint, call)?;
        report.requests += 1;
    }
    let checked: Result<()> = check
        .iter()
        .try_for_each(|statement| call_procedure(endpoint, &sql(statement)));
    // The table's line for the file goes with the file, loaded or not.
    let forgotten = call_procedure(
        endpoint,
        &sql(&format!(
            "delete from DB.DBA.LOAD_LIST where LL_FILE = {path}"
        )),
    );
    drop(file);
    checked?;
    forgotten?;
    // The loader writes no transaction log: the checkpoint makes the load durable.
    call_procedure(endpoint, &sql("checkpoint"))?;
    report.requests += 4;
    report.graphs_sent = graphs.len();
    report.triples_sent = graphs.values().map(|(_, triples)| triples.len()).sum();
    Ok(report)
}

/// `statement` run by Virtuoso's SQL `exec`, which raises the statement's error.
fn sql(statement: &str) -> String {
    format!("bif:exec({})", literal(statement))
}

/// `text` as an SQL string literal, for text without quotes, backslashes or control
/// characters (a path the push made itself, in a folder the user named).
fn sql_text(text: &str) -> Result<String> {
    if text
        .chars()
        .any(|c| c == '\'' || c == '\\' || c.is_control())
    {
        bail!(Refusal::new(
            format!("the path {text} has a quote, a backslash or a control character"),
            "give --bulk-load-dir a folder whose path has none"
        ));
    }
    Ok(format!("'{text}'"))
}

/// Runs one SQL procedure through the SPARQL endpoint, as `SELECT (call AS ?done) {}`.
fn call_procedure(endpoint: &Endpoint, call: &str) -> Result<()> {
    endpoint
        .select(&format!("SELECT ({call} AS ?done) {{}}"), 1)
        .with_context(|| {
            Refusal::new(
                "Virtuoso's bulk loader stopped".to_string(),
                "it needs Virtuoso's dba account (--user dba), on this machine, and a folder listed in DirsAllowed in virtuoso.ini",
            )
        })?;
    Ok(())
}

/// A SPARQL string literal of `text`.
fn literal(text: &str) -> String {
    Term::Literal(oxigraph::model::Literal::new_simple_literal(text)).to_string()
}

/// The N-Quads file the loader reads, new in the folder, deleted when dropped or when the push
/// is interrupted by a signal.
struct LoadFile {
    path: PathBuf,
    _interrupted: crate::interrupt::Temporary,
}

impl LoadFile {
    fn write(
        folder: &Path,
        target: &Target,
        graphs: &BTreeMap<String, (GraphName, Vec<Triple>)>,
    ) -> Result<Self> {
        let folder = folder
            .canonicalize()
            .with_context(|| format!("--bulk-load-dir {}: no such folder", folder.display()))?;
        if !folder.is_dir() {
            bail!(Refusal::new(
                format!("--bulk-load-dir {} is not a folder", folder.display()),
                "give a folder Virtuoso may read (DirsAllowed in virtuoso.ini)"
            ));
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = folder.join(format!("factgraph-push-{}-{stamp}.nq", std::process::id()));
        // A new file, never one already there (nor a link planted under its name); registered
        // once it is ours, so that an interruption never deletes another's.
        let created = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let file = Self {
            _interrupted: crate::interrupt::Temporary::register(&path),
            path,
        };
        let mut serializer =
            RdfSerializer::from_format(RdfFormat::NQuads).for_writer(BufWriter::new(created));
        for (graph, triples) in graphs.values() {
            let graph = match (graph, target.graph_iri(graph)) {
                (GraphName::DefaultGraph, Some(iri)) => {
                    GraphName::NamedNode(NamedNode::new_unchecked(iri))
                }
                _ => graph.clone(),
            };
            for triple in triples {
                serializer.serialize_quad(&Quad::new(
                    triple.subject.clone(),
                    triple.predicate.clone(),
                    triple.object.clone(),
                    graph.clone(),
                ))?;
            }
        }
        serializer
            .finish()?
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_all()
            .with_context(|| format!("cannot write {}", file.path.display()))?;
        // Virtuoso runs as its own user: it must be able to read the file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&file.path, fs::Permissions::from_mode(0o644))?;
        }
        Ok(file)
    }

    /// The folder and the file name, as text for the loader.
    fn location(&self) -> Result<(String, String)> {
        let text = |part: Option<&std::ffi::OsStr>| {
            part.and_then(|p| p.to_str())
                .map(str::to_string)
                .with_context(|| format!("{} is not a UTF-8 path", self.path.display()))
        };
        Ok((
            text(self.path.parent().map(Path::as_os_str))?,
            text(self.path.file_name())?,
        ))
    }
}

impl Drop for LoadFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
