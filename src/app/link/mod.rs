//! `factgraph link`: which entities lack a link, and reconciliation with Wikidata, against its
//! endpoint (`endpoint.rs`) or against data files (`files.rs`); `--write` adds the links that
//! pass to the registry files.
//!
//! Everything that can fail (the network, a file) happens before anything is written, and the
//! files are replaced whole (temporary sibling, then rename), so a failed run leaves the
//! registry as it was.

mod endpoint;
mod files;

use super::Global;
use super::output::{default_solutions_format, run_builtin_query};
use super::workspace::find_workspace;
use crate::diagnostic::Refusal;
use crate::extraction::registry::{self, Entity, NewLink, Registry};
use crate::files::{Replacement, replace_all};
use crate::inputs::Inputs;
use crate::ontology::Ontology;
use crate::query::output::{Format, ResultsFormat};
use crate::query::{self, QueryText, builtin};
use crate::remote::reconcile::Target;
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Links to Wikidata and DBpedia: which entities have none, and which items they may be.
///
/// Links are `wikidata = "Q…"` and `dbpedia = "Article_title"` in
/// data/entities/*.toml, with `wikidata_source` / `dbpedia_source` saying where
/// each came from (none means a curator entered it). The build turns them into
/// owl:sameAs and counts them in the dataset's VoID description (factgraph query
/// dataset).
///
/// --endpoint reconciles the entities without a Wikidata link: for each, one
/// query asks for the items whose English label or alias is one of its names and
/// that are instances of its class's Wikidata classes (skos:closeMatch in the
/// ontology), so a person is never matched to a town. Candidates are scored by
/// how the names met (label = label counts most) and by context shared with our
/// claims (a country or place both sides name). Only a clear winner is
/// "confirmed"; --write adds those to the registry with a *_source line, for
/// review in a diff. Any network error stops the run with nothing written.
///
/// --from reconciles offline, against data files made from Wikidata (the bundled
/// slices are in data/sources/, each folder with its origin and licence). Each
/// file, or each folder of files of one origin, is one source, scored on its own
/// with the same names, classes and context. Public files carry wrong ids now and
/// then, so a link is written only when one source gives the item with the
/// English Wikipedia title that is the entity's dbpedia value, or two sources
/// each confirm it, and no source points elsewhere. Everything else is a
/// candidate ("one source", "unconfirmed") or "disputed", never written. Linked
/// entities are checked too: "contradicted" means the sources back another item.
/// Files are streamed: a dump of many gigabytes is read in flat memory.
///
/// Shapes, by extension (each also gzipped: .json.gz, .csv.gz, …):
///   .json .jsonl .ndjson  Wikidata JSON entities (its dump), or flat objects
///                         keyed like the CSV columns
///   .csv .tsv             a header row naming the columns:
///                           wikidata | qid | item | wd:id    (required)
///                           label | name, aliases | alias    (split on ; or |)
///                           type | instance_of | p31         (Q… classes)
///                           enwiki | wikipedia | wiki        (title or URL)
///   .nt .ttl .nq .trig    rdfs:label, skos:altLabel, wdt:P31, wdt:P279,
///                         schema:about from en.wikipedia.org, or owl:sameAs
///                         between a DBpedia resource and an item
///
/// Examples:
///   factgraph link --missing
///   factgraph link --endpoint --limit 20
///   factgraph link --endpoint http://127.0.0.1:7878/sparql --entity shusha --write
///   factgraph link --from data/sources/*/ --write
///   factgraph link --from latest-all.json --entity baku --format tsv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
#[command(group(clap::ArgGroup::new("reconcile").args(["endpoint", "from"])))]
pub struct Args {
    /// List the entities with no Wikidata or no DBpedia link, most mentioned first (the
    /// canned query `unlinked`).
    #[arg(long, conflicts_with = "reconcile")]
    pub missing: bool,

