//! `factgraph query`: a canned query, a file or SPARQL text, on the store or on another
//! endpoint.

use super::Global;
use super::cli::{RemoteCredentials, seconds};
use super::output::default_solutions_format;
use super::served;
use super::workspace::{exiting, find_workspace};
use crate::diagnostic::Refusal;
use crate::query;
use crate::query::output::{self, Format};
use crate::remote::federation::ServiceMap;
use crate::remote::{Endpoint, Politeness};
use anyhow::{Context, Result, bail};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

/// Run a SPARQL query over the store (building it first if the inputs changed).
///
/// QUERY is the name of a canned query (queries/NAME.rq), a path to a .rq file, SPARQL
/// text, or `-` for standard input; without QUERY or -f the query is read from standard
/// input. The default graph is the union of all graphs, so `?e fg:killed ?n` sees every
/// claim; `GRAPH ?c { … } ?c fg:statedIn ?d` tells which document states what. The
/// prefixes fg: kb: doc: claim: rdf: rdfs: owl: xsd: skos: dcterms: prov: schema: oa: void:
/// wd: dbr: are predeclared.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A canned query name, a .rq file, SPARQL text, or `-` for standard input.
    pub query: Option<String>,

    /// Read the query from this file.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "query"
    )]
    pub file: Option<PathBuf>,

    /// Output format. SELECT and ASK: table (default on a terminal, tsv otherwise), csv,
    /// tsv, json, xml. CONSTRUCT and DESCRIBE: turtle (default), ntriples, nquads, trig,
    /// jsonld, rdfxml.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Bind a variable of the query: name=value, where value is an IRI (<…> or a prefixed
    /// name such as kb:baku), a number, or else a string. A parameter the query's header
    /// shows as `--param NAME=kb:…` takes an entity by slug, label or alias as well
    /// (entity=khojaly-massacre, entity='Khojaly massacre', entity=Kocaeli); one the store
    /// does not have is an error naming the closest. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,

    /// After the results, print on standard error the plan oxigraph evaluated: a step per
    /// line, with the rows it gave, its time with its inputs', and its own time. The step
    /// whose own time is largest is where a slow query spends it (a sort of every row, a
    /// scan no index narrows, a join that multiplies rows). Timing each row slows a query
    /// that passes millions of them: compare steps with each other, not with a plain run.
    #[arg(long)]
    pub explain: bool,

    /// Send `SERVICE <IRI>` calls to URL instead (a mirror, or a local server), e.g.
    /// https://query.wikidata.org/sparql=http://127.0.0.1:7878/sparql. Repeatable.
    #[arg(long = "service-map", value_name = "IRI=URL")]
    pub service_map: Vec<String>,

    /// How long one SERVICE call may take, in seconds (1 to 86400).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = seconds())]
    pub service_timeout: u64,

    /// Run the query on this SPARQL endpoint instead of the local store (after `factgraph
    /// push` put the dataset there). The project's prefixes are declared for it and
    /// --param values are bound by a VALUES clause; output formats are the same.
    #[arg(long, value_name = "URL", conflicts_with_all = ["no_build", "service_map", "explain"])]
    pub endpoint: Option<String>,

    #[command(flatten)]
    pub credentials: RemoteCredentials,

    /// Keep to curated claims: drop every row whose ?method (or ?methodA, ?methodB, …) names a
    /// rule ("rule:<name>"). The canned queries that list claims (timeline, claims,
    /// casualties, sources, disputes, agreements) select it. Local store only.
    #[arg(long, conflicts_with = "endpoint")]
    pub curated: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let ns = workspace.namespaces();
    let text = query::resolve(
        args.query.as_deref(),
        args.file.as_deref(),
        workspace.root.as_deref(),
        read_stdin,
    )?;
    let format = args.format.or_else(default_solutions_format);
    if let Some(endpoint) = &args.endpoint {
        let params = args
            .params
            .iter()
            .map(|p| query::parse_param(ns, p))
            .collect::<Result<Vec<_>>>()?;
        let endpoint = Endpoint::new(
            endpoint,
            Politeness {
                timeout: Duration::from_secs(args.service_timeout),
                min_interval: Duration::ZERO,
                ..Politeness::default()
            },
        )?
        .with_credentials(args.credentials.credentials()?);
        // Parsed here with the project's prefixes, so that a syntax error points at its line.
        let parsed = query::parse_algebra(ns, &text)?;
        let results = endpoint.run_parsed(&parsed, &params)?;
        return output::write(ns, None, results, format, out);
    }
    let services = query::Services::Http {
        map: ServiceMap::parse(&args.service_map)?,
        politeness: Politeness {
            timeout: Duration::from_secs(args.service_timeout),
            ..Politeness::default()
        },
    };
    let prepared = query::prepare_with(ns, &text, services, None, None)?;
    let question = query::Question {
        text,
        params: args.params.clone(),
        curated: args.curated,
        format,
    };
    if !args.no_build {
        workspace.ensure_current(global)?;
    }
    if may_go_to_the_server(args, &question.text)
        && let Some(answer) = served::by_server(&workspace, &served::Work::Query(question.clone()))
    {
        return served::print(&answer, out);
    }
    let store = workspace.store.load()?;
    if args.explain {
        let takes_entity = query::entity_parameters(&question.text.text);
        let params = args
            .params
            .iter()
            .map(|p| query::parse_param_in(&store, ns, &takes_entity, p))
            .collect::<Result<Vec<_>>>()?;
        let (results, explanation) =
            query::execute_explained(&store, &question.text, prepared, &params)?;
        let results = query::curated::keep_if(args.curated, results, &question.text.origin)?;
        output::write(ns, Some(&store), results, format, out)?;
        out.flush()?;
        query::plan::Plan::of(&explanation)?.write(&mut std::io::stderr().lock())?;
    } else {
        query::answer(&store, ns, &question, prepared, out)?;
    }
    exiting(store);
    Ok(())
}

/// A query the project's server may answer for this command (`serve::delegate`): not one
/// whose plan is to be shown, nor one that may call other endpoints (the server refuses
/// SERVICE; any mention of the word, even in a comment, keeps the query here).
fn may_go_to_the_server(args: &Args, text: &query::QueryText) -> bool {
    !args.explain
        && args.service_map.is_empty()
        && !text.text.to_ascii_lowercase().contains("service")
}

fn read_stdin() -> Result<String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!(Refusal::new(
            "no query given",
            "factgraph query NAME|FILE.rq|'SPARQL', or pipe the query in; `factgraph queries` lists the canned queries"
        ));
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .context("cannot read the query from standard input")?;
    Ok(text)
}
