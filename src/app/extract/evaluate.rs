//! `factgraph extract --evaluate`: the rules against the curated claims of the corpus, per
//! document and property.

use super::super::workspace::Workspace;
use super::{Args, ExtractFormat, extractor};
use crate::build;
use crate::diagnostic::Diagnostics;
use crate::extraction::rules::Source;
use crate::extraction::rules::evaluate::{self, DocumentScore, Score};
use crate::extraction::{Claim, Method};
use crate::query::output;
use crate::query::output::Table;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

pub(super) fn run(workspace: &Workspace, args: &Args, out: &mut impl Write) -> Result<()> {
    let (extractor, inputs) = extractor(workspace)?;
    let (compiled, _) = build::compile_unvalidated(&inputs, &indicatif::ProgressBar::hidden())?;
    let mut scores = Vec::new();
    for document in &compiled.corpus.documents {
        let curated: Vec<Claim> = compiled
            .claims
            .iter()
            .filter(|c| c.document == document.id && c.method == Method::Curated)
            .cloned()
            .collect();
        if curated.is_empty() {
            continue;
        }
        let text = document.text().map_err(Diagnostics::from)?;
        let extraction = extractor.extract(&Source::of(document, &text));
        scores.push(evaluate::score(
            &document.id,
            &extraction,
            &curated,
            &compiled.registry,
        ));
    }
    let mut total = DocumentScore {
        document: "all".into(),
        ..Default::default()
    };
    for score in &scores {
        total.dates.add(&score.dates);
        total.quantities.add(&score.quantities);
        total.mentions.add(&score.mentions);
        for (property, claims) in &score.claims {
            total
                .claims
                .entry(property.clone())
                .or_default()
                .add(claims);
        }
    }
    if args.format == Some(ExtractFormat::Json) {
        let rows: Vec<ScoresJson> = scores.iter().chain([&total]).map(ScoresJson::new).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut table = output::table([
        "document",
        "dates P",
        "dates R",
        "quantities P",
        "quantities R",
        "mentions R",
    ]);
    for s in scores.iter().chain([&total]) {
        table.add_row([
            s.document.clone(),
            percent(s.dates.precision(), s.dates.correct, s.dates.judged),
            percent(s.dates.recall(), s.dates.recalled, s.dates.gold),
            percent(
                s.quantities.precision(),
                s.quantities.correct,
                s.quantities.judged,
            ),
            percent(
                s.quantities.recall(),
                s.quantities.recalled,
                s.quantities.gold,
            ),
            percent(s.mentions.recall(), s.mentions.recalled, s.mentions.gold),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "targets: dates P ≥ 95% R ≥ 90%; quantities P ≥ 90% R ≥ 85%; mentions R ≥ 95%.\nnot scored: {} curated dates their quote does not write out; {} dates and {} quantities found outside any curated quote of their kind.",
        total.dates.implicit, total.dates.unjudged, total.quantities.unjudged
    )?;
    writeln!(out, "\n{}", claims_table(&total.claims))?;
    if args.misses {
        for s in &scores {
            for miss in &s.misses {
                writeln!(out, "{}: {miss}", s.document)?;
            }
        }
    }
    Ok(())
}

/// The rule claims judged against the curated claims, by property, with a total.
fn claims_table(claims: &std::collections::BTreeMap<String, Score>) -> Table {
    let mut table = output::table(["rule claims", "right", "wrong", "unjudged", "precision"]);
    let mut all = Score::default();
    for (property, score) in claims {
        all.add(score);
        table.add_row(claim_row(property, score));
    }
    table.add_row(claim_row("all", &all));
    table
}

fn claim_row(property: &str, score: &Score) -> [String; 5] {
    [
        property.to_string(),
        score.correct.to_string(),
        (score.judged - score.correct).to_string(),
        score.unjudged.to_string(),
        percent(score.precision(), score.correct, score.judged),
    ]
}

/// One document's scores as `--evaluate --format json` prints them (keys in alphabetical
/// order, as they have always been).
#[derive(Serialize)]
struct ScoresJson<'a> {
    claims: BTreeMap<&'a str, ScoreJson>,
    dates: ScoreJson,
    document: &'a str,
    mentions: ScoreJson,
    quantities: ScoreJson,
}

#[derive(Serialize)]
struct ScoreJson {
    correct: usize,
    gold: usize,
    implicit: usize,
    judged: usize,
    precision: Option<f64>,
    recall: Option<f64>,
    recalled: usize,
    unjudged: usize,
}

impl<'a> ScoresJson<'a> {
    fn new(scores: &'a DocumentScore) -> Self {
        Self {
            claims: scores
                .claims
                .iter()
                .map(|(property, score)| (property.as_str(), ScoreJson::new(score)))
                .collect(),
            dates: ScoreJson::new(&scores.dates),
            document: &scores.document,
            mentions: ScoreJson::new(&scores.mentions),
            quantities: ScoreJson::new(&scores.quantities),
        }
    }
}

impl ScoreJson {
    fn new(score: &Score) -> Self {
        Self {
            correct: score.correct,
            gold: score.gold,
            implicit: score.implicit,
            judged: score.judged,
            precision: score.precision(),
            recall: score.recall(),
            recalled: score.recalled,
            unjudged: score.unjudged,
        }
    }
}

fn percent(ratio: Option<f64>, part: usize, whole: usize) -> String {
    match ratio {
        Some(r) => format!("{:.1}% ({part}/{whole})", r * 100.0),
        None => "–".into(),
    }
}