    /// Reconcile the unlinked entities against this Wikidata-compatible SPARQL endpoint
    /// (default: the Wikidata Query Service).
    #[arg(long, value_name = "URL", num_args = 0..=1,
          default_missing_value = crate::remote::WIKIDATA_ENDPOINT)]
    pub endpoint: Option<String>,

    /// Reconcile the entities against these data files or folders (each one source), offline.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub from: Vec<PathBuf>,

    /// Add the links that pass to data/entities/*.toml (and the DBpedia name from the item's
    /// English Wikipedia article when the entity has none).
    #[arg(long, requires = "reconcile")]
    pub write: bool,

    /// Reconcile only this entity (a slug). Repeatable.
    #[arg(long = "entity", value_name = "SLUG", requires = "reconcile")]
    pub entities: Vec<String>,

    /// Reconcile at most this many entities, most mentioned first.
    #[arg(long, value_name = "N", requires = "reconcile")]
    pub limit: Option<usize>,

    /// Candidates shown per entity in the --endpoint table (--from shows one row per entity;
    /// --format tsv or json shows every candidate of every source).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub show: usize,

    /// Milliseconds between two requests to the endpoint.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub delay: u64,

    /// Seconds to wait for one answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Rows read per entity: an entity whose query returns this many is reported as "too
    /// many" (its names are too common to decide), and an endpoint that returns more is an
    /// error.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub max_rows: usize,

    /// Output format: table (default on a terminal), tsv, json. With --missing also csv, xml.
    #[arg(long, value_enum)]
    pub format: Option<ResultsFormat>,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let store = workspace.open_store(global, false)?;
    if let Some(endpoint) = &args.endpoint {
        return endpoint::run(&workspace, &store, global, args, endpoint, out);
    }
    if !args.from.is_empty() {
        return files::run(&workspace, &store, global, args, out);
    }
    if !args.missing {
        bail!(Refusal::new(
            "say what to do with the links",
            "factgraph link --missing lists the entities without one; factgraph link --endpoint [URL] or --from FILE… reconciles them with Wikidata; see factgraph link --help"
        ));
    }
    run_builtin_query(
        workspace.namespaces(),
        &store,
        builtin::UNLINKED,
        "queries/unlinked.rq",
        args.format
            .map(Into::into)
            .or_else(default_solutions_format),
        out,
    )
}

/// The entities whose class is aligned to Wikidata, most mentioned first, each with its
/// target: those without a Wikidata link, and with `linked_too` those with one as well (whose
/// links the sources then check).
fn choose_targets<'a>(
    ns: &Namespaces,
    registry: &'a Registry,
    ontology: &Ontology,
    store: &Store,
    args: &Args,
    linked_too: bool,
) -> Result<Vec<(&'a Entity, Target)>> {
    for slug in &args.entities {
        match registry.get(slug) {
            None => bail!(Refusal::new(
                format!("`{slug}` is not an entity of the registry"),
                crate::diagnostic::did_you_mean(
                    slug,
                    registry.slugs(),
                    "pass a slug of data/entities/*.toml"
                )
            )),
            Some(entity) if entity.wikidata.is_some() && !linked_too => eprintln!(
                "note: `{slug}` already links to {}; skipped",
                entity.wikidata.as_deref().unwrap_or_default()
            ),
            Some(_) => {}
        }
    }
    let mentions = mention_counts(ns, store)?;
    let context = context_items(ns, store)?;
    let mut chosen: Vec<(&Entity, &[String])> = registry
        .entities
        .iter()
        .filter(|e| linked_too || e.wikidata.is_none())
        .filter(|e| args.entities.is_empty() || args.entities.contains(&e.slug))
        .filter_map(|e| Some((e, ontology.wikidata_classes_of(&e.class)?)))
        .collect();
    chosen.sort_by(|(a, _), (b, _)| {
        let count = |e: &Entity| mentions.get(&e.slug).copied().unwrap_or(0);
        count(b).cmp(&count(a)).then_with(|| a.slug.cmp(&b.slug))
    });
    if let Some(limit) = args.limit {
        chosen.truncate(limit);
    }
    Ok(chosen
        .into_iter()
        .map(|(entity, classes)| {
            let target = Target {
                slug: entity.slug.clone(),
                label: entity.label.clone(),
                aliases: entity.aliases.clone(),
                classes: classes.to_vec(),
                context: context.get(&entity.slug).cloned().unwrap_or_default(),
                dbpedia: entity.dbpedia.clone(),
            };
            (entity, target)
        })
        .collect())
}

