//! The commands: each takes its parsed arguments, validates them before touching the store,
//! then drives the pipeline. `main` only parses the command line and reports errors.

mod add;
mod coverage;
mod disputes;
mod extract;
mod init;
mod link;
mod location;
mod remote;
mod validate;

use crate::build;
use crate::cli::{Cli, Command};
use crate::export;
use crate::graph::iri::Namespaces;
use crate::query::output::Format;
use crate::query::{self, QueryText, output};
use crate::remote::Politeness;
use crate::remote::federation::ServiceMap;
use crate::serve;
use anyhow::{Context, Result, bail};
use location::{Location, locate};
use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn run(cli: &Cli, out: &mut impl Write) -> Result<()> {
    // Serving files needs no project.
    if let Command::Serve { data, .. } = &cli.command
        && !data.is_empty()
    {
        return serve_command(cli, None);
    }
    // Nor does making one.
    if let Command::Init { dir, name, base } = &cli.command {
        return init::command(cli, dir, name.as_deref(), base.as_deref());
    }
    let location = locate(cli)?;
    match &cli.command {
        Command::Build => build_command(cli, &location),
        Command::Query {
            query,
            file,
            format,
            params,
            no_build,
            explain,
            service_map,
            service_timeout,
            endpoint,
            credentials,
            curated,
        } => {
            let text = query::resolve(
                query.as_deref(),
                file.as_deref(),
                location.root.as_deref(),
                read_stdin,
            )?;
            if let Some(endpoint) = endpoint {
                let params = params
                    .iter()
                    .map(|p| query::parse_param(location.namespaces(), p))
                    .collect::<Result<Vec<_>>>()?;
                let endpoint = remote::query_endpoint(
                    endpoint,
                    credentials.credentials()?,
                    Duration::from_secs(*service_timeout),
                )?;
                return remote::query_remote(
                    location.namespaces(),
                    &text,
                    &params,
                    &endpoint,
                    format.or_else(default_solutions_format),
                    out,
                );
            }
            let services = query::Services::Http {
                map: ServiceMap::parse(service_map)?,
                politeness: Politeness {
                    timeout: Duration::from_secs(*service_timeout),
                    ..Politeness::default()
                },
            };
            let prepared = query::prepare_with(location.namespaces(), &text, services, None)?;
            let params = params
                .iter()
                .map(|p| query::parse_param(location.namespaces(), p))
                .collect::<Result<Vec<_>>>()?;
            let store = open(cli, &location, *no_build)?;
            let format = format.or_else(default_solutions_format);
            if *explain {
                let (results, explanation) =
                    query::execute_explained(&store, &text, prepared, &params)?;
                let results = query::curated::keep_if(*curated, results, &text.origin)?;
                output::write(location.namespaces(), results, format, out)?;
                out.flush()?;
                query::plan::Plan::of(&explanation)?.write(&mut std::io::stderr().lock())?;
            } else {
                let results = query::execute(&store, &text, prepared, &params)?;
                let results = query::curated::keep_if(*curated, results, &text.origin)?;
                output::write(location.namespaces(), results, format, out)?;
            }
            exiting(store);
            Ok(())
        }
        Command::Queries => list_queries(&location, out),
        Command::Push {
            endpoint,
            credentials,
            default_graph_as,
            batch,
            timeout,
            restart,
            query_endpoint,
            no_delete,
        } => {
            let credentials = credentials.credentials()?;
            if let Some(report) =
                build::ensure_current(location.root.as_deref(), &location.store, cli.quiet)?
            {
                report_build(cli, &report);
            }
            remote::push_command(
                &location,
                remote::PushOptions {
                    endpoint,
                    credentials,
                    default_graph_as: default_graph_as.clone(),
                    batch: *batch,
                    timeout: Duration::from_secs(*timeout),
                    restart: *restart,
                    query_endpoint: query_endpoint.as_deref(),
                    delete: !*no_delete,
                    quiet: cli.quiet,
                },
            )
        }
        Command::Serve { .. } => serve_command(cli, Some(&location)),
        Command::Export {
            format,
            output,
            document,
            provenance,
            links,
        } => {
            let format = format
                .or_else(|| output.as_deref().and_then(Format::from_extension))
                .unwrap_or(if *links {
                    Format::Ntriples
                } else {
                    Format::Trig
                });
            let Some(rdf) = format.rdf() else {
                bail!(
                    "--format {format:?} is not an RDF syntax; export writes turtle, ntriples, nquads, trig, jsonld or rdfxml"
                );
            };
            if *provenance && rdf.supports_datasets() {
                eprintln!(
                    "note: --provenance changes nothing in {format:?}: claims are kept as named graphs"
                );
            }
            let store = open(cli, &location, false)?;
            let options = export::Options {
                namespaces: location.namespaces().clone(),
                document: document.clone(),
                provenance: *provenance,
                links: *links,
            };
            let written = match output {
                Some(path) => {
                    write_atomically(path, |file| export::export(&store, rdf, &options, file))?
                }
                None => export::export(&store, rdf, &options, &mut *out)
                    .map_err(|err| naming_output(err, "standard output"))?,
            };
            if !cli.quiet {
                if !rdf.supports_datasets() && !provenance && !links {
                    eprintln!(
                        "note: {format:?} has no named graphs: claim triples are merged; add --provenance to keep who said what"
                    );
                }
                eprintln!(
                    "exported {written} {}",
                    if rdf.supports_datasets() {
                        "quads"
                    } else {
                        "triples"
                    }
                );
            }
            Ok(())
        }
        Command::Disputes {
            about,
            format,
            no_build,
            curated,
        } => disputes::run(
            cli,
            &location,
            &disputes::Options {
                about: about.as_deref(),
                format: *format,
                no_build: *no_build,
                curated: *curated,
            },
            out,
        ),
        Command::Validate {
            data,
            shapes,
            format,
            no_build,
        } => validate::run(
            cli,
            &location,
            &validate::Options {
                data: data.as_deref(),
                shapes: shapes.as_deref(),
                format: *format,
                no_build: *no_build,
            },
            out,
        ),
        Command::Extract {
            paths,
            format,
            evaluate,
            misses,
            lossy,
            jobs,
        } => extract::run(
            cli,
            &location,
            &extract::Options {
                paths,
                format: *format,
                evaluate: *evaluate,
                misses: *misses,
                decoding: if *lossy {
                    crate::inputs::Decoding::Lossy
                } else {
                    crate::inputs::Decoding::Strict
                },
                jobs: *jobs,
            },
            out,
        ),
        Command::Draft {
            file,
            output,
            force,
        } => add::draft(cli, &location, file, output.as_deref(), *force, out),
        Command::Add {
            file,
            id,
            title,
            publisher,
            issued,
            language,
            genre,
            translated,
        } => add::add(
            cli,
            &location,
            &add::Metadata {
                file,
                id: id.as_deref(),
                title: title.as_deref(),
                publisher: publisher.as_deref(),
                issued: issued.as_deref(),
                language,
                genre,
                translated: *translated,
            },
        ),
        Command::Link {
            missing,
            endpoint,
            write,
            entities,
            limit,
            show,
            delay,
            timeout,
            max_rows,
            format,
        } => {
            if let Some(endpoint) = endpoint {
                let store = open(cli, &location, false)?;
                return link::run(
                    &location,
                    &store,
                    &link::Options {
                        endpoint,
                        write: *write,
                        entities,
                        limit: *limit,
                        show: *show,
                        delay: Duration::from_millis(*delay),
                        timeout: Duration::from_secs(*timeout),
                        max_rows: *max_rows,
                        format: *format,
                        quiet: cli.quiet,
                    },
                    out,
                );
            }
            if !missing {
                bail!(
                    "say what to do with the links\n  help: factgraph link --missing lists the entities without one; factgraph link --endpoint [URL] reconciles them with Wikidata; see factgraph link --help"
                );
            }
            let store = open(cli, &location, false)?;
            run_builtin_query(
                location.namespaces(),
                &store,
                UNLINKED_QUERY,
                "queries/unlinked.rq",
                *format,
                out,
            )
        }
        Command::Coverage {
            document,
            format,
            summary,
        } => {
            let root = location.root(": coverage reads its documents and facts")?;
            coverage::run(
                root,
                &coverage::Options {
                    document: document.as_deref(),
                    format: *format,
                    summary: *summary,
                },
                out,
            )
        }
        Command::Init { .. } => unreachable!("init runs before the project is looked for"),
        Command::Stats { format } => {
            let store = open(cli, &location, false)?;
            run_builtin_query(
                location.namespaces(),
                &store,
                STATS_QUERY,
                "<stats>",
                *format,
                out,
            )?;
            // With the union default graph SPARQL cannot count each quad once; the store can.
            let totals = TOTALS_QUERY.replace("QUADS", &store.len()?.to_string());
            run_builtin_query(
                location.namespaces(),
                &store,
                &totals,
                "<stats>",
                *format,
                out,
            )
        }
    }
}

