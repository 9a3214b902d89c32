//! `factgraph link --endpoint`: reconcile the registry's unlinked entities with a Wikidata
//! endpoint, show the candidates, and with `--write` add the confirmed links.

use super::{Args, choose_targets, write_registry};
use crate::app::Global;
use crate::app::workspace::Workspace;
use crate::extraction::registry::{Entity, NewLink};
use crate::query::output::Format;
use crate::remote::reconcile::{self, Reconciled, Verdict};
use crate::remote::{Endpoint, Politeness};
use anyhow::{Context, Result};
use oxigraph::store::Store;
use std::io::Write;
use std::time::Duration;

/// One entity and what the endpoint said about it.
struct Outcome<'a> {
    entity: &'a Entity,
    reconciled: Reconciled,
}

pub(super) fn run(
    workspace: &Workspace,
    store: &Store,
    global: &Global,
    args: &Args,
    endpoint_url: &str,
    out: &mut impl Write,
) -> Result<()> {
    let format = super::report_format(args)?;
    let root = workspace.root(": reconciliation reads and writes its registry")?;
    let (inputs, ontology, registry) = super::load_registry(root)?;
    let targets = choose_targets(
        workspace.namespaces(),
        &registry,
        &ontology,
        store,
        args,
        false,
    )?;
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
        let links = new_links(endpoint_url, &confirmed);
        write_registry(
            global,
            root,
            &inputs,
            &ontology,
            &links,
            "run link --endpoint --write again",
        )?;
    } else if !args.write && !confirmed.is_empty() && !global.quiet {
        eprintln!("  add --write to record the confirmed links in the registry");
    }
    Ok(())
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

/// The registry entries of the confirmed links.
fn new_links<'a>(endpoint: &str, confirmed: &[&'a Outcome]) -> Vec<NewLink<'a>> {
    let today = crate::temporal::today();
    confirmed
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
        .collect()
}