fn mention_counts(ns: &Namespaces, store: &Store) -> Result<HashMap<String, u64>> {
    let mut counts = HashMap::new();
    for row in select(ns, store, builtin::MENTION_COUNTS)? {
        if let [slug, count] = row.as_slice() {
            counts.insert(slug.clone(), count.parse().unwrap_or(0));
        }
    }
    Ok(counts)
}

/// For each entity, the Wikidata items of what our claims relate it to (directly, or through
/// the places those are located in or part of), keyed by item with the slug it links from.
fn context_items(
    ns: &Namespaces,
    store: &Store,
) -> Result<HashMap<String, BTreeMap<String, String>>> {
    let mut context: HashMap<String, BTreeMap<String, String>> = HashMap::new();
    for row in select(ns, store, builtin::LINK_CONTEXT)? {
        if let [entity, item, near] = row.as_slice() {
            context
                .entry(entity.clone())
                .or_default()
                .insert(item.clone(), near.clone());
        }
    }
    Ok(context)
}

/// The rows of a SELECT as plain values: slugs for `kb:` IRIs, `Q…` for Wikidata items, lexical
/// forms for literals.
fn select(ns: &Namespaces, store: &Store, text: &str) -> Result<Vec<Vec<String>>> {
    let text = QueryText {
        text: text.into(),
        origin: "<link>".into(),
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store, &text, query::prepare(ns, &text)?, &[])?
    else {
        bail!("{}: not a SELECT query", text.origin);
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let values: Vec<String> = solution
            .values()
            .iter()
            .map(|term| match term {
                Some(oxigraph::model::Term::NamedNode(n)) => {
                    let iri = n.as_str();
                    iri.strip_prefix(ns.kb.as_str())
                        .or_else(|| iri.strip_prefix(crate::vocab::WIKIDATA_ENTITY))
                        .unwrap_or(iri)
                        .to_string()
                }
                Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
                _ => String::new(),
            })
            .collect();
        rows.push(values);
    }
    Ok(rows)
}

/// The project's inputs, its ontology and its registry, as reconciliation reads them.
fn load_registry(root: &Path) -> Result<(Inputs, Ontology, Registry)> {
    let inputs = Inputs::read(root)?;
    let ontology = crate::ontology::load(&inputs.ontology)?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    Ok((inputs, ontology, registry))
}

/// The report's format: a table unless tsv or json is asked for.
fn report_format(args: &Args) -> Result<Format> {
    Ok(match args.format.map(Format::from) {
        None | Some(Format::Table) => Format::Table,
        Some(f @ (Format::Tsv | Format::Json)) => f,
        Some(other) => bail!(
            "--format {} is not a reconciliation report; use table, tsv or json",
            other.name()
        ),
    })
}

/// Adds `links` to the registry files, taking turns with any other edit of the inputs, and
/// returns the files written. A registry the build would reject is never written.
fn write_registry(
    global: &Global,
    root: &Path,
    inputs: &Inputs,
    ontology: &Ontology,
    links: &[NewLink],
    again: &str,
) -> Result<Vec<PathBuf>> {
    let _inputs = super::workspace::lock_inputs(global, root)?;
    let edited =
        registry::with_links(&inputs.entities, links, ontology).map_err(|diagnostics| {
            anyhow::anyhow!(
                "the edited registry does not load, so nothing was written:\n{diagnostics}"
            )
        })?;
    let changed: Vec<Replacement> = inputs
        .entities
        .iter()
        .zip(&edited)
        .filter(|(before, after)| before.text != after.text)
        .map(|(before, after)| Replacement {
            path: root.join(&before.path),
            before: &before.text,
            after: &after.text,
        })
        .collect();
    replace_all(&changed, "while reconciling", again)?;
    let written: Vec<PathBuf> = changed.into_iter().map(|file| file.path).collect();
    if !global.quiet {
        for path in &written {
            eprintln!("wrote {}", path.display());
        }
        eprintln!("  review with: git diff {}", crate::inputs::ENTITIES_DIR);
    }
    Ok(written)
}
