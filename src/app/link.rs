//! `factgraph link --endpoint`: reconcile the registry's unlinked entities with Wikidata, show
//! the candidates, and with `--write` add the confirmed links to the registry files.
//!
//! Everything that can fail on the network happens before anything is written, and the files
//! are replaced whole (temporary sibling, then rename), so a failed run leaves the registry as
//! it was.

use super::Global;
use super::output::{default_solutions_format, run_builtin_query};
use super::workspace::{Workspace, find_workspace};
use crate::diagnostic::Refusal;
use crate::extraction::registry::{self, Entity, NewLink, Registry};
use crate::files::{Replacement, replace_all};
use crate::inputs::Inputs;
use crate::ontology::{self, Ontology};
use crate::query::output::{Format, ResultsFormat};
use crate::query::{self, QueryText, builtin};
use crate::remote::reconcile::{self, Reconciled, Target, Verdict};
use crate::remote::{Endpoint, Politeness};
use crate::vocab::Namespaces;
use anyhow::{Context, Result, bail};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Links to Wikidata and DBpedia: which entities have none, and which items they may be.
///
/// Links are `wikidata = "Q…"` and `dbpedia = "Article_title"` in data/entities/*.toml,
/// with `wikidata_source` / `dbpedia_source` saying where each came from (none means a
/// curator entered it). The build turns them into owl:sameAs and counts them in the
/// dataset's VoID description (factgraph query dataset).
///
/// --endpoint reconciles the entities without a Wikidata link: for each, one query asks for
/// the items whose English label or alias is one of its names and that are instances of its
/// class's Wikidata classes (skos:closeMatch in the ontology), so a person is never matched
/// to a town. Candidates are scored by how the names met (label = label counts most) and by
/// context shared with our claims (a country or place both sides name). Only a clear winner
/// is "confirmed"; --write adds those to the registry with a *_source line, for review in a
/// diff. Any network error stops the run with nothing written.
///
/// Examples:
///   factgraph link --missing
///   factgraph link --endpoint --limit 20
///   factgraph link --endpoint http://127.0.0.1:7878/sparql --entity shusha --write
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// List the entities with no Wikidata or no DBpedia link, most mentioned first (the
    /// canned query `unlinked`).
    #[arg(long, conflicts_with = "endpoint")]
    pub missing: bool,

    /// Reconcile the unlinked entities against this Wikidata-compatible SPARQL endpoint
    /// (default: the Wikidata Query Service).
    #[arg(long, value_name = "URL", num_args = 0..=1,
          default_missing_value = crate::remote::WIKIDATA_ENDPOINT)]
    pub endpoint: Option<String>,

    /// Add the confirmed links to data/entities/*.toml (and the DBpedia name from the
    /// item's English Wikipedia article when the entity has none).
    #[arg(long, requires = "endpoint")]
    pub write: bool,

    /// Reconcile only this entity (a slug). Repeatable.
    #[arg(long = "entity", value_name = "SLUG", requires = "endpoint")]
    pub entities: Vec<String>,

    /// Reconcile at most this many entities, most mentioned first.
    #[arg(long, value_name = "N", requires = "endpoint")]
    pub limit: Option<usize>,

    /// Candidates shown per entity in the table.
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

/// One entity and what the endpoint said about it.
struct Outcome<'a> {
    entity: &'a Entity,
    reconciled: Reconciled,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let Some(endpoint) = &args.endpoint else {
        if !args.missing {
            bail!(Refusal::new(
                "say what to do with the links",
                "factgraph link --missing lists the entities without one; factgraph link --endpoint [URL] reconciles them with Wikidata; see factgraph link --help"
            ));
        }
        let store = workspace.open_store(global, false)?;
        return run_builtin_query(
            workspace.namespaces(),
            &store,
            builtin::UNLINKED,
            "queries/unlinked.rq",
            args.format
                .map(Into::into)
                .or_else(default_solutions_format),
            out,
        );
    };
    let store = workspace.open_store(global, false)?;
    reconcile_all(&workspace, &store, global, args, endpoint, out)
}

fn reconcile_all(
    workspace: &Workspace,
    store: &Store,
    global: &Global,
    args: &Args,
    endpoint_url: &str,
    out: &mut impl Write,
) -> Result<()> {
    let format = match args.format.map(Format::from) {
        None | Some(Format::Table) => Format::Table,
        Some(f @ (Format::Tsv | Format::Json)) => f,
        Some(other) => {
            bail!(
                "--format {} is not a reconciliation report; use table, tsv or json",
                other.name()
            )
        }
    };
    let root = workspace.root(": reconciliation reads and writes its registry")?;
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    let targets = choose_targets(workspace.namespaces(), &registry, &ontology, store, args)?;
    let endpoint = Endpoint::new(
        endpoint_url,
        Politeness {
            timeout: Duration::from_secs(args.timeout),
            min_interval: Duration::from_millis(args.delay),
            ..Politeness::default()
        },
    )?;

    let bar = crate::build::progress_bar(global.quiet);
    let mut outcomes = Vec::with_capacity(targets.len());
    for (index, (entity, target)) in targets.iter().enumerate() {
        bar.set_message(format!(
            "reconciling {}/{}: {}",
            index + 1,
            targets.len(),
            entity.slug
        ));
        let reconciled =
            reconcile::reconcile(&endpoint, target, args.max_rows).with_context(|| {
                format!(
                    "reconciling `{}` failed{}",
                    entity.slug,
                    if args.write {
                        "; nothing was written to the registry"
                    } else {
                        ""
                    }
                )
            })?;
        outcomes.push(Outcome { entity, reconciled });
    }
    bar.finish_and_clear();

    match format {
        Format::Json => write_json(&outcomes, out)?,
        Format::Tsv => write_tsv(&outcomes, out)?,
        _ => write_table(&outcomes, args.show, out)?,
    }
    let confirmed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.reconciled.confirmed().is_some())
        .collect();
    if !global.quiet {
        eprintln!("{}", summary(&outcomes));
    }
    if args.write && !confirmed.is_empty() {
        // An `add` or another `link --write` edits the same inputs: take turns.
        let _inputs = crate::store::lock_inputs(root, |holder| {
            if !global.quiet {
                eprintln!(
                    "factgraph: waiting for {holder}, which is editing the inputs of {}, to finish",
                    root.display()
                );
            }
        })?;
        let written = write_links(root, &inputs, &ontology, endpoint_url, &confirmed)?;
        if !global.quiet {
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!("  review with: git diff {}", crate::inputs::ENTITIES_DIR);
        }
    } else if !args.write && !confirmed.is_empty() && !global.quiet {
        eprintln!("  add --write to record the confirmed links in the registry");
    }
    Ok(())
}

