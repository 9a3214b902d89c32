//! How good the rules are: what they find against the curated claims of the same document.
//!
//! The curated claims are the gold standard, read as follows.
//! - **Dates**: each date a curated claim states (`date`, `startDate`, `asOf`, …) whose quote
//!   writes it: the quote contains its year in digits or its month's name. A date the quote
//!   only implies ("yesterday, Sunday", a year from an earlier paragraph) is beyond a reader of
//!   expressions; those are counted apart as implicit. Recalled when an extracted expression
//!   overlapping the quote has that value exactly. An extracted value is judged only where it
//!   overlaps a curated quote that states a date; it is correct when it is one of those dates or
//!   contains one at a coarser precision ("1993" where the curator gave 1993-11-12). Values
//!   elsewhere are counted as unjudged.
//! - **Quantities**: likewise with each number a curated claim states (and its upper bound);
//!   a quantity is correct when its value or upper bound is one of them ("three decades"
//!   matches 3 and 30 years).
//! - **Mentions**: each entity a curated claim names (subject, objects, source) whose label or
//!   an alias appears in its quote as a whole word. Recalled when a mention of that entity
//!   lies inside the quote.
//! - **Claims**: each statement of a rule claim, per property. *Right* when a curated claim of
//!   the same document gives that subject and property the same value (a date at a coarser
//!   precision counts; a role when its words are among the curated role's, or most of those
//!   are among its own, a demonym read as its country); *wrong* when curated claims give
//!   that subject and property only other values; *unjudged* otherwise. The rules never read
//!   the curated file, so this is the leave-one-document-out precision of every rule.

use super::dates::MONTHS;
use super::names::demonyms;
use super::scan::holds_whole;
use super::{Extraction, Found};
use crate::extraction::mentions::is_case_sensitive;
use crate::extraction::quote::{abbreviate, fold};
use crate::extraction::registry::Registry;
use crate::extraction::{Claim, Value};
use crate::temporal::PartialDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Score {
    /// Gold items, and how many of them were found.
    pub gold: usize,
    pub recalled: usize,
    /// Extracted items judged against the gold, and how many of them were right.
    pub judged: usize,
    pub correct: usize,
    /// Extracted items outside any curated quote that says something of their kind.
    pub unjudged: usize,
    /// Gold items their quote does not write out (dates only).
    pub implicit: usize,
}