/// The process ends right after a command: freeing a store that is about to vanish with the
/// process would only add milliseconds to every query.
fn exiting(store: oxigraph::store::Store) {
    std::mem::forget(store);
}

fn default_solutions_format() -> Option<Format> {
    if std::io::stdout().is_terminal() {
        None
    } else {
        Some(Format::Tsv)
    }
}

fn read_stdin() -> Result<String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!(
            "no query given\n  help: factgraph query NAME|FILE.rq|'SPARQL', or pipe the query in; `factgraph queries` lists the canned queries"
        );
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .context("cannot read the query from standard input")?;
    Ok(text)
}

fn build_command(cli: &Cli, location: &Location) -> Result<()> {
    let root = location.root(": there is nothing to build")?;
    let report = build::build(root, &location.store, cli.quiet)?;
    report_build(cli, &report);
    Ok(())
}

pub(super) fn report_build(cli: &Cli, report: &build::Report) {
    if cli.quiet {
        return;
    }
    for warning in report.summary.warnings.warnings() {
        eprintln!("{warning}");
    }
    let c = &report.summary;
    eprintln!(
        "built {} quads: {} documents, {} entities, {} claims, {} mentions in {:.2}s → {}",
        c.quads,
        c.documents,
        c.entities,
        c.claims,
        c.mentions,
        report.elapsed.as_secs_f64(),
        report.snapshot.display()
    );
}