/// The entities without a Wikidata link whose class is aligned to Wikidata, most mentioned
/// first, each with its query target.
fn choose_targets<'a>(
    ns: &Namespaces,
    registry: &'a Registry,
    ontology: &Ontology,
    store: &Store,
    args: &Args,
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
            Some(entity) if entity.wikidata.is_some() => eprintln!(
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
        .filter(|e| e.wikidata.is_none())
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

fn summary(outcomes: &[Outcome]) -> String {
    let count = |verdict| {
        outcomes
            .iter()
            .filter(|o| o.reconciled.verdict == verdict)
            .count()
    };
    format!(
        "reconciled {} entities: {} confirmed, {} ambiguous, {} weak, {} too many, {} without a candidate",
        outcomes.len(),
        count(Verdict::Confirmed),
        count(Verdict::Ambiguous),
        count(Verdict::Weak),
        count(Verdict::TooMany),
        count(Verdict::NoCandidate)
    )
}

fn write_table(outcomes: &[Outcome], show: usize, out: &mut impl Write) -> Result<()> {
    let mut table = crate::query::output::table([
        "entity",
        "verdict",
        "item",
        "label",
        "description",
        "matched",
        "context",
        "score",
    ]);
    let mut shown = 0;
    for outcome in outcomes {
        let candidates = &outcome.reconciled.candidates;
        if candidates.is_empty() {
            continue;
        }
        for (rank, candidate) in candidates.iter().take(show.max(1)).enumerate() {
            let first = rank == 0;
            table.add_row([
                if first {
                    outcome.entity.slug.clone()
                } else {
                    String::new()
                },
                if first {
                    outcome.reconciled.verdict.describe().to_string()
                } else {
                    String::new()
                },
                candidate.item.clone(),
                candidate.label.clone().unwrap_or_default(),
                candidate.description.clone().unwrap_or_default(),
                format!("{} \"{}\"", candidate.matched.describe(), candidate.name),
                candidate.shared_context.join(", "),
                format!("{:.2}", candidate.score),
            ]);
        }
        if candidates.len() > show.max(1) {
            table.add_row([
                String::new(),
                String::new(),
                format!("… {} more", candidates.len() - show.max(1)),
            ]);
        }
        shown += 1;
    }
    if shown > 0 {
        writeln!(out, "{table}")?;
    }
    Ok(())
}

fn write_tsv(outcomes: &[Outcome], out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "entity\tverdict\titem\tlabel\tmatched\tname\tcontext\twikipedia\tscore"
    )?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for outcome in outcomes {
        for candidate in &outcome.reconciled.candidates {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}",
                outcome.entity.slug,
                outcome.reconciled.verdict.describe(),
                candidate.item,
                clean(candidate.label.as_deref().unwrap_or_default()),
                candidate.matched.describe(),
                clean(&candidate.name),
                candidate.shared_context.join(","),
                clean(candidate.wikipedia_title.as_deref().unwrap_or_default()),
                candidate.score
            )?;
        }
    }
    Ok(())
}

fn write_json(outcomes: &[Outcome], out: &mut impl Write) -> Result<()> {
    let report: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "entity": o.entity.slug,
                "class": o.entity.class,
                "verdict": o.reconciled.verdict,
                "candidates": o.reconciled.candidates,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// Adds the confirmed links to the registry files and returns the files written.
fn write_links(
    root: &Path,
    inputs: &Inputs,
    ontology: &Ontology,
    endpoint: &str,
    confirmed: &[&Outcome],
) -> Result<Vec<PathBuf>> {
    let today = crate::temporal::today();
    let links: Vec<NewLink> = confirmed
        .iter()
        .map(|outcome| {
            let candidate = outcome
                .reconciled
                .confirmed()
                .expect("only confirmed outcomes are written");
            let entity = outcome.entity;
            NewLink {
                slug: &entity.slug,
                file: &entity.location.path,
                wikidata: &candidate.item,
                wikidata_source: format!(
                    "link --endpoint {endpoint} on {today}: {} \"{}\", score {:.2}",
                    candidate.matched.describe(),
                    candidate.name,
                    candidate.score
                ),
                dbpedia: candidate
                    .wikipedia_title
                    .as_deref()
                    .filter(|_| entity.dbpedia.is_none())
                    .map(|title| {
                        (
                            title,
                            format!(
                                "English Wikipedia article of {} (link --endpoint {endpoint} on {today})",
                                candidate.item
                            ),
                        )
                    }),
            }
        })
        .collect();
    // A registry the build would reject is never written.
    let edited =
        registry::with_links(&inputs.entities, &links, ontology).map_err(|diagnostics| {
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
    replace_all(
        &changed,
        "while reconciling",
        "run link --endpoint --write again",
    )?;
    Ok(changed.into_iter().map(|file| file.path).collect())
}