impl Score {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.correct, self.judged)
    }

    pub fn recall(&self) -> Option<f64> {
        ratio(self.recalled, self.gold)
    }

    pub fn add(&mut self, other: &Score) {
        self.gold += other.gold;
        self.recalled += other.recalled;
        self.judged += other.judged;
        self.correct += other.correct;
        self.unjudged += other.unjudged;
        self.implicit += other.implicit;
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentScore {
    pub document: String,
    pub dates: Score,
    pub quantities: Score,
    pub mentions: Score,
    /// The rule claims' statements, by property (`judged`, `correct`, `unjudged` only).
    pub claims: BTreeMap<String, Score>,
    /// What was missed or wrong, for a person to look at.
    #[serde(skip)]
    pub misses: Vec<String>,
}

/// Scores one document's extraction against its curated claims.
pub fn score(
    document: &str,
    extraction: &Extraction,
    curated: &[Claim],
    registry: &Registry,
) -> DocumentScore {
    let mut result = DocumentScore {
        document: document.to_string(),
        ..Default::default()
    };
    score_dates(extraction, curated, &mut result);
    score_quantities(extraction, curated, &mut result);
    score_mentions(extraction, curated, registry, &mut result);
    score_claims(extraction, curated, &mut result);
    result
}

fn score_claims(extraction: &Extraction, curated: &[Claim], result: &mut DocumentScore) {
    for claim in &extraction.candidates {
        for (property, value) in &claim.statements {
            let gold: Vec<&Value> = curated
                .iter()
                .filter(|c| c.subject == claim.subject)
                .flat_map(|c| &c.statements)
                .filter(|(p, _)| p == property || same_property(property, p))
                .map(|(_, v)| v)
                .collect();
            let score = result.claims.entry(property.clone()).or_default();
            if gold.is_empty() {
                score.unjudged += 1;
                continue;
            }
            score.judged += 1;
            if gold.iter().any(|g| same_value(value, g)) {
                score.correct += 1;
            } else {
                result.misses.push(format!(
                    "claim wrong: {} {property} {} ({}), curated: {}; in \"{}\"",
                    claim.subject,
                    value,
                    claim.method,
                    gold.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    short(&claim.quote)
                ));
            }
        }
    }
}

/// Whether a curated property says what a rule's says: signatories are participants, as the
/// vocabulary defines them.
fn same_property(rule: &str, curated: &str) -> bool {
    matches!((rule, curated), ("participant", "signatory"))
}

/// Whether a rule's value says what the curated value says.
fn same_value(found: &Value, gold: &Value) -> bool {
    match (found, gold) {
        (Value::Date(found), Value::Date(gold)) => contains(*found, *gold),
        (Value::Number(found), Value::Number(gold)) => {
            match (found.lexical.parse(), gold.lexical.parse()) {
                (Ok(a), Ok(b)) => same(a, b),
                _ => false,
            }
        }
        (Value::Text(found), Value::Text(gold)) => {
            let (found, gold) = (role_words(found), role_words(gold));
            !found.is_empty()
                && (found.is_subset(&gold)
                    || found.intersection(&gold).count() * 5 >= gold.len() * 3)
        }
        (found, gold) => found == gold,
    }
}

/// The words of a role, a demonym read as its country's name ("Iranian leader" and "leader of
/// Iran" are the same role): a role is right when its words are the curated role's, or most
/// of them, or fewer ("President" of a curated "President of Turkey").
fn role_words(role: &str) -> BTreeSet<String> {
    role.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && !matches!(*w, "of" | "the" | "and" | "in"))
        .flat_map(|w| match demonyms::country_of(w) {
            Some(country) => country.split(' ').map(str::to_lowercase).collect(),
            None => vec![w.to_lowercase()],
        })
        .collect()
}

fn overlaps<T>(found: &Found<T>, claim: &Claim) -> bool {
    found.start < claim.end && found.end > claim.start
}

fn claim_dates(claim: &Claim) -> Vec<PartialDate> {
    let mut dates: Vec<PartialDate> = claim
        .statements
        .iter()
        .filter_map(|(_, v)| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        })
        .collect();
    dates.extend(claim.as_of);
    dates
}

fn claim_numbers(claim: &Claim) -> Vec<f64> {
    let mut numbers: Vec<f64> = claim
        .statements
        .iter()
        .filter_map(|(_, v)| match v {
            Value::Number(n) => n.lexical.parse().ok(),
            _ => None,
        })
        .collect();
    numbers.extend(
        claim
            .upper_bound
            .as_ref()
            .and_then(|n| n.lexical.parse::<f64>().ok()),
    );
    numbers
}