/// The canned query `unlinked`, built in so that `link --missing` works in any project.
const UNLINKED_QUERY: &str = include_str!("../../queries/unlinked.rq");

/// Runs a query the binary carries (not one the user wrote) and writes its results.
fn run_builtin_query(
    ns: &Namespaces,
    store: &oxigraph::store::Store,
    text: &str,
    origin: &str,
    format: Option<Format>,
    out: &mut impl Write,
) -> Result<()> {
    let text = QueryText {
        text: text.into(),
        origin: origin.into(),
    };
    let results = query::execute(store, &text, query::prepare(ns, &text)?, &[])?;
    output::write(ns, results, format.or_else(default_solutions_format), out)
}

/// Loads the store, rebuilding it first when its inputs changed (unless `no_build`).
fn open(cli: &Cli, location: &Location, no_build: bool) -> Result<oxigraph::store::Store> {
    if !no_build
        && let Some(report) =
            build::ensure_current(location.root.as_deref(), &location.store, cli.quiet)?
    {
        report_build(cli, &report);
    }
    location.store.load()
}

fn serve_command(cli: &Cli, location: Option<&Location>) -> Result<()> {
    let Command::Serve {
        bind,
        data,
        allow_federation,
        service_map,
        timeout,
        max_rows,
        max_body_bytes,
        client_timeout,
    } = &cli.command
    else {
        unreachable!("serve_command runs the serve command")
    };
    let settings = serve::Settings {
        bind: *bind,
        allow_federation: *allow_federation,
        service_map: ServiceMap::parse(service_map)?,
        query_timeout: Duration::from_secs(*timeout),
        max_body_bytes: *max_body_bytes,
        client_timeout: Duration::from_secs(*client_timeout),
        max_rows: *max_rows,
        queries: location
            .and_then(|l| l.root.as_deref())
            .map(serve::CannedQuery::of_project)
            .unwrap_or_default(),
        reload_from: location
            .filter(|_| data.is_empty())
            .map(|l| l.store.clone()),
        quiet: cli.quiet,
        namespaces: location.map_or_else(Namespaces::karabakh, |l| l.namespaces().clone()),
        project_root: location
            .filter(|_| data.is_empty())
            .and_then(|l| l.root.clone()),
        ..serve::Settings::default()
    };
    let store = match location {
        Some(location) if data.is_empty() => open(cli, location, false)?,
        _ => load_files(data)?,
    };
    let quiet = cli.quiet;
    serve::serve(store, settings, |address| {
        if !quiet {
            eprintln!("factgraph serve: listening on http://{address}/sparql");
        }
    })
}

