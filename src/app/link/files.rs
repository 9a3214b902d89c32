//! `factgraph link --from PATH…`: reconcile every entity against data files, weigh the
//! sources' evidence, report each entity's verdict (and check the links it already has), and
//! with `--write` add the links the evidence is enough for.

use super::{Args, choose_targets, write_registry};
use crate::app::Global;
use crate::app::workspace::Workspace;
use crate::extraction::registry::{Entity, NewLink};
use crate::ontology::Ontology;
use crate::query::output::Format;
use crate::remote::reconcile::evidence::{self, Decision, Support};
use crate::remote::reconcile::files::{self as sources_files, Found, Source};
use crate::remote::reconcile::{Candidate, Reconciled};
use anyhow::Result;
use oxigraph::store::Store;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// What the evidence says of one entity, given the link it may already have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
enum Verdict {
    /// No link yet; the evidence is enough to write one.
    Link,
    /// Its link is the item the evidence backs.
    Supported,
    /// The evidence backs another item than its link.
    Contradicted,
    /// Sources back or confirm different items.
    Disputed,
    /// One source confirms an item (for a linked entity: another item), without its title.
    OneSource,
    /// For a linked entity: one source confirms its item, without its title.
    OneSourceAgrees,
    Unconfirmed,
    NoCandidate,
}

impl Verdict {
    fn of(existing: Option<&str>, decision: &Decision) -> Verdict {
        match (decision, existing) {
            (Decision::Link { .. }, None) => Verdict::Link,
            (Decision::Link { item, .. }, Some(ours)) if item == ours => Verdict::Supported,
            (Decision::Link { .. }, Some(_)) => Verdict::Contradicted,
            (Decision::Disputed { .. }, _) => Verdict::Disputed,
            (Decision::OneSource { item, .. }, Some(ours)) if item == ours => {
                Verdict::OneSourceAgrees
            }
            (Decision::OneSource { .. }, _) => Verdict::OneSource,
            (Decision::Unconfirmed, _) => Verdict::Unconfirmed,
            (Decision::NoCandidate, _) => Verdict::NoCandidate,
        }
    }

    const ALL: [Verdict; 8] = [
        Verdict::Link,
        Verdict::Supported,
        Verdict::Contradicted,
        Verdict::Disputed,
        Verdict::OneSource,
        Verdict::OneSourceAgrees,
        Verdict::Unconfirmed,
        Verdict::NoCandidate,
    ];

    fn describe(self) -> &'static str {
        match self {
            Verdict::Link => "link",
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Disputed => "disputed",
            Verdict::OneSource => "one source",
            Verdict::OneSourceAgrees => "one source agrees",
            Verdict::Unconfirmed => "unconfirmed",
            Verdict::NoCandidate => "no candidate",
        }
    }
}

struct Outcome<'a> {
    entity: &'a Entity,
    decision: Decision,
    verdict: Verdict,
    /// Per source.
    reconciled: &'a [Reconciled],
    unchecked: &'a [BTreeSet<String>],
}

pub(super) fn run(
    workspace: &Workspace,
    store: &Store,
    global: &Global,
    args: &Args,
    out: &mut impl Write,
) -> Result<()> {
    let format = super::report_format(args)?;
    let root = workspace.root(": reconciliation reads and writes its registry")?;
    let paths: Vec<_> = args
        .from
        .iter()
        .map(|p| crate::app::extract::resolve(p, Some(root)))
        .collect();
    let sources = sources_files::sources(&paths)?;
    let (inputs, ontology, registry) = super::load_registry(root)?;
    let chosen = choose_targets(
        workspace.namespaces(),
        &registry,
        &ontology,
        store,
        args,
        true,
    )?;
    let targets: Vec<_> = chosen.iter().map(|(_, target)| target.clone()).collect();
    let aligned: BTreeSet<String> = ontology
        .wikidata_classes
        .values()
        .flatten()
        .cloned()
        .collect();

    let bar = crate::build::progress_bar(global.quiet);
    let found = sources_files::reconcile(&targets, &sources, &aligned, &|path, bytes| {
        bar.set_message(format!(
            "reading {}: {:.1} MiB",
            path.display(),
            bytes as f64 / (1 << 20) as f64
        ));
    })?;
    bar.finish_and_clear();

    let outcomes: Vec<Outcome> = chosen
        .iter()
        .enumerate()
        .map(|(t, (entity, _))| {
            let decision = evidence::decide(&found.reconciled[t]);
            Outcome {
                entity,
                verdict: Verdict::of(entity.wikidata.as_deref(), &decision),
                decision,
                reconciled: &found.reconciled[t],
                unchecked: &found.unchecked[t],
            }
        })
        .collect();
    let names: Vec<String> = sources.iter().map(|s| display_name(s, root)).collect();
    match format {
        Format::Json => write_json(&outcomes, &names, out)?,
        Format::Tsv => write_tsv(&outcomes, &names, out)?,
        _ => write_table(&outcomes, &names, out)?,
    }
    if !global.quiet {
        eprint!("{}", summary(&outcomes, &ontology, sources.len()));
    }
    let to_link: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::Link)
        .collect();
    if args.write && !to_link.is_empty() {
        let links = new_links(&to_link, &names, &found);
        write_registry(
            global,
            root,
            &inputs,
            &ontology,
            &links,
            "run link --from … --write again",
        )?;
    } else if !args.write && !to_link.is_empty() && !global.quiet {
        eprintln!("  add --write to record the links in the registry");
    }
    Ok(())
}

