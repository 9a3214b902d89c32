//! `factgraph link --endpoint`: reconcile the registry's unlinked entities with Wikidata, show
//! the candidates, and with `--write` add the confirmed links to the registry files.
//!
//! Everything that can fail on the network happens before anything is written, and the files
//! are replaced whole (temporary sibling, then rename), so a failed run leaves the registry as
//! it was.

use super::Location;
use crate::extraction::registry::{self, Entity, Registry};
use crate::graph::iri::Namespaces;
use crate::inputs::{Inputs, SourceFile};
use crate::ontology::{self, Ontology};
use crate::query::output::Format;
use crate::query::{self, QueryText};
use crate::remote::reconcile::{self, Reconciled, Target, Verdict};
use crate::remote::{Endpoint, Politeness};
use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Options<'a> {
    pub endpoint: &'a str,
    pub write: bool,
    pub entities: &'a [String],
    pub limit: Option<usize>,
    pub show: usize,
    pub delay: Duration,
    pub timeout: Duration,
    pub max_rows: usize,
    pub format: Option<Format>,
    pub quiet: bool,
}

/// One entity and what the endpoint said about it.
struct Outcome<'a> {
    entity: &'a Entity,
    reconciled: Reconciled,
}

pub fn run(
    location: &Location,
    store: &Store,
    options: &Options<'_>,
    out: &mut impl Write,
) -> Result<()> {
    let format = match options.format {
        None | Some(Format::Table) => Format::Table,
        Some(f @ (Format::Tsv | Format::Json)) => f,
        Some(other) => {
            bail!("--format {other:?} is not a reconciliation report; use table, tsv or json")
        }
    };
    let root = location.root(": reconciliation reads and writes its registry")?;
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    let targets = choose_targets(location.namespaces(), &registry, &ontology, store, options)?;
    let endpoint = Endpoint::new(
        options.endpoint,
        Politeness {
            timeout: options.timeout,
            min_interval: options.delay,
            ..Politeness::default()
        },
    )?;

    let bar = crate::build::progress_bar(options.quiet);
    let mut outcomes = Vec::with_capacity(targets.len());
    for (index, (entity, target)) in targets.iter().enumerate() {
        bar.set_message(format!(
            "reconciling {}/{}: {}",
            index + 1,
            targets.len(),
            entity.slug
        ));
        let reconciled =
            reconcile::reconcile(&endpoint, target, options.max_rows).with_context(|| {
                format!(
                    "reconciling `{}` failed{}",
                    entity.slug,
                    if options.write {
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
        _ => write_table(&outcomes, options.show, out)?,
    }
    let confirmed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.reconciled.confirmed().is_some())
        .collect();
    if !options.quiet {
        eprintln!("{}", summary(&outcomes));
    }
    if options.write && !confirmed.is_empty() {
        // An `add` or another `link --write` edits the same inputs: take turns.
        let _inputs = crate::store::lock_inputs(root, |holder| {
            if !options.quiet {
                eprintln!(
                    "factgraph: waiting for {holder}, which is editing the inputs of {}, to finish",
                    root.display()
                );
            }
        })?;
        let written = write_links(root, &inputs, &ontology, options.endpoint, &confirmed)?;
        if !options.quiet {
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!("  review with: git diff {}", crate::inputs::ENTITIES_DIR);
        }
    } else if !options.write && !confirmed.is_empty() && !options.quiet {
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
    options: &Options<'_>,
) -> Result<Vec<(&'a Entity, Target)>> {
    for slug in options.entities {
        match registry.get(slug) {
            None => bail!(
                "`{slug}` is not an entity of the registry\n  help: {}",
                crate::diagnostic::did_you_mean(
                    slug,
                    registry.slugs(),
                    "pass a slug of data/entities/*.toml"
                )
            ),
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
        .filter(|e| options.entities.is_empty() || options.entities.contains(&e.slug))
        .filter_map(|e| Some((e, ontology.wikidata_classes_of(&e.class)?)))
        .collect();
    chosen.sort_by(|(a, _), (b, _)| {
        let count = |e: &Entity| mentions.get(&e.slug).copied().unwrap_or(0);
        count(b).cmp(&count(a)).then_with(|| a.slug.cmp(&b.slug))
    });
    if let Some(limit) = options.limit {
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
    for row in select(ns, store, MENTIONS_QUERY)? {
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
    for row in select(ns, store, CONTEXT_QUERY)? {
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
                        .or_else(|| iri.strip_prefix(crate::graph::iri::WIKIDATA_ENTITY))
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

const MENTIONS_QUERY: &str =
    "SELECT ?entity (COUNT(?m) AS ?mentions) WHERE { ?m fg:mentionOf ?entity } GROUP BY ?entity";

const CONTEXT_QUERY: &str = "
SELECT DISTINCT ?entity ?item ?near WHERE {
  ?claim a fg:Claim .
  GRAPH ?claim { ?entity ?property ?related }
  ?related (fg:locatedIn|fg:partOf)* ?near .
  ?near owl:sameAs ?item .
  FILTER(STRSTARTS(STR(?item), \"http://www.wikidata.org/entity/\") && ?near != ?entity)
}";

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
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
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
    let today = crate::temporal::utc_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default(),
    );
    let mut by_file: BTreeMap<&Path, Vec<&Outcome>> = BTreeMap::new();
    for outcome in confirmed {
        by_file
            .entry(outcome.entity.location.path.as_path())
            .or_default()
            .push(outcome);
    }
    let mut edited: Vec<SourceFile> = inputs.entities.clone();
    for file in &mut edited {
        let Some(outcomes) = by_file.get(file.path.as_path()) else {
            continue;
        };
        let mut document: toml_edit::DocumentMut = file
            .text
            .parse()
            .with_context(|| format!("cannot parse {}", file.path.display()))?;
        for outcome in outcomes {
            let candidate = outcome
                .reconciled
                .confirmed()
                .expect("only confirmed outcomes are written");
            let entity = outcome.entity;
            let table = document
                .get_mut(&entity.slug)
                .and_then(|item| item.as_table_like_mut())
                .with_context(|| format!("{}: no table `{}`", file.path.display(), entity.slug))?;
            table.insert("wikidata", toml_edit::value(&candidate.item));
            table.insert(
                "wikidata_source",
                toml_edit::value(format!(
                    "link --endpoint {endpoint} on {today}: {} \"{}\", score {:.2}",
                    candidate.matched.describe(),
                    candidate.name,
                    candidate.score
                )),
            );
            if entity.dbpedia.is_none()
                && let Some(title) = &candidate.wikipedia_title
            {
                table.insert("dbpedia", toml_edit::value(title));
                table.insert(
                    "dbpedia_source",
                    toml_edit::value(format!(
                        "English Wikipedia article of {} (link --endpoint {endpoint} on {today})",
                        candidate.item
                    )),
                );
            }
        }
        file.text = document.to_string();
    }
    // A registry the build would reject is never written.
    registry::load(&edited, ontology).map_err(|diagnostics| {
        anyhow::anyhow!("the edited registry does not load, so nothing was written:\n{diagnostics}")
    })?;
    let changed: Vec<(PathBuf, &str, &str)> = inputs
        .entities
        .iter()
        .zip(&edited)
        .filter(|(before, after)| before.text != after.text)
        .map(|(before, after)| {
            (
                root.join(&before.path),
                before.text.as_str(),
                after.text.as_str(),
            )
        })
        .collect();
    replace_files(&changed)?;
    Ok(changed.into_iter().map(|(path, _, _)| path).collect())
}

/// Replaces each file's text with its new one: all are written to temporary siblings first,
/// and renamed only if none of the originals changed on disk meanwhile.
fn replace_files(files: &[(PathBuf, &str, &str)]) -> Result<()> {
    let mut temporaries = Vec::new();
    let result = (|| {
        for (path, before, after) in files {
            let temporary = path.with_extension(format!("toml.{}.tmp", std::process::id()));
            temporaries.push(temporary.clone());
            fs::write(&temporary, after)
                .with_context(|| format!("cannot write {}", temporary.display()))?;
            fs::File::open(&temporary)?.sync_all()?;
            let current = fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if current != *before {
                bail!(
                    "{} changed while reconciling, so nothing was written\n  help: run link --endpoint --write again",
                    path.display()
                );
            }
        }
        for ((path, _, _), temporary) in files.iter().zip(&temporaries) {
            fs::rename(temporary, path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for temporary in &temporaries {
            let _ = fs::remove_file(temporary);
        }
    }
    result
}