fn score_dates(extraction: &Extraction, curated: &[Claim], result: &mut DocumentScore) {
    let gold: BTreeSet<(usize, usize, PartialDate)> = curated
        .iter()
        .flat_map(|c| claim_dates(c).into_iter().map(|d| (c.start, c.end, d)))
        .collect();
    let score = &mut result.dates;
    for &(start, end, value) in &gold {
        let quote = quote_at(curated, start, end);
        if !writes_out(quote, value) {
            score.implicit += 1;
            continue;
        }
        score.gold += 1;
        let found = extraction
            .dates
            .iter()
            .any(|d| d.start < end && d.end > start && d.item.value.values().contains(&value));
        if found {
            score.recalled += 1;
        } else {
            let quote = quote_at(curated, start, end);
            result
                .misses
                .push(format!("date not found: {value} in \"{}\"", short(quote)));
        }
    }
    for found in &extraction.dates {
        let nearby: Vec<PartialDate> = curated
            .iter()
            .filter(|c| overlaps(found, c))
            .flat_map(claim_dates)
            .collect();
        for value in found.item.value.values() {
            if nearby.is_empty() {
                score.unjudged += 1;
                continue;
            }
            score.judged += 1;
            if nearby.iter().any(|&gold| contains(value, gold)) {
                score.correct += 1;
            } else {
                result.misses.push(format!(
                    "date wrong: \"{}\" read as {value} ({}), curated: {}",
                    found.text,
                    found.item.rule,
                    nearby
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
}

/// Whether the quote writes the date: its year in digits, or its month's name.
fn writes_out(quote: &str, date: PartialDate) -> bool {
    quote.contains(&date.year.to_string())
        || date
            .month
            .is_some_and(|m| quote.contains(MONTHS[m as usize - 1]))
}

/// Whether `outer` is `inner` or contains it at a coarser precision.
fn contains(outer: PartialDate, inner: PartialDate) -> bool {
    outer.year == inner.year
        && outer.month.is_none_or(|m| inner.month == Some(m))
        && outer.day.is_none_or(|d| inner.day == Some(d))
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

fn score_quantities(extraction: &Extraction, curated: &[Claim], result: &mut DocumentScore) {
    let mut gold: Vec<(usize, usize, f64)> = curated
        .iter()
        .flat_map(|c| claim_numbers(c).into_iter().map(|n| (c.start, c.end, n)))
        .collect();
    gold.sort_by(|a, b| a.partial_cmp(b).expect("numbers are finite"));
    gold.dedup();
    let score = &mut result.quantities;
    for &(start, end, value) in &gold {
        score.gold += 1;
        let found = extraction.quantities.iter().any(|q| {
            q.start < end
                && q.end > start
                && q.item.comparable_values().iter().any(|&v| same(v, value))
        });
        if found {
            score.recalled += 1;
        } else {
            let quote = quote_at(curated, start, end);
            result.misses.push(format!(
                "quantity not found: {value} in \"{}\"",
                short(quote)
            ));
        }
    }
    for found in &extraction.quantities {
        let nearby: Vec<f64> = curated
            .iter()
            .filter(|c| overlaps(found, c))
            .flat_map(claim_numbers)
            .collect();
        if nearby.is_empty() {
            score.unjudged += 1;
            continue;
        }
        score.judged += 1;
        if found
            .item
            .comparable_values()
            .iter()
            .any(|&v| nearby.iter().any(|&n| same(v, n)))
        {
            score.correct += 1;
        } else {
            result.misses.push(format!(
                "quantity wrong: \"{}\" read as {} ({}), curated: {:?}",
                found.text, found.item.value, found.item.rule, nearby
            ));
        }
    }
}

fn score_mentions(
    extraction: &Extraction,
    curated: &[Claim],
    registry: &Registry,
    result: &mut DocumentScore,
) {
    let mut gold = BTreeSet::new();
    for claim in curated {
        let quote = fold(&claim.quote);
        let named = std::iter::once(claim.subject.as_str())
            .chain(claim.statements.iter().filter_map(|(_, v)| match v {
                Value::Entity(slug) => Some(slug.as_str()),
                _ => None,
            }))
            .chain(claim.attributed_to.as_deref());
        for slug in named {
            let Some(entity) = registry.get(slug) else {
                continue;
            };
            if entity
                .names()
                .any(|name| contains_word(&quote, &fold(name)))
            {
                gold.insert((claim.start, claim.end, slug));
            }
        }
    }
    let score = &mut result.mentions;
    for &(start, end, slug) in &gold {
        score.gold += 1;
        let found = extraction
            .mentions
            .iter()
            .any(|m| *m.entity == *slug && m.start >= start && m.end <= end);
        if found {
            score.recalled += 1;
        } else {
            let quote = quote_at(curated, start, end);
            result
                .misses
                .push(format!("mention not found: {slug} in \"{}\"", short(quote)));
        }
    }
}

/// The quote of the curated claim at `start..end`, for messages.
fn quote_at(curated: &[Claim], start: usize, end: usize) -> &str {
    curated
        .iter()
        .find(|c| c.start == start && c.end == end)
        .map_or("", |c| &c.quote)
}

/// Whether `name` occurs in `text` as a whole word, with the mention finder's case rule:
/// abbreviations in capitals only in capitals, anything else regardless of case.
fn contains_word(text: &str, name: &str) -> bool {
    if is_case_sensitive(name) {
        holds_whole(text, name)
    } else {
        holds_whole(&text.to_lowercase(), &name.to_lowercase())
    }
}

fn short(quote: &str) -> String {
    abbreviate(quote, 90)
}
