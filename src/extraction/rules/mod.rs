//! Rule-based extraction: what a document says before anyone curates it.
//!
//! One pass per document, sentence by sentence: mentions of registry entities, temporal
//! expressions, quantities, and candidate claims where an event (or a place) and a date or a
//! figure share a sentence. Candidates carry `method = "rule:<name>"` and a confidence, so a
//! query always tells them from curated claims.
//!
//! Scanning works on byte offsets; everything this module returns counts characters, like every
//! other offset in factgraph. Work and memory per document are linear in its size: sentences
//! are bounded ([`scan::MAX_SENTENCE_BYTES`]) and the token buffer is reused.

pub mod candidates;
pub mod dates;
pub mod evaluate;
pub mod quantities;
pub mod scan;

use super::mentions::MentionFinder;
use super::registry::Registry;
use super::{Claim, Mention};
use crate::ontology::Ontology;
use candidates::{Candidates, EntityKind};
use dates::{DateExpr, DateScanner};
use quantities::Quantity;
use scan::CharCounter;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Something found in a document, with character offsets and its exact text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub item: T,
}

/// Everything the rules find in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub dates: Vec<Found<DateExpr>>,
    pub quantities: Vec<Found<Quantity>>,
    pub candidates: Vec<Claim>,
}

/// The rules, prepared once for a registry and used for any number of documents.
pub struct Extractor {
    finder: MentionFinder,
    kinds: HashMap<String, EntityKind>,
    /// Entities that can be a source: persons, organizations, countries.
    agents: HashSet<String>,
}

/// Which document is being read: its identifier, the prefix of its claims' names, and the file
/// it came from (for messages).
pub struct Source<'a> {
    pub id: &'a str,
    pub short_id: &'a str,
    pub path: &'a Path,
    pub text: &'a str,
}

impl Extractor {
    pub fn new(registry: &Registry, ontology: &Ontology) -> Self {
        let kinds = registry
            .entities
            .iter()
            .map(|e| {
                let kind = if ontology.is_subclass_of(&e.class, "Event") {
                    EntityKind::Event
                } else if ontology.is_subclass_of(&e.class, "Place") {
                    EntityKind::Place
                } else {
                    EntityKind::Other
                };
                (e.slug.clone(), kind)
            })
            .collect();
        let agents = registry
            .entities
            .iter()
            .filter(|e| ontology.is_subclass_of(&e.class, "Agent"))
            .map(|e| e.slug.clone())
            .collect();
        Self {
            finder: MentionFinder::new(registry),
            kinds,
            agents,
        }
    }

    pub fn mention_finder(&self) -> &MentionFinder {
        &self.finder
    }

    /// Reads one document.
    pub fn extract(&self, source: &Source<'_>) -> Extraction {
        let text = source.text;
        let spans = self.finder.find_spans(text);
        let mut candidates = Candidates::new(source, &self.kinds, &self.agents);
        let mut dates = DateScanner::default();
        let mut tokens = Vec::new();
        let mut sentence_dates = Vec::new();
        let mut sentence_quantities = Vec::new();
        let mut all_dates = Vec::new();
        let mut all_quantities = Vec::new();
        let mut next_span = 0;
        let mut taken = Vec::new();
        for (start, end) in scan::sentences(text) {
            // Mentions that begin in this sentence.
            while next_span < spans.len() && spans[next_span].1 < start {
                next_span += 1;
            }
            let first_span = next_span;
            while next_span < spans.len() && spans[next_span].1 < end {
                next_span += 1;
            }
            let mentions = &spans[first_span..next_span];
            if !scan::may_hold_a_date_or_figure(&text[start..end], may_begin_a_date_or_figure) {
                continue;
            }
            tokens.clear();
            scan::tokenize(text, start, end, &mut tokens);
            sentence_dates.clear();
            dates.scan(text, &tokens, &mut sentence_dates);
            taken.clear();
            taken.extend(sentence_dates.iter().map(|d: &DateExpr| (d.start, d.end)));
            sentence_quantities.clear();
            quantities::scan(text, &tokens, &taken, &mut sentence_quantities);
            candidates.sentence(
                (start, end),
                mentions,
                &sentence_dates,
                &sentence_quantities,
            );
            all_dates.append(&mut sentence_dates);
            all_quantities.append(&mut sentence_quantities);
        }
        let mut counter = CharCounter::new(text);
        let dates = locate(text, &mut counter, all_dates, |d| (d.start, d.end));
        let mut counter = CharCounter::new(text);
        let quantities = locate(text, &mut counter, all_quantities, |q| (q.start, q.end));
        let mut counter = CharCounter::new(text);
        let mentions = spans
            .iter()
            .map(|&(slug, start, end)| {
                let char_start = counter.at(start);
                let surface = &text[start..end];
                Mention {
                    document: source.id.to_string(),
                    entity: slug.to_string(),
                    start: char_start,
                    end: char_start + surface.chars().count(),
                    text: surface.to_string(),
                }
            })
            .collect();
        Extraction {
            mentions,
            dates,
            quantities,
            candidates: candidates.finish(),
        }
    }
}

/// Without digits, a date needs a month's name ("in October", "the thirteenth of January") and
/// a quantity a number word.
fn may_begin_a_date_or_figure(word: &str) -> bool {
    quantities::may_start_a_number(word) || dates::is_month_name(word)
}

/// The temporal expressions of a whole text, with byte offsets: the date rules alone, as the
/// extractor runs them (for tests and fuzzing).
pub fn dates_in(text: &str) -> Vec<DateExpr> {
    let mut scanner = DateScanner::default();
    let mut found = Vec::new();
    let mut tokens = Vec::new();
    for (start, end) in scan::sentences(text) {
        tokens.clear();
        scan::tokenize(text, start, end, &mut tokens);
        scanner.scan(text, &tokens, &mut found);
    }
    found
}

/// The quantities of a whole text, with byte offsets, dates excluded, as the extractor finds
/// them (for tests and fuzzing).
pub fn quantities_in(text: &str) -> Vec<Quantity> {
    let mut scanner = DateScanner::default();
    let mut found = Vec::new();
    let (mut tokens, mut dates) = (Vec::new(), Vec::new());
    for (start, end) in scan::sentences(text) {
        tokens.clear();
        dates.clear();
        scan::tokenize(text, start, end, &mut tokens);
        scanner.scan(text, &tokens, &mut dates);
        let taken: Vec<_> = dates.iter().map(|d: &DateExpr| (d.start, d.end)).collect();
        quantities::scan(text, &tokens, &taken, &mut found);
    }
    found
}

/// Converts byte offsets to characters, in order, and attaches each item's text.
fn locate<T>(
    text: &str,
    counter: &mut CharCounter<'_>,
    items: Vec<T>,
    span: impl Fn(&T) -> (usize, usize),
) -> Vec<Found<T>> {
    items
        .into_iter()
        .map(|item| {
            let (start, end) = span(&item);
            let char_start = counter.at(start);
            let surface = &text[start..end];
            Found {
                start: char_start,
                end: char_start + surface.chars().count(),
                text: surface.to_string(),
                item,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