/// A new in-memory store holding `files`, each parsed in the format its extension names.
fn load_files(files: &[PathBuf]) -> Result<oxigraph::store::Store> {
    let store = oxigraph::store::Store::new()?;
    for path in files {
        store.extend(validate::read_rdf(path)?)?;
    }
    Ok(store)
}

fn list_queries(location: &Location, out: &mut impl Write) -> Result<()> {
    let root = location.root(": its queries are in its queries/ folder")?;
    for (name, path) in query::canned_queries(root) {
        let text = query::read_canned(root, &path)?;
        writeln!(out, "{name}")?;
        for line in query::description(&text).lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes a file through a temporary sibling and a rename, so a failure leaves no partial file.
pub(super) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> Result<T>,
) -> Result<T> {
    let file_name = path
        .file_name()
        .context("the output path has no file name")?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        bail!(
            "cannot write {}: the folder {} does not exist\n  help: create it first, or choose another path with -o",
            path.display(),
            folder.display()
        );
    }
    let temporary = path.with_file_name(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let interrupted = crate::interrupt::Temporary::register(&temporary);
    let result = (|| {
        let file = fs::File::create(&temporary)
            .with_context(|| format!("cannot create {}", temporary.display()))?;
        let mut writer = std::io::BufWriter::new(file);
        let value =
            write(&mut writer).map_err(|err| naming_output(err, &path.display().to_string()))?;
        (|| {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        })()
        .with_context(|| format!("cannot write {}", path.display()))?;
        interrupted
            .rename_to(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// An error met while writing to `output`: an I/O error (a full disk, a size limit) says which
/// output it was; other errors name their own cause.
fn naming_output(err: anyhow::Error, output: &str) -> anyhow::Error {
    if err.chain().any(|cause| cause.is::<std::io::Error>()) {
        err.context(format!("cannot write {output}"))
    } else {
        err
    }
}

const STATS_QUERY: &str = "
SELECT ?document ?claims ?triples ?mentions ?entities WHERE {
  ?d a fg:Document ; dcterms:identifier ?document .
  { SELECT ?d (COUNT(DISTINCT ?c) AS ?claims) WHERE { ?d a fg:Document . OPTIONAL { ?c fg:statedIn ?d } } GROUP BY ?d }
  { SELECT ?d (COUNT(?s) AS ?triples) WHERE { ?d a fg:Document . OPTIONAL { ?c fg:statedIn ?d . GRAPH ?c { ?s ?p ?o } } } GROUP BY ?d }
  { SELECT ?d (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?e) AS ?entities) WHERE {
      ?d a fg:Document . OPTIONAL { ?m fg:inDocument ?d ; fg:mentionOf ?e } } GROUP BY ?d }
} ORDER BY ?document";

const TOTALS_QUERY: &str = "
SELECT ?documents ?entities ?claims ?mentions ?quads WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?d a fg:Document } }
  { SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE { ?e rdfs:label ?l FILTER(STRSTARTS(STR(?e), STR(kb:))) } }
  { SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE { ?c a fg:Claim } }
  { SELECT (COUNT(DISTINCT ?m) AS ?mentions) WHERE { ?m a fg:Mention } }
  BIND(QUADS AS ?quads)
}";