/// A source as the record of a link names it: relative to the project when inside it.
fn display_name(source: &Source, root: &Path) -> String {
    let path = Path::new(&source.name);
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(inside) => inside.display().to_string(),
        Err(_) => source.name.clone(),
    }
}

/// The candidate of `item` in source `source`.
fn candidate<'a>(outcome: &Outcome<'a>, source: usize, item: &str) -> Option<&'a Candidate> {
    let reconciled: &'a [Reconciled] = outcome.reconciled;
    reconciled[source]
        .candidates
        .iter()
        .find(|c| c.item == item)
}

/// "data/sources/x (same Wikipedia title \"Baku\"); data/sources/y (confirms: label = label
/// \"Baku\")", each source followed by its digest when `digests` are given.
fn support_text(
    outcome: &Outcome,
    item: &str,
    support: &[(usize, Support)],
    names: &[String],
    digests: Option<&[String]>,
) -> String {
    support
        .iter()
        .map(|(source, how)| {
            let name = match digests {
                Some(digests) => format!("{} sha256:{}", names[*source], &digests[*source][..12]),
                None => names[*source].clone(),
            };
            let detail = candidate(outcome, *source, item).map_or(String::new(), |c| match how {
                Support::SameWikipediaTitle => {
                    format!(" \"{}\"", c.wikipedia_title.as_deref().unwrap_or(&c.name))
                }
                Support::Confirms => format!(
                    ": {} \"{}\", score {:.2}",
                    c.matched.describe(),
                    c.name,
                    c.score
                ),
            });
            format!("{name} ({}{detail})", how.describe())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The item column and the evidence column of an entity's row.
fn item_and_evidence(outcome: &Outcome, names: &[String]) -> (String, String) {
    match &outcome.decision {
        Decision::Link { item, support } => (
            item.clone(),
            support_text(outcome, item, support, names, None),
        ),
        Decision::OneSource { item, source } => (
            item.clone(),
            support_text(outcome, item, &[(*source, Support::Confirms)], names, None),
        ),
        Decision::Disputed { items } => (
            items.keys().cloned().collect::<Vec<_>>().join(" / "),
            items
                .iter()
                .map(|(item, support)| {
                    format!(
                        "{item}: {}",
                        support_text(outcome, item, support, names, None)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Decision::Unconfirmed => {
            let count: usize = outcome.reconciled.iter().map(|r| r.candidates.len()).sum();
            (
                String::new(),
                format!("{count} candidates, none a clear winner in any source"),
            )
        }
        Decision::NoCandidate => (String::new(), String::new()),
    }
}

fn write_table(outcomes: &[Outcome], names: &[String], out: &mut impl Write) -> Result<()> {
    let mut table = crate::query::output::table(["entity", "link", "verdict", "item", "evidence"]);
    // An entity no source names and that has no link to check says nothing: tsv and json list
    // them, the summary counts them.
    let telling = outcomes
        .iter()
        .filter(|o| o.verdict != Verdict::NoCandidate || o.entity.wikidata.is_some());
    for outcome in telling {
        let (item, evidence) = item_and_evidence(outcome, names);
        table.add_row([
            outcome.entity.slug.clone(),
            outcome.entity.wikidata.clone().unwrap_or_default(),
            outcome.verdict.describe().to_string(),
            item,
            evidence,
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}

fn write_tsv(outcomes: &[Outcome], names: &[String], out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "entity\tlink\tverdict\titem\tsource\tcandidate\tlabel\tmatched\tname\twikipedia\ttype\tscore"
    )?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for outcome in outcomes {
        let (item, _) = item_and_evidence(outcome, names);
        let head = format!(
            "{}\t{}\t{}\t{}",
            outcome.entity.slug,
            outcome.entity.wikidata.as_deref().unwrap_or_default(),
            outcome.verdict.describe(),
            item
        );
        let mut rows = 0;
        for (source, reconciled) in outcome.reconciled.iter().enumerate() {
            for c in &reconciled.candidates {
                rows += 1;
                writeln!(
                    out,
                    "{head}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}",
                    clean(&names[source]),
                    c.item,
                    clean(c.label.as_deref().unwrap_or_default()),
                    c.matched.describe(),
                    clean(&c.name),
                    clean(c.wikipedia_title.as_deref().unwrap_or_default()),
                    if outcome.unchecked[source].contains(&c.item) {
                        "unchecked"
                    } else {
                        "fits"
                    },
                    c.score
                )?;
            }
        }
        if rows == 0 {
            writeln!(out, "{head}\t\t\t\t\t\t\t\t")?;
        }
    }
    Ok(())
}

fn write_json(outcomes: &[Outcome], names: &[String], out: &mut impl Write) -> Result<()> {
    let report: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            let sources: Vec<serde_json::Value> = o
                .reconciled
                .iter()
                .enumerate()
                .map(|(s, r)| {
                    serde_json::json!({
                        "source": names[s],
                        "verdict": r.verdict,
                        "candidates": r.candidates,
                        "type_unchecked": o.unchecked[s],
                    })
                })
                .collect();
            serde_json::json!({
                "entity": o.entity.slug,
                "class": o.entity.class,
                "wikidata": o.entity.wikidata,
                "verdict": o.verdict,
                "decision": o.decision,
                "sources": sources,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// The kinds the summary counts by, as classes of the ontology.
const KINDS: [(&str, &str); 4] = [
    ("people", "Person"),
    ("places", "Place"),
    ("organizations", "Organization"),
    ("events", "Event"),
];

/// A count of verdicts per kind of entity, for stderr.
fn summary(outcomes: &[Outcome], ontology: &Ontology, sources: usize) -> String {
    let kind_of = |entity: &Entity| {
        KINDS
            .iter()
            .find(|(_, class)| ontology.is_subclass_of(&entity.class, class))
            .map_or("other", |(kind, _)| kind)
    };
    let shown: Vec<Verdict> = Verdict::ALL
        .into_iter()
        .filter(|v| outcomes.iter().any(|o| o.verdict == *v))
        .collect();
    let mut table = crate::query::output::table(
        std::iter::once("kind".to_string()).chain(shown.iter().map(|v| v.describe().to_string())),
    );
    for kind in KINDS.iter().map(|(kind, _)| *kind).chain(["other", "all"]) {
        let of_kind: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| kind == "all" || kind_of(o.entity) == kind)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        table.add_row(
            std::iter::once(kind.to_string()).chain(shown.iter().map(|v| {
                of_kind
                    .iter()
                    .filter(|o| o.verdict == *v)
                    .count()
                    .to_string()
            })),
        );
    }
    format!(
        "reconciled {} entities against {sources} source{}:\n{table}\n",
        outcomes.len(),
        if sources == 1 { "" } else { "s" }
    )
}

/// The registry entries of the links the evidence is enough for.
fn new_links<'a>(to_link: &[&Outcome<'a>], names: &[String], found: &Found) -> Vec<NewLink<'a>> {
    let today = crate::temporal::today();
    to_link
        .iter()
        .filter_map(|outcome| {
            let Decision::Link { item, support } = &outcome.decision else {
                return None;
            };
            let entity = outcome.entity;
            let candidates: Vec<&'a Candidate> = support
                .iter()
                .filter_map(|(s, _)| candidate(outcome, *s, item))
                .collect();
            let title = candidates.iter().find_map(|c| c.wikipedia_title.as_deref());
            Some(NewLink {
                slug: &entity.slug,
                file: &entity.location.path,
                wikidata: &candidates.first()?.item,
                wikidata_source: format!(
                    "link --from on {today}: {}",
                    support_text(outcome, item, support, names, Some(&found.digests))
                ),
                dbpedia: title.filter(|_| entity.dbpedia.is_none()).map(|title| {
                    let source =
                        format!("English Wikipedia article of {item} (link --from on {today})");
                    (title, source)
                }),
            })
        })
        .collect()
}
